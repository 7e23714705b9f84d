import { VAULT_SCHEMA_SQL } from '../vault/vault-schema.js';
import { ALERTS_SCHEMA_SQL } from './alert-store.js';
import { AUDIT_SCHEMA_SQL } from './audit-log.js';
import { Database } from './driver.js';
import { QUARANTINE_INDEX_SQL } from './quarantine-index.js';
import { STAFF_SCHEMA_SQL } from './staff-store.js';
import { TICKET_MESSAGES_REUSE_SQL, TICKETS_SCHEMA_SQL } from './ticket-schema.js';
import { UPLOADS_SCHEMA_SQL } from './upload-store.js';
import { WEBHOOK_REPLAY_SQL } from './webhook-replay.js';

export type Db = Database;

// Migrations are append-only: a released step is never edited, a change is a new step.
const MIGRATIONS: string[] = [
  `CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     mail_from TEXT NOT NULL,
     rcpt_to TEXT NOT NULL,
     remote_address TEXT NOT NULL,
     client_hostname TEXT NOT NULL,
     helo TEXT NOT NULL,
     tls INTEGER NOT NULL,
     size INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     reason TEXT
   );
   CREATE INDEX messages_due ON messages (state, next_attempt_at, id);
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY,
     message_id TEXT NOT NULL REFERENCES messages (id),
     kind TEXT NOT NULL,
     state TEXT NOT NULL,
     mail_from TEXT NOT NULL,
     rcpt_to TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     last_error TEXT,
     UNIQUE (message_id, kind)
   );
   CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
   CREATE TABLE blobs (
     message_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     data BLOB,
     file TEXT,
     PRIMARY KEY (message_id, kind)
   ) WITHOUT ROWID;`,
  // Sender authentication as judged at SMTP time (JSON: verdict and Authentication-Results).
  'ALTER TABLE messages ADD COLUMN auth TEXT;',
  VAULT_SCHEMA_SQL,
  AUDIT_SCHEMA_SQL,
  TICKETS_SCHEMA_SQL,
  QUARANTINE_INDEX_SQL,
  // A Message-ID may name more than one message (content digests tell copies apart).
  TICKET_MESSAGES_REUSE_SQL,
  // Signed webhook requests are single-use.
  WEBHOOK_REPLAY_SQL,
  // Staff users, web sessions and API tokens.
  STAFF_SCHEMA_SQL,
  // Held-mail alerts to reviewers.
  ALERTS_SCHEMA_SQL,
  // The secure channel: per-ticket upload links and what customers sent through them.
  UPLOADS_SCHEMA_SQL,
];

/**
 * How long a write waits for a lock another connection or process holds before it fails with
 * SQLITE_BUSY: long enough to ride out a checkpoint or a CLI command, short enough that an SMTP client
 * waiting for its reply gets a 451 instead of a timeout when something keeps the database locked.
 */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** FULL (the default) makes every commit durable; OFF exists only for the durability benchmark. */
  synchronous?: 'FULL' | 'OFF';
}

/** Opens (creating if needed) the database in WAL mode and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // Deleted message bytes are overwritten, not left in free pages of the file.
  db.pragma('secure_delete = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as {
    v: number;
  };
  const apply = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
  });
  for (let v = row.v + 1; v <= MIGRATIONS.length; v++) apply(v, MIGRATIONS[v - 1]!);
}
