import fc from 'fast-check';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../../src/domain/message.js';
import { decodedHeader, withSubjectSuffix } from '../../../src/domain/mime-edit.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { composeOutput, receivedHeader } from '../../../src/stages/trace-headers.js';
import { encodeCharset } from '../../fixtures/mail/builders.mjs';
import { fieldNames, headerDefects, multisetMinus } from '../../helpers/header-structure.js';
import { AWS } from '../extract/samples.js';
import { createFakeDetector } from '../scan/fake-detector.js';

/**
 * Header editing over arbitrary header blocks: folded fields, raw UTF-8, encoded-words in many
 * charsets (B and Q), missing Subjects, words too long to fold. After the ticket tag, our own
 * header fields and redaction, the block must parse with the same fields, keep every line within
 * 998 octets with continuations starting with a blank, and its Subject must decode to the
 * original text plus the tag (with the marker where a secret was).
 */

const TAG = '[#DG-7K3QF9]';
const CHARSETS = [
  'utf-8',
  'iso-8859-1',
  'iso-8859-15',
  'windows-1252',
  'koi8-r',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
  'gb2312',
  'big5',
  'utf-7',
];

/** Decoded independently of the code under test: ICU's TextDecoder, iconv-lite for UTF-7. */
function roundTrips(text: string, charset: string): Buffer | undefined {
  try {
    const bytes = charset === 'utf-7' ? iconv.encode(text, 'utf7') : encodeCharset(text, charset);
    const back = charset === 'utf-7' ? iconv.decode(bytes, 'utf7') : new TextDecoder(charset).decode(bytes);
    return back === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** An RFC 2047 encoded-word for `text`, in `charset` when it can hold the text, else UTF-8. */
function encodedWord(text: string, charset: string, q: boolean): string {
  const bytes = roundTrips(text, charset);
  const [cs, b] = bytes ? [charset, bytes] : ['utf-8', Buffer.from(text, 'utf8')];
  if (!q) return `=?${cs}?B?${b.toString('base64')}?=`;
  // Q: letters and digits as they are, a space as "_", every other octet as =XX.
  let out = '';
  for (const o of b)
    out += /[A-Za-z0-9]/.test(String.fromCharCode(o))
      ? String.fromCharCode(o)
      : o === 0x20
        ? '_'
        : `=${o.toString(16).toUpperCase().padStart(2, '0')}`;
  return `=?${cs}?Q?${out}?=`;
}

const word = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9.,!?'()-]{1,12}$/),
  fc.constantFrom(
    'Grüße',
    'Säying',
    'ñandú',
    'Привет',
    'テスト',
    '日本語',
    '中文',
    '한국어',
    '😀',
    'café',
    '€5',
    'Ærø',
  ),
  fc.constantFrom('[x]', 'a:b', 'x;y', '"quoted"', '<angle>', 'a=?b', 'ends=?'),
  // Words too long for a line, without a blank to fold at.
  fc.integer({ min: 70, max: 400 }).map((n) => 'w'.repeat(n)),
);
const text = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));

type Form = { kind: 'raw' } | { kind: 'words'; charset: string; q: boolean; prefix: boolean; chunk: number };
const form: fc.Arbitrary<Form> = fc.oneof(
  fc.constant({ kind: 'raw' as const }),
  fc.record({
    kind: fc.constant('words' as const),
    charset: fc.constantFrom(...CHARSETS),
    q: fc.boolean(),
    prefix: fc.boolean(),
    chunk: fc.integer({ min: 1, max: 14 }),
  }),
);

/** Pieces of a value joined by blanks, a fold (CRLF + blank) where the line would pass 76. */
function fold(name: string, pieces: string[]): string {
  let out = `${name}:`;
  let line = out.length;
  for (const p of pieces) {
    const sep = line + 1 + Buffer.byteLength(p) > 76 && line > name.length + 1 ? '\r\n ' : ' ';
    out += sep + p;
    line = (sep === ' ' ? line + 1 : 1) + Buffer.byteLength(p);
  }
  return out;
}

/** A field holding `value` in the given form, as latin1 octets. */
function field(name: string, value: string, f: Form): string {
  if (f.kind === 'raw') return Buffer.from(fold(name, value.split(' ')), 'utf8').toString('latin1');
  const chars = [...value];
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += f.chunk) chunks.push(chars.slice(i, i + f.chunk).join(''));
  const words = chunks.map((c) => encodedWord(c, f.charset, f.q));
  // A plain "Re:" before the encoded-words: the blank between them is part of the text.
  return fold(name, f.prefix ? ['Re:', ...words] : words);
}

/** The text a field written by field() holds: with the plain "Re:" in front when the form adds one. */
const meantBy = (value: string, f: Form): string => (f.kind === 'words' && f.prefix ? `Re: ${value}` : value);

interface Sample {
  raw: Buffer;
  /** The Subject text as the generator meant it, undefined when the message has none. */
  subject: string | undefined;
}

const others = fc.subarray(
  [
    ['From', 'Jörg Müller <joerg@example.org>'],
    ['To', 'support@localhost'],
    ['Cc', 'Team Ops <ops@example.org>, b@example.org'],
    ['Date', 'Mon, 4 Mar 2024 10:00:00 +0100'],
    ['Message-ID', '<p1@example.org>'],
    ['X-Custom', 'Notiz für das Team, bitte lesen'],
    ['Comments', 'a comment with a long tail of words that need folding somewhere along the way'],
    ['Keywords', 'login, portal, Zugang'],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=utf-8'],
  ] as const,
  { minLength: 0 },
);

const sample: fc.Arbitrary<Sample> = fc
  .record({
    subject: fc.option(fc.tuple(text, form), { nil: undefined }),
    others,
    others2: form,
    at: fc.nat(),
  })
  .map(({ subject, others: fs, others2, at }) => {
    const lines = fs.map(([k, v]) =>
      k === 'X-Custom' || k === 'Comments' ? field(k, v, others2) : `${k}: ${v}`,
    );
    if (subject) lines.splice(at % (lines.length + 1), 0, field('Subject', subject[0], subject[1]));
    const head = lines.length ? `${lines.join('\r\n')}\r\n` : '';
    const meant =
      subject && subject[1].kind === 'words' && subject[1].prefix ? `Re: ${subject[0]}` : subject?.[0];
    return { raw: Buffer.from(`${head}\r\nbody line\r\n`, 'latin1'), subject: meant };
  });

function ctxFor(raw: Buffer, output: Buffer): MessageContext {
  const ctx: MessageContext = {
    queueId: 'Q1',
    envelope: {
      mailFrom: 'a@example.org',
      rcptTo: ['support@localhost'],
      remoteAddress: '192.0.2.7',
      clientHostname: `${'very-long-host-name.'.repeat(9)}example`,
      helo: `${'helo-'.repeat(35)}example.org`,
      tls: true,
      receivedAt: 0,
    },
    raw,
    output,
    attempt: 1,
    writes: [],
    addHeaders: [],
  };
  ctx.addHeaders.push(
    ['Received', receivedHeader(ctx, 'gw.example.com', new Date(0))],
    [
      'Authentication-Results',
      `gw.example.com; spf=none smtp.mailfrom=a@example.org; ${'dkim=none '.repeat(12)}`,
    ],
    ['X-Deskguard-Findings', Array.from({ length: 20 }, (_, i) => `type_${i}=${i}`).join(', ')],
    ['X-Deskguard-Ticket', 'DG-7K3QF9'],
  );
  return ctx;
}

const ADDED = ['received', 'authentication-results', 'x-deskguard-findings', 'x-deskguard-ticket'];

/** The checks every delivered header block must pass, whatever it went through. */
async function expectDelivered(before: Buffer, out: Buffer, subject: string | undefined, tagged: string) {
  expect(headerDefects(before)).toEqual([]);
  expect(headerDefects(out)).toEqual([]);
  const added = [...ADDED, ...(subject === undefined ? ['subject'] : [])];
  expect(multisetMinus(fieldNames(out), added).sort()).toEqual(fieldNames(before).sort());
  expect(multisetMinus(fieldNames(before), fieldNames(out))).toEqual([]);
  expect(decodedHeader(out, 'subject')).toBe(tagged);
  expect(out.subarray(out.indexOf('\r\n\r\n')).toString('latin1')).toBe('\r\n\r\nbody line\r\n');
}

describe('header editing (property)', () => {
  it('adding the tag and our header fields keeps every header block well-formed and the Subject whole', async () => {
    await fc.assert(
      fc.asyncProperty(sample, async ({ raw, subject }) => {
        const tagged = withSubjectSuffix(raw, TAG);
        const out = Buffer.concat(composeOutput(ctxFor(raw, tagged)));
        await expectDelivered(raw, out, subject, subject === undefined ? TAG : `${subject} ${TAG}`);
        // An independent decoder agrees: the Subject it reads is the one it read before, plus the tag.
        const [a, b] = await Promise.all([simpleParser(raw), simpleParser(out)]);
        expect(b.subject).toBe(a.subject === undefined ? TAG : `${a.subject} ${TAG}`);
      }),
      { numRuns: 150 },
    );
  });

  it('redacting a secret in the Subject and other fields, then tagging, does the same', async () => {
    const key = Buffer.alloc(32, 3);
    await fc.assert(
      fc.asyncProperty(sample, fc.nat(), form, form, async ({ raw, subject }, at, subjectForm, noteForm) => {
        // The secret goes in as a word of the Subject, of an X- field and of a display name, each
        // written in an arbitrary form (raw, encoded-words in some charset).
        const words = (subject ?? 'secret').split(' ');
        words.splice(at % (words.length + 1), 0, AWS);
        const withSecret = words.join(' ');
        const meant = meantBy(withSecret, subjectForm);
        const plantedFields = [
          field('Subject', withSecret, subjectForm),
          field('X-Note', `Schlüssel ${AWS} für Jörg`, noteForm),
          `Reply-To: "Jörg ${AWS}" <r@example.org>`,
        ];
        const planted = Buffer.concat([Buffer.from(`${plantedFields.join('\r\n')}\r\n`, 'latin1'), raw]);
        const source = withoutSubject(planted);
        const r = await scanAndRedact(source, { detector: createFakeDetector(), fingerprintKey: key });
        expect(r.redacted).toBeDefined();
        const redacted = r.redacted!;
        expect(redacted.toString('latin1')).not.toContain(AWS);
        const out = Buffer.concat(composeOutput(ctxFor(source, withSubjectSuffix(redacted, TAG))));
        const expected = `${meant.replace(AWS, '[REDACTED:aws_access_key]')} ${TAG}`;
        await expectDelivered(source, out, meant, expected);
        const parsed = await simpleParser(out);
        expect(parsed.subject).toBe(expected);
        expect(decodedHeader(out, 'x-note')).toBe(
          meantBy('Schlüssel [REDACTED:aws_access_key] für Jörg', noteForm),
        );
        expect(parsed.replyTo?.value).toEqual([
          { name: 'Jörg [REDACTED:aws_access_key]', address: 'r@example.org' },
        ]);
      }),
      { numRuns: 60 },
    );
  });
});

/** The planted message without the sample's own Subject (the planted one comes first). */
function withoutSubject(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end).split(/\r\n(?![ \t])/);
  const kept = [head[0]!, ...head.slice(1).filter((f) => !/^subject:/i.test(f))];
  return Buffer.from(`${kept.join('\r\n')}${text.slice(end)}`, 'latin1');
}
