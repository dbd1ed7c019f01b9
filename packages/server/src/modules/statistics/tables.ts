/**
 * The fixed set of tables a statistics release publishes, built from aggregate counts (pure). All tables
 * of a release form one disclosure problem: a figure two tables share (a category total) is one cell,
 * so it is shown or hidden in both.
 */
import { CATEGORIES, STATUSES, type Category } from '../registry/vocabulary.js';
import { suppressAcross, type PreviousRelease } from './differencing.js';
import {
  crossTable,
  mergeProblems,
  roundToBase3,
  TOTAL,
  type Cell,
  type CellOutcome,
  type Coordinates,
  type Dimension,
  type Relation,
  type DisclosureMethod,
  type DisclosureProblem,
  type SuppressionReason,
} from './disclosure.js';

/** Sex as the tables show it: the registry's values, and `unknown` where no record says. */
export const STAT_SEXES = ['male', 'female', 'unknown'] as const;

/** Age bands at the release's as-of date; `under_18` groups the children's bands (a subtotal). */
export const AGE_BANDS = [
  { value: 'under_18' },
  { value: '0-4', parent: 'under_18' },
  { value: '5-9', parent: 'under_18' },
  { value: '10-14', parent: 'under_18' },
  { value: '15-17', parent: 'under_18' },
  { value: '18-24' },
  { value: '25-34' },
  { value: '35-44' },
  { value: '45-54' },
  { value: '55-64' },
  { value: '65+' },
  { value: 'unknown' },
] as const;
export type AgeBandLeaf = Exclude<(typeof AGE_BANDS)[number]['value'], 'under_18'>;

/** The age band of an age in whole years (null or negative: unknown). */
export function ageBandOf(age: number | null): AgeBandLeaf {
  if (age === null || age < 0) return 'unknown';
  if (age < 5) return '0-4';
  if (age < 10) return '5-9';
  if (age < 15) return '10-14';
  if (age < 18) return '15-17';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  return '65+';
}

/** The aggregate counts a release is built from (what the registry-wide count query returns). */
export interface RegistryCounts {
  /** Persons not withheld, by category, status, sex and age band. */
  persons: { category: Category; status: string; sex: string; age_band: string; count: number }[];
  /** Withheld persons: only in the registry total, which is not broken down. */
  withheld: number;
  /**
   * Returns per exchange by category: `exchange` names the exchange — its date (YYYY-MM-DD) until
   * exchanges are recorded as such (issue 13 plugs its own figures in here), or `undated`.
   */
  returns: { exchange: string; category: Category; count: number }[];
  /** The as-of month (YYYY-MM): the cumulative table runs up to it. */
  asOfMonth: string;
  /** The per-exchange figures, when the publisher includes them (recorded, reconciled exchanges). */
  exchangeFigures?: ExchangeFigureCounts;
}

/** Military or civilian as the exchange figures show it; officers are a part of the military. */
export const SERVICES = [
  { value: 'military' },
  { value: 'officer', parent: 'military' },
  { value: 'military_other', parent: 'military' },
  { value: 'civilian' },
  { value: 'unknown' },
] as const;
export type ServiceLeaf = Exclude<(typeof SERVICES)[number]['value'], 'military'>;

/** Days in captivity, banded (from the first full-dated report of captivity to the exchange). */
export const CAPTIVITY_BANDS = [
  { value: 'under_3_months' },
  { value: '3-6_months' },
  { value: '6-12_months' },
  { value: '1-2_years' },
  { value: '2-3_years' },
  { value: '3_years_plus' },
  { value: 'unknown' },
] as const;
export type CaptivityBand = (typeof CAPTIVITY_BANDS)[number]['value'];

/** The band of a number of days in captivity (null or negative: unknown). */
export function captivityBandOf(days: number | null): CaptivityBand {
  if (days === null || days < 0) return 'unknown';
  if (days <= 90) return 'under_3_months';
  if (days <= 182) return '3-6_months';
  if (days <= 365) return '6-12_months';
  if (days <= 730) return '1-2_years';
  if (days <= 1095) return '2-3_years';
  return '3_years_plus';
}

/**
 * The aggregate counts behind the per-exchange figures: persons returned in a recorded exchange (a
 * reconciliation row that wrote a `returned_in_exchange` event), counted once per exchange.
 */
export interface ExchangeFigureCounts {
  groups: {
    /** The exchange's public label (its date and name). */
    exchange: string;
    category: Category;
    service: ServiceLeaf;
    age_band: AgeBandLeaf;
    captivity_band: CaptivityBand;
    count: number;
  }[];
  /** Per exchange: the median days in captivity over the persons whose days are known, and how many. */
  medians: { exchange: string; known: number; median_days: number | null }[];
  /** Per exchange: the day of its events, i.e. its key in the `returned_by_exchange_category` table. */
  eventDays: { exchange: string; day: string }[];
}

export interface TableTitle {
  uk: string;
  en: string;
}

/** One row of a public table: its dimension values, the count (null when suppressed). */
export type PublicRow = Record<string, string | number | boolean | null> & {
  count: number | null;
  suppressed: boolean;
};

export interface PublicTable {
  id: string;
  title: TableTitle;
  dimensions: string[];
  rows: PublicRow[];
}

/** One hidden cell as the publisher reviews it. */
export interface ReviewCell {
  cell: string;
  tables: string[];
  count: number;
  reason: SuppressionReason;
}

export const TABLE_TITLES = {
  persons_by_category_status: {
    uk: 'Особи за категорією та статусом',
    en: 'Persons by category and status',
  },
  persons_by_category_sex_age: {
    uk: 'Особи за категорією, статтю та віковою групою',
    en: 'Persons by category, sex and age band',
  },
  returned_by_exchange_category: {
    uk: 'Повернуті в обмінах: за обміном і категорією',
    en: 'Returned in exchanges, by exchange and category',
  },
  returned_in_exchanges_cumulative_by_month: {
    uk: 'Повернуті в обмінах, наростаючим підсумком за місяцями',
    en: 'Returned in exchanges, cumulative by month',
  },
  deported_children: {
    uk: 'Депортовані діти: депортовані, розшукані, повернуті',
    en: 'Deported children: deported, located, returned',
  },
  exchange_returned_by_category: {
    uk: 'Обміни: повернуті за категорією',
    en: 'Exchanges: returned by category',
  },
  exchange_returned_by_service: {
    uk: 'Обміни: повернуті військові (з них офіцери) і цивільні',
    en: 'Exchanges: returned military (officers among them) and civilians',
  },
  exchange_returned_by_age: {
    uk: 'Обміни: повернуті за віковою групою на день обміну',
    en: 'Exchanges: returned by age band on the day of the exchange',
  },
  exchange_youngest_oldest: {
    uk: 'Обміни: вікова група наймолодших і найстарших повернутих',
    en: 'Exchanges: age band of the youngest and the oldest returned',
  },
  exchange_returned_by_captivity: {
    uk: 'Обміни: повернуті за тривалістю полону',
    en: 'Exchanges: returned by time in captivity',
  },
  exchange_captivity_median: {
    uk: 'Обміни: медіана тривалості полону (повних місяців)',
    en: 'Exchanges: median time in captivity (whole months)',
  },
  persons_total: {
    uk: 'Усі особи в реєстрі (разом з тими, чиї дані не розкриваються)',
    en: 'All persons in the registry (including those whose details are withheld)',
  },
} as const satisfies Record<string, TableTitle>;
export type TableId = keyof typeof TABLE_TITLES;

/** A cell's id: its universe and its non-total coordinates, so equal figures of two tables coincide. */
function cellKey(universe: string, dims: readonly string[], coords: Coordinates): string {
  const parts = dims
    .map((d, i) => [d, coords[i] as string] as const)
    .filter(([, v]) => v !== TOTAL)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([d, v]) => `${d}=${v}`);
  return [universe, ...parts].join('|');
}

interface TableDraft {
  id: TableId;
  dimensions: string[];
  /** Each row: its coordinates (dimension order) and the cell it shows. */
  rows: { coords: Coordinates; cell: string }[];
}

const categoryDim: Dimension = { name: 'category', values: CATEGORIES.map((value) => ({ value })) };

/** The months from `first` to `last` inclusive (YYYY-MM). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Every table of a release, and the one disclosure problem they form. */
export function releaseProblem(counts: RegistryCounts): { tables: TableDraft[]; problem: DisclosureProblem } {
  // Table 4 (cumulative returns by month) is not part of the problem: it is computed from table 3's
  // published figures after disclosure control (see cumulativeReturns), so it can disclose nothing more.
  const parts: DisclosureProblem[] = [];
  const tables: TableDraft[] = [];
  const persons = new Map<string, number>();
  for (const r of counts.persons) {
    const k = `${r.category}/${r.status}/${r.sex}/${r.age_band}`;
    persons.set(k, (persons.get(k) ?? 0) + r.count);
  }
  const personCount = (f: { category?: string; status?: string; sex?: string; age_band?: string }) => {
    let n = 0;
    for (const r of counts.persons) {
      if (
        (f.category === undefined || r.category === f.category) &&
        (f.status === undefined || r.status === f.status) &&
        (f.sex === undefined || r.sex === f.sex) &&
        (f.age_band === undefined || r.age_band === f.age_band)
      ) {
        n += r.count;
      }
    }
    return n;
  };

  const addCross = (id: TableId, universe: string, dims: Dimension[], leaf: (l: Coordinates) => number) => {
    const names = dims.map((d) => d.name);
    const t = crossTable(dims, leaf, (coords) => cellKey(universe, names, coords));
    parts.push(t);
    tables.push({
      id,
      dimensions: names,
      rows: t.coordinates.map((coords) => ({ coords, cell: cellKey(universe, names, coords) })),
    });
  };

  // 1. persons by category × status
  const statusDim: Dimension = { name: 'status', values: STATUSES.map((value) => ({ value })) };
  addCross('persons_by_category_status', 'persons', [categoryDim, statusDim], ([c, s]) =>
    personCount({ category: c as string, status: s as string }),
  );
  // 2. persons by category × sex × age band (with the children's subtotal)
  addCross(
    'persons_by_category_sex_age',
    'persons',
    [
      categoryDim,
      { name: 'sex', values: STAT_SEXES.map((value) => ({ value })) },
      { name: 'age_band', values: AGE_BANDS },
    ],
    ([c, s, a]) => personCount({ category: c as string, sex: s as string, age_band: a as string }),
  );

  // 3. returns per exchange × category
  const exchanges = [...new Set(counts.returns.map((r) => r.exchange))].sort((a, b) =>
    a === 'undated' ? 1 : b === 'undated' ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const returnCount = new Map<string, number>();
  for (const r of counts.returns) {
    const k = `${r.exchange}/${r.category}`;
    returnCount.set(k, (returnCount.get(k) ?? 0) + r.count);
  }
  addCross(
    'returned_by_exchange_category',
    'returns',
    [{ name: 'exchange', values: exchanges.map((value) => ({ value })) }, categoryDim],
    ([e, c]) => returnCount.get(`${e}/${c}`) ?? 0,
  );

  // 3b. per-exchange figures (when included): one universe, so each exchange's total is one cell shared by
  // its tables; tied to table 3 (a recorded exchange's returns are part of its day's returns there, the
  // rest an internal cell), so the difference of the two tables discloses nothing either.
  const figures = counts.exchangeFigures;
  if (figures) {
    const labels = [...new Set(figures.groups.map((g) => g.exchange))].sort();
    const groupCount = (
      f: Partial<Record<'exchange' | 'category' | 'service' | 'age_band' | 'captivity_band', string>>,
    ) => {
      let n = 0;
      for (const g of figures.groups) {
        if (Object.entries(f).every(([k, v]) => g[k as keyof typeof g] === v)) n += g.count;
      }
      return n;
    };
    // One small table per exchange, put side by side: no figure adds up across exchanges (the day table
    // has those), so each exchange is its own small disclosure problem (tied only through the day table).
    const addPerExchange = (
      id: TableId,
      dim: Dimension,
      field: 'category' | 'service' | 'age_band' | 'captivity_band',
    ) => {
      const names = ['exchange', dim.name];
      const rows: TableDraft['rows'] = [];
      for (const x of labels) {
        const key = (coords: Coordinates) => cellKey('exchange_figures', names, [x, coords[0] as string]);
        const t = crossTable([dim], ([v]) => groupCount({ exchange: x, [field]: v as string }), key);
        parts.push(t);
        rows.push(...t.coordinates.map((coords) => ({ coords: [x, ...coords], cell: key(coords) })));
      }
      tables.push({ id, dimensions: names, rows });
    };
    addPerExchange('exchange_returned_by_category', categoryDim, 'category');
    addPerExchange('exchange_returned_by_service', { name: 'service', values: SERVICES }, 'service');
    addPerExchange('exchange_returned_by_age', { name: 'age_band', values: AGE_BANDS }, 'age_band');
    addPerExchange(
      'exchange_returned_by_captivity',
      { name: 'captivity_band', values: CAPTIVITY_BANDS },
      'captivity_band',
    );
    const byDay = new Map<string, string[]>();
    for (const { exchange, day } of figures.eventDays) byDay.set(day, [...(byDay.get(day) ?? []), exchange]);
    const linkCells: Cell[] = [];
    const linkRelations: Relation[] = [];
    for (const [day, xs] of byDay) {
      if (!exchanges.includes(day)) continue;
      for (const c of CATEGORIES) {
        const dayCount = returnCount.get(`${day}/${c}`) ?? 0;
        const parts = xs.map((x) => cellKey('exchange_figures', ['exchange', 'category'], [x, c]));
        const recorded = xs.reduce((n, x) => n + groupCount({ exchange: x, category: c }), 0);
        if (recorded > dayCount) continue; // not the same population: nothing to tie
        const other = `returns_unrecorded|category=${c}|exchange=${day}`;
        linkCells.push({ id: other, count: dayCount - recorded, published: false });
        linkRelations.push({
          total: cellKey('returns', ['exchange', 'category'], [day, c]),
          parts: [...parts, other],
        });
      }
    }
    parts.push({ cells: linkCells, relations: linkRelations });
  }

  // 5. deported children by status: the same cells as table 1's deported_child row, other statuses grouped
  {
    const dims = ['category', 'status'];
    const shown = ['deported', 'located', 'returned'];
    const others = STATUSES.filter((s) => !shown.includes(s));
    const id = (s: string) => cellKey('persons', dims, ['deported_child', s]);
    const otherId = `persons|category=deported_child|status=other`;
    const cells: Cell[] = [...STATUSES, TOTAL].map((s) => ({
      id: id(s),
      count:
        s === TOTAL
          ? personCount({ category: 'deported_child' })
          : personCount({ category: 'deported_child', status: s }),
      published: true,
    }));
    cells.push({
      id: otherId,
      count: others.reduce((n, s) => n + personCount({ category: 'deported_child', status: s }), 0),
      published: true,
    });
    parts.push({
      cells,
      relations: [
        { total: otherId, parts: others.map(id) },
        { total: id(TOTAL), parts: [...shown.map(id), otherId] },
      ],
    });
    tables.push({
      id: 'deported_children',
      dimensions: ['status'],
      rows: [...shown, 'other', TOTAL].map((s) => ({ coords: [s], cell: s === 'other' ? otherId : id(s) })),
    });
  }

  // 6. everyone, withheld persons included: a total that is never broken down
  {
    const all = personCount({});
    parts.push({
      cells: [
        { id: 'registry|all', count: all + counts.withheld, published: true },
        { id: 'persons', count: all, published: true },
        { id: 'registry|withheld', count: counts.withheld, published: false },
      ],
      relations: [{ total: 'registry|all', parts: ['persons', 'registry|withheld'] }],
    });
    tables.push({
      id: 'persons_total',
      dimensions: ['persons'],
      rows: [{ coords: [TOTAL], cell: 'registry|all' }],
    });
  }

  return { tables, problem: mergeProblems(parts) };
}

/**
 * Table 4: returns in exchanges, cumulative by month and category, summed from table 3's published
 * figures: a cumulative figure is shown only when every exchange figure it adds up is shown, so it
 * tells nothing table 3 does not. Undated exchanges are left out (they have no month).
 */
export function cumulativeReturns(exchangeTable: PublicTable, asOfMonth: string): PublicTable {
  const dated = exchangeTable.rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(String(r.exchange)));
  const first = dated.map((r) => String(r.exchange).slice(0, 7)).sort()[0];
  const months = first === undefined ? [] : monthsBetween(first, asOfMonth > first ? asOfMonth : first);
  const rows: PublicRow[] = [];
  for (const c of [...CATEGORIES, TOTAL]) {
    let sum: number | null = 0;
    for (const m of months) {
      for (const r of dated) {
        if (r.category !== c || String(r.exchange).slice(0, 7) !== m) continue;
        sum = sum === null || r.count === null ? null : sum + r.count;
      }
      rows.push({ month: m, category: c, count: sum, suppressed: sum === null });
    }
  }
  rows.sort((a, b) => (String(a.month) < String(b.month) ? -1 : String(a.month) > String(b.month) ? 1 : 0));
  return {
    id: 'returned_in_exchanges_cumulative_by_month',
    title: TABLE_TITLES.returned_in_exchanges_cumulative_by_month,
    dimensions: ['month', 'category'],
    rows,
  };
}

/** The tables a release publishes and the publisher's review, under the chosen disclosure control. */
export function buildReleaseTables(
  counts: RegistryCounts,
  options: {
    threshold: number;
    method: DisclosureMethod;
    random: () => number;
    /**
     * Rounding: a cell's draw from its id and true count (a keyed hash), so an unchanged cell is rounded
     * alike in every release; without it, `random` per release.
     */
    roundingDraw?: (cell: string, count: number) => number;
    /**
     * The published releases (suppression) this one is read beside: every earlier one, oldest first (or
     * one, the latest): this one is suppressed beside them all together.
     */
    previous?: PreviousRelease | readonly PreviousRelease[] | null;
  },
): { tables: PublicTable[]; review: ReviewCell[]; exposed: string[] } {
  const { tables, problem } = releaseProblem(counts);
  let exposed: string[] = [];
  let outcomes: CellOutcome[];
  if (options.method === 'rounding') outcomes = roundToBase3(problem, options.random, options.roundingDraw);
  else {
    const out = suppressAcross(problem, options.threshold, options.previous ?? null, familyOfCell);
    outcomes = out.outcomes;
    exposed = out.exposed;
  }
  const byCell = new Map(outcomes.map((o) => [o.id, o]));
  const tablesOf = new Map<string, string[]>();
  const publicTables: PublicTable[] = tables.map((t) => ({
    id: t.id,
    title: TABLE_TITLES[t.id],
    dimensions: t.dimensions,
    rows: t.rows.map(({ coords, cell }) => {
      const o = byCell.get(cell) as CellOutcome;
      tablesOf.set(cell, [...new Set([...(tablesOf.get(cell) ?? []), t.id])]);
      const dims = Object.fromEntries(t.dimensions.map((d, i) => [d, coords[i] as string]));
      return { ...dims, count: o.value, suppressed: o.suppressed } as PublicRow;
    }),
  }));
  const exchangeIndex = publicTables.findIndex((t) => t.id === 'returned_by_exchange_category');
  publicTables.splice(
    exchangeIndex + 1,
    0,
    cumulativeReturns(publicTables[exchangeIndex] as PublicTable, counts.asOfMonth),
  );
  const figures = counts.exchangeFigures;
  if (figures) {
    const after = (id: string, table: PublicTable) =>
      publicTables.splice(publicTables.findIndex((t) => t.id === id) + 1, 0, table);
    after('exchange_returned_by_age', youngestOldest(figures, byCell, options.threshold));
    after('exchange_returned_by_captivity', captivityMedian(figures, options.threshold));
  }
  const review: ReviewCell[] = outcomes
    .filter((o) => o.reason !== null)
    .map((o) => ({
      cell: o.id,
      tables: tablesOf.get(o.id) ?? [],
      count: o.count,
      reason: o.reason as SuppressionReason,
    }));
  return { tables: publicTables, review, exposed };
}

/**
 * The family of a cell for the change between two releases: its universe and dimension names, i.e. one
 * table's leaves (each person is in exactly one leaf of each table).
 */
export function familyOfCell(id: string): string {
  return id
    .split('|')
    .map((seg, i) => (i === 0 ? seg : (seg.split('=')[0] as string)))
    .join('|');
}

/** The cell behind a row of a published table, or null for rows computed after disclosure control. */
export function cellOfRow(table: PublicTable, row: PublicRow): string | null {
  const coords = table.dimensions.map((d) => String(row[d]));
  switch (table.id) {
    case 'persons_by_category_status':
    case 'persons_by_category_sex_age':
      return cellKey('persons', table.dimensions, coords);
    case 'returned_by_exchange_category':
      return cellKey('returns', table.dimensions, coords);
    case 'exchange_returned_by_category':
    case 'exchange_returned_by_service':
    case 'exchange_returned_by_age':
    case 'exchange_returned_by_captivity':
      return cellKey('exchange_figures', table.dimensions, coords);
    case 'deported_children':
      return coords[0] === 'other'
        ? 'persons|category=deported_child|status=other'
        : cellKey('persons', ['category', 'status'], ['deported_child', coords[0] as string]);
    case 'persons_total':
      return 'registry|all';
    default:
      return null;
  }
}

/**
 * A published release (suppression) as the next one is read beside: every cell its tables show, with its
 * true count (shown, or from the review for a hidden one) and whether it was hidden.
 */
export function previousReleaseOf(
  label: string,
  tables: readonly PublicTable[],
  review: readonly ReviewCell[],
): PreviousRelease {
  const hiddenCount = new Map(review.map((r) => [r.cell, r.count]));
  const cells = new Map<string, { count: number; hidden: boolean }>();
  for (const t of tables) {
    for (const row of t.rows) {
      const cell = cellOfRow(t, row);
      if (cell === null) continue;
      const count = row.suppressed ? hiddenCount.get(cell) : row.count;
      if (count === undefined || count === null) continue;
      cells.set(cell, { count, hidden: row.suppressed });
    }
  }
  return { label, cells };
}

/** The age bands in order, children's subtotal and unknown left out. */
const ORDERED_BANDS = AGE_BANDS.map((b) => b.value).filter(
  (v): v is Exclude<AgeBandLeaf, 'unknown'> => v !== 'under_18' && v !== 'unknown',
);

/**
 * The youngest and the oldest returned of each exchange, as an age band only, and only when that band's
 * cell of the age table is shown and holds at least k persons: a band of one or a few persons (which
 * the age table hides) is never named, so no one's age can be read off.
 */
export function youngestOldest(
  figures: ExchangeFigureCounts,
  byCell: Map<string, CellOutcome>,
  threshold: number,
): PublicTable {
  const labels = [...new Set(figures.groups.map((g) => g.exchange))].sort();
  const rows: PublicRow[] = [];
  for (const exchange of labels) {
    const count = (band: string) =>
      figures.groups
        .filter((g) => g.exchange === exchange && g.age_band === band)
        .reduce((n, g) => n + g.count, 0);
    const present = ORDERED_BANDS.filter((b) => count(b) > 0);
    for (const [extreme, band] of [
      ['youngest', present[0]],
      ['oldest', present[present.length - 1]],
    ] as const) {
      const o =
        band === undefined
          ? undefined
          : byCell.get(cellKey('exchange_figures', ['exchange', 'age_band'], [exchange, band]));
      const shown = band !== undefined && o !== undefined && !o.suppressed && o.count >= threshold;
      rows.push({
        exchange,
        extreme,
        age_band: shown ? band : null,
        count: shown ? o.value : null,
        suppressed: !shown,
      });
    }
  }
  return {
    id: 'exchange_youngest_oldest',
    title: TABLE_TITLES.exchange_youngest_oldest,
    // the band is a field of the row, not a dimension: each row is one exchange's youngest or oldest
    dimensions: ['exchange', 'extreme'],
    rows,
  };
}

/**
 * The median time in captivity of each exchange in whole months, over the persons whose time is known;
 * shown only when at least k persons' time is known (how many is not shown: with the unknown band of
 * the captivity table it could be a hidden cell's complement).
 */
export function captivityMedian(figures: ExchangeFigureCounts, threshold: number): PublicTable {
  const rows: PublicRow[] = [...figures.medians]
    .sort((a, b) => (a.exchange < b.exchange ? -1 : a.exchange > b.exchange ? 1 : 0))
    .map((m) => {
      const shown = m.median_days !== null && m.known >= threshold;
      return {
        exchange: m.exchange,
        statistic: 'median_months',
        count: shown ? Math.floor((m.median_days as number) / 30.4375) : null,
        suppressed: !shown,
      };
    });
  return {
    id: 'exchange_captivity_median',
    title: TABLE_TITLES.exchange_captivity_median,
    dimensions: ['exchange', 'statistic'],
    rows,
  };
}
