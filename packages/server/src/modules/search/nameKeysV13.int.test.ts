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

// Generated people only. t1 gives a Turkic patronymic (pd2), t2 a Belarusian list's forms, t3 a Latvian
// registry's: version 12 gave t1 a given key of three words and no father key, t2 and t3 other given, father and
// family keys (sur13: t2's -энка read as -енко); t5 a Czech registry's woman (sur13: -ová read off, Kovalenko's
// family key). t4 keys as it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  't1,Алієв,Тимур,Руслан оглы,male,1981-03-04',
  't2,Шаўчэнка,Аляксандр,Сяргеевіч,male,1979',
  't3,Ševčenko,Andrijs,Petrovičs,male,1985-06-07',
  't4,Мельник,Олена,Іванівна,female,1990',
  't5,Kovalenková,Olena,,female,1988-02-03',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 13 (migration 0065) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 12 keyed otherwise, and a version 12 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(13);
    const fresh = await storedKeys(database);
    expect(fresh['t2']).toMatchObject({ key_family: 'shavchenko', key_given: 'oleksandr' });
    expect(fresh['t3']?.key_given).toBe('andrii');
    expect(fresh['t5']?.key_family).toBe('kovalenko');
    const freshFathers = await storedFathers(database);
    expect(freshFathers).toEqual({ t1: 'ruslan', t2: 'serhii', t3: 'petro', t4: 'ivan', t5: null });
    const freshCounts = await nameCounts(database);
    // As version 12 keyed them (ў a word break: "sha chenka"), and a version 12 walk not yet ended.
    await sql`UPDATE record SET keys_version = 12`.execute(database.db);
    await sql`UPDATE record SET key_father = NULL WHERE external_id IN ('t1', 't2', 't3')`.execute(
      database.db,
    );
    await sql`UPDATE record SET key_family = 'sha chenka', key_family_phonetic = 'S XNK', key_given = 'x:alaksandr'
              WHERE external_id = 't2'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:andris' WHERE external_id = 't3'`.execute(database.db);
    await sql`UPDATE record SET key_family = 'kovalenkova', key_family_phonetic = 'KFLNKF'
              WHERE external_id = 't5'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (12)`.execute(database.db);
    expect(await rerunMigration(database, '0065')).toEqual(['0065']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 13 },
    ]);
    expect(await reindexNameKeys(database)).toBe(4);
    const rebuilt = await storedKeys(database);
    for (const id of ['t1', 't2', 't3', 't4', 't5'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['t1', 't2', 't3', 't4', 't5'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      12,
      NAME_KEYS_VERSION,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
