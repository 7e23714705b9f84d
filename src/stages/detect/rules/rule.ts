import type { SecretType } from '../../../domain/finding.js';
import type { KeywordScan } from './keywords.js';

/** What a rule's validator may look at besides the value: the whole text and where the value sits. */
export interface MatchContext {
  text: string;
  start: number;
  end: number;
  /** The regular-expression match that produced the value (absent for `find` rules). */
  match?: RegExpExecArray;
}

/** A span a structural rule (`find`) reports directly. */
export interface Span {
  start: number;
  end: number;
  confidence?: number;
}

/** A match sample: `text` must produce exactly one finding of the rule's type covering `secret`. */
export interface Sample {
  text: string;
  secret: string;
}

/**
 * A detector rule, as data. The engine runs `pattern` (global, with indices) over the text only
 * when one of `keywords` occurs in the lower-cased text, takes the capture `group` (or the first of
 * several that participated) as the secret, lets `refine` trim it and `validate` veto it.
 * Structural rules (PEM blocks, tables) provide `find` instead and use `pattern` internally.
 */
export interface Rule {
  id: string;
  type: SecretType;
  rationale: string;
  keywords: readonly string[];
  /**
   * Words the engine's keyword pass also finds for this rule's `find` without waking it: a rule
   * that reads a dictionary's words (the login words before a pair) takes their offsets from the
   * one pass instead of reading the text again.
   */
  hintKeywords?: readonly string[];
  /**
   * A rule whose every value holds at least this many ASCII digits (card numbers, national ids)
   * is not run on a text with fewer: one count per text spares most header fields and prose.
   */
  minDigits?: number;
  pattern: RegExp;
  /**
   * The capture group(s) holding the secret (the first that participated wins). Built-in rules
   * keep it at the end of the match, followed by at most a closing quote or bracket.
   */
  group?: number | readonly number[];
  /** Compute match indices for the group (custom rules, whose group may sit anywhere). */
  needsIndices?: boolean;
  /** Length of the value to keep (to drop sentence punctuation and the like); 0 rejects it. */
  refine?: (value: string, ctx: MatchContext) => number;
  validate?: (value: string, ctx: MatchContext) => boolean;
  /**
   * The part of a value the engine's placeholder check reads (default: all of it). A URL whose
   * host is `db.internal.example.net` still carries a real password: only the password decides.
   */
  placeholderPart?: (value: string) => string;
  /**
   * Spans found structurally. `memo` lives for one scan of one text: rules that read the same
   * structure (the key columns of a table) share the work through it, and nothing outlives the scan.
   * `keywords` is the engine's keyword pass over the text (absent when a caller reads whole texts):
   * a rule that needs a keyword beside its value reads only around the keyword's offsets.
   */
  find?: (text: string, memo: Map<string, unknown>, keywords?: KeywordScan) => Iterable<Span>;
  confidence: number;
  samples: { match: readonly Sample[]; noMatch: readonly string[] };
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '"': '"', "'": "'", '>': '<' };

/**
 * Drops sentence punctuation glued to the end of a value ("my password is hunter2." → "hunter2"),
 * and closing brackets or quotes that have no opening partner inside the value. `!` stays: it is
 * far more often part of a password than the end of a sentence that shares a line with one.
 */
export function trimTrailingPunctuation(value: string): number {
  let end = value.length;
  while (end > 0) {
    const ch = value[end - 1] as string;
    const opener = CLOSERS[ch];
    if ('.,;:?'.includes(ch)) end--;
    else if (opener !== undefined && !value.slice(0, end - 1).includes(opener)) end--;
    else break;
  }
  return end;
}

/** True when one of `needles` (lower-case) occurs within `radius` characters before `start`. */
export function nearBefore(text: string, start: number, radius: number, needles: readonly string[]): boolean {
  const window = text.slice(Math.max(0, start - radius), start).toLowerCase();
  return needles.some((n) => window.includes(n));
}
