import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readDb, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { ConnectionClosed, type Reply, SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor, withTimeout } from '../helpers/wait.js';

/** Writes `text` one byte every `everyMs` until the connection closes; resolves with bytes written. */
async function drip(client: SmtpClient, text: string, everyMs: number): Promise<number> {
  let n = 0;
  while (!client.isClosed) {
    try {
      await client.write(text[n % text.length]!);
    } catch {
      break;
    }
    n++;
    await Promise.race([new Promise((r) => setTimeout(r, everyMs)), client.closed]);
  }
  return n;
}

describe('slow-drip clients are cut off while others are served', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({
      smtp: { timeouts: { commandSeconds: 1, idleSeconds: 5, sessionSeconds: 60 } },
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a command dripped one byte per 300 ms gets 421 and the socket closes, a normal client completes', async () => {
    const slow = await SmtpClient.connect(t.port);
    const cutReply = slow.read(15_000);
    const dripping = drip(slow, 'EHLO slow.example.org and more and more', 300);

    // A normal client starts its transaction while the slow one holds its connection, and is served.
    expect(slow.isClosed).toBe(false);
    const normal = await SmtpClient.connect(t.port);
    await normal.ehlo();
    const { final } = await normal.sendMail(
      'customer@example.org',
      ['support@localhost'],
      testMessage('beside-drip'),
    );
    expect(final.code).toBe(250);
    await normal.quit();

    const cut: Reply = await cutReply;
    expect(cut.code).toBe(421);
    expect(cut.text).toMatch(/^4\.4\.2 /);
    await withTimeout(slow.closed, 5_000, 'slow client socket to close');
    const bytes = await dripping;
    // Cut by the command deadline (1 s; its own reply text), not by the idle timeout (5 s), which a
    // client sending a byte every 300 ms never triggers; while the client was still dripping.
    expect(cut.text).toMatch(/Command not completed in time/);
    expect(bytes).toBeLessThan(25);
  });

  it('message data dripped without a line end is cut off too', async () => {
    const slow = await SmtpClient.connect(t.port);
    try {
      await slow.ehlo();
      expect((await slow.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await slow.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await slow.send('DATA')).code).toBe(354);
      const cutReply = slow.read(15_000);
      const dripping = drip(slow, 'Subject: drip drip drip drip drip drip drip', 300);
      const cut = await cutReply;
      expect(cut.code).toBe(421);
      await withTimeout(slow.closed, 5_000, 'slow client socket to close');
      await dripping;
    } finally {
      slow.destroy();
    }
    expect(readDb(t.paths.db).messages.map((m) => m.id)).toHaveLength(1); // only the normal client's
  });

  it('a silent client is closed after idleSeconds', async () => {
    const idle = await SmtpClient.connect(t.port);
    try {
      await idle.ehlo();
      const started = Date.now();
      const replies = await idle.readAllUntilClose(15_000);
      expect(replies.map((r) => r.code)).toEqual([421]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    } finally {
      idle.destroy();
    }
  });
});

describe('whole-session deadline', () => {
  let t: TestGateway;

  beforeAll(async () => {
    // Progress limits out of the way: this is about the deadline of a session that does progress.
    t = await startTestGateway({
      smtp: {
        timeouts: { commandSeconds: 1, idleSeconds: 5, sessionSeconds: 2 },
        progress: { maxIdleCommands: 1000, maxCommands: 1000 },
      },
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a busy session is cut with 421 once sessionSeconds have passed', async () => {
    const client = await SmtpClient.connect(t.port);
    const started = Date.now();
    const replies: Reply[] = [];
    try {
      for (;;) {
        const r = await client.send('NOOP');
        replies.push(r);
        if (r.code !== 250) break;
        await new Promise((r) => setTimeout(r, 100)); // a client that is busy, not idle
      }
    } catch (err) {
      if (!(err instanceof ConnectionClosed)) throw err;
      // The cut came between two commands: its reply is queued, unread.
      replies.push(...(await client.readAllUntilClose()));
    } finally {
      client.destroy();
    }
    const last = replies[replies.length - 1];
    expect(last?.code).toBe(421);
    expect(last?.text).toMatch(/^4\.4\.2 Session/);
    // Not before sessionSeconds (a timer never fires early); without the deadline the loop above
    // would go on until the test times out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });
});

describe('connections per IP', () => {
  let t: TestGateway;
  const open: SmtpClient[] = [];

  /** A slot frees once the server has seen a close: retry fresh connections until one is greeted. */
  const connectWhenFree = () =>
    waitFor(
      async () => {
        const c = await SmtpClient.connect(t.port);
        open.push(c);
        return c.greeting.code === 220 ? c : undefined;
      },
      { intervalMs: 50, timeoutMs: 5_000, what: 'a free connection slot' },
    );

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { maxConnectionsPerIp: 3 } });
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers the 4th concurrent connection with 421 and frees the slot when one closes', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await SmtpClient.connect(t.port);
      open.push(c);
      expect(c.greeting.code).toBe(220);
    }
    const fourth = await SmtpClient.connect(t.port);
    open.push(fourth);
    expect(fourth.greeting.code).toBe(421);
    await withTimeout(fourth.closed, 5_000, 'refused connection to close');

    await open[0]!.quit();
    const again = await connectWhenFree();
    expect(again.greeting.code).toBe(220);
  });

  it('refused connections do not use up slots', async () => {
    const held: SmtpClient[] = [];
    for (let i = 0; i < 3; i++) held.push(await SmtpClient.connect(t.port));
    open.push(...held);
    expect(held.map((c) => c.greeting.code)).toEqual([220, 220, 220]);
    for (let i = 0; i < 5; i++) {
      const c = await SmtpClient.connect(t.port);
      open.push(c);
      expect(c.greeting.code).toBe(421);
    }
    for (const c of held) await c.quit();
    const fresh: SmtpClient[] = [];
    for (let i = 0; i < 3; i++) fresh.push(await connectWhenFree());
    expect(fresh.map((c) => c.greeting.code)).toEqual([220, 220, 220]);
    const extra = await SmtpClient.connect(t.port);
    open.push(extra);
    expect(extra.greeting.code).toBe(421);
  });
});

describe('connections in all', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { maxClients: 2, maxConnectionsPerIp: 10 } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers connections beyond maxClients with 421', async () => {
    const clients: SmtpClient[] = [];
    try {
      for (let i = 0; i < 3; i++) clients.push(await SmtpClient.connect(t.port));
      expect(clients.map((c) => c.greeting.code)).toEqual([220, 220, 421]);
    } finally {
      for (const c of clients) c.destroy();
    }
  });
});

describe('message rate per IP', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ smtp: { messagesPerMinutePerIp: 3 } });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers the 4th MAIL FROM within a minute with 450 4.7.1', async () => {
    const client = await SmtpClient.connect(t.port);
    try {
      await client.ehlo();
      for (let i = 0; i < 3; i++) {
        expect((await client.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
        expect((await client.send('RSET')).code).toBe(250);
      }
      const r = await client.send('MAIL FROM:<customer@example.org>');
      expect(r.code).toBe(450);
      expect(r.text).toMatch(/^4\.7\.1 /);
    } finally {
      await client.quit();
    }
    // A new connection from the same address is limited as well.
    const other = await SmtpClient.connect(t.port);
    try {
      await other.ehlo();
      expect((await other.send('MAIL FROM:<other@example.org>')).code).toBe(450);
    } finally {
      await other.quit();
    }
  });
});
