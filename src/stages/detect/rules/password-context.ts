/**
 * Keyword evidence for passwords: every word of the multilingual dictionary (password-keywords.ts)
 * found in one pass over the text, each hit with its kind and where it sits. The rules in
 * password-keyword-rules.ts judge the value after a hit by its shape and by how far, and through
 * what, it stands from the keyword.
 */
import { foldLetters } from './fold-letters.js';
import { type KeywordPass, type KeywordScan, keywordPass } from './keywords.js';
import { type KeywordKind, PASSWORD_DICTIONARY } from './password-keywords.js';

export interface KeywordHit {
  /** Where the keyword (with a compound's first part) starts, and where its word ends. */
  start: number;
  end: number;
  /** Where the dictionary word itself starts (inside a compound: after the first part). */
  wordStart: number;
  kind: KeywordKind;
}

interface Entry {
  parts: readonly string[];
  kind: KeywordKind;
  inflects: boolean;
  compounds: boolean;
}

const MAX_INFLECTION = 5;
// A token longer than this is no word a customer typed: not looked up (bounded work per token).
const MAX_TOKEN = 40;
// Hits kept per text: far more than any mail holds; hostile input made of keywords stays bounded.
const MAX_HITS = 5000;

// Words are looked up without their accents on both sides: "contraseña" and "contrasena" alike.
const ENTRIES: readonly Entry[] = PASSWORD_DICTIONARY.map((k) => ({
  parts: foldLetters(k.word)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean),
  kind: k.kind,
  inflects: k.inflects ?? false,
  compounds: k.compounds ?? false,
}));

// Entries by their first part; several entries may share one ("mot de passe", "mots de passe").
const BY_FIRST = new Map<string, Entry[]>();
for (const e of ENTRIES) {
  const first = e.parts[0] as string;
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), e]);
}
// One-part entries that may end a compound, longest first so "sicherheitsschlüssel" wins over "schlüssel".
const COMPOUNDING = ENTRIES.filter((e) => e.compounds && e.parts.length === 1).sort(
  (a, b) => (b.parts[0] as string).length - (a.parts[0] as string).length,
);
// Kinds in order of precedence when one word is several things ("konto": login, never user).
const RANK: Record<KeywordKind, number> = {
  password: 0,
  pin: 1,
  key: 2,
  wifi: 3,
  user: 4,
  login: 5,
  admin: 6,
};

// Words of letters and digits; everything else separates them. A single character class: linear.
const TOKEN = /[\p{L}\p{N}]+/gu;
// The same, for reading the parts after a first one (its own lastIndex: the main scan's stays put).
const PART = /[\p{L}\p{N}]+/gu;
// What may join the parts of a multi-word keyword: "mot de passe", "p/w", "wi-fi", "parola d'ordine".
const JOINER = /^(?:[ \t]{1,3}|[-/'’])$/;

/** The entry that `lower` (a lower-case token) is, or inflects: the word itself, then shorter stems. */
function lookupWord(lower: string, parts: 1 | 'any'): { entry: Entry; stem: string } | undefined {
  for (let cut = 0; cut <= MAX_INFLECTION && cut < lower.length - 1; cut++) {
    const stem = cut === 0 ? lower : lower.slice(0, -cut);
    for (const entry of BY_FIRST.get(stem) ?? []) {
      if (parts === 1 && entry.parts.length !== 1) continue;
      if (cut > 0 && !(entry.inflects && entry.parts.length === 1)) continue;
      return { entry, stem };
    }
  }
  return undefined;
}

/** Whether the text after a first part continues with the entry's other parts; returns their end. */
function restOfEntry(text: string, entry: Entry, from: number): number | undefined {
  let at = from;
  for (const part of entry.parts.slice(1)) {
    PART.lastIndex = at;
    const next = PART.exec(text);
    if (next === null || next.index - at > 3 || !JOINER.test(text.slice(at, next.index))) return undefined;
    const lower = foldLetters(next[0].toLowerCase());
    const last = part === entry.parts.at(-1);
    const fits =
      lower === part ||
      (last && entry.inflects && lower.startsWith(part) && lower.length - part.length <= MAX_INFLECTION);
    if (!fits) return undefined;
    at = next.index + next[0].length;
  }
  return at;
}

/** The hit a token starts, if any: the longest multi-word entry, else the token alone or as a compound. */
function hitAt(text: string, start: number, token: string): KeywordHit | undefined {
  const lower = foldLetters(token.toLowerCase());
  const end = start + token.length;
  let best: KeywordHit | undefined;
  const consider = (hit: KeywordHit) => {
    if (!best || hit.end > best.end || (hit.end === best.end && RANK[hit.kind] < RANK[best.kind])) best = hit;
  };
  for (const entry of BY_FIRST.get(lower) ?? []) {
    if (entry.parts.length === 1) consider({ start, end, wordStart: start, kind: entry.kind });
    else {
      const restEnd = restOfEntry(text, entry, end);
      if (restEnd !== undefined) consider({ start, end: restEnd, wordStart: start, kind: entry.kind });
    }
  }
  if (best) return best;
  const inflected = lookupWord(lower, 1);
  if (inflected) return { start, end, wordStart: start, kind: inflected.entry.kind };
  if (lower.length < 6) return undefined;
  for (const entry of COMPOUNDING) {
    const word = entry.parts[0] as string;
    const at = lower.lastIndexOf(word);
    if (at <= 0) continue;
    const rest = lower.length - at - word.length;
    if (rest === 0 || (entry.inflects && rest <= MAX_INFLECTION))
      return { start, end, wordStart: start + at, kind: entry.kind };
  }
  return undefined;
}

// Every token that is, inflects or ends with a dictionary word contains an entry's first part (folded):
// the keyword pass finds those in one read, and only the tokens around them are looked up. A short
// first part that is no word by itself ("e" of "e-mail", "p" of "p/w") would make every such
// letter a candidate: those entries are found by their joined forms instead ("e-mail", "p/w").
const FIRST_PART_LIST = [...BY_FIRST.keys()];
const SHORT_PART = 3;
// Every joiner restOfEntry accepts: one to three blanks or tabs, or one of - / ' ’.
const BLANKS = ['', ' ', '\t'].flatMap((a) =>
  ['', ' ', '\t'].flatMap((b) => [' ', '\t'].map((c) => a + b + c)),
);
const JOINED_BY = [...new Set(BLANKS), '-', '/', "'", '’'];
const ANCHORS: Array<{ keyword: string; part: number; kinds: readonly KeywordKind[] }> =
  FIRST_PART_LIST.flatMap((first, part) => {
    const entries = BY_FIRST.get(first) ?? [];
    if (first.length >= SHORT_PART || entries.some((e) => e.parts.length === 1))
      return [{ keyword: first, part, kinds: entries.map((e) => e.kind) }];
    return entries.flatMap((e) =>
      JOINED_BY.map((j) => ({ keyword: e.parts.slice(0, 2).join(j), part, kinds: [e.kind] })),
    );
  });
const ANCHOR_KEYWORDS = ANCHORS.map((a) => a.keyword);

/**
 * The words a text must hold (folded as the engine's keyword pass folds them) for a dictionary hit
 * of one of `kinds` to exist: a hit's token starts with, inflects or ends in its entry's first part.
 * Rules that act on those kinds name these as their keywords, so texts without one skip them.
 */
export function anchorsOfKinds(kinds: readonly KeywordKind[]): string[] {
  return [...new Set(ANCHORS.filter((a) => a.kinds.some((k) => kinds.includes(k))).map((a) => a.keyword))];
}
const FIRST_PARTS = keywordPass(ANCHOR_KEYWORDS, { fold: foldLetters });
// The pass numbers keywords its own way (it drops duplicates): its id → our part index.
const PART_OF_ID: number[] = [];
for (const a of ANCHORS) PART_OF_ID[FIRST_PARTS.ids([a.keyword])[0] as number] = a.part;
// Letters and digits, by code unit: where a token around a keyword starts and ends.
const WORD_UNIT = new Uint8Array(0x10000);
for (let code = 0; code < 0x10000; code++)
  WORD_UNIT[code] = /[\p{L}\p{N}]/u.test(String.fromCharCode(code)) ? 1 : 0;

// Parts that may end a compound: only those make a token worth looking up when they sit inside it.
const COMPOUND_PART = FIRST_PART_LIST.map((p) => COMPOUNDING.some((e) => e.parts[0] === p));
// A hit is stored as start * PART_SLOTS + part index, so one numeric sort orders them by start.
const PART_SLOTS = 2 ** Math.ceil(Math.log2(FIRST_PART_LIST.length + 1));

/**
 * First parts found in the text, ascending by start. A text that repeats one past what the pass
 * keeps (a log full of "/usr/") is read again keeping every occurrence: a word after the cap would
 * otherwise be missed, and looking up every token instead costs ten times more.
 */
function firstPartHits(text: string, given?: KeywordScan): number[] {
  const partOf = given === undefined ? undefined : partsOfPass(given.pass);
  let scan = partOf === undefined ? FIRST_PARTS(text) : (given as KeywordScan);
  let parts = partOf ?? PART_OF_ID;
  if (scan.present.some((id) => parts[id] !== undefined && !scan.completeOf(id))) {
    scan = FIRST_PARTS(text, Number.POSITIVE_INFINITY);
    parts = PART_OF_ID;
  }
  const all: number[] = [];
  for (const id of scan.present) {
    const part = parts[id];
    if (part === undefined) continue;
    for (const p of scan.startsOf(id)) all.push(p * PART_SLOTS + part);
  }
  return all.sort((a, b) => a - b);
}

// Another pass's keyword ids → our part indexes, when that pass holds every anchor (the engine's
// does: the rules that read these words name them as keywords or hints); `undefined` otherwise.
const PARTS_OF_PASS = new WeakMap<KeywordPass, Array<number | undefined> | null>();
function partsOfPass(pass: KeywordPass): Array<number | undefined> | undefined {
  let parts = PARTS_OF_PASS.get(pass);
  if (parts === undefined) {
    const ids = ANCHORS.map((a) => pass.ids([a.keyword])[0]);
    parts = null;
    if (ids.every((id) => id !== undefined)) {
      parts = [];
      ANCHORS.forEach((a, n) => {
        (parts as Array<number | undefined>)[ids[n] as number] = a.part;
      });
    }
    PARTS_OF_PASS.set(pass, parts);
  }
  return parts ?? undefined;
}

/** Every anchor word of the dictionary: a rule naming these as hints lets keywordHits reuse the engine's pass. */
export const ALL_ANCHORS: readonly string[] = [...new Set(ANCHOR_KEYWORDS)];

/**
 * Every dictionary word in the text, in order; read once. Shared through the scan's memo. `scan`,
 * the engine's keyword pass over the same text, spares a second pass when it holds every anchor.
 */
export function keywordHits(
  text: string,
  memo?: Map<string, unknown>,
  scan?: KeywordScan,
): readonly KeywordHit[] {
  const cached = memo?.get('password-keyword-hits') as KeywordHit[] | undefined;
  if (cached) return cached;
  const hits = hitsAround(text, firstPartHits(text, scan));
  memo?.set('password-keyword-hits', hits);
  return hits;
}

/**
 * The hits of the tokens holding the parts found (each token looked up once). A token can be a
 * word, or inflect one, only if a part starts it; it can end in a compound only if a compounding
 * part ends at most MAX_INFLECTION before its end. Other tokens (a part inside base64, "spin") are
 * not looked up at all.
 */
function hitsAround(text: string, found: readonly number[]): KeywordHit[] {
  const hits: KeywordHit[] = [];
  let coveredTo = 0;
  for (let n = 0; n < found.length && hits.length < MAX_HITS; ) {
    const at = Math.floor((found[n] as number) / PART_SLOTS);
    // Tokens longer than MAX_TOKEN are never words: the walks stop there (base64 is one long token).
    let from = at;
    while (from > 0 && at - from <= MAX_TOKEN && WORD_UNIT[text.charCodeAt(from - 1)] === 1) from--;
    let to = at;
    while (to < text.length && to - from <= MAX_TOKEN && WORD_UNIT[text.charCodeAt(to)] === 1) to++;
    let worth = false;
    // The first hit always counts as in the token, so n moves on even when the walks stopped short.
    for (let first = true; n < found.length; n++, first = false) {
      const code = found[n] as number;
      const start = Math.floor(code / PART_SLOTS);
      if (!first && start >= to) break;
      const part = code % PART_SLOTS;
      const end = start + (FIRST_PART_LIST[part] as string).length;
      if (start === from || (COMPOUND_PART[part] && start > from && to - end <= MAX_INFLECTION)) worth = true;
    }
    if (!worth || from < coveredTo || to - from > MAX_TOKEN) continue;
    const hit = hitAt(text, from, text.slice(from, to));
    if (!hit) continue;
    hits.push(hit);
    coveredTo = hit.end;
  }
  return hits;
}

/** Every token looked up: the reference the keyword-pass route is tested against. */
export function tokenHits(text: string): KeywordHit[] {
  const hits: KeywordHit[] = [];
  TOKEN.lastIndex = 0;
  let coveredTo = 0;
  for (let m = TOKEN.exec(text); m !== null && hits.length < MAX_HITS; m = TOKEN.exec(text)) {
    if (m.index < coveredTo || m[0].length > MAX_TOKEN) continue;
    const hit = hitAt(text, m.index, m[0]);
    if (!hit) continue;
    hits.push(hit);
    coveredTo = hit.end;
    TOKEN.lastIndex = Math.max(TOKEN.lastIndex, hit.end);
  }
  return hits;
}

/** The kind of the single word `token` (unused hits aside): for judging the words between label and value. */
export function kindOfWord(token: string): KeywordKind | undefined {
  if (!/^[\p{L}\p{N}]{1,40}$/u.test(token)) return undefined;
  return hitAt(token, 0, token)?.kind;
}

// Wi-Fi words inside a compound key word: "Netzwerkschlüssel", "netwerksleutel", "nätverksnyckel".
const WIFI_COMPOUND = /wlan|wifi|wpa|netzwerk|netwerk|nätverk|netværk|network|sicherheit|sieci/i;
const WIFI_DISTANCE = 16;
const WIFI_LINE = 60;

/** Whether a `key` hit names a Wi-Fi key: a Wi-Fi word beside it, or inside its compound. */
export function isWifiKey(text: string, hits: readonly KeywordHit[], index: number): boolean {
  const hit = hits[index] as KeywordHit;
  if (hit.wordStart > hit.start && WIFI_COMPOUND.test(text.slice(hit.start, hit.wordStart))) return true;
  for (const j of [index - 2, index - 1, index + 1, index + 2]) {
    const other = hits[j];
    if (other?.kind !== 'wifi') continue;
    const gap = j < index ? hit.start - other.end : other.start - hit.end;
    const between = j < index ? text.slice(other.end, hit.start) : text.slice(hit.end, other.start);
    if (gap >= 0 && gap <= WIFI_DISTANCE && !/[\n:=]/.test(between)) return true;
    // "WiFi: Gast-Netz, Schlüssel: X": the network named first on the same line, the key after.
    if (j < index && gap >= 0 && gap <= WIFI_LINE && !/[\r\n]/.test(between) && /[:=]/.test(between))
      return true;
  }
  return wifiLineAbove(text, hits, index);
}

// What a door, gate or alarm code opens, in the twelve languages (stems: "Alarmanlage", "porte",
// "portão", "drzwi", "dveří"): a "code" word beside one is a PIN ("the code for the back door is 4817").
const PLACE =
  /(?<![\p{L}])(?:door|gate|alarm|garage|safe|keypad|intercom|tür|haustür|alarmanlage|tresor|porte|portail|alarme|coffre|interphone|puerta|portón|alarma|caja fuerte|porta|portone|cancello|allarme|cassaforte|citofono|deur|poort|kluis|portão|cofre|drzwi|bramy|brama|alarmu|sejfu|domofonu|dörr|dörren|porten|larm|larmet|kassaskåp|dør|døren|alarmen|dveří|dveře|brány|trezoru|kapı|kapının|kasa)(?![\p{L}])/iu;
const PLACE_REACH = 30;

/** Whether a `key` hit ("code", "Code", "kod") names what opens a door, gate, alarm or safe. */
export function isPlaceCode(text: string, hit: KeywordHit): boolean {
  const word = text.slice(hit.wordStart, hit.end).toLowerCase();
  if (!/^(?:code|kod|kód|código|codigo|codice|koden|kode)$/.test(word)) return false;
  // The same line only: a few words either side ("Code für die Alarmanlage", "porte : code 7391").
  const before = text.slice(Math.max(0, hit.wordStart - PLACE_REACH), hit.wordStart);
  const after = text.slice(hit.end, hit.end + PLACE_REACH);
  // Before the word: this clause only; after it: only up to the value's first digit, so that a door
  // named after the number ("error code 4012 when opening the door") does not count.
  const clause = before.slice(Math.max(before.lastIndexOf('\n'), before.search(/[.!?;][^.!?;]*$/)) + 1);
  const line = `${clause} ${after.split(/[\n\d]/, 1)[0]}`;
  return PLACE.test(line);
}

// A line of a Wi-Fi block: "wifi: NAME" (or "SSID:", "rete:") above, then "chiave: X" on the next line.
const LABEL_LINE_START = /(?:^|\n)[ \t>*-]*$/;

/** Whether the key word starts its line and the line above starts with a Wi-Fi word. */
function wifiLineAbove(text: string, hits: readonly KeywordHit[], index: number): boolean {
  const hit = hits[index] as KeywordHit;
  if (!LABEL_LINE_START.test(text.slice(Math.max(0, hit.start - 12), hit.start))) return false;
  for (let j = index - 1; j >= 0 && j >= index - 3; j--) {
    const other = hits[j] as KeywordHit;
    const between = text.slice(other.end, hit.start);
    if (between.length > 160 || (between.match(/\n/g)?.length ?? 0) !== 1) continue;
    if (
      other.kind === 'wifi' &&
      LABEL_LINE_START.test(text.slice(Math.max(0, other.start - 12), other.start))
    )
      return true;
  }
  return false;
}
