import { randomInt } from 'node:crypto';
import fc from 'fast-check';

/**
 * Messages the way real and hostile mailers write them, as fast-check arbitraries: nested
 * multipart/mixed|alternative|related and message/rfc822, boundaries that are prefixes of each
 * other or never closed, duplicate and odd Content-Type / Content-Transfer-Encoding, base64 and
 * quoted-printable (valid and broken), raw 8-bit and UTF-8 header text, encoded words (valid,
 * broken, unknown charsets), RFC 2231 parameters, folded and very long lines, fields without a
 * value, and sometimes a fresh secret in the body, a header field or a file name.
 * Everything is rendered as latin1 strings (one char per byte).
 */

export type Cte = '7bit' | '8bit' | 'base64' | 'quoted-printable' | 'none' | 'x-unknown';
export type NameStyle = 'quoted' | 'rfc2231' | 'rfc2231-split' | 'word' | 'raw-utf8';

export interface Leaf {
  kind: 'leaf';
  type: string | null;
  /** A second Content-Type field after the first. */
  dupType: string | null;
  cte: Cte;
  dupCte: Cte | null;
  /** Encoded body made invalid (base64 junk, QP `=ZZ` and stray `=`). */
  broken: boolean;
  text: string;
  name: { style: NameStyle; text: string } | null;
}
export interface Multi {
  kind: 'multi';
  subtype: 'mixed' | 'alternative' | 'related';
  children: Node[];
  /** prefix: the boundary is the parent's plus a suffix (or a prefix of it). */
  boundary: 'normal' | 'prefix' | 'unclosed' | 'quoted-odd';
  preamble: string;
}
export interface Rfc822 {
  kind: 'rfc822';
  fields: Array<[string, string]>;
  root: Node;
}
export type Node = Leaf | Multi | Rfc822;

export type SecretAt = 'none' | 'subject' | 'field' | 'body' | 'filename';
export interface MessageSpec {
  fields: Array<[string, string]>;
  subject: string | null;
  root: Node;
  secretAt: SecretAt;
  /** Which eligible leaf carries the secret (modulo their number). */
  secretLeaf: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** A fresh AWS access key id: AKIA + 16 base32 characters, never a documented example. */
export const freshAwsKey = () => `AKIA${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join('')}`;

const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const words = fc.constantFrom(
  'hello',
  'Grüße',
  'naïve café',
  'Привет мир',
  '日本語のテキスト',
  'emoji 🎉',
  'plain words here',
  'a=b?c_d',
  'tab\there',
  '',
);
const text = fc.array(words, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

/** Header text the way mailers (and broken mailers) write it. */
const headerText: fc.Arbitrary<string> = fc.oneof(
  text.map((t) => t.replace(/[^\x20-\x7e]/g, '?')),
  text.map(utf8),
  text.map((t) => `=?UTF-8?B?${Buffer.from(t).toString('base64')}?=`),
  text.map(
    (t) =>
      `=?utf-8?Q?${utf8(t).replace(/[^A-Za-z0-9]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}?=`,
  ),
  text.map((t) => `=?x-unknown-charset?B?${Buffer.from(t).toString('base64')}?=`),
  text.map((t) => `=?UTF-8?B?${Buffer.from(t).toString('base64').slice(0, -2)}`),
  text.map((t) => `=?UTF-8?Q?${t.replace(/ /g, '_')}`),
  fc.constant('=?iso-8859-1?Q?caf=E9?= =?iso-8859-1?Q?_cr=E8me?='),
  fc.constant(''),
  fc
    .constant(`${'long '.repeat(60)}folded`)
    .map((t) => t.replace(/ (?=long)/g, (_m, i: number) => (i % 70 < 5 ? '\r\n ' : ' '))),
  fc.integer({ min: 1000, max: 1500 }).map((n) => 'x'.repeat(n)),
);

const ctypes = fc.constantFrom(
  'text/plain; charset=utf-8',
  'text/plain; charset="iso-8859-1"',
  'TEXT/PLAIN; CHARSET=UTF-8',
  'text/html; charset=utf-8',
  'text/plain; charset=unknown-8bit',
  'text/plain; charset=x-does-not-exist',
  'application/octet-stream',
  'text/plain;',
  'text/plain; format=flowed; delsp=yes; charset=utf-8',
  'garbage',
);

const ctes = fc.constantFrom<Cte>('7bit', '8bit', 'base64', 'quoted-printable', 'none', 'x-unknown');

const leaf: fc.Arbitrary<Leaf> = fc.record({
  kind: fc.constant('leaf' as const),
  type: fc.option(ctypes, { freq: 6 }),
  dupType: fc.option(ctypes, { freq: 8 }),
  cte: ctes,
  dupCte: fc.option(ctes, { freq: 8 }),
  broken: fc.boolean(),
  text,
  name: fc.option(
    fc.record({
      style: fc.constantFrom<NameStyle>('quoted', 'rfc2231', 'rfc2231-split', 'word', 'raw-utf8'),
      text,
    }),
    { freq: 2 },
  ),
});

const fieldsArb = fc.array(
  fc.tuple(
    fc.constantFrom('X-Custom', 'Comments', 'Keywords', 'X-Mailer', 'X-Empty', 'Content-Description'),
    headerText,
  ),
  { maxLength: 4 },
);

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('multi' as const),
        subtype: fc.constantFrom('mixed' as const, 'alternative' as const, 'related' as const),
        children: fc.array(tie('node'), { minLength: 0, maxLength: 4 }),
        boundary: fc.constantFrom(
          'normal' as const,
          'prefix' as const,
          'unclosed' as const,
          'quoted-odd' as const,
        ),
        preamble: fc.constantFrom('', 'This is a multi-part message in MIME format.'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('rfc822' as const), fields: fieldsArb, root: tie('node') }),
    },
  ),
})).node;

export const messageSpec: fc.Arbitrary<MessageSpec> = fc.record({
  fields: fieldsArb,
  subject: fc.option(headerText, { freq: 8 }),
  root: node,
  secretAt: fc.constantFrom<SecretAt>('none', 'none', 'subject', 'field', 'body', 'filename'),
  secretLeaf: fc.nat({ max: 50 }),
});
