import { isTemporaryDnsError, type ResolveFn } from '../adapters/dns-resolver.js';
import { cleanMailboxDomain } from '../domain/mailbox-syntax.js';

/**
 * Whether a notice to the envelope sender could be delivered at all: a clean mailbox whose domain
 * takes mail by DNS (RFC 5321 5.1: MX records, or an address record when there is no MX; RFC 7505:
 * a null MX says the domain takes none). Asked at DATA time, beside the authentication that already
 * talks to DNS, through the same cached resolver and within the same budget, and kept with the
 * message, so the pipeline decides without DNS and a restart does not ask again.
 *
 * `false` is a definite no (not clean, no such domain, null MX, no MX and no address); `undefined`
 * means DNS did not answer, which is our trouble and not evidence against the sender: the notice
 * then goes out as it always did, from the null sender, so an unreachable domain costs one failed
 * delivery attempt and never a bounce. Nothing here can fail or delay the message itself.
 */
export async function senderReachable(resolve: ResolveFn, mailFrom: string): Promise<boolean | undefined> {
  if (!mailFrom) return undefined;
  const domain = cleanMailboxDomain(mailFrom);
  if (!domain) return false;
  const code = (err: unknown) => (err as { code?: string } | null)?.code;
  try {
    const mx = (await resolve(domain, 'MX')) as Array<{ exchange: string; priority: number }>;
    // A null MX is one record whose exchange is the root (RFC 7505 3).
    const real = mx.filter((r) => r.exchange.replace(/\.$/, '') !== '');
    if (real.length > 0) return true;
    if (mx.length > 0) return false;
  } catch (err) {
    if (code(err) === 'ENOTFOUND') return false; // NXDOMAIN: no such domain
    if (isTemporaryDnsError(err)) return undefined;
  }
  // No MX: the domain itself is the mail host if it has an address (RFC 5321 5.1).
  const answers = await Promise.allSettled([resolve(domain, 'A'), resolve(domain, 'AAAA')]);
  if (answers.some((a) => a.status === 'fulfilled' && (a.value as unknown[]).length > 0)) return true;
  if (answers.some((a) => a.status === 'rejected' && isTemporaryDnsError(a.reason))) return undefined;
  return false;
}
