import { describe, expect, it } from 'vitest';
import { decodeHeaderText } from '../../../src/domain/header-text.js';
import { decodedHeader } from '../../../src/domain/mime-edit.js';
import { namedWhere } from '../../../src/stages/detect/extract/place.js';
import { scanAndRedact } from '../../../src/stages/detect/scan-message.js';
import { attachedMessage, encodeWord, leaf, message, multipart } from '../../fixtures/mail/builders.mjs';
import { fieldNames, headerBlock, headerDefects } from '../../helpers/header-structure.js';
import { AWS, GHP, PASSWORD } from '../extract/samples.js';
import { createFakeDetector } from '../scan/fake-detector.js';
import { parseMail, survivors } from './helpers.js';

const KEY = Buffer.alloc(32, 7);
const FIELDS = {
  From: 'Kunde <kunde@example.org>',
  To: 'support@localhost',
  Date: 'Mon, 4 Mar 2024 10:00:00 +0100',
  'Message-ID': '<h1@example.org>',
  Subject: 'help',
};

async function redact(raw: Buffer) {
  const r = await scanAndRedact(raw, { detector: createFakeDetector(), fingerprintKey: KEY });
  // `named`: the scan CLI's where of each finding; the findings themselves carry name-free labels.
  return { ...r, out: r.redacted ?? raw, named: r.places.map(namedWhere) };
}

/** The raw lines of every field named `name` in the top-level header block. */
const fieldLines = (raw: Buffer, name: string): string[] =>
  headerBlock(raw)
    .block.split(/\r\n(?![ \t])/)
    .filter((f) => f.toLowerCase().startsWith(`${name.toLowerCase()}:`));

/** Each header field of `before` that is not in `changed` is in `after` with the same bytes. */
function expectOthersKept(before: Buffer, after: Buffer, changed: string[]): void {
  const all = headerBlock(before).block.split(/\r\n(?![ \t])/);
  for (const f of all) {
    if (changed.some((c) => f.toLowerCase().startsWith(`${c.toLowerCase()}:`))) continue;
    expect(headerBlock(after).block).toContain(f);
  }
}

describe('header fields other than Subject are scanned and redacted', () => {
  it('redacts X- fields, Comments and Keywords, with the field name as context, and keeps every other byte', async () => {
    const raw = message(
      {
        ...FIELDS,
        'X-Support-Note': `customer wrote password: ${PASSWORD} in the form`,
        Comments: `key ${AWS}`,
        Keywords: `login, ${GHP}, portal`,
        'X-Mailer': 'Thunderbird',
      },
      leaf('nothing in the body'),
    );
    const { out, findings, named } = await redact(raw);
    expect(findings.map((f, i) => [f.type, named[i]])).toEqual([
      ['password', 'header:x-support-note'],
      ['aws_access_key', 'header:comments'],
      ['github_token', 'header:keywords'],
    ]);
    // Stored: a field the sender named is not repeated, standard ones are.
    expect(findings.map((f) => f.where)).toEqual(['header field', 'header comments', 'header keywords']);
    expect(await survivors(out, [PASSWORD, AWS, GHP])).toEqual([]);
    expect(headerDefects(out)).toEqual([]);
    expect(fieldNames(out)).toEqual(fieldNames(raw));
    expect(decodedHeader(out, 'x-support-note')).toBe(
      'customer wrote password: [REDACTED:password] in the form',
    );
    expect(decodedHeader(out, 'comments')).toBe('key [REDACTED:aws_access_key]');
    expect(decodedHeader(out, 'keywords')).toBe('login, [REDACTED:github_token], portal');
    // In a phrase list the marker's specials must be encoded, and the commas stay separators.
    expect(fieldLines(out, 'keywords')[0]).toMatch(/^Keywords: login, =\?UTF-8\?Q\?.*\?=, portal$/);
    expectOthersKept(raw, out, ['x-support-note', 'comments', 'keywords']);
    expect(out.subarray(out.indexOf('\r\n\r\n')).equals(raw.subarray(raw.indexOf('\r\n\r\n')))).toBe(true);
  });

  it('redacts display names in From, To, Cc and Reply-To and keeps the addresses', async () => {
    const raw = message(
      {
        ...FIELDS,
        From: `"${AWS}" <kunde@example.org>`,
        To: `Support <support@localhost>, ${encodeWord(`Jörg ${GHP}`)} <joerg@example.org>`,
        Cc: `team: "key ${AWS}" <a@example.org>, b@example.org;`,
        'Reply-To': `password: ${PASSWORD} <reply@example.org>`,
      },
      leaf('body'),
    );
    const { out, named } = await redact(raw);
    expect([...named].sort()).toEqual(['header:cc', 'header:from', 'header:reply-to', 'header:to']);
    expect(await survivors(out, [AWS, GHP, PASSWORD])).toEqual([]);
    expect(headerDefects(out)).toEqual([]);
    const mail = await parseMail(out);
    expect(mail.from?.value).toEqual([{ name: '[REDACTED:aws_access_key]', address: 'kunde@example.org' }]);
    expect((mail.to as { value: unknown[] }).value).toEqual([
      { name: 'Support', address: 'support@localhost' },
      { name: 'Jörg [REDACTED:github_token]', address: 'joerg@example.org' },
    ]);
    expect((mail.cc as { text: string }).text).toContain('a@example.org');
    expect((mail.cc as { text: string }).text).toContain('b@example.org');
    // An unquoted `password: …` is group syntax; it is read (and kept) as such, the secret found whole.
    expect(mail.replyTo?.text).toContain('reply@example.org');
    expect(mail.replyTo?.text).toContain('[REDACTED:password]');
  });

  it('redacts file names in name=, filename= and RFC 2231 filename*= sections, in where and in notes too', async () => {
    const secretName = `backup-${AWS}.txt`;
    const half = AWS.length / 2;
    const raw = message(
      FIELDS,
      multipart('mixed', [
        leaf('see attached'),
        leaf('plain content', { filename: secretName }),
        {
          headers: [
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: 7bit',
            `Content-Disposition: attachment;\r\n filename*0*=utf-8''Gr%C3%BC%C3%9Fe-${AWS.slice(0, half)};\r\n filename*1*=${AWS.slice(half)}.log`,
            `Content-Description: the ${GHP} token`,
          ],
          body: 'log line\r\n',
        },
        leaf(Buffer.from([0, 1, 2, 3, 0xff]), { type: 'application/octet-stream', filename: `${AWS}.bin` }),
      ]),
    );
    const { out, findings, named } = await redact(raw);
    expect(await survivors(out, [AWS, GHP])).toEqual([]);
    // Nothing of the secret reaches a place: the CLI's `where` shows the redacted name, the stored
    // label none at all.
    expect(JSON.stringify(findings)).not.toContain(AWS);
    expect(JSON.stringify(findings)).not.toContain('backup');
    expect(named).toContain(
      'attachment:backup-[REDACTED:aws_access_key].txt!header:content-disposition;filename',
    );
    expect(findings.map((f) => f.where)).toContain('attachment 1 (text/plain), file name');
    const mail = await parseMail(out);
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      'backup-[REDACTED:aws_access_key].txt',
      'Grüße-[REDACTED:aws_access_key].log',
    ]);
    expect(mail.attachments[1]?.headers.get('content-description')).toBe('the [REDACTED:github_token] token');
    // The binary part cannot be checked: the note that replaces it names it by its redacted name.
    expect(mail.text).toContain(
      'Deskguard removed attachment 3 ("[REDACTED:aws_access_key].bin", application/octet-stream)',
    );
    expect(out.toString('latin1')).not.toContain(AWS.slice(0, half));
    expect(out.toString('latin1')).not.toContain(AWS.slice(half));
    expect(headerDefects(out)).toEqual([]);
  });

  it('scans the header fields of a forwarded message/rfc822 and of its parts', async () => {
    const inner = message(
      { From: `"${GHP}" <ops@example.org>`, Subject: 'creds', 'X-Ticket-Ref': `ref ${AWS}` },
      multipart('mixed', [leaf('inner body'), leaf('x', { filename: `${AWS}.txt` })]),
    );
    const raw = message(
      FIELDS,
      multipart('mixed', [leaf('FYI'), attachedMessage(inner, { filename: 'fwd.eml' })]),
    );
    const { out, named } = await redact(raw);
    expect(await survivors(out, [AWS, GHP])).toEqual([]);
    expect(named).toEqual(
      expect.arrayContaining([
        'attachment:fwd.eml!header:from',
        'attachment:fwd.eml!header:x-ticket-ref',
        'attachment:fwd.eml!attachment:[REDACTED:aws_access_key].txt!header:content-type;name',
      ]),
    );
    const fwd = (await parseMail(out)).attachments.find((a) => a.contentType === 'message/rfc822')!;
    const innerMail = await parseMail(fwd.content);
    expect(innerMail.headers.get('x-ticket-ref')).toBe('ref [REDACTED:aws_access_key]');
    expect(innerMail.from?.value[0]).toEqual({ name: '[REDACTED:github_token]', address: 'ops@example.org' });
    expect(innerMail.attachments[0]?.filename).toBe('[REDACTED:aws_access_key].txt');
  });

  it('leaves structural fields alone: ids, dates, trace and signatures are not customer text', async () => {
    const fields = {
      ...FIELDS,
      'Message-ID': `<${AWS}@example.org>`,
      References: `<${GHP}@example.org>`,
      'DKIM-Signature': `v=1; a=rsa-sha256; d=example.org; s=s1; b=${GHP}`,
      Received: `from mx (password: ${PASSWORD}) by mx2`,
    };
    const raw = message(fields, leaf('clean'));
    const { findings, redacted } = await redact(raw);
    expect(findings).toEqual([]);
    expect(redacted).toBeUndefined();
  });

  it('re-encodes a non-ASCII field it changes, folded, and decodes to the redacted text', async () => {
    const text = `Zugang für das Kundenportal: password: ${PASSWORD} — bitte nicht weitergeben, danke schön`;
    const raw = message({ ...FIELDS, 'X-Note': encodeWord(text) }, leaf('body'));
    const { out } = await redact(raw);
    expect(headerDefects(out)).toEqual([]);
    for (const line of headerBlock(out).block.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(decodedHeader(out, 'x-note')).toBe(text.replace(PASSWORD, '[REDACTED:password]'));
    expect(decodeHeaderText(fieldLines(out, 'x-note')[0]!.slice('X-Note:'.length))).not.toContain(PASSWORD);
  });

  it('blanks a header text the detector could not check, and keeps the part', async () => {
    const raw = message({ ...FIELDS, 'X-Note': 'breaks the detector' }, leaf('body text'));
    const detector = {
      scan: (text: string) => {
        if (text.includes('breaks the detector')) throw new Error('boom');
        return [];
      },
    };
    const r = await scanAndRedact(raw, { detector, fingerprintKey: KEY });
    expect(r.findings.map((f, i) => [f.type, f.where, namedWhere(r.places[i]!)])).toEqual([
      ['unscannable', 'header field', 'header:x-note'],
    ]);
    const mail = await parseMail(r.redacted!);
    expect(mail.headers.get('x-note')).toBe('[REDACTED:unscannable]');
    expect(mail.text).toBe('body text\n');
  });
});
