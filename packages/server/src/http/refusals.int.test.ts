import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

describe.each(DATABASE_KINDS)('anonymous refusals on %s', (kind) => {
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

  const denials = () =>
    t.database.db
      .selectFrom('audit_entry')
      .select(['object_id', 'detail'])
      .where('action', '=', 'access.denied')
      .execute();

  it('are counted, not written one audit row each, and written as one entry per route with its count', async () => {
    const rs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.inject({ url: '/api/v1/persons', remoteAddress: `10.30.0.${i}` }),
      ),
    );
    expect(rs.every((r) => r.statusCode === 401)).toBe(true);
    expect(await denials()).toHaveLength(0);
    await app.anonymousRefusals.flush();
    expect(await denials()).toEqual([
      { object_id: 'GET /api/v1/persons', detail: { code: 'unauthenticated', count: 50 } },
    ]);
  });
});
