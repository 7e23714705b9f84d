import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { Database } from '../../../src/adapters/sqlite/driver.js';
import { op } from '../../../src/adapters/sqlite/sql-op.js';
import { DirectSqlWriter, PortSqlWriter, SqlWriterThread } from '../../../src/adapters/sqlite/sql-writer.js';

const threads: SqlWriterThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'dg-writer-')), 'test.db');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (v INTEGER UNIQUE)');
  const thread = new SqlWriterThread(file);
  threads.push(thread);
  return { db, thread };
}

describe('SqlWriterThread', () => {
  it('commits writes from several clients, each visible to readers once its promise resolves', async () => {
    const { db, thread } = setup();
    const a = new PortSqlWriter(thread.connect());
    const b = new PortSqlWriter(thread.connect());
    const writes = Array.from({ length: 200 }, (_, i) =>
      (i % 2 ? a : b).run([op('INSERT INTO t VALUES (?)', i)]),
    );
    const results = await Promise.all(writes);
    expect(results.every((r) => r[0]!.changes === 1)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) n FROM t').get()).toEqual({ n: 200 });
  });

  it('fails one group alone and keeps the others of the same commit', async () => {
    const { db, thread } = setup();
    const w = new PortSqlWriter(thread.connect());
    const outcomes = await Promise.allSettled([
      w.run([op('INSERT INTO t VALUES (1)')]),
      w.run([op('INSERT INTO t VALUES (2)'), op('INSERT INTO t VALUES (1)')]), // all-or-nothing: 2 must not stay
      w.run([op('INSERT INTO t VALUES (3)')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('returns the rows of RETURNING statements', async () => {
    const { thread } = setup();
    const w = new PortSqlWriter(thread.connect());
    const [r] = await w.run([op('INSERT INTO t VALUES (7) RETURNING v')]);
    expect(r!.rows).toEqual([{ v: 7 }]);
  });

  it('uses WAL and synchronous=FULL on every connection it opens', () => {
    const { db } = setup();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
});

describe('DirectSqlWriter', () => {
  it('runs a group as one transaction on the caller connection', async () => {
    const { db } = setup();
    const w = new DirectSqlWriter(db);
    await expect(w.run([op('INSERT INTO t VALUES (1)'), op('INSERT INTO t VALUES (1)')])).rejects.toThrow();
    expect(db.prepare('SELECT COUNT(*) n FROM t').get()).toEqual({ n: 0 });
  });
});

describe('SqlWriterThread with the database locked by another connection', () => {
  it('fails every request of a batch together, with SQLite code, and works again once the lock goes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-writer-')), 'test.db');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (v INTEGER UNIQUE)');
    const thread = new SqlWriterThread(file, 'FULL', 100);
    threads.push(thread);
    const w = new PortSqlWriter(thread.connect());
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => w.run([op('INSERT INTO t VALUES (?)', i)])),
    );
    // One wait for the lock for the whole batch: each request fails as part of the batch, not after
    // a busy timeout of its own, and the callers learn why (the code decides the SMTP answer).
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const err = (o as PromiseRejectedResult).reason as Error & { code?: string };
      expect(err.code).toBe('SQLITE_BUSY');
      expect(err.message).toMatch(/^commit failed: /);
    }
    other.exec('ROLLBACK');
    other.close();
    await w.run([op('INSERT INTO t VALUES (42)')]);
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 42 }]);
  });
});
