import { describe, expect, it } from 'vitest';
import { pairwiseScores } from './metrics.js';

describe('pairwise clustering scores', () => {
  it('is perfect for the true clustering and counts a wrong join and a missed one', () => {
    expect(pairwiseScores(['a', 'a', 'b'], ['x', 'x', 'y'])).toMatchObject({
      precision: 1,
      recall: 1,
      f1: 1,
    });
    // One person wrongly joined to another: 3 predicted pairs, 1 true.
    const joined = pairwiseScores(['a', 'a', 'a'], ['x', 'x', 'y']);
    expect(joined.precision).toBeCloseTo(1 / 3);
    expect(joined.recall).toBe(1);
    // One true pair missed.
    const missed = pairwiseScores(['a', 'b', 'c'], ['x', 'x', 'y']);
    expect(missed.recall).toBe(0);
    expect(missed.precision).toBe(1);
  });
});
