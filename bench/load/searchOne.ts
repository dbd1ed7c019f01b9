/**
 * One search at a time through `searchPersonsAs` against a filled database (URL), with the queries the
 * load benchmark sends (half bare family names, half full names with a birth year): per-kind p50 / p95 /
 * max latency, for telling a slow statement from queueing (`URL=… npx tsx --conditions=source
 * bench/load/searchOne.ts`; HOMECOMING_PROFILE=1 adds where the time went).
 */
import '../../packages/server/src/wiring.js';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { phaseTable, profiling } from '../../packages/server/src/phases.js';

// BASE=path: the same loop with another copy of the search module (a baseline's service.ts, copied beside
// it under another name), for a before/after in one run.
const { searchPersonsAs } = (await import(
  process.env['BASE'] ?? '../../packages/server/src/modules/search/service.js'
)) as typeof import('../../packages/server/src/modules/search/service.js');
const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const N = Number(process.env['QUERIES'] ?? 200);
const database = await openDatabase({ url });
const sample = await sql<{
  family_name: string | null;
  given_name: string | null;
  birth_year: number | null;
}>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT ${N}`.execute(database.db);
const viewer = {
  id: 'bench',
  role: 'registrar' as const,
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user' as const,
};
const times: Record<'bare' | 'full', number[]> = { bare: [], full: [] };
for (const [i, p] of sample.rows.entries()) {
  const bare = i % 2 === 0;
  const t0 = performance.now();
  await searchPersonsAs(database, viewer, {
    q: bare ? (p.family_name ?? '') : `${p.family_name ?? ''} ${p.given_name ?? ''}`.trim(),
    ...(bare || !p.birth_year ? {} : { birth: String(p.birth_year) }),
    limit: 10,
  });
  times[bare ? 'bare' : 'full'].push(performance.now() - t0);
}
await database.close();
const pct = (xs: number[], q: number): string =>
  ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN).toFixed(1);
for (const [k, xs] of Object.entries(times)) {
  console.log(
    `${k}: ${xs.length} searches, p50 ${pct(xs, 0.5)} ms, p95 ${pct(xs, 0.95)} ms, max ${pct(xs, 1)} ms`,
  );
}
if (profiling()) console.log(phaseTable());
