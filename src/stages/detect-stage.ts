import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';
import type { ScanPool } from './detect/scan-pool.js';

/**
 * Runs extraction, detection and redaction for the message in the scan pool's worker threads,
 * where a hard per-message limit applies. A scan that could not complete yields one `unscannable`
 * finding for the whole message and no redacted copy: the policy then holds it.
 */
export function detectStage(pool: ScanPool): Stage {
  return {
    name: 'detect',
    async run(ctx: MessageContext) {
      // Not parseable: the scanner would fail on the same bytes; the message is held as it is.
      if (ctx.parsed?.unparseable) return;
      const result = await pool.scan(ctx.output ?? ctx.raw);
      ctx.findings = result.findings;
      ctx.redacted = result.complete ? result.redacted : undefined;
      if (!result.complete) {
        ctx.verdict = 'hold';
        ctx.reason = 'unscannable: the message could not be scanned within its limits';
      }
    },
  };
}
