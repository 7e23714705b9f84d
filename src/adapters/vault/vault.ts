import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DirSync, ensureDir, unlinkIfExists, writeFileDurably } from '../durable-files.js';
import type { Db } from '../sqlite/database.js';
import type { SqlOp } from '../sqlite/sql-op.js';
import { DATA_KEY_BYTES, type Exec, transactionExec, unwrapDataKey, wrapDataKey } from './data-key.js';
import { gcmOpen, gcmSeal } from './key-wrap.js';
import type { Keyring } from './keyring.js';
import { VaultError, VaultIntegrityError, VaultNotFoundError } from './vault-errors.js';
import {
  blobAad,
  blobFileName,
  checkItemId,
  FORMAT_VERSION,
  headerPrefix,
  IV_BYTES,
  parseBlob,
} from './vault-format.js';
import { type RewrapResult, rewrapAll } from './vault-rewrap.js';
import { deleteKeyRow, insertKeyRow, type KeyRow } from './vault-schema.js';

export * from './vault-errors.js';
export type { RewrapResult } from './vault-rewrap.js';
export { VAULT_SCHEMA_SQL } from './vault-schema.js';

export interface VaultOptions {
  /** Reads; also writes unless `exec` is given. */
  db: Db;
  /** `quarantine.dir`. */
  dir: string;
  keyring: Keyring;
  /** Commits a group of writes all-or-nothing (e.g. the writer thread); default: a transaction on `db`. */
  exec?: Exec;
  fsync?: boolean;
}

export interface VaultItem {
  itemId: string;
  messageId: string;
  keyId: string;
  size: number;
  createdAt: number;
}

export interface ListFilter {
  messageId?: string;
  keyId?: string;
  /** Only items created at or before this time (epoch ms). */
  createdUntil?: number;
  limit?: number;
}

// Temporary names writeFileDurably gives blobs (`<name>.tmp-<pid>`): left behind only by a crash.
const TMP_FILE = /\.dgq\.tmp-(\d+)$/;

/** Whether a process with this id runs (one that may still be writing its temporary file). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The encrypted quarantine: blobs `<dir>/<itemId>.dgq` (see vault-format.ts) encrypted under a
 * fresh data key per item; the data key, wrapped under the current master key, lives in a
 * `quarantine_keys` row. The file is made durable before the row is committed, so a row always
 * has its file; a file without a row is garbage from an interrupted put or shred, swept later.
 */
export class Vault {
  private readonly db: Db;
  private readonly keyring: Keyring;
  private readonly dirSync: DirSync;
  private readonly exec: Exec;
  private readonly fsync: boolean;

  constructor(readonly opts: VaultOptions) {
    this.db = opts.db;
    this.keyring = opts.keyring;
    this.fsync = opts.fsync ?? true;
    ensureDir(opts.dir);
    this.dirSync = new DirSync(opts.dir, this.fsync);
    this.exec = opts.exec ?? transactionExec(this.db);
  }

  /**
   * Encrypts and writes the blob durably, then returns the row insert for the caller to commit (with
   * its other writes, on the writer thread). Until that commit the item does not exist.
   */
  async put(itemId: string, plaintext: Buffer, meta: { messageId: string; now?: number }): Promise<SqlOp[]> {
    checkItemId(itemId);
    if (this.has(itemId)) throw new VaultError(`quarantine item ${itemId} already exists`);
    this.keyring.refresh(); // pick up a rotation done by the CLI while we run
    const master = this.keyring.current();
    const dataKey = randomBytes(DATA_KEY_BYTES);
    try {
      const prefix = headerPrefix(randomBytes(IV_BYTES));
      const iv = prefix.subarray(prefix.length - IV_BYTES);
      const blob = gcmSeal(dataKey, plaintext, blobAad(prefix, itemId, meta.messageId), iv);
      const wrap = wrapDataKey(master, dataKey, itemId, meta.messageId);
      // Written in its three pieces: a big original is not copied once more to be joined.
      const pieces = [prefix, blob.tag, blob.ciphertext];
      await writeFileDurably(this.dirSync, blobFileName(itemId), pieces, this.fsync);
      const row: KeyRow = {
        item_id: itemId,
        message_id: meta.messageId,
        key_id: master.id,
        format: FORMAT_VERSION,
        wrap_iv: wrap.iv,
        wrap_tag: wrap.tag,
        wrapped_key: wrap.ciphertext,
        size: plaintext.length,
        created_at: meta.now ?? Date.now(),
      };
      return [insertKeyRow(row)];
    } finally {
      dataKey.fill(0);
    }
  }

  /** put, then commit the row with this vault's executor. */
  async store(itemId: string, plaintext: Buffer, meta: { messageId: string; now?: number }): Promise<void> {
    await this.exec(await this.put(itemId, plaintext, meta));
  }

  has(itemId: string): boolean {
    return this.db.prepare('SELECT 1 FROM quarantine_keys WHERE item_id = ?').get(itemId) !== undefined;
  }

  /** The original bytes, or an error: VaultNotFoundError, VaultKeyMissingError, VaultIntegrityError. */
  async get(itemId: string): Promise<Buffer> {
    checkItemId(itemId);
    const row = this.row(itemId);
    if (!row) throw new VaultNotFoundError(itemId);
    const dataKey = unwrapDataKey(this.keyring, row);
    try {
      let file: Buffer;
      try {
        file = await readFile(join(this.opts.dir, blobFileName(itemId)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          throw new VaultIntegrityError(itemId, 'blob file missing');
        throw err;
      }
      const b = parseBlob(itemId, file);
      const plain = gcmOpen(
        dataKey,
        { iv: b.iv, tag: b.tag, ciphertext: b.body },
        blobAad(b.prefix, itemId, row.message_id),
      );
      if (!plain) throw new VaultIntegrityError(itemId, 'blob does not authenticate');
      if (plain.length !== row.size)
        throw new VaultIntegrityError(itemId, 'size differs from the recorded size');
      return plain;
    } finally {
      dataKey.fill(0);
    }
  }

  list(filter: ListFilter = {}): VaultItem[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const cond = (sql: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    cond('message_id = ?', filter.messageId);
    cond('key_id = ?', filter.keyId);
    cond('created_at <= ?', filter.createdUntil);
    const sql =
      'SELECT item_id, message_id, key_id, size, created_at FROM quarantine_keys' +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY created_at, item_id' +
      (filter.limit !== undefined ? ' LIMIT ?' : '');
    if (filter.limit !== undefined) params.push(filter.limit);
    const rows = this.db.prepare(sql).all(...params) as KeyRow[];
    return rows.map((r) => ({
      itemId: r.item_id,
      messageId: r.message_id,
      keyId: r.key_id,
      size: r.size,
      createdAt: r.created_at,
    }));
  }

  /** Items per master key id: a key may be retired only when it has none. */
  keyUsage(): Record<string, number> {
    const rows = this.db
      .prepare('SELECT key_id, COUNT(*) AS n FROM quarantine_keys GROUP BY key_id')
      .all() as {
      key_id: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
  }

  /**
   * Crypto-shred: the wrapped key row first (committed, overwritten by secure_delete), then the file.
   * A crash in between leaves an undecryptable file for sweep(). Idempotent. `deferScrub` lets a
   * batch (retention) scrub the WAL once at the end instead of after every item.
   */
  async shred(itemId: string, opts: { deferScrub?: boolean } = {}): Promise<void> {
    checkItemId(itemId);
    await this.exec([deleteKeyRow(itemId)]);
    await unlinkIfExists(join(this.opts.dir, blobFileName(itemId)));
    await this.dirSync.sync();
    if (!opts.deferScrub) this.scrubWal();
  }

  /**
   * secure_delete overwrites the row in the database pages, but copies of those pages (with the
   * wrapped key) can remain in the WAL until it is reused. A TRUNCATE checkpoint copies the clean
   * pages back and empties the WAL. Best effort: with a busy writer it checkpoints what it can.
   */
  scrubWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * Re-wraps data keys under the current master key (blobs untouched): every item not already under
   * it, or only those under `fromKeyIds`. Resumable: run it again after an interruption.
   */
  rewrap(opts: { fromKeyIds?: string[]; batchSize?: number } = {}): Promise<RewrapResult> {
    return rewrapAll(this.db, this.keyring, this.exec, opts);
  }

  /**
   * Removes blob files that have no row (an interrupted shred or put) and stale temporary files.
   * Only files older than `graceMs` go: a younger one may belong to a put whose row is not committed
   * yet. An orphan is undecryptable anyway, so leaving it for the grace period costs nothing.
   */
  async sweep(opts: { now: number; graceMs?: number }): Promise<{ removed: number }> {
    const cutoff = opts.now - (opts.graceMs ?? 3_600_000);
    let removed = 0;
    for (const name of await readdir(this.opts.dir)) {
      const orphan = name.endsWith('.dgq') && !this.has(name.slice(0, -4));
      const tmp = TMP_FILE.exec(name);
      if (!orphan && !tmp) continue;
      const path = join(this.opts.dir, name);
      const st = await stat(path).catch(() => undefined);
      // The temporary file of a process that is gone (killed mid-write) goes at once, whatever its age.
      const abandoned = tmp !== null && Number(tmp[1]) !== process.pid && !running(Number(tmp[1]));
      if (!st?.isFile() || (st.mtimeMs > cutoff && !abandoned)) continue;
      // Checked again just before unlinking: a put may have committed its row meanwhile.
      if (orphan && this.has(name.slice(0, -4))) continue;
      await unlinkIfExists(path);
      removed++;
    }
    if (removed) await this.dirSync.sync();
    return { removed };
  }

  private row(itemId: string): KeyRow | undefined {
    return this.db.prepare('SELECT * FROM quarantine_keys WHERE item_id = ?').get(itemId) as
      | KeyRow
      | undefined;
  }
}
