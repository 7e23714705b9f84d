import type { Budget } from './budget.js';
import { decodeText, htmlCharset, transferDecode } from './decode.js';
import type { MimePart } from './mime-tree.js';
import { namedWhere, type Place } from './place.js';
import type { TextUnit, UnitOrigin, UnscannableUnit } from './types.js';

/** What extraction has found so far for one message, and what it may still spend. */
export interface Collector {
  units: TextUnit[];
  unscannable: UnscannableUnit[];
  budget: Budget;
  /** A file name with its secrets replaced by markers (see ExtractOptions.cleanName). */
  cleanName: (name: string) => string;
}

const PGP_BEGIN = '-----BEGIN PGP MESSAGE-----';
const PGP_END = '-----END PGP MESSAGE-----';

/**
 * Blanks ASCII-armoured PGP messages (keeping offsets and line breaks): the customer encrypted
 * them to us, which is the right thing to do, and their base64 must not look like a token.
 */
export function maskPgpMessages(text: string): string {
  let at = text.indexOf(PGP_BEGIN);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const endAt = text.indexOf(PGP_END, at);
    const stop = endAt < 0 ? text.length : endAt + PGP_END.length;
    out += text.slice(from, at);
    for (let i = at; i < stop; i++) out += text[i] === '\n' || text[i] === '\r' ? text[i] : ' ';
    from = stop;
    at = text.indexOf(PGP_BEGIN, stop);
  }
  return out + text.slice(from);
}

/**
 * Text of an attachment: UTF-16 when a BOM or the pattern of zero bytes says so (whatever the
 * label: a UTF-16 file is often sent as text/plain without a charset); otherwise the declared
 * charset, UTF-8 or Windows-1252.
 */
export const decodeAttachmentText = decodeText;

/**
 * The source of an HTML body or HTML attachment, decoded the same way for scanning and for
 * redaction: in its MIME charset, or the one its meta tag declares when the header names none.
 */
export function decodeHtmlPart(part: MimePart): string {
  const bytes = transferDecode(part);
  return decodeAttachmentText(bytes, htmlCharset(bytes, part.node.charset));
}

/** HTML files and HTML bodies are read through htmlToTextWithMap; this decides which attachments are HTML. */
export const isHtml = (name: string, contentType: string): boolean =>
  contentType === 'text/html' || name.toLowerCase().endsWith('.html') || name.toLowerCase().endsWith('.htm');

/**
 * Records a part that could not be checked. `reason` is our own words: never a file name and never
 * an exception's message as it is (see errorText), since it is stored and shown to staff.
 */
export function addUnscannable(
  c: Collector,
  place: Place,
  reason: string,
  origin: UnitOrigin,
  opts: { encrypted?: boolean; truncatedAt?: number } = {},
): void {
  c.unscannable.push({
    where: namedWhere(place),
    place,
    reason,
    encrypted: opts.encrypted ?? false,
    origin,
    ...(opts.truncatedAt !== undefined ? { truncatedAt: opts.truncatedAt } : {}),
  });
}

/**
 * Adds a text unit, cut at maxTextBytesPerUnit. A cut body keeps its unit and gets an unscannable
 * note (redaction drops the unscanned tail); a cut attachment is unscannable as a whole.
 */
export function addText(c: Collector, place: Place, text: string, origin: UnitOrigin): void {
  const max = c.budget.limits.maxTextBytesPerUnit;
  const where = namedWhere(place);
  if (text.length > max) {
    const reason = `text longer than ${max} characters`;
    const inPlace = origin.kind === 'text' || origin.kind === 'html';
    addUnscannable(c, place, reason, origin, inPlace ? { truncatedAt: max } : {});
    if (!inPlace) return;
    c.units.push({ where, place, text: maskPgpMessages(text.slice(0, max)), origin, truncatedAt: max });
    return;
  }
  if (text.trim()) c.units.push({ where, place, text: maskPgpMessages(text), origin });
}
