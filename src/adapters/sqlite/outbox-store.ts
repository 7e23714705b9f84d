import type { Db } from './database.js';
import { op, type SqlOp } from './sql-op.js';

export type OutboxKind = 'helpdesk' | 'notice' | 'release';
export type OutboxState = 'pending' | 'sent' | 'dead';

export interface OutboxItem {
  id: number;
  messageId: string;
  kind: OutboxKind;
  state: OutboxState;
  mailFrom: string;
  rcptTo: string[];
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastError: string | null;
}

interface RawItem {
  id: number;
  message_id: string;
  kind: OutboxKind;
  state: OutboxState;
  mail_from: string;
  rcpt_to: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  last_error: string | null;
}

const toItem = (r: RawItem): OutboxItem => ({
  id: r.id,
  messageId: r.message_id,
  kind: r.kind,
  state: r.state,
  mailFrom: r.mail_from,
  rcptTo: JSON.parse(r.rcpt_to) as string[],
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  lastError: r.last_error,
});

/** Deliveries still to make: durable, so a downstream outage or a restart loses nothing. */
export class OutboxStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      due: db.prepare(
        `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? AND id NOT IN
           (SELECT value FROM json_each(?)) ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      forMessage: db.prepare('SELECT * FROM outbox WHERE message_id = ? ORDER BY id'),
    };
  }

  add(messageId: string, kind: OutboxKind, mailFrom: string, rcptTo: string[]): SqlOp {
    const now = Date.now();
    return op(
      `INSERT INTO outbox (message_id, kind, state, mail_from, rcpt_to, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, 'pending', ?, ?, 0, ?, ?)
       ON CONFLICT (message_id, kind) DO UPDATE SET state = 'pending', attempts = 0, next_attempt_at = 0,
         last_error = NULL, updated_at = excluded.updated_at`,
      messageId,
      kind,
      mailFrom,
      JSON.stringify(rcptTo),
      now,
      now,
    );
  }

  markSent(id: number): SqlOp {
    return op(
      `UPDATE outbox SET state = 'sent', attempts = attempts + 1, updated_at = ?, last_error = NULL WHERE id = ?`,
      Date.now(),
      id,
    );
  }

  markDead(id: number, error: string): SqlOp {
    return op(
      `UPDATE outbox SET state = 'dead', attempts = attempts + 1, updated_at = ?, last_error = ? WHERE id = ?`,
      Date.now(),
      error,
      id,
    );
  }

  /** A failed attempt: the next one at `nextAttemptAt`, chosen at `now` (the same clock reading). */
  defer(id: number, nextAttemptAt: number, error: string, now = Date.now()): SqlOp {
    return op(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?, last_error = ? WHERE id = ?',
      nextAttemptAt,
      now,
      error,
      id,
    );
  }

  /** An admin's retry: dead deliveries of the message start over. */
  revive(messageId: string): SqlOp {
    return op(
      `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0, updated_at = ?, last_error = NULL
       WHERE message_id = ? AND state = 'dead'`,
      Date.now(),
      messageId,
    );
  }

  due(now: number, limit: number, busy: number[]): OutboxItem[] {
    return (this.stmts.due.all(now, JSON.stringify(busy), limit) as RawItem[]).map(toItem);
  }

  forMessage(messageId: string): OutboxItem[] {
    return (this.stmts.forMessage.all(messageId) as RawItem[]).map(toItem);
  }
}
