import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { PipelineMetrics } from '../adapters/metrics.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlWriter } from '../adapters/sqlite/sql-op.js';
import { type BackoffPolicy, backoffMs } from '../domain/backoff.js';
import type { MessageContext } from '../domain/message.js';
import { PermanentError, StageTimeoutError, TemporaryError } from '../pipeline/errors.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { Stage } from '../pipeline/stage.js';
import { countByType } from '../stages/decide.js';
import { composeOutput } from '../stages/trace-headers.js';
import { Poller } from './poller.js';

export interface ProcessDeps {
  messages: MessageStore;
  outbox: OutboxStore;
  blobs: BlobStore;
  /** The original from the quarantine, for a message whose spool copy was dropped when it was quarantined. */
  original: (id: string) => Promise<Buffer>;
  quarantine: QuarantineIndex;
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
  yieldToIntake?: { quietMs: number; maxYieldMs: number } | undefined;
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
  private lastArrival = 0;

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

  /** A message was just stored: the intake is busy. */
  wake(arrivedAt = Date.now()): void {
    this.lastArrival = arrivedAt;
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
    const now = Date.now();
    const rows = this.deps.messages.due(now, free + this.active.size).filter((r) => !this.active.has(r.id));
    // During a burst of arrivals the intake gets the CPU: processing waits until the burst pauses,
    // but never longer than maxYieldMs for any message, so a sustained flood is still processed.
    const y = this.deps.yieldToIntake;
    const oldest = rows[0]?.envelope.receivedAt;
    if (y && oldest !== undefined && now - this.lastArrival < y.quietMs && now - oldest < y.maxYieldMs) {
      this.poller.wakeIn(y.quietMs);
      return;
    }
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
      raw: await deps.blobs.read(row.id, 'raw').catch(() => deps.original(row.id)),
      attempt: row.attempts + 1,
      auth: row.auth ?? undefined,
      addHeaders: [],
      writes: [],
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

    await this.complete(row, ctx, log);
  }

  /**
   * Everything the pipeline decided, in one commit: the message's next state, its quarantine key
   * and index row, its ticket and findings, the deliveries (helpdesk, notice), and the removal of
   * the spooled original once the quarantine holds it. A crash before the commit repeats the work;
   * after it, nothing is repeated.
   */
  private async complete(row: MessageRow, ctx: MessageContext, log: Logger): Promise<void> {
    const { deps } = this;
    const id = row.id;
    const held = ctx.verdict === 'hold';
    const writes: SqlOp[] = [
      held
        ? deps.messages.transition(id, 'processing', 'held', ctx.reason ?? 'held')
        : ctx.duplicate
          ? deps.messages.transition(
              id,
              'processing',
              'delivered',
              `duplicate of a message of ticket ${ctx.ticketId}`,
            )
          : deps.messages.transition(id, 'processing', 'delivering'),
      ...ctx.writes,
    ];
    if (ctx.quarantineItem) {
      writes.push(
        deps.quarantine.add({
          id: ctx.quarantineItem,
          sender: row.envelope.mailFrom,
          subject: ctx.deliveredSubject ?? '',
          verdict: held ? 'hold' : 'redact',
          reason: ctx.reason ?? null,
          types: [...new Set((ctx.findings ?? []).map((f) => f.type))],
          ticket: ctx.ticketId ?? null,
          receivedAt: row.envelope.receivedAt,
        }),
      );
    }
    if (!held && !ctx.duplicate) {
      const rcptTo = deps.helpdeskRcptTo.length ? [...deps.helpdeskRcptTo] : row.envelope.rcptTo;
      const output = await deps.blobs.prepare(id, 'helpdesk', composeOutput(ctx));
      writes.push(
        deps.blobs.record(id, 'helpdesk', output),
        deps.outbox.add(id, 'helpdesk', row.envelope.mailFrom, rcptTo),
      );
      if (ctx.notice) {
        const notice = await deps.blobs.prepare(id, 'notice', ctx.notice.raw);
        // RFC 3834 3.3: an auto-reply goes out with a null MAIL FROM, so it cannot bounce back.
        writes.push(
          deps.blobs.record(id, 'notice', notice),
          deps.outbox.add(id, 'notice', '', [ctx.notice.to]),
        );
      }
    }
    // The quarantine now holds the original (or it was delivered before): the spool copy goes.
    const dropRaw = Boolean(ctx.quarantineItem) || Boolean(ctx.duplicate);
    if (dropRaw) writes.push(deps.blobs.forget(id, 'raw'));
    const results = await deps.writer.run(writes);
    if (dropRaw) await deps.blobs.removeFiles(results.slice(-1));
    const result = held ? 'held' : ctx.duplicate ? 'duplicate' : (ctx.verdict ?? 'deliver');
    deps.metrics.processed.inc({ result });
    const findings = countByType(ctx.findings ?? []);
    const summary = {
      verdict: result,
      findings: findings || undefined,
      ticket: ctx.ticketId,
      notice: ctx.notice ? 'queued' : ctx.noticeSkipped,
    };
    if (held) log.warn({ ...summary, reason: ctx.reason }, 'message held');
    else log.info(summary, 'message processed');
    if (!held) deps.onQueued();
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
