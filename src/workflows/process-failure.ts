import type { Logger } from '../adapters/log.js';
import type { PipelineMetrics } from '../adapters/metrics.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { SqlWriter } from '../adapters/sqlite/sql-op.js';
import { type BackoffPolicy, backoffMs } from '../domain/backoff.js';
import { errorText } from '../domain/error-text.js';
import { isTemporaryFailure, PermanentError, StageTimeoutError, TemporaryError } from '../pipeline/errors.js';
import { dropSpoolFiles, keepOriginalOps, type OriginalKeeper } from './keep-original.js';

// After a crash or timeout the message waits a little before its next try, so a message that kills
// the process does not do so in a tight loop.
export const CRASH_RETRY_MS = 2000;

export interface FailureDeps {
  messages: MessageStore;
  writer: SqlWriter;
  keeper: OriginalKeeper;
  metrics: PipelineMetrics;
  maxAttempts: number;
  retry: BackoffPolicy & { maxAgeHours: number };
}

/**
 * An error as a reason or log line. Our own errors and the system's (disk, database: they carry a
 * code) say what happened; any other comes from code reading the message and may quote it (a
 * file name, a header), so only its plain words are kept (errorText).
 */
export function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return errorText(err);
  const ours =
    err instanceof TemporaryError || err instanceof PermanentError || err instanceof StageTimeoutError;
  const system = typeof (err as NodeJS.ErrnoException).code === 'string';
  return ours || system ? `${err.name}: ${err.message}` : `${err.name}: ${errorText(err)}`;
}

/**
 * A message that cannot be processed (it keeps crashing or timing out, or keeps failing for
 * longer than the retry period) is held: its original goes to the quarantine, where staff can
 * reveal or release it, never to a dead end. Should even that fail (the vault's disk), the
 * message waits in the queue and is tried again later. The message is claimed (processing).
 */
export async function holdForStaff(
  deps: FailureDeps,
  row: MessageRow,
  original: () => Promise<Buffer>,
  reason: string,
  log: Logger,
): Promise<void> {
  try {
    const ops = await keepOriginalOps(deps.keeper, row, original, reason);
    const results = await deps.writer.run([
      deps.messages.transition(row.id, 'processing', 'held', reason),
      ...ops,
    ]);
    await dropSpoolFiles(deps.keeper, results);
  } catch (err) {
    const next = Date.now() + backoffMs(deps.retry, row.attempts + 1);
    // The attempt stays counted: the next run goes straight to holding, not through the stages.
    await deps.writer.run([
      deps.messages.release(row.id, next, `${reason}; could not be held: ${messageOf(err)}`, false),
    ]);
    log.error(
      { err: messageOf(err), retryAt: new Date(next).toISOString() },
      'message could not be held; will retry',
    );
    return;
  }
  deps.metrics.processed.inc({ result: 'held' });
  log.error({ reason }, 'message held: processing keeps failing');
}

/**
 * What a failed run means for the message. The environment's failures (disk, database: see
 * isTemporaryFailure) are waited out with backoff and not counted against it, until the retry
 * period ends; crashes and timeouts are counted, and after maxAttempts the message is held. Nothing
 * here ends in dead-letter: the original is always kept where staff can read it.
 */
export async function processingFailed(
  deps: FailureDeps,
  row: MessageRow,
  original: () => Promise<Buffer>,
  err: unknown,
  log: Logger,
): Promise<void> {
  const attempts = row.attempts + 1;
  const msg = messageOf(err);
  if (err instanceof PermanentError) {
    await holdForStaff(deps, row, original, `processing failed: ${msg}`, log);
    return;
  }
  if (isTemporaryFailure(err)) {
    const tooOld = Date.now() - row.envelope.receivedAt > deps.retry.maxAgeHours * 3600_000;
    if (tooOld) {
      await holdForStaff(
        deps,
        row,
        original,
        `processing failed for ${deps.retry.maxAgeHours} h (last: ${msg})`,
        log,
      );
      return;
    }
    const next = Date.now() + backoffMs(deps.retry, attempts);
    await deps.writer.run([deps.messages.release(row.id, next, msg, true)]);
    log.warn({ err: msg, retryAt: new Date(next).toISOString() }, 'processing deferred');
    return;
  }
  const kind = err instanceof StageTimeoutError ? 'timed out' : 'crashed';
  if (attempts >= deps.maxAttempts) {
    await holdForStaff(deps, row, original, `processing ${kind} ${attempts} times (last: ${msg})`, log);
    return;
  }
  await deps.writer.run([deps.messages.release(row.id, Date.now() + CRASH_RETRY_MS, msg, false)]);
  log.error({ err: msg, attempts }, `processing ${kind}; will retry`);
}
