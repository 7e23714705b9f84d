import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readAuthorIdentity } from '../../../src/domain/auth/author.js';
import { type AuthFacts, judgeSender } from '../../../src/domain/auth/verdict.js';

/**
 * From and Sender fields in every RFC 5322 address form (name-addr, addr-spec, comments, quoted
 * local parts and display names, encoded-words in several charsets, groups, obsolete source
 * routes and CFWS, several addresses, several fields, Sender) with a staff identity placed
 * somewhere in them. Whatever the form, the verdict is never `customer` (nor `staff`) unless
 * authentication confirms the staff identity.
 */

const STAFF = 'staff.example';
const policy = { domains: [STAFF], displayNames: ['Support Team'], lookalikeDistance: 2 };
const actions = { staffDomainReject: 'reject', staffDomain: 'hold', impostor: 'hold' } as const;

// Customer-side pieces: nothing here resembles the staff domain or name.
const customerDomain = fc.constantFrom('customer.test', 'mail.acme.io', 'gmail.com', 'post.example.org');
const customerLocal = fc.constantFrom('jane', 'bob.smith', 'j_doe', 'x', 'first.last+tag');
const customerName = fc.constantFrom('Jane Doe', 'Bob', 'Acme Billing', 'Zoë Ünal', '山田 太郎');
const customerAddr = fc.tuple(customerLocal, customerDomain).map(([l, d]) => `${l}@${d}`);

// The staff identity, as written in various spellings.
const staffDomain = fc.constantFrom(STAFF, 'STAFF.Example', 'eu.staff.example', 'ＳＴＡＦＦ.example');
const staffAddr = fc
  .tuple(fc.constantFrom('ceo', 'support', 'it.desk'), staffDomain)
  .map(([l, d]) => `${l}@${d}`);
const staffName = fc.constantFrom(
  'Support Team',
  'support  team',
  'SUPPORT TEAM',
  'Sup\u200Bport Team',
  'Ѕupport Team', // Cyrillic Ѕ
  'Ｓupport Ｔeam',
  '\u202Emaet troppuS',
);

const CHARSETS = [
  'utf-8',
  'iso-8859-1',
  'windows-1252',
  'utf-16le',
  'koi8-r',
  'shift_jis',
  'gb18030',
  'big5',
];

/** An RFC 2047 encoded-word of `text` in `charset`, B or Q encoded. */
function encodedWord(text: string, charset: string, b: boolean): string {
  const bytes = iconv.encode(text, charset);
  if (b) return `=?${charset}?B?${bytes.toString('base64')}?=`;
  const q = Array.from(bytes, (c) =>
    /[A-Za-z0-9]/.test(String.fromCharCode(c))
      ? String.fromCharCode(c)
      : `=${c.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
  return `=?${charset}?Q?${q}?=`;
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Some text shown as a display name: plain words, quoted, encoded, or inside a comment. */
const shownText = (text: string) =>
  fc.oneof(
    fc.constant({ phrase: /^[\p{L}\p{N} ]+$/u.test(text) ? text : quote(text) }),
    fc.constant({ phrase: quote(text) }),
    fc
      .tuple(fc.constantFrom(...CHARSETS), fc.boolean())
      .filter(([cs]) => iconv.decode(iconv.encode(text, cs), cs) === text)
      .map(([cs, b]) => ({ phrase: encodedWord(text, cs, b) })),
    fc.constant({ comment: text.replace(/[()\\]/g, '') }),
  );

/** One mailbox in one of the RFC 5322 forms, optionally with a shown text. */
function mailbox(addr: string, shown?: { phrase?: string; comment?: string }) {
  const [local, domain] = [addr.slice(0, addr.lastIndexOf('@')), addr.slice(addr.lastIndexOf('@') + 1)];
  const phrase = shown?.phrase;
  const comment = shown?.comment !== undefined ? ` (${shown.comment})` : '';
  return fc.constantFrom(
    phrase ? `${phrase} <${addr}>${comment}` : `${addr}${comment}`,
    phrase ? `${phrase}${comment} <${addr}>` : `<${addr}>${comment}`,
    phrase
      ? `${phrase} <@relay.customer.test:${addr}>${comment}`
      : `<@relay.customer.test,@mx.customer.test:${addr}>${comment}`,
    `${phrase ?? ''} < ${local} @ ${domain} >${comment}`, // obsolete CFWS around @ and in <>
    phrase ? `${phrase} <${quote(local)}@${domain}>${comment}` : `${quote(local)}@${domain}${comment}`,
  );
}

type Fields = { from: string[]; sender: string[] };

/** A whole From (and Sender) with the staff identity placed in one of the ways to claim it. */
const claimingFields: fc.Arbitrary<Fields> = fc.oneof(
  // the author is staff, unauthenticated, in any mailbox form
  fc
    .tuple(staffAddr, fc.option(customerName))
    .chain(([a, n]) =>
      mailbox(a, n ? { phrase: quote(n) } : undefined).map((m) => ({ from: [m], sender: [] })),
    ),
  // the author is staff inside a group (RFC 6854), alone or among others
  fc.tuple(staffAddr, customerAddr, fc.boolean()).map(([a, c, alone]) => ({
    from: [`undisclosed: ${alone ? '' : `${c}, `}"CEO" <${a}>;`],
    sender: [],
  })),
  // a customer author showing a staff address in the display name or a comment
  fc
    .tuple(customerAddr, staffAddr)
    .chain(([c, a]) =>
      shownText(a).chain((shown) => mailbox(c, shown).map((m) => ({ from: [m], sender: [] }))),
    ),
  // a customer author showing the staff display name
  fc
    .tuple(customerAddr, staffName)
    .chain(([c, n]) =>
      shownText(n).chain((shown) => mailbox(c, shown).map((m) => ({ from: [m], sender: [] }))),
    ),
  // the staff address as a quoted local part, or an encoded-word local part
  fc.tuple(staffAddr, customerDomain, fc.boolean()).map(([a, d, enc]) => ({
    from: [enc ? `${encodedWord(a, 'utf-8', true)}@${d}` : `${quote(a)}@${d}`],
    sender: [],
  })),
  // a source route through the staff domain
  fc.tuple(staffDomain, customerAddr).map(([s, c]) => ({ from: [`CEO <@${s}:${c}>`], sender: [] })),
  // a domain that spells out the staff domain
  fc
    .tuple(
      customerLocal,
      fc.constantFrom(`${STAFF}.evil.test`, 'staff-example.evil.test', 'login.staff.examp1e.net'),
    )
    .map(([l, d]) => ({ from: [`${l}@${d}`], sender: [] })),
  // several addresses or several From fields, one of them staff
  fc
    .tuple(customerAddr, staffAddr, fc.boolean())
    .map(([c, a, fields]) => (fields ? { from: [c, a], sender: [] } : { from: [`${c}, ${a}`], sender: [] })),
  // ";" as a separator, which lenient parsers accept
  fc.tuple(customerAddr, staffAddr).map(([c, a]) => ({ from: [`${c}; ${a}`], sender: [] })),
  // a staff Sender beside a customer, empty, group-only or missing From
  fc
    .tuple(staffAddr, fc.constantFrom('jane@customer.test', '', 'undisclosed-recipients:;', undefined))
    .map(([a, f]) => ({ from: f === undefined ? [] : [f], sender: [`CEO <${a}>`] })),
  // the staff address as a group name
  fc.tuple(staffAddr, customerAddr).map(([a, c]) => ({ from: [`${quote(a)}: ${c};`], sender: [] })),
);

/** Authentication that confirms nothing at the staff domain. */
const unauthenticated: fc.Arbitrary<Omit<AuthFacts, 'identity'>> = fc.record({
  spf: fc.record({ result: fc.constantFrom('fail', 'softfail', 'none', 'pass'), domain: customerDomain }),
  dkim: fc.array(
    fc.record({
      result: fc.constantFrom('pass', 'fail'),
      domain: fc.constantFrom('customer.test', 'evil.test', 'gmail.com'),
      bodyLengthLimited: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  dmarc: fc.option(
    fc.record({
      result: fc.constantFrom('fail', 'none'),
      hasRecord: fc.boolean(),
      policy: fc.constantFrom('reject', 'quarantine', 'none', undefined),
      adkim: fc.constantFrom('r' as const, 's' as const),
      aspf: fc.constantFrom('r' as const, 's' as const),
    }),
    { nil: undefined },
  ),
  tempFailures: fc.constantFrom(0, 0, 1),
});

describe('impersonation of staff never passes as a customer (property)', () => {
  it('any address form with a staff identity in it is never customer or staff without authentication', () => {
    fc.assert(
      fc.property(claimingFields, unauthenticated, (fields, auth) => {
        const identity = readAuthorIdentity(fields.from, fields.sender);
        const v = judgeSender({ ...auth, identity }, policy, actions);
        expect(['staff_spoof', 'invalid_from', 'unverified', 'tempfail']).toContain(v.kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('the same forms naming only customers are judged customer (no false alarms)', () => {
    const customerFields = fc
      .tuple(customerAddr, fc.option(customerName))
      .chain(([c, n]) =>
        fc.oneof(
          mailbox(c, n ? { phrase: quote(n) } : undefined),
          mailbox(c, n ? { comment: n } : undefined),
          fc.constant(`group: ${n ? `${quote(n)} ` : ''}<${c}>;`),
        ),
      );
    fc.assert(
      fc.property(customerFields, fc.option(customerAddr), unauthenticated, (from, sender, auth) => {
        const identity = readAuthorIdentity([from], sender ? [sender] : []);
        expect(judgeSender({ ...auth, identity }, policy, actions)).toEqual({ kind: 'customer' });
      }),
      { numRuns: 500 },
    );
  });

  it('reads any bytes without throwing, and any verdict it reaches is a known one', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
      fc
        .array(
          fc.constantFrom(
            '"',
            '(',
            ')',
            '<',
            '>',
            '@',
            ',',
            ';',
            ':',
            '\\',
            '.',
            ' ',
            'a',
            'staff.example',
            '=?utf-8?B?',
          ),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(
        fc.array(field, { maxLength: 2 }),
        fc.array(field, { maxLength: 2 }),
        unauthenticated,
        (f, s, auth) => {
          const v = judgeSender({ ...auth, identity: readAuthorIdentity(f, s) }, policy, actions);
          expect(['customer', 'staff_spoof', 'invalid_from', 'unverified', 'tempfail']).toContain(v.kind);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
