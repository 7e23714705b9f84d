/**
 * Self-identifying tokens torn across lines. A token pasted from a PDF, or written into a mail
 * whose client wraps long lines (HTML rendered to text, a hard wrap at 72-78 columns), arrives as
 * `github_pat_113FA` at a line's end and the rest at the start of the next. The prefixed-token
 * rules see only a fragment, too short for their fixed lengths (or a fragment whose random part
 * fails its check). For each such rule this module adds a companion that joins the token run
 * holding the rule's keyword with the runs continuing it on the next lines (no blank between)
 * and matches the rule's own pattern and validator against the joined text: the same facts, read
 * across the break. The span covers the line breaks, so the whole token is redacted.
 * Limit: the keyword pass finds a prefix only whole, so a break inside the prefix itself
 * ("gh" / "p_…") is not joined.
 */
import { cloudTokenRules } from './cloud-tokens.js';
import { devTokenRules } from './dev-tokens.js';
import type { KeywordScan } from './keywords.js';
import type { Rule, Span } from './rule.js';
import { serviceTokenRules } from './service-tokens.js';
import { vendorTokenRules } from './vendor-tokens.js';

// Characters a token's run may hold: every alphabet of the prefixed-token table, with the
// separators some of them use ("." in SendGrid keys, ":" in Telegram's, "~" in Azure's).
const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.:~$]/;
// How far a run may reach back from its keyword (the prefix starts a token) and how long the
// joined text may grow: the longest prefixed token in the table, with margin.
const MAX_BACK = 32;
const MAX_JOINED = 1400;
// At most this many line breaks inside one token (a 1200-character token at 76 columns).
const MAX_BREAKS = 20;

// A plain word opening the next line ("Tem", "next", "OK") is the prose after a token, not its
// tail: a random tail has digits or inner capitals. Without this, a token of variable length
// would swallow it.
const WORD = /^(?:[A-Z]?[a-z]+|[A-Z]+)$/;

const isTokenChar = (ch: string | undefined) => ch !== undefined && TOKEN_CHAR.test(ch);

interface Piece {
  /** Offset of the piece in the joined string and in the text. */
  at: number;
  from: number;
  length: number;
}

/** The run of token characters starting at `from`, at most `max` long: its end. */
function runEnd(text: string, from: number, max: number): number {
  let i = from;
  while (i < text.length && i - from < max && isTokenChar(text[i])) i++;
  return i;
}

/** Maps an offset in the joined string back to the text. */
function toText(pieces: readonly Piece[], at: number, edge: 'start' | 'end'): number {
  for (const p of pieces) {
    const inside = edge === 'start' ? at < p.at + p.length : at <= p.at + p.length;
    if (at >= p.at && inside) return p.from + (at - p.at);
  }
  const last = pieces[pieces.length - 1] as Piece;
  return last.from + last.length;
}

/**
 * The token in `joined` that crosses at least one break, read up to each break in turn from the
 * last: the line after a token's tail often starts with a word ("…Ta2vc" / "Tem permissões").
 * One on a single line is the base rule's.
 */
function longestAcross(
  base: Rule,
  pattern: RegExp,
  joined: string,
  pieces: readonly Piece[],
): [number, number] | undefined {
  const first = (pieces[0] as Piece).length;
  for (let i = pieces.length - 1; i >= 1; i--) {
    const p = pieces[i] as Piece;
    const m = pattern.exec(joined.slice(0, p.at + p.length));
    if (m === null) continue;
    const end = m.index + m[0].length;
    if (end <= first) continue;
    if (base.validate && !base.validate(m[0], { text: joined, start: m.index, end, match: m })) continue;
    return [m.index, end];
  }
  return undefined;
}

/** Where `keyword` occurs, ascending: from the engine's pass when it kept them all, else found here. */
type Occurrences = (keyword: string) => Iterable<number>;

function* indexesOf(lower: string, keyword: string): Iterable<number> {
  for (let k = lower.indexOf(keyword); k !== -1; k = lower.indexOf(keyword, k + 1)) yield k;
}

/**
 * The token runs of `text` that hold one of `keywords` and continue on the next line, joined,
 * matched by `base`: spans that cross at least one break. Each keyword occurrence is examined
 * once and the scan resumes after the run it belongs to, so the work stays linear in the text.
 */
function wrappedSpans(
  base: Rule,
  prefixes: readonly string[],
  text: string,
  occurrences: Occurrences,
): Span[] {
  const out: Span[] = [];
  const pattern = new RegExp(base.pattern.source, base.pattern.flags.replace('g', ''));
  for (const keyword of prefixes) {
    let resume = 0;
    for (const k of occurrences(keyword)) {
      if (k < resume) continue;
      let start = k;
      while (start > resume && k - start < MAX_BACK && isTokenChar(text[start - 1])) start--;
      const pieces: Piece[] = [];
      let joined = '';
      let end = runEnd(text, start, MAX_JOINED);
      pieces.push({ at: 0, from: start, length: end - start });
      joined += text.slice(start, end);
      // Follow the run over line breaks while the next line starts with token characters.
      while (pieces.length <= MAX_BREAKS && joined.length < MAX_JOINED) {
        const nl = text[end] === '\r' && text[end + 1] === '\n' ? 2 : text[end] === '\n' ? 1 : 0;
        if (nl === 0 || !isTokenChar(text[end + nl])) break;
        const next = end + nl;
        const stop = runEnd(text, next, MAX_JOINED - joined.length);
        if (WORD.test(text.slice(next, stop))) break;
        pieces.push({ at: joined.length, from: next, length: stop - next });
        joined += text.slice(next, stop);
        end = stop;
      }
      resume = Math.max(end, k + 1);
      if (pieces.length < 2) continue;
      const span = longestAcross(base, pattern, joined, pieces);
      if (span === undefined) continue;
      out.push({ start: toText(pieces, span[0], 'start'), end: toText(pieces, span[1], 'end') });
    }
  }
  return out;
}

/** A break at the middle of a sample token, to build the companion's sample from the base's. */
function tear(secret: string): string {
  const at = Math.floor(secret.length / 2);
  return `${secret.slice(0, at)}\n${secret.slice(at)}`;
}

// The rules whose token carries its keyword (a prefix): their match samples show it.
const PREFIXED = [...devTokenRules, ...cloudTokenRules, ...serviceTokenRules, ...vendorTokenRules].filter(
  (r) =>
    r.find === undefined &&
    r.group === undefined &&
    r.keywords.length > 0 &&
    r.samples.match.every((s) => r.keywords.some((k) => s.secret.toLowerCase().startsWith(k))) &&
    // A token with characters a run does not follow (Django's `!@#%^&*(`) cannot be joined.
    r.samples.match.every((s) => [...s.secret].every(isTokenChar)),
);

export const wrappedTokenRules: Rule[] = PREFIXED.map((base): Rule => {
  const sample = base.samples.match[0] as Rule['samples']['match'][number];
  // Only the keywords that begin a token are followed (not Twilio's "account" or "curl").
  const prefixes = base.keywords.filter((k) =>
    base.samples.match.some((s) => s.secret.toLowerCase().startsWith(k)),
  );
  const torn = tear(sample.secret);
  return {
    id: `${base.id}-wrapped`,
    type: base.type,
    rationale: `${base.rationale} Torn across lines by wrapping: the runs joined, then the same pattern and check.`,
    keywords: prefixes,
    pattern: base.pattern,
    find: (text, memo, keywords?: KeywordScan) => {
      // The pass's offsets when it kept every occurrence: no lower-cased copy of a long text.
      const lowered = (): string => {
        let lower = memo.get('wrapped-lower') as string | undefined;
        if (lower === undefined) {
          // Offsets must stay those of the text: when full lower-casing changes the length (a
          // dotted İ), fold ASCII only (the prefixes are ASCII).
          lower = text.toLowerCase();
          if (lower.length !== text.length)
            lower = text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
          memo.set('wrapped-lower', lower);
        }
        return lower;
      };
      const occurrences: Occurrences = (k) =>
        keywords?.complete(k) ? keywords.starts(k) : indexesOf(lowered(), k);
      return wrappedSpans(base, prefixes, text, occurrences);
    },
    confidence: base.confidence,
    samples: {
      match: [{ text: `${sample.text.replace(sample.secret, torn)}\nnext line`, secret: torn }],
      noMatch: [
        `${sample.text.replace(sample.secret, `${sample.secret.slice(0, 12)}\n\nrest`)}`,
        ...base.samples.noMatch,
      ],
    },
  };
});
