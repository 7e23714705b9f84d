import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../../src/domain/message.js';
import { MAX_MESSAGE_BYTES, messageText, noticeLanguageOf } from '../../../src/stages/notice/message-text.js';
import { type NoticePort, type NoticeSettings, noticeStage } from '../../../src/stages/notice-stage.js';
import { MAILS, quote } from './language-mails.js';

type MailOptions = ConstructorParameters<typeof MailComposer>[0];
const build = (opts: MailOptions): Promise<Buffer> =>
  new MailComposer({ from: 'kunde@customer.example', to: 'support@localhost', subject: 'Zugang', ...opts })
    .compile()
    .build();

const GERMAN = MAILS.find((m) => m.lang === 'de' && m.name.startsWith('Outlook,'))!.body;
const FRENCH = MAILS.find((m) => m.lang === 'fr' && m.name.startsWith('Gmail'))!.body;
const ENGLISH_REPLY =
  'Hello,\nthank you for your message. Could you please tell us which browser you are using and since when?\nBest regards,\nExample Support';

describe('what the notice language is judged on', () => {
  it('the plain text of a text-and-HTML message', async () => {
    const raw = await build({
      text: GERMAN,
      html: '<p>Hello, this HTML part says something else in English.</p>',
    });
    const t = await messageText(raw);
    expect(t.body).toContain('wie besprochen schicke ich Ihnen die Daten');
    expect(await noticeLanguageOf(raw, 'en')).toBe('de');
  });

  it('the text of an HTML-only message, its blockquote read as a quote', async () => {
    const html = `<div dir="ltr"><p>Bonjour,</p><p>Depuis ce matin je n'arrive plus à me connecter à mon espace client. Pouvez-vous vérifier, s'il vous plaît&nbsp;? Le mot de passe est [REDACTED:password].</p><p>Cordialement,<br>Claire</p></div>
<div class="gmail_quote"><div class="gmail_attr">Le mar. 4 mars 2025 à 10:02, Example Support &lt;support@example.com&gt; a écrit&nbsp;:<br></div>
<blockquote class="gmail_quote">${ENGLISH_REPLY.replace(/\n/g, '<br>').repeat(6)}</blockquote></div>`;
    const raw = await build({ html });
    const t = await messageText(raw);
    expect(t.body).toMatch(/^> Hello,/m);
    expect(await noticeLanguageOf(raw, 'en')).toBe('fr');
  });

  it('an Outlook HTML reply, the original below its "Von: / Gesendet:" block', async () => {
    const html = `<p class="MsoNormal">Guten Tag,</p><p class="MsoNormal">anbei wie gewünscht die Zugangsdaten für den Server, das Passwort ist [REDACTED:password]. Bitte geben Sie mir Bescheid, wenn Sie es nicht mehr brauchen.</p><p class="MsoNormal">Viele Grüße<br>Maria Lange</p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>Von:</b> Example Support &lt;support@example.com&gt;<br><b>Gesendet:</b> Montag, 3. März 2025 16:45<br><b>An:</b> Maria Lange<br><b>Betreff:</b> Server</p></div>
<p class="MsoNormal">${'Hello Maria, could you please send us the details of your server so that we can look into the problem? '.repeat(8)}</p>`;
    expect(await noticeLanguageOf(await build({ html }), 'en')).toBe('de');
  });

  it('the Content-Language of the message, or of its body part', async () => {
    const top = await build({ text: GERMAN, headers: { 'Content-Language': 'fr-FR, de' } });
    expect((await messageText(top)).contentLanguage).toBe('fr-FR, de');
    expect(await noticeLanguageOf(top, 'en')).toBe('fr');
    const onPart = await build({
      alternatives: [
        { contentType: 'text/plain; charset=utf-8', content: GERMAN, headers: { 'Content-Language': 'nl' } },
      ],
      text: undefined,
      html: '<p>x</p>',
    });
    expect(await noticeLanguageOf(onPart, 'en')).toBe('nl');
  });

  for (const encoding of ['base64', 'quoted-printable'] as const)
    it(`a UTF-8 body in ${encoding}`, async () => {
      const raw = await build({ text: FRENCH, textEncoding: encoding });
      expect(raw.toString('latin1')).toContain(`Content-Transfer-Encoding: ${encoding}`);
      expect((await messageText(raw)).body).toContain("je n'arrive plus à me connecter");
      expect(await noticeLanguageOf(raw, 'en')).toBe('fr');
    });

  for (const charset of ['iso-8859-1', 'windows-1252'])
    it(`an 8-bit body in ${charset}`, async () => {
      const raw = Buffer.concat([
        Buffer.from(
          `From: a@b.example\r\nTo: support@localhost\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        ),
        Buffer.from(FRENCH.replace(/\n/g, '\r\n').replace(/–/g, '-'), 'latin1'),
      ]);
      expect((await messageText(raw)).body).toContain("je n'arrive plus à me connecter");
      expect(await noticeLanguageOf(raw, 'en')).toBe('fr');
    });

  it('not a forwarded message inside, nor a text attachment', async () => {
    const forwarded = await build({ text: GERMAN });
    const raw = await build({
      html: '<p>FYI</p>',
      attachments: [
        { filename: 'forward.eml', content: forwarded, contentType: 'message/rfc822' },
        { filename: 'notes.txt', content: GERMAN, contentType: 'text/plain' },
      ],
    });
    expect((await messageText(raw)).body.trim()).toBe('FYI');
    expect(await noticeLanguageOf(raw, 'pl')).toBe('pl');
  });

  it('not the notes Deskguard put where it removed a part', async () => {
    const raw = await build({
      text: 'Deskguard removed attachment 2 (application/zip) from this message: it held a secret.\r\nAsk the sender to share it through the secure channel instead.\r\n',
    });
    expect(await noticeLanguageOf(raw, 'nl')).toBe('nl');
  });

  it('only the beginning of a message: a body after MAX_MESSAGE_BYTES is not read', async () => {
    // An inline image first, then the text (no file name: a body part) beyond the bound.
    const message = (imageBytes: number) =>
      Buffer.from(
        [
          'From: a@b.example',
          'To: support@localhost',
          'Subject: x',
          'MIME-Version: 1.0',
          'Content-Type: multipart/related; boundary="b1"',
          '',
          '--b1',
          'Content-Type: image/png',
          'Content-Transfer-Encoding: base64',
          '',
          ...(Buffer.alloc(imageBytes, 0x41)
            .toString('base64')
            .match(/.{1,76}/g) ?? []),
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          GERMAN.replace(/\n/g, '\r\n'),
          '--b1--',
          '',
        ].join('\r\n'),
      );
    expect(await noticeLanguageOf(message(1000), 'it')).toBe('de');
    expect(await noticeLanguageOf(message(MAX_MESSAGE_BYTES), 'it')).toBe('it');
  });

  it('answers the fallback for anything that is not a readable message, never throws', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from('\r\n\r\n'), Buffer.from('garbage without headers')])
      expect(await noticeLanguageOf(raw, 'es')).toBe('es');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        expect(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl']).toContain(
          await noticeLanguageOf(Buffer.from(bytes), 'en'),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('the notice stage writes the notice in the sender’s language', () => {
  const ctx = (raw: Buffer, redacted: Buffer | undefined): MessageContext => ({
    queueId: 'Q1',
    envelope: {
      mailFrom: 'kunde@customer.example',
      rcptTo: ['support@localhost'],
      remoteAddress: '192.0.2.1',
      clientHostname: 'x',
      helo: 'x',
      tls: false,
      receivedAt: 0,
    },
    raw,
    redacted,
    attempt: 1,
    addHeaders: [],
    writes: [],
    verdict: 'redact',
    ticketId: 'DG-7K3QF9',
    deliveredSubject: 'Zugang',
    findings: [
      {
        type: 'password',
        ruleId: 'r',
        where: 'body',
        start: 0,
        end: 1,
        confidence: 1,
        preview: '****',
        fingerprint: 'f',
      },
    ],
    senderView: { places: [{ in: 'body' }], removed: [] },
  });
  const settings = (over: Partial<NoticeSettings> = {}): NoticeSettings => ({
    enabled: true,
    ownAddresses: ['support@localhost'],
    windowMs: 0,
    language: 'en',
    detectLanguage: true,
    ...over,
  });
  async function language(c: MessageContext, s: NoticeSettings): Promise<string> {
    const languages: string[] = [];
    const port: NoticePort = {
      lastNoticeAt: () => undefined,
      recordNotice: () => ({ sql: 'SELECT 1', params: [] }),
      async compose(input) {
        languages.push(input.language);
        return Buffer.from('notice');
      },
    };
    await noticeStage(port, s, { now: () => 0 }).run(c, new AbortController().signal);
    expect(languages).toHaveLength(1);
    return languages[0]!;
  }

  it('judges the redacted message, not the original', async () => {
    const original = await build({ text: `Hello, this is the original in English.\n${quote(GERMAN)}` });
    const redacted = await build({ text: GERMAN });
    expect(await language(ctx(original, redacted), settings())).toBe('de');
  });

  it('answers notify.language when language detection is off or there is no redacted copy', async () => {
    const redacted = await build({ text: GERMAN });
    expect(await language(ctx(redacted, redacted), settings({ detectLanguage: false, language: 'fr' }))).toBe(
      'fr',
    );
    expect(await language(ctx(redacted, undefined), settings({ language: 'pt' }))).toBe('pt');
  });
});
