import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/** Header block (with its final CRLF) and body of a message, split at the first empty line. */
function split(content: string): { head: string; body: string } {
  const at = content.indexOf('\r\n\r\n');
  return { head: content.slice(0, at + 2), body: content.slice(at + 4) };
}

async function deliveredById(t: TestGateway, queueId: string) {
  return waitFor(() => maildirMessages(t.paths.maildir).find((m) => m.file.split('.')[1] === queueId), {
    what: `delivery of ${queueId}`,
  });
}

describe('what is delivered is what was sent', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('keeps the body byte for byte (8-bit text, dot lines, long lines, trailing spaces) and every original header', async () => {
    const long = 'L'.repeat(990);
    const body = [
      'Grüße aus Köln, ñandú, 日本語, emoji 😀',
      '.leading dot',
      '..two leading dots',
      '.',
      'trailing spaces   ',
      '\ttab first',
      long,
      ...Array.from({ length: 5000 }, (_, i) => `line ${i} ${'abcdefghij'.repeat(5)}`),
      'TOKEN:fidelity',
    ].join('\r\n');
    const original = Buffer.from(
      [
        'From: Customer <customer@example.org>',
        'To: support@localhost',
        'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
        'Message-ID: <fidelity@e2e.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        body,
        '',
      ].join('\r\n'),
      'utf8',
    );
    const client = await SmtpClient.connect(t.port);
    let queueId: string | undefined;
    try {
      await client.ehlo();
      const r = await client.sendMail('customer@example.org', ['support@localhost'], original);
      expect(r.final.code).toBe(250);
      queueId = r.queueId;
    } finally {
      await client.quit();
    }
    const delivered = await deliveredById(t, queueId!);
    const sent = split(original.toString('latin1'));
    const got = split(delivered.content);
    // The body is delivered byte for byte.
    expect(Buffer.from(got.body, 'latin1').equals(Buffer.from(sent.body, 'latin1'))).toBe(true);
    // Our trace header comes first; every original header field is kept as it was, except that the
    // ticket stage may tag the Subject (`[#id]`) after the original text.
    expect(got.head).toMatch(/^Received: /);
    for (const field of sent.head.split('\r\n').filter(Boolean)) {
      if (field.startsWith('Subject: ')) expect(got.head).toContain(`\r\n${field}`);
      else expect(got.head).toContain(`\r\n${field}\r\n`);
    }
    // The maildir file appears just before the delivery is recorded: wait for the record.
    await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
      what: 'the delivery to be recorded',
    });
  });

  it('accepts the null sender (bounces to the helpdesk are mail too)', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const { final, queueId } = await client.sendMail('', ['support@localhost'], testMessage('null-sender'));
      expect(final.code).toBe(250);
      const delivered = await deliveredById(t, queueId!);
      expect(delivered.content).toContain('TOKEN:null-sender');
    } finally {
      await client.quit();
    }
  });
});

describe('an internal error before the message is durable', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers 451 4.3.0 (never 250, never 5xx) and accepts again once the fault is gone', async () => {
    // The spool folder replaced by a file: writing a message there fails. The message is big
    // enough that no design can keep it out of the spool folder.
    rmSync(t.paths.spool, { recursive: true, force: true });
    writeFileSync(t.paths.spool, 'not a folder');
    const big = testMessage('internal', { body: `${'z'.repeat(76)}\r\n`.repeat(40_000) });
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const failed = await client.sendMail('customer@example.org', ['support@localhost'], big);
      expect(failed.final.code).toBe(451);
      expect(failed.final.text).toMatch(/^4\.3\.0 /);
      expect(readDb(t.paths.db).messages).toHaveLength(0);

      rmSync(t.paths.spool, { force: true });
      mkdirSync(t.paths.spool);
      const ok = await client.sendMail('customer@example.org', ['support@localhost'], big);
      expect(ok.final.code).toBe(250);
      await deliveredById(t, ok.queueId!);
    } finally {
      await client.quit();
    }
    await waitFor(() => filesIn(t.paths.spool).length === 0, { what: 'the spool to empty' });
  });
});
