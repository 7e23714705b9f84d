import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { ConnectionClosed, type Reply, SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { withTimeout } from '../helpers/wait.js';

// Sessions that hold a slot without getting anywhere are closed (smtp.progress), and at capacity
// a newcomer takes the slot of the session stalled longest. The limits are small here so the
// tests are short; what is asserted is who gets which reply and how much a stalled client could
// send, never how long anything took.

const progress = {
  commandPhaseSeconds: 3,
  maxCommands: 8,
  maxIdleCommands: 3,
  minCommandBytesPerSecond: 32,
  minDataBytesPerSecond: 2000,
  rateWindowSeconds: 1,
  shedAfterSeconds: 0.5,
};

/** Writes `chunk` every `everyMs` until the server closes; resolves with the bytes written. */
async function trickle(client: SmtpClient, chunk: string, everyMs: number): Promise<number> {
  let n = 0;
  while (!client.isClosed) {
    try {
      await client.write(chunk);
    } catch {
      break;
    }
    n += chunk.length;
    await Promise.race([new Promise((r) => setTimeout(r, everyMs)), client.closed]);
  }
  return n;
}

/** Every reply until the server closes (including one to a command sent just before the cut). */
async function closingReplies(client: SmtpClient): Promise<Reply[]> {
  return withTimeout(client.readAllUntilClose(15_000), 20_000, 'the server to close the session');
}

async function deliver(port: number, token: string): Promise<number> {
  const c = await SmtpClient.connect(port);
  try {
    await c.ehlo();
    return (await c.sendMail('customer@example.org', ['support@localhost'], testMessage(token))).final.code;
  } finally {
    await c.quit();
  }
}

describe('sessions without progress are closed', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({
      smtp: { maxClients: 20, timeouts: { commandSeconds: 30, idleSeconds: 30 }, progress },
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a client dripping NOOP a byte at a time gets 421 after a few bytes; a normal client delivers meanwhile', async () => {
    const slow = await SmtpClient.connect(t.port);
    const replies = closingReplies(slow);
    const dripped = trickle(slow, 'N', 250);
    expect(await deliver(t.port, 'beside-noop-drip')).toBe(250);
    const cut = (await replies).at(-1)!;
    expect(cut.code).toBe(421);
    expect(cut.text).toMatch(/^4\.4\.2 Data arriving too slowly/);
    // One rate window (1 s) of open-line time at 4 bytes a second, with room for a loaded machine.
    expect(await dripped).toBeLessThan(40);
  });

  it('whole NOOPs: the one past maxIdleCommands ends the session, a message starts the count over', async () => {
    const ok = await SmtpClient.connect(t.port);
    await ok.ehlo();
    for (let i = 0; i < 3; i++) expect((await ok.send('NOOP')).code).toBe(250);
    expect(
      (await ok.sendMail('customer@example.org', ['support@localhost'], testMessage('noop-reset'))).final
        .code,
    ).toBe(250);
    for (let i = 0; i < 3; i++) expect((await ok.send('NOOP')).code).toBe(250);
    await ok.quit();

    const idle = await SmtpClient.connect(t.port);
    await idle.ehlo();
    const replies: Reply[] = [];
    try {
      for (let i = 0; i < 6; i++) replies.push(await idle.send('NOOP'));
    } catch (err) {
      if (!(err instanceof ConnectionClosed)) throw err;
    }
    replies.push(...(await closingReplies(idle)));
    const last = replies.at(-1)!;
    expect(last.code).toBe(421);
    expect(last.text).toMatch(/^4\.7\.0 Too many commands/);
    // The NOOP past maxIdleCommands is the one answered 421.
    expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 421]);
  });

  it('a session that never completes a message is closed after commandPhaseSeconds', async () => {
    const c = await SmtpClient.connect(t.port);
    await c.ehlo();
    // Silent, well within idleSeconds (30): only the command-phase budget (3 s) can end this.
    const replies = await closingReplies(c);
    expect(replies.map((r) => r.code)).toEqual([421]);
    expect(replies[0]!.text).toMatch(/^4\.4\.2 No message completed in time/);
  });

  it('message data trickling below the minimum rate is cut, nothing stored; a normal message meanwhile is not', async () => {
    const before = readDb(t.paths.db).messages.length;
    const slow = await SmtpClient.connect(t.port);
    await slow.ehlo();
    expect((await slow.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
    expect((await slow.send('RCPT TO:<support@localhost>')).code).toBe(250);
    expect((await slow.send('DATA')).code).toBe(354);
    const replies = closingReplies(slow);
    // Whole lines (the line deadline never fires), 50 bytes every 100 ms: 500 bytes/s < 2000.
    const sent = trickle(slow, `${'x'.repeat(48)}\r\n`, 100);
    expect(await deliver(t.port, 'beside-data-trickle')).toBe(250);
    const cut = (await replies).at(-1)!;
    expect(cut.code).toBe(421);
    expect(cut.text).toMatch(/^4\.4\.2 Data arriving too slowly/);
    expect(await sent).toBeLessThan(20_000);
    // Only the normal client's message was stored.
    expect(readDb(t.paths.db).messages.length).toBe(before + 1);
  });
});

describe('at capacity', () => {
  let t: TestGateway;
  const clients: SmtpClient[] = [];

  beforeAll(async () => {
    t = await startTestGateway({
      smtp: {
        maxClients: 3,
        timeouts: { commandSeconds: 30, idleSeconds: 30 },
        progress: { ...progress, commandPhaseSeconds: 60 },
      },
    });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await t?.dispose();
  });

  it('a newcomer takes the slot of the session idle longest, which gets 421 4.4.2', async () => {
    const oldest = await SmtpClient.connect(t.port);
    clients.push(oldest);
    await oldest.ehlo();
    await new Promise((r) => setTimeout(r, 1500)); // stalled past shedAfterSeconds (0.5)
    const others: SmtpClient[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await SmtpClient.connect(t.port);
      clients.push(c);
      others.push(c);
      await c.ehlo();
    }
    const shed = closingReplies(oldest);
    expect(await deliver(t.port, 'newcomer')).toBe(250);
    const replies = await shed;
    expect(replies.at(-1)?.code).toBe(421);
    expect(replies.at(-1)?.text).toMatch(/^4\.4\.2 Idle session closed to serve another client/);
    // The others kept their slots.
    for (const c of others) expect(c.isClosed).toBe(false);
  });

  it('a newcomer is refused (421) when no session has been stalled long enough to give up its slot', async () => {
    const fresh = await startTestGateway({
      smtp: { maxClients: 2, progress: { ...progress, shedAfterSeconds: 60 } },
    });
    const held: SmtpClient[] = [];
    try {
      for (let i = 0; i < 2; i++) held.push(await SmtpClient.connect(fresh.port));
      const refused = await SmtpClient.connect(fresh.port);
      held.push(refused);
      expect(held.map((c) => c.greeting.code)).toEqual([220, 220, 421]);
      expect(refused.greeting.text).toMatch(/^4\.3\.2 /);
      for (const c of held.slice(0, 2)) expect((await c.send('NOOP')).code).toBe(250);
    } finally {
      for (const c of held) c.destroy();
      await fresh.dispose();
    }
  });
});
