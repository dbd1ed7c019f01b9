import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { createRecord } from '../records/service.js';
import { refreshPersons } from '../records/repo.js';
import { addEvent } from './service.js';

const WRITER = unsafeRegistryPrincipal();

describe.each(DATABASE_KINDS)('adding an event on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** The person's derived columns (all but the time of the last refresh). */
  const viewOf = async (id: string) => {
    const { updated_at: _, ...view } = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return view;
  };

  it('leaves the best view exactly as a full refresh derives it from every record and event', async () => {
    const first = await createRecord(t.database, WRITER, {
      source: 'event desk',
      source_type: 'other',
      external_id: 'ev-1',
      family_name: 'Шевченко',
      given_name: 'Олександр',
      birth_date: '1990-04-02',
      category: 'military',
    });
    const personId = first.person_id;
    await createRecord(t.database, WRITER, {
      source: 'other desk',
      source_type: 'other',
      external_id: 'ev-2',
      family_name: 'Шевченко',
      given_name: 'Александр',
      birth_date: '1990',
      person_id: personId,
    });
    const steps = [
      { type: 'reported_missing', occurred_on: '2023-01', confidence: 'reported' },
      { type: 'captivity_reported', occurred_on: '2023-05', confidence: 'reported', source: 'event desk' },
      { type: 'health_report', confidence: 'reported', note: 'seen' },
      { type: 'captivity_confirmed', occurred_on: '2023-05-20', confidence: 'confirmed' },
    ] as const;
    for (const step of steps) {
      const event = await addEvent(t.database, WRITER, personId, step);
      expect(event).toMatchObject({ person_id: personId, type: step.type });
      const after = await viewOf(personId);
      await t.database.db.transaction().execute((trx) => refreshPersons(trx, [personId]));
      expect(await viewOf(personId)).toEqual(after);
    }
    expect(await viewOf(personId)).toMatchObject({ status: 'captivity_confirmed', record_count: 2 });
  });

  it('misses no event when two are added to one person at the same time', async () => {
    const r = await createRecord(t.database, WRITER, {
      source: 'event desk',
      source_type: 'other',
      external_id: 'ev-3',
      family_name: 'Коваленко',
      given_name: 'Марія',
    });
    const [a, b] = await Promise.all([
      addEvent(t.database, WRITER, r.person_id, { type: 'captivity_reported', confidence: 'reported' }),
      addEvent(t.database, WRITER, r.person_id, { type: 'death_reported', confidence: 'reported' }),
    ]);
    const after = await viewOf(r.person_id);
    await t.database.db.transaction().execute((trx) => refreshPersons(trx, [r.person_id]));
    expect(await viewOf(r.person_id)).toEqual(after);
    expect([a.id, b.id]).toContain(after.status_event_id);
  });
});
