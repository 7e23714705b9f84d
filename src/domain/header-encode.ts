import * as mimeFuncs from 'nodemailer/lib/mime-funcs';

// CommonJS seen through ESM: the functions may sit on `default`.
const mf = ((mimeFuncs as unknown as { default?: typeof mimeFuncs }).default ??
  mimeFuncs) as typeof mimeFuncs;

/**
 * Writing header fields: text to RFC 2047 encoded-words where it must be, and folding that keeps
 * every continuation line starting with a blank (RFC 5322 2.2.3), every line under 78 characters
 * where the text allows and always under the 998-octet limit. Encoding and folding are nodemailer's
 * (mime-funcs, as MailComposer uses them); this module only decides which words need encoding.
 */

/** RFC 5322 2.1.1: the line length to fold at, and the hard limit no line may pass. */
export const FOLD_AT = 76;
export const MAX_LINE_OCTETS = 998;
/** Plain words longer than this are written as encoded-words, which can be split and folded. */
const MAX_PLAIN_WORD = 66;
/** Encoded-words are split so each stays within RFC 2047's 75 characters. */
const WORD_CHUNK = 52;

// Printable ASCII without blanks: the characters a plain (unencoded) word may consist of.
const PLAIN_WORD = /^[\x21-\x7e]*$/;
// RFC 5322 3.2.3 specials other than the comma: in a phrase (a display name, a keyword) a word
// holding one of them must be quoted or encoded. The comma stays: it separates keywords.
const PHRASE_SPECIALS = /[()<>[\]:;@\\".]/;
// Line breaks of any kind: a header value written here never carries its own.
const LINE_BREAKS = /[\r\n]+/g;

/** Whether a word can stand as it is in the header, or must become an encoded-word. */
function needsEncoding(word: string, phrase: boolean): boolean {
  if (!PLAIN_WORD.test(word) || word.length > MAX_PLAIN_WORD) return true;
  // Text that looks like an encoded-word would be decoded by the reader: encode it too.
  if (word.includes('=?')) return true;
  return phrase && PHRASE_SPECIALS.test(word);
}

/** nodemailer's choice: Q for mostly-Latin text, B otherwise (shorter for other scripts). */
function wordEncoding(text: string): 'Q' | 'B' {
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20 || c === 0x7f) other++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return other < latin ? 'Q' : 'B';
}

/**
 * Header text (unstructured, RFC 5322 3.2.5) as it can be written in a field: line breaks become
 * blanks, outer blanks go, plain printable ASCII words stay as they are and each run of words that
 * cannot (non-ASCII, control characters, `=?`, longer than a line) becomes UTF-8 encoded-words.
 * Blanks inside a run are encoded with it, since blanks between two encoded-words are dropped by
 * the reader; blanks between a plain word and an encoded-word are kept. With `phrase`, words with
 * RFC 5322 specials are encoded too, for phrases such as Keywords.
 */
export function encodeHeaderText(text: string, opts: { phrase?: boolean } = {}): string {
  const phrase = opts.phrase ?? false;
  const clean = text.replace(LINE_BREAKS, ' ').trim();
  // Words and the separators between them, in order: even indexes are words. In a phrase list a
  // comma (with the blanks around it) separates too, and stays plain.
  const tokens = clean.split(phrase ? /([ \t]*,[ \t]*|[ \t]+)/ : /([ \t]+)/);
  // A run of words to encode together may only span blanks, never a comma.
  const joins = (sep: string | undefined): boolean => sep !== undefined && !sep.includes(',');
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const word = tokens[i]!;
    let end = i;
    if (needsEncoding(word, phrase)) {
      // The run: this word and every following word that needs encoding too, blanks included.
      while (end + 2 < tokens.length && joins(tokens[end + 1]) && needsEncoding(tokens[end + 2]!, phrase))
        end += 2;
      const run = tokens.slice(i, end + 1).join('');
      out.push(mf.encodeWord(run, wordEncoding(run), WORD_CHUNK));
    } else out.push(word);
    if (end + 1 < tokens.length) out.push(tokens[end + 1]!);
    i = end + 2;
  }
  return out.join('');
}

// A line break that is not CRLF followed by a blank, i.e. not a fold: it would end the field.
const NOT_A_FOLD = /\r\n(?![ \t])|\r(?!\n)|(?<!\r)\n/g;
// Whitespace to JavaScript's \s that is not a blank to RFC 5322 (NBSP, ideographic space, ...):
// foldLines would break a line before it, and the continuation would not start with a blank.
const OTHER_SPACE = /[\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/**
 * Folds one line (no line breaks in it) with nodemailer's foldLines, which only inserts CRLFs
 * before blanks and removes nothing. Characters foldLines would take for blanks are masked while
 * it runs and put back after, so it breaks only before a space or a tab.
 */
function foldLine(line: string, first: boolean): string {
  const masked = line.replace(OTHER_SPACE, 'x');
  const folded = mf.foldLines(masked, FOLD_AT, false);
  if (folded === masked) return line;
  let out = '';
  let i = 0;
  for (let j = 0; j < folded.length; j++) {
    if (folded[j] === '\r' && folded[j + 1] === '\n') {
      out += '\r\n';
      j++;
    } else out += line[i++];
  }
  // A continuation line that foldLines broke at its own leading blank would begin with CRLF.
  return first ? out : out.replace(/^\r\n/, '');
}

/**
 * One header field, `Name: value` and its final CRLF, folded: folds the value already has are
 * kept, longer lines are broken before a blank, so every continuation line starts with a blank.
 * Line breaks that are not folds, and NUL, cannot be in a field and become blanks; a line of
 * blanks only is joined to the line before (some readers take it for the end of the header).
 * `value` must already be encoded (see encodeHeaderText).
 */
export function foldHeaderField(name: string, value: string): string {
  const clean = value.replace(/\0/g, '').replace(NOT_A_FOLD, ' ').trim();
  const lines: string[] = [];
  for (const [n, line] of `${name}: ${clean}`.split('\r\n').entries()) {
    if (n > 0 && !line.trim()) {
      lines[lines.length - 1] += line;
      continue;
    }
    lines.push(...foldLine(line, n === 0).split('\r\n'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * `text` (already encoded) as the continuation of a field: a leading blank, then folded like
 * foldHeaderField, so it can be put after a field's last line (on it, or on its own lines).
 */
export const foldContinuation = (text: string): string => foldLine(` ${text.trim()}`, false);

/** A header field holding `text`: encoded (encodeHeaderText) and folded (foldHeaderField). */
export function formatHeaderField(name: string, text: string, opts: { phrase?: boolean } = {}): string {
  return foldHeaderField(name, encodeHeaderText(text, opts));
}

/** A mailbox or a group of an address field, as nodemailer's addressparser returns them (names decoded). */
export interface AddressEntry {
  name: string;
  address?: string | undefined;
  group?: AddressEntry[] | undefined;
}

// A display name of letters, digits, underscores and spaces only: an atom sequence, written as is.
const PLAIN_NAME = /^[\w ]*$/;
// Printable ASCII: a name that can be a quoted-string.
const PRINTABLE = /^[\x20-\x7e]*$/;
// An address that is a plain dot-atom local part @ domain: it may stand without angle brackets.
const PLAIN_ADDRESS = /^[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+$/;

/** A display name as a phrase, the way MailComposer writes one: as is, quoted, or as encoded-words. */
function formatName(name: string): string {
  if (PLAIN_NAME.test(name)) return name;
  if (PRINTABLE.test(name)) return mf.quoteString(name);
  return mf.encodeWord(name, wordEncoding(name), WORD_CHUNK);
}

function formatEntry(a: AddressEntry): string {
  const name = a.name.replace(LINE_BREAKS, ' ').trim();
  if (a.group) return `${formatName(name)}:${a.group.map(formatEntry).join(', ')};`;
  const address = a.address ?? '';
  if (!name) return !address ? '<>' : PLAIN_ADDRESS.test(address) ? address : `<${address}>`;
  return address ? `${formatName(name)} <${address}>` : formatName(name);
}

/**
 * The value of an address field (From, To, Cc, …) for a list of mailboxes and groups: display
 * names quoted or encoded as MailComposer does, addresses kept exactly as given. Fold it with
 * foldHeaderField.
 */
export const formatAddressList = (list: readonly AddressEntry[]): string => list.map(formatEntry).join(', ');
