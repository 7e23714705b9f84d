import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';

export const MASTER_KEY_BYTES = 32;

/** Anything wrong with where the master keys come from; the message is one line, never key bytes. */
export class KeyringError extends Error {
  override name = 'KeyringError';
}

// Key ids travel in database rows, key files and logs, so they must be short and boring.
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function checkKeyId(id: string, where: string): string {
  if (!KEY_ID.test(id)) throw new KeyringError(`${where}: key id must be 1-64 of A-Z a-z 0-9 . _ -`);
  return id;
}

/**
 * A key id derived from the key itself, so the same key always gets the same id (an env key needs no
 * bookkeeping). The domain label keeps the id from being a plain hash of the key; 32 bits are plenty
 * to tell a handful of keys apart and reveal nothing usable about the key.
 */
export function deriveKeyId(bytes: Buffer): string {
  const h = createHash('sha256').update('deskguard master key id\0').update(bytes).digest('hex');
  return `k${h.slice(0, 8)}`;
}

/**
 * A master key. The bytes live only in a KeyObject (node prints those without their bytes), and
 * every other way of printing the key — JSON (pino), String(), util.inspect (console) — says
 * "[redacted]", so a stray log line can never carry it.
 */
export class MasterKey {
  readonly #key: KeyObject;

  constructor(
    readonly id: string,
    key: Buffer | KeyObject,
    /** Epoch milliseconds; 0 when unknown (keys from the environment). */
    readonly createdAt: number,
  ) {
    this.#key = Buffer.isBuffer(key) ? createSecretKey(key) : key;
    if (this.#key.symmetricKeySize !== MASTER_KEY_BYTES) {
      throw new KeyringError(`master key ${id}: expected ${MASTER_KEY_BYTES} bytes`);
    }
  }

  /** For node:crypto ciphers only. */
  get keyObject(): KeyObject {
    return this.#key;
  }

  /** The raw bytes, for writing the key file and nothing else. */
  exportBytes(): Buffer {
    return this.#key.export();
  }

  toJSON(): { id: string; createdAt: number; key: string } {
    return { id: this.id, createdAt: this.createdAt, key: '[redacted]' };
  }

  toString(): string {
    return `MasterKey(${this.id}, [redacted])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

// Either 64 hex digits or base64 (standard or URL alphabet) of exactly 32 bytes. Hex is tried first:
// 64 hex digits are also valid base64 (of 48 bytes), and that reading is never the intended one.
const HEX64 = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses key material; errors name `where` and the byte count, never the material itself. */
export function parseKeyMaterial(text: string, where: string): Buffer {
  const s = text.trim();
  if (HEX64.test(s)) return Buffer.from(s, 'hex');
  if (!BASE64.test(s)) {
    throw new KeyringError(`${where}: expected ${MASTER_KEY_BYTES} bytes as 64 hex digits or base64`);
  }
  const bytes = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new KeyringError(
      `${where}: expected ${MASTER_KEY_BYTES} bytes as 64 hex digits or base64, got ${bytes.length} bytes`,
    );
  }
  return bytes;
}

/**
 * `DESKGUARD_MASTER_KEY`: one or more comma-separated entries, each `MATERIAL` or `ID:MATERIAL`
 * (MATERIAL: 64 hex digits or base64 of 32 bytes; without an explicit ID the id is deriveKeyId).
 * The first entry is the current key; the others are older keys kept for unwrapping. This is how
 * env-configured deployments rotate: prepend a new key, restart, run the rewrap, later drop the old.
 */
export function parseEnvKeys(value: string, name = 'DESKGUARD_MASTER_KEY'): MasterKey[] {
  if (value.trim() === '') throw new KeyringError(`${name} is set but empty`);
  const keys: MasterKey[] = [];
  const entries = value.split(',');
  entries.forEach((entry, i) => {
    const where = entries.length > 1 ? `${name} entry ${i + 1}` : name;
    const colon = entry.indexOf(':');
    const material = parseKeyMaterial(colon >= 0 ? entry.slice(colon + 1) : entry, where);
    const id = colon >= 0 ? checkKeyId(entry.slice(0, colon).trim(), where) : deriveKeyId(material);
    if (keys.some((k) => k.id === id)) throw new KeyringError(`${where}: duplicate key id ${id}`);
    keys.push(new MasterKey(id, material, 0));
    material.fill(0);
  });
  return keys;
}
