/**
 * The tests every hold-out noise model (bench/holdout14.ts and on) passes, whatever it writes: its shares sum to one,
 * it writes every class and the same rows from the same seed, and its linkage rows and search queries carry its
 * class labels. A model's own test file calls this inside its `describe` and adds the tests of what its classes
 * write. Generated people only.
 */
import { expect, it } from 'vitest';
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import { incomingList, PROFILES } from './linkage/sets.js';
import {
  mulberry32,
  personNames,
  renderNames,
  type EvalSet,
  type PersonNames,
  type Rendered,
} from './search/variants.js';

/** The population the hold-out tests write from: 600 realistic persons, seed 5. */
export const holdoutTestPopulation: readonly CanonicalCsvRow[] = [
  ...generatePopulation({ persons: 600, seed: 5, profile: 'realistic' }),
];

export interface HoldoutModelUnderTest<C extends string> {
  /** As `--noise` names it: holdout14 … */
  name: keyof typeof PROFILES;
  classes: Readonly<Record<C, number>>;
  /** The model's writer: one row's names in one class. */
  names: (
    p: PersonNames,
    row: CanonicalCsvRow,
    base: Rendered,
    birth: string,
    cls: C,
    rand: () => number,
  ) => object;
  queries: (population: readonly CanonicalCsvRow[], opts: { queries: number; seed?: number }) => EvalSet;
  /** How many of its classes a list of 300 rows shows at least. */
  listClassesAtLeast: number;
}

export function holdoutModelTests<C extends string>(model: HoldoutModelUnderTest<C>): void {
  const population = holdoutTestPopulation;

  it('shares sum to one', () => {
    const sum = Object.values<number>(model.classes).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('writes every class, deterministically', () => {
    const write = (seed: number) => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (const row of population)
        for (const cls of Object.keys(model.classes) as C[]) {
          const p = personNames(row);
          out.push(
            JSON.stringify(model.names(p, row, renderNames(p, 'uk', rand), row.birth_date, cls, rand)),
          );
        }
      return out;
    };
    const a = write(3);
    expect(write(3)).toEqual(a);
    for (const cls of Object.keys(model.classes))
      expect(a.some((w) => w.includes(`"applied":"${cls}"`))).toBe(true);
  });

  it('labels its linkage rows and its queries by class', () => {
    const list = incomingList(300, 200, 2, PROFILES[model.name], 'realistic');
    const classes = new Set(list.map((r) => r.noise));
    expect([...classes].filter((c) => c !== undefined && c in model.classes).length).toBeGreaterThanOrEqual(
      model.listClassesAtLeast,
    );
    const set = model.queries(population, { queries: 200, seed: 1 });
    expect(set.queries.every((q) => q.noise.some((l) => l.startsWith(`${model.name}:`)))).toBe(true);
  });
}
