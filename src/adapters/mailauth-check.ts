import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import { arc } from 'mailauth/lib/arc/index.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { dmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';
import type { FromAddress } from '../domain/auth/staff-claims.js';
import type { AuthFacts } from '../domain/auth/verdict.js';
import type { Envelope } from '../domain/message.js';

// The address parser mailauth itself uses (its own copy of nodemailer's): display names are read
// from the very header lines, with the very parser, that gave mailauth its header-From. Two parsers
// that disagree about From are how DMARC checks get bypassed.
const mailauthRequire = createRequire(createRequire(import.meta.url).resolve('mailauth'));
const addressparser = mailauthRequire('nodemailer/lib/addressparser') as (
  s: string,
) => Array<{ address?: string; name?: string; group?: unknown[] }>;

export interface MailauthOutcome {
  facts: AuthFacts;
  /** The Authentication-Results value (without the header name), folded. */
  authResults: string;
  /** Received-SPF header line(s), as mailauth formats them. */
  receivedSpf: string | undefined;
}

function fromAddresses(
  headers: { parsed: Array<{ key: string; line: string | Buffer }> } | undefined,
): FromAddress[] {
  const out: FromAddress[] = [];
  for (const h of headers?.parsed.filter((p) => p.key === 'from') ?? []) {
    const line = h.line.toString();
    for (const a of addressparser(line.slice(line.indexOf(':') + 1).trim())) {
      if (a.address) out.push({ address: a.address, name: a.name ?? '' });
    }
  }
  return out;
}

/**
 * SPF, DKIM, ARC and DMARC for one message, composed the way mailauth's own `authenticate()` does
 * it, but keeping what Deskguard needs to judge alignment itself (signature domains, `l=` use, the
 * DMARC record's adkim/aspf) and the display names of From.
 */
export async function checkMessage(
  input: Buffer | Readable,
  envelope: Envelope,
  resolve: (name: string, rrtype: string) => Promise<unknown>,
  authservId: string,
  tempFailures: () => number,
): Promise<MailauthOutcome> {
  const resolver = resolve as DNSResolver;
  const dkimResult = await dkimVerify(input, { resolver, sender: envelope.mailFrom || undefined });
  const ip = envelope.remoteAddress.replace(/^::ffff:/, '');
  const helo = envelope.helo && !/^\[.*\]$/.test(envelope.helo) ? envelope.helo : `[${ip}]`;
  const spfResult = await spf({ sender: envelope.mailFrom, ip, helo, mta: authservId, resolver });
  const arcResult = await arc(dkimResult.arc as never, { resolver });
  const dkimRows = dkimResult.results ?? [];
  const dmarcResult = dkimResult.headerFrom?.length
    ? await dmarc({
        headerFrom: dkimResult.headerFrom,
        spfDomains: spfResult.status.result === 'pass' ? [spfResult.domain] : [],
        dkimDomains: dkimRows
          .filter((r) => r.status.result === 'pass')
          .map((r) => ({
            id: r.id,
            domain: r.signingDomain,
            aligned: r.status.aligned,
            underSized: r.status.underSized,
          })),
        arcResult,
        resolver,
      })
    : false;

  const rows = [
    ...dkimRows.map((r) => r.info),
    spfResult.info,
    arcResult?.info,
    dmarcResult ? dmarcResult.info : undefined,
  ].filter((s): s is string => Boolean(s));
  const d = dmarcResult || undefined;
  const alignment = (
    d as { alignment?: { dkim?: { strict?: boolean }; spf?: { strict?: boolean } } } | undefined
  )?.alignment;
  return {
    facts: {
      from: fromAddresses(dkimResult.headers),
      spf: { result: spfResult.status.result, domain: spfResult.domain },
      dkim: dkimRows.map((r) => ({
        result: r.status.result,
        domain: r.signingDomain,
        bodyLengthLimited: Boolean((r as { canonBodyLengthLimited?: boolean }).canonBodyLengthLimited),
      })),
      ...(d
        ? {
            dmarc: {
              result: d.status.result,
              hasRecord: !['none', 'temperror'].includes(d.status.result) || Boolean(d.p),
              policy: d.policy,
              adkim: alignment?.dkim?.strict ? ('s' as const) : ('r' as const),
              aspf: alignment?.spf?.strict ? ('s' as const) : ('r' as const),
            },
          }
        : {}),
      ...(arcResult ? { arc: { result: arcResult.status.result } } : {}),
      tempFailures: tempFailures(),
    },
    authResults: `${authservId};\r\n\t${rows.join(';\r\n\t')}`,
    receivedSpf: spfResult.header,
  };
}
