import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';
import { parseJsonBody } from './json.js';

const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  tracing: { challenge: false },
} as const;

describe('a JSON body', () => {
  it('is refused with a key sent twice, naming the object, however the key is escaped', () => {
    const problem = (text: string) => {
      try {
        parseJsonBody(text);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problem('{"a":1,"a":2}')).toBe('body: the key "a" is sent twice');
    expect(problem('{"consent":{"tracing":false,"tracing":true}}')).toBe(
      'body.consent: the key "tracing" is sent twice',
    );
    expect(problem('{"x":[{"k":1},{"k":2,"\\u006b":3}]}')).toBe('body.x.1: the key "k" is sent twice');
    expect(problem('{"__proto__":{"polluted":1}}')).toBe('body: the key "__proto__" is not accepted');
    expect(problem('{"a":{"constructor":{"prototype":{"p":1}}}}')).toBe(
      'body.a.constructor: the key "constructor.prototype" is not accepted',
    );
    // Keys alike only inside strings, escaped quotes, one key in two objects, an ordinary constructor.
    expect(
      problem('{"a":"\\"a\\":1,","b":{"a":1},"c":[{"a":1},{"a":2}],"d":"x\\\\","constructor":"c"}'),
    ).toBeNull();
    expect(parseJsonBody('\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(problem('{"a":')).toBe('the request body is not valid JSON');
    expect(problem('  ')).toMatch(/the request body is empty/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe.each(DATABASE_KINDS)('JSON bodies on the write routes on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const count = async (table: 'tracing_request' | 'record') =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db))
        .rows[0]?.n,
    );

  it('refuses a duplicate key (consent false, then true) with a 400 naming it, filing nothing', async () => {
    const before = await count('tracing_request');
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests',
      headers: { 'content-type': 'application/json' },
      payload:
        '{"requester":{"name":"Генерована Мати","email":"dup@example.org","relationship":"parent"},' +
        '"sought":{"family_name":"Тестенко","given_name":"Петро"},"consent":{"tracing":false,"tracing":true}}',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'bad_request',
      message: 'body.consent: the key "tracing" is sent twice',
    });
    expect(await count('tracing_request')).toBe(before);
  });

  it('refuses __proto__ and constructor.prototype in words on a public and a staff route', async () => {
    const before = await count('record');
    for (const payload of [
      '{"__proto__":{"isAdmin":true},"source":"s","family_name":"Тестенко","given_name":"Петро"}',
      '{"constructor":{"prototype":{"isAdmin":true}},"source":"s","family_name":"Тестенко","given_name":"Петро"}',
    ]) {
      const r = await registrar.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(r.statusCode, payload).toBe(400);
      expect(r.json().message, payload).toMatch(/is not accepted/);
    }
    const pub = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/status',
      headers: { 'content-type': 'application/json' },
      payload: '{"case_number":"HC-2222-2222","access_code":"x","__proto__":{"a":1}}',
    });
    expect(pub.statusCode).toBe(400);
    expect(pub.json().message).toBe('body: the key "__proto__" is not accepted');
    expect(await count('record')).toBe(before);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it("keeps a public form's own body limit, and a byte order mark before the body", async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/status',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ case_number: 'x'.repeat(5000), access_code: 'x' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toBe('request body is larger than 4096 bytes');
    const bom = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests/status',
      headers: { 'content-type': 'application/json' },
      payload: '\ufeff{"case_number":"HC-2222-2222","access_code":"2222-2222-2222-2222-2222"}',
    });
    expect(bom.statusCode).toBe(404);
  });
});
