import type { RawMatch } from '../../../domain/finding.js';

// Above this many mutually overlapping candidates (only hostile input builds such chains), the
// cluster is merged into one span instead of resolved one by one, which would be quadratic.
const MAX_CLUSTER = 256;

const priority = (a: RawMatch, b: RawMatch) =>
  b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start;

/** Index of the first span in `spans` (disjoint, sorted) that ends after `at`. */
function firstEndingAfter(spans: readonly RawMatch[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[mid] as RawMatch).end > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Within one cluster: the most confident (then longest) candidate keeps its type; a weaker one
 * that overlaps it is not dropped blindly: kept spans grow to cover it, so the union of what is
 * reported still covers every secret any rule saw (a JWT inside a "token:" line, url credentials
 * inside a connection string, a key that one rule saw whole and another only in part).
 */
function resolveCluster(cluster: readonly RawMatch[], out: RawMatch[]): void {
  if (cluster.length > MAX_CLUSTER) {
    const best = [...cluster].sort(priority)[0] as RawMatch;
    const start = Math.min(...cluster.map((c) => c.start));
    const end = Math.max(...cluster.map((c) => c.end));
    out.push({ ...best, start, end });
    return;
  }
  const kept: RawMatch[] = [];
  for (const c of [...cluster].sort(priority)) {
    const i = firstEndingAfter(kept, c.start);
    let j = i;
    while (j < kept.length && (kept[j] as RawMatch).start < c.end) j++;
    if (j === i) {
      kept.splice(i, 0, { ...c });
      continue;
    }
    const first = kept[i] as RawMatch;
    const last = kept[j - 1] as RawMatch;
    first.start = Math.min(first.start, c.start);
    last.end = Math.max(last.end, c.end);
    // Gaps between kept spans inside c belong to c's secret: the left neighbour takes them.
    for (let k = i; k < j - 1; k++) (kept[k] as RawMatch).end = (kept[k + 1] as RawMatch).start;
  }
  out.push(...kept);
}

/** Disjoint findings, sorted by offset, whose union covers every candidate. */
export function resolveOverlaps(candidates: readonly RawMatch[], text: string): RawMatch[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RawMatch[] = [];
  let cluster: RawMatch[] = [];
  let clusterEnd = -1;
  for (const c of sorted) {
    if (c.start >= clusterEnd && cluster.length > 0) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  for (const k of out) k.value = text.slice(k.start, k.end);
  return out;
}
