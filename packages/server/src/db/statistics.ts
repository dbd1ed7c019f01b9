import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** Below this many records written, a bulk write leaves the planner's statistics as they are. */
export const ANALYZE_AT_LEAST = 1000;

/** The tables a bulk write of records (import, seed) fills. */
const TABLES = sql`record, person, link, event, review_pair, name_frequency, source`;

/**
 * Refreshes the planner's statistics after a bulk write of `added` records when they are a tenth or more
 * of the registry's records before it, and at least ANALYZE_AT_LEAST. PGlite runs no autovacuum, so
 * without this its statistics would stay as the first import left them; PostgreSQL's autovacuum analyses
 * only after a tenth of a table has changed and a minute has passed. Meanwhile a plan made from a small
 * table's statistics reads a large one as small: a staff search scoped through `person` took seconds to
 * minutes on a registry searched right after its import (bench/RESULTS.md, `load3`). ANALYZE samples
 * (about a second at a million records) and does not block reads or writes. Returns whether it ran.
 */
export async function analyzeAfterBulkWrite(db: Kysely<DB>, added: number): Promise<boolean> {
  if (added < ANALYZE_AT_LEAST) return false;
  const r = await sql<{ n: string }>`SELECT coalesce(sum(n), 0)::text AS n FROM name_frequency
    WHERE kind = 'records' AND key = ''`.execute(db);
  const total = Number(r.rows[0]?.n ?? 0);
  if (added * 10 < total - added) return false;
  await sql`ANALYZE ${TABLES}`.execute(db);
  return true;
}
