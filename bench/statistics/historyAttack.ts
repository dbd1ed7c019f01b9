/**
 * Differencing across more than two releases (npx tsx --conditions=source
 * bench/statistics/historyAttack.ts): RUNS registries (3 categories × 3 statuses, counts 0–30, k = 5;
 * fast-check, SEED), each published RELEASES times with 1–2 persons added, removed or moved between two
 * releases, built as `createDraftRelease` builds them — beside the latest published release only
 * (`latest`) and, where the tree has it, beside every earlier one (`all`) — and attacked by exact integer
 * programming over the public `persons_by_category_status` tables (packages/server/src/test/
 * releaseDifferencing.ts): all releases read together, and every two read alone. Prints, per way, the
 * registries with a hidden count below k pinned, the cells pinned (all together; by some pair alone; by
 * no two adjacent releases alone), those not reported as exposed by any draft, and the build time.
 * MODES=latest runs the first way only (a tree without the fix).
 */
import os from 'node:os';
import fc from 'fast-check';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';
import {
  arbChangedHistory,
  attackHistory,
  buildReleases,
  cellIdOf,
} from '../../packages/server/src/test/releaseDifferencing.js';

const RUNS = Number(process.env['RUNS'] ?? 200);
const SEED = Number(process.env['SEED'] ?? 2026);
const RELEASES = Number(process.env['RELEASES'] ?? 3);
const MODES = (process.env['MODES'] ?? 'latest,all').split(',') as ('latest' | 'all')[];
await loadLpSolver();
const histories = fc.sample(arbChangedHistory(RELEASES), { numRuns: RUNS, seed: SEED });
const load = os.loadavg()[0] as number;
for (const mode of MODES) {
  let leaking = 0;
  let cells = 0;
  let byPair = 0;
  let notAdjacent = 0;
  let unreported = 0;
  let ms = 0;
  for (const { grids, changes } of histories) {
    const t = performance.now();
    const { tables, exposed } = buildReleases(grids, mode);
    ms += performance.now() - t;
    const pinned = attackHistory(tables, grids, changes);
    if (pinned.length > 0) leaking++;
    cells += pinned.length;
    const pairs = new Set<string>();
    const adjacent = new Set<string>();
    for (let i = 0; i < RELEASES; i++)
      for (let j = i + 1; j < RELEASES; j++)
        for (const p of attackHistory(tables, grids, changes, [i, j])) {
          pairs.add(p);
          if (j === i + 1) adjacent.add(p);
        }
    byPair += pinned.filter((p) => pairs.has(p)).length;
    notAdjacent += pinned.filter((p) => !adjacent.has(p)).length;
    unreported += pinned.filter((p) => {
      const s = Number(p.split(':')[0]) - 1;
      const id = cellIdOf(p.split(':')[1] as string);
      return !exposed.slice(s).some((e) => e.includes(id));
    }).length;
  }
  console.log(
    JSON.stringify({
      releases_built_beside: mode,
      registries: histories.length,
      releases: RELEASES,
      seed: SEED,
      leaking_registries: leaking,
      pinned_cells: cells,
      pinned_by_some_pair_alone: byPair,
      pinned_by_no_adjacent_pair: notAdjacent,
      pinned_not_reported_exposed: unreported,
      build_ms_per_history: Number((ms / histories.length).toFixed(1)),
      load_1min: Number(load.toFixed(2)),
    }),
  );
}
