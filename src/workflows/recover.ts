import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { SqlWriter } from '../adapters/sqlite/sql-op.js';

/**
 * Start-up sweep of files a crash left behind: a message file without a row was never acknowledged
 * (no 250 was sent, the client will retry), and a delivered message's row and file go together.
 * Composed copies an older version left in the clear are encrypted here too.
 */
export async function sweepOrphans(deps: {
  blobs: BlobStore;
  log: Logger;
  writer?: SqlWriter;
}): Promise<number> {
  const removed = await deps.blobs.sweep();
  if (removed) deps.log.info({ removed }, 'removed files left by an interrupted run');
  if (deps.writer) {
    const legacy = await deps.blobs.sealLegacy();
    if (legacy.ops.length) await deps.writer.run(legacy.ops);
    const sealed = legacy.ops.length + legacy.files;
    if (sealed)
      deps.log.info({ sealed }, 'encrypted queued deliveries stored in the clear by an older version');
  }
  return removed;
}
