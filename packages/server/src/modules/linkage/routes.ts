import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { ZPersonIdParamsSchema } from '../persons/schemas.js';
import {
  ZAcceptPairResponseSchema,
  ZListReviewPairsQuerySchema,
  ZListReviewPairsResponseSchema,
  ZPairIdParamsSchema,
  ZPersonLinksResponseSchema,
  ZRejectPairResponseSchema,
  ZReviewDecisionRequestSchema,
  ZSplitPersonRequestSchema,
  ZSplitPersonResponseSchema,
} from './schemas.js';
import { acceptPair, listReviewPairs, personLinks, rejectPair, splitPersonRecords } from './service.js';

/** The review queue (/review/pairs), splitting a person, and a person's link history. */
export function linkageRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/review/pairs',
      {
        config: { permission: 'review:read' },
        schema: {
          tags: ['review'],
          summary: 'Pending candidate pairs, highest score first, both sides and the explanation',
          querystring: ZListReviewPairsQuerySchema,
          response: { 200: ZListReviewPairsResponseSchema, 400: ZErrorSchema },
        },
      },
      async (request) =>
        listReviewPairs(database, principalOf(request), request.query, { address: request.ip }),
    );

    app.post(
      '/review/pairs/:id/accept',
      {
        config: { permission: 'review:decide' },
        schema: {
          tags: ['review'],
          summary: 'Accept a pair: merge the two persons (the older id survives)',
          params: ZPairIdParamsSchema,
          body: ZReviewDecisionRequestSchema,
          response: {
            200: ZAcceptPairResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request) =>
        acceptPair(database, principalOf(request), request.params.id, request.body?.reason, {
          address: request.ip,
        }),
    );

    app.post(
      '/review/pairs/:id/reject',
      {
        config: { permission: 'review:decide' },
        schema: {
          tags: ['review'],
          summary: 'Reject a pair: the two are different people, never proposed again',
          params: ZPairIdParamsSchema,
          body: ZReviewDecisionRequestSchema,
          response: {
            200: ZRejectPairResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request) =>
        rejectPair(database, principalOf(request), request.params.id, request.body?.reason, {
          address: request.ip,
        }),
    );

    app.post(
      '/persons/:id/split',
      {
        config: { permission: 'review:decide' },
        schema: {
          tags: ['review'],
          summary: 'Split records off a person into a new person (undo a link)',
          params: ZPersonIdParamsSchema,
          body: ZSplitPersonRequestSchema,
          response: {
            201: ZSplitPersonResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await splitPersonRecords(database, principalOf(request), request.params.id, request.body, {
          address: request.ip,
        });
        return reply.code(201).send(r);
      },
    );

    app.get(
      '/persons/:id/links',
      {
        config: { permission: 'person:read' },
        schema: {
          tags: ['persons'],
          summary: "The link decisions of a person's records, ended ones included",
          params: ZPersonIdParamsSchema,
          response: { 200: ZPersonLinksResponseSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        personLinks(database, principalOf(request), request.params.id, { address: request.ip }),
    );
  };
}
