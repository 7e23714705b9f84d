import type { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import { arc } from 'mailauth/lib/arc/index.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { dmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';
import { type AuthorIdentity, type IdentityLimits, readAuthorIdentity } from '../domain/auth/author.js';
import type { AuthFacts } from '../domain/auth/verdict.js';
import type { Envelope } from '../domain/message.js';

export interface MailauthOutcome {
  facts: AuthFacts;
  /** The Authentication-Results value (without the header name), folded. */
  authResults: string;
  /** Received-SPF header line(s), as mailauth formats them. */
  receivedSpf: string | undefined;
}

type ParsedHeaders = { parsed: Array<{ key: string; line: string | Buffer }> } | undefined;

/**
 * The author identity from the very header fields mailauth verified signatures over. The field
 * name is read off each line (mailauth's key is trimmed and lower-cased, as the name must be).
 */
function identityOf(headers: ParsedHeaders, limits: IdentityLimits): AuthorIdentity {
  const values = (name: string) =>
    (headers?.parsed ?? [])
      .filter((h) => h.key === name)
      .map((h) => {
        const line = typeof h.line === 'string' ? Buffer.from(h.line, 'latin1') : h.line;
        return line.subarray(line.indexOf(0x3a) + 1);
      });
  return readAuthorIdentity(values('from'), values('sender'), limits);
}

/**
 * Our arc= result without mailauth's comment: that comment repeats what the last sealer's AAR
 * claims ("dmarc=pass fromdomain=…"), text a sender controls, which must not appear inside the
 * Authentication-Results the helpdesk trusts as ours.
 */
function arcRow(result: { status: { result: string }; i?: unknown } | undefined): string | undefined {
  if (!result) return undefined;
  return typeof result.i === 'number' && result.i > 0
    ? `arc=${result.status.result} (i=${result.i})`
    : `arc=${result.status.result}`;
}

/**
 * SPF, DKIM, ARC and DMARC for one message, composed the way mailauth's own `authenticate()` does
 * it, but keeping what Deskguard needs to judge alignment itself (signature domains, `l=` use, the
 * DMARC record's adkim/aspf) and the author identity. DMARC is asked about the author domain
 * Deskguard read, not mailauth's own reading of From: two parsers that disagree about From (groups,
 * quoted `@`, source routes) are how DMARC checks get bypassed.
 */
export async function checkMessage(
  input: Buffer | Readable,
  envelope: Envelope,
  resolve: (name: string, rrtype: string) => Promise<unknown>,
  authservId: string,
  tempFailures: () => number,
  limits: IdentityLimits,
): Promise<MailauthOutcome> {
  const resolver = resolve as DNSResolver;
  const dkimResult = await dkimVerify(input, { resolver, sender: envelope.mailFrom || undefined });
  const ip = envelope.remoteAddress.replace(/^::ffff:/, '');
  const helo = envelope.helo && !/^\[.*\]$/.test(envelope.helo) ? envelope.helo : `[${ip}]`;
  const spfResult = await spf({ sender: envelope.mailFrom, ip, helo, mta: authservId, resolver });
  const arcResult = await arc(dkimResult.arc as never, { resolver });
  const dkimRows = dkimResult.results ?? [];
  const identity = identityOf(dkimResult.headers as ParsedHeaders, limits);
  const dmarcResult =
    identity.author.kind === 'one'
      ? await dmarc({
          headerFrom: identity.author.domain,
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
    arcRow(arcResult),
    dmarcResult ? dmarcResult.info : undefined,
  ].filter((s): s is string => Boolean(s));
  const d = dmarcResult || undefined;
  const alignment = (
    d as { alignment?: { dkim?: { strict?: boolean }; spf?: { strict?: boolean } } } | undefined
  )?.alignment;
  return {
    facts: {
      identity,
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
