import { storageFailureOf } from '../../domain/storage-failure.js';
import { op, type SqlOp, type SqlResult, type SqlWriter } from './sql-op.js';

// Takes the database's write lock and changes nothing: it fails (SQLITE_BUSY) exactly when another
// connection or process holds the lock, and costs no page write and no fsync when nobody does.
const PROBE = op('UPDATE schema_migrations SET applied_at = applied_at WHERE 0');

/**
 * A failed real write counts this long: while mail keeps arriving into a full disk, failures keep
 * coming and the state stays degraded; once nothing fails for a while, the probe (and the free-space
 * watermark) speak for now.
 */
const RECENT_MS = 10_000;

/**
 * Whether the database takes writes, for /healthz. Two sources: the outcome of the writes the SMTP
 * intake makes (a failed store is reported until a later one succeeds or it is old), and a probe
 * raced against a short deadline, so a lock held by another process shows while no mail arrives,
 * and /healthz answers within the deadline however long the lock lasts.
 */
export class StorageHealth {
  private lastFailure: { at: number; reason: string; busy: boolean } | undefined;
  private probing: Promise<string | undefined> | undefined;

  constructor(
    private readonly writer: SqlWriter,
    private readonly probeTimeoutMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The writer, with every outcome observed. */
  readonly watched: SqlWriter = {
    run: async (ops: SqlOp[]): Promise<SqlResult[]> => {
      try {
        const results = await this.writer.run(ops);
        this.lastFailure = undefined;
        return results;
      } catch (err) {
        this.lastFailure = { at: this.now(), reason: describe(err), busy: storageFailureOf(err) === 'busy' };
        throw err;
      }
    },
    close: () => this.writer.close(),
  };

  /** Undefined when the database takes writes; otherwise why not, in one line. */
  async problem(): Promise<string | undefined> {
    const failure = this.lastFailure;
    const recent = failure && this.now() - failure.at < RECENT_MS ? failure : undefined;
    // One probe at a time: while the database is locked a probe waits out the busy timeout.
    this.probing ??= this.writer.run([PROBE]).then(
      () => undefined,
      (err: unknown) => describe(err),
    );
    const probe = this.probing;
    void probe.finally(() => {
      if (this.probing === probe) this.probing = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`database write did not complete within ${this.probeTimeoutMs} ms (locked?)`),
        this.probeTimeoutMs,
      );
    });
    const probed = await Promise.race([probe, deadline]).finally(() => clearTimeout(timer));
    if (probed) return probed;
    // The lock is free now; a full disk still fails real writes (the probe writes nothing).
    if (recent?.busy && this.lastFailure === recent) this.lastFailure = undefined;
    return recent?.busy ? undefined : recent?.reason;
  }
}

function describe(err: unknown): string {
  const kind = storageFailureOf(err);
  const code = (err as { code?: unknown } | null)?.code;
  const what = kind === 'full' ? 'disk full' : kind === 'busy' ? 'database locked' : 'database write failed';
  return typeof code === 'string' ? `${what} (${code})` : what;
}
