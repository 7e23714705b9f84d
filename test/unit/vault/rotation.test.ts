import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SqlOp } from '../../../src/adapters/sqlite/sql-op.js';
import { loadKeyring } from '../../../src/adapters/vault/keyring.js';
import { Vault, VaultKeyMissingError } from '../../../src/adapters/vault/vault.js';
import { setup, tempDir, testDb } from './helpers.js';

const msg = (i: number) =>
  Buffer.from(`Subject: ${i}\r\n\r\ntoken ghp_${String(i).repeat(36).slice(0, 36)}\r\n`);

describe('key rotation', () => {
  it('old items stay readable, new ones use the new key, rewrap moves all, then the old key can go', async () => {
    const { vault, keyring, db, qdir } = setup();
    const a = keyring.current().id;
    for (let i = 0; i < 5; i++) await vault.store(`old${i}`, msg(i), { messageId: `m${i}` });
    const blobsBefore = vault.list().map((i) => i.itemId);
    const b = keyring.rotate().id;
    expect(b).not.toBe(a);
    expect(await vault.get('old3')).toEqual(msg(3));
    await vault.store('new', msg(9), { messageId: 'm9' });
    expect(vault.keyUsage()).toEqual({ [a]: 5, [b]: 1 });

    expect(await vault.rewrap()).toEqual({ rewrapped: 5, failed: [] });
    expect(vault.keyUsage()).toEqual({ [b]: 6 });
    expect(await vault.rewrap()).toEqual({ rewrapped: 0, failed: [] }); // idempotent
    keyring.retire(a);

    // A fresh process that only has key B reads everything, old and new.
    const fresh = new Vault({
      db,
      dir: qdir,
      fsync: false,
      keyring: loadKeyring({ quarantineDir: qdir, env: {} }).keyring,
    });
    for (let i = 0; i < 5; i++) expect(await fresh.get(`old${i}`)).toEqual(msg(i));
    expect(await fresh.get('new')).toEqual(msg(9));
    expect(vault.list().map((i) => i.itemId)).toEqual([...blobsBefore, 'new']);
  });

  it('without rewrap, retiring the old key makes its items unreadable (so keyUsage must be checked)', async () => {
    const { vault, keyring } = setup();
    await vault.store('x', msg(1), { messageId: 'm' });
    const a = keyring.current().id;
    keyring.rotate();
    keyring.retire(a);
    await expect(vault.get('x')).rejects.toThrow(VaultKeyMissingError);
  });

  it('a running gateway picks up a rotation made by another process (the CLI)', async () => {
    const { vault, db, qdir } = setup();
    const cli = loadKeyring({ quarantineDir: qdir, env: {} }).keyring;
    const b = cli.rotate().id;
    await vault.store('after', msg(2), { messageId: 'm' });
    expect(vault.list()[0]!.keyId).toBe(b);
    // And reads items wrapped under a key it had never loaded.
    const c = cli.rotate().id;
    const other = new Vault({ db, dir: qdir, fsync: false, keyring: cli });
    await other.store('byCli', msg(3), { messageId: 'm' });
    expect(other.list({ keyId: c })).toHaveLength(1);
  });

  it('an interrupted rewrap resumes where it stopped when run again', async () => {
    const { vault, keyring, db, qdir } = setup();
    const a = keyring.current().id;
    for (let i = 0; i < 7; i++) await vault.store(`i${i}`, msg(i), { messageId: 'm' });
    const b = keyring.rotate().id;
    let batches = 0;
    const crashing = new Vault({
      db,
      dir: qdir,
      fsync: false,
      keyring,
      exec: (ops: SqlOp[]) => {
        if (++batches > 1) throw new Error('power cut');
        db.transaction(() => {
          for (const o of ops) db.prepare(o.sql).run(...o.params);
        })();
      },
    });
    await expect(crashing.rewrap({ batchSize: 3 })).rejects.toThrow('power cut');
    expect(vault.keyUsage()).toEqual({ [a]: 4, [b]: 3 });
    expect(await vault.rewrap({ batchSize: 3 })).toEqual({ rewrapped: 4, failed: [] });
    expect(vault.keyUsage()).toEqual({ [b]: 7 });
    for (let i = 0; i < 7; i++) expect(await vault.get(`i${i}`)).toEqual(msg(i));
  });

  it('rewrap limited to some key ids; a tampered item is reported and the rest still move', async () => {
    const { vault, keyring, db } = setup();
    const a = keyring.current().id;
    await vault.store('a1', msg(1), { messageId: 'm' });
    await vault.store('bad', msg(2), { messageId: 'm' });
    const b = keyring.rotate().id;
    await vault.store('b1', msg(3), { messageId: 'm' });
    const c = keyring.rotate().id;
    db.prepare("UPDATE quarantine_keys SET message_id = 'forged' WHERE item_id = 'bad'").run();
    const r = await vault.rewrap({ fromKeyIds: [a] });
    expect(r.rewrapped).toBe(1);
    expect(r.failed).toEqual([{ itemId: 'bad', error: expect.stringMatching(/does not authenticate/) }]);
    expect(vault.keyUsage()).toEqual({ [a]: 1, [b]: 1, [c]: 1 });
  });

  it('keys from DESKGUARD_MASTER_KEY rotate by prepending a new key', async () => {
    const dir = tempDir();
    const db = testDb(dir);
    const qdir = join(dir, 'q');
    const A = `a:${'11'.repeat(32)}`;
    const B = `b:${'22'.repeat(32)}`;
    const v1 = new Vault({
      db,
      dir: qdir,
      fsync: false,
      keyring: loadKeyring({ quarantineDir: qdir, env: { DESKGUARD_MASTER_KEY: A } }).keyring,
    });
    await v1.store('e1', msg(1), { messageId: 'm' });
    const v2 = new Vault({
      db,
      dir: qdir,
      fsync: false,
      keyring: loadKeyring({ quarantineDir: qdir, env: { DESKGUARD_MASTER_KEY: `${B},${A}` } }).keyring,
    });
    expect(await v2.rewrap()).toEqual({ rewrapped: 1, failed: [] });
    const v3 = new Vault({
      db,
      dir: qdir,
      fsync: false,
      keyring: loadKeyring({ quarantineDir: qdir, env: { DESKGUARD_MASTER_KEY: B } }).keyring,
    });
    expect(await v3.get('e1')).toEqual(msg(1));
  });
});
