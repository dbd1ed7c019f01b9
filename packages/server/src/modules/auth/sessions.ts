import type { Kysely, Selectable } from 'kysely';
import { effectivePermissions, type Principal } from '../../auth/permissions.js';
import { digest, randomSecret } from '../../auth/secrets.js';
import { PREPARED, type Database } from '../../db/database.js';
import type { AppUserTable, DB } from '../../db/schema.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { announceAuthChange, forgetSessionsOf, sessionCacheOf } from './sessionCache.js';
import type { TSession, TUser } from './schemas.js';

// Sessions: the cookie a browser holds, pending (password given, second factor due) or active.

/** How long sessions live: a pending one (password given, second factor due), and an active one. */
export const SESSION_TTL = {
  pendingMs: 5 * 60_000,
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3600_000,
} as const;
export type UserRow = Selectable<AppUserTable>;

export function presentUser(u: Pick<UserRow, 'id' | 'username' | 'role' | 'organisation_id'>): TUser {
  return { id: u.id, username: u.username, role: u.role, organisation_id: u.organisation_id };
}

/** The principal a staff user acts as. */
export function principalOfUser(u: Pick<UserRow, 'id' | 'role' | 'organisation_id'>): Principal {
  return { id: u.id, role: u.role, organisationId: u.organisation_id, kind: 'user' };
}

export function sessionBody(u: UserRow, csrf: string): TSession {
  return { user: presentUser(u), permissions: effectivePermissions(principalOfUser(u)), csrf_token: csrf };
}

/** Opens a session for a user; the token goes to the cookie, only its digest is stored. */
export async function startSession(
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

/**
 * The live session a cookie token names (active or pending), or null; slides the idle expiry. Where the
 * server remembers sessions (sessionCache.ts), an active one is read at most every few seconds.
 */
export async function resolveSession(
  database: Database,
  token: string,
  now = new Date(),
): Promise<ResolvedSession | null> {
  const idHash = digest(token);
  const cache = sessionCacheOf(database.db);
  const remembered = cache?.get(idHash, now.getTime());
  if (remembered !== undefined) return remembered;
  const mark = cache?.mark() ?? 0;
  const row = await database.db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select([
      'session.state',
      'session.csrf_token',
      'session.created_at as session_created_at',
      'session.last_seen_at',
      'session.expires_at as session_expires_at',
    ])
    .where('session.id_hash', '=', idHash)
    .where('session.ended_at', 'is', null)
    .where('session.expires_at', '>', now)
    .where('app_user.disabled_at', 'is', null)
    .modifyEnd(PREPARED)
    .executeTakeFirst();
  if (!row) return null;
  const { state, csrf_token, session_created_at, last_seen_at, session_expires_at, ...user } = row;
  let expiresAt = new Date(session_expires_at).getTime();
  // The idle expiry slides at most once a minute (a write), not on every request.
  if (state === 'active' && now.getTime() - new Date(last_seen_at).getTime() > 60_000) {
    const cap = new Date(session_created_at).getTime() + SESSION_TTL.absoluteMs;
    expiresAt = Math.min(cap, now.getTime() + SESSION_TTL.idleMs);
    await database.db
      .updateTable('session')
      .set({ last_seen_at: now, expires_at: new Date(expiresAt) })
      .where('id_hash', '=', idHash)
      .execute();
  }
  const session: ResolvedSession = { idHash, state, csrf: csrf_token, user };
  cache?.put(session, expiresAt, mark, now.getTime());
  return session;
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
    await announceAuthChange(trx, s.user.id);
    if (s.state === 'active') {
      await appendAudit(
        trx,
        principalOfUser(s.user),
        { action: 'auth.logout', objectType: 'user', objectId: s.user.id },
        ctx,
      );
    }
  });
  await forgetSessionsOf(s.user.id);
}

/**
 * Ends every live session of a user, except possibly one, and announces it (every server forgets the
 * user's sessions at commit); the caller calls forgetSessionsOf after its commit.
 */
export async function endSessions(trx: Kysely<DB>, userId: string, except?: string): Promise<void> {
  let q = trx
    .updateTable('session')
    .set({ ended_at: new Date() })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (except !== undefined) q = q.where('id_hash', '<>', except);
  await q.execute();
  await announceAuthChange(trx, userId);
}
