import * as qp from 'nodemailer/lib/qp';
import type { MimePart } from '../extract/mime-tree.js';

// CommonJS modules seen through ESM: the functions may sit on `default`.
const q = ((qp as unknown as { default?: typeof qp }).default ?? qp) as typeof qp;

/** Line breaks as CRLF, the only form a MIME body may carry. */
// Matches a CRLF, or a lone CR or LF, so that each line break is rewritten once.
const toCrlf = (text: string): string => text.replace(/\r\n|\r|\n/g, '\r\n');

// Characters encoded at a time: a body of many megabytes is never held as four whole-text
// intermediates (line breaks fixed, UTF-8, encoded, wrapped) at once.
const QP_SLICE = 1 << 20;
const CRLF = Buffer.from('\r\n', 'latin1');

/** Where the slice starting at `from` ends: after its last line break, or (one long line) mid-line. */
function sliceEnd(text: string, from: number): { end: number; midLine: boolean } {
  const limit = from + QP_SLICE;
  if (limit >= text.length) return { end: text.length, midLine: false };
  const nl = text.lastIndexOf('\n', limit - 1);
  if (nl >= from) return { end: nl + 1, midLine: false };
  let end = limit;
  // Never between a surrogate pair or inside a CRLF.
  const c = text.charCodeAt(end - 1);
  if ((c >= 0xd800 && c <= 0xdbff) || c === 0x0d) end--;
  return { end, midLine: true };
}

/** Ends an encoded slice that stops inside a line with a soft line break, lines kept within 76. */
function softBreak(encoded: string): string {
  const nl = encoded.lastIndexOf('\r\n');
  const start = nl < 0 ? 0 : nl + 2;
  const last = encoded.slice(start);
  if (last.length <= 75) return `${encoded}=\r\n`;
  // Cut the last line at 75, but never inside an =XX escape.
  const cut = last[74] === '=' ? 74 : last[73] === '=' ? 73 : 75;
  return `${encoded.slice(0, start)}${last.slice(0, cut)}=\r\n${last.slice(cut)}=\r\n`;
}

/**
 * UTF-8 quoted-printable in lines of 76. Slices that end a line encode exactly as the whole text
 * would; a slice that ends inside one very long line ends with a soft line break, which joins it
 * to the next slice again when decoded.
 */
export const qpBody = (text: string): Buffer => {
  const pieces: Buffer[] = [];
  for (let at = 0; at < text.length; ) {
    const { end, midLine } = sliceEnd(text, at);
    const encoded = q.wrap(q.encode(Buffer.from(toCrlf(text.slice(at, end)), 'utf8')), 76);
    pieces.push(Buffer.from(midLine ? softBreak(encoded) : encoded, 'latin1'));
    at = end;
  }
  if (!pieces.at(-1)?.subarray(-2).equals(CRLF)) pieces.push(CRLF);
  return Buffer.concat(pieces);
};

/** Rewrites a text part in place as UTF-8 quoted-printable; type, name and disposition are kept. */
export function setTextBody(part: MimePart, text: string): void {
  const { node } = part;
  if (node.flowed) {
    // The new text is written unflowed, so format=flowed (and DelSp) must go.
    node.flowed = false;
    node.delSp = false;
    node.setContentType();
  }
  node.setCharset('utf-8');
  node.headers.update('Content-Transfer-Encoding', 'quoted-printable');
  part.replacement = qpBody(text);
}

/** Base64 in lines of 76 characters, as RFC 2045 wants. */
function base64Lines(raw: Buffer): string {
  const b64 = raw.toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < b64.length; at += 76) lines.push(b64.slice(at, at + 76));
  return `${lines.join('\r\n')}\r\n`;
}

/** Puts a whole (already redacted) message back into a message/rfc822 part, in its own encoding. */
export function setMessageBody(part: MimePart, raw: Buffer): void {
  if (part.node.encoding === 'base64') part.replacement = Buffer.from(base64Lines(raw), 'latin1');
  else if (part.node.encoding === 'quoted-printable')
    part.replacement = Buffer.from(`${q.wrap(q.encode(raw), 76)}\r\n`, 'latin1');
  else part.replacement = raw.at(-1) === 0x0a ? raw : Buffer.concat([raw, Buffer.from('\r\n')]);
}

/**
 * The note that stands where a removed attachment was: which one (`attachment 2 (application/zip)`,
 * see noteLabel) and why, nothing of its content.
 */
export function noteText(label: string, reason: string): string {
  return `Deskguard removed ${label} from this message: ${reason}.\r\nAsk the sender to share it through the secure channel instead.\r\n`;
}

/** Replaces a part by a short inline text/plain note; the part's other (non Content-*) headers stay. */
export function replaceWithNote(part: MimePart, label: string, reason: string): void {
  const { headers } = part.node;
  const contentKeys = new Set(
    headers
      .getList()
      .map((l) => l.key)
      .filter((k) => k.startsWith('content-')),
  );
  for (const key of contentKeys) headers.remove(key);
  const end = headers.getList().length;
  headers.add('Content-Type', 'text/plain; charset=utf-8', end);
  headers.add('Content-Transfer-Encoding', 'quoted-printable', end + 1);
  headers.add('Content-Disposition', 'inline', end + 2);
  part.replacement = qpBody(noteText(label, reason));
}
