/**
 * name_frequency against the stored keys, for the name-keys tests and bench/linkage/reindexRate.ts (no test
 * runner here, so a bench script may import it).
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

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
