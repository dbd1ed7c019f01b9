import '../wiring.js';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet, { type HelmetOptions } from 'helmet';
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DEFAULT_PUBLIC_RATE, type Config, type TracingConfig, type TrustProxy } from '../config.js';
import type { Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';
import { AppError, ERROR_STATUS, AccessDeniedError, type ErrorCode, validationFailed } from '../errors.js';
import { adminRoutes } from '../modules/admin/routes.js';
import { appendAudit } from '../modules/audit/log.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { authRoutes } from '../modules/auth/routes.js';
import { DEFAULT_TOKEN_DAYS } from '../modules/auth/tokens.js';
import { eventsRoutes } from '../modules/events/routes.js';
import { importsRoutes } from '../modules/imports/routes.js';
import { ImportJobs } from '../modules/imports/service.js';
import { linkageRoutes } from '../modules/linkage/routes.js';
import { personsRoutes } from '../modules/persons/routes.js';
import { recordsRoutes } from '../modules/records/routes.js';
import { searchRoutes } from '../modules/search/routes.js';
import { rateLimitError, statisticsRoutes } from '../modules/statistics/routes.js';
import { PublicStatistics } from '../modules/statistics/service.js';
import { tracingRoutesOf } from '../modules/tracing/wiring.js';
import { exchangesRoutes } from '../modules/exchanges/routes.js';
import { rememberSessions } from '../modules/auth/sessionCache.js';
import { instrumentApp, metricsTokenMatches, type Metrics } from '../modules/ops/metrics.js';
import { registerAccessControl } from './access.js';
import { registerJsonParser } from './json.js';
import { registerTextValidation } from './text.js';
import { loggerOptions } from './logging.js';
import { registerWebApp } from './web.js';
import { RunningRequests } from './running.js';
import { addPhase, profiling } from '../phases.js';

export type AppConfig = Pick<Config, 'bodyLimit' | 'requestTimeoutMs' | 'logLevel'> &
  Partial<
    Pick<
      Config,
      | 'trustProxy'
      | 'auditDir'
      | 'tokenDays'
      | 'importBodyLimit'
      | 'importBatchSize'
      | 'publicRateLimitPerMinute'
    >
  > & {
    tracing?: Partial<TracingConfig>;
    /** HOMECOMING_METRICS_TOKEN: serve /metrics on this app to bearers of it. */
    metricsToken?: string | undefined;
  };

/**
 * Fastify's trust setting for HOMECOMING_TRUST_PROXY. Addresses and ranges go as they are. Fastify
 * ignores a bare hop count (it cannot check the nearest peer), so a count is a function trusting that
 * many hops from the server: the operator states that every request comes through those proxies.
 */
function trustProxyOption(tp: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp !== 'number') return tp;
  return (_address, hop) => hop < tp;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      // An office server on plain HTTP (a LAN address) would have its own scripts upgraded to an
      // HTTPS that does not exist; TLS deployments get HSTS instead.
      upgradeInsecureRequests: null,
    },
  },
  // HSTS only where it means something: on requests that arrived over TLS (set below).
  hsts: false,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets with HELMET_OPTIONS (static directives, no nonces: the same for every request),
 * captured once by running its middleware against a response that records them.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
  });
  return Object.fromEntries(headers);
}
const SECURITY_HEADERS = helmetHeaders(HELMET_OPTIONS);

/**
 * Whether an error says the database could not be reached or went away (refused or dropped connection,
 * PostgreSQL shutting down or starting, a connection that could not be had in time): a 503 to try again,
 * not a fault of the request or a bug.
 */
export function databaseUnreachable(error: { code?: unknown; message?: unknown }): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(
      code,
    )
  )
    return true;
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash shutdown, cannot connect now).
  if (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03'].includes(code)) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return /^Connection terminated|^timeout exceeded when trying to connect/.test(message);
}

/**
 * Where a validation problem is, as `body.a.0`: the part of the request, then the JSON pointer's steps.
 * The whole body is `body`: the Zod provider writes the root as `/`, which read `body.`.
 */
function validationPath(context: string, instancePath: string): string {
  const steps = instancePath.split('/').slice(1);
  return steps.length === 1 && steps[0] === '' ? context : [context, ...steps].join('.');
}

/** Builds the HTTP application (without listening), so tests drive it through `inject()`. */
export async function buildApp(
  database: Database,
  config: AppConfig,
  options: {
    logStream?: NodeJS.WritableStream;
    /** The 32-byte tracing key (kept outside the database); a random one if absent (tests). */
    tracingKey?: Buffer;
    /** Prometheus metrics to count requests into (issue #16). */
    metrics?: Metrics;
    /** Counts the requests still running, for a shutdown that waits for them before closing the database. */
    running?: RunningRequests;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeoutMs,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    // What Fastify refuses before routing (a path whose percent-encoding is not UTF-8, a parameter too
    // long): our error shape and headers, not Fastify's, and nothing of the path echoed back.
    frameworkErrors: (error, request, reply) =>
      (reply as unknown as FastifyReply)
        .headers(SECURITY_HEADERS)
        .code(400)
        .send({
          code: 'bad_request',
          message:
            error.code === 'FST_ERR_BAD_URL'
              ? 'the URL is not valid: a percent-encoded part of it is not UTF-8'
              : 'the URL is not valid',
          request_id: request.id,
        }),
  }).withTypeProvider<ZodTypeProvider>();

  // First, so that every route's handler is counted.
  (options.running ?? new RunningRequests()).track(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  // Helmet's security headers, the same on every answer: computed once (SECURITY_HEADERS), set by one
  // hook. @fastify/helmet built helmet's middleware again for every request (the CSP text included).
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  if (profiling()) {
    // HOMECOMING_PROFILE=1: each route's whole time, beside its parts (printed when `serve` stops).
    app.addHook('onResponse', async (request, reply) => {
      addPhase(`request: ${request.method} ${request.routeOptions.url ?? '(none)'}`, reply.elapsedTime);
    });
  }
  registerAccessControl(app, database);
  // Active sessions remembered for a few seconds, forgotten at once when ended or changed anywhere.
  const sessions = await rememberSessions(database);
  app.addHook('onClose', () => sessions.close());
  const metrics = options.metrics;
  if (metrics) instrumentApp(app, metrics);
  const replica = database.replica;
  if (replica) {
    // Read-your-writes with a replica: before a write's answer leaves, note where the primary stands, so
    // that this principal's next reads wait for the replica to have it (or go to the primary).
    app.addHook('onSend', async (request, reply, payload) => {
      if (!READ_METHODS.has(request.method) && reply.statusCode < 400 && request.principal) {
        await replica.noteWrite(request.principal.id);
      }
      return payload;
    });
  }
  registerJsonParser(app);
  registerTextValidation(app);
  // Per-route limits only (public statistics); answers 429 as the application's own error.
  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimitError });

  app.addHook('onSend', async (request, reply) => {
    // Public statistics set their own (cacheable) policy; everything else under the API holds personal data.
    // Decided by the route that answered, not the raw URL: the router decodes the path first, so
    // `/%61pi/v1/persons/…` is the person route (and was answered cacheable); unmatched URLs by their text.
    const path = request.routeOptions.url ?? request.url;
    if (path.startsWith('/api/v1/') && !path.startsWith('/api/v1/public/statistics')) {
      reply.header('cache-control', 'no-store');
    }
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const send = (code: ErrorCode, message: string, details?: { path: string; message: string }[]) =>
      reply
        .code(ERROR_STATUS[code])
        .send({ code, message, ...(details ? { details } : {}), request_id: request.id });
    if (error instanceof AccessDeniedError) {
      try {
        await appendAudit(
          database.db,
          request.principal,
          {
            action: 'access.denied',
            objectType: error.objectType,
            objectId: error.objectId,
            detail: { code: error.reason },
          },
          { address: request.ip },
        );
      } catch (err) {
        // Still a 404: any other answer would tell an outsider that the object exists.
        request.log.error({ err: { message: (err as Error).message } }, 'audit of a denial failed');
      }
    }
    if (error instanceof AppError) return send(error.code, error.message, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: validationPath(error.validationContext ?? 'request', v.instancePath),
        message: v.message ?? 'invalid',
      }));
      const failed = validationFailed(details);
      return send(failed.code, failed.message, failed.details);
    }
    if (databaseUnreachable(error)) {
      request.log.warn({ err: { type: error.name, code: error.code } }, 'database unreachable');
      void reply.header('retry-after', '5');
      return send(
        'not_ready',
        'the registry database cannot be reached just now; try again in a few seconds',
      );
    }
    switch (error.code) {
      // PostgreSQL gave up on the transaction because another one held what it needed (a deadlock, or a
      // serializable snapshot overtaken): it was rolled back whole, so the request may simply be sent again.
      case '40P01':
      case '40001':
        return send(
          'conflict',
          'another change to the same data was being saved at the same moment; nothing was saved, try again',
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // The route's own limit (a public form's is far below the server's), so the answer says the real one.
        return send(
          'payload_too_large',
          `request body is larger than ${request.routeOptions.bodyLimit ?? config.bodyLimit} bytes`,
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          'unsupported_media_type',
          request.url.startsWith('/api/v1/imports') ? 'send the CSV as text/csv' : 'send application/json',
        );
      // No case for Fastify's JSON body errors (empty, invalid, a prototype key): its JSON parser is replaced
      // before any route (`registerJsonParser`), whose refusals are AppErrors, answered above.
    }
    // A request body's stream that failed (Fastify gives it 400), or a path the static server finds malformed.
    if (error instanceof SyntaxError || error.statusCode === 400)
      return send('bad_request', 'malformed request');
    // A file the static server refuses (a dotfile, a path out of its folder) is simply not there.
    if (error.statusCode === 403 || error.statusCode === 404) return send('not_found', 'no such file');
    // No 408 here: a request that outlives `requestTimeout` is answered by Node's `clientError` handler,
    // on the socket, and never reaches this one.
    request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'unhandled error');
    return send('internal', 'internal error; quote the request id when reporting it');
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ code: 'not_found', message: 'no such route', request_id: request.id }),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Homecoming registry API',
        version: '1',
        description:
          'Persons resolved from records with provenance; events and derived status.\n\n' +
          '**Trying it out.** A browser session also needs its CSRF token on every write, which this page ' +
          'cannot send; use an API token instead: create one on the Tokens screen of the app (or ' +
          '`POST /api/v1/admin/tokens`), press **Authorize** and paste its secret. Requests then carry ' +
          '`Authorization: Bearer <secret>` and need no CSRF token.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token secret' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  // The database's readiness, asked at most once a second however often /readyz is asked (it answers
  // without an account, and a flood of it would otherwise be a flood of queries): null when ready.
  let ready: { at: number; answer: Promise<string | null> } | null = null;
  const readiness = (): Promise<string | null> => {
    if (ready === null || Date.now() - ready.at >= 1000)
      ready = {
        at: Date.now(),
        answer: pendingMigrations(database.pool).then(
          (pending) => (pending.length > 0 ? `migrations pending: ${pending.join(', ')}` : null),
          () => 'database unavailable',
        ),
      };
    return ready.answer;
  };
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        hide: true,
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }) },
      },
    },
    async () => {
      const problem = await readiness();
      if (problem !== null) throw new AppError('not_ready', problem);
      return { status: 'ready' as const, database: database.kind };
    },
  );
  if (metrics && config.metricsToken) {
    const token = config.metricsToken;
    app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      if (!metricsTokenMatches(request.headers.authorization, token)) {
        throw new AppError(
          'unauthenticated',
          'metrics need Authorization: Bearer <HOMECOMING_METRICS_TOKEN>',
        );
      }
      let text: string;
      try {
        // With --workers: the whole server's, gathered by the primary.
        text = await metrics.scrape();
      } catch (err) {
        throw new AppError('not_ready', `metrics unavailable: ${(err as Error).message}`);
      }
      return reply.type(metrics.registry.contentType).send(text);
    });
  }
  await registerWebApp(app);
  const imports = new ImportJobs(database, {
    limit: config.importBodyLimit,
    batchSize: config.importBatchSize,
  });
  app.addHook('onClose', () => imports.close());

  await app.register(
    async (api) => {
      const tokenDays = config.tokenDays ?? DEFAULT_TOKEN_DAYS;
      await api.register(authRoutes(database, tokenDays));
      await api.register(adminRoutes(database, tokenDays));
      await api.register(auditRoutes(database, config.auditDir));
      await api.register(personsRoutes(database));
      await api.register(recordsRoutes(database));
      await api.register(eventsRoutes(database));
      await api.register(searchRoutes(database));
      await api.register(importsRoutes(imports));
      await api.register(linkageRoutes(database));
      await api.register(
        statisticsRoutes(
          database,
          new PublicStatistics(database),
          config.publicRateLimitPerMinute ?? DEFAULT_PUBLIC_RATE,
          options.tracingKey,
        ),
      );
      await api.register(tracingRoutesOf(database, config, options.tracingKey));
      await api.register(exchangesRoutes(database));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
