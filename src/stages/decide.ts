import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

/**
 * The policy point. Today every message that parsed is delivered; detection, authentication and
 * quarantine add their verdicts here (`redact`, `hold`) as they land. A message whose structure was
 * over the parse limits is held: it cannot be checked, so it must not reach the helpdesk unchecked.
 */
export function decideStage(): Stage {
  return {
    name: 'decide',
    run(ctx: MessageContext) {
      if (ctx.parsed?.overLimits.length) {
        ctx.verdict = 'hold';
        ctx.reason = `unscannable: ${ctx.parsed.overLimits.join('; ')}`;
        return;
      }
      ctx.verdict ??= 'deliver';
    },
  };
}
