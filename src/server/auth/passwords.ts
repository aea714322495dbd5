import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost (N = 2^15, r = 8, p = 1): the OWASP password-storage recommendation for scrypt. */
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
// scrypt needs 128 · N · r bytes; Node's default ceiling (32 MiB) is exactly that, so give room.
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** logN, r, p, maxmem: MAX_MEM }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** A self-describing scrypt hash: `scrypt$logN$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, LOG_N, R, P);
  return ['scrypt', LOG_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a password matches a stored hash; compared in constant time. A malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, logN, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
