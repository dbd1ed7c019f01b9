import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
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

  it('derives the view from the events another writer committed while this one waited for the person', async () => {
    // PostgreSQL only: the embedded database has one connection, so no writer ever waits for another.
    if (kind !== 'postgres') return;
    const r = await createRecord(t.database, WRITER, {
      source: 'event desk',
      source_type: 'other',
      external_id: 'ev-4',
      family_name: 'Бондаренко',
      given_name: 'Іван',
    });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Another writer locks the person, adds a later-dated death and refreshes the view, then waits.
    const deathId = newId();
    const other = t.database.db.transaction().execute(async (trx) => {
      await sql`SELECT id FROM person WHERE id = ${r.person_id}::uuid FOR UPDATE`.execute(trx);
      await sql`INSERT INTO event (id, person_id, type, occurred_on, confidence, entered_by, created_at)
        VALUES (${deathId}::uuid, ${r.person_id}::uuid, 'death_confirmed', '2024-05', 'confirmed', 'test', now())`.execute(
        trx,
      );
      await refreshPersons(trx, [r.person_id]);
      holding();
      await released;
    });
    await held;
    // Dated earlier, so the death stays the status — but only if the death is among the view's inputs.
    const adding = addEvent(t.database, WRITER, r.person_id, {
      type: 'captivity_reported',
      occurred_on: '2023-01',
      confidence: 'reported',
    });
    // Released once the new event's writer waits for the person's lock (it slept 300 ms instead: on a busy
    // machine the writer could arrive after the release, and the test passed without the wait it is about).
    for (let i = 0; ; i++) {
      const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`.execute(
        t.database.db,
      );
      if ((waiting.rows[0]?.n ?? 0) > 0) break;
      if (i >= 1200) throw new Error('the new event never waited for the person');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    release();
    await other;
    await adding;
    const after = await viewOf(r.person_id);
    expect(after.status_event_id).toBe(deathId);
    await t.database.db.transaction().execute((trx) => refreshPersons(trx, [r.person_id]));
    expect(await viewOf(r.person_id)).toEqual(after);
  });
});
