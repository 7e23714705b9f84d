import {
  encodeHeaderText,
  FOLD_AT,
  foldContinuation,
  formatHeaderField,
  MAX_LINE_OCTETS,
} from './header-encode.js';
import { decodeHeaderText } from './header-text.js';
import { type HeaderField, headerEnd, headerFields } from './headers.js';

/**
 * Edits of a raw message's top-level header block that the stages share (ticket tag, staff note).
 * Fields that are not edited keep their bytes; an edited field is encoded and folded by
 * header-encode.ts, so it parses back as one field with the intended text.
 */

const isNamed = (f: HeaderField, name: string): boolean => f.name.toLowerCase() === name.toLowerCase();

/** A field's raw lines with their final CRLF, also for a last field that lacks one (a message of headers only). */
const withCrlf = (raw: string): string => (raw.endsWith('\r\n') ? raw : `${raw}\r\n`);

/** The decoded text (decodeHeaderText) of the first `name` field of the message, or '' when absent. */
export function decodedHeader(raw: Buffer, name: string): string {
  const f = headerFields(raw).find((h) => isNamed(h, name));
  return f ? decodeHeaderText(f.value) : '';
}

/**
 * The message with header field number `index` (in headerFields order) replaced by `field`, a
 * whole field with its final CRLF (formatHeaderField makes one); with `index` undefined, `field`
 * is added at the end of the header block. The body and every other field keep their bytes.
 */
export function withHeaderField(raw: Buffer, field: string, index?: number): Buffer {
  const fields = headerFields(raw);
  const end = headerEnd(raw);
  const lines = fields.map((f) => f.raw);
  if (index === undefined || index >= lines.length) {
    if (lines.length) lines[lines.length - 1] = withCrlf(lines[lines.length - 1]!);
    lines.push(field);
  } else lines[index] = field;
  return Buffer.concat([Buffer.from(lines.join(''), 'latin1'), raw.subarray(end)]);
}

/** The message with its (first) Subject replaced by `subject`, encoded and folded; added when absent. */
export function withSubject(raw: Buffer, subject: string): Buffer {
  const at = headerFields(raw).findIndex((f) => isNamed(f, 'subject'));
  return withHeaderField(raw, formatHeaderField('Subject', subject), at < 0 ? undefined : at);
}

// Any run of blanks (an encoded-word may carry its own at either end, and then the blank before
// the suffix adds one): runs read as one blank in a Subject, so they do not make two texts differ.
const BLANKS = /\s+/g;
const sameWords = (a: string, b: string): boolean => a.replace(BLANKS, ' ') === b.replace(BLANKS, ' ');

// Blanks and line breaks at the end of a field: dropped before text is appended to it.
const TRAILING_SPACE = /(?:[ \t]|\r\n)+$/;

/**
 * The message with ` <suffix>` appended to its Subject, changing as little as possible: the
 * Subject's own bytes (encoded-words in any charset, raw UTF-8, folds) are kept and the suffix,
 * encoded where it must be, is added after them, on the last line or on a line of its own. Only
 * when that would not decode to the old subject, a blank and the suffix (a broken or empty
 * Subject) is the whole field written anew from the decoded text. A missing Subject is added.
 */
export function withSubjectSuffix(raw: Buffer, suffix: string): Buffer {
  const fields = headerFields(raw);
  const at = fields.findIndex((f) => isNamed(f, 'subject'));
  const field = at < 0 ? undefined : fields[at]!;
  const before = field ? decodeHeaderText(field.value) : '';
  const text = before ? `${before} ${suffix.trim()}` : suffix.trim();
  if (field && before) {
    const kept = field.raw.replace(TRAILING_SPACE, '');
    const tail = foldContinuation(encodeHeaderText(suffix));
    const lastLine = kept.slice(kept.lastIndexOf('\r\n') + 2);
    const firstTail = tail.split('\r\n')[0]!;
    const joined = lastLine.length + firstTail.length <= FOLD_AT + 2 ? tail : `\r\n${tail}`;
    const edited = `${kept}${joined}\r\n`;
    const fits = edited.split('\r\n').every((l) => l.length <= MAX_LINE_OCTETS);
    if (fits && sameWords(decodeHeaderText(edited.slice(edited.indexOf(':') + 1)), text))
      return withHeaderField(raw, edited, at);
  }
  return withHeaderField(raw, formatHeaderField('Subject', text), field ? at : undefined);
}

const CONTENT = (name: string) => /^(content-|mime-version$)/i.test(name);

/**
 * Puts a short text part in front of the message's own content: the message becomes a
 * multipart/mixed whose first part is `note` and whose second is the original body with its own
 * Content-* headers. The original content is not re-encoded, so nothing in it can break.
 */
export function withLeadingNote(raw: Buffer, note: string, boundary: string): Buffer {
  const fields = headerFields(raw);
  const end = headerEnd(raw);
  const body = end < raw.length ? raw.subarray(end) : Buffer.from('\r\n');
  const outer = fields.filter((f) => !CONTENT(f.name)).map((f) => withCrlf(f.raw));
  const inner = fields
    .filter((f) => CONTENT(f.name) && f.name.toLowerCase() !== 'mime-version')
    .map((f) => withCrlf(f.raw));
  const b64 = Buffer.from(note, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  const parts = [
    ...outer,
    'MIME-Version: 1.0\r\n',
    `Content-Type: multipart/mixed; boundary="${boundary}"\r\n`,
    '\r\n',
    `--${boundary}\r\n`,
    'Content-Type: text/plain; charset=utf-8\r\n',
    'Content-Transfer-Encoding: base64\r\n',
    'Content-Disposition: inline\r\n',
    '\r\n',
    `${b64}\r\n`,
    `--${boundary}\r\n`,
    ...(inner.length ? inner : ['Content-Type: text/plain; charset=us-ascii\r\n']),
  ];
  // body begins with the empty line that ended the header block
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return Buffer.concat([Buffer.from(parts.join(''), 'latin1'), body, tail]);
}
