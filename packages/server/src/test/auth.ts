import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { permissionsOf, principalOfUserId, type Principal, type Role } from '../auth/permissions.js';
import { digest, hashPassword, randomSecret } from '../auth/secrets.js';
import type { Database } from '../db/database.js';
import { newId } from '../db/ids.js';
import { insertUser } from '../modules/auth/service.js';

/** A staff member made for a test: their ids, a bearer token acting for them, and an inject wrapper. */
export interface TestActor {
  userId: string;
  username: string;
  organisationId: string;
  principal: Principal;
  token: string;
  headers: { authorization: string };
  /** `app.inject` with this actor's bearer token. */
  inject(app: FastifyInstance, opts: InjectOptions | string): Promise<LightMyRequestResponse>;
}

let counter = 0;

/** The id of the organisation of that name, created if missing. */
export async function ensureOrganisation(database: Database, name: string): Promise<string> {
  const found = await database.db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (found) return found.id;
  const id = newId();
  await database.db.insertInto('organisation').values({ id, name }).execute();
  return id;
}

/**
 * Creates an organisation (by name, if missing) and a user of the role in it, with an API token holding
 * every permission of the role. Pass `password` to also give the user a password (for login tests).
 */
export async function createTestActor(
  database: Database,
  role: Role,
  opts: { organisation?: string; username?: string; password?: string } = {},
): Promise<TestActor> {
  const organisationId = await ensureOrganisation(database, opts.organisation ?? 'Registry');
  const username =
    opts.username ??
    `${role.replace(/_/g, '-')}-${++counter}-${randomSecret(4)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`;
  const user = await insertUser(database.db, {
    username,
    role,
    organisationId,
    passwordHash: opts.password ? await hashPassword(opts.password) : null,
    createdBy: 'test',
  });
  const token = randomSecret();
  await database.db
    .insertInto('api_token')
    .values({
      id: newId(),
      token_hash: digest(token),
      user_id: user.id,
      name: 'test',
      permissions: [...permissionsOf(role)],
      created_by: 'test',
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  const headers = { authorization: `Bearer ${token}` };
  return {
    userId: user.id,
    username,
    organisationId,
    principal: principalOfUserId(user.id, role, organisationId),
    token,
    headers,
    inject(app, o) {
      const options: InjectOptions = typeof o === 'string' ? { url: o } : o;
      return app.inject({ ...options, headers: { ...(options.headers ?? {}), ...headers } });
    },
  };
}
