/**
 * The search evaluation's generated people and queries (eval.ts), made once here so that every script asking
 * about an eval registry (sameAnswers.ts) asks the same queries: the registry's population, labelled queries
 * about it with the planted homonyms they bring, and outsiders (another population, queried with the same
 * noise, none of them in the registry; with `families`, some of them relatives of its persons).
 */
import { Kinship } from '../../packages/server/src/seed/families.js';
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import { generateHoldoutQueries } from '../holdout.js';
import { generateHoldout2Queries } from '../holdout2.js';
import { generateHoldout3Queries } from '../holdout3.js';
import { generateHoldout4Queries } from '../holdout4.js';
import { generateHoldout5Queries } from '../holdout5.js';
import { generateHoldout6Queries } from '../holdout6.js';
import { generateHoldout7Queries } from '../holdout7.js';
import { generateHoldout8Queries } from '../holdout8.js';
import { generateHoldout9Queries } from '../holdout9.js';
import { generateHoldout10Queries } from '../holdout10.js';
import { generateHoldout11Queries } from '../holdout11.js';
import { generateHoldout12Queries } from '../holdout12.js';
import { generateHoldout13Queries } from '../holdout13.js';
import { generateHoldout14Queries } from '../holdout14.js';
import { generateHoldout15Queries } from '../holdout15.js';
import { generateHoldout16Queries } from '../holdout16.js';
import { generateHoldout17Queries } from '../holdout17.js';
import { generateHoldout18Queries } from '../holdout18.js';
import { generateMixedPopulation } from '../population/mixed.js';
import { generateQueries, NOISE_RATES } from './variants.js';

export interface EvalSetOptions {
  persons: number;
  seed: number;
  /** realistic (long-tailed surnames), harsh (the ~220 common surnames) or mixed (bench/population/mixed.ts). */
  profile: 'realistic' | 'harsh' | 'mixed';
  queries: number;
  outsiders: number;
  /** The hold-out noise model (bench/holdout.ts, issue #11) instead of NOISE_RATES. */
  holdout: boolean;
  /** The second hold-out noise model (bench/holdout2.ts) instead of NOISE_RATES. */
  holdout2?: boolean;
  /** The third hold-out noise model (bench/holdout3.ts) instead of NOISE_RATES. */
  holdout3?: boolean;
  /** The fourth hold-out noise model (bench/holdout4.ts) instead of NOISE_RATES. */
  holdout4?: boolean;
  /** The fifth hold-out noise model (bench/holdout5.ts) instead of NOISE_RATES. */
  holdout5?: boolean;
  /** The sixth hold-out noise model (bench/holdout6.ts) instead of NOISE_RATES. */
  holdout6?: boolean;
  /** The seventh hold-out noise model (bench/holdout7.ts) instead of NOISE_RATES. */
  holdout7?: boolean;
  /** The eighth hold-out noise model (bench/holdout8.ts) instead of NOISE_RATES. */
  holdout8?: boolean;
  /** The ninth hold-out noise model (bench/holdout9.ts) instead of NOISE_RATES. */
  holdout9?: boolean;
  /** The tenth hold-out noise model (bench/holdout10.ts) instead of NOISE_RATES. */
  holdout10?: boolean;
  /** The eleventh hold-out noise model (bench/holdout11.ts) instead of NOISE_RATES. */
  holdout11?: boolean;
  /** The twelfth hold-out noise model (bench/holdout12.ts) instead of NOISE_RATES. */
  holdout12?: boolean;
  /** The thirteenth hold-out noise model (bench/holdout13.ts) instead of NOISE_RATES. */
  holdout13?: boolean;
  /** The fourteenth hold-out noise model (bench/holdout14.ts) instead of NOISE_RATES. */
  holdout14?: boolean;
  /** The fifteenth hold-out noise model (bench/holdout15.ts) instead of NOISE_RATES. */
  holdout15?: boolean;
  /** The sixteenth hold-out noise model (bench/holdout16.ts) instead of NOISE_RATES. */
  holdout16?: boolean;
  /** The seventeenth hold-out noise model (bench/holdout17.ts) instead of NOISE_RATES. */
  holdout17?: boolean;
  /** The eighteenth hold-out noise model (bench/holdout18.ts) instead of NOISE_RATES. */
  holdout18?: boolean;
  /**
   * Share of persons drawn as relatives of earlier ones (seed/families.ts; 0, the default, none), and as
   * large a share of the outsiders drawn as relatives of the registry's persons.
   */
  families?: number;
}

export function evalSet(o: EvalSetOptions) {
  const families = o.families ?? 0;
  /** The registry's relatives; `outsiderKin`: the outsiders who are relatives of registry persons. */
  const kin = new Kinship();
  const outsiderKin = new Kinship();
  const population = [
    ...(o.profile === 'mixed'
      ? generateMixedPopulation({ persons: o.persons, seed: o.seed, source: 'eval registry', families })
      : generatePopulation({
          persons: o.persons,
          seed: o.seed,
          source: 'eval registry',
          profile: o.profile,
          ...(families > 0 ? { families, kin } : {}),
        })),
  ];
  // The hold-out model's query writer, or null for the tuned generator (NOISE_RATES).
  const holdoutQueries = o.holdout18
    ? generateHoldout18Queries
    : o.holdout17
      ? generateHoldout17Queries
      : o.holdout16
        ? generateHoldout16Queries
        : o.holdout15
          ? generateHoldout15Queries
          : o.holdout14
            ? generateHoldout14Queries
            : o.holdout13
              ? generateHoldout13Queries
              : o.holdout12
                ? generateHoldout12Queries
                : o.holdout11
                  ? generateHoldout11Queries
                  : o.holdout10
                    ? generateHoldout10Queries
                    : o.holdout9
                      ? generateHoldout9Queries
                      : o.holdout8
                        ? generateHoldout8Queries
                        : o.holdout7
                          ? generateHoldout7Queries
                          : o.holdout6
                            ? generateHoldout6Queries
                            : o.holdout5
                              ? generateHoldout5Queries
                              : o.holdout4
                                ? generateHoldout4Queries
                                : o.holdout3
                                  ? generateHoldout3Queries
                                  : o.holdout2
                                    ? generateHoldout2Queries
                                    : o.holdout
                                      ? generateHoldoutQueries
                                      : null;
  const { queries, planted } = (holdoutQueries ?? generateQueries)(population, {
    queries: o.queries,
    seed: o.seed,
  });
  const outsiderPopulation = [
    ...(o.profile === 'mixed'
      ? generateMixedPopulation({ persons: o.outsiders, seed: o.seed + 5000, source: 'x', families })
      : generatePopulation({
          persons: o.outsiders,
          seed: o.seed + 5000,
          source: 'x',
          profile: o.profile,
          ...(families > 0 ? { families, kin: outsiderKin, relativesOf: kin } : {}),
        })),
  ];
  const outsiders = (
    holdoutQueries === null
      ? generateQueries(outsiderPopulation, {
          queries: o.outsiders,
          seed: o.seed + 5000,
          rates: { ...NOISE_RATES, plantedHomonym: 0 },
        })
      : holdoutQueries(outsiderPopulation, { queries: o.outsiders, seed: o.seed + 5000 })
  ).queries;
  return { population, queries, planted, outsiders, kin, outsiderKin };
}
