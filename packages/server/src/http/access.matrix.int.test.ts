import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeCheckpoint } from '../modules/audit/checkpoint.js';
import { mintOwnToken } from '../modules/auth/tokens.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Principal, type Role } from '../auth/permissions.js';
import {
  partnerPrincipal,
  publicPrincipal,
  relativePrincipal,
  unsafeRegistryPrincipal,
} from '../gate/principal.js';
import { addListVersion, reconcileExchange } from '../modules/exchanges/service.js';
import { createTestActor, ensureOrganisation, type TestActor } from '../test/auth.js';
import { openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';
import type { DeclaredRoute } from './access.js';

/**
 * The role × route × (own organisation, other organisation, missing object) matrix. Every route the
 * server registers must have an entry here, or the first test fails: adding a route means adding one
 * line. A role without the route's permission gets 403 whatever the object; a role with it gets the
 * entry's expected status for each variant; nobody without credentials gets past 401.
 */

const AUDIT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-matrix-audit-'));
const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  auditDir: AUDIT_DIR,
} as const;
const MISSING = '01900000-0000-7000-8000-00000000dead';

type Variant = 'own' | 'other' | 'missing';
/** Ids of objects in the caller's organisation, in another organisation, and of none. */
type Fixture = Record<
  'person' | 'record' | 'user' | 'token' | 'pair' | 'request' | 'exchange',
  Record<Variant, string>
>;
interface Req {
  url: string;
  payload?: object | string;
  headers?: Record<string, string>;
}
interface Entry {
  request: (f: Fixture, v: Variant) => Req;
  /** Expected status per variant, for a role holding the permission. Collection routes give only `own`. */
  expect: Partial<Record<Variant, number>> & { own: number };
}

const MATRIX_CROSSED = 'external_id,family_name,given_name\nc1,Матриця,Тест\n';
let n = 0;
const unique = () => `m${++n}${Date.now().toString(36)}`;
/** A route on one object: the variant picks the id. */
const object = (
  kind: keyof Fixture,
  url: (id: string) => string,
  ok: number,
  payload?: () => object,
  other = 404,
): Entry => ({
  request: (f, v) => ({ url: url(f[kind][v]), ...(payload ? { payload: payload() } : {}) }),
  expect: { own: ok, other, missing: 404 },
});
/** A route on no single object (a list, a search, a create). */
const collection = (url: string, ok: number, payload?: () => object): Entry => ({
  request: () => ({ url, ...(payload ? { payload: payload() } : {}) }),
  expect: { own: ok },
});

const MATRIX: Record<string, Entry | 'public'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /': 'public',
  // The web app: its client-side routes serve index.html, and its hashed assets.
  'GET /login': 'public',
  'GET /setup': 'public',
  'GET /search': 'public',
  'GET /persons/:id': 'public',
  'GET /persons/:id/events/new': 'public',
  'GET /records/new': 'public',
  'GET /review': 'public',
  'GET /import': 'public',
  'GET /import/:id': 'public',
  'GET /statistics': 'public',
  'GET /statistics/releases': 'public',
  'GET /assets/*': 'public',
  // Tracing requests (#12): the relatives' pages and the public API, then the staff side. The fixture's
  // requests are verified already, so verifying again is a conflict (scope is checked before state).
  'GET /trace': 'public',
  'GET /trace/status': 'public',
  'GET /tracing': 'public',
  'GET /tracing/:id': 'public',
  'GET /api/v1/public/challenge': 'public',
  'POST /api/v1/public/tracing-requests': 'public',
  'POST /api/v1/public/tracing-requests/status': 'public',
  'POST /api/v1/public/tracing-requests/messages': 'public',
  'POST /api/v1/public/tracing-requests/reset': 'public',
  'POST /api/v1/public/tracing-requests/reset/confirm': 'public',
  'POST /api/v1/public/tracing-requests/documents': 'public',
  'GET /api/v1/tracing-requests': collection('/api/v1/tracing-requests', 200),
  'GET /api/v1/tracing-requests/:id': object('request', (id) => `/api/v1/tracing-requests/${id}`, 200),
  'POST /api/v1/tracing-requests/:id/verify': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/verify`,
    409,
  ),
  'POST /api/v1/tracing-requests/:id/link': {
    request: (f, v) => ({
      url: `/api/v1/tracing-requests/${f.request[v]}/link`,
      payload: { person_id: f.person.own },
    }),
    expect: { own: 200, other: 404, missing: 404 },
  },
  'POST /api/v1/tracing-requests/:id/create-person': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/create-person`,
    409,
  ),
  'POST /api/v1/tracing-requests/:id/state': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/state`,
    409,
    () => ({ state: 'received' }),
  ),
  'POST /api/v1/tracing-requests/:id/messages': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/messages`,
    201,
    () => ({ body: 'matrix' }),
  ),
  'GET /api/v1/tracing-requests/:id/documents/:documentId': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/documents/${MISSING}`,
    404,
  ),
  'GET /api/v1/tracing-requests/:id/outbox': object(
    'request',
    (id) => `/api/v1/tracing-requests/${id}/outbox`,
    200,
  ),
  'GET /api/v1/persons/:id/tracing-requests': object(
    'person',
    (id) => `/api/v1/persons/${id}/tracing-requests`,
    200,
  ),
  'GET /api/v1/admin/outbox': collection('/api/v1/admin/outbox', 200),
  // Exchanges (#13): each organisation's exchange has a list of our side and is reconciled already, so
  // reconciling the same file again answers 200 and changes nothing; not crossed without a reason is
  // refused (scope is checked before the body).
  'GET /api/v1/exchanges': collection('/api/v1/exchanges', 200),
  'POST /api/v1/exchanges': collection('/api/v1/exchanges', 201, () => ({ name: unique() })),
  'GET /api/v1/exchanges/:id': object('exchange', (id) => `/api/v1/exchanges/${id}`, 200),
  'POST /api/v1/exchanges/:id/lists/:side': {
    request: (f, v) => ({
      url: `/api/v1/exchanges/${f.exchange[v]}/lists/ours?file_name=list.csv`,
      payload: `external_id,family_name,given_name\n${unique()},Матриця,Тест\n`,
      headers: { 'content-type': 'text/csv' },
    }),
    expect: { own: 201, other: 404, missing: 404 },
  },
  'GET /api/v1/exchanges/:id/lists/:side': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/lists/ours`,
    200,
  ),
  'GET /api/v1/exchanges/:id/lists/:side/versions/:version/diff': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/lists/ours/versions/1/diff`,
    200,
  ),
  'GET /api/v1/exchanges/:id/lists/:side/export': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/lists/ours/export?format=csv&version=1`,
    200,
  ),
  'POST /api/v1/exchanges/:id/lists/:side/entries/:externalId/verify': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/lists/ours/entries/m1/verify`,
    400,
    () => ({ state: 'not_crossed' }),
  ),
  'POST /api/v1/exchanges/:id/reconciliation': {
    request: (f, v) => ({
      url: `/api/v1/exchanges/${f.exchange[v]}/reconciliation?file_name=crossed.csv`,
      payload: MATRIX_CROSSED,
      headers: { 'content-type': 'text/csv' },
    }),
    expect: { own: 200, other: 404, missing: 404 },
  },
  'GET /api/v1/exchanges/:id/reconciliation': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/reconciliation`,
    200,
  ),
  'GET /api/v1/exchanges/:id/planning': object('exchange', (id) => `/api/v1/exchanges/${id}/planning`, 200),
  'GET /api/v1/exchanges/:id/figures': object('exchange', (id) => `/api/v1/exchanges/${id}/figures`, 200),
  // The exchanges of the fixture have no list of their side: the handover answers 404 (nothing to hand
  // over) to a permitted caller, after scope.
  'POST /api/v1/exchanges/:id/handover': object('exchange', (id) => `/api/v1/exchanges/${id}/handover`, 404),
  // The fixture's exchanges are N-for-N: a complete category list is refused (409) after scope.
  'POST /api/v1/exchanges/:id/lists/ours/generate': object(
    'exchange',
    (id) => `/api/v1/exchanges/${id}/lists/ours/generate`,
    409,
  ),
  'GET /api/v1/enemy-pows': collection('/api/v1/enemy-pows', 200),
  'GET /api/v1/enemy-pows/export': collection('/api/v1/enemy-pows/export?format=csv', 200),
  'POST /api/v1/enemy-pows': {
    request: () => ({
      url: '/api/v1/enemy-pows?file_name=register.csv',
      payload: `external_id,family_name,given_name\n${unique()},Матрицев,Тест\n`,
      headers: { 'content-type': 'text/csv' },
    }),
    expect: { own: 200 },
  },
  'GET /favicon.svg': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/totp': 'public',
  'POST /api/v1/auth/totp/enrol': 'public',
  'GET /api/v1/auth/session': 'public',
  'POST /api/v1/auth/logout': 'public',
  'POST /api/v1/auth/password': 'public',
  'POST /api/v1/auth/setup': 'public',
  // One's own API tokens: public routes that require a signed-in caller themselves (auth/routes.ts).
  'GET /api/v1/auth/tokens': 'public',
  'POST /api/v1/auth/tokens': 'public',
  'POST /api/v1/auth/tokens/:id/revoke': 'public',
  // Public statistics (#14): published aggregates only, rate-limited.
  'GET /api/v1/public/statistics': 'public',
  'GET /api/v1/public/statistics/releases': 'public',
  'GET /api/v1/public/statistics/:release_id': 'public',
  'GET /api/v1/public/statistics/:release_id/csv/:table_id': 'public',
  'GET /api/v1/persons': collection('/api/v1/persons', 200),
  'GET /api/v1/persons/:id': object('person', (id) => `/api/v1/persons/${id}`, 200),
  'POST /api/v1/persons/:id/events': object(
    'person',
    (id) => `/api/v1/persons/${id}/events`,
    201,
    () => ({ type: 'located' }),
  ),
  'POST /api/v1/persons/:id/withhold': object(
    'person',
    (id) => `/api/v1/persons/${id}/withhold`,
    200,
    () => ({ withheld: false }),
  ),
  'POST /api/v1/records': collection('/api/v1/records', 201, () => ({
    source: 'matrix',
    family_name: 'Матриця',
  })),
  'GET /api/v1/records/:id': object('record', (id) => `/api/v1/records/${id}`, 200),
  'GET /api/v1/search/persons': collection('/api/v1/search/persons?q=Матриця', 200),
  'POST /api/v1/imports': {
    request: () => ({
      url: '/api/v1/imports?source=matrix',
      payload: `external_id,family_name\n${unique()},Матриця\n`,
      headers: { 'content-type': 'text/csv' },
    }),
    expect: { own: 202 },
  },
  'POST /api/v1/imports/preview': {
    request: () => ({
      url: '/api/v1/imports/preview?source=matrix',
      payload: `external_id,family_name\n${unique()},Матриця\n`,
      headers: { 'content-type': 'text/csv' },
    }),
    expect: { own: 200 },
  },
  // The review queue and links (#4). The fixture's pairs are already decided, so a reviewer in scope
  // gets 409 and one out of scope 404, exactly like a missing pair: scope is checked before state.
  'GET /api/v1/review/pairs': collection('/api/v1/review/pairs', 200),
  'POST /api/v1/review/pairs/:id/accept': object(
    'pair',
    (id) => `/api/v1/review/pairs/${id}/accept`,
    409,
    () => ({}),
  ),
  'POST /api/v1/review/pairs/:id/reject': object(
    'pair',
    (id) => `/api/v1/review/pairs/${id}/reject`,
    409,
    () => ({}),
  ),
  'POST /api/v1/persons/:id/split': {
    request: (f, v) => ({
      url: `/api/v1/persons/${f.person[v]}/split`,
      payload: { record_ids: [MISSING], reason: 'matrix' },
    }),
    expect: { own: 400, other: 404, missing: 404 },
  },
  'GET /api/v1/persons/:id/links': object('person', (id) => `/api/v1/persons/${id}/links`, 200),
  // Import jobs are seen by their own organisation only (imports.int.test.ts covers own and other).
  'GET /api/v1/imports/:id': collection(`/api/v1/imports/${MISSING}`, 404),
  'GET /api/v1/imports/:id/rejects': collection(`/api/v1/imports/${MISSING}/rejects`, 404),
  'GET /api/v1/audit': collection('/api/v1/audit?object_type=person', 200),
  'GET /api/v1/audit/verify': collection('/api/v1/audit/verify', 200),
  'GET /api/v1/audit/proof/:seq': {
    request: (_f, v) => ({ url: `/api/v1/audit/proof/${v === 'missing' ? 999999 : 1}` }),
    expect: { own: 200, missing: 404 },
  },
  // Admins manage the whole registry (every organisation), so "other" succeeds for them.
  'GET /api/v1/admin/organisations': collection('/api/v1/admin/organisations', 200),
  'POST /api/v1/admin/organisations': collection('/api/v1/admin/organisations', 201, () => ({
    name: unique(),
  })),
  'GET /api/v1/admin/users': collection('/api/v1/admin/users', 200),
  'POST /api/v1/admin/users': collection('/api/v1/admin/users', 201, () => ({
    username: unique(),
    role: 'analyst',
  })),
  'POST /api/v1/admin/users/:id/disable': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/disable`,
    200,
    undefined,
    200,
  ),
  'POST /api/v1/admin/users/:id/role': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/role`,
    200,
    () => ({ role: 'analyst' }),
    200,
  ),
  // Statistics releases (#14): aggregates of the whole registry, for publishers of any organisation.
  'GET /api/v1/statistics/releases': collection('/api/v1/statistics/releases', 200),
  'POST /api/v1/statistics/releases': collection('/api/v1/statistics/releases', 201, () => ({})),
  'GET /api/v1/statistics/releases/:id': collection(`/api/v1/statistics/releases/${MISSING}`, 404),
  'POST /api/v1/statistics/releases/:id/review': collection(
    `/api/v1/statistics/releases/${MISSING}/review`,
    404,
    () => ({}),
  ),
  'POST /api/v1/statistics/releases/:id/publish': collection(
    `/api/v1/statistics/releases/${MISSING}/publish`,
    404,
    () => ({}),
  ),
  'POST /api/v1/statistics/releases/:id/discard': collection(
    `/api/v1/statistics/releases/${MISSING}/discard`,
    404,
    () => ({}),
  ),
  'GET /api/v1/admin/users/:id/access': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/access`,
    200,
    undefined,
    200,
  ),
  'POST /api/v1/admin/users/:id/setup-link': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/setup-link`,
    409,
    undefined,
    409,
  ),
  'POST /api/v1/admin/users/:id/reset-second-factor': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/reset-second-factor`,
    200,
    undefined,
    200,
  ),
  'POST /api/v1/admin/users/:id/end-sessions': object(
    'user',
    (id) => `/api/v1/admin/users/${id}/end-sessions`,
    200,
    undefined,
    200,
  ),
  'GET /api/v1/actors': collection('/api/v1/actors?ids=cli', 200),
  'GET /api/v1/audit/actors': collection('/api/v1/audit/actors?ids=cli', 200),
  'POST /api/v1/auth/setup/check': 'public',
  'GET /admin': 'public',
  'GET /admin/users': 'public',
  'GET /admin/organisations': 'public',
  'GET /tokens': 'public',
  'GET /exchanges': 'public',
  'GET /exchanges/:id': 'public',
  'GET /api/v1/admin/tokens': collection('/api/v1/admin/tokens', 200),
  // Admins cannot mint a token for another user (they would act as them): only for themselves.
  'POST /api/v1/admin/tokens': {
    request: (f) => ({
      url: '/api/v1/admin/tokens',
      payload: { user_id: f.user.own, name: 'm', permissions: ['person:read'] },
    }),
    expect: { own: 403 },
  },
  'POST /api/v1/admin/tokens/:id/revoke': object(
    'token',
    (id) => `/api/v1/admin/tokens/${id}/revoke`,
    200,
    undefined,
    200,
  ),
};

/** Plugin routes that are public by nature (the OpenAPI document and its viewer); HEAD mirrors GET. */
const isPluginOrHead = (r: DeclaredRoute) => r.url.startsWith('/api/docs') || r.method === 'HEAD';

describe('role × route × scope matrix (PGlite)', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const actors = {} as Record<Role, TestActor>;
  let f: Fixture;

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    app = await buildApp(t.database, CONFIG);
    for (const role of ROLES)
      actors[role] = await createTestActor(t.database, role, { organisation: 'Org A' });
    const regB = await createTestActor(t.database, 'registrar', { organisation: 'Org B' });
    const mk = async (who: TestActor) => {
      const r = await who.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload: { source: 'matrix', family_name: 'Матриця' },
      });
      expect(r.statusCode).toBe(201);
      return r.json() as { person_id: string; record: { id: string } };
    };
    const own = await mk(actors.registrar);
    const other = await mk(regB);
    // A decided review pair in each organisation (two persons each).
    const pairOf = async (a: { person_id: string; record: { id: string } }, who: TestActor) => {
      const b = await mk(who);
      const row = await t.database.db
        .insertInto('review_pair')
        .values({
          left_person_id: a.person_id,
          right_person_id: b.person_id,
          left_record_id: a.record.id,
          right_record_id: b.record.id,
          score: 0,
          explanation: JSON.stringify([]),
          model_version: 'matrix',
          status: 'rejected',
        })
        .returning('public_id')
        .executeTakeFirstOrThrow();
      return row.public_id;
    };
    const pairOwn = await pairOf(own, actors.registrar);
    const pairOther = await pairOf(other, regB);
    const orgB = await ensureOrganisation(t.database, 'Org B');
    const userOwn = await createTestActor(t.database, 'analyst', { organisation: 'Org A' });
    const userOther = await createTestActor(t.database, 'analyst', { organisation: 'Org B' });
    expect(userOther.organisationId).toBe(orgB);
    // Each user mints their own token (an admin cannot mint one for another user).
    const tok = async (user: TestActor) => {
      const r = await mintOwnToken(
        t.database,
        user.principal,
        { name: 't', permissions: ['person:read'] },
        90,
        {
          address: '127.0.0.1',
        },
      );
      return r.token.id;
    };
    // A verified tracing request held by each organisation.
    const requestIn = async (organisationId: string) => {
      const id = crypto.randomUUID();
      const cn = `HC-${id.slice(0, 4)}-${id.slice(4, 8)}`.toUpperCase();
      await sql`INSERT INTO tracing_request (id, case_number, code_hash, organisation_id, requester, email_key,
          sought, consent, kinship_verified_at, state)
        VALUES (${id}, ${cn}, 'x', ${organisationId}, ${JSON.stringify({ name: 'M', email: 'm@example.org', relationship: 'parent' })}::jsonb,
          'k', ${JSON.stringify({ family_name: 'Матриця', given_name: 'Тест' })}::jsonb, '{"tracing": true}'::jsonb,
          now(), 'searching')`.execute(t.database.db);
      return id;
    };
    const requestOwn = await requestIn(actors.registrar.organisationId);
    const requestOther = await requestIn(orgB);
    // An exchange of each organisation, with list version 1 of our side, reconciled.
    const cli = unsafeRegistryPrincipal();
    const listFile = path.join(AUDIT_DIR, 'list.csv');
    fs.writeFileSync(listFile, 'external_id,family_name,given_name\nm1,Матриця,Тест\n');
    const crossedFile = path.join(AUDIT_DIR, 'crossed.csv');
    fs.writeFileSync(crossedFile, MATRIX_CROSSED);
    const exchangeIn = async (organisationId: string) => {
      const id = crypto.randomUUID();
      await sql`INSERT INTO exchange (id, organisation_id, name, created_by)
        VALUES (${id}, ${organisationId}, 'matrix', 'test')`.execute(t.database.db);
      await addListVersion(t.database, cli, id, 'ours', listFile);
      await reconcileExchange(t.database, cli, id, crossedFile);
      return id;
    };
    const exchangeOwn = await exchangeIn(actors.registrar.organisationId);
    const exchangeOther = await exchangeIn(orgB);
    await writeCheckpoint(t.database, AUDIT_DIR);
    f = {
      exchange: { own: exchangeOwn, other: exchangeOther, missing: MISSING },
      request: { own: requestOwn, other: requestOther, missing: MISSING },
      person: { own: own.person_id, other: other.person_id, missing: MISSING },
      record: { own: own.record.id, other: other.record.id, missing: MISSING },
      user: { own: userOwn.userId, other: userOther.userId, missing: MISSING },
      token: { own: await tok(userOwn), other: await tok(userOther), missing: MISSING },
      pair: { own: pairOwn, other: pairOther, missing: MISSING },
    };
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
    fs.rmSync(AUDIT_DIR, { recursive: true, force: true });
  });

  it('has an entry for every registered route, and no entry for a route that does not exist', () => {
    const routes = app.declaredRoutes.filter((r) => !isPluginOrHead(r)).map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('declares public exactly the routes the matrix calls public', () => {
    for (const r of app.declaredRoutes.filter((x) => !isPluginOrHead(x))) {
      expect(`${r.method} ${r.url}: ${r.public}`).toBe(
        `${r.method} ${r.url}: ${MATRIX[`${r.method} ${r.url}`] === 'public'}`,
      );
    }
  });

  it('answers every role, route and variant as the matrix says, and 401 without credentials', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of app.declaredRoutes.filter((x) => !isPluginOrHead(x))) {
      const key = `${r.method} ${r.url}`;
      const entry = MATRIX[key];
      if (entry === undefined || entry === 'public' || r.permission === null) continue;
      const variants = Object.keys(entry.expect) as Variant[];
      const anon = entry.request(f, 'own');
      const res = await app.inject({
        method: r.method as 'GET',
        url: anon.url,
        ...(anon.payload ? { payload: anon.payload } : {}),
        ...(anon.headers ? { headers: anon.headers } : {}),
      });
      if (res.statusCode !== 401) failures.push(`${key} anonymous: ${res.statusCode}`);
      for (const role of ROLES) {
        for (const v of variants) {
          const req = entry.request(f, v);
          const got = await actors[role].inject(app, {
            method: r.method as 'GET',
            url: req.url,
            ...(req.payload ? { payload: req.payload } : {}),
            ...(req.headers ? { headers: req.headers } : {}),
          });
          checked++;
          const want = can(actors[role].principal, r.permission) ? entry.expect[v] : 403;
          if (got.statusCode !== want)
            failures.push(
              `${key} as ${role} (${v}): ${got.statusCode}, expected ${want}: ${got.body.slice(0, 120)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    // Every permission route, 6 roles, 1 to 3 variants each (186 requests today).
    expect(checked).toBeGreaterThan(150);
  });

  it('lets no relative, public or partner principal reach any staff route', () => {
    // The route check is `can(principal, route.permission)` (http/access.ts); these principals hold no
    // staff permission, so every route that is not public refuses them. Their own routes (tracing
    // requests, public statistics) arrive with later issues, with their own permissions.
    const outsiders: Record<string, Principal> = {
      relative: relativePrincipal(MISSING),
      public: publicPrincipal(),
      partner: partnerPrincipal(MISSING, MISSING, MISSING),
    };
    const reachable: string[] = [];
    const staffRoutes = app.declaredRoutes.filter((r) => !isPluginOrHead(r) && !r.public);
    for (const [name, p] of Object.entries(outsiders))
      for (const r of staffRoutes)
        if (r.permission !== null && can(p, r.permission)) reachable.push(`${name}: ${r.method} ${r.url}`);
    expect(staffRoutes.length).toBeGreaterThan(20);
    expect(reachable).toEqual([]);
  });

  it('answers a missing and an out-of-scope person with the same body and the same work (one denial entry each)', async () => {
    const head = async () =>
      Number((await t.database.db.selectFrom('audit_head').select('size').executeTakeFirstOrThrow()).size);
    const since = async (seq: number) =>
      (
        await t.database.db
          .selectFrom('audit_entry')
          .select(['object_id', 'detail'])
          .where('action', '=', 'access.denied')
          .where('object_type', '=', 'person')
          .where('seq', '>', seq)
          .execute()
      ).map((e) => `${e.object_id} ${(e.detail as { code: string }).code}`);
    const before = await head();
    await actors.analyst.inject(app, `/api/v1/persons/${f.person.other}`);
    await actors.analyst.inject(app, `/api/v1/persons/${f.person.missing}`);
    const added = await since(before);
    expect(added.sort()).toEqual([`${f.person.missing} missing`, `${f.person.other} out_of_scope`].sort());
  });

  it('answers an out-of-scope person with exactly the body of a missing one', async () => {
    const a = await actors.analyst.inject(app, `/api/v1/persons/${f.person.other}`);
    const b = await actors.analyst.inject(app, `/api/v1/persons/${f.person.missing}`);
    const strip = (x: { request_id?: string; message?: string }) => ({ ...x, request_id: undefined });
    expect(a.statusCode).toBe(404);
    expect(strip(a.json())).toEqual(strip(b.json()));
    const list = (await actors.analyst.inject(app, '/api/v1/persons?limit=500')).json();
    const ids = list.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(f.person.own);
    expect(ids).not.toContain(f.person.other);
    const search = (await actors.analyst.inject(app, '/api/v1/search/persons?q=Матриця')).json();
    expect(search.hits.map((h: { person_id: string }) => h.person_id)).not.toContain(f.person.other);
  });
});
