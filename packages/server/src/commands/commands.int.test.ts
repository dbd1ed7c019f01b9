import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalOfUserId, type Principal } from '../auth/permissions.js';
import { newId } from '../db/ids.js';
import { dedupeRegistry } from '../modules/linkage/dedupe.js';
import { loadModel } from '../modules/linkage/model.js';
import { resolveRecords, writeResolved } from '../modules/linkage/resolve.js';
import { listReviewPairs, splitPersonRecords } from '../modules/linkage/service.js';
import { getPersonDetail, setWithheld } from '../modules/persons/service.js';
import { ensureSources, insertRecordsAsNewPersons, type NewRecord } from '../modules/records/repo.js';
import { createRecord } from '../modules/records/service.js';
import { validateRecordFields } from '../modules/records/validate.js';
import { ensureOrganisation } from '../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';
import { mergePersons } from './mergePersons.js';

/** A generated record ready to write (never a real person). */
function item(source: NewRecord['source'], externalId: string, fields: Record<string, string>): NewRecord {
  const c = validateRecordFields({ sex: '', ...fields });
  if (!c.ok) throw new Error(`invalid row: ${JSON.stringify(c.problems)}`);
  return { content: { ...c.value, external_id: externalId }, source };
}

describe.each(DATABASE_KINDS)('commands keep organisation and withholding on %s', (kind) => {
  let t: TestDatabase;
  let orgA: string;
  let orgB: string;
  let registrarA: Principal;
  let analystA: Principal;
  let registrarB: Principal;
  let analystB: Principal;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    orgA = await ensureOrganisation(t.database, 'Commands A');
    orgB = await ensureOrganisation(t.database, 'Commands B');
    registrarA = principalOfUserId(newId(), 'registrar', orgA);
    analystA = principalOfUserId(newId(), 'analyst', orgA);
    registrarB = principalOfUserId(newId(), 'registrar', orgB);
    analystB = principalOfUserId(newId(), 'analyst', orgB);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("splits a withheld person into a person of the same organisation, still withheld (no other organisation's staff read it)", async () => {
    const first = await createRecord(t.database, registrarB, {
      source: 'split desk',
      source_type: 'other',
      family_name: 'Розщепенко',
      given_name: 'Арсен',
      birth_date: '1980',
    });
    const second = await createRecord(t.database, registrarB, {
      source: 'split desk',
      source_type: 'other',
      family_name: 'Розщепенко',
      given_name: 'Арсен',
      birth_date: '1980',
      person_id: first.person_id,
    });
    await setWithheld(t.database, registrarB, first.person_id, true);
    // B's registrar (who may see withheld persons) splits one record off.
    const split = await splitPersonRecords(t.database, registrarB, first.person_id, {
      record_ids: [second.record.id],
      reason: 'two men',
    });
    const created = await t.database.db
      .selectFrom('person')
      .select(['organisation_id', 'withheld'])
      .where('id', '=', split.person_id)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ organisation_id: orgB, withheld: true });
    await expect(getPersonDetail(t.database, registrarA, split.person_id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(getPersonDetail(t.database, analystB, split.person_id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('keeps the survivor of a merge withheld when either person was withheld', async () => {
    const older = await createRecord(t.database, registrarA, {
      source: 'merge desk',
      source_type: 'other',
      family_name: 'Злитенко',
      given_name: 'Борис',
    });
    const newer = await createRecord(t.database, registrarA, {
      source: 'merge desk',
      source_type: 'other',
      family_name: 'Поєднанко',
      given_name: 'Віктор',
    });
    await setWithheld(t.database, registrarA, newer.person_id, true);
    const r = await t.database.db.transaction().execute((trx) =>
      mergePersons(trx, older.person_id, newer.person_id, {
        actor: registrarA.id,
        principal: registrarA,
        kind: 'human',
        score: null,
        modelVersion: null,
        reason: 'same man',
      }),
    );
    expect(r.survivor).toBe(older.person_id);
    const survivor = await t.database.db
      .selectFrom('person')
      .select('withheld')
      .where('id', '=', r.survivor)
      .executeTakeFirstOrThrow();
    expect(survivor.withheld).toBe(true);
    await expect(getPersonDetail(t.database, analystA, r.survivor)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('sends a withheld and a non-withheld duplicate to review instead of merging them in dedupe', async () => {
    const db = t.database.db;
    const source = (await ensureSources(db, orgA, ['dedupe desk'], { type: 'other', reliability: 'F' })).get(
      'dedupe desk',
    );
    if (!source) throw new Error('no source');
    const man = {
      family_name: 'Двійченко',
      given_name: 'Григорій',
      patronymic: 'Степанович',
      birth_date: '1975-03-14',
      service_number: 'ГГ333333',
    };
    const written = await db.transaction().execute((trx) =>
      insertRecordsAsNewPersons(trx, [item(source, 'd1', man), item(source, 'd2', man)], {
        actor: 'test',
        organisationId: orgA,
      }),
    );
    const [p1, p2] = written.inserted.map((w) => w.personId) as [string, string];
    await setWithheld(t.database, registrarA, p2, true);
    await dedupeRegistry(t.database, { actor: 'test' });
    const persons = await db
      .selectFrom('person')
      .select(['id', 'merged_into', 'withheld'])
      .where('id', 'in', [p1, p2])
      .orderBy('withheld')
      .execute();
    expect(persons.map((p) => p.merged_into)).toEqual([null, null]);
    const queue = await listReviewPairs(t.database, registrarA, { limit: 100 });
    expect(
      queue.items.some((i) => [i.left.person_id, i.right.person_id].sort().join() === [p1, p2].sort().join()),
    ).toBe(true);
  });

  it('writes a record meant for a person merged away meanwhile onto the survivor, under lock', async () => {
    const db = t.database.db;
    const man = {
      family_name: 'Пізненко',
      given_name: 'Дмитро',
      patronymic: 'Іванович',
      birth_date: '1970-01-02',
    };
    // The older person survives a merge: `other` is made first, so `first` is the one absorbed.
    const other = await createRecord(t.database, registrarA, {
      source: 'late desk',
      source_type: 'other',
      family_name: 'Раніше',
      given_name: 'Злитий',
    });
    const first = await createRecord(t.database, registrarA, {
      source: 'late desk',
      source_type: 'other',
      ...man,
    });
    const source = (await ensureSources(db, orgA, ['late desk'], { type: 'other', reliability: 'F' })).get(
      'late desk',
    );
    if (!source) throw new Error('no source');
    const model = await loadModel(db);
    // The batch is resolved (to the first person) before the merge, and written after it.
    const resolved = await resolveRecords(db, model, [item(source, 'late-2', man)], null, orgA);
    expect(resolved.resolutions[0]?.personId).toBe(first.person_id);
    const merged = await db.transaction().execute((trx) =>
      mergePersons(trx, other.person_id, first.person_id, {
        actor: 'test',
        principal: registrarA,
        kind: 'human',
        score: null,
        modelVersion: null,
        reason: 'same man',
      }),
    );
    expect(merged.absorbed).toBe(first.person_id);
    await db
      .transaction()
      .execute((trx) => writeResolved(trx, model, resolved, { actor: 'test', organisationId: orgA }));
    const row = await db
      .selectFrom('record')
      .select('person_id')
      .where('external_id', '=', 'late-2')
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(row.person_id).toBe(merged.survivor);
  });
});
