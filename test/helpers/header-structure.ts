/**
 * What "a well-formed header block" means in the tests, concretely: the header section of a
 * message (up to the first empty line) read line by line, and every way a line or a field can be
 * broken named as a defect. Tests compare the defects of what was delivered with those of what
 * was sent: the gateway may not add any.
 */

export type DefectKind =
  /** A line that is neither `name:` (RFC 5322 field name: printable ASCII but colon) nor a continuation. */
  | 'not-a-field'
  /** The first line of the block starts with a blank: a continuation of nothing. */
  | 'leading-continuation'
  /** A continuation line of blanks only: some readers take it for the end of the header block. */
  | 'blank-only-line'
  /** A line longer than RFC 5322's 998 octets. */
  | 'line-too-long'
  /** A CR or LF that is not part of a CRLF line end. */
  | 'bare-line-break'
  /** `=?charset?X?` that does not end in `?=` before a blank, or has an encoding other than B or Q. */
  | 'broken-encoded-word';

export interface Defect {
  kind: DefectKind;
  /** The field the line belongs to (lower case), '' when there is none. */
  field: string;
}

/** The header block (without the empty line that ends it) as latin1, and whether an empty line ended it. */
export function headerBlock(raw: Buffer): { block: string; ended: boolean } {
  const text = raw.toString('latin1');
  if (text.startsWith('\r\n')) return { block: '', ended: true };
  const end = text.indexOf('\r\n\r\n');
  return end < 0
    ? { block: text.replace(/\r\n$/, ''), ended: false }
    : { block: text.slice(0, end), ended: true };
}

// An RFC 5322 field name (printable ASCII except the colon), optional blanks (obsolete syntax), colon.
const FIELD_START = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/;
// The start of an RFC 2047 encoded-word: `=?`, a charset token, `?`, one encoding letter, `?`.
const WORD_START = /=\?[^?\s]+\?([^?\s]*)\?/g;

/** Encoded-words that are started but not finished in one line's worth of text. */
function brokenWords(text: string): number {
  let broken = 0;
  for (const m of text.matchAll(WORD_START)) {
    const rest = text.slice(m.index! + m[0].length);
    const close = rest.indexOf('?=');
    const blank = rest.search(/\s/);
    if (!/^[bq]$/i.test(m[1]!) || close < 0 || (blank >= 0 && blank < close)) broken++;
  }
  return broken;
}

/** Every defect of the message's header block, in order. */
export function headerDefects(raw: Buffer): Defect[] {
  const { block } = headerBlock(raw);
  if (!block) return [];
  const defects: Defect[] = [];
  let field = '';
  let value = '';
  const closeField = () => {
    if (field)
      for (let i = brokenWords(value); i > 0; i--) defects.push({ kind: 'broken-encoded-word', field });
  };
  for (const [n, line] of block.split('\r\n').entries()) {
    if (/[\r\n]/.test(line)) defects.push({ kind: 'bare-line-break', field });
    if (Buffer.byteLength(line, 'latin1') > 998) defects.push({ kind: 'line-too-long', field });
    if (/^[ \t]/.test(line)) {
      if (n === 0) defects.push({ kind: 'leading-continuation', field: '' });
      else if (!line.trim()) defects.push({ kind: 'blank-only-line', field });
      value += line;
      continue;
    }
    closeField();
    const m = FIELD_START.exec(line);
    if (!m) {
      defects.push({ kind: 'not-a-field', field: '' });
      field = '';
      value = '';
      continue;
    }
    field = m[1]!.toLowerCase();
    value = line.slice(m[0].length);
  }
  closeField();
  return defects;
}

/** The field names of the header block (lower case, in order, repeats kept). */
export function fieldNames(raw: Buffer): string[] {
  const { block } = headerBlock(raw);
  return block
    .split('\r\n')
    .map((l) => FIELD_START.exec(l)?.[1]?.toLowerCase())
    .filter((n): n is string => n !== undefined);
}

/** `after` minus `before`, as multisets: what the second list has more of. */
export function multisetMinus<T>(after: readonly T[], before: readonly T[]): T[] {
  const left = new Map<T, number>();
  for (const x of before) left.set(x, (left.get(x) ?? 0) + 1);
  const out: T[] = [];
  for (const x of after) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/** Defects of `after` that `before` did not have (by kind and field). */
export function newDefects(before: Buffer, after: Buffer): Defect[] {
  const key = (d: Defect) => `${d.kind} ${d.field}`;
  const extra = multisetMinus(headerDefects(after).map(key), headerDefects(before).map(key));
  return extra.map((k) => {
    const [kind, field] = k.split(' ') as [DefectKind, string];
    return { kind, field };
  });
}
