/**
 * Record-linkage evaluation (npm run eval:link -- --persons N --list M): builds a labelled registry
 * (bench/linkage/sets.ts), imports it through the real import (which links incrementally, with the
 * default model), and scores the persons formed; then trains the model on the registry, re-resolves it
 * (dedupe) and scores again; then links an incoming list (with people the registry does not hold) and
 * scores the decisions. Prints one block of figures per phase and a JSON summary.
 *
 * Figures: pairwise precision / recall / F1 of persons; precision of automatic links; recall when the
 * pending review pairs are counted as accepted; blocking recall and candidate pairs per record; list
 * linking precision and recall (match, and match or possible), and how often a stranger was matched.
 * Targets (issue #4): auto-link precision ≥ 0.995; pairwise F1 ≥ 0.97.
 * DB=pglite runs on the embedded database; default is a scratch PostgreSQL database.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BLOCKING_RULES,
  blockedPairs,
  blockKeys,
  decideRecord,
  sharesBlock,
  shareKey,
  type LinkRecord,
} from '@homecoming/linkage';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import { candidatePersons, probeOf } from '../../packages/server/src/modules/linkage/candidates.js';
import { dedupeRegistry } from '../../packages/server/src/modules/linkage/dedupe.js';
import { linkList, type ListLinkLine } from '../../packages/server/src/modules/linkage/linkList.js';
import { loadModel } from '../../packages/server/src/modules/linkage/model.js';
import { loadRegistry } from '../../packages/server/src/modules/linkage/registry.js';
import { trainRegistryModel } from '../../packages/server/src/modules/linkage/train.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { pairwiseScores, unionFind } from './metrics.js';
import { incomingList, PROFILES, registrySet, type Profile } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '5000' },
    list: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'realistic' },
  },
});
if (values.profile !== 'realistic' && values.profile !== 'harsh')
  throw new Error('--profile must be realistic or harsh');
const POPULATION = values.profile;
const PERSONS = Number(values.persons);
const LIST = Number(values.list);
const SEED = Number(values.seed);
if (!(values.noise in PROFILES))
  throw new Error(`--noise must be one of ${Object.keys(PROFILES).join(', ')}`);
const RATES = PROFILES[values.noise as Profile];
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const registry = registrySet(PERSONS, SEED, RATES, POPULATION);
const truthOf = new Map(registry.map((r) => [r.external_id, r.truth]));
const noiseOf = new Map(registry.map((r) => [r.external_id, r.noise ?? 'base']));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-link-eval-'));
const csv = path.join(dir, 'registry.csv');
writeCanonicalCsv(csv, registry);
console.log(
  `registry: ${PERSONS} persons, ${registry.length} records, population ${POPULATION}, noise profile ${values.noise}`,
);

let database: Database;
let drop: (() => Promise<void>) | null = null;
if (process.env['DB'] === 'pglite') {
  database = await openDatabase({ memory: true });
} else {
  // SCRATCH_PREFIX: the scratch database's name prefix (an engineer's own, on a shared server).
  const scratch = await createScratchDatabase(process.env['SCRATCH_PREFIX'] ?? 'hc_link_eval');
  database = await openDatabase({ url: scratch.url });
  drop = scratch.drop;
}
await migrate(database.pool);

/** Persons formed, auto-link precision, review-band recall and queue. */
async function scorePersons(phase: string): Promise<Record<string, number>> {
  const rows = await database.db
    .selectFrom('record')
    .select(['id', 'external_id', 'person_id', 'created_at'])
    .execute();
  const truth = rows.map((r) => truthOf.get(r.external_id) as string);
  const persons = pairwiseScores(
    rows.map((r) => r.person_id),
    truth,
  );
  // An automatic link is right when the record is about the person its person was made for (the
  // person's first record).
  const first = new Map<string, { t: number; truth: string }>();
  const truthById = new Map(rows.map((r, i) => [r.id, truth[i] as string]));
  rows.forEach((r, i) => {
    const t = new Date(r.created_at).getTime();
    const f = first.get(r.person_id);
    if (!f || t < f.t) first.set(r.person_id, { t, truth: truth[i] as string });
  });
  const autos = await database.db
    .selectFrom('link')
    .select(['record_id', 'person_id'])
    .where('kind', '=', 'auto')
    .where('ended_at', 'is', null)
    .execute();
  const rightAutos = autos.filter((l) => truthById.get(l.record_id) === first.get(l.person_id)?.truth).length;
  const pending = await database.db
    .selectFrom('review_pair')
    .select(['left_person_id', 'right_person_id', 'left_record_id', 'right_record_id'])
    .where('status', '=', 'pending')
    .execute();
  const uf = unionFind();
  for (const p of pending) uf.union(p.left_person_id, p.right_person_id);
  const withReview = pairwiseScores(
    rows.map((r) => uf.find(r.person_id)),
    truth,
  );
  const truePending = pending.filter(
    (p) => truthById.get(p.left_record_id) === truthById.get(p.right_record_id),
  ).length;
  // Per noise class: the share of extra records placed in the same person as their person's base record.
  const personOfBase = new Map<string, string>();
  rows.forEach((r, i) => {
    if (r.external_id === truth[i]) personOfBase.set(truth[i] as string, r.person_id);
  });
  const byClass: Record<string, { records: number; joined: number }> = {};
  rows.forEach((r, i) => {
    const cls = noiseOf.get(r.external_id) ?? 'base';
    if (cls === 'base') return;
    const c = (byClass[cls] ??= { records: 0, joined: 0 });
    c.records++;
    if (personOfBase.get(truth[i] as string) === r.person_id) c.joined++;
  });
  console.log(`\n${phase}: extra records joined to their person's base record, by noise class`);
  for (const [k, c] of Object.entries(byClass).sort())
    console.log(`  ${k.padEnd(28)} ${r3(c.joined / c.records)} of ${c.records}`);
  const out = {
    records: rows.length,
    persons: new Set(rows.map((r) => r.person_id)).size,
    true_persons: new Set(truth).size,
    pairwise_precision: r3(persons.precision),
    pairwise_recall: r3(persons.recall),
    pairwise_f1: r3(persons.f1),
    auto_links: autos.length,
    auto_link_precision: r3(autos.length === 0 ? 1 : rightAutos / autos.length),
    review_pending: pending.length,
    review_pending_true_share: r3(pending.length === 0 ? 0 : truePending / pending.length),
    recall_with_review: r3(withReview.recall),
    precision_with_review: r3(withReview.precision),
  };
  console.log(`\n${phase}`);
  for (const [k, v] of Object.entries(out)) console.log(`  ${k.padEnd(28)} ${v}`);
  return out;
}

// Phase 1: import (incremental linking with the model in use: the default one).
const t0 = Date.now();
const summary = await importCsv(database, { file: csv, actor: 'eval', batchSize: 2000 });
const importSeconds = (Date.now() - t0) / 1000;
console.log(
  `import: ${summary.imported} records in ${importSeconds.toFixed(1)} s (${Math.round(summary.imported / importSeconds)}/s), ${summary.linked} linked, ${summary.possible} to review, ${summary.rejected} rejected`,
);
const afterImport = await scorePersons('after import (incremental, default model)');

// Blocking on the registry (in memory, as dedupe and training block).
const snap = await loadRegistry(database);
const truthByRecord = new Map(
  (await database.db.selectFrom('record').select(['id', 'external_id']).execute()).map((r) => [
    r.id,
    truthOf.get(r.external_id) as string,
  ]),
);
const byTruth = new Map<string, LinkRecord[]>();
for (const r of snap.records) {
  const t = truthByRecord.get(r.id) as string;
  byTruth.set(t, [...(byTruth.get(t) ?? []), r]);
}
let truePairs = 0;
let blockedTrue = 0;
const perRule = BLOCKING_RULES.map(() => 0);
const missedExamples: string[] = [];
for (const recs of byTruth.values())
  for (let i = 0; i < recs.length; i++)
    for (let j = i + 1; j < recs.length; j++) {
      truePairs++;
      const a = recs[i] as LinkRecord;
      const b = recs[j] as LinkRecord;
      if (sharesBlock(a, b)) blockedTrue++;
      else if (missedExamples.length < Number(process.env['MISSED'] ?? 0))
        missedExamples.push(JSON.stringify([a, b]));
      const ka = blockKeys(a);
      const kb = blockKeys(b);
      ka.forEach((k, r) => {
        if (shareKey(k, kb[r] ?? [])) perRule[r] = (perRule[r] as number) + 1;
      });
    }
for (const m of missedExamples) console.log(`  missed: ${m}`);
let candidatePairs = 0;
for (const _p of blockedPairs(snap.records)) candidatePairs++;
const blocking = {
  blocking_recall: r3(blockedTrue / Math.max(truePairs, 1)),
  blocking_recall_exact: blockedTrue / Math.max(truePairs, 1),
  ...Object.fromEntries(
    BLOCKING_RULES.map((rule, r) => [`recall ${rule}`, r3((perRule[r] as number) / Math.max(truePairs, 1))]),
  ),
  candidate_pairs: candidatePairs,
  candidate_pairs_per_record: r3((2 * candidatePairs) / snap.records.length),
};
console.log(`\nblocking (registry, in memory)`);
for (const [k, v] of Object.entries(blocking)) console.log(`  ${k.padEnd(28)} ${v}`);

// Phase 2: train on the registry, then re-resolve it.
const t1 = Date.now();
const model = await trainRegistryModel(database, { actor: 'eval' });
const trainSeconds = (Date.now() - t1) / 1000;
console.log(
  `\ntrained ${model.version} in ${trainSeconds.toFixed(1)} s: prior ${model.prior.toFixed(2)} bits`,
);
const t2 = Date.now();
const dedupe = await dedupeRegistry(database, { actor: 'eval' });
console.log(
  `dedupe: ${dedupe.merges} merges, ${dedupe.proposed} to review, in ${((Date.now() - t2) / 1000).toFixed(1)} s`,
);
const afterDedupe = await scorePersons('after training and dedupe');

// Phase 3: an incoming list, linked without importing.
const list = incomingList(PERSONS, LIST, SEED, RATES, POPULATION);
const listNoise = new Map(list.map((r) => [r.external_id, r.noise ?? 'clean']));
const listCsv = path.join(dir, 'incoming.csv');
writeCanonicalCsv(listCsv, list);
const personTruth = new Map<string, string>();
for (const r of await database.db
  .selectFrom('record')
  .select(['person_id', 'external_id'])
  .where(
    'source_id',
    '=',
    (
      await database.db
        .selectFrom('source')
        .select('id')
        .where('name', '=', 'registry base')
        .executeTakeFirstOrThrow()
    ).id,
  )
  .execute())
  personTruth.set(r.person_id, truthOf.get(r.external_id) as string);
// The man each person is about: the truth most of its records share. A row matched to a person that
// holds its man's records but not his base record (the registry split him) is right about the man; the
// figures say both (`_base`: only the person holding his base record counts).
const manOfPerson = new Map<string, string>();
{
  const votes = new Map<string, Map<string, number>>();
  for (const r of await database.db.selectFrom('record').select(['person_id', 'external_id']).execute()) {
    const t = truthOf.get(r.external_id) as string;
    const v = votes.get(r.person_id) ?? new Map<string, number>();
    v.set(t, (v.get(t) ?? 0) + 1);
    votes.set(r.person_id, v);
  }
  // A person holding a base record is that base record's man; any other, the man most of its records are.
  for (const [p, v] of votes)
    manOfPerson.set(p, personTruth.get(p) ?? ([...v].sort((a, b) => b[1] - a[1])[0]?.[0] as string));
}
const lines: ListLinkLine[] = [];
const t3 = Date.now();
await linkList(database, listCsv, { line: (l) => void lines.push(l), problem: () => undefined });
const listSeconds = (Date.now() - t3) / 1000;
const listTruth = new Map(list.map((r) => [r.external_id, r.truth]));
let known = 0;
let matched = 0;
let rightMatch = 0;
let rightEither = 0;
let rightMatchBase = 0;
let rightEitherBase = 0;
let strangers = 0;
let strangersMatched = 0;
let strangersPossible = 0;
let namesakes = 0;
let namesakesMatched = 0;
const listByClass: Record<string, { rows: number; match: number; either: number }> = {};
for (const l of lines) {
  const t = listTruth.get(l.external_id) as string;
  const isNew = t.startsWith('new-');
  if (isNew) {
    strangers++;
    if (l.decision === 'match') strangersMatched++;
    if (l.decision === 'possible') strangersPossible++;
    if (t.startsWith('new-namesake-')) {
      namesakes++;
      if (l.decision === 'match') namesakesMatched++;
    }
  } else known++;
  const rightBase = l.person_id !== null && personTruth.get(l.person_id) === t;
  const right = l.person_id !== null && manOfPerson.get(l.person_id) === t;
  if (l.decision === 'match' && rightBase) rightMatchBase++;
  if (l.decision !== 'none' && rightBase) rightEitherBase++;
  if (!isNew) {
    const c = (listByClass[listNoise.get(l.external_id) ?? 'clean'] ??= { rows: 0, match: 0, either: 0 });
    c.rows++;
    if (right && l.decision === 'match') c.match++;
    if (right && l.decision !== 'none') c.either++;
  }
  if (l.decision === 'match') {
    matched++;
    if (right) rightMatch++;
  }
  if (l.decision !== 'none' && right) rightEither++;
}
// Blocking recall of the SQL lookups: is the true person among the candidates?
const cm = await loadModel(database.db);
let inCandidates = 0;
let candidateCount = 0;
const knownRows = list.filter((r) => !r.truth.startsWith('new-'));
for (let k = 0; k < knownRows.length; k += 500) {
  const chunk = knownRows.slice(k, k + 500);
  const probes = chunk.map((r, i) => {
    const checked = validateRecordFields(r);
    if (!checked.ok) throw new Error(`generated list row ${r.external_id} is invalid`);
    return probeOf(`p${i}`, checked.value);
  });
  const found = await candidatePersons(database.db, probes);
  chunk.forEach((r, i) => {
    const c = found[i] ?? [];
    candidateCount += c.length;
    if (c.some((p) => personTruth.get(p.personId) === r.truth)) inCandidates++;
    void decideRecord(cm, probes[i] as LinkRecord, c);
  });
}
const listFigures = {
  rows: lines.length,
  seconds: r3(listSeconds),
  in_registry: known,
  not_in_registry: strangers,
  match_precision: r3(matched === 0 ? 1 : rightMatch / matched),
  match_recall: r3(rightMatch / Math.max(known, 1)),
  recall_with_possible: r3(rightEither / Math.max(known, 1)),
  match_precision_base: r3(matched === 0 ? 1 : rightMatchBase / matched),
  match_recall_base: r3(rightMatchBase / Math.max(known, 1)),
  recall_with_possible_base: r3(rightEitherBase / Math.max(known, 1)),
  strangers_matched: strangersMatched,
  strangers_possible: strangersPossible,
  strangers_matched_share: r3(strangersMatched / Math.max(strangers, 1)),
  namesake_strangers: namesakes,
  namesake_strangers_matched: namesakesMatched,
  sql_blocking_recall: r3(inCandidates / Math.max(knownRows.length, 1)),
  candidate_persons_per_row: r3(candidateCount / Math.max(knownRows.length, 1)),
};
console.log(`\nlist linking (${LIST} rows, ${Math.round(RATES.listNew * 100)}% not in the registry)`);
for (const [k, v] of Object.entries(listFigures)) console.log(`  ${k.padEnd(28)} ${v}`);
console.log('  by noise class (rows about registry persons): match recall / with possible');
for (const [k, c] of Object.entries(listByClass).sort())
  console.log(`    ${k.padEnd(26)} ${r3(c.match / c.rows)} / ${r3(c.either / c.rows)} of ${c.rows}`);

console.log(
  '\n' +
    JSON.stringify({
      persons: PERSONS,
      noise: values.noise,
      profile: POPULATION,
      records: registry.length,
      db: process.env['DB'] === 'pglite' ? 'pglite' : 'postgres',
      import: { seconds: r3(importSeconds), linked: summary.linked, possible: summary.possible },
      afterImport,
      blocking,
      afterDedupe,
      list: listFigures,
    }),
);
await database.close();
await drop?.();
fs.rmSync(dir, { recursive: true, force: true });
