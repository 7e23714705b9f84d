import iconv from 'iconv-lite';
import { decodeLegacy, guessLegacyCharset } from '../../../domain/legacy-charset.js';
import { decodeLabelled, decodeWindows1252 } from '../../../domain/windows-1252.js';
import type { MimePart } from './mime-tree.js';
import { utf16Of } from './sniff.js';

export { decodeWindows1252 };

const HEX = '0123456789abcdef';
const hexValue = (b: number | undefined): number =>
  b === undefined ? -1 : HEX.indexOf(String.fromCharCode(b | 0x20));

/** Quoted-printable decoding that never fails: a stray `=` stays as it is, like mailparser's libqp. */
export function decodeQuotedPrintable(input: Buffer): Buffer {
  const out = Buffer.alloc(input.length);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i] as number;
    if (b !== 0x3d) {
      out[o++] = b;
      continue;
    }
    const h = hexValue(input[i + 1]);
    const l = hexValue(input[i + 2]);
    if (h >= 0 && l >= 0) {
      out[o++] = h * 16 + l;
      i += 2;
      continue;
    }
    // A soft line break: `=` then optional trailing blanks then CRLF or LF.
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === 0x0d && input[j + 1] === 0x0a) i = j + 1;
    else if (input[j] === 0x0a) i = j;
    else out[o++] = b;
  }
  return out.subarray(0, o);
}

/** Bytes that may stand in a base64 body: the alphabet, padding and whitespace (line noise). */
const isBase64Byte = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x61 && b <= 0x7a) ||
  (b >= 0x30 && b <= 0x39) ||
  b === 0x2b ||
  b === 0x2f ||
  b === 0x3d ||
  b === 0x20 ||
  b === 0x09 ||
  b === 0x0d ||
  b === 0x0a;

/**
 * Whether a body declared base64 is plain text: more than one byte in 32 outside the base64
 * alphabet (punctuation, 8-bit letters) does not happen in base64 with a little line noise, and
 * is what a tool that labels every part base64 without encoding it produces. Such a body is read
 * as the text it is: decoded as base64 it would be noise, while the helpdesk (and anyone viewing
 * the source) still sees the text. Redaction writes a changed part with a correct encoding.
 */
export function isPlainDeclaredBase64(body: Uint8Array): boolean {
  const n = Math.min(body.length, 64 * 1024);
  let stray = 0;
  for (let i = 0; i < n; i++) if (!isBase64Byte(body[i] as number)) stray++;
  return stray * 32 > n;
}

/** The body bytes without their Content-Transfer-Encoding. */
export function transferDecode(part: MimePart): Buffer {
  switch (part.node.encoding) {
    case 'base64':
      if (isPlainDeclaredBase64(part.body)) return part.body;
      // Buffer's base64 decoder skips line breaks and stray characters, like mailparser's.
      return Buffer.from(part.body.toString('latin1'), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(part.body);
    default:
      return part.body;
  }
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ISO-8859-x, Latin-x and Windows-125x: the labels mail clients put on UTF-8 by mistake.
const SINGLE_BYTE_LABEL = /^(?:iso[-_]?8859[-_]\d{1,2}|latin-?\d|l\d|windows-125\d|cp-?125\d)$/;

// Labels that name Windows-1252 or a subset of it, which mislabelled Central European or Turkish
// text most often carries.
const WESTERN_LABEL = /^(?:iso[-_]?8859[-_]1|latin-?1|l1|windows-1252|cp-?1252)$/;

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return true;
  return false;
}

const inRange = (b: number | undefined, lo: number, hi: number): boolean =>
  b !== undefined && b >= lo && b <= hi;

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629 table), 0 when there is none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const cont = (k: number): boolean => inRange(bytes[i + k], 0x80, 0xbf);
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return inRange(bytes[i + 1], lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return inRange(bytes[i + 1], lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-8 where it is well-formed, each stray byte as Windows-1252: one pass, every byte kept. */
export function decodeUtf8Mixed(bytes: Uint8Array): string {
  const pieces: string[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; ) {
    if ((bytes[i] as number) < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceAt(bytes, i);
    if (len) {
      i += len;
      continue;
    }
    pieces.push(utf8.decode(bytes.subarray(from, i)), decodeWindows1252(bytes.subarray(i, i + 1)));
    from = ++i;
  }
  pieces.push(utf8.decode(bytes.subarray(from)));
  return pieces.join('');
}

/**
 * Decodes bytes in a declared charset. WHATWG labels (ICU) cover most mail charsets, including
 * ISO-2022-JP and ks_c_5601-1987; iconv-lite covers the rest (UTF-7, old code pages); an unknown
 * label falls back to UTF-8, or windows-1252 when the bytes are not UTF-8, so nothing is dropped.
 * Redaction reads a part through the same function, and writes a changed part as UTF-8.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | false | undefined): string {
  const label = (charset || '').trim().toLowerCase();
  // A single-byte label on bytes that are valid UTF-8 with multi-byte sequences: the sending client
  // mislabelled UTF-8 ("lösenord" would read "lÃ¶senord"). Text really in such a charset is
  // almost never valid UTF-8 once it holds a letter above ASCII, so the bytes decide.
  if (SINGLE_BYTE_LABEL.test(label) && hasHighBytes(bytes)) {
    try {
      return utf8Strict.decode(bytes);
    } catch {
      // really single-byte text: decoded as declared below
    }
  }
  // A Western label on 8-bit text that reads as Central European or Turkish letters and not as
  // Western ones: the client labelled its own code page wrongly (a clear margin is asked, since
  // the label is evidence too).
  if (WESTERN_LABEL.test(label) && hasHighBytes(bytes))
    return decodeLegacy(bytes, guessLegacyCharset(bytes, 2));
  // ASCII and UTF-8 labels (us-ascii, ascii, utf8, utf-8) take the strict UTF-8 path below.
  if (label && !/^(us-?)?ascii$|^utf-?8$/.test(label)) {
    try {
      return decodeLabelled(label, bytes);
    } catch {
      if (iconv.encodingExists(label)) return iconv.decode(Buffer.from(bytes), label);
    }
  }
  // One strict decode both checks and decodes: a big body is not decoded twice.
  try {
    return utf8Strict.decode(bytes);
  } catch {
    // not UTF-8: see below
  }
  // Declared UTF-8 that is not: its valid sequences stay UTF-8, every other byte is read as
  // Windows-1252 (a Latin-1 "contraseña" labelled UTF-8 must keep its ñ, or the keyword is lost
  // to U+FFFD); undeclared or "us-ascii" 8-bit text is in a legacy code page, mostly Windows-1252
  // (which maps every byte), and the letters decide when it is not.
  if (label === 'utf-8' || label === 'utf8') return decodeUtf8Mixed(bytes);
  return decodeLegacy(bytes, guessLegacyCharset(bytes));
}

/** RFC 3676: joins soft-broken lines of format=flowed text and removes space-stuffing. */
export function unflow(text: string, delSp: boolean): string {
  // Lines end in CRLF on the wire and LF after some decoders; both end a flowed line.
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let pending = '';
  for (const raw of lines) {
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    // The signature separator "-- " is never a soft break.
    if (line.endsWith(' ') && line !== '-- ') pending += delSp ? line.slice(0, -1) : line;
    else {
      out.push(pending + line);
      pending = '';
    }
  }
  if (pending) out.push(pending);
  return out.join('\n');
}

/**
 * Bytes in their charset, UTF-16 first when a BOM or the zero bytes say so: a UTF-16 text is
 * often sent without a charset or under a wrong one, and no single-byte reading of it is text.
 */
export function decodeText(bytes: Uint8Array, charset: string | false | undefined): string {
  const utf16 = utf16Of(bytes);
  return utf16 ? new TextDecoder(utf16).decode(bytes) : decodeCharset(bytes, charset);
}

// HTML's own charset declaration, `<meta charset="…">` or `<meta http-equiv="Content-Type"
// content="…; charset=…">`, looked for where the HTML standard's prescan looks: the first 1024 bytes.
const META_CHARSET = /<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})/i;

/** The charset to read an HTML part in: the MIME label, or its meta tag's when the label is missing or us-ascii. */
export function htmlCharset(
  bytes: Uint8Array,
  declared: string | false | undefined,
): string | false | undefined {
  return !declared || /^(us-?)?ascii$/i.test(declared) ? (htmlMetaCharset(bytes) ?? declared) : declared;
}

/**
 * The charset an HTML body declares in a meta tag: clients that leave it off the MIME header
 * (or label it us-ascii) still write it there, and browsers and helpdesks read the body by it.
 */
export function htmlMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString(
    'latin1',
  );
  const label = META_CHARSET.exec(head)?.[1]?.toLowerCase();
  if (label === undefined) return undefined;
  try {
    const encoding = new TextDecoder(label).encoding;
    // The HTML standard reads a meta "utf-16" as UTF-8: bytes a prescan could read are not UTF-16.
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return iconv.encodingExists(label) ? label : undefined;
  }
}

/** The text of a text part: transfer-decoded, charset-decoded, unflowed. */
export function decodeTextPart(part: MimePart): string {
  const text = decodeText(transferDecode(part), part.node.charset);
  const isPlain = part.node.contentType === 'text/plain' || !part.node.contentType;
  return isPlain && part.node.flowed ? unflow(text, part.node.delSp) : text;
}
