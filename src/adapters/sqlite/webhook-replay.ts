import { createHash } from 'node:crypto';
import { op, type SqlWriter } from './sql-op.js';

/**
 * Signatures of webhook requests already accepted, each until its timestamp has left the tolerance
 * window (after that the timestamp check refuses it anyway). Kept in SQLite, so a restart does not
 * forget them. Only a SHA-256 of the signature is stored.
 */
export const WEBHOOK_REPLAY_SQL = `CREATE TABLE webhook_signatures (
  digest TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX webhook_signatures_expiry ON webhook_signatures (expires_at);`;

const digestOf = (signature: string): string => createHash('sha256').update(signature).digest('hex');

/** Makes each signed request single-use. */
export class WebhookReplayStore {
  constructor(private readonly writer: SqlWriter) {}

  /**
   * Records the signature as used; false when it was used before (a replay). One group on the
   * writer, so of two identical requests at the same moment exactly one gets true. Expired
   * entries are dropped in the same group.
   */
  async claim(signature: string, expiresAt: number, now = Date.now()): Promise<boolean> {
    const results = await this.writer.run([
      op('DELETE FROM webhook_signatures WHERE expires_at < ?', now),
      op(
        'INSERT INTO webhook_signatures (digest, expires_at) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING',
        digestOf(signature),
        expiresAt,
      ),
    ]);
    return results[1]!.changes === 1;
  }

  /** Forgets a claim whose request could not be carried out, so the sender's retry is accepted. */
  async release(signature: string): Promise<void> {
    await this.writer.run([op('DELETE FROM webhook_signatures WHERE digest = ?', digestOf(signature))]);
  }
}
