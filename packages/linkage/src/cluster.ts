/**
 * Clustering records into persons, incrementally and safely:
 * - it starts from the current persons (records already together stay together), so person ids are
 *   stable and nothing is re-clustered from scratch;
 * - it joins two clusters only along an edge at or above the auto-link threshold, best edges first;
 * - it never joins two clusters if any record of one cannot be the same person as any record of the
 *   other (a hard conflict, a rejected pair, or field evidence against): no chaining of two different
 *   people through a third record that resembles both;
 * - it never joins along an ambiguous edge: when a record has automatic edges to two records that cannot
 *   be one person, it could be either of them, so neither edge is taken (both go to review), as
 *   `decideRecord` does for an arriving record with two candidates above the threshold;
 * - equal scores are taken in the order of their records' indexes, never in the order the edges came in,
 *   so the outcome depends on the records and their scores alone (the caller orders the records);
 * - the older cluster survives a join (the caller says which is older).
 */

/** A proposed join between two records' clusters. */
export interface Edge {
  i: number;
  j: number;
  score: number;
}

/** One join that happened: cluster `from` was merged into cluster `into`, along edge (i, j). */
export interface Merge {
  from: number;
  into: number;
  i: number;
  j: number;
  score: number;
}

export interface ClusterInput {
  /** The initial cluster of each record (e.g. an index of its current person). */
  initial: ArrayLike<number>;
  edges: readonly Edge[];
  /** Whether records i and j may be one person at all. */
  compatible: (i: number, j: number) => boolean;
  /** Which of two clusters survives a join: the one this ranks lower (older). */
  age: (cluster: number) => number;
}

export interface ClusterResult {
  /** The final cluster of each record (one of the initial cluster labels). */
  labels: Int32Array | number[];
  merges: Merge[];
  /** Edges refused because the clusters held records that cannot be one person. */
  refused: Edge[];
}

/** Joins clusters along edges, best first, never across an incompatible pair of records. */
export function clusterRecords(input: ClusterInput): ClusterResult {
  const n = input.initial.length;
  const parent = new Map<number, number>();
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = input.initial[i] as number;
    const list = members.get(c);
    if (list === undefined) {
      members.set(c, [i]);
      parent.set(c, c);
    } else list.push(i);
  }
  const find = (c: number): number => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    let x = c;
    while (x !== r) {
      const next = parent.get(x) as number;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const merges: Merge[] = [];
  const refused: Edge[] = [];
  const neighbours = new Map<number, number[]>();
  for (const e of input.edges) {
    (neighbours.get(e.i) ?? neighbours.set(e.i, []).get(e.i))?.push(e.j);
    (neighbours.get(e.j) ?? neighbours.set(e.j, []).get(e.j))?.push(e.i);
  }
  /**
   * Whether x also has an edge to a record k, outside y's cluster, that x could be (compatible with x) but
   * that cannot be the same person as y.
   */
  const torn = (x: number, y: number): boolean => {
    const cy = find(input.initial[y] as number);
    for (const k of neighbours.get(x) ?? []) {
      if (
        k !== y &&
        find(input.initial[k] as number) !== cy &&
        !input.compatible(y, k) &&
        input.compatible(x, k)
      )
        return true;
    }
    return false;
  };
  // Equal scores in the order of their records, not of their arrival: the same records and scores give the
  // same joins (the torn check settles most ties, not one where a cluster's other member conflicts).
  const lo = (e: Edge): number => Math.min(e.i, e.j);
  const hi = (e: Edge): number => Math.max(e.i, e.j);
  const edges = [...input.edges].sort((a, b) => b.score - a.score || lo(a) - lo(b) || hi(a) - hi(b));
  for (const e of edges) {
    const a = find(input.initial[e.i] as number);
    const b = find(input.initial[e.j] as number);
    if (a === b) continue;
    if (torn(e.i, e.j) || torn(e.j, e.i)) {
      refused.push(e);
      continue;
    }
    const ma = members.get(a) as number[];
    const mb = members.get(b) as number[];
    let ok = true;
    for (const x of ma) {
      for (const y of mb) {
        if (!input.compatible(x, y)) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
    }
    if (!ok) {
      refused.push(e);
      continue;
    }
    const [into, from] = input.age(a) <= input.age(b) ? [a, b] : [b, a];
    parent.set(from, into);
    (members.get(into) as number[]).push(...(members.get(from) as number[]));
    members.delete(from);
    merges.push({ from, into, i: e.i, j: e.j, score: e.score });
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = find(input.initial[i] as number);
  return { labels, merges, refused };
}
