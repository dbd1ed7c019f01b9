/**
 * The shape of a generated population (npm run shape:population -- --persons N [--profile realistic|harsh]):
 * distinct surnames, the commonest surnames' shares, how many people carry a surname shared by at most
 * 10 others, and the commonest given names by cohort. Generated people only.
 */
import { parseArgs } from 'node:util';
import { generatePopulation, type PopulationProfile } from '../../packages/server/src/seed/population.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    profile: { type: 'string', default: 'realistic' },
    seed: { type: 'string', default: '1' },
  },
});
const N = Number(values.persons);
const counts = new Map<string, number>();
const given = new Map<string, number>();
for (const r of generatePopulation({
  persons: N,
  seed: Number(values.seed),
  profile: values.profile as PopulationProfile,
})) {
  // Masculine and feminine forms count as one surname: strip the feminine endings the generator makes.
  const key = r.family_name.replace(/(ська|цька)$/u, (m) => (m === 'ська' ? 'ський' : 'цький'));
  counts.set(key, (counts.get(key) ?? 0) + 1);
  given.set(r.given_name, (given.get(r.given_name) ?? 0) + 1);
}
const sorted = [...counts].sort((a, b) => b[1] - a[1]);
let rarePeople = 0;
for (const [, c] of sorted) if (c <= 11) rarePeople += c;
console.log(`${N} persons, profile ${values.profile}`);
console.log(`distinct surnames: ${sorted.length}`);
console.log(
  `commonest: ${sorted
    .slice(0, 10)
    .map(([s, c]) => `${s} ${((100 * c) / N).toFixed(2)}%`)
    .join(', ')}`,
);
console.log(`people whose surname is shared by at most 10 others: ${((100 * rarePeople) / N).toFixed(1)}%`);
console.log(
  `commonest given names: ${[...given]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([s, c]) => `${s} ${((100 * c) / N).toFixed(1)}%`)
    .join(', ')}`,
);
