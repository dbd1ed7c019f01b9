import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CLIENT_ROUTES, registerWebApp } from './web.js';

function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'export {};');
  return dir;
}

describe('serving the web app', () => {
  it('serves index.html, never cached, on every client-side route', async () => {
    const app = Fastify();
    await registerWebApp(app, fakeDist());
    for (const route of CLIENT_ROUTES) {
      const res = await app.inject(route.replace(':id', '01900000-0000-7000-8000-000000000001'));
      expect(res.statusCode, route).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets with a year-long immutable cache, and 404 for a missing one', async () => {
    const app = Fastify();
    await registerWebApp(app, fakeDist());
    const res = await app.inject('/assets/index-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject('/assets/nope.js')).statusCode).toBe(404);
    expect((await app.inject('/assets/..%2f..%2fetc%2fpasswd')).statusCode).toBe(404);
  });

  it('says how to build the app when it has not been built', async () => {
    const app = Fastify();
    await registerWebApp(app, path.join(os.tmpdir(), 'hc-web-not-built'));
    const res = await app.inject('/search');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});
