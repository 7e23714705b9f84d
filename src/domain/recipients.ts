/**
 * The accepted recipients, compiled once: exact addresses and whole domains (`@example.com`).
 * Comparison is case-insensitive, which RFC 5321 allows for the domain and every real mail system
 * does for the local part too.
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
    return exact.has(a) || domains.has(a.slice(at + 1));
  };
}
