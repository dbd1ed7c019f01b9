/**
 * Statistical disclosure control for published tables, pure: no database, no clock.
 *
 * A release is one linear system: cells (counts) and the additive relations between them
 * (`total = part + part + …`). Cells shared by several tables (a category total appears in two tables)
 * are one cell, so a figure suppressed in one table can never be read off another. Some cells are never
 * published (internal): the number of withheld persons, the returns of one month behind a cumulative
 * figure; they take part in the relations, and a small one is protected like a suppressed cell.
 *
 * Rules (national statistics practice, as τ-ARGUS and sdcTable apply them):
 * 1. Threshold k: a published count of 0 is published as 0; a count from 1 to k−1 is suppressed
 *    (primary suppression); internal cells from 1 to k−1 must stay underivable as well.
 * 2. Complementary suppression: in any relation whose other cells are all known, one hidden cell is
 *    derivable, so a second cell of that relation is suppressed (the smallest non-zero detail cell, a
 *    total only when no detail cell is left). Zeros are never suppressed: they are published as 0.
 * 3. Audit: each hidden cell is bounded by linear programming over everything the release
 *    publishes (the relations, the published counts, suppressed cells ≥ 1 since zeros are published,
 *    internal cells ≥ 0). A cell whose bounds leave a single whole number is disclosed; another cell
 *    beside it is suppressed and the audit runs again, until no hidden cell is disclosed.
 * Alternative (chosen per release): random rounding to base 3 — every published count is rounded to a
 * multiple of 3, up with probability (count mod 3)/3, so that rounding is unbiased; totals are rounded
 * independently of their parts, so they need not add up; nothing is suppressed.
 */
import crypto from 'node:crypto';
import { HotLp, type SparseLp } from './lp.js';

/** One count of a release. */
export interface Cell {
  /** Stable key; cells of different tables with the same key are the same figure. */
  id: string;
  count: number;
  /** False for internal cells that take part in relations but are never shown. */
  published: boolean;
}

/** `total = sum(parts)`. */
export interface Relation {
  total: string;
  parts: readonly string[];
}

/** A release's figures and the relations they publish. */
export interface DisclosureProblem {
  cells: readonly Cell[];
  relations: readonly Relation[];
}

export const DISCLOSURE_METHODS = ['suppression', 'rounding'] as const;
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number];

/** Why a cell is not shown. */
export type SuppressionReason =
  | { kind: 'below_threshold' }
  /** Hidden so that `protects` cannot be computed from the relation `relation` (its total's id). */
  | { kind: 'complementary'; protects: string; relation: string };

/** What becomes of one cell. */
export interface CellOutcome {
  id: string;
  /** The true count (only for the publisher's review). */
  count: number;
  published: boolean;
  /** The figure shown, or null when suppressed (and for internal cells). */
  value: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

/** Default threshold k. */
export const DEFAULT_THRESHOLD = 10;

/** Validates a problem: unique ids, integer counts, relations over known cells that add up. */
export function checkProblem(problem: DisclosureProblem): void {
  const byId = new Map<string, Cell>();
  for (const c of problem.cells) {
    if (byId.has(c.id)) throw new Error(`duplicate cell ${c.id}`);
    if (!Number.isInteger(c.count) || c.count < 0) throw new Error(`cell ${c.id}: count ${c.count}`);
    byId.set(c.id, c);
  }
  for (const r of problem.relations) {
    const total = byId.get(r.total);
    if (!total) throw new Error(`relation over unknown cell ${r.total}`);
    let sum = 0;
    for (const p of r.parts) {
      const part = byId.get(p);
      if (!part) throw new Error(`relation ${r.total} over unknown cell ${p}`);
      sum += part.count;
    }
    if (sum !== total.count)
      throw new Error(`relation ${r.total}: parts sum to ${sum}, total is ${total.count}`);
  }
}

/**
 * Applies primary and complementary suppression with threshold k (k ≥ 1; k = 1 suppresses nothing).
 * Deterministic: the same problem always yields the same pattern.
 */
export function suppress(
  problem: DisclosureProblem,
  k: number,
  forced: ReadonlyMap<string, SuppressionReason> = new Map(),
): CellOutcome[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`threshold must be a positive integer, not ${k}`);
  checkProblem(problem);
  const cells = problem.cells;
  const index = new Map(cells.map((c, i) => [c.id, i]));
  const rel = problem.relations.map((r) => ({
    total: index.get(r.total) as number,
    parts: r.parts.map((p) => index.get(p) as number),
    id: r.total,
  }));
  const members = rel.map((r) => [r.total, ...r.parts]);
  const relationsOf: number[][] = cells.map(() => []);
  members.forEach((m, ri) => m.forEach((ci) => relationsOf[ci]?.push(ri)));
  // A cell that is the total of more relations sits higher: suppress it last.
  const height = cells.map(() => 0);
  for (const r of rel) height[r.total] = (height[r.total] ?? 0) + 1;

  // Cells hidden from the start (so that an earlier release cannot be combined with this one): published,
  // non-zero ones only, since zeros are always published.
  const reason: (SuppressionReason | null)[] = cells.map((c) =>
    c.published && c.count >= 1 && c.count < k
      ? { kind: 'below_threshold' }
      : c.published && c.count > 0
        ? (forced.get(c.id) ?? null)
        : null,
  );
  const unknown = (i: number) => !(cells[i] as Cell).published || reason[i] !== null;
  const mustProtect = (i: number) => {
    const c = cells[i] as Cell;
    return c.published ? reason[i] !== null : c.count >= 1 && c.count < k;
  };
  const cost = (i: number): [number, number, string] => [
    height[i] as number,
    (cells[i] as Cell).count,
    (cells[i] as Cell).id,
  ];
  const cheaper = (a: number, b: number) => {
    const [ha, ca, ia] = cost(a);
    const [hb, cb, ib] = cost(b);
    return ha !== hb ? ha < hb : ca !== cb ? ca < cb : ia < ib;
  };
  /** The cheapest cell of a relation that may still be suppressed: published, shown, non-zero. */
  const candidateIn = (ri: number): number | null => {
    let best: number | null = null;
    for (const ci of members[ri] as number[]) {
      const c = cells[ci] as Cell;
      if (!c.published || reason[ci] !== null || c.count === 0) continue;
      if (best === null || cheaper(ci, best)) best = ci;
    }
    return best;
  };

  /**
   * Rule 2. An internal cell that some relation pins (all its other cells known) counts as known to
   * the attacker, so chains through internal cells (a month's returns behind two cumulative figures)
   * are followed.
   */
  const singletonPass = () => {
    const derived = new Set<number>();
    for (let changed = true; changed;) {
      changed = false;
      for (let ri = 0; ri < rel.length; ri++) {
        const hidden = (members[ri] as number[]).filter((i) => unknown(i) && !derived.has(i));
        if (hidden.length !== 1) continue;
        const h = hidden[0] as number;
        if (!mustProtect(h)) {
          if (!(cells[h] as Cell).published) {
            derived.add(h);
            changed = true;
          }
          continue;
        }
        const pick = candidateIn(ri);
        if (pick === null) continue; // the audit below decides
        reason[pick] = {
          kind: 'complementary',
          protects: (cells[h] as Cell).id,
          relation: rel[ri]?.id as string,
        };
        // what was derived may no longer be: start again
        derived.clear();
        changed = true;
      }
    }
  };

  /** Whether hidden cell i is pinned by the relations of its component, as things stand. */
  const cellPinned = (i: number): boolean => {
    const rels: number[] = [];
    const seenRel = new Set<number>();
    const seenCell = new Set([i]);
    const queue = [i];
    while (queue.length > 0) {
      const ci = queue.pop() as number;
      for (const ri of relationsOf[ci] as number[]) {
        if (seenRel.has(ri)) continue;
        seenRel.add(ri);
        rels.push(ri);
        for (const m of members[ri] as number[]) {
          if (unknown(m) && !seenCell.has(m)) {
            seenCell.add(m);
            queue.push(m);
          }
        }
      }
    }
    const { lp, column } = componentModel(
      cells,
      rels.map((ri) => members[ri] as number[]),
      unknown,
      reason,
    );
    const model = new HotLp(lp);
    try {
      return model.pinned(column.get(i) as number, (cells[i] as Cell).count);
    } finally {
      model.dispose();
    }
  };

  // Hiding more only widens every hidden cell's bounds, so a cell once found safe stays safe.
  const safe = new Set<number>();
  for (let round = 0; ; round++) {
    if (round > cells.length + 1) throw new Error('suppression did not converge');
    singletonPass();
    const disclosed = firstDisclosed(cells, members, unknown, mustProtect, reason, safe);
    if (disclosed === null) break;
    // Suppress a shown cell near the disclosed one: the cheapest that protects it, nearest first.
    const candidates: { cell: number; relation: number; layer: number }[] = [];
    const seenRel = new Set<number>();
    let frontier = [disclosed];
    for (let layer = 0; layer < 3 && frontier.length > 0; layer++) {
      const next: number[] = [];
      for (const ci of frontier) {
        for (const ri of relationsOf[ci] as number[]) {
          if (seenRel.has(ri)) continue;
          seenRel.add(ri);
          for (const m of members[ri] as number[]) {
            const c = cells[m] as Cell;
            if (c.published && reason[m] === null && c.count > 0 && !candidates.some((x) => x.cell === m)) {
              candidates.push({ cell: m, relation: ri, layer });
            }
            next.push(m);
          }
        }
      }
      frontier = next;
    }
    candidates.sort((a, b) => a.layer - b.layer || (cheaper(a.cell, b.cell) ? -1 : 1));
    if (candidates.length === 0) throw new Error(`cell ${(cells[disclosed] as Cell).id} cannot be protected`);
    const why = (c: { relation: number }): SuppressionReason => ({
      kind: 'complementary',
      protects: (cells[disclosed] as Cell).id,
      relation: rel[c.relation]?.id as string,
    });
    let chosen = candidates[0] as (typeof candidates)[number];
    for (const c of candidates.slice(0, 8)) {
      reason[c.cell] = why(c);
      const stillPinned = cellPinned(disclosed);
      reason[c.cell] = null;
      if (!stillPinned) {
        chosen = c;
        break;
      }
    }
    reason[chosen.cell] = why(chosen);
  }

  return cells.map((c, i) => {
    const r = c.published ? (reason[i] ?? null) : null;
    return {
      id: c.id,
      count: c.count,
      published: c.published,
      value: !c.published || r !== null ? null : c.count,
      suppressed: r !== null,
      reason: r,
    };
  });
}

/** The first hidden cell that must stay hidden but whose integer bounds coincide, or null. */
function firstDisclosed(
  cells: readonly Cell[],
  members: readonly (readonly number[])[],
  unknown: (i: number) => boolean,
  mustProtect: (i: number) => boolean,
  reason: readonly (SuppressionReason | null)[],
  safe: Set<number>,
): number | null {
  // Connected components of hidden cells through relations that contain at least one.
  const parent = cells.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const live = members.filter((m) => m.some(unknown));
  for (const m of live) {
    const hidden = m.filter(unknown);
    for (const h of hidden.slice(1)) parent[find(h)] = find(hidden[0] as number);
  }
  const relsOfComponent = new Map<number, (readonly number[])[]>();
  for (const m of live) {
    const root = find(m.find(unknown) as number);
    const list = relsOfComponent.get(root) ?? [];
    list.push(m);
    relsOfComponent.set(root, list);
  }
  // Cheap certificates first: a few feasible points far from the truth (random objectives); a cell
  // that moves by a whole unit between two feasible points is not disclosed. Only cells no random point
  // moves get their own bounds computed.
  const random = lcg(cells.length);
  for (const [root, rels] of relsOfComponent) {
    const pending = cells.map((_, i) => i).filter((i) => mustProtect(i) && !safe.has(i) && find(i) === root);
    if (pending.length === 0) continue;
    const { lp, column } = componentModel(cells, rels, unknown, reason);
    const model = new HotLp(lp);
    try {
      const costs = new Float64Array(model.columns);
      for (let trial = 0; trial < 4 && pending.some((i) => !safe.has(i)); trial++) {
        for (let c = 0; c < costs.length; c++) costs[c] = random() < 0.5 ? -1 : 1;
        const point = model.solve(costs, 'maximize');
        if (point === null) continue;
        for (const [ci, c] of column) {
          if (Math.abs((point[c] as number) - (cells[ci] as Cell).count) >= 1 - 1e-6) safe.add(ci);
        }
      }
      for (const i of pending) {
        if (safe.has(i)) continue;
        if (model.pinned(column.get(i) as number, (cells[i] as Cell).count)) return i;
        safe.add(i);
      }
    } finally {
      model.dispose();
    }
  }
  return null;
}

/** A small deterministic generator (the same problem always gives the same pattern). */
function lcg(seed: number): () => number {
  let state = (seed % 2147483646) + 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/**
 * The attacker's linear program over one component: relations `rels` (each listed total first), the
 * known cells' counts, hidden published cells ≥ 1 (zeros are published), internal cells ≥ 0, and every
 * hidden cell at most the sum of all counts (a bound that only narrows what the attacker may find).
 * `column` maps a hidden cell's index to its column.
 */
function componentModel(
  cells: readonly Cell[],
  rels: readonly (readonly number[])[],
  unknown: (i: number) => boolean,
  reason: readonly (SuppressionReason | null)[],
): { lp: SparseLp; column: Map<number, number> } {
  const lp: SparseLp = { lower: [], upper: [], rows: [] };
  const column = new Map<number, number>();
  const ceiling = cells.reduce((s, c) => s + c.count, 0) + 1;
  for (const m of rels) {
    let rhs = 0;
    const entries = new Map<number, number>();
    m.forEach((ci, pos) => {
      const coef = pos === 0 ? -1 : 1;
      if (unknown(ci)) {
        let c = column.get(ci);
        if (c === undefined) {
          c = lp.lower.length;
          column.set(ci, c);
          lp.lower.push((cells[ci] as Cell).published && reason[ci] !== null ? 1 : 0);
          lp.upper.push(ceiling);
        }
        entries.set(c, (entries.get(c) ?? 0) + coef);
      } else {
        rhs -= coef * (cells[ci] as Cell).count;
      }
    });
    lp.rows.push({ lower: rhs, upper: rhs, entries });
  }
  return { lp, column };
}

/**
 * Consistent rounding's draw for a cell: a keyed hash of the cell's id and true count under a key derived
 * from the server's tracing key (kept outside the database), so an unchanged cell is rounded alike in
 * every release while nobody without the key can tell which way a count was rounded.
 */
export function roundingDrawOf(serverKey: Buffer): (cell: string, count: number) => number {
  const key = Buffer.from(
    crypto.hkdfSync('sha256', serverKey, Buffer.alloc(0), 'homecoming statistics rounding', 32),
  );
  return (cell, count) =>
    crypto.createHmac('sha256', key).update(`${cell}\u0000${count}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Random rounding to base 3: each published count to a neighbouring multiple of 3, up with probability
 * (count mod 3)/3. `random` returns a number in [0, 1). With `draw` (a cell's id and true count to a
 * number in [0, 1), e.g. a keyed hash), the draw is that instead: the same cell with the same count is
 * rounded the same way in every release, so repeated releases of an unchanged cell cannot be averaged.
 */
export function roundToBase3(
  problem: DisclosureProblem,
  random: () => number,
  draw?: (cell: string, count: number) => number,
): CellOutcome[] {
  checkProblem(problem);
  return problem.cells.map((c) => {
    const r = c.count % 3;
    const u = r === 0 ? 0 : draw ? draw(c.id, c.count) : random();
    const value = r === 0 ? c.count : u < r / 3 ? c.count - r + 3 : c.count - r;
    return {
      id: c.id,
      count: c.count,
      published: c.published,
      value: c.published ? value : null,
      suppressed: false,
      reason: null,
    };
  });
}

/** A dimension of a cross table: its values, each under a parent value or directly under `total`. */
export interface Dimension {
  name: string;
  values: readonly { value: string; parent?: string }[];
}

/** The coordinates of one cell: a value (or `total`) per dimension, in dimension order. */
export type Coordinates = readonly string[];

export const TOTAL = 'total';

/** The children of each node of a dimension's tree (`total` at the root). */
export function childrenOf(dim: Dimension): Map<string, string[]> {
  const children = new Map<string, string[]>([[TOTAL, []]]);
  for (const v of dim.values) {
    if (v.value === TOTAL || children.has(v.value)) {
      throw new Error(`dimension ${dim.name}: value ${v.value} repeated or reserved`);
    }
    children.set(v.value, []);
  }
  for (const v of dim.values) {
    const p = v.parent ?? TOTAL;
    const list = children.get(p);
    if (!list) throw new Error(`dimension ${dim.name}: value ${v.value} under unknown parent ${p}`);
    list.push(v.value);
  }
  return children;
}

/** Every coordinate tuple of a cross table (totals included), dimension values in order, totals last. */
export function allCoordinates(dims: readonly Dimension[]): Coordinates[] {
  let out: string[][] = [[]];
  for (const d of dims) {
    const values = [...d.values.map((v) => v.value), TOTAL];
    out = out.flatMap((prefix) => values.map((v) => [...prefix, v]));
  }
  return out;
}

/**
 * A cross table with totals and subtotals along every dimension: its cells (counts summed from the
 * leaves) and relations. `leafCount` gives the count of a tuple of leaf values; `cellId` names a cell.
 */
export function crossTable(
  dims: readonly Dimension[],
  leafCount: (leaves: Coordinates) => number,
  cellId: (coords: Coordinates) => string,
): { cells: Cell[]; relations: Relation[]; coordinates: Coordinates[] } {
  const trees = dims.map(childrenOf);
  const leavesUnder = (di: number, v: string): string[] => {
    const kids = (trees[di] as Map<string, string[]>).get(v) ?? [];
    return kids.length === 0 ? [v] : kids.flatMap((k) => leavesUnder(di, k));
  };
  const coordinates = allCoordinates(dims);
  const cells: Cell[] = coordinates.map((coords) => {
    let tuples: string[][] = [[]];
    coords.forEach((v, di) => {
      const leaves = leavesUnder(di, v);
      tuples = tuples.flatMap((t) => leaves.map((l) => [...t, l]));
    });
    return { id: cellId(coords), count: tuples.reduce((s, t) => s + leafCount(t), 0), published: true };
  });
  const relations: Relation[] = [];
  for (const coords of coordinates) {
    coords.forEach((v, di) => {
      const kids = (trees[di] as Map<string, string[]>).get(v) ?? [];
      if (kids.length === 0) return;
      relations.push({
        total: cellId(coords),
        parts: kids.map((k) => cellId(coords.map((x, j) => (j === di ? k : x)))),
      });
    });
  }
  return { cells, relations, coordinates };
}

/** Merges problems whose cells may overlap (same id = same figure; counts must agree). */
export function mergeProblems(parts: readonly DisclosureProblem[]): DisclosureProblem {
  const cells = new Map<string, Cell>();
  const relations = new Map<string, Relation>();
  for (const p of parts) {
    for (const c of p.cells) {
      const seen = cells.get(c.id);
      if (seen && seen.count !== c.count) throw new Error(`cell ${c.id}: ${seen.count} and ${c.count}`);
      cells.set(c.id, seen ? { ...seen, published: seen.published || c.published } : c);
    }
    for (const r of p.relations) relations.set(`${r.total}=${[...r.parts].sort().join('+')}`, r);
  }
  return { cells: [...cells.values()], relations: [...relations.values()] };
}
