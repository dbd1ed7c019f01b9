import { sql } from 'kysely';
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
