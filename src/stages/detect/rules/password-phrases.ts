/**
 * Password values of more than one token, and code words that name no password: what the keyword
 * rule (password-evidence.ts) asks about a value that its one-token reading cannot judge.
 * - A passphrase after "Label:" filling the rest of its line ("PSW: lampada nuvola sentiero fiume"):
 *   three to seven words of one case, none of them a word that makes a sentence.
 * - Digits in groups after "Label:" ("WLAN-Schlüssel: 8471 2290 1133 4410"): router keys are printed so.
 * - A quoted phrase after a copula in the keyword's sentence ("… mówił, że to „Ala ma kota 2019”").
 * - A code word on a line about a discount ("Spar 20 % med koden VINTER25"): a promotion code.
 */
import { PASSWORD_STATE_WORDS } from './password-keywords.js';
import type { Span } from './rule.js';

// Words that make a run of words a sentence rather than a passphrase: articles, pronouns,
// prepositions, conjunctions, negations, auxiliaries and a few adverbs, in the twelve languages.
const FUNCTION_WORDS = new Set(
  (
    'the a an and or but not no is are was were be been has have had do does did will can cannot could should ' +
    'would i you he she it we they my your our his her its their me him us them this that these those there ' +
    'here to of in on at for from with by as if so still yet since until anymore again please just only also ' +
    'der die das den dem des ein eine einen einem einer und oder aber nicht kein keine ist sind war waren hat ' +
    'habe haben wird kann ich du er sie es wir ihr mein meine dein sein noch nur auch mehr schon immer mit von ' +
    'zu im am auf für bei nach seit bis wie wenn dass le la les un une des et ou mais ne pas plus est sont était ' +
    'je tu il elle nous vous ils mon ma mes ton ta votre vos ce cette ces de du au aux en dans sur pour par avec ' +
    'sans que qui encore toujours déjà el los las unos unas y o pero no es son era está están fue yo mi mis tu ' +
    'su sus lo del al con sin por para que ya todavía aún más il lo gli uno una e ed ma non è sono era io mio ' +
    'mia tuo suo di da nel con senza per che ancora più già de het een en of maar niet geen is zijn was waren ik ' +
    'jij hij zij wij mijn jouw uw van op te met voor bij nog meer al weer o os uma e ou mas não é são era eu meu ' +
    'minha seu sua do da dos das no na em com sem para que ainda mais já i lub ale nie jest są był była było ja ' +
    'ty on ona my wy mój moja twój w we z ze na do od po przez dla że już jeszcze och eller men inte är var jag ' +
    'du han hon vi ni min mitt din ditt och på av för med till från att som har redan fortfarande og eller ikke ' +
    'er var jeg han hun vi min mit din dit af til fra at som har stadig allerede a nebo ale ne je jsou byl byla ' +
    'bylo já ty on ona my vy můj moje tvůj v ve z ze na do od po pro s se že už ještě ve veya ama değil bir bu ' +
    'şu o ben sen biz siz benim senin ile için gibi da de ki hala hâlâ artık yine maalesef ' +
    // "See the attachment" where a value would stand ("Mot de passe : voir pièce jointe").
    'see siehe voir ver vedi zie veja patrz viz bak bakın attachment anhang pièce jointe adjunto ' +
    'adjunta allegato bijlage anexo załącznik bilaga bilagan vedhæftet příloha ekte ' +
    // What a password policy says where a value would stand ("Passwort: mindestens zwölf Zeichen").
    'least minimum maximum characters letters digits mindestens zeichen buchstaben ziffern moins caractères ' +
    'lettres chiffres mínimo caracteres letras dígitos almeno caratteri lettere cifre minimaal tekens ' +
    'cijfers mínimo caracteres dígitos najmniej znaków liter cyfr minst tecken siffror mindst tegn ' +
    'cifre nejméně znaků písmen číslic en az karakter harf rakam'
  ).split(' '),
);
const STATE_WORDS = new Set(PASSWORD_STATE_WORDS);

// The rest of a line: three to seven words of letters, one blank apart (a bounded look); or two
// words or more and a number or symbol last ("Mein Hund Bello 2018", "gatto tigre 42!").
const PHRASE = /^(\p{L}{2,14}(?: \p{L}{2,14}){2,6})[ \t]*(?:\r?\n|$)/u;
const PHRASE_NUMBERED = /^(\p{L}{2,14}(?: \p{L}{2,14}){1,5} [\d!#$%&*+?@]{1,8})[ \t]*(?:\r?\n|$)/u;

/** The passphrase filling the rest of the line at `at`, after a label and its ":". */
export function passphraseAt(text: string, at: number): Span | undefined {
  const slice = text.slice(at, at + 110);
  const m = PHRASE.exec(slice) ?? PHRASE_NUMBERED.exec(slice);
  if (!m) return undefined;
  const phrase = m[1] as string;
  const words = phrase.split(' ').filter((w) => /^\p{L}+$/u.test(w));
  // One case throughout: all lower case ("lampada nuvola sentiero fiume") or each word capitalised.
  const lower = words.every((w) => w === w.toLowerCase());
  const titled = words.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w));
  // A sentence starts with a capital and goes on in lower case: one case throughout, or a number
  // to end it, and none of the sentence words below.
  const sentenceCase =
    /^\p{Lu}/u.test(words[0] as string) && words.slice(1).every((w) => w === w.toLowerCase());
  if (!lower && !titled && !(sentenceCase && words.length < phrase.split(' ').length)) return undefined;
  if (words.some((w) => FUNCTION_WORDS.has(w.toLowerCase()) || STATE_WORDS.has(w.toLowerCase())))
    return undefined;
  return { start: at, end: at + phrase.length };
}

// Four or five digits in three to eight groups, one blank apart, filling the rest of the line.
const DIGIT_GROUPS = /^\d{4,5}(?: \d{4,5}){2,7}(?=[ \t]*(?:\r?\n|$))/;

/** A key printed in groups of digits ("8471 2290 1133 4410 2291") at `at`, after "Label:". */
export function groupedDigitsAt(text: string, at: number): Span | undefined {
  const m = DIGIT_GROUPS.exec(text.slice(at, at + 60));
  return m ? { start: at, end: at + m[0].length } : undefined;
}

// A copula, then an opening quote: "is "…"", "to „…”", "est « … »", "ist „…“".
const COPULA_QUOTE =
  /(?:^|[\s,])(?:is|was|ist|lautet|war|est|était|es|era|è|é|är|var|er|je|jest|to|było|zní|olarak|idi)[ \t]+(["„“«‚'])[ \t]?/giu;
const CLOSING: Record<string, string> = { '"': '"', '„': '“”', '“': '”“', '«': '»', '‚': '‘’', "'": "'" };
// How far into the keyword's sentence the copula may stand.
const SENTENCE_WINDOW = 160;

/**
 * A quoted phrase of two words or more after a copula in the keyword's sentence: a digit or symbol
 * in it, or a passphrase of one case; no password word or state word inside (an error message
 * quoted after "is" names the password, it does not give it).
 */
export function quotedAfterCopula(text: string, from: number): Span | undefined {
  let window = text.slice(from, from + SENTENCE_WINDOW);
  // The keyword's sentence only: a full stop, a question or a line break ends it.
  const stop = window.search(/[.!?](?:\s|$)|\r?\n/);
  if (stop !== -1) window = window.slice(0, stop);
  COPULA_QUOTE.lastIndex = 0;
  const m = COPULA_QUOTE.exec(window);
  if (!m) return undefined;
  const open = m[1] as string;
  const innerFrom = m.index + m[0].length;
  const rest = text.slice(from + innerFrom, from + innerFrom + 100);
  let close = -1;
  for (let i = 0; i < rest.length && close === -1; i++) {
    if (rest[i] === '\n') break;
    if ((CLOSING[open] as string).includes(rest[i] as string)) close = i;
  }
  if (close < 3) return undefined;
  const inner = rest.slice(0, close).trimEnd();
  const words = inner.split(/[ \t]+/);
  if (words.length < 2 || words.length > 10) return undefined;
  const bare = words.map((w) => w.replace(/[,;:]$/, '').toLowerCase());
  if (bare.some((w) => STATE_WORDS.has(w) || KEYWORDISH.test(w))) return undefined;
  const marked = /[\d!#$%&*+=?@^_~]/.test(inner);
  if (!marked && passphraseAt(`${inner}\n`, 0) === undefined) return undefined;
  const start = from + innerFrom;
  return { start, end: start + inner.length };
}

// Password words that make a quoted phrase a message about the password ("invalid password").
const KEYWORDISH =
  /^(?:pass|password|passwort|kennwort|mot|mdp|contraseña|clave|senha|wachtwoord|hasło|haslo|heslo|lösenord|adgangskode|kodeord|şifre|sifre|parola|pin|code|kod|kode|login)/u;

// Code words ("koden", "code", "kod", "código") are also a shop's discount codes.
const CODE_WORD = /^(?:kode|koden|koder|kod|koden|kodu|kód|code|codes|codice|código|codigo)$/iu;
// On the line before the code word: a percentage, or a word about a discount or an offer.
const PROMOTION =
  /\d[ \t]?%|%[ \t]?\d|rabat|discount|promo|coupon|voucher|gutschein|sconto|korting|descuento|desconto|indirim|sleva|kupon|remise|réduction|reduction|erbjudande|tilbud|aanbieding|oferta|offerta|angebot|newsletter|nyhetsbrev|nyhedsbrev/i;

/** Whether the code word at [start, end) stands in a line about a discount: a promotion code. */
export function promotionCode(text: string, start: number, end: number): boolean {
  if (!CODE_WORD.test(text.slice(start, end))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return PROMOTION.test(text.slice(Math.max(lineStart, start - 80), start));
}

// "j'ai mis X comme mot de passe", "I used X as the password", "ich habe X als Passwort gesetzt":
// a value, "as" in the twelve languages, at most two short words (an article, "new"), the keyword.
const VALUE_AS =
  /(?:^|[ \t])(\S{6,64})[ \t]+(?:as|als|comme|como|come|jako|som|olarak)(?:[ \t]+\p{L}{1,8}){0,2}[ \t]+$/u;

/** The value written before "as" and the keyword, on the keyword's line; `shaped` judges it. */
export function valueBeforeAs(
  text: string,
  keywordAt: number,
  shaped: (v: string) => boolean,
): Span | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', keywordAt - 1) + 1, keywordAt - 100);
  const before = text.slice(lineStart, keywordAt);
  const m = VALUE_AS.exec(before);
  if (!m) return undefined;
  const value = m[1] as string;
  // "anna.k: as the password": a speaker's or a label's name ends with ":", a value does not.
  if (/[:,;]$/.test(value) || !shaped(value)) return undefined;
  const start = lineStart + m.index + m[0].indexOf(value);
  return { start, end: start + value.length };
}

// The keyword's line ends with a copula or "lautet"/":" after a few words: the sentence goes on in
// the next paragraph ("… van onze webshop is" / blank line / "Chamois#2023"), as HTML paragraphs
// come out of html-to-text. A bounded look at the rest of the line; no sentence end before.
// Or with a word pointing below ("my password is below", "staat hieronder", "steht unten").
const ENDS_WITH_COPULA =
  /^[^\r\n.!?]{0,120}?[ \t](?:is|ist|lautet|est|es|è|é|är|er|je|jest|to|zní|são|é|sind|sont|son|sono|zijn|olarak|below|underneath|as follows|unten|untenstehend|folgt|ci-dessous|en dessous|suit|abajo|a continuación|abaixo|a seguir|sotto|qui sotto|di seguito|hieronder|poniżej|nedan|nedenfor|herunder|níže|dole|aşağıda)[ \t]*[:.]?[ \t]*\r?\n/iu;
// Then at most two blank lines and the value alone on its line.
const ALONE_BELOW = /^(?:[ \t>]*\r?\n){0,2}[ \t>]*(\S{6,64})[ \t]*(?:\r?\n|$)/;

const POLICY_WORDS =
  /requir|rules?\b|polic|anforder|richtlin|regeln|règle|exigen|requisit|regla|regol|vereist|eisen|wymag|zasad|krav|regler|požad|pravidl|gereksin|kural/i;

/** The value alone on the line below a keyword's line that ends with a copula; `shaped` judges it. */
export function valueBelowCopula(
  text: string,
  from: number,
  shaped: (v: string) => boolean,
): Span | undefined {
  const line = ENDS_WITH_COPULA.exec(text.slice(from, from + 130));
  // "The password requirements are below": the rules for a password, not one.
  if (!line || POLICY_WORDS.test(line[0])) return undefined;
  const at = from + line[0].length;
  const m = ALONE_BELOW.exec(text.slice(at, at + 80));
  if (!m) return undefined;
  const value = m[1] as string;
  if (!shaped(value)) return undefined;
  const start = at + m[0].indexOf(value);
  return { start, end: start + value.length };
}

// "new login = X", "my login is X": a login word used for the secret itself. After "=" or a copula
// only (a user name follows "login:"), and only a value no user name looks like: letters, digits and
// a symbol, no "@", "." or path.
const LOGIN_VALUE =
  /^[ \t]*(?:=|is|ist|est|es|è|é|är|er|je|jest|é|era|was|war)[ \t]+(\S{6,64})(?=[\s,;)]|$)/u;

/** The secret given as a "login" ("the new login = Kestrel77$"). */
export function secretAsLogin(text: string, from: number): Span | undefined {
  const m = LOGIN_VALUE.exec(text.slice(from, from + 80));
  if (!m) return undefined;
  const raw = m[1] as string;
  const value = raw.replace(/[.,;:!?]+$/, (p) => (p.startsWith('!') ? p : ''));
  if (!/\p{L}/u.test(value) || !/\d/.test(value) || !/[!#$%&*+?^~=]/.test(value) || /[@./\\]/.test(value))
    return undefined;
  const start = from + m[0].length - raw.length;
  return { start, end: start + value.length };
}

/** The patterns above, for the step-counting test (each runs on a bounded slice after a keyword). */
export const PHRASE_PATTERNS: readonly RegExp[] = [
  LOGIN_VALUE,
  PHRASE,
  PHRASE_NUMBERED,
  DIGIT_GROUPS,
  COPULA_QUOTE,
  VALUE_AS,
  ENDS_WITH_COPULA,
  ALONE_BELOW,
];
