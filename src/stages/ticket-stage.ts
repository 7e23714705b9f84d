import type { FileInput } from '../adapters/sqlite/ticket-schema.js';
import type { MessageContext, PendingWrite } from '../domain/message.js';
import { decodedHeader, withSubjectSuffix } from '../domain/mime-edit.js';
import {
  decideThread,
  subjectTicketIds,
  type ThreadingDecision,
  type ThreadingLookups,
  ticketTag,
} from '../domain/ticket-threading.js';
import type { Stage } from '../pipeline/stage.js';

export interface TicketPort {
  lookups(): ThreadingLookups;
  file(d: ThreadingDecision, m: FileInput): PendingWrite[];
  /** The keyed digest of a message's content (message-digest.ts), to tell copies from reused ids. */
  digest(raw: Buffer): string;
}

/**
 * Files the message in its conversation's ticket (References, In-Reply-To, then the [#id] tag) and
 * marks what is delivered with the tag and X-Deskguard-Ticket. The subject stored and shown is
 * the one detection checked and redacted, also for a held message (whose delivered copy is the
 * original): the subject as received may hold a secret. A message that could not be parsed was
 * not checked at all: no subject of it is stored.
 */
export function ticketStage(tickets: TicketPort): Stage {
  return {
    name: 'ticket',
    run(ctx: MessageContext) {
      const h = ctx.parsed?.headers;
      const delivered = ctx.output ?? ctx.raw;
      const subject = ctx.parsed?.unparseable ? '' : decodedHeader(delivered, 'subject');
      const stored = ctx.checkedSubject ?? subject;
      const digest = tickets.digest(ctx.raw);
      const decision = decideThread(
        {
          messageId: h?.messageId,
          inReplyTo: h?.inReplyTo,
          references: h?.references ?? [],
          subject,
          queueId: ctx.queueId,
          digest,
        },
        tickets.lookups(),
      );
      ctx.ticketId = decision.ticketId;
      ctx.deliveredSubject = stored;
      if (decision.kind === 'duplicate') {
        ctx.duplicate = decision.of;
        return;
      }
      ctx.writes.push(
        ...tickets.file(decision, {
          queueId: ctx.queueId,
          subject: stored,
          requester: ctx.envelope.mailFrom || h?.fromAddresses[0] || '',
          quarantineItem: ctx.quarantineItem,
          receivedAt: ctx.envelope.receivedAt,
          digest,
          findings: (ctx.findings ?? []).map((f) => ({
            type: f.type,
            where: f.where,
            ruleId: f.ruleId,
            fingerprint: f.fingerprint,
            preview: f.preview,
          })),
        }),
      );
      if (ctx.verdict === 'hold') return;
      // The tag is appended to the Subject as it is (its encoded-words, raw UTF-8 and folds kept),
      // so the helpdesk reads the customer's subject plus the tag; one already there stays alone.
      if (!subjectTicketIds(subject).includes(decision.ticketId))
        ctx.output = withSubjectSuffix(delivered, ticketTag(decision.ticketId));
      ctx.addHeaders.push(['X-Deskguard-Ticket', decision.ticketId]);
    },
  };
}
