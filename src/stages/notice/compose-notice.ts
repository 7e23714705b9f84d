import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { isCleanMailbox } from '../../domain/mailbox-syntax.js';
import { NOTICE_HEADER } from '../../domain/notice-policy.js';
import type { SenderFile, SenderPlace } from '../../domain/sender-view.js';
import { isTicketId, normalizeMessageId, oneLine, replySubject } from '../../domain/ticket-threading.js';
import {
  type Blocks,
  fill,
  loadNoticeTemplates,
  type NoticeTemplates,
  type Rendered,
  type Value,
} from './notice-template.js';

/**
 * What a notice may say about a finding: its kind and where it was, in the sender's terms (their
 * file names only where the detector found nothing in them). Deliberately no preview, value or
 * offsets: a notice never carries any part of a secret, not even masked.
 */
export interface NoticeFinding {
  type: string;
  where: SenderPlace;
}

export interface ComposeNoticeInput {
  /** The envelope sender the notice goes to (already judged by shouldNotify). */
  to: string;
  /** Our notice From, e.g. `Support <support@example.com>` (configuration, not customer text). */
  from: string;
  ticketId: string;
  /** The original's Message-ID and References, as received. */
  originalMessageId: string | undefined;
  originalReferences: readonly string[];
  /** The redacted subject: never the subject as received. */
  subject: string;
  findings: ReadonlyArray<NoticeFinding>;
  /** Files removed whole (an archive or document with a secret, a file that could not be checked). */
  removed?: readonly SenderPlace[] | undefined;
  secureChannelUrl: string;
  pgpKey?: { fingerprint: string; url?: string | undefined } | undefined;
  /** The language to write in (notice-language.ts chooses it). */
  language: string;
  /**
   * `notify.language`: used when templateDir has no templates for `language` (a folder of the
   * installation's own, translated into fewer languages); English when it has none for this either.
   */
  fallbackLanguage?: string | undefined;
  templateDir: string;
  /** Fixed for tests and for rebuilding the same notice; fresh otherwise. */
  messageId?: string | undefined;
  date?: Date | undefined;
}

/** At most this many lines in the list of findings; the rest is counted in one `more` line. */
const MAX_LINES = 20;
/** Customer text (subject, file names) is cut to this many characters in the notice. */
const MAX_TEXT = 120;
/** References kept in the notice: the newest, as RFC 5322 suggests when trimming. */
const MAX_REFERENCES = 20;

// Controls (C0, DEL, C1) and the bidirectional overrides and isolates that can make a file name
// read backwards (`gpj.exe`): dropped from customer text before it reaches the notice.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
// A web address we are willing to put in a link: http or https, no blanks or quotes.
const WEB_URL = /^https?:\/\/[^\s"'<>]{1,2000}$/i;

/** Customer text made safe to show: no controls or direction tricks, one line, bounded length. */
export function cleanText(s: string): string {
  const t = oneLine(s.replace(UNSAFE_CHARS, ' '));
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

type Fill = (name: string, values?: Record<string, Value>) => string;

/** A file by its name (quoted by the template) or, when the name may not be shown, by its position. */
function filePhrase(block: Fill, f: SenderFile | undefined): Rendered {
  if (f?.name !== undefined) return { rendered: block('file.named', { name: cleanText(f.name) }) };
  return { rendered: block('file.numbered', { position: String(f?.position ?? 0) }) };
}

/**
 * The phrase for a place, from the text template (shared by both formats): `where.*` for where a
 * finding was, `gone.*` for a file that was removed.
 */
function placePhrase(text: Blocks, family: 'where' | 'gone', p: SenderPlace, html: boolean): string {
  const block: Fill = (name, values = {}) => fill(text.get(name)!, values, html);
  if (family === 'where' && p.in === 'subject') return block('where.subject');
  if (family === 'where' && p.in === 'body') return block('where.body');
  if (p.in !== 'attachment') return block(family === 'where' ? 'where.other' : 'gone.message');
  const archive = filePhrase(block, p.attachment);
  if (!p.inner) return block(`${family}.attachment`, { name: archive });
  return block(`${family}.archive`, { archive, path: filePhrase(block, p.inner) });
}

function kindPhrase(text: Blocks, type: string, html: boolean): string {
  const own = text.get(`type.${type}`);
  return own !== undefined
    ? fill(own, {}, html)
    : fill(text.get('type.other')!, { type: cleanText(type) }, html);
}

/** The finding lines of one format: one per distinct kind and place, in order of appearance. */
function findingLines(text: Blocks, blocks: Blocks, findings: ReadonlyArray<NoticeFinding>, html: boolean) {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const kind = kindPhrase(text, f.type, html);
    const where = placePhrase(text, 'where', f.where, html);
    const key = `${kind}\0${where}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(fill(blocks.get('finding')!, { kind: { rendered: kind }, where: { rendered: where } }, html));
  }
  if (lines.length <= MAX_LINES) return lines.join('\n');
  const more = fill(blocks.get('more')!, { count: String(lines.length - MAX_LINES) }, html);
  return [...lines.slice(0, MAX_LINES), more].join('\n');
}

/** The paragraph about removed files, or nothing when every file reached support. */
function removedPart(text: Blocks, blocks: Blocks, input: ComposeNoticeInput, html: boolean): string {
  const lines = [...new Set((input.removed ?? []).map((p) => placePhrase(text, 'gone', p, html)))].map(
    (file) => fill(blocks.get('removed.file')!, { file: { rendered: file } }, html),
  );
  if (!lines.length) return '';
  const shown =
    lines.length <= MAX_LINES
      ? lines
      : [
          ...lines.slice(0, MAX_LINES),
          fill(blocks.get('more')!, { count: String(lines.length - MAX_LINES) }, html),
        ];
  return fill(
    blocks.get('removed')!,
    { files: { rendered: shown.join('\n') }, secureChannelUrl: input.secureChannelUrl },
    html,
  );
}

function renderPart(text: Blocks, blocks: Blocks, input: ComposeNoticeInput, html: boolean): string {
  const pgp = input.pgpKey
    ? fill(
        blocks.get(input.pgpKey.url ? 'pgp.url' : 'pgp')!,
        { pgpFingerprint: input.pgpKey.fingerprint, pgpUrl: input.pgpKey.url ?? '' },
        html,
      )
    : '';
  const body = fill(
    blocks.get('body')!,
    {
      ticketId: input.ticketId,
      subject: cleanText(input.subject),
      secureChannelUrl: input.secureChannelUrl,
      findings: { rendered: findingLines(text, blocks, input.findings, html) },
      removed: { rendered: removedPart(text, blocks, input, html) },
      pgp: { rendered: pgp },
    },
    html,
  );
  // An empty optional block leaves a run of blank lines in the text part: keep at most one.
  return html ? `${body}\n` : `${body.replace(/\n{3,}/g, '\n\n')}\n`;
}

function checkInput(input: ComposeNoticeInput): void {
  // The same rule shouldNotify applies: were they to disagree, a sender the policy lets through
  // would crash the processing of every message from them (it did, for o'brien@…).
  if (!isCleanMailbox(input.to)) throw new Error('notice: the recipient is not a plain address');
  if (!isTicketId(input.ticketId)) throw new Error(`notice: not a ticket id: ${input.ticketId}`);
  if (!WEB_URL.test(input.secureChannelUrl))
    throw new Error('notice: secureChannelUrl must be an http(s) URL');
  if (input.pgpKey?.url && !WEB_URL.test(input.pgpKey.url))
    throw new Error('notice: pgpKey.url must be an http(s) URL');
  if (input.findings.length === 0) throw new Error('notice: a notice is only about findings');
}

/** The templates of the language chosen, else of the installation's language, else English. */
async function templatesFor(input: ComposeNoticeInput): Promise<NoticeTemplates> {
  const t = await loadNoticeTemplates(input.templateDir, input.language);
  const fallback = input.fallbackLanguage?.toLowerCase();
  if (t.language === input.language.toLowerCase() || !fallback || fallback === t.language) return t;
  return loadNoticeTemplates(input.templateDir, fallback);
}

/** The domain of our From address, for our own Message-IDs. */
// The host name after the last @ of `Name <user@host>` or `user@host`, letters, digits, dots, dashes.
const domainOf = (from: string): string =>
  /@([A-Za-z0-9.-]{1,253})>?\s*$/.exec(from)?.[1] ?? 'deskguard.invalid';

/**
 * The notice as RFC 5322 bytes, text and HTML alternatives. RFC 3834: `Auto-Submitted:
 * auto-replied`, In-Reply-To the original and References its references plus it. No
 * `Precedence`: RFC 3834 names Auto-Submitted as the signal, Precedence is non-standard, and
 * `bulk` would make mailbox providers file a personal security notice as mass mail.
 */
export async function composeNotice(input: ComposeNoticeInput): Promise<Buffer> {
  checkInput(input);
  const t = await templatesFor(input);
  const original = normalizeMessageId(input.originalMessageId);
  const refs = input.originalReferences
    .map((r) => normalizeMessageId(r))
    .filter((r): r is string => r !== undefined && r !== original);
  const references = [...refs, ...(original ? [original] : [])].slice(-MAX_REFERENCES);
  const composer = new MailComposer({
    from: oneLine(input.from),
    to: input.to,
    subject: replySubject(cleanText(input.subject), input.ticketId),
    messageId: input.messageId ?? `<notice.${randomUUID()}@${domainOf(input.from)}>`,
    date: input.date ?? new Date(),
    ...(original ? { inReplyTo: original } : {}),
    ...(references.length ? { references } : {}),
    headers: {
      'Auto-Submitted': 'auto-replied',
      [NOTICE_HEADER]: '1',
      'X-Deskguard-Ticket': input.ticketId,
      // Exchange and Outlook: no out-of-office or other automatic answer to this one.
      'X-Auto-Response-Suppress': 'All',
      'Content-Language': t.language,
    },
    text: renderPart(t.text, t.text, input, false),
    html: renderPart(t.text, t.html, input, true),
  });
  return composer.compile().build();
}
