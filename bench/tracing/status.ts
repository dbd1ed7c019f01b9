/**
 * Status lookups of the public side under load (npm run bench:tracing -- --seconds S --connections C):
 * serves the app on 127.0.0.1 (a scratch PostgreSQL database, or DB=pglite), files --cases requests,
 * then autocannon sends POST /api/v1/public/tracing-requests/status with the right codes, round-robin
 * over the cases, for S seconds. Every lookup runs as in production: the case and address locks are
 * checked, the code's keyed hash compared, the disclosure computed, the lookup audited. The per-address
 * limit is raised for the run (autocannon is one address; ADDRESSES=n sends them from n addresses through a trusted
 * proxy's X-Forwarded-For). Target (issue #12): ≥ 200 requests/s, no error.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { buildApp } from '../../packages/server/src/http/app.js';
import { createTracingRequest } from '../../packages/server/src/modules/tracing/service.js';
import { deriveKeys } from '../../packages/server/src/modules/tracing/codes.js';
import { createScratchDatabase } from '../lib.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    cases: { type: 'string', default: '50' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const CASES = Number(values.cases);

let database: Database;
let drop: (() => Promise<void>) | null = null;
if (process.env['DB'] === 'pglite') {
  database = await openDatabase({ memory: true });
} else {
  const scratch = await createScratchDatabase('hc_tracing_bench');
  database = await openDatabase({ url: scratch.url });
  drop = scratch.drop;
}
await migrate(database.pool);
const key = crypto.randomBytes(32);
const tracing = {
  challenge: false,
  perAddressPerMinute: 1_000_000,
  totalPerMinute: 10_000_000,
  perEmailPerDay: 1000,
  publicUrl: 'http://127.0.0.1',
  smtpUrl: undefined,
  mailFrom: 'Homecoming <bench@localhost>',
};
const ctx = { keys: deriveKeys(key), perEmailPerDay: 1000, publicUrl: 'http://127.0.0.1' };
const cases: { case_number: string; access_code: string }[] = [];
for (let i = 0; i < CASES; i++) {
  const r = await createTracingRequest(database, ctx, {
    requester: { name: `Generated Requester ${i}`, email: `bench${i}@example.org`, relationship: 'parent' },
    sought: { family_name: `Генеренко${i}`, given_name: 'Іван', birth_date: '1990' },
    consent: { tracing: true },
  });
  cases.push({ case_number: r.case_number, access_code: r.access_code });
}
// ADDRESSES=n: the lookups come from n addresses (X-Forwarded-For behind one trusted proxy), as relatives'
// do, instead of all from one (whose throttle row every lookup then takes in turn).
const ADDRESSES = Number(process.env['ADDRESSES'] ?? 1);
const app = await buildApp(
  database,
  {
    bodyLimit: 1024 * 1024,
    requestTimeoutMs: 30_000,
    logLevel: 'silent',
    tracing,
    ...(ADDRESSES > 1 ? { trustProxy: 1 } : {}),
  },
  { tracingKey: key },
);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

let n = 0;
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: CONNECTIONS,
  duration: SECONDS,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/public/tracing-requests/status',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = n++;
        const address = `10.${(i % ADDRESSES) >> 16}.${((i % ADDRESSES) >> 8) & 255}.${(i % ADDRESSES) & 255}`;
        return {
          ...req,
          body: JSON.stringify(cases[i % cases.length]),
          ...(ADDRESSES > 1 ? { headers: { ...req.headers, 'x-forwarded-for': address } } : {}),
        };
      },
    },
  ],
});
const summary = {
  database: database.kind,
  seconds: SECONDS,
  connections: CONNECTIONS,
  cases: CASES,
  requests: result.requests.total,
  requests_per_second: Math.round(result.requests.average),
  errors: result.errors,
  timeouts: result.timeouts,
  non_2xx: result.non2xx,
  latency_ms: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
};
console.log(JSON.stringify(summary, null, 2));
await app.close();
await database.close();
await drop?.();
if (summary.errors > 0 || summary.non_2xx > 0 || summary.requests_per_second < 200) process.exitCode = 1;
