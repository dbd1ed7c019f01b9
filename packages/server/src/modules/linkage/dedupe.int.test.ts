import { REGISTRY_ORGANISATION_ID } from '../../auth/permissions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSources, insertRecordsAsNewPersons, type NewRecord } from '../records/repo.js';
import { validateRecordFields } from '../records/validate.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { dedupeRegistry } from './dedupe.js';
import { loadRegistry } from './registry.js';
import { rememberDistinct } from './repo.js';

// Generated people only.
const ROWS = [
  // One man, three sources; the third record has another service number: a different man.
  {
    external_id: 'a1',
    family_name: 'Шевченко',
    given_name: 'Олександр',
    patronymic: 'Петрович',
    birth_date: '1990-05-17',
    service_number: 'АВ111111',
  },
  {
    external_id: 'a2',
    family_name: 'Shevchenko',
    given_name: 'Aleksandr',
    patronymic: 'Petrovich',
    birth_date: '1990-05-17',
    // The same number in Latin look-alike letters: it identifies a1's man, not a3's.
    service_number: 'AB-111111',
  },
  {
    external_id: 'a3',
    family_name: 'Шевченко',
    given_name: 'Олександр',
    patronymic: 'Петрович',
    birth_date: '1990-05-17',
    service_number: 'АВ222222',
  },
  // Two records a human said are different people.
  {
    external_id: 'b1',
    family_name: 'Мельник',
    given_name: 'Ольга',
    patronymic: 'Іванівна',
    birth_date: '1975-07-30',
    service_number: '',
  },
  {
    external_id: 'b2',
    family_name: 'Melnyk',
    given_name: 'Olha',
    patronymic: 'Ivanivna',
    birth_date: '1975-07-30',
    service_number: '',
  },
];

describe.each(DATABASE_KINDS)('dedupe on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('merges duplicates into the older person, never across conflicting or rejected records', async () => {
    const db = t.database.db;
    const source = (
      await ensureSources(db, REGISTRY_ORGANISATION_ID, ['old lists'], { type: 'other', reliability: 'F' })
    ).get('old lists');
    if (!source) throw new Error('no source');
    const items: NewRecord[] = ROWS.map((r) => {
      const c = validateRecordFields({ ...r, sex: '' });
      if (!c.ok) throw new Error('invalid row');
      return { content: { ...c.value, external_id: r.external_id }, source };
    });
    // Written the old way, each record its own person (as before linkage, or by a model since changed).
    const written = await db
      .transaction()
      .execute((trx) => insertRecordsAsNewPersons(trx, items, { actor: 'test' }));
    const person = new Map(written.inserted.map((w) => [w.item.content.external_id, w]));
    await rememberDistinct(
      db,
      person.get('b1')?.recordId as string,
      person.get('b2')?.recordId as string,
      'reviewer',
      'sisters-in-law',
    );

    const summary = await dedupeRegistry(t.database, { actor: 'test' });
    expect(summary.records).toBe(5);
    const rows = await db.selectFrom('record').select(['external_id', 'person_id']).execute();
    const now = new Map(rows.map((r) => [r.external_id, r.person_id]));
    // a1 and a2 are one person, under the older id; a3 (another service number) stays apart, and so
    // does b2 from b1.
    expect(now.get('a2')).toBe(now.get('a1'));
    // Both persons were made in one transaction (same created_at): the lower id counts as older.
    const pair = [person.get('a1')?.personId as string, person.get('a2')?.personId as string].sort();
    const [older, newer] = pair as [string, string];
    expect(now.get('a1')).toBe(older);
    expect(now.get('a3')).not.toBe(now.get('a1'));
    expect(now.get('b2')).not.toBe(now.get('b1'));
    expect(summary.merges).toBe(1);
    const merged = await db
      .selectFrom('person')
      .select(['merged_into'])
      .where('id', '=', newer)
      .executeTakeFirstOrThrow();
    expect(merged.merged_into).toBe(older);
    const events = await db
      .selectFrom('event')
      .select(['type', 'person_id'])
      .where('type', '=', 'person_merged')
      .execute();
    expect(events).toEqual([{ type: 'person_merged', person_id: older }]);

    // Running it again changes nothing.
    const again = await dedupeRegistry(t.database, { actor: 'test' });
    expect(again.merges).toBe(0);
  });
  it('reads the registry in an order of its contents, not of its ids (the same data decides the same)', async () => {
    const db = t.database.db;
    const source = (
      await ensureSources(db, REGISTRY_ORGANISATION_ID, ['order'], { type: 'other', reliability: 'F' })
    ).get('order');
    if (!source) throw new Error('no source');
    // Written last to first: their ids sort in the order written across milliseconds, at random within one.
    const items: NewRecord[] = Array.from({ length: 60 }, (_, k) => {
      const n = 59 - k;
      const c = validateRecordFields({
        family_name: 'Коваленко',
        given_name: n % 2 === 0 ? 'Петро' : 'Іван',
        patronymic: '',
        birth_date: `${1950 + (n % 7)}-01-01`,
        service_number: '',
        sex: '',
      });
      if (!c.ok) throw new Error('invalid row');
      return { content: { ...c.value, external_id: `z${String(n).padStart(3, '0')}` }, source };
    });
    await db.transaction().execute((trx) => insertRecordsAsNewPersons(trx, items, { actor: 'test' }));
    const externalOf = new Map(
      (await db.selectFrom('record').select(['id', 'external_id']).execute()).map((r) => [
        r.id,
        r.external_id,
      ]),
    );
    const { records, personIds } = await loadRegistry(t.database);
    const order = records.map((r) => externalOf.get(r.id) as string);
    expect(order).toEqual([...order].sort());
    expect(order.filter((e) => e.startsWith('z'))).toHaveLength(60);
    // Each record keeps its own person.
    const personOf = new Map(
      (await db.selectFrom('record').select(['id', 'person_id']).execute()).map((r) => [r.id, r.person_id]),
    );
    expect(personIds).toEqual(records.map((r) => personOf.get(r.id)));
  });
  it('samples the same persons from the same data in another database (their ids differ)', async () => {
    const rows = (n: number) => ({
      family_name: n % 3 === 0 ? 'Бондаренко' : 'Ткаченко',
      given_name: n % 2 === 0 ? 'Петро' : 'Іван',
      patronymic: '',
      birth_date: `${1940 + (n % 30)}-03-0${1 + (n % 9)}`,
      service_number: '',
      sex: '',
    });
    const sampleOf = async (u: TestDatabase): Promise<string[]> => {
      const db = u.database.db;
      const source = (
        await ensureSources(db, REGISTRY_ORGANISATION_ID, ['sample'], { type: 'other', reliability: 'F' })
      ).get('sample');
      if (!source) throw new Error('no source');
      const items: NewRecord[] = Array.from({ length: 80 }, (_, n) => {
        const c = validateRecordFields(rows(n));
        if (!c.ok) throw new Error('invalid row');
        return { content: { ...c.value, external_id: `s${n}` }, source };
      });
      await db.transaction().execute((trx) => insertRecordsAsNewPersons(trx, items, { actor: 'test' }));
      const externalOf = new Map(
        (await db.selectFrom('record').select(['id', 'external_id']).execute()).map((r) => [
          r.id,
          r.external_id,
        ]),
      );
      // Half of the persons.
      const { records } = await loadRegistry(u.database, undefined, 512);
      return records.map((r) => externalOf.get(r.id) as string);
    };
    const one = await openTestDatabase(kind);
    const two = await openTestDatabase(kind);
    try {
      const a = await sampleOf(one);
      const b = await sampleOf(two);
      expect(a.length).toBeGreaterThan(10);
      expect(a.length).toBeLessThan(70);
      expect(b).toEqual(a);
    } finally {
      await one.dispose();
      await two.dispose();
    }
  });
});
