import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * The tables a linked import writes whose secondary indexes a first bulk load builds once, after its last
 * batch, instead of maintaining them row by row (bench/RESULTS.md, `plite`). Unique indexes and those
 * behind constraints stay: the writes' `ON CONFLICT` and the foreign keys need them.
 */
const DEFERRED_TABLES = ['record', 'person', 'event', 'link', 'family_key', 'review_pair'] as const;

/**
 * Indexes the load itself reads by (a person's records and events when its view is refreshed or a pair is
 * proposed, a review pair's persons, a merged person's survivor): kept, else each of those reads a table.
 */
const KEPT = new Set([
  'record_person',
  'event_by_person',
  'review_pair_left',
  'review_pair_right',
  'person_merged_into',
]);

/** An index dropped for the load, with the statement that builds it again. */
export interface DeferredIndex {
  name: string;
  definition: string;
}

/**
 * Drops the secondary indexes of the tables a linked import writes, returning how to build them again;
 * call inside the load's transaction (DROP INDEX locks each table against every other session until it
 * ends, and a rollback brings the indexes back).
 */
export async function dropSecondaryIndexes(trx: Kysely<DB>): Promise<DeferredIndex[]> {
  const r = await sql<DeferredIndex>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND t.relname = ANY(${[...DEFERRED_TABLES]}::text[])
      AND NOT i.indisunique AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY t.relname, c.relname`.execute(trx);
  const dropped = r.rows.filter((d) => !KEPT.has(d.name));
  for (const d of dropped) await sql`DROP INDEX ${sql.id(d.name)}`.execute(trx);
  return dropped;
}

/** Builds the indexes `dropSecondaryIndexes` dropped, in the same transaction. */
export async function buildIndexes(trx: Kysely<DB>, indexes: readonly DeferredIndex[]): Promise<void> {
  for (const d of indexes) await sql.raw(d.definition).execute(trx);
}
