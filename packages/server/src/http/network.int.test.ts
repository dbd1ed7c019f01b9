import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';

const LIMIT = 3;
const CONFIG = {
  bodyLimit: 64 * 1024,
  requestTimeoutMs: 30_000,
  logLevel: 'silent',
  publicRateLimitPerMinute: LIMIT,
  tracing: { challenge: false, perAddressPerMinute: LIMIT, totalPerMinute: 1000 },
} as const;

describe('public limits per address hold against a /64 rotating its IPv6 addresses', () => {
  let t: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    app = await buildApp(t.database, CONFIG);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const statuses = async (url: string, prefix: string, n: number) => {
    const out: number[] = [];
    for (let i = 1; i <= n; i++)
      out.push(
        (await app.inject({ method: 'GET', url, remoteAddress: `${prefix}::${i.toString(16)}` })).statusCode,
      );
    return out;
  };

  it('counts every address of one /64 as one client, on the tracing forms and on the statistics', async () => {
    for (const [url, prefix, other] of [
      ['/api/v1/public/challenge', '2001:db8:10:1', '2001:db8:10:2'],
      ['/api/v1/public/statistics', '2001:db8:20:1', '2001:db8:20:2'],
    ] as const) {
      const rotating = await statuses(url, prefix, LIMIT + 2);
      expect(rotating.slice(LIMIT), url).toEqual([429, 429]);
      // Another /64 is another client.
      expect((await statuses(url, other, 1))[0], url).not.toBe(429);
    }
  });
});
