/**
 * Search latency and key-building benchmark (npm run bench:search): imports PERSONS generated people
 * (default 1,000,000) into a scratch PostgreSQL database (or, with DB=pglite, an embedded one), then
 *  - times QUERIES labelled queries (default 1,000; bench/search/variants.ts) through the search
 *    service, printing mean, p50, p95 and p99 milliseconds;
 *  - clears every record's name keys and times rebuilding them (`homecoming reindex`'s work).
 * Targets (issue #3): p95 ≤ 50 ms per query at 1,000,000 persons on PostgreSQL; keys for 1,000,000
 * records built in ≤ 5 minutes.
 *
 * URL=postgres://… measures an existing registry instead (a copy of one `homecoming seed --persons N
 * [--seed S]` wrote: PERSONS and SEED must be the seed's, default seed 1): nothing is imported, the
 * planted homonyms are left out, the keys are not rebuilt, and the database is kept. Migrate it first.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import { reindexNameKeys } from '../../packages/server/src/modules/search/reindex.js';
import * as thisService from '../../packages/server/src/modules/search/service.js';
import { explainingDatabase, printBreakdown, type QueryFacts } from './breakdown.js';
import { REGISTRY_ORGANISATION_ID, type Principal } from '../../packages/server/src/auth/permissions.js';
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { generateQueries } from './variants.js';
import { AppError } from '../../packages/server/src/errors.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';

// SERVICE=<another tree's packages/server/src/modules/search/service.ts>: time that tree's search instead
// (a baseline, on the same database and with the same breakdown).
const service = (process.env['SERVICE'] ? await import(process.env['SERVICE']) : thisService) as Pick<
  typeof thisService,
  'searchPersons' | 'searchPersonsAs'
> &
  Partial<typeof thisService>;
const { searchPersons, searchPersonsAs } = service;

/** The whole registry, as the command line sees it (the unscoped baseline). */
const REGISTRY_WIDE = personScopeOf(unsafeRegistryPrincipal());

const PERSONS = Number(process.env['PERSONS'] ?? 1_000_000);
const QUERIES = Number(process.env['QUERIES'] ?? 1_000);
const KIND = process.env['DB'] === 'pglite' ? 'pglite' : 'postgres';

const URL = process.env['URL'];
const population = [
  ...generatePopulation(
    URL === undefined
      ? { persons: PERSONS, seed: 21, source: 'latency registry' }
      : {
          persons: PERSONS,
          seed: Number(process.env['SEED'] ?? 1),
          source: 'generated demo data',
          // PROFILE=realistic (with SEED=2) for hc_shared_1m_real: the queries are about its people.
          profile: process.env['PROFILE'] === 'realistic' ? ('realistic' as const) : undefined,
        },
  ),
];
const { queries, planted } = generateQueries(population, { queries: QUERIES, seed: 21 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-latency-'));
const csv = path.join(dir, 'registry.csv');
if (URL === undefined) writeCanonicalCsv(csv, [...population, ...planted]);
population.length = 0;

const scratch = KIND === 'postgres' && URL === undefined ? await createScratchDatabase('hc_latency') : null;
let database: Database;
if (URL !== undefined) {
  database = await openDatabase({ url: URL });
} else if (scratch) {
  database = await openDatabase({ url: scratch.url });
} else {
  database = await openDatabase({ dataDir: path.join(dir, 'data') });
}
// SCOPED=1: search as a staff member would over HTTP: limited to their organisation and to persons not
// withheld, with the audit entry appended (issue #5). COMPARE=1: both ways, query by query, alternating
// which goes first, so that a busy machine weighs on both alike. SKIP_KEYS=1: no key rebuild.
const SCOPED = process.env['SCOPED'] === '1';
const COMPARE = process.env['COMPARE'] === '1';
const SKIP_KEYS = process.env['SKIP_KEYS'] === '1';
const STAFF: Principal = {
  id: '01900000-0000-7000-8000-000000000042',
  role: 'analyst',
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user',
};
/** Runs one query; a query the API refuses (an impossible birth date, say) returns no hits. */
async function run(q: { q: string; birth: string }, scoped = SCOPED) {
  const input = { q: q.q, birth: q.birth || undefined, limit: 10 };
  return (
    scoped
      ? searchPersonsAs(database, STAFF, input)
      : searchPersons(database, { ...input, scope: REGISTRY_WIDE })
  ).catch((err: unknown) => {
    if (err instanceof AppError) return { hits: [] as { record_ids: string[] }[] };
    throw err;
  });
}
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;

try {
  if (URL === undefined) {
    await migrate(database.pool);
    const t0 = Date.now();
    const imported = await importCsv(database, { file: csv, actor: 'bench' });
    console.log(
      `${KIND}: imported ${imported.imported} records in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    await sql`ANALYZE`.execute(database.db);
  }

  // Warm up (first queries load indexes into memory), then measure.
  for (const q of queries.slice(0, 50))
    await searchPersons(database, { q: q.q, birth: q.birth || undefined, limit: 10, scope: REGISTRY_WIDE });
  const modes = COMPARE ? [false, true] : [SCOPED];
  const ms = new Map(modes.map((m) => [m, [] as number[]]));
  // This process's CPU per query (less moved by the machine's load than the wall time), and its
  // PostgreSQL backends' CPU over the run (from /proc, in 10 ms ticks).
  const cpu = new Map(modes.map((m) => [m, [] as number[]]));
  const backends = async () =>
    (
      await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'homecoming'`.execute(database.db)
    ).rows.map((r) => r.pid);
  const backendCpu = (pids: number[]) =>
    pids.reduce((sum, pid) => {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
        return sum + (Number(x[11]) + Number(x[12])) * 10;
      } catch {
        return sum;
      }
    }, 0);
  const pg0 = backendCpu(await backends());
  // SLOW=n: the n slowest queries, to EXPLAIN.
  const slow: { ms: number; q: string; birth: string }[] = [];
  const top1 = new Map(modes.map((m) => [m, 0]));
  for (const [i, q] of queries.entries()) {
    for (const scoped of i % 2 === 0 ? modes : [...modes].reverse()) {
      const c0 = process.cpuUsage();
      const t = performance.now();
      const r = await run(q, scoped);
      const took = performance.now() - t;
      const c = process.cpuUsage(c0);
      ms.get(scoped)?.push(took);
      cpu.get(scoped)?.push((c.user + c.system) / 1000);
      slow.push({ ms: took, q: q.q, birth: q.birth });
      if (r.hits[0]?.record_ids.includes(q.target)) top1.set(scoped, (top1.get(scoped) ?? 0) + 1);
    }
  }
  const pgCpu = backendCpu(await backends()) - pg0;
  for (const [scoped, cs] of cpu) {
    const mean = cs.reduce((a, b) => a + b, 0) / cs.length;
    console.log(
      `cpu${scoped ? ' (scoped)' : ''}: this process ${mean.toFixed(2)} ms a query (p95 ${quantile(cs, 0.95).toFixed(2)}, p99 ${quantile(cs, 0.99).toFixed(2)}); PostgreSQL backends ${(pgCpu / queries.length / modes.length).toFixed(2)} ms a query (both ways when COMPARE)`,
    );
  }
  for (const [scoped, xs] of ms) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `search${scoped ? ' (scoped and audited)' : ''}, ${PERSONS} persons, ${xs.length} queries: mean ${mean.toFixed(1)} ms, p50 ${quantile(xs, 0.5).toFixed(1)}, p95 ${quantile(xs, 0.95).toFixed(1)}, p99 ${quantile(xs, 0.99).toFixed(1)} ms; right person first in ${((100 * (top1.get(scoped) ?? 0)) / xs.length).toFixed(1)}% (all queries)`,
    );
  }
  // BREAKDOWN=1: every query again, each statement explained (breakdown.ts), bucketed by its labels and
  // what the search did; BREAKDOWN_OUT=file keeps one JSON line per query. Registry-wide only.
  if (process.env['BREAKDOWN'] === '1' && !COMPARE && !SCOPED) {
    const explaining = explainingDatabase(database);
    const times = ms.get(false) ?? [];
    const facts: QueryFacts[] = [];
    for (const [i, q] of queries.entries()) {
      const search = () =>
        searchPersons(explaining.database, {
          q: q.q,
          birth: q.birth || undefined,
          limit: 10,
          scope: REGISTRY_WIDE,
        }).catch((err: unknown) => {
          if (err instanceof AppError) return null;
          throw err;
        });
      const traced = service.traceSearch ? await service.traceSearch(search) : null;
      if (!traced) await search();
      const statements = explaining.take();
      const kinds = new Set(statements.map((s) => s.kind));
      facts.push({
        ms: times[i] ?? NaN,
        cpu: cpu.get(false)?.[i] ?? NaN,
        noise: q.noise,
        birth: q.birth,
        path:
          kinds.has('namesakes') && !kinds.has('keyed')
            ? 'namesakes'
            : kinds.has('close') || kinds.has('close keys')
              ? 'keyed+close'
              : kinds.has('keyed') || kinds.has('namesakes')
                ? 'keyed'
                : 'none',
        statements,
        scored: traced?.trace.scored ?? null,
        readings: traced?.trace.readings ?? null,
      });
    }
    printBreakdown(facts);
    const out = process.env['BREAKDOWN_OUT'];
    if (out)
      fs.writeFileSync(
        out,
        facts.map((f, i) => JSON.stringify({ i, q: queries[i]?.q, ...f })).join('\n') + '\n',
      );
    await explaining.database.close();
  }
  const showSlow = Number(process.env['SLOW'] ?? 0);
  for (const s of slow.sort((a, b) => b.ms - a.ms).slice(0, showSlow))
    console.log(`  slow: ${s.ms.toFixed(0)} ms  ${JSON.stringify(s.q)} ${s.birth}`);
  if (!SKIP_KEYS && URL === undefined) {
    await sql`UPDATE record SET keys_version = NULL`.execute(database.db);
    const t1 = Date.now();
    const rebuilt = await reindexNameKeys(database);
    console.log(`name keys rebuilt for ${rebuilt} records in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  }
} finally {
  await database.close();
  await scratch?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
