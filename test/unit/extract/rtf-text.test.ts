import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { isRtf, rtfToText } from '../../../src/stages/detect/extract/rtf-text.js';

// What WordPad and Word write: a font and colour table, paragraph properties, escapes.
const WORDPAD =
  '{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}\r\n' +
  '{\\colortbl ;\\red255\\green0\\blue0;}\r\n' +
  '{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \r\n' +
  '\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang7 Hallo Support,\\par\r\n' +
  "mein Passwort f\\'fcr das Portal: {\\b Gr\\'fc\\'dfe#2291}\\par\r\n" +
  'Benutzer\\tab m.weber\\par\r\n' +
  '{\\*\\bkmkstart x}Preis 5\\u8364?\\par\r\n' +
  '}\r\n';

describe('RTF as its reader sees it', () => {
  it('drops control words and tables, reads escapes and Unicode, breaks lines at \\par', () => {
    const text = rtfToText(WORDPAD);
    expect(text).toContain('Hallo Support,\nmein Passwort für das Portal: Grüße#2291\n');
    expect(text).toContain('Benutzer\tm.weber\n');
    expect(text).toContain('Preis 5€\n');
    expect(text).not.toMatch(/Calibri|Riched20|\\|red255/);
  });

  it('reads escapes in the code page the document names', () => {
    const polish = "{\\rtf1\\ansi\\ansicpg1250 Has\\'b3o: \\'8cliwka#7\\par}";
    expect(rtfToText(polish)).toBe('Hasło: Śliwka#7\n');
    const cyrillic = "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'e0\\'f0\\'ee\\'eb\\'fc}";
    expect(rtfToText(cyrillic)).toBe('Пароль');
  });

  it('skips the fallback characters after \\u as \\uc says', () => {
    expect(rtfToText('{\\rtf1\\uc2 a\\u1078??b\\uc0 \\u1078 c}')).toBe('aжbжc');
    expect(rtfToText("{\\rtf1 x\\u-3913\\'3fy}")).toBe(`x${String.fromCharCode(65536 - 3913)}y`);
  });

  it('keeps escaped braces and backslashes as text and ignores binary data', () => {
    expect(rtfToText('{\\rtf1 a\\{b\\}c\\\\d \\bin4 \u0000{}\u0001e}')).toBe('a{b}c\\d e');
  });

  it('recognises an RTF file by its first bytes', () => {
    expect(isRtf(Buffer.from('{\\rtf1\\ansi x}'))).toBe(true);
    expect(isRtf(Buffer.from('\ufeff {\\rtf1 x}'))).toBe(true);
    expect(isRtf(Buffer.from('{"rtf": 1}'))).toBe(false);
  });

  it('never throws, and its text is never longer than its source', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '\\par ',
      '\\*',
      '\\fonttbl',
      "\\'e9",
      "\\'z",
      '\\u233?',
      '\\u-1',
      '\\uc3 ',
      '\\bin5 ',
      '\\ansicpg1250',
      '\\ansicpg99999',
      '\\',
      'abc',
      ' ',
      '\r\n',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const source = `{\\rtf1 ${tokens.join('')}`;
        expect(rtfToText(source).length).toBeLessThanOrEqual(source.length);
      }),
      { numRuns: 500 },
    );
    expect(rtfToText(`{\\rtf1 ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}`)).toBe('x');
  });

  it('lets the detector find a password in an RTF attachment, and removes the file with it', async () => {
    const rtf = Buffer.from(WORDPAD, 'latin1').toString('base64');
    const mail = Buffer.from(
      'From: a@example.de\r\nTo: support@example.com\r\nSubject: Zugang\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsiehe Anhang\r\n' +
        '--b\r\nContent-Type: application/rtf; name="zugang.rtf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        `${rtf}\r\n--b--\r\n`,
    );
    const { units } = await extractMessage(mail);
    const unit = units.find((u) => u.text.includes('Passwort'));
    expect(unit?.origin.kind).toBe('container');
    const values = createDetector()
      .scan(unit?.text ?? '')
      .map((f) => f.value);
    expect(values).toContain('Grüße#2291');
  });
});
