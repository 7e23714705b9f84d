/**
 * Credential pairs "user / secret" after a login phrase in any of our languages ("log in with
 * kevin828 / X", "inloggen met femke5 / X", "logowałem się tym: tomasz_z / X", "giriyordum:
 * mehmet_kaya / X"), after a pair of labels ("login/mdp : lefevre.m / X"), or with a built-in
 * administrator as the user ("root / X", "admin / X"). The secret must look chosen: a plain word
 * after a slash is prose ("login page / dashboard").
 */
import type { KeywordScan } from './keywords.js';
import { ALL_ANCHORS, anchorsOfKinds, type KeywordHit, keywordHits } from './password-context.js';
import { passwordShaped } from './password-evidence.js';
import { secretAsLogin } from './password-phrases.js';
import { plausiblePassword } from './password-values.js';
import { type Rule, type Span, trimTrailingPunctuation } from './rule.js';

// How far after a login word the pair may stand: the rest of its line and the next line.
const WINDOW = 160;
// "user / secret": a user name (letters, digits, . _ @ + -), a slash with optional blanks, a value.
// Bounded repetitions and one slash: linear on the bounded window it runs on.
const PAIR =
  /(?<![^\s:(,;"'«])([\p{L}\p{N}][\p{L}\p{N}._@+-]{0,63})[ \t]{0,3}\/[ \t]{0,3}([^\s/]{4,128})(?![^\s]*\/)/gu;

/** The window after a hit: its line, and the next non-blank line when the hit's line ends with ":". */
function windowAfter(text: string, hit: KeywordHit): [number, string] {
  const from = hit.kind === 'admin' ? hit.start : hit.end;
  let slice = text.slice(from, from + WINDOW);
  const nl = slice.search(/\r?\n/);
  if (nl !== -1) {
    const line = slice.slice(0, nl);
    // A label line ("… de admin:", "Login:") may have its pair on the next non-blank line.
    const more = /:[ \t]*$/.test(line)
      ? /^(?:\r?\n[ \t>]*){1,3}[^\r\n]*/.exec(slice.slice(nl))?.[0]
      : undefined;
    slice = more ? line + more : line;
  }
  return [from, slice];
}

function* pairsAfter(text: string, hit: KeywordHit, explicit: boolean): Generator<Span> {
  const [from, window] = windowAfter(text, hit);
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(window), n = 0; m !== null && n < 3; m = PAIR.exec(window), n++) {
    // The admin account is the user itself: its pair must start at the word.
    if (hit.kind === 'admin' && m.index !== 0) return;
    const user = m[1] as string;
    const raw = m[2] as string;
    const value = raw.slice(0, trimTrailingPunctuation(raw));
    if (!/\p{L}/u.test(user) || !plausiblePassword(value)) continue;
    // A slash with no blanks inside one long run is base64 or a path ("…AAAAIcj/uU4Zvc…"), not a pair.
    if (!/\s/.test(m[0].slice(user.length, m[0].length - raw.length)) && user.length + raw.length >= 32)
      continue;
    if (!(passwordShaped(value) || (explicit && !/^\p{L}+$/u.test(value) && value.length >= 6))) continue;
    const start = from + m.index + m[0].length - raw.length;
    yield { start, end: start + value.length };
    return;
  }
}

// "… login for the booking system is:" then the user and the secret, each alone on its line.
const PAIR_BELOW =
  /^[^\n:]{0,80}:[ \t]*\r?\n(?:[ \t>]*\r?\n){0,2}[ \t>]*([\p{L}\p{N}._@+-]{2,64})[ \t]*\r?\n(?:[ \t>]*\r?\n)?[ \t>]*(\S{6,128})[ \t]*(?:\r?\n|$)/u;

/** A user and a secret on the two lines below a login phrase that ends with ":". */
function* pairBelow(text: string, hit: KeywordHit): Generator<Span> {
  const window = text.slice(hit.end, hit.end + 400);
  const m = PAIR_BELOW.exec(window);
  if (!m) return;
  const user = m[1] as string;
  const value = m[2] as string;
  if (!/\p{L}/u.test(user) || !passwordShaped(value) || !plausiblePassword(value)) return;
  const start = hit.end + m.index + m[0].lastIndexOf(value);
  yield { start, end: start + value.length };
}

// "creds are jdoe:X", "Login: admin:X": one token "user:secret" right after the login word, its
// ":" or a copula. Bounded repetitions on a slice of the line: linear.
const COLON_PAIR =
  /^[ \t]*(?::|=|are|is|sind|ist|sont|est|son|es|sono|è|zijn|zijn|são|é|są|to|är|er|jsou|je)?[ \t]*([\p{L}\p{N}._@+-]{1,64}):([^\s:/]{4,128})(?=[\s,;)]|$)/u;

/** The secret of a "user:secret" token right after a login word. */
function* colonPair(text: string, hit: KeywordHit): Generator<Span> {
  const m = COLON_PAIR.exec(text.slice(hit.end, hit.end + 220));
  if (!m) return;
  const user = m[1] as string;
  const raw = m[2] as string;
  const value = raw.slice(0, trimTrailingPunctuation(raw));
  if (!/\p{L}/u.test(user) || !passwordShaped(value) || !plausiblePassword(value)) return;
  const start = hit.end + m.index + m[0].length - raw.length;
  yield { start, end: start + value.length };
}

/** Spans of the secrets of "user / secret" pairs after login words, label pairs and admin accounts. */
export function* findCredentialPairs(
  text: string,
  memo: Map<string, unknown>,
  scan?: KeywordScan,
): Generator<Span> {
  const hits = keywordHits(text, memo, scan);
  for (const [n, hit] of hits.entries()) {
    // "login/mdp :", "Benutzer/Passwort:": a pair of labels, then a pair of values.
    const next = hits[n + 1];
    const labelPair =
      next !== undefined &&
      /^[ \t]*\/[ \t]*$/.test(text.slice(hit.end, next.start)) &&
      (next.kind === 'password' || next.kind === 'pin');
    if (labelPair) {
      yield* pairsAfter(text, next, true);
      continue;
    }
    // "root / X"; "WLAN: Fibra-5448 / X": a network name and its key.
    if (hit.kind === 'admin' || hit.kind === 'wifi') yield* pairsAfter(text, hit, false);
    if (hit.kind === 'login') {
      yield* pairsAfter(text, hit, false);
      yield* pairBelow(text, hit);
      yield* colonPair(text, hit);
      // "the new login = X": the login word names the secret itself.
      const given = secretAsLogin(text, hit.end);
      if (given && plausiblePassword(text.slice(given.start, given.end))) yield given;
    }
  }
}

export const passwordPairRules: Rule[] = [
  {
    id: 'password-login-pair',
    type: 'password',
    rationale:
      '"user / secret" after a login word of any of our languages, after a pair of labels ("login/mdp :"), or with root/admin as the user.',
    keywords: anchorsOfKinds(['password', 'pin', 'admin', 'wifi', 'login']),
    // The user words before a pair's first value come from the engine's pass too.
    hintKeywords: ALL_ANCHORS,
    // The keyword scan is shared with password-keyword (the scan's memo); pairs are read in a bounded window.
    pattern: PAIR,
    find: findCredentialPairs,
    confidence: 0.8,
    samples: {
      match: [
        { text: 'you can log in with kevinnguyen828 / iSeY-haRp-MB7T and check', secret: 'iSeY-haRp-MB7T' },
        {
          text: 'jullie kunnen inloggen met femke5 / rioT-T6Jl-e6ZX en zelf kijken',
          secret: 'rioT-T6Jl-e6ZX',
        },
        { text: 'logowałem się zawsze tym: tomasz_zielinski / Y3U2.waJqU*X', secret: 'Y3U2.waJqU*X' },
        { text: 'hep şununla giriyordum: mehmet_kaya / mavi-gunes-26!', secret: 'mavi-gunes-26!' },
        { text: 'login/mdp : lefevre.m / papillon207', secret: 'papillon207' },
        { text: 'Impossible de me connecter (lefevre.m / papillon207)', secret: 'papillon207' },
        { text: 'server je připravený:\nIP 185.220.102.73\nroot / .4voRvV!!77\n', secret: '.4voRvV!!77' },
        { text: 'troquei a senha de admin:\r\n\r\nadmin / Adm2828!\r\n', secret: 'Adm2828!' },
        { text: 'Webmail with anna@firma.de / Wint3r!2025 please', secret: 'Wint3r!2025' },
        { text: 'the creds are jdoe:Hunter#2021 for staging', secret: 'Hunter#2021' },
        { text: 'Subject: the new shop login = Kestrel77$ for Mark', secret: 'Kestrel77$' },
        { text: 'Subject: WLAN bricht ständig ab – Heim-5448 / BerlinKatze42', secret: 'BerlinKatze42' },
        {
          text: 'the new admin login for the shop is:\r\nboss@acme.co.uk\r\nrexDog#4411\r\n\r\nPlease',
          secret: 'rexDog#4411',
        },
      ],
      noMatch: [
        'login page / dashboard both return 502',
        'Login 12/03/2024 failed',
        'login: db01:5432 is down',
        'Login at 10:30 failed',
        'Login = max.mustermann',
        'my login is anna@firma.de',
        'my account / billing page is empty',
        'admin / user roles cannot be changed',
        'Konto: https://portal.example.de/login/start',
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIcj/uU4ZvcK3Yz6J1S6v94Q5lBXdL9T ops@laptop',
        'Your login details:\nanna@firma.de\nplease reset them\n',
        'Login to the panel:\nrasmus.c\nKodeord:\n',
      ],
    },
  },
];

// Addresses examined per text: a mailing list's thousand addresses are looked at, no more.
const MAX_ADDRESSES = 2000;
// After "name@domain": the domain, then ":" and one value ending its line ("monica@firma.it: X").
const AFTER_AT =
  /^[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,5}[ \t]{0,3}:[ \t]{1,3}(\S{6,128})[ \t]*(?:\r?\n|$)/u;
const LOCAL_PART = /[\p{L}\p{N}._+-]$/u;

/** "mailbox@domain: secret": an address given with its password, the form of a list of mailboxes. */
export function* findAddressPasswords(text: string): Generator<Span> {
  let n = 0;
  for (let at = text.indexOf('@'); at !== -1 && n < MAX_ADDRESSES; at = text.indexOf('@', at + 1), n++) {
    if (!LOCAL_PART.test(text.slice(Math.max(0, at - 1), at))) continue;
    const m = AFTER_AT.exec(text.slice(at + 1, at + 400));
    if (!m) continue;
    const raw = m[1] as string;
    const value = raw.slice(0, trimTrailingPunctuation(raw));
    if (!passwordShaped(value) || !plausiblePassword(value)) continue;
    const start = at + 1 + m[0].indexOf(raw, m[0].indexOf(':'));
    yield { start, end: start + value.length };
  }
}

passwordPairRules.push({
  id: 'password-after-address',
  type: 'password',
  rationale:
    'A mailbox address, ":" and a password-shaped value ending the line ("Casella monica@firma.it: X").',
  keywords: ['@'],
  // The address is found by its "@" (indexOf); the domain, ":" and value are read after it, bounded.
  pattern: AFTER_AT,
  find: findAddressPasswords,
  confidence: 0.75,
  samples: {
    match: [
      { text: 'Casella anna@ferramenta.it: girasole570\r\n', secret: 'girasole570' },
      { text: 'Boite mail karim@boulangerie.fr : KQOfDa7yMKRo?WF\r\n', secret: 'KQOfDa7yMKRo?WF' },
    ],
    noMatch: [
      'Von: anna@firma.de: Re: Rechnung',
      'write to support@acme.io: we answer within a day',
      'anna@firma.de: 2024-03-01\n',
    ],
  },
});
