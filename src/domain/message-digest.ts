import { createHmac } from 'node:crypto';
import { headerEnd, headerFields } from './headers.js';

/**
 * What makes two copies of a message "the same message": the author's header fields and the body.
 * A relay passing the same mail on again keeps these byte for byte; what it adds or rewrites on the
 * way (Received, Return-Path, Delivered-To, DKIM/ARC signatures, Authentication-Results, spam
 * scores, our own X-Deskguard-*) is left out, so two deliveries of one mail compare equal. Reply-To
 * and Sender are left out too: mailing lists rewrite them. Content-Type and
 * Content-Transfer-Encoding are in: the body means nothing without them.
 */
export const DIGEST_HEADERS = [
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'content-transfer-encoding',
] as const;

// Folding (a line break before a blank) and runs of blanks: a relay may refold a long field.
const FOLD = /\r\n(?=[ \t])/g;
const BLANKS = /[ \t]+/g;

const canonicalValue = (v: string): string => v.replace(FOLD, '').replace(BLANKS, ' ').trim();

/**
 * A keyed digest (HMAC-SHA-256, hex) of a message's content as defined by DIGEST_HEADERS and the
 * body. Keyed, because a digest of a short body that holds a password could otherwise be reversed
 * by guessing; the key never leaves the process. Every part goes in with its length, so no two
 * different contents feed the MAC the same bytes.
 */
export function contentDigest(key: Buffer, raw: Buffer): string {
  const mac = createHmac('sha256', key);
  const feed = (label: string, data: Buffer): void => {
    mac.update(`${label}:${data.length}:`);
    mac.update(data);
    mac.update('\n');
  };
  const fields = headerFields(raw);
  for (const name of DIGEST_HEADERS) {
    const values = fields.filter((f) => f.name.toLowerCase() === name).map((f) => canonicalValue(f.value));
    feed(`${name}#${values.length}`, Buffer.from(values.join('\n'), 'latin1'));
  }
  const end = headerEnd(raw);
  // headerEnd points at the empty line that ends the header block: the body starts after it.
  const bodyStart = end === raw.length ? end : end + 2;
  // Empty lines at the end of the body are dropped: a relay may add or remove them (RFC 6376 3.4.3
  // ignores them too). Counted backwards over the bytes, so a long run costs one pass.
  let bodyEnd = raw.length;
  while (bodyEnd - 2 >= bodyStart && raw[bodyEnd - 2] === 0x0d && raw[bodyEnd - 1] === 0x0a) bodyEnd -= 2;
  feed('body', raw.subarray(bodyStart, bodyEnd));
  return mac.digest('hex');
}
