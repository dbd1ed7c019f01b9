import path from 'node:path';
import { z } from 'zod';

/**
 * The process configuration: one typed object read once from the environment at start. An invalid or
 * unsafe value stops the process with a message naming the variable.
 */
const ZConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  HOMECOMING_DATA: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `true` behind a TLS-terminating proxy: trust X-Forwarded-For/-Proto (client address, Secure cookies, HSTS). */
  HOMECOMING_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Where signed audit checkpoints and their key live; default `<HOMECOMING_DATA>/audit`. */
  HOMECOMING_AUDIT_DIR: z.string().min(1).optional(),
  /** Seconds between automatic audit checkpoints while serving. */
  HOMECOMING_AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  HOMECOMING_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  HOMECOMING_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Public statistics: requests per minute per client address. */
  HOMECOMING_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(600),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof ZConfigSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  auditDir: string;
  auditCheckpointSeconds: number;
  bodyLimit: number;
  requestTimeoutMs: number;
  publicRateLimitPerMinute: number;
}

/** Thrown for an invalid configuration; the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.HOMECOMING_DATA),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.HOMECOMING_TRUST_PROXY === 'true',
    auditDir: path.resolve(e.HOMECOMING_AUDIT_DIR ?? path.join(e.HOMECOMING_DATA, 'audit')),
    auditCheckpointSeconds: e.HOMECOMING_AUDIT_CHECKPOINT_SECONDS,
    bodyLimit: e.HOMECOMING_BODY_LIMIT,
    requestTimeoutMs: e.HOMECOMING_REQUEST_TIMEOUT_MS,
    publicRateLimitPerMinute: e.HOMECOMING_PUBLIC_RATE_LIMIT,
  };
}
