/** Pairwise clustering metrics: how the persons formed compare with the true persons. */

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise precision, recall and F1 of a clustering (`predicted[i]`) against the truth (`truth[i]`). */
export function pairwiseScores(
  predicted: readonly string[],
  truth: readonly string[],
): { precision: number; recall: number; f1: number; predictedPairs: number; truePairs: number } {
  const byPred = new Map<string, number>();
  const byTruth = new Map<string, number>();
  const byBoth = new Map<string, number>();
  predicted.forEach((p, i) => {
    const t = truth[i] as string;
    byPred.set(p, (byPred.get(p) ?? 0) + 1);
    byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
    const k = `${p}\u0000${t}`;
    byBoth.set(k, (byBoth.get(k) ?? 0) + 1);
  });
  let tp = 0;
  for (const n of byBoth.values()) tp += pairs(n);
  let pp = 0;
  for (const n of byPred.values()) pp += pairs(n);
  let tt = 0;
  for (const n of byTruth.values()) tt += pairs(n);
  const precision = pp === 0 ? 1 : tp / pp;
  const recall = tt === 0 ? 1 : tp / tt;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, predictedPairs: pp, truePairs: tt };
}

/** Union–find over string ids. */
export function unionFind(): { union(a: string, b: string): void; find(a: string): string } {
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    let r = a;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  return {
    find,
    union(a, b) {
      const x = find(a);
      const y = find(b);
      if (x !== y) parent.set(y, x);
    },
  };
}
