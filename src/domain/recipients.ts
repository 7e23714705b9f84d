import { isCleanMailbox } from './mailbox-syntax.js';

/**
 * The accepted recipients, compiled once: exact addresses and whole domains (`@example.com`).
 * Comparison is case-insensitive, which RFC 5321 allows for the domain and every real mail system
 * does for the local part too.
 *
 * Source routes (`<@relay:support@example.com>`) never get here: RFC 5321 4.1.1.3 says a server
 * SHOULD ignore them, and smtp-server strips them before the address is passed on, so only the
 * mailbox, which must be ours, is accepted and delivered; nothing of the route reaches the
 * envelope. A whole-domain entry accepts only clean local parts (see mailbox-syntax.ts): what the
 * route stripping leaves behind (`:x@…`) and the percent and bang hacks (`victim%elsewhere@…`)
 * would ask the helpdesk's server to relay.
 */
export function recipientMatcher(entries: readonly string[]): (address: string) => boolean {
  const exact = new Set<string>();
  const domains = new Set<string>();
  for (const e of entries) {
    const v = e.toLowerCase();
    if (v.startsWith('@')) domains.add(v.slice(1));
    else exact.add(v);
  }
  return (address) => {
    const a = address.toLowerCase();
    const at = a.lastIndexOf('@');
    if (at <= 0 || at === a.length - 1) return false;
    return exact.has(a) || (domains.has(a.slice(at + 1)) && isCleanMailbox(a));
  };
}
