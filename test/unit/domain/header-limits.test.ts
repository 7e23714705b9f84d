import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderLimitScanner, headerLimitError } from '../../../src/domain/header-limits.js';
import { headerFields } from '../../../src/domain/headers.js';

/** Feeds `raw` in the given chunk sizes (cycled) and returns the first violation. */
function scan(raw: Buffer, limits: { maxBytes: number; maxFields: number }, sizes: number[] = [raw.length]) {
  const s = new HeaderLimitScanner(limits);
  let at = 0;
  for (let i = 0; at < raw.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]!);
    const v = s.push(raw.subarray(at, at + n));
    if (v) return v;
    at += n;
  }
  return undefined;
}

// Header lines: a field `Name: value`, or a folded continuation line starting with a blank.
const fieldLine = fc
  .tuple(
    fc.constantFrom('X-A', 'Received', 'To', 'Subject'),
    fc.string({ maxLength: 40, unit: fc.constantFrom(...'abc <>@.,') }),
  )
  .map(([n, v]) => `${n}: ${v}`);
const foldedLine = fc
  .string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'abc@.') })
  .map((v) => ` ${v}`);
const header = fc
  .tuple(fieldLine, fc.array(fc.oneof(fieldLine, foldedLine), { maxLength: 60 }))
  .map(([first, rest]) => [first, ...rest]);

describe('HeaderLimitScanner', () => {
  it('counts fields as the header parser sees them and bytes up to the empty line, however the data is chunked', () => {
    fc.assert(
      fc.property(
        header,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        (lines, sizes) => {
          const block = `${lines.join('\r\n')}\r\n`;
          const raw = Buffer.from(`${block}\r\n${'Body: not a header\r\n'.repeat(50)}`, 'latin1');
          const fields = headerFields(raw).length;
          const bytes = Buffer.byteLength(block, 'latin1');
          const roomy = { maxBytes: bytes, maxFields: fields };
          expect(scan(raw, roomy, sizes)).toBeUndefined();
          expect(scan(raw, { ...roomy, maxFields: fields - 1 }, sizes)).toEqual({
            limit: 'fields',
            max: fields - 1,
          });
          expect(scan(raw, { ...roomy, maxBytes: bytes - 1 }, sizes)).toEqual({
            limit: 'bytes',
            max: bytes - 1,
          });
        },
      ),
    );
  });

  it('refuses 30,000 short header lines as fields, and a header without an end as bytes', () => {
    const many = Buffer.from(`${'X-A: b\r\n'.repeat(30_000)}\r\nbody\r\n`);
    expect(scan(many, { maxBytes: 1 << 20, maxFields: 2000 })).toEqual({ limit: 'fields', max: 2000 });
    const endless = Buffer.from(`Subject: x\r\n${' folded\r\n'.repeat(20_000)}`);
    expect(scan(endless, { maxBytes: 102400, maxFields: 2000 })).toEqual({ limit: 'bytes', max: 102400 });
  });

  it('never looks at the body: a body of any size and shape passes', () => {
    const raw = Buffer.from(`Subject: x\r\n\r\n${'X-Not-A-Header: 1\r\n'.repeat(100_000)}`);
    expect(scan(raw, { maxBytes: 1024, maxFields: 16 }, [7, 4096])).toBeUndefined();
  });

  it('answers 552 5.3.4 naming the limit', () => {
    const e = headerLimitError({ limit: 'fields', max: 2000 });
    expect(e.responseCode).toBe(552);
    expect(e.message).toBe('5.3.4 Message header too large: more than 2000 header fields');
    expect(headerLimitError({ limit: 'bytes', max: 102400 }).message).toContain('102400 bytes');
  });
});
