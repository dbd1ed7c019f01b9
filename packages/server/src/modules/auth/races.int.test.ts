import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { totpCode } from './service.js';
import { THROTTLE } from './throttle.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 60_000, logLevel: 'silent' } as const;
const PASSWORD = 'correct horse battery staple';
const PARALLEL = 40;

function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'hc_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return c.value;
}

const count = (rs: LightMyRequestResponse[], status: number) =>
  rs.filter((r) => r.statusCode === status).length;

describe.each(DATABASE_KINDS)('login throttling and the second factor under concurrency on %s', (kind) => {
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

  const login = (username: string, password: string, address: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: address,
    });

  it(`lets at most ${THROTTLE.accountFailures} of ${PARALLEL} parallel wrong passwords for one account be tried, then locks it`, async () => {
    await createTestActor(t.database, 'analyst', { username: 'raced-account', password: PASSWORD });
    // Each guess from its own address, so only the account counter can stop them.
    const rs = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => login('raced-account', `wrong guess ${i}`, `10.20.${i}.1`)),
    );
    expect(count(rs, 401)).toBe(THROTTLE.accountFailures);
    expect(count(rs, 429)).toBe(PARALLEL - THROTTLE.accountFailures);
    expect((await login('raced-account', PASSWORD, '10.21.0.1')).statusCode).toBe(429);
  });

  it(`lets at most ${THROTTLE.addressFailures} of ${PARALLEL} parallel wrong passwords from one address be tried, then locks it`, async () => {
    await createTestActor(t.database, 'analyst', { username: 'raced-address', password: PASSWORD });
    // Each guess for its own account name, so only the address counter can stop them.
    const rs = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => login(`guess-name-${i}`, 'wrong guess!', '10.22.0.1')),
    );
    expect(count(rs, 401)).toBe(THROTTLE.addressFailures);
    expect(count(rs, 429)).toBe(PARALLEL - THROTTLE.addressFailures);
    expect((await login('raced-address', PASSWORD, '10.22.0.1')).statusCode).toBe(429);
    expect((await login('raced-address', PASSWORD, '10.22.0.2')).statusCode).toBe(200);
  });

  it('turns one pending session and one code into exactly one active session when sent twice at once', async () => {
    await createTestActor(t.database, 'analyst', { username: 'raced-totp', password: PASSWORD });
    const first = await login('raced-totp', PASSWORD, '10.23.0.1');
    const { secret } = first.json();
    const enrol = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/enrol',
      payload: { code: totpCode(secret) },
      cookies: { hc_session: sessionCookie(first) },
    });
    expect(enrol.statusCode).toBe(200);

    const second = await login('raced-totp', PASSWORD, '10.23.0.1');
    expect(second.json().next).toBe('totp');
    const pending = sessionCookie(second);
    // The next time step: the enrolment used the current one.
    const code = totpCode(secret, Date.now() + 30_000);
    const rs = await Promise.all(
      [0, 1].map(() =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/totp',
          payload: { code },
          cookies: { hc_session: pending },
          remoteAddress: '10.23.0.1',
        }),
      ),
    );
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const active = await t.database.db
      .selectFrom('session')
      .innerJoin('app_user', 'app_user.id', 'session.user_id')
      .select('session.id_hash')
      .where('app_user.username', '=', 'raced-totp')
      .where('session.state', '=', 'active')
      .execute();
    expect(active).toHaveLength(2); // the enrolment's session and one of the two requests'
  });

  it('keeps the pending session usable after a wrong code, and refuses a code reused on a new pending session', async () => {
    await createTestActor(t.database, 'analyst', { username: 'retry-totp', password: PASSWORD });
    const first = await login('retry-totp', PASSWORD, '10.24.0.1');
    const { secret } = first.json();
    const cookie = sessionCookie(first);
    const enrolWith = (code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp/enrol',
        payload: { code },
        cookies: { hc_session: cookie },
        remoteAddress: '10.24.0.1',
      });
    const right = totpCode(secret);
    expect((await enrolWith(right === '000000' ? '111111' : '000000')).statusCode).toBe(401);
    expect((await enrolWith(right)).statusCode).toBe(200);
    const again = await login('retry-totp', PASSWORD, '10.24.0.1');
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      payload: { code: right },
      cookies: { hc_session: sessionCookie(again) },
      remoteAddress: '10.24.0.1',
    });
    expect(replay.statusCode).toBe(401);
  });
});
