import type { Kysely, Selectable } from 'kysely';
import type { DB, PersonTable } from '../../db/schema.js';
import { personVisible, type PersonScope } from '../../gate/scope.js';
import type { Category, Status } from '../registry/vocabulary.js';

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
