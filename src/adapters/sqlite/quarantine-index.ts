import type { Db } from './database.js';
import { op, type SqlOp } from './sql-op.js';

/** What staff see of a quarantined message without opening it: no value, no subject as received. */
export const QUARANTINE_INDEX_SQL = `CREATE TABLE quarantine_items (
  id TEXT PRIMARY KEY,
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT,
  types TEXT NOT NULL,
  ticket_id TEXT,
  received_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  state_at INTEGER NOT NULL
);
CREATE INDEX quarantine_items_ticket ON quarantine_items (ticket_id);
CREATE INDEX quarantine_items_state ON quarantine_items (state, received_at);
CREATE TABLE notices_sent (sender TEXT PRIMARY KEY, last_at INTEGER NOT NULL);`;

export const QUARANTINE_STATES = ['quarantined', 'released', 'deleted', 'purged'] as const;
export type QuarantineState = (typeof QUARANTINE_STATES)[number];

export interface QuarantineItem {
  id: string;
  sender: string;
  /** As delivered: redacted. */
  subject: string;
  verdict: 'redact' | 'hold';
  reason: string | null;
  types: string[];
  ticket: string | null;
  receivedAt: number;
  createdAt: number;
  state: QuarantineState;
  stateAt: number;
}

const toItem = (r: Record<string, unknown>): QuarantineItem => ({
  id: r.id as string,
  sender: r.sender as string,
  subject: r.subject as string,
  verdict: r.verdict as 'redact' | 'hold',
  reason: (r.reason as string | null) ?? null,
  types: JSON.parse(r.types as string) as string[],
  ticket: (r.ticket_id as string | null) ?? null,
  receivedAt: r.received_at as number,
  createdAt: r.created_at as number,
  state: r.state as QuarantineState,
  stateAt: r.state_at as number,
});

/** What staff filter the quarantine by; every field optional. */
export interface QuarantineFilter {
  state?: QuarantineState | null;
  /** A finding type (or held reason type) the item has. */
  type?: string;
  /** A part of the sender address, case-insensitive. */
  sender?: string;
  /** Received at or after / before these epoch ms. */
  from?: number;
  to?: number;
  ticket?: string;
  limit: number;
}

// LIKE's own wildcards in a search word are meant literally.
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export class QuarantineIndex {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare('SELECT * FROM quarantine_items WHERE id = ?'),
      list: db.prepare(
        `SELECT * FROM quarantine_items WHERE (? IS NULL OR state = ?) ORDER BY received_at DESC LIMIT ?`,
      ),
      lastNotice: db.prepare('SELECT last_at FROM notices_sent WHERE sender = ?'),
    };
  }

  add(item: Omit<QuarantineItem, 'state' | 'stateAt' | 'createdAt'>, now = Date.now()): SqlOp {
    return op(
      `INSERT INTO quarantine_items (id, sender, subject, verdict, reason, types, ticket_id, received_at, created_at,
         state, state_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'quarantined', ?)
       ON CONFLICT (id) DO NOTHING`,
      item.id,
      item.sender,
      item.subject,
      item.verdict,
      item.reason,
      JSON.stringify(item.types),
      item.ticket,
      item.receivedAt,
      now,
      now,
    );
  }

  /**
   * An original kept for staff because its message could not take the normal path (it cannot be
   * processed, or the helpdesk refused it): a new row, or an item no longer quarantined (released,
   * or shredded before an admin sent the message through again) quarantined again, with a new
   * vault copy. An item still quarantined (a redacted message's original) is left as it is.
   */
  keep(item: Omit<QuarantineItem, 'state' | 'stateAt' | 'createdAt' | 'verdict'>, now = Date.now()): SqlOp {
    return op(
      `INSERT INTO quarantine_items (id, sender, subject, verdict, reason, types, ticket_id, received_at, created_at,
         state, state_at) VALUES (?, ?, ?, 'hold', ?, ?, ?, ?, ?, 'quarantined', ?)
       ON CONFLICT (id) DO UPDATE SET verdict = 'hold', reason = excluded.reason, state = 'quarantined',
         state_at = excluded.state_at WHERE quarantine_items.state <> 'quarantined'`,
      item.id,
      item.sender,
      item.subject,
      item.reason,
      JSON.stringify(item.types),
      item.ticket,
      item.receivedAt,
      now,
      now,
    );
  }

  setState(id: string, state: QuarantineState, now = Date.now()): SqlOp {
    return op('UPDATE quarantine_items SET state = ?, state_at = ? WHERE id = ?', state, now, id);
  }

  get(id: string): QuarantineItem | undefined {
    const r = this.stmts.get.get(id) as Record<string, unknown> | undefined;
    return r && toItem(r);
  }

  list(state: QuarantineState | null, limit: number): QuarantineItem[] {
    return (this.stmts.list.all(state, state, limit) as Array<Record<string, unknown>>).map(toItem);
  }

  /** Items matching every given filter, newest first. */
  search(f: QuarantineFilter): QuarantineItem[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (f.state) add('state = ?', f.state);
    // `types` is a JSON array of snake_case names: the quoted name matches one element exactly.
    if (f.type) add('instr(types, ?) > 0', JSON.stringify(f.type));
    if (f.sender) add("sender LIKE ? ESCAPE '\\'", `%${likeEscaped(f.sender)}%`);
    if (f.from !== undefined) add('received_at >= ?', f.from);
    if (f.to !== undefined) add('received_at < ?', f.to);
    if (f.ticket !== undefined) add('ticket_id = ?', f.ticket);
    const sql = `SELECT * FROM quarantine_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY received_at DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(...params, f.limit) as Array<Record<string, unknown>>).map(toItem);
  }

  /** How many items are in each state. */
  counts(): Record<QuarantineState, number> {
    const out = Object.fromEntries(QUARANTINE_STATES.map((s) => [s, 0])) as Record<QuarantineState, number>;
    for (const r of this.db
      .prepare('SELECT state, COUNT(*) AS n FROM quarantine_items GROUP BY state')
      .all() as Array<{
      state: QuarantineState;
      n: number;
    }>)
      out[r.state] = r.n;
    return out;
  }

  lastNoticeAt(sender: string): number | undefined {
    return (this.stmts.lastNotice.get(sender) as { last_at: number } | undefined)?.last_at;
  }

  recordNotice(sender: string, at: number): SqlOp {
    return op(
      'INSERT INTO notices_sent (sender, last_at) VALUES (?, ?) ON CONFLICT (sender) DO UPDATE SET last_at = excluded.last_at',
      sender,
      at,
    );
  }
}
