import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));

/**
 * The notice and the upload page are one company speaking to a customer: both address them the
 * way that language's notice does (README: "the formal address a company uses in that language").
 * Each language lists the words of the other form, and words its own form cannot do without.
 */
const FORMS: Record<string, { never: string[]; always: string[] }> = {
  de: {
    never: ['du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deinem', 'deiner', 'euch', 'euer', 'eure'],
    always: ['Sie'],
  },
  fr: { never: ['tu', 'toi', 'ton', 'ta', 'tes', 'te'], always: ['vous'] },
  es: { never: ['tú', 'tu', 'tus', 'te', 'ti', 'vosotros', 'vuestro', 'vuestra'], always: ['su'] },
  it: { never: ['tu', 'tuo', 'tua', 'tuoi', 'tue', 'ti', 'voi', 'vostro'], always: ['suo'] },
  nl: { never: ['je', 'jij', 'jou', 'jouw', 'jullie'], always: ['u'] },
  // Neither Brazil's "você" nor Portugal's "o senhor": polite third-person forms only.
  pt: { never: ['você', 'vocês', 'tu', 'teu', 'tua', 'te', 'senhor', 'senhora'], always: [] },
  // Neither "Pan / Pani" nor "ty": the company's "we" and impersonal forms.
  pl: {
    never: [
      'pan',
      'pani',
      'pana',
      'panu',
      'panią',
      'państwo',
      'ty',
      'ciebie',
      'cię',
      'twój',
      'twoje',
      'twoja',
    ],
    always: ['prosimy'],
  },
};

/** A file's customer-facing words: its blocks (translator notes dropped), without HTML tags. */
function words(file: string): string {
  const text = readFileSync(`${TEMPLATES}/${file}`, 'utf8');
  return text.slice(text.indexOf('\n=== ')).replace(/<[^>]{0,200}>/g, ' ');
}
// A whole word: no letter may touch it on either side (the text holds accented letters).
const word = (w: string) => new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'iu');

describe('every file of a language addresses the customer the same way', () => {
  for (const [lang, { never, always }] of Object.entries(FORMS))
    for (const file of [`notice.${lang}.txt`, `notice.${lang}.html`, `upload.${lang}.txt`])
      it(file, () => {
        const text = words(file);
        for (const w of never) expect(text, `${file}: "${w}"`).not.toMatch(word(w));
        for (const w of always)
          expect(text, `${file}: "${w}"`).toMatch(new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'u'));
      });
});
