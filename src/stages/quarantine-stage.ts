import type { MessageContext, PendingWrite } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

/** The vault as the stage needs it: the blob is durable when `put` returns, its row is a write. */
export interface QuarantinePort {
  has(itemId: string): boolean;
  put(itemId: string, plaintext: Buffer, meta: { messageId: string }): Promise<PendingWrite[]>;
}

/**
 * Every message that is redacted or held keeps its original, encrypted, in the quarantine (item id
 * = queue id). The key row commits with the message's next state, so a crash in between leaves
 * only an unreadable blob that the vault's sweep removes.
 */
export function quarantineStage(vault: QuarantinePort): Stage {
  return {
    name: 'quarantine',
    async run(ctx: MessageContext) {
      if (ctx.duplicate || (ctx.verdict !== 'redact' && ctx.verdict !== 'hold')) return;
      ctx.quarantineItem = ctx.queueId;
      // A message processed again (an admin's retry of a held message) is in the vault already.
      if (vault.has(ctx.queueId)) return;
      ctx.writes.push(...(await vault.put(ctx.queueId, ctx.raw, { messageId: ctx.queueId })));
    },
  };
}
