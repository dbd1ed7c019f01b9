import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatSummary,
  meanReciprocalRank,
  rankOf,
  recallAtK,
  summarise,
  type RankedResult,
} from './metrics.js';
import type { Query } from './variants.js';

const query = (target: string, noise: string[] = [], distinguishable = true): Query => ({
  query_id: `q-${target}`,
  q: 'Шевченко Олександр',
  birth: '',
  target,
  noise,
  distinguishable,
});

const result = (
  target: string,
  ranked: string[],
  noise: string[] = [],
  distinguishable = true,
): RankedResult => ({
  query: query(target, noise, distinguishable),
  ranked,
});

describe('rankOf', () => {
  it('is 1-based and undefined when the target is missing', () => {
    expect(rankOf(result('a', ['a', 'b']))).toBe(1);
    expect(rankOf(result('b', ['a', 'b']))).toBe(2);
    expect(rankOf(result('c', ['a', 'b']))).toBeUndefined();
  });
});

describe('recallAtK', () => {
  const results = [
    result('a', ['a', 'x']), // rank 1
    result('b', ['x', 'y', 'b']), // rank 3
    result('c', [...'0123456789'.split(''), 'c']), // rank 11
    result('d', []), // not found
  ];

  it('counts targets within the first k', () => {
    expect(recallAtK(results, 1)).toBe(0.25);
    expect(recallAtK(results, 3)).toBe(0.5);
    expect(recallAtK(results, 10)).toBe(0.5);
    expect(recallAtK(results, 11)).toBe(0.75);
  });

  it('is NaN on no results and rejects a bad k', () => {
    expect(recallAtK([], 1)).toBeNaN();
    expect(() => recallAtK(results, 0)).toThrow(RangeError);
    expect(() => recallAtK(results, 1.5)).toThrow(RangeError);
  });

  it('never decreases with k and stays within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(20), fc.array(fc.nat(20), { maxLength: 15 })), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 15 }),
        (rows, k) => {
          const rs = rows.map(([t, ranked]) => result(String(t), ranked.map(String)));
          const a = recallAtK(rs, k);
          const b = recallAtK(rs, k + 1);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(1);
          expect(b).toBeGreaterThanOrEqual(a);
          // MRR lies between recall@1 and recall@∞.
          const mrr = meanReciprocalRank(rs);
          expect(mrr).toBeGreaterThanOrEqual(recallAtK(rs, 1) - 1e-12);
          expect(mrr).toBeLessThanOrEqual(recallAtK(rs, 100) + 1e-12);
        },
      ),
    );
  });
});

describe('meanReciprocalRank', () => {
  it('averages 1/rank with 0 for a miss', () => {
    const results = [
      result('a', ['a']),
      result('b', ['x', 'b']),
      result('c', ['x', 'y', 'z', 'c']),
      result('d', []),
    ];
    expect(meanReciprocalRank(results)).toBeCloseTo((1 + 1 / 2 + 1 / 4 + 0) / 4, 12);
  });

  it('uses the first occurrence of the target', () => {
    expect(meanReciprocalRank([result('a', ['x', 'a', 'a'])])).toBe(0.5);
  });

  it('is NaN on no results', () => {
    expect(meanReciprocalRank([])).toBeNaN();
  });
});

describe('summarise', () => {
  const results = [
    result('a', ['a'], ['script:uk', 'birth:full']),
    result('b', ['x', 'b'], ['script:ru', 'birth:full']),
    result('c', ['x'], ['script:ru', 'birth:absent'], false),
    result('d', ['d'], ['script:kmu', 'typo:deletion', 'birth:absent']),
  ];
  const s = summarise(results);

  it('reports overall metrics', () => {
    expect(s.overall).toEqual({ queries: 4, recallAt1: 0.5, recallAt10: 0.75, mrr: (1 + 0.5 + 0 + 1) / 4 });
  });

  it('reports metrics on distinguishable queries only', () => {
    expect(s.distinguishable).toEqual({ queries: 3, recallAt1: 2 / 3, recallAt10: 1, mrr: 2.5 / 3 });
  });

  it('reports metrics per noise label', () => {
    expect(Object.keys(s.byNoise)).toEqual([
      'birth:absent',
      'birth:full',
      'script:kmu',
      'script:ru',
      'script:uk',
      'typo:deletion',
    ]);
    expect(s.byNoise['script:ru']).toEqual({ queries: 2, recallAt1: 0, recallAt10: 0.5, mrr: 0.25 });
    expect(s.byNoise['birth:absent']).toEqual({ queries: 2, recallAt1: 0.5, recallAt10: 0.5, mrr: 0.5 });
    expect(s.byNoise['typo:deletion']?.queries).toBe(1);
  });

  it('counts a label repeated on one query once', () => {
    expect(summarise([result('a', ['a'], ['caps', 'caps'])]).byNoise['caps']?.queries).toBe(1);
  });

  it('formats a table', () => {
    const text = formatSummary('trigram', s);
    expect(text).toContain('trigram');
    expect(text).toMatch(/overall\s+4\s+50\.0%\s+75\.0%\s+0\.625/);
    expect(text).toContain('  typo:deletion');
  });
});
