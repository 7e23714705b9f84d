import type { BlobStore } from '../adapters/blob-store.js';
import type { MessageRow } from '../adapters/sqlite/message-store.js';
import type { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlResult } from '../adapters/sqlite/sql-op.js';
import type { QuarantinePort } from '../stages/quarantine-stage.js';

/** What keeping an original needs: the vault, its index for staff, and the spool it leaves. */
export interface OriginalKeeper {
  vault: QuarantinePort;
  quarantine: Pick<QuarantineIndex, 'keep'>;
  blobs: Pick<BlobStore, 'forget' | 'removeFiles'>;
}

/**
 * The writes that leave a message's original where staff can read it whatever became of the
 * message: encrypted in the quarantine (`deskguard quarantine reveal|release <queue id>`), item id =
 * queue id, with the reason in the quarantine list. The spool copy goes in the same commit. Commit
 * them with the message's next state (held or dead); then pass the results to `dropSpoolFiles`.
 * A message already in the vault (a redacted one) is not stored twice. The blob is durable when
 * this returns, its key row commits with the rest: a crash in between leaves nothing readable.
 */
export async function keepOriginalOps(
  keeper: OriginalKeeper,
  row: MessageRow,
  raw: () => Promise<Buffer>,
  reason: string,
  types: readonly string[] = [],
): Promise<SqlOp[]> {
  const ops: SqlOp[] = [];
  if (!keeper.vault.has(row.id))
    ops.push(...(await keeper.vault.put(row.id, await raw(), { messageId: row.id })));
  ops.push(
    keeper.quarantine.keep({
      id: row.id,
      sender: row.envelope.mailFrom,
      // Never the subject as received: nothing has checked it for secrets.
      subject: '',
      reason,
      types: [...types],
      ticket: null,
      receivedAt: row.envelope.receivedAt,
    }),
    // Last, so its result (the file to remove) is the last result of the commit.
    keeper.blobs.forget(row.id, 'raw'),
  );
  return ops;
}

/** Removes the spool file a committed `keepOriginalOps` group forgot. */
export async function dropSpoolFiles(keeper: OriginalKeeper, results: SqlResult[]): Promise<void> {
  await keeper.blobs.removeFiles(results.slice(-1));
}
