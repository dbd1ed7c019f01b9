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

/** Each record's stored father key, by external id (storedKeys leaves it out). */
export async function storedFathers(database: Database): Promise<Record<string, string | null>> {
  const r = await sql<{ external_id: string; key_father: string | null }>`SELECT external_id, key_father
    FROM record ORDER BY external_id`.execute(database.db);
  return Object.fromEntries(r.rows.map((k) => [k.external_id, k.key_father]));
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

export { countStoredKeys, nameCounts, recountedNames, type NameCount } from './nameCounts.js';
