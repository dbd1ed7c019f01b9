import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/database.js';
import { buildApp, databaseUnreachable } from './app.js';

const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  tracing: {
    challenge: false,
    perAddressPerMinute: 100,
    totalPerMinute: 1000,
    perEmailPerDay: 5,
    publicUrl: 'http://localhost:3000',
    smtpUrl: undefined,
    mailFrom: 'Homecoming <no-reply@localhost>',
  },
} as const;

// A PostgreSQL that is down (nothing listens on port 1): what a relative or a staff member gets is "try again
// shortly", not an internal error.
describe('a database that cannot be reached', () => {
  let database: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/homecoming_down' });
    app = await buildApp(database, CONFIG);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers 503 not_ready with Retry-After on the public routes', async () => {
    for (const r of [
      {
        method: 'POST' as const,
        url: '/api/v1/public/tracing-requests/status',
        payload: { case_number: 'HC-2026-ABCD-EFGH', access_code: 'x'.repeat(12) },
      },
      { method: 'GET' as const, url: '/api/v1/public/statistics' },
    ]) {
      const res = await app.inject(r);
      expect(res.statusCode, r.url).toBe(503);
      expect(res.json().code).toBe('not_ready');
      expect(res.headers['retry-after']).toBe('5');
    }
  });

  it('tells connection failures from other errors', () => {
    expect(databaseUnreachable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(databaseUnreachable({ code: '57P01' })).toBe(true);
    expect(databaseUnreachable({ code: '08006' })).toBe(true);
    expect(databaseUnreachable({ message: 'Connection terminated unexpectedly' })).toBe(true);
    expect(databaseUnreachable({ code: '23505', message: 'duplicate key' })).toBe(false);
    expect(databaseUnreachable({ code: '40P01' })).toBe(false);
    expect(databaseUnreachable({})).toBe(false);
  });
});
