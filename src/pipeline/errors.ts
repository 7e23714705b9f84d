import { storageFailureOf } from '../domain/storage-failure.js';

/** A failure that is nobody's fault and will pass (DNS down, disk busy): retried later, not counted. */
export class TemporaryError extends Error {
  override name = 'TemporaryError';
}

/** The message itself can never pass this stage: it goes to dead-letter at once, for an admin. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export class StageTimeoutError extends Error {
  override name = 'StageTimeoutError';
  constructor(
    readonly stage: string,
    ms: number,
  ) {
    super(`stage ${stage} exceeded its time limit of ${ms} ms`);
  }
}

// Failures of the machine, not of the message, beyond a full disk or a busy database (see
// storage-failure.ts): a failing disk, out of file handles or memory, wrong permissions. The same
// message goes through once they are fixed.
const ENVIRONMENT_CODES = new Set([
  'EIO',
  'EMFILE',
  'ENFILE',
  'EAGAIN',
  'EBUSY',
  'EROFS',
  'ENOMEM',
  'ETIMEDOUT',
  'EACCES',
  'EPERM',
]);
// SQLite's result codes for the same kind of trouble, as better-sqlite3 names them; where an error
// arrived as text only, the name is also looked for in the message.
const SQLITE_ENVIRONMENT =
  /\bSQLITE_(?:BUSY|LOCKED|FULL|IOERR|CANTOPEN|NOMEM|READONLY|PROTOCOL)\w*|database is locked|disk is full|disk I\/O error/i;

/** Whether an error is the environment's (retry later, it is nobody's fault) rather than the message's. */
export function isTemporaryFailure(err: unknown): boolean {
  if (err instanceof TemporaryError || storageFailureOf(err)) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && (ENVIRONMENT_CODES.has(code) || SQLITE_ENVIRONMENT.test(code))) return true;
  return SQLITE_ENVIRONMENT.test(err.message);
}
