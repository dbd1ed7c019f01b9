import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { csrfOk, deny, principalOf, SESSION_COOKIE } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import {
  ZEnrolResponseSchema,
  ZLoginRequestSchema,
  ZLoginResponseSchema,
  ZPasswordChangeRequestSchema,
  ZSessionSchema,
  ZSetupRequestSchema,
  ZSetupResponseSchema,
  ZTotpRequestSchema,
  ZApiTokenSchema,
  ZCreateOwnTokenRequestSchema,
  ZCreateTokenResponseSchema,
  ZOwnTokenListSchema,
} from './schemas.js';
import {
  changePassword,
  completeSecondFactor,
  describeSession,
  login,
  listOwnTokens,
  logout,
  mintOwnToken,
  revokeOwnToken,
  useSetupToken,
} from './service.js';
import { describeSetupLink, ZSetupLinkRequestSchema, ZSetupLinkSchema } from './setupLink.js';

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
  });
}

const errors = {
  400: ZErrorSchema,
  401: ZErrorSchema,
  403: ZErrorSchema,
  409: ZErrorSchema,
  429: ZErrorSchema,
};

/** /api/v1/auth: login with password then second factor, session, logout, password change, first setup. */
export function authRoutes(database: Database, tokenDays: number): FastifyPluginAsyncZod {
  return async (app) => {
    const ctx = (request: FastifyRequest) => ({ address: request.ip });
    // A signed-in cookie's write without the session's CSRF token is refused before its body is read, as
    // on every staff route (access.ts): its answer never depends on the body.
    const csrfFirst = async (request: FastifyRequest) => {
      if (request.authSession?.state === 'active' && !csrfOk(request))
        await deny(database, request, 'forbidden', "send the session's CSRF token in x-csrf-token");
    };

    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Check a username and password; the second factor is due next',
          body: ZLoginRequestSchema,
          response: { 200: ZLoginResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const r = await login(database, request.body, ctx(request));
        setSessionCookie(request, reply, r.token);
        return r.response;
      },
    );

    app.post(
      '/auth/totp',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Give the 6-digit code (or a recovery code); the session becomes active under a new id',
          body: ZTotpRequestSchema,
          response: { 200: ZSessionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const r = await completeSecondFactor(
          database,
          request.cookies[SESSION_COOKIE],
          request.body.code,
          'verify',
          ctx(request),
        );
        setSessionCookie(request, reply, r.token);
        return r.session;
      },
    );

    app.post(
      '/auth/totp/enrol',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Confirm the authenticator with its first code; returns the one-time recovery codes',
          body: ZTotpRequestSchema,
          response: { 200: ZEnrolResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const r = await completeSecondFactor(
          database,
          request.cookies[SESSION_COOKIE],
          request.body.code,
          'enrol',
          ctx(request),
        );
        setSessionCookie(request, reply, r.token);
        return { session: r.session, recovery_codes: r.recoveryCodes };
      },
    );

    app.get(
      '/auth/session',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'The current session',
          response: { 200: ZSessionSchema, 401: ZErrorSchema },
        },
      },
      async (request) => {
        const s = request.authSession;
        if (s === null || s.state !== 'active') throw new AppError('unauthenticated', 'not signed in');
        return describeSession(s);
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'End the session server-side',
          response: { 204: z.null(), 403: ZErrorSchema },
        },
      },
      async (request, reply) => {
        if (request.authSession?.state === 'active' && !csrfOk(request)) {
          await deny(database, request, 'forbidden', "send the session's CSRF token in x-csrf-token");
        }
        await logout(database, request.authSession, ctx(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password',
      {
        preValidation: csrfFirst,
        // Any signed-in user may change their own password: the permission every staff role holds is none,
        // so this route checks for a session itself.
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: "Change one's password; ends one's other sessions",
          body: ZPasswordChangeRequestSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        if (request.authSession?.state !== 'active') throw new AppError('unauthenticated', 'not signed in');
        if (!csrfOk(request))
          await deny(database, request, 'forbidden', "send the session's CSRF token in x-csrf-token");
        await changePassword(
          database,
          principalOf(request),
          request.authSession.idHash,
          request.body,
          ctx(request),
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/setup',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: "Use a one-time setup link: create the first admin, or set a new user's password",
          body: ZSetupRequestSchema,
          response: { 201: ZSetupResponseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await useSetupToken(database, request.body, ctx(request));
        return reply.code(201).send({ user });
      },
    );

    app.post(
      '/auth/setup/check',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'What a setup link is for (first admin, or which user), or why it no longer works',
          body: ZSetupLinkRequestSchema,
          response: { 200: ZSetupLinkSchema, ...errors },
        },
      },
      async (request) => describeSetupLink(database, request.body.token),
    );
    // One's own API tokens. Any signed-in user (or a token of theirs) may use these: no staff permission
    // is common to every role, so they check the caller themselves, and refusals are audited.
    const caller = async (request: FastifyRequest) => {
      if (request.principal === null)
        await deny(database, request, 'unauthenticated', 'authentication required');
      if (!csrfOk(request))
        await deny(database, request, 'forbidden', "send the session's CSRF token in x-csrf-token");
      return principalOf(request);
    };
    app.get(
      '/auth/tokens',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: "One's own API tokens (never their secrets)",
          response: { 200: ZOwnTokenListSchema, ...errors },
        },
      },
      async (request) => listOwnTokens(database, await caller(request)),
    );
    app.post(
      '/auth/tokens',
      {
        preValidation: csrfFirst,
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary:
            'Mint an API token acting as oneself, with permissions one holds; it expires after HOMECOMING_TOKEN_DAYS and ends on a password change',
          body: ZCreateOwnTokenRequestSchema,
          response: { 201: ZCreateTokenResponseSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await mintOwnToken(database, await caller(request), request.body, tokenDays, ctx(request))),
    );
    app.post(
      '/auth/tokens/:id/revoke',
      {
        preValidation: csrfFirst,
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: "Revoke one of one's own API tokens",
          params: z.object({ id: z.uuid() }),
          response: { 200: ZApiTokenSchema, 404: ZErrorSchema, ...errors },
        },
      },
      async (request) => revokeOwnToken(database, await caller(request), request.params.id, ctx(request)),
    );
  };
}
