import type { Kysely, Selectable } from 'kysely';
import {
  REGISTRY_ORGANISATION_ID,
  type Permission,
  type Principal,
  type Role,
} from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import type { AppUserTable, DB } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import {
  announceAuthChange,
  createSetupToken,
  endSessions,
  forgetSessionsOf,
  insertUser,
  mintOwnToken,
  presentToken,
} from '../auth/service.js';
import type { TAdminUser } from './schemas.js';

const iso = (v: Date | string): string => new Date(v).toISOString();

function presentAdminUser(u: Selectable<AppUserTable>): TAdminUser {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    organisation_id: u.organisation_id,
    disabled: u.disabled_at !== null,
    password_set: u.password_hash !== null,
    totp_enrolled: u.totp_enabled_at !== null,
    created_at: iso(u.created_at),
  };
}

export async function listOrganisations(database: Database) {
  const rows = await database.db.selectFrom('organisation').selectAll().orderBy('name').execute();
  return { items: rows.map((o) => ({ id: o.id, name: o.name, created_at: iso(o.created_at) })) };
}

export async function createOrganisation(
  database: Database,
  actor: Principal,
  name: string,
  ctx: AuditContext,
) {
  return database.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', 'an organisation of that name exists');
    const o = await trx
      .insertInto('organisation')
      .values({ id: newId(), name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      actor,
      { action: 'organisation.create', objectType: 'organisation', objectId: o.id },
      ctx,
    );
    return { id: o.id, name: o.name, created_at: iso(o.created_at) };
  });
}

export async function listUsers(database: Database) {
  const rows = await database.db.selectFrom('app_user').selectAll().orderBy('username').execute();
  return { items: rows.map(presentAdminUser) };
}

/** Creates a user without a password, and a one-time setup link for them to choose one. */
export async function createUserWithSetupLink(
  database: Database,
  actor: Principal,
  input: { username: string; role: Role; organisation_id?: string | undefined },
  ctx: AuditContext,
) {
  return database.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      username: input.username,
      role: input.role,
      organisationId: input.organisation_id ?? REGISTRY_ORGANISATION_ID,
      passwordHash: null,
      createdBy: actor.id,
    });
    const setupToken = await createSetupToken(trx, user.id);
    await appendAudit(
      trx,
      actor,
      { action: 'user.create', objectType: 'user', objectId: user.id, detail: { role: user.role } },
      ctx,
    );
    return {
      user: presentAdminUser(user),
      setup_token: setupToken,
      setup_expires_at: (await setupLinkExpiry(trx, user.id)) ?? '',
    };
  });
}

async function lockUser(trx: Kysely<DB>, id: string) {
  const u = await trx.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!u) throw notFound('user');
  return u;
}

async function disableLockedUser(trx: Kysely<DB>, actor: Principal, id: string, ctx: AuditContext) {
  const u = await trx
    .updateTable('app_user')
    .set({ disabled_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await endSessions(trx, id);
  await appendAudit(trx, actor, { action: 'user.disable', objectType: 'user', objectId: id }, ctx);
  return presentAdminUser(u);
}

/** Disables a user: every session ends at once and their API tokens stop working. */
export async function disableUser(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  if (actor.id === id) throw new AppError('conflict', 'you cannot disable yourself');
  const disabled = await database.db.transaction().execute(async (trx) => {
    await lockUser(trx, id);
    return disableLockedUser(trx, actor, id, ctx);
  });
  await forgetSessionsOf(id);
  return disabled;
}

/** Disables a user named by login name (the CLI); `not_found` names the login name it did not find. */
export async function disableUserByUsername(
  database: Database,
  actor: Principal,
  username: string,
  ctx: AuditContext,
) {
  const disabled = await database.db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    if (!u) throw new AppError('not_found', `no user ${username}`);
    if (actor.id === u.id) throw new AppError('conflict', 'you cannot disable yourself');
    return disableLockedUser(trx, actor, u.id, ctx);
  });
  await forgetSessionsOf(disabled.id);
  return disabled;
}

/**
 * Creates a user with a password hashed by the caller (the CLI, which prompts for it). The organisation is
 * found by name and created when missing; without one the user belongs to the built-in Registry.
 */
export async function createUserWithPassword(
  database: Database,
  actor: Principal,
  input: { username: string; role: Role; organisationName?: string | undefined; passwordHash: string },
  ctx: AuditContext,
) {
  return database.db.transaction().execute(async (trx) => {
    let organisationId: string = REGISTRY_ORGANISATION_ID;
    if (input.organisationName !== undefined) {
      const found = await trx
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', input.organisationName)
        .executeTakeFirst();
      if (found) organisationId = found.id;
      else {
        organisationId = newId();
        await trx
          .insertInto('organisation')
          .values({ id: organisationId, name: input.organisationName })
          .execute();
        await appendAudit(
          trx,
          actor,
          { action: 'organisation.create', objectType: 'organisation', objectId: organisationId },
          ctx,
        );
      }
    }
    const user = await insertUser(trx, {
      username: input.username,
      role: input.role,
      organisationId,
      passwordHash: input.passwordHash,
      createdBy: actor.id,
    });
    await appendAudit(
      trx,
      actor,
      { action: 'user.create', objectType: 'user', objectId: user.id, detail: { role: user.role } },
      ctx,
    );
    return presentAdminUser(user);
  });
}

export async function changeRole(
  database: Database,
  actor: Principal,
  id: string,
  role: Role,
  ctx: AuditContext,
) {
  if (actor.id === id) throw new AppError('conflict', 'you cannot change your own role');
  const changed = await database.db.transaction().execute(async (trx) => {
    const before = await lockUser(trx, id);
    const u = await trx
      .updateTable('app_user')
      .set({ role })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Sessions remembered by any server carry the old role: they are read again.
    await announceAuthChange(trx, id);
    await appendAudit(
      trx,
      actor,
      {
        action: 'user.role_change',
        objectType: 'user',
        objectId: id,
        detail: { from: before.role, to: role },
      },
      ctx,
    );
    return presentAdminUser(u);
  });
  await forgetSessionsOf(id);
  return changed;
}

export async function listTokens(database: Database) {
  const rows = await database.db.selectFrom('api_token').selectAll().orderBy('created_at').execute();
  return { items: rows.map(presentToken) };
}

/**
 * Creates an API token for the admin themselves. An admin manages accounts but cannot act as another
 * user, so a token for anyone else is refused: users mint their own (POST /api/v1/auth/tokens).
 */
export async function createToken(
  database: Database,
  actor: Principal,
  input: { user_id: string; name: string; permissions: Permission[] },
  lifetimeDays: number,
  ctx: AuditContext,
) {
  if (input.user_id !== actor.id) {
    throw new AppError(
      'forbidden',
      'an admin cannot mint a token for another user (it would act as them); users mint their own at POST /api/v1/auth/tokens',
    );
  }
  return mintOwnToken(
    database,
    actor,
    { name: input.name, permissions: input.permissions },
    lifetimeDays,
    ctx,
  );
}

export async function revokeToken(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  return database.db.transaction().execute(async (trx) => {
    const t = await trx
      .updateTable('api_token')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!t) throw notFound('token');
    await appendAudit(trx, actor, { action: 'token.revoke', objectType: 'api_token', objectId: id }, ctx);
    return presentToken(t);
  });
}

/** When the newest setup link of a user runs out (null when none is pending). */
async function setupLinkExpiry(db: Kysely<DB>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('setup_token')
    .select('expires_at')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
  return row ? iso(row.expires_at) : null;
}

/** A fresh setup link for a user who has not chosen a password yet (the old one stops working). */
export async function renewSetupLink(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  return database.db.transaction().execute(async (trx) => {
    const u = await lockUser(trx, id);
    if (u.password_hash !== null) throw new AppError('conflict', 'this user has already set a password');
    if (u.disabled_at !== null) throw new AppError('conflict', 'this user is disabled');
    await trx
      .updateTable('setup_token')
      .set({ used_at: new Date() })
      .where('user_id', '=', id)
      .where('used_at', 'is', null)
      .execute();
    const setupToken = await createSetupToken(trx, id);
    await appendAudit(trx, actor, { action: 'user.setup_link', objectType: 'user', objectId: id }, ctx);
    return {
      user: presentAdminUser(u),
      setup_token: setupToken,
      setup_expires_at: (await setupLinkExpiry(trx, id)) ?? '',
    };
  });
}

/**
 * Resets a user's second factor (a lost phone): the authenticator key and recovery codes are dropped
 * and every session ends, so the next login enrols a new authenticator.
 */
export async function resetSecondFactor(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  const reset = await database.db.transaction().execute(async (trx) => {
    await lockUser(trx, id);
    const u = await trx
      .updateTable('app_user')
      .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('recovery_code').where('user_id', '=', id).execute();
    await endSessions(trx, id);
    await appendAudit(trx, actor, { action: 'user.totp_reset', objectType: 'user', objectId: id }, ctx);
    return presentAdminUser(u);
  });
  await forgetSessionsOf(id);
  return reset;
}

/** A user's open sessions (never their secrets) and API tokens. */
export async function userAccess(database: Database, id: string) {
  const user = await database.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user');
  const [sessions, tokens, setupExpiresAt] = await Promise.all([
    database.db
      .selectFrom('session')
      .select(['state', 'created_at', 'last_seen_at', 'expires_at'])
      .where('user_id', '=', id)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('last_seen_at', 'desc')
      .execute(),
    database.db.selectFrom('api_token').selectAll().where('user_id', '=', id).orderBy('created_at').execute(),
    setupLinkExpiry(database.db, id),
  ]);
  return {
    user: presentAdminUser(user),
    setup_expires_at: user.password_hash === null ? setupExpiresAt : null,
    sessions: sessions.map((s) => ({
      state: s.state,
      created_at: iso(s.created_at),
      last_seen_at: iso(s.last_seen_at),
      expires_at: iso(s.expires_at),
    })),
    tokens: tokens.map(presentToken),
  };
}

/** Ends every session of a user (they must sign in again); their API tokens are left alone. */
export async function endUserSessions(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  const ended = await database.db.transaction().execute(async (trx) => {
    const u = await lockUser(trx, id);
    await endSessions(trx, id);
    await appendAudit(trx, actor, { action: 'user.sessions_end', objectType: 'user', objectId: id }, ctx);
    return presentAdminUser(u);
  });
  await forgetSessionsOf(id);
  return ended;
}

/**
 * Who the actors behind ids are (for "entered by", "decided by", "viewed by"): a user's name and
 * organisation, the command line, or unknown. Staff of one organisation see the names of their own
 * organisation's users, and only the organisation of anyone else's.
 */
export async function describeActors(
  database: Database,
  viewer: Principal,
  ids: string[],
  ctx: AuditContext,
) {
  const uuids = [...new Set(ids)].filter((i) => /^[0-9a-f-]{36}$/i.test(i));
  const rows =
    uuids.length === 0
      ? []
      : await database.db
          .selectFrom('app_user')
          .innerJoin('organisation', 'organisation.id', 'app_user.organisation_id')
          .select(['app_user.id', 'app_user.username', 'app_user.organisation_id', 'organisation.name'])
          .where('app_user.id', 'in', uuids)
          .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  await appendAudit(
    database.db,
    viewer,
    { action: 'actors.read', objectType: 'user', objectId: null, detail: { count: rows.length } },
    ctx,
  );
  return {
    items: [...new Set(ids)].map((id) => {
      if (id === 'cli') return { id, kind: 'cli' as const, username: null, organisation: null };
      const u = byId.get(id);
      if (!u) return { id, kind: 'unknown' as const, username: null, organisation: null };
      const visible = viewer.organisationId === undefined || viewer.organisationId === u.organisation_id;
      return { id, kind: 'user' as const, username: visible ? u.username : null, organisation: u.name };
    }),
  };
}
