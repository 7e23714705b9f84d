import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maildirMessages, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'Sommer-Regen-4711!';
const CARD = '4929 1873 6604 5578';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ notify: { windowMinutes: 0, language: 'en' } });
});
afterAll(async () => {
  await gw?.dispose();
});

/** A customer's mail as their client sends it: UTF-8, 8 bit, CRLF. */
function mail(token: string, body: string, headers: string[] = []): Buffer {
  return Buffer.from(
    [
      'From: Thomas Weber <t.weber@customer.test>',
      'To: support@localhost',
      `Subject: Zugang ${token}`,
      `Message-ID: <${token}@customer.test>`,
      'Date: Tue, 04 Mar 2025 10:30:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      ...headers,
      '',
      body.replace(/\r?\n/g, '\r\n'),
      '',
    ].join('\r\n'),
    'utf8',
  );
}

async function send(raw: Buffer): Promise<void> {
  const c = await SmtpClient.connect(gw.port);
  await c.ehlo('mx.customer.test');
  const r = await c.sendMail('t.weber@customer.test', ['support@localhost'], raw);
  await c.quit();
  expect(r.final.code).toBe(250);
}

const noticeFor = (token: string) =>
  waitFor(
    () =>
      maildirMessages(join(gw.paths.dir, 'notices')).find((m) =>
        m.content.includes(`In-Reply-To: <${token}@customer.test>`),
      ),
    { what: `the notice for ${token}` },
  );

const GERMAN = `Guten Tag,

seit heute Morgen komme ich nicht mehr in unser Kundenportal, die Seite lädt kurz und zeigt dann
wieder die Anmeldung. Können Sie bitte nachsehen, woran das liegt? Damit Sie es selbst testen
können, hier meine Zugangsdaten:

Benutzer: t.weber
Passwort: ${PASSWORD}

Vielen Dank und viele Grüße
Thomas Weber

-- 
Thomas Weber | IT-Leitung
Weber & Söhne GmbH, Berlin

Am Mo., 3. März 2025 um 16:45 Uhr schrieb Example Support <support@localhost>:
> Hello Mr Weber,
>
> thank you for your message. Could you please tell us which browser you are using
> and since when the problem occurs? We will look into it right away.
>
> Best regards,
> Example Support
`;

it('answers a German mail with a password with a German notice, Content-Language: de, and no secret', async () => {
  await send(mail('lang-de-1', GERMAN));
  const notice = await noticeFor('lang-de-1');
  const raw = Buffer.from(notice.content, 'latin1');
  const n = await simpleParser(raw);
  expect(n.headers.get('content-language')).toBe('de');
  expect(n.text).toContain('Guten Tag,');
  expect(n.text).toContain('  - ein Passwort im Text der Nachricht');
  expect(n.text).toContain('Ändern Sie jetzt das Passwort');
  expect(String(n.html)).toContain('<html lang="de">');
  expect(n.text).not.toMatch(/thank you for your message/i);
  expect(secretsIn(raw, [PASSWORD])).toEqual([]);
  // Nor in the copy support receives, which the language was judged on.
  const copy = await waitFor(() =>
    maildirMessages(gw.paths.maildir).find((m) => m.content.includes('<lang-de-1@customer.test>')),
  );
  expect(copy.content).toContain('[REDACTED:password]');
  expect(secretsIn(Buffer.from(copy.content, 'latin1'), [PASSWORD])).toEqual([]);
});

it("links the German notice to its ticket's upload page, which answers in German", async () => {
  await send(mail('lang-de-2', GERMAN));
  const n = await simpleParser(Buffer.from((await noticeFor('lang-de-2')).content, 'latin1'));
  // The path only: a test gateway listens on a port of its own choosing (http.port 0).
  const path = /\/upload\/[A-Za-z0-9_-]{43}/.exec(n.text ?? '')?.[0];
  expect(path).toBeDefined();
  const page = await fetch(`http://127.0.0.1:${gw.gateway.httpPort}${path}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<html lang="de">');
  expect(html).toContain('Vertrauliche Daten sicher an uns senden');
});

it("follows the message's Content-Language over its words", async () => {
  await send(mail('lang-it-1', GERMAN, ['Content-Language: it-IT']));
  const n = await simpleParser(Buffer.from((await noticeFor('lang-it-1')).content, 'latin1'));
  expect(n.headers.get('content-language')).toBe('it');
  expect(n.text).toContain('una password nel testo del messaggio');
});

it('falls back to notify.language for a language it has no notice in', async () => {
  const swedish = `Hej,\n\njag kan inte logga in på mitt konto sedan i morse och sidan frågar efter mina uppgifter igen.\nKortnummer: ${CARD}\n\nMed vänliga hälsningar\nErik\n`;
  await send(mail('lang-sv-1', swedish));
  const notice = await noticeFor('lang-sv-1');
  const n = await simpleParser(Buffer.from(notice.content, 'latin1'));
  expect(n.headers.get('content-language')).toBe('en');
  expect(n.text).toContain('a payment card number');
  expect(secretsIn(Buffer.from(notice.content, 'latin1'), [CARD, CARD.replace(/ /g, '')])).toEqual([]);
});
