import type { Command } from 'commander';
import type { Config } from '../../config.js';

async function serve(config: Config): Promise<void> {
  const { openDatabase, targetOf } = await import('../../db/database.js');
  const { prepare } = await import('../database.js');
  const { buildApp } = await import('../../http/app.js');
  const { writeCheckpoint } = await import('../../modules/audit/checkpoint.js');
  const { firstRunSetupToken } = await import('../../modules/auth/service.js');
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
  const { OutboxDeliverer } = await import('../../modules/tracing/deliverer.js');
  // The tracing key lives outside the database, made on first start like the audit key.
  const tracingKey = loadOrCreateTracingKey(config.tracing.keyFile);
  // Metrics (issue #16): counted only when something will read them.
  const { createMetrics, startMetricsServer } = await import('../../modules/ops/metrics.js');
  const metrics =
    config.metrics.port !== undefined || config.metrics.token !== undefined
      ? createMetrics(database)
      : undefined;
  const app = await buildApp(
    database,
    { ...config, metricsToken: config.metrics.token },
    { tracingKey, ...(metrics ? { metrics } : {}) },
  );
  if (metrics && config.metrics.port !== undefined) {
    const server = await startMetricsServer(metrics, config.metrics.port, config.metrics.host);
    app.addHook('onClose', async () => {
      await new Promise((resolve) => server.close(resolve));
    });
  }
  // Mail leaves through the outbox; without SMTP it waits there (visible to admins).
  const mail = new OutboxDeliverer(database, {
    smtpUrl: config.tracing.smtpUrl,
    from: config.tracing.mailFrom,
  });
  mail.start(5, (err) => app.log.error({ err: { message: (err as Error).message } }, 'mail delivery failed'));
  app.addHook('onClose', () => mail.stop());
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
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Periodic signed checkpoints of the audit log, outside the database, and a last one on shutdown. The
  // hook is registered before listening: Fastify refuses hooks once it listens.
  const checkpoint = async () => {
    try {
      await writeCheckpoint(database, config.auditDir);
    } catch (err) {
      app.log.error({ err: { message: (err as Error).message } }, 'audit checkpoint failed');
    }
  };
  const timer = setInterval(() => void checkpoint(), config.auditCheckpointSeconds * 1000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await checkpoint();
  });
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server';
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const base = `http://${config.host === '::1' ? '[::1]' : config.host}:${port}`;
  console.error(`Homecoming is running on ${base} (${where})`);
  const setup = await firstRunSetupToken(database);
  if (setup !== null) {
    // The token travels in the fragment, which browsers never send: it reaches no server log.
    console.error(
      `No admin account exists yet. Open this one-time link within 24 hours to create it:\n  ${base}/setup#${setup}`,
    );
  }
}

/** `homecoming serve`: the API and web app. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API and web app (PORT, HOST, DATABASE_URL, HOMECOMING_DATA)')
    .action(async () => {
      const { loadConfig } = await import('../../config.js');
      await serve(loadConfig());
    });
}
