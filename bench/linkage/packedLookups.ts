/**
 * The linked import's lookups answered from the whole registry held in memory, packed (issue #16 item 1,
 * `mem`): loads every record's link columns from a registry (`PackedRegistry.load`) and reports its time,
 * CPU, resident memory and bytes a record; then links the list `throughput.ts --list N` builds (70% variants
 * of registry persons, 30% strangers) with the SQL lookups (`candidatePersons`, as an import calls them:
 * selective blocks, then the broad ones for the probes not settled) and with the packed store, and compares
 * the candidates probe by probe (persons, their order, their records) and the decisions they lead to.
 *
 *   npx tsx --conditions=source bench/linkage/packedLookups.ts --url postgres://…/<copy of 1M> [--list 2000]
 *     [--persons 1000000] [--seed 1] [--profile harsh] [--sql-parts 2] [--repeat 1]
 *
 * Read only: nothing is written. --persons/--seed/--profile must be the seed's (the list picks its rows).
 */
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parseArgs } from 'node:util';
import { compileModel, decideRecord, type CandidatePerson, type LinkRecord } from '@homecoming/linkage';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { candidatePersons, confidentMatch } from '../../packages/server/src/modules/linkage/candidates.js';
import { termFrequenciesOf } from '../../packages/server/src/modules/linkage/frequencies.js';
import { loadModel } from '../../packages/server/src/modules/linkage/model.js';
import { PackedRegistry } from '../../packages/server/src/modules/linkage/packedRegistry.js';
import type { PopulationProfile } from '../../packages/server/src/seed/population.js';
import { throughputList, linkRecordsOf } from './sets.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    persons: { type: 'string', default: '1000000' },
    list: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'harsh' },
    'sql-parts': { type: 'string', default: '2' },
    repeat: { type: 'string', default: '1' },
    'page-size': { type: 'string', default: '20000' },
  },
});
if (values.url === undefined) throw new Error('--url');
const PERSONS = Number(values.persons);
const LIST = Number(values.list);
const SEED = Number(values.seed);
const PROFILE = values.profile as PopulationProfile;
const mb = (n: number): number => Math.round(n / 1048576);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const now = (): number => Number(process.hrtime.bigint()) / 1e9;
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

// The list, as throughput.ts builds it (the same rows for the same arguments); `truth[i]`: the registry
// record (external id) of known row i.
const { rows: list, truth } = throughputList({
  persons: PERSONS,
  list: LIST,
  seed: SEED,
  profile: PROFILE,
  source: 'generated demo data',
});
const probes: LinkRecord[] = linkRecordsOf(list);

const database = await openDatabase({ url: values.url });
const db = database.db;
const figures: Record<string, number | string> = {};

// 1. The floor: the whole registry into memory.
gc();
const rss0 = process.memoryUsage().rss;
const heap0 = process.memoryUsage().heapUsed;
let t = now();
let c = cpu();
let pages = 0;
const timings = { fetchS: 0, packS: 0, indexS: 0 };
console.log(JSON.stringify({ rss_before_load_mb: mb(rss0), heap_before_load_mb: mb(heap0) }));
const loadProfile = process.env['PROFILE_LOAD'];
const loadSession = loadProfile !== undefined ? new inspector.Session() : null;
if (loadSession !== null) {
  loadSession.connect();
  await loadSession.post('Profiler.enable');
  await loadSession.post('Profiler.start');
}
const packed = await PackedRegistry.load(db, {
  timings,
  pageSize: Number(values['page-size']),
  onPage: (records) => {
    pages++;
    if (pages % 10 === 0) process.stderr.write(`\rloaded ${records}   `);
  },
});
figures['load_s'] = round(now() - t, 1);
if (loadSession !== null && loadProfile !== undefined) {
  const { profile } = await loadSession.post('Profiler.stop');
  fs.writeFileSync(loadProfile, JSON.stringify(profile));
  loadSession.disconnect();
}
figures['load_cpu_s'] = round(cpu() - c, 1);
figures['load_fetch_s'] = round(timings.fetchS, 1);
figures['load_pack_s'] = round(timings.packS, 1);
figures['load_index_s'] = round(timings.indexS, 1);
figures['load_peak_rss_mb'] = mb(process.resourceUsage().maxRSS * 1024);
gc();
const mem = process.memoryUsage();
figures['records'] = packed.size;
figures['persons'] = packed.persons;
figures['strings'] = packed.stringCount;
figures['typed_mb'] = mb(packed.typedBytes);
figures['rss_held_mb'] = mb(mem.rss - rss0);
figures['heap_held_mb'] = mb(mem.heapUsed - heap0);
figures['array_buffers_mb'] = mb(mem.arrayBuffers);
figures['bytes_per_record_typed'] = Math.round(packed.typedBytes / packed.size);
figures['bytes_per_record_heap_and_typed'] = Math.round(
  (mem.heapUsed - heap0 + packed.typedBytes) / packed.size,
);
figures['rss_after_mb'] = mb(mem.rss);
console.error('');
console.log(JSON.stringify(figures));

// 2. The list's lookups, SQL and memory, with the same settled test.
const cm = await loadModel(db);
const bm = compileModel(cm.model, await termFrequenciesOf(db, probes, probes));
/** Seconds (wall, in this process's one thread) spent in the settled test (full scoring of the selective blocks' persons). */
let settledS = 0;
const settled = (i: number, persons: readonly CandidatePerson[]): boolean => {
  const at = now();
  const out = confidentMatch(bm, probes[i] as LinkRecord, persons);
  settledS += now() - at;
  return out;
};
/** Auto-matches to the right person, to a wrong one, and strangers matched, for one set of candidates. */
async function quality(found: readonly (readonly CandidatePerson[])[]): Promise<Record<string, number>> {
  const best = found.map((l, i) => {
    const d = decideRecord(bm, probes[i] as LinkRecord, l);
    return d.decision === 'match' && d.best ? d.best.personId : null;
  });
  const ids = [...new Set(best.filter((x): x is string => x !== null))];
  const rows = await sql<{ person_id: string; external_id: string }>`SELECT person_id, external_id FROM record
    WHERE person_id = ANY(${ids}::uuid[])`.execute(db);
  const holds = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    const set = holds.get(r.person_id) ?? new Set<string>();
    set.add(r.external_id);
    holds.set(r.person_id, set);
  }
  const q = { right: 0, wrong: 0, strangers_matched: 0, known: truth.length };
  best.forEach((p, i) => {
    if (p === null) return;
    const want = truth[i];
    if (want === undefined) q.strangers_matched++;
    else if (holds.get(p)?.has(want) === true) q.right++;
    else q.wrong++;
  });
  return q;
}

for (let run = 1; run <= Number(values.repeat); run++) {
  t = now();
  c = cpu();
  const sqlFound = await candidatePersons(db, probes, undefined, settled, Number(values['sql-parts']));
  const sqlS = now() - t;
  const sqlCpu = cpu() - c;
  console.log(JSON.stringify({ run, sql_quality: await quality(sqlFound) }));
  t = now();
  c = cpu();
  settledS = 0;
  // PROFILE_LOOKUPS=FILE: a CPU profile of the in-memory lookups, for Chrome's tools.
  const profileTo = process.env['PROFILE_LOOKUPS'];
  const session = profileTo !== undefined ? new inspector.Session() : null;
  if (session !== null) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const { found, capped, stats } = packed.lookUp(probes, settled);
  if (session !== null && profileTo !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profileTo, JSON.stringify(profile));
    session.disconnect();
  }
  const memS = now() - t;
  const memCpu = cpu() - c;
  // Probe by probe: candidates (persons in order, their records), and the decision.
  const shape = (l: readonly CandidatePerson[] | undefined): string =>
    JSON.stringify((l ?? []).map((x) => [x.personId, x.records]));
  let same = 0;
  let cappedN = 0;
  let cappedSame = 0;
  let decisionsDiffer = 0;
  let setsDiffer = 0;
  t = now();
  for (let i = 0; i < probes.length; i++) {
    const a = found[i] ?? [];
    const b = sqlFound[i] ?? [];
    const eq = shape(a) === shape(b);
    if (capped[i] === true) {
      cappedN++;
      if (eq) cappedSame++;
    }
    if (eq) same++;
    else {
      const sa = new Set(a.map((x) => x.personId));
      if (b.length !== a.length || b.some((x) => !sa.has(x.personId))) setsDiffer++;
      const da = decideRecord(bm, probes[i] as LinkRecord, a);
      const db2 = decideRecord(bm, probes[i] as LinkRecord, b);
      if (da.decision !== db2.decision || da.best?.personId !== db2.best?.personId) decisionsDiffer++;
    }
  }
  const out = {
    run,
    probes: probes.length,
    sql_s: round(sqlS),
    sql_node_cpu_s: round(sqlCpu),
    mem_s: round(memS),
    mem_cpu_s: round(memCpu),
    mem_settled_cpu_s: round(settledS),
    mem_ms_per_probe: round((memCpu * 1000) / probes.length, 3),
    identical: same,
    capped: cappedN,
    capped_identical: cappedSame,
    uncapped_differing: probes.length - same - (cappedN - cappedSame),
    differing_person_sets: setsDiffer,
    differing_decisions: decisionsDiffer,
    records_scored: stats.recordsScored,
    branches_read: stats.branchesRead,
    branches_over_limit: stats.branchesOverLimit,
    candidates_kept: found.reduce((s, l) => s + l.length, 0),
    compare_s: round(now() - t),
    quality: await quality(found),
  };
  console.log(JSON.stringify(out));
}
figures['final_rss_mb'] = mb(process.memoryUsage().rss);
figures['peak_rss_mb'] = mb(process.resourceUsage().maxRSS * 1024);
console.log(JSON.stringify({ final_rss_mb: figures['final_rss_mb'], peak_rss_mb: figures['peak_rss_mb'] }));
await database.close();
