import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Category } from '../registry/vocabulary.js';
import { ageBandOf, type RegistryCounts } from './tables.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * The aggregate counts a statistics release is built from, over the whole registry: it bypasses
 * organisation scope (hence `unsafe`) and returns counts only, never a person. Withheld persons are
 * counted once, in `withheld`; merged-away persons not at all. `asOf` is the moment the counts describe
 * (ages are computed at it); run it in a repeatable-read transaction so all counts see one snapshot.
 */
export async function unsafeCountRegistryForStatistics(db: Db, asOf: Date): Promise<RegistryCounts> {
  const y = asOf.getUTCFullYear();
  const m = asOf.getUTCMonth() + 1;
  const d = asOf.getUTCDate();
  // Age in whole years at asOf from a full, year-month or year-only birth date (no date casts: a
  // partial date is text).
  const persons = await sql<{
    category: Category;
    status: string;
    sex: string;
    age: number | null;
    n: string;
  }>`
    SELECT category, status, coalesce(sex, 'unknown') AS sex,
      CASE
        WHEN birth_date IS NULL THEN NULL
        WHEN length(birth_date) = 10 THEN ${y}::int - substr(birth_date, 1, 4)::int
          - CASE WHEN substr(birth_date, 6, 2)::int * 100 + substr(birth_date, 9, 2)::int > ${m * 100 + d}::int
            THEN 1 ELSE 0 END
        WHEN length(birth_date) = 7 THEN ${y}::int - substr(birth_date, 1, 4)::int
          - CASE WHEN substr(birth_date, 6, 2)::int > ${m}::int THEN 1 ELSE 0 END
        ELSE ${y}::int - substr(birth_date, 1, 4)::int
      END AS age,
      count(*) AS n
    FROM person
    WHERE merged_into IS NULL AND NOT withheld
    GROUP BY 1, 2, 3, 4`.execute(db);
  const withheld = await sql<{ n: string }>`
    SELECT count(*) AS n FROM person WHERE merged_into IS NULL AND withheld`.execute(db);
  // Until exchanges are recorded (issue 13), an exchange is the day of a `returned_in_exchange` event;
  // a person is counted once per exchange however many sources reported the return.
  const returns = await sql<{ exchange: string; category: Category; n: string }>`
    SELECT CASE WHEN e.occurred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN e.occurred_on ELSE 'undated' END
        AS exchange,
      p.category, count(DISTINCT p.id) AS n
    FROM event e JOIN person p ON p.id = e.person_id
    WHERE e.type = 'returned_in_exchange' AND p.merged_into IS NULL AND NOT p.withheld
    GROUP BY 1, 2`.execute(db);
  return {
    persons: persons.rows.map((r) => ({
      category: r.category,
      status: r.status,
      sex: r.sex,
      age_band: ageBandOf(r.age === null ? null : Number(r.age)),
      count: Number(r.n),
    })),
    withheld: Number(withheld.rows[0]?.n ?? 0),
    returns: returns.rows.map((r) => ({ exchange: r.exchange, category: r.category, count: Number(r.n) })),
    asOfMonth: `${y}-${String(m).padStart(2, '0')}`,
  };
}

/** A release row as stored. */
export interface ReleaseRow {
  id: string;
  number: number | null;
  state: 'draft' | 'reviewed' | 'published' | 'discarded';
  threshold: number;
  method: 'suppression' | 'rounding';
  as_of: Date;
  corrects: number | null;
  correction_note: string | null;
  document: unknown;
  review: unknown;
  content_hash: string | null;
  created_at: Date;
  created_by: string;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  published_at: Date | null;
  published_by: string | null;
}

export async function insertRelease(
  db: Db,
  r: Pick<
    ReleaseRow,
    'id' | 'threshold' | 'method' | 'as_of' | 'corrects' | 'correction_note' | 'created_by'
  > & {
    document: unknown;
    review: unknown;
  },
): Promise<void> {
  await sql`
    INSERT INTO statistics_release (id, state, threshold, method, as_of, corrects, correction_note, document,
      review, created_by)
    VALUES (${r.id}, 'draft', ${r.threshold}, ${r.method}, ${r.as_of}, ${r.corrects}, ${r.correction_note},
      ${JSON.stringify(r.document)}::jsonb, ${JSON.stringify(r.review)}::jsonb, ${r.created_by})`.execute(db);
}

export async function selectRelease(db: Db, id: string, forUpdate = false): Promise<ReleaseRow | undefined> {
  const lock = forUpdate ? sql`FOR UPDATE` : sql``;
  const r = await sql<ReleaseRow>`SELECT * FROM statistics_release WHERE id = ${id} ${lock}`.execute(db);
  return r.rows[0];
}

export async function selectReleases(db: Db): Promise<ReleaseRow[]> {
  const r = await sql<ReleaseRow>`
    SELECT id, number, state, threshold, method, as_of, corrects, correction_note, content_hash, created_at,
      created_by, reviewed_at, reviewed_by, published_at, published_by, NULL AS document, NULL AS review
    FROM statistics_release ORDER BY created_at DESC LIMIT 200`.execute(db);
  return r.rows;
}

export async function setReviewed(db: Db, id: string, by: string): Promise<void> {
  await sql`UPDATE statistics_release SET state = 'reviewed', reviewed_at = now(), reviewed_by = ${by}
    WHERE id = ${id}`.execute(db);
}

export async function setDiscarded(db: Db, id: string): Promise<void> {
  await sql`UPDATE statistics_release SET state = 'discarded' WHERE id = ${id}`.execute(db);
}

/** The next release number; the table lock keeps numbers gapless when two publishers race. */
export async function nextReleaseNumber(db: Db): Promise<number> {
  await sql`LOCK TABLE statistics_release IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  const r = await sql<{
    n: number;
  }>`SELECT coalesce(max(number), 0) + 1 AS n FROM statistics_release`.execute(db);
  return Number(r.rows[0]?.n ?? 1);
}

export async function setPublished(
  db: Db,
  id: string,
  p: { number: number; document: unknown; contentHash: string; by: string; at: Date },
): Promise<void> {
  await sql`UPDATE statistics_release SET state = 'published', number = ${p.number},
      document = ${JSON.stringify(p.document)}::jsonb, content_hash = ${p.contentHash}, published_at = ${p.at},
      published_by = ${p.by}
    WHERE id = ${id}`.execute(db);
}

/** A published release's public document, by number (or the latest). */
export async function selectPublished(
  db: Db,
  number: number | 'latest',
): Promise<{ number: number; document: unknown; content_hash: string } | undefined> {
  const where = number === 'latest' ? sql`` : sql`AND number = ${number}`;
  const r = await sql<{ number: number; document: unknown; content_hash: string }>`
    SELECT number, document, content_hash FROM statistics_release
    WHERE state = 'published' ${where} ORDER BY number DESC LIMIT 1`.execute(db);
  return r.rows[0];
}

/** The published releases, newest first (the public history). */
export async function selectPublishedList(
  db: Db,
): Promise<
  { number: number; as_of: Date; published_at: Date; content_hash: string; corrects: number | null }[]
> {
  const r = await sql<{
    number: number;
    as_of: Date;
    published_at: Date;
    content_hash: string;
    corrects: number | null;
  }>`SELECT number, as_of, published_at, content_hash, corrects FROM statistics_release
    WHERE state = 'published' ORDER BY number DESC`.execute(db);
  return r.rows;
}

export async function selectLatestNumber(db: Db): Promise<number | null> {
  const r = await sql<{ n: number | null }>`
    SELECT max(number) AS n FROM statistics_release WHERE state = 'published'`.execute(db);
  const n = r.rows[0]?.n;
  return n === null || n === undefined ? null : Number(n);
}
