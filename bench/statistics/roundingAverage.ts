/**
 * Averaging releases rounded to base 3 (npx tsx --conditions=source bench/statistics/roundingAverage.ts):
 * an unchanged registry (every count 1–29 over 4 categories × 5 statuses, and their totals) published N
 * times by rounding, each figure drawn independently per release (`random`) or by the keyed draw of cell
 * and true count (`keyed`, one server key). The attacker rounds the mean of the N figures of a cell; the
 * share of cells not a multiple of 3 (never rounded) whose true count that gives. REPEAT trials each.
 */
import crypto from 'node:crypto';
import { roundingDrawOf } from '../../packages/server/src/modules/statistics/disclosure.js';
import { buildReleaseTables } from '../../packages/server/src/modules/statistics/tables.js';
import {
  averagingAttack,
  systemRandom as random,
  UNCHANGED_COUNTS as counts,
} from '../../packages/server/src/test/roundingAveraging.js';

const REPEAT = Number(process.env['REPEAT'] ?? 10);
for (const n of [1, 2, 3, 5, 10, 30]) {
  const out: Record<string, unknown> = { releases: n };
  for (const way of ['random', 'keyed'] as const) {
    let recovered = 0;
    let cells = 0;
    for (let r = 0; r < REPEAT; r++) {
      const draw = roundingDrawOf(crypto.randomBytes(32));
      const releases = Array.from(
        { length: n },
        () =>
          buildReleaseTables(counts, {
            threshold: 5,
            method: 'rounding',
            random,
            ...(way === 'keyed' ? { roundingDraw: draw } : {}),
          }).tables,
      );
      const got = averagingAttack(releases);
      recovered += got.recovered;
      cells += got.cells;
    }
    out[way] = Number((recovered / cells).toFixed(3));
  }
  console.log(JSON.stringify(out));
}
