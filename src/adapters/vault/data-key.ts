import type { Db } from '../sqlite/database.js';
import type { SqlOp } from '../sqlite/sql-op.js';
import { gcmOpen, gcmSeal, type Sealed } from './key-wrap.js';
import type { Keyring, MasterKey } from './keyring.js';
import { VaultIntegrityError, VaultKeyMissingError } from './vault-errors.js';
import { FORMAT_VERSION, wrapAad } from './vault-format.js';
import type { KeyRow } from './vault-schema.js';

export const DATA_KEY_BYTES = 32;

export type Exec = (ops: SqlOp[]) => Promise<unknown> | unknown;

/** The default executor: all ops in one transaction on `db`. */
export function transactionExec(db: Db): Exec {
  return (ops) =>
    db.transaction(() => {
      for (const o of ops) db.prepare(o.sql).run(...o.params);
    })();
}

/** Wraps a data key under `master`, bound to the item, the key id and the format version. */
export function wrapDataKey(master: MasterKey, dataKey: Buffer, itemId: string, messageId: string): Sealed {
  return gcmSeal(master.keyObject, dataKey, wrapAad(FORMAT_VERSION, itemId, master.id, messageId));
}

/** Unwraps a row's data key; the caller zeroes it after use. */
export function unwrapDataKey(keyring: Keyring, row: KeyRow): Buffer {
  if (row.format !== FORMAT_VERSION) {
    throw new VaultIntegrityError(row.item_id, `unknown key format ${row.format}`);
  }
  let master = keyring.get(row.key_id);
  // A key unknown here may have been added by another process (CLI rotation) since we loaded.
  if (!master && keyring.refresh()) master = keyring.get(row.key_id);
  if (!master) throw new VaultKeyMissingError(row.item_id, row.key_id);
  const aad = wrapAad(row.format, row.item_id, row.key_id, row.message_id);
  const key = gcmOpen(
    master.keyObject,
    { iv: row.wrap_iv, tag: row.wrap_tag, ciphertext: row.wrapped_key },
    aad,
  );
  if (key?.length !== DATA_KEY_BYTES) {
    throw new VaultIntegrityError(row.item_id, 'wrapped data key does not authenticate');
  }
  return key;
}
