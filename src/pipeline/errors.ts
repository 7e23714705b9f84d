/** A failure that is nobody's fault and will pass (DNS down, disk busy): retried later, not counted. */
export class TemporaryError extends Error {
  override name = 'TemporaryError';
}

/** The message itself can never pass this stage: it goes to dead-letter at once, for an admin. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

export class StageTimeoutError extends Error {
  override name = 'StageTimeoutError';
  constructor(
    readonly stage: string,
    ms: number,
  ) {
    super(`stage ${stage} exceeded its time limit of ${ms} ms`);
  }
}
