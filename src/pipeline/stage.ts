import type { MessageContext } from '../domain/message.js';

/**
 * One step of processing. Stages read and extend the context; they reach the outside world only
 * through ports handed to them when the stage is built, so each is testable without sockets.
 * A stage should stop work when `signal` aborts (its time limit passed).
 */
export interface Stage {
  readonly name: string;
  run(ctx: MessageContext, signal: AbortSignal): Promise<void> | void;
}
