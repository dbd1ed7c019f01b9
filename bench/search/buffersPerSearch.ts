/**
 * Buffers (pages) per search, the load bench's two searches (bench/load/perOperation.ts: a bare family name,
 * and "Family Given" with the birth year, over the same sample of persons), each statement explained
 * (breakdown.ts's `explainingDatabase`: EXPLAIN (ANALYZE, BUFFERS) on the connection, then the statement):
 * buffers hit + read, record heap pages or fetches, rows the lookup branches brought, and which index or
 * table read the buffers. Counts that do not move with the machine's load.
 * Scoped as perOperation.ts's viewer (a registrar of the registry organisation: each candidate row checked
 * against its person, as for any staff member), or registry-wide (the command line's) with SCOPE=registry.
 *   URL=postgres://… [SERVICE=/tmp/base-x/packages/server/src/modules/search/service.ts] [N=100] [SCOPE=registry] \
 *     npx tsx --conditions=source bench/search/buffersPerSearch.ts
 */
import '../../packages/server/src/wiring.js';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import * as thisService from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { explainingDatabase, type StatementFacts } from './breakdown.js';

const service = (
  process.env['SERVICE'] ? await import(process.env['SERVICE']) : thisService
) as typeof thisService;
const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const N = Number(process.env['N'] ?? 100);
const database = await openDatabase({ url });
const sample = await sql<{ family_name: string; given_name: string; birth_year: number | null }>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT 200`.execute(database.db);
const explained = explainingDatabase(database);
const scope = personScopeOf(
  process.env['SCOPE'] === 'registry'
    ? unsafeRegistryPrincipal()
    : { id: 'bench', role: 'registrar', organisationId: REGISTRY_ORGANISATION_ID, kind: 'user' },
);
console.log(`scope: ${scope.kind}`);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
for (const kind of ['bare', 'full+year'] as const) {
  const per: StatementFacts[][] = [];
  let hits = 0;
  for (let i = 0; i < N; i++) {
    const p = sample.rows[i % sample.rows.length];
    if (!p) break;
    const r = await service.searchPersons(explained.database, {
      q: kind === 'bare' ? p.family_name : `${p.family_name} ${p.given_name}`,
      ...(kind === 'full+year' && p.birth_year ? { birth: String(p.birth_year) } : {}),
      limit: 10,
      scope,
    });
    hits += r.hits.length;
    per.push(explained.take());
  }
  const all = per.flat();
  const n = per.length;
  const by = new Map<string, number>();
  for (const s of all)
    for (const [what, b] of Object.entries(s.buffers))
      by.set(`${s.kind}: ${what}`, (by.get(`${s.kind}: ${what}`) ?? 0) + b);
  console.log(
    `search ${kind} (${n} searches, ${hits} hits): per search buffers ${(sum(all.map((s) => s.hit + s.read)) / n).toFixed(1)} (read ${(sum(all.map((s) => s.read)) / n).toFixed(1)}), record heap ${(sum(all.map((s) => s.heapFetches)) / n).toFixed(1)}, branch rows ${(sum(all.map((s) => sum(s.branchRows))) / n).toFixed(1)}, rows sent ${(sum(all.map((s) => s.rows)) / n).toFixed(1)}, statements ${(all.length / n).toFixed(2)}, PostgreSQL exec ${(sum(all.map((s) => s.execMs)) / n).toFixed(2)} ms, plan ${(sum(all.map((s) => s.planMs)) / n).toFixed(2)} ms`,
  );
  for (const [what, b] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${(b / n).toFixed(1).padStart(8)}  ${what}`);
}
await explained.database.close();
await database.close();
