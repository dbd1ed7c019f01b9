import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';

const HEADER = 'external_id,source,category,family_name,given_name,patronymic,sex,birth_date,service_number';
const TODAY = new Date('2026-11-26T12:00:00Z');

function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-sn16-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/**
 * sn16: a personal number a registry stored before the import read its label ("№ АА123456", as imports before
 * hold14 kept it) meets the same man's number as read now ("АА123456"), and a number a spreadsheet kept as its
 * digits alone ("123456") meets both: no hard conflict, one person. Another series with the same digits stays
 * another man. Generated people only.
 */
describe.each(DATABASE_KINDS)('a personal number read, not only folded, on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const personOf = async (externalId: string): Promise<string> =>
    (
      await sql<{
        person_id: string;
      }>`SELECT person_id FROM record WHERE external_id = ${externalId}`.execute(t.database.db)
    ).rows[0]?.person_id as string;

  it('links a new АА123456 record to the person of a stored "№ АА123456", and digits alone to both', async () => {
    const first = tempFile(
      'old.csv',
      [HEADER, 'sn-old,list-a,military,Дзюбенко,Богдан,Степанович,male,1979-03-14,АА123456'].join('\n'),
    );
    expect(await importCsv(t.database, { file: first, actor: 'test', today: TODAY })).toMatchObject({
      imported: 1,
    });
    // As an import before hold14 stored it: the label kept in the number.
    await sql`UPDATE record SET service_number = '№ АА123456' WHERE external_id = 'sn-old'`.execute(
      t.database.db,
    );
    const second = tempFile(
      'new.csv',
      [
        HEADER,
        'sn-new,list-b,military,Дзюбенко,Богдан,Степанович,male,1979-03-14,АА123456',
        'sn-digits,list-c,military,Дзюбенко,Богдан,Степанович,male,1979-03-14,123456.0',
        // Another man: the same digits under another series, his own name and date.
        'sn-other,list-d,military,Дзюбенко,Богдан,Степанович,male,1979-03-14,АБ123456',
      ].join('\n'),
    );
    expect(await importCsv(t.database, { file: second, actor: 'test', today: TODAY })).toMatchObject({
      imported: 3,
    });
    const old = await personOf('sn-old');
    expect(await personOf('sn-new')).toBe(old);
    expect(await personOf('sn-digits')).toBe(old);
    expect(await personOf('sn-other')).not.toBe(old);
  });
});
