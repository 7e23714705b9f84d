import { escapeHtml } from '../extract/html-entities.js';
import { htmlToTextWithMap } from '../extract/html-text.js';
import type { RedactionSpan } from './plan.js';

export const marker = (type: string): string => `[REDACTED:${type}]`;

/** The note that replaces text beyond maxTextBytesPerUnit, which was never scanned. */
export const TRUNCATION_NOTE = '\n[Deskguard: the rest of this text was too long to check and was removed]\n';

/**
 * Sorted, non-overlapping spans: overlapping matches (two rules on one secret) become one span
 * covering both, so no character of either survives between two markers.
 */
export function mergeSpans(spans: RedactionSpan[]): RedactionSpan[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RedactionSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Replaces each span of a plain text with its marker, and drops what lies past `truncateAt`. */
export function redactText(text: string, spans: RedactionSpan[], truncateAt?: number): string {
  const limit = truncateAt === undefined ? text.length : Math.min(truncateAt, text.length);
  let out = '';
  let at = 0;
  for (const s of mergeSpans(spans)) {
    if (s.start >= limit) break;
    out += text.slice(at, s.start) + marker(s.type);
    at = Math.max(at, s.end);
  }
  out += text.slice(at, limit);
  return limit < text.length ? out + TRUNCATION_NOTE : out;
}

/**
 * Redacts an HTML document given spans in the text htmlToTextWithMap() derived from it: each span
 * becomes a source range that covers every tag and entity the secret was written with, and that
 * range is replaced by the escaped marker.
 */
export function redactHtml(html: string, spans: RedactionSpan[], truncateAt?: number): string {
  const merged = mergeSpans(spans);
  const reach = merged.reduce((m, s) => Math.max(m, s.end), truncateAt ?? 0) + 1;
  const map = htmlToTextWithMap(html, reach);
  const n = map.text.length;
  const ranges: RedactionSpan[] = [];
  for (const s of merged) {
    if (s.start >= n) continue;
    const end = Math.min(s.end, n);
    ranges.push({ start: map.starts[s.start] as number, end: map.ends[end - 1] as number, type: s.type });
  }
  const cut = truncateAt !== undefined && truncateAt < n ? (map.starts[truncateAt] as number) : html.length;
  let out = '';
  let at = 0;
  for (const r of mergeSpans(ranges)) {
    if (r.start >= cut) break;
    out += html.slice(at, r.start) + escapeHtml(marker(r.type));
    at = Math.max(at, r.end);
  }
  out += html.slice(at, cut);
  return cut < html.length ? out + escapeHtml(TRUNCATION_NOTE) : out;
}
