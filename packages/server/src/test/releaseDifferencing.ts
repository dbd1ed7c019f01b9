/**
 * The attacker of `differencing.release.test.ts` (and `bench/statistics/differencingAttack.ts`): two
 * releases as the product builds them, and exact integer programming over what they publish.
 */
import fc from 'fast-check';
import { solve } from 'yalps';
import { CATEGORIES, STATUSES, type Category } from '../modules/registry/vocabulary.js';
import {
  buildReleaseTables,
  previousReleaseOf,
  type PublicTable,
  type RegistryCounts,
} from '../modules/statistics/tables.js';

export const K = 5;
const CATS = CATEGORIES.slice(0, 3);
const STATS = ['missing', 'captivity_reported', 'captivity_confirmed'] as const;

type Grid = number[]; // CATS × STATS, row-major

function countsOf(grid: Grid): RegistryCounts {
  return {
    persons: grid.flatMap((count, i) =>
      count === 0
        ? []
        : [
            {
              category: CATS[Math.floor(i / STATS.length)] as Category,
              status: STATS[i % STATS.length] as string,
              sex: 'male',
              age_band: '25-34',
              count,
            },
          ],
    ),
    withheld: 0,
    returns: [],
    asOfMonth: '2026-12',
  };
}

/** Release 1, then release 2 suppressed beside it as the product does (`beside`), or alone as before. */
export function buildTwoReleases(before: Grid, after: Grid, beside: boolean) {
  const options = { threshold: K, method: 'suppression' as const, random: () => 0.5 };
  const r1 = buildReleaseTables(countsOf(before), options);
  const r2 = buildReleaseTables(countsOf(after), {
    ...options,
    previous: beside ? previousReleaseOf('release 1', r1.tables, r1.review) : null,
  });
  const table = (tables: PublicTable[]) =>
    tables.find((t) => t.id === 'persons_by_category_status') as PublicTable;
  return { t1: table(r1.tables), t2: table(r2.tables), exposed: r2.exposed };
}

const key = (category: string, status: string) => `${category}/${status}`;

/** The table's cells `category/status` (totals included) with the shown count, or null when hidden. */
function shown(t: PublicTable): Map<string, number | null> {
  return new Map(t.rows.map((r) => [key(String(r['category']), String(r['status'])), r.count]));
}

/**
 * The hidden cells below k of either release (`1:cell` or `2:cell`) that the two tables pin to one whole
 * number, given that at most `changes` persons were added, removed or moved between them.
 */
export function attackReleases(
  t1: PublicTable,
  t2: PublicTable,
  truth: [Grid, Grid],
  changes: number,
): string[] {
  return attackHistory([t1, t2], truth, [changes]);
}

const CELLS = CATS.length * STATS.length;
const arbCounts = (cells: number) =>
  fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 7, max: 30 })), {
    minLength: cells,
    maxLength: cells,
  });
const arbChanges = (cells: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom('add', 'remove', 'move'),
      from: fc.nat({ max: cells - 1 }),
      to: fc.nat({ max: cells - 1 }),
    }),
    { minLength: 1, maxLength: 2 },
  );

/** The counts after `changes` (a removal or move from an empty cell is skipped), and how many applied (≥ 1). */
function applyChanges(counts: Grid, changes: { kind: string; from: number; to: number }[]) {
  const after = [...counts];
  let n = 0;
  for (const c of changes) {
    if (c.kind !== 'add' && (after[c.from] as number) === 0) continue;
    if (c.kind !== 'add') after[c.from] = (after[c.from] as number) - 1;
    if (c.kind !== 'remove') after[c.to] = (after[c.to] as number) + 1;
    n++;
  }
  return { after, changes: Math.max(n, 1) };
}

/** `cells` counts of a registry and a few changes to them: a person added, removed or moved between cells. */
export const arbChangedCounts = (cells: number) =>
  fc
    .record({ counts: arbCounts(cells), changes: arbChanges(cells) })
    .map(({ counts, changes }) => ({ before: counts, ...applyChanges(counts, changes) }));

/** A registry's counts over 3 categories × 3 statuses and a few changes to them. */
export const arbChangedRegistry = arbChangedCounts(CELLS);

/**
 * Releases 1…n of the registries `grids` (one per release), each built as `createDraftRelease` builds
 * it: beside the latest published release only (`latest`, the product before the fix for older
 * releases) or beside every earlier one (`all`). Their public `persons_by_category_status` tables, and
 * what each draft reported as exposed.
 */
export function buildReleases(grids: Grid[], beside: 'latest' | 'all') {
  const options = { threshold: K, method: 'suppression' as const, random: () => 0.5 };
  const built: { tables: PublicTable[]; review: ReturnType<typeof buildReleaseTables>['review'] }[] = [];
  const exposed: string[][] = [];
  grids.forEach((grid, i) => {
    const earlier = built.map((b, j) => previousReleaseOf(`release ${j + 1}`, b.tables, b.review));
    const previous = beside === 'latest' ? (earlier[earlier.length - 1] ?? null) : earlier;
    const r = buildReleaseTables(countsOf(grid), {
      ...options,
      // before the fix `previous` took one release; an array is read as every earlier one
      previous: previous as never,
    });
    built.push(r);
    exposed.push(i === 0 ? [] : r.exposed);
  });
  const table = (tables: PublicTable[]) =>
    tables.find((t) => t.id === 'persons_by_category_status') as PublicTable;
  return { tables: built.map((b) => table(b.tables)), exposed };
}

/** A table cell `category/status` as the product names it (`persons|category=…|status=…`). */
export function cellIdOf(cell: string): string {
  const [c, s] = cell.split('/') as [string, string];
  const parts = [c === 'total' ? null : `category=${c}`, s === 'total' ? null : `status=${s}`];
  return ['persons', ...parts.filter((x) => x !== null)].join('|');
}

/**
 * The hidden cells below k of any of the releases `tables` (`3:cell` = release 3's cell `category/status`)
 * that exact integer programming pins to one whole number, reading the releases in `read` (indexes into
 * `tables`) together, knowing how many persons changed between every two of them (`changes[i]`: between
 * release i and i + 1; between i and j at most their sum), but not which.
 */
export function attackHistory(
  tables: PublicTable[],
  truth: Grid[],
  changes: number[],
  read: number[] = tables.map((_, i) => i),
): string[] {
  const cats = [...CATEGORIES, 'total'];
  const stats = [...STATUSES, 'total'];
  const relations: { total: string; parts: string[] }[] = [
    ...cats.map((c) => ({ total: key(c, 'total'), parts: STATUSES.map((s) => key(c, s)) })),
    ...stats.map((s) => ({ total: key('total', s), parts: CATEGORIES.map((c) => key(c, s)) })),
  ];
  const leaves = CATEGORIES.flatMap((c) => STATUSES.map((s) => key(c, s)));
  const pub = tables.map(shown);
  const trueCount = (s: number, cell: string) => {
    const [c, st] = cell.split('/') as [string, string];
    const grid = truth[s] as Grid;
    let n = 0;
    CATS.forEach((cc, i) =>
      STATS.forEach((ss, j) => {
        if ((c === 'total' || c === cc) && (st === 'total' || st === ss))
          n += grid[i * STATS.length + j] as number;
      }),
    );
    return n;
  };
  const targets: string[] = [];
  for (const s of read) {
    for (const [cell, v] of pub[s] as Map<string, number | null>)
      if (v === null && trueCount(s, cell) < K) targets.push(`${s + 1}:${cell}`);
  }
  const pinned: string[] = [];
  for (const target of targets) {
    const constraints: Record<string, { equal?: number; min?: number; max?: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    const term = (s: number, cell: string): { variable: string | null; value: number } => {
      const v = (pub[s] as Map<string, number | null>).get(cell);
      if (v !== null && v !== undefined) return { variable: null, value: v };
      const name = `${s + 1}:${cell}`;
      if (!variables[name]) {
        variables[name] = { obj: name === target ? 1 : 0, [`b_${name}`]: 1 };
        constraints[`b_${name}`] = { min: 1, max: 10_000 };
      }
      return { variable: name, value: 0 };
    };
    const addRow = (row: string, terms: [number, string, number][]) => {
      let rhs = 0;
      for (const [s, cell, coef] of terms) {
        const t = term(s, cell);
        if (t.variable) {
          const v = variables[t.variable] as Record<string, number>;
          v[row] = (v[row] ?? 0) + coef;
        } else rhs -= coef * t.value;
      }
      constraints[row] = { equal: rhs };
    };
    relations.forEach((r, ri) => {
      for (const s of read) {
        addRow(`r${s}_${ri}`, [
          [s, r.total, -1],
          ...r.parts.map((p) => [s, p, 1] as [number, string, number]),
        ]);
      }
    });
    for (const i of read) {
      for (const j of read) {
        if (j <= i) continue;
        const budget = `budget_${i}_${j}`;
        for (const leaf of leaves) {
          const row = `d_${i}_${j}_${leaf}`;
          addRow(row, [
            [j, leaf, 1],
            [i, leaf, -1],
          ]);
          variables[`up_${i}_${j}_${leaf}`] = { obj: 0, [row]: -1, [budget]: 1 };
          variables[`down_${i}_${j}_${leaf}`] = { obj: 0, [row]: 1, [budget]: 1 };
        }
        constraints[budget] = { max: 2 * changes.slice(i, j).reduce((a, b) => a + b, 0) };
      }
    }
    const model = { objective: 'obj', constraints, variables, integers: true };
    const max = solve({ ...model, direction: 'maximize' });
    const min = solve({ ...model, direction: 'minimize' });
    if (max.status !== 'optimal' || min.status !== 'optimal')
      throw new Error(`attack ${max.status} ${min.status}`);
    if (Math.round(max.result) === Math.round(min.result)) pinned.push(target);
  }
  return pinned;
}

/** A registry's counts and `releases` − 1 steps of 1–2 changes each (one registry per release). */
export const arbChangedHistory = (releases: number) =>
  fc
    .record({
      counts: arbCounts(CELLS),
      steps: fc.array(arbChanges(CELLS), { minLength: releases - 1, maxLength: releases - 1 }),
    })
    .map(({ counts, steps }) => {
      const grids: Grid[] = [counts];
      const changes: number[] = [];
      for (const step of steps) {
        const { after, changes: n } = applyChanges(grids[grids.length - 1] as Grid, step);
        grids.push(after);
        changes.push(n);
      }
      return { grids, changes };
    });
