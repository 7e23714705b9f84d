import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/adapters/sqlite/driver.js';
import type { ServeProcess } from '../helpers/cli.js';
import { makeTempDir, pathsIn, removeDir, tokenCounts, writeConfigFile } from '../helpers/gateway.js';
import { freePort, type Sink, startSink } from '../helpers/sink.js';
import { waitFor } from '../helpers/wait.js';
import { recordReliability } from './record.js';
import {
  newLedger,
  peakRssMb,
  queueState,
  SECRET_LINE,
  serve,
  settled,
  startSenders,
  storeProblems,
} from './support.js';

const RETRY = { minDelaySeconds: 0.2, maxDelaySeconds: 1.6 };
const MESSAGES = 40;

interface OutboxRow {
  kind: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  updated_at: number;
  last_error: string | null;
}

const helpdeskRows = (db: string): OutboxRow[] => {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare("SELECT * FROM outbox WHERE kind = 'helpdesk'").all() as OutboxRow[];
  } finally {
    d.close();
  }
};

/** The nominal delay before retry `n` (1 = first): exponential from the minimum, capped. */
const nominalMs = (n: number) => Math.min(RETRY.maxDelaySeconds, RETRY.minDelaySeconds * 2 ** (n - 1)) * 1000;

describe('the helpdesk (SMTP delivery target) down, then back', () => {
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

  it('keeps every message in the outbox with backoff, then delivers each exactly once', async () => {
    dir = makeTempDir('dg-faults-helpdesk-');
    const paths = pathsIn(dir);
    const port = await freePort();
    writeConfigFile(dir, {
      delivery: {
        mode: 'smtp',
        smtp: { host: '127.0.0.1', port, rcptTo: ['helpdesk@helpdesk.test'], timeoutSeconds: 5 },
        retry: RETRY,
      },
    });
    proc = await serve(paths.configFile, { http: false });

    const ledger = newLedger();
    const load = startSenders(proc.smtpPort, {
      senders: 4,
      prefix: 'outage',
      ledger,
      body: (_c, i) => (i % 3 === 0 ? `${SECRET_LINE}\r\nThanks.` : undefined),
    });
    await waitFor(() => load.acks() >= MESSAGES, { timeoutMs: 30_000, what: 'messages acknowledged' });
    load.stop();
    await load.done;

    // Nothing listens: every delivery fails, is kept, and waits longer after each failure.
    await waitFor(
      () => {
        const rows = helpdeskRows(paths.db);
        return (
          rows.length === ledger.acked.size && rows.every((r) => r.state === 'pending' && r.attempts >= 3)
        );
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'three failed attempts of every delivery' },
    );
    const down = helpdeskRows(paths.db);
    expect(down.every((r) => /ECONNREFUSED|connect/i.test(r.last_error ?? ''))).toBe(true);
    // The delay chosen after a message's nth failure is between half and all of the nominal one.
    // Both columns are written by one update from the same clock reading, so their difference is
    // the delay the retry policy chose, not time measured on this machine.
    const delays = down.map((r) => ({ n: r.attempts, chosenMs: r.next_attempt_at - r.updated_at }));
    for (const { n, chosenMs } of delays) {
      expect(chosenMs).toBeGreaterThanOrEqual(Math.floor(nominalMs(n) / 2));
      expect(chosenMs).toBeLessThanOrEqual(nominalMs(n));
    }
    const q = queueState(paths.db);
    expect([...ledger.acked.values()].every((id) => q.states.get(id) === 'delivering')).toBe(true);
    const attemptsWhileDown = down.reduce((n, r) => n + r.attempts, 0);

    // The helpdesk comes back: everything goes out, once each.
    sink = await startSink(port);
    await waitFor(() => settled(paths.db), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'the queue to settle',
    });
    const peak = peakRssMb(proc);
    await proc.stop();

    const copies = tokenCounts(sink.received.map((m) => ({ file: '', content: m.content })));
    const final = queueState(paths.db);
    const delivered = [...ledger.acked.values()].filter((id) => final.states.get(id) === 'delivered').length;
    expect(delivered).toBe(ledger.acked.size);
    expect([...ledger.acked.keys()].filter((t) => copies.get(t) !== 1)).toEqual([]);
    expect(sink.received.every((m) => m.rcptTo.join() === 'helpdesk@helpdesk.test')).toBe(true);
    expect(
      storeProblems({ db: paths.db, spool: paths.spool, vault: `${dir}/quarantine`, maildirs: [] }),
    ).toEqual([]);

    recordReliability({
      test: 'Helpdesk down, then back',
      fault: 'the SMTP delivery target refuses connections until every delivery failed 3+ times',
      sent: ledger.attempted.size,
      acknowledged: ledger.acked.size,
      delivered,
      held: 0,
      dead: 0,
      refused: 0,
      lost: 0,
      duplicates: sink.received.length - ledger.acked.size,
      peakRssMb: peak,
      notes:
        `${attemptsWhileDown} failed attempts kept in the outbox, each retry after ` +
        `${RETRY.minDelaySeconds}·2^(n-1) s (capped ${RETRY.maxDelaySeconds} s, half jittered); ` +
        'all delivered once after the helpdesk returned',
    });
  });
});
