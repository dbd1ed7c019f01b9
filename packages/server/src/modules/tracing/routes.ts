import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError, validationFailed } from '../../errors.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { clientNetwork } from '../../http/network.js';
import { CHALLENGE_HEADER, newChallenge, spendSolution } from './challenge.js';
import {
  addDocument,
  documentForDownload,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  type OpenedCase,
} from './documents.js';
import { idempotentCodes, type TracingKeys } from './codes.js';
import { listOutbox } from './outboxAdmin.js';
import {
  ZCaseParamsSchema,
  ZCreateTracingRequestSchema,
  ZCreateTracingResponseSchema,
  ZDocumentParamsSchema,
  ZLinkRequestSchema,
  ZOutboxItemSchema,
  ZOutboxQuerySchema,
  ZPersonRequestsSchema,
  ZPostStaffMessageSchema,
  ZQueueQuerySchema,
  ZQueueResponseSchema,
  ZRequesterMessageSchema,
  ZResetConfirmSchema,
  ZResetRequestSchema,
  ZStatusRequestSchema,
  ZStatusResponseSchema,
  ZTracingRequestDetailSchema,
  ZTransitionRequestSchema,
} from './schemas.js';
import {
  caseOutbox,
  caseStatus,
  confirmReset,
  createPersonFromRequest,
  createTracingRequest,
  fileIdempotently,
  replayTracingRequest,
  linkRequest,
  openCase,
  personRequests,
  requesterMessage,
  askReset,
  resetAsksSettled,
  staffMessage,
  tracingQueue,
  tracingRequestDetail,
  transitionRequest,
  verifyKinship,
  type TracingContext,
} from './service.js';
import { RateLimiter } from './throttle.js';

/** How the public side is guarded. */
export interface PublicGuard {
  challenge: boolean;
  challengeKey: string;
  /** The proof of work's difficulty (the default challenge's when absent). */
  challengeMaxNumber?: number;
  limiter: RateLimiter;
}

const errors = {
  400: ZErrorSchema,
  403: ZErrorSchema,
  404: ZErrorSchema,
  409: ZErrorSchema,
  413: ZErrorSchema,
  429: ZErrorSchema,
};

/** Size limits of the public forms (the server's general limit is larger). */
const FORM_BODY_LIMIT = 32 * 1024;

/**
 * `Idempotency-Key` on `POST /public/tracing-requests` (optional): the same key with the same request
 * answers the case its first sending made, with the same code (see `idempotentCodes`). 22–128 letters,
 * digits, `-` or `_`: at least a random UUID's worth of chance, since the key and the request together
 * give the code again.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{22,128}$/;

function idempotencyOf(
  header: string | string[] | undefined,
  keys: TracingKeys,
  body: unknown,
): { caseNumber: string; accessCode: string } | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header))
    throw new AppError(
      'bad_request',
      `header ${IDEMPOTENCY_HEADER}: one value of 22 to 128 letters, digits, '-' or '_' (a random UUID serves)`,
    );
  // The body as the schema read it: its keys in the schema's order, whatever order they were sent in.
  const digest = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return idempotentCodes(keys, header, digest);
}

const ZIdSchema = z.object({ id: z.uuid() });
const ZStateResultSchema = z.object({ id: z.uuid(), state: z.string() });
const ZLinkResultSchema = ZStateResultSchema.extend({ person_id: z.uuid(), record_id: z.uuid() });

/**
 * /api/v1/public/tracing-requests: relatives file and follow a case without an account. Every route is
 * public, rate-limited per address and in total before any work, and size-limited.
 * /api/v1/tracing-requests: the staff side (tracing:read, tracing:manage).
 */
export function tracingRoutes(
  database: Database,
  ctx: TracingContext,
  guard: PublicGuard,
): FastifyPluginAsyncZod {
  return async (app) => {
    const audit = (request: FastifyRequest) => ({ address: request.ip });
    // Reset requests answered but not yet done finish before the server closes its database.
    app.addHook('onClose', async () => resetAsksSettled());

    await app.register(async (inner) => {
      const pub = inner.withTypeProvider<ZodTypeProvider>();
      pub.addHook('onRequest', async (request) => {
        if (!guard.limiter.take(clientNetwork(request.ip))) {
          throw new AppError('rate_limited', 'too many requests; wait a minute');
        }
      });

      pub.get(
        '/public/challenge',
        {
          config: { public: true },
          schema: {
            tags: ['public'],
            summary: 'A proof-of-work challenge (ALTCHA) to solve before filing a request',
            response: {
              200: z.object({
                enabled: z.boolean(),
                algorithm: z.string().optional(),
                challenge: z.string().optional(),
                maxnumber: z.number().optional(),
                salt: z.string().optional(),
                signature: z.string().optional(),
              }),
              429: ZErrorSchema,
            },
          },
        },
        async () =>
          guard.challenge
            ? { enabled: true, ...(await newChallenge(guard.challengeKey, guard.challengeMaxNumber)) }
            : { enabled: false },
      );

      pub.post(
        '/public/tracing-requests',
        {
          config: { public: true },
          bodyLimit: FORM_BODY_LIMIT,
          schema: {
            tags: ['public'],
            summary: `File a tracing request; returns the case number and the access code (shown once). Send the solved challenge in ${CHALLENGE_HEADER}.`,
            body: ZCreateTracingRequestSchema,
            response: { 201: ZCreateTracingResponseSchema, ...errors },
          },
        },
        async (request, reply) => {
          const fixed = idempotencyOf(request.headers[IDEMPOTENCY_HEADER], ctx.keys, request.body);
          if (fixed !== null) {
            // Sent again (a double tap, a retry after a lost answer): the first sending's case, its code
            // again, and no challenge spent (the first spent it; a retry resends the same header).
            const replay = await replayTracingRequest(database, ctx, fixed, audit(request));
            if (replay !== null) return reply.code(201).send(replay);
          }
          if (guard.challenge) {
            const h = request.headers[CHALLENGE_HEADER];
            await spendSolution(database.db, guard.challengeKey, typeof h === 'string' ? h : undefined);
          }
          if (fixed !== null)
            return reply
              .code(201)
              .send(await fileIdempotently(database, ctx, request.body, audit(request), fixed));
          const r = await createTracingRequest(database, ctx, request.body, audit(request));
          return reply.code(201).send({ case_number: r.case_number, access_code: r.access_code });
        },
      );

      pub.post(
        '/public/tracing-requests/status',
        {
          config: { public: true },
          bodyLimit: 4096,
          schema: {
            tags: ['public'],
            summary: 'Open a case with its number and access code',
            body: ZStatusRequestSchema,
            response: { 200: ZStatusResponseSchema, ...errors },
          },
        },
        async (request) => caseStatus(database, ctx, request.body, audit(request)),
      );

      pub.post(
        '/public/tracing-requests/messages',
        {
          config: { public: true },
          bodyLimit: FORM_BODY_LIMIT,
          schema: {
            tags: ['public'],
            summary: 'Add information to a case (a message to the staff)',
            body: ZRequesterMessageSchema,
            response: { 201: ZIdSchema, ...errors },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await requesterMessage(database, ctx, request.body, audit(request))),
      );

      pub.post(
        '/public/tracing-requests/reset',
        {
          config: { public: true },
          bodyLimit: 4096,
          schema: {
            tags: ['public'],
            summary: "Lost code: mails a one-time link to the requester's email if the two belong together",
            body: ZResetRequestSchema,
            response: { 202: z.object({ status: z.literal('sent_if_known') }), ...errors },
          },
          onResponse: async (request, reply) => {
            if (reply.statusCode === 202) askReset(database, ctx, request.body, audit(request), request.log);
          },
        },
        async (request, reply) => {
          // Answered before any work, which runs once the answer is sent (onResponse): its time cannot
          // tell a known case + e-mail, whose link and mail are written, from an unknown pair.
          return reply.code(202).send({ status: 'sent_if_known' as const });
        },
      );

      pub.post(
        '/public/tracing-requests/reset/confirm',
        {
          config: { public: true },
          bodyLimit: 4096,
          schema: {
            tags: ['public'],
            summary: 'Spend a reset link: a new access code (shown once) replaces the old one',
            body: ZResetConfirmSchema,
            response: { 200: ZCreateTracingResponseSchema, ...errors },
          },
        },
        async (request) => confirmReset(database, ctx, request.body.token, audit(request)),
      );

      // Kinship documents: the file is the body; the case number and code travel in headers.
      pub.addContentTypeParser(
        [...DOCUMENT_TYPES, 'application/octet-stream'],
        { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES },
        (_request, body, done) => done(null, body),
      );
      // The case each document request opened, before its body was read.
      const opened = new WeakMap<FastifyRequest, OpenedCase>();
      const documentHeaders = z.object({
        'x-case-number': z.string().min(1).max(40),
        'x-access-code': z.string().min(1).max(60),
      });
      pub.post(
        '/public/tracing-requests/documents',
        {
          config: { public: true },
          bodyLimit: DOCUMENT_MAX_BYTES,
          // The number and code travel in headers: checked (and counted by the throttle) before the body is
          // read. Read first, 20 uploads of 10 MB with wrong codes at once held 300 MB (bench/RESULTS.md, `red`).
          preParsing: async (request, _reply, payload) => {
            const h = documentHeaders.safeParse(request.headers);
            if (!h.success) {
              throw validationFailed(
                h.error.issues.map((i) => ({ path: `headers.${i.path.join('.')}`, message: i.message })),
              );
            }
            opened.set(
              request,
              await openCase(
                database,
                ctx,
                { case_number: h.data['x-case-number'], access_code: h.data['x-access-code'] },
                audit(request),
              ),
            );
            return payload;
          },
          schema: {
            tags: ['public'],
            summary:
              'Add a kinship document (PDF, JPEG or PNG, ≤ 10 MB, ≤ 5 per case): the file as the body, x-case-number and x-access-code headers',
            headers: z.object({
              'x-case-number': z.string().min(1).max(40),
              'x-access-code': z.string().min(1).max(60),
            }),
            response: { 201: ZIdSchema, ...errors, 415: ZErrorSchema },
          },
        },
        async (request, reply) => {
          if (!Buffer.isBuffer(request.body)) {
            throw new AppError(
              'unsupported_media_type',
              'send the file as application/pdf, image/jpeg or image/png',
            );
          }
          const row = opened.get(request);
          if (row === undefined) throw new Error('the case was not opened before the body');
          const r = await addDocument(database, ctx, row, request.body, audit(request));
          return reply.code(201).send(r);
        },
      );
    });

    app.get(
      '/tracing-requests',
      {
        config: { permission: 'tracing:read' },
        schema: {
          tags: ['tracing'],
          summary: 'The queue of tracing requests by state, with ages and the overdue flag',
          querystring: ZQueueQuerySchema,
          response: { 200: ZQueueResponseSchema, 400: ZErrorSchema },
        },
      },
      async (request) => tracingQueue(database, principalOf(request), request.query),
    );

    app.get(
      '/tracing-requests/:id',
      {
        config: { permission: 'tracing:read' },
        schema: {
          tags: ['tracing'],
          summary: 'One tracing request: requester, sought person, ranked candidates, messages, documents',
          params: ZCaseParamsSchema,
          response: { 200: ZTracingRequestDetailSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        tracingRequestDetail(database, principalOf(request), request.params.id, audit(request)),
    );

    app.post(
      '/tracing-requests/:id/verify',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: "Record that the requester's kinship has been verified",
          params: ZCaseParamsSchema,
          response: { 200: ZStateResultSchema, ...errors },
        },
      },
      async (request) => verifyKinship(database, principalOf(request), request.params.id, audit(request)),
    );

    app.post(
      '/tracing-requests/:id/link',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: "Link the request to a person; its description joins the person's file as a family report",
          params: ZCaseParamsSchema,
          body: ZLinkRequestSchema,
          response: { 200: ZLinkResultSchema, ...errors },
        },
      },
      async (request) =>
        linkRequest(
          database,
          principalOf(request),
          request.params.id,
          request.body.person_id,
          audit(request),
        ),
    );

    app.post(
      '/tracing-requests/:id/create-person',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: "Create a new person from the request's description and link the request to it",
          params: ZCaseParamsSchema,
          response: { 200: ZLinkResultSchema, ...errors },
        },
      },
      async (request) =>
        createPersonFromRequest(database, principalOf(request), request.params.id, audit(request)),
    );

    app.post(
      '/tracing-requests/:id/state',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: 'Move the request on (start verification, answer, close, search again)',
          params: ZCaseParamsSchema,
          body: ZTransitionRequestSchema,
          response: { 200: ZStateResultSchema, ...errors },
        },
      },
      async (request) =>
        transitionRequest(
          database,
          principalOf(request),
          request.params.id,
          request.body.state,
          audit(request),
        ),
    );

    app.post(
      '/tracing-requests/:id/messages',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: 'Write to the requester (they are told by a content-free mail)',
          params: ZCaseParamsSchema,
          body: ZPostStaffMessageSchema,
          response: { 201: ZIdSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await staffMessage(
              database,
              principalOf(request),
              request.params.id,
              request.body.body,
              audit(request),
            ),
          ),
    );

    app.get(
      '/tracing-requests/:id/documents/:documentId',
      {
        config: { permission: 'tracing:manage' },
        schema: {
          tags: ['tracing'],
          summary: 'Download a kinship document (always as an attachment, never shown inline)',
          params: ZDocumentParamsSchema,
        },
      },
      async (request, reply) => {
        const d = await documentForDownload(
          database,
          ctx,
          principalOf(request),
          request.params.id,
          request.params.documentId,
          audit(request),
        );
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="${d.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(d.bytes);
      },
    );

    app.get(
      '/tracing-requests/:id/outbox',
      {
        config: { permission: 'tracing:read' },
        schema: {
          tags: ['tracing'],
          summary: 'The mail of this case: queued, delivered or failing (recipient masked, no body)',
          params: ZCaseParamsSchema,
          response: { 200: z.object({ items: z.array(ZOutboxItemSchema) }), 404: ZErrorSchema },
        },
      },
      async (request) => caseOutbox(database, principalOf(request), request.params.id, audit(request)),
    );

    app.get(
      '/persons/:id/tracing-requests',
      {
        config: { permission: 'tracing:read' },
        schema: {
          tags: ['tracing'],
          summary: 'The tracing requests that point at a person',
          params: ZCaseParamsSchema,
          response: { 200: ZPersonRequestsSchema, 404: ZErrorSchema },
        },
      },
      async (request) => personRequests(database, principalOf(request), request.params.id),
    );

    app.get(
      '/admin/outbox',
      {
        config: { permission: 'outbox:read' },
        schema: {
          tags: ['admin'],
          summary: 'Mail in the outbox (undelivered by default), recipients masked',
          querystring: ZOutboxQuerySchema,
          response: { 200: z.object({ items: z.array(ZOutboxItemSchema) }), 400: ZErrorSchema },
        },
      },
      async (request) => listOutbox(database, principalOf(request), request.query, audit(request)),
    );
  };
}
