import { hkdfSync } from 'node:crypto';
import type { Keyring } from './keyring.js';

/**
 * The key of finding fingerprints (HMAC), derived from the oldest master key so that it stays the
 * same across rotations for as long as that key is kept: repeats of one secret are recognised over
 * time, while the fingerprints reveal nothing without the key.
 */
export function fingerprintKey(keyring: Keyring): Buffer {
  const oldest = [...keyring.list()].sort((a, b) => a.createdAt - b.createdAt)[0]!;
  const master = keyring.get(oldest.id)!;
  return Buffer.from(hkdfSync('sha256', master.keyObject, Buffer.alloc(0), 'deskguard fingerprint v1', 32));
}
