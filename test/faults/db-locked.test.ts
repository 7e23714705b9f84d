import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../helpers/cli.js';
import {
  maildirMessages,
  makeTempDir,
  pathsIn,
  removeDir,
  tokenCounts,
  writeConfigFile,
} from '../helpers/gateway.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import {
  healthz,
  newLedger,
  peakRssMb,
  queueState,
  sendOne,
  serve,
  settled,
  startSenders,
  storeProblems,
} from './support.js';

const LOCKER = fileURLToPath(new URL('./fixtures/hold-db-lock.mjs', import.meta.url));

/** Another process holding an exclusive write transaction on the gateway's database. */
async function holdLock(dbFile: string): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const child = spawn(process.execPath, [LOCKER, dbFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(() => out.includes('locked'), { timeoutMs: 15_000, what: 'the lock holder' });
  return {
    child,
    release: async () => {
      child.stdin!.end('release\n');
      await exited;
    },
  };
}

describe('the database locked by another process', () => {
  let dir: string | undefined;
  let proc: ServeProcess | undefined;
  let locker: ChildProcess | undefined;

  afterEach(async () => {
    if (locker?.exitCode === null) locker.kill('SIGKILL');
    await proc?.stop();
    if (dir) removeDir(dir);
    proc = undefined;
    dir = undefined;
    locker = undefined;
  });

  it('answers 451 while it lasts, reports degraded health with the reason, and recovers by itself', async () => {
    dir = makeTempDir('dg-faults-lock-');
    const paths = pathsIn(dir);
    writeConfigFile(dir, {});
    proc = await serve(paths.configFile);
    expect((await healthz(proc.httpPort)).status).toBe(200);

    // Mail is flowing when the lock comes: some of it is mid-processing or mid-delivery.
    const ledger = newLedger();
    const load = startSenders(proc.smtpPort, { senders: 4, prefix: 'before', ledger });
    await waitFor(() => load.acks() >= 20, { timeoutMs: 30_000, what: 'mail flowing' });
    load.stop();
    await load.done;

    const lock = await holdLock(paths.db);
    locker = lock.child;

    // While locked: /healthz answers (fast, from its own deadline) 503 with a reason …
    const health = await healthz(proc.httpPort);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded' });
    expect(String(health.body['reason'])).toMatch(/locked|did not complete/);

    // … and new mail gets a temporary refusal, never a 250 and never a hang past the client's wait
    // for the reply to its end of data (30 s in SmtpClient).
    const during = await Promise.all(
      ['locked-0', 'locked-1', 'locked-2'].map((t) => sendOne(proc!.smtpPort, t)),
    );
    for (const r of during) {
      expect(r.code).toBe(451);
      expect(r.text).toMatch(/^4\.3\.0/);
    }
    expect(proc.child.exitCode).toBeNull();
    const after451 = await healthz(proc.httpPort);
    expect(after451.status).toBe(503);
    expect(String(after451.body['reason'])).toMatch(/SQLITE_BUSY|locked|did not complete/);

    await lock.release();

    // Healthy again without a restart, and mail flows.
    await waitFor(async () => (await healthz(proc!.httpPort)).status === 200, {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: '/healthz to recover',
    });
    const more = startSenders(proc.smtpPort, { senders: 4, prefix: 'after', ledger });
    await waitFor(() => more.acks() >= 20, { timeoutMs: 30_000, what: 'mail flowing again' });
    more.stop();
    await more.done;

    // Everything acknowledged, before and after, is delivered: none stranded mid-processing.
    await waitFor(() => settled(paths.db), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'the queue to settle',
    });
    const peak = peakRssMb(proc);
    const rescued = proc.logs.filter((l) => l['msg'] === 'message back in the queue').length;
    await proc.stop();
    const q = queueState(paths.db);
    const copies = tokenCounts(maildirMessages(paths.maildir));
    const states = [...ledger.acked.values()].map((id) => q.states.get(id));
    expect(states.filter((s) => s !== 'delivered')).toEqual([]);
    expect([...ledger.acked.keys()].filter((t) => copies.get(t) !== 1)).toEqual([]);
    expect(
      storeProblems({
        db: paths.db,
        spool: paths.spool,
        vault: `${dir}/quarantine`,
        maildirs: [paths.maildir],
      }),
    ).toEqual([]);

    recordReliability({
      test: 'SQLite locked by another process',
      fault: 'a second process holds BEGIN EXCLUSIVE on the database while mail flows',
      sent: ledger.attempted.size + during.length,
      acknowledged: ledger.acked.size,
      delivered: states.length,
      held: 0,
      dead: 0,
      refused: during.length,
      lost: 0,
      duplicates: 0,
      peakRssMb: peak,
      notes:
        `451 4.3.0 to all ${during.length} messages sent during the lock; /healthz 503 ` +
        `"${String(after451.body['reason'])}", 200 again after; ${rescued} message(s) caught mid-processing ` +
        'put back in the queue without a restart',
    });
  });
});
