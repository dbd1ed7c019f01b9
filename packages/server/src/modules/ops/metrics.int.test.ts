import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { createMetrics, startMetricsServer, type Metrics } from './metrics.js';

const TOKEN = 'metrics-token-0123456789abcdef';
// Generated, not a real person: it must appear in no label.
const FAMILY = 'Метрикенко';
const GIVEN = 'Оксана';

describe.each(DATABASE_KINDS)('Prometheus metrics on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let metrics: Metrics;
  let actor: TestActor;
  let personId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    metrics = createMetrics(t.database);
    app = await buildApp(
      t.database,
      { bodyLimit: 1 << 20, requestTimeoutMs: 10_000, logLevel: 'silent', metricsToken: TOKEN },
      { metrics },
    );
    actor = await createTestActor(t.database, 'registrar');
    const created = await actor.inject(app, {
      method: 'POST',
      url: '/api/v1/records',
      payload: { source: 'metrics-test', family_name: FAMILY, given_name: GIVEN, birth_date: '1987-03-04' },
    });
    expect(created.statusCode).toBe(201);
    personId = created.json().person_id;
    expect((await actor.inject(app, `/api/v1/persons/${personId}`)).statusCode).toBe(200);
    const q = encodeURIComponent(`${FAMILY} ${GIVEN}`);
    expect((await actor.inject(app, `/api/v1/search/persons?q=${q}`)).statusCode).toBe(200);
    await app.inject(`/api/v1/no/such/${encodeURIComponent(FAMILY)}`);
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it('refuses /metrics without the token', async () => {
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    const wrong = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('counts requests by route pattern and status, with latency, database and pool figures, and no personal data', async () => {
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(
      /homecoming_http_requests_total\{method="GET",route="\/api\/v1\/persons\/:id",status="200"\} 1/,
    );
    expect(text).toMatch(
      /homecoming_http_requests_total\{method="POST",route="\/api\/v1\/records",status="201"\} 1/,
    );
    expect(text).toMatch(
      /homecoming_http_requests_total\{method="GET",route="\/api\/v1\/search\/persons",status="200"\} 1/,
    );
    expect(text).toMatch(/homecoming_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(
      /homecoming_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/persons\/:id"\}/,
    );
    // One audit entry at least (the record's creation), and the linkage counter.
    expect(Number(/^homecoming_audit_entries_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    // A record of its own person needs no linkage decision; the counter is there, at 0.
    expect(text).toMatch(/^homecoming_linkage_links_total 0$/m);
    expect(text).toMatch(/^homecoming_import_rows_total 0$/m);
    expect(text).toMatch(/^homecoming_outbox_depth 0$/m);
    // The jobs of a server alone (with --workers, of the primary): none has run or failed yet.
    expect(text).toMatch(/^homecoming_audit_checkpoint_last_success_timestamp_seconds 0$/m);
    expect(text).toMatch(/^homecoming_audit_checkpoint_failures_total 0$/m);
    expect(text).toMatch(/^homecoming_mail_delivery_failures_total 0$/m);
    // One process alone: no worker count.
    expect(text).not.toContain('homecoming_workers');
    expect(text).toMatch(/^homecoming_db_pool_max \d+$/m);
    expect(text).toMatch(/^homecoming_db_pool_waiting \d+$/m);
    expect(text).toMatch(/^homecoming_process_resident_memory_bytes /m);
    // Never personal data: no id, no name (in any spelling the URL carried), no query string.
    // The birth date as a date anywhere; its year alone in no label (a sample's value, such as a duration
    // sum of 0.0007650020000291987, may hold the digits by chance).
    const secrets = [personId, FAMILY, GIVEN, encodeURIComponent(FAMILY), 'q=', '1987-03-04', '04.03.1987'];
    for (const secret of [...secrets, actor.token]) expect(text).not.toContain(secret);
    for (const m of text.matchAll(/\{([^}]*)\}/g)) expect(m[1]).not.toContain('1987');
    const labels = [...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
      (m[1] ?? '').split(',').map((kv) => kv.split('=')[0]),
    );
    // Only fixed vocabularies as label names (ours, and prom-client's process metrics).
    const allowed = new Set([
      'method',
      'route',
      'status',
      'le',
      'version',
      'major',
      'minor',
      'patch',
      'space',
      'type',
      'kind',
      'quantile',
    ]);
    expect([...new Set(labels)].filter((l) => !allowed.has(l ?? ''))).toEqual([]);
    // Route labels are patterns: no uuid, digits run or percent-encoding in any of them.
    const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(routes.filter((r) => /[0-9a-f]{8}-|%|\d{3,}/.test(r))).toEqual([]);
  });

  it('counts the checkpoint and mail jobs', async () => {
    const own = createMetrics(t.database);
    own.checkpointed(false);
    own.checkpointed(true);
    own.mailFailed();
    const text = await own.scrape();
    expect(text).toMatch(/^homecoming_audit_checkpoint_failures_total 1$/m);
    expect(text).toMatch(/^homecoming_mail_delivery_failures_total 1$/m);
    const last = Number(
      /^homecoming_audit_checkpoint_last_success_timestamp_seconds (\S+)$/m.exec(text)?.[1],
    );
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);
  });

  it('serves /metrics alone on a port of its own', async () => {
    const server = await startMetricsServer(metrics, 0, '127.0.0.1');
    try {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('homecoming_http_requests_total');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/persons`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
