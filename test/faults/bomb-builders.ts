import { constants, crc32, deflateRawSync } from 'node:zlib';
import { zip } from '../fixtures/mail/builders.mjs';

/**
 * Hostile archives and MIME trees, built small: a zip entry that inflates to gigabytes without the
 * test ever holding more than one chunk of it, zips nested in zips, MIME nested thousands deep.
 */

const CHUNK = 16 * 1024 * 1024;

/**
 * A raw deflate stream of `copies` × 16 MiB of zeros, and its CRC-32. One chunk is compressed once
 * with a sync flush (it ends byte-aligned, not final, and refers to nothing before it) and repeated;
 * an empty final fixed-Huffman block (0x03 0x00) ends the stream.
 */
function zeroStream(copies: number): { data: Buffer; size: number; crc: number } {
  const zeros = Buffer.alloc(CHUNK);
  const block = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = crc32(zeros, crc);
  return {
    data: Buffer.concat([...Array.from({ length: copies }, () => block), Buffer.from([0x03, 0x00])]),
    size: copies * CHUNK,
    crc,
  };
}

/**
 * A one-entry zip whose entry inflates to `copies` × 16 MiB (under 4 GiB: no zip64). `declared`
 * overrides the uncompressed size in both headers: a bomb that lies about its size.
 */
export function zipBomb(
  copies: number,
  name = 'zeros.bin',
  declared?: number,
): { zip: Buffer; size: number } {
  const { data, size, crc } = zeroStream(copies);
  const fileName = Buffer.from(name, 'utf8');
  const claimed = declared ?? size;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 10); // time and date
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(claimed >>> 0, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(claimed >>> 0, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42); // local header offset
  const cdOffset = local.length + fileName.length + data.length;
  const cdSize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  return { zip: Buffer.concat([local, fileName, data, central, fileName, end]), size };
}

/** `levels` zips, each the only entry of the next; the innermost holds `text`. Stored (level 0). */
export function nestedZips(levels: number, text: string): Buffer {
  let z = zip({ 'keys.txt': text }, 0);
  for (let i = 1; i < levels; i++) z = zip({ [`level${levels - i}.zip`]: z }, 0);
  return z;
}

/** A zip of `entries` small text files, the last one holding `text`. */
export function manyEntryZip(entries: number, text: string): Buffer {
  const files: Record<string, string> = {};
  for (let i = 0; i < entries - 1; i++) files[`f${i}.txt`] = `entry ${i}`;
  files[`f${entries - 1}.txt`] = text;
  return zip(files, 0);
}

const wrap76 = (b64: string) => b64.replace(/.{76}/g, '$&\r\n');

/** A multipart/mixed message: a short text, then `parts` (each: header lines and body). */
export function mixed(
  subject: string,
  parts: Array<{ headers: string[]; body: string }>,
  boundary = 'bomb-outer',
): Buffer {
  return Buffer.from(
    [
      'From: Customer <customer@example.org>',
      'To: support@localhost',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/[^a-z0-9]/gi, '')}@example.org>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      ...parts.flatMap((p) => [`--${boundary}`, ...p.headers, '', p.body]),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** A base64 attachment part. */
export function attachment(bytes: Buffer, type: string, name: string): { headers: string[]; body: string } {
  return {
    headers: [
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
    ],
    body: wrap76(bytes.toString('base64')),
  };
}

/** multipart/mixed nested `levels` deep, `text` in the innermost part. */
export function deepMultipart(levels: number, text: string): Buffer {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < levels; i++) {
    open.push(`Content-Type: multipart/mixed; boundary="d${i}"`, '', `--d${i}`);
    close.unshift(`--d${i}--`);
  }
  const inner = ['Content-Type: text/plain', '', text];
  return Buffer.from(
    [
      'From: Customer <customer@example.org>',
      'To: support@localhost',
      `Subject: deep multipart ${levels}`,
      'MIME-Version: 1.0',
      ...open,
      ...inner,
      ...close,
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** message/rfc822 nested `levels` deep (a forward of a forward of …), `text` in the innermost body. */
export function deepForwards(levels: number, text: string): Buffer {
  let msg = `From: a@example.org\r\nSubject: innermost\r\n\r\n${text}\r\n`;
  for (let i = 0; i < levels; i++)
    msg = `From: f${i}@example.org\r\nSubject: fwd ${i}\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n${msg}`;
  return Buffer.from(
    `From: Customer <customer@example.org>\r\nTo: support@localhost\r\nSubject: deep forwards ${levels}\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n${msg}`,
    'latin1',
  );
}

/** A multipart/mixed of `parts` tiny text parts, `text` in the last. */
export function manyParts(parts: number, text: string): Buffer {
  const list = Array.from({ length: parts }, (_, i) => ({
    headers: ['Content-Type: text/plain'],
    body: i === parts - 1 ? text : `part ${i}`,
  }));
  return mixed(`many parts ${parts}`, list, 'mp');
}
