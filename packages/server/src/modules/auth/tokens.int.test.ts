import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { totpCode } from './service.js';

const TOKEN_DAYS = 7;
const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  tokenDays: TOKEN_DAYS,
} as const;
const PASSWORD = 'correct horse battery staple';

function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'hc_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return c.value;
}

describe.each(DATABASE_KINDS)('API tokens on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** Signs in with password and a first TOTP enrolment; returns the session cookie and CSRF token. */
  async function signIn(username: string) {
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrol',
      payload: { code: totpCode(first.json().secret) },
      cookies: { hc_session: sessionCookie(first) },
    });
    expect(r.statusCode).toBe(200);
    return { cookie: sessionCookie(r), csrf: r.json().session.csrf_token as string };
  }

  it('refuses an admin minting a token for another user, so no admin can act as someone else', async () => {
    const admin = await createTestActor(t.database, 'admin');
    const victim = await createTestActor(t.database, 'registrar');
    const r = await admin.inject(app, {
      method: 'POST',
      url: '/api/v1/admin/tokens',
      payload: { user_id: victim.userId, name: 'impersonation', permissions: ['person:read'] },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toMatch(/another user/);
    const made = await t.database.db
      .selectFrom('api_token')
      .select('id')
      .where('user_id', '=', victim.userId)
      .where('name', '=', 'impersonation')
      .execute();
    expect(made).toHaveLength(0);
    // Nor through the self-service route: it always mints for the caller.
    const own = await admin.inject(app, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'mine', permissions: ['user:manage'] },
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().token.user_id).toBe(admin.userId);
  });

  it(`expires a token ${TOKEN_DAYS} days (HOMECOMING_TOKEN_DAYS) after it was minted`, async () => {
    const user = await createTestActor(t.database, 'analyst');
    const before = Date.now();
    const r = await user.inject(app, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'feed', permissions: ['person:read'] },
    });
    expect(r.statusCode).toBe(201);
    const { token, secret } = r.json();
    const expires = Date.parse(token.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + TOKEN_DAYS * 86_400_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + TOKEN_DAYS * 86_400_000);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(200);
    // Its expiry passes (moved into the past rather than waiting days).
    await t.database.db
      .updateTable('api_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', token.id)
      .execute();
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(401);
  });

  it('ends every token of a user when their password changes', async () => {
    const user = await createTestActor(t.database, 'analyst', {
      username: 'token-pw-change',
      password: PASSWORD,
    });
    const s = await signIn('token-pw-change');
    const minted = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'script', permissions: ['person:read'] },
      cookies: { hc_session: s.cookie },
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(minted.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${minted.json().secret}` };
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(200);
    expect((await user.inject(app, '/api/v1/persons')).statusCode).toBe(200);
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { current_password: PASSWORD, new_password: 'a different long passphrase' },
      cookies: { hc_session: s.cookie },
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(change.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(401);
    expect((await user.inject(app, '/api/v1/persons')).statusCode).toBe(401);
  });

  it("lists and revokes only one's own tokens; another user's answers like a missing one", async () => {
    const a = await createTestActor(t.database, 'analyst');
    const b = await createTestActor(t.database, 'analyst');
    const made = await a.inject(app, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'a-feed', permissions: ['person:read'] },
    });
    const id = made.json().token.id as string;
    const listB = (await b.inject(app, '/api/v1/auth/tokens')).json();
    expect(listB.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const revokeByB = await b.inject(app, { method: 'POST', url: `/api/v1/auth/tokens/${id}/revoke` });
    expect(revokeByB.statusCode).toBe(404);
    const revokeByA = await a.inject(app, { method: 'POST', url: `/api/v1/auth/tokens/${id}/revoke` });
    expect(revokeByA.statusCode).toBe(200);
    expect(revokeByA.json().revoked).toBe(true);
    expect((await app.inject({ url: '/api/v1/auth/tokens' })).statusCode).toBe(401);
  });

  it('audits CSRF refusals on logout and password change', async () => {
    await createTestActor(t.database, 'analyst', { username: 'csrf-audited', password: PASSWORD });
    const s = await signIn('csrf-audited');
    const before = await t.database.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'access.denied')
      .executeTakeFirstOrThrow();
    for (const [url, payload] of [
      ['/api/v1/auth/logout', undefined],
      ['/api/v1/auth/password', { current_password: PASSWORD, new_password: 'another long passphrase' }],
    ] as const) {
      const r = await app.inject({
        method: 'POST',
        url,
        ...(payload ? { payload } : {}),
        cookies: { hc_session: s.cookie },
      });
      expect(r.statusCode).toBe(403);
    }
    const after = await t.database.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'access.denied')
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
  });
});
