/**
 * Where a PGlite import's write statement spends its CPU (bench/RESULTS.md, pgl2): inserts copies of
 * stored rows (new ids, new external ids) into a registry a first load left, inside a transaction rolled
 * back, and measures the process's CPU (PGlite runs on this thread) of each INSERT — into record, person
 * and event, and into record with each of its secondary indexes dropped in turn (the drop rolled back with
 * the insert), so that an index's share is the CPU its absence saves. Rounds alternate the variants.
 *
 *   npx tsx --conditions=source bench/pgliteWrite.ts --data <a copy of a PGlite folder> [--rows 2000] [--rounds 3]
 */
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../packages/server/src/db/database.js';
import type { DB } from '../packages/server/src/db/schema.js';

const args = process.argv.slice(2);
const at = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = at('--data');
if (data === undefined)
  throw new Error('--data FOLDER (a copy: nothing is kept, but it is opened for writing)');
const rows = Number(at('--rows') ?? 2000);
const rounds = Number(at('--rounds') ?? 3);

const database = await openDatabase({ dataDir: data });
const db = database.db;

/** Rolls a transaction back, as `fn` leaves it. */
class Rollback extends Error {}

/** CPU (ms, user + system) of `insert` inside a transaction rolled back, after `before` in it. */
async function measure(
  before: (trx: Kysely<DB>) => Promise<void>,
  insert: (trx: Kysely<DB>) => Promise<void>,
): Promise<number> {
  let ms = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      await before(trx);
      const cpu = process.cpuUsage();
      await insert(trx);
      const used = process.cpuUsage(cpu);
      ms = (used.user + used.system) / 1000;
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return ms;
}

// Copies of stored rows, made before each insert (not measured): new ids, so every index takes new keys.
const copy = (table: 'record' | 'person' | 'event', alter: string) => async (trx: Kysely<DB>) => {
  await sql
    .raw(`CREATE TEMP TABLE src ON COMMIT DROP AS SELECT * FROM ${table} ORDER BY id LIMIT ${rows}`)
    .execute(trx);
  await sql.raw(`UPDATE src SET ${alter}`).execute(trx);
};
const insertFrom = (table: string) => async (trx: Kysely<DB>) => {
  await sql.raw(`INSERT INTO ${table} SELECT * FROM src`).execute(trx);
};

const indexes = (
  await sql<{ name: string; def: string; unique: boolean }>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, i.indisunique AS unique
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = 'record'::regclass ORDER BY c.relname`.execute(db)
).rows;
const secondary = indexes.filter((i) => !i.unique);
const stored = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM record`.execute(db)).rows[0]?.n ?? 0;
console.log(
  `record: ${stored} rows, ${indexes.length} indexes, ${secondary.length} not unique; ${rows} rows a copy`,
);
for (const i of indexes) console.log(`  ${i.unique ? 'U' : ' '} ${i.def}`);

type Variant = {
  name: string;
  before: (trx: Kysely<DB>) => Promise<void>;
  insert: (trx: Kysely<DB>) => Promise<void>;
};
const recordCopy = copy('record', "id = gen_random_uuid(), external_id = external_id || '-w'");
const variants: Variant[] = [
  { name: 'record (every index)', before: recordCopy, insert: insertFrom('record') },
  {
    name: 'record (unique indexes only)',
    before: async (trx) => {
      await recordCopy(trx);
      for (const i of secondary) await sql.raw(`DROP INDEX ${i.name}`).execute(trx);
    },
    insert: insertFrom('record'),
  },
  ...secondary.map((i): Variant => ({
    name: `record without ${i.name}`,
    before: async (trx) => {
      await recordCopy(trx);
      await sql.raw(`DROP INDEX ${i.name}`).execute(trx);
    },
    insert: insertFrom('record'),
  })),
  // What a load that built them once at its end would pay instead: every secondary index built anew over
  // the whole table (the copies not inserted).
  {
    name: 'record: build every secondary index over the table',
    before: async (trx) => {
      for (const i of secondary) await sql.raw(`DROP INDEX ${i.name}`).execute(trx);
    },
    insert: async (trx) => {
      for (const i of secondary) await sql.raw(i.def).execute(trx);
    },
  },
  { name: 'person', before: copy('person', 'id = gen_random_uuid()'), insert: insertFrom('person') },
  {
    name: 'event',
    before: copy('event', 'id = gen_random_uuid(), record_id = NULL'),
    insert: insertFrom('event'),
  },
];

const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
const timesOf = (name: string): number[] => times.get(name) ?? [];
const first = variants[0] as Variant;
// One warm-up of the first, not counted.
await measure(first.before, first.insert);
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) timesOf(v.name).push(await measure(v.before, v.insert));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const all = median(timesOf('record (every index)'));
console.log(`\nCPU ms of one INSERT of ${rows} rows (median of ${rounds}; each round's figures)`);
for (const v of variants) {
  const t = timesOf(v.name);
  const saved = v.name.startsWith('record without') ? `  saves ${(all - median(t)).toFixed(0)}` : '';
  console.log(
    `${v.name.padEnd(58)} ${median(t).toFixed(0).padStart(6)}  [${t.map((x) => x.toFixed(0)).join(' ')}]${saved}`,
  );
}
await database.close();
