import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldLetters } from '../../../src/stages/detect/rules/fold-letters.js';
import { keywordPass, MAX_STARTS } from '../../../src/stages/detect/rules/keywords.js';

/** Every start of `k` in `text`, compared case-insensitively (and through `fold`), overlaps included. */
function naiveStarts(text: string, k: string, fold: (s: string) => string = (s) => s): number[] {
  const out: number[] = [];
  for (let i = 0; i + k.length <= text.length; i++) {
    let ok = true;
    for (let j = 0; j < k.length && ok; j++) ok = fold((text[i + j] as string).toLowerCase()) === k[j];
    if (ok) out.push(i);
  }
  return out;
}

// Few letters, so keywords overlap, nest and share prefixes and suffixes often.
const letters = fc.constantFrom(...'abAB pPwWäÄ:');
const word = fc.string({ unit: fc.constantFrom(...'abpwä'), minLength: 1, maxLength: 6 });

describe('keyword pass (Aho–Corasick)', () => {
  it('finds exactly the occurrences a naive search finds, case-insensitively', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
        fc.string({ unit: letters, maxLength: 80 }),
        (ks, text) => {
          const scan = keywordPass(ks)(text);
          for (const k of ks) {
            const want = naiveStarts(text, k);
            expect(scan.starts(k), `${k} in ${text}`).toEqual(want);
            expect(scan.has(k)).toBe(want.length > 0);
          }
          expect(scan.hasAny(keywordPass(ks).ids(ks))).toBe(ks.some((k) => naiveStarts(text, k).length > 0));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('folds accents on both sides when asked ("lösenord" and "losenord" alike)', () => {
    const pass = keywordPass(['lösenord', 'haslo'], { fold: foldLetters });
    const scan = pass('LOSENORD: x, Hasło: y, lösenordet');
    expect(scan.starts('losenord')).toEqual([0, 23]);
    expect(scan.starts('hasło')).toEqual([13]);
    expect(naiveStarts('LOSENORD: x, Hasło: y, lösenordet', 'haslo', foldLetters)).toEqual([13]);
  });

  it('keeps the first MAX_STARTS starts of a keyword and says when there were more', () => {
    const text = 'pw '.repeat(MAX_STARTS + 10);
    const scan = keywordPass(['pw', 'x'])(text);
    expect(scan.has('pw')).toBe(true);
    expect(scan.starts('pw')).toHaveLength(MAX_STARTS);
    expect(scan.starts('pw').at(-1)).toBe(3 * (MAX_STARTS - 1));
    expect(scan.complete('pw')).toBe(false);
    expect(scan.starts('x')).toEqual([]);
    expect(scan.complete('x')).toBe(true);
    const exact = keywordPass(['pw'])('pw '.repeat(MAX_STARTS));
    expect(exact.starts('pw')).toHaveLength(MAX_STARTS);
    expect(exact.complete('pw')).toBe(true);
    // A caller that must see them all raises the bound for one text.
    const all = keywordPass(['pw', 'x'])(text, Number.POSITIVE_INFINITY);
    expect(all.starts('pw')).toHaveLength(MAX_STARTS + 10);
    expect(all.complete('pw')).toBe(true);
  });

  it('reads each character once: positions stay the text’s own after characters that lower-case to two', () => {
    // "İ" lower-cases to two code units; an index into text.toLowerCase() would be off by one after it.
    const text = 'İstanbul password';
    expect(keywordPass(['password'])(text).starts('password')).toEqual([text.indexOf('password')]);
  });

  it('offsets: every start of any of a list of keywords, ascending; unknown when a keyword is not in the pass', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 2, maxLength: 8 }),
        fc.string({ unit: letters, maxLength: 80 }),
        fc.nat(),
        (ks, text, cut) => {
          const pass = keywordPass(ks);
          const some = ks.slice(0, 1 + (cut % ks.length));
          const want = [...new Set(some)].flatMap((k) => naiveStarts(text, k)).sort((a, b) => a - b);
          const scan = pass(text);
          expect(scan.offsets(some)).toEqual(want);
          // Asked again (the list's mask is kept): the same answer.
          expect(scan.offsets(some)).toEqual(want);
          expect(scan.offsets([...some, 'zzz'])).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
    const pass = keywordPass(['ab']);
    expect(pass('ab'.repeat(MAX_STARTS + 1)).offsets(['ab'])).toBeUndefined();
  });
});
