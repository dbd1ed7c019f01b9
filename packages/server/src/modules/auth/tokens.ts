import { PERMISSIONS, type Permission, type Principal } from '../../auth/permissions.js';
import { digest } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';

// API tokens: a bearer secret that acts as its user, limited to the permissions it was given.

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
