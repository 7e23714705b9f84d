import type { ExtractLimits } from './limits.js';

/** The limits of one message plus what has been spent of them so far. */
export class Budget {
  readonly deadline: number;
  /** Uncompressed archive bytes read so far, against maxTotalBytes. */
  archiveBytes = 0;

  constructor(
    readonly limits: ExtractLimits,
    now: number = Date.now(),
  ) {
    this.deadline = now + limits.timeBudgetMs;
  }

  expired(): boolean {
    return Date.now() > this.deadline;
  }

  /** Milliseconds left, for racing steps (PDF) that cannot check the clock themselves. */
  remainingMs(): number {
    return Math.max(0, this.deadline - Date.now());
  }
}

export const TIME_BUDGET_REASON = 'time budget exceeded';

/** Rejects after `ms` so a step that does not yield control cannot outlive the budget. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(TIME_BUDGET_REASON));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
