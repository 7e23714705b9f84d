/** Polls `check` until it returns a truthy value or the deadline passes; the value is returned. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const intervalMs = opts.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a condition'}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the first of `p` or rejects after `ms`, naming `what`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Polls `check` until it reports done, failing only when its progress (a count that grows as work
 * gets done) stands still for `stallMs`: slow machines take longer, a stuck gateway still fails.
 */
export async function waitWhileProgressing(
  check: () => { done: boolean; progress: number },
  opts: { stallMs: number; intervalMs?: number; what: string },
): Promise<void> {
  let best = -1;
  let movedAt = Date.now();
  for (;;) {
    const { done, progress } = check();
    if (done) return;
    if (progress > best) {
      best = progress;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > opts.stallMs) {
      throw new Error(`no progress for ${opts.stallMs} ms (at ${best}) waiting for ${opts.what}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
