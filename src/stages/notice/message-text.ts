import { convert } from 'html-to-text';
import { decodeTextPart } from '../detect/extract/decode.js';
import { isBodyPart } from '../detect/extract/extract-message.js';
import { hasAncestor, type MimePart, splitMime } from '../detect/extract/mime-tree.js';
import { decodeHtmlPart } from '../detect/extract/text-unit.js';
import { chooseNoticeLanguage } from './notice-language.js';

/**
 * What the notice-language choice reads of a message: its Content-Language and the text of its
 * body. Read from the redacted message, so the guess never sees a secret the detector found; and
 * only from its beginning, where the customer's words are (quotes, history and attachments follow).
 */

/** Of the message, only this much is split: the first text part starts well within it. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Of an HTML body, only this much source is turned into text. */
const MAX_HTML_CHARS = 64 * 1024;

export interface MessageText {
  contentLanguage: string | undefined;
  body: string;
}

const isForwarded = (p: MimePart): boolean => p.node.contentType === 'message/rfc822';
const isType = (p: MimePart, type: string): boolean => (p.node.contentType || 'text/plain') === type;

/** The HTML body as text, quotes (`<blockquote>`) marked with `>` as a plain-text client writes them. */
function htmlBodyText(part: MimePart): string {
  const html = decodeHtmlPart(part).slice(0, MAX_HTML_CHARS);
  return convert(html, {
    wordwrap: false,
    limits: { maxInputLength: MAX_HTML_CHARS },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

/**
 * The Content-Language of the message (or of its body part, where a client puts it) and the text
 * of its first body: the plain text, or the text of the HTML when there is no plain text. A
 * forwarded message inside is someone else's words and is not read.
 */
export async function messageText(message: Buffer): Promise<MessageText> {
  const { parts } = await splitMime(message.subarray(0, MAX_MESSAGE_BYTES));
  const bodies = parts.filter((p) => isBodyPart(p) && !hasAncestor(p, isForwarded));
  const plain = bodies.find((p) => isType(p, 'text/plain'));
  const part = plain ?? bodies.find((p) => isType(p, 'text/html'));
  const header = (p: MimePart | undefined) => p?.node.headers.getFirst('content-language') || undefined;
  const contentLanguage = header(parts[0]) ?? header(part);
  if (!part) return { contentLanguage, body: '' };
  const body = plain ? decodeTextPart(part) : htmlBodyText(part);
  return { contentLanguage, body };
}

/** The language to write the notice for this (redacted) message in; `fallback` when unsure. */
export async function noticeLanguageOf(message: Buffer, fallback: string): Promise<string> {
  try {
    return chooseNoticeLanguage({ ...(await messageText(message)), fallback });
  } catch {
    // A message whose body cannot be read is answered in the installation's language.
    return fallback;
  }
}
