import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { can, PERMISSIONS, type Permission, type Principal } from '../auth/permissions.js';
import { safeEqual } from '../auth/secrets.js';
import type { Database } from '../db/database.js';
import { timed } from '../phases.js';
import { appendAudit } from '../modules/audit/log.js';
import {
  principalOfUser,
  resolveBearer,
  resolveSession,
  type ResolvedSession,
} from '../modules/auth/service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. */
    permission?: Permission;
    /** Marks a route that anyone may call (health, the web page, API documentation, login). */
    public?: boolean;
  }
  interface FastifyInstance {
    /** Every route registered, with what it declared (for the role × route matrix test). */
    declaredRoutes: DeclaredRoute[];
    /** Anonymous refusals, counted and audited per interval (see AnonymousRefusals). */
    anonymousRefusals: AnonymousRefusals;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The session the cookie names (active or pending), if any. */
    authSession: ResolvedSession | null;
  }
}

/** A route as registered: method, URL pattern, and its declared permission or public flag. */
export interface DeclaredRoute {
  method: string;
  url: string;
  permission: Permission | null;
  public: boolean;
}

/** The session cookie: HttpOnly, SameSite=Strict, Secure behind TLS. */
export const SESSION_COOKIE = 'hc_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Routes registered by plugins (not by us) that are public by nature: the OpenAPI document and its viewer. */
const PUBLIC_PLUGIN_PREFIXES = ['/api/docs'];
/**
 * The explicit public list of the API: only routes under these prefixes may be public, and every route
 * under /api/v1/public/ must be (it serves families and the public, and acts for no staff member).
 */
export const PUBLIC_API_PREFIXES = ['/api/v1/auth/', '/api/v1/public/'];
export const PUBLIC_SIDE_PREFIX = '/api/v1/public/';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who a request acts for: an API token (`Authorization: Bearer`) or an active session cookie. */
async function resolvePrincipal(database: Database, request: FastifyRequest): Promise<void> {
  const auth = request.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(auth);
    request.principal = m ? await resolveBearer(database, m[1] as string) : null;
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined || token.length > 200) return;
  const s = await timed('request: session lookup', () => resolveSession(database, token));
  request.authSession = s;
  if (s?.state === 'active') request.principal = principalOfUser(s.user);
}

/**
 * Refuses a request and records the refusal in the audit log (its own transaction: nothing else
 * happened). Routes that check a session themselves (logout, password, own tokens) refuse through it too.
 */
export async function deny(
  database: Database,
  request: FastifyRequest,
  code: 'unauthenticated' | 'forbidden',
  message: string,
): Promise<never> {
  const refusals = request.server.anonymousRefusals as AnonymousRefusals | undefined;
  if (request.principal === null && code === 'unauthenticated' && refusals !== undefined) {
    // Anonymous refusals are counted and written as one entry per route and interval: one audit row
    // each (under the log's global lock) would let anyone flood the log and slow every writer.
    refusals.count(`${request.method} ${request.routeOptions.url ?? ''}`);
    throw new AppError(code, message);
  }
  await appendAudit(
    database.db,
    request.principal,
    {
      action: 'access.denied',
      objectType: 'route',
      objectId: `${request.method} ${request.routeOptions.url ?? ''}`,
      detail: { code },
    },
    { address: request.ip },
  );
  throw new AppError(code, message);
}

/** How often counted anonymous refusals are written to the audit log. */
export const ANONYMOUS_REFUSALS_INTERVAL_MS = 60_000;

/**
 * Counts requests refused for want of authentication, by route, and appends one `access.denied` entry
 * per route with its count every interval and on close.
 */
export class AnonymousRefusals {
  private counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    intervalMs = ANONYMOUS_REFUSALS_INTERVAL_MS,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  count(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
  }

  /** Writes the counts so far, one entry per route, in one transaction. */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const counted = [...this.counts];
    this.counts = new Map();
    try {
      await this.database.db.transaction().execute(async (trx) => {
        for (const [route, n] of counted) {
          await appendAudit(trx, null, {
            action: 'access.denied',
            objectType: 'route',
            objectId: route,
            detail: { code: 'unauthenticated', count: n },
          });
        }
      });
    } catch (err) {
      // Not written (the database unreachable, say): counted again, for the next flush to write.
      for (const [route, n] of counted) this.counts.set(route, (this.counts.get(route) ?? 0) + n);
      throw err;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}

/** Whether a cookie-authenticated write carries the session's CSRF token. */
export function csrfOk(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method) || request.authSession === null) return true;
  const sent = request.headers[CSRF_HEADER];
  return typeof sent === 'string' && safeEqual(sent, request.authSession.csrf);
}

/**
 * Deny by default: every route must declare a permission or `public: true`, or the server refuses to
 * start; each request is then authenticated and checked before its body is even parsed.
 */
export function registerAccessControl(app: FastifyInstance, database: Database): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('authSession', null);
  const refusals = new AnonymousRefusals(database);
  app.decorate('anonymousRefusals', refusals);
  app.addHook('onClose', () => refusals.close());
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as { permission?: Permission; public?: boolean };
    for (const method of [route.method].flat()) {
      declared.push({
        method,
        url: route.url,
        permission: cfg.permission ?? null,
        public: cfg.public === true,
      });
    }
    if (PUBLIC_PLUGIN_PREFIXES.some((p) => route.url.startsWith(p))) return;
    if (route.url.startsWith(PUBLIC_SIDE_PREFIX) && cfg.public !== true) {
      throw new Error(`route ${String(route.method)} ${route.url} is on the public side and must be public`);
    }
    if (
      cfg.public === true &&
      route.url.startsWith('/api/') &&
      !PUBLIC_API_PREFIXES.some((p) => route.url.startsWith(p))
    ) {
      throw new Error(`route ${String(route.method)} ${route.url} is not on the explicit public list`);
    }
    if (cfg.public === true && cfg.permission === undefined) return;
    if (
      cfg.permission !== undefined &&
      (PERMISSIONS as readonly string[]).includes(cfg.permission) &&
      cfg.public !== true
    ) {
      return;
    }
    throw new Error(
      `route ${String(route.method)} ${route.url} must declare exactly one of config.permission (a known permission) or config.public`,
    );
  });
  app.addHook('onRequest', async (request) => {
    request.principal = null;
    request.authSession = null;
    if (request.is404) return;
    const cfg = request.routeOptions.config;
    // The public side never acts for anyone: a staff cookie or token sent along is ignored.
    if ((request.routeOptions.url ?? '').startsWith(PUBLIC_SIDE_PREFIX)) return;
    if (
      cfg.public === true ||
      PUBLIC_PLUGIN_PREFIXES.some((p) => (request.routeOptions.url ?? '').startsWith(p))
    ) {
      // Public routes still learn who calls (login, session, logout need it).
      await resolvePrincipal(database, request);
      return;
    }
    await resolvePrincipal(database, request);
    if (request.principal === null)
      return deny(database, request, 'unauthenticated', 'authentication required');
    if (!csrfOk(request))
      return deny(database, request, 'forbidden', `send the session's CSRF token in ${CSRF_HEADER}`);
    if (cfg.permission === undefined || !can(request.principal, cfg.permission)) {
      return deny(database, request, 'forbidden', 'not permitted');
    }
  });
}

/** The principal of a request that passed access control. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AppError('unauthenticated', 'authentication required');
  return request.principal;
}
