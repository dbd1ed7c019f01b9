import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { loadModel } from './model.js';
import { REASON_PREFIX, resolveSingletons } from './singletons.js';

const HEADER = 'external_id,source,category,family_name,given_name,patronymic,sex,birth_date';
const TODAY = new Date('2026-11-26T12:00:00Z');

function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-singletons-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

// Generated people only. One man in three rows, in the order they arrive: a hotline's row with his
// patronymic and birth year; a list's row with his full birth date but no patronymic (names and a year:
// a possible match of the first, not sure enough); a third source with both, which joins the second row's
// person by the full date. Only now does the first row agree with a person on its patronymic and its year.
const ROWS = (prefix: string, family: string) => [
  `${prefix}1,hotline,military,${family},Богдан,Степанович,male,1979`,
  `${prefix}2,list-a,military,${family},Богдан,,male,1979-03-14`,
  `${prefix}3,list-b,military,${family},Богдан,Степанович,male,1979-03-14`,
];

describe.each(DATABASE_KINDS)("the import's end decides its possible singletons again, on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const personsOf = async (prefix: string): Promise<string[]> =>
    (
      await sql<{ person_id: string }>`SELECT DISTINCT person_id FROM record
        WHERE external_id LIKE ${`${prefix}%`}`.execute(t.database.db)
    ).rows.map((r) => r.person_id);

  it('leaves the first row apart when the step is off', async () => {
    const file = tempFile('off.csv', [HEADER, ...ROWS('off', 'Гнатюк')].join('\n'));
    const s = await importCsv(t.database, {
      file,
      actor: 'test',
      today: TODAY,
      resolveSingletons: false,
    });
    expect(s).toMatchObject({ imported: 3, relinked: 0 });
    expect(await personsOf('off')).toHaveLength(2);
  });

  it('joins the first row to the person the other two formed, an automatic link with its reason', async () => {
    // Another family's rows (the first test's are stored).
    const file = tempFile('on.csv', [HEADER, ...ROWS('on', 'Дзюбак')].join('\n'));
    const s = await importCsv(t.database, { file, actor: 'test', today: TODAY });
    expect(s.relinked).toBe(1);
    const persons = await personsOf('on');
    expect(persons).toHaveLength(1);
    // The older person keeps its id (here the first row's): the records that moved carry the new link.
    const links = await sql<{ kind: string; model_version: string; reason: string }>`
      SELECT l.kind, l.model_version, l.reason FROM link l JOIN record r ON r.id = l.record_id
      WHERE r.external_id LIKE 'on%' AND l.ended_at IS NULL AND l.reason LIKE ${`${REASON_PREFIX}%`}`.execute(
      t.database.db,
    );
    expect(links.rows.length).toBeGreaterThan(0);
    for (const link of links.rows) {
      expect(link.kind).toBe('auto');
      expect(link.model_version).toMatch(/^fs-/);
      expect(link.reason).toContain('patronymic');
    }
    const merged = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event
      WHERE type = 'person_merged' AND person_id = ${persons[0]}::uuid`.execute(t.database.db);
    expect(merged.rows[0]?.n).toBe(1);
    // No pair between the two is left pending.
    const pending = await sql<{ n: number }>`SELECT count(*)::int AS n FROM review_pair
      WHERE status = 'pending' AND (left_person_id = ANY(${persons}::uuid[]) OR right_person_id = ANY(${persons}::uuid[]))`.execute(
      t.database.db,
    );
    expect(pending.rows[0]?.n).toBe(0);
  });

  it('never joins an older person a human kept apart from the one it matches', async () => {
    // The first row is left apart at its import, and a reviewer rejects its pair with the second row.
    const file = tempFile('kept.csv', [HEADER, ...ROWS('kept', 'Шумейко')].join('\n'));
    await importCsv(t.database, { file, actor: 'test', today: TODAY, resolveSingletons: false });
    const rows = await sql<{ id: string; person_id: string; external_id: string; organisation_id: string }>`
      SELECT r.id, r.person_id, r.external_id, p.organisation_id FROM record r JOIN person p ON p.id = r.person_id
      WHERE r.external_id LIKE 'kept%' ORDER BY r.external_id`.execute(t.database.db);
    const [first, second] = rows.rows;
    if (first === undefined || second === undefined) throw new Error('rows not imported');
    expect(first.person_id).not.toBe(second.person_id);
    const [a, b] = first.id < second.id ? [first.id, second.id] : [second.id, first.id];
    await sql`INSERT INTO distinct_records (record_a, record_b, decided_by, reason)
      VALUES (${a}::uuid, ${b}::uuid, 'reviewer', 'two brothers')`.execute(t.database.db);
    // A later import meets the first row's person as a possible match: it is decided again, and stays.
    const again = await resolveSingletons(
      t.database.db,
      await loadModel(t.database.db),
      new Set([first.person_id]),
      {
        organisationId: first.organisation_id,
        actor: 'test',
        principal: null,
      },
    );
    expect(again).toEqual({ considered: 1, linked: 0 });
    expect(await personsOf('kept')).toHaveLength(2);
  });

  it('looks up only the singletons a person the import touched may match: a latent link is left', async () => {
    // An import with the step off leaves the first row apart: a latent link to the person the other two
    // rows formed. Decided again with `touched` (the persons a later import changed), it is looked up only
    // when that person is among them; without `touched`, always (as before imp3).
    const stored = async (prefix: string, [family, given, patronymic]: [string, string, string]) => {
      // Each case a man of other names: the counts of one name grow with each case, and weigh less.
      const rows = [
        `${prefix}1,hotline,military,${family},${given},${patronymic},male,1983`,
        `${prefix}2,list-a,military,${family},${given},,male,1983-07-21`,
        `${prefix}3,list-b,military,${family},${given},${patronymic},male,1983-07-21`,
      ];
      const file = tempFile(`${prefix}.csv`, [HEADER, ...rows].join('\n'));
      await importCsv(t.database, { file, actor: 'test', today: TODAY, resolveSingletons: false });
      const found = await sql<{ person_id: string; organisation_id: string }>`
        SELECT r.person_id, p.organisation_id FROM record r JOIN person p ON p.id = r.person_id
        WHERE r.external_id LIKE ${`${prefix}%`} ORDER BY r.external_id`.execute(t.database.db);
      const [first, , third] = found.rows;
      if (first === undefined || third === undefined) throw new Error('rows not imported');
      expect(first.person_id).not.toBe(third.person_id);
      return { first, third };
    };
    const decide = async (
      first: { person_id: string; organisation_id: string },
      touched: ReadonlySet<string> | undefined,
    ) =>
      resolveSingletons(t.database.db, await loadModel(t.database.db), new Set([first.person_id]), {
        organisationId: first.organisation_id,
        actor: 'test',
        principal: null,
        ...(touched === undefined ? {} : { touched }),
      });
    const lat = await stored('lat', ['Кравчишин', 'Орест', 'Ярославович']);
    // Only its own person changed: not looked up, left apart.
    expect(await decide(lat.first, new Set([lat.first.person_id]))).toEqual({ considered: 1, linked: 0 });
    expect(await personsOf('lat')).toHaveLength(2);
    // The person it matches changed: joined.
    expect(await decide(lat.first, new Set([lat.third.person_id]))).toEqual({ considered: 1, linked: 1 });
    expect(await personsOf('lat')).toHaveLength(1);
    // Without `touched`, every singleton is looked up: joined.
    const all = await stored('all', ['Гаврилюк', 'Зиновій', 'Федорович']);
    expect(await decide(all.first, undefined)).toEqual({ considered: 1, linked: 1 });
    expect(await personsOf('all')).toHaveLength(1);
  });

  it('never joins a row on the names alone', async () => {
    const lines = [
      HEADER,
      // Names alone against the person the next two rows form: stays apart.
      'na1,hotline,military,Ярмолюк,Ярема,,male,',
      'na2,list-a,military,Ярмолюк,Ярема,,male,1981-06-02',
      'na3,list-b,military,Ярмолюк,Ярема,Остапович,male,1981-06-02',
    ];
    const s = await importCsv(t.database, {
      file: tempFile('names.csv', lines.join('\n')),
      actor: 'test',
      today: TODAY,
    });
    expect(s.relinked).toBe(0);
    expect(await personsOf('na')).toHaveLength(2);
  });
});
