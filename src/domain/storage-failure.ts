/**
 * What kind of storage trouble an error is, from its code: node's errno codes for files, SQLite's
 * result codes (better-sqlite3 passes them as `code`, extended codes included) for the database.
 * Both kinds pass without anything being wrong with the message: the answer is a 4xx, never a 5xx,
 * and a message caught in one is retried without counting it against the message.
 */
export type StorageFailure = 'full' | 'busy';

/** ENOSPC / EDQUOT: no room for the file; SQLITE_FULL: the same seen by SQLite. */
const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

export function storageFailureOf(err: unknown): StorageFailure | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (FULL.has(code)) return 'full';
  // Another connection or process holds the database (extended codes: SQLITE_BUSY_SNAPSHOT, …).
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return undefined;
}
