import { existsSync } from 'node:fs';
import { openDatabase } from '../adapters/sqlite/database.js';
import { type MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import { DirectSqlWriter } from '../adapters/sqlite/sql-writer.js';
import { type Config, dataPaths } from '../config.js';
import { MESSAGE_STATES, type MessageState } from '../domain/message.js';
import { UsageError } from './usage-error.js';

export interface QueueArgs {
  action: string | undefined;
  id: string | undefined;
  state: string | undefined;
  limit: number;
  json: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function line(r: MessageRow): string {
  const to = r.envelope.rcptTo.join(',');
  return [
    r.id,
    r.state.padEnd(10),
    iso(r.envelope.receivedAt),
    String(r.size).padStart(9),
    r.envelope.mailFrom || '<>',
    '->',
    to,
    r.reason ? `(${r.reason})` : '',
  ]
    .join(' ')
    .trimEnd();
}

/** `deskguard queue list|show|retry|dead`: read and nudge the queue, also while the gateway runs. */
export async function queueCommand(
  config: Config,
  args: QueueArgs,
  out: (s: string) => void,
): Promise<number> {
  const file = dataPaths(config).db;
  if (!existsSync(file)) throw new UsageError(`no queue at ${file} (has the gateway run with this config?)`);
  const db = openDatabase(file);
  try {
    const messages = new MessageStore(db);
    const outbox = new OutboxStore(db);
    const print = (rows: MessageRow[]) => {
      if (args.json) for (const r of rows) out(JSON.stringify(r));
      else for (const r of rows) out(line(r));
    };
    switch (args.action) {
      case 'list': {
        if (args.state && !MESSAGE_STATES.includes(args.state as MessageState))
          throw new UsageError(`--state must be one of ${MESSAGE_STATES.join(', ')}`);
        print(messages.list((args.state as MessageState) ?? null, args.limit));
        return 0;
      }
      case 'dead':
        print(messages.list('dead', args.limit));
        return 0;
      case 'show': {
        const row = messages.get(need(args.id));
        if (!row) throw new UsageError(`no message ${args.id}`);
        const deliveries = outbox.forMessage(row.id);
        // Where staff find the original of a held or dead message: its quarantine item.
        const item = new QuarantineIndex(db).get(row.id);
        const original = item && { item: item.id, state: item.state, reason: item.reason };
        if (args.json) out(JSON.stringify({ ...row, deliveries, original }));
        else {
          out(line(row));
          out(`  attempts: ${row.attempts}  client: ${row.envelope.remoteAddress} (${row.envelope.helo})`);
          for (const d of deliveries)
            out(
              `  ${d.kind}: ${d.state}, ${d.attempts} attempts${d.lastError ? `, last error: ${d.lastError}` : ''}`,
            );
          if (item?.state === 'quarantined' || item?.state === 'released')
            out(`  original: quarantine item ${item.id} (deskguard quarantine reveal|release ${item.id})`);
          else if (item) out(`  original: quarantine item ${item.id}, ${item.state}`);
        }
        return 0;
      }
      case 'retry': {
        const id = need(args.id);
        const row = messages.get(id);
        if (!row) throw new UsageError(`no message ${id}`);
        const writer = new DirectSqlWriter(db);
        const dead = row.state === 'dead' && outbox.forMessage(id).some((d) => d.state === 'dead');
        // Processing again needs the original: once shredded (deleted, solved, purged) there is none.
        if (!dead && (row.state === 'dead' || row.state === 'held') && !messages.hasOriginal(id))
          throw new UsageError(
            `message ${id} cannot be retried: its original was deleted from the quarantine`,
          );
        const [first] = await writer.run(
          dead ? [messages.transition(id, 'dead', 'delivering'), outbox.revive(id)] : [messages.requeue(id)],
        );
        const retried = first!.changes === 1;
        if (!retried)
          throw new UsageError(`message ${id} is ${row.state}; only dead or held messages can be retried`);
        out(`${id} queued again`);
        return 0;
      }
      default:
        throw new UsageError('usage: deskguard queue list|show ID|retry ID|dead');
    }
  } finally {
    db.close();
  }
}

function need(id: string | undefined): string {
  if (!id) throw new UsageError('a queue id is required');
  return id;
}
