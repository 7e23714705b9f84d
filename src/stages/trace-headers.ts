import { foldHeaderField } from '../domain/header-encode.js';
import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

// Header values we write must never carry a line break from client-controlled input (HELO, envelope
// addresses): that would let a client inject headers into what the helpdesk receives.
const clean = (s: string): string => s.replace(/[\r\n\0]+/g, ' ').slice(0, 200);

/** RFC 5321 4.4: a relay adds a Received header naming the client, itself and the queue id. */
export function receivedHeader(ctx: MessageContext, byName: string, date: Date): string {
  const e = ctx.envelope;
  const proto = e.tls ? 'ESMTPS' : 'ESMTP';
  // Without a verified reverse lookup smtp-server reports "[ip]"; Postfix's word for that is "unknown".
  const host = !e.clientHostname || e.clientHostname.startsWith('[') ? 'unknown' : e.clientHostname;
  const rcpt = e.rcptTo.length === 1 ? `\r\n\tfor <${clean(e.rcptTo[0]!)}>` : '';
  return (
    `from ${clean(e.helo || 'unknown')} (${clean(host)} [${clean(e.remoteAddress)}])` +
    `\r\n\tby ${clean(byName)} (Deskguard) with ${proto} id ${ctx.queueId}${rcpt};\r\n\t${date.toUTCString().replace('GMT', '+0000')}`
  );
}

export function traceStage(byName: string, now: () => Date = () => new Date()): Stage {
  return {
    name: 'trace',
    run(ctx) {
      if (ctx.verdict === 'hold' || ctx.duplicate) return;
      ctx.addHeaders.unshift(['Received', receivedHeader(ctx, byName, now())]);
    },
  };
}

/**
 * The bytes to deliver, in two pieces: our headers (each folded so that no line passes the limits
 * and every continuation line starts with a blank, with whatever finalize already put on top),
 * then the (possibly rewritten) message. They are written one after the other and never joined,
 * so a big message is not copied again just to gain a few header lines.
 */
export function composeOutput(ctx: MessageContext): [head: Buffer, body: Buffer] {
  const added = Buffer.from(ctx.addHeaders.map(([k, v]) => foldHeaderField(k, v)).join(''), 'utf8');
  return [ctx.head ? Buffer.concat([ctx.head, added]) : added, ctx.output ?? ctx.raw];
}
