import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TracingConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import { deriveKeys } from './codes.js';
import { tracingRoutes } from './routes.js';
import { RateLimiter } from './throttle.js';

/** Defaults when the app is built without tracing settings: the challenge on, the usual limits. */
export const DEFAULT_TRACING: Omit<TracingConfig, 'keyFile'> = {
  challenge: true,
  challengeMaxNumber: 100_000,
  perAddressPerMinute: 60,
  totalPerMinute: 30_000,
  perEmailPerDay: 5,
  publicUrl: 'http://localhost:3000',
  smtpUrl: undefined,
  mailFrom: 'Homecoming <no-reply@localhost>',
};

/** The tracing routes with their keys, limits and challenge setting. */
export function tracingRoutesOf(
  database: Database,
  config: { tracing?: Partial<TracingConfig> | undefined },
  key: Buffer | undefined,
): FastifyPluginAsyncZod {
  const t = { ...DEFAULT_TRACING, ...(config.tracing ?? {}) };
  const keys = deriveKeys(key ?? crypto.randomBytes(32));
  return tracingRoutes(
    database,
    { keys, perEmailPerDay: t.perEmailPerDay, publicUrl: t.publicUrl },
    {
      challenge: t.challenge,
      challengeKey: keys.challenge.toString('hex'),
      challengeMaxNumber: t.challengeMaxNumber,
      limiter: new RateLimiter(t.perAddressPerMinute, t.totalPerMinute),
    },
  );
}
