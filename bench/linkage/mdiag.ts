/**
 * Diagnostic (issue #11, em): the trained model's m against the m of the registry's true pairs (known
 * here, never in production) and the default model's, per field and level, as weights log2(m/u).
 */
import { parseArgs } from 'node:util';
import {
  blockedPairs,
  compareRecords,
  defaultModel,
  FIELDS,
  LEVELS,
  MISSING,
  trainModel,
  withoutGuessedBirth,
  type LinkRecord,
} from '@homecoming/linkage';
import { linkRecordsOf, populationOf, populationOptions } from './sets.js';

const { values } = parseArgs({ options: populationOptions('20000') });
const STATED = process.env['STATED'] === '1';
const rows = populationOf(values);
const records: LinkRecord[] = linkRecordsOf(rows);
const truth = rows.map((r) => r.truth);
const n = records.length;
const trained = trainModel({
  records,
  pairs: blockedPairs(records, { eachRule: true }),
  randomPairs: Math.min(2_000_000, Math.max(100_000, n * 2)),
});
// Oracle m: level shares among all true pairs.
const byTruth = new Map<string, number[]>();
records.forEach((_, i) => {
  const t = truth[i] as string;
  const l = byTruth.get(t) ?? [];
  l.push(i);
  byTruth.set(t, l);
});
const counts = FIELDS.map((f) => new Float64Array(LEVELS[f].length));
let truePairs = 0;
for (const idx of byTruth.values())
  for (let x = 0; x < idx.length; x++)
    for (let y = x + 1; y < idx.length; y++) {
      // STATED=1: the oracle of the pairs training reads, a guessed year read as none (age2).
      const read = (r: LinkRecord) => (STATED ? withoutGuessedBirth(r) : r);
      const v = compareRecords(
        read(records[idx[x] as number] as LinkRecord),
        read(records[idx[y] as number] as LinkRecord),
      );
      truePairs++;
      FIELDS.forEach((f, i) => {
        const c = counts[i] as Float64Array;
        c[v[i] as number] = (c[v[i] as number] as number) + 1;
      });
    }
const def = defaultModel();
const w = (m: number, u: number) =>
  Math.log2(Math.max(m, 1e-6) / Math.max(u, 1e-9))
    .toFixed(1)
    .padStart(5);
console.log(
  `records ${n}, true pairs ${truePairs}, trained prior ${trained.prior.toFixed(2)} matchesPerRecord ${trained.matchesPerRecord?.toFixed(3)} (true ${((2 * truePairs) / n).toFixed(3)})`,
);
console.log('field level: weight default / trained / oracle(trained u)   m trained / oracle');
FIELDS.forEach((f, i) => {
  const c = counts[i] as Float64Array;
  let sum = 0;
  for (let l = 0; l < c.length; l++) if (l !== MISSING[f]) sum += c[l] as number;
  LEVELS[f].forEach((lv, l) => {
    if (l === MISSING[f]) return;
    const mo = (c[l] as number) / sum;
    const u = trained.u[f][l] as number;
    console.log(
      `${f.padEnd(15)} ${lv.padEnd(26)} ${w(def.m[f][l] as number, def.u[f][l] as number)} ${w(trained.m[f][l] as number, u)} ${w(mo, u)}   ${(trained.m[f][l] as number).toFixed(4)} ${mo.toFixed(4)}`,
    );
  });
});
