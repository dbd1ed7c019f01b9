import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { principalOf } from '../../http/access.js';
import { getPersonDetail, listPersonsPage, setWithheld } from './service.js';
import {
  ZListPersonsQuerySchema,
  ZListPersonsResponseSchema,
  ZPersonDetailSchema,
  ZPersonIdParamsSchema,
  ZWithholdRequestSchema,
  ZWithholdResponseSchema,
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
      async (request) =>
        listPersonsPage(database, principalOf(request), request.query, { address: request.ip }),
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
      async (request) =>
        getPersonDetail(database, principalOf(request), request.params.id, { address: request.ip }),
    );
    app.post(
      '/persons/:id/withhold',
      {
        config: { permission: 'person:withhold' },
        schema: {
          tags: ['persons'],
          summary:
            'Withhold a person from everyone whose role need not see them (GC IV Art. 137), or release',
          params: ZPersonIdParamsSchema,
          body: ZWithholdRequestSchema,
          response: { 200: ZWithholdResponseSchema, 400: ZErrorSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        setWithheld(database, principalOf(request), request.params.id, request.body.withheld, {
          address: request.ip,
        }),
    );
  };
}
