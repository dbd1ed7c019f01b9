import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { openDatabase, type Database } from '../../db/database.js';
import { buildApp } from '../../http/app.js';
import { createTestActor } from '../../test/auth.js';
import { DATABASE_KINDS, HAS_POSTGRES, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { changeRole, disableUserByUsername, endUserSessions } from '../admin/service.js';
import { rememberSessions, sessionCacheOf } from './sessionCache.js';
import { startSession } from './sessions.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;
/** Long enough that nothing in these tests is forgotten by time: what is forgotten was announced. */
const HOUR = 3_600_000;
const ADMIN = unsafeRegistryPrincipal();

/** Who the server says a session cookie is (401 when it names no active session). */
async function whoIs(app: FastifyInstance, token: string): Promise<{ status: number; role?: string }> {
  const r = await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: token } });
  return r.statusCode === 200
    ? { status: 200, role: (r.json() as { user: { role: string } }).user.role }
    : { status: r.statusCode };
}

/** Waits (bounded) until `check` holds; a notification takes a moment to arrive from PostgreSQL. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
}

describe.each(DATABASE_KINDS)('sessions remembered by the server on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let held: { close(): Promise<void> };
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    // Remembered for an hour: anything seen below within the test was forgotten on purpose, not by time.
    held = await rememberSessions(t.database, HOUR);
    app = await buildApp(t.database, CONFIG);
  });
  afterAll(async () => {
    await app?.close();
    await held?.close();
    await t?.dispose();
  });

  it('reads an active session once, then answers from memory until it changes', async () => {
    const user = await createTestActor(t.database, 'registrar');
    const s = await startSession(t.database.db, user.userId, 'active');
    expect(await whoIs(app, s.token)).toEqual({ status: 200, role: 'registrar' });
    // Ended by hand, unannounced (no server does this): the remembered session still answers, which
    // shows the second request did not read the row; forgetting it reads the row again.
    await t.database.db.updateTable('session').set({ ended_at: new Date() }).execute();
    expect((await whoIs(app, s.token)).status).toBe(200);
    sessionCacheOf(t.database.db)?.forgetAll();
    expect((await whoIs(app, s.token)).status).toBe(401);
  });

  it('takes a sign-out, a changed role, ended sessions and a disabled user into account on the very next request', async () => {
    const user = await createTestActor(t.database, 'registrar');
    const a = await startSession(t.database.db, user.userId, 'active');
    expect(await whoIs(app, a.token)).toEqual({ status: 200, role: 'registrar' });

    await changeRole(t.database, ADMIN, user.userId, 'analyst', {});
    expect(await whoIs(app, a.token)).toEqual({ status: 200, role: 'analyst' });

    await endUserSessions(t.database, ADMIN, user.userId, {});
    expect((await whoIs(app, a.token)).status).toBe(401);

    const b = await startSession(t.database.db, user.userId, 'active');
    expect((await whoIs(app, b.token)).status).toBe(200);
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { hc_session: b.token },
      headers: { 'x-csrf-token': b.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await whoIs(app, b.token)).status).toBe(401);

    const c = await startSession(t.database.db, user.userId, 'active');
    expect((await whoIs(app, c.token)).status).toBe(200);
    await disableUserByUsername(t.database, ADMIN, user.username, {});
    expect((await whoIs(app, c.token)).status).toBe(401);
  });

  it('never remembers a session past its expiry', async () => {
    const user = await createTestActor(t.database, 'registrar');
    const s = await startSession(t.database.db, user.userId, 'active');
    expect((await whoIs(app, s.token)).status).toBe(200);
    const { resolveSession } = await import('./sessions.js');
    // Half an hour on, the idle expiry has passed: the remembered session is not used.
    expect(await resolveSession(t.database, s.token, new Date(Date.now() + 31 * 60_000))).toBeNull();
  });
});

describe.runIf(HAS_POSTGRES)(
  'sessions remembered by one server, changed by another process (postgres)',
  () => {
    let t: TestDatabase;
    let other: Database;
    let app: FastifyInstance;
    let held: { close(): Promise<void> };
    beforeAll(async () => {
      t = await openTestDatabase('postgres');
      // Another process on the same database (a second worker, or the CLI): its own pool, no cache.
      other = await openDatabase({ url: t.url as string });
      held = await rememberSessions(t.database, HOUR);
      app = await buildApp(t.database, CONFIG);
    });
    afterAll(async () => {
      await app?.close();
      await held?.close();
      await other?.close();
      await t?.dispose();
    });

    it("forgets a user's sessions as soon as another process disables the user or changes the role", async () => {
      const user = await createTestActor(t.database, 'registrar');
      const s = await startSession(t.database.db, user.userId, 'active');
      expect(await whoIs(app, s.token)).toEqual({ status: 200, role: 'registrar' });
      await changeRole(other, ADMIN, user.userId, 'analyst', {});
      await eventually(async () => (await whoIs(app, s.token)).role === 'analyst', 'the new role seen');
      await disableUserByUsername(other, ADMIN, user.username, {});
      await eventually(async () => (await whoIs(app, s.token)).status === 401, 'the disabled user refused');
    });

    it('remembers nothing while it cannot hear the announcements, and again once it listens', async () => {
      const cache = sessionCacheOf(t.database.db);
      expect(cache?.hearing).toBe(true);
      const user = await createTestActor(t.database, 'registrar');
      const s = await startSession(t.database.db, user.userId, 'active');
      expect((await whoIs(app, s.token)).status).toBe(200);
      expect(cache?.size).toBeGreaterThan(0);
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'homecoming-listen' AND datname = current_database()`.execute(other.db);
      await eventually(() => cache?.hearing === false, 'the lost listener noticed');
      expect(cache?.size).toBe(0);
      // Unannounced, by hand: seen at once, since nothing is remembered meanwhile.
      await other.db.updateTable('session').set({ ended_at: new Date() }).execute();
      expect((await whoIs(app, s.token)).status).toBe(401);
      await eventually(() => cache?.hearing === true, 'listening again');
      const again = await startSession(t.database.db, user.userId, 'active');
      expect((await whoIs(app, again.token)).status).toBe(200);
      expect(cache?.size).toBeGreaterThan(0);
    });
  },
);
