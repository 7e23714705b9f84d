import { Readable } from 'node:stream';
import { sealMessage } from 'mailauth/lib/arc/index.js';
import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';
import { composeOutput } from './trace-headers.js';

export interface ArcSealKey {
  domain: string;
  selector: string;
  privateKey: Buffer;
}

/**
 * The last stage: our headers go on top of the (possibly redacted) message, and, when configured,
 * an ARC seal over exactly those bytes. The seal carries our Authentication-Results, so the
 * helpdesk can still trust the upstream verdicts although redaction changed the body.
 */
export function finalizeStage(seal?: ArcSealKey): Stage {
  return {
    name: 'finalize',
    async run(ctx: MessageContext) {
      if (ctx.verdict === 'hold' || ctx.duplicate) return;
      const [head, body] = composeOutput(ctx);
      ctx.addHeaders = [];
      ctx.head = head;
      if (seal && ctx.auth) {
        const arc = ctx.auth.arc;
        const headers = await sealMessage(Readable.from([head, body]), {
          signingDomain: seal.domain,
          selector: seal.selector,
          privateKey: seal.privateKey,
          authResults: ctx.auth.authResults.replace(/\r\n\t/g, ' '),
          // cv: the chain we received, judged at SMTP time (none when there was no chain, or
          // when it carried a result in our name and was removed)
          cv: !ctx.arcChainRemoved && (arc === 'pass' || arc === 'fail') ? arc : 'none',
        } as Parameters<typeof sealMessage>[1]);
        ctx.head = Buffer.concat([headers, head]);
      }
      ctx.output = body;
    },
  };
}
