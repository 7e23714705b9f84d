type Out = (s: string) => void;

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Text from mail (subjects, addresses, HELO names) as one terminal line: control characters, which
 * could move the cursor or forge another line, become U+FFFD.
 */
// C0 controls, DEL, C1 controls and the Unicode line and paragraph separators.
export const printable = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');

export interface ListFormat<T> {
  json: boolean;
  /** One line per entry in text mode. */
  line: (row: T) => string;
  /** The object printed per entry with --json (default: the row). */
  toJson?: (row: T) => unknown;
  /** Said in text mode when there is nothing to list ("no dead-lettered messages"). */
  empty: string;
}

/**
 * The one way lists print: a line per entry, or one line saying the list is empty; with --json,
 * JSON Lines (an object per line) and nothing at all for an empty list, so `jq` and line-by-line
 * readers need no special case. Either way the exit status is 0.
 */
export function printList<T>(rows: readonly T[], f: ListFormat<T>, out: Out): void {
  if (f.json) {
    for (const r of rows) out(JSON.stringify(f.toJson ? f.toJson(r) : r));
    return;
  }
  if (!rows.length) out(f.empty);
  for (const r of rows) out(f.line(r));
}
