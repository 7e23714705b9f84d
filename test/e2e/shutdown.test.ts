import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeProcess } from '../helpers/cli.js';
import {
  maildirMessages,
  makeTempDir,
  pathsIn,
  readDb,
  removeDir,
  type TestPaths,
  tokenCounts,
  writeConfigFile,
} from '../helpers/gateway.js';
import { ConnectionClosed, queueIdOf, SmtpClient } from '../helpers/smtp-client.js';
import { waitFor, withTimeout } from '../helpers/wait.js';

/** A connection attempt after the signal: refused at TCP level, or greeted with 421. */
async function refusedOr421(port: number): Promise<string> {
  try {
    const c = await SmtpClient.connect(port);
    c.destroy();
    return String(c.greeting.code);
  } catch (err) {
    if (err instanceof ConnectionClosed) return 'closed';
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

describe('graceful shutdown (SIGTERM) loses nothing', () => {
  let dir: string;
  let paths: TestPaths;
  let proc: ServeProcess | undefined;

  beforeAll(() => {
    dir = makeTempDir();
    paths = pathsIn(dir);
    writeConfigFile(dir, { http: { enabled: false }, smtp: { timeouts: { shutdownGraceSeconds: 20 } } });
  });
  afterAll(async () => {
    await proc?.stop();
    removeDir(dir);
  });

  it('finishes transactions in DATA, refuses new sessions, exits 0 and delivers after restart', async () => {
    proc = await ServeProcess.start(paths.configFile, { http: false });
    const port = proc.smtpPort;

    // Two clients in the middle of DATA, one idle between transactions.
    const inData: SmtpClient[] = [];
    for (const token of ['inflight-a', 'inflight-b']) {
      const c = await SmtpClient.connect(port);
      await c.ehlo();
      expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await c.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await c.send('DATA')).code).toBe(354);
      // A From field: mail without one is held (RFC 7489 6.6.1), and this test is about delivery.
      await c.write(
        `From: Customer <customer@example.org>\r\nSubject: ${token}\r\nMessage-ID: <${token}@e2e.test>\r\n\r\nfirst half\r\n`,
      );
      inData.push(c);
    }
    const idle = await SmtpClient.connect(port);
    await idle.ehlo();

    proc.kill('SIGTERM');
    await proc.waitForLog('shutting down');

    // New sessions are turned away with 421 while the transactions in progress may still finish
    // (the listener stays open during the grace time, so the answer is a 421, not a refusal).
    expect(await refusedOr421(port)).toBe('421');
    // A new transaction on an open session is refused too.
    try {
      const r = await idle.send('MAIL FROM:<customer@example.org>');
      expect(r.code).toBe(421);
    } catch (err) {
      expect(err).toBeInstanceOf(ConnectionClosed);
    }

    // The clients in DATA finish their messages and are told 250 with a queue id.
    const acked = new Map<string, string>();
    for (const [i, token] of ['inflight-a', 'inflight-b'].entries()) {
      const c = inData[i]!;
      await c.write(`second half\r\nTOKEN:${token}\r\n.\r\n`);
      const r = await c.read(20_000);
      expect(r.code).toBe(250);
      acked.set(token, queueIdOf(r)!);
    }

    const exit = await withTimeout(proc.exited, 20_000, 'gateway to exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    for (const c of [...inData, idle]) c.destroy();

    // Whatever was not delivered before the exit is delivered after a restart, once.
    proc = await ServeProcess.start(paths.configFile, { http: false });
    await waitFor(
      () => {
        const counts = tokenCounts(maildirMessages(paths.maildir));
        return [...acked.keys()].every((t) => counts.get(t) === 1);
      },
      { what: 'in-flight messages delivered' },
    );
    await waitFor(() => readDb(paths.db).messages.every((m) => m.state === 'delivered'), { what: 'settled' });
    await proc.stop();
    expect((await proc.exited).code).toBe(0);

    const delivered = maildirMessages(paths.maildir);
    expect(delivered).toHaveLength(2);
    const ids = delivered.map((m) => m.file.split('.')[1]).sort();
    expect(ids).toEqual([...acked.values()].sort());
  });

  it('a transaction that does not finish within the grace time is cut, not stored, and the exit is 0', async () => {
    writeConfigFile(dir, { http: { enabled: false }, smtp: { timeouts: { shutdownGraceSeconds: 1 } } });
    proc = await ServeProcess.start(paths.configFile, { http: false });
    const before = readDb(paths.db).messages.length;
    const c = await SmtpClient.connect(proc.smtpPort);
    try {
      await c.ehlo();
      expect((await c.send('MAIL FROM:<customer@example.org>')).code).toBe(250);
      expect((await c.send('RCPT TO:<support@localhost>')).code).toBe(250);
      expect((await c.send('DATA')).code).toBe(354);
      await c.write('Subject: never finished\r\n\r\nTOKEN:unfinished\r\n');
      proc.kill('SIGTERM');
      const exit = await withTimeout(proc.exited, 15_000, 'gateway to exit after the grace time');
      expect(exit).toEqual({ code: 0, signal: null });
      const replies = await c.readAllUntilClose(5_000);
      expect(replies.every((r) => r.code !== 250)).toBe(true);
    } finally {
      c.destroy();
    }
    expect(readDb(paths.db).messages.length).toBe(before);
    expect(tokenCounts(maildirMessages(paths.maildir)).has('unfinished')).toBe(false);
  });

  it('SIGTERM on an idle gateway exits 0 promptly', async () => {
    proc = await ServeProcess.start(paths.configFile, { http: false });
    const c = await SmtpClient.connect(proc.smtpPort);
    await c.ehlo();
    proc.kill('SIGTERM');
    const replies = await c.readAllUntilClose(10_000);
    expect(replies.map((r) => r.code)).toEqual([421]);
    const exit = await withTimeout(proc.exited, 10_000, 'gateway to exit');
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
