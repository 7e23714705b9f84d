import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decodeLegacy, guessLegacyCharset } from './legacy-charset.js';

/**
 * Reading header values as text. Raw header blocks are handled as latin1 strings (one character
 * per octet) so that their bytes survive every edit; these functions turn such a value into the
 * text a reader sees: unfolded, 8-bit octets read as UTF-8 (RFC 6532), RFC 2047 encoded-words
 * decoded in their charset (UTF-7 included).
 */

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

// Any octet outside 7-bit ASCII: a value without one is already its own text.
const EIGHT_BIT = /[\x80-\xff]/;

/**
 * The text of raw header octets (a latin1 string). RFC 6532 allows UTF-8 in header fields, so
 * 8-bit octets are read as UTF-8 when they form valid UTF-8; otherwise they are legacy 8-bit text,
 * mostly Windows-1252 (it maps every octet, so nothing is lost), Central European or Turkish when
 * its letters say so.
 */
export function headerOctetsToText(octets: string): string {
  if (!EIGHT_BIT.test(octets)) return octets;
  const bytes = Buffer.from(octets, 'latin1');
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return decodeLegacy(bytes, guessLegacyCharset(bytes));
  }
}

// A line break (CRLF, or a lone LF or CR in text that did not come off the wire) followed by
// the blank that makes it a fold: RFC 5322 2.2.3 unfolding removes the break and keeps the blank.
const FOLD = /\r?\n(?=[ \t])|\r(?=[ \t])/g;

/** RFC 5322 2.2.3: the value with its folding line breaks removed (the blanks after them stay). */
export const unfoldHeader = (value: string): string => value.replace(FOLD, '');

// An RFC 2047 encoded-word in UTF-7: `=?utf-7?` (optionally with an RFC 2231 language tag), the
// encoding letter, then encoded text without `?` or blanks, then `?=`. Bounded by the word itself.
const UTF7_WORD = /=\?utf-7(?:\*[^?\s]*)?\?([bq])\?([^?\s]*)\?=/gi;

/** The octets an encoded-word's encoded text stands for (B: base64; Q: `_` is a space, `=XX` a byte). */
function wordOctets(encoding: string, text: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64');
  // `=XX` escapes: two hex digits after the equals sign.
  const latin1 = text
    .replace(/_/g, ' ')
    .replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(latin1, 'latin1');
}

/**
 * libmime refuses UTF-7 encoded-words (it shows their encoded text as is), but mail clients decode
 * them, and a secret hidden in one must be found. Each is rewritten as the UTF-8 encoded-word of
 * the same text, so the rules about blanks between adjacent encoded-words still apply to it.
 */
function utf7WordsAsUtf8(value: string): string {
  // Cheap test first: most values have no UTF-7 word at all.
  if (!/=\?utf-7/i.test(value)) return value;
  return value.replace(UTF7_WORD, (_, enc: string, text: string) => {
    const decoded = iconv.decode(wordOctets(enc, text), 'utf7');
    return `=?UTF-8?B?${Buffer.from(decoded, 'utf8').toString('base64')}?=`;
  });
}

/** Decodes the RFC 2047 encoded-words of a text (already unfolded, already text, not octets). */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  try {
    return libmime.decodeWords(utf7WordsAsUtf8(text));
  } catch {
    // A charset libmime cannot load: the text stays as it is written.
    return text;
  }
}

/**
 * The text of an unstructured header value as it appears in the message (latin1 octets, possibly
 * folded): unfolded, read as UTF-8 where it is 8-bit, encoded-words decoded, outer blanks trimmed.
 * This is what a reader sees as the Subject, a comment or an X- field, and what is scanned.
 */
export function decodeHeaderText(rawValue: string): string {
  return decodeEncodedWords(headerOctetsToText(unfoldHeader(rawValue))).trim();
}
