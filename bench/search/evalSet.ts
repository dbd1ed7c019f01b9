/**
 * The search evaluation's generated people and queries (eval.ts), made once here so that every script asking
 * about an eval registry (sameAnswers.ts) asks the same queries: the registry's population, labelled queries
 * about it with the planted homonyms they bring, and outsiders (another population, queried with the same
 * noise, none of them in the registry).
 */
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import { generateHoldoutQueries } from '../holdout.js';
import { generateQueries, NOISE_RATES } from './variants.js';

export interface EvalSetOptions {
  persons: number;
  seed: number;
  /** realistic (long-tailed surnames) or harsh (the ~220 common surnames). */
  profile: 'realistic' | 'harsh';
  queries: number;
  outsiders: number;
  /** The hold-out noise model (bench/holdout.ts, issue #11) instead of NOISE_RATES. */
  holdout: boolean;
}

export function evalSet(o: EvalSetOptions) {
  const population = [
    ...generatePopulation({ persons: o.persons, seed: o.seed, source: 'eval registry', profile: o.profile }),
  ];
  const { queries, planted } = o.holdout
    ? generateHoldoutQueries(population, { queries: o.queries, seed: o.seed })
    : generateQueries(population, { queries: o.queries, seed: o.seed });
  const outsiderPopulation = [
    ...generatePopulation({ persons: o.outsiders, seed: o.seed + 5000, source: 'x', profile: o.profile }),
  ];
  const outsiders = (
    o.holdout
      ? generateHoldoutQueries(outsiderPopulation, { queries: o.outsiders, seed: o.seed + 5000 })
      : generateQueries(outsiderPopulation, {
          queries: o.outsiders,
          seed: o.seed + 5000,
          rates: { ...NOISE_RATES, plantedHomonym: 0 },
        })
  ).queries;
  return { population, queries, planted, outsiders };
}
