import libmime from 'libmime';
import { headerEnd, headerFields } from './headers.js';

/** The decoded value of a header field of the message (the first one), or '' when absent. */
export function decodedHeader(raw: Buffer, name: string): string {
  const f = headerFields(raw).find((h) => h.name.toLowerCase() === name.toLowerCase());
  return f ? libmime.decodeWords(f.value.replace(/\r\n[ \t]+/g, ' ').trim()) : '';
}

/** The message with its Subject replaced (RFC 2047-encoded when not ASCII); added when absent. */
export function withSubject(raw: Buffer, subject: string): Buffer {
  const clean = subject.replace(/[\r\n]+/g, ' ');
  const value = /^[\x20-\x7e]*$/.test(clean) ? clean : libmime.encodeWords(clean, 'Q', 52);
  const line = libmime.foldLines(`Subject: ${value}`, 76, true).replace(/\r?\n/g, '\r\n');
  const fields = headerFields(raw);
  const end = headerEnd(raw);
  let replaced = false;
  const kept = fields.map((f) => {
    if (replaced || f.name.toLowerCase() !== 'subject') return f.raw;
    replaced = true;
    return `${line}\r\n`;
  });
  if (!replaced) kept.push(`${line}\r\n`);
  return Buffer.concat([Buffer.from(kept.join(''), 'latin1'), raw.subarray(end)]);
}

const CONTENT = (name: string) => /^(content-|mime-version$)/i.test(name);

/**
 * Puts a short text part in front of the message's own content: the message becomes a
 * multipart/mixed whose first part is `note` and whose second is the original body with its own
 * Content-* headers. The original content is not re-encoded, so nothing in it can break.
 */
export function withLeadingNote(raw: Buffer, note: string, boundary: string): Buffer {
  const fields = headerFields(raw);
  const end = headerEnd(raw);
  const body = end < raw.length ? raw.subarray(end) : Buffer.from('\r\n');
  const outer = fields.filter((f) => !CONTENT(f.name)).map((f) => f.raw);
  const inner = fields
    .filter((f) => CONTENT(f.name) && f.name.toLowerCase() !== 'mime-version')
    .map((f) => f.raw);
  const b64 = Buffer.from(note, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  const parts = [
    ...outer,
    'MIME-Version: 1.0\r\n',
    `Content-Type: multipart/mixed; boundary="${boundary}"\r\n`,
    '\r\n',
    `--${boundary}\r\n`,
    'Content-Type: text/plain; charset=utf-8\r\n',
    'Content-Transfer-Encoding: base64\r\n',
    'Content-Disposition: inline\r\n',
    '\r\n',
    `${b64}\r\n`,
    `--${boundary}\r\n`,
    ...(inner.length ? inner : ['Content-Type: text/plain; charset=us-ascii\r\n']),
  ];
  // body begins with the empty line that ended the header block
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  return Buffer.concat([Buffer.from(parts.join(''), 'latin1'), body, tail]);
}
