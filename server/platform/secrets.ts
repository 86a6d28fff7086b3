import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in Node's standard library), stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` so the cost can be raised later without breaking old
 * hashes. High-entropy random tokens (sessions, display tokens, API keys) need no slow hash: a
 * SHA-256 of the token is stored and looked up.
 */
const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const optionsFor = (log2N: number, r: number, p: number): ScryptOptions => ({ N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r + 1024 * 1024 });

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, optionsFor(LOG2_N, R, P));
  return ['scrypt', LOG2_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, optionsFor(Number(log2N), Number(r), Number(p)));
  return timingSafeEqual(key, expected);
}

/** A hash with the same cost as a real one, to verify against when the user does not exist (no timing oracle). */
export const DUMMY_PASSWORD_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A random token with a readable prefix (`tsd_…` display token, `tsk_…` API key). */
export const newToken = (prefix: string, bytes = 32): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** A generated password: 20 characters from an alphabet without look-alikes (0/O, 1/l/I), unbiased. */
export function generatePassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const limit = 256 - (256 % alphabet.length); // rejection sampling keeps every character equally likely
  let out = '';
  while (out.length < length) {
    for (const value of randomBytes(length)) if (value < limit && out.length < length) out += alphabet[value % alphabet.length];
  }
  return out;
}
