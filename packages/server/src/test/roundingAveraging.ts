import crypto from 'node:crypto';
import { buildReleaseTables, type PublicTable, type RegistryCounts } from '../modules/statistics/tables.js';
import { CATEGORIES, STATUSES } from '../modules/registry/vocabulary.js';

/**
 * Rounding across releases (issue 14): an unchanged registry published again and again by rounding to
 * base 3. Drawn anew per release, each figure goes up with probability (count mod 3)/3, so the mean of many
 * releases' figures tends to the true count: whoever holds N releases of an unchanged cell averages them.
 * Shared by roundingAcross.test.ts and bench/statistics/roundingAverage.ts.
 */

/** An unchanged registry: every count 1–29 over 4 categories × 5 statuses (and their totals). */
export const UNCHANGED_COUNTS: RegistryCounts = {
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

/** A fresh draw from the operating system's generator, as the server's rounding takes. */
export const systemRandom = (): number => crypto.randomInt(0, 2 ** 32) / 2 ** 32;

const categoryStatus = (tables: PublicTable[]): PublicTable =>
  tables.find((t) => t.id === 'persons_by_category_status') as PublicTable;

/**
 * The attacker rounds the mean of N releases' figures of `persons_by_category_status` to a whole number:
 * of the cells not a multiple of 3 (never rounded), how many whose true count that gives.
 */
export function averagingAttack(releases: PublicTable[][]): { recovered: number; cells: number } {
  const truth = buildReleaseTables(UNCHANGED_COUNTS, {
    threshold: 1,
    method: 'suppression',
    random: systemRandom,
  });
  const tables = releases.map(categoryStatus);
  let recovered = 0;
  let cells = 0;
  categoryStatus(truth.tables).rows.forEach((row, i) => {
    const c = row.count as number;
    if (c % 3 === 0) return;
    cells++;
    const mean = tables.reduce((n, t) => n + (t.rows[i]?.count as number), 0) / tables.length;
    if (Math.round(mean) === c) recovered++;
  });
  return { recovered, cells };
}
