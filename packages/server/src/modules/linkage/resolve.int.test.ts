import { REGISTRY_ORGANISATION_ID } from '../../auth/permissions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import type { NewRecord } from '../records/repo.js';
import { validateRecordFields, type RawRecordFields } from '../records/validate.js';
import { loadModel } from './model.js';
import { resolveRecords } from './resolve.js';

const SOURCE = { id: 0, name: 'list-r', type: 'import', reliability: 'F' } as const;

/** A generated person's row, validated as the import validates it. */
function item(externalId: string, fields: Partial<RawRecordFields>): NewRecord {
  const checked = validateRecordFields(
    { external_id: externalId, source: SOURCE.name, category: 'military', ...fields } as RawRecordFields,
    {},
    new Date('2026-11-26T12:00:00Z'),
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return { content: { ...checked.value, external_id: externalId }, source: { ...SOURCE } };
}

const KOVALENKO = { sex: 'male', birth_date: '1988-02-11' };

describe.each(DATABASE_KINDS)('resolving a batch beside the one being written, on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('sees the in-flight batch as committed: its persons are candidates, its records are not new', async () => {
    const model = await loadModel(t.database.db);
    // Batch k: resolved, never written (as if its transaction were still running).
    const first = await resolveRecords(
      t.database.db,
      model,
      [
        item('r1', { ...KOVALENKO, family_name: 'Коваленко', given_name: 'Андрій', patronymic: 'Іванович' }),
        item('r2', { family_name: 'Шевчук', given_name: 'Марія', sex: 'female', birth_date: '1990-05-01' }),
      ],
      null,
      REGISTRY_ORGANISATION_ID,
    );
    expect(first.resolutions.map((r) => r.newPerson)).toEqual([true, true]);
    const personOfR1 = first.resolutions[0]?.personId;

    const batch = [
      // The same man in Latin letters, a year-month-day match: links to batch k's person.
      item('r3', { ...KOVALENKO, family_name: 'Kovalenko', given_name: 'Andrii', patronymic: 'Ivanovych' }),
      // Batch k's row again: not new.
      item('r1', { ...KOVALENKO, family_name: 'Коваленко', given_name: 'Андрій', patronymic: 'Іванович' }),
    ];
    const next = await resolveRecords(t.database.db, model, batch, first.inFlight, REGISTRY_ORGANISATION_ID);
    expect(next.fresh.map((f) => f.content.external_id)).toEqual(['r3']);
    expect(next.resolutions[0]).toMatchObject({ decision: 'match', newPerson: false, personId: personOfR1 });

    // Without the in-flight batch, nothing is known of r1's person.
    const alone = await resolveRecords(t.database.db, model, batch, null, REGISTRY_ORGANISATION_ID);
    expect(alone.fresh).toHaveLength(2);
    expect(alone.resolutions[0]?.personId).not.toBe(personOfR1);
  });

  it('queues at most 1% of a batch (one pair for a small one), the likeliest first, from even odds up', async () => {
    const model = await loadModel(t.database.db);
    const man = (id: string, family: string, given: string, father: string, birth: string) =>
      item(id, {
        sex: 'male',
        family_name: family,
        given_name: given,
        patronymic: father,
        birth_date: birth,
      });
    const batch = [
      man('q1', 'Гнатюк', 'Богдан', 'Степанович', '1979-03-14'),
      // The names alone, no date: more likely q1's man than not, not sure enough to link.
      man('q2', 'Гнатюк', 'Богдан', 'Степанович', ''),
      man('q3', 'Ярошенко', 'Тарас', 'Іванович', '1983-10-02'),
      // Names alone, another man's year: possible at best, below even odds.
      man('q4', 'Ярошенко', 'Тарас', '', ''),
    ];
    const r = await resolveRecords(t.database.db, model, batch, null, REGISTRY_ORGANISATION_ID);
    const possible = r.resolutions.filter((x) => x.decision === 'possible');
    expect(possible.length).toBeGreaterThanOrEqual(1);
    expect(r.proposals).toHaveLength(1);
    const [p] = r.proposals;
    expect(p?.score).toBeGreaterThanOrEqual(0);
    expect(p?.rightRecordId).toBe(r.ids[1]);
    expect(Math.max(...possible.map((x) => x.score ?? -Infinity))).toBeCloseTo(p?.score ?? NaN, 2);
  });
});
