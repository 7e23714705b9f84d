/**
 * The customer's own words in a message body, for guessing the language to answer in: what they
 * quoted (our English reply below theirs), their signature, and anything that is not a word of a
 * language (web and mail addresses, numbers, keys, codes, redaction markers) are left out, so
 * neither our own text nor a secret decides the language. Pure and linear: a bounded prefix of the
 * body is read line by line and at most MAX_SAMPLE_CHARS come out.
 */

/** Of a body, only this much is read: the customer's words come first, quotes and history after. */
export const MAX_BODY_CHARS = 16 * 1024;
/** At most this much text comes out: more does not make a trigram guess surer (franc reads 2048). */
export const MAX_SAMPLE_CHARS = 2048;
/** A word longer than this is a key, a hash or a run of glued text, not a word to judge by. */
const MAX_WORD = 30;
/** An Outlook-style header block ("From: … / Sent: …") is looked for in this many following lines. */
const HEADER_BLOCK_LINES = 4;

// A quoted line: `>` (possibly after blanks, possibly nested `> >`), as mail clients and
// html-to-text's blockquote rendering write it. Anchored, one character class: linear.
const QUOTED = /^[ \t]*>/;
// The signature separator of RFC 3676 (`-- `), also without its blank as clients often send it.
const SIGNATURE = /^-- ?$/;
// The line above a quoted original that is not marked with `>`, in the languages we answer in:
// "-----Original Message-----", "-------- Message original --------", "---------- Forwarded
// message ---------" and their translations, between runs of dashes or underscores. Bounded runs.
const ORIGINAL_MESSAGE =
  /^[ \t]*[-_]{2,40}[ \t]*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|originalnachricht|message d'origine|message original|message transféré|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|mensagem original|mensagem encaminhada|oryginalna wiadomość|wiadomość oryginalna|przekazana wiadomość)[ \t]*[-_]{0,40}[ \t]*$/i;
// An attribution line, "On … wrote:" and its translations, recognised by the verb in it (wrote,
// schrieb, a écrit, escribió, ha scritto / scrisse, schreef / heeft geschreven, escreveu,
// napisał(a) / pisze) and the colon it ends with; the name may stand after the verb ("Am … schrieb
// Support <…>:"). Each alternative is a literal word: linear.
const ATTRIBUTION_VERB =
  /(?:^|[\s,])(?:wrote|schrieb|a écrit|escribió|ha scritto|scrisse|schreef|geschreven|escreveu|napisał\(a\)|napisała|napisał|pisze)(?=[\s:<(]|$)/i;
// Something only a client's attribution has: a date or time (digits) or an address (`@`).
const ATTRIBUTION_DETAIL = /[0-9@]/;
// The first words of an attribution that a client wrapped over two lines ("On Tue, 4 Mar 2025 at
// 10:02, Support <" / "support@example.com> wrote:"): the line before the verb belongs to it.
const ATTRIBUTION_START = /^[ \t]*(?:on|am|le|el|il|op|em|w dniu|dnia)\b/i;
// The first line of an Outlook-style header block of a quoted original: "From:" in the languages we
// answer in (Von, De, Da, Van, Od), with a value after it.
const HEADER_FROM = /^[ \t]*\*?(?:from|von|de|da|van|od)[ \t]?\*?[ \t]?:[ \t]*\S/i;
// A field that follows "From:" in such a block: sent/date, to, subject, in those languages.
const HEADER_NEXT =
  /^[ \t]*\*?(?:sent|date|to|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|enviada|fecha|para|asunto|inviato|a|oggetto|verzonden|aan|onderwerp|assunto|wysłano|wysłane|data|do|temat)(?: el| em)?[ \t]?\*?[ \t]?:/i;
// Our own redaction markers and the notes that stand for removed parts: Deskguard's words in
// English, not the customer's.
const OUR_NOTE = /^[ \t]*(?:Deskguard removed |Ask the sender to share it through|\[Deskguard:)/;
// A redaction marker, removed before the line is cut into words so that "Passwort:[REDACTED:…]"
// keeps its word. Literal prefix, bounded name: linear.
const MARKER = /\[REDACTED:[a-z0-9_]{1,60}\]/g;
/** A token longer than this cannot be a word with a little punctuation around it. */
const MAX_TOKEN = 2 * MAX_WORD;
/** Dot-joined parts longer than this are a host name (example.com), not an abbreviation (z.B.). */
const MAX_ABBREVIATION_PART = 3;
// One character of punctuation or a symbol (quotes, brackets, sentence marks): around a word it
// does not make it a code. Tested one character at a time, so trimming is linear.
const PUNCTUATION = /^[\p{P}\p{S}]$/u;
// A word of a language: letters (with their combining marks), joined at most by an apostrophe, a
// hyphen or a dot (l'accès, e-mail, z.B). A digit, an underscore, a slash or any other symbol
// inside makes it a number, a key or a code.
const WORD = /^[\p{L}\p{M}]+(?:['’.-][\p{L}\p{M}]+)*$/u;
// Lower case followed by upper case inside a word (aZ, camelCase): keys and identifiers, not prose.
const MIXED_CASE = /\p{Ll}\p{Lu}/u;

/** Whether a line starts an Outlook-style header block of a quoted original. */
function startsHeaderBlock(lines: readonly string[], at: number): boolean {
  if (!HEADER_FROM.test(lines[at]!)) return false;
  for (let i = at + 1; i <= at + HEADER_BLOCK_LINES && i < lines.length; i++)
    if (HEADER_NEXT.test(lines[i]!)) return true;
  return false;
}

/**
 * Whether a line is a client's attribution of a quote: it ends with a colon after the verb, and it
 * (or the line before it, when the client wrapped it there) carries a date, a time or an address.
 * "Mein Kollege schrieb gestern:" carries none and stays the customer's.
 */
function isAttribution(line: string, previous: string): boolean {
  if (!line.trimEnd().endsWith(':') || !ATTRIBUTION_VERB.test(line)) return false;
  return ATTRIBUTION_DETAIL.test(line) || wrappedAttribution(previous);
}

const wrappedAttribution = (line: string): boolean =>
  ATTRIBUTION_START.test(line) && ATTRIBUTION_DETAIL.test(line);

/** The next line that is not blank, from `at` on. */
function nextNonBlank(lines: readonly string[], at: number): string | undefined {
  for (let i = at; i < lines.length; i++) if (lines[i]!.trim()) return lines[i];
  return undefined;
}

/** The lines the customer wrote: before the signature and the quoted original, without quotes. */
export function ownLines(body: string): string[] {
  const lines = body.slice(0, MAX_BODY_CHARS).split(/\r\n|\r|\n/);
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (SIGNATURE.test(line) || ORIGINAL_MESSAGE.test(line) || startsHeaderBlock(lines, i)) break;
    if (QUOTED.test(line) || OUR_NOTE.test(line)) continue;
    if (isAttribution(line, kept.at(-1) ?? '')) {
      if (!ATTRIBUTION_START.test(line) && wrappedAttribution(kept.at(-1) ?? '')) kept.pop();
      // An original that follows without `>` marks runs to the end: nothing after it is theirs.
      if (!QUOTED.test(nextNonBlank(lines, i + 1) ?? '>')) break;
      continue;
    }
    kept.push(line);
  }
  return kept;
}

/**
 * Whether a token (punctuation around it already taken off) is a word of a language: letters only,
 * an apostrophe, hyphen or dot between them, no mixed case inside, not a host name. Web and mail
 * addresses, numbers, keys and codes all fail it: they carry a digit, `@`, `/`, `:`, `_` or `=`.
 */
function isWord(word: string): boolean {
  if (word.length === 0 || word.length > MAX_WORD || !WORD.test(word) || MIXED_CASE.test(word)) return false;
  return !word.includes('.') || word.split('.').every((part) => part.length <= MAX_ABBREVIATION_PART);
}

/** The token without the punctuation around it (a code point at a time: `»word«`, `(word),`). */
function trimPunctuation(token: string): string {
  const chars = Array.from(token);
  let start = 0;
  let end = chars.length;
  while (start < end && PUNCTUATION.test(chars[start]!)) start++;
  while (end > start && PUNCTUATION.test(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** The words of a line that belong to a language: no address, number, key, code or marker. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const token of line.replace(MARKER, ' ').split(/\s+/)) {
    // Checked before any pattern runs on it: a long token costs nothing more than its length.
    if (token.length === 0 || token.length > MAX_TOKEN) continue;
    const word = trimPunctuation(token);
    if (isWord(word)) out.push(word);
  }
  return out;
}

/** The customer's own words of a body, one line of text, at most MAX_SAMPLE_CHARS long. */
export function customerWords(body: string): string {
  const out: string[] = [];
  let length = 0;
  for (const line of ownLines(body)) {
    for (const word of words(line)) {
      if (length + word.length + 1 > MAX_SAMPLE_CHARS) return out.join(' ');
      out.push(word);
      length += word.length + 1;
    }
  }
  return out.join(' ');
}

/**
 * The patterns that run on whole lines (up to MAX_BODY_CHARS long), for the test that runs them on
 * hostile input and counts steps. PUNCTUATION, WORD and MIXED_CASE only ever see a token of at
 * most MAX_TOKEN characters.
 */
export const LINE_PATTERNS: readonly RegExp[] = [
  QUOTED,
  SIGNATURE,
  ORIGINAL_MESSAGE,
  ATTRIBUTION_VERB,
  ATTRIBUTION_DETAIL,
  ATTRIBUTION_START,
  HEADER_FROM,
  HEADER_NEXT,
  OUR_NOTE,
  MARKER,
];
