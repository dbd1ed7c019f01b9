import { sql, type Kysely, type Selectable } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { DB, PersonTable } from '../../db/schema.js';
import { personVisible, type PersonScope } from '../../gate/scope.js';
import type { Category, Status } from '../registry/vocabulary.js';
import type { EventRow, RecordRow } from '../records/repo.read.js';

export type PersonRow = Selectable<PersonTable>;

/** A page of persons in id order (ids are time-ordered UUIDv7, so this is also creation order). */
export async function listPersons(
  db: Kysely<DB>,
  q: {
    category?: Category | undefined;
    status?: Status | undefined;
    limit: number;
    after?: string | undefined;
  },
  scope: PersonScope,
): Promise<PersonRow[]> {
  // Scoped in SQL before the LIMIT, so a page is full of the viewer's own persons.
  let query = db
    .selectFrom('person')
    .selectAll()
    .where('merged_into', 'is', null)
    .where(personVisible(scope, 'person'));
  if (q.category) query = query.where('category', '=', q.category);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.after) query = query.where('id', '>', q.after);
  return query.orderBy('id').limit(q.limit).execute();
}

/** One person, or undefined. */
export async function findPerson(db: Kysely<DB>, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person a (possibly merged) person id resolves to now, or undefined when there is none. */
export async function survivingPersonId(trx: Kysely<DB>, id: string): Promise<string | undefined> {
  let current = id;
  for (let hops = 0; hops < 20; hops++) {
    const p = await trx
      .selectFrom('person')
      .select(['id', 'merged_into'])
      .where('id', '=', current)
      .executeTakeFirst();
    if (!p) return undefined;
    if (p.merged_into === null) return p.id;
    current = p.merged_into;
  }
  return undefined;
}

/**
 * One person with their records (with sources) and events (with sources' names), oldest first, in one
 * statement: the columns of `selectRecords` and `selectEvents`, as JSON (timestamps as text, which the
 * presenter reads as it reads a Date). Undefined when there is no such person.
 */
export async function findPersonFile(
  db: Kysely<DB>,
  id: string,
): Promise<{ person: PersonRow; records: RecordRow[]; events: EventRow[] } | undefined> {
  const r = await sql<PersonRow & { file_records: RecordRow[]; file_events: EventRow[] }>`${PREPARED}
    SELECT p.*,
      coalesce((SELECT json_agg(x ORDER BY x.created_at, x.id) FROM (
        SELECT r.id, r.person_id, r.external_id, s.id AS source_id, s.name AS source_name, s.type AS source_type,
          r.category, r.family_name, r.given_name, r.patronymic, r.sex, r.birth_date, r.place_of_birth, r.status,
          r.unit, r.service_number, r.military_rank, r.marks, r.attributes, r.source_ref, r.source_date,
          r.reliability, r.entered_by, r.created_at
        FROM record r JOIN source s ON s.id = r.source_id WHERE r.person_id = p.id) x), '[]') AS file_records,
      coalesce((SELECT json_agg(x ORDER BY x.created_at, x.id) FROM (
        SELECT e.id, e.person_id, e.record_id, e.type, e.occurred_on, s.name AS source_name, e.confidence,
          e.note, e.entered_by, e.created_at
        FROM event e LEFT JOIN source s ON s.id = e.source_id WHERE e.person_id = p.id) x), '[]') AS file_events
    FROM person p WHERE p.id = ${id}::uuid`.execute(db);
  const row = r.rows[0];
  if (row === undefined) return undefined;
  const { file_records, file_events, ...person } = row;
  return { person, records: file_records, events: file_events };
}
