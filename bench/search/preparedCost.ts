/**
 * What PostgreSQL spends planning a search's statements: each statement the searches of the load bench send
 * (half bare family names, half full names with a birth year, sampled as bench/load/perOperation.ts does) is
 * captured, then replayed on one connection REPEAT times as an unnamed statement (planned every time, as the
 * search sends it) and REPEAT times as a named prepared statement (parsed once; after five custom plans
 * PostgreSQL may keep a generic one). Prints that backend's CPU per statement for each way, by statement kind,
 * and which plan the prepared statement settled on (EXPLAIN EXECUTE: generic plans show `$n`).
 *   URL=postgres://… [QUERIES=40] [REPEAT=10] npx tsx --conditions=source bench/search/preparedCost.ts
 */
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import type { DB } from '../../packages/server/src/db/schema.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';

const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const QUERIES = Number(process.env['QUERIES'] ?? 40);
const REPEAT = Number(process.env['REPEAT'] ?? 10);
const database = await openDatabase({ url });
const captured: { kind: string; text: string; params: unknown[] }[] = [];
const kindOf = (text: string): string =>
  /WITH walk AS/.test(text)
    ? 'namesakes'
    : /WITH counts AS/.test(text)
      ? 'hits'
      : /SELECT DISTINCT key, near/.test(text)
        ? 'close keys'
        : 'branches';
const pool: PostgresPool = {
  async connect() {
    const client = await database.pool.connect();
    return {
      async query(text: string, params: unknown[]) {
        captured.push({ kind: kindOf(text), text, params });
        const r = await client.query(text, params);
        return { rows: r.rows, rowCount: r.affectedRows };
      },
      release: () => client.release(),
    } as unknown as PostgresPoolClient;
  },
  end: async () => {},
};
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const sample = await sql<{ family_name: string; given_name: string; birth_year: number | null }>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT ${QUERIES}`.execute(database.db);
const scope = personScopeOf(unsafeRegistryPrincipal());
for (const [i, p] of sample.rows.entries()) {
  const full = i % 2 === 1;
  await searchPersons(
    { ...database, db },
    {
      q: full ? `${p.family_name} ${p.given_name}` : p.family_name,
      ...(full && p.birth_year ? { birth: String(p.birth_year) } : {}),
      limit: 10,
      scope,
    },
  );
}
await db.destroy();

const client = new pg.Client({ connectionString: url, options: '-c jit=off -c synchronize_seqscans=off' });
await client.connect();
const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
const cpu = (): number => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) * 10;
};
// How many prepared statements a connection would hold for these searches (one per distinct text).
console.log(
  `${QUERIES} searches sent ${captured.length} statements, ${new Set(captured.map((c) => c.text)).size} distinct texts`,
);
const totals = new Map<
  string,
  { n: number; unnamed: number; named: number; forced: number; generic: number }
>();
for (const [i, c] of captured.entries()) {
  const t = totals.get(c.kind) ?? { n: 0, unnamed: 0, named: 0, forced: 0, generic: 0 };
  totals.set(c.kind, t);
  await client.query(c.text, c.params); // warm
  let t0 = cpu();
  for (let k = 0; k < REPEAT; k++) await client.query(c.text, c.params);
  t.unnamed += cpu() - t0;
  const name = `s${i}`;
  await client.query({ name, text: c.text, values: c.params }); // parsed
  t0 = cpu();
  for (let k = 0; k < REPEAT; k++) await client.query({ name, text: c.text, values: c.params });
  t.named += cpu() - t0;
  // The same prepared statement with PostgreSQL made to keep one generic plan (planned once).
  await client.query('SET plan_cache_mode = force_generic_plan');
  const g = `g${i}`;
  await client.query({ name: g, text: c.text, values: c.params });
  t0 = cpu();
  for (let k = 0; k < REPEAT; k++) await client.query({ name: g, text: c.text, values: c.params });
  t.forced += cpu() - t0;
  await client.query('RESET plan_cache_mode');
  await client.query(`PREPARE x${i} AS ${c.text}`);
  for (let k = 0; k < 6; k++)
    await client
      .query(`EXPLAIN EXECUTE x${i} (${c.params.map((_, j) => `$${j + 1}`).join(', ')})`, c.params)
      .catch(() => undefined);
  const plan = await client
    .query<{ 'QUERY PLAN': string }>(
      `EXPLAIN EXECUTE x${i} (${c.params.map((_, j) => `$${j + 1}`).join(', ')})`,
      c.params,
    )
    .then((r) => r.rows.map((x) => x['QUERY PLAN']).join('\n'))
    .catch(() => '');
  if (/\$\d/.test(plan)) t.generic++;
  t.n++;
}
// What the backend holds for the prepared statements (three per statement: s, x and g): plan sources
// (each statement's analysed query) and the generic plans kept.
const memory = await client.query<{ name: string; n: number; bytes: string }>(
  `SELECT name, count(*)::int AS n, sum(total_bytes)::text AS bytes FROM pg_backend_memory_contexts
   WHERE name IN ('CachedPlanSource', 'CachedPlanQuery', 'CachedPlan') GROUP BY name`,
);
for (const m of memory.rows)
  console.log(
    `backend memory: ${m.name} ${m.n} contexts, ${(Number(m.bytes) / 1024 / m.n).toFixed(0)} KiB each`,
  );
await client.end();
await database.close();
for (const [kind, t] of totals)
  console.log(
    `${kind.padEnd(11)} ${String(t.n).padStart(3)} statements: backend CPU unnamed ${(t.unnamed / t.n / REPEAT).toFixed(2)} ms, prepared ${(t.named / t.n / REPEAT).toFixed(2)} ms, generic forced ${(t.forced / t.n / REPEAT).toFixed(2)} ms; a generic plan for ${t.generic}`,
  );
