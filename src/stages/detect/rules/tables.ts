/**
 * Tables whose header names a secret column (password, API key, token, secret …): the cell under
 * such a header, in each row below it, is the secret. Markdown pipes, tab-separated text (what a
 * spreadsheet becomes, empty cells included) and columns aligned with spaces. Shared by the
 * password, generic key and Azure key table rules, which differ in the column kind they read and
 * in how they judge a cell.
 */

export type ColumnKind = 'password' | 'key';

export interface TableCell {
  text: string;
  start: number;
}

type Mode = 'pipe' | 'tab' | 'space';

const MAX_HEADER = 300;
const MAX_ROWS = 200;
// A row longer than this is not a table row (and would make splitting it costly for nothing).
const MAX_ROW = 2000;
// Table lines (headers and rows) examined per text: real mail has a few dozen, hostile input
// hundreds of thousands; the budget keeps the cost of one scan bounded.
const MAX_TABLE_LINES = 5000;

// Header words for a password column, optionally after one qualifier ("admin password", "root pw")
// or as the end of a German compound ("Datenbankpasswort").
const PASSWORD_HEADER =
  /^(?:[\p{L}\d_-]{1,20} )?(?:password|\p{L}{0,20}passwort|\p{L}{0,20}kennwort|pw|pwd|pass|passwd|contraseña|contrasena|clave|mot de passe|mdp|senha|wachtwoord)$/u;
// Header words for an API key column, optionally qualified ("slack token", "client secret") or
// compounded ("Zugriffsschlüssel"); a bare "key" is left out: "Key | Value" tables list settings.
const KEY_HEADER =
  /^(?:[\p{L}\d_-]{1,20} )?(?:api[ _-]?(?:key|token|secret)|apikey|access[ _-]?(?:key|token)|secret(?:[ _-]?key)?|token|auth[ _-]?token|personal access token|clé(?: api| d'api| d’api| secrète| d'accès| d’accès)?|cle api|jeton(?: api| d'accès| d’accès)?|clave(?: de)? api|[\p{L}-]{0,20}schlüssel|chave(?: de)? api)s?$/u;
// A qualifier in brackets after the label ("Password (temporary)") does not change the column.
const BRACKETED = /\s*\([^)]{0,40}\)$/;

/** The kind of secret a header cell names: every part of "API key / token" must name one. */
export function columnKind(label: string): ColumnKind | undefined {
  const parts = label.toLowerCase().replace(/:$/, '').replace(BRACKETED, '').split('/');
  let kind: ColumnKind | undefined;
  for (const raw of parts) {
    const part = raw.trim();
    if (PASSWORD_HEADER.test(part)) kind = 'password';
    else if (KEY_HEADER.test(part)) kind ??= 'key';
    else return undefined;
  }
  return kind;
}

// Where a header of the kind may be: only lines with one of these words are split into cells, and
// the search jumps from one such line to the next instead of visiting every line of the text.
const MENTIONS: Record<ColumnKind, RegExp> = {
  password: /pass|pw|kennwort|contrase|clave|mot de passe|mdp|senha|wachtwoord/gi,
  key: /key|token|secret|clé|cle api|jeton|clave|schlüssel|chave/gi,
};

// Separators per layout; single character classes, so splitting stays linear. A tab is one
// separator: an empty spreadsheet cell must keep its column.
const SEPARATORS = { pipe: /\|/g, tab: /\t/g, tabs: /\t+/g, space: / {2,}|\t+/g } as const;
// Reply quoting in front of a table line ("> | a | b |"): blanked, so offsets stay those of the text.
const QUOTE_PREFIX = { pipe: /^[ \t>]*/, tab: /^[ >]*/, space: /^[ \t>]*/ } as const;

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
  const out = split(unquoted, offset, SEPARATORS[mode === 'tab' && collapse ? 'tabs' : mode]);
  if (mode === 'pipe') {
    if (out[0]?.text === '') out.shift();
    if (out.at(-1)?.text === '') out.pop();
  }
  return mode === 'space' || collapse ? out.filter((c, i) => c.text !== '' || (mode === 'space' && i > 0)) : out;
}

function modeOf(line: string): Mode {
  return line.includes('|') ? 'pipe' : line.includes('\t') ? 'tab' : 'space';
}

/** A header whose empty cells sit between labels was aligned with repeated tabs, not exported. */
const alignedWithTabs = (header: readonly TableCell[]): boolean =>
  header.some((c, i) => c.text === '' && i > 0 && header.slice(0, i).some((h) => h.text !== ''));

/** The cells, under a header naming a column of `kind`, in that column (empty cells skipped). */
export function* tableCells(text: string, kind: ColumnKind): Generator<TableCell> {
  const mentions = MENTIONS[kind];
  let pos = 0;
  let budget = MAX_TABLE_LINES;
  while (pos < text.length && budget > 0) {
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
    let header = cells(line, 0, mode);
    const collapse = mode === 'tab' && alignedWithTabs(header);
    if (collapse) header = cells(line, 0, mode, true);
    const cols = header.flatMap((c, i) => (columnKind(c.text) === kind ? [i] : []));
    if (cols.length === 0 || header.length < 2) continue;
    // Aligned-column headers are short labels, not a sentence that happens to contain two spaces.
    if (mode === 'space' && header.some((c) => c.text.length > 30 || c.text.split(' ').length > 3)) continue;
    for (let rows = 0; rows < MAX_ROWS && pos < text.length && budget-- > 0; rows++) {
      const rnl = text.indexOf('\n', pos);
      const rend = rnl === -1 ? text.length : rnl;
      const row = text.slice(pos, rend).replace(/\r$/, '');
      if (row.trim() === '' || row.length > MAX_ROW || modeOf(row) !== mode) break;
      const rc = rowCells(row, pos, mode, header.length, collapse);
      if (rc === undefined) break;
      pos = rend + 1;
      if (/^[\s|:+>-]+$/.test(row)) continue;
      for (const col of cols) {
        const cell = rc[col];
        // Between space-aligned columns a blank inside a cell means the split went wrong.
        if (cell && cell.text !== '' && !(mode === 'space' && /\s/.test(cell.text))) yield cell;
      }
    }
  }
}

/**
 * A row's cells, or undefined when the row does not fit the header. Spreadsheet rows may stop
 * early (trailing empty cells are not exported); a tab row longer than its header was aligned with
 * extra tabs and fits when runs of tabs count as one.
 */
function rowCells(row: string, at: number, mode: Mode, width: number, collapse: boolean): TableCell[] | undefined {
  const rc = cells(row, at, mode, collapse);
  if (mode !== 'tab') return rc.length === width ? rc : undefined;
  if (rc.length <= width) return rc;
  const aligned = collapse ? rc : cells(row, at, mode, true);
  return aligned.length === width ? aligned : undefined;
}
