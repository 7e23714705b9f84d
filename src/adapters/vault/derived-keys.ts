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

/**
 * The key of message content digests (HMAC), derived the same way: a second copy of one message
 * is recognised across rotations, and a digest reveals nothing about a short body without the key.
 */
export function messageDigestKey(keyring: Keyring): Buffer {
  const oldest = [...keyring.list()].sort((a, b) => a.createdAt - b.createdAt)[0]!;
  const master = keyring.get(oldest.id)!;
  return Buffer.from(
    hkdfSync('sha256', master.keyObject, Buffer.alloc(0), 'deskguard message digest v1', 32),
  );
}

/**
 * The key that signs the web UI's form-token cookies, derived the same way: every gateway sharing
 * the keys accepts the forms of every other, and a restart does not void open forms.
 */
export function webCookieKey(keyring: Keyring): Buffer {
  const oldest = [...keyring.list()].sort((a, b) => a.createdAt - b.createdAt)[0]!;
  const master = keyring.get(oldest.id)!;
  return Buffer.from(hkdfSync('sha256', master.keyObject, Buffer.alloc(0), 'deskguard web cookie v1', 32));
}
