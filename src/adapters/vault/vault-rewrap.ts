import type { Db } from '../sqlite/database.js';
import type { SqlOp } from '../sqlite/sql-op.js';
import { type Exec, unwrapDataKey, wrapDataKey } from './data-key.js';
import type { Keyring } from './keyring.js';
import { type KeyRow, rewrapKeyRow } from './vault-schema.js';

export interface RewrapResult {
  rewrapped: number;
  /** Items that could not be unwrapped (tampered, or under a key no longer in the keyring). */
  failed: { itemId: string; error: string }[];
}

/**
 * Re-wraps data keys under the keyring's current key; blobs are untouched. Each batch commits on
 * its own and rows are chosen by key id, so a run that is interrupted is resumed by running it
 * again, and rows already moved are not touched twice. Paging by item id (not by "still under the
 * old key") lets the loop end even when some rows fail; those are reported, not retried forever.
 */
export async function rewrapAll(
  db: Db,
  keyring: Keyring,
  exec: Exec,
  opts: { fromKeyIds?: string[]; batchSize?: number } = {},
): Promise<RewrapResult> {
  keyring.refresh();
  const target = keyring.current();
  const from = opts.fromKeyIds?.filter((id) => id !== target.id);
  const result: RewrapResult = { rewrapped: 0, failed: [] };
  if (from && from.length === 0) return result;
  const keyFilter = from ? `key_id IN (${from.map(() => '?').join(', ')})` : 'key_id <> ?';
  const select = db.prepare(
    `SELECT * FROM quarantine_keys WHERE ${keyFilter} AND item_id > ? ORDER BY item_id LIMIT ?`,
  );
  let after = '';
  for (;;) {
    const rows = select.all(...(from ?? [target.id]), after, opts.batchSize ?? 200) as KeyRow[];
    if (rows.length === 0) return result;
    after = rows[rows.length - 1]!.item_id;
    const ops: SqlOp[] = [];
    for (const row of rows) {
      let dataKey: Buffer | undefined;
      try {
        dataKey = unwrapDataKey(keyring, row);
        ops.push(rewrapKeyRow(row, target.id, wrapDataKey(target, dataKey, row.item_id, row.message_id)));
      } catch (err) {
        result.failed.push({ itemId: row.item_id, error: (err as Error).message });
      } finally {
        dataKey?.fill(0);
      }
    }
    if (ops.length) await exec(ops);
    result.rewrapped += ops.length;
  }
}
