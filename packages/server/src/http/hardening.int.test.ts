import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../test/auth.js';
import { openTestDatabase, type TestDatabase } from '../test/databases.js';
import { buildApp } from './app.js';

const CONFIG = {
  bodyLimit: 16 * 1024,
  requestTimeoutMs: 12_345,
  logLevel: 'info',
  // One proxy in front: its X-Forwarded-Proto and its own X-Forwarded-For entry are believed.
  trustProxy: 1,
} as const;

describe('hardening pinned in code', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let reg: TestActor;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    const logStream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    app = await buildApp(t.database, CONFIG, { logStream });
    reg = await createTestActor(t.database, 'registrar', { password: 'canary password Zq7#plover' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('limits the body size and sets a non-zero request timeout from the configuration', async () => {
    expect(app.initialConfig.bodyLimit).toBe(16 * 1024);
    expect(app.server.requestTimeout).toBe(12_345);
    const res = await reg.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 's', family_name: 'x'.repeat(20_000) },
    });
    expect(res.statusCode).toBe(413);
  });

  it('refuses a path that is not valid UTF-8 in its own error shape, with its headers, echoing nothing', async () => {
    for (const url of ['/api/v1/persons/%ED%A0%80', '/api/v1/persons/%FF%FE', '/%C0%AF']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(400);
      expect(r.json()).toMatchObject({ code: 'bad_request' });
      expect(r.body).not.toContain('%');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('rejects prototype poisoning through __proto__ and constructor.prototype', async () => {
    for (const payload of [
      '{"source":"s","family_name":"X","__proto__":{"admin":true}}',
      '{"source":"s","family_name":"X","constructor":{"prototype":{"admin":true}}}',
    ]) {
      const res = await reg.inject(app, {
        method: 'POST',
        url: '/api/v1/records',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('bad_request');
    }
  });

  it('sends security headers: CSP with frame-ancestors none, nosniff, frame denial; HSTS only over TLS', async () => {
    const res = await app.inject('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const tls = await app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('sets the session cookie Secure only behind TLS', async () => {
    const login = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: reg.username, password: 'canary password Zq7#plover' },
        headers,
      });
    expect(String((await login({})).headers['set-cookie'])).not.toMatch(/Secure/);
    expect(String((await login({ 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toMatch(/Secure/);
  });

  it('marks every API answer with personal data Cache-Control: no-store', async () => {
    const created = await reg.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'nostore', family_name: 'Безкешенко' },
    });
    expect(created.headers['cache-control']).toBe('no-store');
    const person = await reg.inject(app, `/api/v1/persons/${created.json().person_id}`);
    expect(person.headers['cache-control']).toBe('no-store');
    expect((await reg.inject(app, '/api/v1/search/persons?q=Безкешенко')).headers['cache-control']).toBe(
      'no-store',
    );
    // The router decodes the path before matching: the same person by a percent-encoded path is the
    // same personal data (it was answered without no-store: the rule read the raw URL).
    const id = created.json().person_id as string;
    for (const url of [
      `/%61pi/v1/persons/${id}`,
      `/api/v1/%70ersons/${id}`,
      `/api/v1/persons/${id}?x=/api/v1/public/statistics`,
    ]) {
      const r = await reg.inject(app, url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('keeps a canary name, password, token and cookie out of the logs, whatever the route', async () => {
    const canary = 'Канарейко';
    await reg.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'canary', family_name: canary, given_name: 'Zzcanaryz' },
    });
    await reg.inject(app, `/api/v1/search/persons?q=${encodeURIComponent(canary)}`);
    await reg.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'canary', family_name: canary, birth_date: 'not a date' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: reg.username, password: 'canary password Zq7#plover' },
    });
    await app.inject({ url: '/api/v1/persons', cookies: { hc_session: 'Zzcookiecanary' } });
    const log = logLines.join('');
    expect(log).toContain('"route":"/api/v1/records"');
    for (const secret of [
      canary,
      encodeURIComponent(canary),
      'Zzcanaryz',
      'Zq7#plover',
      reg.token,
      'Zzcookiecanary',
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('believes X-Forwarded-For only as far as the trusted hops: a client cannot pick its own address', async () => {
    const probe = async (trustProxy: false | number | string[], remoteAddress: string, xff: string) => {
      const a = await buildApp(t.database, { ...CONFIG, logLevel: 'silent', trustProxy });
      a.get('/ip-probe', { config: { public: true } }, async (request) => ({ ip: request.ip }));
      const r = await a.inject({ url: '/ip-probe', remoteAddress, headers: { 'x-forwarded-for': xff } });
      await a.close();
      return r.json().ip as string;
    };
    // The client wrote 6.6.6.6; the one trusted proxy appended the address it saw, 7.7.7.7.
    expect(await probe(1, '10.0.0.5', '6.6.6.6, 7.7.7.7')).toBe('7.7.7.7');
    expect(await probe(['10.0.0.0/8'], '10.0.0.5', '6.6.6.6, 7.7.7.7')).toBe('7.7.7.7');
    expect(await probe(['10.0.0.0/8'], '10.0.0.5', '6.6.6.6, 10.9.9.9')).toBe('6.6.6.6');
    // A request that does not come through a trusted proxy keeps its own address.
    expect(await probe(['10.0.0.0/8'], '8.8.8.8', '6.6.6.6')).toBe('8.8.8.8');
    expect(await probe(false, '8.8.8.8', '6.6.6.6')).toBe('8.8.8.8');
  });
});
