import crypto from 'node:crypto';
import argon2 from 'argon2';

/**
 * Password hashing and random secrets. argon2id with the OWASP Password Storage Cheat Sheet's
 * parameters (19 MiB, 2 passes, 1 lane): a guess costs an attacker the same memory it costs us.
 */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export { PASSWORD_LENGTH } from './passwordRules.js';

/** An argon2id PHC string for a password. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

// Checked against when the account does not exist, so an unknown name costs the same time as a
// wrong password.
let dummyHash: Promise<string> | undefined;

/** Whether the password matches the hash; with no hash, burns the same time and answers false. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const target = hash ?? (await dummyHash);
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}

/** A random secret for a cookie, token or link: 32 bytes, base64url. */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Recovery-code letters: no look-alikes (0/o, 1/l/i), so a code copied by hand reads back the same. */
export const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code shown as `xxxxx-xxxxx` (50 bits); it is checked without its dash, in any case. */
export function recoveryCode(): string {
  const chars = Array.from(
    { length: 10 },
    () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)],
  );
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** How a secret is stored: its SHA-256, hex (secrets are random and long, so no salt or stretching). */
export function digest(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
