import { beforeAll, describe, expect, it } from 'vitest';
import { solve } from 'yalps';
import { roundToBase3, suppress } from './disclosure.js';
import {
  buildReleaseTables,
  cellOfRow,
  previousReleaseOf,
  releaseProblem,
  type ExchangeFigureCounts,
  type PublicTable,
  type RegistryCounts,
} from './tables.js';
import { loadLpSolver } from './lp.js';

beforeAll(async () => {
  await loadLpSolver();
});

/** Two recorded exchanges on two days: a large one and one of a handful of persons. */
function figures(): ExchangeFigureCounts {
  const g = (
    exchange: string,
    category: 'military' | 'civilian_detainee',
    service: 'officer' | 'military_other' | 'civilian',
    age_band: '18-24' | '25-34' | '35-44' | '45-54' | '55-64',
    captivity_band: '6-12_months' | '1-2_years' | 'unknown',
    count: number,
  ) => ({ exchange, category, service, age_band, captivity_band, count });
  return {
    groups: [
      g('2025-05-23 A', 'military', 'military_other', '25-34', '1-2_years', 60),
      g('2025-05-23 A', 'military', 'military_other', '35-44', '6-12_months', 40),
      g('2025-05-23 A', 'military', 'officer', '35-44', '1-2_years', 12),
      // the cheapest complement of the age row (so the youngest band stays shown)
      g('2025-05-23 A', 'military', 'military_other', '45-54', '1-2_years', 11),
      // one person of 55–64: the oldest of exchange A, a small cell
      g('2025-05-23 A', 'military', 'military_other', '55-64', 'unknown', 1),
      g('2025-05-23 A', 'civilian_detainee', 'civilian', '18-24', '6-12_months', 14),
      g('2025-06-10 B', 'military', 'military_other', '25-34', '1-2_years', 3),
      g('2025-06-10 B', 'civilian_detainee', 'civilian', '35-44', 'unknown', 2),
    ],
    medians: [
      { exchange: '2025-05-23 A', known: 137, median_days: 400 },
      { exchange: '2025-06-10 B', known: 3, median_days: 500 },
    ],
    eventDays: [
      { exchange: '2025-05-23 A', day: '2025-05-23' },
      { exchange: '2025-06-10 B', day: '2025-06-10' },
    ],
  };
}

function counts(): RegistryCounts {
  return {
    persons: [
      { category: 'military', status: 'returned', sex: 'male', age_band: '25-34', count: 200 },
      { category: 'civilian_detainee', status: 'returned', sex: 'female', age_band: '35-44', count: 40 },
    ],
    withheld: 0,
    // the day table holds the recorded exchanges' returns and, on 2025-05-23, two returns from elsewhere
    returns: [
      { exchange: '2025-05-23', category: 'military', count: 124 + 2 },
      { exchange: '2025-05-23', category: 'civilian_detainee', count: 14 },
      { exchange: '2025-06-10', category: 'military', count: 3 },
      { exchange: '2025-06-10', category: 'civilian_detainee', count: 2 },
    ],
    asOfMonth: '2025-07',
    exchangeFigures: figures(),
  };
}

const table = (tables: PublicTable[], id: string) => tables.find((t) => t.id === id) as PublicTable;

describe('per-exchange figures in a statistics release', () => {
  it('are left out unless the publisher includes them', () => {
    const { exchangeFigures: _, ...without } = counts();
    const { tables } = buildReleaseTables(without, {
      threshold: 10,
      method: 'suppression',
      random: Math.random,
    });
    expect(tables.some((t) => t.id.startsWith('exchange_'))).toBe(false);
  });

  it('suppress small cells and show large ones, an exchange total being one figure in all its tables', () => {
    const { tables, review } = buildReleaseTables(counts(), {
      threshold: 10,
      method: 'suppression',
      random: Math.random,
    });
    const ids = tables.map((t) => t.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'exchange_returned_by_category',
        'exchange_returned_by_service',
        'exchange_returned_by_age',
        'exchange_youngest_oldest',
        'exchange_returned_by_captivity',
        'exchange_captivity_median',
      ]),
    );
    const service = table(tables, 'exchange_returned_by_service');
    const officers = service.rows.find((r) => r.exchange === '2025-05-23 A' && r.service === 'officer');
    expect(officers).toMatchObject({ count: 12, suppressed: false });
    const age = table(tables, 'exchange_returned_by_age');
    const old = age.rows.find((r) => r.exchange === '2025-05-23 A' && r.age_band === '55-64');
    expect(old).toMatchObject({ count: null, suppressed: true });
    // exchange B has 5 returned: every non-zero cell of it is hidden in every table, its total too
    for (const t of tables.filter((x) => x.id.startsWith('exchange_returned'))) {
      for (const r of t.rows.filter((x) => x.exchange === '2025-06-10 B')) {
        if (r.count !== 0) expect(r.suppressed, `${t.id} ${JSON.stringify(r)}`).toBe(true);
      }
    }
    // an exchange's total is the same figure (shown or hidden) in all four tables
    const totals = tables
      .filter((t) => t.id.startsWith('exchange_returned'))
      .map((t) =>
        t.rows.find(
          (r) => r.exchange === '2025-05-23 A' && t.dimensions.slice(1).every((d) => r[d] === 'total'),
        ),
      );
    expect(new Set(totals.map((r) => JSON.stringify([r?.count, r?.suppressed]))).size).toBe(1);
    expect(review.some((c) => c.tables.includes('exchange_returned_by_age'))).toBe(true);
  });

  it('name the youngest and oldest only as a band of at least k persons, never a small one', () => {
    const { tables } = buildReleaseTables(counts(), {
      threshold: 10,
      method: 'suppression',
      random: Math.random,
    });
    const yo = table(tables, 'exchange_youngest_oldest');
    const a = (extreme: string) =>
      yo.rows.find((r) => r.exchange === '2025-05-23 A' && r.extreme === extreme);
    expect(a('youngest')).toMatchObject({ age_band: '18-24', count: 14, suppressed: false });
    // the oldest is one person of 55–64: not named
    expect(a('oldest')).toMatchObject({ age_band: null, count: null, suppressed: true });
    for (const r of yo.rows.filter((x) => x.exchange === '2025-06-10 B')) {
      expect(r).toMatchObject({ age_band: null, count: null, suppressed: true });
    }
    // under rounding too: a band below k is never named
    const rounded = buildReleaseTables(counts(), { threshold: 10, method: 'rounding', random: () => 0.99 });
    const ro = table(rounded.tables, 'exchange_youngest_oldest');
    expect(ro.rows.find((r) => r.exchange === '2025-05-23 A' && r.extreme === 'oldest')?.age_band).toBeNull();
  });

  it('show the median time in captivity in whole months only over at least k persons', () => {
    const { tables } = buildReleaseTables(counts(), {
      threshold: 10,
      method: 'suppression',
      random: Math.random,
    });
    const m = table(tables, 'exchange_captivity_median');
    expect(m.rows).toEqual([
      { exchange: '2025-05-23 A', statistic: 'median_months', count: 13, suppressed: false },
      { exchange: '2025-06-10 B', statistic: 'median_months', count: null, suppressed: true },
    ]);
  });

  it('leave no hidden cell derivable, the day table and the exchange tables taken together', () => {
    const { problem } = releaseProblem(counts());
    const outcomes = suppress(problem, 10);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    // The unrecorded returns of 2025-05-23 (two, internal) are tied to both tables.
    const unrecorded = 'returns_unrecorded|category=military|exchange=2025-05-23';
    expect(byId.get(unrecorded)).toMatchObject({ count: 2, published: false });
    // Bound every hidden cell by linear programming over everything published.
    const hidden = outcomes.filter((o) => o.value === null).map((o) => o.id);
    const known = new Map(outcomes.filter((o) => o.value !== null).map((o) => [o.id, o.value as number]));
    const constraints: Record<string, { equal?: number; min?: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    problem.relations.forEach((r, ri) => {
      let rhs = 0;
      [r.total, ...r.parts].forEach((id, pos) => {
        const coef = pos === 0 ? -1 : 1;
        if (known.has(id)) rhs -= coef * (known.get(id) as number);
        else (variables[id] ??= {})[`r${ri}`] = ((variables[id] ?? {})[`r${ri}`] ?? 0) + coef;
      });
      constraints[`r${ri}`] = { equal: rhs };
    });
    for (const id of hidden) {
      const o = byId.get(id);
      (variables[id] ??= {})[`b:${id}`] = 1;
      constraints[`b:${id}`] = { min: o?.published ? 1 : 0 };
    }
    for (const id of hidden) {
      const o = byId.get(id);
      if (!(o?.published ? o.suppressed : (o?.count ?? 0) >= 1 && (o?.count ?? 0) < 10)) continue;
      const bound = (direction: 'minimize' | 'maximize') => {
        const vars = Object.fromEntries(
          Object.entries(variables).map(([k, v]) => [k, { ...v, obj: k === id ? 1 : 0 }]),
        );
        const s = solve(
          { direction, objective: 'obj', constraints, variables: vars },
          { includeZeroVariables: true },
        );
        return s.status === 'optimal' ? s.result : Infinity;
      };
      expect(bound('maximize') - bound('minimize'), id).toBeGreaterThanOrEqual(1);
    }
  });

  it('round every figure under random rounding', () => {
    const outcomes = roundToBase3(releaseProblem(counts()).problem, () => 0.5);
    for (const o of outcomes.filter((x) => x.id.startsWith('exchange_figures'))) {
      expect((o.value as number) % 3).toBe(0);
    }
  });
});

describe('a published release read back as the next one is suppressed beside it', () => {
  it('maps every row of every controlled table to the cell it shows, with its true count', () => {
    const c = counts();
    const { tables: drafts } = releaseProblem(c);
    const { tables, review } = buildReleaseTables(c, {
      threshold: 10,
      method: 'suppression',
      random: () => 0,
    });
    for (const draft of drafts) {
      const t = table(tables, draft.id);
      expect(t.rows.map((r) => cellOfRow(t, r))).toEqual(draft.rows.map((r) => r.cell));
    }
    const previous = previousReleaseOf('release 1', tables, review);
    const truth = new Map(releaseProblem(c).problem.cells.map((cell) => [cell.id, cell.count]));
    const controlled = new Set(drafts.flatMap((d) => d.rows.map((r) => r.cell)));
    expect([...previous.cells.keys()].sort()).toEqual([...controlled].sort());
    for (const [id, cell] of previous.cells) expect(cell.count).toBe(truth.get(id));
    expect([...previous.cells.values()].filter((x) => x.hidden).length).toBe(review.length);
  });
});
