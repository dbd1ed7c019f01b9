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

// Generated people only. p1 gives a patronymic in its church form, p2 a given name in ISO 9 Latin, p3 a
// Moldovan list's Romanian spelling: version 11 gave p1 and p3 no father key, p2 an unknown word (x:uri), p3
// another family key.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'p1,Коваленко,Іван,Іоаннович,male,1981-03-04',
  'p2,Ševčenko,Ûrìj,Petrovič,male,1979',
  'p3,Şevcenco,Andrii,Petrovici,male,1985-06-07',
  'p4,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 12 (migration 0064) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 11 keyed otherwise, and a version 11 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(12);
    const fresh = await storedKeys(database);
    expect(fresh['p2']?.key_given).toBe('yurii');
    expect(fresh['p3']?.key_family).toBe('shevchenko');
    const freshFathers = await storedFathers(database);
    expect(freshFathers).toMatchObject({ p1: 'ivan', p3: 'petro' });
    const freshCounts = await nameCounts(database);
    // As version 11 keyed them, and a version 11 walk not yet ended.
    await sql`UPDATE record SET keys_version = 11`.execute(database.db);
    await sql`UPDATE record SET key_father = NULL WHERE external_id = 'p1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:uri' WHERE external_id = 'p2'`.execute(database.db);
    await sql`UPDATE record SET key_family = 'sevzenko', key_family_phonetic = 'ZFZNK', key_father = NULL
              WHERE external_id = 'p3'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (11)`.execute(database.db);
    expect(await rerunMigration(database, '0064')).toEqual(['0064']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 12 },
    ]);
    expect(await reindexNameKeys(database)).toBe(3);
    const rebuilt = await storedKeys(database);
    for (const id of ['p1', 'p2', 'p3', 'p4'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['p1', 'p2', 'p3', 'p4'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      11,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
