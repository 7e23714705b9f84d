/**
 * The keyword prefilter: which of the rules' keywords occur in a (lower-cased) text, in one pass.
 * A single alternation (longest keyword first) finds the leftmost keyword; that keyword and every
 * keyword that is a prefix of it are then present, and the scan continues one character further
 * with an alternation of the keywords still missing. So each keyword is matched at most once and
 * the text is read once, however often keywords repeat. (`includes` per keyword costs tens of
 * milliseconds per megabyte on a text made of a keyword's first letter; matching every
 * occurrence costs as much on a text made of one keyword.)
 */
export function keywordPrefilter(
  keywords: Iterable<string>,
): (lower: string) => (keyword: string) => boolean {
  const all = [...new Set(keywords)].filter((k) => k.length > 0).sort((a, b) => b.length - a.length);
  const prefixes = new Map(all.map((k) => [k, all.filter((p) => k.startsWith(p))]));
  const compiled = new Map<string, RegExp>();
  const alternation = (missing: readonly string[]): RegExp => {
    const key = missing.join('\u0000');
    let re = compiled.get(key);
    if (!re) {
      re = new RegExp(missing.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
      // Bounded cache: the sets seen in practice are few; hostile input cannot grow it unboundedly.
      if (compiled.size > 256) compiled.clear();
      compiled.set(key, re);
    }
    return re;
  };
  return (lower) => {
    const found = new Set<string>();
    let missing = all;
    let from = 0;
    while (missing.length > 0) {
      const re = alternation(missing);
      re.lastIndex = from;
      const m = re.exec(lower);
      if (m === null) break;
      for (const p of prefixes.get(m[0]) ?? []) found.add(p);
      missing = missing.filter((k) => !found.has(k));
      from = m.index + 1;
    }
    return (keyword) => found.has(keyword);
  };
}
