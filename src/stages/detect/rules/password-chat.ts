/**
 * Passwords and PINs in pasted chat transcripts (WhatsApp, Teams, Slack exports): one message asks
 * for or mentions the password or PIN ("what's the password again", "it wants a pin too"), and a
 * following message is the value and nothing else. The transcript's layout is the label: each line
 * is a message (`[14/10/2026, 09:13:30] Kev: 763176`, `14.10.26, 09:13 - Kev: …`, `09:13 Kev: …`),
 * and a message of one token right after the question is its answer. Read only from the offsets of
 * the dictionary's password and PIN words.
 */

import type { KeywordScan } from './keywords.js';
import { anchorsOfKinds, keywordHits, kindOfWord } from './password-context.js';
import { passwordShaped } from './password-evidence.js';
import { plausiblePassword } from './password-values.js';
import type { Rule, Span } from './rule.js';

// A message line: a time stamp in brackets, or a date and time with an optional dash, or a bare
// time; then the sender's name (a few words), ":" and the message. Bounded runs on one line.
const MESSAGE =
  /^[ \t>]{0,8}(?:\[[^\]\n]{4,32}\][ \t]*|\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?:[-–][ \t]*)?|\d{1,2}:\d{2}(?::\d{2})?[ \t]+)([^\n:[\]]{1,32}?):[ \t]+([^\n]{0,400}?)[ \t]*\r?$/;
// Messages after the question that may hold the answer.
const MAX_REPLIES = 2;
const MAX_HITS = 128;
const YEAR = /^(?:19|20)\d\d$/;

interface Message {
  text: string;
  start: number;
  next: number;
}

function messageAt(text: string, from: number): Message | undefined {
  const end = text.indexOf('\n', from);
  const next = end === -1 ? text.length : end + 1;
  const m = MESSAGE.exec(text.slice(from, end === -1 ? text.length : end));
  const body = m?.[2];
  if (!m || body === undefined) return undefined;
  return { text: body, start: from + m[0].lastIndexOf(body), next };
}

/** A message that is only a value: a PIN's digits, or a password-shaped token. */
function answer(body: string, pin: boolean): boolean {
  if (/^\d{4,8}$/.test(body)) return !(body.length === 4 && YEAR.test(body)) && (pin || body.length >= 6);
  return passwordShaped(body) && plausiblePassword(body) && kindOfWord(body) === undefined;
}

// Every message line holds a bracketed stamp or a time: a text with neither is no transcript, and
// the password dictionary is not read for it.
const MAYBE_MESSAGES = /\[|\d:\d\d/;

function* findChatAnswers(text: string, memo: Map<string, unknown>, keywords?: KeywordScan): Generator<Span> {
  if (!MAYBE_MESSAGES.test(text)) return;
  const seen = new Set<number>();
  for (const hit of keywordHits(text, memo, keywords)) {
    if ((hit.kind !== 'password' && hit.kind !== 'pin') || seen.size >= MAX_HITS) continue;
    const from = text.lastIndexOf('\n', hit.start - 1) + 1;
    if (seen.has(from)) continue;
    seen.add(from);
    const asked = messageAt(text, from);
    // The question's own message must not hold the value already ("pw is X").
    if (!asked || asked.start > hit.start) continue;
    const rest = text.slice(hit.end, asked.start + asked.text.length).split(/\s+/);
    if (rest.some((t) => t.length >= 6 && passwordShaped(t.replace(/[.,;!?]+$/, '')))) continue;
    let at = asked.next;
    for (let n = 0; n < MAX_REPLIES && at < text.length; n++) {
      const reply = messageAt(text, at);
      if (!reply) break;
      const body = reply.text.replace(/[.!]$/, '');
      if (/^\S+$/.test(body)) {
        if (answer(body, hit.kind === 'pin')) yield { start: reply.start, end: reply.start + body.length };
        break;
      }
      at = reply.next;
    }
  }
}

export const passwordChatRules: Rule[] = [
  {
    id: 'password-chat-answer',
    type: 'password',
    rationale:
      'A chat transcript: a message asking for or mentioning a password or PIN, then a message that is the value alone.',
    keywords: anchorsOfKinds(['password', 'pin']),
    pattern: MESSAGE,
    find: findChatAnswers,
    confidence: 0.7,
    samples: {
      match: [
        {
          text: '[14/10/2026, 09:13:02] Kev: it wants a pin too\n[14/10/2026, 09:13:30] Me: 763176\n',
          secret: '763176',
        },
        {
          text: '14.10.26, 09:13 - Uwe: wie war das Passwort?\n14.10.26, 09:14 - Ich: Sonne_4711\n',
          secret: 'Sonne_4711',
        },
      ],
      noMatch: [
        '[09:13] Kev: what is the password?\n[09:14] Me: ok\n',
        '[14/10/2026, 09:13:02] Kev: the pin is on the sticker\n[14/10/2026, 09:13:30] Me: 2024\n',
        '[14/10/2026, 09:12] Me: pw is Biscotto_5014\n[14/10/2026, 09:13] Kev: Danke!\n',
      ],
    },
  },
];
