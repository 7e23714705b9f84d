import type { AuditEntry } from '../adapters/sqlite/audit-log.js';

/** What the purge needs of the vault (Vault satisfies it); a narrow shape keeps it testable. */
export interface RetentionVault {
  list(filter: { createdUntil: number; limit: number }): { itemId: string; createdAt: number }[];
  shred(itemId: string, opts?: { deferScrub?: boolean }): Promise<void>;
  scrubWal(): void;
  sweep(opts: { now: number; graceMs?: number }): Promise<{ removed: number }>;
}

export interface PurgeOptions {
  vault: RetentionVault;
  /** Epoch ms; the caller's clock (a fake one in tests). */
  now: number;
  /** `quarantine.retentionDays`: items this old or older are purged. */
  retentionDays: number;
  /** Records one audit row, e.g. `(e) => append(db, e, now)`. */
  audit: (entry: AuditEntry) => unknown;
  actor?: string;
  batchSize?: number;
  /** Passed to Vault.sweep: orphan files younger than this are left alone (default 1 hour). */
  sweepGraceMs?: number;
}

export interface PurgeResult {
  purged: number;
  /** Orphan blob files removed (from an earlier interrupted purge or put). */
  swept: number;
}

const DAY_MS = 86_400_000;

/**
 * Crypto-shreds every quarantine item older than the retention period, then sweeps orphan files.
 * No timers here: the caller runs it at start and hourly.
 *
 * One audit row per item, written before the item is shredded: `audit list --item X` then answers
 * what happened to X, and a crash between the two leaves an audit row for an item the next run
 * purges again (recorded twice), never an item gone without a record. Rows are rare — one per
 * quarantined message — so per-item rows cost nothing. A run with nothing to purge writes nothing.
 *
 * Interrupted at any point, it is safe to run again: shred deletes the key row before the file, so
 * what may be left is a file without a row — undecryptable — which the sweep removes.
 */
export async function purgeExpired(opts: PurgeOptions): Promise<PurgeResult> {
  if (!(opts.retentionDays > 0)) throw new RangeError('retentionDays must be positive');
  const cutoff = opts.now - opts.retentionDays * DAY_MS;
  const reason = `retention: older than ${opts.retentionDays} days`;
  const done = new Set<string>();
  let purged = 0;
  for (;;) {
    const batch = opts.vault.list({ createdUntil: cutoff, limit: opts.batchSize ?? 100 });
    if (batch.length === 0) break;
    // Guards against looping forever should a shred report success without removing the row.
    if (batch.every((i) => done.has(i.itemId)))
      throw new Error('retention purge: shredded items are still listed');
    for (const { itemId } of batch) {
      if (done.has(itemId)) continue;
      await opts.audit({ actor: opts.actor ?? 'retention', action: 'purge', item: itemId, reason });
      await opts.vault.shred(itemId, { deferScrub: true });
      done.add(itemId);
      purged++;
    }
  }
  if (purged) opts.vault.scrubWal();
  const { removed } = await opts.vault.sweep({ now: opts.now, graceMs: opts.sweepGraceMs });
  return { purged, swept: removed };
}
