import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { arbChangedHistory, attackHistory, buildReleases, cellIdOf } from '../../test/releaseDifferencing.js';
import { loadLpSolver } from './lp.js';

beforeAll(async () => {
  await loadLpSolver();
});

/**
 * Differencing across more than two releases (issue 14): three releases a few persons apart, built as
 * `createDraftRelease` builds them, and an attacker who holds all three public
 * `persons_by_category_status` tables, knows how many persons changed between every two of them (but
 * not which), and bounds every hidden count below k of any release by exact integer programming over
 * all three read together (which pins whatever any two read alone pin). Written independently of the
 * module, like `differencing.release.test.ts`.
 */

/** The pinned cells (`2:category/status`) that no draft from that release on reported as exposed. */
function unreported(pinned: string[], exposed: string[][]): string[] {
  return pinned.filter((p) => {
    const s = Number(p.split(':')[0]) - 1;
    const id = cellIdOf(p.split(':')[1] as string);
    return !exposed.slice(s).some((e) => e.includes(id));
  });
}

describe('three published releases a few persons apart, as the product builds them', () => {
  it('each built beside the latest only (as before), read together they disclose a hidden count below k nobody was told of', () => {
    let leaking = 0;
    fc.assert(
      fc.property(arbChangedHistory(3), ({ grids, changes }) => {
        if (leaking > 0) return; // one is enough
        const { tables, exposed } = buildReleases(grids, 'latest');
        if (unreported(attackHistory(tables, grids, changes), exposed).length > 0) leaking++;
      }),
      { numRuns: 20, seed: 2026 },
    );
    expect(leaking).toBeGreaterThan(0);
  }, 300_000);

  it('each built beside every earlier release, they leave nothing pinned but what a draft reports as exposed', () => {
    fc.assert(
      fc.property(arbChangedHistory(3), ({ grids, changes }) => {
        const { tables, exposed } = buildReleases(grids, 'all');
        expect(unreported(attackHistory(tables, grids, changes), exposed)).toEqual([]);
      }),
      { numRuns: 20, seed: 2026 },
    );
  }, 300_000);
});
