import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { decompressRtf } from '../../../src/stages/detect/extract/rtf-compressed.js';
import { readTnef } from '../../../src/stages/detect/extract/tnef.js';
import { leaf, message, multipart } from '../../fixtures/mail/builders.mjs';
import { AWS, PASSWORD } from './samples.js';

// A TNEF writer for the tests, after MS-OXTNEF: signature, key, then attributes of
// level (1 message, 2 attachment), id, length, data and a 16-bit checksum of the data.
const u16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

function attr(level: 1 | 2, id: number, data: Buffer): Buffer {
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xffff;
  return Buffer.concat([Buffer.from([level]), u32(id), u32(data.length), data, u16(sum)]);
}
const tnef = (...attrs: Buffer[]) => Buffer.concat([u32(0x223e9f78), u16(0x0102), ...attrs]);

const PT_LONG = 0x3;
const PT_OBJECT = 0xd;
const PT_STRING8 = 0x1e;
const PT_UNICODE = 0x1f;
const PT_BINARY = 0x102;
type Prop = [type: number, id: number, value: Buffer | number];
/** A MAPI property list: variable-length values as count 1, length, padded bytes. */
function props(...list: Prop[]): Buffer {
  const parts = [u32(list.length)];
  for (const [type, id, value] of list) {
    parts.push(u16(type), u16(id));
    if (typeof value === 'number') parts.push(u32(value));
    else parts.push(u32(1), u32(value.length), pad(value));
  }
  return Buffer.concat(parts);
}
const str8 = (s: string) => Buffer.from(`${s}\0`, 'latin1');
const utf16 = (s: string) => Buffer.from(`${s}\0`, 'utf16le');

const RENDDATA = 0x00069002;
const TITLE = 0x00018010;
const DATA = 0x0006800f;
const ATTACHMENT = 0x00069005;
const MAPI_PROPS = 0x00069003;
const LIMITS = { maxEntries: 100, maxEntryBytes: 1 << 20 };

/** An RTF stream in compressed form: a reference to "{\rtf1" in the primed dictionary, then literals. */
function compressedRtf(tail: string): Buffer {
  const literals = Buffer.from(tail, 'latin1');
  const body: number[] = [];
  // Control byte: bit 0 a reference, bits 1-7 literals; references are big-endian offset<<4 | len-2.
  let i = 0;
  body.push(0b00000001, 0x00, 0x04);
  for (; i < Math.min(7, literals.length); i++) body.push(literals[i] as number);
  while (i < literals.length) {
    const chunk = literals.subarray(i, i + 8);
    body.push(0, ...chunk);
    i += chunk.length;
  }
  const rest = Buffer.from(body);
  return Buffer.concat([u32(rest.length + 12), u32(6 + literals.length), Buffer.from('LZFu'), u32(0), rest]);
}

describe('TNEF reader', () => {
  it('decompresses RTF: dictionary references and literals, output capped', () => {
    const data = compressedRtf('\\ansi Hello}');
    expect(decompressRtf(data, 1000)).toEqual({ ok: true, rtf: Buffer.from('{\\rtf1\\ansi Hello}') });
    expect(decompressRtf(data, 10)).toMatchObject({ ok: false, reason: 'RTF body larger than 10 bytes' });
    const stored = Buffer.concat([u32(15), u32(3), Buffer.from('MELA'), u32(0), Buffer.from('abc')]);
    expect(decompressRtf(stored, 100)).toEqual({ ok: true, rtf: Buffer.from('abc') });
  });

  it('yields attachments by title or long file name, data or data object, and the bodies', () => {
    const guid = Buffer.alloc(16, 7);
    const stream = tnef(
      attr(
        1,
        MAPI_PROPS,
        props([PT_STRING8, 0x1000, str8('plain body')], [PT_BINARY, 0x1009, compressedRtf('}')]),
      ),
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, TITLE, str8('SHORT~1.TXT')),
      attr(2, DATA, Buffer.from('first file')),
      attr(
        2,
        ATTACHMENT,
        props([PT_LONG, 0x3705, 1], [PT_UNICODE, 0x3707, utf16('Zugangsdaten für Anna.txt')]),
      ),
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, ATTACHMENT, props([PT_OBJECT, 0x3701, Buffer.concat([guid, Buffer.from('object body')])])),
    );
    const { files, problems } = readTnef(stream, LIMITS);
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.name, f.bytes.toString('latin1')])).toEqual([
      ['Zugangsdaten für Anna.txt', 'first file'],
      ['attachment-2', 'object body'],
      ['body.txt', 'plain body'],
      ['body.rtf', '{\\rtf1}'],
    ]);
  });

  it('refuses what is not TNEF, and keeps what precedes damage', () => {
    expect(() => readTnef(Buffer.from('PK\x03\x04 not tnef'), LIMITS)).toThrow('not a TNEF stream');
    const good = [
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, TITLE, str8('a.txt')),
      attr(2, DATA, Buffer.from('A')),
    ];
    // An attribute that claims more bytes than the stream has.
    const cut = tnef(...good, Buffer.from([2]), u32(DATA), u32(0x7fffffff), Buffer.from('xyz'));
    expect(readTnef(cut, LIMITS)).toMatchObject({
      files: [{ name: 'a.txt' }],
      problems: [expect.stringContaining('longer than the stream')],
    });
    // A property list whose count promises four billion properties.
    const lying = tnef(
      ...good,
      attr(2, ATTACHMENT, Buffer.concat([u32(0xffffffff), u16(PT_LONG), u16(0x3705)])),
    );
    expect(readTnef(lying, LIMITS).problems).toEqual([expect.stringContaining('property list')]);
    // A compressed RTF that claims 4 GB.
    const huge = Buffer.concat([u32(12), u32(0xffffffff), Buffer.from('LZFu'), u32(0)]);
    expect(readTnef(tnef(attr(1, MAPI_PROPS, props([PT_BINARY, 0x1009, huge]))), LIMITS).problems).toEqual([
      `RTF body larger than ${LIMITS.maxEntryBytes} bytes`,
    ]);
  });

  it('stops at maxEntries attachments', () => {
    const many = Array.from({ length: 5 }, () => [
      attr(2, RENDDATA, Buffer.alloc(0)),
      attr(2, DATA, Buffer.from('x')),
    ]);
    const r = readTnef(tnef(...many.flat()), { ...LIMITS, maxEntries: 3 });
    expect(r.files).toHaveLength(3);
    expect(r.problems).toEqual(['more than 3 entries']);
  });

  it('never throws on damaged streams, and yields at most what the bytes can hold', () => {
    const base = tnef(
      attr(1, MAPI_PROPS, props([PT_BINARY, 0x1009, compressedRtf('\\par secret}')])),
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(
        2,
        ATTACHMENT,
        props([PT_STRING8, 0x3707, str8('x.txt')], [PT_BINARY, 0x3701, Buffer.from('data')]),
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        (edits, cut) => {
          const b = Buffer.from(base);
          for (const [at, v] of edits) b[6 + (at % (b.length - 6))] = v;
          const stream = b.subarray(0, 6 + (cut % (b.length - 5)));
          const { files } = readTnef(stream, LIMITS);
          const out = files.reduce((n, f) => n + f.bytes.length, 0);
          expect(out).toBeLessThanOrEqual(stream.length * 9);
        },
      ),
      // A length byte of 0x80 in the top position made a named property's length round to a
      // negative offset (seed 1519177484 in CI): kept as a case of its own.
      {
        numRuns: 500,
        examples: [
          [
            [
              [286063825, 128],
              [1473566731, 128],
            ],
            577290547,
          ],
        ],
      },
    );
  });
});

describe('extractMessage: winmail.dat', () => {
  const withWinmail = (stream: Buffer) =>
    message(
      { From: 'a@example.org', To: 'support@localhost', Subject: 'files' },
      multipart('mixed', [
        leaf('see attached'),
        leaf(stream, { type: 'application/ms-tnef', filename: 'winmail.dat' }),
      ]),
    );

  it('scans the attachments and the RTF body inside, and an embedded message one level deeper', async () => {
    const embedded = tnef(
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, TITLE, str8('inner.env')),
      attr(2, DATA, Buffer.from(`AWS_ACCESS_KEY_ID=${AWS}\n`)),
    );
    const stream = tnef(
      attr(1, MAPI_PROPS, props([PT_BINARY, 0x1009, compressedRtf(`\\par password: ${PASSWORD}}`)])),
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, TITLE, str8('config.ini')),
      attr(2, DATA, Buffer.from(`[db]\npassword = ${PASSWORD}\n`)),
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(
        2,
        ATTACHMENT,
        props([PT_LONG, 0x3705, 5], [PT_OBJECT, 0x3701, Buffer.concat([Buffer.alloc(16), embedded])]),
      ),
    );
    const { units, unscannable } = await extractMessage(withWinmail(stream));
    expect(unscannable).toEqual([]);
    const byWhere = Object.fromEntries(units.map((u) => [u.where, u.text]));
    expect(byWhere['attachment:winmail.dat!config.ini']).toContain(PASSWORD);
    expect(byWhere['attachment:winmail.dat!body.rtf']).toContain(PASSWORD);
    expect(byWhere['attachment:winmail.dat!attachment-2!inner.env']).toContain(AWS);
    // Nothing inside winmail.dat can be edited in place: a finding there removes the file.
    for (const where of ['config.ini', 'body.rtf', 'attachment-2!inner.env'])
      expect(units.find((u) => u.where === `attachment:winmail.dat!${where}`)?.origin.kind).toBe('container');
  });

  it('marks the rest of a damaged stream unscannable, after scanning what came before', async () => {
    const stream = tnef(
      attr(2, RENDDATA, Buffer.alloc(14)),
      attr(2, TITLE, str8('notes.txt')),
      attr(2, DATA, Buffer.from(`password: ${PASSWORD}`)),
      Buffer.from([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]),
    );
    const { units, unscannable } = await extractMessage(withWinmail(stream));
    expect(units.find((u) => u.where === 'attachment:winmail.dat!notes.txt')?.text).toContain(PASSWORD);
    expect(unscannable).toMatchObject([
      { where: 'attachment:winmail.dat', reason: expect.stringContaining('TNEF') },
    ]);
  });
});
