/**
 * Context for identity numbers: a number that passes its check digit only by chance (one in ten
 * for an 11-digit number) counts when a word naming it stands right before it. The word must be
 * the one that introduces this number: within a short window, in the same sentence, with no other
 * number of six or more digits in between ("PESEL 62030445808" yes; "PESEL below. Order 62030445808"
 * no). Matching runs on the lower-cased window only, so the cost per candidate is constant.
 */

// A form's label may carry an explanation in brackets before its value: 96 characters reach it.
const DEFAULT_RADIUS = 96;

// A sentence or clause ends between keyword and number: "!", "?", ";" or a period after a word of
// three or more letters or digits (abbreviations like "Nr." and "č." keep the keyword bound). A ";"
// glued to the number is a CSV cell separator ("Passport;530029877"), not a clause's end.
const SENTENCE_END = /[!?](?:\s|$)|;\s|[\p{L}\p{N}]{3}\.(?:\s|$)/u;
// Another number between the keyword and the candidate: the keyword names that one.
const OTHER_NUMBER = /\d{6}/;
// The label of another kind of number between the keyword and the candidate ("passport photo
// requirements, order 533380006", "Steuer ausgewiesen, Rechnung 65740977216"): the candidate is
// that number. Orders, invoices, receipts, tickets, parcels, customer numbers, case files and
// references in the desk languages.
const OTHER_LABEL =
  /(?<![\p{L}\p{N}])(?:order|invoice|ticket|tracking|booking|parcel|customer (?:no|number)|receipt|quittung|re[çc]u|recibo|ricevuta|bestell|rechnung|auftrag|sendung|kunden|commande|facture|colis|pedido|factura|ordine|fattura|bestelling|factuur|klant|encomenda|fatura|zam[óo]wieni|faktur|beställning|ordre|objedn[áa]vk|sipari[şs]|dossier|aktenzeichen|vorgangsn|expediente|[äa]rende|sagsn|referen|case (?:no|number|id))/u;
// Words allowed between a weak keyword ("pas", "pass") and its number: punctuation and "no.".
// A copula or "has number" may join them ("mitt pass har nummer …", "číslo pasu je …").
// An article may stand before the word for number ("Mein Pass hat die Nummer …").
const NUMBER_WORD =
  /^[\s:#.,()\-–]*(?:(?:har|has|hat|heeft|ma|má|je|jest|är|er|is|ist|est|es|è|é|to)\s+)?(?:(?:the|a|die|eine|la|le|el|il|o|a|de|het|een)\s+)?(?:(?:nr|no|n°|nº|n\.º|č|číslo|cislo|nummer|number|numer|numero|número|num)\.?[\s:#.()\-–]*)?(?:(?:je|jest|är|er|is|ist|est|es|è|é|to)\s+)?$/u;

// The sentence after the one naming the id refers back to it by a word for "number" ("My PESEL is
// wrong in your system. The correct number is …", "Die richtige Nummer lautet …"): the keyword
// still names the number when nothing but that sentence stands between (same paragraph).
const NUMBER_NOUN =
  /(?<![\p{L}\p{N}])(?:number|nummer|numer|num[ée]ro|n[úu]mero|[čc][íi]slo|numara|one|it|er|sie|ele|het|den|det)(?![\p{L}\p{N}])/u;
const PHONE =
  /(?<![\p{L}\p{N}])(?:phone|tel|telefon|t[ée]l[ée]phone|tel[ée]fono|telefone|telefonu|mobil|handy|gsm)/u;
// "Our number": the desk's own, not the customer's id.
const OUR =
  /(?<![\p{L}\p{N}])(?:our|unser\p{L}*|nasz\p{L}*|notre|nos|nuestr\p{L}*|nostr\p{L}*|noss\p{L}*|onze|vores|vår\p{L}*|naš\p{L}*|bizim)(?![\p{L}\p{N}])/u;

/** True when `between` (keyword → number) ends in a sentence that refers back to the keyword. */
function anaphor(between: string): boolean {
  if (/\n[ \t]*\r?\n/.test(between)) return false;
  const ends = [...between.matchAll(/[!?;.](?:\s|$)/gu)];
  const last = ends.at(-1);
  if (last === undefined) return false;
  const tail = between.slice(last.index + last[0].length);
  return (
    tail.length <= 48 &&
    NUMBER_NOUN.test(tail) &&
    !PHONE.test(tail) &&
    !OTHER_LABEL.test(tail) &&
    !OUR.test(tail) &&
    !/(?<![\p{L}\p{N}])(?:ref|r[ée]f[ée]ren|referen|riferiment|case|fall|dossier|caso|sprawa)/u.test(tail)
  );
}

/**
 * Lower case, with `_` read as a space: a configuration key, a log field or a CSV header joins its
 * words so (`steuer_id=`, `national_id`, `ni_number`), and the keyword patterns are written with
 * spaces. One character for one, so offsets stay those of the text.
 */
function keyWords(s: string): string {
  return s.toLowerCase().replace(/_/g, ' ');
}

export interface KeywordContext {
  /**
   * Words that name the number (global + unicode flags; lower case; their own boundaries).
   * The last occurrence in the window is the one that counts.
   */
  strong: RegExp;
  /** Short, ambiguous words that count only when the number follows them directly. */
  weak?: RegExp;
  /** Characters before the candidate searched for a keyword. */
  radius?: number;
  /**
   * The keyword may stand in an earlier sentence of the same paragraph (no blank line, no other
   * long number between): for printed layouts that are already half the evidence.
   */
  acrossSentences?: boolean;
}

function lastMatch(re: RegExp, s: string): RegExpExecArray | undefined {
  re.lastIndex = 0;
  let last: RegExpExecArray | undefined;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    last = m;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

/** True when a keyword of `kw` introduces the number that starts at `start`. */
export function keywordBefore(text: string, start: number, kw: KeywordContext): boolean {
  const window = keyWords(text.slice(Math.max(0, start - (kw.radius ?? DEFAULT_RADIUS)), start));
  const strong = lastMatch(kw.strong, window);
  const weak = kw.weak ? lastMatch(kw.weak, window) : undefined;
  if (weak && (!strong || weak.index > strong.index)) {
    if (NUMBER_WORD.test(window.slice(weak.index + weak[0].length))) return true;
  }
  if (!strong) return columnNamed(text, start, kw.strong);
  const between = window.slice(strong.index + strong[0].length);
  if (OTHER_NUMBER.test(between) || OTHER_LABEL.test(between)) return columnNamed(text, start, kw.strong);
  if (kw.acrossSentences) return !/\n[ \t]*\r?\n/.test(between);
  if (anaphor(between)) return true;
  // The keyword ends its sentence ("Bitte die Steuer-ID. Die Nummer …"): the period is not an
  // abbreviation's when a lower-case word follows the next capital.
  const endsAtKeyword = /^\.\s+\p{Lu}\p{Ll}/u.test(text.slice(start - between.length, start));
  const lineBreaks = between.split('\n').length - 1;
  // A label alone on its line (HTML rendered to text) may stand a few blank lines above its value.
  const labelOnly = /^[\s:#.()\-–]*$/.test(between);
  return (
    ((lineBreaks <= 2 || (labelOnly && lineBreaks <= 4)) && !endsAtKeyword && !SENTENCE_END.test(between)) ||
    columnNamed(text, start, kw.strong)
  );
}

// What may stand between a number and the word naming it after it: "44051401359 (PESEL)",
// "86095742719 – Steuer-ID", "AB123456C = NINO", and a copula or possessive in the desk
// languages ("65740977216 is my tax ID", "82051860998 to mój PESEL", "(mein Pass)").
const AFTER_GAP =
  /^[ \t]{0,3}(?:[([–=,-][ \t]{0,3}|(?:is|ist|est|es|é|è|to|är|er|je|jest)[ \t]+)?(?:(?:my|mein|meine|meiner|mon|ma|mi|il mio|la mia|o meu|a minha|meu|minha|mój|moja|moje|min|mitt|mijn|benim|můj|moje)[ \t]+)?/u;
const AFTER_REACH = 48;

/** True when a strong keyword of `kw` follows the number that ends at `end`, in brackets or after a dash. */
export function keywordAfter(text: string, end: number, kw: KeywordContext): boolean {
  const window = keyWords(text.slice(end, end + AFTER_REACH));
  const gap = AFTER_GAP.exec(window)?.[0].length ?? 0;
  const rest = window.slice(gap);
  kw.strong.lastIndex = 0;
  const m = kw.strong.exec(rest);
  if (m === null) return false;
  if (m.index === 0) return true;
  // A few words may lead to it ("82051860998 – to jest numer PESEL syna"), but no digit or sentence
  // end, and the keyword must not introduce a value of its own ("…, PESEL: 44051401359").
  const lead = window.slice(0, gap + m.index);
  const after = window.slice(gap + m.index + m[0].length);
  return SHORT_LEAD.test(lead) && LEAD_NOUN.test(lead) && !/^[\s:#=]*\d/.test(after);
}

// Up to four words, dashes and brackets between a number and the keyword after it, one of them a
// word for "number" (not "call 943 476 5919 for the NHS").
const SHORT_LEAD = /^[\s([–=,:-]*(?:[\p{L}]+[\s(]+){1,4}$/u;
const LEAD_NOUN =
  /(?<![\p{L}\p{N}])(?:number|nummer|numer|num[ée]ro|n[úu]mero|[čc][íi]slo|numara\p{L}*|nr|no)(?![\p{L}\p{N}])/u;

// The label of another kind of number right before the candidate ("Bestellnummer 65740977216
// (Steuer-ID fehlt)", "Faktura nr 1850415400006 CNP"): a word naming an id after it does not make
// that number the id.
const OTHER_LABEL_BEFORE = new RegExp(
  `${OTHER_LABEL.source}\\p{L}*\\.?[ \\t:#.\\-–]*(?:(?:nr|no|n°|nº|number|nummer|numer|numero|número|č)\\.?[ \\t:#.\\-–]*)?$`,
  'u',
);

/** A keyword before the number (as `keywordBefore`) or right after it (as `keywordAfter`). */
export function keywordNear(text: string, start: number, end: number, kw: KeywordContext): boolean {
  if (keywordBefore(text, start, kw)) return true;
  if (!keywordAfter(text, end, kw)) return false;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 40);
  return !OTHER_LABEL_BEFORE.test(keyWords(text.slice(lineStart, start)));
}

// Cell separators of the tables people paste or attach: CSV (";" or ","), tab, markdown "|".
const SEPARATORS = [';', '\t', ',', '|'] as const;
// How far up a header is looked for: a spreadsheet export of a class or a payroll fits.
const MAX_HEADER_REACH = 64 * 1024;

// The header of the last table looked at: candidates of one table come in order, so each finds
// its header by reading only the lines since the previous one (linear over the whole table).
let lastTable: { text: string; line: number; header: number } | undefined;

/** Where the header line of the table block holding the line at `lineStart` starts. */
function headerLine(text: string, lineStart: number): number {
  const t = lastTable;
  if (
    t !== undefined &&
    t.text === text &&
    t.line <= lineStart &&
    !/\n[ \t]*\r?\n/.test(text.slice(t.line, lineStart))
  ) {
    t.line = lineStart;
    return t.header;
  }
  const floor = Math.max(0, lineStart - MAX_HEADER_REACH);
  let header = lineStart;
  while (header > floor) {
    const prev = text.lastIndexOf('\n', header - 2) + 1;
    if (/^[ \t]*\r?$/.test(text.slice(prev, header - 1)) || prev < floor) break;
    header = prev;
  }
  lastTable = { text, line: lineStart, header };
  return header;
}

/**
 * True when the number stands in a table cell whose column header names it (a CSV or
 * spreadsheet with a "pesel" or "Steuer-ID" column): the header is the first line of the block.
 */
function columnNamed(text: string, start: number, strong: RegExp): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', start);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const before = text.slice(lineStart, start);
  const sep = SEPARATORS.find((c) => line.includes(c));
  if (sep === undefined) return false;
  const header = headerLine(text, lineStart);
  if (header === lineStart) return false;
  const cell = before.split(sep).length - 1;
  const headerEnd = text.indexOf('\n', header);
  const name = text.slice(header, headerEnd === -1 ? text.length : headerEnd).split(sep)[cell];
  if (name === undefined || name.length > 64) return false;
  strong.lastIndex = 0;
  return strong.test(keyWords(name));
}

/** A keyword alternation with word boundaries and any continuation ("pesel", "peselu"). */
export function keywordStems(...stems: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.join('|')})[\\p{L}]*`, 'gu');
}

/** Whole words only ("pas" but not "password", "tc" but not "tcp"). */
export function keywordWords(...words: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

/**
 * A number right after "<digit>," is the decimals of an amount ("1,970228…"); after any other
 * comma it may be a CSV cell ("Sandberg,970228-9936"), which the patterns' look-behinds let through.
 */
export function afterDecimalComma(text: string, start: number): boolean {
  return text[start - 1] === ',' && /\d/.test(text[start - 2] ?? '');
}

/**
 * A number followed by ",<digit>" has decimals ("143029101,50") unless it is a CSV cell: a comma
 * before it as well, and the next cell may start with a digit ("Jan,143029101,01-02-1980").
 */
export function beforeDecimalComma(text: string, start: number, end: number): boolean {
  return text[end] === ',' && /\d/.test(text[end + 1] ?? '') && text[start - 1] !== ',';
}
