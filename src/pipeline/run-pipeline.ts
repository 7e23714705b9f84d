import type { MessageContext } from '../domain/message.js';
import { StageTimeoutError } from './errors.js';
import type { Stage } from './stage.js';

export interface RunOptions {
  stageTimeoutMs: number;
  onStageDone?: (stage: string, seconds: number) => void;
}

/**
 * Runs the stages in order, each under its own time limit. The first error stops the run and is
 * passed on as it is (TemporaryError, PermanentError, StageTimeoutError or a crash); the caller
 * decides what each means for the message. Every stage runs, also for a held message (it still
 * needs its quarantine item and ticket); the stages that prepare delivery skip held messages.
 */
export async function runPipeline(
  stages: readonly Stage[],
  ctx: MessageContext,
  opts: RunOptions,
): Promise<void> {
  for (const stage of stages) {
    const started = performance.now();
    await withTimeout(stage, ctx, opts.stageTimeoutMs);
    opts.onStageDone?.(stage.name, (performance.now() - started) / 1000);
  }
}

async function withTimeout(stage: Stage, ctx: MessageContext, ms: number): Promise<void> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort();
      reject(new StageTimeoutError(stage.name, ms));
    }, ms);
  });
  try {
    await Promise.race([Promise.resolve().then(() => stage.run(ctx, ac.signal)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
