import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { PipelineMetrics } from '../adapters/metrics.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { SqlOp, SqlWriter } from '../adapters/sqlite/sql-op.js';
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
  blobs: BlobStore;
  writer: SqlWriter;
  stages: readonly Stage[];
  log: Logger;
  metrics: PipelineMetrics;
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

  async start(): Promise<void> {
    const [r] = await this.deps.writer.run([this.deps.messages.resumeCrashed()]);
    if (r!.changes)
      this.deps.log.warn({ resumed: r!.changes }, 'resuming messages interrupted by the last stop');
    this.poller.start();
  }

  private async commit(...ops: SqlOp[]): Promise<number> {
    const results = await this.deps.writer.run(ops);
    return results[0]!.changes;
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
    const rows = this.deps.messages
      .due(Date.now(), free + this.active.size)
      .filter((r) => !this.active.has(r.id));
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
      await this.commit(deps.messages.transition(row.id, 'received', 'dead', reason));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ attempts: row.attempts }, 'message moved to dead-letter: processing keeps failing');
      return;
    }
    if (!(await this.commit(deps.messages.claim(row.id)))) return;

    const ctx: MessageContext = {
      queueId: row.id,
      envelope: row.envelope,
      raw: await deps.blobs.read(row.id, 'raw'),
      attempt: row.attempts + 1,
      auth: row.auth ?? undefined,
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
      await this.commit(deps.messages.transition(row.id, 'processing', 'held', ctx.reason ?? 'held'));
      deps.metrics.processed.inc({ result: 'held' });
      log.warn({ reason: ctx.reason }, 'message held');
      return;
    }
    const output = await deps.blobs.prepare(row.id, 'helpdesk', composeOutput(ctx));
    const rcptTo = deps.helpdeskRcptTo.length ? [...deps.helpdeskRcptTo] : row.envelope.rcptTo;
    await this.commit(
      deps.messages.transition(row.id, 'processing', 'delivering'),
      deps.blobs.record(row.id, 'helpdesk', output),
      deps.outbox.add(row.id, 'helpdesk', row.envelope.mailFrom, rcptTo),
    );
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
      await this.commit(deps.messages.transition(row.id, 'processing', 'dead', msg));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ err: msg }, 'message moved to dead-letter');
      return;
    }
    if (err instanceof TemporaryError) {
      const next = Date.now() + backoffMs(deps.retry, attempts);
      await this.commit(deps.messages.release(row.id, next, msg, true));
      log.warn({ err: msg, retryAt: new Date(next).toISOString() }, 'processing deferred');
      return;
    }
    const kind = err instanceof StageTimeoutError ? 'timed out' : 'crashed';
    if (attempts >= deps.maxAttempts) {
      const reason = `processing ${kind} ${attempts} times (last: ${msg})`;
      await this.commit(deps.messages.transition(row.id, 'processing', 'dead', reason));
      deps.metrics.processed.inc({ result: 'dead' });
      log.error({ err: msg, attempts }, 'message moved to dead-letter: processing keeps failing');
      return;
    }
    await this.commit(deps.messages.release(row.id, Date.now() + CRASH_RETRY_MS, msg, false));
    log.error({ err: msg, attempts }, `processing ${kind}; will retry`);
  }
}
