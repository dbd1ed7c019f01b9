import type { Database } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { selectEvents, selectRecords } from '../records/repo.read.js';
import { presentEvent, presentPersonSummary, presentRecord } from './presenter.js';
import { findPerson, listPersons } from './repo.js';
import type { TListPersonsQuery, TListPersonsResponse, TPersonDetail } from './schemas.js';

/** A page of persons, filtered by category and status. */
export async function listPersonsPage(
  database: Database,
  q: TListPersonsQuery,
): Promise<TListPersonsResponse> {
  const rows = await listPersons(database.db, { ...q, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(presentPersonSummary),
    next: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** One person's file; a merged person answers with the person it was merged into. */
export async function getPersonDetail(database: Database, id: string): Promise<TPersonDetail> {
  const db = database.db;
  let person = await findPerson(db, id);
  for (let hops = 0; person?.merged_into && hops < 10; hops++)
    person = await findPerson(db, person.merged_into);
  if (!person) throw notFound('person');
  const [records, events] = await Promise.all([
    selectRecords(db)
      .where('record.person_id', '=', person.id)
      .orderBy('record.created_at')
      .orderBy('record.id')
      .execute(),
    selectEvents(db)
      .where('event.person_id', '=', person.id)
      .orderBy('event.created_at')
      .orderBy('event.id')
      .execute(),
  ]);
  const presentedEvents = events.map(presentEvent);
  return {
    ...presentPersonSummary(person),
    status_event: presentedEvents.find((e) => e.id === person.status_event_id) ?? null,
    records: records.map(presentRecord),
    events: presentedEvents,
  };
}
