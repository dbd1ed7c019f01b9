import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/database.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import {
  ZActorListSchema,
  ZActorsQuerySchema,
  ZUserAccessSchema,
  ZAdminUserSchema,
  ZApiTokenSchema,
  ZChangeRoleRequestSchema,
  ZCreateOrganisationRequestSchema,
  ZCreateTokenRequestSchema,
  ZCreateTokenResponseSchema,
  ZCreateUserRequestSchema,
  ZCreateUserResponseSchema,
  ZIdParamsSchema,
  ZOrganisationListSchema,
  ZOrganisationSchema,
  ZTokenListSchema,
  ZUserListSchema,
} from './schemas.js';
import {
  describeActors,
  endUserSessions,
  renewSetupLink,
  resetSecondFactor,
  userAccess,
  changeRole,
  createOrganisation,
  createToken,
  createUserWithSetupLink,
  disableUser,
  listOrganisations,
  listTokens,
  listUsers,
  revokeToken,
} from './service.js';

const errors = { 400: ZErrorSchema, 404: ZErrorSchema, 409: ZErrorSchema };

/** /api/v1/admin: organisations, users and API tokens (permission user:manage). */
export function adminRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    const manage = { permission: 'user:manage' } as const;
    app.get(
      '/admin/organisations',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'List organisations',
          response: { 200: ZOrganisationListSchema },
        },
      },
      async () => listOrganisations(database),
    );
    app.post(
      '/admin/organisations',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'Create an organisation',
          body: ZCreateOrganisationRequestSchema,
          response: { 201: ZOrganisationSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createOrganisation(database, principalOf(request), request.body.name, {
            address: request.ip,
          }),
        ),
    );
    app.get(
      '/admin/users',
      {
        config: manage,
        schema: { tags: ['admin'], summary: 'List users', response: { 200: ZUserListSchema } },
      },
      async () => listUsers(database),
    );
    app.post(
      '/admin/users',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'Create a user; returns a one-time setup token for the link /setup#<token>',
          body: ZCreateUserRequestSchema,
          response: { 201: ZCreateUserResponseSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createUserWithSetupLink(database, principalOf(request), request.body, {
            address: request.ip,
          }),
        ),
    );
    app.post(
      '/admin/users/:id/disable',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'Disable a user: ends all their sessions and tokens at once',
          params: ZIdParamsSchema,
          response: { 200: ZAdminUserSchema, ...errors },
        },
      },
      async (request) =>
        disableUser(database, principalOf(request), request.params.id, { address: request.ip }),
    );
    app.post(
      '/admin/users/:id/role',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: "Change a user's role",
          params: ZIdParamsSchema,
          body: ZChangeRoleRequestSchema,
          response: { 200: ZAdminUserSchema, ...errors },
        },
      },
      async (request) =>
        changeRole(database, principalOf(request), request.params.id, request.body.role, {
          address: request.ip,
        }),
    );
    app.get(
      '/admin/tokens',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'List API tokens (never their secrets)',
          response: { 200: ZTokenListSchema },
        },
      },
      async () => listTokens(database),
    );
    app.post(
      '/admin/tokens',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'Create an API token; the secret is shown once',
          body: ZCreateTokenRequestSchema,
          response: { 201: ZCreateTokenResponseSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await createToken(database, principalOf(request), request.body, { address: request.ip })),
    );
    app.post(
      '/admin/tokens/:id/revoke',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: 'Revoke an API token',
          params: ZIdParamsSchema,
          response: { 200: ZApiTokenSchema, ...errors },
        },
      },
      async (request) =>
        revokeToken(database, principalOf(request), request.params.id, { address: request.ip }),
    );

    app.get(
      '/admin/users/:id/access',
      {
        config: manage,
        schema: {
          tags: ['admin'],
          summary: "A user's open sessions, API tokens and pending setup link",
          params: ZIdParamsSchema,
          response: { 200: ZUserAccessSchema, ...errors },
        },
      },
      async (request) => userAccess(database, request.params.id),
    );
    for (const [path, summary, act] of [
      [
        'setup-link',
        'A new setup link for a user who has not set a password (the old link stops working)',
        renewSetupLink,
      ],
    ] as const) {
      app.post(
        `/admin/users/:id/${path}`,
        {
          config: manage,
          schema: {
            tags: ['admin'],
            summary,
            params: ZIdParamsSchema,
            response: { 200: ZCreateUserResponseSchema, ...errors },
          },
        },
        async (request) => act(database, principalOf(request), request.params.id, { address: request.ip }),
      );
    }
    for (const [path, summary, act] of [
      [
        'reset-second-factor',
        "Reset a user's second factor (lost phone): they enrol again at the next login",
        resetSecondFactor,
      ],
      ['end-sessions', 'End every session of a user', endUserSessions],
    ] as const) {
      app.post(
        `/admin/users/:id/${path}`,
        {
          config: manage,
          schema: {
            tags: ['admin'],
            summary,
            params: ZIdParamsSchema,
            response: { 200: ZAdminUserSchema, ...errors },
          },
        },
        async (request) => act(database, principalOf(request), request.params.id, { address: request.ip }),
      );
    }
    // Actor names for the person file (entered by, decided by) and for auditors (who viewed it).
    for (const [url, permission] of [
      ['/actors', 'person:read'],
      ['/audit/actors', 'audit:read'],
    ] as const) {
      app.get(
        url,
        {
          config: { permission },
          schema: {
            tags: ['admin'],
            summary: 'Who the actor ids written in records, events, links and audit entries are',
            querystring: ZActorsQuerySchema,
            response: { 200: ZActorListSchema, 400: ZErrorSchema },
          },
        },
        async (request) =>
          describeActors(database, principalOf(request), request.query.ids, { address: request.ip }),
      );
    }
  };
}
