import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../modules/auth/sessions.js';
import { createTestActor } from '../test/auth.js';
import { openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;
/** Routes a browser calls before it holds an active session (no CSRF token exists yet). */
const BEFORE_A_SESSION = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/totp',
  'POST /api/v1/auth/totp/enrol',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/setup/check',
]);
const MISSING = '01900000-0000-7000-8000-00000000dead';

describe('CSRF on every state-changing route (PGlite)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    app = await buildApp(t.database, CONFIG);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('refuses a signed-in cookie without the session’s token on every write the staff side registers, and changes nothing', async () => {
    const admin = await createTestActor(t.database, 'admin');
    const writes = app.declaredRoutes.filter(
      (r) =>
        !['GET', 'HEAD', 'OPTIONS'].includes(r.method) &&
        r.url.startsWith('/api/v1/') &&
        // The public side acts for nobody: a staff cookie sent along is ignored there.
        !r.url.startsWith('/api/v1/public/') &&
        !BEFORE_A_SESSION.has(`${r.method} ${r.url}`),
    );
    expect(writes.length).toBeGreaterThan(30);
    const refused: string[] = [];
    for (const r of writes) {
      const url = r.url.replace(/:[a-z_]+/g, MISSING);
      for (const csrf of [undefined, 'not-the-token']) {
        // A session of its own per request: a route that ends sessions must not end the next one's.
        const s = await startSession(t.database.db, admin.userId, 'active');
        const res = await app.inject({
          method: r.method as 'POST',
          url,
          cookies: { hc_session: s.token },
          headers: {
            'content-type': 'application/json',
            ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
          },
          payload: '{}',
        });
        if (res.statusCode !== 403 || !/csrf/i.test(res.body)) {
          refused.push(
            `${r.method} ${r.url} (${csrf ?? 'none'}): ${res.statusCode} ${res.body.slice(0, 80)}`,
          );
        }
        // The session was not ended by a forged sign-out or password change.
        const still = await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: s.token } });
        if (still.statusCode !== 200) refused.push(`${r.method} ${r.url}: the session ended`);
      }
    }
    expect(refused).toEqual([]);
  });
});
