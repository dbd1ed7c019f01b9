import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { firstRunSetupToken } from '../auth/service.js';

const AUDIT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-admin-audit-'));
const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  auditDir: AUDIT_DIR,
} as const;
const PASSWORD = 'a generated test passphrase';

describe.each(DATABASE_KINDS)('administration for the web app on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: TestActor;
  let registrar: TestActor;
  let outsider: TestActor;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    admin = await createTestActor(t.database, 'admin');
    registrar = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
    outsider = await createTestActor(t.database, 'registrar', { organisation: 'Org B' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
    fs.rmSync(AUDIT_DIR, { recursive: true, force: true });
  });

  const check = async (token: string) =>
    (await app.inject({ method: 'POST', url: '/api/v1/auth/setup/check', payload: { token } })).json();

  it("describes a user's setup link by name and expiry, then as used; an unknown link as invalid", async () => {
    const created = await admin.inject(app, {
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { username: 'web-newcomer', role: 'analyst' },
    });
    expect(created.statusCode).toBe(201);
    const { setup_token, setup_expires_at, user } = created.json();
    expect(Date.parse(setup_expires_at)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(await check(setup_token)).toEqual({
      state: 'user',
      username: 'web-newcomer',
      expires_at: setup_expires_at,
    });
    expect((await check('not-a-real-token')).state).toBe('invalid');

    const access = await admin.inject(app, `/api/v1/admin/users/${user.id}/access`);
    expect(access.json()).toMatchObject({ setup_expires_at, sessions: [], tokens: [] });

    // A new link replaces the old one, which then counts as used.
    const renewed = await admin.inject(app, {
      method: 'POST',
      url: `/api/v1/admin/users/${user.id}/setup-link`,
    });
    expect(renewed.statusCode).toBe(200);
    expect((await check(setup_token)).state).toBe('used');
    const fresh = renewed.json().setup_token as string;
    const set = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { token: fresh, username: 'web-newcomer', password: PASSWORD },
    });
    expect(set.statusCode).toBe(201);
    expect((await check(fresh)).state).toBe('used');
    // Once a password is set, no new link can be made for that user.
    const again = await admin.inject(app, {
      method: 'POST',
      url: `/api/v1/admin/users/${user.id}/setup-link`,
    });
    expect(again.statusCode).toBe(409);
  });

  it('describes the first-admin link as such, and an expired link as expired', async () => {
    const first = await firstRunSetupToken(t.database);
    // An admin with a password exists only if one was made so; the test actors have none.
    expect(first).not.toBeNull();
    expect((await check(first as string)).state).toBe('first_admin');
    await t.database.db
      .updateTable('setup_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', 'is', null)
      .where('used_at', 'is', null)
      .execute();
    expect((await check(first as string)).state).toBe('expired');
  });

  it("resets a user's second factor and ends their sessions, audited", async () => {
    await t.database.db
      .updateTable('app_user')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: new Date() })
      .where('id', '=', registrar.userId)
      .execute();
    const r = await admin.inject(app, {
      method: 'POST',
      url: `/api/v1/admin/users/${registrar.userId}/reset-second-factor`,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ totp_enrolled: false });
    const ended = await admin.inject(app, {
      method: 'POST',
      url: `/api/v1/admin/users/${registrar.userId}/end-sessions`,
    });
    expect(ended.statusCode).toBe(200);
    const audit = await t.database.db
      .selectFrom('audit_entry')
      .select('action')
      .where('object_id', '=', registrar.userId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.totp_reset', 'user.sessions_end']),
    );
  });

  it("names actors: own organisation's users by name, another's by organisation only, the CLI as such", async () => {
    const ids = [registrar.userId, outsider.userId, 'cli', '01900000-0000-7000-8000-00000000dead'];
    const r = await registrar.inject(app, `/api/v1/actors?ids=${ids.join(',')}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([
      { id: registrar.userId, kind: 'user', username: registrar.username, organisation: 'Org A' },
      { id: outsider.userId, kind: 'user', username: null, organisation: 'Org B' },
      { id: 'cli', kind: 'cli', username: null, organisation: null },
      { id: ids[3], kind: 'unknown', username: null, organisation: null },
    ]);
  });

  it('accepts dd.mm.yyyy for an event date and a search birth date, and pages search with the true total', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      const r = await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: {
          source: 'paging',
          family_name: 'Тимошенко',
          given_name: ['Андрій', 'Богдан', 'Василь', 'Дмитро', 'Іван'][i],
          birth_date: `1${i}.05.19${60 + i * 7}`,
        },
      });
      expect(r.statusCode).toBe(201);
      made.push(r.json().person_id as string);
    }
    const ev = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${made[0]}/events`,
      payload: { type: 'captivity_reported', occurred_on: '17.03.2024' },
    });
    expect(ev.statusCode).toBe(201);
    expect(ev.json().occurred_on).toBe('2024-03-17');
    const bad = await registrar.inject(app, {
      method: 'POST',
      url: `/api/v1/persons/${made[0]}/events`,
      payload: { type: 'captivity_reported', occurred_on: '31.02.2024' },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('is not a calendar date');

    const page1 = (await registrar.inject(app, '/api/v1/search/persons?q=Тимошенко&limit=2')).json();
    expect(page1.total).toBe(5);
    expect(page1.hits).toHaveLength(2);
    const page3 = (await registrar.inject(app, '/api/v1/search/persons?q=Тимошенко&limit=2&offset=4')).json();
    expect(page3.hits).toHaveLength(1);
    const all = new Set([...page1.hits, ...page3.hits].map((h: { person_id: string }) => h.person_id));
    expect(all.size).toBe(3);
    const born = await registrar.inject(app, '/api/v1/search/persons?q=Тимошенко Андрій&birth=10.05.1960');
    expect(born.statusCode).toBe(200);
    expect(born.json().query.birth).toBe('1960-05-10');
    const wrong = await registrar.inject(app, '/api/v1/search/persons?q=Тимошенко&birth=13.13.1960');
    expect(wrong.statusCode).toBe(400);
  });
});
