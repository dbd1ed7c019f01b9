import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { getPersonDetail, listPersonsPage } from './service.js';
import {
  ZListPersonsQuerySchema,
  ZListPersonsResponseSchema,
  ZPersonDetailSchema,
  ZPersonIdParamsSchema,
} from './schemas.js';

/** /api/v1/persons: the derived persons, read-only (persons change only through records and events). */
export function personsRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/persons',
      {
        config: { permission: 'person:read' },
        schema: {
          tags: ['persons'],
          summary: 'List persons, filtered by category and status, in pages',
          querystring: ZListPersonsQuerySchema,
          response: { 200: ZListPersonsResponseSchema, 400: ZErrorSchema },
        },
      },
      async (request) => listPersonsPage(database, request.query),
    );

    app.get(
      '/persons/:id',
      {
        config: { permission: 'person:read' },
        schema: {
          tags: ['persons'],
          summary: "One person's file: best view, records with provenance, events and status",
          params: ZPersonIdParamsSchema,
          response: { 200: ZPersonDetailSchema, 404: ZErrorSchema },
        },
      },
      async (request) => getPersonDetail(database, request.params.id),
    );
  };
}
