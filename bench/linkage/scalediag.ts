/**
 * The same list rows scored against the same man's base record in registries of two sizes: where a row's
 * score moves with the registry's size, field by field (prior, family name with its term frequency, given
 * name, patronymic, birth date, …). The first `--persons` persons of a larger registry are the smaller one's
 * (the generator is sequential), so a list drawn from the smaller registry is about men both hold.
 *
 * npx tsx --conditions=source bench/linkage/scalediag.ts --persons 20000,100000 [--profile realistic]
 * TRAIN=1 scores with a model trained on each registry (as a list is decided) instead of the default;
 * RECOUNT=1 trains it with `matchesFrom: 'recount'`, MATCHES=sessions as before fs-16.
 */
import { parseArgs } from 'node:util';
import {
  blockedPairs,
  compileModel,
  defaultModel,
  forLists,
  scorePair,
  trainModel,
  type LinkRecord,
  type TermFrequencies,
} from '@homecoming/linkage';
import { incomingList, linkRecordsOf, PROFILES, registrySet, type Profile } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '20000,100000' },
    list: { type: 'string', default: '1200' },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'realistic' },
  },
});
const sizes = (values.persons as string).split(',').map(Number);
const SEED = Number(values.seed);
const RATES = PROFILES[values.noise as Profile];
const POP = values.profile === 'harsh' ? 'harsh' : 'realistic';

function counts(recs: readonly LinkRecord[]): TermFrequencies {
  const bump = (m: Map<string, number>, k: string | null): void => {
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  };
  const family = new Map<string, number>();
  const given = new Map<string, number>();
  const phonetic = new Map<string, number>();
  const father = new Map<string, number>();
  const year = new Map<string, number>();
  let fr = 0;
  let yr = 0;
  for (const r of recs) {
    bump(family, r.family);
    bump(given, r.given);
    bump(phonetic, r.familyPhonetic);
    if (r.father !== null) fr++;
    bump(father, r.father);
    if (r.birthYear !== null) yr++;
    bump(year, r.birthYear === null ? null : String(r.birthYear));
  }
  return {
    records: recs.length,
    family,
    given,
    phonetic,
    father: { counts: father, records: fr },
    birthYear: { counts: year, records: yr },
    countsArriving: false,
  };
}

const list = incomingList(sizes[0] as number, Number(values.list), SEED, RATES, POP);
const lrecs = linkRecordsOf(list, 'l');
type Row = { prior: number; total: number; parts: number[]; levels: string[]; others: number };
const bySize: Row[][] = [];
for (const n of sizes) {
  const rows = registrySet(n, SEED, RATES, POP);
  const recs = linkRecordsOf(rows, 'r');
  const byTruth = new Map<string, LinkRecord[]>();
  rows.forEach((r, i) => {
    const l = byTruth.get(r.truth) ?? [];
    l.push(recs[i] as LinkRecord);
    byTruth.set(r.truth, l);
  });
  const model = process.env['TRAIN']
    ? forLists(
        trainModel({
          records: recs,
          pairs: blockedPairs(recs, { eachRule: true }),
          randomPairs: Math.min(2_000_000, Math.max(100_000, recs.length * 2)),
          matchesFrom: (process.env['MATCHES'] ?? (process.env['RECOUNT'] === '1' ? 'recount' : 'scored')) as
            'scored' | 'sessions' | 'recount',
        }),
      )
    : defaultModel();
  const tf = counts(recs);
  const cm = compileModel(model, tf);
  console.log(
    `${n} persons, ${recs.length} records: prior ${cm.prior.toFixed(2)}` +
      (model.matchesPerRecord !== undefined
        ? ` (matches per record ${model.matchesPerRecord.toFixed(2)})`
        : '') +
      `, auto ${model.thresholds.auto}`,
  );
  const out: Row[] = [];
  list.forEach((row, k) => {
    const mine = byTruth.get(row.truth);
    if (row.truth.startsWith('new-') || mine === undefined) {
      out.push({ prior: NaN, total: NaN, parts: [], levels: [], others: -1 });
      return;
    }
    // The best-scoring record of the man, as a person holding his records would be compared.
    let best: ReturnType<typeof scorePair> | null = null;
    for (const r of mine) {
      const s = scorePair(cm, lrecs[k] as LinkRecord, r, mine);
      if (best === null || s.score > best.score) best = s;
    }
    const b = best as ReturnType<typeof scorePair>;
    const q = lrecs[k] as LinkRecord;
    const own = mine.filter((r) => r.family === q.family).length;
    out.push({
      others: q.family === null ? -1 : Math.max(0, (tf.family.get(q.family) ?? 0) - own),
      prior: cm.prior,
      total: b.score,
      parts: b.contributions.map((c) => c.weight),
      levels: b.contributions.map((c) => c.level),
    });
  });
  bySize.push(out);
}
const [a, b] = bySize as [Row[], Row[]];
const fields = ['family', 'given', 'patronymic', 'birth', 'sex', 'unit', 'service'];
const sum = new Array(8).fill(0) as number[];
let n = 0;
const hist = new Map<string, number>();
const byLevel = new Map<string, [number, number, number]>();
let crossed = 0;
let aboveA = 0;
let aboveB = 0;
const AUTO = Number(process.env['AUTOAT'] ?? 5);
a.forEach((x, i) => {
  const y = b[i] as Row;
  if (Number.isNaN(x.total)) return;
  n++;
  sum[0] = (sum[0] as number) + (y.prior - x.prior);
  for (let f = 0; f < 7; f++) sum[f + 1] = (sum[f + 1] as number) + ((y.parts[f] ?? 0) - (x.parts[f] ?? 0));
  const d = Math.round(y.total - x.total);
  hist.set(String(d), (hist.get(String(d)) ?? 0) + 1);
  const bucket = (o: number): string =>
    o === 0 ? '0' : o <= 2 ? '1-2' : o <= 9 ? '3-9' : o <= 49 ? '10-49' : '50+';
  const lk =
    x.levels[0] === 'exact' ? `exact, others ${bucket(x.others)}→${bucket(y.others)}` : `${x.levels[0]}`;
  const e = byLevel.get(lk) ?? [0, 0, 0];
  e[0]++;
  e[1] += (y.parts[0] ?? 0) - (x.parts[0] ?? 0);
  e[2] += y.total - x.total;
  byLevel.set(lk, e);
  if (x.total >= AUTO) aboveA++;
  if (y.total >= AUTO) aboveB++;
  if (x.total >= AUTO && y.total < AUTO) crossed++;
});
console.log(`${n} known rows; mean change ${sizes[0]} → ${sizes[1]} by part:`);
console.log(
  `  prior ${((sum[0] as number) / n).toFixed(2)}, ` +
    fields.map((f, i) => `${f} ${((sum[i + 1] as number) / n).toFixed(2)}`).join(', '),
);
console.log(
  '  family weight change by level: ' +
    [...byLevel]
      .sort()
      .map(
        ([k, [c, s, t]]) =>
          `\n    ${k}: ${c} rows, family ${(s / c).toFixed(2)}, total ${(t / c).toFixed(2)}`,
      )
      .join(''),
);
console.log(
  `  total change (rounded bits): ` +
    [...hist]
      .sort((p, q) => Number(p[0]) - Number(q[0]))
      .map(([k, c]) => `${k}:${c}`)
      .join(' '),
);
console.log(`  at or above ${AUTO}: ${aboveA} → ${aboveB} (${crossed} fell below)`);
if (process.env['ROWS'])
  a.forEach((x, i) => {
    const y = b[i] as Row;
    if (Number.isNaN(x.total) || !(x.total >= AUTO && y.total < AUTO)) return;
    console.log(
      `fell ${x.total.toFixed(1)} → ${y.total.toFixed(1)}: ` +
        x.levels
          .map((l, f) => `${l}:${(x.parts[f] ?? 0).toFixed(1)}→${(y.parts[f] ?? 0).toFixed(1)}`)
          .join(' '),
    );
  });
