import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from 'yalps';
import {
  crossTable,
  mergeProblems,
  roundToBase3,
  suppress,
  TOTAL,
  type CellOutcome,
  type Dimension,
  type DisclosureProblem,
} from './disclosure.js';
import { loadLpSolver } from './lp.js';

beforeAll(async () => {
  await loadLpSolver();
});

/** A random cross table: 1–3 dimensions, 1–4 values each, sometimes a subtotal level, many small counts. */
const arbTable = fc
  .array(fc.record({ size: fc.integer({ min: 1, max: 4 }), grouped: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((shape) => {
    const dims: Dimension[] = shape.map((s, di) => {
      const values: { value: string; parent?: string }[] = [];
      if (s.grouped && s.size >= 2) values.push({ value: `d${di}g` });
      for (let v = 0; v < s.size; v++) {
        values.push(
          s.grouped && s.size >= 2 && v < 2
            ? { value: `d${di}v${v}`, parent: `d${di}g` }
            : { value: `d${di}v${v}` },
        );
      }
      return { name: `d${di}`, values };
    });
    const leaves = shape.reduce((n, s) => n * s.size, 1);
    const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 40 }));
    return fc.record({
      dims: fc.constant(dims),
      counts: fc.array(count, { minLength: leaves, maxLength: leaves }),
      k: fc.integer({ min: 2, max: 12 }),
    });
  });

/** Builds the table with the module under test; leaf counts are read in row-major order. */
function build(dims: Dimension[], counts: number[]) {
  const leafValues = dims.map((d) => {
    const parents = new Set(d.values.map((v) => v.parent).filter(Boolean));
    return d.values.map((v) => v.value).filter((v) => !parents.has(v));
  });
  const leafIndex = (leaves: readonly string[]) =>
    leaves.reduce(
      (acc, v, di) => acc * (leafValues[di] as string[]).length + (leafValues[di] as string[]).indexOf(v),
      0,
    );
  return crossTable(
    dims,
    (leaves) => counts[leafIndex(leaves)] as number,
    (coords) => coords.join('|'),
  );
}

/**
 * The attacker, written independently of the module: from the dimension definitions alone, every
 * relation the table publishes (each total or subtotal equals the sum of the values under it, along
 * each dimension); then, for every suppressed cell, its integer minimum and maximum given the published
 * counts, suppressed cells ≥ 1 (zeros are published as 0).
 */
function derivableCells(dims: Dimension[], outcome: Map<string, CellOutcome>): string[] {
  const under = (d: Dimension, v: string) =>
    v === TOTAL
      ? d.values.filter((x) => x.parent === undefined).map((x) => x.value)
      : d.values.filter((x) => x.parent === v).map((x) => x.value);
  const relations: { total: string; parts: string[] }[] = [];
  for (const id of outcome.keys()) {
    const coords = id.split('|');
    dims.forEach((d, di) => {
      const kids = under(d, coords[di] as string);
      if (kids.length === 0) return;
      relations.push({
        total: id,
        parts: kids.map((k) => coords.map((c, j) => (j === di ? k : c)).join('|')),
      });
    });
  }
  const hidden = [...outcome.values()].filter((c) => c.suppressed).map((c) => c.id);
  const disclosed: string[] = [];
  for (const target of hidden) {
    const constraints: Record<string, { equal?: number; min?: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    relations.forEach((r, ri) => {
      let rhs = 0;
      const terms: [string, number][] = [[r.total, -1], ...r.parts.map((p): [string, number] => [p, 1])];
      for (const [cell, coef] of terms) {
        const o = outcome.get(cell) as CellOutcome;
        if (o.suppressed) {
          const v = (variables[cell] ??= { obj: cell === target ? 1 : 0, [`lb_${cell}`]: 1 });
          v[`r${ri}`] = (v[`r${ri}`] ?? 0) + coef;
          constraints[`lb_${cell}`] = { min: 1 };
        } else rhs -= coef * (o.value as number);
      }
      constraints[`r${ri}`] = { equal: rhs };
    });
    const model = { objective: 'obj', constraints, variables };
    const max = solve({ ...model, direction: 'maximize' });
    const min = solve({ ...model, direction: 'minimize' });
    if (max.status === 'infeasible' || min.status === 'infeasible') throw new Error('true counts infeasible');
    if (max.status === 'optimal' && min.status === 'optimal' && max.result === min.result)
      disclosed.push(target);
  }
  return disclosed;
}

describe('suppress', () => {
  it('publishes no count from 1 to k−1, shows every other count unchanged, and never hides a zero', () => {
    fc.assert(
      fc.property(arbTable, ({ dims, counts, k }) => {
        const t = build(dims, counts);
        for (const o of suppress(t, k)) {
          if (o.suppressed) {
            expect(o.value).toBeNull();
            expect(o.count).toBeGreaterThan(0);
          } else {
            expect(o.value).toBe(o.count);
            expect(o.count === 0 || o.count >= k).toBe(true);
          }
          if (o.count >= 1 && o.count < k) expect(o.suppressed).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('leaves no suppressed cell derivable from the relations the table publishes (linear-programming bounds)', () => {
    fc.assert(
      fc.property(arbTable, ({ dims, counts, k }) => {
        const t = build(dims, counts);
        const outcome = new Map(suppress(t, k).map((o) => [o.id, o]));
        expect(derivableCells(dims, outcome)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('never leaves exactly one suppressed cell in a relation whose cells are otherwise published', () => {
    fc.assert(
      fc.property(arbTable, ({ dims, counts, k }) => {
        const t = build(dims, counts);
        const outcome = new Map(suppress(t, k).map((o) => [o.id, o]));
        for (const r of t.relations) {
          const hidden = [r.total, ...r.parts].filter((id) => outcome.get(id)?.suppressed);
          expect(hidden.length).not.toBe(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('says why each cell is suppressed: below the threshold, or which cell it protects', () => {
    const t = build(
      [
        { name: 'a', values: [{ value: 'x' }, { value: 'y' }] },
        { name: 'b', values: [{ value: 'p' }, { value: 'q' }] },
      ],
      [3, 20, 30, 40],
    );
    const o = new Map(suppress(t, 10).map((c) => [c.id, c]));
    expect(o.get('x|p')?.reason).toEqual({ kind: 'below_threshold' });
    const complementary = [...o.values()].filter((c) => c.reason?.kind === 'complementary');
    // the classic rectangle: x|p, x|q, y|p, y|q all hidden, the margins shown
    expect(complementary.map((c) => c.id).sort()).toEqual(['x|q', 'y|p', 'y|q']);
    expect(o.get('x|total')?.value).toBe(23);
    expect(o.get('total|total')?.value).toBe(93);
  });

  it('protects an internal cell (withheld persons) by hiding a published total beside it', () => {
    const p: DisclosureProblem = mergeProblems([
      {
        cells: [
          { id: 'all', count: 103, published: true },
          { id: 'shown', count: 100, published: true },
          { id: 'withheld', count: 3, published: false },
        ],
        relations: [{ total: 'all', parts: ['shown', 'withheld'] }],
      },
    ]);
    const o = new Map(suppress(p, 10).map((c) => [c.id, c]));
    expect([o.get('all')?.suppressed, o.get('shown')?.suppressed]).toContain(true);
    expect(o.get('withheld')?.value).toBeNull();
  });

  it('catches a disclosure no single relation shows: two hidden cells of a row that must both be 1', () => {
    // row total 22 = 20 + a + b with a, b suppressed and ≥ 1 ⇒ a = b = 1, unless the audit widens the pattern
    const dims: Dimension[] = [
      { name: 'a', values: [{ value: 'x' }, { value: 'y' }] },
      { name: 'b', values: [{ value: 'p' }, { value: 'q' }, { value: 'r' }] },
    ];
    const t = build(dims, [20, 1, 1, 10, 10, 10]);
    const outcome = new Map(suppress(t, 10).map((o) => [o.id, o]));
    expect(outcome.get('x|q')?.suppressed).toBe(true);
    expect(derivableCells(dims, outcome)).toEqual([]);
  });

  it('refuses a threshold that is not a positive integer', () => {
    const t = build([{ name: 'a', values: [{ value: 'x' }] }], [1]);
    expect(() => suppress(t, 0)).toThrow(/threshold/);
    expect(() => suppress(t, 2.5)).toThrow(/threshold/);
  });
});

describe('roundToBase3', () => {
  it('rounds every published count to a neighbouring multiple of 3, keeps zeros and multiples, hides nothing', () => {
    fc.assert(
      fc.property(
        arbTable,
        fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })),
        ({ dims, counts }, stream) => {
          const rng = stream[Symbol.iterator]();
          const t = build(dims, counts);
          for (const o of roundToBase3(t, () => rng.next().value as number)) {
            expect(o.suppressed).toBe(false);
            expect((o.value as number) % 3).toBe(0);
            expect(Math.abs((o.value as number) - o.count)).toBeLessThan(3);
            if (o.count % 3 === 0) expect(o.value).toBe(o.count);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is unbiased: rounding 1 many times averages to 1', () => {
    const p: DisclosureProblem = { cells: [{ id: 'a', count: 1, published: true }], relations: [] };
    let seed = 1;
    const rng = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let sum = 0;
    for (let i = 0; i < 30000; i++) sum += roundToBase3(p, rng)[0]?.value as number;
    expect(sum / 30000).toBeGreaterThan(0.95);
    expect(sum / 30000).toBeLessThan(1.05);
  });
});
