/**
 * Password files whose lines have a fixed layout, named in the text: PostgreSQL's `~/.pgpass`
 * (`hostname:port:database:username:password`, one entry a line). The password is the fifth
 * field, whatever it looks like: the file's format, not the value's shape, says what it is.
 */

import type { KeywordScan } from './keywords.js';
import { plausiblePassword } from './password-values.js';
import type { Rule, Span } from './rule.js';

// How far below the file's name its lines may stand, and how many names are looked at per text.
const REACH = 800;
const MAX_NAMES = 32;
// One entry: host, port (or *), database, user, then the password to the end of the line. Fields
// are bounded runs without ":" or blanks: linear on the bounded window it runs on.
const ENTRY = /^[ \t>]*[^\s:#>]{1,253}:(?:\d{1,5}|\*):[^\s:]{1,63}:[^\s:]{1,63}:(\S{1,128})[ \t]*\r?$/gm;
const NAME = /pgpass/gi;

/** Where the file's name stands: the engine's keyword pass knows, else one search of the text. */
function namesOf(text: string, keywords?: KeywordScan): readonly number[] {
  const known = keywords?.offsets(['pgpass']);
  if (known) return known;
  const out: number[] = [];
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m !== null && out.length < MAX_NAMES; m = NAME.exec(text)) out.push(m.index);
  return out;
}

function* findPgpassEntries(
  text: string,
  _memo: Map<string, unknown>,
  keywords?: KeywordScan,
): Generator<Span> {
  let coveredTo = 0;
  for (const at of namesOf(text, keywords).slice(0, MAX_NAMES)) {
    const from = Math.max(coveredTo, at);
    if (from >= at + REACH) continue;
    const window = text.slice(from, Math.min(text.length, at + REACH));
    ENTRY.lastIndex = 0;
    for (let e = ENTRY.exec(window); e !== null; e = ENTRY.exec(window)) {
      const value = e[1] as string;
      if (!plausiblePassword(value)) continue;
      const start = from + e.index + e[0].lastIndexOf(value);
      yield { start, end: start + value.length };
    }
    coveredTo = at + REACH;
  }
}

export const passwordFileRules: Rule[] = [
  {
    id: 'password-pgpass',
    type: 'password',
    rationale:
      'A ~/.pgpass line (host:port:database:user:password) near the name of the file: the fifth field.',
    keywords: ['pgpass'],
    pattern: ENTRY,
    find: findPgpassEntries,
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'psql asks again although ~/.pgpass holds:\n\ndb.example-host.net:5432:shop:shop_rw:Qm7+ZtB2xLr\n\nWhy?',
          secret: 'Qm7+ZtB2xLr',
        },
        { text: 'cat .pgpass\n*:*:*:postgres:s3cr3t-Pg!\n', secret: 's3cr3t-Pg!' },
      ],
      noMatch: [
        'my .pgpass is chmod 0600 now',
        '.pgpass format is hostname:port:database:username:password',
        'pgpass:\n10:30:45:12:00 meeting',
      ],
    },
  },
];
