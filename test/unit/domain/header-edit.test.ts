import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodeHeaderText, foldHeaderField, formatHeaderField } from '../../../src/domain/header-encode.js';
import { decodeHeaderText } from '../../../src/domain/header-text.js';
import {
  decodedHeader,
  withHeaderField,
  withLeadingNote,
  withSubject,
  withSubjectSuffix,
} from '../../../src/domain/mime-edit.js';
import { encodeCharset } from '../../fixtures/mail/builders.mjs';
import { fieldNames, headerBlock, headerDefects } from '../../helpers/header-structure.js';

const TAG = '[#DG-7K3QF9]';
const msg = (head: string, body = 'body\r\n'): Buffer => Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');
const utf8Octets = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const b64Word = (text: string, charset: string): string =>
  `=?${charset}?B?${encodeCharset(text, charset).toString('base64')}?=`;

/** The checks every edited header block must pass: no defect, same fields, body untouched. */
function expectWellFormed(before: Buffer, after: Buffer, added: string[] = []): void {
  expect(headerDefects(after)).toEqual([]);
  expect(fieldNames(after).sort()).toEqual([...fieldNames(before), ...added].sort());
  const body = (b: Buffer) => b.subarray(b.indexOf('\r\n\r\n'));
  if (before.includes('\r\n\r\n')) expect(body(after).equals(body(before))).toBe(true);
}

describe('appending the ticket tag to a Subject', () => {
  it('keeps the header block whole after a long subject (the folding bug)', async () => {
    const before = msg(
      'From: a@example.org\r\nSubject: Login problem with the customer portal since the update last Tuesday, please help\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8',
    );
    const after = withSubjectSuffix(before, TAG);
    expectWellFormed(before, after);
    const mail = await simpleParser(after);
    expect(mail.subject).toBe(
      `Login problem with the customer portal since the update last Tuesday, please help ${TAG}`,
    );
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.text).toBe('body\n');
  });

  it('keeps raw UTF-8 (RFC 6532) as it is and appends the tag', async () => {
    const before = msg(`Subject: ${utf8Octets('Säying hello to 日本 😀')}`);
    const after = withSubjectSuffix(before, TAG);
    expect(after.toString('latin1')).toContain(
      `Subject: ${utf8Octets('Säying hello to 日本 😀')} ${TAG}\r\n`,
    );
    expect(decodedHeader(after, 'subject')).toBe(`Säying hello to 日本 😀 ${TAG}`);
    expect((await simpleParser(after)).subject).toBe(`Säying hello to 日本 😀 ${TAG}`);
  });

  it('reads legacy 8-bit that is not UTF-8 as Windows-1252 and keeps its bytes', () => {
    const before = msg('Subject: Gr\xfc\xdfe \x80 5');
    const after = withSubjectSuffix(before, TAG);
    expect(after.toString('latin1')).toContain(`Subject: Gr\xfc\xdfe \x80 5 ${TAG}\r\n`);
    expect(decodedHeader(after, 'subject')).toBe(`Grüße € 5 ${TAG}`);
  });

  it.each([
    ['UTF-7', '=?UTF-7?Q?Hi_+AOQ-?=', 'Hi ä'],
    ['ISO-2022-JP', b64Word('テスト', 'iso-2022-jp'), 'テスト'],
    ['KOI8-R', b64Word('Привет мир', 'koi8-r'), 'Привет мир'],
    ['Shift_JIS', b64Word('日本語', 'shift_jis'), '日本語'],
    ['ISO-8859-1 Q', '=?iso-8859-1?Q?S=E4ying?=', 'Säying'],
    ['GB2312', b64Word('中文', 'gb2312'), '中文'],
  ])('keeps %s encoded-words byte for byte', (_, word, text) => {
    const before = msg(`Subject: Re: ${word}`);
    const after = withSubjectSuffix(before, TAG);
    expect(after.toString('latin1')).toContain(`Subject: Re: ${word} ${TAG}\r\n`);
    expect(decodedHeader(after, 'subject')).toBe(`Re: ${text} ${TAG}`);
    expectWellFormed(before, after);
  });

  it('keeps a folded subject and puts the tag on a line of its own when the last line is full', () => {
    const line2 = ` =?utf-8?Q?${'x'.repeat(60)}?=`;
    const before = msg(`Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n${line2}`);
    const after = withSubjectSuffix(before, TAG);
    expect(after.toString('latin1')).toContain(
      `Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n${line2}\r\n ${TAG}\r\n`,
    );
    expect(decodedHeader(after, 'subject')).toBe(`Grüße${'x'.repeat(60)} ${TAG}`);
    expectWellFormed(before, after);
  });

  it('adds a missing Subject, also to a message of headers only without a final line break', () => {
    const before = msg('From: a@example.org\r\nTo: b@example.org');
    const after = withSubjectSuffix(before, TAG);
    expectWellFormed(before, after, ['subject']);
    expect(decodedHeader(after, 'subject')).toBe(TAG);
    const bare = Buffer.from('From: a@example.org', 'latin1');
    expect(withSubjectSuffix(bare, TAG).toString('latin1')).toBe(
      `From: a@example.org\r\nSubject: ${TAG}\r\n`,
    );
  });

  it('writes an empty or blank Subject as the tag alone', () => {
    for (const empty of ['Subject:', 'Subject:   ', 'Subject: =?utf-8?q??=']) {
      const after = withSubjectSuffix(msg(`${empty}\r\nTo: b@example.org`), TAG);
      expect(decodedHeader(after, 'subject')).toBe(TAG);
      expect(headerDefects(after)).toEqual([]);
    }
  });

  it('rewrites a Subject whose own text does not survive appending (a broken encoded-word) from its decoded text', () => {
    const before = msg('Subject: =?utf-8?B?w6Q?= broken =?utf-8?Q?unterminated');
    const after = withSubjectSuffix(before, TAG);
    expect(decodedHeader(after, 'subject')).toBe(
      `${decodeHeaderText(' =?utf-8?B?w6Q?= broken =?utf-8?Q?unterminated')} ${TAG}`,
    );
  });
});

describe('writing a whole header field', () => {
  it('encodes and folds a long non-ASCII subject so it decodes back', async () => {
    const subject = `Zugang für das Kundenportal funktioniert seit dem Update nicht mehr, ${'sehr dringend '.repeat(6)}😀`;
    const after = withSubject(msg('Subject: x\r\nMIME-Version: 1.0'), subject);
    expect(headerDefects(after)).toEqual([]);
    for (const line of headerBlock(after).block.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect((await simpleParser(after)).subject).toBe(subject.trim());
  });

  it('splits a word too long for a line (no blanks to fold at) into encoded-words', async () => {
    const word = `https://example.org/${'a1B2'.repeat(500)}`;
    const after = withSubject(msg('Subject: x'), `see ${word} now`);
    expect(headerDefects(after)).toEqual([]);
    for (const line of headerBlock(after).block.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(decodedHeader(after, 'subject')).toBe(`see ${word} now`);
    expect((await simpleParser(after)).subject).toBe(`see ${word} now`);
  });

  it('encodes text that only looks like an encoded-word, so readers do not decode it', () => {
    const text = 'literally =?utf-8?Q?abc?= here';
    expect(decodeHeaderText(encodeHeaderText(text))).toBe(text);
  });

  it('never starts a continuation with a non-blank, also at NBSP and in pre-folded values with long lines', () => {
    const nbsp = foldHeaderField('X-Test', `${'a'.repeat(70)} bb\u00a0${'c'.repeat(30)}`);
    expect(
      nbsp
        .split('\r\n')
        .slice(1, -1)
        .every((l) => /^[ \t]/.test(l)),
    ).toBe(true);
    const prefolded = foldHeaderField('X-Test', `${'x'.repeat(100)}\r\n\tmore words here`);
    expect(prefolded).not.toContain('\r\n\r\n');
    expect(headerDefects(Buffer.from(`${prefolded}\r\nbody`, 'latin1'))).toEqual([]);
    const injected = foldHeaderField('X-Test', 'a\r\nBcc: victim@example.org\nc\rd');
    expect(injected).toBe('X-Test: a Bcc: victim@example.org c d\r\n');
  });

  it('replaces one field by its index and leaves every other byte', () => {
    const before = msg('A: 1\r\nB: 2\r\n  folded\r\nC: 3');
    const after = withHeaderField(before, formatHeaderField('B', 'two'), 1);
    expect(after.toString('latin1')).toBe('A: 1\r\nB: two\r\nC: 3\r\n\r\nbody\r\n');
  });
});

describe('the staff note wrapper', () => {
  it('keeps a message of headers only well-formed', async () => {
    const before = Buffer.from('From: a@example.org\r\nSubject: hi\r\nContent-Type: text/plain', 'latin1');
    const after = withLeadingNote(before, 'note', 'b-1');
    expect(headerDefects(after)).toEqual([]);
    const mail = await simpleParser(after);
    expect(mail.subject).toBe('hi');
    expect(mail.text).toContain('note');
  });
});
