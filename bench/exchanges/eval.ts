/**
 * Exchange reconciliation evaluation (npm run eval:exchange -- --persons N --list L --sets S): for each of
 * S generated exchange sets, over a labelled registry of N persons (bench/linkage/sets.ts with the
 * realistic population of seed/realistic.ts, the `typical` noise profile) imported through the real
 * import:
 *  - our side's agreed list of L entries, as our office writes it (Ukrainian Cyrillic, from the
 *    registry's base records), 4% of them people the registry does not hold;
 *  - who crossed, as the other side and the mediator write it — Russian Cyrillic or Latin (ICAO, BGN)
 *    with the profile's noise (typos, OCR, respellings, dropped patronymics, date noise): 92% of the
 *    list, plus 3% registry persons not on the list, plus 2% people nobody knows;
 * then `exchange list` and `exchange reconcile` run through the services the CLI calls, and every output
 * line is checked against the truth: `returned` with the right list entry, `returned_unlisted` with the
 * right person, `returned_unknown`, `not_returned` for the right entry. Target: ≥ 99% right.
 *
 * The seconds `exchange list` and `exchange reconcile` take are reported too.
 * DB=pglite runs on the embedded database; default is a scratch PostgreSQL database.
 *
 * --url URL runs against an existing registry instead (never written to except by the exchange itself:
 * use a copy), one filled by `homecoming seed --persons N --seed S` (--persons N --registry-seed S, source
 * "generated demo data"): the lists are drawn from that generated population, the strangers from another
 * seed. This is the 1,000,000-person bench of the done-when (bench/exchanges/README.md).
 * HOMECOMING_PROFILE=1 prints where the time went.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';
import {
  addListVersion,
  createExchange,
  reconcileExchange,
} from '../../packages/server/src/modules/exchanges/service.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import {
  csvLine,
  CSV_HEADER,
  generatePopulation,
  mulberry32,
} from '../../packages/server/src/seed/population.js';
import { phaseTable, profiling } from '../../packages/server/src/phases.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { PROFILES, registrySet, variantOf, type NoiseRates } from '../linkage/sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '20000' },
    list: { type: 'string', default: '500' },
    sets: { type: 'string', default: '4' },
    seed: { type: 'string', default: '13' },
    url: { type: 'string' },
    'registry-seed': { type: 'string', default: '1' },
  },
});
const URL_GIVEN = values.url;
const PERSONS = Number(values.persons);
const LIST = Number(values.list);
const SETS = Number(values.sets);
const SEED = Number(values.seed);

// The other side writes Russian Cyrillic or Latin; the profile's noise otherwise.
const THEIRS: NoiseRates = {
  ...PROFILES.typical,
  style: { uk: 0, ru: 0.5, kmu: 0, icao: 0.3, bgn: 0.2, de: 0, pl: 0 },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-exchange-eval-'));

let database: Database;
let drop: (() => Promise<void>) | null = null;
let t0 = Date.now();
let known: CanonicalCsvRow[];
let personOf: Map<string, string>;
/** Indices into `known`: the registry persons drawn for each set, in a random order. */
let orderOf: (rand: () => number) => number[];
if (URL_GIVEN !== undefined) {
  // An existing registry: draw 2 × LIST × SETS of its generated persons (never the whole population in
  // memory), and find their persons by the records' external ids.
  database = await openDatabase({ url: URL_GIVEN });
  await migrate(database.pool);
  const pick = mulberry32(SEED * 7919);
  const wanted = new Set<number>();
  while (wanted.size < Math.min(PERSONS, 2 * LIST * SETS)) wanted.add(Math.floor(pick() * PERSONS));
  known = [];
  let i = 0;
  for (const row of generatePopulation({
    persons: PERSONS,
    seed: Number(values['registry-seed']),
    source: 'generated demo data',
  })) {
    if (wanted.has(i++)) known.push(row);
  }
  const ids = known.map((r) => r.external_id);
  const found = await database.db
    .selectFrom('record')
    .select(['external_id', 'person_id'])
    .where('external_id', 'in', ids)
    .execute();
  personOf = new Map(found.map((r) => [r.external_id, r.person_id]));
  if (personOf.size < known.length * 0.99)
    throw new Error(
      `${URL_GIVEN.replace(/\/\/[^@]*@/, '//')}: only ${personOf.size} of ${known.length} drawn persons found; was it seeded with --persons ${PERSONS} --seed ${values['registry-seed']}?`,
    );
  orderOf = (rand) => known.map((_, k) => k).sort(() => rand() - 0.5);
  console.log(`registry: an existing one of ${PERSONS} persons; ${known.length} drawn`);
} else {
  const registryCsv = path.join(dir, 'registry.csv');
  writeCanonicalCsv(registryCsv, registrySet(PERSONS, SEED, PROFILES.typical, 'realistic'));
  if (process.env['DB'] === 'pglite') {
    database = await openDatabase({ memory: true });
  } else {
    const scratch = await createScratchDatabase('hc_exchange_eval');
    database = await openDatabase({ url: scratch.url });
    drop = scratch.drop;
  }
  await migrate(database.pool);
  await importCsv(database, { file: registryCsv, actor: 'eval', batchSize: 2000 });
  console.log(`registry: ${PERSONS} persons imported in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const base = await database.db
    .selectFrom('record')
    .innerJoin('source', 'source.id', 'record.source_id')
    .select(['record.external_id', 'record.person_id'])
    .where('source.name', '=', 'registry base')
    .execute();
  personOf = new Map(base.map((r) => [r.external_id, r.person_id]));
  known = [
    ...generatePopulation({ persons: PERSONS, seed: SEED, source: 'registry base', profile: 'realistic' }),
  ];
  orderOf = (rand) => known.map((_, k) => k).sort(() => rand() - 0.5);
}
const cli = unsafeRegistryPrincipal();

const write = (name: string, rows: CanonicalCsvRow[]): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, [CSV_HEADER, ...rows.map(csvLine)].join('\n') + '\n');
  return f;
};

type Truth =
  | { outcome: 'returned'; entry: string }
  | { outcome: 'returned_unlisted'; person: string }
  | { outcome: 'returned_unknown' };

const totals = { lines: 0, right: 0, listSeconds: 0, reconcileSeconds: 0 };
const wrongBy: Record<string, number> = {};
const examples: string[] = [];
for (let s = 0; s < SETS; s++) {
  const rand = mulberry32(SEED * 1000 + s);
  const strangers = generatePopulation({
    persons: LIST,
    seed: SEED + 5000 + s,
    source: 'x',
    profile: 'realistic',
  });
  const order = orderOf(rand);
  const picked = order.slice(0, LIST).map((i) => known[i] as CanonicalCsvRow);
  const others = order.slice(LIST, LIST * 2).map((i) => known[i] as CanonicalCsvRow);
  // Our list: registry persons as our base records write them, and some people the registry lacks.
  const list: (CanonicalCsvRow & { truth: string })[] = picked.map((row, i) => {
    if (rand() < 0.04) {
      const x = strangers.next().value as CanonicalCsvRow;
      return { ...x, external_id: `e${i}`, service_number: '', truth: `new-${s}-${i}` };
    }
    return { ...row, external_id: `e${i}`, source: '', truth: row.external_id };
  });
  const crossed: (CanonicalCsvRow & { want: Truth })[] = [];
  const crossedEntries = new Set<string>();
  for (const e of list) {
    if (rand() >= 0.92) continue;
    crossedEntries.add(e.external_id);
    crossed.push({
      ...variantOf(e, `c${crossed.length}`, '', THEIRS, rand),
      want: { outcome: 'returned', entry: e.external_id },
    });
  }
  for (let i = 0; i < Math.round(LIST * 0.03); i++) {
    const row = others[i] as CanonicalCsvRow;
    crossed.push({
      ...variantOf(row, `c${crossed.length}`, '', THEIRS, rand),
      want: { outcome: 'returned_unlisted', person: personOf.get(row.external_id) as string },
    });
  }
  for (let i = 0; i < Math.round(LIST * 0.02); i++) {
    const x = strangers.next().value as CanonicalCsvRow;
    crossed.push({
      ...variantOf({ ...x, service_number: '' }, `c${crossed.length}`, '', THEIRS, rand),
      want: { outcome: 'returned_unknown' },
    });
  }
  crossed.sort(() => rand() - 0.5);
  const listFile = write(
    `list-${s}.csv`,
    list.map(({ truth: _t, ...r }) => ({ ...r, status: '', category: '' })),
  );
  const crossedFile = write(
    `crossed-${s}.csv`,
    crossed.map(({ want: _w, ...r }) => ({ ...r, source: '', status: '', category: '' })),
  );
  const x = await createExchange(database, cli, { name: `eval ${s}` });
  t0 = Date.now();
  await addListVersion(database, cli, x.id, 'ours', listFile);
  totals.listSeconds += (Date.now() - t0) / 1000;
  t0 = Date.now();
  const r = await reconcileExchange(database, cli, x.id, crossedFile);
  totals.reconcileSeconds += (Date.now() - t0) / 1000;
  const wantOf = new Map(crossed.map((c) => [c.external_id, c.want]));
  for (const line of r.lines) {
    totals.lines++;
    let ok: boolean;
    let want: string;
    if (line.outcome === 'not_returned' || line.external_id === undefined) {
      ok = line.outcome === 'not_returned' && !crossedEntries.has(line.entry_external_id ?? '');
      want = 'returned';
    } else {
      const w = wantOf.get(line.external_id) as Truth;
      want = w.outcome;
      ok =
        w.outcome === line.outcome &&
        (w.outcome !== 'returned' || w.entry === line.entry_external_id) &&
        (w.outcome !== 'returned_unlisted' || w.person === line.person_id);
    }
    if (ok) totals.right++;
    else {
      const k = `${want} → ${line.outcome}`;
      wrongBy[k] = (wrongBy[k] ?? 0) + 1;
      if (examples.length < 12) {
        const row = crossed.find((c) => c.external_id === line.external_id);
        const w = row?.want;
        const entry = w?.outcome === 'returned' ? list.find((e) => e.external_id === w.entry) : undefined;
        const names = (r: CanonicalCsvRow | undefined) =>
          r ? [r.family_name, r.given_name, r.patronymic, r.birth_date].join(' ') : '';
        examples.push(
          `${k}: ${line.external_id ?? line.entry_external_id} [${names(row)}] ← [${names(entry)}]`,
        );
      }
    }
  }
}
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify(
    {
      persons: PERSONS,
      list: LIST,
      sets: SETS,
      noise: 'typical; theirs in ru / ICAO / BGN',
      lines: totals.lines,
      right: r3(totals.right / totals.lines),
      wrong: wrongBy,
      seconds_per_list: r3(totals.listSeconds / SETS),
      seconds_per_reconcile: r3(totals.reconcileSeconds / SETS),
      load_average_after: os.loadavg().map((x) => r3(x)),
    },
    null,
    2,
  ),
);
if (examples.length > 0) console.log(examples.join('\n'));
if (profiling()) console.error(phaseTable());
await database.close();
await drop?.();
fs.rmSync(dir, { recursive: true, force: true });
