/**
 * 2FA backup and recovery codes: a block of short codes of one shape ("7559 5148", "6b1c3-55d66",
 * "MPW2-6FGF", "51995180"), one or a few per line, below a heading that names them in any of our
 * languages ("backup codes", "Wiederherstellungscodes", "codes de secours", "kody zapasowe" …), or a
 * text that is nothing but such a block (the codes file a customer attaches). Each code is a login.
 */
import { foldLetters } from './fold-letters.js';
import { keywordPass } from './keywords.js';
import { RECOVERY_CODE_WORDS } from './password-keywords.js';
import type { Rule, Span } from './rule.js';

// More headings the blind corpora's writers and customers use (the shared dictionary in
// password-keywords.ts holds the rest): "security codes" in the plural only (a card's "security
// code" is one CVC; a block of three codes or more is no CVC), verification and sign-in codes
// "de secours"/"de respaldo", one-time codes, and the factor named with "backup"/"recovery".
const MORE_HEADINGS: readonly string[] = [
  'security codes',
  'sicherheitscodes',
  'sicherheits-codes',
  'codes de sécurité',
  'codici di sicurezza',
  'códigos de segurança',
  'veiligheidscodes',
  'kody bezpieczeństwa',
  'säkerhetskoder',
  'sikkerhedskoder',
  'bezpečnostní kódy',
  'güvenlik kodları',
  'einmal-code',
  'codes de connexion de secours',
  'codes de vérification de secours',
  'códigos de verificación de respaldo',
  'códigos de acceso de respaldo',
  'codici di verifica di backup',
  'códigos de verificação de backup',
  'jednorázové kódy',
  'jednorázových kódů',
  'yedek doğrulama kod',
  'eenmalige codes',
  'engangskoder',
  '2fa backup',
  'mfa backup',
  'otp backup',
  'totp backup',
  'authenticator backup',
  'totp recovery',
  '2fa recovery',
  'mfa recovery',
];
const HEADING_WORDS = [...RECOVERY_CODE_WORDS, ...MORE_HEADINGS];

// Above a payment card's (0.95): see blocks().
const BLOCK_CONFIDENCE = 0.96;
// How far below its heading the block may start, and how long it may be.
const HEAD_WINDOW = 500;
const MAX_BLOCK_LINES = 40;
// A line of codes may hold the whole block, comma-separated (16 codes of 11 characters: ~210):
// about forty codes fit.
const MAX_LINE = 480;
// Headings examined per text: mail has one or two; hostile input repeating one stays bounded.
const MAX_HEADS = 64;
// A heading may be wrapped across lines ("le code de\nrécupération"): line breaks read as blanks, and
// each multi-word heading is also looked for with one of its blanks doubled (a CRLF break).
const foldHeading = (s: string) => foldLetters(s).replace(/[\r\n\t]/g, ' ');
const FOLDED_WORDS = [
  ...new Set(
    HEADING_WORDS.map(foldLetters).flatMap((w) => [
      w,
      ...[...w].flatMap((ch, i) => (ch === ' ' ? [`${w.slice(0, i)}  ${w.slice(i + 1)}`] : [])),
    ]),
  ),
];
const HEADINGS = keywordPass(FOLDED_WORDS, { fold: foldHeading });
// Each heading's length by its id in the pass: a text's few headings are read, not the whole list.
const HEADING_LENGTH: number[] = [];
for (const w of FOLDED_WORDS) HEADING_LENGTH[HEADINGS.ids([w])[0] as number] = w.length;

// One code: 3–6 letters/digits, optionally a second group after one blank, or up to eight groups
// joined by "-" ("5TQS-UUTW-92CX", "5QFVU-OL3ZC-VNAPD-JNJ9C-C7RRZ", a 28-character recovery key),
// or 8–12 in one run.
// Also three groups one blank apart ("123 456 789") and 7-character runs.
const CODE =
  /^(?:[A-Za-z0-9]{3,6}(?:-[A-Za-z0-9]{3,6}){0,7}|[A-Za-z0-9]{3,6}(?: [A-Za-z0-9]{3,6}){1,2}|[A-Za-z0-9]{7,12})$/;
// Reply quoting, list markers and notes beside a code ("(ya usado)", "~~…~~") are not part of it.
// Numbering: "1.", "2)", "#3", "4:", or a row number in a table's first cell ("5⇥").
// Also "1 - ", and a word with the row's number ("Code 1:", "Kod 2:", "Nr. 3:").
const LINE_PREFIX =
  /^[ \t>]*(?:(?:\d{1,2}[.):]|#\d{1,2}:?|[-*•]|\d{1,2}[ \t]+[-–]|\p{L}{2,8}\.?[ \t]?#?\d{1,2}[:.)])[ \t]+|\d{1,2}\t+)?/u;
// The number of a cell in a grid of numbered codes: "6. ", "7) ", "#8 ".
const CELL_NUMBER = /^(?:\d{1,2}[.)]|#\d{1,2}:?)[ \t]+(?=\S)/;
// A note after a dash at the line's end ("k7m2-q9xp - used", "– benutzt") is words only.
const NOTE = /\([^)\n]{0,30}\)|~~|✓|✗|✔|[ \t][-–—][ \t]+\p{L}[\p{L} .!]{0,24}$/gu;
// A codes file holds codes with a dash, or of two groups of four digits (Google's "1234 5678"): a
// text whose first line holds neither is not read further.
const CODE_PAIR = /[A-Za-z0-9]{3,6}-[A-Za-z0-9]{3,6}/;
const DIGIT_PAIR_CODE = /^\d{4} \d{4}$/;
const DIGIT_PAIR_LINE = /^[ \t>]*\d{4} \d{4}[ \t]*\r?$/;
// Blank lines (also quoted ones) that may stand above a codes file's first code.
const BLANK_LINE = /^[ \t>]*$/;

// What a text must hold for a heading to be found in it: each heading's longest word, folded as
// the engine's keyword pass folds (a heading wrapped across lines still holds its words whole).
const HEADING_GATES = [
  ...new Set(
    HEADING_WORDS.map(
      (w) =>
        foldLetters(w.toLowerCase())
          .split(/\s+/)
          .sort((a, b) => b.length - a.length)[0] as string,
    ),
  ),
];
// Cells: two blanks or more, tabs, commas, semicolons, pipes, a slash between blanks ("5923 8739 / 4112 4536").
// Also "and"/"or" between the last two codes of a sentence ("1234-5678, 2345-6789 und 3456-7890").
const CELL_SEPARATOR =
  /[ \t]{2,}|\t|[ \t]*[,;|][ \t]*|[ \t]+[/–·•][ \t]+|[ \t]+(?:and|or|und|oder|et|ou|y|o|e|en|of|i|lub|och|eller|og|a|nebo|ve|veya)[ \t]+/;
// What joins a heading to codes on its own line: "backup codes I saved: 1234-5678, …", "… codes are …".
// Also the codes right after the heading's word, when they start with a digit ("backup codes 1234-5678 …").
const HEADING_LEAD =
  /^[^\n:]{0,80}:[ \t]*|^\p{L}{0,5}[ \t]+(?:are|were|sind|waren|sont|étaient|son|eran|sono|erano|zijn|são|eram|są|to|är|var|er|jsou|byly|şunlar)[ \t]+|^\p{L}{0,5}[ \t]+(?=\d)/u;

interface Code {
  start: number;
  end: number;
  text: string;
}

/** A code that is not a word or a number from prose: digits, or letters in capitals with digits. */
// "Herstelcode 2FA⇥X": the factor's name is part of the heading, not a code.
const FACTOR_NAME = /^(?:2fa|mfa|otp|totp)$/i;

function codeShaped(c: string): boolean {
  if (!CODE.test(c) || FACTOR_NAME.test(c)) return false;
  // Letters only in one case with a dash ("ozfh-wmqa") are generated too; a lone word is prose.
  return /\d/.test(c) || /^[A-Z-]+$/.test(c) || /^[a-z]{3,6}(?:-[a-z]{3,6})+$/.test(c);
}

// One group of a two-group code: digits, or capitals and digits.
const GROUP = /^(?:\d{3,6}|[A-Z0-9]{3,6})$/;

/**
 * Groups of one length, an even number of them (four or more), as codes of two groups each: a
 * block of "1234 5678" codes whose line breaks were lost. Groups of digits only or capitals and
 * digits: a row of words or a phone number is not paired.
 */
function pairedGroups(parts: readonly string[]): string[] | undefined {
  if (parts.length < 4 || parts.length % 2 !== 0 || parts.length > 40) return undefined;
  const len = (parts[0] as string).length;
  if (!parts.every((p) => p.length === len && GROUP.test(p) && /\d/.test(p))) return undefined;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push(`${parts[i]} ${parts[i + 1]}`);
  return out;
}

/** The codes of one line, or undefined when anything else stands on it. */
function lineCodes(text: string, start: number, end: number): Code[] | undefined {
  const line = text.slice(start, end);
  const prefix = LINE_PREFIX.exec(line)?.[0].length ?? 0;
  // A no-break space between a code's groups (HTML's &nbsp;) is a blank; one character for one.
  const body = line
    .slice(prefix)
    .replace(/\u00a0/g, ' ')
    .replace(NOTE, (m) => ' '.repeat(m.length));
  if (body.trim() === '') return undefined;
  const out: Code[] = [];
  let at = 0;
  for (const cell of body.split(CELL_SEPARATOR)) {
    const from = body.indexOf(cell, at);
    at = from + cell.length;
    // A sentence's full stop after the last code is not part of it.
    // A numbered grid ("1. 4821 7730    6. 9912 3345", Google's printout): each cell has its number.
    const trimmed = cell.trim().replace(/\.$/, '').replace(CELL_NUMBER, '');
    if (trimmed === '' || FACTOR_NAME.test(trimmed)) continue;
    // A table's row number in the first cell ("| 3 | 55902281 |"): the row, not a code.
    if (out.length === 0 && /^\d{1,2}$/.test(trimmed)) continue;
    const s = start + prefix + from + cell.lastIndexOf(trimmed);
    if (codeShaped(trimmed)) {
      out.push({ start: s, end: s + trimmed.length, text: trimmed });
      continue;
    }
    const parts = trimmed.split(' ');
    // Two-group codes run together on one line ("5837 2185 3629 1004 4761 7279"): paired again.
    const paired = pairedGroups(parts);
    if (paired) {
      let at2 = 0;
      for (const p of paired) {
        const ps = s + trimmed.indexOf(p, at2);
        at2 = ps - s + p.length;
        out.push({ start: ps, end: ps + p.length, text: p });
      }
      continue;
    }
    // Codes one blank apart ("dc9c2-3303e e1814-7f298"): each part must be a code of its own.
    // Codes one blank apart: each part a code of its own, with a dash or of eight characters or more.
    if (parts.length < 2 || !parts.every((p) => (p.includes('-') || p.length >= 8) && codeShaped(p)))
      return undefined;
    let at2 = 0;
    for (const p of parts) {
      const ps = s + trimmed.indexOf(p, at2);
      at2 = ps - s + p.length;
      out.push({ start: ps, end: ps + p.length, text: p });
    }
  }
  return out.length ? out : undefined;
}

/** The block of code lines starting at or after `from` (first code line within a few lines). */
function blockFrom(text: string, from: number, limit: number, contiguousFromStart: boolean): Code[] {
  const codes: Code[] = [];
  let lineStart = from;
  let lines = 0;
  let blanks = 0;
  while (lineStart < limit && lines < MAX_BLOCK_LINES) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > lineStart + MAX_LINE)
      lineEnd = Math.min(text.length, lineStart + MAX_LINE);
    const raw = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const found = raw.length <= MAX_LINE ? lineCodes(text, lineStart, lineStart + raw.length) : undefined;
    if (found) {
      codes.push(...found);
      blanks = 0;
      limit = Math.max(limit, lineEnd + MAX_LINE);
    } else if (/^[ \t>]*$/.test(raw)) {
      // Blank lines between heading and block, or one or two between rows of codes (HTML paragraphs).
      if (codes.length && ++blanks > 2) break;
    } else if (codes.length || contiguousFromStart) break;
    lines++;
    lineStart = lineEnd + 1;
  }
  return codes;
}

/**
 * The block of code lines ending right above the line holding a heading (one or two blank lines
 * between at most): the heading written after the codes. Read upwards a bounded number of lines.
 */
function blockAbove(text: string, headingAt: number): Code[] {
  let lineStart = text.lastIndexOf('\n', headingAt - 1) + 1;
  let first = -1;
  let blanks = 0;
  for (let lines = 0; lineStart > 0 && lines < MAX_BLOCK_LINES; lines++) {
    const prevEnd = lineStart - 1;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    if (prevEnd - prevStart > MAX_LINE) break;
    const raw = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (/^[ \t>]*$/.test(raw)) {
      if (first !== -1 || ++blanks > 2) break;
    } else if (lineCodes(text, prevStart, prevStart + raw.length)) first = prevStart;
    else break;
    lineStart = prevStart;
  }
  if (first === -1) return [];
  const headingLine = text.lastIndexOf('\n', headingAt - 1) + 1;
  return blockFrom(text, first, headingLine, true);
}

/** One code long and mixed enough to stand alone below its heading ("5QFVU-OL3ZC-VNAPD-JNJ9C-C7RRZ"). */
function strongCode(c: Code): boolean {
  const alnum = c.text.replace(/[^A-Za-z0-9]/g, '');
  // Letters and digits, or digits in four groups or more (a BitLocker key: eight groups of six).
  const mixed = /\d/.test(alnum) && /[A-Za-z]/.test(alnum);
  return c.text.includes('-') && alnum.length >= 12 && (mixed || c.text.split('-').length >= 4);
}

/** A block of one shape: enough codes, of lengths within two characters of each other. */
function uniform(codes: readonly Code[], min: number): boolean {
  if (codes.length > 0 && codes.length < min && codes.every(strongCode)) min = codes.length;
  if (codes.length < min) return false;
  const lengths = codes.map((c) => c.text.length);
  return Math.max(...lengths) - Math.min(...lengths) <= 2;
}

/**
 * The block as spans of codes that stand next to each other: a note between two codes ("(used)")
 * ends one span and starts the next, so the note is left readable and each span is codes only.
 */
function* runs(text: string, codes: readonly Code[]): Generator<Span> {
  let first = codes[0] as Code;
  let last = first;
  for (const c of codes.slice(1)) {
    if (!/^[\s>]*$/.test(text.slice(last.end, c.start))) {
      yield { start: first.start, end: last.end };
      first = c;
    }
    last = c;
  }
  yield { start: first.start, end: last.end };
}

// Codes the text repeats without a heading (a reply quoting them) are found by the engine's
// echoes, code by code (echo-parts.ts), like every other secret repeated in a message.
function* findRecoveryCodes(text: string): Generator<Span> {
  // Headings are matched without accents ("codigos de recuperacion"), in one keyword pass.
  const found = HEADINGS(text);
  let reportedTo = 0;
  const starts: number[] = [];
  for (const id of found.present)
    for (const at of found.startsOf(id))
      if (starts.length < MAX_HEADS) starts.push(at + (HEADING_LENGTH[id] as number));
  for (const from of starts.sort((a, b) => a - b)) {
    if (from < reportedTo) continue;
    const lead = HEADING_LEAD.exec(text.slice(from, from + 120))?.[0].length ?? 0;
    let codes = blockFrom(text, from + lead, Math.min(text.length, from + HEAD_WINDOW), false);
    // "… Those are the backup codes I saved.": the block stands right above its heading's line.
    if (!uniform(codes, 3)) codes = blockAbove(text, from);
    if (!uniform(codes, 3) || (codes[0] as Code).start < reportedTo) continue;
    reportedTo = (codes.at(-1) as Code).end;
    // Four codes of one shape below their heading outweigh a card number that two of them happen
    // to form ("5837 2185 3629 1004 …" passes Luhn one time in ten): the block keeps its type.
    const confidence = codes.length >= 4 ? BLOCK_CONFIDENCE : undefined;
    for (const run of runs(text, codes)) yield { ...run, confidence };
  }
}

/** The first line of `text` from `from` on that is not blank (the line a codes file starts with). */
function firstFilledLine(text: string, from: number): string {
  let at = from;
  for (let n = 0; n <= MAX_BLOCK_LINES && at < text.length; n++) {
    const end = text.indexOf('\n', at);
    const line = text.slice(
      at,
      end === -1 ? Math.min(text.length, at + MAX_LINE) : Math.min(end, at + MAX_LINE),
    );
    if (!BLANK_LINE.test(line)) return line;
    if (end === -1) break;
    at = end + 1;
  }
  return '';
}

/**
 * Identifiers of a series, not random codes: every code starts with the same group ("SN-4411-…",
 * "INV-2026-0042", "ORD-…"), as serial numbers, invoice, order and voucher lists do. A generator
 * draws every group of a backup code at random, so a shared first group is no chance.
 */
function numberedSeries(codes: readonly Code[]): boolean {
  const first = (c: Code) => c.text.split(/[- ]/, 1)[0] as string;
  const head = first(codes[0] as Code);
  return codes.every((c) => first(c) === head);
}

/** A text that is only a block of codes (a backup-codes file): mixed letters and digits, a dash. */
function* findCodesFile(text: string): Generator<Span> {
  // Where the text's first non-blank character stands (without copying the text to trim it).
  const lead = Math.max(0, text.search(/\S/));
  // The block starts at the first filled line and every code holds a dash: that line holds one.
  const firstLine = firstFilledLine(text, lead);
  if (!CODE_PAIR.test(firstLine) && !DIGIT_PAIR_LINE.test(firstLine)) return;
  const codes = blockFrom(text, lead, text.length, true);
  const rest = codes.length ? text.slice((codes.at(-1) as Code).end).trim() : text;
  if (
    rest === '' &&
    uniform(codes, 5) &&
    !numberedSeries(codes) &&
    (codes.every((c) => DIGIT_PAIR_CODE.test(c.text)) ||
      (codes.every((c) => c.text.includes('-')) &&
        codes.filter((c) => /\d/.test(c.text) && /[A-Za-z]/.test(c.text)).length * 2 >= codes.length))
  )
    yield { start: (codes[0] as Code).start, end: (codes.at(-1) as Code).end };
}

export const recoveryCodeRules: Rule[] = [
  {
    id: 'recovery-codes',
    type: 'recovery_codes',
    rationale: 'A block of 2FA backup / recovery codes below a heading naming them.',
    keywords: HEADING_GATES,
    pattern: /[A-Za-z0-9]{3,6}[- ][A-Za-z0-9]{3,6}/,
    find: findRecoveryCodes,
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'The backup codes I saved:\n\n7559 5148\n2894 3101\n1079 7082\n2835 3265\n\nThanks',
          secret: '7559 5148\n2894 3101\n1079 7082\n2835 3265',
        },
        {
          text: 'hier meine Backup-Codes:\n>>\n>> 69094177\n>> 34171136\n>> 83243413\n>> 16628111',
          secret: '69094177\n>> 34171136\n>> 83243413\n>> 16628111',
        },
        {
          text: 'mes codes de secours :\n\noegd-ktz0    4fz7-82j5\n97c1-w36l    7xjk-3a44 (utilisé)\n',
          secret: 'oegd-ktz0    4fz7-82j5\n97c1-w36l    7xjk-3a44',
        },
        {
          text: 'Mám vytištěné záložní kódy:\r\n\r\nXSFB-N8NN\r\nUKRX-U25V\r\n25XG-QNYA\r\nJ4T3-AZAY\r\n',
          secret: 'XSFB-N8NN\r\nUKRX-U25V\r\n25XG-QNYA\r\nJ4T3-AZAY',
        },
        {
          text: 'los códigos de recuperación:\n\nf137e-49eca fd537-98676\ndc9c2-3303e e1814-7f298 (usado)\n',
          secret: 'f137e-49eca fd537-98676\ndc9c2-3303e e1814-7f298',
        },
        // Three groups per code; one long code below a heading wrapped across lines.
        {
          text: 'återställningskoderna:\n> 5TQS-UUTW-92CX\n> VNK2-WRHJ-C7MJ\n> HGP5-4B49-2SG3\n',
          secret: '5TQS-UUTW-92CX\n> VNK2-WRHJ-C7MJ\n> HGP5-4B49-2SG3',
        },
        {
          text: "J'avais noté le code de\r\nrécupération :\r\n5QFVU-OL3ZC-VNAPD-JNJ9C-C7RRZ\r\nMais il est refusé.",
          secret: '5QFVU-OL3ZC-VNAPD-JNJ9C-C7RRZ',
        },
        {
          text: 'Clé de récupération BitLocker :\n412368-201597-338492-110473-675092-508816-219032-447706\n',
          secret: '412368-201597-338492-110473-675092-508816-219032-447706',
        },
        {
          text: 'Apple recovery key:\nABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345\n',
          secret: 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345',
        },
        {
          text: 'Scratch codes:\nozfh-wmqa\nkeud-plxa\nwerq-zuio\n',
          secret: 'ozfh-wmqa\nkeud-plxa\nwerq-zuio',
        },
        // Codes on the heading's own line, after ":" or "are".
        {
          text: 'My backup codes are 1234-5678 2345-6789 3456-7890.',
          secret: '1234-5678 2345-6789 3456-7890',
        },
        {
          text: 'Backup-Codes, die ich habe: 12345678 23456789 34567890\nDanke',
          secret: '12345678 23456789 34567890',
        },
        // One strong code in the cell beside its heading, the factor's name between.
        { text: '\tHerstelcode 2FA\t\t8PQM-RTWX-K27D\t\n', secret: '8PQM-RTWX-K27D' },
        // The heading written below the codes; a heading naming the second factor.
        {
          text: 'Hi,\n\n4821 9034\n7733 1209\n5590 2281\n6612 0948\n\nThose are the backup codes I printed.',
          secret: '4821 9034\n7733 1209\n5590 2281\n6612 0948',
        },
        { text: 'Kody 2FA:\n4821-9034\n7733-1209\n5590-2281\n', secret: '4821-9034\n7733-1209\n5590-2281' },
        // No-break spaces inside a code (rows labelled "Code 1:" and notes after a dash, whose
        // blocks are reported in parts: id-probes-r7.test.ts).
        {
          text: 'Backup codes:\n4821\u00a09034\n7733\u00a01209\n5590\u00a02281\n',
          secret: '4821\u00a09034\n7733\u00a01209\n5590\u00a02281',
        },
        // A table's row number in the first cell (markdown tables: id-probes-r7.test.ts).
        {
          text: 'Backup codes:\n| 1 | 4821 9034 7733 1209 5590 2281 |\n',
          secret: '4821 9034 7733 1209 5590 2281',
        },
        // Two-group codes whose line breaks were lost; one pair passes Luhn as a card would.
        {
          text: 'Códigos de recuperación:\n5412 7534 1987 6201 2734 9910 5521 0087\nGracias',
          secret: '5412 7534 1987 6201 2734 9910 5521 0087',
        },
      ],
      noMatch: [
        'backup codes: I lost them and the order 2024 or 2025 code\n',
        'Scratch codes:\nthanks\nregards\n',
        'recovery code: I lost it\nOrder ABC12-34567-XY9Z\n',
        'Backup codes:\nAB12-CD34\nthanks',
        'Recovery codes are shown once when you enable 2FA; please print them.',
        'backup codes: I lost them\n\nOrder 2024-1188, invoice 2024-1201',
        'Kody zapasowe:\n1234\nnie wiem',
        '2024-01-15\n2024-02-15\n2024-03-15\n2024-04-15\n2024-05-15\n',
        'backup codes: call me on 0151 2345 6789 0123 please',
        'Order list\n4821 9034\n7733 1209\n5590 2281\n6612 0948\nTotal',
        '4821 9034\n7733 1209\n\nI never got any backup codes.',
      ],
    },
  },
  {
    id: 'recovery-codes-file',
    type: 'recovery_codes',
    rationale:
      'A text holding nothing but a block of codes with a dash, mostly of letters and digits: the backup-codes file a customer attaches.',
    keywords: [],
    pattern: CODE_PAIR,
    find: findCodesFile,
    confidence: 0.85,
    samples: {
      match: [
        {
          text: '6b1c3-55d66\n34637-e6eb7\n1f966-560fd\ne0232-a70a4\nd6f49-9a1b2\n',
          secret: '6b1c3-55d66\n34637-e6eb7\n1f966-560fd\ne0232-a70a4\nd6f49-9a1b2',
        },
        {
          text: '\n\n> 5TQS-UUTW-92CX\n> VNK2-WRHJ-C7MJ\n> HGP5-4B49-2SG3\n> X7PQ-2M4K-8RTA\n> 3JD9-QW2E-N6VB\n',
          secret: '5TQS-UUTW-92CX\n> VNK2-WRHJ-C7MJ\n> HGP5-4B49-2SG3\n> X7PQ-2M4K-8RTA\n> 3JD9-QW2E-N6VB',
        },
        // Google's layout: two groups of four digits.
        {
          text: '4821 9034\n7733 1209\n5590 2281\n6612 0948\n1290 3345\n',
          secret: '4821 9034\n7733 1209\n5590 2281\n6612 0948\n1290 3345',
        },
      ],
      noMatch: [
        // A list of serial numbers: one series, not codes drawn at random.
        'SN7-4K2A-99X1\nSN7-8B3C-12Y4\nSN7-5D6E-34Z7\nSN7-9F1G-56W2\nSN7-3H8J-78V5\n',
        '2024-01-15\n2024-02-15\n2024-03-15\n2024-04-15\n2024-05-15\n',
        'Hello,\n6b1c3-55d66\n34637-e6eb7\n1f966-560fd\ne0232-a70a4\nd6f49-9a1b2\n',
        '6b1c3-55d66\n34637-e6eb7\n1f966-560fd\ne0232-a70a4\nd6f49-9a1b2\nThanks, Anna\n',
      ],
    },
  },
];
