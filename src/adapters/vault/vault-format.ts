import { VaultIntegrityError } from './vault-errors.js';

/**
 * Blob file `<itemId>.dgq`, format version 1:
 *
 *   offset  size  field
 *   0       4     magic "DGQV"
 *   4       1     format version (1)
 *   5       12    IV (random, 96 bits) for AES-256-GCM under the item's data key
 *   17      16    GCM tag
 *   33      n     ciphertext of the original message (n = plaintext size)
 *
 * No key material and no ids: the header identifies the format only. The first 17 bytes are part
 * of the AAD (below), so changing the magic, version or IV fails authentication like any body byte.
 */
export const MAGIC = Buffer.from('DGQV', 'latin1');
export const FORMAT_VERSION = 1;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const PREFIX_BYTES = MAGIC.length + 1 + IV_BYTES;
export const HEADER_BYTES = PREFIX_BYTES + TAG_BYTES;

export function headerPrefix(iv: Buffer, version = FORMAT_VERSION): Buffer {
  return Buffer.concat([MAGIC, Buffer.of(version), iv]);
}

export interface ParsedBlob {
  prefix: Buffer;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

export function parseBlob(itemId: string, blob: Buffer): ParsedBlob {
  if (blob.length < HEADER_BYTES) throw new VaultIntegrityError(itemId, 'blob shorter than its header');
  if (!blob.subarray(0, MAGIC.length).equals(MAGIC)) throw new VaultIntegrityError(itemId, 'bad magic');
  const version = blob[MAGIC.length];
  if (version !== FORMAT_VERSION)
    throw new VaultIntegrityError(itemId, `unknown blob format version ${version}`);
  return {
    prefix: blob.subarray(0, PREFIX_BYTES),
    iv: blob.subarray(MAGIC.length + 1, PREFIX_BYTES),
    tag: blob.subarray(PREFIX_BYTES, HEADER_BYTES),
    body: blob.subarray(HEADER_BYTES),
  };
}

/**
 * Canonical AAD: a context label, then each field as a 4-byte big-endian length and its UTF-8
 * bytes. Length prefixes make the encoding unambiguous (no "ab"+"c" = "a"+"bc"); the labels keep a
 * blob's AAD from ever equalling a wrapped key's.
 */
function encodeAad(label: string, fields: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`${label}\0`, 'utf8')];
  for (const f of fields) {
    const bytes = typeof f === 'string' ? Buffer.from(f, 'utf8') : f;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    parts.push(len, bytes);
  }
  return Buffer.concat(parts);
}

/**
 * AAD of the blob: the header prefix (magic, version, IV), the item id and the message id. The
 * master key id is deliberately not here: rotation re-wraps data keys without touching blobs. The
 * blob is bound to its wrapped key through the data key itself (GCM under another key fails).
 */
export function blobAad(prefix: Buffer, itemId: string, messageId: string): Buffer {
  return encodeAad('deskguard-vault/blob', [prefix, itemId, messageId]);
}

/** AAD of the wrapped data key: format version, item id, master key id and message id. */
export function wrapAad(version: number, itemId: string, keyId: string, messageId: string): Buffer {
  return encodeAad('deskguard-vault/data-key', [String(version), itemId, keyId, messageId]);
}

// Item ids become file names: no separators, no leading dot, bounded length.
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkItemId(itemId: string): string {
  if (!ITEM_ID.test(itemId)) throw new TypeError(`invalid quarantine item id ${JSON.stringify(itemId)}`);
  return itemId;
}

export const blobFileName = (itemId: string): string => `${itemId}.dgq`;
