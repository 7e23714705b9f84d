import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodedHeader } from '../../src/domain/mime-edit.js';
import { encodeCharset } from '../fixtures/mail/builders.mjs';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { fieldNames, headerDefects } from '../helpers/header-structure.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/**
 * What the helpdesk receives through a running gateway: header blocks that stay whole whatever
 * the Subject looks like, Subjects that read as the customer wrote them plus the ticket tag, and
 * secrets in header fields other than Subject (X- fields, display names, file names) redacted.
 */

const LONG_SUBJECT = 'Login problem with the customer portal since the update last Tuesday, please help';
const CANARY_AWS = 'AKIAQ7HEADER7XW3MZ4P';
const CANARY_PASSWORD = 'Hdr-Canary-Pw-4471!';
const TAG = / \[#DG-[0-9A-Z]{6}\]$/;

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.dispose();
});

async function send(raw: Buffer): Promise<string> {
  const c = await SmtpClient.connect(t.port);
  try {
    await c.ehlo('mx.customer.test');
    const r = await c.sendMail('jane@customer.test', ['support@localhost'], raw);
    expect(r.final.code).toBe(250);
    return r.queueId!;
  } finally {
    await c.quit();
  }
}

async function delivered(queueId: string): Promise<Buffer> {
  const m = await waitFor(
    () => maildirMessages(t.paths.maildir).find((f) => f.file.split('.')[1] === queueId),
    {
      what: `delivery of ${queueId}`,
    },
  );
  return Buffer.from(m.content, 'latin1');
}

const mail = (id: string, subjectLine: string, body: string, extra: string[] = []): Buffer =>
  Buffer.from(
    [
      'From: Jane Customer <jane@customer.test>',
      'To: support@localhost',
      subjectLine,
      `Message-ID: <${id}@customer.test>`,
      ...extra,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
      '',
    ].join('\r\n'),
    'latin1',
  );

/** The checks every delivered message must pass: a whole header block with the original's fields. */
function expectWhole(sent: Buffer, got: Buffer): void {
  expect(headerDefects(got)).toEqual([]);
  for (const f of fieldNames(sent)) if (!f.startsWith('content-')) expect(fieldNames(got)).toContain(f);
  expect(fieldNames(got)).toContain('mime-version');
  expect(fieldNames(got)).toContain('content-type');
}

describe('the Subject through a running gateway', () => {
  it('keeps the header block whole after a long Subject, clean or redacted', async () => {
    for (const [id, body] of [
      ['long-clean', 'Nothing secret here.'],
      ['long-redacted', `My password is ${CANARY_PASSWORD} since Tuesday.`],
    ] as const) {
      const sent = mail(id, `Subject: ${LONG_SUBJECT}`, body);
      const got = await delivered(await send(sent));
      expectWhole(sent, got);
      const parsed = await simpleParser(got);
      expect(parsed.subject).toMatch(TAG);
      expect(parsed.subject?.replace(TAG, '')).toBe(LONG_SUBJECT);
      expect(parsed.text).toContain(id === 'long-clean' ? body : 'My password is [REDACTED:password]');
      expect(got.toString('latin1')).not.toContain(CANARY_PASSWORD);
    }
  });

  it.each([
    [
      'raw UTF-8 (RFC 6532)',
      Buffer.from('Säying hello — 日本語 😀', 'utf8').toString('latin1'),
      'Säying hello — 日本語 😀',
    ],
    ['UTF-7 encoded-words', 'Re: =?UTF-7?Q?Hi_+AOQ-?= there', 'Re: Hi ä there'],
    [
      'ISO-2022-JP encoded-words',
      `=?ISO-2022-JP?B?${encodeCharset('テストです', 'iso-2022-jp').toString('base64')}?=`,
      'テストです',
    ],
    ['Windows-1252 8-bit', 'Gr\xfc\xdfe \x80 5', 'Grüße € 5'],
  ])('passes a %s Subject byte for byte and appends the tag', async (kind, value, text) => {
    const id = `subject-${kind.replace(/\W+/g, '-')}`;
    const sent = mail(id, `Subject: ${value}`, 'Hello.');
    const got = await delivered(await send(sent));
    expectWhole(sent, got);
    expect(got.toString('latin1')).toMatch(
      new RegExp(`\\r\\nSubject: ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[#DG-`),
    );
    expect(decodedHeader(got, 'subject').replace(TAG, '')).toBe(text);
  });
});

describe('secrets in header fields other than Subject', () => {
  it('are redacted in what is delivered and are nowhere at rest', async () => {
    const boundary = 'b-hdr-1';
    const sent = Buffer.from(
      [
        `From: "Jane ${CANARY_AWS}" <jane@customer.test>`,
        'To: support@localhost',
        'Subject: logs attached',
        'Message-ID: <hdr-secrets@customer.test>',
        `X-Customer-Note: my password is ${CANARY_PASSWORD}`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the log.',
        `--${boundary}`,
        `Content-Type: text/plain; name="backup-${CANARY_AWS}.log"`,
        `Content-Disposition: attachment; filename="backup-${CANARY_AWS}.log"`,
        `Content-Description: the password is ${CANARY_PASSWORD}`,
        '',
        'log line one',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
      'latin1',
    );
    const queueId = await send(sent);
    const got = await delivered(queueId);
    expect(headerDefects(got)).toEqual([]);
    const text = got.toString('latin1');
    expect(text).not.toContain(CANARY_AWS);
    expect(text).not.toContain(CANARY_PASSWORD);
    const parsed = await simpleParser(got);
    expect(parsed.from?.value).toEqual([
      { name: 'Jane [REDACTED:aws_access_key]', address: 'jane@customer.test' },
    ]);
    expect(parsed.headers.get('x-customer-note')).toBe('my password is [REDACTED:password]');
    const log = parsed.attachments.find((a) => a.filename?.startsWith('backup-'));
    expect(log?.filename).toBe('backup-[REDACTED:aws_access_key].log');
    expect(log?.content.toString()).toContain('log line one');
    await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
      what: 'the delivery to be recorded',
    });
    await t.gateway.stop(); // flush the database and every file
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.includes(CANARY_AWS)) hits.push(`file name ${p}`);
        else
          for (const c of [CANARY_AWS, CANARY_PASSWORD])
            if (readFileSync(p).includes(c)) hits.push(`${p}: ${c}`);
      }
    };
    walk(t.paths.dir);
    expect(hits).toEqual([]);
  });
});
