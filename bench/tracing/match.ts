/**
 * Tracing-request matching evaluation (npm run eval:tracing -- --persons N --requests K): builds a
 * labelled registry (bench/linkage/sets.ts, the same generator and noise profiles as the linkage
 * evaluation), imports it through the real import, then makes K requests from registry persons as
 * another source would write them (variantOf: other scripts and transliterations, typos, dropped
 * patronymics, partial/off/swapped birth dates, service number and unit kept half the time) and ranks
 * the registry's persons for each with the function a filed request uses (modules/tracing/matching.ts).
 *
 * Figures: how often the right person is the first candidate (target ≥ 0.95), in the top 5, and not
 * found at all. --train also trains the model on the registry first (as `homecoming train` does).
 * --profile realistic|harsh picks the generated population, as in eval:link (default harsh, the
 * generator's own default); --noise typical|harsh the noise of the extra records and the requests.
 * DB=pglite runs on the embedded database; default is a scratch PostgreSQL database.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import { loadModel } from '../../packages/server/src/modules/linkage/model.js';
import { trainRegistryModel } from '../../packages/server/src/modules/linkage/train.js';
import { rankCandidates, soughtRecord } from '../../packages/server/src/modules/tracing/matching.js';
import type { TCreateTracingRequest } from '../../packages/server/src/modules/tracing/schemas.js';
import { generatePopulation, mulberry32 } from '../../packages/server/src/seed/population.js';
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { PROFILES, registrySet, variantOf, type Profile } from '../linkage/sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'harsh' },
    train: { type: 'boolean', default: false },
  },
});
if (values.profile !== 'realistic' && values.profile !== 'harsh')
  throw new Error('--profile must be realistic or harsh');
const POPULATION = values.profile;
const PERSONS = Number(values.persons);
const REQUESTS = Number(values.requests);
const SEED = Number(values.seed);
if (!(values.noise in PROFILES))
  throw new Error(`--noise must be one of ${Object.keys(PROFILES).join(', ')}`);
const RATES = PROFILES[values.noise as Profile];

const registry = registrySet(PERSONS, SEED, RATES, POPULATION);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-tracing-eval-'));
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
  const scratch = await createScratchDatabase('hc_tracing_eval');
  database = await openDatabase({ url: scratch.url });
  drop = scratch.drop;
}
await migrate(database.pool);
await importCsv(database, { file: csv, actor: 'eval', batchSize: 2000 });
if (values.train) await trainRegistryModel(database, { actor: 'eval' });
const cm = await loadModel(database.db);

// Each true person's current person id: the person holding its base record.
const base = await database.db
  .selectFrom('record')
  .innerJoin('source', 'source.id', 'record.source_id')
  .select(['record.external_id', 'record.person_id'])
  .where('source.name', '=', 'registry base')
  .execute();
const personOf = new Map(base.map((r) => [r.external_id, r.person_id]));

const CATEGORY: Record<string, TCreateTracingRequest['sought']['category']> = {
  military: 'serviceman',
  civilian_detainee: 'civilian',
  deported_child: 'child',
};
const rand = mulberry32(SEED * 31337 + 11);
const known = [
  ...generatePopulation({ persons: PERSONS, seed: SEED, source: 'registry base', profile: POPULATION }),
];
let top1 = 0;
let top5 = 0;
let absent = 0;
let candidates = 0;
let rejected = 0;
const t0 = Date.now();
for (let i = 0; i < REQUESTS; i++) {
  const row = known[Math.floor(rand() * known.length)] as CanonicalCsvRow;
  const v = variantOf(row, `req-${i}`, 'family report', RATES, rand);
  const sought: TCreateTracingRequest['sought'] = {
    family_name: v.family_name || row.family_name,
    given_name: v.given_name || row.given_name,
    ...(v.patronymic ? { patronymic: v.patronymic } : {}),
    ...(v.birth_date ? { birth_date: v.birth_date } : {}),
    ...(CATEGORY[v.category] ? { category: CATEGORY[v.category] } : {}),
    ...(v.unit ? { unit: v.unit } : {}),
    ...(v.service_number ? { service_number: v.service_number } : {}),
  };
  let content;
  try {
    content = soughtRecord(sought, `HC-EVAL-${i}`);
  } catch {
    // A form the public form would refuse (e.g. an impossible swapped date): the family is asked again.
    rejected++;
    continue;
  }
  const ranked = await rankCandidates(database.db, cm, content);
  candidates += ranked.length;
  const want = personOf.get(row.external_id);
  const at = ranked.findIndex((c) => c.personId === want);
  if (at === 0) top1++;
  if (at >= 0 && at < 5) top5++;
  if (at < 0) absent++;
}
const seconds = (Date.now() - t0) / 1000;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const summary = {
  persons: PERSONS,
  records: registry.length,
  requests: REQUESTS,
  profile: POPULATION,
  noise: values.noise,
  model: cm.model.version,
  trained: values.train,
  top1: r3(top1 / REQUESTS),
  top5: r3(top5 / REQUESTS),
  not_found: r3(absent / REQUESTS),
  rejected_forms: rejected,
  mean_candidates: r3(candidates / REQUESTS),
  ms_per_request: r3((seconds * 1000) / REQUESTS),
};
console.log(JSON.stringify(summary, null, 2));
await database.close();
await drop?.();
fs.rmSync(dir, { recursive: true, force: true });
