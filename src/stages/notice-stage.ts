import { SECRET_TYPES } from '../domain/finding.js';
import type { MessageContext, PendingWrite } from '../domain/message.js';
import { shouldNotify } from '../domain/notice-policy.js';
import type { SenderPlace } from '../domain/sender-view.js';
import type { Stage } from '../pipeline/stage.js';
import type { Clock } from '../ports.js';
import { noticeLanguageOf } from './notice/message-text.js';

export interface NoticePort {
  lastNoticeAt(sender: string): number | undefined;
  recordNotice(sender: string, at: number): PendingWrite;
  compose(input: {
    to: string;
    ticketId: string;
    originalMessageId: string | undefined;
    originalReferences: readonly string[];
    subject: string;
    findings: ReadonlyArray<{ type: string; where: SenderPlace }>;
    /** Files removed whole: the notice says they did not reach support. */
    removed: readonly SenderPlace[];
    /** The language to write it in (its templates fall back when the folder has none for it). */
    language: string;
    /** This ticket's own upload page, when the secure channel is on (else the configured one). */
    secureChannelUrl?: string | undefined;
    date: Date;
  }): Promise<Buffer>;
  /**
   * A new upload link for the ticket, in the notice's language: its address for the notice and its
   * row, committed with the notice (a notice never points to a link that was not stored).
   */
  uploadLink?(ticketId: string, language: string, now: number): { url: string; write: PendingWrite };
}

export interface NoticeSettings {
  enabled: boolean;
  ownAddresses: readonly string[];
  windowMs: number;
  /** `notify.language`: the notice's language when the message does not tell us another. */
  language: string;
  /** Answer in the language the sender wrote in (Content-Language, else their own words). */
  detectLanguage: boolean;
}

const SECRET = new Set<string>(SECRET_TYPES);

/** Why no notice went out when notices are turned off (the other reasons are shouldNotify's). */
export const NOTICES_DISABLED = 'disabled';

/**
 * The auto-reply to the sender of a redacted message: what kinds of data were removed and where,
 * never the data, and which of their files did not reach support. The RFC 3834 and loop rules
 * live in shouldNotify; a notice is queued with the delivery, in the same commit, so it goes out
 * once even across a crash. Runs before the staff note, which says what happened here.
 */
export function noticeStage(port: NoticePort, settings: NoticeSettings, clock: Clock): Stage {
  return {
    name: 'notice',
    async run(ctx: MessageContext) {
      if (ctx.verdict !== 'redact' || ctx.duplicate || !ctx.ticketId) return;
      if (!settings.enabled) {
        ctx.noticeSkipped = NOTICES_DISABLED;
        return;
      }
      // Each finding with its place in the sender's terms (the view lists them in the same order).
      const places = ctx.senderView?.places ?? [];
      const findings = (ctx.findings ?? [])
        .map((f, i) => ({ type: f.type, where: places[i] ?? { in: 'message' as const } }))
        .filter((f) => SECRET.has(f.type));
      const h = ctx.parsed?.headers;
      const sender = ctx.envelope.mailFrom;
      const now = clock.now();
      const decision = shouldNotify({
        envelopeSender: sender,
        headers: {
          autoSubmitted: h?.autoSubmitted,
          precedence: h?.precedence,
          listId: h?.listId,
          listUnsubscribe: h?.listUnsubscribe,
          deskguardNotice: h?.deskguardNotice,
          autoResponseSuppress: h?.autoResponseSuppress,
          from: h?.fromAddresses,
        },
        findingCount: findings.length,
        verdict: ctx.auth?.verdict.kind,
        senderVerified: ctx.auth?.senderVerified,
        senderReachable: ctx.auth?.senderReachable,
        ownAddresses: settings.ownAddresses,
        lastNoticeAt: sender ? port.lastNoticeAt(sender.toLowerCase()) : undefined,
        now,
        windowMs: settings.windowMs,
      });
      if (!decision.send) {
        ctx.noticeSkipped = decision.reason;
        return;
      }
      // Judged on the redacted message: the guess never reads a secret the detector found.
      const language =
        settings.detectLanguage && ctx.redacted
          ? await noticeLanguageOf(ctx.redacted, settings.language)
          : settings.language;
      const link = port.uploadLink?.(ctx.ticketId, language, now);
      const raw = await port.compose({
        to: sender,
        ticketId: ctx.ticketId,
        originalMessageId: h?.messageId,
        originalReferences: h?.references ?? [],
        subject: ctx.deliveredSubject ?? '',
        findings,
        removed: ctx.senderView?.removed ?? [],
        language,
        secureChannelUrl: link?.url,
        date: new Date(now),
      });
      ctx.notice = { raw, to: sender };
      ctx.writes.push(port.recordNotice(sender.toLowerCase(), now));
      if (link) ctx.writes.push(link.write);
    },
  };
}
