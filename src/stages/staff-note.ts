import type { MessageContext } from '../domain/message.js';
import { withLeadingNote } from '../domain/mime-edit.js';
import type { NoticeSkipReason } from '../domain/notice-policy.js';
import type { Stage } from '../pipeline/stage.js';
import type { NOTICES_DISABLED } from './notice-stage.js';

/**
 * Why the sender got no notice, in staff's words (keys: shouldNotify's reasons and the notice
 * stage's own). Staff must not believe the customer was told to change a credential when nobody was.
 */
const NOT_NOTIFIED: Readonly<Record<NoticeSkipReason | typeof NOTICES_DISABLED, string>> = {
  disabled: 'sender notices are turned off (notify.enabled)',
  rate_limited: 'the sender was sent a notice a short while ago (notify.windowMinutes)',
  staff_spoof: 'the message claims to come from staff but is not authenticated',
  unverified_sender: 'the sender address failed authentication and may be forged',
  null_sender: 'the message has no return address',
  invalid_sender: 'the return address is not a usable address',
  unreachable_sender: 'the return address cannot receive mail (its domain has no mail server)',
  own_notice: 'the message is a Deskguard notice',
  own_address: 'the message comes from our own notice address',
  auto_submitted: 'the message was sent automatically (Auto-Submitted)',
  precedence: 'the message is bulk or list mail (Precedence)',
  mailing_list: 'the message came through a mailing list',
  auto_response_suppressed: 'the sender asked for no automatic replies (X-Auto-Response-Suppress)',
  role_address: 'the return address is a robot address (no-reply, mailer-daemon, bounces)',
  no_findings: 'nothing that was removed is a credential the sender must change',
};

/** What happened with the sender's notice, as the notice stage (which runs first) left it. */
export function noticeOutcome(ctx: MessageContext): string[] {
  if (ctx.notice)
    return [
      'An automatic notice to the sender is queued with this message: it asks them to change the',
      'credentials and to use the secure channel instead.',
    ];
  const why =
    ctx.noticeSkipped !== undefined && Object.hasOwn(NOT_NOTIFIED, ctx.noticeSkipped)
      ? NOT_NOTIFIED[ctx.noticeSkipped as keyof typeof NOT_NOTIFIED]
      : undefined;
  return [
    `The sender has NOT been notified${why ? `: ${why}` : ''}.`,
    'If the credentials must be changed, tell the sender yourself and point them to the secure channel.',
  ];
}

/** What staff read first in a redacted message: what was removed, where, and how to see it. */
export function staffNote(ctx: MessageContext, retentionDays: number, itemUrlBase?: string): string {
  // `where` is the name-free label of a place: file names are customer content.
  const lines = [
    ...new Set((ctx.findings ?? []).map((f) => `  - ${f.type.replace(/_/g, ' ')} in ${f.where}`)),
  ];
  return [
    'Deskguard removed confidential data from this message before it reached the helpdesk:',
    ...lines,
    '',
    `The original is kept encrypted in quarantine item ${ctx.quarantineItem} for ${retentionDays} days, or until`,
    `the ticket is solved. Authorised staff can reveal it (audited)${itemUrlBase ? ':' : `: deskguard quarantine reveal ${ctx.quarantineItem} --reason "..."`}`,
    // On a line of its own, so that helpdesks turn it into a link.
    ...(itemUrlBase ? [`  ${itemUrlBase}/quarantine/${ctx.quarantineItem}`] : []),
    ...noticeOutcome(ctx),
    '',
  ].join('\r\n');
}

/** Adds the staff note on top of a redacted message's content, and its quarantine item header. */
export function staffNoteStage(retentionDays: number, itemUrlBase?: string): Stage {
  return {
    name: 'staff-note',
    run(ctx: MessageContext) {
      if (ctx.verdict !== 'redact' || !ctx.quarantineItem || ctx.duplicate) return;
      ctx.output = withLeadingNote(
        ctx.output ?? ctx.raw,
        staffNote(ctx, retentionDays, itemUrlBase),
        `deskguard-note-${ctx.queueId}`,
      );
      ctx.addHeaders.push(['X-Deskguard-Quarantine', ctx.quarantineItem]);
    },
  };
}
