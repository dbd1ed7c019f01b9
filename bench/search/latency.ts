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
 *
 * Before and after on a busy machine: BASE_URL=postgres://…(a copy migrated by the baseline tree)
 * BASE_SERVICE=/tmp/base-x/packages/server/src/modules/search/service.ts times that tree's search on its
 * copy beside this tree's on URL, query by query, alternating which goes first, so that the machine's
 * load weighs on both alike. Each side's figures include this process's CPU per query and its PostgreSQL
 * backends' CPU (from /proc). BREAKDOWN=1 then explains every query's statements on each side
 * (breakdown.ts: rows per branch, buffers, plans; counts that do not move with the load).
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
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
import { collectGarbage } from '../../packages/server/src/phases.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';

/** A search service: this tree's, or a baseline tree's (which may not trace). */
type Service = Pick<typeof thisService, 'searchPersons' | 'searchPersonsAs'> & Partial<typeof thisService>;
const BASE_URL = process.env['BASE_URL'];
const BASE_SERVICE = process.env['BASE_SERVICE'];
if ((BASE_URL === undefined) !== (BASE_SERVICE === undefined))
  throw new Error('BASE_URL and BASE_SERVICE go together');
const baseService = BASE_SERVICE === undefined ? undefined : ((await import(BASE_SERVICE)) as Service);

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
/** One way of searching that the bench times: a tree's service, on its database, scoped or not. */
interface Side {
  label: string;
  service: Service;
  database: Database;
  scoped: boolean;
}
/** Runs one query; a query the API refuses (an impossible birth date, say) returns no hits. */
async function run(q: { q: string; birth: string }, side: Side) {
  const input = { q: q.q, birth: q.birth || undefined, limit: 10 };
  return (
    side.scoped
      ? side.service.searchPersonsAs(side.database, STAFF, input)
      : side.service.searchPersons(side.database, { ...input, scope: REGISTRY_WIDE })
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

  // The generated population (a million rows) is garbage now: collect it, so that the searches run in a
  // heap the size a server's is, not beside hundreds of MB of it.
  collectGarbage();
  const baseDatabase = BASE_URL === undefined ? undefined : await openDatabase({ url: BASE_URL });
  const sides: Side[] =
    baseDatabase && baseService
      ? [
          { label: 'after (this tree)', service: thisService, database, scoped: SCOPED },
          { label: 'before (BASE_SERVICE)', service: baseService, database: baseDatabase, scoped: SCOPED },
        ]
      : (COMPARE ? [false, true] : [SCOPED]).map((scoped) => ({
          label: scoped ? 'scoped and audited' : 'registry-wide',
          service: thisService,
          database,
          scoped,
        }));
  // Warm up (first queries load indexes into memory), then measure.
  for (const side of sides) for (const q of queries.slice(0, 50)) await run(q, { ...side, scoped: false });
  // Per side: each query's ms and this process's CPU for it (less moved by the machine's load than the
  // wall time); per database, its PostgreSQL backends' CPU over the run (from /proc, in 10 ms ticks).
  const ms = sides.map(() => [] as number[]);
  const cpu = sides.map(() => [] as number[]);
  const top1 = sides.map(() => 0);
  const databases = [...new Set(sides.map((x) => x.database))];
  const backends = async (db: Database) =>
    (
      await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'homecoming'`.execute(db.db)
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
  const pg0 = await Promise.all(databases.map(async (db) => backendCpu(await backends(db))));
  // Garbage collections, to tell which queries a collection's pause fell in (gc ms per query).
  const pauses: { start: number; ms: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const windows = sides.map(() => [] as { start: number; end: number }[]);
  // SLOW=n: the n slowest queries, to EXPLAIN.
  const slow: { ms: number; q: string; birth: string; side: string }[] = [];
  const order = sides.map((_, k) => k);
  for (const [i, q] of queries.entries()) {
    for (const k of i % 2 === 0 ? order : [...order].reverse()) {
      const side = sides[k] as Side;
      const c0 = process.cpuUsage();
      const t = performance.now();
      const r = await run(q, side);
      const took = performance.now() - t;
      const c = process.cpuUsage(c0);
      ms[k]?.push(took);
      cpu[k]?.push((c.user + c.system) / 1000);
      windows[k]?.push({ start: t, end: t + took });
      slow.push({ ms: took, q: q.q, birth: q.birth, side: side.label });
      if (r.hits[0]?.record_ids.includes(q.target)) top1[k] = (top1[k] ?? 0) + 1;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  gcObserver.disconnect();
  /** The pause of the collections that began while a query ran. */
  const gcOf = (w: { start: number; end: number }) =>
    pauses.filter((p) => p.start >= w.start && p.start < w.end).reduce((a, p) => a + p.ms, 0);
  const gc = windows.map((ws) => ws.map(gcOf));
  const pgCpu = await Promise.all(
    databases.map(async (db, d) => backendCpu(await backends(db)) - (pg0[d] ?? 0)),
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [k, side] of sides.entries()) {
    const xs = ms[k] ?? [];
    const cs = cpu[k] ?? [];
    const d = databases.indexOf(side.database);
    const sharing = sides.filter((x) => x.database === side.database).length;
    console.log(
      `search (${side.label}), ${PERSONS} persons, ${xs.length} queries: mean ${mean(xs).toFixed(1)} ms, p50 ${quantile(xs, 0.5).toFixed(1)}, p95 ${quantile(xs, 0.95).toFixed(1)}, p99 ${quantile(xs, 0.99).toFixed(1)} ms; right person first in ${((100 * (top1[k] ?? 0)) / xs.length).toFixed(1)}% (all queries)`,
    );
    console.log(
      `  gc: ${(gc[k] ?? []).filter((x) => x > 0).length} queries had a collection's pause, ${mean(gc[k] ?? []).toFixed(2)} ms a query; of the slowest 5%: ${(() => {
        const cut = quantile(xs, 0.95);
        const slowest = xs.flatMap((x, i) => (x >= cut ? [gc[k]?.[i] ?? 0] : []));
        return `${slowest.filter((x) => x > 0).length} of ${slowest.length}, ${mean(slowest).toFixed(1)} ms each`;
      })()}`,
    );
    console.log(
      `  cpu: this process ${mean(cs).toFixed(2)} ms a query (p95 ${quantile(cs, 0.95).toFixed(2)}, p99 ${quantile(cs, 0.99).toFixed(2)}); PostgreSQL backends ${((pgCpu[d] ?? 0) / queries.length / sharing).toFixed(2)} ms a query${sharing > 1 ? ' (the sides sharing its database, averaged)' : ''}`,
    );
  }
  // BREAKDOWN=1: every query again on each registry-wide side, each statement explained (breakdown.ts),
  // bucketed by its labels and what the search did; BREAKDOWN_OUT=file keeps one JSON line per query (the
  // side's number before the extension when there are two).
  if (process.env['BREAKDOWN'] === '1') {
    for (const [k, side] of sides.entries()) {
      if (side.scoped) continue;
      const explaining = explainingDatabase(side.database);
      const facts: QueryFacts[] = [];
      for (const [i, q] of queries.entries()) {
        const search = () =>
          side.service
            .searchPersons(explaining.database, {
              q: q.q,
              birth: q.birth || undefined,
              limit: 10,
              scope: REGISTRY_WIDE,
            })
            .catch((err: unknown) => {
              if (err instanceof AppError) return null;
              throw err;
            });
        const traced = side.service.traceSearch ? await side.service.traceSearch(search) : null;
        if (!traced) await search();
        const statements = explaining.take();
        const kinds = new Set(statements.map((x) => x.kind));
        facts.push({
          ms: ms[k]?.[i] ?? NaN,
          cpu: cpu[k]?.[i] ?? NaN,
          gc: gc[k]?.[i] ?? NaN,
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
      console.log(`\n=== ${side.label}`);
      printBreakdown(facts);
      const out = process.env['BREAKDOWN_OUT'];
      if (out) {
        const file = sides.length > 1 ? out.replace(/(\.[^.]*)?$/, `.${k}$1`) : out;
        fs.writeFileSync(
          file,
          facts.map((f, i) => JSON.stringify({ i, q: queries[i]?.q, ...f })).join('\n') + '\n',
        );
      }
      await explaining.database.close();
    }
  }
  await baseDatabase?.close();
  const showSlow = Number(process.env['SLOW'] ?? 0);
  for (const s of slow.sort((a, b) => b.ms - a.ms).slice(0, showSlow))
    console.log(`  slow: ${s.ms.toFixed(0)} ms  ${JSON.stringify(s.q)} ${s.birth} (${s.side})`);
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
