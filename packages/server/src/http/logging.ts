import type { FastifyServerOptions } from 'fastify';

/**
 * Log settings: JSON lines, and secrets and names redacted wherever they could appear. A request is
 * logged by its route pattern only: no URL, query or body reaches the log, as they can hold a name.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.family_name',
        '*.given_name',
        '*.patronymic',
        '*.q',
        '*.password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        route: req.routeOptions?.url,
      }),
    },
  };
}
