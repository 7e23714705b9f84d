import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/adapters/sqlite/driver.js';
import { runCli } from '../helpers/cli.js';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/** A message whose own header is `lines` short fields long. */
const manyHeaderLines = (lines: number, token: string): string =>
  `${'X-Filler: b\r\n'.repeat(lines)}${testMessage(token)}`;

/**
 * A message with a small header of its own and an attachment part whose header no MIME parser
 * takes (20,000 lines): the SMTP limits cannot see it, the parser fails on it after 250.
 */
function nestedHugeHeader(token: string): string {
  return [
    'From: Customer <customer@example.org>',
    'To: support@localhost',
    `Subject: report ${token}`,
    `Message-ID: <${token}@e2e.test>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: text/plain',
    '',
    `TOKEN:${token}`,
    '--outer',
    'Content-Type: text/plain; name="log.txt"',
    'X-Part: b\r\n'.repeat(20_000).trimEnd(),
    '',
    'log',
    '--outer--',
    '',
  ].join('\r\n');
}

// Spawns the CLI: on a busy two-core machine that alone takes several seconds per call.
describe('messages that cannot be parsed', { timeout: 120_000 }, () => {
  let t: TestGateway;
  const cli = (...args: string[]) => runCli([...args, '--config', t.paths.configFile]);
  const state = (id: string) => readDb(t.paths.db).messages.find((m) => m.id === id);

  async function send(raw: string) {
    const c = await SmtpClient.connect(t.port);
    try {
      await c.ehlo('mx.example.org');
      return await c.sendMail('customer@example.org', ['support@localhost'], raw);
    } finally {
      await c.quit();
    }
  }

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { maxHeaderFields: 500, maxHeaderBytes: 32 * 1024 } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('refuses a header of too many fields, or too many bytes, before 250, naming the limit', async () => {
    const many = await send(manyHeaderLines(30_000, 'many'));
    expect(many.final.code).toBe(552);
    expect(many.final.text).toMatch(/^5\.3\.4 .*more than 500 header fields/);
    const big = await send(`X-Big: ${'a'.repeat(40 * 1024)}\r\n${testMessage('big')}`);
    expect(big.final.code).toBe(552);
    expect(big.final.text).toMatch(/^5\.3\.4 .*more than 32768 bytes/);
    // Just under the limits is accepted; and nothing of the refused ones was stored.
    const fine = await send(manyHeaderLines(480, 'fine'));
    expect(fine.final.code).toBe(250);
    expect(readDb(t.paths.db).messages.map((m) => m.id)).toEqual([fine.queueId]);
  });

  it('holds a message the parser fails on as unparseable, original revealable and releasable', async () => {
    const raw = nestedHugeHeader('nested');
    const r = await send(raw);
    expect(r.final.code).toBe(250);
    const id = r.queueId!;
    await waitFor(() => state(id)?.state === 'held', { timeoutMs: 45_000, what: 'held as unparseable' });
    const row = state(id)!;
    expect(row.reason).toMatch(/^unparseable: /);
    // One attempt: a verdict, not a crash retried.
    expect(row.attempts).toBe(1);
    expect(maildirMessages(t.paths.maildir).some((m) => m.content.includes('TOKEN:nested'))).toBe(false);

    const db = new Database(t.paths.db, { readonly: true });
    const item = db.prepare('SELECT verdict, types, subject FROM quarantine_items WHERE id = ?').get(id);
    db.close();
    expect(item).toEqual({ verdict: 'hold', types: '["unparseable"]', subject: '' });

    const show = await cli('queue', 'show', id);
    expect(show.stdout).toContain(`original: quarantine item ${id}`);
    const reveal = await cli('quarantine', 'reveal', id, '--reason', 'why was this held');
    expect(reveal.code).toBe(0);
    expect(reveal.stdout).toBe(raw);

    expect((await cli('quarantine', 'release', id)).code).toBe(0);
    const released = await waitFor(() =>
      maildirMessages(t.paths.maildir).find((m) => m.content.includes('TOKEN:nested')),
    );
    expect(released.content.endsWith(raw)).toBe(true);
    await waitFor(() => state(id)?.state === 'delivered', {
      timeoutMs: 45_000,
      what: 'delivered after release',
    });
  });
});
