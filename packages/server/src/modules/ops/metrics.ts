import crypto from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../../db/database.js';

/**
 * Prometheus metrics. Labels carry only fixed vocabularies: the HTTP method, the route *pattern*
 * (`/api/v1/persons/:id`, never the URL with its ids or query), the status code. Nothing a person typed
 * or is named by ever becomes a label, so a metrics store never holds personal data.
 *
 * Rates that several processes contribute to (imports from the CLI and from HTTP, links, audit entries)
 * are read from the database at scrape time, from cheap monotonic counters it already keeps: the sum of
 * committed import batches, the link id sequence, the audit head.
 *
 * With `serve --workers N` (see clusterMetrics.ts) each process keeps only its part: a worker its requests,
 * its pool and its process figures; the primary the database-wide figures and the jobs it runs, once.
 */
export interface Metrics {
  registry: Registry;
  /** The text a scraper gets: this process's registry alone, or with --workers the whole server's. */
  scrape(): Promise<string>;
  /** Counts one finished request. */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Counts one run of the periodic audit checkpoint (a job of the primary, or of a server alone). */
  checkpointed(ok: boolean): void;
  /** Counts one failed round of mail delivery from the outbox (same). */
  mailFailed(): void;
}

/**
 * Which metrics a process keeps: `all` when it serves alone; with --workers, each `worker` its requests,
 * latency, pool and process figures (the primary sums them), and the `primary` the figures read from the
 * database and those of the jobs it runs — once, however many workers.
 */
export type MetricsRole = 'all' | 'worker' | 'primary';

/** The route label of a request: its registered pattern, or `unmatched` (never the raw URL). */
export function routeLabel(pattern: string | undefined): string {
  return pattern && pattern.length > 0 ? pattern : 'unmatched';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Creates the metrics of one process, reading database-wide figures from `database` at scrape time. */
export function createMetrics(database: Database, role: MetricsRole = 'all'): Metrics {
  const registry = new Registry();
  const perProcess = role !== 'primary';
  const once = role !== 'worker';
  if (perProcess) {
    collectDefaultMetrics({ register: registry, prefix: 'homecoming_' });
    // Summed over workers it would be N times the limit; the largest is the limit each has.
    const maxFds = registry.getSingleMetric('homecoming_process_max_fds') as
      { aggregator?: string } | undefined;
    if (maxFds) maxFds.aggregator = 'max';
  }
  if (role === 'worker') {
    // 1 in each worker: summed, how many workers' figures an answer holds.
    new Gauge({
      name: 'homecoming_workers',
      help: 'Worker processes whose figures this answer holds (serve --workers)',
      registers: [registry],
    }).set(1);
  }
  const requests = new Counter({
    name: 'homecoming_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    // The primary answers no request of the API: its workers count them.
    registers: perProcess ? [registry] : [],
  });
  const latency = new Histogram({
    name: 'homecoming_http_request_duration_seconds',
    help: 'Time from request to response, by route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: perProcess ? [registry] : [],
  });

  let figures: Promise<Record<string, number>> | undefined;
  let figuresAt = 0;
  // One set of database reads serves every gauge of a scrape (prom-client collects each separately).
  const readFigures = () => {
    if (!figures || Date.now() - figuresAt > 1000) {
      figuresAt = Date.now();
      figures = database.pool
        .connect()
        .then(async (c) => {
          try {
            const r = await c.query<Record<string, number>>(
              `SELECT
                 (SELECT coalesce(sum(rows_imported), 0)::bigint FROM import_batch) AS import_rows,
                 (SELECT count(*)::int FROM import_run WHERE finished_at IS NULL) AS imports_running,
                 (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM link_id_seq) AS links,
                 (SELECT size FROM audit_head WHERE id = 1) AS audit_entries,
                 (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL) AS outbox_depth`,
            );
            return r.rows[0] ?? {};
          } finally {
            c.release();
          }
        })
        .catch(() => ({}));
    }
    return figures;
  };
  const fromDatabase = (name: string, help: string, key: string, type: 'counter' | 'gauge') => {
    // A gauge that reads the database; `counter` ones only grow, so rate() gives rows/s, links/s…
    const Kind = type === 'counter' ? Counter : Gauge;
    new Kind({
      name,
      help,
      registers: [registry],
      async collect(this: Counter | Gauge) {
        const v = (await readFigures())[key];
        if (typeof v !== 'number') return;
        if (this instanceof Gauge) this.set(v);
        else {
          this.reset();
          this.inc(v);
        }
      },
    });
  };
  if (once) {
    fromDatabase(
      'homecoming_import_rows_total',
      'Rows imported in committed batches (all processes)',
      'import_rows',
      'counter',
    );
    fromDatabase(
      'homecoming_imports_running',
      'Import runs started and not finished (an interrupted run counts until it is resumed)',
      'imports_running',
      'gauge',
    );
    fromDatabase(
      'homecoming_linkage_links_total',
      'Links made between records and persons (automatic and human)',
      'links',
      'counter',
    );
    fromDatabase(
      'homecoming_audit_entries_total',
      'Entries appended to the audit log',
      'audit_entries',
      'counter',
    );
    fromDatabase('homecoming_outbox_depth', 'Mail waiting in the outbox', 'outbox_depth', 'gauge');
  }
  const jobs = once
    ? {
        checkpointFailures: new Counter({
          name: 'homecoming_audit_checkpoint_failures_total',
          help: 'Periodic audit checkpoints that failed (the server log says why)',
          registers: [registry],
        }),
        checkpointLast: new Gauge({
          name: 'homecoming_audit_checkpoint_last_success_timestamp_seconds',
          help: 'When the audit checkpoint last ran without error (Unix seconds; 0: not yet)',
          registers: [registry],
        }),
        mailFailures: new Counter({
          name: 'homecoming_mail_delivery_failures_total',
          help: 'Rounds of mail delivery from the outbox that failed (the server log says why)',
          registers: [registry],
        }),
      }
    : undefined;
  // Each worker's own pool; summed, they are the server's connections to PostgreSQL.
  if (perProcess) {
    const pool = (name: string, help: string, pick: (s: ReturnType<Database['pool']['stats']>) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect(this: Gauge) {
          this.set(pick(database.pool.stats()));
        },
      });
    pool('homecoming_db_pool_max', 'Database connections the pool may open', (s) => s.max);
    pool('homecoming_db_pool_connections', 'Database connections open', (s) => s.total);
    pool('homecoming_db_pool_idle', 'Database connections open and idle', (s) => s.idle);
    pool('homecoming_db_pool_waiting', 'Callers waiting for a database connection', (s) => s.waiting);
  }

  return {
    registry,
    scrape: () => registry.metrics(),
    observe(method, route, status, seconds) {
      const m = METHODS.has(method) ? method : 'OTHER';
      requests.inc({ method: m, route, status: String(status) });
      latency.observe({ method: m, route }, seconds);
    },
    checkpointed(ok) {
      if (ok) jobs?.checkpointLast.set(Date.now() / 1000);
      else jobs?.checkpointFailures.inc();
    },
    mailFailed() {
      jobs?.mailFailures.inc();
    },
  };
}

/** Counts every request of the app by its route pattern. */
export function instrumentApp(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // routeOptions.url is the pattern; a 404 for an unknown path has none.
    const pattern =
      reply.statusCode === 404 && !request.routeOptions.url ? undefined : request.routeOptions.url;
    metrics.observe(request.method, routeLabel(pattern), reply.statusCode, reply.elapsedTime / 1000);
  });
}

/** Whether `header` is `Bearer <token>`, compared in constant time. */
export function metricsTokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const a = crypto.createHash('sha256').update(m[1]).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Serves `/metrics` alone on its own port (HOMECOMING_METRICS_PORT), for a scraper on a private network. */
export async function startMetricsServer(
  metrics: Pick<Metrics, 'scrape' | 'registry'>,
  port: number,
  host: string,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics here\n');
      return;
    }
    metrics
      .scrape()
      .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
      .catch(() => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
