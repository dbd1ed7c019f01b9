/**
 * What suppressing a release beside the last would cost (npx tsx --conditions=source
 * bench/statistics/differencingCost.ts): a registry of PERSONS generated persons (category, status,
 * sex, age band drawn at random), release 1's tables by suppression at K1, then CHANGED more persons and
 * release 2 at K2, suppressed alone (`suppress`, as the product does) and beside release 1
 * (`suppressAcross`, differencing.ts; not wired into the product: this is why). TIMEOUT_S stops it.
 */
import os from 'node:os';
import { CATEGORIES, STATUSES } from '../../packages/server/src/modules/registry/vocabulary.js';
import { suppress } from '../../packages/server/src/modules/statistics/disclosure.js';
import { suppressAcross } from '../../packages/server/src/modules/statistics/differencing.js';
import {
  AGE_BANDS,
  releaseProblem,
  STAT_SEXES,
  type RegistryCounts,
} from '../../packages/server/src/modules/statistics/tables.js';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';

await loadLpSolver();

const PERSONS = Number(process.env['PERSONS'] ?? 400);
const CHANGED = Number(process.env['CHANGED'] ?? 30);
const K1 = Number(process.env['K1'] ?? 10);
const K2 = Number(process.env['K2'] ?? 5);
let seed = Number(process.env['SEED'] ?? 14);
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const bands = AGE_BANDS.map((b) => b.value).filter((b) => b !== 'under_18');

function registry(n: number, base: RegistryCounts['persons'] = []): RegistryCounts {
  const persons = base.map((p) => ({ ...p }));
  for (let i = 0; i < n; i++) {
    const p = {
      category: pick(CATEGORIES),
      status: pick(STATUSES),
      sex: pick(STAT_SEXES),
      age_band: pick(bands),
      count: 1,
    };
    const same = persons.find(
      (q) =>
        q.category === p.category && q.status === p.status && q.sex === p.sex && q.age_band === p.age_band,
    );
    if (same) same.count++;
    else persons.push(p);
  }
  return {
    persons,
    withheld: 3,
    returns: [
      { exchange: '2025-05-16', category: 'military', count: 25 },
      { exchange: '2025-06-02', category: 'military', count: 15 },
    ],
    asOfMonth: '2025-07',
  };
}

/** A cell's family for the change budget: its universe and dimension names (one per table). */
const family = (id: string) =>
  id
    .split('|')
    .map((seg, i) => (i === 0 ? seg : (seg.split('=')[0] as string)))
    .join('|');

const first = registry(PERSONS);
const r1 = suppress(releaseProblem(first).problem, K1);
const second = releaseProblem(registry(CHANGED, first.persons)).problem;
const t0 = performance.now();
const alone = suppress(second, K2);
const t1 = performance.now();
const previous = {
  label: 'release 1',
  cells: new Map(r1.filter((o) => o.published).map((o) => [o.id, { count: o.count, hidden: o.suppressed }])),
};
const beside = suppressAcross(second, K2, previous, family);
const t2 = performance.now();
console.log(
  JSON.stringify({
    persons: PERSONS,
    changed: CHANGED,
    k: [K1, K2],
    cells: second.cells.length,
    load_1min: Number((os.loadavg()[0] as number).toFixed(2)),
    release1_hidden: r1.filter((o) => o.suppressed).length,
    alone: { ms: Math.round(t1 - t0), hidden: alone.filter((o) => o.suppressed).length },
    beside: {
      ms: Math.round(t2 - t1),
      hidden: beside.outcomes.filter((o) => o.suppressed).length,
      exposed: beside.exposed.length,
    },
  }),
);
