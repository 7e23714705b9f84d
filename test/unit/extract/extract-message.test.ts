import { describe, expect, it } from 'vitest';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import { attachedMessage, encodeWord, leaf, message, multipart } from '../../fixtures/mail/builders.mjs';
import { AWS, PASSWORD, PEM } from './samples.js';

const FIELDS = {
  From: 'Kunde <kunde@example.org>',
  To: 'support@localhost',
  'Message-ID': '<t1@example.org>',
};
const mail = (root: ReturnType<typeof leaf>, subject = 'Help') =>
  message({ ...FIELDS, Subject: subject }, root);
/** Units of subjects and contents: the other header texts (From's name, file names) have tests of their own. */
const contentUnits = <T extends { where: string }>(units: T[]): T[] =>
  units.filter((u) => !u.where.includes('header:'));
const textOf = async (raw: Buffer, where: string) =>
  (await extractMessage(raw)).units
    .filter((u) => u.where === where)
    .map((u) => u.text)
    .join('\n');

describe('extractMessage: bodies, encodings and charsets', () => {
  it('reads the subject (encoded words) and a quoted-printable body', async () => {
    const raw = mail(leaf(`Login: admin\npassword: ${PASSWORD}\n`), encodeWord(`Zugang für ${AWS}`));
    const units = contentUnits((await extractMessage(raw)).units);
    expect(units.map((u) => u.where)).toEqual(['subject', 'body']);
    expect(units[0]?.text).toBe(`Zugang für ${AWS}`);
    expect(units[1]?.text).toContain(`password: ${PASSWORD}`);
  });

  it.each([
    ['iso-8859-1', 'base64'],
    ['windows-1252', 'quoted-printable'],
    ['iso-8859-15', '8bit'],
    ['utf-8', 'base64'],
  ] as const)('decodes %s in %s', async (charset, encoding) => {
    const raw = mail(leaf(`Grüße, Prénom Ñandú – Schlüssel ${AWS}`, { charset, encoding }));
    expect(await textOf(raw, 'body')).toContain(`Grüße, Prénom Ñandú`);
    expect(await textOf(raw, 'body')).toContain(AWS);
  });

  it('reads UTF-8 mislabelled as a single-byte charset as UTF-8, and real Latin-1 as Latin-1', async () => {
    const withBody = (charset: string, body: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `From: a@example.org\r\nTo: support@localhost\r\nSubject: x\r\nMIME-Version: 1.0\r\n` +
            `Content-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        ),
        body,
        Buffer.from('\r\n'),
      ]);
    for (const charset of ['iso-8859-1', 'ISO-8859-2', 'windows-1252', 'latin1']) {
      const mislabelled = withBody(charset, Buffer.from('Mitt lösenord är Ålö-2291, hälsningar', 'utf8'));
      expect(await textOf(mislabelled, 'body')).toContain('Mitt lösenord är Ålö-2291');
    }
    const latin1 = withBody('iso-8859-1', Buffer.from('Grüße, mein Passwort: Bär-77', 'latin1'));
    expect(await textOf(latin1, 'body')).toContain('Grüße, mein Passwort: Bär-77');
    // One byte pair that happens to be valid UTF-8 does not make the rest UTF-8: the whole part decides.
    const mostlyLatin1 = withBody('iso-8859-1', Buffer.from('Ã© und Grüße', 'latin1'));
    expect(await textOf(mostlyLatin1, 'body')).toContain('Ã© und Grüße');
  });

  it('decodes ISO-2022-JP and Shift_JIS', async () => {
    for (const charset of ['iso-2022-jp', 'shift_jis']) {
      const raw = mail(
        leaf(`パスワードは ${PASSWORD} です`, {
          charset,
          encoding: charset === 'shift_jis' ? 'base64' : '7bit',
        }),
      );
      expect((await textOf(raw, 'body')).trim()).toBe(`パスワードは ${PASSWORD} です`);
    }
  });

  it('joins format=flowed soft line breaks so a wrapped value is whole', async () => {
    const raw = mail(
      leaf(`The key is AKIAQ3EGRJ7W \r\nXMZK4P2N thanks\r\n`, {
        encoding: '7bit',
        params: { format: 'flowed', delsp: 'yes' },
      }),
    );
    expect(await textOf(raw, 'body')).toContain(AWS);
  });

  it('reads HTML text through inline tags and entities, with a map back to the source', async () => {
    const html = `<p>Key: AKIA<b>Q3EGRJ7W</b>XMZK&#52;P2N</p><a href="https://admin:${PASSWORD}@db.example.org/">x</a>`;
    const raw = mail(multipart('alternative', [leaf('Key: see HTML'), leaf(html, { type: 'text/html' })]));
    const text = await textOf(raw, 'html');
    expect(text).toContain(`Key: ${AWS}`);
    expect(text).toContain(`https://admin:${PASSWORD}@db.example.org/`);
  });

  it('masks PGP messages and skips multipart/encrypted and S/MIME enveloped data', async () => {
    const armoured = `-----BEGIN PGP MESSAGE-----\n\nhQEMA${'x'.repeat(60)}\n=abcd\n-----END PGP MESSAGE-----`;
    const raw = mail(
      multipart('mixed', [
        leaf(`Hi, encrypted as asked:\n${armoured}\nbye`),
        multipart(
          'encrypted',
          [
            leaf('Version: 1', { type: 'application/pgp-encrypted', charset: undefined }),
            leaf(`password: ${PASSWORD}`, { type: 'application/octet-stream', filename: 'encrypted.asc' }),
          ],
          { params: { protocol: 'application/pgp-encrypted' } },
        ),
        leaf(Buffer.from('0\x82\x01\x00garbage'), {
          type: 'application/pkcs7-mime',
          filename: 'smime.p7m',
          params: { 'smime-type': 'enveloped-data' },
        }),
      ]),
    );
    const { units, unscannable } = await extractMessage(raw);
    expect(unscannable).toEqual([]);
    expect(contentUnits(units).map((u) => u.where)).toEqual(['subject', 'body']);
    expect(contentUnits(units)[1]?.text).not.toContain('hQEMA');
    expect(contentUnits(units)[1]?.text).toContain('bye');
  });
});

describe('extractMessage: attachments and forwards', () => {
  it('reads text-like attachments, with or without an extension', async () => {
    const raw = mail(
      multipart('mixed', [
        leaf('see attached'),
        leaf(`DB_PASSWORD=${PASSWORD}\n`, {
          type: 'application/octet-stream',
          filename: '.env',
          charset: undefined,
          encoding: 'base64',
        }),
        leaf(`${PEM}\n`, { type: 'application/octet-stream', filename: 'id_rsa', charset: undefined }),
        leaf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]), {
          type: 'image/png',
          filename: 'logo.png',
        }),
        leaf(Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 1, 2]), {
          type: 'application/octet-stream',
          filename: 'tool.exe',
        }),
      ]),
    );
    const { units, unscannable } = await extractMessage(raw);
    expect(units.find((u) => u.where === 'attachment:.env')?.text).toContain(PASSWORD);
    expect(units.find((u) => u.where === 'attachment:id_rsa')?.origin.kind).toBe('attachment');
    expect(units.some((u) => u.where === 'attachment:logo.png')).toBe(false);
    expect(unscannable).toMatchObject([{ where: 'attachment:tool.exe', encrypted: false }]);
  });

  it('reads an attached message/rfc822 as attachment:<name>!…', async () => {
    const inner = message(
      { From: 'ops@example.org', Subject: 'creds' },
      multipart('mixed', [leaf(`password: ${PASSWORD}`), leaf(AWS, { filename: 'key.txt' })]),
    );
    const raw = mail(
      multipart('mixed', [leaf('FYI, forwarding'), attachedMessage(inner, { filename: 'fwd.eml' })]),
    );
    const units = contentUnits((await extractMessage(raw)).units);
    expect(units.map((u) => [u.where, u.origin.part])).toEqual([
      ['subject', '0'],
      ['body', '1'],
      ['attachment:fwd.eml!subject', '2/0'],
      ['attachment:fwd.eml!body', '2/1'],
      ['attachment:fwd.eml!attachment:key.txt', '2/2'],
    ]);
  });

  it('treats a damaged winmail.dat as unscannable', async () => {
    const raw = mail(
      multipart('mixed', [
        leaf('hi'),
        leaf(Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0, 1, 2]), {
          type: 'application/ms-tnef',
          filename: 'winmail.dat',
        }),
      ]),
    );
    expect((await extractMessage(raw)).unscannable).toMatchObject([
      { where: 'attachment:winmail.dat', reason: expect.stringContaining('TNEF') },
    ]);
  });

  it('turns an exhausted time budget into unscannable parts instead of a stall', async () => {
    const raw = mail(multipart('mixed', [leaf('a'), leaf('b', { filename: 'b.txt' })]));
    // A budget already spent when extraction starts (the schema allows only positive values).
    const late = await extractMessage(raw, { timeBudgetMs: -1 });
    expect(late.unscannable.map((u) => [u.where, u.reason])).toEqual([
      ['body', 'time budget exceeded'],
      ['attachment:b.txt', 'time budget exceeded'],
    ]);
  });
});
