import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Case numbers, access codes and the tracing key. A case number names a case and is no secret; the
 * access code is the secret (100 random bits), shown once and stored only as HMAC-SHA-256 under a key
 * kept outside the database: a fast keyed hash is enough for that many random bits, and a stolen
 * database without the key does not even allow a guess to be checked.
 */

/** Digits and capitals without the look-alikes 0/O, 1/I/L and U (Crockford's choice, minus 0 and 1). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomChars(n: number, bytes: (round: number) => Buffer = () => crypto.randomBytes(n * 2)): string {
  // Rejection sampling: no bias towards the first characters of the alphabet.
  const out: string[] = [];
  const limit = 256 - (256 % CODE_ALPHABET.length);
  for (let round = 0; out.length < n; round++) {
    for (const b of bytes(round)) {
      if (b < limit && out.length < n) out.push(CODE_ALPHABET[b % CODE_ALPHABET.length] as string);
    }
  }
  return out.join('');
}

function caseNumberOf(c: string): string {
  return `HC-${c.slice(0, 4)}-${c.slice(4)}`;
}

/** A readable case number, `HC-7K4M-92QX` (about 39 bits: unique, not secret). */
export function newCaseNumber(): string {
  return caseNumberOf(randomChars(8));
}

/** Groups of an access code: 5 × 4 characters of a 30-letter alphabet = 98 bits. */
const CODE_GROUPS = 5;

/** A new access code, `XXXX-XXXX-XXXX-XXXX-XXXX` (≈ 98 random bits). */
export function newAccessCode(): string {
  const c = randomChars(CODE_GROUPS * 4);
  return c.match(/.{4}/g)?.join('-') ?? c;
}

/**
 * The case number and access code of a request sent with an `Idempotency-Key`: drawn, as the random ones
 * are, from a keyed stream (HMAC under the tracing key) of the client's key and the digest of what it
 * filed, so that the same sending again (a double tap, a phone's retry after a lost answer) finds the case
 * its first sending made and answers with the same code, which is stored nowhere but as its hash. Nobody
 * without the tracing key can tell them from random ones; nobody without the client's key and the whole
 * request can ask for them again.
 */
export function idempotentCodes(
  keys: TracingKeys,
  idempotencyKey: string,
  bodyDigest: string,
): { caseNumber: string; accessCode: string } {
  const seed = crypto
    .createHmac('sha256', keys.hash)
    .update(`idempotency\u0000${idempotencyKey}\u0000${bodyDigest}`)
    .digest();
  const stream = (label: string) => (round: number) =>
    crypto.createHmac('sha256', seed).update(`${label}\u0000${round}`).digest();
  const c = randomChars(CODE_GROUPS * 4, stream('code'));
  return {
    caseNumber: caseNumberOf(randomChars(8, stream('case'))),
    accessCode: c.match(/.{4}/g)?.join('-') ?? c,
  };
}

/** A case number or code as typed: upper case, look-alikes read as what they must be, no spaces. */
export function normaliseCode(s: string): string {
  return s
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s_-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** The canonical form of a typed case number, or null if it cannot be one. */
export function canonicalCaseNumber(s: string): string | null {
  const n = normaliseCode(s);
  const m = /^HC([0-9A-Z]{4})([0-9A-Z]{4})$/.exec(n);
  return m ? `HC-${m[1]}-${m[2]}` : null;
}

/** The keys derived from the tracing key, one per use. */
export interface TracingKeys {
  /** HMAC key for access codes, emails, throttle keys. */
  hash: Buffer;
  /** HMAC key of the proof-of-work challenges. */
  challenge: Buffer;
  /** AES-256-GCM key of the kinship documents. */
  documents: Buffer;
}

/** Derives the per-use keys from the 32-byte tracing key (HKDF-SHA-256). */
export function deriveKeys(master: Buffer): TracingKeys {
  const k = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    hash: k('homecoming tracing hash'),
    challenge: k('homecoming altcha'),
    documents: k('homecoming documents'),
  };
}

/** A keyed hash (hex) of a normalised value, under a purpose label. */
export function keyedHash(keys: TracingKeys, purpose: string, value: string): string {
  return crypto.createHmac('sha256', keys.hash).update(`${purpose}\u0000${value}`).digest('hex');
}

/** The stored form of an access code. */
export function codeHash(keys: TracingKeys, code: string): string {
  return keyedHash(keys, 'code', normaliseCode(code));
}

/**
 * The tracing key: read from the file, or created there (0600) on first start, like the audit key.
 * It must live outside the database: whoever has both can test codes and read documents.
 */
export function loadOrCreateTracingKey(file: string): Buffer {
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
