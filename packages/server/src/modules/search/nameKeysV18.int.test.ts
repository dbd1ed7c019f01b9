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

// Generated people only. Version 17 keyed w1's Spanish given name by its own skeleton ("x:miailo"), and read w2's
// cursive т, written as a Latin m, as м: "Дмиmро" keyed "x:dmimro" and "Пеmрович" no father (hold18). w3 keys as it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'w1,Зорянчук,Mijailo,,male,1988-04-02',
  'w2,Гаврилюк,Дмиmро,Пеmрович,male,1995-09-11',
  'w3,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 18 (migration 0070) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 17 keyed otherwise, and a version 17 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(18);
    const fresh = await storedKeys(database);
    expect(fresh['w1']?.key_given).toBe('mykhailo');
    expect(fresh['w2']?.key_given).toBe('dmytro');
    expect(fresh['w3']?.key_given).toBe('olena');
    const freshFathers = await storedFathers(database);
    expect(freshFathers['w2']).toBe('petro');
    const freshCounts = await nameCounts(database);
    // As version 17 keyed them, and a version 17 walk not yet ended.
    await sql`UPDATE record SET keys_version = 17`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:miailo' WHERE external_id = 'w1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:dmimro', key_father = NULL WHERE external_id = 'w2'`.execute(
      database.db,
    );
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (17)`.execute(database.db);
    expect(await rerunMigration(database, '0070')).toEqual(['0070']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 18 },
    ]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    for (const id of ['w1', 'w2', 'w3'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['w1', 'w2', 'w3'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      17,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
