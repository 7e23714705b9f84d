import type { Logger } from '../adapters/log.js';
import type { Metrics } from '../adapters/metrics.js';
import type { OutboxFiles } from '../adapters/outbox-files.js';
import type { GroupCommit } from '../adapters/sqlite/group-commit.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { Spool } from '../adapters/spool.js';
import { type BackoffPolicy, backoffMs } from '../domain/backoff.js';
import type { MessageContext } from '../domain/message.js';
import { PermanentError, StageTimeoutError, TemporaryError } from '../pipeline/errors.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { Stage } from '../pipeline/stage.js';
import { composeOutput } from '../stages/trace-headers.js';
import { Poller } from './poller.js';

export interface ProcessDeps {
  messages: MessageStore;
  outbox: OutboxStore;
  outboxFiles: OutboxFiles;
  spool: Spool;
  commit: GroupCommit;
  stages: readonly Stage[];
  log: Logger;
  metrics: Metrics;
  concurrency: number;
  stageTimeoutMs: number;
  maxAttempts: number;
  retry: BackoffPolicy & { maxAgeHours: number };
  helpdeskRcptTo: readonly string[];
  /** Told when a message enters the outbox. */
  onQueued: () => void;
}

// After a crash or timeout the message waits a little before its next try, so a message that kills
// the process does not do so in a tight loop.
const CRASH_RETRY_MS = 2000;

/**
 * The pipeline worker: claims received messages, runs the stages, and moves each message on to the
 * outbox, to held, back to the queue (temporary failure) or to dead-letter.
 */
export class Processor {
  private readonly poller: Poller;
  private readonly active = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: ProcessDeps) {
    this.poller = new Poller(() => this.fill(), 500);
  }

  start(): void {
    const resumed = this.deps.messages.resumeCrashed();
    if (resumed) this.deps.log.warn({ resumed }, 'resuming messages interrupted by the last stop');
    this.poller.start();
  }

  wake(): void {
    this.poller.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poller.stop();
    while (this.active.size) await new Promise((r) => setTimeout(r, 20));
  }

  private fill(): void {
    if (this.stopping) return;
    const free = this.deps.concurrency - this.active.size;
    if (free <= 0) return;
    const rows = this.deps.messages.due(Date.now(), free + this.active.size).filter((r) => !this.active.has(r.id));
    for (const row of rows.slice(0, free)) {
      this.active.add(row.id);
      this.handle(row)
        .catch((err: unknown) => this.deps.log.error({ err, queueId: row.id }, 'processing failed'))
        .finally(() => {
          this.active.delete(row.id);
          this.poller.wake();
        });
    }
  }

  private async handle(row: MessageRow): Promise<void> {
    const { deps } = this;
    const log = deps.log.child({ queueId: row.id });
    if (row.attempts >= deps.maxAttempts) {
      const reason = `processing failed ${row.attempts} times (last: ${row.reason ?? 'crash'})`;
      await deps.commit.run(() => deps.messages.transition(row.id, 'received', 'dead', reason));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ attempts: row.attempts }, 'message moved to dead-letter: processing keeps failing');
      return;
    }
    if (!(await deps.commit.run(() => deps.messages.claim(row.id)))) return;

    const ctx: MessageContext = {
      queueId: row.id,
      envelope: row.envelope,
      raw: await deps.spool.read(row.id),
      attempt: row.attempts + 1,
      addHeaders: [],
    };
    try {
      await runPipeline(deps.stages, ctx, {
        stageTimeoutMs: deps.stageTimeoutMs,
        onStageDone: (stage, s) => deps.metrics.stageSeconds.observe({ stage }, s),
      });
    } catch (err) {
      await this.failed(row, err, log);
      return;
    }

    if (ctx.verdict === 'hold') {
      await deps.commit.run(() => deps.messages.transition(row.id, 'processing', 'held', ctx.reason ?? 'held'));
      deps.metrics.processed.inc({ result: 'held' });
      log.warn({ reason: ctx.reason }, 'message held');
      return;
    }
    await deps.outboxFiles.write(row.id, 'helpdesk', composeOutput(ctx));
    const rcptTo = deps.helpdeskRcptTo.length ? [...deps.helpdeskRcptTo] : row.envelope.rcptTo;
    await deps.commit.run(() => {
      deps.outbox.add(row.id, 'helpdesk', row.envelope.mailFrom, rcptTo);
      deps.messages.transition(row.id, 'processing', 'delivering');
    });
    deps.metrics.processed.inc({ result: ctx.verdict ?? 'deliver' });
    log.debug({ verdict: ctx.verdict }, 'message processed');
    deps.onQueued();
  }

  private async failed(row: MessageRow, err: unknown, log: Logger): Promise<void> {
    const { deps } = this;
    const attempts = row.attempts + 1;
    const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const tooOld = Date.now() - row.envelope.receivedAt > deps.retry.maxAgeHours * 3600_000;
    if (err instanceof PermanentError || (err instanceof TemporaryError && tooOld)) {
      await deps.commit.run(() => deps.messages.transition(row.id, 'processing', 'dead', msg));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ err: msg }, 'message moved to dead-letter');
      return;
    }
    if (err instanceof TemporaryError) {
      const next = Date.now() + backoffMs(deps.retry, attempts);
      await deps.commit.run(() => deps.messages.release(row.id, next, msg, true));
      log.warn({ err: msg, retryAt: new Date(next).toISOString() }, 'processing deferred');
      return;
    }
    const kind = err instanceof StageTimeoutError ? 'timed out' : 'crashed';
    if (attempts >= deps.maxAttempts) {
      const reason = `processing ${kind} ${attempts} times (last: ${msg})`;
      await deps.commit.run(() => deps.messages.transition(row.id, 'processing', 'dead', reason));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ err: msg, attempts }, 'message moved to dead-letter: processing keeps failing');
      return;
    }
    await deps.commit.run(() => deps.messages.release(row.id, Date.now() + CRASH_RETRY_MS, msg, false));
    log.error({ err: msg, attempts }, `processing ${kind}; will retry`);
  }
}
