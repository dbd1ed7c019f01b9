/**
 * Retrieval metrics for the person-search evaluation: recall@k and mean reciprocal rank over labelled
 * queries (variants.ts), overall, on the queries the data can tell apart, and per noise label.
 *
 * `ranked` must be in the id space of `query.target` (external_ids). A search that returns person ids is
 * mapped first: a person counts as the target when one of its records has the target's external_id.
 */
import type { Query } from './variants.js';

/** One query and the ids a method returned for it, best first. */
export interface RankedResult {
  query: Query;
  ranked: readonly string[];
}

/** 1-based rank of the target in a result, or undefined when it was not returned. */
export function rankOf(result: RankedResult): number | undefined {
  const i = result.ranked.indexOf(result.query.target);
  return i === -1 ? undefined : i + 1;
}

/** Share of results whose target is among the first k ids (NaN for no results). */
export function recallAtK(results: readonly RankedResult[], k: number): number {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`recallAtK: k must be a positive integer, got ${k}`);
  if (results.length === 0) return NaN;
  let hits = 0;
  for (const r of results) {
    const rank = rankOf(r);
    if (rank !== undefined && rank <= k) hits++;
  }
  return hits / results.length;
}

/** Mean of 1/rank of the target, counting 0 when it was not returned (NaN for no results). */
export function meanReciprocalRank(results: readonly RankedResult[]): number {
  if (results.length === 0) return NaN;
  let sum = 0;
  for (const r of results) {
    const rank = rankOf(r);
    if (rank !== undefined) sum += 1 / rank;
  }
  return sum / results.length;
}

export interface Metrics {
  queries: number;
  recallAt1: number;
  recallAt10: number;
  mrr: number;
}

export interface Summary {
  overall: Metrics;
  /** On queries whose target the registry's data can tell apart (Query.distinguishable). */
  distinguishable: Metrics;
  /** Per noise label (`script:ru`, `typo:deletion`, `birth:absent` …), on all queries carrying it. */
  byNoise: Record<string, Metrics>;
}

export function metricsOf(results: readonly RankedResult[]): Metrics {
  return {
    queries: results.length,
    recallAt1: recallAtK(results, 1),
    recallAt10: recallAtK(results, 10),
    mrr: meanReciprocalRank(results),
  };
}

export function summarise(results: readonly RankedResult[]): Summary {
  const groups = new Map<string, RankedResult[]>();
  for (const r of results) {
    for (const label of new Set(r.query.noise)) {
      const group = groups.get(label) ?? [];
      group.push(r);
      groups.set(label, group);
    }
  }
  const byNoise: Record<string, Metrics> = {};
  for (const label of [...groups.keys()].sort()) byNoise[label] = metricsOf(groups.get(label) ?? []);
  return {
    overall: metricsOf(results),
    distinguishable: metricsOf(results.filter((r) => r.query.distinguishable)),
    byNoise,
  };
}

/** A plain-text table of a summary, one line per row (overall, distinguishable, then each noise label). */
export function formatSummary(title: string, s: Summary): string {
  const pct = (x: number): string => (Number.isNaN(x) ? '   –  ' : `${(100 * x).toFixed(1).padStart(5)}%`);
  const line = (name: string, m: Metrics): string =>
    `${name.padEnd(26)} ${String(m.queries).padStart(7)}  ${pct(m.recallAt1)}  ${pct(m.recallAt10)}  ${Number.isNaN(m.mrr) ? '  –  ' : m.mrr.toFixed(3)}`;
  return [
    title,
    `${''.padEnd(26)} ${'queries'.padStart(7)}  ${'R@1'.padStart(6)}  ${'R@10'.padStart(6)}  MRR`,
    line('overall', s.overall),
    line('distinguishable', s.distinguishable),
    ...Object.entries(s.byNoise).map(([label, m]) => line(`  ${label}`, m)),
  ].join('\n');
}
