/**
 * Passwords in notes people keep without labels: a handover file or a phone note lists each
 * device or service on a line of its own, then (optionally) the user, then the password alone on
 * the next line (`Router (192.168.1.1)` / `  admin` / `  Arsenal$00Ars`; `webmail (info@)` /
 * `Azulejo2004@`). The layout is the label: a short heading naming a device or a service, a user
 * line, and a line holding one password-shaped token that closes the block. Read only from the
 * offsets of the dictionary's device, service and user words (the engine's keyword pass).
 */

import type { KeywordScan } from './keywords.js';
import { anchorsOfKinds, type KeywordHit, keywordHits, kindOfWord } from './password-context.js';
import { passwordShaped } from './password-evidence.js';
import { generatedPassphrase, plausiblePassword } from './password-values.js';
import type { Rule, Span } from './rule.js';

// Services and devices a notes heading names besides the dictionary's login and network words
// ("email geral", "messagerie contact@", "posta info@", "espace client hébergeur", "Kundenportal").
const SERVICE_WORDS = [
  'mail',
  'correo',
  'posta',
  'messagerie',
  'hosting',
  'hébergeur',
  'alojamento',
  'espace client',
  'kundenportal',
  'pannello',
  'painel',
  'server',
  'serveur',
  'servidor',
  'nas',
  'firewall',
  'switch',
  'drucker',
  'printer',
  'imprimante',
  'impresora',
  'stampante',
  'office',
];
const HEADING_KINDS = ['wifi', 'login', 'admin'] as const;
const MAX_HEADINGS = 128;
// A heading: a few words, no sentence end; a device's address or a mailbox in brackets may follow.
const MAX_HEADING = 60;
const MAX_HEADING_WORDS = 6;
// The lines a block may hold below its heading: the user (one or two lines), then the password.
const MAX_BLOCK_LINES = 3;

interface Line {
  /** Where the line's content starts (after indentation and reply quoting) and where the line ends. */
  start: number;
  end: number;
  next: number;
}

/** The line starting at `from`, its content without leading blanks and `>` quoting. */
function lineAt(text: string, from: number): Line {
  let end = text.indexOf('\n', from);
  const next = end === -1 ? text.length : end + 1;
  if (end === -1) end = text.length;
  let start = from;
  while (start < end && ' \t>'.includes(text[start] as string)) start++;
  let stop = end;
  while (stop > start && ' \t\r'.includes(text[stop - 1] as string)) stop--;
  return { start, end: stop, next };
}

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Whether the line before the one starting at `from` is blank (or there is none). */
function blankAbove(text: string, from: number): boolean {
  if (from === 0) return true;
  const prev = lineAt(text, lineStartOf(text, from - 1));
  return prev.start >= prev.end;
}

// A user line: "user: office", "identifiant : cabinet", "Benutzer buero", or a bare account name
// (`admin`, `info@`, `jan.kowalski`, an address), lower case as people type them.
const USER_LABEL = /^(\p{L}[\p{L} '’-]{0,24}?)[ \t]*[:=]?[ \t]*[^\s:]{1,64}$/u;
const BARE_USER = /^(?:[a-z][a-z0-9._-]{1,31}@?|[^\s@]{1,64}@[\w.-]{1,253})$/;

function isUserLine(line: string): boolean {
  if (BARE_USER.test(line)) return true;
  const label = USER_LABEL.exec(line)?.[1]?.trim();
  return label !== undefined && kindOfWord(label.split(/\s+/)[0] as string) === 'user';
}

/** A value chosen as a password, alone on its line with nothing to label it but the layout. */
function notedPassword(v: string, withUser: boolean): boolean {
  if (v.length < 6 || !plausiblePassword(v) || kindOfWord(v) !== undefined) return false;
  // A product or release name ("Ubuntu22.04", "FRITZ!OS 7.57") is no password.
  if (/^\p{L}+[ _-]?\d+(?:\.\d+)+$/u.test(v)) return false;
  if (generatedPassphrase(v)) return true;
  // Random letters of both cases ("HJEJHYePvT") below a user: a generated password.
  const mixedLetters =
    /^\p{L}{10,64}$/u.test(v) &&
    (v.match(/\p{Lu}/gu)?.length ?? 0) >= 3 &&
    (v.match(/\p{Ll}/gu)?.length ?? 0) >= 2;
  if (!passwordShaped(v)) return withUser && mixedLetters;
  // Without a user line: a lower-case letter as people choose them, not a model number ("RT-AX88U").
  return withUser || (v.length >= 8 && /\p{Ll}/u.test(v));
}

interface Candidate extends Span {
  withUser: boolean;
}

/** The block opened by the heading line at `from`: its password line, if the block has one. */
function blockBelow(text: string, from: number): Candidate | undefined {
  const heading = lineAt(text, from);
  const words = text.slice(heading.start, heading.end);
  if (words.length === 0 || words.length > MAX_HEADING || /[.!?;,]$|[:=][ \t]*\S/.test(words))
    return undefined;
  if (words.split(/\s+/).length > MAX_HEADING_WORDS || !blankAbove(text, from)) return undefined;
  let withUser = false;
  let at = heading.next;
  for (let n = 0; n < MAX_BLOCK_LINES && at < text.length; n++) {
    const line = lineAt(text, at);
    const content = text.slice(line.start, line.end);
    if (content.length === 0) return undefined;
    const after = lineAt(text, line.next);
    const closes = line.next >= text.length || after.start >= after.end;
    if (closes && /^\S+$/.test(content) && notedPassword(content, withUser))
      return { start: line.start, end: line.end, withUser };
    if (closes || !isUserLine(content)) return undefined;
    withUser = true;
    at = line.next;
  }
  return undefined;
}

/** Where headings may start: lines holding a device, service or login word. */
function headingLines(text: string, memo: Map<string, unknown>, keywords?: KeywordScan): number[] {
  const starts = new Set<number>();
  const hits = keywordHits(text, memo, keywords);
  for (const hit of hits as readonly KeywordHit[])
    if ((HEADING_KINDS as readonly string[]).includes(hit.kind) && starts.size < MAX_HEADINGS)
      starts.add(lineStartOf(text, hit.start));
  const lower = keywords ? undefined : text.toLowerCase();
  for (const word of SERVICE_WORDS) {
    const offsets = keywords?.offsets([word]) ?? [];
    if (lower !== undefined)
      for (
        let at = lower.indexOf(word);
        at !== -1 && offsets.length < MAX_HEADINGS;
        at = lower.indexOf(word, at + 1)
      )
        offsets.push(at);
    for (const at of offsets.slice(0, MAX_HEADINGS))
      if (starts.size < MAX_HEADINGS) starts.add(lineStartOf(text, at));
  }
  return [...starts].sort((a, b) => a - b);
}

// A block's last line: one token of six characters or more alone on its line, then a blank line
// or the end. Found first, since most texts have none: only the lines just above one can head a
// block, and only those are looked up in the password dictionary.
const CLOSING_LINE = /^[ \t>]*\S{6,}[ \t\r]*$/gm;
const HEADING_ANCHORS = [...anchorsOfKinds([...HEADING_KINDS, 'user']), ...SERVICE_WORDS];

/** Starts of the lines that could head a block: one to MAX_BLOCK_LINES lines above a closing line. */
function possibleHeadings(text: string): number[] {
  const out = new Set<number>();
  CLOSING_LINE.lastIndex = 0;
  for (let m = CLOSING_LINE.exec(text); m !== null && out.size < MAX_HEADINGS; m = CLOSING_LINE.exec(text)) {
    const after = lineAt(text, Math.min(text.length, m.index + m[0].length + 1));
    if (m.index + m[0].length < text.length && after.start < after.end) continue;
    let from = m.index;
    for (let n = 0; n < MAX_BLOCK_LINES && from > 0; n++) {
      from = lineStartOf(text, from - 1);
      out.add(from);
    }
  }
  return [...out];
}

/** Whether one of the heading words' offsets (from the engine's pass) falls on the line at `from`. */
function lineHasAnchor(text: string, from: number, offsets: readonly number[]): boolean {
  const end = text.indexOf('\n', from);
  const to = end === -1 ? text.length : end;
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets.length && (offsets[lo] as number) < to;
}

function* findNotedPasswords(
  text: string,
  memo: Map<string, unknown>,
  keywords?: KeywordScan,
): Generator<Span> {
  // A block is a heading and a line below it at least: a one-line text (a header field) has none.
  if (!text.includes('\n')) return;
  const possible = possibleHeadings(text);
  if (possible.length === 0) return;
  // With the engine's pass, a possible heading without any heading word on its line is dropped
  // before the dictionary is read (the dictionary's hits all start at one of these words).
  const anchors = keywords?.offsets(HEADING_ANCHORS);
  if (anchors !== undefined && !possible.some((from) => lineHasAnchor(text, from, anchors))) return;
  const found: Candidate[] = [];
  for (const from of headingLines(text, memo, keywords)) {
    const block = blockBelow(text, from);
    if (block && !found.some((c) => c.start === block.start)) found.push(block);
  }
  // A block without a user line counts in a list of them: one alone could be any heading and code.
  for (const c of found) if (c.withUser || found.length >= 2) yield { start: c.start, end: c.end };
}

// `WiFi "Biuro-5G": X`, `WLAN (Gast): X`, `wifi Livebox - X`: a network word, the network's name,
// then the key ending the line. Bounded runs on one line.
const NAMED_NETWORK =
  /^[ \t>*•-]{0,8}(?:wi-?fi|wlan|ssid)[ \t]+("[^"\n]{1,40}"|“[^”\n]{1,40}”|„[^“\n]{1,40}“|'[^'\n]{1,40}'|\([^)\n]{1,40}\)|[^\s:"]{1,40})[ \t]*(?::|=|[-–][ \t])[ \t]*(\S{1,128})[ \t]*\r?$/i;

const NETWORK_LINE = /(?:^|\n)[ \t>*•-]{0,8}(?:wi-?fi|wlan|ssid)[ \t]/i;

function* findNamedNetworkKeys(
  text: string,
  memo: Map<string, unknown>,
  keywords?: KeywordScan,
): Generator<Span> {
  // NAMED_NETWORK's opening at a line's start: without one, no line can match.
  if (!NETWORK_LINE.test(text)) return;
  const seen = new Set<number>();
  for (const hit of keywordHits(text, memo, keywords)) {
    if (hit.kind !== 'wifi' || seen.size >= MAX_HEADINGS) continue;
    const from = lineStartOf(text, hit.start);
    if (seen.has(from)) continue;
    seen.add(from);
    const end = text.indexOf('\n', from);
    const line = text.slice(from, end === -1 ? text.length : end);
    const m = NAMED_NETWORK.exec(line);
    const name = m?.[1];
    const value = m?.[2];
    if (!m || !name || !value) continue;
    // "WiFi network: Office-5G", "WiFi name: X" name the network, not its key.
    const bare = name.replace(/[^\p{L}\p{N}]+/gu, '');
    if (!/^["“„'(]/.test(name) && (kindOfWord(bare) !== undefined || NAME_WORDS.has(bare.toLowerCase())))
      continue;
    // A key labelled on the next line ("WiFi: Home" then "heslo wifi: X"): this line named the network.
    const below = end === -1 ? '' : text.slice(end + 1, end + 1 + 80).split('\n', 1)[0];
    if (!wifiKey(value) || keyLabelled(below ?? '')) continue;
    const start = from + m[0].lastIndexOf(value);
    yield { start, end: start + value.length };
  }
}

// Words for a network's name in the twelve languages, and a place ("doma", "home", "büro").
const NAME_WORDS = new Set(
  'name naam nom nombre nome namn navn nazwa název nazev jméno jmeno adı adi ssid id home doma zuhause casa thuis hjemme hemma dom ev büro buero office kontor kantoor biuro kancelář ofis'.split(
    ' ',
  ),
);

/** Whether a line labels a password or a key ("heslo wifi: X", "WiFi key: X", "Passwort: X"). */
function keyLabelled(line: string): boolean {
  const label = /^[ \t>*•-]*([^:=\n]{1,40})[:=]/.exec(line)?.[1];
  if (!label) return false;
  return label.split(/[^\p{L}\p{N}]+/u).some((w) => {
    const kind = w ? kindOfWord(w) : undefined;
    return kind === 'password' || kind === 'key' || kind === 'pin';
  });
}

/** A Wi-Fi key: eight characters or more (WPA's minimum), not a word or a name. */
function wifiKey(v: string): boolean {
  if (v.length < 8 || !plausiblePassword(v) || kindOfWord(v) !== undefined) return false;
  return (
    /^\d{8,64}$/.test(v) || passwordShaped(v) || /^(?=.*\d)[A-Z0-9]{8,64}$/.test(v) || generatedPassphrase(v)
  );
}

export const passwordNoteRules: Rule[] = [
  {
    id: 'password-notes-block',
    type: 'password',
    rationale:
      'Handover notes: a heading naming a device or service, an optional user line, then a password-shaped value alone on the line that closes the block.',
    keywords: HEADING_ANCHORS,
    pattern: /\n[ \t>]*\S+[ \t]*\r?\n/,
    find: findNotedPasswords,
    confidence: 0.7,
    samples: {
      match: [
        {
          text: 'HANDOVER\n\nRouter (192.168.1.1)\n  admin\n  Arsenal$00Ars\n\nNotes: none',
          secret: 'Arsenal$00Ars',
        },
        {
          text: 'Acessos\n\npainel do alojamento\nutilizador: escritorio\nMnfpwJxAcAw3Ehhc\n',
          secret: 'MnfpwJxAcAw3Ehhc',
        },
        { text: 'Kundenportal\nBenutzer: buero\n3ZkrqtqQnu\n', secret: '3ZkrqtqQnu' },
      ],
      noMatch: [
        // A device inventory: model numbers, no user.
        'Router\nRT-AX88U\n\nSwitch\nGS108E-300\n',
        'Server\n  web01\n  Ubuntu22.04\n',
        'Mail\n  info@acme.de\n',
        'Best regards\nJohn Smith\nAcme-Corp2024\n',
      ],
    },
  },
  {
    id: 'password-wifi-named',
    type: 'password',
    rationale: 'A Wi-Fi line naming the network, then its key: `WiFi "Biuro-5G": X`, `WLAN (Gast): X`.',
    keywords: anchorsOfKinds(['wifi']),
    pattern: NAMED_NETWORK,
    find: findNamedNetworkKeys,
    confidence: 0.75,
    samples: {
      match: [
        { text: 'WiFi "Biuro-5G": we3kpum5eqgujwvv\n', secret: 'we3kpum5eqgujwvv' },
        { text: 'Notes\nWLAN (Gast): Sonne-Mond-77\n', secret: 'Sonne-Mond-77' },
        { text: 'wifi "Kancelar-5G": 2CE99JPBLZYN', secret: '2CE99JPBLZYN' },
      ],
      noMatch: [
        'WiFi name: SKYLINE-4F2A\nWiFi key: aWyW!kRrr!vq4k',
        'Wi-Fi doma: MACH_DOMA\nheslo wifi: 7wtQmBfB7M',
        'WiFi network: Office-5G',
        'WiFi "Office-5G": down since Monday',
        'SSID "Guest": password',
      ],
    },
  },
];
