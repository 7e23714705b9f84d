import type { AuthVerdict } from './auth/verdict.js';
import { isCleanMailbox } from './mailbox-syntax.js';

/**
 * Whether the sender of a message gets a notice. RFC 3834 (automatic responses) and loop safety:
 * a notice goes only to a plausible human who sent us findings, never to robots, lists, bounces,
 * forged senders or ourselves, and at most once per sender per window.
 */

/** The header we put on every notice, to recognise our own mail coming back. */
export const NOTICE_HEADER = 'X-Deskguard-Notice';

export type NoticeSkipReason =
  | 'no_findings'
  | 'staff_spoof'
  | 'unverified_sender'
  | 'null_sender'
  | 'invalid_sender'
  | 'unreachable_sender'
  | 'own_notice'
  | 'own_address'
  | 'auto_submitted'
  | 'precedence'
  | 'mailing_list'
  | 'auto_response_suppressed'
  | 'role_address'
  | 'rate_limited';

export type NoticeDecision = { send: true } | { send: false; reason: NoticeSkipReason };

/** The header fields that matter, as decoded values; absent when the message had none. */
export interface NoticeHeaders {
  autoSubmitted?: string | undefined;
  precedence?: string | undefined;
  listId?: string | undefined;
  listUnsubscribe?: string | undefined;
  /** Our own X-Deskguard-Notice. */
  deskguardNotice?: string | undefined;
  /** Microsoft's X-Auto-Response-Suppress (values such as All, AutoReply, OOF). */
  autoResponseSuppress?: string | undefined;
  /** Addresses of the From header. */
  from?: readonly string[] | undefined;
}

export interface NoticeInput {
  /** The envelope sender (MAIL FROM): '' for the null sender. The notice would go here. */
  envelopeSender: string;
  headers: NoticeHeaders;
  /** How many findings were removed; notices are only about findings. */
  findingCount: number;
  /** The authentication verdict's kind (`staff_spoof` never gets a notice); absent when not run. */
  verdict: AuthVerdict['kind'] | undefined;
  /**
   * False when authentication showed the envelope sender is forged (SPF fail and no aligned DKIM):
   * a notice would be backscatter to an innocent address. Absent or true: not a reason to skip.
   */
  senderVerified?: boolean | undefined;
  /**
   * False when DNS showed the sender's domain takes no mail (no such domain, null MX, neither MX
   * nor address). Absent or true: not a reason to skip (a DNS failure is ours, not the sender's).
   */
  senderReachable?: boolean | undefined;
  /** Our notice From address(es), plain or `Name <addr>` as configured: never answered. */
  ownAddresses: readonly string[];
  /** When this sender was last sent a notice (ms), if ever; the lead keeps these times. */
  lastNoticeAt: number | undefined;
  now: number;
  /** At most one notice per sender per this many ms. */
  windowMs: number;
}

// Precedence values of mass mail (RFC 3834 2: do not answer bulk, list or junk).
const MASS_PRECEDENCE = /^\s*(?:bulk|list|junk)\b/i;
// Microsoft's suppression values that cover an auto-reply like ours.
const SUPPRESS = /(?:^|[\s,])(?:all|autoreply)(?:$|[\s,])/i;

const lower = (s: string) => s.trim().toLowerCase();
// The address inside the last `<…>` of `Name <addr>` or `<addr>`; a plain address as it is.
const ANGLE_ADDR = /<([^<>]{0,320})>\s*$/;
const bare = (a: string) => lower(ANGLE_ADDR.exec(a)?.[1] ?? a);

/**
 * A robot's local part: mailer-daemon, postmaster, bounce addresses (also VERP `bounces+…`) and
 * every spelling of no-reply / do-not-reply. Separators (`-`, `_`, `.`) are ignored and a
 * subaddress (`+…`, `=…`) is cut first, so `No_Reply+x`, `do.not.reply` and `MAILER-DAEMON` all match.
 */
export function isRoleAddress(address: string): boolean {
  const a = bare(address);
  const at = a.lastIndexOf('@');
  // The subaddress (`+tag`) or VERP part (`=domain`) after the mailbox name is not its role.
  const local = (at < 0 ? a : a.slice(0, at)).split(/[+=]/)[0] ?? '';
  // Separators people put inside the same word: no-reply, no_reply, no.reply.
  const word = local.replace(/[-_.]/g, '');
  return (
    word === 'postmaster' ||
    word.startsWith('mailerdaemon') ||
    word.startsWith('bounce') ||
    word.includes('noreply') ||
    word.includes('donotreply')
  );
}

/** The rules in order: most common first, so metrics count the reason that matters most. */
export function shouldNotify(input: NoticeInput): NoticeDecision {
  const skip = (reason: NoticeSkipReason): NoticeDecision => ({ send: false, reason });
  const h = input.headers;
  if (input.findingCount <= 0) return skip('no_findings');
  if (input.verdict === 'staff_spoof') return skip('staff_spoof');
  if (input.senderVerified === false) return skip('unverified_sender');
  const to = bare(input.envelopeSender);
  if (to === '') return skip('null_sender');
  // Only a clean mailbox (no quotes, routes, control or bidi characters: mailbox-syntax.ts), and
  // judged as the very string the notice is addressed to: the composer checks that one, and a
  // sender this let through but the composer refused would crash every message from them.
  if (!isCleanMailbox(input.envelopeSender)) return skip('invalid_sender');
  if (input.senderReachable === false) return skip('unreachable_sender');
  if (h.deskguardNotice !== undefined) return skip('own_notice');
  const own = new Set(input.ownAddresses.map(bare));
  if (own.has(to) || (h.from ?? []).some((f) => own.has(bare(f)))) return skip('own_address');
  if (h.autoSubmitted !== undefined && lower(h.autoSubmitted).split(';')[0]?.trim() !== 'no')
    return skip('auto_submitted');
  if (h.precedence !== undefined && MASS_PRECEDENCE.test(h.precedence)) return skip('precedence');
  if (h.listId !== undefined || h.listUnsubscribe !== undefined) return skip('mailing_list');
  if (h.autoResponseSuppress !== undefined && SUPPRESS.test(h.autoResponseSuppress))
    return skip('auto_response_suppressed');
  if (isRoleAddress(to)) return skip('role_address');
  if (input.lastNoticeAt !== undefined && input.now - input.lastNoticeAt < input.windowMs)
    return skip('rate_limited');
  return { send: true };
}
