import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase } from '../../../src/adapters/sqlite/database.js';
import { type Keyring, loadKeyring } from '../../../src/adapters/vault/keyring.js';
import { Vault } from '../../../src/adapters/vault/vault.js';

export function tempDir(prefix = 'dg-vault-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A database with the vault and audit schemas, as the lead's migrations will create them. */
export function testDb(dir: string): Db {
  // openDatabase applies every migration, the vault and audit tables included
  return openDatabase(join(dir, 'test.db'));
}

export interface Setup {
  dir: string;
  qdir: string;
  db: Db;
  keyring: Keyring;
  vault: Vault;
}

/** A vault over a fresh temp dir, with a generated key file (no env key). */
export function setup(): Setup {
  const dir = tempDir();
  const qdir = join(dir, 'quarantine');
  const db = testDb(dir);
  const { keyring } = loadKeyring({ quarantineDir: qdir, env: {} });
  // fsync off: these tests are about formats and logic, not power loss.
  const vault = new Vault({ db, dir: qdir, keyring, fsync: false });
  return { dir, qdir, db, keyring, vault };
}
