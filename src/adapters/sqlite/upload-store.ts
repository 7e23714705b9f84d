import type { UploadLink, UploadRecords, UploadRecord as UploadRow } from '../../ports.js';
import type { Db } from './database.js';
import { op, type SqlOp } from './sql-op.js';

/**
 * The secure channel's records: per-ticket upload links (only the token's hash) and what customers
 * sent through them. Nothing here is customer content: a file's name is sealed with its bytes, and a
 * row keeps only sizes, states and the wrapped data key.
 */
export const UPLOADS_SCHEMA_SQL = `
CREATE TABLE upload_links (
  token_hash TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  spent_at INTEGER
);
CREATE INDEX upload_links_ticket ON upload_links (ticket_id);
CREATE TABLE ticket_uploads (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  link_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'file')),
  size INTEGER,
  state TEXT NOT NULL CHECK (state IN ('receiving', 'received', 'submitted')),
  created_at INTEGER NOT NULL,
  submitted_at INTEGER,
  key_id TEXT NOT NULL,
  wrap_iv BLOB NOT NULL,
  wrap_tag BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  sealed_name BLOB
);
CREATE INDEX ticket_uploads_ticket ON ticket_uploads (ticket_id, created_at);
CREATE INDEX ticket_uploads_link ON ticket_uploads (link_hash);`;

export type { UploadLink, UploadRecord as UploadRow } from '../../ports.js';

const toLink = (r: Record<string, unknown>): UploadLink => ({
  tokenHash: r.token_hash as string,
  ticketId: r.ticket_id as string,
  language: r.language as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number,
  spentAt: (r.spent_at as number | null) ?? null,
});

const toUpload = (r: Record<string, unknown>): UploadRow => ({
  id: r.id as string,
  ticketId: r.ticket_id as string,
  linkHash: r.link_hash as string,
  kind: r.kind as UploadRow['kind'],
  size: (r.size as number | null) ?? null,
  state: r.state as UploadRow['state'],
  createdAt: r.created_at as number,
  submittedAt: (r.submitted_at as number | null) ?? null,
  keyId: r.key_id as string,
  wrapIv: r.wrap_iv as Buffer,
  wrapTag: r.wrap_tag as Buffer,
  wrappedKey: r.wrapped_key as Buffer,
  sealedName: (r.sealed_name as Buffer | null) ?? null,
});

/** Reads and small writes on the caller's connection (the HTTP thread's). */
export class UploadStore implements UploadRecords {
  constructor(private readonly db: Db) {}

  addLink(l: Omit<UploadLink, 'spentAt'>): void {
    const w = this.linkWrite(l);
    this.db.prepare(w.sql).run(...w.params);
  }

  linkWrite(l: Omit<UploadLink, 'spentAt'>): SqlOp {
    return op(
      'INSERT INTO upload_links (token_hash, ticket_id, language, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      l.tokenHash,
      l.ticketId,
      l.language,
      l.createdAt,
      l.expiresAt,
    );
  }

  link(tokenHash: string): UploadLink | undefined {
    const r = this.db.prepare('SELECT * FROM upload_links WHERE token_hash = ?').get(tokenHash);
    return r ? toLink(r as Record<string, unknown>) : undefined;
  }

  addUpload(u: Omit<UploadRow, 'state' | 'submittedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO ticket_uploads (id, ticket_id, link_hash, kind, size, state, created_at, key_id, wrap_iv, wrap_tag,
           wrapped_key, sealed_name) VALUES (?, ?, ?, ?, ?, 'receiving', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        u.id,
        u.ticketId,
        u.linkHash,
        u.kind,
        u.size,
        u.createdAt,
        u.keyId,
        u.wrapIv,
        u.wrapTag,
        u.wrappedKey,
        u.sealedName,
      );
  }

  upload(id: string): UploadRow | undefined {
    const r = this.db.prepare('SELECT * FROM ticket_uploads WHERE id = ?').get(id);
    return r ? toUpload(r as Record<string, unknown>) : undefined;
  }

  markReceived(id: string): void {
    this.db
      .prepare("UPDATE ticket_uploads SET state = 'received' WHERE id = ? AND state = 'receiving'")
      .run(id);
  }

  /**
   * Spends the link: its received files and `extra` (the pasted text) become the ticket's, at once.
   * False when the link was spent meanwhile (two tabs submitting): nothing changes then.
   */
  submit(tokenHash: string, now: number, ids: readonly string[]): boolean {
    return this.db.transaction(() => {
      const spent = this.db
        .prepare('UPDATE upload_links SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL')
        .run(now, tokenHash);
      if (spent.changes === 0) return false;
      const mark = this.db.prepare(
        "UPDATE ticket_uploads SET state = 'submitted', submitted_at = ? WHERE id = ? AND link_hash = ? AND state = 'received'",
      );
      for (const id of ids) mark.run(now, id, tokenHash);
      return true;
    })();
  }

  /** What a ticket received, oldest first. */
  submitted(ticketId: string): UploadRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM ticket_uploads WHERE ticket_id = ? AND state = 'submitted' ORDER BY created_at, id",
        )
        .all(ticketId) as Array<Record<string, unknown>>
    ).map(toUpload);
  }

  /** Uploads of a ticket (any state), for shredding. */
  ofTicket(ticketId: string): string[] {
    return (
      this.db.prepare('SELECT id FROM ticket_uploads WHERE ticket_id = ?').all(ticketId) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
  }

  /** Uploads never submitted whose link is spent or expired, and every upload older than `before`. */
  stale(now: number, before: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT u.id FROM ticket_uploads u JOIN upload_links l ON l.token_hash = u.link_hash
           WHERE (u.state <> 'submitted' AND (l.spent_at IS NOT NULL OR l.expires_at <= ?)) OR u.created_at < ?`,
        )
        .all(now, before) as Array<{ id: string }>
    ).map((r) => r.id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM ticket_uploads WHERE id = ?').run(id);
  }

  /** Links of a solved ticket stop working at once. */
  endLinks(ticketId: string, now: number): void {
    this.db
      .prepare('UPDATE upload_links SET expires_at = MIN(expires_at, ?) WHERE ticket_id = ?')
      .run(now, ticketId);
  }
}
