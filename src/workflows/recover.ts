import type { Logger } from '../adapters/log.js';
import type { OutboxFiles } from '../adapters/outbox-files.js';
import type { MessageStore } from '../adapters/sqlite/message-store.js';
import type { Spool } from '../adapters/spool.js';
import { unlinkIfExists } from '../adapters/durable-files.js';
import { join } from 'node:path';

/**
 * Start-up sweep of files a crash left behind. A spool file without a row was never acknowledged
 * (no 250 was sent, the client will retry), and one whose message was delivered is a copy nobody
 * needs; outbox files likewise once their message is delivered. Everything else is kept.
 */
export async function sweepOrphans(deps: {
  spool: Spool;
  outboxFiles: OutboxFiles;
  messages: MessageStore;
  log: Logger;
}): Promise<{ spool: number; outbox: number }> {
  const gone = (id: string) => {
    const row = deps.messages.get(id);
    return !row || row.state === 'delivered';
  };
  let spool = 0;
  for (const id of await deps.spool.ids()) {
    if (gone(id)) {
      await deps.spool.remove(id);
      spool++;
    }
  }
  let outbox = 0;
  for (const f of await deps.outboxFiles.list()) {
    if (f.kind === 'tmp' || gone(f.messageId)) {
      await unlinkIfExists(join(deps.outboxFiles.dir, f.file));
      outbox++;
    }
  }
  if (spool || outbox) deps.log.info({ spool, outbox }, 'removed files left by an interrupted run');
  return { spool, outbox };
}
