/**
 * Disclosure control with and without the per-exchange figures (pure: no database). Generated counts:
 * EXCHANGES exchanges of 20–1,200 returned each (a few small ones), spread over category, service, age
 * and time in captivity with skewed shares, so that many cells fall below k and complementary suppression
 * and the audit do real work. Prints the time to build the release tables both ways and the cells hidden.
 *   EXCHANGES=70 npx tsx --conditions=source bench/statistics/exchangeFigures.ts
 */
import { performance } from 'node:perf_hooks';
import {
  AGE_BANDS,
  buildReleaseTables,
  CAPTIVITY_BANDS,
  type AgeBandLeaf,
  type CaptivityBand,
  type ExchangeFigureCounts,
  type RegistryCounts,
  type ServiceLeaf,
} from '../../packages/server/src/modules/statistics/tables.js';
import type { Category } from '../../packages/server/src/modules/registry/vocabulary.js';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';

await loadLpSolver();

const EXCHANGES = Number(process.env['EXCHANGES'] ?? 70);
let seed = 7;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[], w: readonly number[]): T => {
  let r = rnd() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < xs.length; i++) if ((r -= w[i] as number) < 0) return xs[i] as T;
  return xs[xs.length - 1] as T;
};

const ages = AGE_BANDS.map((b) => b.value).filter((v) => v !== 'under_18') as AgeBandLeaf[];
const ageW = ages.map(
  (a) =>
    ({ '18-24': 12, '25-34': 30, '35-44': 28, '45-54': 18, '55-64': 6, '65+': 1, unknown: 4 })[a as string] ??
    0.2,
);
const bands = CAPTIVITY_BANDS.map((b) => b.value) as CaptivityBand[];
const bandW = [3, 5, 12, 30, 25, 15, 10];
const figures: ExchangeFigureCounts = { groups: [], medians: [], eventDays: [] };
const returns: RegistryCounts['returns'] = [];
for (let x = 0; x < EXCHANGES; x++) {
  const day = new Date(Date.UTC(2022, 3, 1) + x * 14 * 86_400_000).toISOString().slice(0, 10);
  const label = `${day} Exchange ${x + 1}`;
  const n = x % 9 === 0 ? 5 + Math.floor(rnd() * 20) : 60 + Math.floor(rnd() * 1140);
  const groups = new Map<string, ExchangeFigureCounts['groups'][number]>();
  const byCat = new Map<Category, number>();
  for (let i = 0; i < n; i++) {
    const category: Category = pick(['military', 'civilian_detainee', 'deported_child'], [88, 11, 1]);
    const service: ServiceLeaf =
      category === 'military'
        ? pick(['officer', 'military_other'], [6, 94])
        : pick(['civilian', 'unknown'], [9, 1]);
    const g = {
      exchange: label,
      category,
      service,
      age_band: pick(ages, ageW),
      captivity_band: pick(bands, bandW),
    };
    const k = JSON.stringify(g);
    groups.set(k, { ...g, count: (groups.get(k)?.count ?? 0) + 1 });
    byCat.set(category, (byCat.get(category) ?? 0) + 1);
  }
  figures.groups.push(...groups.values());
  figures.medians.push({ exchange: label, known: Math.round(n * 0.9), median_days: 500 });
  figures.eventDays.push({ exchange: label, day });
  for (const [category, count] of byCat)
    returns.push({ exchange: day, category, count: count + (x % 5 === 0 ? 2 : 0) });
}
const counts: RegistryCounts = {
  persons: [
    { category: 'military', status: 'returned', sex: 'male', age_band: '25-34', count: 40_000 },
    {
      category: 'civilian_detainee',
      status: 'captivity_confirmed',
      sex: 'female',
      age_band: '35-44',
      count: 3,
    },
  ],
  withheld: 5,
  returns,
  asOfMonth: '2026-11',
};
const run = (c: RegistryCounts) => {
  const t0 = performance.now();
  const { tables, review } = buildReleaseTables(c, {
    threshold: 10,
    method: 'suppression',
    random: Math.random,
  });
  const ms = performance.now() - t0;
  const cells = tables.reduce((n, t) => n + t.rows.length, 0);
  return { ms: Math.round(ms), cells, hidden: review.length };
};
const without = run(counts);
const withFigures = run({ ...counts, exchangeFigures: figures });
console.log(JSON.stringify({ exchanges: EXCHANGES, without, with: withFigures }));
