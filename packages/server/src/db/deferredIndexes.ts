import type { SqlClient, SqlPool } from './driver.js';

/**
 * Secondary indexes a first bulk load drops at its start and builds once at its end (bench/RESULTS.md,
 * `pgl2`, `pidx`): on the embedded database the record table's were ~90% of the load's write, and
 * building them once over the loaded rows costs a quarter of maintaining them row by row. Each batch
 * still commits on its own (a killed load resumes), so the dropped definitions are kept durably, in
 * `deferred_index`, by the transaction that drops them; whatever is listed there is built again and the
 * list emptied by every start (`migrate`), by every import, and by the load itself at its end.
 */

/** The table whose secondary indexes a first bulk load defers. */
const DEFERRED_TABLE = 'record';

/**
 * Kept while the load runs: it reads by them. `record_person` serves the persons' records (the end
 * step's touched persons, the best views); `record_keys_missing` is partial and holds no loaded row.
 */
const KEPT = new Set(['record_person', 'record_keys_missing']);

/** Whether a database has the list (migration 0047 applied). */
async function hasList(client: SqlClient): Promise<boolean> {
  const r = await client.query<{ t: string | null }>("SELECT to_regclass('deferred_index')::text AS t");
  return Boolean(r.rows[0]?.t);
}

/**
 * Drops the record table's secondary indexes but the kept ones, listing their definitions in the same
 * transaction. Uniques and constraints stay. Returns the names dropped.
 */
export async function deferIndexes(pool: SqlPool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.exec('BEGIN');
    try {
      const found = await client.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition
           FROM pg_indexes i
           JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
           JOIN pg_index x ON x.indexrelid = c.oid
          WHERE i.schemaname = current_schema() AND i.tablename = $1
            AND NOT x.indisunique AND NOT x.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
          ORDER BY i.indexname`,
        [DEFERRED_TABLE],
      );
      const dropped: string[] = [];
      for (const { name, definition } of found.rows) {
        if (KEPT.has(name)) continue;
        await client.query(
          'INSERT INTO deferred_index (name, table_name, definition) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
          [name, DEFERRED_TABLE, definition],
        );
        await client.exec(`DROP INDEX ${quoteIdent(name)}`);
        dropped.push(name);
      }
      await client.exec('COMMIT');
      return dropped;
    } catch (err) {
      await client.exec('ROLLBACK');
      throw err;
    }
  } finally {
    client.release();
  }
}

/**
 * Builds every index listed in `deferred_index` that is missing and empties the list, in one
 * transaction (a kill meanwhile leaves the list as it was, for the next start). Returns the names built.
 */
export async function restoreDeferredIndexes(pool: SqlPool): Promise<string[]> {
  const client = await pool.connect();
  try {
    return await restoreOn(client);
  } finally {
    client.release();
  }
}

/** `restoreDeferredIndexes` on a client already held (migrate's). */
export async function restoreOn(client: SqlClient): Promise<string[]> {
  if (!(await hasList(client))) return [];
  const listed = await client.query<{ name: string; definition: string }>(
    'SELECT name, definition FROM deferred_index ORDER BY name',
  );
  if (listed.rows.length === 0) return [];
  await client.exec('BEGIN');
  try {
    const built: string[] = [];
    for (const { name, definition } of listed.rows) {
      const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
        quoteIdent(name),
      ]);
      if (!exists.rows[0]?.t) {
        await client.exec(definition);
        built.push(name);
      }
      await client.query('DELETE FROM deferred_index WHERE name = $1', [name]);
    }
    await client.exec('COMMIT');
    return built;
  } catch (err) {
    await client.exec('ROLLBACK');
    throw err;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
