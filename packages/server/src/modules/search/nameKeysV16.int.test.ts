import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import {
  countStoredKeys,
  nameCounts,
  recountedNames,
  rerunMigration,
  storedFathers,
  storedKeys,
  useKeysRegistry,
} from '../../test/nameKeys.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only. Version 15 keyed w1's Turkish Latin surname (ç and ş) as "sevzenko" and its patronymic
// as no father's, w2's patronymic contracted with a hyphen as no father's, and w3's surname, stored with a
// namesake's number as an import before hold15 kept it ("Коваленко 2-й"), as "kovalenko i" (hold15). w4 keys as
// it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'w1,Şevçenko,Andriy,Petroviç,male,1979',
  'w2,Коваленко,Андрій,Олекс-дрович,male,1988-02-03',
  'w3,Коваленко,Андрій,Петрович,male,1990',
  'w4,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 16 (migration 0068) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 15 keyed otherwise, and a version 15 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(16);
    const fresh = await storedKeys(database);
    expect(fresh['w1']?.key_family).toBe('shevchenko');
    const freshFathers = await storedFathers(database);
    expect(freshFathers).toEqual({ w1: 'petro', w2: 'oleksandr', w3: 'petro', w4: 'ivan' });
    expect(fresh['w3']?.key_family).toBe('kovalenko');
    expect(fresh['w4']?.key_given).toBe('olena');
    const freshCounts = await nameCounts(database);
    // As version 15 keyed them (w3 as an import before hold15 stored it), and a version 15 walk not yet ended.
    await sql`UPDATE record SET keys_version = 15`.execute(database.db);
    await sql`UPDATE record SET key_family = 'sevzenko', key_family_phonetic = 'ZFZNK', key_father = NULL
              WHERE external_id = 'w1'`.execute(database.db);
    await sql`UPDATE record SET key_father = NULL WHERE external_id = 'w2'`.execute(database.db);
    await sql`UPDATE record SET family_name = 'Коваленко 2-й', key_family = 'kovalenko i'
              WHERE external_id = 'w3'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (15)`.execute(database.db);
    expect(await rerunMigration(database, '0068')).toEqual(['0068']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 16 },
    ]);
    expect(await reindexNameKeys(database)).toBe(3);
    const rebuilt = await storedKeys(database);
    for (const id of ['w1', 'w2', 'w3', 'w4'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['w1', 'w2', 'w3', 'w4'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      15,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
