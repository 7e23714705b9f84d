import libmime from 'libmime';
import addressparser, { type AddressOrGroup } from 'nodemailer/lib/addressparser';
import {
  decodeEncodedWords,
  decodeHeaderText,
  headerOctetsToText,
  unfoldHeader,
} from '../../../domain/header-text.js';
import type { MimeNode } from './mime-tree.js';
import type { HeaderRef } from './types.js';

/**
 * The texts of a MIME node's header block that reach the helpdesk and can carry what a customer
 * wrote: every field value, every MIME parameter (file names), every display name. Redaction
 * reads them back through headerValueText, so both sides see the same text at the same offsets.
 */

/**
 * Left unscanned: fields that cannot carry customer prose, only machine-made identifiers, dates,
 * trace and signature data, whose exact bytes other systems check. Rewriting them would break
 * threading (Message-ID, References, In-Reply-To, Content-ID), DKIM/ARC verification downstream
 * (the signatures and seals, whose base64 looks random to a detector), or the MIME structure
 * itself (MIME-Version, Content-Transfer-Encoding). Received and its look-alikes are trace
 * written by relays; Authentication-Results are verdicts of mail servers, not of the sender.
 */
export const UNSCANNED_FIELDS: ReadonlySet<string> = new Set([
  'message-id',
  'references',
  'in-reply-to',
  'content-id',
  'resent-message-id',
  'date',
  'resent-date',
  'received',
  'x-received',
  'received-spf',
  'dkim-signature',
  'x-google-dkim-signature',
  'domainkey-signature',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
  'authentication-results',
  'content-transfer-encoding',
  'mime-version',
]);

/** Parameters left unscanned: `boundary` delimits the parts and `charset` names how to read the body. */
const UNSCANNED_PARAMS: ReadonlySet<string> = new Set(['boundary', 'charset']);

/** Parameters that name a file. */
const FILE_NAME_PARAMS: ReadonlySet<string> = new Set(['filename', 'name']);

/** Fields whose values are MIME parameters (RFC 2045, RFC 2183, RFC 2231). */
export const PARAM_FIELDS: ReadonlySet<string> = new Set(['content-type', 'content-disposition']);

/**
 * Address fields: scanned as a reader sees them (renderAddresses). Redaction rewrites the display
 * names it hits and keeps every other address as it was: they are the routes replies take.
 */
export const ADDRESS_FIELDS: ReadonlySet<string> = new Set([
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'resent-from',
  'resent-sender',
  'resent-to',
  'resent-cc',
  'resent-bcc',
  'return-path',
  'disposition-notification-to',
  'mail-followup-to',
  'mail-reply-to',
  'errors-to',
]);

/** One field of a node's header block as mailsplit holds it. */
export interface HeaderLine {
  /** Lower-case name. */
  key: string;
  /** The name as written. */
  name: string;
  /** The raw value after the colon (latin1 octets, folds kept). */
  value: string;
  /** Which field of that name this is (0 for the first). */
  occurrence: number;
  /** Position in node.headers.getList(). */
  index: number;
}

/** The key of a header line without a field name (it cannot collide: a key has no spaces and no colon). */
export const KEYLESS = ' keyless';

/** The keyless lines from `at` on, up to the next line with a field name. */
export function keylessRun(lines: readonly HeaderLine[], at: number): HeaderLine[] {
  let end = at;
  while (lines[end]?.key === KEYLESS) end++;
  return lines.slice(at, end);
}

/** A keyless line as text: unfolded, 8-bit read as UTF-8 (or Windows-1252), not trimmed of inner space. */
export const keylessText = (h: HeaderLine): string => headerOctetsToText(unfoldHeader(h.value));

export function headerLines(node: MimeNode): HeaderLine[] {
  const seen = new Map<string, number>();
  const out: HeaderLine[] = [];
  for (const [index, { key, line }] of node.headers.getList().entries()) {
    const colon = line.indexOf(':');
    // A line with no field name is text that landed in the header block: a body without the blank
    // line before it, a part whose header block runs into its text. It reaches the helpdesk all
    // the same, so it is a (keyless) field of its own, scanned and rewritten as a whole line.
    // mailsplit's key decides, not the line: a redacted line may hold a colon (in its marker).
    // So does a line whose first colon is a redaction marker's: our own rewrite of a keyless line.
    const keyless = key === '' || colon <= 0 || line.slice(0, colon).endsWith('[REDACTED');
    const k = keyless ? KEYLESS : key;
    const occurrence = seen.get(k) ?? 0;
    seen.set(k, occurrence + 1);
    out.push(
      keyless
        ? { key: k, name: '', value: line, occurrence, index }
        : { key, name: line.slice(0, colon).trim(), value: line.slice(colon + 1), occurrence, index },
    );
  }
  return out;
}

/** A value as text: unfolded, 8-bit read as UTF-8 (RFC 6532); encoded-words not yet decoded. */
const asText = (rawValue: string): string => headerOctetsToText(unfoldHeader(rawValue)).trim();

/** A MIME header value with its parameters decoded (RFC 2231 sections joined, encoded-words decoded). */
export function parseParams(rawValue: string): { value: string; params: Record<string, string> } {
  const parsed = libmime.parseHeaderValue(asText(rawValue), { stripComments: true });
  const done = new Set(parsed.decodedParams ?? []);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.params))
    params[k] = done.has(k) ? v : decodeEncodedWords(String(v));
  return { value: parsed.value, params };
}

/** The mailboxes and groups of an address field (display names still encoded). */
export const parseAddresses = (rawValue: string): AddressOrGroup[] => addressparser(asText(rawValue));

/** A display name or an address inside the text renderAddresses makes, by offsets. */
export interface AddressSegment {
  start: number;
  end: number;
  kind: 'name' | 'address';
  /** The mailbox or group, counted in order, members after their group. */
  entry: number;
}

/** One mailbox or group of an address list, in the order renderAddresses counts them. */
export interface FlatAddress {
  name: string;
  address: string | undefined;
  /** Members, for a group (their own entries follow it). */
  members: number;
}

/** The mailboxes and groups of a parsed list in order, display names decoded. */
export function flattenAddresses(list: AddressOrGroup[]): FlatAddress[] {
  const out: FlatAddress[] = [];
  const add = (a: AddressOrGroup) => {
    const name = decodeEncodedWords(a.name ?? '').trim();
    if (a.group) {
      out.push({ name, address: undefined, members: a.group.length });
      for (const m of a.group) add(m);
    } else out.push({ name, address: a.address ?? '', members: 0 });
  };
  for (const a of list) add(a);
  return out;
}

/**
 * An address list as one text, `Name <address>, Group: Member <m@x>;`, and where each display
 * name and address is in it: what a reader sees, so a secret split across a name and a group
 * label (an unquoted `password: x` reads as a group) is still found as a whole.
 */
export function renderAddresses(flat: FlatAddress[]): { text: string; segments: AddressSegment[] } {
  let text = '';
  const segments: AddressSegment[] = [];
  const put = (s: string, kind: AddressSegment['kind'], entry: number) => {
    segments.push({ start: text.length, end: text.length + s.length, kind, entry });
    text += s;
  };
  let i = 0;
  const entry = (): void => {
    const at = i++;
    const a = flat[at]!;
    if (a.address === undefined) {
      put(a.name, 'name', at);
      text += ': ';
      for (let m = 0; m < a.members; m++) {
        if (m) text += ', ';
        entry();
      }
      text += ';';
      return;
    }
    if (a.name) put(a.name, 'name', at);
    if (a.name && a.address) text += ' <';
    if (a.address) put(a.address, 'address', at);
    if (a.name && a.address) text += '>';
  };
  while (i < flat.length) {
    if (i) text += ', ';
    entry();
  }
  return { text, segments };
}

export interface HeaderText {
  ref: HeaderRef;
  text: string;
}

/** Subject is scanned on its own; other fields get their name in front, as context ("X-Api-Key: …"). */
const contextOf = (h: HeaderLine): string => (h.key === 'subject' ? '' : `${h.name}: `);

/** Every scannable text of the node's header block, in field order. */
export function headerTexts(node: MimeNode): HeaderText[] {
  const out: HeaderText[] = [];
  const lines = headerLines(node);
  for (const [i, h] of lines.entries()) {
    if (UNSCANNED_FIELDS.has(h.key)) continue;
    const base = { field: h.key, occurrence: h.occurrence };
    if (h.key === KEYLESS) {
      // A run of such lines is read as the text it was (a key block spans lines); its first line names it.
      if (lines[i - 1]?.key === KEYLESS) continue;
      const text = keylessRun(lines, i).map(keylessText).join('\n');
      if (text.trim()) out.push({ ref: { ...base, textStart: 0 }, text });
    } else if (PARAM_FIELDS.has(h.key)) {
      for (const [param, text] of Object.entries(parseParams(h.value).params)) {
        if (UNSCANNED_PARAMS.has(param)) continue;
        const ref = { ...base, param, textStart: 0 };
        out.push({ ref, text });
        // A file name is also read as a person reads it: `_` stands for a space there
        // ("card_4929….pdf"). Same length, same offsets: its spans redact the name itself.
        const spaced = FILE_NAME_PARAMS.has(param) ? text.replaceAll('_', ' ') : text;
        if (spaced !== text) out.push({ ref, text: spaced });
      }
    } else {
      const value = headerValueOf(h);
      const context = contextOf(h);
      if (value) out.push({ ref: { ...base, textStart: context.length }, text: context + value });
    }
  }
  return out;
}

/** A field's text as scanned (after its context): address lists rendered, other fields decoded. */
const headerValueOf = (h: HeaderLine): string =>
  ADDRESS_FIELDS.has(h.key)
    ? renderAddresses(flattenAddresses(parseAddresses(h.value))).text
    : decodeHeaderText(h.value);

/** The field a ref points at in the node's current header block, if it is still there. */
export const findHeaderLine = (node: MimeNode, ref: HeaderRef): HeaderLine | undefined =>
  headerLines(node).find((h) => h.key === ref.field && h.occurrence === ref.occurrence);

/** The text a ref stands for, without the context in front: what redaction rewrites. */
export function headerValueText(node: MimeNode, ref: HeaderRef): string | undefined {
  const h = findHeaderLine(node, ref);
  if (!h) return undefined;
  if (ref.param !== undefined) return parseParams(h.value).params[ref.param];
  return headerValueOf(h);
}
