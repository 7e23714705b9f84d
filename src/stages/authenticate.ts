import { authHeaderValue } from '../domain/auth/verdict.js';
import { authservIdOf, withoutHeaders } from '../domain/headers.js';
import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

/**
 * Applies the sender verdict reached at SMTP time: our Authentication-Results and X-Deskguard-Auth
 * go on top; Authentication-Results that claim our authserv-id came from outside and are forgeries
 * (RFC 8601 5), so they are removed; a staff spoof or unverifiable sender is held for review.
 */
export function authenticateStage(authservId: string): Stage {
  const ours = authservId.toLowerCase();
  return {
    name: 'authenticate',
    run(ctx: MessageContext) {
      const source = ctx.output ?? ctx.raw;
      const cleaned = withoutHeaders(
        source,
        (f) => f.name.toLowerCase() === 'authentication-results' && authservIdOf(f.value) === ours,
      );
      if (cleaned !== source) ctx.output = cleaned;
      const auth = ctx.auth;
      if (!auth) return;
      ctx.addHeaders.push(['Authentication-Results', auth.authResults]);
      ctx.addHeaders.push(['X-Deskguard-Auth', authHeaderValue(auth.verdict)]);
      const v = auth.verdict;
      if (v.kind === 'staff_spoof' || v.kind === 'unverified') {
        ctx.verdict = 'hold';
        ctx.reason = v.kind === 'staff_spoof' ? `staff_spoof: ${v.reason}` : `unverified sender: ${v.reason}`;
      }
    },
  };
}
