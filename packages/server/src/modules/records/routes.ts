import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import {
  ZCreateRecordRequestSchema,
  ZCreateRecordResponseSchema,
  ZRecordIdParamsSchema,
  ZRecordSchema,
} from './schemas.js';
import { createRecord, getRecord } from './service.js';

/** /api/v1/records: one source's assertions, immutable once written. */
export function recordsRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/records',
      {
        config: { permission: 'record:create' },
        schema: {
          tags: ['records'],
          summary: 'Create a record; it becomes a new person, or joins person_id',
          body: ZCreateRecordRequestSchema,
          response: {
            201: ZCreateRecordResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const created = await createRecord(database, principalOf(request), request.body, {
          address: request.ip,
        });
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/records/:id',
      {
        config: { permission: 'record:read' },
        schema: {
          tags: ['records'],
          summary: 'One record with its provenance',
          params: ZRecordIdParamsSchema,
          response: { 200: ZRecordSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        getRecord(database, principalOf(request), request.params.id, { address: request.ip }),
    );
  };
}
