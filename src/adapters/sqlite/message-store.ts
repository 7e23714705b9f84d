import type { StoredAuth } from '../../domain/auth/stored-auth.js';
import { canTransition, type Envelope, type MessageState } from '../../domain/message.js';
import type { Db } from './database.js';
import { op, type SqlOp } from './sql-op.js';

export interface MessageRow {
  id: string;
  state: MessageState;
  envelope: Envelope;
  size: number;
  updatedAt: number;
  attempts: number;
  nextAttemptAt: number;
  reason: string | null;
  auth: StoredAuth | null;
}

interface RawRow {
  id: string;
  state: MessageState;
  mail_from: string;
  rcpt_to: string;
  remote_address: string;
  client_hostname: string;
  helo: string;
  tls: number;
  size: number;
  received_at: number;
  updated_at: number;
  attempts: number;
  next_attempt_at: number;
  reason: string | null;
  auth: string | null;
}

const toRow = (r: RawRow): MessageRow => ({
  id: r.id,
  state: r.state,
  envelope: {
    mailFrom: r.mail_from,
    rcptTo: JSON.parse(r.rcpt_to) as string[],
    remoteAddress: r.remote_address,
    clientHostname: r.client_hostname,
    helo: r.helo,
    tls: r.tls === 1,
    receivedAt: r.received_at,
  },
  size: r.size,
  updatedAt: r.updated_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  reason: r.reason,
  auth: r.auth ? (JSON.parse(r.auth) as StoredAuth) : null,
});

/**
 * The message table: the queue's state machine. Reads run here on the caller's connection; writes
 * are returned as SqlOps for the writer, so the caller decides what commits together.
 */
export class MessageStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare('SELECT * FROM messages WHERE id = ?'),
      due: db.prepare(
        // Ordered exactly as the index is, so a long queue is never sorted to find the next few.
        `SELECT * FROM messages WHERE state = 'received' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      list: db.prepare('SELECT * FROM messages WHERE (? IS NULL OR state = ?) ORDER BY id DESC LIMIT ?'),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM messages GROUP BY state'),
      original: db.prepare(
        `SELECT EXISTS (SELECT 1 FROM blobs WHERE message_id = ? AND kind = 'raw')
           OR EXISTS (SELECT 1 FROM quarantine_keys WHERE item_id = ?) AS found`,
      ),
    };
  }

  insert(id: string, env: Envelope, size: number, auth: StoredAuth | undefined): SqlOp {
    return op(
      `INSERT INTO messages (id, state, mail_from, rcpt_to, remote_address, client_hostname, helo, tls, size,
         received_at, updated_at, auth) VALUES (?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      env.mailFrom,
      JSON.stringify(env.rcptTo),
      env.remoteAddress,
      env.clientHostname,
      env.helo,
      env.tls ? 1 : 0,
      size,
      env.receivedAt,
      Date.now(),
      auth ? JSON.stringify(auth) : null,
    );
  }

  /**
   * Moves a message from one state to another; changes 0 if it was not in `from` (someone else
   * moved it). A move the state machine does not have (domain/message.ts) is a bug: it throws.
   */
  transition(id: string, from: MessageState, to: MessageState, reason: string | null = null): SqlOp {
    if (!canTransition(from, to)) throw new Error(`no transition from ${from} to ${to}`);
    return op(
      'UPDATE messages SET state = ?, updated_at = ?, reason = ? WHERE id = ? AND state = ?',
      to,
      Date.now(),
      reason,
      id,
      from,
    );
  }

  /** Takes a received message for processing, counting the attempt before it starts (crashes count too). */
  claim(id: string): SqlOp {
    return op(
      `UPDATE messages SET state = 'processing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'received'`,
      Date.now(),
      id,
    );
  }

  /** Puts a message back to wait; `refund` undoes the attempt count for failures that are not the message's. */
  release(id: string, nextAttemptAt: number, reason: string, refund: boolean): SqlOp {
    return op(
      `UPDATE messages SET state = 'received', attempts = attempts + ?, next_attempt_at = ?, updated_at = ?, reason = ?
       WHERE id = ? AND state = 'processing'`,
      refund ? -1 : 0,
      nextAttemptAt,
      Date.now(),
      reason,
      id,
    );
  }

  /** An admin's retry of a dead or held message: it starts over with a clean attempt count. */
  requeue(id: string): SqlOp {
    return op(
      `UPDATE messages SET state = 'received', attempts = 0, next_attempt_at = 0, updated_at = ?, reason = NULL
       WHERE id = ? AND state IN ('dead', 'held')`,
      Date.now(),
      id,
    );
  }

  /** Messages a previous run was processing when it stopped: their attempt was already counted. */
  resumeCrashed(): SqlOp {
    return op(
      `UPDATE messages SET state = 'received', updated_at = ?, reason = 'interrupted' WHERE state = 'processing'`,
      Date.now(),
    );
  }

  get(id: string): MessageRow | undefined {
    const r = this.stmts.get.get(id) as RawRow | undefined;
    return r && toRow(r);
  }

  due(now: number, limit: number): MessageRow[] {
    return (this.stmts.due.all(now, limit) as RawRow[]).map(toRow);
  }

  list(state: MessageState | null, limit: number): MessageRow[] {
    return (this.stmts.list.all(state, state, limit) as RawRow[]).map(toRow);
  }

  /** Whether the message as received still exists: in the spool, or in the quarantine. */
  hasOriginal(id: string): boolean {
    return (this.stmts.original.get(id, id) as { found: number }).found === 1;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.stmts.counts.all() as Array<{ state: string; n: number }>) out[r.state] = r.n;
    return out;
  }
}
