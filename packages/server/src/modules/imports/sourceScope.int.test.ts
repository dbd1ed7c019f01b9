import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from './csvImport.js';

const TODAY = new Date('2026-11-26T12:00:00Z');

function tempFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-source-scope-'));
  const file = path.join(dir, 'list.csv');
  fs.writeFileSync(file, content);
  return file;
}

// Generated people only. A record without external ids gets one from its content: the same file gives the
// same ids in each organisation, under each organisation's own source of the same name.
const SAME_NAME = 'family_name\nНовак\n';
// Once the registry holds twenty namesakes (NAMESAKES, in a third organisation), this record scored against
// its own copy is a possible match nearly as sure as a link (a queued review pair), not an automatic one.
const QUEUED = 'family_name,given_name,birth_date\nНовак,Іван,1990-05-17\n';
const NAMESAKES =
  'external_id,family_name,given_name,birth_date\n' +
  Array.from({ length: 20 }, (_, i) => `c${i},Новак,Іван,19${60 + i}-05-17`).join('\n') +
  '\n';

describe.each(DATABASE_KINDS)('imports of two organisations with a source of the same name on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  let orgs = 0;
  const twoOrganisations = async (): Promise<[TestActor, TestActor]> => {
    orgs++;
    return [
      await createTestActor(t.database, 'registrar', { organisation: `Scope A${orgs}` }),
      await createTestActor(t.database, 'registrar', { organisation: `Scope B${orgs}` }),
    ];
  };
  const run = (who: TestActor, content: string, source: string) =>
    importCsv(t.database, {
      file: tempFile(content),
      actor: who.username,
      principal: who.principal,
      defaultSource: source,
      today: TODAY,
    });
  /** The persons of the organisation with their records' external ids. */
  const personsOf = async (who: TestActor) =>
    (
      await sql<{ id: string; records: number }>`
        SELECT p.id, (SELECT count(*)::int FROM record r WHERE r.person_id = p.id) AS records
        FROM person p WHERE p.organisation_id = ${who.organisationId}::uuid AND p.merged_into IS NULL`.execute(
        t.database.db,
      )
    ).rows;
  /** Review pairs whose two persons are not of one organisation, or not both there. */
  const pairsAcrossWalls = async () =>
    (
      await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM review_pair q
        LEFT JOIN person l ON l.id = q.left_person_id LEFT JOIN person r ON r.id = q.right_person_id
        WHERE l.id IS NULL OR r.id IS NULL OR l.organisation_id <> r.organisation_id`.execute(t.database.db)
    ).rows[0]?.n;

  it("writes the second organisation's record, although the first holds the same id under a source of the same name", async () => {
    const [a, b] = await twoOrganisations();
    expect(await run(a, SAME_NAME, 'family desk')).toMatchObject({ imported: 1, unchanged: 0 });
    // Before: B's row was looked up under A's source, found there, and counted unchanged: B held nothing.
    expect(await run(b, SAME_NAME, 'family desk')).toMatchObject({ imported: 1, unchanged: 0 });
    expect(await personsOf(b)).toEqual([{ id: expect.any(String), records: 1 }]);
    // Each organisation's re-import changes nothing, in either order.
    expect(await run(a, SAME_NAME, 'family desk')).toMatchObject({ imported: 0, unchanged: 1 });
    expect(await run(b, SAME_NAME, 'family desk')).toMatchObject({ imported: 0, unchanged: 1 });
    expect(await personsOf(a)).toHaveLength(1);
    expect(await personsOf(b)).toHaveLength(1);
  });

  it("re-imports the first organisation's file once the second holds a source of the same name, queuing no pair to a person never written", async () => {
    const [a, b] = await twoOrganisations();
    const c = await createTestActor(t.database, 'registrar', { organisation: `Scope C${orgs}` });
    expect(await run(c, NAMESAKES, 'namesakes')).toMatchObject({ imported: 20 });
    expect(await run(a, QUEUED, 'exchange desk')).toMatchObject({ imported: 1 });
    // (Before, B's record was not written either: see the test above. Checked at the end.)
    await run(b, QUEUED, 'exchange desk');
    // Before: A's row was looked up under B's source, taken as new, placed as a possible match of A's own
    // person, and its pair named a new person whose record was never written:
    // review_pair_right_person_id_fkey.
    expect(await run(a, QUEUED, 'exchange desk')).toMatchObject({ imported: 0, unchanged: 1, fatal: null });
    expect(await run(b, QUEUED, 'exchange desk')).toMatchObject({ imported: 0, unchanged: 1, fatal: null });
    expect(await personsOf(a)).toEqual([{ id: expect.any(String), records: 1 }]);
    expect(await personsOf(b)).toEqual([{ id: expect.any(String), records: 1 }]);
    expect(await pairsAcrossWalls()).toBe(0);
  });
});
