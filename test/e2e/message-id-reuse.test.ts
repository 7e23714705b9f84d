import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { maildirMessages, readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { secretsIn } from '../helpers/secret-search.js';
import { SmtpClient } from '../helpers/smtp-client.js';
import { waitFor } from '../helpers/wait.js';

const SHARED_ID = '<reused-1@mailer.test>';
const PASSWORD = 'Tr0ub4dor-&-3-Horses';

/** A message with the shared Message-ID; `extra` headers go on top, as a relay would add them. */
function message(token: string, opts: { subject?: string; body?: string; extra?: string[] } = {}): string {
  return [
    ...(opts.extra ?? []),
    'From: Customer <customer@example.org>',
    'To: support@localhost',
    `Subject: ${opts.subject ?? 'Printer broken'}`,
    `Message-ID: ${SHARED_ID}`,
    'Date: Sun, 22 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? 'The printer on floor 3 is broken again.',
    `TOKEN:${token}`,
    '',
  ].join('\r\n');
}

// Spawns the CLI: on a busy two-core machine that alone takes several seconds per call.
describe('a Message-ID used by more than one message', { timeout: 120_000 }, () => {
  let t: TestGateway;
  const cli = (...args: string[]) => runCli([...args, '--config', t.paths.configFile]);
  const state = (id: string) => readDb(t.paths.db).messages.find((m) => m.id === id);
  const deliveredWith = (token: string) =>
    maildirMessages(t.paths.maildir).filter((m) => m.content.includes(`TOKEN:${token}`));
  const ticketOf = (content: string) => /X-Deskguard-Ticket: (\S+)/.exec(content)?.[1];

  async function send(raw: string): Promise<string> {
    const c = await SmtpClient.connect(t.port);
    try {
      await c.ehlo('mx.example.org');
      const r = await c.sendMail('customer@example.org', ['support@localhost'], raw);
      expect(r.final.code).toBe(250);
      return r.queueId!;
    } finally {
      await c.quit();
    }
  }

  async function settled(id: string): Promise<string> {
    return waitFor(
      () => {
        const s = state(id)?.state;
        return s === 'delivered' || s === 'held' || s === 'dead' ? s : undefined;
      },
      { timeoutMs: 45_000, what: `${id} settled` },
    );
  }

  let first: string;

  beforeAll(async () => {
    t = await startTestGateway();
    first = await send(message('first'));
    expect(await settled(first)).toBe('delivered');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('delivers a different message that reuses the id, redacted and quarantined, in a ticket of its own', async () => {
    // What a mailer reusing ids, or someone who sent the id first to suppress this mail, leads to.
    const second = await send(message('second', { subject: 'VPN login', body: `password: ${PASSWORD}` }));
    expect(await settled(second)).toBe('delivered');
    expect(state(second)!.reason).toBeNull();
    const [a] = deliveredWith('first');
    const [b] = deliveredWith('second');
    expect(b, 'the second message reached the helpdesk').toBeDefined();
    expect(b!.content).toContain('[REDACTED:password]');
    expect(secretsIn(Buffer.from(b!.content, 'latin1'), [PASSWORD])).toEqual([]);
    expect(ticketOf(b!.content)).toBeDefined();
    expect(ticketOf(b!.content)).not.toBe(ticketOf(a!.content));
    // Its original is in the quarantine, for staff.
    const reveal = await cli('quarantine', 'reveal', second, '--reason', 'checking the reuse test');
    expect(reveal.code).toBe(0);
    expect(reveal.stdout).toContain(PASSWORD);
  });

  it('recognises a copy of the first message passed on again by a relay as a duplicate, shown in queue show', async () => {
    const copy = await send(
      message('first', {
        extra: [
          'Received: from relay.example.net (relay.example.net [192.0.2.7]) by mx.example.org; Sun, 22 Nov 2026 10:05:00 +0000',
          'Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org',
        ],
      }),
    );
    expect(await settled(copy)).toBe('delivered');
    expect(state(copy)!.reason).toContain(`duplicate of ${first}`);
    expect(deliveredWith('first')).toHaveLength(1);
    const show = await cli('queue', 'show', copy);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`duplicate of ${first}`);
  });

  it('takes a message with the same id and headers but another body for a new message', async () => {
    const third = await send(message('third'));
    expect(await settled(third)).toBe('delivered');
    expect(state(third)!.reason).toBeNull();
    expect(deliveredWith('third')).toHaveLength(1);
  });
});
