import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Which proxy hops are trusted: none, the nearest N, or those at these addresses / CIDR ranges. */
export type TrustProxy = false | number | string[];

// proxy-addr's names for address ranges, accepted beside addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Parses HOMECOMING_TRUST_PROXY, or returns why it is refused. */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const v = raw.trim();
  if (v === 'false') return false;
  if (v === 'true') {
    return 'true would trust every hop, so any client could choose its own address with X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.5,10.1.0.0/16)';
  }
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n >= 1 && n <= 10 ? n : 'a hop count must be 1-10 (or false)';
  }
  const items = v.split(',').map((x) => x.trim());
  for (const item of items) {
    if (PROXY_RANGE_NAMES.has(item)) continue;
    const [addr = '', prefix, ...rest] = item.split('/');
    const family = net.isIP(addr);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0) {
      return `"${item}" is not an address, a CIDR range or one of loopback, linklocal, uniquelocal; use false, a hop count, or a comma-separated list`;
    }
  }
  return items;
}

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
  /**
   * Behind a TLS-terminating proxy: which hops may set X-Forwarded-For/-Proto (client address, Secure
   * cookies, HSTS). `false`, the number of proxies in front, or their addresses / CIDR ranges. Not
   * `true`: trusting every hop lets any client pick its own address.
   */
  HOMECOMING_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx): TrustProxy => {
      const r = parseTrustProxy(v);
      if (typeof r === 'string') {
        ctx.addIssue({ code: 'custom', message: r });
        return z.NEVER;
      }
      return r;
    }),
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
  /** How long a stopping server waits for running requests before it closes the database anyway. */
  HOMECOMING_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** The largest CSV an HTTP import accepts (larger files go through the CLI). */
  HOMECOMING_IMPORT_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  /** Rows an HTTP import commits in each batch (one transaction each); the CLI's `--batch-size`. */
  HOMECOMING_IMPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(2000),
  /** Days an API token lives from its creation. */
  HOMECOMING_TOKEN_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Deprecated alias of HOMECOMING_PUBLIC_RATE_PER_MINUTE (it used to set the statistics routes' limit only). */
  HOMECOMING_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).optional(),
  // Tracing requests (issue #12): the public side's proof-of-work, limits, mail and key.
  /** `off` turns the proof-of-work challenge of the public forms off (tests, trusted intranets). */
  HOMECOMING_PUBLIC_CHALLENGE: z.enum(['on', 'off']).default('on'),
  /** How hard the proof of work is (the largest number the browser may have to try); lower in tests. */
  HOMECOMING_PUBLIC_CHALLENGE_MAX_NUMBER: z.coerce.number().int().min(1000).max(10_000_000).default(100_000),
  /**
   * The public side's one rate setting: requests per minute one client address may make to each public
   * route (statistics and tracing alike; 429 beyond). All addresses together: the global setting below.
   */
  HOMECOMING_PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).optional(),
  HOMECOMING_PUBLIC_GLOBAL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(30_000),
  /** Tracing requests one email address may file per day. */
  HOMECOMING_TRACING_PER_EMAIL_PER_DAY: z.coerce.number().int().min(1).max(1000).default(5),
  /** The address families reach the server at, for links in mail. */
  HOMECOMING_PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** smtp:// or smtps:// URL of the mail server; without it mail waits in the outbox. */
  HOMECOMING_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  HOMECOMING_MAIL_FROM: z.string().min(3).default('Homecoming <no-reply@localhost>'),
  /** The tracing key (access-code hashes, document encryption); default `<HOMECOMING_DATA>/tracing/tracing.key`. */
  HOMECOMING_TRACING_KEY_FILE: z.string().min(1).optional(),
  // Operations (issue #16): Prometheus metrics on a port of their own, or at /metrics behind a token.
  HOMECOMING_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOMECOMING_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  HOMECOMING_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (a random secret)').optional(),
  /** A streaming replica for search and person reads (PostgreSQL only). */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
});

/** The tracing requests' settings (issue #12). */
export interface TracingConfig {
  challenge: boolean;
  /** The proof of work's difficulty: the largest number a client may have to try. */
  challengeMaxNumber: number;
  perAddressPerMinute: number;
  totalPerMinute: number;
  perEmailPerDay: number;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  keyFile: string;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof ZConfigSchema>['LOG_LEVEL'];
  trustProxy: TrustProxy;
  auditDir: string;
  auditCheckpointSeconds: number;
  bodyLimit: number;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  tokenDays: number;
  importBodyLimit: number;
  importBatchSize: number;
  publicRateLimitPerMinute: number;
  tracing: TracingConfig;
  metrics: { port: number | undefined; host: string; token: string | undefined };
  databaseReadUrl: string | undefined;
}

/** Requests per minute one address may make to a public route, unless HOMECOMING_PUBLIC_RATE_PER_MINUTE says. */
export const DEFAULT_PUBLIC_RATE = 600;

/**
 * Settings that still work under an old name, and the name to use instead: `loadConfig` honours them, the
 * server warns at start (see `deprecatedSettings`).
 */
export const DEPRECATED_SETTINGS: Readonly<Record<string, string>> = {
  HOMECOMING_PUBLIC_RATE_LIMIT: 'HOMECOMING_PUBLIC_RATE_PER_MINUTE',
};

/** The deprecated settings an environment uses, each with what to write instead. */
export function deprecatedSettings(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(DEPRECATED_SETTINGS)
    .filter(([old]) => env[old] !== undefined && env[old] !== '')
    .map(([old, now]) => `${old} is deprecated: use ${now} (which wins when both are set)`);
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
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'invalid configuration:\n  DATABASE_READ_URL: a read replica needs DATABASE_URL (the primary) as well',
    );
  }
  const publicRate =
    e.HOMECOMING_PUBLIC_RATE_PER_MINUTE ?? e.HOMECOMING_PUBLIC_RATE_LIMIT ?? DEFAULT_PUBLIC_RATE;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.HOMECOMING_DATA),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.HOMECOMING_TRUST_PROXY,
    auditDir: path.resolve(e.HOMECOMING_AUDIT_DIR ?? path.join(e.HOMECOMING_DATA, 'audit')),
    auditCheckpointSeconds: e.HOMECOMING_AUDIT_CHECKPOINT_SECONDS,
    bodyLimit: e.HOMECOMING_BODY_LIMIT,
    requestTimeoutMs: e.HOMECOMING_REQUEST_TIMEOUT_MS,
    shutdownGraceMs: e.HOMECOMING_SHUTDOWN_GRACE_MS,
    tokenDays: e.HOMECOMING_TOKEN_DAYS,
    importBodyLimit: e.HOMECOMING_IMPORT_BODY_LIMIT,
    importBatchSize: e.HOMECOMING_IMPORT_BATCH_SIZE,
    publicRateLimitPerMinute: publicRate,
    tracing: {
      challenge: e.HOMECOMING_PUBLIC_CHALLENGE === 'on',
      challengeMaxNumber: e.HOMECOMING_PUBLIC_CHALLENGE_MAX_NUMBER,
      perAddressPerMinute: publicRate,
      totalPerMinute: e.HOMECOMING_PUBLIC_GLOBAL_RATE_PER_MINUTE,
      perEmailPerDay: e.HOMECOMING_TRACING_PER_EMAIL_PER_DAY,
      publicUrl: e.HOMECOMING_PUBLIC_URL.replace(/\/+$/, ''),
      smtpUrl: e.HOMECOMING_SMTP_URL,
      mailFrom: e.HOMECOMING_MAIL_FROM,
      keyFile: path.resolve(
        e.HOMECOMING_TRACING_KEY_FILE ?? path.join(e.HOMECOMING_DATA, 'tracing', 'tracing.key'),
      ),
    },
    metrics: {
      port: e.HOMECOMING_METRICS_PORT,
      host: e.HOMECOMING_METRICS_HOST,
      token: e.HOMECOMING_METRICS_TOKEN,
    },
    databaseReadUrl: e.DATABASE_READ_URL,
  };
}
