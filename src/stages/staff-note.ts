import type { MessageContext } from '../domain/message.js';
import { withLeadingNote } from '../domain/mime-edit.js';
import type { Stage } from '../pipeline/stage.js';

/** What staff read first in a redacted message: what was removed, where, and how to see it. */
export function staffNote(ctx: MessageContext, retentionDays: number): string {
  const lines = [
    ...new Set((ctx.findings ?? []).map((f) => `  - ${f.type.replace(/_/g, ' ')} in ${f.where}`)),
  ];
  return [
    'Deskguard removed confidential data from this message before it reached the helpdesk:',
    ...lines,
    '',
    `The original is kept encrypted in quarantine item ${ctx.quarantineItem} for ${retentionDays} days, or until`,
    `the ticket is solved. Authorised staff can reveal it (audited): deskguard quarantine reveal ${ctx.quarantineItem} --reason "..."`,
    'The sender has been asked to change the credentials and to use the secure channel instead.',
    '',
  ].join('\r\n');
}

/** Adds the staff note on top of a redacted message's content, and its quarantine item header. */
export function staffNoteStage(retentionDays: number): Stage {
  return {
    name: 'staff-note',
    run(ctx: MessageContext) {
      if (ctx.verdict !== 'redact' || !ctx.quarantineItem || ctx.duplicate) return;
      ctx.output = withLeadingNote(
        ctx.output ?? ctx.raw,
        staffNote(ctx, retentionDays),
        `deskguard-note-${ctx.queueId}`,
      );
      ctx.addHeaders.push(['X-Deskguard-Quarantine', ctx.quarantineItem]);
    },
  };
}
