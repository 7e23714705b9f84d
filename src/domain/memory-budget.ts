/**
 * The messages, in queue order, that fit the memory budget beside those already in processing. The
 * first that does not fit stops the admission (a big message is not overtaken for ever by small
 * ones); with nothing in processing, the first message always goes, however big.
 */
export function admit<T extends { size: number }>(
  rows: readonly T[],
  activeBytes: number,
  activeCount: number,
  budget = Number.POSITIVE_INFINITY,
): T[] {
  const out: T[] = [];
  let bytes = activeBytes;
  for (const row of rows) {
    if (activeCount + out.length > 0 && bytes + row.size > budget) break;
    out.push(row);
    bytes += row.size;
  }
  return out;
}
