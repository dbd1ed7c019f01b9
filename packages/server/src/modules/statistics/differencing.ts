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
 *
 * More than two releases: every published release is public, so the new one is read beside all the
 * earlier ones at once (one program: every release's relations, and the change budget between every two
 * of them, since whoever knows how many persons changed between releases 1 and 2 and between 2 and 3
 * may also know it between 1 and 3, and changes that cancel make that one smaller than the sum).
 * Checking beside the latest alone is not enough: release 3 beside release 2 can pin nothing, and yet
 * release 1, 2 and 3 together (or 1 and 3 alone) can pin a count, because the earlier pair was audited
 * with release 2's hidden cells free, and release 3 narrows them.
 */
import { suppress, type CellOutcome, type DisclosureProblem, type SuppressionReason } from './disclosure.js';
import { HotLp, type SparseLp } from './lp.js';

/** The earlier release a new one is read beside: each cell's true count and whether it was hidden. */
export interface PreviousRelease {
  /** How the reviews name it, e.g. `release 4`. */
  label: string;
  cells: ReadonlyMap<string, { count: number; hidden: boolean }>;
}

/**
 * Suppression (see `suppress`) that also leaves no hidden count below k derivable from this release read
 * beside `previous` (one release, or every earlier one, oldest first, all read together). Without
 * `previous` (or with none), exactly `suppress`.
 */
export function suppressAcross(
  problem: DisclosureProblem,
  k: number,
  previous: PreviousRelease | readonly PreviousRelease[] | null,
  familyOf: (id: string) => string = () => '',
): { outcomes: CellOutcome[]; exposed: string[] } {
  const forced = new Map<string, SuppressionReason>();
  const exposed = new Set<string>();
  const earlier: readonly PreviousRelease[] =
    previous === null ? [] : Array.isArray(previous) ? previous : [previous as PreviousRelease];
  // `release 1`, `release 2` → `release 1, 2` (the review's wording: protects a cell read beside release …)
  const label = earlier.map((e, i) => (i === 0 ? e.label : e.label.replace(/^release /, ''))).join(', ');
  for (let round = 0; ; round++) {
    const outcomes = suppress(problem, k, forced);
    if (earlier.length === 0) return { outcomes, exposed: [] };
    if (round > problem.cells.length) throw new Error('suppression across releases did not converge');
    // Every disclosed cell of this pass is protected at once (one cell beside each), then all is checked again.
    let leaks = jointDisclosures(problem, outcomes, earlier, k, familyOf, exposed);
    if (leaks.length === 0) return { outcomes, exposed: [...exposed].sort() };
    if (round === 0) {
      // A cell still pinned with every other cell of the new release hidden is given away by the earlier
      // release whatever this one hides (a 0 it published, a change the totals account for): exposed at
      // once, rather than hiding its whole neighbourhood in vain. Hiding more only widens the attacker's
      // bounds, so no pattern protects it.
      const everything = outcomes.map((o) =>
        o.published && !o.suppressed && o.count > 0
          ? {
              ...o,
              value: null,
              suppressed: true,
              reason: { kind: 'complementary' as const, protects: '', relation: '' },
            }
          : o,
      );
      for (const id of jointDisclosures(problem, everything, earlier, k, familyOf, exposed)) exposed.add(id);
      leaks = leaks.filter((id) => !exposed.has(id));
      if (leaks.length === 0) return { outcomes, exposed: [...exposed].sort() };
    }
    const taken = new Set<string>();
    for (const leak of leaks) {
      const pick = protector(problem, outcomes, leak, taken);
      if (pick === null) exposed.add(leak);
      else {
        taken.add(pick);
        forced.set(pick, { kind: 'complementary', protects: leak, relation: label });
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

/**
 * The hidden counts from 1 to k−1, of the new release (`outcomes`) or of an earlier one (`previous`: one,
 * or several, oldest first), that the releases together pin to one whole number (their ids: a cell of
 * any release has the same id). One model, solved many times with HiGHS: each bound starts from the
 * last optimal basis (only the objective changes), so a bound costs a few simplex iterations, not a
 * solve from scratch.
 */
export function jointDisclosures(
  problem: DisclosureProblem,
  outcomes: readonly CellOutcome[],
  previous: PreviousRelease | readonly PreviousRelease[],
  k: number,
  familyOf: (id: string) => string = () => '',
  skip: ReadonlySet<string> = new Set(),
): string[] {
  const now = new Map(outcomes.map((o) => [o.id, o]));
  const earlier: readonly PreviousRelease[] = Array.isArray(previous)
    ? previous
    : [previous as PreviousRelease];
  /** Release s: 0 … earlier.length − 1 the earlier ones, earlier.length the new one. */
  const last = earlier.length;
  const trueCount = (s: number, id: string): number | undefined =>
    s === last ? now.get(id)?.count : earlier[s]?.cells.get(id)?.count;
  const totals = new Set(problem.relations.map((r) => r.total));
  const ceiling = 4 * (outcomes.reduce((n, o) => n + o.count, 0) + 1);
  const lp: SparseLp = { lower: [], upper: [], rows: [] };
  const columns = new Map<string, number>();
  const truth = new Map<number, { name: string; count: number }>();
  const column = (name: string, lower: number, upper: number, count: number | null): number => {
    let c = columns.get(name);
    if (c === undefined) {
      c = lp.lower.length;
      lp.lower.push(lower);
      lp.upper.push(upper);
      columns.set(name, c);
      if (count !== null) truth.set(c, { name, count });
    }
    return c;
  };
  // The change between every two releases per family: Σ over its leaves of |count in b − count in a|.
  const leaves = problem.cells.filter((c) => !totals.has(c.id));
  const changes = new Map<string, Map<string, number>>();
  for (let a = 0; a < last; a++) {
    for (let b = a + 1; b <= last; b++) {
      const change = new Map<string, number>();
      for (const cell of leaves) {
        const then = trueCount(a, cell.id);
        const later = trueCount(b, cell.id);
        if (then === undefined || later === undefined) continue;
        const f = familyOf(cell.id);
        change.set(f, (change.get(f) ?? 0) + Math.abs(later - then));
      }
      changes.set(`${a}|${b}`, change);
    }
  }
  // An exact reduction: where a family did not change at all between two releases, the attacker knows
  // each of its leaves is the same in both (a budget of 0), so one column (or the shown count) stands for
  // that leaf in both. A release after status changes alone repeats most tables (sex and age, returns):
  // without this, every release would add all their hidden cells again.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r)) r = parent.get(r) as string;
    return r;
  };
  for (let a = 0; a < last; a++) {
    for (let b = a + 1; b <= last; b++) {
      const change = changes.get(`${a}|${b}`) as Map<string, number>;
      for (const cell of leaves) {
        if (change.get(familyOf(cell.id)) !== 0) continue;
        if (trueCount(a, cell.id) === undefined || trueCount(b, cell.id) === undefined) continue;
        if (b === last && now.get(cell.id)?.published === false) continue; // an internal cell
        const ra = find(`${a}|${cell.id}`);
        const rb = find(`${b}|${cell.id}`);
        if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
      }
    }
  }
  const shownIn = (s: number, id: string): number | null => {
    if (s === last) {
      const o = now.get(id);
      return o && o.published && !o.suppressed ? o.count : null;
    }
    const c = earlier[s]?.cells.get(id);
    return c && !c.hidden ? c.count : null;
  };
  const groupShown = new Map<string, number>();
  for (const key of parent.keys()) {
    const bar = key.indexOf('|');
    const v = shownIn(Number(key.slice(0, bar)), key.slice(bar + 1));
    if (v !== null) groupShown.set(find(key), v);
  }
  for (const key of new Set([...parent.values()])) {
    const bar = key.indexOf('|');
    const v = shownIn(Number(key.slice(0, bar)), key.slice(bar + 1));
    if (v !== null) groupShown.set(find(key), v);
  }
  /** A term of release s: a column, or its known count. Column names: `<s>|<cell id>`. */
  const term = (s: number, id: string): { col: number } | { known: number } | null => {
    if (s === last ? !now.has(id) : !earlier[s]?.cells.has(id)) return null;
    const own = shownIn(s, id);
    if (own !== null) return { known: own };
    const rep = find(`${s}|${id}`);
    const shown = groupShown.get(rep);
    if (shown !== undefined) return { known: shown };
    const lower = s === last && now.get(id)?.published === false ? 0 : 1;
    return { col: column(rep, lower, ceiling, trueCount(s, id) as number) };
  };
  /** A row `Σ coef·term = 0` (or ≤ `max` with `upTo`) over terms; known terms move to the right side. */
  const row = (terms: [{ col: number } | { known: number }, number][], upTo?: number) => {
    const entries = new Map<number, number>();
    let rhs = 0;
    for (const [t, coef] of terms) {
      if ('known' in t) rhs -= coef * t.known;
      else entries.set(t.col, (entries.get(t.col) ?? 0) + coef);
    }
    if (entries.size === 0) return;
    lp.rows.push(
      upTo === undefined
        ? { lower: rhs, upper: rhs, entries }
        : { lower: -Infinity, upper: upTo + rhs, entries },
    );
  };
  for (const r of problem.relations) {
    for (let s = 0; s <= last; s++) {
      const terms = [r.total, ...r.parts].map((id) => term(s, id));
      if (terms.some((t) => t === null)) continue; // not in that release
      row(terms.map((t, pos) => [t as { col: number } | { known: number }, pos === 0 ? -1 : 1]));
    }
  }
  // The change between every two releases, over the leaves both have, per family (none where a family
  // did not change: its leaves share their columns).
  for (let a = 0; a < last; a++) {
    for (let b = a + 1; b <= last; b++) {
      const budget = changes.get(`${a}|${b}`) as Map<string, number>;
      const known = new Map<string, number>();
      const moves = new Map<string, { col: number }[]>();
      for (const cell of leaves) {
        const f = familyOf(cell.id);
        if (!budget.get(f)) continue;
        const t0 = term(a, cell.id);
        const t1 = term(b, cell.id);
        if (t0 === null || t1 === null) continue;
        if ('known' in t0 && 'known' in t1) {
          known.set(f, (known.get(f) ?? 0) + Math.abs(t1.known - t0.known));
          continue;
        }
        // count in b − count in a = up − down
        const up = { col: column(`up|${a}|${b}|${cell.id}`, 0, ceiling, null) };
        const down = { col: column(`down|${a}|${b}|${cell.id}`, 0, ceiling, null) };
        row([
          [t1, 1],
          [t0, -1],
          [up, -1],
          [down, 1],
        ]);
        moves.set(f, [...(moves.get(f) ?? []), up, down]);
      }
      for (const [f, change] of budget) {
        if (change === 0) continue;
        const even = change + (change % 2);
        const terms = moves.get(f) ?? [];
        if (terms.length > 0)
          row(
            terms.map((t) => [t, 1]),
            even - (known.get(f) ?? 0),
          );
      }
    }
  }

  const targets = [...truth]
    .map(([col, t]) => ({ ...t, col }))
    .map((t) => ({ ...t, id: t.name.slice(t.name.indexOf('|') + 1) }))
    .filter((t) => t.count >= 1 && t.count < k && !skip.has(t.id));
  if (targets.length === 0) return [];
  const model = new HotLp(lp);
  try {
    const n = lp.lower.length;
    // Cheap certificates first: feasible points far from the truth; a target that moves by a whole unit
    // between them is not pinned.
    const safe = new Set<number>();
    let seed = n + 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const costs = new Float64Array(n);
    for (let trial = 0; trial < 12 && targets.some((t) => !safe.has(t.col)); trial++) {
      for (let i = 0; i < n; i++) costs[i] = random() < 0.5 ? -1 : 1;
      const point = model.solve(costs, 'maximize');
      if (point === null) continue;
      for (const t of targets) if (Math.abs((point[t.col] as number) - t.count) >= 1 - 1e-6) safe.add(t.col);
    }
    return [
      ...new Set(targets.filter((t) => !safe.has(t.col) && model.pinned(t.col, t.count)).map((t) => t.id)),
    ];
  } finally {
    model.dispose();
  }
}
