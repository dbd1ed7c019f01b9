/**
 * Disclosure control across releases, pure. Every release is public, so a release is read beside the
 * last one: someone who knows how much the registry changed between them (a correction says what it
 * corrects; a month's new cases are in the news), but not where, can bound a figure of either release
 * by both together. Two releases one new person apart, for example: a cell that was 0 (published as 0)
 * and is now hidden holds the new person, and if its row and column totals grew by one, it is 1.
 *
 * The attacker's linear program here: both releases' relations, their published counts, their hidden
 * cells (≥ 1 where published: zeros are published), and the change: for every cell that is no total
 * (a leaf), count now − count then = up − down with up, down ≥ 0, and, per table (a family of
 * leaves: each person is in one leaf of each), Σ (up + down) ≤ the true Σ |count now − count then|
 * rounded up to an even number: a person added or removed moves one leaf by 1, a corrected one two, so
 * whoever knows how many persons changed knows no tighter bound than this.
 * A hidden count from 1 to k−1 of either release that this program pins to one whole number is
 * disclosed: a cell of the new release beside it is hidden (reason: complementary, protecting it
 * against the earlier release), and the check runs again.
 */
import { solve, type Constraint } from 'yalps';
import { suppress, type CellOutcome, type DisclosureProblem, type SuppressionReason } from './disclosure.js';

/** The earlier release a new one is read beside: each cell's true count and whether it was hidden. */
export interface PreviousRelease {
  /** How the reviews name it, e.g. `release 4`. */
  label: string;
  cells: ReadonlyMap<string, { count: number; hidden: boolean }>;
}

/**
 * Suppression (see `suppress`) that also leaves no hidden count below k derivable from this release read
 * beside `previous`. Without `previous`, exactly `suppress`.
 */
export function suppressAcross(
  problem: DisclosureProblem,
  k: number,
  previous: PreviousRelease | null,
  familyOf: (id: string) => string = () => '',
): { outcomes: CellOutcome[]; exposed: string[] } {
  const forced = new Map<string, SuppressionReason>();
  const exposed = new Set<string>();
  for (let round = 0; ; round++) {
    const outcomes = suppress(problem, k, forced);
    if (previous === null) return { outcomes, exposed: [] };
    if (round > problem.cells.length) throw new Error('suppression across releases did not converge');
    // Every disclosed cell of this pass is protected at once (one cell beside each), then all is checked again.
    const leaks = jointDisclosures(problem, outcomes, previous, k, familyOf, exposed);
    if (leaks.length === 0) return { outcomes, exposed: [...exposed].sort() };
    const taken = new Set<string>();
    for (const leak of leaks) {
      const pick = protector(problem, outcomes, leak, taken);
      if (pick === null) exposed.add(leak);
      else {
        taken.add(pick);
        forced.set(pick, { kind: 'complementary', protects: leak, relation: previous.label });
      }
    }
  }
}

/** The cheapest shown, non-zero cell near `leak`: in a relation with it, else one relation further. */
function protector(
  problem: DisclosureProblem,
  outcomes: CellOutcome[],
  leak: string,
  taken: ReadonlySet<string>,
): string | null {
  const out = new Map(outcomes.map((o) => [o.id, o]));
  const totals = new Set(problem.relations.map((r) => r.total));
  let frontier = new Set([leak]);
  const seen = new Set<string>();
  for (let layer = 0; layer < 4; layer++) {
    const next = new Set<string>();
    const candidates: CellOutcome[] = [];
    for (const r of problem.relations) {
      const members = [r.total, ...r.parts];
      if (!members.some((m) => frontier.has(m))) continue;
      for (const m of members) {
        if (seen.has(m)) continue;
        seen.add(m);
        next.add(m);
        const o = out.get(m);
        if (o && o.published && !o.suppressed && o.count > 0 && !taken.has(o.id)) candidates.push(o);
      }
    }
    if (candidates.length > 0) {
      // detail cells before totals, then the smallest count
      candidates.sort(
        (a, b) =>
          Number(totals.has(a.id)) - Number(totals.has(b.id)) || a.count - b.count || (a.id < b.id ? -1 : 1),
      );
      return (candidates[0] as CellOutcome).id;
    }
    frontier = next;
  }
  return null;
}

const OBJECTIVE = '_objective';

/**
 * The hidden counts from 1 to k−1, of the new release (`outcomes`) or of `previous`, that the two
 * releases together pin to one whole number (their ids: a cell of either release has the same id).
 */
export function jointDisclosures(
  problem: DisclosureProblem,
  outcomes: readonly CellOutcome[],
  previous: PreviousRelease,
  k: number,
  familyOf: (id: string) => string = () => '',
  skip: ReadonlySet<string> = new Set(),
): string[] {
  const now = new Map(outcomes.map((o) => [o.id, o]));
  const before = previous.cells;
  const totals = new Set(problem.relations.map((r) => r.total));
  const ceiling = 4 * (outcomes.reduce((n, o) => n + o.count, 0) + 1);
  const variables = new Map<string, Record<string, number>>();
  const constraints = new Map<string, Constraint>();
  const truth = new Map<string, number>();
  /** A term of release s (0: previous, 1: now): a variable's name, or its known count. */
  const term = (s: 0 | 1, id: string): string | number | null => {
    if (s === 1) {
      const o = now.get(id);
      if (!o) return null;
      if (o.published && !o.suppressed) return o.count;
      const name = `n|${id}`;
      if (!variables.has(name)) {
        variables.set(name, { [OBJECTIVE]: 0, [`b${name}`]: 1 });
        constraints.set(`b${name}`, { min: o.published ? 1 : 0, max: ceiling });
        truth.set(name, o.count);
      }
      return name;
    }
    const c = before.get(id);
    if (!c) return null;
    if (!c.hidden) return c.count;
    const name = `p|${id}`;
    if (!variables.has(name)) {
      variables.set(name, { [OBJECTIVE]: 0, [`b${name}`]: 1 });
      constraints.set(`b${name}`, { min: 1, max: ceiling });
      truth.set(name, c.count);
    }
    return name;
  };
  const add = (row: string, t: string | number, coef: number, rhs: { v: number }) => {
    if (typeof t === 'number') rhs.v -= coef * t;
    else {
      const v = variables.get(t) as Record<string, number>;
      v[row] = (v[row] ?? 0) + coef;
    }
  };
  problem.relations.forEach((r, ri) => {
    for (const s of [0, 1] as const) {
      const terms = [r.total, ...r.parts].map((id) => term(s, id));
      if (terms.some((t) => t === null)) continue; // not in the earlier release
      if (terms.every((t) => typeof t === 'number')) continue;
      const row = `r${s}|${ri}`;
      const rhs = { v: 0 };
      terms.forEach((t, pos) => add(row, t as string | number, pos === 0 ? -1 : 1, rhs));
      constraints.set(row, { equal: rhs.v });
    }
  });
  // The change, over the leaves both releases have, per family.
  const budget = new Map<string, number>();
  for (const cell of problem.cells) {
    if (totals.has(cell.id) || !before.has(cell.id) || !now.has(cell.id)) continue;
    const f = familyOf(cell.id);
    const change = Math.abs(cell.count - (before.get(cell.id) as { count: number }).count);
    budget.set(f, (budget.get(f) ?? 0) + change);
  }
  const known = new Map<string, number>();
  for (const cell of problem.cells) {
    if (totals.has(cell.id)) continue;
    const t0 = term(0, cell.id);
    const t1 = term(1, cell.id);
    if (t0 === null || t1 === null) continue;
    const f = familyOf(cell.id);
    if (typeof t0 === 'number' && typeof t1 === 'number') {
      known.set(f, (known.get(f) ?? 0) + Math.abs(t1 - t0));
      continue;
    }
    const row = `d|${cell.id}`;
    const rhs = { v: 0 };
    add(row, t1, 1, rhs);
    add(row, t0, -1, rhs);
    variables.set(`up|${cell.id}`, { [OBJECTIVE]: 0, [row]: -1, [`budget|${f}`]: 1 });
    variables.set(`down|${cell.id}`, { [OBJECTIVE]: 0, [row]: 1, [`budget|${f}`]: 1 });
    constraints.set(row, { equal: rhs.v });
  }
  for (const [f, change] of budget) {
    const even = change + (change % 2);
    constraints.set(`budget|${f}`, { max: even - (known.get(f) ?? 0) });
  }

  const targets = [...truth.entries()]
    .filter(([name, count]) => count >= 1 && count < k && !skip.has(name.slice(2)))
    .map(([name]) => name);
  if (targets.length === 0) return [];
  // Cheap certificates first: feasible points far from the truth; a target that moves by a whole unit
  // between them is not pinned.
  const safe = new Set<string>();
  let seed = variables.size + 1;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let trial = 0; trial < 12 && targets.some((t) => !safe.has(t)); trial++) {
    for (const v of variables.values()) v[OBJECTIVE] = random() < 0.5 ? -1 : 1;
    const point = solve(
      { direction: 'maximize', objective: OBJECTIVE, constraints, variables },
      {
        includeZeroVariables: true,
      },
    );
    if (point.status !== 'optimal') continue;
    for (const [name, value] of point.variables) {
      if (truth.has(name) && Math.abs(value - (truth.get(name) as number)) >= 1 - 1e-6) safe.add(name);
    }
  }
  const pinned = new Set<string>();
  for (const target of targets) {
    if (safe.has(target)) continue;
    for (const v of variables.values()) v[OBJECTIVE] = 0;
    (variables.get(target) as Record<string, number>)[OBJECTIVE] = 1;
    const t = truth.get(target) as number;
    const max = solve({ direction: 'maximize', objective: OBJECTIVE, constraints, variables });
    if (max.status === 'optimal' && Math.floor(max.result + 1e-6) > t) continue;
    const min = solve({ direction: 'minimize', objective: OBJECTIVE, constraints, variables });
    if (max.status === 'optimal' && min.status === 'optimal' && Math.ceil(min.result - 1e-6) < t) continue;
    pinned.add(target.slice(2));
  }
  return [...pinned];
}
