import type { Kysely, Selectable } from 'kysely';
import type { DB, PersonTable } from '../../db/schema.js';
import type { PersonScope } from '../../auth/scope.js';
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
  let query = db.selectFrom('person').selectAll().where('merged_into', 'is', null);
  if (scope.organisationId !== undefined) query = query.where('organisation_id', '=', scope.organisationId);
  if (!scope.includeWithheld) query = query.where('withheld', '=', false);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.after) query = query.where('id', '>', q.after);
  return query.orderBy('id').limit(q.limit).execute();
}

/** One person, or undefined. */
export async function findPerson(db: Kysely<DB>, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}
