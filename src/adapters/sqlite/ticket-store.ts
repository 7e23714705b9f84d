import type { FiledMessage, ThreadingDecision, ThreadingLookups } from '../../domain/ticket-threading.js';
import type { Db } from './database.js';
import { op, type SqlOp, type SqlResult } from './sql-op.js';
import {
  type AttachedMessage,
  collectTargets,
  type FileInput,
  type NewTicket,
  type ShredTargets,
  type StoredFinding,
  type TicketFindingRow,
  type TicketMessageRow,
  type TicketRow,
  type TicketStatus,
  toTicket,
} from './ticket-schema.js';

export * from './ticket-schema.js';

const filedOf = (r: unknown): FiledMessage | undefined => {
  const row = r as { ticket_id: string; queue_id: string } | undefined;
  return row && { ticketId: row.ticket_id, queueId: row.queue_id };
};

// Findings are only written for filed messages, so the messages alone list every queue id.
const SHRED_SQL = 'SELECT queue_id, quarantine_item FROM ticket_messages WHERE ticket_id = ?';
// The same, limited to messages received up to a moment (a solve applies to what existed then).
const SHRED_UNTIL_SQL = `${SHRED_SQL} AND received_at <= ?`;

/**
 * Reads are prepared statements on the caller's connection; writes come back as SqlOps for the
 * writer, to be committed in one group with whatever else the message's outcome changes.
 */
export class TicketStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      byMessage: db.prepare(
        'SELECT ticket_id, queue_id FROM ticket_messages WHERE message_id = ? ORDER BY rowid LIMIT 1',
      ),
      byQueue: db.prepare('SELECT ticket_id, queue_id FROM ticket_messages WHERE queue_id = ?'),
      copy: db.prepare(
        'SELECT ticket_id, queue_id FROM ticket_messages WHERE message_id = ? AND content_digest = ? ORDER BY rowid LIMIT 1',
      ),
      byRoot: db.prepare('SELECT id FROM tickets WHERE root_message_id = ? ORDER BY created_at LIMIT 1'),
      get: db.prepare('SELECT * FROM tickets WHERE id = ?'),
      list: db.prepare(
        'SELECT * FROM tickets WHERE (? IS NULL OR status = ?) ORDER BY updated_at DESC, id LIMIT ?',
      ),
      messages: db.prepare('SELECT * FROM ticket_messages WHERE ticket_id = ? ORDER BY received_at, rowid'),
      findings: db.prepare(
        'SELECT * FROM ticket_findings WHERE ticket_id = ? ORDER BY created_at, queue_id, seq',
      ),
      shred: db.prepare(SHRED_SQL),
    };
  }

  /** The first message filed with this (normalised) Message-ID, if any. */
  findByMessageId(messageId: string): FiledMessage | undefined {
    return filedOf(this.stmts.byMessage.get(messageId));
  }

  /** This queue entry, if it was filed. */
  findByQueueId(queueId: string): FiledMessage | undefined {
    return filedOf(this.stmts.byQueue.get(queueId));
  }

  /** A filed message with this Message-ID and this content digest. */
  findCopy(messageId: string, digest: string): FiledMessage | undefined {
    return filedOf(this.stmts.copy.get(messageId, digest));
  }

  /** The ticket a Message-ID belongs to: a filed message of it, or the root it was opened under. */
  findThread(messageId: string): string | undefined {
    const filed = this.findByMessageId(messageId);
    if (filed) return filed.ticketId;
    return (this.stmts.byRoot.get(messageId) as { id: string } | undefined)?.id;
  }

  exists(id: string): boolean {
    return this.stmts.get.get(id) !== undefined;
  }

  /** The reads `decideThread` needs, bound to this store. */
  lookups(): ThreadingLookups {
    return {
      findByQueueId: (q) => this.findByQueueId(q),
      findCopy: (m, d) => this.findCopy(m, d),
      findByMessageId: (m) => this.findByMessageId(m),
      findThread: (m) => this.findThread(m),
      ticketExists: (id) => this.exists(id),
    };
  }

  get(id: string): TicketRow | undefined {
    const r = this.stmts.get.get(id) as Record<string, unknown> | undefined;
    return r && toTicket(r);
  }

  list(opts: { status?: TicketStatus; limit?: number } = {}): TicketRow[] {
    const status = opts.status ?? null;
    const rows = this.stmts.list.all(status, status, opts.limit ?? 100) as Array<Record<string, unknown>>;
    return rows.map(toTicket);
  }

  messages(ticketId: string): TicketMessageRow[] {
    return (this.stmts.messages.all(ticketId) as Array<Record<string, unknown>>).map((r) => ({
      messageId: r.message_id as string,
      queueId: r.queue_id as string,
      ticketId: r.ticket_id as string,
      quarantineItem: (r.quarantine_item as string | null) ?? null,
      receivedAt: r.received_at as number,
    }));
  }

  findings(ticketId: string): TicketFindingRow[] {
    return (this.stmts.findings.all(ticketId) as Array<Record<string, unknown>>).map((r) => ({
      queueId: r.queue_id as string,
      type: r.type as string,
      location: r.location as string,
      ruleId: r.rule_id as string,
      fingerprint: r.fingerprint as string,
      preview: r.preview as string,
      createdAt: r.created_at as number,
    }));
  }

  /** What `solve` would shred now (for a dry run or a CLI preview). */
  shredTargets(ticketId: string): ShredTargets {
    return collectTargets(this.stmts.shred.all(ticketId));
  }

  // ---- writes, as SqlOps ----

  /**
   * Opens a ticket. `subject` must be the redacted subject: this table is never encrypted. A no-op
   * when the id exists (the same new thread filed twice at once derives the same id).
   */
  create(t: NewTicket): SqlOp {
    const now = t.now ?? Date.now();
    return op(
      `INSERT INTO tickets (id, root_message_id, subject, requester, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (id) DO NOTHING`,
      t.id,
      t.rootMessageId,
      t.subject,
      t.requester,
      now,
      now,
    );
  }

  /**
   * Files a message in a ticket. The first op changes 0 rows when this queue entry is filed already
   * (a repeated run): the second then leaves the ticket alone, and so do addFindings'. Two copies
   * of one message processed at the same time are both filed (neither saw the other): delivering
   * twice is the price of never losing one. A message on a solved ticket reopens it, so its new
   * quarantine item is shredded at the next solve.
   */
  attachMessage(m: AttachedMessage): SqlOp[] {
    return [
      op(
        `INSERT INTO ticket_messages (message_id, queue_id, ticket_id, quarantine_item, received_at, content_digest)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (queue_id) DO NOTHING`,
        m.messageId,
        m.queueId,
        m.ticketId,
        m.quarantineItem ?? null,
        m.receivedAt,
        m.digest,
      ),
      op(
        `UPDATE tickets SET updated_at = ?, status = 'open', solved_at = NULL WHERE id = ? AND EXISTS
         (SELECT 1 FROM ticket_messages WHERE message_id = ? AND queue_id = ? AND ticket_id = ?)`,
        m.now ?? Date.now(),
        m.ticketId,
        m.messageId,
        m.queueId,
        m.ticketId,
      ),
    ];
  }

  /**
   * Findings' metadata (never a value: only the fields picked here reach the table). Written only
   * if this queue id is filed in the ticket, and idempotent per (queue id, position) for re-runs.
   */
  addFindings(
    ticketId: string,
    queueId: string,
    findings: readonly StoredFinding[],
    now = Date.now(),
  ): SqlOp[] {
    return findings.map((f, seq) =>
      op(
        `INSERT INTO ticket_findings (ticket_id, queue_id, seq, type, location, rule_id, fingerprint, preview, created_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
         WHERE EXISTS (SELECT 1 FROM ticket_messages WHERE queue_id = ? AND ticket_id = ?)
         ON CONFLICT (queue_id, seq) DO NOTHING`,
        ticketId,
        queueId,
        seq,
        f.type,
        f.where,
        f.ruleId,
        f.fingerprint,
        f.preview,
        now,
        queueId,
        ticketId,
      ),
    );
  }

  /** The whole write for a threading decision, in order; nothing for a duplicate. */
  file(d: ThreadingDecision, m: FileInput): SqlOp[] {
    if (d.kind === 'duplicate') return [];
    const now = m.now ?? Date.now();
    const opened =
      d.kind === 'new'
        ? [
            this.create({
              id: d.ticketId,
              rootMessageId: d.root,
              subject: m.subject,
              requester: m.requester,
              now,
            }),
          ]
        : [];
    return [
      ...opened,
      ...this.attachMessage({ ...m, ticketId: d.ticketId, messageId: d.messageKey, now }),
      ...this.addFindings(d.ticketId, m.queueId, m.findings, now),
    ];
  }

  /**
   * Marks a ticket solved and, in the same group, reads what to shred: a message filed just before
   * the commit is included, one filed after it reopens the ticket. Read the outcome with `solved()`.
   * Every message of the ticket is listed, also those shredded at an earlier solve (the ticket was
   * reopened since): shredding must be idempotent, which lets an interrupted one simply run again.
   *
   * `asOf` (epoch ms) limits the solve to what existed at that moment, e.g. when the helpdesk
   * signed its request: messages received later keep their originals, and a ticket that has such
   * a message (the customer wrote again) stays open.
   */
  solve(id: string, now = Date.now(), asOf = Number.MAX_SAFE_INTEGER): SqlOp[] {
    return [
      op(
        `UPDATE tickets SET status = 'solved', solved_at = ?, updated_at = ? WHERE id = ? AND status = 'open'
         AND NOT EXISTS (SELECT 1 FROM ticket_messages WHERE ticket_id = ? AND received_at > ?)`,
        now,
        now,
        id,
        id,
        asOf,
      ),
      op(SHRED_UNTIL_SQL, id, asOf),
    ];
  }
}

/**
 * Whether `file()`'s ops filed the message: false for a duplicate, and when this queue entry had
 * been filed already by an earlier run (whose filing stands).
 */
export function wasFiled(d: ThreadingDecision, results: SqlResult[]): boolean {
  if (d.kind === 'duplicate') return false;
  if (d.kind === 'existing' && d.by === 'same-message') return true;
  return (results[d.kind === 'new' ? 1 : 0]?.changes ?? 0) > 0;
}

/**
 * The outcome of `solve`'s ops: `changed` false when it was solved already, or kept open by a
 * message received after `asOf` (targets still listed).
 */
export function solved(results: SqlResult[]): { changed: boolean } & ShredTargets {
  return { changed: (results[0]?.changes ?? 0) > 0, ...collectTargets(results[1]?.rows ?? []) };
}
