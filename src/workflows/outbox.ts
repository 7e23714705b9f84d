import { Readable } from 'node:stream';
import type { BlobStore } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { PipelineMetrics } from '../adapters/metrics.js';
import type { MessageRow, MessageStore } from '../adapters/sqlite/message-store.js';
import type { OutboxItem, OutboxKind, OutboxStore } from '../adapters/sqlite/outbox-store.js';
import type { QuarantineIndex } from '../adapters/sqlite/quarantine-index.js';
import type { SqlOp, SqlWriter } from '../adapters/sqlite/sql-op.js';
import { type BackoffPolicy, backoffMs } from '../domain/backoff.js';
import { isTemporaryFailure } from '../pipeline/errors.js';
import { DeliveryError, type Mailer } from '../ports.js';
import { dropSpoolFiles, keepOriginalOps, type OriginalKeeper } from './keep-original.js';
import { Poller } from './poller.js';

export interface OutboxDeps {
  outbox: OutboxStore;
  messages: MessageStore;
  blobs: BlobStore;
  writer: SqlWriter;
  mailers: Partial<Record<OutboxKind, Mailer>>;
  /** Where the original of a message the helpdesk refuses is kept for staff. */
  keeper: OriginalKeeper;
  quarantine: Pick<QuarantineIndex, 'setState'>;
  log: Logger;
  metrics: PipelineMetrics;
  concurrency: number;
  retry: BackoffPolicy & { maxAgeHours: number };
}

/**
 * Delivers what the pipeline queued. Every outcome is recorded before the next step: sent (and the
 * spooled original removed), deferred with exponential backoff, or dead (a 5xx, or too old). A
 * dead helpdesk delivery keeps the message's original in the quarantine, where staff reveal or
 * release it; `queue retry` sends the prepared copy again.
 */
const UNRECORDED_RETRY_MS = 2000;

export class OutboxWorker {
  private readonly poller: Poller;
  private readonly active = new Set<number>();
  /**
   * Items that may have reached their destination already: pending when this run started (a crash
   * may have cut them after the copy was made), or whose outcome could not be recorded.
   */
  private readonly uncertain = new Set<number>();
  /** Items whose outcome could not be recorded (the database failed), left alone until then. */
  private readonly cooling = new Map<number, number>();
  private stopping = false;

  constructor(private readonly deps: OutboxDeps) {
    this.poller = new Poller(() => this.fill(), 250);
  }

  start(): void {
    for (const item of this.deps.outbox.due(Number.MAX_SAFE_INTEGER, 1_000_000, []))
      this.uncertain.add(item.id);
    this.poller.start();
  }

  wake(): void {
    this.poller.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poller.stop();
    while (this.active.size) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(Object.values(this.deps.mailers).map((m) => m?.close()));
  }

  private fill(): void {
    if (this.stopping) return;
    const free = this.deps.concurrency - this.active.size;
    if (free <= 0) return;
    const now = Date.now();
    for (const [id, until] of this.cooling) if (until <= now) this.cooling.delete(id);
    for (const item of this.deps.outbox.due(now, free, [...this.active, ...this.cooling.keys()])) {
      this.active.add(item.id);
      this.deliver(item)
        .then(
          () => this.uncertain.delete(item.id),
          (err: unknown) => {
            // Delivered or not, nothing was recorded: the item stays pending and is tried again a
            // little later (not in a tight loop against a failing database), as possibly delivered.
            this.uncertain.add(item.id);
            this.cooling.set(item.id, Date.now() + UNRECORDED_RETRY_MS);
            this.poller.wakeIn(UNRECORDED_RETRY_MS);
            this.deps.log.error({ err, queueId: item.messageId }, 'outbox failure; will retry');
          },
        )
        .finally(() => {
          this.active.delete(item.id);
          this.poller.wake();
        });
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { deps } = this;
    const log = deps.log.child({ queueId: item.messageId, kind: item.kind });
    const mailer = deps.mailers[item.kind];
    const message = deps.messages.get(item.messageId);
    if (!mailer || !message) {
      await deps.writer.run([deps.outbox.markDead(item.id, mailer ? 'message row missing' : 'no transport')]);
      log.error('outbox item has no transport or message: dead');
      return;
    }
    let raw: Buffer | Readable | undefined;
    try {
      raw = await deps.blobs.stream(item.messageId, item.kind);
      await mailer.deliver({
        deliveryId: item.kind === 'helpdesk' ? item.messageId : `${item.messageId}-${item.kind}`,
        receivedAt: message.envelope.receivedAt,
        mailFrom: item.mailFrom,
        rcptTo: item.rcptTo,
        raw,
        mayBeDelivered: item.attempts > 0 || this.uncertain.has(item.id),
      });
    } catch (e) {
      await this.failed(item, message, e, log);
      return;
    } finally {
      // A transport that did not read the stream to its end (a copy already there, a refusal)
      // must not leave its file open.
      if (raw instanceof Readable) raw.destroy();
    }
    // The copies are no longer needed: rows go in the same commit, files right after it (a crash
    // in between leaves files the start-up sweep removes).
    const results = await deps.writer.run([
      deps.outbox.markSent(item.id),
      deps.blobs.forget(item.messageId, item.kind),
      ...(item.kind === 'helpdesk'
        ? [
            deps.messages.transition(item.messageId, 'delivering', 'delivered'),
            deps.blobs.forget(item.messageId, 'raw'),
          ]
        : []),
      // A released message (held, or dead with its original kept) is delivered now too.
      ...(item.kind === 'release'
        ? [
            deps.messages.transition(item.messageId, 'held', 'delivered', 'released'),
            deps.messages.transition(item.messageId, 'dead', 'delivered', 'released'),
          ]
        : []),
    ]);
    deps.metrics.deliveries.inc({ kind: item.kind, result: 'sent' });
    log.info({ to: item.rcptTo, attempts: item.attempts + 1 }, 'delivered');
    await deps.blobs.removeFiles(results);
  }

  /**
   * The writes that keep the original of a message whose helpdesk delivery is dead. When there is
   * nothing left to keep (its ticket was solved and the original shredded), none: the prepared
   * copy for the helpdesk stays for `queue retry`. Throws when the vault fails for now.
   */
  private async keepOriginal(item: OutboxItem, message: MessageRow, reason: string): Promise<SqlOp[]> {
    const { deps } = this;
    if (item.kind !== 'helpdesk') return [];
    try {
      return await keepOriginalOps(
        deps.keeper,
        message,
        () => deps.blobs.read(message.id, 'raw'),
        `delivery failed: ${reason}`,
      );
    } catch (err) {
      if (isTemporaryFailure(err)) throw err;
      deps.log.warn({ queueId: message.id, err: String(err) }, 'dead delivery: no original left to keep');
      return [];
    }
  }

  private async failed(item: OutboxItem, message: MessageRow, e: unknown, log: Logger): Promise<void> {
    const { deps } = this;
    const receivedAt = message.envelope.receivedAt;
    const err = e instanceof DeliveryError ? e : new DeliveryError(String((e as Error)?.message ?? e), false);
    const attempts = item.attempts + 1;
    const tooOld = Date.now() - receivedAt > deps.retry.maxAgeHours * 3600_000;
    if (err.permanent || tooOld) {
      const reason = err.permanent
        ? err.message
        : `not delivered within ${deps.retry.maxAgeHours} h: ${err.message}`;
      let kept: SqlOp[];
      try {
        kept = await this.keepOriginal(item, message, reason);
      } catch (e) {
        // The vault cannot take it now: the delivery stays pending (and is tried again) until it can.
        const now = Date.now();
        const next = now + backoffMs(deps.retry, attempts);
        await deps.writer.run([
          deps.outbox.defer(item.id, next, `${reason}; original not yet kept: ${e}`, now),
        ]);
        log.error({ err: String(e) }, 'delivery failed; keeping the original failed too, will retry');
        return;
      }
      const results = await deps.writer.run([
        deps.outbox.markDead(item.id, reason),
        ...(item.kind === 'helpdesk'
          ? [deps.messages.transition(item.messageId, 'delivering', 'dead', reason)]
          : []),
        // A release that failed leaves the item quarantined, so staff can release it again.
        ...(item.kind === 'release' ? [deps.quarantine.setState(item.messageId, 'quarantined')] : []),
        ...kept,
      ]);
      if (kept.length) await dropSpoolFiles(deps.keeper, results);
      deps.metrics.deliveries.inc({ kind: item.kind, result: 'dead' });
      log.error({ err: reason, attempts }, 'delivery failed permanently: dead-letter');
      return;
    }
    const now = Date.now();
    const next = now + backoffMs(deps.retry, attempts);
    await deps.writer.run([deps.outbox.defer(item.id, next, err.message, now)]);
    deps.metrics.deliveries.inc({ kind: item.kind, result: 'deferred' });
    log.warn({ err: err.message, attempts, retryAt: new Date(next).toISOString() }, 'delivery deferred');
  }
}
