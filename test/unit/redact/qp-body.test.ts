import fc from 'fast-check';
import * as qp from 'nodemailer/lib/qp';
import { describe, expect, it } from 'vitest';
import { decodeQuotedPrintable } from '../../../src/stages/detect/extract/decode.js';
import { qpBody } from '../../../src/stages/detect/redact/part-writer.js';

const q = ((qp as unknown as { default?: typeof qp }).default ?? qp) as typeof qp;

// A redacted body of many megabytes is encoded a slice at a time. Slices end at line breaks, so
// the result must be byte for byte what encoding the whole text at once gives; one line longer
// than a slice is cut with a soft line break, which must decode back to the very same line.

/** The whole-text encoding the sliced one must equal. */
function reference(text: string): Buffer {
  const encoded = q.wrap(q.encode(Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'utf8')), 76);
  return Buffer.from(encoded.endsWith('\r\n') ? encoded : `${encoded}\r\n`, 'latin1');
}

const decoded = (b: Buffer): string => decodeQuotedPrintable(b).toString('utf8');
const longestLine = (b: Buffer): number =>
  b
    .toString('latin1')
    .split('\r\n')
    .reduce((m, l) => Math.max(m, l.length), 0);

const line = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'Z', ' ', '\t', '=', '.', '0'),
    fc.constantFrom('é', '€', '😀', 'ß', '\u00a0'),
  ),
  maxLength: 200,
});

describe('quoted-printable body of a redacted text', () => {
  it('equals the whole-text encoding for texts of many slices', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, nl) => {
          const block = lines.join(nl) + nl;
          const text = block.repeat(Math.ceil(2_300_000 / block.length));
          expect(qpBody(text).equals(reference(text))).toBe(true);
        },
      ),
      { numRuns: 4 },
    );
  });

  it('keeps one line longer than a slice whole once decoded, in lines of at most 76', () => {
    fc.assert(
      fc.property(
        line.filter((l) => l.length > 0),
        (piece) => {
          const text = `start ${piece.repeat(Math.ceil(2_500_000 / piece.length))} end\r\nlast line\r\n`;
          const body = qpBody(text);
          expect(longestLine(body)).toBeLessThanOrEqual(76);
          expect(decoded(body)).toBe(text);
        },
      ),
      { numRuns: 3 },
    );
  });

  it('ends with a line break, also for an empty text', () => {
    expect(qpBody('').toString()).toBe('\r\n');
    expect(qpBody('x').toString()).toBe('x\r\n');
  });
});
