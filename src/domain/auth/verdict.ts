import type { AuthorIdentity } from './author.js';
import { domainParts } from './lookalike.js';
import { describeClaim, findStaffClaims, type StaffClaim, type StaffPolicy } from './staff-claims.js';

/** What authentication established, independent of how (mailauth, DNS) it was found out. */
export interface AuthFacts {
  /** The author and every other identity the From and Sender fields show (see author.ts). */
  identity: AuthorIdentity;
  spf: { result: string; domain: string };
  dkim: Array<{ result: string; domain: string; bodyLengthLimited: boolean }>;
  /** The DMARC record of the author domain; absent when there was no single author domain. */
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
  /** Not one valid From (RFC 5322 3.6, RFC 7489 6.6.1): refused. `several`: more than one. */
  | { kind: 'invalid_from'; reason: string; several: boolean }
  /** Authentication itself failed (malformed input it cannot read): held, since it proves nothing. */
  | { kind: 'unverified'; reason: string };

const org = (d: string) => domainParts(d).registrable;

/**
 * DMARC pass computed here rather than taken from mailauth: 4.x treats adkim=s/aspf=s as relaxed,
 * and a DKIM signature with l= covers only part of the body, so whatever follows it is unsigned.
 */
export function alignedPass(f: AuthFacts): boolean {
  if (!f.dmarc?.hasRecord || f.identity.author.kind !== 'one') return false;
  const from = f.identity.author.domain;
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

/**
 * A Sender at a staff domain is confirmed only by a passing signature (whole body) of exactly that
 * domain, or an SPF pass for exactly it: there is no DMARC record in hand to say how loosely a
 * subdomain may speak for it.
 */
const confirmsDomain = (f: AuthFacts, domain: string): boolean =>
  f.dkim.some((s) => s.result === 'pass' && !s.bodyLengthLimited && s.domain.toLowerCase() === domain) ||
  (f.spf.result === 'pass' && f.spf.domain.toLowerCase() === domain);

const unconfirmed = (f: AuthFacts) => (c: StaffClaim) =>
  !(c.kind === 'other_identity' && c.where === 'Sender' && !c.how && confirmsDomain(f, c.domain));

/**
 * The one place that decides what a message's sender identity means for it. Never `customer` while
 * anything in From or Sender claims staff and authentication does not confirm it.
 */
export function judgeSender(f: AuthFacts, staff: StaffPolicy, actions: AuthActions): AuthVerdict {
  const author = f.identity.author;
  if (author.kind === 'invalid')
    return { kind: 'invalid_from', several: author.several, reason: `${author.reason} (RFC 7489 6.6.1)` };
  const claims = findStaffClaims(f.identity, staff);
  const claim = claims.author;
  if (!claim) {
    const impostor = claims.others.find(unconfirmed(f));
    if (impostor)
      return {
        kind: 'staff_spoof',
        claim: impostor,
        action: actions.impostor,
        reason: describeClaim(impostor),
      };
    if (author.kind === 'none') return { kind: 'unverified', reason: `${author.reason} (RFC 7489 6.6.1)` };
    return { kind: 'customer' };
  }
  const reason = describeClaim(claim);
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
