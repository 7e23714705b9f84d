import { existsSync } from 'node:fs';
import { openDatabase } from '../adapters/sqlite/database.js';
import { MessageOutcomes } from '../adapters/sqlite/message-outcome.js';
import { MessageStore } from '../adapters/sqlite/message-store.js';
import { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import { DirectSqlWriter } from '../adapters/sqlite/sql-writer.js';
import { type Config, dataPaths } from '../config.js';
import type { MessageState } from '../domain/message.js';
import type { RunOptions } from './command-line.js';
import { printList } from './list-output.js';
import { queueLine, queueShowJson, renderQueueShow } from './queue-show.js';
import { UsageError } from './usage-error.js';

/**
 * `deskguard queue list|show|retry|dead`: read and nudge the queue, also while the gateway runs
 * (no lock: SQLite in WAL mode lets readers and the retry's one transaction work beside it).
 * Arguments and options arrive checked against the command table (commands.ts).
 */
export async function queueCommand(
  config: Config,
  action: string,
  id: string | undefined,
  o: RunOptions,
  out: (s: string) => void,
): Promise<number> {
  const file = dataPaths(config).db;
  if (!existsSync(file)) throw new UsageError(`no queue at ${file} (has the gateway run with this config?)`);
  const db = openDatabase(file);
  try {
    const messages = new MessageStore(db);
    const outbox = new OutboxStore(db);
    switch (action) {
      case 'list': {
        const state = o.state === 'all' ? null : (o.state as MessageState);
        printList(
          messages.list(state, o.limit),
          {
            json: o.json,
            line: queueLine,
            empty: state ? `no messages in state ${state}` : 'the queue is empty',
          },
          out,
        );
        return 0;
      }
      case 'dead':
        printList(
          messages.list('dead', o.limit),
          { json: o.json, line: queueLine, empty: 'no dead-lettered messages' },
          out,
        );
        return 0;
      case 'show': {
        const row = messages.get(id!);
        if (!row) throw new UsageError(`no message ${id}`);
        const detail = {
          row,
          outcome: new MessageOutcomes(db).of(row.id),
          deliveries: outbox.forMessage(row.id),
        };
        if (o.json) out(JSON.stringify(queueShowJson(detail)));
        else for (const line of renderQueueShow(detail)) out(line);
        return 0;
      }
      case 'retry': {
        const row = messages.get(id!);
        if (!row) throw new UsageError(`no message ${id}`);
        const writer = new DirectSqlWriter(db);
        const dead = row.state === 'dead' && outbox.forMessage(row.id).some((d) => d.state === 'dead');
        // Processing again needs the original: once shredded (deleted, solved, purged) there is none.
        if (!dead && (row.state === 'dead' || row.state === 'held') && !messages.hasOriginal(row.id))
          throw new UsageError(
            `message ${row.id} cannot be retried: its original was deleted from the quarantine`,
          );
        const [first] = await writer.run(
          dead
            ? [messages.transition(row.id, 'dead', 'delivering'), outbox.revive(row.id)]
            : [messages.requeue(row.id)],
        );
        if (first!.changes !== 1)
          throw new UsageError(
            `message ${row.id} is ${row.state}; only dead or held messages can be retried`,
          );
        out(`${row.id} queued again`);
        return 0;
      }
      default:
        throw new Error(`queue ${action}: not in the command table`);
    }
  } finally {
    db.close();
  }
}
