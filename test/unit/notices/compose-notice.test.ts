import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.js';
import type { SenderPlace } from '../../../src/domain/sender-view.js';
import { type ComposeNoticeInput, composeNotice } from '../../../src/stages/notice/compose-notice.js';

const TEMPLATES = fileURLToPath(new URL('../../../config/templates', import.meta.url));
const CANARY = 'hunter2-CANARY-9f8e7d';

const input = (over: Partial<ComposeNoticeInput> = {}): ComposeNoticeInput => ({
  to: 'alice@customer.example',
  from: 'Example Support <support@support.example>',
  ticketId: 'DG-7K3QF9',
  originalMessageId: '<orig-1@customer.example>',
  originalReferences: ['<older-1@customer.example>', '<older-2@support.example>'],
  subject: 'Cannot log in [REDACTED:password]',
  findings: [
    { type: 'password', where: { in: 'body' } },
    { type: 'payment_card', where: { in: 'subject' } },
    { type: 'private_key', where: { in: 'attachment', attachment: { position: 1, name: 'id_rsa.txt' } } },
    {
      type: 'aws_secret_key',
      where: {
        in: 'attachment',
        attachment: { position: 2, name: 'backup.zip' },
        inner: { position: 4, name: 'conf/.env' },
      },
    },
  ],
  secureChannelUrl: 'https://secure.support.example/upload',
  language: 'en',
  templateDir: TEMPLATES,
  ...over,
});

const parse = async (over: Partial<ComposeNoticeInput> = {}) =>
  simpleParser(await composeNotice(input(over)));

describe('composeNotice', () => {
  it('is an RFC 3834 auto-reply with our loop-safety headers and a fresh Message-ID', async () => {
    const raw = (await composeNotice(input())).toString('utf8');
    const m = await simpleParser(raw);
    expect(m.headers.get('auto-submitted')).toBe('auto-replied');
    expect(m.headers.get('x-deskguard-notice')).toBe('1');
    expect(m.headers.get('x-deskguard-ticket')).toBe('DG-7K3QF9');
    expect(m.headers.get('x-auto-response-suppress')).toBe('All');
    // Decided against: RFC 3834 uses Auto-Submitted; Precedence: bulk would file it as mass mail.
    expect(m.headers.has('precedence')).toBe(false);
    expect(m.subject).toBe('Re: Cannot log in [REDACTED:password] [#DG-7K3QF9]');
    expect(m.to && 'text' in m.to ? m.to.text : '').toBe('alice@customer.example');
    expect(m.messageId).toMatch(/^<notice\.[0-9a-f-]{36}@support\.example>$/);
    const again = await parse();
    expect(again.messageId).not.toBe(m.messageId);
    expect(raw).toContain('\r\n');
  });

  it('answers the original: In-Reply-To is it, References are its references plus it', async () => {
    const m = await parse();
    expect(m.inReplyTo).toBe('<orig-1@customer.example>');
    expect(m.references).toEqual([
      '<older-1@customer.example>',
      '<older-2@support.example>',
      '<orig-1@customer.example>',
    ]);
  });

  it('has text and HTML parts naming the ticket, each kind of data and where it was', async () => {
    const m = await parse();
    const html = String(m.html);
    for (const part of [m.text ?? '', html]) {
      expect(part).toContain('DG-7K3QF9');
      expect(part).toContain('a password in the message text');
      expect(part).toContain('a payment card number in the subject');
      expect(part).toMatch(/a private key in the attachment (&quot;|")id_rsa\.txt/);
      expect(part).toMatch(
        /an AWS secret key in the file (&quot;|")conf\/\.env(&quot;|") inside the attachment/,
      );
      expect(part).toContain('https://secure.support.example/upload');
      expect(part).toMatch(/change the password or revoke/);
    }
    expect(html).toContain('<a href="https://secure.support.example/upload">');
    expect(m.text).not.toContain('PGP');
  });

  it('shows the PGP key fingerprint and URL when configured', async () => {
    const m = await parse({
      pgpKey: { fingerprint: '0123 4567 89AB CDEF', url: 'https://support.example/key.asc' },
    });
    for (const part of [m.text ?? '', String(m.html)]) {
      expect(part).toContain('0123 4567 89AB CDEF');
      expect(part).toContain('https://support.example/key.asc');
    }
    const noUrl = await parse({ pgpKey: { fingerprint: 'FEDC BA98' } });
    expect(noUrl.text).toContain('FEDC BA98');
    expect(noUrl.text).not.toContain('published at');
  });

  it('never carries a finding preview or value, even when handed whole findings', async () => {
    const full: Omit<Finding, 'where'> & { where: SenderPlace; value: string } = {
      type: 'password',
      ruleId: 'password.assignment',
      where: { in: 'body' },
      start: 1,
      end: 9,
      confidence: 0.9,
      preview: `${CANARY.slice(0, 4)}****`,
      fingerprint: `fp-${CANARY}`,
      value: CANARY,
    };
    const raw = (await composeNotice(input({ findings: [full] }))).toString('utf8');
    const m = await simpleParser(raw);
    for (const text of [raw, m.text ?? '', String(m.html)]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('hunt****');
    }
    // @ts-expect-error the API takes only a kind and a place: a preview is not even accepted
    await composeNotice(input({ findings: [{ type: 'password', where: { in: 'body' }, preview: 'hu**' }] }));
  });

  it('escapes hostile subjects and attachment names in HTML and strips direction tricks', async () => {
    const m = await parse({
      subject: '<script>alert(1)</script> & "quotes"',
      findings: [
        {
          type: 'password',
          where: {
            in: 'attachment',
            attachment: { position: 1, name: '"><img src=x onerror=alert(1)>\u202Etxt.exe' },
          },
        },
      ],
    });
    const html = String(m.html);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('\u202E');
    expect(m.text).not.toContain('\u202E');
  });

  it('keeps CR/LF out of the headers', async () => {
    const raw = (
      await composeNotice(
        input({
          subject: 'Hello\r\nBcc: victim@evil.example\r\n\r\nInjected body',
          originalMessageId: '<orig-1@customer.example>\r\nBcc: victim2@evil.example',
          originalReferences: ['<a@b>\nX-Evil: 1'],
        }),
      )
    ).toString('utf8');
    const m = await simpleParser(raw);
    expect(m.headers.has('bcc')).toBe(false);
    expect(m.headers.has('x-evil')).toBe(false);
    expect(m.subject).toBe('Re: Hello Bcc: victim@evil.example Injected body [#DG-7K3QF9]');
    expect(m.inReplyTo).toBe('<orig-1@customer.example>');
    await expect(composeNotice(input({ to: 'a@b.example\r\nBcc: c@d.example' }))).rejects.toThrow(
      /recipient/,
    );
  });

  it('lists each kind and place once, and at most 20 lines', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      type: 'password',
      where: { in: 'attachment' as const, attachment: { position: i + 1, name: `f${i}.txt` } },
    }));
    const m = await parse({ findings: [...many, ...many] });
    expect(m.text?.match(/a password in the attachment/g)).toHaveLength(20);
    expect(m.text).toContain('and 10 more');
  });

  it('names a file whose name may not be shown by its position, never by its name', async () => {
    const m = await parse({
      findings: [
        { type: 'password', where: { in: 'attachment', attachment: { position: 2 } } },
        {
          type: 'aws_secret_key',
          where: { in: 'attachment', attachment: { position: 3 }, inner: { position: 5 } },
        },
      ],
    });
    for (const part of [m.text ?? '', String(m.html)]) {
      expect(part).toContain('a password in the attachment number 2');
      expect(part).toContain('an AWS secret key in the file number 5 inside the attachment number 3');
    }
  });

  it('says which files did not reach support and points to the secure channel', async () => {
    const removed: SenderPlace[] = [
      { in: 'attachment', attachment: { position: 2, name: 'backup.zip' } },
      { in: 'attachment', attachment: { position: 3 } },
      {
        in: 'attachment',
        attachment: { position: 4, name: 'fwd.eml' },
        inner: { position: 1, name: 'key.pdf' },
      },
    ];
    const m = await parse({ removed });
    for (const part of [m.text ?? '', String(m.html)]) {
      expect(part).toContain('did not reach our support team');
      expect(part).toMatch(/the attachment (&quot;|")backup\.zip(&quot;|")/);
      expect(part).toContain('the attachment number 3');
      expect(part).toMatch(/the file (&quot;|")key\.pdf(&quot;|") inside the attachment (&quot;|")fwd\.eml/);
    }
    expect(m.text).toMatch(/did not reach our support team[\s\S]*https:\/\/secure\.support\.example\/upload/);
    // Nothing removed: no such paragraph, and no run of blank lines where it would be.
    const none = await parse();
    expect(none.text).not.toContain('did not reach');
    expect(none.text).not.toMatch(/\n\n\n/);
  });

  it('refuses a notice without findings, a bad ticket id or a non-web secure channel', async () => {
    await expect(composeNotice(input({ findings: [] }))).rejects.toThrow(/findings/);
    await expect(composeNotice(input({ ticketId: 'DG-1' }))).rejects.toThrow(/ticket id/);
    await expect(composeNotice(input({ secureChannelUrl: 'javascript:alert(1)' }))).rejects.toThrow(/http/);
  });
});
