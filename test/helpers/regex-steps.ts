/**
 * A backtracking matcher for the subset of JavaScript regular expressions the detector rules use,
 * which counts its steps: one per character tested, per assertion and per start position tried.
 * V8's engine backtracks the same way, so a pattern whose step count here grows faster than its
 * input also costs V8 more than linear time; unlike a stopwatch, the count is the same on an idle
 * machine and a loaded one. Tests check this matcher against V8 (same matches) before trusting it.
 *
 * Supported: literals, classes, escapes, `.`, groups (capturing, named, non-capturing),
 * alternation, greedy and lazy quantifiers, lookahead, `^ $ \b \B`, and lookbehind of width one
 * (evaluated by V8 at one position). Anything else (backreferences, wider lookbehind) throws.
 */

type Node =
  | { t: 'set'; src: string; test: (ch: string) => boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; body: Node; min: number; max: number; greedy: boolean }
  | { t: 'ahead'; body: Node; negate: boolean }
  | { t: 'zero'; re: RegExp };

export class UnsupportedPattern extends Error {
  override name = 'UnsupportedPattern';
}

class StepLimit extends Error {}

const SYNTAX = /[\\^$.*+?()[\]{}|/]/;

class Parser {
  private i = 0;
  /** The largest finite repetition count: inputs must be longer than this to show the growth rate. */
  maxWindow = 1;

  constructor(
    private readonly s: string,
    private readonly flags: string,
  ) {}

  parse(): Node {
    const node = this.alt();
    if (this.i !== this.s.length) throw new UnsupportedPattern(`unexpected ${this.s[this.i]} at ${this.i}`);
    return node;
  }

  private set(src: string): Node {
    const re = new RegExp(`^(?:${src})$`, this.flags);
    const memo = new Map<number, boolean>();
    const test = (ch: string) => {
      const code = ch.codePointAt(0)!;
      let v = memo.get(code);
      if (v === undefined) {
        v = re.test(ch);
        memo.set(code, v);
      }
      return v;
    };
    return { t: 'set', src, test };
  }

  private zero(src: string): Node {
    return { t: 'zero', re: new RegExp(src, `${this.flags}y`) };
  }

  private alt(): Node {
    const options = [this.seq()];
    while (this.s[this.i] === '|') {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private seq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')')
      items.push(this.quantified(this.atom()));
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const s = this.s;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
      this.i++;
    } else if (c === '{') {
      // {n}, {n,} or {n,m}; in a pattern without a valid quantifier here, `{` is a literal.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      this.i += m[0].length;
    } else return atom;
    if (Number.isFinite(max)) this.maxWindow = Math.max(this.maxWindow, max);
    const greedy = s[this.i] !== '?';
    if (!greedy) this.i++;
    return { t: 'rep', body: atom, min, max, greedy };
  }

  /** The end of a group or class opened at `from` (the index after its closing character). */
  private group(): Node {
    const s = this.s;
    const start = this.i;
    if (s.startsWith('(?<=', start) || s.startsWith('(?<!', start)) {
      this.i += 4;
      const body = this.alt();
      if (s[this.i] !== ')') throw new UnsupportedPattern('unclosed lookbehind');
      this.i++;
      if (body.t !== 'set') throw new UnsupportedPattern(`lookbehind wider than one character at ${start}`);
      return this.zero(s.slice(start, this.i));
    }
    let ahead: boolean | undefined;
    if (s.startsWith('(?=', start) || s.startsWith('(?!', start)) {
      ahead = s[start + 2] === '!';
      this.i += 3;
    } else if (s.startsWith('(?:', start)) this.i += 3;
    else if (s.startsWith('(?<', start)) this.i = s.indexOf('>', start) + 1;
    else if (s.startsWith('(?', start)) throw new UnsupportedPattern(`group syntax at ${start}`);
    else this.i++;
    const body = this.alt();
    if (s[this.i] !== ')') throw new UnsupportedPattern(`unclosed group at ${start}`);
    this.i++;
    return ahead === undefined ? body : { t: 'ahead', body, negate: ahead };
  }

  private atom(): Node {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '(') return this.group();
    if (c === '^' || c === '$') {
      this.i++;
      return this.zero(c);
    }
    if (c === '.') {
      this.i++;
      return this.set('.');
    }
    if (c === '[') {
      let j = this.i + 1;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
      const src = s.slice(this.i, j + 1);
      this.i = j + 1;
      return this.set(src);
    }
    if (c === '\\') {
      const e = s[this.i + 1]!;
      if (e === 'b' || e === 'B') {
        this.i += 2;
        return this.zero(`\\${e}`);
      }
      if (/[1-9k]/.test(e)) throw new UnsupportedPattern('backreference');
      const m =
        /^\\(?:[pP]\{[^}]*\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])/.exec(
          s.slice(this.i),
        )!;
      this.i += m[0].length;
      return this.set(m[0]);
    }
    const ch = String.fromCodePoint(s.codePointAt(this.i)!);
    this.i += ch.length;
    return this.set(SYNTAX.test(ch) ? `\\${ch}` : ch);
  }
}

const nullable = (n: Node): boolean => {
  switch (n.t) {
    case 'set':
      return false;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.options.some(nullable);
    case 'rep':
      return n.min === 0 || nullable(n.body);
    default:
      return true;
  }
};

/** Sources of the sets a match must start with, or undefined when it may start anywhere. */
function firstSets(n: Node): string[] | undefined {
  switch (n.t) {
    case 'set':
      return [n.src];
    case 'rep':
      return firstSets(n.body);
    case 'alt': {
      const all = n.options.map(firstSets);
      return all.some((f) => f === undefined) ? undefined : (all.flat() as string[]);
    }
    case 'seq': {
      const out: string[] = [];
      for (const item of n.items) {
        if (item.t === 'zero' || item.t === 'ahead') continue; // they only narrow the start further
        const f = firstSets(item);
        if (f === undefined) return undefined;
        out.push(...f);
        if (!nullable(item)) return out;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

export interface CompiledPattern {
  /** The largest finite repetition count in the pattern. */
  maxWindow: number;
  /** Every match of a global `exec` loop over `text` (as the engine runs rules), and the steps taken. */
  run(
    text: string,
    opts?: { limit?: number },
  ): { steps: number; spans: Array<[number, number]>; exceeded: boolean };
}

export function compilePattern(pattern: RegExp): CompiledPattern {
  const flags = pattern.flags.replace(/[gyd]/g, '');
  const parser = new Parser(pattern.source, flags);
  const root = parser.parse();
  const unicode = flags.includes('u');
  const firsts = firstSets(root);
  const starter = firsts ? new RegExp(firsts.join('|'), `${flags}g`) : undefined;

  return {
    maxWindow: parser.maxWindow,
    run(text, opts = {}) {
      const limit = opts.limit ?? Number.POSITIVE_INFINITY;
      let steps = 0;
      const tick = () => {
        if (++steps > limit) throw new StepLimit();
      };
      const charAt = (pos: number): string | undefined => {
        if (pos >= text.length) return undefined;
        const c = text.charCodeAt(pos);
        if (!unicode || c < 0xd800 || c > 0xdbff) return text[pos];
        return String.fromCodePoint(text.codePointAt(pos)!);
      };

      const match = (n: Node, pos: number, k: (p: number) => boolean): boolean => {
        switch (n.t) {
          case 'set': {
            tick();
            const ch = charAt(pos);
            return ch !== undefined && n.test(ch) && k(pos + ch.length);
          }
          case 'zero':
            tick();
            n.re.lastIndex = pos;
            return n.re.test(text) && k(pos);
          case 'ahead': {
            tick();
            // A lookahead is atomic: once it has matched, nothing backtracks into it.
            const found = match(n.body, pos, () => true);
            return found !== n.negate && k(pos);
          }
          case 'alt':
            for (const o of n.options) if (match(o, pos, k)) return true;
            return false;
          case 'seq': {
            const next = (i: number, p: number): boolean =>
              i === n.items.length ? k(p) : match(n.items[i]!, p, (q) => next(i + 1, q));
            return next(0, pos);
          }
          case 'rep':
            return n.body.t === 'set' ? repeatSet(n, n.body, pos, k) : repeat(n, pos, k);
        }
      };

      // One character class repeated: iterative, so long runs do not deepen the stack.
      const repeatSet = (
        n: Extract<Node, { t: 'rep' }>,
        body: Extract<Node, { t: 'set' }>,
        pos: number,
        k: (p: number) => boolean,
      ): boolean => {
        const ends = [pos];
        let p = pos;
        if (n.greedy) {
          while (ends.length - 1 < n.max) {
            tick();
            const ch = charAt(p);
            if (ch === undefined || !body.test(ch)) break;
            p += ch.length;
            ends.push(p);
          }
          for (let i = ends.length - 1; i >= n.min; i--) if (k(ends[i]!)) return true;
          return false;
        }
        for (let count = 0; ; count++) {
          if (count >= n.min && k(p)) return true;
          if (count >= n.max) return false;
          tick();
          const ch = charAt(p);
          if (ch === undefined || !body.test(ch)) return false;
          p += ch.length;
        }
      };

      // Any other repetition; an iteration past the minimum must consume something (as in ECMAScript).
      const repeat = (n: Extract<Node, { t: 'rep' }>, pos: number, k: (p: number) => boolean): boolean => {
        const step = (count: number, p: number): boolean => {
          const again = (q: number) => (count < n.min || q !== p) && step(count + 1, q);
          if (n.greedy) {
            if (count < n.max && match(n.body, p, again)) return true;
            return count >= n.min && k(p);
          }
          if (count >= n.min && k(p)) return true;
          return count < n.max && match(n.body, p, again);
        };
        return step(0, pos);
      };

      const spans: Array<[number, number]> = [];
      let exceeded = false;
      try {
        let from = 0;
        while (from <= text.length) {
          let found: [number, number] | undefined;
          for (let s = from; s <= text.length; ) {
            if (starter) {
              // Positions where no match can start fail at their first character: one step each.
              starter.lastIndex = s;
              const next = starter.exec(text);
              const at = next ? next.index : text.length + 1;
              steps += at - s;
              if (steps > limit) throw new StepLimit();
              if (!next) break;
              s = at;
            }
            tick();
            let end = -1;
            if (
              match(root, s, (p) => {
                end = p;
                return true;
              })
            ) {
              found = [s, end];
              break;
            }
            s += charAt(s)?.length ?? 1;
          }
          if (!found) break;
          spans.push(found);
          from = found[1] > found[0] ? found[1] : found[1] + 1;
        }
      } catch (err) {
        if (!(err instanceof StepLimit)) throw err;
        exceeded = true;
      }
      return { steps, spans, exceeded };
    },
  };
}

/** The matches V8 finds with the same global `exec` loop, for checking the matcher above. */
export function nativeSpans(pattern: RegExp, text: string): Array<[number, number]> {
  const re = new RegExp(pattern.source, `${pattern.flags.replace(/[gyd]/g, '')}g`);
  const out: Array<[number, number]> = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push([m.index, m.index + m[0].length]);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
