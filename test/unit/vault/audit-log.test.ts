import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  append,
  auditHash,
  GENESIS_HASH,
  head,
  list,
  verify,
} from '../../../src/adapters/sqlite/audit-log.js';
import { type Db, openDatabase } from '../../../src/adapters/sqlite/database.js';
import { driverPath } from '../../../src/adapters/sqlite/driver.js';
import { tempDir } from './helpers.js';

function auditDb(): { db: Db; file: string } {
  const file = join(tempDir('dg-audit-'), 'a.db');
  const db = openDatabase(file);
  return { db, file };
}

function seed(db: Db, n = 5): void {
  const actions = ['reveal', 'release', 'delete', 'purge', 'solve', 'key_rotate', 'view'];
  for (let i = 0; i < n; i++) {
    append(
      db,
      { actor: `alice${i}`, action: actions[i % actions.length]!, item: `q${i}`, reason: `why ${i}` },
      1000 + i,
    );
  }
}

// What an attacker with write access to the file does: drop the triggers first.
const dropTriggers = (db: Db) =>
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

describe('audit log', () => {
  it('chains rows from the genesis hash; verify recomputes every hash', () => {
    const { db } = auditDb();
    expect(verify(db)).toEqual({ ok: true, rows: 0, head: GENESIS_HASH });
    const first = append(
      db,
      { actor: 'alice', action: 'reveal', item: 'q1', reason: 'ticket 12' },
      1_700_000_000_000,
    );
    expect(first).toMatchObject({ id: 1, prev_hash: GENESIS_HASH, at: 1_700_000_000_000 });
    const second = append(db, { actor: 'retention', action: 'purge', item: null }, 1_700_000_000_001);
    expect(second.prev_hash).toBe(first.hash);
    expect(second.hash).toBe(auditHash({ ...second }));
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verify(db)).toEqual({ ok: true, rows: 2, head: second.hash });
    expect(head(db)).toEqual({ id: 2, hash: second.hash });
  });

  it('the encoding tells NULL from empty and keeps field boundaries', () => {
    const base = { id: 1, at: 1, actor: 'a', action: 'view', prev_hash: GENESIS_HASH };
    expect(auditHash({ ...base, item: null, reason: null })).not.toBe(
      auditHash({ ...base, item: '', reason: null }),
    );
    expect(auditHash({ ...base, item: 'ab', reason: 'c' })).not.toBe(
      auditHash({ ...base, item: 'a', reason: 'bc' }),
    );
  });

  it('lists the newest rows in order, filtered by item or action', () => {
    const { db } = auditDb();
    seed(db, 9);
    expect(list(db, { limit: 3 }).map((r) => r.id)).toEqual([7, 8, 9]);
    expect(list(db, { action: 'reveal' }).map((r) => r.item)).toEqual(['q0', 'q7']);
    expect(list(db, { item: 'q4' })).toHaveLength(1);
  });

  it('triggers reject UPDATE and DELETE', () => {
    const { db } = auditDb();
    seed(db, 2);
    expect(() => db.prepare("UPDATE audit_log SET reason = 'x' WHERE id = 1").run()).toThrow(
      'audit log is append-only',
    );
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow('audit log is append-only');
    expect(verify(db).ok).toBe(true);
  });

  it('detects an edited row', () => {
    const { db } = auditDb();
    seed(db);
    dropTriggers(db);
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE id = 3").run();
    expect(verify(db)).toEqual({ ok: false, brokenAt: 3, why: expect.stringMatching(/row edited/) });
  });

  it('detects an edited row whose hash was recomputed: the next row no longer chains', () => {
    const { db } = auditDb();
    seed(db);
    dropTriggers(db);
    const row = db.prepare('SELECT * FROM audit_log WHERE id = 2').get() as Parameters<typeof auditHash>[0];
    const forged = { ...row, reason: 'nothing to see' };
    db.prepare('UPDATE audit_log SET reason = ?, hash = ? WHERE id = 2').run(
      forged.reason,
      auditHash(forged),
    );
    expect(verify(db)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a removed row and a row inserted out of chain', () => {
    const { db } = auditDb();
    seed(db);
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log WHERE id = 2').run();
    expect(verify(db)).toMatchObject({ ok: false, brokenAt: 3 });

    const other = auditDb().db;
    seed(other);
    other
      .prepare(
        "INSERT INTO audit_log (id, at, actor, action, item, reason, prev_hash, hash) VALUES (6, 1, 'x', 'view', NULL, NULL, ?, ?)",
      )
      .run(GENESIS_HASH, 'f'.repeat(64));
    expect(verify(other)).toMatchObject({
      ok: false,
      brokenAt: 6,
      why: expect.stringMatching(/removed or inserted/),
    });
  });

  it('detects a truncated tail against an anchor taken earlier', () => {
    const { db } = auditDb();
    seed(db, 4);
    const anchor = head(db);
    expect(verify(db, { anchor }).ok).toBe(true);
    dropTriggers(db);
    db.prepare('DELETE FROM audit_log WHERE id >= 3').run();
    expect(verify(db).ok).toBe(true); // a chain cut at its end is still a chain…
    expect(verify(db, { anchor })).toMatchObject({ ok: false, brokenAt: 4 }); // …but not the one anchored
  });

  it('stores what it hashed even for odd strings, and rejects bad actions', () => {
    const { db } = auditDb();
    append(db, { actor: 'bob\u{1F600}', action: 'view', item: 'q', reason: 'lone \uD800 surrogate' });
    expect(verify(db).ok).toBe(true);
    expect(() => append(db, { actor: 'bob', action: 'DROP TABLE' })).toThrow(/invalid audit action/);
    expect(() => append(db, { actor: '', action: 'view' })).toThrow(/actor/);
  });

  it('appends from several processes at once keep one unbroken chain', async () => {
    const { db, file } = auditDb();
    // Child processes cannot load TypeScript here (Node 20): run them on this very module, transpiled.
    const dir = tempDir('dg-audit-js-');
    const source = readFileSync(join(process.cwd(), 'src/adapters/sqlite/audit-log.ts'), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(dir, 'audit-log.mjs'), js);
    const sqlite = driverPath;
    writeFileSync(
      join(dir, 'child.mjs'),
      `import { createRequire } from 'node:module';
      import { readdirSync, writeFileSync } from 'node:fs';
      import { append } from './audit-log.mjs';
      const Database = createRequire(import.meta.url)(${JSON.stringify(sqlite)});
      const db = new Database(process.argv[2]);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 10000');
      const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      // A barrier: start only when all three are loaded, however slow the machine, so the appends
      // really overlap; a short nap after each append lets the others in between.
      writeFileSync(process.argv[3] + '/ready-' + process.pid, '');
      while (readdirSync(process.argv[3]).filter((f) => f.startsWith('ready-')).length < 3) nap(5);
      for (let i = 0; i < 200; i++) {
        append(db, { actor: 'p' + process.pid, action: 'view', item: String(i) });
        nap(1);
      }
      db.close();`,
    );
    const runOne = () =>
      new Promise<number | null>((resolve) => fork(join(dir, 'child.mjs'), [file, dir]).on('exit', resolve));
    expect(await Promise.all([runOne(), runOne(), runOne()])).toEqual([0, 0, 0]);
    expect(verify(db)).toMatchObject({ ok: true, rows: 600 });
    // The writers did interleave: the actor changes many times along the chain.
    const actors = list(db, { limit: 600 }).map((r) => r.actor);
    expect(actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length).toBeGreaterThan(3);
  });
});
