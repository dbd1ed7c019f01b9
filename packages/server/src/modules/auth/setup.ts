import type { Kysely } from 'kysely';
import { REGISTRY_ORGANISATION_ID, type Role } from '../../auth/permissions.js';
import { digest, hashPassword, randomSecret, safeEqual } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import type { TUser } from './schemas.js';
import { presentUser, principalOfUser, type UserRow } from './sessions.js';

// Accounts: one-time setup links (the first admin, or a user an admin created) and inserting users.

const SETUP_TTL_MS = 24 * 3600_000;

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
