import { describe, expect, it } from 'vitest';
import { headerBytesToText } from '../../../src/domain/auth/header-text.js';
import { headerOctetsToText } from '../../../src/domain/header-text.js';
import { decodeWindows1252 } from '../../../src/domain/windows-1252.js';
import { decodeCharset } from '../../../src/stages/detect/extract/decode.js';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';

// 0x80–0x9F of windows-1252 in the WHATWG Encoding Standard's index (index-windows-1252.txt).
const WHATWG_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const expected = (b: number) => (b >= 0x80 && b < 0xa0 ? (WHATWG_C1[b - 0x80] as number) : b);
const allBytes = Uint8Array.from({ length: 256 }, (_, b) => b);

describe('windows-1252, as the Encoding Standard reads it, on every Node version', () => {
  it('maps each of the 256 bytes to its code point', () => {
    const text = decodeWindows1252(allBytes);
    expect([...text].map((c) => c.codePointAt(0))).toEqual([...allBytes].map(expected));
  });

  it('is what mail labelled ISO-8859-1, US-ASCII, cp1252 or nothing at all decodes to', () => {
    const bytes = Buffer.from([0x93, 0x68, 0x75, 0x6e, 0x74, 0x65, 0x72, 0x32, 0x94, 0x20, 0x80, 0x35]);
    for (const label of [
      'iso-8859-1',
      'ISO_8859-1',
      'latin1',
      'us-ascii',
      'windows-1252',
      'cp1252',
      undefined,
    ])
      expect(decodeCharset(bytes, label), String(label)).toBe('“hunter2” €5');
  });

  it('reads a quoted password in a Windows mail’s body and header bytes', async () => {
    const mail = Buffer.from(
      'From: a@example.com\r\nTo: support@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
        'Mein Passwort ist =93Fietsbel2021=94 =96 danke\r\n',
      'latin1',
    );
    const texts = (await extractMessage(mail)).units.map((u) => u.text).join('\n');
    expect(texts).toContain('Mein Passwort ist “Fietsbel2021” – danke');
    expect(headerBytesToText(Buffer.from([0x84, 0x41, 0x93]))).toBe('„A“');
  });

  it('reads raw header octets as UTF-8 when they are, else as legacy text, with the body decoder', () => {
    expect(headerOctetsToText(Buffer.from('Passwort „geheim“', 'utf8').toString('latin1'))).toBe(
      'Passwort „geheim“',
    );
    const legacy = Buffer.from([0x84, 0x41, 0x93, 0x20, 0x80, 0x81]).toString('latin1');
    expect(headerOctetsToText(legacy)).toBe('„A“ €\u0081');
    expect(headerOctetsToText(allBytes.subarray(0x20).reduce((s, b) => s + String.fromCharCode(b), ''))).toBe(
      decodeCharset(allBytes.subarray(0x20), undefined),
    );
  });
});
