import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';
import { findBadText, MAX_DEPTH } from './text.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;
const NUL = '\u0000';
const LONE = '\ud800';

describe('text that cannot be stored', () => {
  it('is found in values and keys at any depth, with its path; paired surrogates are fine', () => {
    expect(findBadText({ a: ['ok', `x${NUL}`] }, 'body')).toMatchObject({ path: 'body.a.1' });
    expect(findBadText({ a: { [`k${LONE}`]: 'v' } }, 'body')).toMatchObject({ path: 'body.a' });
    expect(findBadText({ a: `tail${LONE}` }, 'body')?.message).toMatch(/lone surrogate/);
    expect(findBadText({ a: '\udc00' }, 'body')?.message).toMatch(/lone surrogate/);
    expect(findBadText({ a: 'Шевченко 😀 \t\n' }, 'body')).toBeNull();
    // Depth is bounded (every request's JSON is shallow): deeper is refused, without recursion.
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBadText({ a: deep }, 'body')?.message).toMatch(/nested deeper than 64 levels/);
  });
});

describe.each(DATABASE_KINDS)('bad text in API input answers 400 naming the field on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let admin: TestActor;
  let personId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    // A route that asks the static server for a dotfile, as a forbidden static path does.
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-static-'));
    fs.writeFileSync(path.join(dist, '.secret'), 'x');
    app.get('/forbidden-static-test', { config: { public: true } }, async (_request, reply) =>
      reply.sendFile('.secret', dist),
    );
    registrar = await createTestActor(t.database, 'registrar');
    admin = await createTestActor(t.database, 'admin');
    const r = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'text test', family_name: 'Тестенко', given_name: 'Петро' },
    });
    expect(r.statusCode).toBe(201);
    personId = r.json().person_id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const record = (extra: Record<string, unknown>) =>
    registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'text test', family_name: 'Тестенко', ...extra },
    });

  for (const [what, bad] of [
    ['NUL', NUL],
    ['a lone surrogate', LONE],
  ] as const) {
    it(`refuses ${what} in every record text field, the source and attributes (keys and values)`, async () => {
      for (const field of [
        'family_name',
        'given_name',
        'patronymic',
        'unit',
        'marks',
        'source_ref',
        'external_id',
      ]) {
        const r = await record({ [field]: `a${bad}b` });
        expect(r.statusCode, field).toBe(400);
        expect(r.json().details[0].path).toBe(`body.${field}`);
      }
      const source = await record({ source: `s${bad}` });
      expect(source.statusCode).toBe(400);
      expect(source.json().details[0].path).toBe('body.source');
      const value = await record({ attributes: { note: `v${bad}` } });
      expect(value.json().details[0].path).toBe('body.attributes.note');
      const key = await record({ attributes: { [`k${bad}`]: 'v' } });
      expect(key.statusCode).toBe(400);
      expect(key.json().message).toMatch(/^body\.attributes: a key contains/);
    });

    it(`refuses ${what} in event notes, organisation and token names, and logins`, async () => {
      const note = await registrar.inject(app, {
        method: 'POST',
        url: `/api/v1/persons/${personId}/events`,
        payload: { type: 'reported_missing', note: `n${bad}` },
      });
      expect(note.statusCode).toBe(400);
      expect(note.json().details[0].path).toBe('body.note');
      const org = await admin.inject(app, {
        method: 'POST',
        url: '/api/v1/admin/organisations',
        payload: { name: `o${bad}` },
      });
      expect(org.statusCode).toBe(400);
      expect(org.json().details[0].path).toBe('body.name');
      const token = await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/auth/tokens',
        payload: { name: `t${bad}`, permissions: ['person:read'] },
      });
      expect(token.statusCode).toBe(400);
      expect(token.json().details[0].path).toBe('body.name');
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `u${bad}`, password: 'whatever password' },
      });
      expect(login.statusCode).toBe(400);
      const query = await registrar.inject(app, `/api/v1/search/persons?q=${encodeURIComponent(`x${NUL}`)}`);
      expect(query.statusCode).toBe(400);
      expect(query.json().details[0].path).toBe('querystring.q');
    });
  }

  it('refuses JSON nested deeper than any request needs with 400, however deep (not a 500)', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const n of [MAX_DEPTH + 1, 5_000, 30_000]) {
      const r = await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        headers: { 'content-type': 'application/json' },
        payload: `{"source":"s","family_name":"x","attributes":{"a":${deep(n)}}}`,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation_failed' });
      expect(r.json().message).toMatch(/nested deeper than/);
    }
    // At the limit the body is read, and refused for what it is (attributes hold text).
    const ok = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      headers: { 'content-type': 'application/json' },
      payload: `{"source":"s","family_name":"x","attributes":{"a":${deep(MAX_DEPTH - 3)}}}`,
    });
    expect(ok.statusCode).toBe(400);
    expect(ok.json().message).not.toMatch(/nested deeper than/);
  });

  it('answers a forbidden static path with 404, not 500', async () => {
    const r = await app.inject('/forbidden-static-test');
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not_found');
  });
});
