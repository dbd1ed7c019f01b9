import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `vite build` puts the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The app's client-side routes: each serves index.html and the router takes over in the browser. */
export const CLIENT_ROUTES = [
  '/',
  '/login',
  '/setup',
  '/search',
  '/persons/:id',
  '/persons/:id/events/new',
  '/records/new',
  '/review',
  '/import',
  '/import/:id',
  '/statistics',
  '/statistics/releases',
  // Tracing requests (issue #12): the relatives' public pages.
  '/trace',
  '/trace/status',
  // ... and the tracing officers' queue and files.
  '/tracing',
  '/tracing/:id',
  '/admin',
  '/admin/users',
  '/admin/organisations',
  '/tokens',
  // Exchanges (issue #13).
  '/exchanges',
  '/exchanges/:id',
] as const;

const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Homecoming</title>' +
  '<p>The web app is not built. Run <code>npm run build</code> and restart the server.</p></html>';

/**
 * Serves the built web app: hashed assets with a year-long immutable cache, and index.html (never
 * cached, so a new build is picked up) for every client-side route. Every route here is explicitly public.
 */
export async function registerWebApp(app: FastifyInstance, dist: string = WEB_DIST): Promise<void> {
  await app.register(fastifyStatic, { root: dist, serve: false, index: false, dotfiles: 'deny' });
  const indexFile = path.join(dist, 'index.html');

  for (const url of CLIENT_ROUTES) {
    app.get(url, { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
      if (!fs.existsSync(indexFile)) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', dist, { cacheControl: false, lastModified: false, etag: true });
    });
  }
  // Vite names every asset by its content hash, so an asset URL never changes meaning.
  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      // Only plain file names: a path that tries to climb out of assets/ is simply not there.
      if (!ASSET_NAME.test(request.params['*'])) return reply.callNotFound();
      return reply.sendFile(`assets/${request.params['*']}`, dist, { maxAge: '365d', immutable: true });
    },
  );
  app.get('/favicon.svg', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.sendFile('favicon.svg', dist, { maxAge: '1d' }),
  );
}
