import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';

/**
 * Start-up sweep of files a crash left behind: a message file without a row was never acknowledged
 * (no 250 was sent, the client will retry), and a delivered message's row and file go together.
 */
export async function sweepOrphans(deps: { blobs: BlobStore; log: Logger }): Promise<number> {
  const removed = await deps.blobs.sweep();
  if (removed) deps.log.info({ removed }, 'removed files left by an interrupted run');
  return removed;
}
