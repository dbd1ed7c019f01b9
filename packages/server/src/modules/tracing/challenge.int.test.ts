import { solveChallenge } from 'altcha-lib/v1';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { openTestDatabase, type TestDatabase } from '../../test/databases.js';

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;

describe('the proof-of-work challenge (on by default)', () => {
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

  const body = {
    requester: { name: 'Генерований Брат', email: 'brother@example.org', relationship: 'sibling' },
    sought: { family_name: 'Генеренко', given_name: 'Іван' },
    consent: { tracing: true },
  };

  it('refuses a request without a solved challenge, accepts a solved one once', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/v1/public/tracing-requests', payload: body });
    expect(none.statusCode).toBe(403);
    const c = (await app.inject('/api/v1/public/challenge')).json();
    expect(c.enabled).toBe(true);
    const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    expect(solution).not.toBeNull();
    const payload = Buffer.from(
      JSON.stringify({
        algorithm: c.algorithm,
        challenge: c.challenge,
        number: solution?.number,
        salt: c.salt,
        signature: c.signature,
      }),
    ).toString('base64');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests',
      headers: { 'x-altcha': payload },
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/public/tracing-requests',
      headers: { 'x-altcha': payload },
      payload: body,
    });
    expect(replay.statusCode).toBe(403);
  });

  const solved = async () => {
    const c = (await app.inject('/api/v1/public/challenge')).json();
    const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    return Buffer.from(
      JSON.stringify({
        algorithm: c.algorithm,
        challenge: c.challenge,
        number: solution?.number,
        salt: c.salt,
        signature: c.signature,
      }),
    ).toString('base64');
  };

  it('answers a retry that resends the spent challenge with its Idempotency-Key as the first sending was answered', async () => {
    const payload = await solved();
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/public/tracing-requests', headers, payload: body });
    const key = 'a-phone-retry-after-a-timeout-01';
    const first = await send({ 'x-altcha': payload, 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const retry = await send({ 'x-altcha': payload, 'idempotency-key': key });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    // A key never used does not pass without a challenge: only a replay is spared it.
    expect((await send({ 'idempotency-key': 'never-sent-before-0123456789' })).statusCode).toBe(403);
    // A new key with the spent challenge is a new request and the challenge is spent.
    expect(
      (await send({ 'x-altcha': payload, 'idempotency-key': 'another-key-0123456789abc' })).statusCode,
    ).toBe(403);
  });
});
