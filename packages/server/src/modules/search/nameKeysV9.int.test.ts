import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  countStoredKeys,
  nameCounts,
  recountedNames,
  rerunMigration,
  storedKeys,
  useKeysRegistry,
} from '../../test/nameKeys.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only. v1 is a man's names typed in look-alike capitals and re-cased by a spreadsheet, a
// letter only Cyrillic has among them: version 8 keyed the surname and the given name as Latin words.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'v1,Пetpehko,Ahatoлій,Ahatoльebич,male,1981-03-04',
  'v2,Петренко,Анатолій,Анатолійович,male,1981-03-04',
  'v3,Коваль,Олександр,Іванович,male,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 9 (migration 0059) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys a record version 8 keyed as Latin, and a version 8 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(9);
    const fresh = await storedKeys(database);
    // Read as Cyrillic: v1 keys as v2 does.
    expect(fresh['v1']?.key_family).toBe(fresh['v2']?.key_family);
    expect(fresh['v1']?.key_given).toBe(fresh['v2']?.key_given);
    const freshCounts = await nameCounts(database);
    // As version 8 keyed v1 (a Latin word's keys), and a version 8 walk not yet ended.
    await sql`UPDATE record SET keys_version = 8`.execute(database.db);
    await sql`UPDATE record SET key_family = 'petpehko', key_family_phonetic = 'PTPK', key_given = 'x:ahatoli'
      WHERE external_id = 'v1'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (8)`.execute(database.db);
    expect(await rerunMigration(database, '0059')).toEqual(['0059']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 9 },
    ]);
    expect(await reindexNameKeys(database)).toBe(1);
    const rebuilt = await storedKeys(database);
    for (const id of ['v1', 'v2', 'v3'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(['v1', 'v2', 'v3'].map((id) => rebuilt[id]?.keys_version)).toEqual([NAME_KEYS_VERSION, 8, 8]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
