/**
 * The keyword pass: every occurrence of every rule keyword, found in one pass over the text by an
 * Aho–Corasick automaton compiled to a table (one array read per character, whatever the number of
 * keywords). Case is folded by the character-class table, so the pass reads the text as it is and
 * positions are the text's own. What the pass finds gates the rules (a rule runs only when one of
 * its keywords occurs) and tells them where to look (the windows around the hits).
 */

/** What one pass found: which keywords occur, and where each occurrence starts. */
export interface KeywordScan {
  /** The pass that read the text: its `ids` name keywords by number for `startsOf`. */
  readonly pass: KeywordPass;
  has(keyword: string): boolean;
  /** Whether any of the keywords with these ids (from `KeywordPass.ids`) occurs. */
  hasAny(ids: readonly number[]): boolean;
  /** Start offsets of `keyword`'s occurrences in text order: the first MAX_STARTS of them. */
  starts(keyword: string): readonly number[];
  /** The ids of the keywords found, in the order they were first found. */
  readonly present: readonly number[];
  /** `starts` and `complete` by id. */
  startsOf(id: number): readonly number[];
  completeOf(id: number): boolean;
  /** Whether `starts` holds every occurrence (false for input repeating one keyword past MAX_STARTS). */
  complete(keyword: string): boolean;
  /**
   * Start offsets of every occurrence of any of `keywords`, ascending; `undefined` when the pass
   * cannot tell (a keyword it was not built with, or one repeated past MAX_STARTS).
   */
  offsets(keywords: readonly string[]): number[] | undefined;
}

// Occurrences kept per keyword: far more than any mail holds, and a bound on memory for input made
// of one keyword repeated (past it only the first ones are kept).
export const MAX_STARTS = 4096;

interface Automaton {
  keywords: readonly string[];
  /** Character code → class; 0 is every character that occurs in no keyword. */
  classOf: Uint8Array;
  classes: number;
  /** Next state: delta[state * classes + class]. */
  delta: Uint32Array;
  /** Keyword ids ending at each state (its own and those along its failure links). */
  outputs: readonly (readonly number[])[];
  /** 1 where `outputs` is not empty: the scan loop reads one byte for most characters. */
  accepting: Uint8Array;
}

const CODE_UNITS = 0x10000;

const FOLDED_BELOW = 0x2200;
const FOLD_TABLES = new WeakMap<(s: string) => string, Uint16Array>();

/** Each code unit's lower-case (and folded) form, when that is one code unit; computed once per fold. */
function foldTable(fold: (s: string) => string): Uint16Array {
  let table = FOLD_TABLES.get(fold);
  if (!table) {
    table = new Uint16Array(CODE_UNITS);
    for (let code = 0; code < CODE_UNITS; code++) table[code] = code;
    // Every letter that lower-cases or folds to a Latin letter sits below FOLDED_BELOW (the rest of
    // the code space is computed in vain at every start: a few mathematical signs fold to "=<>").
    for (let code = 0; code < FOLDED_BELOW; code++) {
      const folded = fold(String.fromCharCode(code).toLowerCase());
      if (folded.length === 1) table[code] = folded.charCodeAt(0);
    }
    FOLD_TABLES.set(fold, table);
  }
  return table;
}

/** A compiled pass: call it on a text; `ids` names keywords by number for `hasAny`. */
export interface KeywordPass {
  /**
   * `maxStarts` raises the bound on occurrences kept per keyword (MAX_STARTS): a caller that must
   * see every occurrence passes `Infinity` and pays memory linear in the text, which the extraction
   * limits bound.
   */
  (text: string, maxStarts?: number): KeywordScan;
  ids(keywords: readonly string[]): number[];
}

/** How characters compare: lower case always, and `fold` on top (accents, for the dictionaries). */
export interface PassOptions {
  fold?: (lower: string) => string;
}

function build(keywords: readonly string[], fold: (s: string) => string): Automaton {
  // Classes: one per distinct character of the (lower-case) keywords; upper case shares its class.
  const classOf = new Uint8Array(CODE_UNITS);
  let classes = 1;
  for (const k of keywords)
    for (const ch of k) {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && classOf[code] === 0) {
        if (classes === 255) throw new Error('keyword alphabet too large for the keyword pass');
        classOf[code] = classes++;
      }
    }
  const foldedOf = foldTable(fold);
  for (let code = 0; code < CODE_UNITS; code++) {
    if (classOf[code] === 0) classOf[code] = classOf[foldedOf[code] as number] as number;
  }

  // The trie, then failure links breadth-first, then the full transition table.
  const next: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  keywords.forEach((k, id) => {
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const c = classOf[k.charCodeAt(i)] as number;
      let t = next[s]?.get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        own.push([]);
        next[s]?.set(c, t);
      }
      s = t;
    }
    own[s]?.push(id);
  });
  const states = next.length;
  const delta = new Uint32Array(states * classes);
  const fail = new Uint32Array(states);
  const outputs: number[][] = own.map((o) => [...o]);
  const queue: number[] = [];
  for (const [c, t] of next[0] ?? []) {
    delta[c] = t;
    queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q] as number;
    const f = fail[s] as number;
    outputs[s] = [...(outputs[s] ?? []), ...(outputs[f] ?? [])];
    for (let c = 0; c < classes; c++) {
      const t = next[s]?.get(c);
      if (t === undefined) delta[s * classes + c] = delta[f * classes + c] as number;
      else {
        delta[s * classes + c] = t;
        fail[t] = delta[f * classes + c] as number;
        queue.push(t);
      }
    }
  }
  const accepting = Uint8Array.from(outputs, (o) => (o.length > 0 ? 1 : 0));
  return { keywords, classOf, classes, delta, outputs, accepting };
}

const identity = (s: string) => s;

/** A compiled keyword pass over `keywords` (lower-case; empty ones ignored). */
export function keywordPass(keywords: Iterable<string>, options: PassOptions = {}): KeywordPass {
  const fold = options.fold ?? identity;
  const list = [...new Set([...keywords].map(fold))].filter((k) => k.length > 0);
  const index = new Map(list.map((k, i) => [k, i]));
  const a = build(list, fold);
  const lengths = list.map((k) => k.length);
  // A keyword list asked for by `offsets`, as a mask over ids: built once per list, not per text.
  const masks = new WeakMap<readonly string[], Uint8Array | null>();
  const maskOf = (ks: readonly string[]): Uint8Array | undefined => {
    let mask = masks.get(ks);
    if (mask === undefined) {
      mask = new Uint8Array(list.length);
      for (const k of ks) {
        const id = index.get(fold(k));
        if (id === undefined) {
          mask = null;
          break;
        }
        mask[id] = 1;
      }
      masks.set(ks, mask);
    }
    return mask ?? undefined;
  };
  const self: KeywordPass = Object.assign((text: string, maxStarts?: number) => pass(text, maxStarts), {
    ids: (ks: readonly string[]) =>
      ks.map((k) => index.get(fold(k))).filter((id): id is number => id !== undefined),
  });
  const pass = (text: string, maxStarts = MAX_STARTS): KeywordScan => {
    // Most texts hold few keywords: a map costs less than an array of every keyword per text.
    const found = new Map<number, number[]>();
    const overflow = new Set<number>();
    const present: number[] = [];
    const { classOf, classes, delta, outputs, accepting } = a;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = delta[s * classes + (classOf[text.charCodeAt(i)] as number)] as number;
      if (accepting[s] === 0) continue;
      const out = outputs[s] as readonly number[];
      for (let j = 0; j < out.length; j++) {
        const id = out[j] as number;
        const at = found.get(id);
        if (at === undefined) {
          found.set(id, [i + 1 - (lengths[id] as number)]);
          present.push(id);
        } else if (at.length < maxStarts) at.push(i + 1 - (lengths[id] as number));
        else overflow.add(id);
      }
    }
    return {
      pass: self,
      present,
      startsOf: (id) => found.get(id) ?? [],
      completeOf: (id) => !overflow.has(id),
      has: (k) => {
        const id = index.get(fold(k));
        return id !== undefined && found.has(id);
      },
      hasAny: (ids) => {
        for (let j = 0; j < ids.length; j++) if (found.has(ids[j] as number)) return true;
        return false;
      },
      starts: (k) => {
        const id = index.get(fold(k));
        return (id === undefined ? undefined : found.get(id)) ?? [];
      },
      complete: (k) => {
        const id = index.get(fold(k));
        return id === undefined || !overflow.has(id);
      },
      offsets: (ks) => {
        const mask = maskOf(ks);
        if (mask === undefined) return undefined;
        const out: number[] = [];
        for (const id of present) {
          if (mask[id] === 0) continue;
          if (overflow.has(id)) return undefined;
          for (const p of found.get(id) as number[]) out.push(p);
        }
        return out.sort((x, y) => x - y);
      },
    };
  };
  return self;
}
