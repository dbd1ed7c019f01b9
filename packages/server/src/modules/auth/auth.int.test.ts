import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON2_OPTIONS, hashPassword } from '../../auth/secrets.js';
import { buildApp } from '../../http/app.js';
import { createTestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { firstRunSetupToken, totpCode } from './service.js';
import { THROTTLE } from './throttle.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;
const PASSWORD = 'correct horse battery staple';

/** The hc_session cookie a response set. */
function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'hc_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return c.value;
}

describe('password hashing', () => {
  it('uses argon2id with the OWASP parameters (19 MiB, t=2, p=1), visible in every stored hash', async () => {
    expect(ARGON2_OPTIONS).toMatchObject({
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const h = await hashPassword('some long password');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });
});

describe.each(DATABASE_KINDS)('authentication on %s', (kind) => {
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

  const post = (url: string, payload: object, cookie?: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers,
      ...(cookie ? { cookies: { hc_session: cookie } } : {}),
    });

  /** Logs in with password and TOTP (enrolling on first login); returns the cookie and CSRF token. */
  async function signIn(username: string, password = PASSWORD, address = '10.0.0.1') {
    const first = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: address,
    });
    expect(first.statusCode).toBe(200);
    const pending = sessionCookie(first);
    const body = first.json();
    if (body.next === 'totp_enrol') {
      const r = await post('/api/v1/auth/totp/enrol', { code: totpCode(body.secret) }, pending);
      expect(r.statusCode).toBe(200);
      return {
        cookie: sessionCookie(r),
        csrf: r.json().session.csrf_token as string,
        secret: body.secret as string,
        codes: r.json().recovery_codes as string[],
        pending,
      };
    }
    throw new Error('expected enrolment');
  }

  it('walks a newcomer from the one-time setup link to an enrolled, signed-in admin', async () => {
    const token = await firstRunSetupToken(t.database);
    expect(token).toBeTypeOf('string');
    const setup = await post('/api/v1/auth/setup', {
      token: token as string,
      username: 'first-admin',
      password: PASSWORD,
    });
    expect(setup.statusCode).toBe(201);
    expect(setup.json().user).toMatchObject({ username: 'first-admin', role: 'admin' });
    // The link is one-time, and no second first-admin link is offered once an admin exists.
    expect(
      (await post('/api/v1/auth/setup', { token: token as string, username: 'second', password: PASSWORD }))
        .statusCode,
    ).toBe(403);
    expect(await firstRunSetupToken(t.database)).toBeNull();

    const login = await post('/api/v1/auth/login', { username: 'first-admin', password: PASSWORD });
    expect(login.statusCode).toBe(200);
    const body = login.json();
    expect(body.next).toBe('totp_enrol');
    expect(body.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const pending = sessionCookie(login);
    // A pending session is not a session yet.
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: pending } })).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ url: '/api/v1/admin/users', cookies: { hc_session: pending } })).statusCode,
    ).toBe(401);
    expect((await post('/api/v1/auth/totp/enrol', { code: '000000' }, pending)).statusCode).toBe(401);
    const enrol = await post('/api/v1/auth/totp/enrol', { code: totpCode(body.secret) }, pending);
    expect(enrol.statusCode).toBe(200);
    const { session, recovery_codes } = enrol.json();
    expect(recovery_codes).toHaveLength(10);
    // Codes are read and typed by people: no look-alike characters (0/o, 1/l/i).
    for (const c of recovery_codes as string[]) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(session.user.role).toBe('admin');
    expect(session.permissions).toContain('user:manage');
    const active = sessionCookie(enrol);
    expect(active).not.toBe(pending); // rotated
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: pending } })).statusCode,
    ).toBe(401);
    const me = await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: active } });
    expect(me.json()).toEqual(session);

    // Cookie-authenticated writes need the CSRF header.
    const noCsrf = await post('/api/v1/admin/organisations', { name: 'Org without csrf' }, active);
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await post('/api/v1/admin/organisations', { name: 'Ombudsman office' }, active, {
      'x-csrf-token': session.csrf_token,
    });
    expect(withCsrf.statusCode).toBe(201);

    // The second login asks for the code; a recovery code works once.
    const again = await post('/api/v1/auth/login', { username: 'first-admin', password: PASSWORD });
    expect(again.json()).toEqual({ next: 'totp' });
    const byRecovery = await post('/api/v1/auth/totp', { code: recovery_codes[0] }, sessionCookie(again));
    expect(byRecovery.statusCode).toBe(200);
    const third = await post('/api/v1/auth/login', { username: 'first-admin', password: PASSWORD });
    expect(
      (await post('/api/v1/auth/totp', { code: recovery_codes[0] }, sessionCookie(third))).statusCode,
    ).toBe(401);

    // Logout ends the session server-side: the same cookie no longer works.
    const out = await post('/api/v1/auth/logout', {}, active, { 'x-csrf-token': session.csrf_token });
    expect(out.statusCode).toBe(204);
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: active } })).statusCode,
    ).toBe(401);
  });

  it('answers an unknown user and a wrong password with the same body, and logs both failures', async () => {
    await createTestActor(t.database, 'analyst', { username: 'known-analyst', password: PASSWORD });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'known-analyst', password: 'not the password' },
      remoteAddress: '10.9.0.1',
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody-here', password: 'not the password' },
      remoteAddress: '10.9.0.2',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: { request_id?: string }) => ({ ...b, request_id: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
    const failed = await t.database.db
      .selectFrom('audit_entry')
      .select(['action', 'address'])
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(failed.map((f) => f.address)).toEqual(expect.arrayContaining(['10.9.0.1', '10.9.0.2']));
  });

  const attempt = (username: string, password: string, address: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: address,
    });

  /** Password and code from one address (enrolling on the first sign-in); returns the TOTP secret. */
  async function signInFrom(username: string, address: string, secret?: string): Promise<string> {
    const first = await attempt(username, PASSWORD, address);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    const key = (secret ?? body.secret) as string;
    const second = await app.inject({
      method: 'POST',
      url: body.next === 'totp_enrol' ? '/api/v1/auth/totp/enrol' : '/api/v1/auth/totp',
      payload: { code: totpCode(key, secret === undefined ? Date.now() : Date.now() + 30_000) },
      cookies: { hc_session: sessionCookie(first) },
      remoteAddress: address,
    });
    expect(second.statusCode).toBe(200);
    return key;
  }

  it('locks an account name at the guessing address only: the registrar elsewhere still signs in; an unknown name alike', async () => {
    await createTestActor(t.database, 'registrar', { username: 'guessed-registrar', password: PASSWORD });
    for (const username of ['guessed-registrar', 'never-existed']) {
      for (let i = 0; i < THROTTLE.accountAddressFailures; i++)
        expect((await attempt(username, 'wrong password!', '10.1.0.66')).statusCode).toBe(401);
      // the guesser is locked out of this name, even with the right password
      const locked = await attempt(username, PASSWORD, '10.1.0.66');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('rate_limited');
      // and only of this name: the address may still sign in as someone else
      expect((await attempt('someone-else', 'wrong password!', '10.1.0.66')).statusCode).toBe(401);
      // from anywhere else the name answers as before
      expect((await attempt(username, PASSWORD, '10.1.0.67')).statusCode).toBe(
        username === 'never-existed' ? 401 : 200,
      );
    }
  });

  it('locks an account name guessed from many addresses, even for the right password, and an unknown name the same way; not at an address it signed in from', async () => {
    await createTestActor(t.database, 'analyst', { username: 'locked-analyst', password: PASSWORD });
    await signInFrom('locked-analyst', '10.1.9.9');
    for (const username of ['locked-analyst', 'never-existed-2']) {
      // a distributed guess: a few from each address, under the per-address limits
      for (let i = 0; i < THROTTLE.accountFailures; i++) {
        const r = await attempt(username, 'wrong password!', `10.1.${Math.floor(i / 3)}.${i % 3}`);
        expect(r.statusCode).toBe(401);
      }
      const locked = await attempt(username, PASSWORD, '10.1.200.1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('rate_limited');
    }
    // the office the analyst signed in from is not locked out by the guess
    expect((await attempt('locked-analyst', PASSWORD, '10.1.9.9')).statusCode).toBe(200);
  });

  it('locks an address after repeated failures across account names', async () => {
    await createTestActor(t.database, 'analyst', { username: 'addr-analyst', password: PASSWORD });
    for (let i = 0; i < THROTTLE.addressFailures; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `guess-${i}`, password: 'wrong password!' },
        remoteAddress: '10.2.0.9',
      });
    }
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'addr-analyst', password: PASSWORD },
      remoteAddress: '10.2.0.9',
    });
    expect(r.statusCode).toBe(429);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'addr-analyst', password: PASSWORD },
      remoteAddress: '10.2.0.10',
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('changing the password ends the other sessions and API tokens; disabling a user ends all sessions and tokens at once', async () => {
    const actor = await createTestActor(t.database, 'registrar', {
      username: 'reg-sessions',
      password: PASSWORD,
    });
    const a = await signIn('reg-sessions', PASSWORD, '10.3.0.1');
    const second = await post('/api/v1/auth/login', { username: 'reg-sessions', password: PASSWORD });
    const b = await post(
      '/api/v1/auth/totp',
      { code: totpCode(a.secret, Date.now() + 30_000) },
      sessionCookie(second),
    );
    expect(b.statusCode).toBe(200);
    const bCookie = sessionCookie(b);
    const change = await post(
      '/api/v1/auth/password',
      { current_password: PASSWORD, new_password: 'an even longer passphrase' },
      a.cookie,
      { 'x-csrf-token': a.csrf },
    );
    expect(change.statusCode).toBe(204);
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: a.cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: bCookie } })).statusCode,
    ).toBe(401);

    // The password change also ended the user's API tokens.
    expect((await actor.inject(app, '/api/v1/persons')).statusCode).toBe(401);
    const admin = await createTestActor(t.database, 'admin');
    const disable = await admin.inject(app, {
      method: 'POST',
      url: `/api/v1/admin/users/${actor.userId}/disable`,
    });
    expect(disable.statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/api/v1/auth/session', cookies: { hc_session: a.cookie } })).statusCode,
    ).toBe(401);
    expect((await actor.inject(app, '/api/v1/persons')).statusCode).toBe(401);
  });

  it('counts wrong current passwords on a password change toward the account lockout', async () => {
    await createTestActor(t.database, 'analyst', { username: 'guessed-analyst', password: PASSWORD });
    const s = await signIn('guessed-analyst', PASSWORD, '10.5.0.1');
    const change = (current: string) =>
      post(
        '/api/v1/auth/password',
        { current_password: current, new_password: 'another long passphrase' },
        s.cookie,
        { 'x-csrf-token': s.csrf },
      );
    for (let i = 0; i < THROTTLE.accountAddressFailures; i++)
      expect((await change(`wrong guess ${i}`)).statusCode).toBe(403);
    expect((await change(PASSWORD)).statusCode).toBe(429);
  });

  it('issues API tokens scoped to permissions, shows the secret once, and revokes them', async () => {
    const admin = await createTestActor(t.database, 'admin');
    const service = await createTestActor(t.database, 'registrar');
    // A user mints their own token; an admin lists and revokes anyone's.
    const created = await service.inject(app, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'exchange feed', permissions: ['person:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(200);
    // Outside its scope, though the user's role holds it.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/records',
          payload: { source: 's', family_name: 'Тест' },
          headers: bearer,
        })
      ).statusCode,
    ).toBe(403);
    const listed = (await admin.inject(app, '/api/v1/admin/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    const mine = listed.items.find((x: { id: string }) => x.id === token.id);
    expect(mine.last_used_at).toBeTypeOf('string');
    const tooBroad = await service.inject(app, {
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'x', permissions: ['user:manage'] },
    });
    expect(tooBroad.statusCode).toBe(400);
    expect(
      (await admin.inject(app, { method: 'POST', url: `/api/v1/admin/tokens/${token.id}/revoke` }))
        .statusCode,
    ).toBe(200);
    expect((await app.inject({ url: '/api/v1/persons', headers: bearer })).statusCode).toBe(401);
  });

  it('lets an admin create a user with a one-time setup link bound to that username', async () => {
    const admin = await createTestActor(t.database, 'admin');
    const r = await admin.inject(app, {
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { username: 'new-analyst', role: 'analyst' },
    });
    expect(r.statusCode).toBe(201);
    const { setup_token, user } = r.json();
    expect(user).toMatchObject({ username: 'new-analyst', role: 'analyst', password_set: false });
    expect(
      (await post('/api/v1/auth/setup', { token: setup_token, username: 'someone-else', password: PASSWORD }))
        .statusCode,
    ).toBe(403);
    const again = await admin.inject(app, {
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { username: 'new-analyst2', role: 'analyst' },
    });
    const ok = await post('/api/v1/auth/setup', {
      token: again.json().setup_token,
      username: 'new-analyst2',
      password: PASSWORD,
    });
    expect(ok.statusCode).toBe(201);
    const s = await signIn('new-analyst2', PASSWORD, '10.4.0.1');
    expect(s.codes).toHaveLength(10);
  });
});
