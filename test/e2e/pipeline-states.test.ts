import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

/** A multipart/mixed message with `parts` small text parts. */
function multipart(token: string, parts: number): string {
  const b = `b-${token}`;
  const lines = [
    'From: Customer <customer@example.org>',
    'To: support@localhost',
    `Subject: parts ${token}`,
    `Message-ID: <${token}@e2e.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
  ];
  for (let i = 0; i < parts; i++) {
    lines.push(`--${b}`, 'Content-Type: text/plain', '', `part ${i} ${'p'.repeat(200)}`);
  }
  lines.push(`--${b}--`, `TOKEN:${token}`, '');
  return lines.join('\r\n');
}

async function send(t: TestGateway, message: string): Promise<string> {
  const client = await SmtpClient.connect(t.port);
  try {
    await client.ehlo();
    const { final, queueId } = await client.sendMail('customer@example.org', ['support@localhost'], message);
    expect(final.code).toBe(250);
    return queueId!;
  } finally {
    await client.quit();
  }
}

const stateOf = (t: TestGateway, id: string) => readDb(t.paths.db).messages.find((m) => m.id === id);
/** When the message's row last changed state (ms). */
const updatedAt = (t: TestGateway, id: string) =>
  (stateOf(t, id) as unknown as { updated_at: number } | undefined)?.updated_at ?? 0;

describe('pipeline outcomes other than delivery', () => {
  let t: TestGateway | undefined;

  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('holds a message it cannot scan (over the MIME part limit) and delivers nothing', async () => {
    t = await startTestGateway({ pipeline: { parse: { maxParts: 5 } } });
    const held = await send(t, multipart('too-many-parts', 50));
    const fine = await send(t, multipart('few-parts', 2));
    await waitFor(() => stateOf(t!, held)?.state === 'held', { what: 'the message to be held' });
    await waitFor(() => stateOf(t!, fine)?.state === 'delivered', { what: 'the other message delivered' });
    const delivered = maildirMessages(t.paths.maildir);
    expect(delivered.map((m) => m.file.split('.')[1])).toEqual([fine]);
    expect(stateOf(t, held)!.reason).toMatch(/part/i);

    // An admin's `queue retry` of the held message sends it through the checks again (README: "send
    // a dead or held message through again"): they hold it again, since it still cannot be scanned,
    // and nothing is delivered. It never stays claimed in `processing`.
    const before = updatedAt(t, held);
    const retry = await runCli(['queue', 'retry', held, '--config', t.paths.configFile]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(`${held} queued again`);
    await waitFor(() => stateOf(t!, held)?.state === 'held' && updatedAt(t!, held) > before, {
      timeoutMs: 10_000,
      what: `held again after queue retry (now ${stateOf(t, held)?.state})`,
    });
    expect(stateOf(t, held)!.reason).toMatch(/part/i);
    expect(maildirMessages(t.paths.maildir)).toHaveLength(1);
  });

  it('holds a message whose processing keeps timing out, instead of looping; staff can read and release it', {
    timeout: 120_000,
  }, async () => {
    // A time limit no real parse of a 3 MB message with thousands of parts can meet.
    t = await startTestGateway({
      pipeline: { stageTimeoutSeconds: 0.001, maxAttempts: 2, parse: { maxParts: 100_000 } },
      smtp: { maxMessageBytes: 16 * 1024 * 1024 },
    });
    const raw = multipart('slow', 12_000);
    const id = await send(t, raw);
    await waitFor(() => stateOf(t!, id)?.state === 'held', { timeoutMs: 30_000, what: 'held' });
    const row = stateOf(t, id)!;
    expect(row.attempts).toBe(2);
    expect(row.reason ?? '').toMatch(/timed out 2 times/);
    expect(maildirMessages(t.paths.maildir)).toHaveLength(0);
    expect(readDb(t.paths.db).outbox).toHaveLength(0);
    // The original is in the quarantine, not in a dead end: revealable byte for byte, releasable.
    const cli = (...args: string[]) => runCli([...args, '--config', t!.paths.configFile]);
    const reveal = await cli('quarantine', 'reveal', id, '--reason', 'why does it not go through');
    expect(reveal.code).toBe(0);
    expect(reveal.stdout).toBe(raw);
    expect(readDb(t.paths.db).blobs).toBe(0);
    expect((await cli('quarantine', 'release', id)).code).toBe(0);
    await waitFor(() => stateOf(t!, id)?.state === 'delivered', { what: 'delivered after release' });
    expect(maildirMessages(t.paths.maildir)[0]!.content).toContain('TOKEN:slow');
  });

  it('queue list and show report the states', async () => {
    t = await startTestGateway();
    const id = await send(t, testMessage('listed'));
    await waitFor(() => stateOf(t!, id)?.state === 'delivered', { what: 'delivery' });
    const list = await runCli(['queue', 'list', '--json', '--config', t.paths.configFile]);
    expect(list.code).toBe(0);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; state: string });
    expect(rows).toEqual([expect.objectContaining({ id, state: 'delivered' })]);
    const show = await runCli(['queue', 'show', id, '--config', t.paths.configFile]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(id);
    expect(show.stdout).toContain('delivered');
    const missing = await runCli(['queue', 'show', 'NOSUCHID', '--config', t.paths.configFile]);
    expect(missing.code).toBe(2);
  });
});
