import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { ZPersonIdParamsSchema } from '../persons/schemas.js';
import { ZCreateEventRequestSchema, ZEventSchema } from './schemas.js';
import { addEvent } from './service.js';

/** /api/v1/persons/:id/events: dated facts in a person's story. */
export function eventsRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/persons/:id/events',
      {
        config: { permission: 'event:create' },
        schema: {
          tags: ['events'],
          summary: "Add an event to a person's story; the status is recomputed",
          params: ZPersonIdParamsSchema,
          body: ZCreateEventRequestSchema,
          response: { 201: ZEventSchema, 400: ZErrorSchema, 404: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const event = await addEvent(database, principalOf(request), request.params.id, request.body, {
          address: request.ip,
        });
        return reply.code(201).send(event);
      },
    );
  };
}
