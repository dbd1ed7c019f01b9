import type { Principal } from '../../auth/permissions.js';
import { hashPassword, verifyPassword } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import type { TLoginResponse } from './schemas.js';
import { endSessions, startSession } from './sessions.js';
import { forgetSessionsOf } from './sessionCache.js';
import {
  accountAddressKey,
  accountKey,
  attemptKeys,
  forgiveAttempt,
  reserveAttempt,
  THROTTLE,
  type ThrottleKey,
} from './throttle.js';
import { revokeTokensOf } from './tokens.js';
import { newTotpSecret, totpUri } from './totp.js';

// Passwords: the first step of a login, and changing a password.

const invalidCredentials = () => new AppError('invalid_credentials', 'invalid username or password');

/**
 * Checks a username and password. Locked account names and addresses answer 429; a wrong password and
 * an unknown name answer the same 401 after the same argon2 work. Success opens a pending session:
 * the second factor is still due.
 */
export async function login(
  database: Database,
  input: { username: string; password: string },
  ctx: AuditContext & { address: string },
): Promise<{ response: TLoginResponse; token: string }> {
  const db = database.db;
  const username = input.username.trim().toLowerCase();
  const keys = await attemptKeys(db, username, ctx.address);
  // Counted before argon2, atomically: parallel guesses cannot all pass the check before any is counted.
  if (!(await reserveAttempt(db, keys))) {
    await appendAudit(
      db,
      null,
      { action: 'auth.login_failed', objectType: 'user', objectId: null, detail: { reason: 'throttled' } },
      ctx,
    );
    throw new AppError('rate_limited', 'too many failed attempts; try again later');
  }
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!ok || !user || user.disabled_at !== null) {
    // The failure was counted by the reservation.
    await appendAudit(
      db,
      null,
      {
        action: 'auth.login_failed',
        objectType: 'user',
        objectId: user?.id ?? null,
        detail: { reason: 'credentials' },
      },
      ctx,
    );
    throw invalidCredentials();
  }
  // The password was right: the reserved attempt is given back (a right password never counted).
  await forgiveAttempt(db, keys);
  return db.transaction().execute(async (trx) => {
    let response: TLoginResponse = { next: 'totp' };
    if (user.totp_enabled_at === null) {
      const secret = user.totp_secret ?? newTotpSecret();
      if (user.totp_secret === null) {
        await trx.updateTable('app_user').set({ totp_secret: secret }).where('id', '=', user.id).execute();
      }
      response = { next: 'totp_enrol', otpauth_uri: totpUri(user, secret), secret };
    }
    const { token } = await startSession(trx, user.id, 'pending');
    return { response, token };
  });
}

/** Changes a password after checking the current one; ends the user's other sessions and API tokens. */
export async function changePassword(
  database: Database,
  principal: Principal,
  currentSession: string | undefined,
  input: { current_password: string; new_password: string },
  ctx: AuditContext,
): Promise<void> {
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'only a signed-in user can change a password');
  const user = await database.db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', principal.id)
    .executeTakeFirst();
  if (!user) throw new AppError('unauthenticated', 'not signed in');
  // A stolen session must not become a way to guess the password: the same counters as logins (the
  // account at this address, and from everywhere, trusted or not), counted before argon2 so parallel
  // guesses cannot all pass.
  const keys: ThrottleKey[] = [
    { key: accountAddressKey(user.username, ctx.address ?? ''), limit: THROTTLE.accountAddressFailures },
    { key: accountKey(user.username), limit: THROTTLE.accountFailures },
  ];
  if (!(await reserveAttempt(database.db, keys))) {
    throw new AppError('rate_limited', 'too many failed attempts; try again later');
  }
  if (!(await verifyPassword(user.password_hash, input.current_password))) {
    await appendAudit(
      database.db,
      principal,
      { action: 'auth.password_change_failed', objectType: 'user', objectId: user.id },
      ctx,
    );
    throw new AppError('forbidden', 'the current password is wrong');
  }
  await forgiveAttempt(database.db, keys);
  const hash = await hashPassword(input.new_password);
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await endSessions(trx, user.id, currentSession);
    // Whoever learnt the old password may have minted tokens with it: they end too.
    await revokeTokensOf(trx, user.id);
    await appendAudit(
      trx,
      principal,
      { action: 'auth.password_changed', objectType: 'user', objectId: user.id },
      ctx,
    );
  });
  await forgetSessionsOf(user.id);
}
