import { createHash } from 'node:crypto';

/**
 * Which ticket a message belongs to. Ticket ids look like `DG-7K3QF9`: the prefix `DG-` and six
 * characters of Crockford base 32 (digits and upper-case letters without I, L, O, U), 30 bits.
 * Subjects carry them as `[#DG-7K3QF9]`; the tag is found anywhere in the subject, so reply and
 * forward prefixes in any language leave it intact, and it is read case-insensitively.
 *
 * A new ticket's id is derived from its thread's root Message-ID rather than drawn at random, so
 * two messages of one new thread processed at the same time (a message and its reply, or the same
 * message received twice) arrive at the same id and the store's idempotent writes merge them.
 */
export const TICKET_PREFIX = 'DG-';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// The whole id: prefix and six Crockford characters, nothing else.
const TICKET_ID = /^DG-[0-9A-HJKMNP-TV-Z]{6}$/;
// A tag in a subject: `[#` then the id (any case, and the look-alikes O, I, L that people type for
// 0 and 1), optional blanks inside the brackets. Bounded quantifiers only, so matching stays linear.
const SUBJECT_TAG = /\[#[ \t]{0,3}(dg-[0-9a-z]{6})[ \t]{0,3}\]/gi;
// A Message-ID in angle brackets; anything without brackets is taken as a bare id (no blanks).
const BRACKETED_ID = /<([^<>\s]{1,900})>/;

/** At most this many references are looked up: hostile mail may carry thousands. */
const MAX_REFERENCES = 32;
/** At most this many subject tags are considered. */
const MAX_TAGS = 4;
/** Salted attempts to find a free id when a derived one belongs to another thread. */
const MAX_SALTS = 16;

export const isTicketId = (s: string): boolean => TICKET_ID.test(s);
export const ticketTag = (id: string): string => `[#${id}]`;

/** Upper-cases a tag's id and maps the letters Crockford reads as digits (O → 0, I/L → 1). */
function canonicalId(raw: string): string | undefined {
  const upper = raw.slice(3).toUpperCase();
  // Single characters people type for 0 and 1; Crockford base 32 never uses them.
  const id = TICKET_PREFIX + upper.replace(/O/g, '0').replace(/[IL]/g, '1');
  return isTicketId(id) ? id : undefined;
}

/** Ticket ids in tags of a subject, in order of appearance, without repeats. */
export function subjectTicketIds(subject: string): string[] {
  const ids: string[] = [];
  for (const m of subject.matchAll(SUBJECT_TAG)) {
    const id = canonicalId(m[1]!);
    if (id && !ids.includes(id)) ids.push(id);
    if (ids.length >= MAX_TAGS) break;
  }
  return ids;
}

/**
 * A Message-ID in one canonical form, `<local@domain>`, so header spellings with or without
 * brackets and surrounding blanks compare equal; undefined for an empty or unusable value.
 */
export function normalizeMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = BRACKETED_ID.exec(value);
  if (m) return `<${m[1]}>`;
  const bare = value.trim();
  // A bare id is accepted only as one token (no blanks or brackets): free text is not a Message-ID.
  return bare && bare.length <= 900 && !/[\s<>]/.test(bare) ? `<${bare}>` : undefined;
}

/** The id a new thread rooted at `root` gets on attempt `salt` (0 first). */
export function deriveTicketId(root: string, salt = 0): string {
  const digest = createHash('sha256').update(`${root}\n${salt}`).digest();
  let bits = digest.readUInt32BE(0) >>> 2; // 30 bits: six base-32 characters
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = CROCKFORD[bits & 31] + out;
    bits >>>= 5;
  }
  return TICKET_PREFIX + out;
}

export interface ThreadingInput {
  /** The message's own Message-ID header; absent on some mail. */
  messageId: string | undefined;
  inReplyTo: string | undefined;
  /** The References header split into ids, oldest first, as in the header. */
  references: readonly string[];
  /** The decoded Subject (the redacted one is fine: tags survive redaction). */
  subject: string;
  /** The queue id: the thread key for mail without a Message-ID. */
  queueId: string;
  /** The keyed content digest (see message-digest.ts): equal only for copies of one message. */
  digest: string;
}

/** A message already filed in a ticket. */
export interface FiledMessage {
  ticketId: string;
  queueId: string;
}

export interface ThreadingLookups {
  /** This queue entry, if it was filed before (a run repeated after a crash or an admin's retry). */
  findByQueueId(queueId: string): FiledMessage | undefined;
  /** A filed message with this Message-ID and this content digest: a copy of the same message. */
  findCopy(messageId: string, digest: string): FiledMessage | undefined;
  /** The first filed message with this Message-ID, whatever its content. */
  findByMessageId(messageId: string): FiledMessage | undefined;
  /** Same, or the ticket opened under this Message-ID as its thread root (a reply came first). */
  findThread(messageId: string): string | undefined;
  ticketExists(id: string): boolean;
}

/** `same-message`: this very queue entry was filed before (a run repeated after a crash). */
export type ThreadedBy = 'references' | 'in-reply-to' | 'subject-tag' | 'thread-root' | 'same-message';

export type ThreadingDecision =
  /** The same message (same Message-ID, same content) was filed before as `of`: file nothing new. */
  | { kind: 'duplicate'; ticketId: string; of: string; messageKey: string }
  | { kind: 'existing'; ticketId: string; by: ThreadedBy; messageKey: string }
  /** `root` is the key the id was derived from: store it with the ticket (`findThread`). */
  | { kind: 'new'; ticketId: string; root: string; messageKey: string };

/** The key of a message that has no usable Message-ID of its own, made from its queue id. */
const queueKey = (queueId: string): string => `<${queueId}@queue.deskguard.invalid>`;

/** The key a message is stored under: its Message-ID, or one made from the queue id. */
export const messageKeyOf = (input: Pick<ThreadingInput, 'messageId' | 'queueId'>): string =>
  normalizeMessageId(input.messageId) ?? queueKey(input.queueId);

/**
 * Decides from reads alone; the caller writes the outcome in one group (see TicketStore).
 * Order: a repeated run, a duplicate, References newest first, In-Reply-To, subject tag, then a
 * new ticket. A duplicate is the same Message-ID *and* the same content: Message-IDs are reused by
 * mailers and test tools, and anyone can send one first, so an id alone never makes a message
 * disappear. A message whose Message-ID an earlier, different message holds does not use that id
 * for its own thread either (it would join a stranger's ticket): it threads by what it refers to.
 */
export function decideThread(input: ThreadingInput, lookups: ThreadingLookups): ThreadingDecision {
  const messageKey = messageKeyOf(input);
  const again = lookups.findByQueueId(input.queueId);
  if (again) return { kind: 'existing', ticketId: again.ticketId, by: 'same-message', messageKey };
  const copy = lookups.findCopy(messageKey, input.digest);
  if (copy) return { kind: 'duplicate', ticketId: copy.ticketId, of: copy.queueId, messageKey };
  const reused = lookups.findByMessageId(messageKey) !== undefined;
  const refs = input.references
    .map((r) => normalizeMessageId(r))
    .filter((r): r is string => r !== undefined && r !== messageKey);
  // The newest references, and always the root: a new ticket's id is derived from it below.
  const probe = refs.length > MAX_REFERENCES ? [refs[0]!, ...refs.slice(1 - MAX_REFERENCES)] : refs;
  for (const ref of [...probe].reverse()) {
    const t = lookups.findThread(ref);
    if (t) return { kind: 'existing', ticketId: t, by: 'references', messageKey };
  }
  const parent = normalizeMessageId(input.inReplyTo);
  if (parent && parent !== messageKey) {
    const t = lookups.findThread(parent);
    if (t) return { kind: 'existing', ticketId: t, by: 'in-reply-to', messageKey };
  }
  for (const id of subjectTicketIds(input.subject)) {
    if (lookups.ticketExists(id)) return { kind: 'existing', ticketId: id, by: 'subject-tag', messageKey };
  }
  // The original of a thread whose reply arrived first: the reply opened the ticket under our id.
  const opened = reused ? undefined : lookups.findThread(messageKey);
  if (opened) return { kind: 'existing', ticketId: opened, by: 'thread-root', messageKey };
  const root = refs[0] ?? parent ?? (reused ? queueKey(input.queueId) : messageKey);
  for (let salt = 0; salt < MAX_SALTS; salt++) {
    const id = deriveTicketId(root, salt);
    // Taken by another thread (findThread(root) found nothing, so it is not ours): try the next.
    if (!lookups.ticketExists(id)) return { kind: 'new', ticketId: id, root, messageKey };
  }
  throw new Error(`no free ticket id for thread ${root} after ${MAX_SALTS} attempts`);
}

// Every CR and LF: a line break in a header value would start a new header (injection).
const LINE_BREAKS = /[\r\n]+/g;
// Runs of blanks, left by removed line breaks and folding, become one space.
const BLANKS = /[ \t]{2,}/g;

/** One header line's worth of subject: no line breaks, single spaces, trimmed. */
export const oneLine = (s: string): string => s.replace(LINE_BREAKS, ' ').replace(BLANKS, ' ').trim();

/**
 * The subject with the ticket's tag at the end, once: a subject that already carries this
 * ticket's tag (in any case) is returned unchanged apart from line breaks, prefixes are kept.
 */
export function tagSubject(subject: string, ticketId: string): string {
  const s = oneLine(subject);
  if (subjectTicketIds(s).includes(ticketId)) return s;
  return s ? `${s} ${ticketTag(ticketId)}` : ticketTag(ticketId);
}

// Reply prefixes of common mail clients in several languages (Re, Aw, Sv, Vs, Antw, Odp, Rif, R),
// optionally numbered (`Re[2]:`), at the start only; anchored and bounded, so linear. Forward
// prefixes (Fwd, WG, TR) are not replies: an answer to a forward gets `Re: Fwd: …`.
const REPLY_PREFIX = /^(?:re|aw|sv|vs|antw|odp|rif|r)(?:\[\d{1,3}\])?[ \t]{0,3}:/i;

/** The subject of an answer: `Re: <subject> [#id]`, without stacking a second reply prefix. */
export function replySubject(subject: string, ticketId: string): string {
  const tagged = tagSubject(subject, ticketId);
  return REPLY_PREFIX.test(tagged) ? tagged : `Re: ${tagged}`;
}
