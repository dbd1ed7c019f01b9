import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { roundingDrawOf } from './disclosure.js';
import { buildReleaseTables, type PublicTable, type RegistryCounts } from './tables.js';
import { CATEGORIES, STATUSES } from '../registry/vocabulary.js';

/**
 * Rounding across releases (issue 14): an unchanged registry published again and again by random
 * rounding to base 3. Each figure is rounded up with probability (count mod 3)/3, so the mean of many
 * releases' figures tends to the true count: whoever holds N releases of an unchanged cell averages them.
 * The attacker here rounds the mean of N releases' figures to a whole number and counts the cells (not
 * multiples of 3: those are never rounded) whose true count that gives.
 */

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

/** The cells (table/row) of `persons_by_category_status` whose true count the mean of N releases gives. */
function averagingAttack(releases: PublicTable[][]): { recovered: number; cells: number } {
  const truth = buildReleaseTables(counts, { threshold: 1, method: 'suppression', random });
  const trueTable = truth.tables.find((t) => t.id === 'persons_by_category_status') as PublicTable;
  const tables = releases.map((r) => r.find((t) => t.id === 'persons_by_category_status') as PublicTable);
  let recovered = 0;
  let cells = 0;
  trueTable.rows.forEach((row, i) => {
    const c = row.count as number;
    if (c % 3 === 0) return;
    cells++;
    const mean = tables.reduce((n, t) => n + (t.rows[i]?.count as number), 0) / tables.length;
    if (Math.round(mean) === c) recovered++;
  });
  return { recovered, cells };
}

describe('an unchanged registry published by rounding 30 times', () => {
  it('rounded independently per release (as before), averaging gives most counts away', () => {
    const releases = Array.from(
      { length: 30 },
      () => buildReleaseTables(counts, { threshold: 5, method: 'rounding', random }).tables,
    );
    const { recovered, cells } = averagingAttack(releases);
    expect(cells).toBeGreaterThan(15);
    expect(recovered / cells).toBeGreaterThan(0.8);
  });

  it('rounded by a keyed draw of cell and count, every release shows the same figures and averaging gives none away', () => {
    const draw = roundingDrawOf(crypto.randomBytes(32));
    const releases = Array.from(
      { length: 30 },
      () =>
        buildReleaseTables(counts, { threshold: 5, method: 'rounding', random, roundingDraw: draw }).tables,
    );
    for (const r of releases) expect(r).toEqual(releases[0]);
    const { recovered } = averagingAttack(releases);
    expect(recovered).toBe(0);
    // still unbiased over keys: a cell of count 1 goes up for about a third of the keys
    let up = 0;
    for (let i = 0; i < 3000; i++) if (roundingDrawOf(crypto.randomBytes(32))('persons|x', 1) < 1 / 3) up++;
    expect(up / 3000).toBeGreaterThan(0.3);
    expect(up / 3000).toBeLessThan(0.37);
  });
});
