import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of staff sign-in: password hashes (scrypt, parameters stored with each hash so they
 * can be raised later), and random session ids and API tokens, of which only SHA-256 is stored.
 */

// N=2^15, r=8, p=3: one of OWASP's equivalent scrypt minimums, at 32 MiB per guess rather than the
// 128 MiB of N=2^17 (several sign-ins at once must not take the gateway's memory).
const N = 1 << 15;
const R = 8;
const P = 3;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // scrypt needs 128·N·r bytes; Node refuses past maxmem (32 MiB by default), so allow twice that.
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

// A stored hash: the scheme, three small decimal parameters, then salt and key in base64url.
const STORED = /^scrypt\$(\d{1,7})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,64})$/;

/** Whether `password` matches `stored`; a malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (n < 2 || (n & (n - 1)) !== 0 || n > 1 << 20 || r < 1 || p < 1) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), n, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash to verify against when the user does not exist, so that a wrong name costs the same time
 * as a wrong password and the answer's delay tells nothing about which names exist.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
};

/** A new API token: `dgt_` and 32 random bytes; the prefix lets secret scanners recognise a leaked one. */
export const newApiToken = (): string => `dgt_${randomBytes(32).toString('base64url')}`;

/** A new session id for the cookie. */
export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** A generated password for `users add` at a terminal: 20 characters from a 64-letter alphabet. */
export const newPassword = (): string => randomBytes(15).toString('base64url');

/** What the stores keep of a token or session id. */
export const secretHash = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');
