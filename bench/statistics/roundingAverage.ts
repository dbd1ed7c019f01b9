/**
 * Averaging releases rounded to base 3 (npx tsx --conditions=source bench/statistics/roundingAverage.ts):
 * an unchanged registry (every count 1–29 over 4 categories × 5 statuses, and their totals) published N
 * times by rounding, each figure drawn independently per release (`random`) or by the keyed draw of cell
 * and true count (`keyed`, one server key). The attacker rounds the mean of the N figures of a cell; the
 * share of cells not a multiple of 3 (never rounded) whose true count that gives. REPEAT trials each.
 */
import crypto from 'node:crypto';
import { roundingDrawOf } from '../../packages/server/src/modules/statistics/disclosure.js';
import {
  buildReleaseTables,
  type PublicTable,
  type RegistryCounts,
} from '../../packages/server/src/modules/statistics/tables.js';
import { CATEGORIES, STATUSES } from '../../packages/server/src/modules/registry/vocabulary.js';

const REPEAT = Number(process.env['REPEAT'] ?? 10);
const counts: RegistryCounts = {
  persons: CATEGORIES.slice(0, 4).flatMap((category, i) =>
    STATUSES.slice(0, 5).map((status, j) => ({
      category,
      status,
      sex: 'male',
      age_band: '25-34',
      count: 1 + (((i * 5 + j) * 7) % 29),
    })),
  ),
  withheld: 0,
  returns: [],
  asOfMonth: '2026-12',
};
const random = () => crypto.randomInt(0, 2 ** 32) / 2 ** 32;
const table = (ts: PublicTable[]) => ts.find((t) => t.id === 'persons_by_category_status') as PublicTable;
const truth = table(buildReleaseTables(counts, { threshold: 1, method: 'suppression', random }).tables);
for (const n of [1, 2, 3, 5, 10, 30]) {
  const out: Record<string, unknown> = { releases: n };
  for (const way of ['random', 'keyed'] as const) {
    let recovered = 0;
    let cells = 0;
    for (let r = 0; r < REPEAT; r++) {
      const draw = roundingDrawOf(crypto.randomBytes(32));
      const releases = Array.from({ length: n }, () =>
        table(
          buildReleaseTables(counts, {
            threshold: 5,
            method: 'rounding',
            random,
            ...(way === 'keyed' ? { roundingDraw: draw } : {}),
          }).tables,
        ),
      );
      truth.rows.forEach((row, i) => {
        const c = row.count as number;
        if (c % 3 === 0) return;
        cells++;
        const mean = releases.reduce((s, t) => s + (t.rows[i]?.count as number), 0) / n;
        if (Math.round(mean) === c) recovered++;
      });
    }
    out[way] = Number((recovered / cells).toFixed(3));
  }
  console.log(JSON.stringify(out));
}
