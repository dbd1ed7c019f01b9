/**
 * The two baselines a user would try first for person search in PostgreSQL, to compare Homecoming's search
 * against (README.md):
 *
 * (a) `trigram`: pg_trgm similarity of the query to the raw full name "family given patronymic", candidates
 *     by the `%` operator (pg_trgm.similarity_threshold, default 0.3) on a GIN trigram index, best 10.
 * (b) `translitTrigram`: the same on a naive transliteration to Latin (`generic_translit`, baselines.sql)
 *     of both sides; the query is also passed through lower(unaccent(…)) so ł, ż, ë match l, z, e.
 *
 * Both ignore birth info except as a tie-break between candidates of exactly equal similarity: a record
 * whose birth_date equals the query's birth comes first, then one with the same year, then the rest; last
 * by external_id, so the ranking is deterministic.
 *
 * They run over `record(external_id, family_name, given_name, patronymic, birth_date)`; run baselines.sql
 * (setupBaselines) once on that database first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Query } from './variants.js';

/** The part of a pg.Client (or a PGlite instance) the baselines use. */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export const BASELINES_SQL_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'baselines.sql');

/**
 * Creates the extensions, functions and trigram indexes of baselines.sql (idempotent). The script has
 * several statements: pg runs them in one query call; PGlite needs its `exec`.
 */
export async function setupBaselines(
  client: SqlClient & { exec?: (sql: string) => Promise<unknown> },
): Promise<void> {
  const sql = fs.readFileSync(BASELINES_SQL_PATH, 'utf8');
  if (typeof client.exec === 'function') await client.exec(sql);
  else await client.query(sql);
}

/** Tie-break on equal similarity: exact birth match, then same year ($2 is the query's birth, '' if none). */
const BIRTH_TIE_BREAK = `CASE WHEN $2::text = '' OR birth_date IS NULL THEN 0
      WHEN birth_date = $2::text THEN 2
      WHEN left(birth_date, 4) = left($2::text, 4) THEN 1
      ELSE 0 END DESC`;

const FULL_NAME = 'bench_full_name(family_name, given_name, patronymic)';

export const TRIGRAM_SQL = `SELECT external_id, similarity(${FULL_NAME}, $1) AS score
  FROM record
  WHERE ${FULL_NAME} % $1
  ORDER BY score DESC, ${BIRTH_TIE_BREAK}, external_id
  LIMIT 10`;

const QUERY_TRANSLIT = 'lower(unaccent(generic_translit($1::text)))';

export const TRANSLIT_TRIGRAM_SQL = `SELECT external_id, similarity(generic_translit(${FULL_NAME}), ${QUERY_TRANSLIT}) AS score
  FROM record
  WHERE generic_translit(${FULL_NAME}) % ${QUERY_TRANSLIT}
  ORDER BY score DESC, ${BIRTH_TIE_BREAK}, external_id
  LIMIT 10`;

async function ranked(client: SqlClient, sql: string, query: Pick<Query, 'q' | 'birth'>): Promise<string[]> {
  const { rows } = await client.query(sql, [query.q, query.birth]);
  return rows.map((row) => (row as { external_id: string }).external_id);
}

/** Baseline (a): pg_trgm on the raw full name. Returns up to 10 external_ids, best first. */
export function trigramBaseline(client: SqlClient, query: Pick<Query, 'q' | 'birth'>): Promise<string[]> {
  return ranked(client, TRIGRAM_SQL, query);
}

/** Baseline (b): pg_trgm on generic_translit of both sides. Returns up to 10 external_ids, best first. */
export function translitTrigramBaseline(
  client: SqlClient,
  query: Pick<Query, 'q' | 'birth'>,
): Promise<string[]> {
  return ranked(client, TRANSLIT_TRIGRAM_SQL, query);
}

export const BASELINES: readonly {
  name: string;
  run: (client: SqlClient, query: Pick<Query, 'q' | 'birth'>) => Promise<string[]>;
}[] = [
  { name: 'pg_trgm on the raw name', run: trigramBaseline },
  { name: 'pg_trgm on generic_translit', run: translitTrigramBaseline },
];
