import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import { digest, recoveryCode } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import type { TSession } from './schemas.js';
import { principalOfUser, resolveSession, sessionBody, startSession, type UserRow } from './sessions.js';
import { attemptKeys, forgiveAttempt, reserveAttempt, signedIn } from './throttle.js';

// The second factor: TOTP (RFC 6238) codes, their enrolment, and one-time recovery codes.

const RECOVERY_CODES = 10;
const TOTP = { issuer: 'Homecoming', digits: 6, period: 30, algorithm: 'SHA1' } as const;

/** A fresh TOTP secret (base32). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads to enrol a secret. */
export function totpUri(u: Pick<UserRow, 'username'>, secret: string): string {
  return totpFor(u, secret).toString();
}

function totpFor(u: Pick<UserRow, 'username'>, secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ ...TOTP, label: u.username, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** Checks a 6-digit code (once per time step, so a seen code cannot be replayed) or a recovery code. */
async function checkSecondFactor(
  trx: Kysely<DB>,
  user: UserRow,
  code: string,
  allowRecovery: boolean,
): Promise<boolean> {
  if (user.totp_secret === null) return false;
  if (/^\d{6}$/.test(code)) {
    const totp = totpFor(user, user.totp_secret);
    const delta = totp.validate({ token: code, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / TOTP.period) + delta;
    if (user.totp_last_step !== null && step <= Number(user.totp_last_step)) return false;
    // Conditional, so a step is used once even if the row was read before another request stored it.
    const stored = await trx
      .updateTable('app_user')
      .set({ totp_last_step: step })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .returning('id')
      .executeTakeFirst();
    return stored !== undefined;
  }
  if (!allowRecovery) return false;
  const used = await trx
    .updateTable('recovery_code')
    .set({ used_at: new Date() })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', digest(code.replace(/[\s-]/g, '').toLowerCase()))
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return used !== undefined;
}

/** Thrown inside the second-factor transaction to roll it back when the code is wrong. */
class WrongCode extends Error {}

/**
 * The second step of a login: a pending session plus a valid code becomes an active session under a
 * new id (the pending id is ended, so a token seen before login is worthless after it). The pending
 * session and the user row are locked first, so two concurrent requests cannot both use the same pending
 * session or the same time step.
 */
export async function completeSecondFactor(
  database: Database,
  pendingToken: string | undefined,
  code: string,
  mode: 'verify' | 'enrol',
  ctx: AuditContext & { address: string },
): Promise<{ session: TSession; token: string; recoveryCodes: string[] }> {
  const pending = pendingToken ? await resolveSession(database, pendingToken) : null;
  if (!pending || pending.state !== 'pending')
    throw new AppError('unauthenticated', 'log in with your password first');
  const keys = await attemptKeys(database.db, pending.user.username, ctx.address);
  // Counted before the code is checked, atomically, as passwords are.
  if (!(await reserveAttempt(database.db, keys)))
    throw new AppError('rate_limited', 'too many failed attempts; try again later');
  try {
    return await database.db.transaction().execute(async (trx) => {
      // Ending the pending session first takes its row lock: a concurrent request with the same
      // session waits here, then finds it ended.
      const claimed = await trx
        .updateTable('session')
        .set({ ended_at: new Date() })
        .where('id_hash', '=', pending.idHash)
        .where('state', '=', 'pending')
        .where('ended_at', 'is', null)
        .where('expires_at', '>', new Date())
        .returning('id_hash')
        .executeTakeFirst();
      if (!claimed) throw new AppError('unauthenticated', 'log in with your password first');
      const user = await trx
        .selectFrom('app_user')
        .selectAll()
        .where('id', '=', pending.user.id)
        .where('disabled_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!user) throw new AppError('unauthenticated', 'log in with your password first');
      if (mode === 'enrol' && user.totp_enabled_at !== null)
        throw new AppError('conflict', 'the second factor is already enrolled');
      if (mode === 'verify' && user.totp_enabled_at === null)
        throw new AppError('conflict', 'enrol a second factor first');
      if (!(await checkSecondFactor(trx, user, code, mode === 'verify'))) throw new WrongCode();
      const principal = principalOfUser(user);
      const recoveryCodes: string[] = [];
      if (mode === 'enrol') {
        for (let i = 0; i < RECOVERY_CODES; i++) recoveryCodes.push(recoveryCode());
        await trx
          .updateTable('app_user')
          .set({ totp_enabled_at: new Date() })
          .where('id', '=', user.id)
          .execute();
        await trx.deleteFrom('recovery_code').where('user_id', '=', user.id).execute();
        await trx
          .insertInto('recovery_code')
          .values(
            recoveryCodes.map((c) => ({
              user_id: user.id,
              code_hash: digest(c.replace('-', '')),
              used_at: null,
            })),
          )
          .execute();
      }
      const { token, csrf } = await startSession(trx, user.id, 'active');
      await signedIn(trx, keys, user.username, ctx.address);
      if (mode === 'enrol')
        await appendAudit(
          trx,
          principal,
          { action: 'auth.totp_enrolled', objectType: 'user', objectId: user.id },
          ctx,
        );
      await appendAudit(trx, principal, { action: 'auth.login', objectType: 'user', objectId: user.id }, ctx);
      return { session: sessionBody(user, csrf), token, recoveryCodes };
    });
  } catch (err) {
    if (!(err instanceof WrongCode)) {
      // Not a guess (the session was used meanwhile, or the state changed): the attempt is not counted.
      await forgiveAttempt(database.db, keys);
      throw err;
    }
    // The failure was counted by the reservation; the pending session stays usable for another try.
    await appendAudit(
      database.db,
      null,
      { action: 'auth.totp_failed', objectType: 'user', objectId: pending.user.id },
      ctx,
    );
    throw new AppError('invalid_credentials', 'invalid code');
  }
}

/** The current TOTP code of a secret (for tests and the enrolment check of tools). */
export function totpCode(secret: string, at = Date.now()): string {
  return new OTPAuth.TOTP({ ...TOTP, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });
}
