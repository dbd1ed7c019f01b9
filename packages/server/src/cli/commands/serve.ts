import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.js';
import { RunningRequests } from '../../http/running.js';
import type { Metrics } from '../../modules/ops/metrics.js';

/**
 * The jobs that run once per server, not once per worker: signed audit checkpoints (periodic, and a last
 * one on shutdown) and mail delivery from the outbox. Returns what stops them.
 */
async function startBackground(
  database: Database,
  config: Config,
  logError: (message: string, err: unknown) => void,
  metrics?: Metrics,
): Promise<() => Promise<void>> {
  const { writeCheckpoint } = await import('../../modules/audit/checkpoint.js');
  const { OutboxDeliverer } = await import('../../modules/tracing/deliverer.js');
  // Mail leaves through the outbox; without SMTP it waits there (visible to admins).
  const mail = new OutboxDeliverer(database, {
    smtpUrl: config.tracing.smtpUrl,
    from: config.tracing.mailFrom,
  });
  mail.start(5, (err) => {
    metrics?.mailFailed();
    logError('mail delivery failed', err);
  });
  // Periodic signed checkpoints of the audit log, outside the database.
  const checkpoint = async () => {
    try {
      await writeCheckpoint(database, config.auditDir);
      metrics?.checkpointed(true);
    } catch (err) {
      metrics?.checkpointed(false);
      logError('audit checkpoint failed', err);
    }
  };
  const timer = setInterval(() => void checkpoint(), config.auditCheckpointSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await mail.stop();
    await checkpoint();
  };
}

/**
 * Stops an app and then its database: no new requests, then the running ones finish — also those whose
 * client has gone, which the HTTP server no longer waits for — within `graceMs`, and only then the database
 * closes (it used to close under them: "driver has already been destroyed").
 */
export async function closeAppThenDatabase(
  app: FastifyInstance,
  running: RunningRequests,
  database: Database,
  graceMs: number,
): Promise<void> {
  const within = <T>(work: Promise<T>): Promise<T | 'late'> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  };
  const outcome = await within(
    Promise.all([app.close(), running.drain(graceMs)]).then(([, all]) => (all ? 'done' : 'late')),
  );
  if (outcome === 'late') {
    console.error(
      `warning: ${running.size} requests still running after the shutdown grace (${graceMs} ms); closing the database under them`,
    );
  }
  // A connection still held by such a request would keep the pool from ending: bounded as well (the
  // process exits next, and PostgreSQL rolls back what it left open).
  await within(database.close());
}

/**
 * With HOMECOMING_PROFILE=1, where the requests' time went (wall-clock per phase: session lookup, each
 * read's statements, the audit append …) is printed to stderr when the server stops. Names only.
 */
async function printPhases(): Promise<void> {
  const { profiling, phaseTable } = await import('../../phases.js');
  if (profiling()) console.error(`where the requests' time went (pid ${process.pid}):\n${phaseTable()}`);
}

/** The address the server answers at, for the start message. */
function baseOf(config: Config, port: number): string {
  return `http://${config.host === '::1' ? '[::1]' : config.host}:${port}`;
}

/** Prints where the server runs, and the first-run setup link while no admin exists. */
async function announce(database: Database, config: Config, port: number, how: string): Promise<void> {
  const { firstRunSetupToken } = await import('../../modules/auth/service.js');
  const base = baseOf(config, port);
  console.error(`Homecoming is running on ${base} (${how})`);
  const setup = await firstRunSetupToken(database);
  if (setup !== null) {
    // The token travels in the fragment, which browsers never send: it reaches no server log.
    console.error(
      `No admin account exists yet. Open this one-time link within 24 hours to create it:\n  ${base}/setup#${setup}`,
    );
  }
}

/**
 * A worker's share of the in-memory rate limits: each worker counts only the requests it serves, and
 * the cluster hands connections out in turn, so N workers each allow 1/N of every limit.
 */
export function workerShare(config: Config, workers: number): Config {
  const share = (n: number): number => Math.max(1, Math.ceil(n / workers));
  return {
    ...config,
    publicRateLimitPerMinute: share(config.publicRateLimitPerMinute),
    tracing: {
      ...config.tracing,
      perAddressPerMinute: share(config.tracing.perAddressPerMinute),
      totalPerMinute: share(config.tracing.totalPerMinute),
    },
  };
}

/** One process: the API, the web app and the background jobs. */
async function serveAlone(config: Config): Promise<void> {
  const { openDatabase, targetOf } = await import('../../db/database.js');
  const { prepare } = await import('../database.js');
  const { buildApp } = await import('../../http/app.js');
  const target = targetOf(config);
  // Search and person reads may go to a streaming replica (issue #16); only the server routes reads there.
  const database = await openDatabase(
    'url' in target && config.databaseReadUrl ? { ...target, readUrl: config.databaseReadUrl } : target,
  );
  try {
    await prepare(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const { loadOrCreateTracingKey } = await import('../../modules/tracing/codes.js');
  // The tracing key lives outside the database, made on first start like the audit key.
  const tracingKey = loadOrCreateTracingKey(config.tracing.keyFile);
  // Metrics (issue #16): counted only when something will read them.
  const { createMetrics, startMetricsServer } = await import('../../modules/ops/metrics.js');
  const metrics =
    config.metrics.port !== undefined || config.metrics.token !== undefined
      ? createMetrics(database)
      : undefined;
  const running = new RunningRequests();
  const app = await buildApp(
    database,
    { ...config, metricsToken: config.metrics.token },
    { tracingKey, running, ...(metrics ? { metrics } : {}) },
  );
  if (metrics && config.metrics.port !== undefined) {
    const server = await startMetricsServer(metrics, config.metrics.port, config.metrics.host);
    app.addHook('onClose', async () => {
      await new Promise((resolve) => server.close(resolve));
    });
  }
  const stopBackground = await startBackground(
    database,
    config,
    (message, err) => app.log.error({ err: { message: (err as Error).message } }, message),
    metrics,
  );
  // Registered before listening: Fastify refuses hooks once it listens.
  app.addHook('onClose', stopBackground);
  if (database.kind === 'pglite') {
    // `homecoming backup` asks this process for the embedded database's backup (one process per folder).
    const { serveBackupRequests } = await import('../../modules/ops/liveBackup.js');
    const stopBackups = serveBackupRequests(
      database,
      config.dataDir,
      { auditDir: config.auditDir, tracingKeyFile: config.tracing.keyFile },
      (message) => app.log.error({ err: { message } }, 'backup request failed'),
    );
    app.addHook('onClose', async () => stopBackups());
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await closeAppThenDatabase(app, running, database, config.shutdownGraceMs);
    await printPhases();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
  const addr = app.server.address();
  await announce(database, config, typeof addr === 'object' && addr ? addr.port : config.port, where);
}

/**
 * The primary of `serve --workers N`: prepares the database and the tracing key once, runs the
 * background jobs, forks N workers that share the port, replaces a worker that dies, and on SIGTERM or
 * SIGINT stops them all (each finishing its requests) before its last checkpoint.
 */
async function servePrimary(config: Config, workers: number): Promise<void> {
  const cluster = (await import('node:cluster')).default;
  const { openDatabase, targetOf } = await import('../../db/database.js');
  const { prepare } = await import('../database.js');
  const { loadOrCreateTracingKey } = await import('../../modules/tracing/codes.js');
  const database = await openDatabase(targetOf(config));
  try {
    await prepare(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  loadOrCreateTracingKey(config.tracing.keyFile);
  // Metrics (issue #16): the workers count their requests, the primary gathers them with what it owns
  // (database figures, its jobs) into one answer, on the metrics port and to any worker asked.
  let metrics: Metrics | undefined;
  let metricsServer: import('node:http').Server | undefined;
  if (config.metrics.port !== undefined || config.metrics.token !== undefined) {
    const { createMetrics, startMetricsServer } = await import('../../modules/ops/metrics.js');
    const { gatherAcrossWorkers } = await import('../../modules/ops/clusterMetrics.js');
    metrics = gatherAcrossWorkers(createMetrics(database, 'primary'), undefined, (message) =>
      console.error(`warning: ${message}`),
    );
    if (config.metrics.port !== undefined) {
      try {
        metricsServer = await startMetricsServer(metrics, config.metrics.port, config.metrics.host);
      } catch (err) {
        await database.close();
        throw err;
      }
    }
  }
  const stopBackground = await startBackground(
    database,
    config,
    (message, err) => console.error(`${message}: ${(err as Error).message}`),
    metrics,
  );
  // A sign-out, a disabled user, a changed role: every worker forgets the sessions before it is answered.
  const { relayWorkersForgetting } = await import('../../modules/auth/sessionCache.js');
  relayWorkersForgetting();
  let stopping = false;
  let started = false;
  let port = config.port;
  const listening = new Promise<void>((resolve) => {
    let ready = 0;
    cluster.on('listening', (_worker, address) => {
      port = address.port;
      if (++ready === workers) resolve();
    });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A worker that cannot start (the port taken, say) would fail again: stop instead of looping.
    if (!started) {
      console.error(`error: a worker could not start (${signal ?? code}); stopping`);
      void stop(1);
      return;
    }
    console.error(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const server = metricsServer;
    if (server) await new Promise((resolve) => server.close(resolve));
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await stopBackground();
    await database.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (let i = 0; i < workers; i++) cluster.fork();
  await listening;
  started = true;
  await announce(database, config, port, `PostgreSQL server, ${workers} worker processes`);
}

/** A worker of `serve --workers N`: the API and web app only, on the port the primary shares out. */
async function serveWorker(config: Config, workers: number): Promise<void> {
  // Metrics: this worker's requests, pool and process, which the primary gathers; /metrics on this port
  // asks the primary for the whole server's. Joined first: until a worker joins, a scrape waits for it.
  const withMetrics = config.metrics.port !== undefined || config.metrics.token !== undefined;
  const join = withMetrics
    ? (await import('../../modules/ops/clusterMetrics.js')).joinClusterMetrics()
    : undefined;
  const { openDatabase, targetOf } = await import('../../db/database.js');
  const target = targetOf(config);
  const database = await openDatabase(
    'url' in target && config.databaseReadUrl ? { ...target, readUrl: config.databaseReadUrl } : target,
  );
  let metrics: Metrics | undefined;
  if (join) {
    const { createMetrics } = await import('../../modules/ops/metrics.js');
    metrics = join(createMetrics(database, 'worker'));
  }
  const { buildApp } = await import('../../http/app.js');
  const { loadOrCreateTracingKey } = await import('../../modules/tracing/codes.js');
  const { joinWorkersForgetting } = await import('../../modules/auth/sessionCache.js');
  joinWorkersForgetting();
  const running = new RunningRequests();
  const app = await buildApp(
    database,
    { ...workerShare(config, workers), metricsToken: config.metrics.token },
    {
      tracingKey: loadOrCreateTracingKey(config.tracing.keyFile),
      running,
      ...(metrics ? { metrics } : {}),
    },
  );
  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    await closeAppThenDatabase(app, running, database, config.shutdownGraceMs);
    await printPhases();
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: the primary stops the workers in order.
  process.on('SIGINT', () => undefined);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // The channel to the primary keeps a worker alive: leave explicitly, and let the primary see it.
    console.error(`error: ${(err as Error).message}`);
    await stop(1);
  }
}

async function serve(config: Config, workers: number): Promise<void> {
  if (workers <= 1) return serveAlone(config);
  if (!config.databaseUrl) {
    const { AppError } = await import('../../errors.js');
    throw new AppError(
      'bad_request',
      '--workers needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process',
    );
  }
  const cluster = (await import('node:cluster')).default;
  return cluster.isPrimary ? servePrimary(config, workers) : serveWorker(config, workers);
}

/** `homecoming serve`: the API and web app. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API and web app (PORT, HOST, DATABASE_URL, HOMECOMING_DATA)')
    .option(
      '--workers <n>',
      'serve from N processes sharing the port (PostgreSQL only; HOMECOMING_WORKERS; default 1)',
    )
    .action(async (o: { workers?: string }) => {
      const { deprecatedSettings, loadConfig } = await import('../../config.js');
      const cluster = (await import('node:cluster')).default;
      if (cluster.isPrimary) for (const warning of deprecatedSettings()) console.error(`warning: ${warning}`);
      const config = loadConfig();
      const text = o.workers ?? process.env['HOMECOMING_WORKERS'] ?? '1';
      const workers = Number(text);
      if (!/^\d+$/.test(text) || workers < 1 || workers > 64) {
        const { AppError } = await import('../../errors.js');
        throw new AppError('bad_request', `--workers must be a whole number from 1 to 64, not "${text}"`);
      }
      await serve(config, workers);
    });
}
