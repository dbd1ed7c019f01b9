import type { Kysely, Selectable } from 'kysely';
import * as OTPAuth from 'otpauth';
import {
  effectivePermissions,
  PERMISSIONS,
  REGISTRY_ORGANISATION_ID,
  type Permission,
  type Principal,
  type Role,
} from '../../auth/permissions.js';
import {
  digest,
  hashPassword,
  randomSecret,
  recoveryCode,
  safeEqual,
  verifyPassword,
} from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import type { AppUserTable, DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import type { TLoginResponse, TSession, TUser } from './schemas.js';
import { accountKey, addressKey, clearFailures, isLocked, recordFailure, THROTTLE } from './throttle.js';

/** How long sessions live: a pending one (password given, second factor due), and an active one. */
export const SESSION_TTL = {
  pendingMs: 5 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
} as const;
const SETUP_TTL_MS = 24 * 3600_000;
const RECOVERY_CODES = 10;
const TOTP = { issuer: 'Homecoming', digits: 6, period: 30, algorithm: 'SHA1' } as const;

type UserRow = Selectable<AppUserTable>;

const invalidCredentials = () => new AppError('invalid_credentials', 'invalid username or password');

export function presentUser(u: Pick<UserRow, 'id' | 'username' | 'role' | 'organisation_id'>): TUser {
  return { id: u.id, username: u.username, role: u.role, organisation_id: u.organisation_id };
}

/** The principal a staff user acts as. */
export function principalOfUser(u: Pick<UserRow, 'id' | 'role' | 'organisation_id'>): Principal {
  return { id: u.id, role: u.role, organisationId: u.organisation_id, kind: 'user' };
}

function sessionBody(u: UserRow, csrf: string): TSession {
  return { user: presentUser(u), permissions: effectivePermissions(principalOfUser(u)), csrf_token: csrf };
}

function totpFor(u: Pick<UserRow, 'username'>, secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ ...TOTP, label: u.username, secret: OTPAuth.Secret.fromBase32(secret) });
}

async function startSession(
  db: Kysely<DB>,
  userId: string,
  state: 'pending' | 'active',
  now = new Date(),
): Promise<{ token: string; csrf: string }> {
  const token = randomSecret();
  const csrf = randomSecret();
  await db
    .insertInto('session')
    .values({
      id_hash: digest(token),
      user_id: userId,
      state,
      csrf_token: csrf,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(
        now.getTime() + (state === 'pending' ? SESSION_TTL.pendingMs : SESSION_TTL.idleMs),
      ),
    })
    .execute();
  return { token, csrf };
}

/** What a session cookie stands for. */
export interface ResolvedSession {
  idHash: string;
  state: 'pending' | 'active';
  csrf: string;
  user: UserRow;
}

/** The live session a cookie token names (active or pending), or null; slides the idle expiry. */
export async function resolveSession(
  database: Database,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const idHash = digest(token);
  const row = await database.db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select([
      'session.state',
      'session.csrf_token',
      'session.created_at as session_created_at',
      'session.last_seen_at',
    ])
    .where('session.id_hash', '=', idHash)
    .where('session.ended_at', 'is', null)
    .where('session.expires_at', '>', now)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const { state, csrf_token, session_created_at, last_seen_at, ...user } = row;
  if (state === 'active' && now.getTime() - new Date(last_seen_at).getTime() > 60_000) {
    const cap = new Date(session_created_at).getTime() + SESSION_TTL.absoluteMs;
    await database.db
      .updateTable('session')
      .set({ last_seen_at: now, expires_at: new Date(Math.min(cap, now.getTime() + SESSION_TTL.idleMs)) })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return { idHash, state, csrf: csrf_token, user };
}

/** The principal an API token acts as (its user, limited to its permissions), or null. */
export async function resolveBearer(database: Database, token: string): Promise<Principal | null> {
  const row = await database.db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([
      'api_token.id',
      'api_token.last_used_at',
      'api_token.user_id',
      'api_token.permissions',
      'app_user.role',
      'app_user.organisation_id',
    ])
    .where('api_token.token_hash', '=', digest(token))
    .where('api_token.revoked_at', 'is', null)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // When a token was last used, for admins retiring stale ones; written at most once a minute.
  const now = new Date();
  if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await database.db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  const scopes = row.permissions.filter((p): p is Permission =>
    (PERMISSIONS as readonly string[]).includes(p),
  );
  // The token acts as its user: records, events and audit entries name the user, with kind `token`.
  return { id: row.user_id, role: row.role, organisationId: row.organisation_id, kind: 'token', scopes };
}

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
  const keys = [accountKey(username), addressKey(ctx.address)];
  if (await isLocked(db, keys)) {
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
    await db.transaction().execute(async (trx) => {
      await recordFailure(trx, [
        { key: keys[0] as string, limit: THROTTLE.accountFailures },
        { key: keys[1] as string, limit: THROTTLE.addressFailures },
      ]);
      await appendAudit(
        trx,
        null,
        {
          action: 'auth.login_failed',
          objectType: 'user',
          objectId: user?.id ?? null,
          detail: { reason: 'credentials' },
        },
        ctx,
      );
    });
    throw invalidCredentials();
  }
  return db.transaction().execute(async (trx) => {
    let response: TLoginResponse = { next: 'totp' };
    if (user.totp_enabled_at === null) {
      const secret = user.totp_secret ?? new OTPAuth.Secret({ size: 20 }).base32;
      if (user.totp_secret === null) {
        await trx.updateTable('app_user').set({ totp_secret: secret }).where('id', '=', user.id).execute();
      }
      response = { next: 'totp_enrol', otpauth_uri: totpFor(user, secret).toString(), secret };
    }
    const { token } = await startSession(trx, user.id, 'pending');
    return { response, token };
  });
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
    await trx.updateTable('app_user').set({ totp_last_step: step }).where('id', '=', user.id).execute();
    return true;
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

/**
 * The second step of a login: a pending session plus a valid code becomes an active session under a
 * new id (the pending id is ended, so a token seen before login is worthless after it).
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
  const user = pending.user;
  if (mode === 'enrol' && user.totp_enabled_at !== null)
    throw new AppError('conflict', 'the second factor is already enrolled');
  if (mode === 'verify' && user.totp_enabled_at === null)
    throw new AppError('conflict', 'enrol a second factor first');
  const keys = [accountKey(user.username), addressKey(ctx.address)];
  if (await isLocked(database.db, keys))
    throw new AppError('rate_limited', 'too many failed attempts; try again later');
  const principal = principalOfUser(user);
  const result = await database.db.transaction().execute(async (trx) => {
    const ok = await checkSecondFactor(trx, user, code, mode === 'verify');
    if (!ok) return null;
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
    await trx
      .updateTable('session')
      .set({ ended_at: new Date() })
      .where('id_hash', '=', pending.idHash)
      .execute();
    const { token, csrf } = await startSession(trx, user.id, 'active');
    await clearFailures(trx, keys[0] as string);
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
  if (result === null) {
    await database.db.transaction().execute(async (trx) => {
      await recordFailure(trx, [
        { key: keys[0] as string, limit: THROTTLE.accountFailures },
        { key: keys[1] as string, limit: THROTTLE.addressFailures },
      ]);
      await appendAudit(
        trx,
        null,
        { action: 'auth.totp_failed', objectType: 'user', objectId: user.id },
        ctx,
      );
    });
    throw new AppError('invalid_credentials', 'invalid code');
  }
  return result;
}

/** The session body for an active session. */
export function describeSession(s: ResolvedSession): TSession {
  return sessionBody(s.user, s.csrf);
}

/** Ends a session server-side. */
export async function logout(
  database: Database,
  s: ResolvedSession | null,
  ctx: AuditContext,
): Promise<void> {
  if (!s) return;
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('session').set({ ended_at: new Date() }).where('id_hash', '=', s.idHash).execute();
    if (s.state === 'active') {
      await appendAudit(
        trx,
        principalOfUser(s.user),
        { action: 'auth.logout', objectType: 'user', objectId: s.user.id },
        ctx,
      );
    }
  });
}

/** Ends every live session of a user, except possibly one. */
export async function endSessions(trx: Kysely<DB>, userId: string, except?: string): Promise<void> {
  let q = trx
    .updateTable('session')
    .set({ ended_at: new Date() })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (except !== undefined) q = q.where('id_hash', '<>', except);
  await q.execute();
}

/** Changes a password after checking the current one, and ends the user's other sessions. */
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
  // A stolen session must not become a way to guess the password: the same counter as logins.
  const key = accountKey(user.username);
  if (await isLocked(database.db, [key])) {
    throw new AppError('rate_limited', 'too many failed attempts; try again later');
  }
  if (!(await verifyPassword(user.password_hash, input.current_password))) {
    await database.db.transaction().execute(async (trx) => {
      await recordFailure(trx, [{ key, limit: THROTTLE.accountFailures }]);
      await appendAudit(
        trx,
        principal,
        { action: 'auth.password_change_failed', objectType: 'user', objectId: user.id },
        ctx,
      );
    });
    throw new AppError('forbidden', 'the current password is wrong');
  }
  const hash = await hashPassword(input.new_password);
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await endSessions(trx, user.id, currentSession);
    await appendAudit(
      trx,
      principal,
      { action: 'auth.password_changed', objectType: 'user', objectId: user.id },
      ctx,
    );
  });
}

/** Whether an enabled admin with a password exists. */
export async function adminExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('password_hash', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** A one-time link token: for the first admin (no user), or for a user an admin created. */
export async function createSetupToken(db: Kysely<DB>, userId: string | null): Promise<string> {
  const token = randomSecret();
  if (userId === null) {
    // Only the newest first-admin link works.
    await db
      .updateTable('setup_token')
      .set({ used_at: new Date() })
      .where('user_id', 'is', null)
      .where('used_at', 'is', null)
      .execute();
  }
  await db
    .insertInto('setup_token')
    .values({
      token_hash: digest(token),
      user_id: userId,
      expires_at: new Date(Date.now() + SETUP_TTL_MS),
      used_at: null,
    })
    .execute();
  return token;
}

/** When no admin exists, a fresh one-time first-admin token; otherwise null. */
export async function firstRunSetupToken(database: Database): Promise<string | null> {
  if (await adminExists(database.db)) return null;
  return createSetupToken(database.db, null);
}

/** Uses a setup link: creates the first admin, or sets the password of the user the link was made for. */
export async function useSetupToken(
  database: Database,
  input: { token: string; username: string; password: string },
  ctx: AuditContext,
): Promise<TUser> {
  // A link that cannot work is refused before the (deliberately slow) hashing.
  const usable = await database.db
    .selectFrom('setup_token')
    .select('token_hash')
    .where('token_hash', '=', digest(input.token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!usable) throw new AppError('forbidden', 'this setup link is invalid, used or expired');
  const hash = await hashPassword(input.password);
  return database.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('setup_token')
      .selectAll()
      .where('token_hash', '=', digest(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!link) throw new AppError('forbidden', 'this setup link is invalid, used or expired');
    await trx
      .updateTable('setup_token')
      .set({ used_at: new Date() })
      .where('token_hash', '=', link.token_hash)
      .execute();
    let user: UserRow;
    if (link.user_id === null) {
      if (await adminExists(trx)) throw new AppError('conflict', 'an admin already exists');
      user = await insertUser(trx, {
        username: input.username,
        role: 'admin',
        organisationId: REGISTRY_ORGANISATION_ID,
        passwordHash: hash,
        createdBy: 'setup',
      });
    } else {
      const found = await trx
        .selectFrom('app_user')
        .selectAll()
        .where('id', '=', link.user_id)
        .executeTakeFirst();
      if (
        !found ||
        found.password_hash !== null ||
        found.disabled_at !== null ||
        !safeEqual(found.username, input.username)
      ) {
        throw new AppError('forbidden', 'this setup link is invalid, used or expired');
      }
      await trx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', found.id).execute();
      user = found;
    }
    await appendAudit(
      trx,
      principalOfUser(user),
      { action: 'auth.setup', objectType: 'user', objectId: user.id },
      ctx,
    );
    return presentUser(user);
  });
}

/** Inserts a user; a taken username is a conflict. */
export async function insertUser(
  trx: Kysely<DB>,
  u: { username: string; role: Role; organisationId: string; passwordHash: string | null; createdBy: string },
): Promise<UserRow> {
  const taken = await trx
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', u.username)
    .executeTakeFirst();
  if (taken) throw new AppError('conflict', 'that username is taken');
  const org = await trx
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', u.organisationId)
    .executeTakeFirst();
  if (!org) throw new AppError('not_found', 'organisation not found');
  return trx
    .insertInto('app_user')
    .values({
      id: newId(),
      username: u.username,
      role: u.role,
      organisation_id: u.organisationId,
      password_hash: u.passwordHash,
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      disabled_at: null,
      created_by: u.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The current TOTP code of a secret (for tests and the enrolment check of tools). */
export function totpCode(secret: string, at = Date.now()): string {
  return new OTPAuth.TOTP({ ...TOTP, secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });
}
