import { domainParts } from './lookalike.js';
import {
  describeClaim,
  type FromAddress,
  findStaffClaim,
  type StaffClaim,
  type StaffPolicy,
} from './staff-claims.js';

/** What authentication established, independent of how (mailauth, DNS) it was found out. */
export interface AuthFacts {
  /** Every address of every From header, as mailauth parsed them. */
  from: FromAddress[];
  spf: { result: string; domain: string };
  dkim: Array<{ result: string; domain: string; bodyLengthLimited: boolean }>;
  /** Absent when there was no From to look a record up for. */
  dmarc?: {
    result: string;
    hasRecord: boolean;
    policy: string | undefined;
    adkim: 'r' | 's';
    aspf: 'r' | 's';
  };
  arc?: { result: string };
  /** DNS answers that did not come (timeouts, SERVFAIL, an exhausted budget). */
  tempFailures: number;
}

export interface AuthActions {
  /** Unauthenticated mail from a staff domain whose DMARC policy is reject. */
  staffDomainReject: 'reject' | 'hold';
  /** Unauthenticated mail from a staff domain with a weaker policy (none, quarantine, no record). */
  staffDomain: 'reject' | 'hold';
  /** Staff display names, staff addresses hidden in display names, look-alike domains. */
  impostor: 'reject' | 'hold';
}

export type AuthVerdict =
  | { kind: 'customer' }
  | { kind: 'staff'; domain: string }
  | { kind: 'staff_spoof'; claim: StaffClaim; action: 'reject' | 'hold'; reason: string }
  | { kind: 'tempfail'; reason: string }
  | { kind: 'invalid_from'; reason: string }
  /** Authentication itself failed (malformed input it cannot read): held, since it proves nothing. */
  | { kind: 'unverified'; reason: string };

const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();
const org = (d: string) => domainParts(d).registrable;

/**
 * DMARC pass computed here rather than taken from mailauth: 4.x treats adkim=s/aspf=s as relaxed,
 * and a DKIM signature with l= covers only part of the body, so whatever follows it is unsigned.
 */
export function alignedPass(f: AuthFacts): boolean {
  if (!f.dmarc?.hasRecord || f.from.length !== 1) return false;
  const from = domainOf(f.from[0]!.address);
  const aligned = (d: string, strict: boolean) => (strict ? d.toLowerCase() === from : org(d) === org(from));
  const dkim = f.dkim.some(
    (s) => s.result === 'pass' && !s.bodyLengthLimited && aligned(s.domain, f.dmarc!.adkim === 's'),
  );
  const spf = f.spf.result === 'pass' && aligned(f.spf.domain, f.dmarc.aspf === 's');
  return dkim || spf;
}

const anyTempError = (f: AuthFacts) =>
  f.tempFailures > 0 ||
  f.spf.result === 'temperror' ||
  f.dmarc?.result === 'temperror' ||
  f.dkim.some((d) => d.result === 'temperror');

/** The one place that decides what a message's sender identity means for it. */
export function judgeSender(f: AuthFacts, staff: StaffPolicy, actions: AuthActions): AuthVerdict {
  if (f.from.length > 1) {
    return { kind: 'invalid_from', reason: 'more than one From address (RFC 7489 6.6.1)' };
  }
  const from = f.from[0];
  if (!from) return { kind: 'customer' };
  const claim = findStaffClaim(from, staff);
  if (!claim) return { kind: 'customer' };
  const reason = describeClaim(claim);
  if (claim.kind !== 'staff_domain') return { kind: 'staff_spoof', claim, action: actions.impostor, reason };
  if (alignedPass(f)) return { kind: 'staff', domain: claim.domain };
  // Fail closed: without an answer we cannot tell a colleague from a forger, so the sender retries.
  if (anyTempError(f)) return { kind: 'tempfail', reason: `${reason}, but DNS did not answer in time` };
  const rejectPolicy = f.dmarc?.hasRecord && f.dmarc.policy === 'reject';
  return {
    kind: 'staff_spoof',
    claim,
    action: rejectPolicy ? actions.staffDomainReject : actions.staffDomain,
    reason: `${reason} but it is not DMARC-authenticated${rejectPolicy ? ' (policy reject)' : ''}`,
  };
}

/** The value of the X-Deskguard-Auth header: the verdict, readable by staff and filters. */
export function authHeaderValue(v: AuthVerdict): string {
  switch (v.kind) {
    case 'customer':
      return 'customer';
    case 'staff':
      return `staff; domain=${v.domain}`;
    case 'staff_spoof':
      return `staff_spoof; ${v.reason.replace(/[\r\n;]+/g, ' ')}`;
    case 'tempfail':
      return 'temperror';
    case 'invalid_from':
      return 'invalid_from';
    case 'unverified':
      return 'unverified';
  }
}
