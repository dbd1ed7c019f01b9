import type { Kysely, Selectable } from 'kysely';
import { PERMISSIONS, permissionsOf, type Permission, type Principal } from '../../auth/permissions.js';
import { digest, randomSecret } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import type { ApiTokenTable, DB } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';

// API tokens: a bearer secret that acts as its user, limited to the permissions it was given. A user
// mints their own; a token expires (HOMECOMING_TOKEN_DAYS) and ends when its user's password changes.

/** Days a token lives when the configuration does not say (HOMECOMING_TOKEN_DAYS). */
export const DEFAULT_TOKEN_DAYS = 90;

const iso = (v: Date | string): string => new Date(v).toISOString();

/** A token as it leaves the server: never its secret or hash. */
export function presentToken(t: Selectable<ApiTokenTable>) {
  return {
    id: t.id,
    user_id: t.user_id,
    name: t.name,
    permissions: t.permissions,
    created_at: iso(t.created_at),
    last_used_at: t.last_used_at === null ? null : iso(t.last_used_at),
    revoked: t.revoked_at !== null,
    expires_at: iso(t.expires_at),
  };
}

/** The principal an API token acts as (its user, limited to its permissions), or null. */
export async function resolveBearer(database: Database, token: string): Promise<Principal | null> {
  const now = new Date();
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
    .where('api_token.expires_at', '>', now)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // When a token was last used, for admins retiring stale ones; written at most once a minute.
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
 * Mints a token for the caller themselves, limited to permissions their role holds (and, when the caller
 * is itself a token, to that token's). Nobody mints a token for someone else: that would let them act as
 * that person. The secret is shown once.
 */
export async function mintOwnToken(
  database: Database,
  actor: Principal,
  input: { name: string; permissions: Permission[] },
  lifetimeDays: number,
  ctx: AuditContext,
) {
  if (actor.kind !== 'user' && actor.kind !== 'token')
    throw new AppError('forbidden', 'only a signed-in user can mint an API token');
  const held = actor.kind === 'token' ? (actor.scopes ?? []) : permissionsOf(actor.role);
  return database.db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'role'])
      .where('id', '=', actor.id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    const outside = input.permissions.filter(
      (p) => !permissionsOf(user.role).includes(p) || !held.includes(p),
    );
    if (outside.length > 0) {
      throw new AppError('validation_failed', `permissions: you do not hold ${outside.join(', ')}`, [
        { path: 'permissions', message: `not held: ${outside.join(', ')}` },
      ]);
    }
    const secret = randomSecret();
    const now = new Date();
    const t = await trx
      .insertInto('api_token')
      .values({
        id: newId(),
        token_hash: digest(secret),
        user_id: user.id,
        name: input.name,
        permissions: [...new Set(input.permissions)],
        created_by: actor.id,
        created_at: now,
        last_used_at: null,
        revoked_at: null,
        expires_at: new Date(now.getTime() + lifetimeDays * 86_400_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, { action: 'token.create', objectType: 'api_token', objectId: t.id }, ctx);
    return { token: presentToken(t), secret };
  });
}

/** The caller's own tokens (never their secrets). */
export async function listOwnTokens(database: Database, actor: Principal) {
  const rows = await database.db
    .selectFrom('api_token')
    .selectAll()
    .where('user_id', '=', actor.id)
    .orderBy('created_at')
    .execute();
  return { items: rows.map(presentToken) };
}

/** Revokes one of the caller's own tokens; another user's answers like a missing one. */
export async function revokeOwnToken(database: Database, actor: Principal, id: string, ctx: AuditContext) {
  return database.db.transaction().execute(async (trx) => {
    const t = await trx
      .updateTable('api_token')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('user_id', '=', actor.id)
      .returningAll()
      .executeTakeFirst();
    if (!t) throw notFound('token');
    await appendAudit(trx, actor, { action: 'token.revoke', objectType: 'api_token', objectId: id }, ctx);
    return presentToken(t);
  });
}

/** Ends every live token of a user (their password changed: whoever held a token may not keep it). */
export async function revokeTokensOf(trx: Kysely<DB>, userId: string): Promise<number> {
  const r = await trx
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
