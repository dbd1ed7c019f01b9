import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { importCsv } from '../modules/imports/csvImport.js';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import type { Database } from '../db/database.js';
import { migrate, readMigrations } from '../db/migrate.js';

/** A record's stored name keys, as a name-keys version test reads them. */
export interface StoredKeys {
  external_id: string;
  key_family: string | null;
  key_given: string | null;
  keys_version: number | null;
}

/** Every record's stored name keys, by external id. */
export async function storedKeys(database: Database): Promise<Record<string, StoredKeys>> {
  const r = await sql<StoredKeys>`SELECT external_id, key_family, key_given, keys_version
    FROM record ORDER BY external_id`.execute(database.db);
  return Object.fromEntries(r.rows.map((k) => [k.external_id, k]));
}

/** Forgets that one migration ran and runs it again (as over a registry keyed before it); returns what ran. */
export async function rerunMigration(database: Database, version: string): Promise<string[]> {
  await sql`DELETE FROM schema_migration WHERE version = ${version}`.execute(database.db);
  return migrate(
    database.pool,
    readMigrations().filter((m) => m.version === version),
  );
}

/** A name-keys version test's scratch registry, opened before its describe block and disposed of after. */
export interface KeysRegistry {
  /** The registry's database (throws before the block's `beforeAll` has run). */
  database(): Database;
  /** Imports `csv` (canonical columns, generated people only) as a desk's list. */
  load(csv: string): Promise<void>;
}

/** Opens a scratch registry of `kind` for the describe block that calls it. */
export function useKeysRegistry(kind: DatabaseKind): KeysRegistry {
  let t: TestDatabase | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-keys-'));
  });
  afterAll(async () => {
    await t?.dispose();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });
  const database = (): Database => {
    if (t === undefined) throw new Error('the registry is not open yet');
    return t.database;
  };
  return {
    database,
    load: async (csv) => {
      const file = path.join(dir as string, 'list.csv');
      fs.writeFileSync(file, csv);
      await importCsv(database(), { file, defaultSource: 'desk', actor: 'test' });
    },
  };
}

/** A name_frequency sum: kind, key and count (as text). */
export type NameCount = { kind: string; key: string; n: string };

/** name_frequency's sums per key, without keys that sum to nothing. */
export async function nameCounts(database: Database): Promise<NameCount[]> {
  const r = await sql<NameCount>`SELECT kind, key, sum(n)::text AS n FROM name_frequency
    GROUP BY kind, key HAVING sum(n) <> 0 ORDER BY kind, key`.execute(database.db);
  return r.rows;
}

/** The stored keys counted afresh, as name_frequency counts them (rows of kind, key, n). */
const STORED_KEYS_COUNTED = sql`
  SELECT 'family' AS kind, key_family AS key, count(*) AS n FROM record WHERE key_family IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'given', key_given, count(*) FROM record WHERE key_given IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'phonetic', key_family_phonetic, count(*) FROM record
    WHERE key_family_phonetic IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'father', key_father, count(*) FROM record WHERE key_father IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'father', '', count(*) FROM record WHERE key_father IS NOT NULL
  UNION ALL SELECT 'year', birth_year::text, count(*) FROM record WHERE birth_year IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'year', '', count(*) FROM record WHERE birth_year IS NOT NULL
  UNION ALL SELECT 'family_given', key_family || '|' || key_given, count(*) FROM record
    WHERE key_family IS NOT NULL AND key_given IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'given_father', key_given || '|' || key_father, count(*) FROM record
    WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'given_father', key_given || '|', count(*) FROM record
    WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'records', '', count(*) FROM record`;

/** What name_frequency should say: the stored keys, counted afresh. */
export async function recountedNames(database: Database): Promise<NameCount[]> {
  const r = await sql<NameCount>`SELECT kind, key, n::text AS n FROM (${STORED_KEYS_COUNTED}) c
    ORDER BY kind, key`.execute(database.db);
  return r.rows;
}

/**
 * Rewrites name_frequency as the stored keys count (and remembers their family keys), as a registry keyed by
 * an older version stood once a test has written that version's keys into some records.
 */
export async function countStoredKeys(database: Database): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`WITH c AS (DELETE FROM name_frequency RETURNING 1) INSERT INTO name_frequency (kind, key, n)
      ${STORED_KEYS_COUNTED}`.execute(trx);
    await sql`INSERT INTO family_key (key) SELECT DISTINCT key_family FROM record WHERE key_family IS NOT NULL
      ORDER BY 1 ON CONFLICT (key) DO NOTHING`.execute(trx);
  });
}
