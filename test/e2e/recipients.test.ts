import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

describe('intake: accepted and refused recipients', () => {
  let t: TestGateway;
  let client: SmtpClient;

  beforeAll(async () => {
    t = await startTestGateway({
      smtp: { recipients: ['support@localhost', 'Billing@Example.COM', '@help.example.net'] },
    });
  });
  // A session of its own per case: a session that only probes recipients (MAIL, RCPT, RSET over
  // and over) is what smtp.progress.maxIdleCommands cuts, as a directory-harvest attack.
  beforeEach(async () => {
    client = await SmtpClient.connect(t.port);
    await client.ehlo();
  });
  afterEach(() => client?.destroy());

  afterAll(async () => {
    await t?.dispose();
  });

  it('greets with 220', () => {
    expect(client.greeting.code).toBe(220);
  });

  it.each([
    ['support@localhost', 'exact address'],
    ['SUPPORT@LOCALHOST', 'exact address, other case'],
    ['billing@example.com', 'config entry in mixed case'],
    ['anyone@help.example.net', '@domain entry'],
    ['Someone.Else@HELP.Example.NET', '@domain entry, other case'],
  ])('accepts %s (%s)', async (address) => {
    expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
    const r = await client.send(`RCPT TO:<${address}>`);
    expect(r.code).toBe(250);
    expect((await client.send('RSET')).code).toBe(250);
  });

  it.each([
    ['other@localhost', 'unlisted local part'],
    ['support@example.org', 'listed local part at another domain'],
    ['victim@gmail.com', 'open relay attempt'],
    ['support@localhost.evil.example', 'listed address as a prefix of a domain'],
    ['x@sub.help.example.net', 'subdomain of an @domain entry'],
    ['x@example.net', 'parent of an @domain entry'],
    ['victim%evil.example@localhost', 'percent hack'],
    ['billing@example.com.evil.example', 'listed address with a suffix'],
  ])('refuses %s (%s) with 550 5.1.1', async (address) => {
    expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
    const r = await client.send(`RCPT TO:<${address}>`);
    expect(r.code).toBe(550);
    expect(r.text).toMatch(/^5\.1\.1 /);
    expect((await client.send('RSET')).code).toBe(250);
  });

  it('refuses DATA when no recipient was accepted, and stores nothing', async () => {
    expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
    expect((await client.send('RCPT TO:<victim@gmail.com>')).code).toBe(550);
    const data = await client.send('DATA');
    expect(data.code).toBeGreaterThanOrEqual(500);
    expect((await client.send('RSET')).code).toBe(250);
    expect(readDb(t.paths.db).messages).toHaveLength(0);
  });

  it('delivers to the accepted recipients only, never relaying the refused ones', async () => {
    const { final, rcpt, queueId } = await client.sendMail(
      'customer@example.org',
      ['victim@gmail.com', 'Support@Localhost', 'anyone@help.example.net', 'x@evil.example'],
      testMessage('recipients1'),
    );
    expect(rcpt.map((r) => r.code)).toEqual([550, 250, 250, 550]);
    expect(final.code).toBe(250);
    expect(final.text).toMatch(/^2\.0\.0 Ok: queued as [0-9A-Z]{19}$/);
    await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
      what: 'delivery',
    });
    const row = readDb(t.paths.db).messages.find((m) => m.id === queueId)!;
    const rcptTo = JSON.parse(row.rcpt_to) as string[];
    expect(rcptTo.map((a) => a.toLowerCase()).sort()).toEqual([
      'anyone@help.example.net',
      'support@localhost',
    ]);
    const delivered = maildirMessages(t.paths.maildir);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.file).toContain(`.${queueId}.deskguard`);
    expect(delivered[0]!.content).toContain('TOKEN:recipients1');
    expect(delivered[0]!.content).toMatch(/^Received: from client\.test /);
  });
});

describe('intake: recipient cap', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { maxRecipients: 3, recipients: ['@localhost'] } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers the 4th RCPT with 452 4.5.3 and accepts the message for the first 3', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const { final, rcpt, queueId } = await client.sendMail(
        'customer@example.org',
        ['a@localhost', 'b@localhost', 'c@localhost', 'd@localhost', 'e@localhost'],
        testMessage('cap1'),
      );
      expect(rcpt.map((r) => r.code)).toEqual([250, 250, 250, 452, 452]);
      expect(rcpt[3]!.text).toMatch(/^4\.5\.3 /);
      expect(final.code).toBe(250);
      await waitFor(() => readDb(t.paths.db).messages.find((m) => m.id === queueId)?.state === 'delivered', {
        what: 'delivery',
      });
      const row = readDb(t.paths.db).messages.find((m) => m.id === queueId)!;
      expect(JSON.parse(row.rcpt_to)).toEqual(['a@localhost', 'b@localhost', 'c@localhost']);

      // Refused recipients do not count against the cap of the next transaction.
      expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await client.send('RCPT TO:<x@nowhere.example>')).code).toBe(550);
      for (const r of ['a', 'b', 'c']) expect((await client.send(`RCPT TO:<${r}@localhost>`)).code).toBe(250);
      expect((await client.send('RCPT TO:<d@localhost>')).code).toBe(452);
    } finally {
      await client.quit();
    }
  });
});

describe('intake: disk watermark', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ spool: { minFreeBytes: Number.MAX_SAFE_INTEGER } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers MAIL FROM with 452 4.3.1 when free space is below spool.minFreeBytes', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const r = await client.send('MAIL FROM:<customer@example.org>');
      expect(r.code).toBe(452);
      expect(r.text).toMatch(/^4\.3\.1 /);
      expect(readDb(t.paths.db).messages).toHaveLength(0);
    } finally {
      await client.quit();
    }
  });
});
