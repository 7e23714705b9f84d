import iconv from 'iconv-lite';
import libmime from 'libmime';
import { decodeWindows1252 } from '../windows-1252.js';

/**
 * Header text as a person reading the helpdesk would see it, for comparing with staff names and
 * domains. Every reading a mail client might show counts: what fails to match in one reading must
 * not pass in another, so the helpers here return all readings (variants), never just one.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Raw header bytes: UTF-8 (RFC 6532) when they are valid UTF-8, otherwise the legacy 8-bit reading
 * clients fall back to (windows-1252, the WHATWG meaning of "latin1").
 */
export function headerBytesToText(raw: Buffer | string): string {
  if (typeof raw === 'string') return raw;
  try {
    return utf8.decode(raw);
  } catch {
    return decodeWindows1252(raw);
  }
}

// An RFC 2047 encoded-word: =?charset[*lang]?B|Q?text?=
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;
// Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 6.2).
const BETWEEN_WORDS = /(\?=)\s+(=\?)/g;

const libmimeDecodes = (name: string): boolean => {
  // libmime refuses UTF-7 (it smuggles markup past filters) and leaves such words as they are.
  try {
    const codec = iconv.getCodec(name) as unknown;
    return codec !== iconv.getCodec('utf7') && codec !== iconv.getCodec('utf7imap');
  } catch {
    return true;
  }
};

/**
 * Every reading of a text that may hold RFC 2047 encoded-words: the text as it stands, libmime's
 * decoding (every charset libmime knows: iconv-lite's and the Japanese ones), and, for charsets
 * libmime deliberately leaves undecoded (UTF-7), iconv-lite's decoding, since some clients show it.
 */
export function decodedVariants(text: string): string[] {
  const out = new Set<string>([text]);
  if (!text.includes('=?')) return [...out];
  out.add(libmime.decodeWords(text));
  const joined = text.replace(BETWEEN_WORDS, '$1$2');
  out.add(
    joined.replace(ENCODED_WORD, (word, charset: string, enc: string, data: string) => {
      if (libmimeDecodes(charset)) return libmime.decodeWords(word);
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      try {
        return iconv.decode(bytes, charset);
      } catch {
        return word;
      }
    }),
  );
  return [...out];
}

// Characters that draw nothing (zero-width spaces and joiners, soft hyphen, bidi controls, variation
// selectors, tags): inserted in a name they change no glyph, so comparisons ignore them.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
// Control characters separate words where a client shows them at all.
const CONTROL = /\p{Cc}+/gu;
// Dots IDNA treats as label separators (ideographic, full-width and half-width full stops).
const IDNA_DOTS = /[\u3002\uFF0E\uFF61]/g;
// Explicit bidi overrides and embeddings up to their PDF (or the end): shown in reverse order.
const RTL_OVERRIDE = /\u202E([^\u202C]*)(?:\u202C|$)/g;

const clean = (s: string): string =>
  s.normalize('NFKC').replace(IDNA_DOTS, '.').replace(INVISIBLE, '').replace(CONTROL, ' ');

/**
 * The forms of a decoded text to compare: compatibility-normalised (full-width letters, ＠ and
 * ．), invisible characters removed, and also in the order a right-to-left override displays it.
 */
export function comparableForms(text: string): string[] {
  const out = new Set<string>([clean(text)]);
  if (text.includes('\u202E')) {
    out.add(clean(text.replace(RTL_OVERRIDE, (_, inner: string) => Array.from(inner).reverse().join(''))));
  }
  return [...out];
}

/** Every form of a header text a reader might see: each decoding, each normalisation. */
export function readings(text: string): string[] {
  return [...new Set(decodedVariants(text).flatMap(comparableForms))];
}
