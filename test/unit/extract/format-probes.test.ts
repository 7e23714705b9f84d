import zlib from 'node:zlib';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { decodeCharset, decodeUtf8Mixed } from '../../../src/stages/detect/extract/decode.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { docx, odt, pdf, xlsx, zip } from '../../fixtures/mail/builders.mjs';
import { survivors } from '../redact/helpers.js';
import { AWS, PASSWORD, PEM } from './samples.js';

// Probes of every way real mail carries text, each holding the same clear-cut secrets: extraction
// must hand each secret to the detector, and redaction must leave none in the delivered copy.
// The secrets are chosen so that no rule judgement is involved (a keyword right before a value,
// prefixed or checksummed formats): a miss here is a reading or a rewriting defect.

const AWS_SECRET = 'q8Vb3nT0xK2mR7pL9wZ4cY6hJ1sF5dG8aE3uN0oB';
const CARD = '4929187366045578';
const STEUER = '65740977216';
const PEM_LINE = PEM.split('\n')[1]!;

/** The secrets as a customer types them, one per line. */
const LINES = [
  `Password: ${PASSWORD}`,
  `AWS_ACCESS_KEY_ID=${AWS}`,
  `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
  `Kreditkarte: ${CARD}`,
  `Meine Steuer-ID: ${STEUER}`,
  ...PEM.split('\n'),
];
const PROSE = 'Grüße aus Köln, hier die Zugangsdaten für den Server (çğış, Żółć):';
const TEXT = `${PROSE}\n${LINES.join('\n')}\nDanke!\n`;
const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
/** What must be found, and must not survive. */
const NEEDLES = [PASSWORD, AWS, AWS_SECRET, CARD, STEUER, PEM_LINE];

const KEY = Buffer.alloc(32, 7);
const detector = createDetector();
const HEAD =
  'From: a@example.org\r\nTo: support@localhost\r\nSubject: Zugang\r\nMessage-ID: <p@example.org>\r\n';

/** A message from a header block and a body given as latin1 text or bytes (no line-end rewriting). */
const raw = (head: string, body: string | Buffer): Buffer =>
  Buffer.concat([Buffer.from(head, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
const mime = (head: string, body: string | Buffer) => raw(`${HEAD}MIME-Version: 1.0\r\n${head}`, body);
const b64 = (b: Buffer): string => b.toString('base64').replace(/.{76}/g, '$&\r\n');
const utf8Latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const enc = (s: string, cs: string): string => iconv.encode(s, cs).toString('latin1');

/** A multipart/mixed with a short body and one attachment given by its headers and wire body. */
function withAttachment(headers: string, wire: string): Buffer {
  return mime(
    'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n',
    `--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attachment\r\n--b1\r\n${headers}\r\n\r\n${wire}\r\n--b1--\r\n`,
  );
}
const attach = (name: string, type: string, bytes: Buffer): Buffer =>
  withAttachment(
    `Content-Type: ${type}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64`,
    b64(bytes),
  );

/** The texts a reader could get at in UTF-16 too (survivors() reads bytes as UTF-8 and latin1). */
function utf16Survivors(mail: Buffer, values: string[]): string[] {
  const text = mail.toString('latin1');
  const decoded = [...text.matchAll(/\r\n\r\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) =>
    Buffer.from(m[1]!, 'base64'),
  );
  return values.filter((v) =>
    decoded.some(
      (b) => b.includes(Buffer.from(v, 'utf16le')) || b.includes(Buffer.from(v, 'utf16le').swap16()),
    ),
  );
}

async function probe(mail: Buffer, needles: readonly string[] = NEEDLES): Promise<void> {
  const r = await scanAndRedact(mail, { detector, fingerprintKey: KEY });
  const found = r.matches.map((m) => m.match.value.replace(/\s+/g, ''));
  const missed = needles.filter((n) => !found.some((v) => v.includes(n) || (v.length >= 8 && n.includes(v))));
  expect(missed, 'not found by the detector').toEqual([]);
  expect(r.redacted).toBeDefined();
  const out = r.redacted!;
  expect(await survivors(out, [...needles]), 'left in the delivered copy').toEqual([]);
  expect(utf16Survivors(out, [...needles]), 'left in the delivered copy (UTF-16)').toEqual([]);
}

const PLAIN = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
const body8 = crlf(utf8Latin1(TEXT));

describe('format probes: malformed MIME', () => {
  const part = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body8}`;
  const cases: Array<[string, Buffer]> = [
    [
      'missing closing boundary',
      mime('Content-Type: multipart/mixed; boundary="zz"\r\n\r\n', `--zz\r\n${part}`),
    ],
    [
      'wrong closing boundary',
      mime('Content-Type: multipart/mixed; boundary="zz"\r\n\r\n', `--zz\r\n${part}\r\n--zy--\r\n`),
    ],
    [
      'boundary with odd characters, unquoted',
      mime(
        "Content-Type: multipart/mixed; boundary=----=_NextPart_000_0012_01D9.A'(+)_,-./:?\r\n\r\n",
        `------=_NextPart_000_0012_01D9.A'(+)_,-./:?\r\n${part}\r\n------=_NextPart_000_0012_01D9.A'(+)_,-./:?--\r\n`,
      ),
    ],
    [
      'part without Content-Type',
      mime('Content-Type: multipart/mixed; boundary="zz"\r\n\r\n', `--zz\r\n\r\n${crlf(TEXT)}\r\n--zz--\r\n`),
    ],
    [
      'multipart without MIME-Version',
      raw(`${HEAD}Content-Type: multipart/alternative; boundary=zz\r\n\r\n`, `--zz\r\n${part}\r\n--zz--\r\n`),
    ],
    ['no MIME headers at all, 8-bit', raw(`${HEAD}\r\n`, body8)],
    [
      'declared base64 but plain',
      mime('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n', body8),
    ],
    [
      'declared quoted-printable, bad escapes and long lines',
      mime(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n',
        `50% =ZZ off, a=\r\nb =3 x ${'y'.repeat(120)}\r\n${body8}`,
      ),
    ],
    [
      'base64 with line noise',
      mime(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        Buffer.from(TEXT).toString('base64').replace(/.{60}/g, '$& \t\r\n  '),
      ),
    ],
    [
      'header with 8-bit bytes',
      raw(
        `From: =?utf-8?q?J=C3=B6rg?= <a@example.org>\r\nTo: support@localhost\r\nSubject: ${utf8Latin1('Zugang für Jörg')}\r\nX-Note: ${enc('Grüße', 'latin1')}\r\nMIME-Version: 1.0\r\n${PLAIN}`,
        body8,
      ),
    ],
    [
      'part header block without the blank line',
      mime(
        'Content-Type: multipart/mixed; boundary="zz"\r\n\r\n',
        `--zz\r\nContent-Type: text/plain; charset=utf-8\r\n${body8}\r\n--zz--\r\n`,
      ),
    ],
    [
      'nested multiparts with the same boundary',
      mime(
        'Content-Type: multipart/mixed; boundary="zz"\r\n\r\n',
        `--zz\r\nContent-Type: multipart/alternative; boundary="zz"\r\n\r\n--zz\r\n${part}\r\n--zz--\r\n\r\n--zz--\r\n`,
      ),
    ],
    [
      'forwarded message whose inner mail is broken',
      mime(
        'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n',
        `--outer\r\nContent-Type: text/plain\r\n\r\nfwd\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\nFrom: b@example.org\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary="inner"\r\n\r\n--inner\r\n${part}\r\n--outer--\r\n`,
      ),
    ],
    [
      'LF-only line ends',
      raw(`${HEAD}MIME-Version: 1.0\r\n${PLAIN}`.replace(/\r\n/g, '\n'), utf8Latin1(TEXT)),
    ],
    ['body starting without a blank line', raw(HEAD, `${body8}`)],
  ];
  for (const [name, mail] of cases) it(name, () => probe(mail));
});

describe('format probes: 8-bit bodies and charsets', () => {
  const labelled = (label: string, bytes: string): Buffer =>
    mime(
      `Content-Type: text/plain${label ? `; charset=${label}` : ''}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      bytes,
    );
  const cases: Array<[string, Buffer]> = [
    ['undeclared charset, UTF-8', labelled('', body8)],
    ['undeclared charset, windows-1252', labelled('', crlf(enc(TEXT.replace(/[ğışŻółć]/g, 'x'), 'win1252')))],
    ['UTF-8 labelled iso-8859-1', labelled('iso-8859-1', body8)],
    ['UTF-8 labelled us-ascii', labelled('us-ascii', body8)],
    ['latin1 labelled utf-8', labelled('utf-8', crlf(enc(TEXT.replace(/[ğışŻółć]/g, 'x'), 'latin1')))],
    ['windows-1250', labelled('windows-1250', crlf(enc(TEXT.replace(/[çğış]/g, 'x'), 'win1250')))],
    ['windows-1254', labelled('windows-1254', crlf(enc(TEXT.replace(/[Żółć]/g, 'x'), 'win1254')))],
    ['koi8-r', labelled('koi8-r', crlf(enc(`Привет, доступ:\n${LINES.join('\n')}\n`, 'koi8-r')))],
    ['UTF-8 with BOM', labelled('utf-8', `\xef\xbb\xbf${body8}`)],
    [
      'UTF-16LE body with BOM, base64',
      mime(
        'Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        b64(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(TEXT), 'utf16le')])),
      ),
    ],
  ];
  for (const [name, mail] of cases) it(name, () => probe(mail));
});

const csvSemicolon = `name;wert;notiz\r\n"Passwort";"x";"Password: ${PASSWORD}"\r\n"AWS";"${AWS}";"AWS_SECRET_ACCESS_KEY=${AWS_SECRET}"\r\n"Karte";"Kreditkarte: ${CARD}";"Steuer-ID: ${STEUER}"\r\n"Key";"${PEM.replace(/\n/g, '\r\n')}";""\r\n`;

describe('format probes: attachments', () => {
  const utf16le = (s: string, bom: boolean) =>
    Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(crlf(s), 'utf16le')]);
  const pdfTj = (compress: boolean): Buffer => {
    // A hand-written PDF whose text is in TJ arrays with kerning, the way word processors write it.
    const tj = LINES.map(
      (l) =>
        `[(${l.slice(0, 5).replace(/[\\()]/g, '\\$&')}) -20 (${l.slice(5).replace(/[\\()]/g, '\\$&')})] TJ T*`,
    ).join(' ');
    const content = Buffer.from(`BT /F1 9 Tf 36 560 Td 12 TL ${tj} ET`, 'latin1');
    const stream = compress ? zlib.deflateSync(content) : content;
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1190 595] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      null,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ];
    const parts = [Buffer.from('%PDF-1.4\n', 'latin1')];
    const offsets: number[] = [];
    let pos = parts[0]!.length;
    objs.forEach((o, i) => {
      const b =
        o === null
          ? Buffer.concat([
              Buffer.from(
                `${i + 1} 0 obj\n<< /Length ${stream.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`,
              ),
              stream,
              Buffer.from('\nendstream\nendobj\n'),
            ])
          : Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`);
      offsets.push(pos);
      parts.push(b);
      pos += b.length;
    });
    parts.push(
      Buffer.from(
        `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`,
      ),
    );
    return Buffer.concat(parts);
  };
  const inlineXlsx = (): Buffer =>
    zip({
      '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${LINES.map((l, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${l.replace(/&/g, '&amp;')}</t></is></c></row>`).join('')}</sheetData></worksheet>`,
    });
  const tnefWith = (name: string, data: Buffer): Buffer => {
    const u16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n >>> 0);
      return b;
    };
    const attr = (level: number, id: number, d: Buffer) => {
      let sum = 0;
      for (const b of d) sum = (sum + b) & 0xffff;
      return Buffer.concat([Buffer.from([level]), u32(id), u32(d.length), d, u16(sum)]);
    };
    return Buffer.concat([
      u32(0x223e9f78),
      u16(0x0102),
      attr(2, 0x00069002, Buffer.alloc(14)),
      attr(2, 0x00018010, Buffer.from(`${name}\0`, 'latin1')),
      attr(2, 0x0006800f, data),
    ]);
  };
  const eml = Buffer.from(
    `From: b@example.org\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n${PLAIN}${body8}`,
    'latin1',
  );
  const cases: Array<[string, Buffer]> = [
    [
      '.txt in windows-1252, no charset',
      attach('zugang.txt', 'text/plain', iconv.encode(crlf(TEXT.replace(/[ğışŻółć]/g, 'x')), 'win1252')),
    ],
    [
      '.log in koi8-r, labelled',
      withAttachment(
        'Content-Type: text/plain; charset=koi8-r; name="app.log"\r\nContent-Disposition: attachment; filename="app.log"\r\nContent-Transfer-Encoding: base64',
        b64(iconv.encode(crlf(`Ошибка входа\n${LINES.join('\n')}\n`), 'koi8-r')),
      ),
    ],
    ['.log as application/octet-stream', attach('server.log', 'application/octet-stream', Buffer.from(TEXT))],
    [
      'CSV with ; and quoted fields with newlines',
      attach('daten.csv', 'text/csv', Buffer.from(csvSemicolon)),
    ],
    [
      'CSV with tabs',
      attach(
        'daten.tsv',
        'text/tab-separated-values',
        Buffer.from(LINES.map((l) => `x\t${l}\ty`).join('\r\n')),
      ),
    ],
    [
      'UTF-16LE CSV from Excel (BOM, tabs)',
      attach('export.csv', 'text/csv', utf16le(LINES.map((l) => `x\t${l}`).join('\n'), true)),
    ],
    ['UTF-16LE text without BOM', attach('notes.txt', 'text/plain', utf16le(TEXT, false))],
    [
      'UTF-16BE text with BOM',
      attach(
        'notes.txt',
        'text/plain',
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(crlf(TEXT), 'utf16le').swap16()]),
      ),
    ],
    [
      '.xlsx with shared strings',
      attach(
        'a.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        xlsx(LINES.map((l) => ['x', l])),
      ),
    ],
    [
      '.xlsx with inline strings',
      attach('b.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', inlineXlsx()),
    ],
    [
      '.docx',
      attach(
        'c.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        docx(LINES),
      ),
    ],
    ['.odt', attach('d.odt', 'application/vnd.oasis.opendocument.text', odt(LINES))],
    ['PDF, Flate, Tj', attach('e.pdf', 'application/pdf', pdf(LINES))],
    ['PDF, uncompressed, TJ arrays', attach('f.pdf', 'application/pdf', pdfTj(false))],
    ['PDF, Flate, TJ arrays', attach('g.pdf', 'application/pdf', pdfTj(true))],
    ['nested zip', attach('h.zip', 'application/zip', zip({ 'inner.zip': zip({ 'dir/creds.txt': TEXT }) }))],
    ['.eml attachment as octet-stream', attach('fwd.eml', 'application/octet-stream', eml)],
    ['message/rfc822, base64', attach('fwd.eml', 'message/rfc822', eml)],
    ['winmail.dat', attach('winmail.dat', 'application/ms-tnef', tnefWith('creds.txt', Buffer.from(TEXT)))],
    [
      '.ics',
      attach(
        'invite.ics',
        'text/calendar',
        Buffer.from(
          crlf(
            `BEGIN:VCALENDAR\nBEGIN:VEVENT\nDESCRIPTION:${LINES.join('\\n')}\nEND:VEVENT\nEND:VCALENDAR\n`,
          ),
        ),
      ),
    ],
    [
      '.vcf',
      attach(
        'c.vcf',
        'text/vcard',
        Buffer.from(crlf(`BEGIN:VCARD\nVERSION:3.0\nFN:Jörg\nNOTE:${LINES.join('\\n')}\nEND:VCARD\n`)),
      ),
    ],
  ];
  for (const [name, mail] of cases) it(name, () => probe(mail));
});

describe('format probes: secrets in file names and part headers', () => {
  const names: Array<[string, string]> = [
    ['plain file name', `filename="Password: ${PASSWORD}.txt"`],
    ['RFC 2231 encoded file name', `filename*=utf-8''Password%3A%20${encodeURIComponent(PASSWORD)}.txt`],
    [
      'RFC 2231 continued file name',
      `filename*0*=utf-8''Password%3A%20; filename*1*=${encodeURIComponent(PASSWORD)}.txt`,
    ],
    [
      'RFC 2047 encoded file name',
      `filename="=?utf-8?B?${Buffer.from(`Password: ${PASSWORD}.txt`).toString('base64')}?="`,
    ],
    ['unquoted file name', `filename=${AWS}.txt`],
  ];
  for (const [name, param] of names)
    it(name, () =>
      probe(
        withAttachment(
          `Content-Type: text/plain\r\nContent-Disposition: attachment; ${param}\r\nContent-Transfer-Encoding: 7bit`,
          'nothing here',
        ),
        name.startsWith('unquoted') ? [AWS] : [PASSWORD],
      ),
    );
  it('Content-Description', () =>
    probe(
      withAttachment(
        `Content-Type: text/plain; name="a.txt"\r\nContent-Description: Password: ${PASSWORD}\r\nContent-Transfer-Encoding: 7bit`,
        'nothing here',
      ),
      [PASSWORD],
    ));
  it('name parameter of Content-Type only', () =>
    probe(
      withAttachment(
        `Content-Type: application/octet-stream; name="${AWS}.bin"\r\nContent-Transfer-Encoding: base64`,
        b64(Buffer.from([1, 2, 3, 0, 5])),
      ),
      [AWS],
    ));
});

describe('format probes: HTML', () => {
  const html = (markup: string, charset = 'utf-8') =>
    mime(
      `Content-Type: text/html; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      utf8Latin1(markup),
    );
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cases: Array<[string, Buffer]> = [
    [
      'values in <td>',
      html(
        `<table>${LINES.map((l) => {
          const i = l.search(/[:=]/);
          return i > 0 && i < 30
            ? `<tr><td>${esc(l.slice(0, i + 1))}</td><td>${esc(l.slice(i + 1).trim())}</td></tr>`
            : `<tr><td colspan=2>${esc(l)}</td></tr>`;
        }).join('')}</table>`,
      ),
    ],
    [
      'values in <b>',
      html(
        `<p>${LINES.map((l) => {
          const i = l.search(/[:=]/);
          return i > 0 && i < 30 ? `${esc(l.slice(0, i + 1))} <b>${esc(l.slice(i + 1).trim())}</b>` : esc(l);
        }).join('<br>')}</p>`,
      ),
    ],
    ['<br>-separated', html(`<div>${PROSE}<br>${LINES.map(esc).join('<br>\n')}</div>`)],
    [
      'numeric entities',
      html(
        `<p>${LINES.map((l) => [...l].map((ch, k) => (k % 3 === 0 && /[A-Za-z0-9]/.test(ch) ? `&#x${ch.charCodeAt(0).toString(16)};` : esc(ch))).join('')).join('<br>')}</p>`,
      ),
    ],
    ['<pre>', html(`<pre>${esc(LINES.join('\n'))}</pre>`)],
    [
      'hidden by CSS',
      html(
        `<p>Hallo</p><div style="display:none">${LINES.map(esc).join('<br>')}</div><span style="font-size:0">x</span>`,
      ),
    ],
    [
      'HTML labelled iso-8859-1 holding UTF-8',
      html(`<p>${PROSE}</p><p>${LINES.map(esc).join('<br>')}</p>`, 'iso-8859-1'),
    ],
  ];
  for (const [name, mail] of cases) it(name, () => probe(mail));
});

describe('format probes: file names read as a person reads them', () => {
  // `_` stands for a space in a file name: a value right after it is still a value of its own.
  const named = (name: string) =>
    withAttachment(
      `Content-Type: text/plain; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: 7bit`,
      'nothing here',
    );
  it('card number after an underscore', () => probe(named(`card_${CARD}.txt`), [CARD]));
  it('a match both readings of a name hold is one finding', async () => {
    const r = await scanAndRedact(named(`creds_${AWS}.txt`), { detector, fingerprintKey: KEY });
    // Once in the name parameter, once in the filename parameter: not twice each.
    expect(
      r.matches
        .filter((m) => m.match.value === AWS)
        .map((m) => JSON.stringify([m.where, m.match.start, m.match.ruleId])),
    ).toHaveLength(2);
  });
  it('tokens that hold underscores stay whole', async () => {
    const r = await scanAndRedact(named(`sk_live_51HxYzAbCdEfGhIjKlMnOpQr ${AWS}.txt`), {
      detector,
      fingerprintKey: KEY,
    });
    const values = r.matches.map((m) => m.match.value);
    expect(values).toContain('sk_live_51HxYzAbCdEfGhIjKlMnOpQr');
    expect(values).toContain(AWS);
    expect(await survivors(r.redacted!, ['51HxYzAbCdEfGhIjKlMnOpQr', AWS])).toEqual([]);
  });
});

describe('format probes: keywords with letters beyond ASCII, in the charset they were sent in', () => {
  const kw = (keyword: string, cs: string, label: string) =>
    mime(
      `Content-Type: text/plain; charset=${label}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      enc(`Hallo,\r\n${keyword}: ${PASSWORD}\r\n`, cs),
    );
  const cases: Array<[string, Buffer]> = [
    ['Latin-1 "Contraseña" labelled utf-8', kw('Contraseña', 'latin1', 'utf-8')],
    ['Latin-1 "Lösenord" labelled utf-8', kw('Lösenord', 'latin1', 'utf-8')],
    ['ISO-8859-2 "Hasło" labelled iso-8859-2', kw('Hasło', 'iso-8859-2', 'iso-8859-2')],
    ['ISO-8859-9 "Şifre" labelled iso-8859-9', kw('Şifre', 'iso-8859-9', 'iso-8859-9')],
    ['UTF-8 "Contraseña" labelled iso-8859-1', kw('Contraseña', 'utf-8', 'iso-8859-1')],
    [
      'UTF-8 with one stray Latin-1 byte',
      mime(
        'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        `${utf8Latin1('Grüße')} ${enc('Köln', 'latin1')}\r\n${utf8Latin1('Contraseña')}: ${PASSWORD}\r\n`,
      ),
    ],
  ];
  for (const [name, mail] of cases) it(name, () => probe(mail, [PASSWORD]));

  it('mixed UTF-8 reading: well-formed UTF-8 as it is, every byte kept, never U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const bytes = Buffer.from(s, 'utf8');
        expect(decodeUtf8Mixed(bytes)).toBe(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = decodeUtf8Mixed(bytes);
        expect(text).not.toContain('\ufffd');
        expect(text.length).toBeLessThanOrEqual(bytes.length);
        expect(decodeCharset(bytes, 'utf-8')).toBe(text);
      }),
    );
  });
});

describe('format probes: text that ran into a header block', () => {
  it('is redacted line by line; the lines and fields around the secrets keep their bytes', async () => {
    const latin = enc('Grüße, Jörg', 'latin1');
    const mail = raw(HEAD, crlf(`${latin}\n${utf8Latin1(PROSE)}\n${LINES.join('\n')}\nDanke!\n`));
    const r = await scanAndRedact(mail, { detector, fingerprintKey: KEY });
    const out = r.redacted!.toString('latin1');
    expect(await survivors(r.redacted!, NEEDLES)).toEqual([]);
    // Untouched lines: byte for byte, 8-bit octets included; the block is still one header block.
    for (const line of [latin, utf8Latin1(PROSE), 'Danke!', HEAD.trimEnd()]) expect(out).toContain(line);
    expect(out.indexOf('\r\n\r\n')).toBeGreaterThan(out.indexOf('Danke!'));
  });
});
