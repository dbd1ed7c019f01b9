/**
 * Differencing across releases, as the product publishes (npx tsx --conditions=source
 * bench/statistics/differencingAttack.ts): RUNS registries (3 categories × 3 statuses, counts 0–30, k = 5,
 * 1–2 persons added, removed or moved; fast-check, SEED), each published twice the way
 * `createDraftRelease` builds releases — the second alone (as before issue 14's fix was wired) and beside
 * the first — and attacked by exact integer programming over the two public
 * `persons_by_category_status` tables (packages/server/src/test/releaseDifferencing.ts). Prints, per way,
 * the registries with a hidden count below k pinned, the cells pinned, those the draft reported as
 * exposed, and the time to build the second release.
 */
import os from 'node:os';
import fc from 'fast-check';
import { loadLpSolver } from '../../packages/server/src/modules/statistics/lp.js';
import {
  arbChangedRegistry,
  attackReleases,
  buildTwoReleases,
} from '../../packages/server/src/test/releaseDifferencing.js';

const RUNS = Number(process.env['RUNS'] ?? 500);
const SEED = Number(process.env['SEED'] ?? 2026);
await loadLpSolver();
const registries = fc.sample(arbChangedRegistry, { numRuns: RUNS, seed: SEED });
const load = os.loadavg()[0] as number;
for (const beside of [false, true]) {
  let leaking = 0;
  let cells = 0;
  let reported = 0;
  let ms = 0;
  for (const { before, after, changes } of registries) {
    const t = performance.now();
    const { t1, t2, exposed } = buildTwoReleases(before, after, beside);
    ms += performance.now() - t;
    const pinned = attackReleases(t1, t2, [before, after], changes);
    if (pinned.length > 0) leaking++;
    cells += pinned.length;
    const ids = new Set(exposed);
    reported += pinned.filter((p) => {
      const [c, s] = p.slice(2).split('/') as [string, string];
      const parts = [c === 'total' ? null : `category=${c}`, s === 'total' ? null : `status=${s}`];
      return ids.has(['persons', ...parts.filter((x) => x !== null)].join('|'));
    }).length;
  }
  console.log(
    JSON.stringify({
      second_release: beside ? 'beside the first' : 'alone',
      registries: registries.length,
      seed: SEED,
      leaking_registries: leaking,
      pinned_cells: cells,
      pinned_reported_exposed: reported,
      build_ms_per_release: Number((ms / registries.length).toFixed(1)),
      load_1min: Number(load.toFixed(2)),
    }),
  );
}
