import { withoutForeignClaims } from '../domain/auth/foreign-headers.js';
import { authHeaderValue } from '../domain/auth/verdict.js';
import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

/**
 * Applies the sender verdict reached at SMTP time: our Authentication-Results and X-Deskguard-Auth
 * go on top, after every field that speaks in our name but came from outside (our X-Deskguard-*
 * namespace, results claiming our authserv-id, an ARC chain carrying one) has been removed; a
 * staff spoof or unverifiable sender is held for review.
 */
export function authenticateStage(authservId: string): Stage {
  return {
    name: 'authenticate',
    run(ctx: MessageContext) {
      const source = ctx.output ?? ctx.raw;
      const cleaned = withoutForeignClaims(source, authservId);
      if (cleaned.raw !== source) ctx.output = cleaned.raw;
      if (cleaned.arcChainRemoved) ctx.arcChainRemoved = true;
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
