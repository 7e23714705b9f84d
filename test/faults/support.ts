import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../../src/adapters/sqlite/driver.js';
import { ServeProcess } from '../helpers/cli.js';
import { SmtpClient, testMessage } from '../helpers/smtp-client.js';

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from FAULT_SEED, or a fresh one; printed so a failure can be replayed. */
export function faultSeed(what: string): number {
  const fixed = Number(process.env.FAULT_SEED);
  const seed = Number.isInteger(fixed) && fixed > 0 ? fixed : Math.floor(Math.random() * 2 ** 31) + 1;
  console.log(`${what}: seed ${seed} (repeat with FAULT_SEED=${seed})`);
  return seed;
}

/** A password line the detector finds: the message is redacted, quarantined and noticed. */
export const SECRET_LINE = 'Here is my login: bob.smith password: Xk9#mQ2v!Lp7wRz4';

export interface SendLedger {
  /** token -> queue id, for every message that got 250. */
  acked: Map<string, string>;
  /** Every token whose DATA was at least started. */
  attempted: Set<string>;
  /** Replies other than 250 to the end of data, by code. */
  refused: Map<number, number>;
}

export const newLedger = (): SendLedger => ({ acked: new Map(), attempted: new Set(), refused: new Map() });

/**
 * `senders` concurrent SMTP sessions, each sending one message after another until its connection
 * breaks (a kill) or `stop()` is called. `body(sender, i)` picks each message's body.
 */
export function startSenders(
  port: number,
  opts: {
    senders: number;
    prefix: string;
    ledger: SendLedger;
    body?: (sender: number, i: number) => string | undefined;
    from?: string;
  },
): { acks: () => number; stop: () => void; done: Promise<void> } {
  let acks = 0;
  let stopped = false;
  const one = async (c: number) => {
    let client: SmtpClient | undefined;
    try {
      client = await SmtpClient.connect(port);
      await client.ehlo(`sender${c}.test`);
      for (let i = 0; !stopped; i++) {
        const token = `${opts.prefix}-${c}-${i}`;
        opts.ledger.attempted.add(token);
        const body = opts.body?.(c, i);
        const { final, queueId } = await client.sendMail(
          opts.from ?? 'customer@example.org',
          ['support@localhost'],
          testMessage(token, body === undefined ? {} : { body }),
        );
        if (final.code !== 250 || !queueId) {
          opts.ledger.refused.set(final.code, (opts.ledger.refused.get(final.code) ?? 0) + 1);
          return;
        }
        opts.ledger.acked.set(token, queueId);
        acks++;
      }
      await client.quit();
    } catch {
      // the connection was cut (a kill): what was not acknowledged may or may not be stored
    } finally {
      client?.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: opts.senders }, (_, c) => one(c))).then(() => undefined);
  return {
    acks: () => acks,
    stop: () => {
      stopped = true;
    },
    done,
  };
}

/** Peak resident memory (VmHWM) of a running gateway in MB, or 0 once it is gone. */
export function peakRssMb(proc: ServeProcess): number {
  try {
    return Math.round(proc.memory().hwm / 1048576);
  } catch {
    return 0;
  }
}

export interface StoreLayout {
  db: string;
  spool: string;
  vault: string;
  /** Maildirs whose tmp/ must be empty once the gateway stopped. */
  maildirs: string[];
}

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

/**
 * What a stopped gateway must leave behind: a database that passes `PRAGMA integrity_check`, and no
 * orphan: every spool file has its blob row (and every file row its file), no half-written file in
 * any maildir's tmp/, every vault blob has its key row (and every key row its blob), no temp files.
 * Returns the problems found, empty when all is well.
 */
export function storeProblems(s: StoreLayout): string[] {
  const problems: string[] = [];
  const db = new Database(s.db, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fileRows = new Set(
      (db.prepare('SELECT file FROM blobs WHERE file IS NOT NULL').all() as Array<{ file: string }>).map(
        (r) => r.file,
      ),
    );
    const spoolFiles = new Set(list(s.spool));
    for (const f of spoolFiles) if (!fileRows.has(f)) problems.push(`spool file without a row: ${f}`);
    for (const f of fileRows) if (!spoolFiles.has(f)) problems.push(`blob row without its file: ${f}`);
    for (const m of s.maildirs)
      for (const f of list(join(m, 'tmp'))) problems.push(`half-written maildir file: ${m}/tmp/${f}`);
    const items = new Set(
      (db.prepare('SELECT item_id FROM quarantine_keys').all() as Array<{ item_id: string }>).map(
        (r) => r.item_id,
      ),
    );
    // The secure channel's sealed uploads live in their own folder: each file has its row.
    const uploadRows = new Set(
      (db.prepare('SELECT id FROM ticket_uploads').all() as Array<{ id: string }>).map((r) => r.id),
    );
    for (const f of list(join(s.vault, 'uploads')))
      if (!f.endsWith('.dgu') || !uploadRows.has(f.slice(0, -4))) problems.push(`stray upload file: ${f}`);
    const blobs = list(s.vault).filter(
      (f) => f !== 'master.keys' && !f.startsWith('master.keys') && f !== 'uploads',
    );
    for (const f of blobs) {
      if (!f.endsWith('.dgq')) problems.push(`stray file in the vault: ${f}`);
      else if (!items.has(f.slice(0, -4))) problems.push(`vault blob without its item: ${f}`);
    }
    for (const id of items)
      if (!blobs.includes(`${id}.dgq`)) problems.push(`vault item without its blob: ${id}`);
  } finally {
    db.close();
  }
  return problems;
}

export interface QueueState {
  /** queue id -> state */
  states: Map<string, string>;
  pendingOutbox: number;
}

/** Every message's state and the deliveries still to make, read without disturbing the gateway. */
export function queueState(dbFile: string): QueueState {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, state FROM messages').all() as Array<{ id: string; state: string }>;
    const pending = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as {
      n: number;
    };
    return { states: new Map(rows.map((r) => [r.id, r.state])), pendingOutbox: pending.n };
  } finally {
    db.close();
  }
}

const FINAL = new Set(['delivered', 'held', 'dead']);

/** True once every message is delivered, held or dead and nothing waits in the outbox. */
export function settled(dbFile: string): boolean {
  const q = queueState(dbFile);
  return q.pendingOutbox === 0 && [...q.states.values()].every((s) => FINAL.has(s));
}

/** One message on a connection of its own; the reply to its end of data (or the first refusal). */
export async function sendOne(
  port: number,
  token: string,
  opts: { from?: string; to?: string; message?: string } = {},
): Promise<{ code: number; text: string; queueId: string | undefined }> {
  const client = await SmtpClient.connect(port);
  try {
    await client.ehlo();
    const { final, queueId } = await client.sendMail(
      opts.from ?? 'customer@example.org',
      [opts.to ?? 'support@localhost'],
      opts.message ?? testMessage(token),
    );
    return { code: final.code, text: final.text, queueId };
  } finally {
    client.destroy();
  }
}

/** GET /healthz: the status code and the JSON body. */
export async function healthz(httpPort: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * `deskguard serve` with a start deadline fit for a loaded two-core runner (several gateways and
 * their threads start at once in some tests); the test's own time limit still bounds the whole.
 */
export function serve(
  configFile: string,
  opts: { env?: Record<string, string>; http?: boolean } = {},
): Promise<ServeProcess> {
  return ServeProcess.start(configFile, { ...opts, startTimeoutMs: 45_000 });
}
