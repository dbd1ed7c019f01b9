import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from 'yalps';

/** Branch-and-cut iterations an attack may take (yalps's default is 32,768). */
const ATTACK_ITERATIONS = 1_000_000;
import { crossTable, suppress, TOTAL, type CellOutcome, type Dimension } from './disclosure.js';
import { suppressAcross, type PreviousRelease } from './differencing.js';
import { loadLpSolver } from './lp.js';
import { arbChangedCounts } from '../../test/releaseDifferencing.js';

beforeAll(async () => {
  await loadLpSolver();
});

/**
 * Differencing across releases (issue 14). Releases are all public: a correction, or next month's
 * release, is published beside the last one. The attacker below holds two releases of one table over a
 * registry that changed by a few persons, and knows how many (a correction says what it corrects; a
 * month's new cases are in the news), but not which. Written independently of the module: the relations
 * each release publishes, each release's published counts, its hidden cells ≥ 1 (zeros are published),
 * and the change: Σ over the leaf cells of |count in release 2 − count in release 1| ≤ 2 × changes (a
 * person added or removed moves one leaf by 1, a corrected one two leaves). Exact integer bounds (branch
 * and bound) for every hidden cell below k of either release.
 */

const rows: Dimension = { name: 'r', values: ['a', 'b', 'c'].map((value) => ({ value })) };
const cols: Dimension = { name: 'c', values: ['p', 'q', 'r'].map((value) => ({ value })) };
const DIMS = [rows, cols];
const LEAVES = rows.values.flatMap((r) => cols.values.map((c) => `${r.value}|${c.value}`));

function table(counts: readonly number[]) {
  return crossTable(
    DIMS,
    ([r, c]) => counts[LEAVES.indexOf(`${r}|${c}`)] as number,
    (coords) => coords.join('|'),
  );
}

/** Every relation the table publishes, from the dimensions alone (each total is the sum of its row/column). */
function relationsOf(): { total: string; parts: string[] }[] {
  const out: { total: string; parts: string[] }[] = [];
  const rv = [...rows.values.map((v) => v.value), TOTAL];
  const cv = [...cols.values.map((v) => v.value), TOTAL];
  for (const r of rv) out.push({ total: `${r}|${TOTAL}`, parts: cols.values.map((c) => `${r}|${c.value}`) });
  for (const c of cv) out.push({ total: `${TOTAL}|${c}`, parts: rows.values.map((r) => `${r.value}|${c}`) });
  return out;
}

type Release = Map<string, CellOutcome>;

/** The cells of either release below k that the two releases together pin to one whole number. */
export function differencingAttack(r1: Release, r2: Release, changes: number, k: number): string[] {
  const relations = relationsOf();
  const releases = [r1, r2];
  const targets: string[] = [];
  releases.forEach((rel, s) => {
    for (const o of rel.values()) if (o.suppressed && o.count < k) targets.push(`${s}:${o.id}`);
  });
  const ceiling = [...r1.values(), ...r2.values()].reduce((n, o) => Math.max(n, o.count), 0) * 4 + 10;
  const pinned: string[] = [];
  for (const target of targets) {
    const constraints: Record<string, { equal?: number; min?: number; max?: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    const term = (s: number, cell: string): { variable: string | null; value: number } => {
      const o = (releases[s] as Release).get(cell) as CellOutcome;
      if (!o.suppressed) return { variable: null, value: o.value as number };
      const name = `${s}:${cell}`;
      if (!variables[name]) {
        variables[name] = { obj: name === target ? 1 : 0, [`b_${name}`]: 1 };
        constraints[`b_${name}`] = { min: 1, max: ceiling };
      }
      return { variable: name, value: 0 };
    };
    relations.forEach((r, ri) => {
      for (let s = 0; s < 2; s++) {
        let rhs = 0;
        const key = `r${s}_${ri}`;
        for (const [cell, coef] of [[r.total, -1] as const, ...r.parts.map((p) => [p, 1] as const)]) {
          const t = term(s, cell);
          if (t.variable) {
            const v = variables[t.variable] as Record<string, number>;
            v[key] = (v[key] ?? 0) + coef;
          } else rhs -= coef * t.value;
        }
        constraints[key] = { equal: rhs };
      }
    });
    // the change: x2 − x1 = up − down per leaf, Σ (up + down) ≤ 2 × changes
    for (const leaf of LEAVES) {
      const key = `d_${leaf}`;
      let rhs = 0;
      for (const [s, coef] of [
        [1, 1],
        [0, -1],
      ] as const) {
        const t = term(s, leaf);
        if (t.variable) {
          const v = variables[t.variable] as Record<string, number>;
          v[key] = (v[key] ?? 0) + coef;
        } else rhs -= coef * t.value;
      }
      variables[`up_${leaf}`] = { obj: 0, [key]: -1, budget: 1 };
      variables[`down_${leaf}`] = { obj: 0, [key]: 1, budget: 1 };
      constraints[key] = { equal: rhs };
    }
    constraints['budget'] = { max: 2 * changes };
    const model = { objective: 'obj', constraints, variables, integers: true };
    // yalps stops branch and cut after 32,768 iterations by default ("timedout"); a registry of a few leaves can take
    // more (a counterexample below), and an attack left unfinished would say nothing.
    const max = solve({ ...model, direction: 'maximize' }, { maxIterations: ATTACK_ITERATIONS });
    const min = solve({ ...model, direction: 'minimize' }, { maxIterations: ATTACK_ITERATIONS });
    if (max.status !== 'optimal' || min.status !== 'optimal')
      throw new Error(`attack ${max.status} ${min.status}`);
    if (Math.round(max.result) === Math.round(min.result)) pinned.push(target);
  }
  return pinned;
}

/** A registry's leaf counts and a few changes to it: a person added, removed, or moved between leaves. */
const arbChanged = arbChangedCounts(LEAVES.length);

const K = 5;
const previousOf = (r: Release): PreviousRelease => ({
  label: 'release 1',
  cells: new Map([...r.values()].map((o) => [o.id, { count: o.count, hidden: o.suppressed }])),
});
/** Release 1 as published; release 2 read beside it (`across`), or alone as before the fix. */
const releases = (
  before: readonly number[],
  after: readonly number[],
  across: boolean,
): [Release, Release, string[]] => {
  const r1: Release = new Map(suppress(table(before), K).map((o) => [o.id, o]));
  const out = across
    ? suppressAcross(table(after), K, previousOf(r1))
    : { outcomes: suppress(table(after), K), exposed: [] };
  return [r1, new Map(out.outcomes.map((o) => [o.id, o])), out.exposed];
};

describe('two releases a few changes apart', () => {
  it('each suppressed alone, they disclose: a cell that was 0 holds the one new person', () => {
    // one person added to a|r (was 0): the row, column and grand totals grow by one
    const before = [1, 7, 0, 0, 7, 0, 0, 1, 7];
    const after = [1, 7, 1, 0, 7, 0, 0, 1, 7];
    const [r1, r2] = releases(before, after, false);
    expect(differencingAttack(r1, r2, 1, K)).toContain('1:a|r');
  });

  it('each suppressed alone, they disclose a count below k that either release hides, in many registries', () => {
    let leaking = 0;
    fc.assert(
      fc.property(arbChanged, ({ before, after, changes }) => {
        const [r1, r2] = releases(before, after, false);
        if (differencingAttack(r1, r2, changes, K).length > 0) leaking++;
      }),
      { numRuns: 100, seed: 14 },
    );
    expect(leaking).toBeGreaterThan(10);
  });

  it('suppressed beside the old, the new release leaves nothing pinned but what it reports as exposed', () => {
    fc.assert(
      fc.property(arbChanged, ({ before, after, changes }) => {
        const [r1, r2, exposed] = releases(before, after, true);
        const pinned = differencingAttack(r1, r2, changes, K).map((t) => t.slice(2));
        expect(pinned.filter((id) => !exposed.includes(id))).toEqual([]);
        // and the new release is still a release on its own: nothing below k shown, zeros shown
        for (const o of r2.values()) {
          if (o.count >= 1 && o.count < K) expect(o.suppressed).toBe(true);
          if (o.count === 0) expect(o.value).toBe(0);
        }
      }),
      {
        numRuns: 300,
        // Found by a random run (the solver's default iteration limit reached): kept.
        examples: [
          [{ before: [4, 29, 3, 0, 3, 0, 24, 4, 0], after: [4, 29, 2, 0, 4, 1, 24, 4, 0], changes: 2 }],
        ],
      },
    );
  });
});
