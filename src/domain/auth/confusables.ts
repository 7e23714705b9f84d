/**
 * A "skeleton" in the sense of Unicode TS #39: strings that look alike map to the same skeleton.
 * This covers the characters phishers actually use against Latin domain names and display names
 * (Cyrillic and Greek look-alikes, full-width forms via NFKC, digit-for-letter swaps and the
 * two-letter tricks rn→m, vv→w, cl→d), not the whole confusables table.
 */
const MAP: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ɡ: 'g',
  ʏ: 'y',
  ց: 'g',
  օ: 'o',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  // Latin extended and symbols
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ŀ: 'l',
  ƅ: 'b',
  ɑ: 'a',
  ɩ: 'i',
  ʀ: 'r',
  ꮃ: 'w',
  // digits and punctuation that pass for letters
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
  '|': 'l',
  '!': 'i',
};

// Multi-letter look-alikes, applied after the single-character map.
const PAIRS: Array<[string, string]> = [
  ['rn', 'm'],
  ['vv', 'w'],
  ['cl', 'd'],
  ['ii', 'u'],
];

// ASCII needs no decomposition: the common case skips normalisation.
const ASCII = /^[\x00-\x7f]*$/;

export function skeleton(input: string): string {
  const folded = ASCII.test(input) ? input : input.normalize('NFKD').replace(/\p{M}+/gu, '');
  let s = '';
  for (const c of folded.toLowerCase()) s += MAP[c] ?? c;
  // i and l are read alike in many fonts: fold them together last
  for (const [from, to] of PAIRS) if (s.includes(from)) s = s.split(from).join(to);
  return s.replace(/l/g, 'i');
}
