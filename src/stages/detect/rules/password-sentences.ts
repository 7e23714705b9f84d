/**
 * Passwords named by the sentence around them rather than by a label: "I changed it to X" in the
 * twelve languages ("je l'ai changé en X", "ich habe es auf X geändert", "lo cambié a X") and
 * "use X to log in" ("mit X einloggen", "utilisez X pour vous connecter"). Each is read only at the
 * offsets of its verbs from the engine's keyword pass, with bounded looks either side: no pattern
 * runs over the whole text.
 */

import type { KeywordScan } from './keywords.js';
import { passwordShaped } from './password-evidence.js';
import { looksLikePassword, plausiblePassword, refinePassword } from './password-values.js';
import { nearBefore, type Rule, type Span } from './rule.js';

// Verbs of changing a password, past tense or participle, in the twelve languages; the value
// follows after a few words and the word for "to" ("changed it to", "changé en", "cambiata in").
const CHANGE_VERBS = [
  'changed',
  'changé',
  'modifié',
  'remplacé',
  'cambiado',
  'cambiada',
  'cambié',
  'cambiata',
  'cambiato',
  'modificata',
  'impostata',
  'veranderd',
  'gewijzigd',
  'aangepast',
  'alterei',
  'mudei',
  'alterada',
  'alterado',
  'zmieniłem',
  'zmieniłam',
  'zmienione',
  'ändrade',
  'bytte',
  'ändrat',
  'ændrede',
  'ændret',
  'skiftet',
  'změnil',
  'změnila',
  'změněno',
  // Verbs of setting: "hasło … ustawiłem na X", "la contraseña la he configurado a X".
  'ustawiłem',
  'ustawiłam',
  'ustawione',
  'impostato',
  'configurado',
  'configurada',
  'nastavil',
  'nastavila',
  'satte',
];
// German (and Dutch) put the value before the verb: "auf X geändert", "naar X gewijzigd".
const VERBS_AFTER = ['geändert', 'gesetzt', 'umgestellt', 'zurückgesetzt', 'eingestellt'];
// Login phrases after the value: "use X to log in", "mit X einloggen", "X pour vous connecter".
const LOGIN_PHRASES = [
  'log in',
  'sign in',
  'log on',
  'einloggen',
  'anmelden',
  'connecter',
  'identifier',
  'entrar',
  'acceder',
  'loggen',
];
// Words that make a "changed it to X" sentence one about a password.
const ABOUT_PASSWORD = [
  'password',
  'passwort',
  'kennwort',
  'mot de passe',
  'mdp',
  'contraseña',
  'clave',
  'senha',
  'wachtwoord',
  'hasło',
  'haslo',
  'lösenord',
  'adgangskode',
  'heslo',
  'şifre',
  'palavra-passe',
  'kodeord',
];

const MAX_HITS = 64;
const REACH = 140;

// After a change verb: up to three words, the word for "to", then one value (a run of non-blanks).
// Applied to a bounded slice that starts at the verb: each quantifier is bounded, no nesting.
const AFTER_VERB =
  /^\p{L}+(?:[ \t]+[^\s!?:]{1,24}){0,3}?[ \t]+(?:to|en|pour|a|por|in|naar|para|na|till|til)[ \t]+:?[ \t]*(\S{1,128})/u;
// Before "geändert": "auf" then the value, ending the slice.
const BEFORE_VERB = /(?:^|[\s(])auf[ \t]+(\S{1,128})[ \t]+$/i;
// Before a login phrase: a verb of using, the value, then "to", "pour (vous)", "para", "om in te".
const BEFORE_LOGIN =
  /(?:^|[\s(])(?:use|using|with|mit|utilisez|utilise|avec|usa|usar|con|gebruik|met)[ \t]+(\S{1,128})[ \t]+(?:to[ \t]+|pour[ \t]+(?:vous[ \t]+)?|para[ \t]+|om[ \t]+in[ \t]+te[ \t]+)?$/i;

function offsetsOf(text: string, words: readonly string[], keywords?: KeywordScan): readonly number[] {
  const known = keywords?.offsets(words);
  if (known) return known.slice(0, MAX_HITS);
  const lower = text.toLowerCase();
  const out: number[] = [];
  for (const w of words)
    for (let at = lower.indexOf(w); at !== -1 && out.length < MAX_HITS; at = lower.indexOf(w, at + 1))
      out.push(at);
  return out.sort((a, b) => a - b);
}

/** The value's span, cut as every password rule cuts it, if it is one. */
function spanOf(text: string, start: number, raw: string): Span | undefined {
  const ctx = { text, start, end: start + raw.length };
  const value = raw.slice(0, refinePassword(raw, ctx));
  if (!plausiblePassword(value) || !looksLikePassword(value)) return undefined;
  return { start, end: start + value.length };
}

function* findChangedTo(text: string, _memo: Map<string, unknown>, keywords?: KeywordScan): Generator<Span> {
  for (const at of offsetsOf(text, CHANGE_VERBS, keywords)) {
    if (/[\p{L}]/u.test(text[at - 1] ?? '')) continue;
    const m = AFTER_VERB.exec(text.slice(at, at + REACH));
    const raw = m?.[1];
    // The password word may stand before the verb or between it and the value ("zmieniłem hasło na X").
    if (!m || !raw || !nearBefore(text, at + m[0].length, 280, ABOUT_PASSWORD)) continue;
    const span = spanOf(text, at + m[0].length - raw.length, raw);
    if (span) yield span;
  }
  for (const at of offsetsOf(text, VERBS_AFTER, keywords)) {
    const before = text.slice(Math.max(0, at - REACH), at);
    const raw = BEFORE_VERB.exec(before)?.[1];
    if (!raw || !nearBefore(text, at, 240, ABOUT_PASSWORD)) continue;
    const start = at - before.length + before.lastIndexOf(raw);
    const span = spanOf(text, start, raw);
    if (span) yield span;
  }
}

function* findUseToLogIn(text: string, _memo: Map<string, unknown>, keywords?: KeywordScan): Generator<Span> {
  for (const at of offsetsOf(text, LOGIN_PHRASES, keywords)) {
    const before = text.slice(Math.max(0, at - REACH), at);
    const m = BEFORE_LOGIN.exec(before);
    const raw = m?.[1];
    if (!m || !raw) continue;
    const start = at - before.length + m.index + m[0].indexOf(raw, m[0].search(/[ \t]/));
    const span = spanOf(text, start, raw);
    if (span) yield span;
  }
}

// "I changed it again, it's now X": a reply naming the new value by "now", the password word often
// only in the quoted message below. The phrases of "it is now" in the twelve languages.
const NOW_PHRASES = [
  "it's now",
  'it’s now',
  'it is now',
  'now it is',
  "now it's",
  'jetzt ist es',
  'nun ist es',
  'es ist jetzt',
  "c'est maintenant",
  'c’est maintenant',
  "maintenant c'est",
  'ahora es',
  'agora é',
  'adesso è',
  'ora è',
  'het is nu',
  'nu is het',
  'teraz to',
  'teraz jest',
  'nu är det',
  'det är nu',
  'nu er det',
  'det er nu',
  'teď je to',
  'nyní je',
  'artık',
  'şimdi',
];
// Verbs of changing that may stand before "it is now", with their prefixed forms ("rechangé").
const CHANGED = [
  ...CHANGE_VERBS,
  ...VERBS_AFTER,
  'changed it',
  'cambiata',
  'cambiato',
  'mudei',
  'değiştirdim',
];
// How far the password word may stand below: the quoted message the reply answers.
const THREAD_REACH = 2500;
// "… ist es: X", "c'est maintenant X": an optional colon, then the value.
const AFTER_NOW = /^[ \t]*(?::[ \t]*)?(\S{1,128})/;

function* findNowIs(text: string, _memo: Map<string, unknown>, keywords?: KeywordScan): Generator<Span> {
  for (const at of offsetsOf(text, NOW_PHRASES, keywords)) {
    if (/[\p{L}]/u.test(text[at - 1] ?? '')) continue;
    const phrase = NOW_PHRASES.find((p) => text.slice(at, at + p.length).toLowerCase() === p);
    if (!phrase) continue;
    const before = text.slice(Math.max(0, at - REACH), at).toLowerCase();
    if (!CHANGED.some((v) => before.includes(v))) continue;
    const end = at + phrase.length;
    const m = AFTER_NOW.exec(text.slice(end, end + 140));
    const raw = m?.[1];
    if (!m || !raw) continue;
    const around = text.slice(Math.max(0, at - 280), end + THREAD_REACH).toLowerCase();
    if (!ABOUT_PASSWORD.some((w) => around.includes(w))) continue;
    const span = spanOf(text, end + m[0].length - raw.length, raw);
    // The value closes its sentence ("it's now X.", "… X (capital first letter)"): "it is now Pro-2024
    // for everyone" goes on about something else.
    const closes = span && /^[.!,;]?[ \t]*(?:$|\r?\n|\()/.test(text.slice(span.end, span.end + 8));
    if (span && closes && passwordShaped(text.slice(span.start, span.end))) yield span;
  }
}

export const passwordSentenceRules: Rule[] = [
  {
    id: 'password-changed-to',
    type: 'password',
    rationale:
      '"I changed it to X", "je l\'ai changé en X", "ich habe es auf X geändert": a password-shaped value after a verb of changing, with a password word before it.',
    keywords: [...CHANGE_VERBS, ...VERBS_AFTER],
    pattern: AFTER_VERB,
    find: findChangedTo,
    confidence: 0.75,
    samples: {
      match: [
        { text: 'Das Passwort ging nicht, ich habe es auf Igel#2031 geändert.', secret: 'Igel#2031' },
        { text: "Le mot de passe expirait, je l'ai changé en Prune!48 hier.", secret: 'Prune!48' },
        { text: 'Het wachtwoord heb ik veranderd in Dijk_7741 vanochtend.', secret: 'Dijk_7741' },
        { text: 'Zmieniłem hasło na Sowa!9911 wczoraj.', secret: 'Sowa!9911' },
        { text: 'hasło do panelu ustawiłam na Lipa-2024! wczoraj', secret: 'Lipa-2024!' },
      ],
      noMatch: [
        "J'ai changé la langue en Fr-CA hier.",
        'Ich habe den Tarif auf Profi-24 geändert.',
        'Das Passwort ist weg. Ich habe die Sprache auf Deutsch geändert.',
        'I changed the password to something else.',
      ],
    },
  },
  {
    id: 'password-use-to-log-in',
    type: 'password',
    rationale:
      '"Use X to log in", "mit X einloggen", "utilisez X pour vous connecter": the value a login phrase says to log in with.',
    keywords: LOGIN_PHRASES,
    pattern: BEFORE_LOGIN,
    find: findUseToLogIn,
    confidence: 0.7,
    samples: {
      match: [
        { text: 'Please use Heron!552 to sign in as the shop admin.', secret: 'Heron!552' },
        { text: 'Bitte mit Fuchs&Bau9 einloggen.', secret: 'Fuchs&Bau9' },
        { text: 'Utilisez Mouette_77 pour vous connecter.', secret: 'Mouette_77' },
      ],
      noMatch: [
        'Use Chrome to log in, Firefox fails.',
        'Use your e-mail address to sign in.',
        'Use jdoe@example.com to log in',
        'use v2.1 to log in',
      ],
    },
  },
  {
    id: 'password-now-is',
    type: 'password',
    rationale:
      '"I changed it again, it\'s now X", "jetzt ist es: X", "c\'est maintenant X": a reply naming the new value, a password word in the thread.',
    keywords: NOW_PHRASES,
    pattern: AFTER_NOW,
    find: findNowIs,
    confidence: 0.7,
    samples: {
      match: [
        {
          text: "Sorry, I changed it again this morning, it's now Hamster1962. (capital first letter)\n\n> Was the password changed?",
          secret: 'Hamster1962',
        },
        {
          text: 'Ich habe es nochmal geändert, jetzt ist es: Primavera2016&\n\nWurde das Passwort geändert?',
          secret: 'Primavera2016&',
        },
        {
          text: "Scusate, l'ho cambiata di nuovo, adesso è Pamplona2021.\n> La password è stata cambiata?",
          secret: 'Pamplona2021',
        },
      ],
      noMatch: [
        "I changed the plan, it's now Pro-2024 for the password manager team.",
        "I changed the password, it's now working again.",
        'We changed the server, it is now web02.example.com',
      ],
    },
  },
];
