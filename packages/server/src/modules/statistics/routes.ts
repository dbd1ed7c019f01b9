import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import {
  ZCreateReleaseRequestSchema,
  ZPublicReleaseListSchema,
  ZPublicReleaseSchema,
  ZReleaseCsvParamsSchema,
  ZReleaseIdParamsSchema,
  ZReleaseListSchema,
  ZReleaseNumberParamsSchema,
  ZReleaseSchema,
} from './schemas.js';
import {
  advanceRelease,
  createDraftRelease,
  getRelease,
  listReleases,
  type PublicStatistics,
} from './service.js';
import { clientNetwork } from '../../http/network.js';

/** Public answers may be cached briefly by browsers and proxies; a changed release has a new ETag. */
const PUBLIC_CACHE = 'public, max-age=60';

/**
 * Bodies already encoded as UTF-8, by the (cached) string they encode: a 38 KB statistics answer was
 * converted again for every request, the largest part of its cost (8% of the server's CPU under load).
 * The strings are the published releases' (few); the map is emptied if it ever holds many.
 */
const encoded = new Map<string, Buffer>();
function encodedBody(body: string): Buffer {
  let b = encoded.get(body);
  if (b === undefined) {
    if (encoded.size >= 64) encoded.clear();
    b = Buffer.from(body, 'utf8');
    encoded.set(body, b);
  }
  return b;
}

/** Sends a cached body, or 304 when the caller already holds it. */
function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  etag: string,
  type: string,
  extra: Record<string, string> = {},
) {
  reply.header('etag', etag).header('cache-control', PUBLIC_CACHE).header('vary', 'accept-encoding');
  for (const [k, v] of Object.entries(extra)) reply.header(k, v);
  const match = request.headers['if-none-match'];
  if (match !== undefined && match.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    return reply.code(304).send();
  }
  return reply.type(type).send(encodedBody(body));
}

/**
 * Public statistics (no account, rate-limited, served from the published snapshot in memory) under
 * /api/v1/public/statistics, and the publisher's releases under /api/v1/statistics/releases.
 */
export function statisticsRoutes(
  database: Database,
  snapshot: PublicStatistics,
  rateLimitPerMinute: number,
  /** The server's key (the tracing key): rounding is then consistent across releases. */
  serverKey?: Buffer,
): FastifyPluginAsyncZod {
  return async (app) => {
    // Counted per client network: an IPv6 client's whole /64 is one client (http/network.ts).
    const publicConfig = {
      public: true,
      rateLimit: {
        max: rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => clientNetwork(request.ip),
      },
    };
    const json = 'application/json; charset=utf-8';

    app.get(
      '/public/statistics',
      {
        config: publicConfig,
        schema: {
          tags: ['public statistics'],
          summary: 'The latest published statistics release (ETag; 304 on If-None-Match)',
          response: { 200: ZPublicReleaseSchema, 304: z.null(), 404: ZErrorSchema, 429: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const e = await snapshot.latestEntry();
        if (!e) throw notFound('published statistics release');
        return sendCached(request, reply, e.body, e.etag, json);
      },
    );

    app.get(
      '/public/statistics/releases',
      {
        config: publicConfig,
        schema: {
          tags: ['public statistics'],
          summary: 'The published releases, newest first',
          response: { 200: ZPublicReleaseListSchema, 304: z.null(), 429: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const h = await snapshot.history();
        return sendCached(request, reply, h.body, h.etag, json);
      },
    );

    app.get(
      '/public/statistics/:release_id',
      {
        config: publicConfig,
        schema: {
          tags: ['public statistics'],
          summary: 'One published release, by number',
          params: ZReleaseNumberParamsSchema,
          response: {
            200: ZPublicReleaseSchema,
            304: z.null(),
            400: ZErrorSchema,
            404: ZErrorSchema,
            429: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const e = await snapshot.entry(request.params.release_id);
        if (!e) throw notFound('published statistics release');
        return sendCached(request, reply, e.body, e.etag, json, {
          'content-disposition': `inline; filename="homecoming-statistics-${e.release.release_id}.json"`,
        });
      },
    );

    app.get(
      '/public/statistics/:release_id/csv/:table_id',
      {
        config: publicConfig,
        schema: {
          tags: ['public statistics'],
          summary: 'One table of a published release as CSV (UTF-8, RFC 4180)',
          params: ZReleaseCsvParamsSchema,
          response: {
            200: z.string(),
            304: z.null(),
            400: ZErrorSchema,
            404: ZErrorSchema,
            429: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const e = await snapshot.entry(request.params.release_id);
        const csv = e?.csv.get(request.params.table_id);
        if (!e || csv === undefined) throw notFound('published statistics table');
        const name = `homecoming-statistics-${e.release.release_id}-${request.params.table_id}.csv`;
        return sendCached(request, reply, csv, e.etag, 'text/csv; charset=utf-8', {
          'content-disposition': `attachment; filename="${name}"`,
        });
      },
    );

    // The publisher's side: aggregates only, registry-wide publishers (policy.ts).
    app.get(
      '/statistics/releases',
      {
        config: { permission: 'statistics:draft' },
        schema: {
          tags: ['statistics'],
          summary: 'Every release (drafts, reviewed, published, discarded), newest first',
          response: { 200: ZReleaseListSchema, 403: ZErrorSchema },
        },
      },
      async (request) => ({ releases: await listReleases(database, principalOf(request)) }),
    );

    app.post(
      '/statistics/releases',
      {
        config: { permission: 'statistics:draft' },
        schema: {
          tags: ['statistics'],
          summary: 'Build a draft release from the registry as of now, with its review of hidden cells',
          body: ZCreateReleaseRequestSchema,
          response: { 201: ZReleaseSchema, 400: ZErrorSchema, 403: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const release = await createDraftRelease(
          database,
          principalOf(request),
          request.body,
          { address: request.ip },
          undefined,
          serverKey,
        );
        return reply.code(201).send(release);
      },
    );

    app.get(
      '/statistics/releases/:id',
      {
        config: { permission: 'statistics:draft' },
        schema: {
          tags: ['statistics'],
          summary: 'A release with its tables and every hidden cell (its count and why it is hidden)',
          params: ZReleaseIdParamsSchema,
          response: { 200: ZReleaseSchema, 403: ZErrorSchema, 404: ZErrorSchema },
        },
      },
      async (request) => getRelease(database, principalOf(request), request.params.id),
    );

    for (const step of ['review', 'publish', 'discard'] as const) {
      app.post(
        `/statistics/releases/:id/${step}`,
        {
          config: { permission: step === 'discard' ? 'statistics:draft' : 'statistics:publish' },
          schema: {
            tags: ['statistics'],
            summary:
              step === 'review'
                ? 'Mark a draft reviewed (its hidden cells seen)'
                : step === 'publish'
                  ? 'Publish a reviewed release: numbered, hashed, immutable'
                  : 'Discard a draft or reviewed release',
            params: ZReleaseIdParamsSchema,
            response: { 200: ZReleaseSchema, 403: ZErrorSchema, 404: ZErrorSchema, 409: ZErrorSchema },
          },
        },
        async (request) => {
          const release = await advanceRelease(database, principalOf(request), request.params.id, step, {
            address: request.ip,
          });
          if (step === 'publish') snapshot.refresh();
          return release;
        },
      );
    }
  };
}

/** The 429 the rate limiter throws, as the application's own error. */
export function rateLimitError(_request: FastifyRequest, context: { after: string }): AppError {
  return new AppError('rate_limited', `too many requests; try again in ${context.after}`);
}
