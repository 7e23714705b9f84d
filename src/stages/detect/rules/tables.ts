/**
 * Tables whose header names a secret column (password, API key, token, secret …): the cell under
 * such a header, in each row below it, is the secret. Markdown pipes, tab-separated text (what a
 * spreadsheet becomes, empty cells included) and columns aligned with spaces. Shared by the
 * password, generic key and Azure key table rules, which differ in the column kind they read and
 * in how they judge a cell.
 */

import { isWifiKey, keywordHits } from './password-context.js';
import { looksLikePassword } from './password-values.js';

export type ColumnKind = 'password' | 'key';

export interface TableCell {
  text: string;
  start: number;
}

// 'semi' and 'comma': CSV files (a spreadsheet exported with ";" in most of Europe, "," elsewhere).
type Mode = 'pipe' | 'tab' | 'space' | 'semi' | 'comma';

const MAX_HEADER = 300;
const MAX_ROWS = 200;
// A row longer than this is not a table row (and would make splitting it costly for nothing).
const MAX_ROW = 2000;
// Table lines (headers and rows) examined per text: real mail has a few dozen, hostile input
// hundreds of thousands; the budget keeps the cost of one scan bounded.
const MAX_TABLE_LINES = 5000;
// Secret cells reported per text: far more than any mail holds; keeps a shared result small.
const MAX_CELLS = 10_000;

// Header words for a password column in the languages our customers write (EN DE FR ES IT NL PT
// PL SV DA CS TR and Norwegian), optionally after one qualifier ("admin password", "root pw",
// "db_password") or as the end of a compound ("Datenbankpasswort", "adminlösenord").
const PASSWORD_HEADER =
  /^(?:[\p{L}\d_-]{1,20}[ _-])?(?:\p{L}{0,20}password|\p{L}{0,20}passwort|\p{L}{0,20}kennwort|pw|pwd|pass|passwd|passphrase|contraseña|contrasena|clave|mot de passe|motdepasse|mdp|senha|palavra-passe|wachtwoord|\p{L}{0,20}lösenord|losenord|adgangskode|kodeord|passord|hasło|haslo|heslo|şifre|sifre|parola|pin)$/u;
// Header words for an API key column, optionally qualified ("slack token", "client secret") or
// compounded ("Zugriffsschlüssel"); a bare "key" is left out: "Key | Value" tables list settings.
const KEY_HEADER =
  /^(?:[\p{L}\d_-]{1,20}[ _-])?(?:api[ _-]?(?:key|token|secret)|apikey|access[ _-]?(?:key|token)|secret(?:[ _-]?key)?|token|auth[ _-]?token|personal access token|clé(?: api| d'api| d’api| secrète| d'accès| d’accès)?|cle api|jeton(?: api| d'accès| d’accès)?|clave(?: de)? api|[\p{L}-]{0,20}schlüssel|chave(?: de)? api|chiave(?: api)?|api-?(?:sleutel|nyckel|nøgle|nøkkel)|klucz(?: api)?|klíč(?: api)?|api anahtarı|anahtar)s?$/u;
// Words that make a header about the password rather than its value: "Password hint", "Passwort
// geändert am", "last password change", "Kennwortrichtlinie"; in the twelve languages.
const ABOUT_PASSWORD =
  /(?<!\p{L})(?:hint|policy|reset|change|expir|length|strength|status|manager|required|date|last|age|rules?|tip|geändert|ändern|ablauf|datum|indice|modifi|expira|politi|longueur|pista|cambi|fecha|suggeriment|scadenza|data|wijzig|verloop|alterad|dica|validade|zmian|wskaz|ważn|ändrad|tips|utgång|ændret|udløb|změn|nápověd|platnost|ipucu|değiş|süre)|richtlinie|hinweis|änderung/iu;
// A Wi-Fi word in a header: "WLAN-Schlüssel" names the network's password, not an API key.
const WIFI_HEADER = /wlan|wi-?fi|wpa|wep|ssid|netzwerk|network|réseau|rete|netwerk|sieci|nätverk|netværk/i;

/**
 * A header naming a password through the multilingual dictionary (password-keywords.ts), with a
 * qualifier on either side: "Password attuale", "Contraseña BIOS", "Senha do WiFi", "WPA2-nyckel",
 * "Mot de passe". A short label only (four words at most), and not one about the password.
 */
// A cheap look before the dictionary: a label naming a password holds one of these pieces.
const MAY_NAME_PASSWORD =
  /pass|pw|kennw|contrase|clave|mot de passe|mdp|senha|wachtw|l[öo]sen|adgangs|kodeord|has[łl]|heslo|[şs]ifre|parola|pin|puk|nyckel|schl|key|chiave|sleutel|chave|klucz|n[øo]gle|kl[íi]č|anahtar|cod|kod|kód|códig/i;

function dictionaryPasswordLabel(part: string): boolean {
  if (!MAY_NAME_PASSWORD.test(part)) return false;
  const words = part.split(/[\s-]+/).filter(Boolean);
  if (words.length === 0 || words.length > 4 || part.length > 40 || ABOUT_PASSWORD.test(part)) return false;
  const hits = keywordHits(part);
  return hits.some(
    (h, i) => h.kind === 'password' || h.kind === 'pin' || (h.kind === 'key' && isWifiKey(part, hits, i)),
  );
}

/** "code", "PIN", "key" beside a password part ("Mot de passe / code"): the same column. */
function codeWord(part: string): boolean {
  const hits = keywordHits(part);
  return hits.length === 1 && (hits[0]?.kind === 'key' || hits[0]?.kind === 'pin') && !/\s/.test(part);
}

// A qualifier in brackets after the label ("Password (temporary)") does not change the column.
const BRACKETED = /\s*\([^)]{0,40}\)$/;

// Labels already judged: hostile input repeats a header thousands of times, mail has a handful.
const KINDS = new Map<string, ColumnKind | null>();

/** The kind of secret a header cell names: every part of "API key / token" must name one. */
export function columnKind(label: string): ColumnKind | undefined {
  const known = KINDS.get(label);
  if (known !== undefined) return known ?? undefined;
  const kind = judgeLabel(label);
  if (KINDS.size >= 512) KINDS.clear();
  KINDS.set(label, kind ?? null);
  return kind;
}

const MAX_LABEL_PART = 64;

function judgeLabel(label: string): ColumnKind | undefined {
  // Column names in files are identifiers as often as words: "mot_de_passe", "db-password".
  const parts = label
    .toLowerCase()
    .replace(/:$/, '')
    .replace(BRACKETED, '')
    .replace(/[_\uFEFF]/g, (c) => (c === '_' ? ' ' : ''))
    .split('/');
  let kind: ColumnKind | undefined;
  let codes = 0;
  for (const raw of parts) {
    const part = raw.trim();
    // A part this long with a blank in it is a sentence, not a label: every header pattern below
    // is shorter (at most ~51 characters) and a code word has no blank.
    if (part.length > MAX_LABEL_PART && /\s/.test(part)) return undefined;
    if (PASSWORD_HEADER.test(part)) kind = 'password';
    else if (KEY_HEADER.test(part) && !WIFI_HEADER.test(part)) kind ??= 'key';
    else if (parts.length > 1 && codeWord(part)) codes++;
    else if (dictionaryPasswordLabel(part)) kind = 'password';
    else return undefined;
  }
  return codes > 0 && kind !== 'password' ? undefined : kind;
}

// Where a header of the kind may be: only lines with one of these words are split into cells, and
// the search jumps from one such line to the next instead of visiting every line of the text.
const MENTIONS: Record<ColumnKind, RegExp> = {
  password:
    /pass|pw|kennwort|contrase|clave|mot de passe|mdp|senha|wachtwoord|lösenord|losenord|adgangskode|kodeord|hasło|haslo|heslo|şifre|sifre|parola|pin|nyckel|schlüssel|(?:wi-?fi|wlan|wpa\d?|network|netzwerk|security)[ _-]?key|\bkey\b|clé|chiave|sleutel|chave|klucz|nøgle|klíč|anahtar/gi,
  key: /key|token|secret|clé|cle api|jeton|clave|schlüssel|chave|chiave|sleutel|nyckel|nøgle|nøkkel|klucz|klíč|anahtar/gi,
};

// Separators per layout; single character classes, so splitting stays linear. A tab is one
// separator: an empty spreadsheet cell must keep its column.
const SEPARATORS = { pipe: /\|/g, tab: /\t/g, tabs: /\t+/g, space: / {2,}|\t+/g } as const;
// Reply quoting in front of a table line ("> | a | b |"): blanked, so offsets stay those of the text.
// A byte-order mark (CSV exported from Excel) goes the same way.
const QUOTE_PREFIX = {
  pipe: /^[\uFEFF \t>]*/,
  tab: /^[\uFEFF >]*/,
  space: /^[\uFEFF \t>]*/,
  semi: /^[\uFEFF \t>]*/,
  comma: /^[\uFEFF \t>]*/,
} as const;

/** CSV cells: a separator inside double quotes belongs to the value; the quotes do not. */
function splitCsv(line: string, offset: number, sep: string): TableCell[] {
  const out: TableCell[] = [];
  let from = 0;
  let quoted = false;
  const push = (a: number, b: number) => {
    let raw = line.slice(a, b);
    let at = a + raw.length - raw.trimStart().length;
    raw = raw.trim();
    if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
      raw = raw.slice(1, -1);
      at++;
    }
    out.push({ text: raw, start: offset + at });
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      push(from, i);
      from = i + 1;
    }
  }
  push(from, line.length);
  return out;
}

function split(line: string, offset: number, sep: RegExp): TableCell[] {
  sep.lastIndex = 0;
  const out: TableCell[] = [];
  let from = 0;
  const push = (a: number, b: number) => {
    const raw = line.slice(a, b);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), start: offset + a + lead });
  };
  for (let m = sep.exec(line); m !== null; m = sep.exec(line)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, line.length);
  return out;
}

/** Cells of a line; `collapse` treats runs of tabs as one separator (tabs used to align columns). */
function cells(line: string, offset: number, mode: Mode, collapse = false): TableCell[] {
  const unquoted = line.replace(QUOTE_PREFIX[mode], (m) => ' '.repeat(m.length));
  if (mode === 'semi' || mode === 'comma') return splitCsv(unquoted, offset, mode === 'semi' ? ';' : ',');
  const out = split(unquoted, offset, SEPARATORS[mode === 'tab' && collapse ? 'tabs' : mode]);
  if (mode === 'pipe') {
    if (out[0]?.text === '') out.shift();
    if (out.at(-1)?.text === '') out.pop();
  }
  return mode === 'space' || collapse
    ? out.filter((c, i) => c.text !== '' || (mode === 'space' && i > 0))
    : out;
}

function modeOf(line: string): Mode {
  if (line.includes('|')) return 'pipe';
  if (line.includes('\t')) return 'tab';
  if (line.includes('  ')) return 'space';
  return line.includes(';') ? 'semi' : line.includes(',') ? 'comma' : 'space';
}

/** Whether a row below a header of `mode` can belong to the same table. */
function fitsMode(row: string, mode: Mode): boolean {
  switch (mode) {
    case 'pipe':
      return row.includes('|');
    case 'tab':
      return row.includes('\t');
    case 'semi':
      return row.includes(';') && !row.includes('\t');
    case 'comma':
      return row.includes(',') && !row.includes('\t');
    default:
      return !row.includes('|') && !row.includes('\t');
  }
}

// A CSV header cell is a short label, not a clause of a sentence that happens to hold commas.
const CSV_LABEL = /^[\p{L}\p{N} _./()-]{1,30}$/u;

/** A header whose empty cells sit between labels: aligned with repeated tabs, or an HTML table. */
const hasInnerGaps = (header: readonly TableCell[]): boolean =>
  header.some((c, i) => c.text === '' && i > 0 && header.slice(0, i).some((h) => h.text !== ''));

/** A header split one way (each tab a separator, or runs of tabs as one) and its secret columns. */
interface Layout {
  header: TableCell[];
  width: number;
  cols: number[];
}

function layout(line: string, mode: Mode, kind: ColumnKind, collapse: boolean): Layout {
  const header = cells(line, 0, mode, collapse);
  const wifi = kind === 'password' && wifiTable(header);
  const cols = header.flatMap((c, i) =>
    columnKind(c.text) === kind || (wifi && BARE_KEY_HEADER.test(c.text)) ? [i] : [],
  );
  return { header, width: header.length, cols };
}

// A network's name column in the twelve languages: beside it a bare "Key" column is the Wi-Fi key
// ("Network | Band | Key", "SSID | Schlüssel", "Réseau | Clé").
const NETWORK_HEADER =
  /^(?:ssid|wi-?fi|wlan|network(?: name)?|netzwerk(?:name)?|réseau|reseau|red|rete|netwerk|rede|sieć|siec|nätverk|natverk|netværk|netvaerk|síť|sit|ağ|ag|ağ adı)$/iu;
// The words for "key" alone as a header.
const BARE_KEY_HEADER =
  /^(?:key|schlüssel|schluessel|clé|cle|clave|chiave|sleutel|chave|klucz|nyckel(?:n)?|nøgle(?:n)?|klíč|anahtar)$/iu;

/** A header with a network-name column: the table lists Wi-Fi networks. */
function wifiTable(header: readonly TableCell[]): boolean {
  return header.some((c) => NETWORK_HEADER.test(c.text.replace(/:$/, '')));
}

/** The text of the cell of `line` around offset `at` (cells end at a tab, a pipe or two spaces). */
function cellAround(line: string, at: number, mode: Mode): string {
  const sep = mode === 'pipe' ? '|' : mode === 'semi' ? ';' : mode === 'comma' ? ',' : '\t';
  let from = line.lastIndexOf(sep, at) + 1;
  let to = line.indexOf(sep, at);
  if (to < 0) to = line.length;
  if (mode === 'space') {
    from = Math.max(from, line.lastIndexOf('  ', at) + 2);
    const gap = line.indexOf('  ', at);
    if (gap >= 0) to = Math.min(to, gap);
  }
  const cell = line.slice(from, to).trim();
  return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;
}

/** Whether one of the line's mentions sits in a cell that names a column of `kind`. */
function namesColumn(line: string, mode: Mode, kind: ColumnKind): boolean {
  const re = MENTIONS[kind];
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    const cell = cellAround(line, m.index, mode);
    if (columnKind(cell) === kind) return true;
    if (kind === 'password' && BARE_KEY_HEADER.test(cell) && wifiTable(cells(line, 0, mode))) return true;
  }
  return false;
}

/**
 * A row of two cells whose second holds a value ("Mot de passe | Qx7+pLm2a"): a line of a
 * label/value table (an HTML form turned into text), whose next rows are other labels, not values.
 */
function labelValueRow(l: Layout): boolean {
  const filled = l.header.filter((c) => c.text !== '');
  if (filled.length !== 2 || l.cols.length !== 1 || l.header[l.cols[0] as number] !== filled[0]) return false;
  const value = (filled[1] as TableCell).text;
  return !/\s/.test(value) && looksLikePassword(value) && columnKind(value) === undefined;
}

/** The cells, under a header naming a column of `kind`, in that column (empty cells skipped). */
export function* tableCells(text: string, kind: ColumnKind): Generator<TableCell> {
  const mentions = MENTIONS[kind];
  let pos = 0;
  let budget = MAX_TABLE_LINES;
  let yielded = 0;
  while (pos < text.length && budget > 0 && yielded < MAX_CELLS) {
    mentions.lastIndex = pos;
    const hit = mentions.exec(text);
    if (hit === null) break;
    // pos is always a line start, so looking back for the line's start never passes it.
    const start = text.lastIndexOf('\n', hit.index) + 1;
    const nl = text.indexOf('\n', hit.index);
    const end = nl === -1 ? text.length : nl;
    pos = end + 1;
    if (end - start > MAX_HEADER + 1) continue;
    const line = text.slice(start, end).replace(/\r$/, '');
    budget--;
    const mode = modeOf(line);
    // Only the cell around a mention can name the column: a mention inside a value costs no split.
    if (!namesColumn(line, mode, kind)) continue;
    const exact = layout(line, mode, kind, false);
    const gaps = mode === 'tab' && hasInnerGaps(exact.header);
    if (exact.cols.length === 0 || exact.header.filter((c) => c.text !== '').length < 2) continue;
    if (labelValueRow(exact)) continue;
    // The header with runs of tabs as one separator, split only when a row needs it.
    let loose: Layout | undefined;
    const looseLayout = () => {
      loose ??= layout(line, mode, kind, true);
      return loose;
    };
    // Aligned-column headers are short labels, not a sentence that happens to contain two spaces.
    if (mode === 'space' && exact.header.some((c) => c.text.length > 30 || c.text.split(' ').length > 3))
      continue;
    const csv = mode === 'semi' || mode === 'comma';
    if (csv && exact.header.some((c) => !CSV_LABEL.test(c.text) || c.text.split(' ').length > 3)) continue;
    let blanks = 0;
    for (let rows = 0; rows < MAX_ROWS && pos < text.length && budget-- > 0; rows++) {
      const rnl = text.indexOf('\n', pos);
      const rend = rnl === -1 ? text.length : rnl;
      const row = text.slice(pos, rend).replace(/\r$/, '');
      if (row.trim() === '') {
        // HTML tables come out of html-to-text with a blank line between rows.
        if (mode !== 'tab' || ++blanks > 1) break;
        pos = rend + 1;
        continue;
      }
      blanks = 0;
      if (row.length > MAX_ROW || !fitsMode(row, mode)) break;
      const fit = rowCells(row, pos, mode, exact, gaps, looseLayout);
      // A row naming a secret column is the header of the next table.
      if (fit === undefined || namesColumn(row, mode, 'password') || namesColumn(row, mode, 'key')) break;
      pos = rend + 1;
      if (/^[\s|:+>-]+$/.test(row)) continue;
      for (const col of fit.layout.cols) {
        const cell = fit.cells[col];
        // Between space-aligned columns a blank inside a cell means the split went wrong.
        if (cell && cell.text !== '' && !((mode === 'space' || csv) && /\s/.test(cell.text))) {
          yielded++;
          yield cell;
        }
      }
    }
  }
}

/**
 * A row's cells and the header layout they fit, or undefined. Each tab is a separator first (an
 * empty spreadsheet or HTML cell keeps its column); spreadsheet rows may stop early (trailing
 * empty cells are not exported). A row that only fits with runs of tabs counted as one was
 * aligned by hand, and must then have exactly the header's number of cells.
 */
function rowCells(
  row: string,
  at: number,
  mode: Mode,
  exact: Layout,
  gaps: boolean,
  looseLayout: () => Layout,
): { cells: TableCell[]; layout: Layout } | undefined {
  const rc = cells(row, at, mode);
  if (mode !== 'tab') return rc.length === exact.width ? { cells: rc, layout: exact } : undefined;
  if (gaps ? rc.length === exact.width : rc.length <= exact.width) return { cells: rc, layout: exact };
  const aligned = cells(row, at, mode, true);
  const loose = looseLayout();
  return aligned.length === loose.width ? { cells: aligned, layout: loose } : undefined;
}
