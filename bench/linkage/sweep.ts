/**
 * Threshold sweep (npm run sweep:link -- --persons N): trains the model in memory on a labelled registry
 * (bench/linkage/sets.ts) and prints, for each score threshold, the precision and recall of the blocked
 * pairs scoring at or above it. Pure: no database. Used to choose the auto and review thresholds.
 */
import { parseArgs } from 'node:util';
import {
  blockedPairs,
  compareRecords,
  compileModel,
  defaultModel,
  FIELDS,
  LEVELS,
  scoreFast,
  termFrequenciesOfRecords,
  trainModel,
  type LinkRecord,
} from '@homecoming/linkage';
import { linkRecordsOf, populationOf, populationOptions } from './sets.js';

const { values } = parseArgs({
  options: {
    ...populationOptions('5000'),
    default: { type: 'boolean', default: false },
  },
});
const rows = populationOf(values);
const records: LinkRecord[] = linkRecordsOf(rows);
const truth = rows.map((r) => r.truth);
// --default: the model before any training (what the import links with); else trained on the registry.
const model = values.default
  ? defaultModel()
  : trainModel({ records, pairs: blockedPairs(records, { eachRule: true }), randomPairs: 500_000 });
// Term frequencies and the prior from the registry itself, as the server scores.
const cm = compileModel(model, { ...termFrequenciesOfRecords(records), countsArriving: true });
console.log(`prior ${cm.prior.toFixed(2)}`);
for (const f of FIELDS) {
  const w = cm.weights[FIELDS.indexOf(f)] as Float64Array;
  console.log(
    `  ${f.padEnd(15)} ${LEVELS[f].map((l, i) => `${l} ${(w[i] as number).toFixed(1)}`).join(', ')}`,
  );
}
const scored: { s: number; same: boolean; v: string }[] = [];
for (const [i, j] of blockedPairs(records)) {
  const a = records[i] as LinkRecord;
  const b = records[j] as LinkRecord;
  scored.push({ s: scoreFast(cm, a, b), same: truth[i] === truth[j], v: compareRecords(a, b).join('') });
}
const totalTrue = scored.filter((x) => x.same).length;
console.log(`blocked pairs ${scored.length}, true ${totalTrue}`);
for (let t = -8; t <= 20; t += 2) {
  const above = scored.filter((x) => x.s >= t);
  const tp = above.filter((x) => x.same).length;
  console.log(
    `  score ≥ ${String(t).padStart(3)}: pairs ${String(above.length).padStart(6)}  precision ${(tp / Math.max(above.length, 1)).toFixed(4)}  recall ${(tp / totalTrue).toFixed(4)}`,
  );
}
// The commonest level vectors of false pairs above 0 and true pairs below 0.
const top = (xs: typeof scored) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x.v, (m.get(x.v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, 8);
};
console.log(
  'false pairs scoring ≥ 4 (vector: family given patronymic birth sex unit service):',
  top(scored.filter((x) => !x.same && x.s >= 4)),
);
console.log('true pairs scoring < 4:', top(scored.filter((x) => x.same && x.s < 4)));
