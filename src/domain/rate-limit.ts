/**
 * A token bucket per key: `perMinute` events, refilled continuously, so a burst of a full minute's
 * allowance is possible but a steady flood is not. Keys idle long enough to be full are forgotten.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): boolean {
    if (this.perMinute <= 0) return true;
    const t = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (this.buckets.size > 10_000) this.prune(t, rate);
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    return true;
  }

  private prune(t: number, rate: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + (t - b.at) * rate >= this.perMinute) this.buckets.delete(k);
    }
  }
}
