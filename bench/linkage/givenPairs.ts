/**
 * Which record pairs `givenContradicted` refuses (bench/RESULTS.md `fam`): every pair of one man's records
 * (which the rule would keep apart: recall it costs), and every pair of records of two relatives (what it
 * guards), by noise class and relation; `x:` counts the refusals where a side's given name has no class.
 *
 * npx tsx --conditions=source bench/linkage/givenPairs.ts --persons 20000 [--profile realistic|harsh]
 *   [--noise typical|harsh|holdout] [--families 0.3]
 */
import { parseArgs } from 'node:util';
import { givenContradicted, type LinkRecord } from '@homecoming/linkage';
import { Kinship } from '../../packages/server/src/seed/families.js';
import { populationOptions, probesOf, PROFILES, registrySet, type Profile } from './sets.js';

const { values } = parseArgs({
  options: { ...populationOptions('20000'), families: { type: 'string', default: '0' } },
});
const kin = new Kinship();
const rows = registrySet(
  Number(values.persons),
  Number(values.seed),
  PROFILES[values.noise as Profile],
  values.profile === 'harsh' ? 'harsh' : 'realistic',
  Number(values.families),
  kin,
);
const { recs, truth, noise } = probesOf(rows, ' ');
const byTruth = new Map<string, number[]>();
truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
const tally = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
const line = (m: Map<string, number>): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

let truePairs = 0;
const refusedTrue = new Map<string, number>();
const examples: string[] = [];
for (const is of byTruth.values())
  for (let a = 0; a < is.length; a++)
    for (let b = a + 1; b < is.length; b++) {
      const x = recs[is[a] as number] as LinkRecord;
      const y = recs[is[b] as number] as LinkRecord;
      truePairs++;
      if (givenContradicted(x, [y])) {
        const cls = noise[is[a] as number] === 'base' ? noise[is[b] as number] : noise[is[a] as number];
        const unclassed = x.given?.startsWith('x:') || y.given?.startsWith('x:') ? ' x:' : '';
        tally(refusedTrue, `${cls}${unclassed}`);
        if (examples.length < Number(process.env['SHOW'] ?? 0))
          examples.push(`${x.given}/${x.givenSkeleton} ${y.given}/${y.givenSkeleton} ${cls}`);
      }
    }
// Relatives: each record of a relative against each record of its anchor.
const relPairs = new Map<string, number>();
const refusedRel = new Map<string, number>();
for (const [id, r] of kin.relatives) {
  for (const i of byTruth.get(id) ?? [])
    for (const j of byTruth.get(r.of) ?? []) {
      tally(relPairs, r.kin);
      if (givenContradicted(recs[i] as LinkRecord, [recs[j] as LinkRecord])) tally(refusedRel, r.kin);
    }
}
console.log(
  `true pairs ${truePairs}; refused ${[...refusedTrue.values()].reduce((a, b) => a + b, 0)}: ${line(refusedTrue)}`,
);
console.log(`relatives' record pairs: ${line(relPairs)}`);
console.log(`  refused: ${line(refusedRel)}`);
for (const e of examples) console.log(e);
