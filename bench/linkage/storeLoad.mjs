/**
 * The packed registry's load alone (issue #16 item 1, `pload`): `PackedRegistry.load` of a built tree over a
 * registry, its wall clock, the phases it reports (`LoadTimings`), node's CPU, the CPU of the PostgreSQL
 * backends it used (from /proc/<pid>/stat: run on the database's machine), node's peak RSS, and a digest of
 * the store built (every typed array, the string table, the maps and sets, the rule indexes) so that two
 * trees' stores can be shown identical.
 *
 *   node bench/linkage/storeLoad.mjs --tree /path/to/built/checkout --url postgres://…/<copy> [--repeat 1]
 *
 * Plain JS over the tree's `dist` (no tsx: the before tree holds no such script). Read only: nothing written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    tree: { type: 'string', default: process.cwd() },
    url: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'no-digest': { type: 'boolean', default: false },
    // Hand the load the database's pool (a tree that knows `pool` then COPYs; an older one ignores it).
    pool: { type: 'boolean', default: false },
  },
});
if (values.url === undefined) throw new Error('--url');
const dist = path.resolve(values.tree, 'packages/server/dist');
await import(path.join(dist, 'wiring.js'));
const { openDatabase } = await import(path.join(dist, 'db/database.js'));
const { PackedRegistry } = await import(path.join(dist, 'modules/linkage/packedRegistry.js'));
const { sql } = await import(path.join(values.tree, 'node_modules/kysely/dist/esm/index.js'));

const TICK = 100; // USER_HZ
const cpuOfPid = (pid) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / TICK; // utime + stime
  } catch {
    return 0;
  }
};
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

const FIELDS = [
  'base',
  'count',
  'basePersons',
  'strings',
  'recId',
  'idRank',
  'personOf',
  'family',
  'phonetic',
  'given',
  'givenSkel',
  'father',
  'patSkel',
  'givenInit',
  'fatherInit',
  'unit',
  'unitFold',
  'service',
  'year',
  'month',
  'day',
  'sex',
  'personIdWords',
  'personStart',
  'familyDerived',
  'familyInUse',
  'familyRecords',
  'rules',
  'nearHash',
  'nearGlyph',
  'near2Hash',
  'near2Glyph',
  'glyphsHeld',
  'lastRecordId',
  'lastPersonId',
];

/** A digest of every field of the store: identical stores, identical digests. */
function digestOf(store) {
  const h = createHash('sha256');
  const seen = new Set();
  const feed = (name, v) => {
    h.update(`|${name}:`);
    if (v === null || v === undefined) h.update(String(v));
    else if (ArrayBuffer.isView(v)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (typeof v !== 'object') h.update(String(v));
    else if (seen.has(v)) h.update('(seen)');
    else {
      seen.add(v);
      if (Array.isArray(v)) {
        h.update(`[${v.length}]`);
        if (v.every((x) => typeof x !== 'object' || x === null)) h.update(v.join('\u0000'));
        else v.forEach((x, i) => feed(String(i), x));
      } else if (v instanceof Map) {
        h.update(`{map ${v.size}}`);
        for (const [k, x] of v) feed(String(k), x);
      } else if (v instanceof Set) {
        h.update(`{set ${v.size}}`);
        h.update([...v].join(','));
      } else if (typeof v === 'function') h.update('fn');
      else for (const k of Object.keys(v).sort()) feed(k, v[k]);
    }
  };
  // The fields that answer lookups, named (a tree may hold others: scratch, the builder).
  for (const k of FIELDS) feed(k, k === 'strings' ? store.strings.text : store[k]);
  return h.digest('hex').slice(0, 16);
}

const database = await openDatabase({ url: values.url });
const db = database.db;
const dbName = new URL(values.url).pathname.slice(1);
const backends = async () =>
  (
    await sql`SELECT pid FROM pg_stat_activity WHERE datname = ${dbName} AND application_name = 'homecoming'`.execute(
      db,
    )
  ).rows.map((r) => r.pid);
for (let run = 0; run < Number(values.repeat); run++) {
  // Backends open before (the one asking) and after: those of the load start with it (a fresh pool opens
  // them; an idle one from before is counted from its CPU at the start).
  const before = new Map((await backends()).map((p) => [p, cpuOfPid(p)]));
  const load0 = os.loadavg()[0];
  const timings = { fetchS: 0, packS: 0, indexS: 0 };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const store = await PackedRegistry.load(db, { timings, ...(values.pool ? { pool: database.pool } : {}) });
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  let pgS = 0;
  for (const p of await backends()) pgS += cpuOfPid(p) - (before.get(p) ?? 0);
  const out = {
    tree: values.tree,
    run,
    records: store.size,
    persons: store.persons,
    wall_s: round(wallS),
    fetch_s: round(timings.fetchS),
    pack_s: round(timings.packS),
    index_s: round(timings.indexS),
    read_cpu_s: timings.readCpuS === undefined ? '-' : round(timings.readCpuS),
    index_cpu_s: timings.indexCpuS === undefined ? '-' : round(timings.indexCpuS),
    node_user_s: round(c.user / 1e6),
    node_sys_s: round(c.system / 1e6),
    pg_cpu_s: round(pgS),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    load_start: round(load0),
    load_end: round(os.loadavg()[0]),
    digest: values['no-digest'] ? '-' : digestOf(store),
  };
  console.log(JSON.stringify(out));
}
await database.close();
