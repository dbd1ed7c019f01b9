/**
 * Where a search's allocations come from (they decide how often the young generation is collected, and
 * each collection's pause lands on some query): V8's sampling heap profiler, counting objects the
 * collector has already freed, over QUERIES latency queries against URL.
 *   URL=postgres://… [QUERIES=300] npx tsx --conditions=source bench/search/allocOne.ts
 */
import '../../packages/server/src/wiring.js';
import inspector from 'node:inspector/promises';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import { generateQueries } from './variants.js';

const population = [...generatePopulation({ persons: 1_000_000, seed: 1, source: 'generated demo data' })];
const { queries } = generateQueries(population, { queries: Number(process.env['QUERIES'] ?? 300), seed: 21 });
population.length = 0;
const database = await openDatabase({ url: process.env['URL'] ?? '' });
const scope = personScopeOf(unsafeRegistryPrincipal());
const search = (q: { q: string; birth: string }) =>
  searchPersons(database, { q: q.q, birth: q.birth || undefined, limit: 10, scope }).catch(() => null);
for (const q of queries.slice(0, 50)) await search(q);
const session = new inspector.Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 4096,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (const q of queries) await search(q);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
  profile: { head: Node };
};
interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
const walk = (n: Node, path: Set<string>) => {
  const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(name, (self.get(name) ?? 0) + n.selfSize);
  total += n.selfSize;
  const inner = new Set(path).add(name);
  for (const p of inner)
    if (!path.has(p) || p === name) inclusive.set(p, (inclusive.get(p) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c, inner);
};
walk(profile.head, new Set());
const mb = (b: number) => (b / 1e6).toFixed(2);
console.log(
  `sampled allocations: ${mb(total)} MB over ${queries.length} queries = ${mb(total / queries.length)} MB a query`,
);
console.log('-- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${mb(v).padStart(9)} ${k}`);
console.log('-- inclusive');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 50))
  console.log(`${mb(v).padStart(9)} ${k}`);
await database.close();
