import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { digest } from '../../auth/secrets.js';
import { clientNetwork } from '../../http/network.js';

/**
 * Failed-login counters in the database, so they hold across requests, processes and restarts. They
 * unlock by themselves. Per OWASP, guesses are counted per account name *and* client address, so that
 * whoever types wrong passwords for an account from their own address locks only themselves out of it
 * (an address is counted by its network: an IPv6 client's /64, see http/network.ts):
 * - an account name from one address locks after `accountAddressFailures` (5);
 * - an address locks after `addressFailures` (20) across names;
 * - an account name from all addresses together locks after `accountFailures` (30): the guess of one
 *   account spread over many addresses; that lock does not hold at an address from which the account
 *   completed a sign-in (password and code) in the last `trustedDays` (30) days, so a distributed guess
 *   does not lock the registrar out of their own office either.
 * Known and unknown names follow the same rule (an address is trusted only after a real sign-in), so
 * lockout reveals nothing.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountAddressFailures: 5,
  addressFailures: 20,
  accountFailures: 30,
  trustedDays: 30,
} as const;

export function accountKey(username: string): string {
  return `u:${digest(username.trim().toLowerCase())}`;
}
export function addressKey(address: string): string {
  return `a:${digest(clientNetwork(address))}`;
}
/** An account name at one address: its failures, and (prefix `t:`) its last completed sign-in there. */
function accountAddressDigest(username: string, address: string): string {
  return digest(`${username.trim().toLowerCase()}\n${clientNetwork(address)}`);
}
export function accountAddressKey(username: string, address: string): string {
  return `ua:${accountAddressDigest(username, address)}`;
}
function trustedKey(username: string, address: string): string {
  return `t:${accountAddressDigest(username, address)}`;
}

/** Whether any of the keys is locked now. */
export async function isLocked(db: Kysely<DB>, keys: string[], now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('login_throttle')
    .select('key')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Counts a failure against each key, locking those that reach their limit. */
export async function recordFailure(
  db: Kysely<DB>,
  keys: { key: string; limit: number }[],
  now = new Date(),
): Promise<void> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
  for (const { key, limit } of keys) {
    await sql`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${limit}::int THEN ${lockUntil}::timestamptz END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < ${windowStart}::timestamptz THEN ${now}::timestamptz ELSE t.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END) >= ${limit}::int
          THEN ${lockUntil}::timestamptz ELSE t.locked_until END`.execute(db);
  }
}

/** A key and how many failures lock it. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/**
 * Reserves one attempt against each key before the secret is checked: the attempt counts as a failure
 * at once, in one atomic statement per key, so parallel attempts cannot all pass a check made before any
 * of them is counted. A key that is locked is not counted again. Returns false when any key was locked;
 * the reservations made for the other keys are then given back. A successful attempt calls
 * `forgiveAttempt` afterwards.
 */
export async function reserveAttempt(
  db: Kysely<DB>,
  keys: ThrottleKey[],
  now = new Date(),
): Promise<boolean> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
  const reserved: ThrottleKey[] = [];
  for (const k of keys) {
    // The conditional DO UPDATE takes the row lock and re-reads the row: a locked key returns no row.
    const r = await sql<{ key: string }>`
      INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
      VALUES (${k.key}, 1, ${now}, CASE WHEN 1 >= ${k.limit}::int THEN ${lockUntil}::timestamptz END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < ${windowStart}::timestamptz THEN ${now}::timestamptz ELSE t.window_start END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start < ${windowStart}::timestamptz THEN 1 ELSE t.failures + 1 END) >= ${k.limit}::int
          THEN ${lockUntil}::timestamptz ELSE NULL END
        WHERE t.locked_until IS NULL OR t.locked_until <= ${now}::timestamptz
      RETURNING t.key`.execute(db);
    if (r.rows.length === 0) {
      await forgiveAttempt(db, reserved);
      return false;
    }
    reserved.push(k);
  }
  return true;
}

/** Gives back a reserved attempt (it succeeded, or was refused for another key): one failure less. */
export async function forgiveAttempt(db: Kysely<DB>, keys: ThrottleKey[]): Promise<void> {
  for (const { key, limit } of keys) {
    await sql`
      UPDATE login_throttle SET
        failures = GREATEST(failures - 1, 0),
        locked_until = CASE WHEN failures - 1 < ${limit}::int THEN NULL ELSE locked_until END
      WHERE key = ${key}`.execute(db);
  }
}

/**
 * The throttle keys of an attempt: the account name (known or not) at this address, the address, and
 * the account name from everywhere unless this address is trusted for it (see THROTTLE).
 */
export async function attemptKeys(db: Kysely<DB>, username: string, address: string): Promise<ThrottleKey[]> {
  const keys: ThrottleKey[] = [
    { key: accountAddressKey(username, address), limit: THROTTLE.accountAddressFailures },
    { key: addressKey(address), limit: THROTTLE.addressFailures },
  ];
  const trusted = await db
    .selectFrom('login_throttle')
    .select('key')
    .where('key', '=', trustedKey(username, address))
    .where('window_start', '>', new Date(Date.now() - THROTTLE.trustedDays * 86_400_000))
    .executeTakeFirst();
  if (!trusted) keys.push({ key: accountKey(username), limit: THROTTLE.accountFailures });
  return keys;
}

/**
 * After a completed sign-in: the account's failures at this address are cleared, the address is trusted
 * for the account (THROTTLE.trustedDays), and the attempt is given back to the other keys. The account's
 * count from everywhere is not cleared: a registrar's sign-in must not restart a distributed guess.
 */
export async function signedIn(
  db: Kysely<DB>,
  keys: ThrottleKey[],
  username: string,
  address: string,
): Promise<void> {
  const own = accountAddressKey(username, address);
  await clearFailures(db, own);
  await forgiveAttempt(
    db,
    keys.filter((k) => k.key !== own),
  );
  await sql`
    INSERT INTO login_throttle (key, failures, window_start, locked_until)
    VALUES (${trustedKey(username, address)}, 0, now(), NULL)
    ON CONFLICT (key) DO UPDATE SET window_start = now()`.execute(db);
}

/** Clears an account's counter after a successful login. */
export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
