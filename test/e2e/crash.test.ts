import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeProcess } from '../helpers/cli.js';
import {
  filesIn,
  maildirMessages,
  makeTempDir,
  pathsIn,
  readDb,
  removeDir,
  type TestPaths,
  tokenCounts,
  writeConfigFile,
} from '../helpers/gateway.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';
import { waitFor, waitWhileProgressing } from '../helpers/wait.js';

const SENDERS = 6;
// Sender 0 sends messages of about 400 KiB: big enough to be streamed to a spool file in any
// design, so kills also land while such a file is half written.
const BIG_BODY = `${'b'.repeat(78)}\r\n`.repeat(5_000);
const KILLS = 3;
const ACKS_BEFORE_KILL = 80;

interface Ledger {
  /** token -> queue id, for every message that got 250. */
  acked: Map<string, string>;
  /** Every token whose DATA was at least started. */
  attempted: Set<string>;
}

/** Senders that keep sending until the gateway dies under them. */
function load(port: number, round: number, ledger: Ledger): { acks: () => number; done: Promise<void> } {
  let acks = 0;
  const sender = async (c: number) => {
    let client: SmtpClient | undefined;
    try {
      client = await SmtpClient.connect(port);
      await client.ehlo(`crash${c}.test`);
      for (let i = 0; ; i++) {
        const token = `crash-${round}-${c}-${i}`;
        ledger.attempted.add(token);
        const { final, queueId } = await client.sendMail(
          'customer@example.org',
          ['support@localhost'],
          testMessage(token, c === 0 ? { body: BIG_BODY } : {}),
        );
        if (final.code !== 250 || !queueId) return;
        ledger.acked.set(token, queueId);
        acks++;
      }
    } catch {
      // the kill cut this connection: whatever was not acknowledged may be lost
    } finally {
      client?.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: SENDERS }, (_, c) => sender(c))).then(() => undefined);
  return { acks: () => acks, done };
}

describe('SIGKILL under load, then restart', () => {
  let dir: string;
  let paths: TestPaths;
  let proc: ServeProcess | undefined;

  beforeAll(() => {
    dir = makeTempDir();
    paths = pathsIn(dir);
    writeConfigFile(dir, { http: { enabled: false }, smtp: { maxConnectionsPerIp: SENDERS * 2 } });
  });
  afterAll(async () => {
    await proc?.stop();
    removeDir(dir);
  });

  // Bounded by progress, not by the clock: the drain below fails when it stops moving for 30 s.
  it('delivers every acknowledged message exactly once, across repeated kills', {
    timeout: 900_000,
  }, async () => {
    const ledger: Ledger = { acked: new Map(), attempted: new Set() };
    for (let round = 0; round < KILLS; round++) {
      proc = await ServeProcess.start(paths.configFile, { http: false });
      const before = ledger.acked.size;
      const l = load(proc.smtpPort, round, ledger);
      await waitFor(() => l.acks() >= ACKS_BEFORE_KILL, { timeoutMs: 30_000, what: 'acknowledged messages' });
      proc.kill('SIGKILL');
      const exit = await proc.exited;
      expect(exit.signal).toBe('SIGKILL');
      await l.done;
      expect(ledger.acked.size).toBeGreaterThan(before);
    }

    // Restart for good and let the queue drain.
    proc = await ServeProcess.start(paths.configFile, { http: false });
    // A message whose processing was cut by every kill is held for staff after maxAttempts: the
    // gateway cannot tell a SIGKILL from a message that crashes it, and holding is how it avoids a
    // crash loop. Every acknowledged message ends delivered, or held with that reason.
    const heldIds = () =>
      new Set(
        readDb(paths.db)
          .messages.filter((m) => m.state === 'held')
          .map((m) => m.id),
      );
    // Draining takes as long as the machine needs; what must not happen is that it stops.
    await waitWhileProgressing(
      () => {
        const counts = tokenCounts(maildirMessages(paths.maildir));
        const held = heldIds();
        const settled = [...ledger.acked].filter(([t, id]) => counts.has(t) || held.has(id)).length;
        return { done: settled === ledger.acked.size, progress: settled };
      },
      { stallMs: 30_000, intervalMs: 500, what: 'every acknowledged message delivered or held' },
    );
    await waitFor(
      () => readDb(paths.db).messages.every((m) => ['delivered', 'dead', 'held'].includes(m.state)),
      { timeoutMs: 20_000, intervalMs: 100, what: 'the queue to settle' },
    );
    await proc.stop();
    expect((await proc.exited).code).toBe(0);

    const db = readDb(paths.db);
    const held = db.messages.filter((m) => m.state === 'held');
    for (const m of held) expect(m.reason).toMatch(/^processing failed \d+ times \(last: interrupted\)$/);
    // Held is for messages in flight at every kill: a few at most, never the queue.
    expect(held.length, 'held').toBeLessThan(ledger.acked.size / 10);
    const heldSet = new Set(held.map((m) => m.id));

    const delivered = maildirMessages(paths.maildir);
    const counts = tokenCounts(delivered);
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([t]) => t);
    expect(duplicates).toEqual([]);
    const lost = [...ledger.acked].filter(([t, id]) => !counts.has(t) && !heldSet.has(id)).map(([t]) => t);
    expect(lost).toEqual([]);
    // Nothing appears that was never sent; unacknowledged messages may or may not be there.
    expect([...counts.keys()].filter((t) => !ledger.attempted.has(t))).toEqual([]);
    // Each acknowledged message sits in the maildir under the queue id it was acknowledged with.
    const byQueueId = new Map(delivered.map((m) => [m.file.split('.')[1]!, m.content]));
    for (const [token, queueId] of ledger.acked)
      if (!heldSet.has(queueId)) expect(byQueueId.get(queueId)).toContain(`TOKEN:${token}\r\n`);

    expect(db.messages.filter((m) => m.state !== 'delivered' && m.state !== 'held')).toEqual([]);
    expect(db.messages.length).toBe(delivered.length + held.length);
    // No stored copy of a delivered message is kept (raw or composed, inline or file); a held one
    // keeps at most its own.
    expect(db.blobs, 'blobs').toBeLessThanOrEqual(held.length);
    expect(filesIn(paths.spool).length, 'spool files').toBeLessThanOrEqual(held.length);
    expect(filesIn(paths.outbox)).toEqual([]);
  });
});
