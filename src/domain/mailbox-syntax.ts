import { domainToASCII } from 'node:url';

/**
 * A mailbox Deskguard will write to (a notice) or accept for a whole domain: RFC 5321 Mailbox with a
 * Dot-string local part and a host-name domain, nothing that could hide, reorder or route. Quoted
 * local parts, address literals, control and format characters (bidi overrides, zero-width
 * characters), the percent and bang routing hacks and source routes are all refused: each is
 * legal somewhere, none is needed by a customer, and each has been used to send mail elsewhere
 * than it appears to go.
 */

// atext of RFC 5321 4.1.2 without "%" and "!" (routing through the next hop), or a letter, mark or
// digit of any script for SMTPUTF8 addresses (RFC 6531 3.3); dots only between atoms.
const ATOM = "[A-Za-z0-9#$&'*+\\-/=?^_`{|}~\\p{L}\\p{M}\\p{N}]+";
const DOT_STRING = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
// A host name in A-labels: letters, digits, inner hyphens, 63 octets a label, 253 in all.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** The domain of a clean mailbox in A-labels, or undefined when the mailbox is not clean. */
export function cleanMailboxDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (Buffer.byteLength(local) > 64 || !DOT_STRING.test(local)) return undefined;
  // IDNA would quietly drop some invisible characters: a domain that has any is not clean.
  if (/[^\p{L}\p{M}\p{N}.-]/u.test(domain)) return undefined;
  const ascii = domainToASCII(domain);
  return HOST.test(ascii) ? ascii : undefined;
}

export const isCleanMailbox = (address: string): boolean => cleanMailboxDomain(address) !== undefined;
