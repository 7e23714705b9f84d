import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { PipelineMetrics } from '../adapters/metrics.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlWriter } from '../adapters/sqlite/sql-op.js';
import type { BackoffPolicy } from '../domain/backoff.js';
import { admit } from '../domain/memory-budget.js';
import type { MessageContext } from '../domain/message.js';
import { isTemporaryFailure, TemporaryError } from '../pipeline/errors.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { Stage } from '../pipeline/stage.js';
import { countByType } from '../stages/decide.js';
import { composeOutput } from '../stages/trace-headers.js';
import type { OriginalKeeper } from './keep-original.js';
import { Poller } from './poller.js';
import { CRASH_RETRY_MS, holdForStaff, messageOf, processingFailed } from './process-failure.js';

export interface ProcessDeps {
  messages: MessageStore;
  outbox: OutboxStore;
  blobs: BlobStore;
  /** The original from the quarantine, for a message whose spool copy was dropped when it was quarantined. */
  original: (id: string) => Promise<Buffer>;
  quarantine: QuarantineIndex;
  /** Where the original of a message that cannot be processed is kept for staff. */
  keeper: OriginalKeeper;
  writer: SqlWriter;
  stages: readonly Stage[];
  log: Logger;
  metrics: PipelineMetrics;
  concurrency: number;
  /**
   * Sum of the sizes of the messages processed at the same time. Processing holds a message (and
   * its decoded and rewritten copies) in memory, so a burst of big messages is taken a few at a
   * time instead of all at once; a message bigger than the budget is processed alone.
   */
  memoryBudgetBytes?: number;
  stageTimeoutMs: number;
  maxAttempts: number;
  retry: BackoffPolicy & { maxAgeHours: number };
  helpdeskRcptTo: readonly string[];
  /** Told when a message enters the outbox. */
  onQueued: () => void;
  yieldToIntake?: { quietMs: number; maxYieldMs: number } | undefined;
}

/**
 * The pipeline worker: claims received messages, runs the stages, and moves each message on to the
 * outbox (delivering), to held, or back to the queue (a temporary failure, or a crash below
 * maxAttempts). Processing never ends a message in dead-letter: what cannot be processed is held,
 * its original in the quarantine.
 */
export class Processor {
  private readonly poller: Poller;
  private readonly active = new Map<string, number>();
  private activeBytes = 0;
  /** Claimed messages whose outcome could not even be recorded (the database failed): put back later. */
  private readonly stranded = new Set<string>();
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
    if (this.stranded.size) this.putBack();
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
    for (const row of admit(
      rows.slice(0, free),
      this.activeBytes,
      this.active.size,
      this.deps.memoryBudgetBytes,
    )) {
      this.active.set(row.id, row.size);
      this.activeBytes += row.size;
      this.handle(row)
        .catch((err: unknown) => {
          this.stranded.add(row.id);
          this.deps.log.error({ err, queueId: row.id }, 'processing failed; the message will be put back');
        })
        .finally(() => {
          this.active.delete(row.id);
          this.activeBytes -= row.size;
          this.poller.wake();
        });
    }
  }

  /** Returns stranded messages to the queue, without counting the attempt against them. */
  private putBack(): void {
    for (const id of this.stranded) {
      if (this.active.has(id)) continue;
      this.active.set(id, 0); // a database write only: nothing held against the budget
      this.commit(this.deps.messages.release(id, Date.now() + CRASH_RETRY_MS, 'interrupted', true))
        .then(() => this.stranded.delete(id))
        .catch(() => this.poller.wakeIn(CRASH_RETRY_MS))
        .finally(() => this.active.delete(id));
    }
  }

  private async handle(row: MessageRow): Promise<void> {
    const { deps } = this;
    const log = deps.log.child({ queueId: row.id });
    if (!(await this.commit(deps.messages.claim(row.id)))) return;
    // Attempts that ended with the whole process gone (killed, out of memory) count as well: such
    // a message is not run again, it is held for staff with its original.
    if (row.attempts >= deps.maxAttempts) {
      const reason = `processing failed ${row.attempts} times (last: ${row.reason ?? 'interrupted'})`;
      await holdForStaff(deps, row, () => this.original(row), reason, log);
      return;
    }
    let ctx: MessageContext;
    try {
      ctx = {
        queueId: row.id,
        envelope: row.envelope,
        raw: await this.original(row),
        attempt: row.attempts + 1,
        auth: row.auth ?? undefined,
        addHeaders: [],
        writes: [],
      };
      await runPipeline(deps.stages, ctx, {
        stageTimeoutMs: deps.stageTimeoutMs,
        onStageDone: (stage, s) => deps.metrics.stageSeconds.observe({ stage }, s),
      });
    } catch (err) {
      await processingFailed(deps, row, () => this.original(row), err, log);
      return;
    }
    try {
      await this.complete(row, ctx, log);
    } catch (err) {
      // The work is done but could not be recorded: nothing of it was committed. A full or failing
      // database or disk is waited out; anything else counts as a crash of this message.
      const e = isTemporaryFailure(err)
        ? new TemporaryError(`could not record the outcome: ${messageOf(err)}`)
        : err;
      await processingFailed(deps, row, () => this.original(row), e, log);
    }
  }

  /** The message as received: in the spool, or in the vault once it was quarantined. */
  private original(row: MessageRow): Promise<Buffer> {
    return this.deps.blobs.read(row.id, 'raw').catch(() => this.deps.original(row.id));
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
              `duplicate of ${ctx.duplicate} (ticket ${ctx.ticketId})`,
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
          types: [
            ...new Set<string>([
              ...(ctx.findings ?? []).map((f) => f.type),
              ...(ctx.parsed?.unparseable ? ['unparseable'] : []),
            ]),
          ],
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
    // The quarantine now holds the original (or, for a copy of a message filed before, that
    // message's original is delivered or kept): the spool copy goes.
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
}
