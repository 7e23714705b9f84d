import type { HeldItem } from '../../domain/held-alerts.js';
import type { AlertStore } from '../../ports.js';
import type { Db } from './database.js';

/** Which held items reviewers were told about, and when the last digest went out. */
export const ALERTS_SCHEMA_SQL = `
CREATE TABLE held_alerts (item TEXT PRIMARY KEY, alerted_at INTEGER NOT NULL);
CREATE TABLE alert_digest (id INTEGER PRIMARY KEY CHECK (id = 1), last_at INTEGER NOT NULL);`;

export class SqliteAlertStore implements AlertStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      held: db.prepare(
        `SELECT id, sender, subject, reason, received_at FROM quarantine_items
         WHERE verdict = 'hold' AND state = 'quarantined' ORDER BY received_at LIMIT ?`,
      ),
      alerted: db.prepare(
        `SELECT a.item FROM held_alerts a JOIN quarantine_items q ON q.id = a.item
         WHERE q.verdict = 'hold' AND q.state = 'quarantined'`,
      ),
      last: db.prepare('SELECT last_at FROM alert_digest WHERE id = 1'),
      mark: db.prepare(
        'INSERT INTO held_alerts (item, alerted_at) VALUES (?, ?) ON CONFLICT (item) DO NOTHING',
      ),
      digest: db.prepare(
        'INSERT INTO alert_digest (id, last_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_at = excluded.last_at',
      ),
    };
  }

  async held(limit: number): Promise<HeldItem[]> {
    return (this.s.held.all(limit) as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as string,
      sender: r.sender as string,
      subject: r.subject as string,
      reason: (r.reason as string | null) ?? null,
      receivedAt: r.received_at as number,
    }));
  }

  async state() {
    const last = this.s.last.get() as { last_at: number } | undefined;
    return {
      lastDigestAt: last?.last_at ?? 0,
      alerted: new Set((this.s.alerted.all() as Array<{ item: string }>).map((r) => r.item)),
    };
  }

  async recordSent(items: readonly string[], at: number): Promise<void> {
    this.db.transaction(() => {
      for (const id of items) this.s.mark.run(id, at);
      this.s.digest.run(at);
    })();
  }
}
