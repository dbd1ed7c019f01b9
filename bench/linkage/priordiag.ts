/**
 * Where a trained model's matches per record (the prior) come from, against the simulation's truth: the
 * registry as `simulate.ts FILES=k` trains on it (the first j/k of its records, shuffled, j = 1 … k), per
 * EM session (pairs, the matches its λ counts, the true pairs in its blocks, whether it is kept), the trained
 * figure, and the true one (2 × true pairs among the records / records).
 *
 * npx tsx --conditions=source bench/linkage/priordiag.ts --persons 20000 [--profile harsh --noise harsh] [--files 5]
 */
import { parseArgs } from 'node:util';
import {
  BLOCKING_RULES,
  blockedPairs,
  compileModel,
  scoreFast,
  termFrequenciesOfRecords,
  trainModel,
  type LinkRecord,
  type TrainingSession,
} from '@homecoming/linkage';
import { linkRecordsOf, populationOf, populationOptions } from './sets.js';

const { values } = parseArgs({
  options: {
    ...populationOptions('20000'),
    files: { type: 'string', default: '5' },
  },
});
const POP = values.profile === 'harsh' ? 'harsh' : 'realistic';
const rows = populationOf(values);
const all = linkRecordsOf(rows, 'r');
const truthAll = rows.map((r) => r.truth);
const FILES = Number(values.files);
const fileRows = Math.ceil(all.length / FILES / 2000) * 2000;
const ends: number[] = [];
for (let s = fileRows; s < all.length; s += fileRows) ends.push(s);
ends.push(all.length);
for (const end of ends) {
  const records = all.slice(0, end);
  const truth = truthAll.slice(0, end);
  const n = records.length;
  const byTruth = new Map<string, number>();
  for (const t of truth) byTruth.set(t, (byTruth.get(t) ?? 0) + 1);
  let truePairs = 0;
  for (const c of byTruth.values()) truePairs += (c * (c - 1)) / 2;
  const sessions: TrainingSession[] = [];
  const t0 = process.cpuUsage();
  const model = trainModel({
    records,
    pairs: blockedPairs(records, { eachRule: true }),
    randomPairs: Math.min(2_000_000, Math.max(100_000, n * 2)),
    onSession: (s) => sessions.push(s),
  });
  const cpu = process.cpuUsage(t0);
  const before = trainModel({
    records,
    pairs: blockedPairs(records, { eachRule: true }),
    randomPairs: Math.min(2_000_000, Math.max(100_000, n * 2)),
    matchesFrom: 'sessions',
  });
  // True pairs in each rule's blocks.
  const inBlock = new Float64Array(BLOCKING_RULES.length);
  for (const [i, j, rule] of blockedPairs(records, { eachRule: true }))
    if (truth[i] === truth[j]) inBlock[rule] = (inBlock[rule] as number) + 1;
  // The model's own count over the union of blocked pairs, with its term frequencies: Σ posterior at λ.
  const cm = compileModel(model, { ...termFrequenciesOfRecords(records), countsArriving: true });
  const evid: number[] = [];
  let unionTrue = 0;
  for (const [i, j] of blockedPairs(records)) {
    const a = records[i] as LinkRecord;
    const b = records[j] as LinkRecord;
    evid.push(scoreFast(cm, a, b) - cm.prior);
    if (truth[i] === truth[j]) unionTrue++;
  }
  const allPairs = (n * (n - 1)) / 2;
  let matches = n / 2;
  for (let it = 0; it < 50; it++) {
    const lo = Math.log2(matches / allPairs / (1 - matches / allPairs));
    let s = 0;
    for (const e of evid) s += 1 / (1 + 2 ** -(lo + e));
    if (Math.abs(s - matches) < 0.5) {
      matches = s;
      break;
    }
    matches = s;
  }
  console.log(
    `${POP} ${values.noise} records ${n}: true matches per record ${((2 * truePairs) / n).toFixed(3)} ` +
      `(blocked ${((2 * unionTrue) / n).toFixed(3)}), trained: sessions (before) ${before.matchesPerRecord?.toFixed(3)}, ` +
      `scored (after) ${model.matchesPerRecord?.toFixed(3)} [check, here ${((2 * matches) / n).toFixed(3)}]; ` +
      `${evid.length} blocked pairs; training ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s`,
  );
  for (const s of sessions)
    console.log(
      `  ${String(BLOCKING_RULES[s.rule]).padEnd(34)} pairs ${String(s.pairs).padStart(8)} matches ${s.matches.toFixed(0).padStart(7)} ` +
        `true ${String(inBlock[s.rule]).padStart(6)} ${s.kept ? 'kept' : 'LEFT OUT'}` +
        (s.recounted === undefined ? '' : ` recounted ${s.recounted.toFixed(0)}`),
    );
}
