import { join } from 'node:path';
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
import { freePort, type Sink, startSink } from '../helpers/sink.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import {
  faultSeed,
  newLedger,
  peakRssMb,
  queueState,
  SECRET_LINE,
  seededRandom,
  serve,
  settled,
  startSenders,
  storeProblems,
} from './support.js';

const SENDERS = 8;
const KILLS = 5;
const DELIVERY_CONCURRENCY = 4;
// Sender 0 sends messages of about 400 KiB: streamed to a spool file, so kills also land while such
// a file is half written; every fourth message of the others carries a password, so kills also land
// in the quarantine (vault), the redaction and the notice.
const BIG_BODY = `${'b'.repeat(78)}\r\n`.repeat(5_000);
const bodyOf = (sender: number, i: number) =>
  sender === 0 ? BIG_BODY : i % 4 === 1 ? `${SECRET_LINE}\r\nThanks.` : undefined;

type Mode = 'maildir' | 'smtp';

describe('SIGKILL at random moments under load, then restart', () => {
  let dir: string | undefined;
  let proc: ServeProcess | undefined;
  let sink: Sink | undefined;

  afterEach(async () => {
    await proc?.stop();
    await sink?.close();
    if (dir) removeDir(dir);
    proc = undefined;
    sink = undefined;
    dir = undefined;
  });

  async function run(mode: Mode) {
    const seed = faultSeed(`kill test (${mode})`);
    const random = seededRandom(seed);
    dir = makeTempDir('dg-faults-kill-');
    const paths = pathsIn(dir);
    const notices = join(dir, 'notices');
    let sinkPort = 0;
    if (mode === 'smtp') {
      sinkPort = await freePort();
      sink = await startSink(sinkPort);
    }
    writeConfigFile(dir, {
      http: { enabled: false },
      smtp: { maxConnectionsPerIp: SENDERS * 2 },
      // No one-notice-per-hour rate limit: every message with a password gets its notice.
      notify: { windowMinutes: 0 },
      delivery: {
        concurrency: DELIVERY_CONCURRENCY,
        ...(mode === 'smtp'
          ? {
              mode: 'smtp',
              smtp: { host: '127.0.0.1', port: sinkPort, timeoutSeconds: 5, maxConnections: 4 },
            }
          : {}),
      },
    });

    const ledger = newLedger();
    let peak = 0;
    const killDelays: number[] = [];
    for (let round = 0; round < KILLS; round++) {
      proc = await serve(paths.configFile, { http: false });
      const senders = startSenders(proc.smtpPort, {
        senders: SENDERS,
        prefix: `k${round}`,
        ledger,
        body: bodyOf,
      });
      // A random moment: while the backlog of the previous rounds is recovered, during intake,
      // processing, quarantine and delivery alike.
      const delay = Math.round(100 + random() * 1400);
      killDelays.push(delay);
      await new Promise((r) => setTimeout(r, delay));
      peak = Math.max(peak, peakRssMb(proc));
      proc.kill('SIGKILL');
      expect((await proc.exited).signal).toBe('SIGKILL');
      await senders.done;
    }

    // Restart for good and let it finish what was acknowledged.
    proc = await serve(paths.configFile, { http: false });
    await waitFor(() => settled(paths.db), {
      timeoutMs: 40_000,
      intervalMs: 200,
      what: 'the queue to settle',
    });
    peak = Math.max(peak, peakRssMb(proc));
    await proc.stop();
    expect((await proc.exited).code).toBe(0);

    // Every acknowledged message ended delivered, held or dead; none is missing or still under way.
    const q = queueState(paths.db);
    const outcome = { delivered: 0, held: 0, dead: 0 };
    const lost: string[] = [];
    for (const [token, id] of ledger.acked) {
      const state = q.states.get(id);
      if (state === 'delivered' || state === 'held' || state === 'dead') outcome[state]++;
      else lost.push(`${token} (${id}: ${state ?? 'no row'})`);
    }
    expect(lost).toEqual([]);

    // What reached the helpdesk: each delivered message under its token, duplicates counted.
    const copies =
      mode === 'maildir'
        ? tokenCounts(maildirMessages(paths.maildir))
        : tokenCounts(sink!.received.map((m) => ({ file: '', content: m.content })));
    const missing = [...ledger.acked]
      .filter(([, id]) => q.states.get(id) === 'delivered')
      .filter(([token]) => !copies.has(token))
      .map(([token]) => token);
    expect(missing).toEqual([]);
    expect([...copies.keys()].filter((t) => !ledger.attempted.has(t))).toEqual([]);
    const duplicates = [...copies.values()].reduce((n, c) => n + c - 1, 0);
    if (mode === 'maildir') expect(duplicates).toBe(0);
    // SMTP is at-least-once: a copy the helpdesk accepted just before a kill, whose success was not
    // recorded yet, is sent again. At most the deliveries in flight at each kill.
    else expect(duplicates).toBeLessThanOrEqual(KILLS * DELIVERY_CONCURRENCY);

    expect(
      storeProblems({
        db: paths.db,
        spool: paths.spool,
        vault: join(dir, 'quarantine'),
        maildirs: mode === 'maildir' ? [paths.maildir, notices] : [notices],
      }),
    ).toEqual([]);

    const unacked = [...copies.keys()].filter((t) => !ledger.acked.has(t)).length;
    recordReliability({
      test: `SIGKILL under load (${mode} delivery)`,
      fault: `${KILLS} SIGKILLs at seeded random moments (seed ${seed}) under ${SENDERS} concurrent senders`,
      sent: ledger.attempted.size,
      acknowledged: ledger.acked.size,
      delivered: outcome.delivered,
      held: outcome.held,
      dead: outcome.dead,
      refused: [...ledger.refused.values()].reduce((a, b) => a + b, 0),
      lost: lost.length,
      duplicates,
      peakRssMb: peak,
      notes:
        `kills after ${killDelays.join(', ')} ms; integrity_check ok, no orphan files; ` +
        `${unacked} message(s) stored whose 250 the kill cut off were delivered too` +
        (mode === 'smtp' ? '; duplicates are SMTP at-least-once re-sends after a kill' : ''),
    });
  }

  it('maildir delivery: every 250 ends delivered, held or dead, none twice', async () => {
    await run('maildir');
  });

  it('SMTP delivery: every 250 ends delivered, held or dead; re-sends bounded by the kills', async () => {
    await run('smtp');
  });
});
