import { op, type SqlOp } from '../sqlite/sql-op.js';

/**
 * One row per quarantine item: its wrapped data key and metadata. Deleting the row is the
 * crypto-shred (with secure_delete the wrapped key is overwritten in the database file); the blob
 * file alone is undecryptable. The lead appends this as a migration step.
 */
export const VAULT_SCHEMA_SQL = `CREATE TABLE quarantine_keys (
  item_id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  format INTEGER NOT NULL,
  wrap_iv BLOB NOT NULL,
  wrap_tag BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX quarantine_keys_created ON quarantine_keys (created_at);
CREATE INDEX quarantine_keys_message ON quarantine_keys (message_id);
CREATE INDEX quarantine_keys_key ON quarantine_keys (key_id);`;

export interface KeyRow {
  item_id: string;
  message_id: string;
  key_id: string;
  format: number;
  wrap_iv: Buffer;
  wrap_tag: Buffer;
  wrapped_key: Buffer;
  size: number;
  created_at: number;
}

export const insertKeyRow = (r: KeyRow): SqlOp =>
  op(
    `INSERT INTO quarantine_keys (item_id, message_id, key_id, format, wrap_iv, wrap_tag, wrapped_key, size, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.item_id,
    r.message_id,
    r.key_id,
    r.format,
    r.wrap_iv,
    r.wrap_tag,
    r.wrapped_key,
    r.size,
    r.created_at,
  );

export const deleteKeyRow = (itemId: string): SqlOp =>
  op('DELETE FROM quarantine_keys WHERE item_id = ?', itemId);

/** Compare-and-swap on the old wrapping, so a rewrap racing a shred or another rewrap is harmless. */
export const rewrapKeyRow = (
  old: KeyRow,
  keyId: string,
  w: { iv: Buffer; tag: Buffer; ciphertext: Buffer },
): SqlOp =>
  op(
    `UPDATE quarantine_keys SET key_id = ?, wrap_iv = ?, wrap_tag = ?, wrapped_key = ?
     WHERE item_id = ? AND key_id = ? AND wrapped_key = ?`,
    keyId,
    w.iv,
    w.tag,
    w.ciphertext,
    old.item_id,
    old.key_id,
    old.wrapped_key,
  );
