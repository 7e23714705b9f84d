/**
 * Runs `fill` when woken and at least every `intervalMs`: the database is the source of truth, and
 * the interval picks up work that became due (retries) or that another process queued (the CLI).
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private running = false;

  constructor(
    private readonly fill: () => void,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.running = true;
    this.timer = setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    // A short delay gathers the wake-ups of a burst (every stored message wakes the worker) into
    // one query for due work.
    setTimeout(() => {
      this.scheduled = false;
      if (this.running) this.fill();
    }, 2);
  }

  /** Runs `fill` after `ms`, for work that is waiting on purpose. */
  wakeIn(ms: number): void {
    if (this.running) setTimeout(() => this.wake(), ms).unref();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.timer);
  }
}
