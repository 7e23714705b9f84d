import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerFields } from '../../../src/domain/headers.js';
import { withSubjectSuffix } from '../../../src/domain/mime-edit.js';

/**
 * The ticket tag is appended to a Subject as it came, also when its encoded-words carry blanks of
 * their own at either end or in runs (`=?utf-8?Q?=20plain=20words=20?=`, `=?UTF-8?B?aGVsbG8g?=`):
 * the MIME fuzz found such Subjects rewritten as plain text instead, their encoding lost, because
 * the check that the edit still decodes to the old text counted the word's own blank twice.
 */

const TAG = '[#DG-7K3QF9]';

const blanks = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const words = fc.array(fc.constantFrom('plain', 'words', 'Grüße', 'hello', 'テスト', 'a=b?c'), {
  minLength: 1,
  maxLength: 4,
});

/** An encoded-word of `text` in UTF-8, B or Q (Q: letters and digits kept, every other octet =XX). */
function encodedWord(text: string, q: boolean): string {
  const b = Buffer.from(text, 'utf8');
  if (!q) return `=?UTF-8?B?${b.toString('base64')}?=`;
  let out = '';
  for (const o of b)
    out += /[A-Za-z0-9]/.test(String.fromCharCode(o))
      ? String.fromCharCode(o)
      : `=${o.toString(16).toUpperCase().padStart(2, '0')}`;
  return `=?utf-8?Q?${out}?=`;
}

describe('withSubjectSuffix on encoded-words that carry their own blanks', () => {
  it('keeps the Subject bytes and appends the tag after them', () => {
    fc.assert(
      fc.property(blanks, words, blanks, fc.boolean(), fc.boolean(), (lead, ws, trail, q, twoWords) => {
        const text = `${lead}${ws.join(' ')}${trail}`;
        // One word, or the text split over two words with the blanks inside them.
        const half = Math.ceil(text.length / 2);
        const value = twoWords
          ? `${encodedWord(text.slice(0, half), q)} ${encodedWord(text.slice(half), q)}`
          : encodedWord(text, q);
        const subject = `Subject: ${value}`;
        const raw = Buffer.from(`From: a@example.org\r\n${subject}\r\n\r\nbody\r\n`, 'latin1');
        const out = withSubjectSuffix(raw, ` ${TAG}`);
        const field = headerFields(out).find((f) => f.name.toLowerCase() === 'subject')!;
        const got = field.raw.replace(/\r\n$/, '');
        expect([`${subject} ${TAG}`, `${subject}\r\n ${TAG}`]).toContain(got);
        expect(out.subarray(out.indexOf('\r\n\r\n')).toString('latin1')).toBe('\r\n\r\nbody\r\n');
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });
});
