/**
 * What suppressing a release beside every earlier one costs (npx tsx --conditions=source
 * bench/statistics/historyCost.ts): a registry of PERSONS generated persons (category, status, sex, age
 * band drawn at random, SEED), EARLIER releases by suppression at K, each CHANGED persons moved to another
 * status after the last (earlier releases built beside the latest only, to keep the setup short), then
 * the new release suppressed beside the latest only and beside all earlier ones. MODES=latest for a tree
 * without the fix.
 */
import os from 'node:os';
import { CATEGORIES, STATUSES } from '../../packages/server/src/modules/registry/vocabulary.js';
import {
  suppressAcross,
  type PreviousRelease,
} from '../../packages/server/src/modules/statistics/differencing.js';
import {
  AGE_BANDS,
  familyOfCell,
  releaseProblem,
  STAT_SEXES,
  type RegistryCounts,
} from '../../packages/server/src/modules/statistics/tables.js';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';

await loadLpSolver();
const PERSONS = Number(process.env['PERSONS'] ?? 2000);
const CHANGED = Number(process.env['CHANGED'] ?? 10);
const EARLIER = Number(process.env['EARLIER'] ?? 3);
const K = Number(process.env['K'] ?? 10);
const MODES = (process.env['MODES'] ?? 'latest,all').split(',');
let seed = Number(process.env['SEED'] ?? 14);
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const bands = AGE_BANDS.map((b) => b.value).filter((b) => b !== 'under_18');
const people = Array.from({ length: PERSONS }, () => ({
  category: pick(CATEGORIES),
  status: pick(STATUSES) as string,
  sex: pick(STAT_SEXES) as string,
  age_band: pick(bands) as string,
}));
const counts = (): RegistryCounts => {
  const m = new Map<string, RegistryCounts['persons'][number]>();
  for (const p of people) {
    const key = `${p.category}/${p.status}/${p.sex}/${p.age_band}`;
    const row = m.get(key);
    if (row) row.count++;
    else m.set(key, { ...p, count: 1 });
  }
  return {
    persons: [...m.values()],
    withheld: 3,
    returns: [
      { exchange: '2025-05-16', category: 'military', count: 25 },
      { exchange: '2025-06-02', category: 'military', count: 15 },
    ],
    asOfMonth: '2025-07',
  };
};
const change = () => {
  for (let i = 0; i < CHANGED; i++) {
    const p = people[Math.floor(random() * people.length)] as (typeof people)[number];
    p.status = pick(STATUSES.filter((s) => s !== p.status));
  }
};
const earlier: PreviousRelease[] = [];
const setup = performance.now();
for (let r = 1; r <= EARLIER; r++) {
  if (r > 1) change();
  const { problem } = releaseProblem(counts());
  const out = suppressAcross(problem, K, earlier[earlier.length - 1] ?? null, familyOfCell);
  earlier.push({
    label: `release ${r}`,
    cells: new Map(
      out.outcomes.filter((o) => o.published).map((o) => [o.id, { count: o.count, hidden: o.suppressed }]),
    ),
  });
}
const setupMs = performance.now() - setup;
change();
const { problem } = releaseProblem(counts());
const result: Record<string, unknown> = {
  persons: PERSONS,
  changed_per_release: CHANGED,
  earlier_releases: EARLIER,
  k: K,
  cells: problem.cells.length,
  setup_s: Number((setupMs / 1000).toFixed(1)),
};
for (const mode of MODES) {
  const t = performance.now();
  const out = suppressAcross(
    problem,
    K,
    mode === 'all' ? earlier : (earlier[earlier.length - 1] as PreviousRelease),
    familyOfCell,
  );
  result[mode] = {
    ms: Math.round(performance.now() - t),
    hidden: out.outcomes.filter((o) => o.suppressed).length,
    exposed: out.exposed.length,
  };
}
result['load_1min'] = Number((os.loadavg()[0] as number).toFixed(2));
console.log(JSON.stringify(result));
