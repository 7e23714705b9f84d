import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { GroupCommit } from '../../../src/adapters/sqlite/group-commit.js';

const db = () => openDatabase(join(mkdtempSync(join(tmpdir(), 'dg-gc-')), 'test.db'));

describe('GroupCommit', () => {
  it('commits writes of one turn in one transaction', async () => {
    const d = db();
    d.exec('CREATE TABLE t (v INTEGER UNIQUE)');
    const gc = new GroupCommit(d);
    // One outer transaction for the batch plus one savepoint per write: 6 for 5 writes, where
    // committing each write alone would take 10.
    const spy = vi.spyOn(d, 'transaction');
    const ins = d.prepare('INSERT INTO t VALUES (?)');
    await Promise.all([1, 2, 3, 4, 5].map((v) => gc.run(() => ins.run(v))));
    expect(spy).toHaveBeenCalledTimes(6);
    expect((d.prepare('SELECT COUNT(*) n FROM t').get() as { n: number }).n).toBe(5);
  });

  it('rolls back only the write that failed', async () => {
    const d = db();
    d.exec('CREATE TABLE t (v INTEGER UNIQUE)');
    const gc = new GroupCommit(d);
    const ins = d.prepare('INSERT INTO t VALUES (?)');
    const results = await Promise.allSettled([gc.run(() => ins.run(1)), gc.run(() => ins.run(1)), gc.run(() => ins.run(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(d.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('opens databases in WAL mode with synchronous=FULL and migrates once', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-gc-')), 'a.db');
    const d = openDatabase(file);
    expect(d.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.pragma('synchronous', { simple: true })).toBe(2);
    d.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT COUNT(*) n FROM schema_migrations').get()).toEqual({ n: 1 });
  });
});
