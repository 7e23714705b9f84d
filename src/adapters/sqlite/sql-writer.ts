import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { Db } from './database.js';
import type { SqlOp, SqlResult, SqlWriter } from './sql-op.js';

// The writer thread's program, kept as source text (run with eval) so the same code works from the
// compiled dist/ and under the test runner, which executes TypeScript sources. Requests from every
// client port are gathered while a commit is under way and committed together in the next one.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('foreign_keys = ON');
db.pragma('secure_delete = ON');
db.pragma('busy_timeout = 5000');
const cache = new Map();
const stmt = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); cache.set(sql, s); } return s; };
const runOp = (o) => {
  const s = stmt(o.sql);
  if (s.reader) { const rows = s.all(...o.params); return { changes: rows.length, rows }; }
  return { changes: s.run(...o.params).changes, rows: [] };
};
let pending = [];
let scheduled = false;
const flush = () => {
  scheduled = false;
  const batch = pending;
  pending = [];
  const out = [];
  try {
    db.transaction(() => {
      for (const { req } of batch) {
        try { out.push({ id: req.id, ok: true, results: db.transaction(() => req.ops.map(runOp))() }); }
        catch (e) { out.push({ id: req.id, ok: false, error: String((e && e.message) || e) }); }
      }
    })();
  } catch (e) {
    batch.forEach(({ port, req }) => port.postMessage({ id: req.id, ok: false, error: 'commit failed: ' + String((e && e.message) || e) }));
    return;
  }
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

  constructor(file: string, synchronous: 'FULL' | 'OFF' = 'FULL') {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, synchronous, sqlitePath } });
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

type Reply = { id: number; ok: true; results: SqlResult[] } | { id: number; ok: false; error: string };

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
      else w.reject(new Error(m.error));
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
