import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS, type Db } from './database.js';
import { driverPath } from './driver.js';
import type { SqlOp, SqlResult, SqlWriter } from './sql-op.js';

// The writer thread's program, kept as source text (run with eval) so the same code works from the
// compiled dist/ and under the test runner, which executes TypeScript sources. Requests from every
// client port are gathered while a commit is under way and committed together in the next one.
// The batch takes the write lock first (BEGIN IMMEDIATE): when another process holds it, the whole
// batch fails after one busy timeout, instead of each request in it waiting out its own.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const cache = new Map();
const stmt = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); cache.set(sql, s); } return s; };
const runOp = (o) => {
  const s = stmt(o.sql);
  if (s.reader) { const rows = s.all(...o.params); return { changes: rows.length, rows }; }
  return { changes: s.run(...o.params).changes, rows: [] };
};
let pending = [];
let scheduled = false;
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
const failure = (req, e, prefix) =>
  ({ id: req.id, ok: false, error: prefix + String((e && e.message) || e), code: e && e.code });
const flush = () => {
  scheduled = false;
  const batch = pending;
  pending = [];
  const fail = (e) => batch.forEach(({ port, req }) => port.postMessage(failure(req, e, 'commit failed: ')));
  try { begin.run(); } catch (e) { fail(e); return; }
  const out = [];
  for (const { req } of batch) {
    // Each request is a savepoint of its own: one that fails is undone alone.
    try { out.push({ id: req.id, ok: true, results: db.transaction(() => req.ops.map(runOp))() }); }
    catch (e) {
      // SQLITE_FULL, SQLITE_IOERR and the like can make SQLite roll back the whole transaction:
      // then nothing of the batch stays, and what follows must not run outside any transaction.
      if (!db.inTransaction) { fail(e); return; }
      out.push(failure(req, e, ''));
    }
  }
  try { commit.run(); } catch (e) { if (db.inTransaction) rollback.run(); fail(e); return; }
  batch.forEach(({ port }, i) => port.postMessage(out[i]));
};
const listen = (port) => port.on('message', (req) => {
  pending.push({ port, req });
  if (!scheduled) { scheduled = true; setImmediate(flush); }
});
parentPort.on('message', (m) => {
  if (m.port) { listen(m.port); return; }
  if (m.close) { if (pending.length) flush(); db.close(); parentPort.postMessage({ closed: true }); }
});
`;

/**
 * Group commit on a thread of its own. The commit's fsync (synchronous=FULL) blocks only this
 * thread: the event loop serving SMTP never waits for the disk, and one fsync covers every write
 * that arrived during the previous one. Clients (the intake, the pipeline thread, any other thread)
 * each talk to it over a MessagePort of their own.
 */
export class SqlWriterThread {
  private readonly worker: Worker;
  private closing: Promise<void> | undefined;

  constructor(file: string, synchronous: 'FULL' | 'OFF' = 'FULL', busyTimeoutMs = BUSY_TIMEOUT_MS) {
    const sqlitePath = driverPath;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, synchronous, sqlitePath, busyTimeoutMs },
    });
    this.worker.unref();
  }

  /** A port for a new client; hand it to PortSqlWriter, in this thread or another. */
  connect(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ port: port2 }, [port2]);
    return port1;
  }

  /** Commits what was sent before, then closes the database. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ close: true });
    }).then(() => this.worker.terminate().then(() => undefined));
    return this.closing;
  }
}

type Reply =
  | { id: number; ok: true; results: SqlResult[] }
  | { id: number; ok: false; error: string; code?: string };

/** The client side: each `run` is one all-or-nothing group inside the writer's next commit. */
export class PortSqlWriter implements SqlWriter {
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (r: SqlResult[]) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.results);
      // SQLite's code (SQLITE_BUSY, SQLITE_FULL…) travels with the error: callers answer by it.
      else w.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
      if (!this.waiting.size) port.unref();
    });
  }

  run(ops: SqlOp[]): Promise<SqlResult[]> {
    return new Promise((resolve, reject) => {
      const id = ++this.seq;
      this.waiting.set(id, { resolve, reject });
      this.port.ref();
      this.port.postMessage({ id, ops });
    });
  }

  async close(): Promise<void> {
    while (this.waiting.size) await new Promise((r) => setTimeout(r, 5));
    this.port.close();
  }
}

/** Writes on the caller's own connection, for the CLI: one command, no load, no thread needed. */
export class DirectSqlWriter implements SqlWriter {
  constructor(private readonly db: Db) {}

  async run(ops: SqlOp[]): Promise<SqlResult[]> {
    return this.db.transaction(() =>
      ops.map((o) => {
        const s = this.db.prepare(o.sql);
        if (s.reader) {
          const rows = s.all(...o.params);
          return { changes: rows.length, rows };
        }
        return { changes: s.run(...o.params).changes, rows: [] };
      }),
    )();
  }

  async close(): Promise<void> {}
}
