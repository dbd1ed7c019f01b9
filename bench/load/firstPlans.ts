/**
 * What a fresh connection's first plans cost PostgreSQL: the statements the load bench's searches send (run.ts:
 * half bare family names, half full names with the birth year; N searches) are recorded once, then replayed
 * prepared on a new connection with `plan_cache_mode` left to PostgreSQL (`auto`: each text planned anew for
 * its first five runs) and on another with `force_generic_plan`, twice each in turn; prints the backend's CPU
 * (from /proc) per statement for the first FIRST statements and for the rest. The closed loop (run.ts) starts a
 * server, whose pool opens its connections anew, for every run, and the pool closes one idle for 10 s.
 *   URL=postgres://… [N=300] [FIRST=100] npx tsx --conditions=source bench/load/firstPlans.ts
 */
import '../../packages/server/src/wiring.js';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { cpuSeconds } from '../lib.js';

const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const N = Number(process.env['N'] ?? 300);
const FIRST = Number(process.env['FIRST'] ?? 100);
const recorded: { text: string; values: unknown[] }[] = [];
let recording = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: unknown,
  ...args: unknown[]
) {
  const q = args[0] as { text?: string; values?: unknown[] } | string;
  if (recording && typeof q === 'object' && q.text) recorded.push({ text: q.text, values: q.values ?? [] });
  return query.apply(this, args);
};
const database = await openDatabase({ url });
const scope = personScopeOf({
  id: 'bench',
  role: 'registrar',
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user',
});
const sample = await sql<{ family_name: string; given_name: string | null; birth_year: number | null }>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (18)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT ${N}`.execute(database.db);
recording = true;
for (const [i, p] of sample.rows.entries())
  await searchPersons(
    database,
    i % 2 === 0
      ? { q: p.family_name, limit: 10, scope }
      : {
          q: `${p.family_name} ${p.given_name ?? ''}`.trim(),
          ...(p.birth_year ? { birth: String(p.birth_year) } : {}),
          limit: 10,
          scope,
        },
  );
recording = false;
await database.close();
const names = new Map<string, string>();
for (const s of recorded) if (!names.has(s.text)) names.set(s.text, `first${names.size}`);
console.log(`${recorded.length} statements, ${names.size} texts`);
for (const mode of ['auto', 'force_generic_plan', 'auto', 'force_generic_plan']) {
  const client = new pg.Client({ connectionString: url, options: `-c jit=off -c plan_cache_mode=${mode}` });
  await client.connect();
  const pid = (await client.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]?.p ?? 0;
  const run = async (list: typeof recorded): Promise<number> => {
    const t0 = cpuSeconds(pid);
    for (const s of list) await client.query({ name: names.get(s.text), text: s.text, values: s.values });
    return ((cpuSeconds(pid) - t0) * 1000) / list.length;
  };
  const first = await run(recorded.slice(0, FIRST));
  const rest = await run(recorded.slice(FIRST));
  console.log(
    `${mode.padEnd(18)}: the first ${FIRST} statements ${first.toFixed(2)} ms each, the next ${recorded.length - FIRST} ${rest.toFixed(2)} ms each`,
  );
  await client.end();
}
