import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { headerOctetsToText } from '../../../src/domain/header-text.js';
import { guessLegacyCharset } from '../../../src/domain/legacy-charset.js';
import { createDetector } from '../../../src/stages/detect/engine.js';
import { decodeCharset } from '../../../src/stages/detect/extract/decode.js';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { parseMail } from '../redact/helpers.js';

// Sentences as customers write them, each with the code pages its language is sent in.
const CENTRAL_AND_TURKISH: ReadonlyArray<[string, readonly string[]]> = [
  ['Dzień dobry, moje hasło do panelu to Zółw!2024, proszę o pomoc. Łukasz', ['windows-1250', 'iso-8859-2']],
  ['hasło: Abc123x', ['windows-1250', 'iso-8859-2']],
  ['Dobrý den, heslo k účtu je Kočka77, děkuji. Jiří Novák', ['windows-1250', 'iso-8859-2']],
  ['Šifrované heslo je v příloze, přihlašovací jméno je správce', ['windows-1250', 'iso-8859-2']],
  ['Merhaba, şifrem Kedi!2024 ve kullanıcı adım ayşe. Teşekkürler', ['windows-1254', 'iso-8859-9']],
  ['Şifre: Gül2024', ['windows-1254', 'iso-8859-9']],
];

const WESTERN = [
  'Hallo, mein Passwort für das Kundenkonto lautet Schöne-Grüße7, bitte prüfen. Jürgen',
  'Bonjour, le mot de passe de mon compte est Été2024! Très urgent, merci. Hélène',
  'Hej, lösenordet till kontot är Älg-2024 och användarnamnet är åsa.',
  'Olá, a senha da minha conta é Ação#2024, não consigo entrar. João, nº 5',
  'Hola, la contraseña de mi cuenta es Niño2024. Begoña',
  'Ciao, la password è Perché99 e non funziona più',
  'Hej, adgangskoden til routeren er Rødgrød-med-fløde, tak. Søren',
  'Prijs € 25, 20°C, “quoted” — and œuvre ½',
];

describe('legacy 8-bit text without a usable label', () => {
  it('reads Polish, Czech and Turkish in their own code pages', () => {
    for (const [text, charsets] of CENTRAL_AND_TURKISH)
      for (const charset of charsets) {
        const bytes = iconv.encode(text, charset);
        expect(decodeCharset(bytes, undefined), `${charset}: ${text}`).toBe(text);
        expect(decodeCharset(bytes, 'us-ascii'), `us-ascii ${charset}: ${text}`).toBe(text);
        expect(headerOctetsToText(bytes.toString('latin1')), `header ${charset}`).toBe(text);
      }
  });

  it('keeps reading Western text as Windows-1252', () => {
    for (const text of WESTERN) {
      const bytes = iconv.encode(text, 'windows-1252');
      expect(guessLegacyCharset(bytes), text).toBe('windows-1252');
      expect(decodeCharset(bytes, undefined)).toBe(text);
      expect(decodeCharset(bytes, 'iso-8859-1')).toBe(text);
    }
  });

  it('never moves text in one Western language away from Windows-1252', () => {
    const letters: Record<string, string> = {
      de: 'äöüßÄÖÜ',
      fr: 'àâæçéèêëîïôœùûüÿÉÀÇ',
      es: 'áéíñóúüÁÉÑ',
      pt: 'àáâãçéêíóôõúÃÇ',
      it: 'àèéìíîòóùÈ',
      nl: 'éëïóöüèàÉ',
      sv: 'åäöéÅÄÖ',
      da: 'æøåéÆØÅ',
    };
    // Punctuation where Western text puts it: at a word's edge („so“, «oui», ¿qué?, 5 €, etc…).
    const punctuation = '€°½“”‘’–—…«»§¿¡„';
    const word = fc.stringMatching(/^[a-zA-Z0-9]{0,6}$/);
    const nonEmpty = fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/);
    const text = fc.constantFrom(...Object.values(letters)).chain((own) => {
      const lettered = fc.tuple(word, fc.constantFrom(...own), word).map((p) => p.join(''));
      const mark = fc.constantFrom(...punctuation);
      const token = fc.oneof(
        lettered,
        fc.tuple(mark, lettered).map((p) => p.join('')),
        fc.tuple(nonEmpty, mark).map((p) => p.join('')),
        mark,
      );
      return fc.array(token, { minLength: 1, maxLength: 12 }).map((tokens) => tokens.join(' '));
    });
    fc.assert(
      fc.property(text, (t) => {
        expect(guessLegacyCharset(iconv.encode(t, 'windows-1252'))).toBe('windows-1252');
      }),
    );
  });

  it('overrules a Western label only with a clear margin', () => {
    const polish = iconv.encode('Dzień dobry, hasło to Zółw!2024, proszę. Łukasz', 'iso-8859-2');
    expect(decodeCharset(polish, 'iso-8859-1')).toContain('hasło');
    // One ambiguous byte is no reason to distrust the label.
    expect(decodeCharset(Buffer.from([0x6e, 0xba, 0x20, 0x35]), 'iso-8859-1')).toBe('nº 5');
  });

  it('finds a Polish password keyword in an undeclared 8-bit body', async () => {
    const body = iconv.encode(
      'Dzień dobry,\r\nhasło do skrzynki: Wrzesień#2026Xq\r\nPozdrawiam\r\n',
      'iso-8859-2',
    );
    const mail = Buffer.concat([
      Buffer.from(
        'From: a@example.pl\r\nTo: support@example.com\r\nSubject: konto\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      body,
    ]);
    const { units } = await extractMessage(mail);
    const text = units.map((u) => u.text).join('\n');
    expect(text).toContain('hasło do skrzynki');
    const found = createDetector().scan(text);
    expect(found.map((f) => f.value)).toContain('Wrzesień#2026Xq');
  });
});

describe('an HTML body whose charset is only in its meta tag', () => {
  const mail = (contentType: string, html: string, charset: string) =>
    Buffer.concat([
      Buffer.from(
        `From: a@example.pl\r\nTo: support@example.com\r\nSubject: konto\r\nMIME-Version: 1.0\r\n${contentType}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      iconv.encode(html, charset),
    ]);
  const texts = async (raw: Buffer) => (await extractMessage(raw)).units.map((u) => u.text).join('\n');

  it('is read in the charset the meta tag names', async () => {
    for (const [meta, charset, word] of [
      ['<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">', 'iso-8859-2', 'Jiří'],
      ["<meta charset='windows-1250'>", 'windows-1250', 'Jiří'],
      ['<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=KOI8-R">', 'koi8-r', 'Пароль'],
    ] as const) {
      const html = `<html><head>${meta}</head><body><p>${word}: heslo je Kočka77</p></body></html>`;
      for (const contentType of ['Content-Type: text/html', 'Content-Type: text/html; charset=us-ascii'])
        expect(await texts(mail(contentType, html, charset)), `${contentType} ${meta}`).toContain(word);
    }
  });

  it('keeps the MIME label when the header names a real charset', async () => {
    const html = '<html><head><meta charset="iso-8859-2"></head><body>Grüße, Jürgen</body></html>';
    expect(
      await texts(mail('Content-Type: text/html; charset=windows-1252', html, 'windows-1252')),
    ).toContain('Grüße, Jürgen');
  });
});

describe('redacting legacy 8-bit bodies', () => {
  it('writes the redacted part back with the letters the customer wrote', async () => {
    const KEY = Buffer.alloc(32, 7);
    const detector = createDetector();
    const bodies: ReadonlyArray<[string, string, string]> = [
      [
        'Content-Type: text/plain',
        'iso-8859-2',
        'Dzień dobry,\r\nhasło do skrzynki: Wrzesień#2026Xq\r\nŁukasz\r\n',
      ],
      [
        'Content-Type: text/html',
        'windows-1250',
        '<html><head><meta charset="windows-1250"></head><body><p>Dobrý den, heslo: Kočka#77xQ</p><p>Jiří</p></body></html>',
      ],
    ];
    for (const [contentType, charset, body] of bodies) {
      const raw = Buffer.concat([
        Buffer.from(
          `From: a@example.pl\r\nTo: support@example.com\r\nSubject: konto\r\nMIME-Version: 1.0\r\n${contentType}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        ),
        iconv.encode(body, charset),
      ]);
      const r = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
      expect(r.findings.length, charset).toBeGreaterThan(0);
      expect(r.redacted, charset).toBeDefined();
      const mail = await parseMail(r.redacted as Buffer);
      const text = `${mail.text ?? ''}${typeof mail.html === 'string' ? mail.html : ''}`;
      expect(text, charset).not.toMatch(/Wrzesień#2026Xq|Kočka#77xQ/);
      expect(text, charset).toMatch(/Dzień dobry|Dobrý den/);
      expect(text, charset).toMatch(/Łukasz|Jiří/);
    }
  });
});
