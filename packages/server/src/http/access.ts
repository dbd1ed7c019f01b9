import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { can, PERMISSIONS, type Permission, type Principal } from '../auth/permissions.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. */
    permission?: Permission;
    /** Marks a route that anyone may call (health, the web page, API documentation). */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Routes registered by plugins (not by us) that are public by nature: the OpenAPI document and its viewer. */
const PUBLIC_PLUGIN_PREFIXES = ['/api/docs'];

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Resolves who a request acts for. Until accounts land, `local` mode: this machine acts as a registrar. */
function resolvePrincipal(config: Pick<Config, 'auth'>, request: FastifyRequest): Principal | null {
  if (config.auth === 'local' && LOOPBACK.has(request.socket.remoteAddress ?? '')) {
    return { id: 'local-operator', role: 'registrar' };
  }
  return null;
}

/**
 * Deny by default: every route must declare a permission or `public: true`, or the server refuses to
 * start; a preHandler enforces the permission on each request.
 */
export function registerAccessControl(app: FastifyInstance, config: Pick<Config, 'auth'>): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (PUBLIC_PLUGIN_PREFIXES.some((p) => route.url.startsWith(p))) return;
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
    request.principal = resolvePrincipal(config, request);
  });
  app.addHook('preHandler', async (request) => {
    if (request.is404) return;
    const cfg = request.routeOptions.config;
    if (
      cfg.public === true ||
      PUBLIC_PLUGIN_PREFIXES.some((p) => (request.routeOptions.url ?? '').startsWith(p))
    )
      return;
    if (request.principal === null) throw new AppError('unauthenticated', 'authentication required');
    if (cfg.permission === undefined || !can(request.principal, cfg.permission)) {
      throw new AppError('forbidden', 'not permitted');
    }
  });
}

/** The principal of a request that passed access control. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AppError('unauthenticated', 'authentication required');
  return request.principal;
}
