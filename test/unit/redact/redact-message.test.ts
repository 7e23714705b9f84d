import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/stages/detect/redact/plan.js';
import { redactMessage } from '../../../src/stages/detect/redact/redact-message.js';
import {
  attachedMessage,
  encodeWord,
  leaf,
  message,
  multipart,
  pdf,
  zip,
} from '../../fixtures/mail/builders.mjs';
import { AWS, GHP, PASSWORD, PEM } from '../extract/samples.js';
import { parseMail, redactWithFake, survivors } from './helpers.js';

const FIELDS = {
  From: 'Kunde <kunde@example.org>',
  To: 'support@localhost',
  Cc: 'ops@example.org',
  Date: 'Mon, 4 Mar 2024 10:00:00 +0100',
  'Message-ID': '<m1@example.org>',
  'In-Reply-To': '<m0@example.org>',
  References: '<m0@example.org>',
  'X-Mailer': 'Thunderbird',
};
const parse = parseMail;

describe('redactMessage', () => {
  it('returns the very same bytes for an empty plan', async () => {
    const raw = message({ ...FIELDS, Subject: 'hello' }, leaf('nothing secret here'));
    expect(await redactMessage(raw, buildPlan([], []))).toBe(raw);
    expect((await redactWithFake(raw)).equals(raw)).toBe(true);
  });

  it('redacts subject, text and HTML and keeps the headers', async () => {
    const html = `<p>Hallo,<br>Key: AKIA<b>Q3EGRJ7W</b>XMZK&#52;P2N &amp; Passwort:&nbsp;<i>${PASSWORD.replace('&', '&amp;')}</i></p>`;
    const raw = message(
      { ...FIELDS, Subject: encodeWord(`Zugang für ${AWS}`) },
      multipart('alternative', [
        leaf(`Key: ${AWS}\nPasswort: ${PASSWORD}\n`, { charset: 'iso-8859-1' }),
        leaf(html, { type: 'text/html', encoding: 'base64' }),
      ]),
    );
    const out = await redactWithFake(raw);
    expect(await survivors(out, [AWS, PASSWORD, 'Q3EGRJ7W'])).toEqual([]);
    const mail = await parse(out);
    expect(mail.subject).toBe('Zugang für [REDACTED:aws_access_key]');
    expect(mail.text).toContain('Passwort: [REDACTED:password]');
    expect(mail.html).toContain(
      'Key: [REDACTED:aws_access_key] &amp; Passwort:&nbsp;<i>[REDACTED:password]</i>',
    );
    for (const h of ['message-id', 'in-reply-to', 'references', 'from', 'to', 'cc', 'date', 'x-mailer'])
      expect(mail.headers.get(h)).toEqual((await parse(raw)).headers.get(h));
  });

  it('redacts text attachments in place and keeps their name and type', async () => {
    const raw = message(
      { ...FIELDS, Subject: 'logs' },
      multipart('mixed', [
        leaf('see attached'),
        leaf(`user=admin\npassword=${PASSWORD}\n${PEM}\n`, {
          type: 'application/octet-stream',
          filename: 'prod.env',
          charset: undefined,
          encoding: 'base64',
        }),
      ]),
    );
    const out = await redactWithFake(raw);
    expect(await survivors(out, [PASSWORD, 'MIIEowIBAAKCAQEA'])).toEqual([]);
    const [att] = (await parse(out)).attachments;
    expect(att?.filename).toBe('prod.env');
    // The part keeps its declared type and name (mailparser would guess a type from ".env").
    expect(out.toString()).toMatch(/Content-Type: application\/octet-stream;[^\r\n]*name="?prod\.env/);
    expect(att?.content.toString()).toBe(
      'user=admin\npassword=[REDACTED:password]\n[REDACTED:private_key]\n'.replace(/\n/g, '\r\n'),
    );
  });

  it('replaces archives and PDFs with findings, and unscannable parts, by a note', async () => {
    const raw = message(
      { ...FIELDS, Subject: 'files' },
      multipart('mixed', [
        leaf('three files'),
        leaf(zip({ 'a/b.txt': `token ${GHP}` }), { type: 'application/zip', filename: 'dump.zip' }),
        leaf(pdf([`key ${AWS}`]), { type: 'application/pdf', filename: 'scan.pdf' }),
        leaf(pdf(['x'], { encrypted: true }), { type: 'application/pdf', filename: 'locked.pdf' }),
        leaf(pdf(['nothing to see']), { type: 'application/pdf', filename: 'clean.pdf' }),
      ]),
    );
    const out = await redactWithFake(raw);
    expect(await survivors(out, [GHP, AWS])).toEqual([]);
    const mail = await parse(out);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['clean.pdf']);
    expect(mail.text).toContain(
      'removed attachment 1 (application/zip) from this message: it contained sensitive data (github_token)',
    );
    expect(mail.text).toContain('removed attachment 2 (application/pdf) from this message');
    expect(mail.text).toContain(
      'removed attachment 3 (application/pdf) from this message: password-protected PDF, encrypted',
    );
    // Without a name check, no file name reaches a note.
    for (const name of ['dump.zip', 'scan.pdf', 'locked.pdf']) expect(mail.text).not.toContain(name);
  });

  it('redacts inside a forwarded message/rfc822 and keeps it a message', async () => {
    const inner = message(
      { From: 'ops@example.org', Subject: `key ${AWS}`, 'Message-ID': '<inner@x>' },
      multipart('mixed', [leaf(`password: ${PASSWORD}`), leaf(`${GHP}\n`, { filename: 'token.txt' })]),
    );
    for (const encoding of ['7bit', 'base64'] as const) {
      const raw = message(
        { ...FIELDS, Subject: 'Fwd: key' },
        multipart('mixed', [leaf('forwarding'), attachedMessage(inner, { filename: 'fwd.eml', encoding })]),
      );
      const out = await redactWithFake(raw);
      expect(await survivors(out, [AWS, PASSWORD, GHP])).toEqual([]);
      const fwd = (await parse(out)).attachments.find((a) => a.contentType === 'message/rfc822');
      const innerMail = await parse(fwd?.content as Buffer);
      expect(innerMail.subject).toBe('key [REDACTED:aws_access_key]');
      expect(innerMail.messageId).toBe('<inner@x>');
    }
  });

  it('redacts an inline message/rfc822 (parsed as part of the same MIME tree)', async () => {
    const inner = message(
      { From: 'ops@example.org', Subject: `key ${AWS}` },
      leaf(`password: ${PASSWORD}`, { encoding: '7bit' }),
    );
    const raw = message(
      { ...FIELDS, Subject: 'Fwd' },
      multipart('mixed', [leaf('see below'), attachedMessage(inner, { disposition: 'inline' })]),
    );
    const out = await redactWithFake(raw);
    expect(await survivors(out, [AWS, PASSWORD])).toEqual([]);
    expect(out.toString()).toContain('Subject: key [REDACTED:aws_access_key]');
  });

  it('redacts an HTML attachment in its source, through tags and entities', async () => {
    const page = `<html><body><p>Key: AKIA<i>Q3EGRJ7W</i>XMZK&#52;P2N</p></body></html>`;
    const raw = message(
      { ...FIELDS, Subject: 'page' },
      multipart('mixed', [leaf('see page'), leaf(page, { type: 'text/html', filename: 'export.html' })]),
    );
    const out = await redactWithFake(raw);
    expect(await survivors(out, [AWS, 'Q3EGRJ7W'])).toEqual([]);
    const [att] = (await parse(out)).attachments;
    expect(att?.filename).toBe('export.html');
    expect(att?.content.toString()).toContain('<p>Key: [REDACTED:aws_access_key]</p>');
  });

  it('drops the unscanned tail of an over-long body', async () => {
    const raw = message({ ...FIELDS, Subject: 'long' }, leaf(`${'a'.repeat(100)} ${AWS}`));
    const out = await redactWithFake(raw, { maxTextBytesPerUnit: 50 });
    expect(await survivors(out, [AWS])).toEqual([]);
    expect((await parse(out)).text).toContain('too long to check');
  });
});
