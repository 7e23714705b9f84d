export interface BackoffPolicy {
  minDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential from the minimum, capped,
 * with "equal jitter" (half fixed, half random) so a downstream that comes back is not hit by every
 * queued message in the same second, yet no retry comes sooner than half the nominal delay.
 */
export function backoffMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelaySeconds, policy.minDelaySeconds * 2 ** Math.max(0, attempt - 1));
  const half = exp / 2;
  return Math.round((half + random() * half) * 1000);
}
