import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Category } from '../registry/vocabulary.js';
import { ageBandOf, captivityBandOf, type ExchangeFigureCounts, type RegistryCounts } from './tables.js';

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

/**
 * The latest published release with its review (the true counts of what it hid): a new release is
 * suppressed beside it, so that the two read together disclose nothing either hides.
 */
export async function selectLatestPublishedWithReview(
  db: Db,
): Promise<Pick<ReleaseRow, 'number' | 'method' | 'document' | 'review'> | undefined> {
  const r = await sql<Pick<ReleaseRow, 'number' | 'method' | 'document' | 'review'>>`
    SELECT number, method, document, review FROM statistics_release
    WHERE state = 'published' ORDER BY number DESC LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row && { ...row, number: Number(row.number) };
}

/**
 * Every published release by suppression with its review, oldest first: a new release is suppressed
 * beside them all together (every published release is public, and any of them can be read beside it).
 */
export async function selectPublishedSuppressedWithReview(
  db: Db,
): Promise<Pick<ReleaseRow, 'number' | 'method' | 'document' | 'review'>[]> {
  const r = await sql<Pick<ReleaseRow, 'number' | 'method' | 'document' | 'review'>>`
    SELECT number, method, document, review FROM statistics_release
    WHERE state = 'published' AND method = 'suppression' ORDER BY number`.execute(db);
  return r.rows.map((row) => ({ ...row, number: Number(row.number) }));
}

export async function selectLatestNumber(db: Db): Promise<number | null> {
  const r = await sql<{ n: number | null }>`
    SELECT max(number) AS n FROM statistics_release WHERE state = 'published'`.execute(db);
  const n = r.rows[0]?.n;
  return n === null || n === undefined ? null : Number(n);
}

/**
 * The per-exchange figures' aggregate counts: persons returned in a recorded exchange (a reconciliation
 * row that wrote a `returned_in_exchange` event), once per exchange, merged-away and withheld persons
 * left out as in the `returns` counts. Age is at the day of the exchange's events; time in captivity runs
 * from the first full-dated report of captivity to that day (as the exchange's own figures count it). Officer and civilian
 * come from the agreed list entry's categories, military and civilian otherwise from the person's
 * category. Counts only, never a person (groups by exact age and days are banded here, not returned).
 */
export async function unsafeCountExchangeFiguresForStatistics(db: Db): Promise<ExchangeFigureCounts> {
  const r = await sql<{
    exchange_id: string;
    name: string;
    held_on: string | null;
    day: string;
    category: Category;
    service: 'officer' | 'military_other' | 'civilian' | 'unknown';
    age: number | null;
    days: number | null;
    n: string;
  }>`
    WITH returned AS (
      SELECT DISTINCT ON (x.id, p.id) x.id AS exchange_id, x.name, x.held_on::text AS held_on,
        e.occurred_on AS day, p.id AS person_id, p.category, p.birth_date,
        coalesce(le.categories, '{}') AS entry_categories
      FROM exchange_reconciliation_row r
      JOIN exchange_reconciliation rc ON rc.exchange_id = r.exchange_id
      JOIN exchange x ON x.id = r.exchange_id
      JOIN event e ON e.id = r.event_id
      JOIN person p ON p.id = e.person_id
      LEFT JOIN LATERAL (
        SELECT l.categories FROM exchange_list_entry l
        WHERE l.version_id = rc.list_version_id AND l.external_id = r.entry_external_id LIMIT 1
      ) le ON true
      WHERE r.event_id IS NOT NULL AND e.type = 'returned_in_exchange'
        AND e.occurred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND p.merged_into IS NULL AND NOT p.withheld
      ORDER BY x.id, p.id
    ), measured AS (
      SELECT t.*,
        CASE
          WHEN 'officer' = ANY(t.entry_categories) THEN 'officer'
          WHEN t.category = 'military' THEN 'military_other'
          WHEN 'civilian' = ANY(t.entry_categories) OR 'child' = ANY(t.entry_categories)
            OR t.category IN ('civilian_detainee', 'deported_child') THEN 'civilian'
          ELSE 'unknown'
        END AS service,
        CASE
          WHEN t.birth_date IS NULL THEN NULL
          WHEN length(t.birth_date) = 10 THEN extract(year FROM age(t.day::date, t.birth_date::date))::int
          ELSE substr(t.day, 1, 4)::int - substr(t.birth_date, 1, 4)::int
        END AS age,
        (SELECT t.day::date - min(c.occurred_on)::date FROM event c
          WHERE c.person_id = t.person_id
            AND c.type IN ('captivity_reported', 'captivity_confirmed')
            AND c.occurred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND c.occurred_on <= t.day) AS days
      FROM returned t
    )
    SELECT exchange_id, name, held_on, day, category, service, age, days, count(*) AS n
    FROM measured GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  // Public labels: the exchange's date and name (a number added if two coincide).
  const labelOf = new Map<string, string>();
  const used = new Set<string>();
  for (const row of [...r.rows].sort((a, b) => (a.exchange_id < b.exchange_id ? -1 : 1))) {
    if (labelOf.has(row.exchange_id)) continue;
    const base = `${row.held_on ?? 'undated'} ${row.name}`;
    let label = base;
    for (let i = 2; used.has(label); i++) label = `${base} (${i})`;
    used.add(label);
    labelOf.set(row.exchange_id, label);
  }
  const groups = new Map<string, ExchangeFigureCounts['groups'][number]>();
  const days = new Map<string, number[]>();
  const eventDays = new Map<string, Set<string>>();
  for (const row of r.rows) {
    const exchange = labelOf.get(row.exchange_id) as string;
    const n = Number(row.n);
    const g = {
      exchange,
      category: row.category,
      service: row.service,
      age_band: ageBandOf(row.age === null ? null : Number(row.age)),
      captivity_band: captivityBandOf(row.days === null ? null : Number(row.days)),
    };
    const k = JSON.stringify(g);
    groups.set(k, { ...g, count: (groups.get(k)?.count ?? 0) + n });
    if (row.days !== null && Number(row.days) >= 0) {
      const list = days.get(exchange) ?? [];
      for (let i = 0; i < n; i++) list.push(Number(row.days));
      days.set(exchange, list);
    }
    eventDays.set(exchange, (eventDays.get(exchange) ?? new Set()).add(row.day));
  }
  const medians = [...labelOf.values()].map((exchange) => {
    const list = (days.get(exchange) ?? []).sort((a, b) => a - b);
    const mid = list.length >> 1;
    const median =
      list.length === 0
        ? null
        : list.length % 2 === 1
          ? (list[mid] as number)
          : ((list[mid - 1] as number) + (list[mid] as number)) / 2;
    return { exchange, known: list.length, median_days: median };
  });
  return {
    groups: [...groups.values()],
    medians,
    // An exchange whose events fall on several days is not tied to the day table (it cannot be).
    eventDays: [...eventDays].flatMap(([exchange, ds]) =>
      ds.size === 1 ? [{ exchange, day: [...ds][0] as string }] : [],
    ),
  };
}
