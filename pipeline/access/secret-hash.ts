import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Hashes of secrets. Tokens are 256-bit random values, so a salted SHA-256 is
 * enough and cheap on every request; passwords are chosen by people, so they
 * get scrypt (slow on purpose). Both compare in constant time.
 */

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A new random secret, base64url (43 characters for 32 bytes). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The salted SHA-256 of a token secret, as `sha256$<salt>$<hash>`. */
export function hashTokenSecret(secret: string, salt: string = randomSecret(16)): string {
  const hash = createHash('sha256').update(salt).update('\0').update(secret).digest('base64url');
  return `sha256$${salt}$${hash}`;
}

/** Whether a token secret matches a stored `sha256$salt$hash`, compared in constant time. */
export function verifyTokenSecret(secret: string, stored: string): boolean {
  const [scheme, salt] = stored.split('$');
  if (scheme !== 'sha256' || !salt) return false;
  return constantTimeEqual(hashTokenSecret(secret, salt), stored);
}

/** The scrypt hash of a password, as `scrypt$N$r$p$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a password matches a stored scrypt hash, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

/** String equality whose time does not depend on where the strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/**
 * The unsalted SHA-256 of a value, base64url: the key a random session id is stored and
 * looked up under (a 256-bit random value cannot be guessed, so no salt is needed), and the
 * key sign-in attempts are counted under (so names and addresses are not stored as sent).
 */
export function lookupHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
