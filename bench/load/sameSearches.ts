/**
 * Whether this tree's search answers the load benchmark's searches (run.ts: half bare family names, half full
 * names with the birth year, of persons sampled from the registry) as another tree's does, whole answers
 * compared, for a registrar's scope (what run.ts signs in), an analyst's (no withheld persons) and the
 * registry's: `URL=postgres://… BASE=/tmp/base-x/packages/server/src/modules/search/service.ts [N=400]
 * [SEED=16] npx tsx --conditions=source bench/load/sameSearches.ts`. Prints how many answers differ.
 */
import '../../packages/server/src/wiring.js';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { personScopeOf, type PersonScope } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';

const url = process.env['URL'];
const BASE = process.env['BASE'];
if (!url || !BASE) throw new Error('URL and BASE are required');
const base = (await import(BASE)) as { searchPersons: typeof searchPersons };
const N = Number(process.env['N'] ?? 400);
const database = await openDatabase({ url });
const sample = await sql<{ family_name: string; given_name: string | null; birth_year: number | null }>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (${sql.lit(Number(process.env['SEED'] ?? 16))})
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT ${Math.ceil(N / 2)}`.execute(database.db);
const staff = (role: 'registrar' | 'analyst') =>
  personScopeOf({ id: 'bench', role, organisationId: REGISTRY_ORGANISATION_ID, kind: 'user' });
const scopes: [string, PersonScope][] = [
  ['registrar', staff('registrar')],
  ['analyst', staff('analyst')],
  ['registry-wide', personScopeOf(unsafeRegistryPrincipal())],
];
let asked = 0;
let differ = 0;
for (const p of sample.rows) {
  const inputs = [
    { q: p.family_name, limit: 10 },
    {
      q: `${p.family_name} ${p.given_name ?? ''}`.trim(),
      ...(p.birth_year ? { birth: String(p.birth_year) } : {}),
      limit: 10,
    },
  ];
  for (const input of inputs) {
    for (const [name, scope] of scopes) {
      const a = JSON.stringify(await searchPersons(database, { ...input, scope }));
      const b = JSON.stringify(await base.searchPersons(database, { ...input, scope }));
      asked++;
      if (a !== b) {
        differ++;
        if (differ <= 3) console.log(`differs (${name}, ${input.birth ? 'full' : 'bare'}):\n ${a}\n ${b}`);
      }
    }
  }
}
console.log(`${differ} of ${asked} answers differ`);
await database.close();
