/**
 * The lexical layer of RFC 5322 section 3.2 for address fields (From, Sender), strict where a
 * lenient reading could change which domain is the author's: quoted strings, nested comments and
 * domain literals are read whole (with quoted-pairs), folding whitespace and comments separate
 * tokens, and anything the grammar has no place for (a stray `)` or `]`, a backslash outside
 * quotes, an unterminated quote, a control character) is an error rather than text.
 */

export type Token =
  | { kind: 'atom'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'literal'; text: string }
  | { kind: 'special'; text: '<' | '>' | ':' | ';' | '@' | ',' | '.' };

export interface Lexed {
  tokens: Token[];
  /** The text of every comment, in order (nested comments included in their parent's text). */
  comments: string[];
  /** What made the field unreadable, if anything; tokens and comments then hold what came before. */
  error?: string;
}

// RFC 5322 specials that stand alone as tokens; ( " [ open constructs read separately.
const SPECIALS = new Set(['<', '>', ':', ';', '@', ',', '.']);
// atext (RFC 5322 3.2.3) plus every non-ASCII character (RFC 6532 3.2 UTF8-non-ascii).
const ATEXT = /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]/u;
// C0 controls other than tab, DEL and the C1 controls: never part of a header's text.
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/;

/** Removes folding (CRLF before whitespace); any other line break stays and is an error. */
export const unfold = (value: string): string => value.replace(/\r?\n(?=[ \t])/g, '');

export function lexAddressField(value: string): Lexed {
  const s = unfold(value);
  const tokens: Token[] = [];
  const comments: string[] = [];
  const fail = (error: string): Lexed => ({ tokens, comments, error });
  let i = 0;
  // Reads a run delimited by `close` with quoted-pairs; `nest` counts nested comments.
  const delimited = (close: string, nest: string | undefined): string | undefined => {
    let depth = 1;
    let text = '';
    for (i++; i < s.length; i++) {
      const c = s[i]!;
      if (CONTROL.test(c)) return undefined;
      if (c === '\\') {
        const next = s[++i];
        if (next === undefined || CONTROL.test(next)) return undefined;
        text += next;
      } else if (nest && c === nest) {
        depth++;
        text += c;
      } else if (c === close && --depth === 0) {
        i++;
        return text;
      } else {
        text += c;
      }
    }
    return undefined;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (CONTROL.test(c)) {
      return fail('a control character');
    } else if (c === '(') {
      const text = delimited(')', '(');
      if (text === undefined) return fail('an unterminated comment');
      comments.push(text);
    } else if (c === '"') {
      const text = delimited('"', undefined);
      if (text === undefined) return fail('an unterminated quoted string');
      tokens.push({ kind: 'quoted', text });
    } else if (c === '[') {
      const text = delimited(']', undefined);
      if (text === undefined || /[[\]]/.test(text)) return fail('an unterminated domain literal');
      tokens.push({ kind: 'literal', text });
    } else if (SPECIALS.has(c)) {
      tokens.push({ kind: 'special', text: c as '<' });
      i++;
    } else if (ATEXT.test(c)) {
      const start = i;
      while (i < s.length) {
        const ch = String.fromCodePoint(s.codePointAt(i)!);
        if (!ATEXT.test(ch)) break;
        i += ch.length;
      }
      tokens.push({ kind: 'atom', text: s.slice(start, i) });
    } else {
      return fail(`a stray "${c}"`);
    }
  }
  return { tokens, comments };
}
