import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { freePort, type Sink, startSink } from '../helpers/sink.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const tokensIn = (sink: Sink) =>
  sink.received.flatMap((m) => [...m.content.matchAll(/TOKEN:(\S+)/g)].map((x) => x[1]!));

async function sendAll(port: number, tokens: string[]): Promise<string[]> {
  const client = await SmtpClient.connect(port);
  const ids: string[] = [];
  try {
    await client.ehlo();
    for (const token of tokens) {
      const { final, queueId } = await client.sendMail(
        'customer@example.org',
        ['support@localhost'],
        testMessage(token),
      );
      expect(final.code).toBe(250);
      ids.push(queueId!);
    }
  } finally {
    await client.quit();
  }
  return ids;
}

function smtpDelivery(port: number, rcptTo = ['helpdesk@helpdesk.test'], maxAgeHours = 120) {
  return {
    delivery: {
      mode: 'smtp',
      smtp: { host: '127.0.0.1', port, rcptTo, timeoutSeconds: 5, maxConnections: 2 },
      retry: { minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxAgeHours },
    },
  };
}

describe('delivery to the helpdesk over SMTP', () => {
  let t: TestGateway | undefined;
  let sink: Sink | undefined;

  afterEach(async () => {
    await t?.dispose();
    await sink?.close();
    t = undefined;
    sink = undefined;
  });

  it('retries through connection refused and two 451s, then delivers each message exactly once', async () => {
    const port = await freePort();
    t = await startTestGateway(smtpDelivery(port));
    const tokens = Array.from({ length: 5 }, (_, i) => `down-${i}`);
    const ids = await sendAll(t.port, tokens);

    // Nothing listens: every message records a failed attempt and stays queued.
    await waitFor(
      () => {
        const { outbox } = readDb(t!.paths.db);
        return outbox.length === ids.length && outbox.every((o) => o.state === 'pending' && o.attempts >= 1);
      },
      { what: 'failed attempts against a closed port' },
    );
    const down = readDb(t.paths.db);
    expect(down.messages.every((m) => m.state === 'delivering')).toBe(true);
    expect(down.outbox.every((o) => /ECONNREFUSED|connect/i.test(o.last_error ?? ''))).toBe(true);

    // The helpdesk comes up but answers 451 to its first two DATA.
    sink = await startSink(port, (n) => (n <= 2 ? { code: 451, text: '4.3.0 Try again later' } : undefined));
    await waitFor(() => sink!.received.length >= ids.length, {
      timeoutMs: 30_000,
      what: 'all messages at the sink',
    });
    await waitFor(() => readDb(t!.paths.db).messages.every((m) => m.state === 'delivered'), {
      what: 'every message delivered',
    });

    expect(sink.dataCount()).toBe(ids.length + 2);
    expect(tokensIn(sink).sort()).toEqual([...tokens].sort());
    expect(sink.received.every((m) => m.rcptTo.join() === 'helpdesk@helpdesk.test')).toBe(true);
    expect(sink.received.every((m) => m.mailFrom === 'customer@example.org')).toBe(true);
    const db = readDb(t.paths.db);
    expect(db.outbox.every((o) => o.state === 'sent')).toBe(true);
    // Attempts are recorded: at least one refused connection each, and the two 451s on top.
    const attempts = db.outbox.reduce((n, o) => n + o.attempts, 0);
    expect(attempts).toBeGreaterThanOrEqual(2 * ids.length + 2);
  });

  it('dead-letters a message the helpdesk refuses with 550, and queue retry delivers it once accepted', async () => {
    sink = await startSink(0, () => ({ code: 550, text: '5.7.1 Rejected by policy' }));
    t = await startTestGateway(smtpDelivery(sink.port));
    const [id] = await sendAll(t.port, ['refused-1']);

    await waitFor(() => readDb(t!.paths.db).messages[0]?.state === 'dead', { what: 'dead-letter' });
    expect(sink.received).toHaveLength(0);
    const outbox = readDb(t.paths.db).outbox;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ state: 'dead', attempts: 1 });
    expect(outbox[0]!.last_error).toContain('550');

    const dead = await runCli(['queue', 'dead', '--json', '--config', t.paths.configFile]);
    expect(dead.code).toBe(0);
    const rows = dead.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; state: string; reason: string });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, state: 'dead' });
    expect(rows[0]!.reason).toContain('550');

    const show = await runCli(['queue', 'show', id!, '--json', '--config', t.paths.configFile]);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout) as { deliveries: Array<{ state: string; lastError: string }> };
    expect(shown.deliveries).toMatchObject([{ state: 'dead' }]);

    sink.setPolicy(() => undefined);
    const retry = await runCli(['queue', 'retry', id!, '--config', t.paths.configFile]);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(id);

    await waitFor(() => readDb(t!.paths.db).messages[0]?.state === 'delivered', {
      what: 'delivery after retry',
    });
    expect(tokensIn(sink)).toEqual(['refused-1']);
    expect(readDb(t.paths.db).outbox[0]!.state).toBe('sent');

    // A delivered message cannot be retried again.
    const again = await runCli(['queue', 'retry', id!, '--config', t.paths.configFile]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps the original of a dead-lettered message for staff: queue show names it, reveal and release work', {
    timeout: 120_000,
  }, async () => {
    sink = await startSink(0, () => ({ code: 554, text: '5.6.0 Content refused' }));
    t = await startTestGateway(smtpDelivery(sink.port));
    const [id] = await sendAll(t.port, ['kept-1']);
    await waitFor(() => readDb(t!.paths.db).messages[0]?.state === 'dead', { what: 'dead-letter' });
    // The spool copy is gone: the quarantine holds the original now.
    expect(readDb(t.paths.db).blobs).toBe(1); // the prepared helpdesk copy, for queue retry
    const cli = (...args: string[]) => runCli([...args, '--config', t!.paths.configFile]);

    const show = await cli('queue', 'show', id!, '--json');
    const shown = JSON.parse(show.stdout) as { original: { item: string; state: string; reason: string } };
    expect(shown.original).toMatchObject({ item: id, state: 'quarantined' });
    expect(shown.original.reason).toContain('554');
    const reveal = await cli('quarantine', 'reveal', id!, '--reason', 'helpdesk refused it');
    expect(reveal.code).toBe(0);
    expect(reveal.stdout).toBe(testMessage('kept-1'));

    sink.setPolicy(() => undefined);
    expect((await cli('quarantine', 'release', id!)).code).toBe(0);
    await waitFor(() => readDb(t!.paths.db).messages[0]?.state === 'delivered', { what: 'released' });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.content).toContain('X-Deskguard-Released:');
    expect(sink.received[0]!.content).toContain('TOKEN:kept-1');
  });

  it('without delivery.smtp.rcptTo, passes the original envelope on (null sender included)', async () => {
    sink = await startSink();
    t = await startTestGateway({ ...smtpDelivery(sink.port, []), smtp: { recipients: ['@localhost'] } });
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      const a = await client.sendMail(
        'customer@example.org',
        ['one@localhost', 'two@localhost'],
        testMessage('env1'),
      );
      expect(a.final.code).toBe(250);
      const b = await client.sendMail('', ['support@localhost'], testMessage('env2'));
      expect(b.final.code).toBe(250);
    } finally {
      await client.quit();
    }
    await waitFor(() => sink!.received.length === 2, { what: 'both at the sink' });
    const byToken = new Map(sink.received.map((m) => [/TOKEN:(\S+)/.exec(m.content)![1], m]));
    expect(byToken.get('env1')).toMatchObject({
      mailFrom: 'customer@example.org',
      rcptTo: ['one@localhost', 'two@localhost'],
    });
    expect(byToken.get('env2')).toMatchObject({ mailFrom: '', rcptTo: ['support@localhost'] });
  });

  it('dead-letters a message the helpdesk never takes within delivery.retry.maxAgeHours', async () => {
    const port = await freePort();
    // 0.0005 h = 1.8 s: retried against a closed port until then, then given up.
    t = await startTestGateway(smtpDelivery(port, ['helpdesk@helpdesk.test'], 0.0005));
    const [id] = await sendAll(t.port, ['expires']);
    await waitFor(() => readDb(t!.paths.db).messages.find((m) => m.id === id)?.state === 'dead', {
      timeoutMs: 15_000,
      what: 'dead-letter after maxAgeHours',
    });
    const { outbox, messages } = readDb(t.paths.db);
    expect(outbox[0]!.state).toBe('dead');
    // How many tries fit in 1.8 s depends on the machine (processing alone may use it up when it is
    // loaded); what must hold is that it was tried, and given up only once maxAgeHours had passed.
    expect(outbox[0]!.attempts).toBeGreaterThanOrEqual(1);
    const row = messages[0] as unknown as { received_at: number; updated_at: number; reason: string | null };
    expect(row.updated_at - row.received_at).toBeGreaterThanOrEqual(0.0005 * 3_600_000);
    expect(row.reason ?? '').toMatch(/within/);
  });
});
