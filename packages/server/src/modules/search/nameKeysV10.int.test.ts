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

// Generated people only. w1 is a request from abroad with the given name in English, w2 a form with the father's
// given name where the patronymic goes: version 9 keyed w1's given name as an unknown word and w2 with no father.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'w1,Kovalenko,Andrew,,male,1981-03-04',
  'w2,Коваленко,Андрій,син Петра,male,1981-03-04',
  'w3,Коваленко,Андрій,Петрович,male,1981-03-04',
  'w4,Мельник,Олена,Іванівна,female,1990',
].join('\n');

/** Each record's stored father key (storedKeys leaves it out). */
describe.each(DATABASE_KINDS)('name keys version 10 (migration 0061) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 9 keyed otherwise, and a version 9 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(10);
    const fresh = await storedKeys(database);
    expect(fresh['w1']?.key_given).toBe('andrii');
    const freshFathers = await storedFathers(database);
    expect(freshFathers).toMatchObject({ w2: 'petro', w3: 'petro' });
    const freshCounts = await nameCounts(database);
    // As version 9 keyed them, and a version 9 walk not yet ended.
    await sql`UPDATE record SET keys_version = 9`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:andrev' WHERE external_id = 'w1'`.execute(database.db);
    await sql`UPDATE record SET key_father = NULL WHERE external_id = 'w2'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (9)`.execute(database.db);
    expect(await rerunMigration(database, '0061')).toEqual(['0061']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 10 },
    ]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    for (const id of ['w1', 'w2', 'w3', 'w4'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['w1', 'w2', 'w3', 'w4'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      9,
      9,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
