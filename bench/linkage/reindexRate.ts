/**
 * How fast a registry's name keys are re-keyed whole at start (records/s), and that the result is exact: a
 * seeded registry (generated people, `seed --profile realistic`) is re-keyed by clearing every record's
 * keys_version and rebuilding (MODES=clear) or by a check of every record (MODES=check, migration 0057's way;
 * skipped in a tree without it); the keys, the name counts (sums per kind and key) and the remembered family
 * keys must equal the seeded ones.
 *
 *   RECORDS=50000 DATABASES=postgres,pglite DB_PREFIX=me nice -n 5 npx tsx --conditions=source bench/linkage/reindexRate.ts
 *
 * PostgreSQL: the seeded registry is kept as `<prefix>_rate_seed_<n>` (KEEP_SEED=0 drops it at the end) and
 * each run works on a copy of it; run the same script in two trees (before and after) to compare them on
 * one seed. `PGLITE_RECORDS` (default 20,000) sizes the embedded run, seeded in memory each time. Prints
 * the time the migrations took on open (a migration that clears keys runs there), the reindex's time and
 * rate, and whether everything matched.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../packages/server/src/db/database.js';
import { migrate } from '../../packages/server/src/db/migrate.js';
import { seedRegistry } from '../../packages/server/src/seed/seedRegistry.js';
import { reindexNameKeys } from '../../packages/server/src/modules/search/reindex.js';
import { countStoredKeys } from '../../packages/server/src/test/nameCounts.js';
import '../../packages/server/src/wiring.js';

const records = Number(process.env['RECORDS'] ?? 50000);
const pgliteRecords = Number(process.env['PGLITE_RECORDS'] ?? 20000);
const kinds = (process.env['DATABASES'] ?? 'postgres,pglite').split(',');
const prefix = process.env['DB_PREFIX'] ?? 'bench';
const admin = process.env['ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const keepSeed = process.env['KEEP_SEED'] !== '0';

const urlOf = (name: string): string => {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
};

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

async function seed(database: Database, n: number): Promise<void> {
  const t0 = performance.now();
  await seedRegistry(database, { persons: n, seed: 7, profile: 'realistic', actor: 'bench' });
  console.log(`seeded ${n} persons in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * What the reindex must leave as it found it: every record's keys (not the version that wrote them: the seed
 * may be of an older tree), the name counts, the family keys.
 */
async function snapshot(database: Database): Promise<{ keys: string; counts: string; families: string }> {
  const keys = await sql<{
    h: string;
  }>`SELECT md5(string_agg(concat_ws('|', id, key_family, key_family_phonetic,
      key_given, key_father), ',' ORDER BY id)) AS h FROM record`.execute(database.db);
  const counts = await sql<{
    h: string;
  }>`SELECT md5(string_agg(kind || ':' || key || '=' || n, ',' ORDER BY kind,
      key)) AS h FROM (SELECT kind, key, sum(n) AS n FROM name_frequency GROUP BY kind, key HAVING sum(n) <> 0) c`.execute(
    database.db,
  );
  const families = await sql<{
    h: string;
  }>`SELECT md5(string_agg(key, ',' ORDER BY key)) AS h FROM family_key`.execute(database.db);
  return {
    keys: keys.rows[0]?.h ?? '',
    counts: counts.rows[0]?.h ?? '',
    families: families.rows[0]?.h ?? '',
  };
}

const secondsSince = (t0: number): number => (performance.now() - t0) / 1000;

/**
 * One upgrade, timed: `clear` sets keys_version to NULL on every record (what a migration that re-keys all
 * by clearing does, 0019–0056's way) and rebuilds them all; `check` keys 1% of the records as an older version
 * might have (their given names otherwise, counts and family keys to match) and asks for a check of every
 * record (name_keys_check, migration 0057's way; only in a tree that has it). Either must end with the seeded
 * keys, name counts and family keys.
 */
async function measure(label: string, database: Database, mode: 'clear' | 'check'): Promise<void> {
  const before = await snapshot(database);
  const total = Number(
    (await sql<{ n: string }>`SELECT count(*)::text AS n FROM record`.execute(database.db)).rows[0]?.n ?? 0,
  );
  let prepared: number;
  if (mode === 'clear') {
    const t0 = performance.now();
    await sql`UPDATE record SET keys_version = NULL WHERE keys_version IS NOT NULL`.execute(database.db);
    prepared = secondsSince(t0);
  } else {
    await sql`UPDATE record SET key_given = 'old:' || coalesce(key_given, '')
      WHERE get_byte(decode(md5(id::text), 'hex'), 0) < 3`.execute(database.db);
    await countStoredKeys(database);
    const t0 = performance.now();
    await sql`INSERT INTO name_keys_check (version) VALUES (8)
      ON CONFLICT (version) DO UPDATE SET after = EXCLUDED.after`.execute(database.db);
    prepared = secondsSince(t0);
  }
  const t0 = performance.now();
  let shown = 0;
  const done = await reindexNameKeys(database, {
    onProgress: (d, t) => {
      if (d !== shown && (d - shown >= 50000 || d === t)) {
        shown = d;
        console.log(`  ${d} / ${t} in ${secondsSince(t0).toFixed(1)} s`);
      }
    },
  });
  const s = secondsSince(t0);
  const after = await snapshot(database);
  const same = (k: keyof typeof before) => (before[k] === after[k] ? 'same' : 'DIFFERENT');
  console.log(
    `${label} ${mode}: marking ${prepared.toFixed(1)} s, reindex ${s.toFixed(1)} s (${done} records rewritten); ` +
      `${total} records / ${(prepared + s).toFixed(1)} s = ${Math.round(total / (prepared + s))} records/s; ` +
      `keys ${same('keys')}, name counts ${same('counts')}, family keys ${same('families')}`,
  );
}

async function hasCheck(database: Database): Promise<boolean> {
  const r = await sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'name_keys_check'`.execute(
    database.db,
  );
  return r.rows.length > 0;
}

const modes = (process.env['MODES'] ?? 'clear,check').split(',') as ('clear' | 'check')[];

for (const kind of kinds) {
  if (kind === 'postgres') {
    const seedName = `${prefix}_rate_seed_${records}`;
    const runName = `${prefix}_rate_run_${process.pid}`;
    const exists = await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${seedName}'`);
    if (exists.rowCount === 0) {
      await adminQuery(`CREATE DATABASE ${seedName}`);
      const database = await openDatabase({ url: urlOf(seedName) });
      await migrate(database.pool);
      await seed(database, records);
      await database.close();
    }
    for (const mode of modes) {
      await adminQuery(`CREATE DATABASE ${runName} TEMPLATE ${seedName}`);
      try {
        const database = await openDatabase({ url: urlOf(runName) });
        const t0 = performance.now();
        const ran = await migrate(database.pool);
        console.log(`migrations on open: [${ran.join(', ')}] in ${secondsSince(t0).toFixed(1)} s`);
        // The seeded keys first (a migration on open may have asked for a check).
        await reindexNameKeys(database);
        if (mode === 'clear' || (await hasCheck(database)))
          await measure(`PostgreSQL ${records}`, database, mode);
        await database.close();
      } finally {
        await adminQuery(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
      }
    }
    if (!keepSeed) await adminQuery(`DROP DATABASE IF EXISTS ${seedName} WITH (FORCE)`);
  } else if (kind === 'pglite') {
    const database = await openDatabase({ memory: true });
    await migrate(database.pool);
    await seed(database, pgliteRecords);
    await reindexNameKeys(database);
    for (const mode of modes)
      if (mode === 'clear' || (await hasCheck(database)))
        await measure(`PGlite ${pgliteRecords}`, database, mode);
    await database.close();
  } else throw new Error(`unknown database ${kind}`);
}
