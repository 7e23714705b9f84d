import iconv from 'iconv-lite';
import libmime from 'libmime';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCharset } from '../fixtures/mail/builders.mjs';
import { removeDir } from '../helpers/gateway.js';
import { fieldNames, headerBlock, multisetMinus, newDefects } from '../helpers/header-structure.js';
import {
  deliveredCopy,
  type HostileGateway,
  noticeCopies,
  Sender,
  type Sent,
  settle,
  startHostileGateway,
} from './hostile-support.js';
import { recordReliability } from './record.js';
import { peakRssMb } from './support.js';

/**
 * Header injection through the encodings mail allows in header text: RFC 2047 encoded words (B and
 * Q, several charsets) and RFC 2231 parameters whose *decoded* text holds CR, LF, CRLF followed by
 * a field (`Bcc:`, `X-Deskguard-Verdict:`, `Content-Type:`), an empty line, NUL and bidi controls.
 * Put into the Subject, the display names of From/To/Reply-To, Comments and file names, they may
 * not become fields of what the helpdesk receives, nor of the notice to the sender: anything that
 * decodes header text and writes it back (tagging, redaction, notices) is where this goes wrong.
 */

/**
 * A line that starts one of the injected fields (a Bcc, an X-Injected-* field, the forged verdict,
 * the injected content type) anywhere in a message, part headers included: the payload escaped.
 */
const INJECTED =
  /^(bcc|x-injected-[a-z0-9-]+)[ \t]*:|^content-type:[ \t]*text\/x-injected|^x-deskguard-verdict:[ \t]*clean/i;

/** Decoded texts that would each add a field (or end the header block) if written back raw. */
const PAYLOADS: Array<(where: string) => string> = [
  (w) => `help\r\nBcc: victim@evil.test\r\nX-Injected-${w}: crlf`,
  (w) => `help\nX-Injected-${w}: lf\nX-Deskguard-Verdict: clean`,
  (w) => `help\rX-Injected-${w}: cr\rContent-Type: text/x-injected`,
  (w) => `help\r\n\r\nX-Injected-${w}: blank line ends the header`,
  (w) => `help\r\n X-Injected-${w}: folded\r\nBcc: victim@evil.test`,
  (w) => `nul\u0000X-Injected-${w}: nul and \u202egnp.exe\u202c bidi \u2066isolate\u2069`,
];

type Encoder = { name: string; word: (text: string) => string | undefined; param: (text: string) => string };

/** `text` in `charset`, or undefined when the charset cannot carry it unchanged. */
function bytesIn(text: string, charset: string): Buffer | undefined {
  const b = encodeCharset(text, charset);
  return iconv.decode(b, charset) === text ? b : undefined;
}

// Q encoding: every byte that is not a safe letter or digit as =XX, spaces as underscores.
const qEncode = (b: Buffer) =>
  [...b]
    .map((c) =>
      c === 0x20
        ? '_'
        : /[A-Za-z0-9]/.test(String.fromCharCode(c))
          ? String.fromCharCode(c)
          : `=${c.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
// RFC 2231 extended value: every byte outside letters and digits percent-encoded.
const pctEncode = (b: Buffer) =>
  [...b]
    .map((c) =>
      /[A-Za-z0-9]/.test(String.fromCharCode(c))
        ? String.fromCharCode(c)
        : `%${c.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

function encoder(charset: string, kind: 'B' | 'Q'): Encoder {
  return {
    name: `${kind} ${charset}`,
    word: (text) => {
      const b = bytesIn(text, charset);
      if (!b) return undefined;
      return `=?${charset}?${kind}?${kind === 'B' ? b.toString('base64') : qEncode(b)}?=`;
    },
    // Half the parameters split into RFC 2231 sections, the break between CR and LF.
    param: (text) => {
      const b = bytesIn(text, charset) ?? Buffer.from(text, 'utf8');
      const cs = bytesIn(text, charset) ? charset : 'utf-8';
      const cut = Math.max(1, b.indexOf(0x0d) + 1);
      return kind === 'B'
        ? `*=${cs}''${pctEncode(b)}`
        : `*0*=${cs}''${pctEncode(b.subarray(0, cut))}; FIELD*1*=${pctEncode(b.subarray(cut))}`;
    },
  };
}

const ENCODERS: Encoder[] = [
  encoder('utf-8', 'B'),
  encoder('UTF-8', 'Q'),
  encoder('iso-8859-1', 'Q'),
  encoder('windows-1252', 'B'),
  encoder('utf-16be', 'B'),
  encoder('koi8-r', 'Q'),
];

const AWS = 'AKIAY3QW7HINJECT5ZKP';

interface Case {
  label: string;
  raw: Buffer;
  subject: string;
  messageId: string;
}

function buildCase(
  n: number,
  payload: (w: string) => string,
  enc: Encoder,
  withSecret: boolean,
): Case | undefined {
  // With a secret, every field carries the key after the payload: the fields are then rewritten
  // (redacted), which is where decoded text is most easily written back raw.
  const text = (where: string) => payload(where) + (withSecret ? ` key ${AWS}` : '');
  const word = (where: string) => enc.word(text(where));
  const subj = word('subject');
  if (!subj) return undefined;
  const param = (field: string, where: string) => {
    const p = enc.param(text(where));
    return `${field}${p.replace('FIELD', field)}`;
  };
  const messageId = `<inject-${n}@example.org>`;
  const subject = `Subject: ${subj}`;
  const lines = [
    `From: ${word('from') ?? 'x'} <customer${n}@example.org>`,
    `To: ${word('to') ?? 'x'} <support@localhost>`,
    `Reply-To: ${word('reply-to') ?? 'x'} <reply@example.org>`,
    subject,
    `Comments: ${word('comments') ?? 'x'}`,
    `Message-ID: ${messageId}`,
    // A forged verdict of our own: it may not reach the helpdesk.
    'X-Deskguard-Verdict: clean',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="inj"',
    '',
    '--inj',
    'Content-Type: text/plain; charset=utf-8',
    '',
    withSecret ? `My key is ${AWS}, sorry.` : 'Nothing secret here.',
    '--inj',
    `Content-Type: text/plain; ${param('name', 'name')}`,
    `Content-Disposition: attachment; ${param('filename', 'filename')}`,
    `Content-Description: ${word('description') ?? 'x'}`,
    '',
    'attached text',
    '--inj',
    `Content-Type: application/octet-stream; name="${word('name-word') ?? 'x'}"`,
    `Content-Disposition: attachment; filename="${word('filename-word') ?? 'x'}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('binary attachment').toString('base64'),
    '--inj--',
    '',
  ];
  return {
    label: `payload ${PAYLOADS.indexOf(payload)} ${enc.name}${withSecret ? ' +secret' : ''}`,
    raw: Buffer.from(lines.join('\r\n'), 'latin1'),
    subject: subject.slice('Subject: '.length),
    messageId,
  };
}

// A boundary parameter, quoted or not: what separates the parts whose headers are read below.
const BOUNDARY = /boundary=(?:"([^"\r\n]+)"|([^;\s]+))/gi;

/**
 * The header lines of the message and of every MIME part (the lines after a boundary line up to
 * the empty line), split at any CR or LF: a bare one that escaped counts as a line of its own.
 */
function headerLines(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const boundaries = new Set([...text.matchAll(BOUNDARY)].map((m) => `--${m[1] ?? m[2]}`));
  const lines = text.split('\r\n');
  const out: string[] = [];
  let inHeader = true;
  for (const line of lines) {
    if (inHeader) {
      if (line === '') inHeader = false;
      else out.push(...line.split(/\r|\n/));
    } else if (boundaries.has(line.trimEnd())) inHeader = true;
  }
  return out;
}

/** Header lines (of the message or a part) that start an injected field the original did not have. */
const injectedLines = (raw: Buffer, original: Buffer): string[] => {
  const had = new Set(headerLines(original).filter((l) => INJECTED.test(l)));
  return headerLines(raw).filter((l) => INJECTED.test(l) && !had.has(l));
};

/** The unfolded value of the first field `name` in a header block. */
function fieldValue(raw: Buffer, name: string): string | undefined {
  const block = headerBlock(raw).block.replace(/\r\n(?=[ \t])/g, '');
  const line = block.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).replace(/^[ \t]+/, '');
}

/**
 * A Subject rewritten for redaction may write a run of decoded line breaks as one space (a header value is
 * one line to every reader); nothing else about its text may change.
 */
const lineBreaksAsSpaces = (s: string) => s.replace(/[\r\n]+/g, ' ');

const TAG = /[ \t]*\[#DG-[0-9A-Z]{6}\]$/;
/** Fields Deskguard itself adds to what it delivers. */
const OURS = /^(received|authentication-results|x-deskguard-[a-z-]+)$/;

describe('header injection through encoded words and RFC 2231 parameters', { timeout: 60_000 }, () => {
  let h: HostileGateway;
  const cases: Array<Case & Sent> = [];
  let rows: Awaited<ReturnType<typeof settle>>;

  beforeAll(async () => {
    h = await startHostileGateway();
    const sender = new Sender(h.gw.smtpPort);
    let n = 0;
    for (const payload of PAYLOADS)
      for (const enc of ENCODERS) {
        const i = n++;
        // Every other message carries a secret: redacted, tagged and noticed, or passed whole.
        const c = buildCase(i, payload, enc, i % 2 === 1);
        if (c) cases.push({ ...c, ...(await sender.send(c.raw, `customer${i}@example.org`)) });
      }
    await sender.close();
    rows = await settle(h);
  });

  afterAll(async () => {
    await h?.gw.stop();
    if (h) removeDir(h.dir);
  });

  it('would see an injection: a copy with the Subject written back decoded fails the checks', () => {
    const c = cases.find((x) => x.label.startsWith('payload 0 B utf-8'))!;
    const naive = Buffer.from(
      c.raw.toString('latin1').replace(`Subject: ${c.subject}`, `Subject: ${libmime.decodeWords(c.subject)}`),
      'latin1',
    );
    expect(injectedLines(naive, c.raw)).toEqual(['Bcc: victim@evil.test', 'X-Injected-subject: crlf']);
    expect(multisetMinus(fieldNames(naive), fieldNames(c.raw))).toEqual(['bcc', 'x-injected-subject']);
  });

  it('answers every message and loses none', () => {
    expect(cases.length).toBeGreaterThan(25);
    for (const c of cases)
      expect(c.reply.code === 250 || c.reply.code >= 500, `${c.label}: ${c.reply.code}`).toBe(true);
    const acked = cases.filter((c) => c.reply.code === 250);
    expect(acked.length).toBeGreaterThan(cases.length / 2);
    for (const c of acked)
      expect(['delivered', 'held', 'dead'], c.label).toContain(rows.get(c.queueId!)?.state);
  });

  it('delivers no field the original did not have, and no forged X-Deskguard field', async () => {
    const problems: string[] = [];
    let delivered = 0;
    for (const c of cases.filter(
      (x) => x.reply.code === 250 && rows.get(x.queueId!)?.state === 'delivered',
    )) {
      const got = deliveredCopy(h, c.queueId!);
      if (!got) {
        problems.push(`${c.label}: delivered but not in the maildir`);
        continue;
      }
      delivered++;
      for (const l of injectedLines(got, c.raw))
        problems.push(`${c.label}: injected line ${JSON.stringify(l)}`);
      const added = multisetMinus(fieldNames(got), fieldNames(c.raw)).filter((f) => !OURS.test(f));
      if (added.length) problems.push(`${c.label}: new fields ${added.join(', ')}`);
      const verdicts = fieldNames(got).filter((f) => f === 'x-deskguard-verdict');
      if (verdicts.length !== 1) problems.push(`${c.label}: ${verdicts.length} X-Deskguard-Verdict fields`);
      if (/^X-Deskguard-Verdict: clean/im.test(headerBlock(got).block))
        problems.push(`${c.label}: the forged verdict passed`);
      for (const d of newDefects(c.raw, got))
        problems.push(`${c.label}: header defect ${d.kind} in ${d.field}`);
      // The Subject reads as the customer wrote it, plus the tag, and the tag stays in the Subject.
      const subject = fieldValue(got, 'subject') ?? '';
      if (!TAG.test(subject)) problems.push(`${c.label}: no ticket tag at the end of the Subject`);
      else if (!c.raw.includes(AWS) && subject.replace(TAG, '') !== c.subject)
        problems.push(`${c.label}: a Subject without a secret was not kept byte for byte`);
      else if (
        lineBreaksAsSpaces(libmime.decodeWords(subject.replace(TAG, ''))) !==
        lineBreaksAsSpaces(libmime.decodeWords(c.subject).replace(AWS, '[REDACTED:aws_access_key]'))
      )
        problems.push(
          `${c.label}: the Subject no longer decodes to the original's text: ${JSON.stringify(libmime.decodeWords(subject))}`,
        );
      if (got.includes(AWS)) problems.push(`${c.label}: the key in the clear`);
      const tagLines = headerBlock(got)
        .block.split('\r\n')
        .filter(
          (l) => /\[#DG-[0-9A-Z]{6}\]/.test(l) && !/^(subject:|[ \t])/i.test(l) && !/^X-Deskguard/i.test(l),
        );
      if (tagLines.length) problems.push(`${c.label}: the tag outside the Subject: ${tagLines.join(' | ')}`);
      // A MIME reader sees the parts the customer sent, no part header gained from a file name.
      const parsed = await simpleParser(got, { skipTextToHtml: true, skipTextLinks: true });
      if (parsed.headers.has('bcc')) problems.push(`${c.label}: a Bcc the helpdesk would read`);
      if (parsed.attachments.length < 2)
        problems.push(`${c.label}: ${parsed.attachments.length} attachments`);
    }
    recordReliability({
      test: 'Header injection through encoded words',
      fault: `${cases.length} messages: CR, LF, CRLF+field, empty line, NUL, bidi in B/Q encoded words (${ENCODERS.length} charsets) and RFC 2231 parameters, in Subject, From/To/Reply-To names, Comments, file names; a forged X-Deskguard-Verdict`,
      sent: cases.length,
      acknowledged: cases.filter((c) => c.reply.code === 250).length,
      delivered,
      held: [...rows.values()].filter((r) => r.state === 'held').length,
      dead: [...rows.values()].filter((r) => r.state === 'dead').length,
      refused: cases.filter((c) => c.reply.code !== 250).length,
      lost: cases.filter((c) => c.reply.code === 250 && !rows.has(c.queueId!)).length,
      peakRssMb: peakRssMb(h.gw),
      notes: `${problems.length} injected fields, defects or changed Subjects in delivered copies and notices`,
    });
    expect(delivered).toBeGreaterThan(cases.length / 2);
    expect(problems).toEqual([]);
  });

  it('sends notices that carry no injected field', () => {
    const notices = noticeCopies(h);
    const withSecret = cases.filter((c) => c.reply.code === 250 && c.raw.includes(AWS));
    expect(withSecret.length).toBeGreaterThan(5);
    // One notice per message with a secret (each from a sender of its own, so none is rate-limited).
    expect(notices.length).toBe(withSecret.length);
    const problems: string[] = [];
    for (const notice of notices) {
      const c = cases.find((x) => (fieldValue(notice, 'in-reply-to') ?? '').includes(x.messageId));
      const label = c?.label ?? 'a notice for no message sent';
      for (const l of injectedLines(notice, Buffer.alloc(0)))
        problems.push(`${label}: injected line ${JSON.stringify(l)}`);
      const names = fieldNames(notice);
      for (const single of ['from', 'to', 'subject', 'content-type', 'in-reply-to'])
        if (names.filter((n) => n === single).length > 1) problems.push(`${label}: ${single} twice`);
      if (names.includes('bcc') || names.includes('cc')) problems.push(`${label}: a Bcc/Cc in the notice`);
      if (names.some((n) => n.startsWith('x-injected'))) problems.push(`${label}: an injected field`);
      for (const d of newDefects(Buffer.from('\r\n'), notice))
        problems.push(`${label}: defect ${d.kind} ${d.field}`);
    }
    expect(problems).toEqual([]);
  });
});
