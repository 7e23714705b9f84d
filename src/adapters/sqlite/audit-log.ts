import { createHash } from 'node:crypto';
import type { Db } from './database.js';

/**
 * Append-only, hash-chained audit log. The triggers stop UPDATE and DELETE through SQLite; the
 * chain makes any change made around them (editing the file, dropping the triggers) detectable by
 * verify(): each row's hash covers the previous row's hash, so an edited, removed or inserted row
 * breaks the chain from that point. Cutting rows off the end keeps a valid chain: compare head()
 * with a value recorded elsewhere (a log line, a ticket) to catch that too.
 */
export const AUDIT_SCHEMA_SQL = `CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  item TEXT,
  reason TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_item ON audit_log (item, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`;

/** Actions other modules record; others are allowed if they match ACTION. */
export type AuditAction =
  | 'reveal'
  | 'release'
  | 'delete'
  | 'purge'
  | 'solve'
  | 'key_rotate'
  | 'key_rewrap'
  | 'key_retire'
  | 'view';

export interface AuditEntry {
  actor: string;
  action: AuditAction | (string & {});
  item?: string | null;
  reason?: string | null;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  item: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
// Actions are identifiers (snake_case), so listing and filtering by them needs no escaping.
const ACTION = /^[a-z][a-z_]{0,31}$/;
const MAX_TEXT = 2000;

/**
 * hash = lowercase hex of SHA-256 over:
 *   "deskguard-audit-v1" 0x00, then for each of prev_hash, id, at, actor, action, item, reason:
 *   0x00 if the value is NULL, else 0x01, its length as 4 bytes big-endian, and its UTF-8 bytes
 *   (id and at as decimal digits). Length prefixes make the encoding unambiguous ("a|bc" vs "ab|c");
 *   the NULL marker tells NULL from the empty string.
 */
export function auditHash(r: Omit<AuditRow, 'hash'>): string {
  const h = createHash('sha256').update('deskguard-audit-v1\0');
  for (const v of [r.prev_hash, String(r.id), String(r.at), r.actor, r.action, r.item, r.reason]) {
    if (v === null) {
      h.update(Buffer.of(0));
      continue;
    }
    const bytes = Buffer.from(v, 'utf8');
    const head = Buffer.alloc(5);
    head[0] = 1;
    head.writeUInt32BE(bytes.length, 1);
    h.update(head).update(bytes);
  }
  return h.digest('hex');
}

// SQLite stores UTF-8, so a lone surrogate would be stored as U+FFFD and no longer match the hash
// computed from the JS string; normalising first hashes exactly what is stored.
function text(v: string, what: string): string {
  if (v.length > MAX_TEXT) throw new TypeError(`audit ${what} longer than ${MAX_TEXT} characters`);
  return Buffer.from(v, 'utf8').toString('utf8');
}

/**
 * Appends one row. BEGIN IMMEDIATE takes the write lock before reading the last hash, so the
 * gateway and the CLI appending at once cannot both chain onto the same row.
 */
export function append(db: Db, e: AuditEntry, now = Date.now()): AuditRow {
  if (!ACTION.test(e.action)) throw new TypeError(`invalid audit action ${JSON.stringify(e.action)}`);
  if (!e.actor) throw new TypeError('audit actor is required');
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (id, at, actor, action, item, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const run = db.transaction((): AuditRow => {
    const prev = last.get() as { id: number; hash: string } | undefined;
    const row: Omit<AuditRow, 'hash'> = {
      id: (prev?.id ?? 0) + 1,
      at: Math.trunc(now),
      actor: text(e.actor, 'actor'),
      action: e.action,
      item: e.item == null ? null : text(e.item, 'item'),
      reason: e.reason == null ? null : text(e.reason, 'reason'),
      prev_hash: prev?.hash ?? GENESIS_HASH,
    };
    const full = { ...row, hash: auditHash(row) };
    insert.run(full.id, full.at, full.actor, full.action, full.item, full.reason, full.prev_hash, full.hash);
    return full;
  });
  return run.immediate();
}

/** The newest `limit` rows (default 100), oldest first, optionally for one item or action. */
export function list(db: Db, opts: { limit?: number; item?: string; action?: string } = {}): AuditRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.item !== undefined) {
    where.push('item = ?');
    params.push(opts.item);
  }
  if (opts.action !== undefined) {
    where.push('action = ?');
    params.push(opts.action);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db
    .prepare(`SELECT * FROM audit_log ${filter} ORDER BY id DESC LIMIT ?`)
    .all(...params, opts.limit ?? 100) as AuditRow[];
  return rows.reverse();
}

/** The last row's id and hash: record it elsewhere to detect rows cut off the end later. */
export function head(db: Db): { id: number; hash: string } {
  const row = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    | { id: number; hash: string }
    | undefined;
  return row ?? { id: 0, hash: GENESIS_HASH };
}

export type VerifyResult =
  | { ok: true; rows: number; head: string }
  | { ok: false; brokenAt: number; why: string };

/**
 * Recomputes the chain from the genesis value. Reports the first row that breaks it: a row whose
 * content no longer matches its hash (edited), whose prev_hash is not the previous row's hash
 * (a row before it removed, or it was inserted), or whose id skips (ids are assigned densely).
 * With `anchor` (an earlier head()), also checks that row still exists with that hash.
 */
export function verify(db: Db, opts: { anchor?: { id: number; hash: string } } = {}): VerifyResult {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let anchorSeen = !opts.anchor || opts.anchor.id === 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    if (r.id !== prevId + 1)
      return { ok: false, brokenAt: r.id, why: `id ${r.id} follows ${prevId}: rows missing` };
    if (r.prev_hash !== prevHash) {
      return {
        ok: false,
        brokenAt: r.id,
        why: 'prev_hash does not match the previous row (row removed or inserted)',
      };
    }
    if (auditHash(r) !== r.hash)
      return { ok: false, brokenAt: r.id, why: 'hash does not match the row (row edited)' };
    if (opts.anchor?.id === r.id) {
      if (opts.anchor.hash !== r.hash)
        return { ok: false, brokenAt: r.id, why: 'row differs from the anchor' };
      anchorSeen = true;
    }
    prevHash = r.hash;
    prevId = r.id;
  }
  if (!anchorSeen)
    return { ok: false, brokenAt: opts.anchor!.id, why: 'anchored row is gone (log truncated)' };
  return { ok: true, rows: prevId, head: prevHash };
}
