import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, ensureOrganisation, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS } from '../../test/databases.js';
import { openSearchApp, type SearchApp } from '../../test/searchApp.js';
import { personScopeOf, inScope } from '../../gate/scope.js';
import { searchPersonsAs } from './service.js';

// Generated people only: 90 namesakes, each a person of their own (given names and births apart).
const GIVEN = ['Олександр', 'Петро', 'Микола', 'Іван', 'Сергій', 'Андрій', 'Олег', 'Тарас', 'Богдан'];
const CSV = [
  'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status',
  ...Array.from(
    { length: 90 },
    (_, i) =>
      `n${i},scope list,military,Шевченко,${GIVEN[i % GIVEN.length]},,male,${1930 + i}-0${1 + (i % 9)}-1${i % 10},missing`,
  ),
].join('\n');

// A staff search keeps a candidate unless its person is outside the scope: listed in the statement when
// few are (OUTSIDE_LISTED), checked row by row when more are. Both must answer exactly the persons in scope.
describe.each(DATABASE_KINDS)('a staff search scoped by a list of the persons outside it on %s', (kind) => {
  let fixture: SearchApp | undefined;
  let persons: { id: string; given_name: string | null; birth_date: string | null }[] = [];
  let registrar: TestActor;
  let otherAnalyst: TestActor;
  let other: string;
  beforeAll(async () => {
    fixture = await openSearchApp(kind, CSV);
    const db = fixture.t.database.db;
    persons = (
      await sql<{
        id: string;
        given_name: string | null;
        birth_date: string | null;
      }>`SELECT id, given_name, birth_date FROM person WHERE merged_into IS NULL ORDER BY id`.execute(db)
    ).rows;
    registrar = await createTestActor(fixture.t.database, 'registrar');
    other = await ensureOrganisation(fixture.t.database, 'Other office');
    otherAnalyst = await createTestActor(fixture.t.database, 'analyst', { organisation: 'Other office' });
  });
  afterAll(async () => {
    await fixture?.close();
  });
  const opened = (): SearchApp => {
    if (fixture === undefined) throw new Error('no registry');
    return fixture;
  };

  /** Moves the first `n` persons to the other office and withholds the next `w`. */
  const arrange = async (n: number, w: number): Promise<void> => {
    const db = opened().t.database.db;
    const ids = persons.map((p) => p.id);
    await sql`UPDATE person SET organisation_id = CASE WHEN id = ANY(${ids.slice(0, n)}::uuid[]) THEN ${other}::uuid
      ELSE organisation_id_of_registry END, withheld = id = ANY(${ids.slice(n, n + w)}::uuid[])
      FROM (SELECT id AS organisation_id_of_registry FROM organisation WHERE name = 'Registry') AS r`.execute(
      db,
    );
  };

  /** Every search the test asks, by each actor: the hits' person ids and totals, against the scope's persons. */
  const check = async (): Promise<void> => {
    const db = opened().t.database.db;
    const rows = (
      await sql<{
        id: string;
        organisation_id: string;
        withheld: boolean;
      }>`SELECT id, organisation_id, withheld FROM person WHERE merged_into IS NULL`.execute(db)
    ).rows;
    for (const actor of [opened().analyst, registrar, otherAnalyst]) {
      const scope = personScopeOf(actor.principal);
      const allowed = new Set(rows.filter((p) => inScope(scope, p)).map((p) => p.id));
      const bare = await searchPersonsAs(opened().t.database, actor.principal, { q: 'Шевченко', limit: 50 });
      expect(bare.total).toBe(allowed.size);
      expect(bare.hits.every((h) => allowed.has(h.person_id))).toBe(true);
      expect(bare.hits).toHaveLength(Math.min(50, allowed.size));
      // A full name with a birth year: the persons in scope of that given name born within a year.
      for (const p of persons.slice(0, 12)) {
        const year = Number(p.birth_date?.slice(0, 4));
        const full = await searchPersonsAs(opened().t.database, actor.principal, {
          q: `Шевченко ${p.given_name ?? ''}`,
          birth: String(year),
          limit: 50,
        });
        expect(full.hits.every((h) => allowed.has(h.person_id))).toBe(true);
        expect(full.hits.some((h) => h.person_id === p.id)).toBe(allowed.has(p.id));
      }
    }
  };

  it('holds 90 namesakes, each a person', () => {
    expect(persons).toHaveLength(90);
  });

  it('answers only the persons in scope when few are outside it (listed)', async () => {
    await arrange(3, 2);
    await check();
  });

  it('answers only the persons in scope when many are outside it (checked row by row)', async () => {
    await arrange(70, 5);
    await check();
  });

  it('answers every person when none is outside the scope', async () => {
    await arrange(0, 0);
    await check();
  });
});
