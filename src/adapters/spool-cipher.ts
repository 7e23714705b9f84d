import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Keyring } from './vault/keyring.js';

const MAGIC = Buffer.from('DGS1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a blob is bound to: its message, its key and, for composed copies, what it is. */
const aad = (queueId: string, keyId: string, purpose: string | undefined): Buffer =>
  Buffer.concat([
    MAGIC,
    Buffer.from(purpose === undefined ? `${queueId}\0${keyId}` : `${queueId}\0${keyId}\0${purpose}`, 'utf8'),
  ]);

/** Whether bytes have the layout of a sealed blob (they may still fail to open). */
export const isSealed = (data: Buffer): boolean =>
  data.length >= MAGIC.length + 1 + IV_BYTES + TAG_BYTES && data.subarray(0, 4).equals(MAGIC);

export class SpoolIntegrityError extends Error {
  override name = 'SpoolIntegrityError';
}

/**
 * Encryption of the spool: a message is encrypted from its first byte on, before anyone knows
 * whether it carries a secret, and so is every copy composed from it (the redacted delivery, the
 * notice): what detection missed is still never at rest in the clear (the database, its WAL and the
 * spool files hold ciphertext only). AES-256-GCM with a per-blob random IV under a key derived
 * (HKDF) from the current master key; the AAD binds the queue id, the key id and, for the composed
 * copies, their kind, so a blob moved to another message, or a redacted copy swapped for another
 * kind, fails to open. Layout: magic | key id length | key id | IV | ciphertext | tag.
 */
export class SpoolCipher {
  private readonly derived = new Map<string, Buffer>();

  constructor(private readonly keyring: Keyring) {}

  private key(id: string): Buffer {
    let k = this.derived.get(id);
    if (!k) {
      const master = this.keyring.get(id);
      if (!master) throw new SpoolIntegrityError(`spool blob sealed with unknown master key ${id}`);
      k = Buffer.from(hkdfSync('sha256', master.keyObject, Buffer.alloc(0), 'deskguard spool v1', 32));
      this.derived.set(id, k);
    }
    return k;
  }

  /**
   * A streaming encryptor: `update` per chunk, `final` returns the last bytes (with the tag).
   * `purpose` (a blob kind) is bound into the AAD when given; blobs sealed without one (the raw
   * message and its released copy, which hold the same bytes) keep the original AAD.
   */
  encryptor(
    queueId: string,
    purpose?: string,
  ): { header: Buffer; update(chunk: Uint8Array): Buffer; final(): Buffer } {
    const keyId = this.keyring.current().id;
    const iv = randomBytes(IV_BYTES);
    const idBytes = Buffer.from(keyId, 'utf8');
    const header = Buffer.concat([MAGIC, Buffer.from([idBytes.length]), idBytes, iv]);
    const c = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    c.setAAD(aad(queueId, keyId, purpose));
    return {
      header,
      update: (chunk) => c.update(chunk),
      final: () => Buffer.concat([c.final(), c.getAuthTag()]),
    };
  }

  seal(queueId: string, data: Buffer, purpose?: string): Buffer {
    const e = this.encryptor(queueId, purpose);
    return Buffer.concat([e.header, e.update(data), e.final()]);
  }

  /** Decrypts a whole blob; any change to any byte, the wrong queue id or purpose, throws. */
  open(queueId: string, sealed: Buffer, purpose?: string): Buffer {
    if (!isSealed(sealed)) throw new SpoolIntegrityError(`spool blob of ${queueId} is not a sealed blob`);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const d = this.decryptor(queueId, sealed, tag, sealed.length, purpose);
    const text = d.update(sealed.subarray(d.headerBytes, sealed.length - TAG_BYTES));
    const last = d.final();
    // GCM's final adds nothing: a big blob is not copied again just to append an empty buffer.
    return last.length ? Buffer.concat([text, last]) : text;
  }

  /**
   * A streaming decryptor for a blob of `sealedBytes` bytes, so a big message is read in chunks
   * instead of whole: `head` holds at least the blob's first HEADER_MAX_BYTES (or all of it), `tag`
   * its last TAG_BYTES. Feed `update` the bytes from `headerBytes` to `sealedBytes - TAG_BYTES`;
   * `final` throws when any byte was changed. Plaintext handed out before `final` is unauthenticated.
   */
  decryptor(
    queueId: string,
    head: Buffer,
    tag: Buffer,
    sealedBytes: number,
    purpose?: string,
  ): { headerBytes: number; update(chunk: Uint8Array): Buffer; final(): Buffer } {
    const idLen = head[4] ?? 0;
    const headerBytes = MAGIC.length + 1 + idLen + IV_BYTES;
    if (
      sealedBytes < headerBytes + TAG_BYTES ||
      head.length < headerBytes ||
      tag.length !== TAG_BYTES ||
      !head.subarray(0, 4).equals(MAGIC)
    )
      throw new SpoolIntegrityError(`spool blob of ${queueId} is not a sealed blob`);
    const keyId = head.subarray(5, 5 + idLen).toString('utf8');
    const iv = head.subarray(5 + idLen, headerBytes);
    const d = createDecipheriv('aes-256-gcm', this.key(keyId), iv);
    d.setAAD(aad(queueId, keyId, purpose));
    d.setAuthTag(tag);
    return {
      headerBytes,
      update: (chunk) => d.update(chunk),
      final: () => {
        try {
          return d.final();
        } catch {
          throw new SpoolIntegrityError(
            `spool blob of ${queueId} failed authentication (tampered or wrong key)`,
          );
        }
      },
    };
  }
}

/** Bytes of the longest header a sealed blob can have (magic, key id length, key id, IV). */
export const HEADER_MAX_BYTES = MAGIC.length + 1 + 255 + IV_BYTES;
export const SEAL_TAG_BYTES = TAG_BYTES;
