import type { RawMatch, SecretType } from '../../domain/finding.js';
import { allowList } from './rules/allow-list.js';
import { customRule, type DetectorOptions, detectorOptionsSchema } from './rules/custom.js';
import { RULES } from './rules/index.js';
import { keywordPass } from './rules/keywords.js';
import { resolveOverlaps } from './rules/overlaps.js';
import { isPlaceholder, REDACTION_MARKER } from './rules/placeholders.js';
import type { MatchContext, Rule } from './rules/rule.js';

export type { CustomRuleSpec, DetectorOptions } from './rules/custom.js';
export { customRuleSchema, detectorOptionsSchema } from './rules/custom.js';

export interface Detector {
  /** Findings in `text`, disjoint and sorted by offset; each span covers its whole secret. */
  scan(text: string): RawMatch[];
}

interface CompiledRule {
  rule: Rule;
  regex: RegExp;
  groups: readonly number[];
}

// Types whose rules recognise a value by its label rather than its shape: the same value
// elsewhere in the text (quoted again, repeated in a reply) has no label but is the same secret.
export const ECHO_TYPES: ReadonlySet<SecretType> = new Set([
  'password',
  'generic_api_key',
  'aws_secret_key',
  'twilio_key',
]);
export const MAX_ECHO_VALUES = 16;
export const MIN_ECHO_LENGTH = 6;
// Each regex match a rule's refine/validate rejects costs a little JavaScript. Mail never needs
// thousands of near-misses per rule, hostile input can produce hundreds of thousands: past this
// many rejections the rule stops for this text, which keeps a scan's cost bounded. Accepted
// matches are not counted, so a genuine dump of many secrets is still found in full.
const MAX_REJECTED_PER_RULE = 4000;

function compile(rule: Rule): CompiledRule {
  const flags = new Set(rule.pattern.flags.replace(/[gyd]/g, ''));
  flags.add('g');
  // Match indices cost time on every match; built-in rules keep their secret group at the end of
  // the match (before at most a closing quote or bracket), so lastIndexOf finds it without them.
  if (rule.needsIndices) flags.add('d');
  const groups = rule.group === undefined ? [0] : typeof rule.group === 'number' ? [rule.group] : rule.group;
  return { rule, regex: new RegExp(rule.pattern.source, [...flags].join('')), groups };
}

function groupSpan(c: CompiledRule, m: RegExpExecArray): [number, number] | undefined {
  for (const g of c.groups) {
    const v = m[g];
    if (v === undefined) continue;
    if (g === 0) return [m.index, m.index + v.length];
    const at = m.indices?.[g]?.[0] ?? m.index + m[0].lastIndexOf(v);
    return [at, at + v.length];
  }
  return undefined;
}

function runPattern(c: CompiledRule, text: string, out: RawMatch[]): void {
  const { rule, regex } = c;
  regex.lastIndex = 0;
  let rejected = 0;
  for (let m = regex.exec(text); m !== null && rejected < MAX_REJECTED_PER_RULE; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const span = groupSpan(c, m);
    if (span === undefined) continue;
    const [start, end] = span;
    const ctx: MatchContext = { text, start, end, match: m };
    let value = text.slice(start, end);
    const keep = rule.refine ? rule.refine(value, ctx) : value.length;
    if (keep <= 0) {
      rejected++;
      continue;
    }
    value = value.slice(0, keep);
    ctx.end = start + keep;
    if (rule.validate && !rule.validate(value, ctx)) {
      rejected++;
      continue;
    }
    out.push({ type: rule.type, ruleId: rule.id, start, end: ctx.end, confidence: rule.confidence, value });
  }
}

function runRule(c: CompiledRule, text: string, out: RawMatch[], memo: Map<string, unknown>): void {
  const { rule } = c;
  if (!rule.find) {
    runPattern(c, text, out);
    return;
  }
  for (const span of rule.find(text, memo)) {
    const value = text.slice(span.start, span.end);
    if (rule.validate && !rule.validate(value, { text, start: span.start, end: span.end })) continue;
    const confidence = span.confidence ?? rule.confidence;
    out.push({ type: rule.type, ruleId: rule.id, start: span.start, end: span.end, confidence, value });
  }
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

/** Other occurrences of label-found values, as standalone words. */
function echoes(found: readonly RawMatch[], text: string): RawMatch[] {
  const seen = new Set<string>();
  const out: RawMatch[] = [];
  for (const f of found) {
    if (!ECHO_TYPES.has(f.type) || f.value.length < MIN_ECHO_LENGTH || seen.has(f.value)) continue;
    if (seen.size >= MAX_ECHO_VALUES) break;
    seen.add(f.value);
    for (let at = text.indexOf(f.value); at !== -1; at = text.indexOf(f.value, at + 1)) {
      const end = at + f.value.length;
      if (at === f.start || isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
      out.push({ ...f, start: at, end, confidence: f.confidence * 0.9 });
    }
  }
  return out;
}

const MAX_MARKER = 48;
const MARKER_KEYWORD = '[redacted:';

/** Whether a match touches one of our own `[REDACTED:type]` markers (looked for only around it). */
function onMarker(text: string, m: RawMatch): boolean {
  const from = Math.max(0, m.start - MAX_MARKER);
  const around = text.slice(from, m.end + MAX_MARKER);
  if (!around.includes('[REDACTED:')) return false;
  for (const r of around.matchAll(REDACTION_MARKER)) {
    if (from + r.index < m.end && m.start < from + r.index + r[0].length) return true;
  }
  return false;
}

/** A detector over a given rule list; `createDetector` is this with the built-in rules. */
export function createRuleDetector(rules: readonly Rule[], options: DetectorOptions = {}): Detector {
  const opts = detectorOptionsSchema.parse(options);
  const disabled = new Set(opts.disabledTypes ?? []);
  const all = [...rules, ...(opts.customRules ?? []).map(customRule)].filter((r) => !disabled.has(r.type));
  const pass = keywordPass([...all.flatMap((r) => r.keywords), MARKER_KEYWORD]);
  const compiled = all.map((r) => ({
    ...compile(r),
    keywordIds: r.keywords.length > 0 ? pass.ids(r.keywords) : undefined,
  }));
  const byId = new Map(all.map((r) => [r.id, r]));
  const placeholder = (m: RawMatch) =>
    isPlaceholder(byId.get(m.ruleId)?.placeholderPart?.(m.value) ?? m.value);
  const allowed = allowList(opts.allowValues, opts.allowPatterns);

  return {
    scan(text: string): RawMatch[] {
      const hits = pass(text);
      const marked = hits.has(MARKER_KEYWORD);
      const raw: RawMatch[] = [];
      const memo = new Map<string, unknown>();
      for (const c of compiled) {
        if (c.keywordIds !== undefined && !hits.hasAny(c.keywordIds)) continue;
        runRule(c, text, raw, memo);
      }
      const found = raw.filter(
        (m) => m.end > m.start && !placeholder(m) && !allowed(m) && !(marked && onMarker(text, m)),
      );
      return resolveOverlaps(
        [...found, ...echoes(found, text).filter((m) => !(marked && onMarker(text, m)))],
        text,
      );
    },
  };
}

export function createDetector(options: DetectorOptions = {}): Detector {
  return createRuleDetector(RULES, options);
}
