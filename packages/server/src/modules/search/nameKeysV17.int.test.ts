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

// Generated people only. Version 16 keyed w1's and w2's given names, of the tables' long tail (nm17), by their own
// skeletons ("x:ostap", "x:solomia"), so that Остап and Ostap met but Соломия and Соломія's class did not. w3 keys as
// it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'w1,Зорянчук,Остап,Миронович,male,1988-04-02',
  'w2,Гаврилюк,Соломия,Орестовна,female,1995-09-11',
  'w3,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 17 (migration 0069) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 16 keyed otherwise, and a version 16 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(17);
    const fresh = await storedKeys(database);
    expect(fresh['w1']?.key_given).toBe('ostap');
    expect(fresh['w2']?.key_given).toBe('solomiia');
    expect(fresh['w3']?.key_given).toBe('olena');
    const freshFathers = await storedFathers(database);
    const freshCounts = await nameCounts(database);
    // As version 16 keyed them, and a version 16 walk not yet ended.
    await sql`UPDATE record SET keys_version = 16`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:ostap' WHERE external_id = 'w1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:solomia' WHERE external_id = 'w2'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (16)`.execute(database.db);
    expect(await rerunMigration(database, '0069')).toEqual(['0069']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 17 },
    ]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    for (const id of ['w1', 'w2', 'w3'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['w1', 'w2', 'w3'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      16,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
