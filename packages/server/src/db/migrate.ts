import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlPool } from './driver.js';

/** The committed SQL migrations, next to src/ and dist/ alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** A migration file: `NNNN_name.sql`, applied in order of its number. */
export interface Migration {
  version: string;
  file: string;
  sql: string;
}

/** Reads the migrations folder, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: file.slice(0, 4), file, sql: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

// Any fixed number: it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_142_001;

/**
 * The tables a migration asks to have vacuumed once it is committed, by lines `-- vacuum: <table>`: a migration
 * that rewrites a table (a stored generated column, a type change) leaves its visibility map empty, and every
 * index-only scan of that table then reads the heap — until autovacuum comes, which on an insert-mostly table
 * may be after a fifth of its rows again (measured: a 10,000-row list against 1,000,000 persons 9 s → 18 s
 * after 0060). VACUUM cannot run inside the migration's transaction.
 */
export function tablesToVacuum(migration: Pick<Migration, 'sql'>): string[] {
  return [...migration.sql.matchAll(/^-- vacuum: ([a-z_][a-z0-9_]*)\s*$/gmu)].map((m) => m[1] as string);
}

/**
 * Applies the migrations not yet applied, each in its own transaction, forward only, then vacuums the tables
 * they ask for (`tablesToVacuum`). Concurrent migrators on one PostgreSQL server queue on an advisory lock.
 * Returns the versions applied.
 */
export async function migrate(pool: SqlPool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.exec(
      'CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    if (pool.kind === 'postgres') await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const done = new Set(
        (await client.query<{ version: string }>('SELECT version FROM schema_migration')).rows.map(
          (r) => r.version,
        ),
      );
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.exec('BEGIN');
        try {
          await client.exec(m.sql);
          await client.query('INSERT INTO schema_migration (version) VALUES ($1)', [m.version]);
          await client.exec('COMMIT');
        } catch (err) {
          await client.exec('ROLLBACK');
          throw new Error(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.version);
      }
      const vacuum = new Set(migrations.filter((m) => applied.includes(m.version)).flatMap(tablesToVacuum));
      for (const table of vacuum) await client.exec(`VACUUM (ANALYZE) ${table}`);
    } finally {
      if (pool.kind === 'postgres') await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}

/** The migrations that exist in code but not in the database (empty = ready). */
export async function pendingMigrations(pool: SqlPool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  try {
    const exists = await client.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migration')::text AS t",
    );
    if (!exists.rows[0]?.t) return migrations.map((m) => m.version);
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migration')).rows.map(
        (r) => r.version,
      ),
    );
    return migrations.filter((m) => !done.has(m.version)).map((m) => m.version);
  } finally {
    client.release();
  }
}
