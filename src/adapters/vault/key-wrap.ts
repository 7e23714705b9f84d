import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';
import { IV_BYTES, TAG_BYTES } from './vault-format.js';

/**
 * AES-256-GCM for both the blob (under the data key) and the data key (under the master key).
 *
 * Why GCM and not AES-KW (`id-aes256-wrap`) for wrapping: AES-KW takes no associated data, so it
 * could not bind the wrapped key to its item id, key id and format version; a wrapped key copied
 * onto another row would unwrap fine. GCM authenticates that context. Random 96-bit IVs are safe
 * for far more than 2^32 wraps per master key would allow; no install wraps that many data keys.
 */
export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** GCM's `final` returns nothing more: the output of `update` is the whole text, not copied again. */
const joined = (body: Buffer, last: Buffer): Buffer => (last.length ? Buffer.concat([body, last]) : body);

export function gcmSeal(
  key: KeyObject | Buffer,
  plaintext: Buffer,
  aad: Buffer,
  iv: Buffer = randomBytes(IV_BYTES),
): Sealed {
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  c.setAAD(aad);
  const ciphertext = joined(c.update(plaintext), c.final());
  return { iv, tag: c.getAuthTag(), ciphertext };
}

/**
 * Decrypts and authenticates; returns undefined on any failure. authTagLength is fixed: without it
 * node accepts a truncated tag, which would make forgeries far cheaper.
 */
export function gcmOpen(key: KeyObject | Buffer, s: Sealed, aad: Buffer): Buffer | undefined {
  if (s.iv.length !== IV_BYTES || s.tag.length !== TAG_BYTES) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, s.iv, { authTagLength: TAG_BYTES });
    d.setAAD(aad);
    d.setAuthTag(s.tag);
    return joined(d.update(s.ciphertext), d.final());
  } catch {
    return undefined;
  }
}
