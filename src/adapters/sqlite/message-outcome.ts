import type { Db } from './database.js';

/** What became of one queued message, from the tables the pipeline wrote it into. */
export interface MessageOutcome {
  /** The ticket it was filed in. */
  ticket: string | null;
  /** Its quarantine item (the original), if it has one: the verdict is recorded there. */
  quarantine: { verdict: 'redact' | 'hold'; state: string; reason: string | null } | null;
  /** How many findings of each type (metadata only: the values are never stored outside the vault). */
  findingsByType: Record<string, number>;
}

/** Reads a message's ticket, quarantine item and findings counts on the caller's connection. */
export class MessageOutcomes {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      ticket: db.prepare('SELECT ticket_id FROM ticket_messages WHERE queue_id = ? ORDER BY rowid LIMIT 1'),
      item: db.prepare('SELECT verdict, state, reason, ticket_id FROM quarantine_items WHERE id = ?'),
      findings: db.prepare(
        'SELECT type, COUNT(*) AS n FROM ticket_findings WHERE queue_id = ? GROUP BY type ORDER BY type',
      ),
    };
  }

  of(queueId: string): MessageOutcome {
    const filed = this.stmts.ticket.get(queueId) as { ticket_id: string } | undefined;
    const item = this.stmts.item.get(queueId) as
      | { verdict: 'redact' | 'hold'; state: string; reason: string | null; ticket_id: string | null }
      | undefined;
    const counts = this.stmts.findings.all(queueId) as Array<{ type: string; n: number }>;
    return {
      ticket: filed?.ticket_id ?? item?.ticket_id ?? null,
      quarantine: item ? { verdict: item.verdict, state: item.state, reason: item.reason } : null,
      findingsByType: Object.fromEntries(counts.map((c) => [c.type, c.n])),
    };
  }
}
