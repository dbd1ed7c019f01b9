/**
 * Suppressing a large release beside the last (npx tsx --conditions=source
 * bench/statistics/differencingLarge.ts): a registry of about 1,000,000 persons spread over the release's
 * tables (categories by share, only their own statuses; every cell large), release 1 suppressed, then a
 * few persons moved into statuses their category never had (cells release 1 published as 0): release 2
 * suppressed alone and beside release 1.
 */
import os from 'node:os';
import { suppress } from '../../packages/server/src/modules/statistics/disclosure.js';
import { suppressAcross } from '../../packages/server/src/modules/statistics/differencing.js';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';
import {
  AGE_BANDS,
  familyOfCell,
  releaseProblem,
  STAT_SEXES,
  type RegistryCounts,
} from '../../packages/server/src/modules/statistics/tables.js';
await loadLpSolver();
// 1M-like: categories by share, statuses valid per category, sex and age spread
const cats: [string, number, string[]][] = [
  ['military', 0.5, ['missing', 'captivity_reported', 'captivity_confirmed', 'returned']],
  ['civilian_detainee', 0.17, ['captivity_reported', 'captivity_confirmed', 'returned']],
  ['missing', 0.17, ['missing']],
  ['deported_child', 0.08, ['deported', 'located', 'returned']],
  ['deceased', 0.08, ['death_reported', 'death_confirmed']],
];
const bands = AGE_BANDS.map((b) => b.value).filter((b) => b !== 'under_18' && b !== 'unknown');
const persons: RegistryCounts['persons'] = [];
for (const [c, share, sts] of cats)
  for (const s of sts)
    for (const sex of STAT_SEXES)
      for (const a of bands) {
        const child = ['0-4', '5-9', '10-14', '15-17', '18-24'].includes(a);
        if ((c === 'deported_child') !== child) continue;
        const n = Math.round(
          ((1e6 * share) / sts.length / 3 / (c === 'deported_child' ? 5 : 7)) * (sex === 'unknown' ? 0.1 : 1),
        );
        persons.push({ category: c as never, status: s, sex, age_band: a, count: n });
      }
const returns = Array.from({ length: 70 }, (_, i) => ({
  exchange: `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}-${i}`,
  category: 'military' as const,
  count: 300 + i,
}));
const c1: RegistryCounts = { persons, withheld: 1000, returns, asOfMonth: '2025-07' };
const r1 = suppress(releaseProblem(c1).problem, 10);
console.log('r1 hidden', r1.filter((o) => o.suppressed).length);
// flip 10 persons to statuses their category cannot have (as build.ts run 2 does)
const p2 = persons.map((p) => ({ ...p }));
let flips = 0;
const odd: Record<string, string> = {
  missing: 'returned',
  deceased: 'returned',
  civilian_detainee: 'missing',
  deported_child: 'missing',
  military: 'death_reported',
};
for (const p of [...p2]) {
  if (flips >= 10 || p.count < 100 || p.sex === 'unknown') continue;
  if ((flips * 7 + p.count) % 3 !== 0) continue;
  p.count--;
  p2.push({ ...p, status: odd[p.category] as string, count: 1 });
  flips++;
}
const prob2 = releaseProblem({ ...c1, persons: p2 }).problem;
const previous = {
  label: 'release 1',
  cells: new Map(r1.filter((o) => o.published).map((o) => [o.id, { count: o.count, hidden: o.suppressed }])),
};
let t = performance.now();
const alone = suppress(prob2, 10);
console.log('alone', Math.round(performance.now() - t), 'ms', alone.filter((o) => o.suppressed).length);
t = performance.now();
const beside = suppressAcross(prob2, 10, previous, familyOfCell);
console.log(
  'beside',
  Math.round(performance.now() - t),
  'ms',
  beside.outcomes.filter((o) => o.suppressed).length,
  'hidden, exposed',
  beside.exposed.length,
  'moved',
  flips,
  'load',
  os.loadavg()[0]?.toFixed(1),
);
