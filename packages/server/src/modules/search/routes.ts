import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { ZSearchPersonsQuerySchema, ZSearchPersonsResponseSchema } from './schemas.js';
import { principalOf } from '../../http/access.js';
import { searchPersonsAs } from './service.js';

/** /api/v1/search/persons: find a person by any rendering of the name, optionally a birth date. */
export function searchRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/search/persons',
      {
        config: { permission: 'person:search' },
        schema: {
          tags: ['search'],
          summary: 'Search persons by a name in any script, order or spelling, and an optional birth date',
          querystring: ZSearchPersonsQuerySchema,
          response: { 200: ZSearchPersonsResponseSchema, 400: ZErrorSchema },
        },
      },
      async (request) =>
        searchPersonsAs(database, principalOf(request), request.query, { address: request.ip }),
    );
  };
}
