/**
 * Passwords found by evidence rather than by phrase: a keyword of the multilingual dictionary, then
 * the value judged by its shape and by what stands between it and the keyword. A ":" or a tab (a
 * form, a table row turned into text) lets any plausible value through, also alone on a later line
 * (HTML whose label and value were torn apart); running text ("mijn wachtwoord Regenjas2021- is",
 * "hasłem D33IwsZkE0vub7IL") only a value shaped like a chosen password, a few words away at most.
 */

import type { KeywordScan } from './keywords.js';
import {
  ALL_ANCHORS,
  anchorsOfKinds,
  isPlaceCode,
  isWifiKey,
  type KeywordHit,
  keywordHits,
  kindOfWord,
} from './password-context.js';
import {
  groupedDigitsAt,
  passphraseAt,
  promotionCode,
  quotedAfterCopula,
  valueBeforeAs,
  valueBelowCopula,
} from './password-phrases.js';
import { beforeNextPair, looksLikePassword, plausiblePassword } from './password-values.js';
import { type Rule, type Span, trimTrailingPunctuation } from './rule.js';

// How far after a keyword its value may stand: a label, a few words, a separator, blank lines.
const WINDOW = 200;
const MAX_WORDS = 5;
// Blank lines a value may sit below its "Label:" (HTML paragraphs turned into text).
const MAX_LINE_BREAKS = 6;

// Verbs that join a label to its value: "is", "ist", "lautet", "est", "es", "è", "é", "är", "er",
// "je", "jest", "to", "was", "war", "var", "era", "était", "zní", "olarak" …
const VERBS = new Set(
  'is was are ist lautet war lautete est était es era è é är var er var je jest to było byl bylo byla był zní olarak idi şu'.split(
    ' ',
  ),
);
const DASHES = new Set(['-', '–', '—', '->', '=>', '→']);
// Words that close a message or a line, never a password when alone on their line after "Password:".
const SIGN_OFFS = new Set(
  'thanks thank regards cheers danke gruß grüße merci cordialement gracias saludos grazie saluti bedankt groeten mvg obrigado obrigada abraços dziękuję pozdrawiam tack hälsningar mvh hilsen tak děkuji díky teşekkürler saygılarımla'.split(
    ' ',
  ),
);
// Wrapping marks around a value: bold (*x*), quotes, guillemets, brackets.
const WRAP = /^([*_"'“„«‚‘(]{1,2})(.+?)([*_"'”“»’‘)]{1,2})$/u;
// A word with an elided article or preposition: "dell'area", "l'accès", "d’accès" is prose.
const ELISION = /^\p{L}{1,7}['’]\p{L}/u;
// Host names, IP addresses, file names, phone numbers and amounts fill the same slots in prose.
const HOST = /^(?:[\p{L}\d-]+\.)+\p{L}{2,}$/u;
const FILE = /\.(?:pdf|docx?|xlsx?|csv|zip|png|jpe?g|gif|txt|eml|msg|html?|php|json|ya?ml|xml|ini|log|exe)$/i;
const NUMERIC = /^[+#(]?[\d\s().,/:-]+[)]?$/;
const YEAR = /^(?:19|20)\d\d$/;
// Words between a label and its value that make it the label of another secret: an API key, an SSH
// key, a licence or product key, a recovery code.
const OTHER_SECRET =
  /^(?:api|apis|token|ssh|gpg|pgp|licen[cs]e|lizenz|licencia|licenza|licencja|licence|product|produkt|produit|producto|prodotto|serial|activation|aktivierung|recovery|backup)$/i;
// Templates and masks, also when cut at a blank ("<your smtp password>", "${DB_PASS}", "[FILTERED]").
const TEMPLATE = /^(?:<|\$\{|\{\{|\{%|\[|%\w+%|%\(|%[A-Za-z_]+$)/;
// A value line that is itself a key ("SMTP_PASS=…", "User: x"): the label above it was left empty.
const KEY_LINE = /^[\p{L}\p{N}_.-]{1,40}[ \t]*[:=]/u;

// Emphasis closed right after a label's colon, before a blank or the line's end.
const CLOSING_MARK = /^(?:\*{1,2}|_{1,2}|<\/(?:b|strong|em|i|u|span|label|th|td)>)(?=[ \t\r\n]|$)/i;

// Wi-Fi security modes as routers list them.
const SECURITY_MODE =
  /^(?:wpa[23]?|wep|wpa2\/wpa3)(?:[-/ ]?(?:personal|enterprise|psk|sae|aes|tkip|mixed|ccmp|eap|wpa[23]?))*$/i;

// A Turkish case suffix written after an apostrophe on a name: 'de, 'dan, 'dekiyle, 'ya.
const TURKISH_SUFFIX = /['’]\p{Ll}{1,10}$/u;

type Separator = 'none' | 'weak' | 'strong';

interface Judging {
  kind: KeywordHit['kind'];
  sep: Separator;
  words: number;
  ownLine: boolean;
  tab?: boolean;
  /** Tab-separated cells on the keyword's row, when a tab follows the keyword. */
  cells?: number;
}

/** A value chosen as a password, good enough without a ":" before it. */
export function passwordShaped(v: string): boolean {
  // A Turkish case ending after an apostrophe (".my.cnf'dekiyle", "config.php'de", "gmail.com'a")
  // leaves the name it is glued to: judge that name.
  const base = v.replace(TURKISH_SUFFIX, '');
  if (!looksLikePassword(v) || ELISION.test(v) || HOST.test(base) || FILE.test(base) || NUMERIC.test(v))
    return false;
  // A mailbox named by its local part ("faktury@", "info@") is an address, not a password.
  // Command-line flags ("--dry-run") and markup ('name="pwd"', "key=value") fill value slots too.
  if (/^--?\p{L}/u.test(v) || /=["']|^[\p{L}_]+=/u.test(v)) return false;
  if (/^[\p{L}._-]+@$/u.test(v) || /^[@#]/.test(v) || /^\p{L}+[.!?,;:]+$/u.test(v)) return false;
  // A Wi-Fi security mode ("WPA2-Personal", "WPA3-SAE") or a key chord ("Ctrl+Alt+Del") is a setting.
  if (SECURITY_MODE.test(v) || /^(?:ctrl|strg|alt|shift|cmd|win|fn)\+/i.test(v)) return false;
  // A dot-file or an extension (".netrc", ".env.local") is a file the sentence is about.
  if (/^\.[\p{L}\d_-]+(?:\.[\p{L}\d_-]+)?$/u.test(base)) return false;
  // Letters and digits or symbols both: a word with an inner capital alone ("iPhone") is a name.
  return /[\p{L}]/u.test(v) && /[^\p{L}]/u.test(v);
}

// Words, not a value: "für/for", "und/oder" (letters parted by slashes); a compound ending in a
// dictionary word ("WLAN-Schlüssel", "Admin-Passwort"); a CSV cell's word and the next cell
// ("empty,e83c5163…": a row read across its comma).
function wordsNotValue(v: string): boolean {
  if (/^\p{L}{1,12}(?:\/\p{L}{1,12})+$/u.test(v) || /^\p{L}+,\S/u.test(v)) return true;
  // A quoted button or word with a case ending glued to its closing quote (Turkish '"Şifremi
  // unuttum"a bastım': I pressed "Forgot my password").
  if (/^\p{L}+["”»]\p{Ll}{1,4}$/u.test(v)) return true;
  const parts = /^\p{L}+(?:-\p{L}+)+$/u.test(v) ? v.split('-') : undefined;
  return parts !== undefined && kindOfWord(parts[parts.length - 1] as string) !== undefined;
}

function accept(v: string, j: Judging): boolean {
  if (!plausiblePassword(v) || ELISION.test(v) || TEMPLATE.test(v) || kindOfWord(v) !== undefined)
    return false;
  if (wordsNotValue(v)) return false;
  const digits = /^\d{4,12}$/.test(v);
  // A router's Wi-Fi key is often 16-20 digits ("senha do wifi: 24041346357085053187").
  if (j.sep === 'strong' && /^\d{13,64}$/.test(v) && j.kind !== 'pin') return true;
  if (j.kind === 'pin') return /^\d{4,8}$/.test(v) && !(j.words > 0 && YEAR.test(v));
  if (j.sep === 'strong' && j.words === 0) {
    if (j.ownLine && SIGN_OFFS.has(v.toLowerCase())) return false;
    // A plain word after a tab is a table header's next column ("Kennwort\tBemerkung"), not a value.
    if (j.tab && /^\p{L}+(?:[- ]\p{L}+)*$/u.test(v)) return false;
    // In a row of three cells or more, words parted by "/", "_" or "." are header cells too
    // ("Hasło⇥Rola/role", "Passwort⇥Notiz_intern"): a header row, the passwords are in the rows below.
    if (j.tab && j.cells !== undefined && j.cells >= 3 && /^\p{L}+(?:[-/_. ]\p{L}+)*$/u.test(v)) return false;
    return !HOST.test(v) || /\d/.test(v);
  }
  if (digits) return (j.words === 0 || j.sep === 'strong') && !YEAR.test(v);
  if (!passwordShaped(v)) return false;
  // Several words before the value: only a clearly chosen one ("lösenordet i er panel till Olle040796").
  return j.words === 0 || j.sep === 'strong' || v.length >= 8 || /[^\p{L}\p{N}]/u.test(v);
}

/** The value inside wrapping marks and without sentence punctuation, as [offset, length] in the token. */
function unwrap(token: string): [number, number] {
  const w = WRAP.exec(token);
  if (w) {
    const open = w[1] as string;
    const inner = w[2] as string;
    return [open.length, trimTrailingPunctuation(inner)];
  }
  // A closing mark with no opener, or an opener with no closer: drop them ("(8825).", "*Bello*,").
  const lead = /^[*_"'“„«(]+/.exec(token)?.[0].length ?? 0;
  let body = beforeNextPair(token.slice(lead));
  body = body.replace(/[*_"'”»)]+(?=[.,;:!?]*$)/u, (m) => (body.includes('(') && m.includes(')') ? m : ''));
  return [lead, trimTrailingPunctuation(body)];
}

/** How many tab-separated cells the row holding `at` has (a bounded look at its line). */
function rowCells(text: string, at: number): number {
  const from = text.lastIndexOf('\n', at) + 1;
  const start = Math.max(from, at - 400);
  let end = text.indexOf('\n', at);
  if (end === -1 || end > at + 400) end = Math.min(text.length, at + 400);
  return text
    .slice(start, end)
    .split(/\t+/)
    .filter((c) => c.trim() !== '').length;
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';
const LABEL_AT_LINE_START = /(?:^|\n)[ \t>*-]*$/;
// A link's target that HTML-to-text writes on the line above the link's text: a mail client turned
// the value into a link ("Contraseña:\nhttps://webmail…/?u=…\npimenta.Lisboa17").
const LINK_LINE = /^(?:https?:\/\/|mailto:)\S{1,300}$/;

// "for your", "für Ihr", "pour votre": the word after a preposition and a possessive is what the
// password belongs to ("Passwort für Ihr Kaufhaus24-Kundenkonto"), not the password.
const FOR_WORDS = new Set(
  'for of on für fürs vom von zum zur pour du de del per para voor van för til till pro dla do için na om'.split(
    ' ',
  ),
);
const POSSESSIVES = new Set(
  (
    'your my our ihr ihre ihren ihres dein deine deinen mein meine meinen unser unsere unseren votre vos ton ' +
    'ta mon ma notre nos su sus tu mi tuo tua suo sua mio mia uw jouw mijn seu sua meu minha twoje twój moje mój ' +
    'wasze din ditt dit mitt min er ert vaše váš tvoje tvůj můj senin benim'
  ).split(' '),
);

/** The value a keyword introduces, if one stands close enough and looks like a password. */
export function valueAfter(text: string, hit: KeywordHit): Span | undefined {
  // A closing tag's name ("<Key>Title</Key><Value>Router</Value>") labels nothing after it.
  if (text[hit.end] === '>' && text.slice(Math.max(0, hit.wordStart - 2), hit.wordStart) === '</')
    return undefined;
  const limit = Math.min(text.length, hit.end + WINDOW);
  const kind = hit.kind === 'key' ? 'password' : hit.kind;
  let i = hit.end;
  let sep: Separator = 'none';
  let tab = false;
  // English "pass" is also a verb ("pass the parameter --dry-run"): its value must follow at once.
  const word = text.slice(hit.wordStart, hit.end).toLowerCase();
  // But Portuguese and French "a pass do correio de voz X", "le pass du wifi X" name what it is for.
  const passFor = /^[ \t]+(?:do|da|dos|das|du|de|del|della|dello|des)[ \t]/i.test(
    text.slice(hit.end, hit.end + 8),
  );
  const maxWords = word === 'pass' && !passFor ? 0 : MAX_WORDS;
  // Two-letter abbreviations ("ww", also "WW 12" for a week) label a value only with ":" or "=".
  if (word === 'ww' && !/^[ \t]*[:=]/.test(text.slice(hit.end, hit.end + 4))) return undefined;
  let words = 0;
  // 1 after "für"/"for", 2 after "für Ihr"/"for your": the next word is what the password is for.
  let afterFor = 0;
  let afterNetwork = false;
  // The network word was a Wi-Fi technology after "do"/"for"/"für" ("hasło do wifi", "Passwort fürs
  // WLAN"): it says what the password is for, it does not introduce a network's name.
  let forWifi = false;
  // Line breaks crossed after "is": HTML-to-text wraps a sentence between its verb and the value.
  let wrapped = false;
  // A label in quotes or brackets: `"password": …`, `(Passwort): …`.
  while (i < limit && /["'\])]/.test(text[i] as string)) i++;
  // Where the label and its closing quote end: a "," glued there makes it a CSV header cell.
  const labelEnd = i;
  while (i < limit) {
    const from = i;
    while (i < limit && isBlank(text[i])) i++;
    // A tab ends a label cell ("Lösenord\t\tX", "Senha da BIOS\t\t7076"): what follows is its value.
    if (sep === 'none' && text.slice(from, i).includes('\t')) {
      sep = 'strong';
      tab = true;
      // A label cell alone on its row, the value in the cell below (a one-column HTML table).
      if (text[i] === '\n' || text[i] === '\r') return valueBelow(text, i, limit, kind, words, true);
    }
    const ch = text[i];
    if (ch === undefined || i >= limit) return undefined;
    if (ch === ':' || ch === '=' || ch === '：') {
      sep = 'strong';
      i++;
      // The label's closing emphasis after its colon ("*Password:* X", "**Hasło:** X", "<b>PIN:</b> X"):
      // a plain-text alternative's bold, markdown or HTML; the value follows it.
      const close = CLOSING_MARK.exec(text.slice(i, i + 12));
      if (close) i += close[0].length;
      const below = valueBelow(text, i, limit, kind, words);
      if (below !== undefined) return below;
      continue;
    }
    if ((ch === '\n' || ch === '\r') && sep === 'none' && words === 0 && i === hit.end) {
      // "Password" alone on its line (an HTML label cell or a bold line), the value alone below it:
      // only a value shaped like a chosen password.
      if (LABEL_AT_LINE_START.test(text.slice(Math.max(0, hit.start - 12), hit.start)))
        return valueBelow(text, i, limit, kind, words, true);
      return undefined;
    }
    if ((ch === '\n' || ch === '\r') && sep === 'none' && words > 0 && words <= 4 && !wrapped) {
      // A label line of a few words ("Password de administração do router", "Kennwort des
      // NAS-Admins") and the value alone on the line below: only a value shaped like a password.
      if (LABEL_AT_LINE_START.test(text.slice(Math.max(0, hit.start - 12), hit.start)))
        return valueBelow(text, i, limit, kind, words, true);
      return undefined;
    }
    if (ch === '\n' || ch === '\r') {
      // "… Wi-Fi key for the office network is\nTEKQW8G4L6EE875RH738": one wrapped line, after a verb.
      const next = ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      if (sep !== 'weak' || wrapped || !/[^\s>]/.test(text[next] ?? '')) return undefined;
      wrapped = true;
      i = next;
      continue;
    }
    let end = i;
    while (end < limit && !/\s/.test(text[end] as string)) end++;
    const token = text.slice(i, end);
    const lower = token.toLowerCase();
    // A list or CSV separator glued to the keyword ("password,last_login", "WPA2-nyckel;Plats", a
    // regex "(password|token)"): the keyword is one item of a list, not a label.
    // A comma right after the keyword ends its clause too ("Das Passwort, das ich …"): what follows
    // is a relative clause or the next item, far more often a false value than the password.
    // After a closing quote only a separator glued to the next cell ('"password","notes"') is a CSV
    // header; "env('DB_PASSWORD', 'X')", '"--requirepass", "X"' are arguments, the value follows.
    // French typography sets its guillemets apart ("Mot de passe : « Lavande!42 »"): a lone quote
    // mark opens the value, it is not a word.
    if (/^[«»„“”‹›]$/.test(token)) {
      i = end;
      continue;
    }
    if (i === hit.end && /^[,;|]/.test(token)) return undefined;
    if (i === labelEnd && i > hit.end && /^[,;|]\S/.test(token)) return undefined;
    if (DASHES.has(token) || VERBS.has(lower)) {
      if (sep === 'none') sep = 'weak';
      i = end;
      continue;
    }
    const [off, len] = unwrap(token);
    const value = token.slice(off, off + len);
    // "Klucz WPA2 do sieci Funbox-3A7C to X": the word after a network word is the network's name.
    // But "hasło do wifi kbov-mgqz-4605": after "for Wi-Fi" a password-shaped token ending the line,
    // with no verb to follow, is the value — unless shaped like a network's name ("VIVO-BJM7").
    const valueForWifi =
      forWifi &&
      /^[ \t]*(?:\r?\n|$)/.test(text.slice(end, end + 40)) &&
      passwordShaped(value) &&
      !/^[\p{Lu}\d]+(?:[-_][\p{Lu}\d]+)*$/u.test(value);
    const isObject = (afterFor === 2 || (afterNetwork && !valueForWifi)) && sep === 'none';
    const wasFor = afterFor === 1;
    afterFor = FOR_WORDS.has(lower) ? 1 : afterFor === 1 && POSSESSIVES.has(lower) ? 2 : 0;
    if (wrapped && !passwordShaped(value)) return undefined;
    // "Password BIOS/IPMI: X": a token ending in ":" right after the keyword qualifies the label.
    const qualifier = sep === 'none' && token.length > 1 && token.endsWith(':');
    if (sep === 'strong' && words === 0 && kind !== 'pin') {
      // A passphrase only in a form's line ("PSW: lampada nuvola sentiero fiume"), not in prose.
      const formLine = LABEL_AT_LINE_START.test(text.slice(Math.max(0, hit.start - 12), hit.start));
      const more = groupedDigitsAt(text, i) ?? (formLine ? passphraseAt(text, i) : undefined);
      if (more) return more;
    }
    if (
      !isObject &&
      !qualifier &&
      len > 0 &&
      accept(value, {
        kind,
        sep,
        words,
        ownLine: false,
        tab,
        cells: tab ? rowCells(text, hit.start) : undefined,
      })
    ) {
      // "Passwort: leeg. Elke keer.", "Passwort: mindestens 12 Zeichen": a plain word that goes on
      // as a sentence.
      const sentence =
        /^\p{L}+$/u.test(value) &&
        /^[.,;:!?]?[ \t]+[\p{L}\p{N}]/u.test(text.slice(i + off + len, i + off + len + 40));
      return sentence ? undefined : { start: i + off, end: i + off + len };
    }
    // After ":" the first word was the value; it failed, so there is none.
    if (sep === 'strong' && !token.endsWith(':') && words === 0) return undefined;
    if (words >= maxWords || /[.!?;]$/.test(token) || /^[.!?;]/.test(token)) return undefined;
    const bare = token.replace(/[:,()]+$|^[(]+/g, '');
    // "clave de API", "Passwort für den SSH-Key": the label names another kind of secret.
    if (OTHER_SECRET.test(bare)) return undefined;
    const wordKind = kindOfWord(bare);
    afterNetwork = wordKind === 'wifi';
    forWifi = afterNetwork && wasFor && /^(?:wi-?fi|wlan)$/.test(bare.toLowerCase());
    // A user-name label in between: what follows is the user, not the password. An administrator
    // word only qualifies the password ("mdp admin de la box : X", "Passwort root: X").
    // After "of"/"do"/"für" it is what the password is for ("a senha do email é X").
    if (wordKind === 'user' && !wasFor) return undefined;
    if (wordKind === 'admin' && sep !== 'none') return undefined;
    // Turkish "de"/"da" after "şifresi" is "too" ("BIOS şifresi de X"), no word about the value.
    if (/^(?:de|da|te|ta)$/.test(lower) && /^(?:şifre|sifre|parola)/.test(word)) afterFor = 0;
    else words++;
    i = end;
    // "Passwort für den FTP:", "beheerderswachtwoord (192.168.178.1):": qualifier, then ":".
    if (token.endsWith(':') && token.length > 1) {
      sep = 'strong';
      const below = valueBelow(text, i, limit, kind, words);
      if (below !== undefined) return below;
    }
  }
  return undefined;
}

/** After "Label:" at the end of a line: the value alone on one of the next lines (blank lines skipped). */
function valueBelow(
  text: string,
  at: number,
  limit: number,
  kind: Judging['kind'],
  words: number,
  shaped = false,
): Span | undefined {
  let i = at;
  while (i < limit && isBlank(text[i])) i++;
  if (text[i] !== '\n' && text[i] !== '\r') return undefined;
  let breaks = 0;
  while (i < limit && /[\s>]/.test(text[i] as string)) {
    if (text[i] === '\n' && ++breaks > MAX_LINE_BREAKS) return undefined;
    i++;
  }
  if (breaks === 0 || i >= limit) return undefined;
  let end = i;
  while (end < text.length && end - i <= 130 && text[end] !== '\n' && text[end] !== '\r') end++;
  let line = text.slice(i, end).trimEnd();
  if (LINK_LINE.test(line)) {
    // The link's text on the next line is the value.
    i = end;
    while (i < text.length && i - end < 4 && (text[i] === '\r' || text[i] === '\n')) i++;
    end = i;
    while (end < text.length && end - i <= 130 && text[end] !== '\n' && text[end] !== '\r') end++;
    line = text.slice(i, end).trimEnd();
    if (line === '' || LINK_LINE.test(line)) return undefined;
  }
  // A key printed in digit groups fills its line ("8832 0417 6621 9904 1133").
  const groups = groupedDigitsAt(line, 0);
  if (groups && groups.end === line.length && kind !== 'pin') return { start: i, end: i + line.length };
  // The whole line, one token (or a quoted value with blanks inside).
  if (/\s/.test(line) && !/^(["'“]).*\1$/u.test(line)) return undefined;
  if (/[:=]$/.test(line) || KEY_LINE.test(line)) return undefined;
  // Alone on its line, the value is the whole line: "dom-slonce-39?" keeps its "?".
  const wrapped = WRAP.exec(line);
  const [off, len] = wrapped ? unwrap(line) : [0, line.length];
  const value = line.slice(off, off + len);
  if (len === 0 || !accept(value, { kind, sep: 'strong', words: 0, ownLine: true })) return undefined;
  // After "Password for the portal:" a plain word on the next line is more likely the next sentence.
  if ((words > 0 || shaped) && !passwordShaped(value) && !/^\d{4,12}$/.test(value)) return undefined;
  return { start: i + off, end: i + off + len };
}

/** Whether the identifier holding a keyword ("POSTGRES_PASSWORD") is a template variable's name. */
function inTemplate(text: string, at: number): boolean {
  let from = at;
  while (from > 0 && at - from < 40 && /[\w.-]/.test(text[from - 1] as string)) from--;
  return /[{$%<][ \t]?$/.test(text.slice(Math.max(0, from - 3), from));
}

// Before a keyword: "X je heslo do panelu", "X is the new password", "X ist das Passwort": a value at
// the start of its line (or after ":"), a verb, an optional possessive or article and "new".
const VALUE_BEFORE = new RegExp(
  '(?:^|[\\n:][ \\t]*)(\\S{6,128})[ \\t]+(?:is|ist|je|jest|est|es|è|é|är|er|to|was|war|era|var|olarak)' +
    '(?:[ \\t]+(?:the|my|our|das|mein|unser|le|mon|notre|la|el|mi|il|mio|o|a|meu|minha|het|mijn|de|min|mit|moje|nasze|benim))?' +
    '(?:[ \\t]+(?:new|neue|neues|nouveau|nouvelle|nuevo|nueva|nuovo|nuova|nieuwe|novo|nova|nowe|nya|nye|nové|yeni))?[ \\t]+$',
  'u',
);
const BEFORE_WINDOW = 180;

// The keyword's line begins "Det er koden", "That is the password", "Das ist das Passwort", "C'est le
// mot de passe", "To je heslo": a pronoun pointing back at the line above, a verb, an article.
const POINTS_BACK = new RegExp(
  "^[ \\t>]*(?:that|this|it|das|dies|es|c['’]|ce|esto|eso|esta|este|questa|questo|dit|dat|het|isso|isto|to|det|den|bu|tohle)" +
    '[ \\t]*(?:is|ist|est|es|è|é|är|er|je|jest|to|was|war|era|var|olarak)' +
    '(?:[ \\t]+(?:the|my|our|das|mein|unser|le|mon|notre|la|el|mi|il|mio|o|a|meu|minha|het|mijn|de|min|mit|moje|nasze|benim))?' +
    '(?:[ \\t]+(?:new|neue|neues|nouveau|nouvelle|nuevo|nueva|nuovo|nuova|nieuwe|novo|nova|nowe|nya|nye|nové|yeni))?[ \\t]+$',
  'iu',
);

/** A value alone on the line above one that starts "Det er koden …" (the value written first). */
function valueOnLineAbove(text: string, hit: KeywordHit): Span | undefined {
  const lineStart = text.lastIndexOf('\n', hit.start - 1) + 1;
  if (hit.start - lineStart > 60 || !POINTS_BACK.test(text.slice(lineStart, hit.start))) return undefined;
  // The line above, skipping at most one blank line.
  let end = lineStart - 1;
  if (end > 0 && text[end - 1] === '\r') end--;
  const from = Math.max(0, end - 130);
  const lines = text.slice(from, end).split(/\r?\n/);
  let line = lines.pop() ?? '';
  if (line.trim() === '' && lines.length) line = lines.pop() ?? '';
  const raw = line.trim();
  if (raw === '' || /\s/.test(raw) || !passwordShaped(raw) || !plausiblePassword(raw) || TEMPLATE.test(raw))
    return undefined;
  const start = text.lastIndexOf(raw, end);
  return start >= 0 ? { start, end: start + raw.length } : undefined;
}

/** The value standing before a keyword and its verb, on the keyword's line. */
function valueBefore(text: string, hit: KeywordHit): Span | undefined {
  const from = Math.max(0, hit.start - BEFORE_WINDOW);
  const before = text.slice(from, hit.start);
  const m = VALUE_BEFORE.exec(before.slice(before.lastIndexOf('\n') + 1 || 0));
  if (!m)
    return (
      valueBeforeAs(text, hit.start, (v) => passwordShaped(v) && plausiblePassword(v) && !TEMPLATE.test(v)) ??
      valueOnLineAbove(text, hit)
    );
  const raw = m[1] as string;
  const [off, len] = unwrap(raw);
  const value = raw.slice(off, off + len);
  if (!passwordShaped(value) || !plausiblePassword(value) || TEMPLATE.test(value)) return undefined;
  const lineStart = from + (before.lastIndexOf('\n') + 1 || 0);
  const start = lineStart + m.index + m[0].indexOf(raw) + off;
  return { start, end: start + len };
}

// A meeting link's passcode ("zoom.us/j/…?pwd=…") is shared with every invitee: not a login.
const MEETING_LINK = /zoom\.us\/|webex\.com\/|teams\.microsoft\.com\/|meet\.google\.com\//i;

/**
 * Whether a hit is a label rather than part of a longer name: not the first part of a compound or
 * identifier ("Passwort-Resets", "PASSWORD_MIN_LENGTH", "password.policy"), not a template variable
 * ("${POSTGRES_PASSWORD}", "%PASSWORD%"), not an HTML attribute value (type="password"), not the
 * "palabra clave" (keyword) of Spanish, not a meeting link's query parameter.
 */
function standsAlone(text: string, hit: KeywordHit): boolean {
  const after = text.slice(hit.end, hit.end + 2);
  if (/^(?:-\p{L}|[_.][\p{L}\p{N}]|_)/u.test(after) || inTemplate(text, hit.start)) return false;
  const before = text.slice(Math.max(0, hit.start - 9), hit.start);
  if (/=["']$/.test(before) && /^["']/.test(after)) return false;
  if (/palabras?[ \t]+$/i.test(before)) return false;
  if (/[?&]$/.test(before) && MEETING_LINK.test(text.slice(Math.max(0, hit.start - 200), hit.start)))
    return false;
  return true;
}

// A text that is a single file name (an attachment's name is scanned as a text of its own).
// No ":" (no file system allows it; a "Label: value" line does) and a common document extension.
const FILE_NAME =
  /^[^\r\n/\\:]{1,250}\.(?:zip|7z|rar|gz|tar|txt|pdf|docx?|xlsx?|pptx?|od[tsp]|csv|png|jpe?g|gif|eml|msg|ini|conf|cfg|json|ya?ml|xml|log|kdbx|pem|ppk|key|env|sql|bak)$/i;
// A blank, then one token ending in a document extension, then the end of the name: a file's name.
const NAMED_FILE_AFTER =
  /^ [^\s/\\:"'<>|()[\]]{1,80}\.(?:zip|7z|rar|txt|pdf|docx?|xlsx?|csv|kdbx)(?=[\s),;]|$)/i;
// A file name's extension, dropped before its last part is judged.
const EXTENSION = /\.[A-Za-z0-9]{2,4}$/;

/**
 * "export_pw_Falcon2015!.zip", "router_haslo_Orzel-Bialy2024.jpg": a file named after its password.
 * The part after "_" must be the name's last one (no "_" in it: "PASSWORD_MIN_LENGTH" is an
 * identifier) and clearly chosen: a digit, and mixed case or a symbol.
 */
function valueInName(text: string, hit: KeywordHit): Span | undefined {
  // In a text that is one file name ("wifi-passwort Sonne#2024.txt", "pw=Falcon2015!.zip") any of
  // "_", "-", "=" or a blank joins the keyword to its value; elsewhere only "_" does.
  const fileName = text.length <= 255 && FILE_NAME.test(text);
  // In prose a blank joins them when the token after it is itself a file name ("(hasło X.txt)").
  const named = !fileName && NAMED_FILE_AFTER.test(text.slice(hit.end, hit.end + 90));
  const joiner =
    fileName || named ? /^[ ]?[-_=][ ]?|^[ ]/.exec(text.slice(hit.end, hit.end + 3))?.[0] : undefined;
  if (text[hit.end] !== '_' && joiner === undefined) return undefined;
  const start = hit.end + (joiner?.length ?? 1);
  let end = start;
  const stop = fileName || named ? /[\s/\\"'<>|()[\]]/ : /[\s/\\"'<>|]/;
  while (end < text.length && end - start < 80 && !stop.test(text[end] as string)) end++;
  const part = text.slice(start, end).replace(EXTENSION, '');
  // Generated strings of one case: digits inside the letters ("wyc46mqi6ygagfaz"), or eight capitals
  // and more before them ("AXTKJXJAELL5"); a word and a number ("Liste2024") is a document's name.
  const generated = part.length >= 10 && (/\p{L}\d+\p{L}/u.test(part) || /^\p{Lu}{8,}\d+$/u.test(part));
  if (
    part.includes('_') ||
    !/\d/.test(part) ||
    (!(/\p{Ll}/u.test(part) && /\p{Lu}/u.test(part)) && !/[^\p{L}\d-]/u.test(part) && !generated)
  )
    return undefined;
  // "password_Policy2024.docx": a document's title and its year.
  if (/^\p{Lu}?\p{Ll}+[-_ ]?(?:19|20)\d\d$/u.test(part)) return undefined;
  if (!passwordShaped(part) || !plausiblePassword(part)) return undefined;
  return { start, end: start + part.length };
}

/** The keyword rule's spans: the value after every password, PIN and Wi-Fi key word. */
// A code word, a preposition and a bank's login in the twelve languages ("telefonbanken", "Onlinebanking",
// "banque en ligne", "banca online", "bankowości", "bankacılık"), then ":" on the same line.
const BANK_CODE =
  /^[ \t]+(?:till|til|för|for|to|für|fürs|zum|zur|pour|de|du|para|per|do|dla|voor|van|pro|k|için|na)[ \t]+(?:\p{L}+[ \t]+){0,2}?[\p{L}-]*(?:bank|banque|banca|banco|bancár)[\p{L}-]*(?:[ \t]+(?:en ligne|en línea|online|on-line|internet|telefonica|telefónica))?[ \t]*:/iu;

/** A code word introducing the code of a bank login ("kod till telefonbanken:"), ":" after it. */
function bankCode(text: string, hit: KeywordHit): boolean {
  const word = text.slice(hit.wordStart, hit.end).toLowerCase();
  if (!/^(?:code|kod|kód|código|codigo|codice|koden|kode|koden)$/.test(word)) return false;
  return BANK_CODE.test(text.slice(hit.end, hit.end + 60).split('\n', 1)[0] ?? '');
}

export function* findKeywordPasswords(
  text: string,
  memo: Map<string, unknown>,
  scan?: KeywordScan,
): Generator<Span> {
  const hits = keywordHits(text, memo, scan);
  for (let n = 0; n < hits.length; n++) {
    const hit = hits[n] as KeywordHit;
    if (hit.kind !== 'password' && hit.kind !== 'pin' && hit.kind !== 'key') continue;
    const wifiKey = hit.kind === 'key' && isWifiKey(text, hits, n);
    const placeCode = hit.kind === 'key' && !wifiKey && isPlaceCode(text, hit);
    if (hit.kind === 'key' && !wifiKey && !placeCode) {
      // "kod till telefonbanken: X", "Code fürs Onlinebanking: X": a bank login's code is its password.
      const bank = bankCode(text, hit) && !promotionCode(text, hit.wordStart, hit.end);
      const span = bank ? valueAfter(text, { ...hit, kind: 'password' }) : undefined;
      if (span) yield span;
      continue;
    }
    if (placeCode) {
      // A door, gate or alarm code: digits, read as a PIN's are.
      const pin = valueAfter(text, { ...hit, kind: 'pin' });
      if (pin) yield pin;
      continue;
    }
    const named = hit.kind === 'password' ? valueInName(text, hit) : undefined;
    if (named || !standsAlone(text, hit)) {
      if (named) yield named;
      continue;
    }
    if (promotionCode(text, hit.wordStart, hit.end)) continue;
    const span =
      valueAfter(text, hit) ??
      (hit.kind === 'password'
        ? (quotedAfterCopula(text, hit.end) ??
          valueBelowCopula(
            text,
            hit.end,
            (v) => passwordShaped(v) && plausiblePassword(v) && !TEMPLATE.test(v),
          ) ??
          valueBefore(text, hit))
        : undefined);
    // "user / password: jdoe / X", "login/mdp : a / b": a pair of values, read by the pair rule.
    if (!span || /^[ \t]*\/[ \t]*\S/.test(text.slice(span.end, span.end + 8))) continue;
    yield span;
  }
}

export const passwordEvidenceRules: Rule[] = [
  {
    id: 'password-keyword',
    type: 'password',
    rationale:
      'A password, PIN or Wi-Fi key word of any of our twelve languages, then a value of password shape (after ":" or a tab: any plausible value, also on a later line).',
    keywords: anchorsOfKinds(['password', 'pin', 'key']),
    // Every dictionary word comes from the engine's pass: the hits this rule reads hold them all.
    hintKeywords: ALL_ANCHORS,
    // The scan's only pass over the whole text: its words, looked up in the dictionary.
    pattern: /[\p{L}\p{N}]+/u,
    find: findKeywordPasswords,
    confidence: 0.8,
    samples: {
      match: [
        { text: 'Ik weet zeker dat mijn wachtwoord Regenjas2021- is want', secret: 'Regenjas2021-' },
        {
          text: '\tAnvändarnamn\t\tmaria.n\t\n\n\tLösenord\t\tKanelbulle+älgstek9\t\n',
          secret: 'Kanelbulle+älgstek9',
        },
        {
          text: 'user: tom@whitfield.com\n\npassword:\n\nBiscuit#bluebird4\n\n\nRegards',
          secret: 'Biscuit#bluebird4',
        },
        { text: 'Ich habe das Passwort auf *Bello281085* geändert', secret: 'Bello281085' },
        { text: 'Jag bytte lösenordet i er panel till Olle040796 (det nya)', secret: 'Olle040796' },
        { text: 'Wifi-wachtwoord: bRtL1wa!B%*xAe%o', secret: 'bRtL1wa!B%*xAe%o' },
        { text: 'modem beheerderswachtwoord (192.168.178.1): Fietsbel2021@', secret: 'Fietsbel2021@' },
        { text: '>> Windows-PIN: 282115\n', secret: '282115' },
        { text: 'Ich hab die Karte gefunden: PIN 7486, PUK', secret: '7486' },
        // "for Wi-Fi" then a password-shaped value ending the line; a Swedish "<role>lösen" compound.
        { text: 'Sieć: DOM-5G, hasło do wifi kbov-mgqz-4605\nPanel', secret: 'kbov-mgqz-4605' },
        { text: '>> Routerns adminlösen: Istanbul95.\n', secret: 'Istanbul95' },
        // A code word for a bank login; a value beginning with "%"; arguments after a quoted keyword.
        { text: 'kod till telefonbanken: Kotek1253?\nJag kan inte', secret: 'Kotek1253' },
        { text: 'Fjärrlösenordet är: %q7Lr!x2Pz', secret: '%q7Lr!x2Pz' },
        // Bold labels from a plain-text alternative, markdown or HTML.
        { text: '*Password:* Quartz-77-lake', secret: 'Quartz-77-lake' },
        { text: 'Mot de passe : « Lavande!42 »', secret: 'Lavande!42' },
        { text: '**Hasło:** Zubr!2290\n', secret: 'Zubr!2290' },
        { text: '"redis-server", "--requirepass", "Kq8Lm2Rt5Zp"]', secret: 'Kq8Lm2Rt5Zp' },
        { text: 'PUK 31536603 – aber', secret: '31536603' },
        { text: 'Senha do WiFi: 9AE52623C07E3944564F', secret: '9AE52623C07E3944564F' },
        { text: 'WiFi key: aWyW!kRrr!vq4k', secret: 'aWyW!kRrr!vq4k' },
        // Turkish "de" (too) after the keyword.
        { text: 'Modem şifresi X, BIOS şifresi de Simit45.', secret: 'Simit45' },
        // A file named after its password, named in a sentence.
        { text: 'W załączniku (hasło AXTKJXJAELL5.txt) wszystko.', secret: 'AXTKJXJAELL5' },
        { text: 'I vedhæftede fil (adgangskode wyc46mqi6ygagfaz.txt) er alt.', secret: 'wyc46mqi6ygagfaz' },
        // "pass" then what it is for, in Portuguese and French: not the English verb.
        { text: 'A pass do correio de voz Grghap29++ também não funciona.', secret: 'Grghap29++' },
        { text: 'klucz WPA2: Kasztanpies7375', secret: 'Kasztanpies7375' },
        { text: 'router 192.168.1.1, login admin, hasło admina Krakow.1986!!', secret: 'Krakow.1986!!' },
        { text: 'Kullanıcı adım burak, şifrem bS2N_O0Att eminim', secret: 'bS2N_O0Att' },
        { text: 'BIOS-kode: 6249\r\n', secret: '6249' },
        { text: 'Windows-kodeord: bornholm46\r\n', secret: 'bornholm46' },
        { text: 'Hasełko do skrzynki:\n\ndom-slonce-39?\n\nW Outlooku', secret: 'dom-slonce-39?' },
        { text: 'Vi scrivo la password:\n\n\n\nR0m@70%\n\nGrazie', secret: 'R0m@70%' },
        { text: 'Senha de administração do modem\nvAr9tiQ\n\nObrigado', secret: 'vAr9tiQ' },
        { text: 'nie przyjmuje mojego PIN-u (8825). Do', secret: '8825' },
        { text: 'Mobil şifrem 354341.', secret: '354341' },
        { text: 'Heslo ze štítku (Jaropes4380) zadávám přesně.', secret: 'Jaropes4380' },
        { text: 'Initialpasswort: Start#2024', secret: 'Start#2024' },
        { text: 'WLAN-Schlüssel: Xk4711-8823!', secret: 'Xk4711-8823!' },
        { text: 'Netzwerkschlüssel (WPA2) lautet 8823aK91bb', secret: '8823aK91bb' },
        { text: 'Il codice PIN della SIM è 4821', secret: '4821' },
        { text: 'Bx7#kQ2mLp je heslo do panelu\r\n', secret: 'Bx7#kQ2mLp' },
        { text: 'Hallo,\nRt5!vbN0qq ist das neue Passwort.', secret: 'Rt5!vbN0qq' },
        { text: '\tSenha da BIOS\t\t7076\t\n', secret: '7076' },
        { text: 'command: redis-server --requirepass Gq7@TNwsA9x', secret: 'Gq7@TNwsA9x' },
        { text: 'command: ["redis-server", "--requirepass", "MmM0PKNyhAjO6"]', secret: 'MmM0PKNyhAjO6' },
        { text: 'Account: 100234\nPIN/password: 8826Kiwi\nPlease close', secret: '8826Kiwi' },
        // Written first, named on the next line; a Wi-Fi block; an abbreviation; a file named after it.
        { text: 'Hvalrossen88\nDet er koden til brugeren "kontor"', secret: 'Hvalrossen88' },
        { text: 'wifi: PASTICCERIA_5G\nchiave: DolomitiFarfalla67\n', secret: 'DolomitiFarfalla67' },
        { text: 'gebr: ruud@mulder.nl\nww: WepcxS9heAWi47GVXM7b\n', secret: 'WepcxS9heAWi47GVXM7b' },
        { text: 'export_pw_Falcon2015!.zip', secret: 'Falcon2015!' },
        { text: '\n\n\tLösenord\t\n\n\tXk9!mLp2\t\n\n', secret: 'Xk9!mLp2' },
        { text: 'router_haslo_Orzel-Bialy2024.jpg', secret: 'Orzel-Bialy2024' },
        // An administrator word qualifies the label; a generated passphrase of letter groups.
        { text: 'mdp admin de la box : ZmWnwjY9uWtH\n', secret: 'ZmWnwjY9uWtH' },
        { text: 'clave wifi: zerp-uooi-apsu-fdsd\n', secret: 'zerp-uooi-apsu-fdsd' },
        { text: 'WLAN-Schlüssel ist ikqi-asib-aodq-sknf , falls', secret: 'ikqi-asib-aodq-sknf' },
        // HTML-to-text wrapped the sentence between its verb and the value.
        {
          text: 'Wi-Fi key for the office network is\nTEKQW8G4L6EE875RH738 if he needs',
          secret: 'TEKQW8G4L6EE875RH738',
        },
        // A router's all-digit key, also in groups; a qualifier before ":"; "of the e-mail".
        { text: 'Senha da rede: 71839204561938275014\n', secret: '71839204561938275014' },
        { text: 'WLAN-Schlüssel: 8471 2290 1133 4410 2291\n', secret: '8471 2290 1133 4410 2291' },
        { text: 'Passwort BIOS/IPMI: Kx7$ab91\n', secret: 'Kx7$ab91' },
        { text: 'A palavra-passe do email é Sardinha_1987 desde ontem', secret: 'Sardinha_1987' },
        { text: 'Klucz WPA2 do sieci Dom-5G-7F2A to Qp7sLw2mZx, a', secret: 'Qp7sLw2mZx' },
        {
          text: 'WLAN-Schlüssel (steht auf dem Gerät):\n4410 2290 8471 1133 6602\n',
          secret: '4410 2290 8471 1133 6602',
        },
        { text: 'psk="kaffee@Tasse77"', secret: 'kaffee@Tasse77' },
        // A passphrase filling a form's line; a quoted phrase after a copula in the keyword's sentence.
        {
          text: 'Utente: mrossi\nPSW: lampada nuvola sentiero fiume\n',
          secret: 'lampada nuvola sentiero fiume',
        },
        {
          text: 'Das Passwort hat mein Sohn gesetzt, er sagte, es ist „Mein Hund heißt Bello 2018“. Geht nicht.',
          secret: 'Mein Hund heißt Bello 2018',
        },
        {
          text: 'the password is "purple monkey dishwasher lamp" I think',
          secret: 'purple monkey dishwasher lamp',
        },
        // A file named after its password, joined by "-", "=" or a blank; a network named first on the line.
        { text: 'wifi-passwort Sonne#2024.txt', secret: 'Sonne#2024' },
        { text: 'Zugang (Kennwort-Birke77!).pdf', secret: 'Birke77!' },
        { text: 'WiFi: Bakkerij-Gast, sleutel: brood1234\n', secret: 'brood1234' },
        // Written before "as" and the keyword; a label alone on its line, the value alone below it;
        // an access code.
        { text: "j'ai mis Cigale2021! comme mot de passe", secret: 'Cigale2021!' },
        { text: 'Password\nHunter#2021\n', secret: 'Hunter#2021' },
        { text: "code d'accès : 448812", secret: '448812' },
        // A door code; the device a key belongs to; a passphrase ending in a number.
        { text: 'le digicode est 4521, 3e étage', secret: '4521' },
        { text: 'le code wifi de la box est Xk7mQ9pL2', secret: 'Xk7mQ9pL2' },
        { text: 'PSW: gatto tigre 42!\n', secret: 'gatto tigre 42!' },
        {
          text: 'Het nieuwe wachtwoord voor de beheerdersomgeving van onze webshop is\n\nChamois#2023\n',
          secret: 'Chamois#2023',
        },
        // The mail client turned the value into a link: the link's target, then its text.
        { text: 'Contraseña:\nhttps://correo.hostnet.es/?u=ana\nLimon.Verde44\n', secret: 'Limon.Verde44' },
      ],
      noMatch: [
        '3702,password field empty,e83c5163316f89bfbde7d9ab23ca2e25604af290',
        'temp mdp für/for freelancer',
        'Betreff: Backup-Codes + WLAN-Schlüssel',
        '"Şifremi unuttum"a bastım ama mail gelmiyor.',
        // A Wi-Fi name after "do wifi"; a CSV header after a closing quote; a header row's next cell;
        // a dot-file with a Turkish case ending; a closing tag's name; a discount code at a bank.
        'hasło do wifi NETIA-ER33',
        '"service","url","login","password","notes"',
        'Imię\tE-mail\tHasło\tRola/role',
        "Şifre .my.cnf'dekiyle aynı, kontrol ettim.",
        '<String><Key>Title</Key><Value>Router</Value></String>',
        'Rabattcode für die Bank: SOMMER24',
        'Şifre güvenliği: %100',
        // A document about passwords named in a sentence: a word and its year, a list.
        'Im Anhang (Passwort Liste2024.xlsx) steht alles.',
        'see the attached password policy2024.pdf',
        "ho dimenticato la password dell'area clienti",
        'the password field is empty',
        'Password reset for the portal\nClick the link below',
        'Passwort vergessen, leider\nMaier2024 ist mein Benutzer',
        'Password dimenticata?» non mi arriva mai la mail',
        'Mein Passwort ist seit 2019 unverändert.',
        'WiFi name: SKYLINE-4F2A',
        'Das WLAN-Passwort steht auf dem Router.',
        'Il mio password manager è 1Password.',
        'Password reset instructions:\n\nPlease\n',
        'la contraseña de mi cuenta usuario pilar44',
        'PIN code since 2021',
        'Le mot de passe doit contenir au moins 8 caractères.',
        'Heslo: ********',
        'şifre: your-db-password',
        'Fejlkode: 0x80070005',
        'CVV / security code: 0417',
        'Gibt es eine API für Passwort-Resets?',
        'Heslo: viz níže, díky',
        'Şifre: muhasebede kayıtlı, tarayıcıda değil.',
        'smtp:\n  password: <your smtp password>\n',
        'REDIS_PASSWORD=\nSMTP_PASS=$' + '{SMTP_PASS}\n',
        'DATABASE_URL: postgres://app:$' + '{POSTGRES_PASSWORD}@db:5432/app',
        'System\tLogin\tKennwort\tBemerkung\nWebmail\tjdoe\tx',
        'login ok password=[FILTERED]',
        'Mot de passe : oublié\n',
        'Contraseña: (vacía)\n',
        'Mot de passe : celui d’avant ne marche pas',
        'Pass the parameter --dry-run first.',
        'password_reset_url: https://portal.acme.io/reset',
        'PASSWORD_MIN_LENGTH=12\nPASSWORD_REQUIRE_SYMBOL=true',
        'palabra clave: facturación',
        'clave de API: Hyz78co905Ea0oSQ0iX6i9yxLrgFPrTeYTx5kPTp',
        'username / password: jdoe / Jd0e$2024',
        '<input type="password" name="pwd" value="">',
        'Zoom: https://us02web.zoom.us/j/84522910034?pwd=vMTJxkz3mGvg71bWc1OY4QKoodLfiZ2r',
        // What the password is for, a login form's verdict, a dot-file, a CSV header, a wrapped sentence.
        'das Passwort für Ihr Kaufhaus24-Kundenkonto wurde am 09.02.2025 geändert.',
        'afvist med "adgangskode: ugyldig". Er der',
        'pede usuário e senha toda vez, mesmo com o .netrc configurado',
        'name,email,role,password,last_login',
        'Enhet;SSID;WPA2-nyckel;Plats',
        'Das Passwort, das ich gestern geändert habe, ist ein anderes.',
        '\n\n\tLösenord\t\n\n\tÄndrat\t\n\n',
        'Das Passwort ist\nnicht mehr gültig, bitte',
        'the admin password is self-service now',
        'Levering in WW 12 of WW13, ok?',
        'password_Policy2024.docx',
        'pw_reset2.pdf',
        'Hallo\n\nDas ist das Passwort, das nicht geht.',
        'chiave: 2\nwifi: ok',
        // A policy where a value would stand, a sentence, a discount code, where the value comes from.
        'Passwort: mindestens zwölf Zeichen lang',
        'Passwort: mindestens 12 Zeichen, bitte',
        'Password: not working since yesterday',
        'Spar 20 % med koden VINTER25 i dag',
        '; password comes from DB_PASSWORD',
        'Mot de passe : (non défini)',
        'the error is "invalid password" again',
        'password-reset-2024.pdf',
        'Password\nreset link below\n',
        'I used the same as password',
        '[09:14] anna.k: as the password when git asks',
        'Password: Seit Montag 2024\n',
        'please box the key and ship it',
        'The password for the portal of our company is\n\nnot working since Monday\n',
        'Benutzer: hmeier, Passwort: siehe unten, Server: mail.x.de',
      ],
    },
  },
];
