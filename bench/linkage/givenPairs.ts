/**
 * Which record pairs `givenContradicted` refuses (bench/RESULTS.md `fam`), and `sexContradicted` (`sx2`): every pair of one man's records
 * (which the rule would keep apart: recall it costs), and every pair of records of two relatives (what it
 * guards), by noise class and relation; `x:` counts the refusals where a side's given name has no class.
 *
 * npx tsx --conditions=source bench/linkage/givenPairs.ts --persons 20000 [--profile realistic|harsh]
 *   [--noise typical|harsh|holdout] [--families 0.3]
 */
import { parseArgs } from 'node:util';
import { givenContradicted, sexContradicted, type LinkRecord } from '@homecoming/linkage';
import { kinProbes, populationOptions, tally, tallyLine } from './sets.js';

const { values } = parseArgs({
  options: { ...populationOptions('20000'), families: { type: 'string', default: '0' } },
});
const { recs, noise, kin, byTruth } = kinProbes(values, values.profile === 'harsh' ? 'harsh' : 'realistic');

let truePairs = 0;
const refusedTrue = new Map<string, number>();
// `sexContradicted` (sx2): the pairs a sex said by a patronymic's ending refuses, apart from the given names'.
const sexTrue = new Map<string, number>();
const sexRel = new Map<string, number>();
const examples: string[] = [];
for (const is of byTruth.values())
  for (let a = 0; a < is.length; a++)
    for (let b = a + 1; b < is.length; b++) {
      const x = recs[is[a] as number] as LinkRecord;
      const y = recs[is[b] as number] as LinkRecord;
      truePairs++;
      const cls = noise[is[a] as number] === 'base' ? noise[is[b] as number] : noise[is[a] as number];
      if (sexContradicted(x, [y])) tally(sexTrue, `${cls}`);
      if (givenContradicted(x, [y])) {
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
      if (sexContradicted(recs[i] as LinkRecord, [recs[j] as LinkRecord])) tally(sexRel, r.kin);
    }
}
console.log(
  `true pairs ${truePairs}; refused ${[...refusedTrue.values()].reduce((a, b) => a + b, 0)}: ${tallyLine(refusedTrue)}`,
);
console.log(`relatives' record pairs: ${tallyLine(relPairs)}`);
console.log(`  refused: ${tallyLine(refusedRel)}`);
console.log(
  `sex by a patronymic (sexContradicted): one man's pairs ${[...sexTrue.values()].reduce((a, b) => a + b, 0)}: ${tallyLine(sexTrue)}; relatives' ${tallyLine(sexRel)}`,
);
for (const e of examples) console.log(e);
