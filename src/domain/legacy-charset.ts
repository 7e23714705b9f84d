import { decodeLabelled, decodeWindows1252 } from './windows-1252.js';

/**
 * Which legacy single-byte charset 8-bit text without a usable label is in. Such text is mostly
 * Windows-1252, but Polish, Czech and Turkish clients send Windows-1250, ISO-8859-2 or
 * Windows-1254 the same way; read as 1252, "hasło" becomes "has³o" and "şifre" "þifre", which no
 * keyword matches, and a redacted part written back as UTF-8 would carry the wrong letters.
 *
 * Statistical detectors (chardet, ICU's) guess Polish as ISO-8859-1 on a sentence or two, which
 * is what a support mail is, so the guess here reads the letters instead. Each candidate charset
 * reads the 8-bit bytes as letters of one of the languages it serves: it scores the letters its
 * best-fitting language writes, less every other letter, less twice every symbol standing inside a
 * word ("has³o"). Czech read as Windows-1252 is all Western letters ("pøíloze"), but no single
 * Western language writes ø beside í. Windows-1252 wins ties, so text in one Western language never
 * changes reading: only bytes that make no sense as Western text move the guess.
 */
export type LegacyCharset = 'windows-1252' | 'windows-1250' | 'iso-8859-2' | 'windows-1254';

// The letters each language writes beyond ASCII, by the code pages it is sent in. Icelandic is
// left out: its ð þ ý are the bytes of Turkish ğ ş ı, far more common in a support mailbox.
const LANGUAGES: Record<string, string> = {
  de: 'äöüß',
  fr: 'àâæçéèêëîïôœùûüÿ',
  es: 'áéíñóúü',
  pt: 'àáâãçéêíóôõú',
  it: 'àèéìíîòóù',
  nl: 'áàéèëïóöü',
  sv: 'åäöé',
  da: 'æøåé',
  fi: 'äöåšž',
  pl: 'ąćęłńóśźż',
  cs: 'áčďéěíňóřšťúůýž',
  sk: 'áäčďéíĺľňóôŕšťúýž',
  hu: 'áéíóöőúüű',
  hr: 'čćđšž',
  ro: 'ăâîşţșț',
  tr: 'çğıöşüâîû',
};
const WESTERN = ['de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'da', 'fi'];
const CENTRAL = ['pl', 'cs', 'sk', 'hu', 'hr', 'ro', 'de'];

interface Candidate {
  charset: LegacyCharset;
  /** Per byte 0x80–0xFF read in this charset: a bit for each of its languages writing it. */
  languages: Uint16Array;
  /** Per byte: 1 a letter, 2 a symbol or control, 3 punctuation that stands at a word's edge, 0 ignored. */
  kind: Uint8Array;
  languageCount: number;
}

// Quotes, dashes and signs that stand at a word's edge in Western text: «Bonjour», „so“, ¿Qué?
const EDGE_PUNCTUATION = '«»“”„‘’‚‹›–—…¿¡€£°§©';

// ª and º are ordinal signs in Western text (nº 5) and letters in others: they decide nothing.
const NEUTRAL = new Set([0xaa, 0xba]);

function candidate(charset: LegacyCharset, languages: readonly string[]): Candidate {
  const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
  const chars = charset === 'windows-1252' ? decodeWindows1252(high) : new TextDecoder(charset).decode(high);
  const bits = new Uint16Array(128);
  const kind = new Uint8Array(128);
  for (let i = 0; i < 128; i++) {
    if (NEUTRAL.has(0x80 + i)) continue;
    const ch = chars[i] as string;
    if (!/\p{L}/u.test(ch)) {
      kind[i] = EDGE_PUNCTUATION.includes(ch) ? 3 : 2;
      continue;
    }
    kind[i] = 1;
    const lower = ch === 'İ' ? 'i' : ch.toLowerCase();
    languages.forEach((l, n) => {
      if ((LANGUAGES[l] as string).includes(lower)) bits[i] = (bits[i] as number) | (1 << n);
    });
  }
  return { charset, languages: bits, kind, languageCount: languages.length };
}

// In order of preference on a tie.
const CANDIDATES: readonly Candidate[] = [
  candidate('windows-1252', WESTERN),
  candidate('windows-1250', CENTRAL),
  candidate('iso-8859-2', CENTRAL),
  candidate('windows-1254', ['tr']),
];

// Enough 8-bit bytes to tell the charsets apart; a long text is judged by its first ones.
const MAX_HIGH_BYTES = 4096;

const isAsciiLetter = (b: number | undefined): boolean =>
  b !== undefined && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a;
const isHigh = (b: number | undefined): boolean => b !== undefined && b >= 0x80;

/** Each candidate's score over the text's 8-bit bytes. */
export function legacyScores(bytes: Uint8Array): Map<LegacyCharset, number> {
  const letters = CANDIDATES.map(() => 0);
  const symbols = CANDIDATES.map(() => 0);
  const edges = CANDIDATES.map(() => 0);
  const perLanguage = CANDIDATES.map((c) => new Array<number>(c.languageCount).fill(0));
  let seen = 0;
  for (let i = 0; i < bytes.length && seen < MAX_HIGH_BYTES; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    seen++;
    const k = b - 0x80;
    const before = isAsciiLetter(bytes[i - 1]) || isHigh(bytes[i - 1]);
    const after = isAsciiLetter(bytes[i + 1]) || isHigh(bytes[i + 1]);
    // A byte away from any letter ("€ 5", "20°C", a lone "»") decides nothing.
    if (!before && !after) continue;
    CANDIDATES.forEach((c, n) => {
      const kind = c.kind[k];
      // A symbol inside a word is a misread letter; a quote or dash at a word's edge is in its place.
      if (kind === 2 || kind === 3) {
        if (before && after) symbols[n] = (symbols[n] as number) + 1;
        else if (kind === 3) edges[n] = (edges[n] as number) + 1;
        return;
      }
      if (kind !== 1) return;
      letters[n] = (letters[n] as number) + 1;
      const counts = perLanguage[n] as number[];
      const bits = c.languages[k] as number;
      for (let l = 0; l < counts.length; l++) if (bits & (1 << l)) counts[l] = (counts[l] as number) + 1;
    });
  }
  // The best language's letters count for, every other letter against, a symbol in a word twice
  // against, punctuation at a word's edge for.
  return new Map(
    CANDIDATES.map((c, n) => {
      const best = Math.max(0, ...(perLanguage[n] as number[]));
      const score = 2 * best - (letters[n] as number) - 2 * (symbols[n] as number) + (edges[n] as number);
      return [c.charset, score];
    }),
  );
}

/**
 * The charset to read 8-bit text in when its label is missing or names Windows-1252 or a
 * subset of it. `margin` is how much better another charset must read for a declared label
 * to be overruled (0 for text without one).
 */
export function guessLegacyCharset(bytes: Uint8Array, margin = 0): LegacyCharset {
  const scores = legacyScores(bytes);
  const western = scores.get('windows-1252') as number;
  let best: LegacyCharset = 'windows-1252';
  let bestScore = western + margin;
  for (const [charset, score] of scores) {
    if (score > bestScore) {
      best = charset;
      bestScore = score;
    }
  }
  return best;
}

/** Bytes read in `charset` (Windows-1252 the same way on every Node version). */
export function decodeLegacy(bytes: Uint8Array, charset: LegacyCharset): string {
  return decodeLabelled(charset, bytes);
}
