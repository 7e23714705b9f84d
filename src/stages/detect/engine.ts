import type { RawMatch, SecretType } from '../../domain/finding.js';
import { echoParts, MIN_ECHO_LENGTH } from './echo-parts.js';
import { allowList } from './rules/allow-list.js';
import { customRule, type DetectorOptions, detectorOptionsSchema } from './rules/custom.js';
import { foldLetters } from './rules/fold-letters.js';
import { RULES } from './rules/index.js';
import { type KeywordScan, keywordPass } from './rules/keywords.js';
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
  'recovery_codes',
]);
export const MAX_ECHO_VALUES = 16;
export { MIN_ECHO_LENGTH };

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

function groupSpan(c: CompiledRule, m: RegExpExecArray, shift: number): [number, number] | undefined {
  for (const g of c.groups) {
    const v = m[g];
    if (v === undefined) continue;
    if (g === 0) return [m.index, m.index + v.length];
    const indexed = m.indices?.[g]?.[0];
    const at = indexed !== undefined ? indexed + shift : m.index + m[0].lastIndexOf(v);
    return [at, at + v.length];
  }
  return undefined;
}

/**
 * Where a rule looks in a long text: around each occurrence of its keywords, `reach` characters
 * either side, merged. `undefined` is the whole text (a rule without keywords, or a keyword that
 * repeats past what the keyword pass keeps).
 */
function windowsOf(
  c: CompiledRule & { keywordIds?: readonly number[] },
  hits: KeywordScan,
  length: number,
  reach: number,
): Array<[number, number]> | undefined {
  if (c.keywordIds === undefined) return undefined;
  const starts: number[] = [];
  for (const id of c.keywordIds) {
    if (!hits.completeOf(id)) return undefined;
    for (const p of hits.startsOf(id)) starts.push(p);
  }
  starts.sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const p of starts) {
    const lo = Math.max(0, p - reach);
    const hi = Math.min(length, p + reach);
    const last = out.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function runPattern(
  c: CompiledRule,
  text: string,
  out: RawMatch[],
  windows?: ReadonlyArray<[number, number]>,
): void {
  if (windows === undefined) {
    matchIn(c, text, 0, text.length, 0, text.length, out, MAX_REJECTED_PER_RULE);
    return;
  }
  let budget = MAX_REJECTED_PER_RULE;
  // Each window is read with a margin, so that lookarounds and a match running past the window's
  // end see the text they would see in a whole-text scan; only matches starting inside count.
  for (const [lo, hi] of windows) {
    const from = Math.max(0, lo - WINDOW_MARGIN);
    budget -= matchIn(c, text, from, Math.min(text.length, hi + WINDOW_MARGIN), lo, hi, out, budget);
    if (budget <= 0) return;
  }
}

/** The rule's matches in text[from, to) that start in [lo, hi), with offsets in `text`; returns the rejections. */
function matchIn(
  c: CompiledRule,
  text: string,
  from: number,
  to: number,
  lo: number,
  hi: number,
  out: RawMatch[],
  budget: number,
): number {
  const { rule, regex } = c;
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  regex.lastIndex = 0;
  let rejected = 0;
  for (let m = regex.exec(part); m !== null && rejected < budget; m = regex.exec(part)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    m.index += from;
    if (m.index < lo) continue;
    if (m.index >= hi) break;
    const span = groupSpan(c, m, from);
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
  return rejected;
}

function runRule(
  c: CompiledRule,
  text: string,
  out: RawMatch[],
  memo: Map<string, unknown>,
  windows: ReadonlyArray<[number, number]> | undefined,
  keywords: KeywordScan | undefined,
): void {
  const { rule } = c;
  if (!rule.find) {
    runPattern(c, text, out, windows);
    return;
  }
  for (const span of rule.find(text, memo, keywords)) {
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
    if (!ECHO_TYPES.has(f.type)) continue;
    for (const part of echoParts(f.type, f.value)) {
      if (seen.has(part)) continue;
      if (seen.size >= MAX_ECHO_VALUES) return out;
      seen.add(part);
      for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
        const end = at + part.length;
        if ((at >= f.start && end <= f.end) || isWordChar(text[at - 1]) || isWordChar(text[end])) continue;
        out.push({ ...f, start: at, end, value: part, confidence: f.confidence * 0.9 });
      }
    }
  }
  return out;
}

// A long text is read by each keyword-gated pattern rule only within WINDOW_REACH characters of
// its keywords (a value stands near its label; a PEM block or a URL starts at its keyword), with
// WINDOW_MARGIN more on each side for lookarounds and matches that run on. Shorter texts are
// read whole: there the windows would cover most of the text anyway.
export const WINDOW_FROM = 64 * 1024;
const WINDOW_REACH = 4096;
const WINDOW_MARGIN = 4096;

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

// A value base64-encoded as a whole (a Kubernetes Secret's data, a Helm value): 8 characters or more.
const BASE64_VALUE = /^(?:[A-Za-z0-9+/]{4}){1,64}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * The text a base64 value encodes, when it is printable ASCII: `Y2hhbmdlbWU=` is "changeme", a
 * placeholder whichever way it is written. A real password encoded stays a finding.
 */
function base64Text(value: string): string | undefined {
  if (value.length < 8 || !BASE64_VALUE.test(value)) return undefined;
  const text = Buffer.from(value, 'base64')
    .toString('latin1')
    .replace(/\r?\n$/, '');
  return PRINTABLE.test(text) ? text : undefined;
}

/** ASCII digits in `text`, counted up to `enough` (past it the answer no longer changes a decision). */
function countDigits(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d < 10) n++;
  }
  return n;
}

/** A detector over a given rule list; `createDetector` is this with the built-in rules. */
/** How the engine reads long texts (tests compare a windowed scan with a whole-text one). */
export interface EngineTuning {
  /** Texts at least this long are read by each pattern rule only around its keywords. */
  windowFrom: number;
  /** Whether structural rules are handed the keyword pass (to read only near their keywords). */
  nearKeywords?: boolean;
}

export function createRuleDetector(
  rules: readonly Rule[],
  options: DetectorOptions = {},
  tuning: EngineTuning = { windowFrom: WINDOW_FROM },
): Detector {
  const opts = detectorOptionsSchema.parse(options);
  const disabled = new Set(opts.disabledTypes ?? []);
  const all = [...rules, ...(opts.customRules ?? []).map(customRule)].filter((r) => !disabled.has(r.type));
  // Accents are folded as the password dictionary folds them, so that its words gate its rules exactly.
  const pass = keywordPass(
    [...all.flatMap((r) => [...r.keywords, ...(r.hintKeywords ?? [])]), MARKER_KEYWORD],
    { fold: foldLetters },
  );
  const compiled = all.map((r) => ({
    ...compile(r),
    keywordIds: r.keywords.length > 0 ? pass.ids(r.keywords) : undefined,
  }));
  // Keyword id → the rules it wakes: a text's few keywords mark its rules without asking each rule.
  const wakes: number[][] = [];
  compiled.forEach((c, n) => {
    for (const id of c.keywordIds ?? []) wakes[id] = [...(wakes[id] ?? []), n];
  });
  // Rules without keywords are awake in every text unless too few digits rule them out: listed by
  // the digits they need, most first, so a text's digit count cuts the list once.
  const minDigits = compiled.map((c) => c.rule.minDigits ?? 0);
  const keywordless = compiled
    .map((_c, n) => n)
    .filter((n) => compiled[n]?.keywordIds === undefined)
    .sort((a, b) => (minDigits[b] as number) - (minDigits[a] as number) || a - b);
  const digitsNeeded = Math.max(0, ...minDigits);
  const byId = new Map(all.map((r) => [r.id, r]));
  const placeholder = (m: RawMatch) => {
    const value = byId.get(m.ruleId)?.placeholderPart?.(m.value) ?? m.value;
    return isPlaceholder(value) || isPlaceholder(base64Text(value) ?? '');
  };
  const allowed = allowList(opts.allowValues, opts.allowPatterns);

  return {
    scan(text: string): RawMatch[] {
      const hits = pass(text);
      const marked = hits.has(MARKER_KEYWORD);
      const raw: RawMatch[] = [];
      const memo = new Map<string, unknown>();
      const digits = digitsNeeded > 0 ? countDigits(text, digitsNeeded) : 0;
      // The awake rules, in rule order: those woken by the text's keywords, and the keywordless
      // ones its digits allow. A text without keywords visits only the latter, not every rule.
      const awake: number[] = [];
      for (const id of hits.present) for (const n of wakes[id] ?? []) awake.push(n);
      for (const n of keywordless) {
        if (digits < (minDigits[n] as number)) continue;
        awake.push(n);
      }
      awake.sort((a, b) => a - b);
      for (let k = 0; k < awake.length; k++) {
        const n = awake[k] as number;
        if (n === awake[k - 1] || digits < (minDigits[n] as number)) continue;
        const c = compiled[n] as (typeof compiled)[number];
        const windows =
          text.length >= tuning.windowFrom ? windowsOf(c, hits, text.length, WINDOW_REACH) : undefined;
        runRule(c, text, raw, memo, windows, tuning.nearKeywords === false ? undefined : hits);
      }
      if (raw.length === 0) return raw;
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
