import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { createTestActor, type TestActor } from '../test/auth.js';
import { buildApp } from './app.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'info' } as const;

describe.each(DATABASE_KINDS)('registry API on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let reg: TestActor;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const logStream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    app = await buildApp(t.database, CONFIG, { logStream });
    reg = await createTestActor(t.database, 'registrar');
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const post = (url: string, payload: unknown) =>
    reg.inject(app, { method: 'POST', url, payload: payload as object });

  it('creates a record that becomes a new person with a derived best view and status', async () => {
    const res = await post('/api/v1/records', {
      source: 'family report desk',
      source_type: 'family_report',
      external_id: 'fr-1',
      category: 'military',
      family_name: 'Шевченко',
      given_name: 'Олександр',
      patronymic: 'Петрович',
      sex: 'male',
      birth_date: '1990-05-17',
      status: 'missing',
      unit: 'в/ч А0000',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.record.external_id).toBe('fr-1');
    expect(body.record.source).toMatchObject({ name: 'family report desk', type: 'family_report' });
    expect(body.record.person_id).toBe(body.person_id);

    const person = (await reg.inject(app, `/api/v1/persons/${body.person_id}`)).json();
    expect(person).toMatchObject({
      family_name: 'Шевченко',
      given_name: 'Олександр',
      birth_date: '1990-05-17',
      category: 'military',
      status: 'missing',
      record_count: 1,
    });
    expect(person.names).toEqual([
      {
        family_name: 'Шевченко',
        given_name: 'Олександр',
        patronymic: 'Петрович',
        script: 'cyrillic',
        records: 1,
      },
    ]);
    expect(person.status_event).toMatchObject({ type: 'reported_missing', source: 'family report desk' });
    expect(person.records).toHaveLength(1);
  });

  it('adds events that move the status up the ladder and say who asserted it', async () => {
    const created = (
      await post('/api/v1/records', {
        source: 'desk',
        external_id: 'ev-1',
        family_name: 'Бондар',
        status: 'missing',
      })
    ).json();
    const id = created.person_id as string;
    const r1 = await post(`/api/v1/persons/${id}/events`, {
      type: 'captivity_confirmed',
      occurred_on: '2024-03',
      source: 'ICRC notification 2024-03',
      confidence: 'confirmed',
    });
    expect(r1.statusCode).toBe(201);
    let person = (await reg.inject(app, `/api/v1/persons/${id}`)).json();
    expect(person.status).toBe('captivity_confirmed');
    expect(person.status_event).toMatchObject({
      source: 'ICRC notification 2024-03',
      confidence: 'confirmed',
    });

    await post(`/api/v1/persons/${id}/events`, { type: 'returned_in_exchange', occurred_on: '2025-01-15' });
    person = (await reg.inject(app, `/api/v1/persons/${id}`)).json();
    expect(person.status).toBe('returned');
    expect(person.events.map((e: { type: string }) => e.type)).toEqual([
      'reported_missing',
      'captivity_confirmed',
      'returned_in_exchange',
    ]);
  });

  it("refuses an event's date written as a range of two years with a 400 that says so, never as a month (pd2)", async () => {
    const created = (
      await post('/api/v1/records', { source: 'desk', external_id: 'ev-range', family_name: 'Бондар' })
    ).json();
    for (const occurred_on of ['2023/24', '2023-24 р.', '2023-2024']) {
      const r = await post(`/api/v1/persons/${created.person_id as string}/events`, {
        type: 'located',
        occurred_on,
      });
      expect(r.statusCode, occurred_on).toBe(400);
      expect(r.json().code).toBe('validation_failed');
      expect(r.json().message, occurred_on).toMatch(/occurred_on.*range of two years \(2023 or 2024\)/);
    }
    // A year and a month stay one.
    const ok = await post(`/api/v1/persons/${created.person_id as string}/events`, {
      type: 'located',
      occurred_on: '2024/03',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().occurred_on).toBe('2024-03');
  });

  it('attaches a record to an existing person by a human decision and recomputes the view', async () => {
    const first = (
      await post('/api/v1/records', {
        source: 'desk',
        external_id: 'att-1',
        family_name: 'Олійник',
        given_name: 'Микола',
        birth_date: '1985',
      })
    ).json();
    const second = await post('/api/v1/records', {
      source: 'other side list 7',
      source_type: 'other_side_list',
      external_id: 'att-2',
      family_name: 'Олейник',
      given_name: 'Николай',
      birth_date: '1985-02-03',
      status: 'captivity_reported',
      person_id: first.person_id,
    });
    expect(second.statusCode).toBe(201);
    const person = (await reg.inject(app, `/api/v1/persons/${first.person_id}`)).json();
    expect(person.record_count).toBe(2);
    expect(person.status).toBe('captivity_reported');
    expect(person.names.map((n: { family_name: string }) => n.family_name)).toEqual(['Олійник', 'Олейник']);
  });

  it('lists persons in pages filtered by category and status', async () => {
    for (let i = 0; i < 5; i++) {
      await post('/api/v1/records', {
        source: 'paging',
        external_id: `p-${i}`,
        family_name: `Ткаченко`,
        category: 'civilian_detainee',
        status: 'captivity_reported',
      });
    }
    const page1 = (await reg.inject(app, '/api/v1/persons?category=civilian_detainee&limit=3')).json();
    expect(page1.items).toHaveLength(3);
    expect(page1.next).toBeTypeOf('string');
    const page2 = (
      await reg.inject(app, `/api/v1/persons?category=civilian_detainee&limit=3&after=${page1.next}`)
    ).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.next).toBeNull();
    const all = [...page1.items, ...page2.items];
    expect(new Set(all.map((p: { id: string }) => p.id)).size).toBe(5);
    expect(all.every((p: { status: string }) => p.status === 'captivity_reported')).toBe(true);
  });

  it('rejects invalid records with every problem named, and writes nothing', async () => {
    const res = await post('/api/v1/records', {
      source: 'desk',
      external_id: 'bad-1',
      category: 'alien',
      sex: 'x',
      birth_date: '1990-02-30',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'birth_date',
      'category',
      'family_name',
      'sex',
    ]);
    const again = await post('/api/v1/records', {
      source: 'desk',
      external_id: 'bad-1',
      family_name: 'Мороз',
    });
    expect(again.statusCode).toBe(201);
  });

  it('refuses to overwrite an existing (source, external_id) with 409', async () => {
    await post('/api/v1/records', { source: 'dup', external_id: 'd-1', family_name: 'Коваль' });
    const res = await post('/api/v1/records', { source: 'dup', external_id: 'd-1', family_name: 'Інший' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
  });

  it('answers unknown ids, malformed ids and unknown routes with clear 4xx codes', async () => {
    expect((await reg.inject(app, '/api/v1/persons/01900000-0000-7000-8000-000000000000')).json().code).toBe(
      'not_found',
    );
    const bad = await reg.inject(app, '/api/v1/persons/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect((await reg.inject(app, '/api/v1/nothing')).statusCode).toBe(404);
    const unknownField = await post('/api/v1/records', { source: 's', family_name: 'X', colour: 'blue' });
    expect(unknownField.statusCode).toBe(400);
    const event = await post('/api/v1/persons/01900000-0000-7000-8000-000000000000/events', {
      type: 'located',
    });
    expect(event.statusCode).toBe(404);
    const badEvent = await post('/api/v1/persons/01900000-0000-7000-8000-000000000000/events', {
      type: 'teleported',
    });
    expect(badEvent.statusCode).toBe(400);
  });

  it('names a problem with the body as a whole "body", and one inside it by its path', async () => {
    const whole = await post('/api/v1/persons/01900000-0000-7000-8000-000000000000/events', ['located']);
    expect(whole.statusCode).toBe(400);
    expect(whole.json()).toMatchObject({ code: 'validation_failed', details: [{ path: 'body' }] });
    expect(whole.json().message).toMatch(/^body: /);
    const inside = await post('/api/v1/persons/01900000-0000-7000-8000-000000000000/events', {
      type: 'teleported',
    });
    expect(inside.json()).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.type' }] });
  });

  it('never answers bad bodies with a 500 or an internal message', async () => {
    const cases = [
      { payload: '{"source": ', headers: { 'content-type': 'application/json' } },
      { payload: '', headers: { 'content-type': 'application/json' } },
      { payload: 'source=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { payload: '{"__proto__": {"x": 1}, "source": "s"}', headers: { 'content-type': 'application/json' } },
      {
        payload: JSON.stringify({ source: 's', family_name: 'x'.repeat(100_000) }),
        headers: { 'content-type': 'application/json' },
      },
    ];
    const codes = [];
    for (const c of cases) {
      const res = await reg.inject(app, { method: 'POST', url: '/api/v1/records', ...c });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
      codes.push(res.json().code);
    }
    expect(codes).toEqual([
      'bad_request',
      'bad_request',
      'unsupported_media_type',
      'bad_request',
      'payload_too_large',
    ]);
  });

  it('asks the database whether it is ready at most once a second, however often /readyz is asked', async () => {
    // /readyz answers without an account: a flood of it must not be a flood of queries.
    const connect = vi.spyOn(t.database.pool, 'connect');
    const answers = await Promise.all(Array.from({ length: 40 }, () => app.inject('/readyz')));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(connect.mock.calls.length).toBeLessThanOrEqual(2);
    connect.mockRestore();
  });

  it('refuses requests without credentials, or with an unknown token, with 401', async () => {
    const res = await app.inject({ url: '/api/v1/persons' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    const forged = await app.inject({
      url: '/api/v1/persons',
      headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('marks personal data no-store and serves health, readiness and OpenAPI 3.1', async () => {
    expect((await reg.inject(app, '/api/v1/persons')).headers['cache-control']).toBe('no-store');
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready', database: kind });
    const spec = (await app.inject('/api/docs/json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/persons',
        '/api/v1/persons/{id}',
        '/api/v1/records',
        '/api/v1/records/{id}',
      ]),
    );
    expect((await app.inject('/')).headers['content-type']).toMatch(/text\/html/);
  });

  it('keeps names out of the logs', async () => {
    const canary = 'Канарейченко';
    await post('/api/v1/records', { source: 'canary', family_name: canary, given_name: 'Zzcanary' });
    await reg.inject(app, `/api/v1/persons?category=military&q=${encodeURIComponent(canary)}`);
    await post('/api/v1/records', { source: 'canary', family_name: canary, birth_date: 'bad' });
    const log = logLines.join('');
    expect(log).toContain('"route":"/api/v1/records"');
    expect(log).not.toContain(canary);
    expect(log).not.toContain(encodeURIComponent(canary));
    expect(log).not.toContain('Zzcanary');
  });
});

describe('route declarations', () => {
  it('refuse to start a server with a route that declares neither a permission nor public', async () => {
    const t = await openTestDatabase('pglite');
    try {
      const app = await buildApp(t.database, CONFIG);
      expect(() => app.get('/api/v1/undeclared', async () => 'x')).toThrow(/must declare/);
      await app.close();
    } finally {
      await t.dispose();
    }
  });
});
