/**
 * The end-of-import step of a first bulk load, in memory and through the database (`importCsv`'s
 * `relinkInMemory`): the same generated registry imported into two fresh databases, one each way, on the
 * three populations of `simulate:link` (realistic, its hold-out noise, harsh). Prints for each: the
 * persons' pairwise P / R / F1, how many were joined at the import's end, whether the two partitions are
 * identical, and each import's seconds (in process, from source: for the comparison only; the speed
 * figures are bench/import.ts's, built).
 *
 * The registry must stay under the import's memory limit (`BULK_MEMORY_INDEX_ROWS`, 40,000 records: about
 * 19,000 realistic persons, which carry 2.1 records each), or both imports take the database's way.
 *
 *   npx tsx --conditions=source bench/linkage/relinkMemory.ts --persons 15000 [--db pglite]
 *
 * `--ways a,b`: the ways to compare, each on its own database (default `database,memory`): `database` and
 * `memory` look up only the singletons a person the import touched may match (imp3), `all` every one
 * through the database (before imp3), `memory-all` every one in memory. `--files n` imports the registry
 * as n files in turn (each after the first into a registry that holds the others': the database's way).
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { importCsv } from '../../packages/server/src/modules/imports/csvImport.js';
import { createScratchDatabase, writeCanonicalCsv } from '../lib.js';
import { pairwiseScores } from './metrics.js';
import { PROFILES, registrySet, type Profile } from './sets.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '15000' },
    seed: { type: 'string', default: '5' },
    db: { type: 'string', default: 'postgres' },
    ways: { type: 'string', default: 'database,memory' },
    files: { type: 'string', default: '1' },
  },
});
const WAYS: Record<string, { relinkInMemory: boolean; relinkTouchedOnly: boolean }> = {
  database: { relinkInMemory: false, relinkTouchedOnly: true },
  memory: { relinkInMemory: true, relinkTouchedOnly: true },
  all: { relinkInMemory: false, relinkTouchedOnly: false },
  'memory-all': { relinkInMemory: true, relinkTouchedOnly: false },
};
const ways = values.ways.split(',').map((w) => {
  const way = WAYS[w];
  if (way === undefined) throw new Error(`--ways: one of ${Object.keys(WAYS).join(', ')}`);
  return { name: w, ...way };
});
const FILES = Number(values.files);
const PERSONS = Number(values.persons);
const SEED = Number(values.seed);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const POPULATIONS: { name: string; population: 'realistic' | 'harsh'; noise: Profile }[] = [
  { name: 'realistic', population: 'realistic', noise: 'typical' },
  { name: 'hold-out', population: 'realistic', noise: 'holdout' },
  { name: 'harsh', population: 'harsh', noise: 'harsh' },
];

async function fresh(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (values.db === 'pglite') {
    const database = await openDatabase({ memory: true });
    await migrate(database.pool);
    return { database, drop: () => database.close() };
  }
  const scratch = await createScratchDatabase('imp2_relink_mem');
  const database = await openDatabase({ url: scratch.url });
  await migrate(database.pool);
  return {
    database,
    drop: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** Each record's person as the sorted external ids of its records. */
async function partition(database: Database): Promise<{ external_id: string; person: string }[]> {
  const rows = await sql<{ external_id: string; person: string }>`
    SELECT r.external_id, string_agg(o.external_id, ' ' ORDER BY o.external_id) AS person
    FROM record r JOIN record o ON o.person_id = r.person_id GROUP BY r.external_id ORDER BY r.external_id`.execute(
    database.db,
  );
  return rows.rows;
}

console.log(`| population | records | way | import s | relinked | persons P / R / F1 | same partition |`);
console.log(`|---|---:|---|---:|---:|---|---|`);
for (const p of POPULATIONS) {
  if (!(p.noise in PROFILES)) throw new Error(`no noise profile ${p.noise}`);
  const registry = registrySet(PERSONS, SEED, PROFILES[p.noise], p.population);
  const truthOf = new Map(registry.map((r) => [r.external_id, r.truth]));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-relink-mem-'));
  const per = Math.ceil(registry.length / FILES);
  const csvs = Array.from({ length: FILES }, (_, k) => {
    const csv = path.join(dir, `registry-${k}.csv`);
    writeCanonicalCsv(csv, registry.slice(k * per, (k + 1) * per));
    return csv;
  });
  const partitions: { external_id: string; person: string }[][] = [];
  for (const way of ways) {
    const { database, drop } = await fresh();
    try {
      const t0 = Date.now();
      const s = { imported: 0, relinked: 0 };
      for (const csv of csvs) {
        const one = await importCsv(database, {
          file: csv,
          actor: 'bench',
          batchSize: 2000,
          relinkInMemory: way.relinkInMemory,
          relinkTouchedOnly: way.relinkTouchedOnly,
          // Each batch read once the one before has committed: where a block holds more records than a
          // lookup reads, the part read otherwise depends on when the batch before committed (main, c8e1b8e).
          readBesideWriter: false,
        });
        s.imported += one.imported;
        s.relinked += one.relinked;
      }
      const seconds = (Date.now() - t0) / 1000;
      const rows = await partition(database);
      partitions.push(rows);
      const scores = pairwiseScores(
        rows.map((r) => r.person),
        rows.map((r) => truthOf.get(r.external_id) as string),
      );
      const same = partitions.length >= 2 ? JSON.stringify(partitions[0]) === JSON.stringify(rows) : '';
      console.log(
        `| ${p.name} | ${s.imported} | ${way.name} | ${seconds.toFixed(1)} | ${s.relinked} | ${r3(scores.precision)} / ${r3(scores.recall)} / ${r3(scores.f1)} | ${same === '' ? '' : same ? 'yes' : '**no**'} |`,
      );
    } finally {
      await drop();
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
