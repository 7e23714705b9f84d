import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { Database } from '../../../src/adapters/sqlite/driver.js';
import { op, type SqlOp, type SqlResult, type SqlWriter } from '../../../src/adapters/sqlite/sql-op.js';
import { PortSqlWriter, SqlWriterThread } from '../../../src/adapters/sqlite/sql-writer.js';
import { StorageHealth } from '../../../src/adapters/sqlite/storage-health.js';

const threads: SqlWriterThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

/** A writer whose next outcomes the test decides: an error code to fail with, or success. */
function scriptedWriter() {
  const next: Array<string | undefined> = [];
  const writer: SqlWriter = {
    run: async (_ops: SqlOp[]): Promise<SqlResult[]> => {
      const code = next.shift();
      if (code) throw Object.assign(new Error(code), { code });
      return [{ changes: 0, rows: [] }];
    },
    close: async () => {},
  };
  return { writer, next };
}

describe('StorageHealth', () => {
  it('reports a lock held by another process, from its probe, within the probe deadline', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-health-')), 'test.db');
    openDatabase(file).close();
    const thread = new SqlWriterThread(file, 'FULL', 5000);
    threads.push(thread);
    const health = new StorageHealth(new PortSqlWriter(thread.connect()), 50);
    // Until the probe passes (the writer thread may still be starting on a busy machine).
    const untilHealthy = async () => {
      let problem: string | undefined = 'not asked yet';
      for (let i = 0; i < 200 && problem !== undefined; i++) {
        problem = await health.problem();
        if (problem) await new Promise((r) => setTimeout(r, 50));
      }
      return problem;
    };
    expect(await untilHealthy()).toBeUndefined();

    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    // The probe waits out the busy timeout (5 s); the answer comes from the 50 ms deadline.
    expect(await health.problem()).toMatch(/did not complete within 50 ms|SQLITE_BUSY/);
    other.exec('ROLLBACK');
    other.close();
    expect(await untilHealthy()).toBeUndefined();
  });

  it('reports a failed store (disk full) until a write succeeds; the probe alone cannot clear it', async () => {
    const { writer, next } = scriptedWriter();
    const health = new StorageHealth(writer, 1000);
    next.push('SQLITE_FULL');
    await expect(health.watched.run([op('INSERT 1')])).rejects.toThrow();
    expect(await health.problem()).toBe('disk full (SQLITE_FULL)');
    expect(await health.problem()).toBe('disk full (SQLITE_FULL)');
    await health.watched.run([op('INSERT 2')]);
    expect(await health.problem()).toBeUndefined();
  });

  it('clears a failed store caused by a lock once its probe passes', async () => {
    const { writer, next } = scriptedWriter();
    const health = new StorageHealth(writer, 1000);
    next.push('SQLITE_BUSY');
    await expect(health.watched.run([op('INSERT 1')])).rejects.toThrow();
    next.push('SQLITE_BUSY'); // the probe: still locked
    expect(await health.problem()).toBe('database locked (SQLITE_BUSY)');
    expect(await health.problem()).toBeUndefined(); // the probe passes: the lock is gone
  });

  it('forgets a failure after a while without writes: a later probe speaks for now', async () => {
    const { writer, next } = scriptedWriter();
    let now = 0;
    const health = new StorageHealth(writer, 1000, () => now);
    next.push('EIO');
    await expect(health.watched.run([op('INSERT 1')])).rejects.toThrow();
    expect(await health.problem()).toBe('database write failed (EIO)');
    now += 60_000;
    expect(await health.problem()).toBeUndefined();
  });
});
