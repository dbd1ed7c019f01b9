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

// Generated people only. Version 13 keyed u1 (a Czech registry's -ová of a Russian -ov surname) as her husband's
// kozlov, u2 (a Belarusian passport's -enka with ў as u) as written, u3 (the Czech -ová of a -oiko name) as boik,
// and gave u5 (a Latin patronymic with a central j) no father key (nm14, hold13). u4 keys as it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'u1,Kozlovová,Olena,,female,1979',
  'u2,Shauchenka,Aliaksandr,,male,1988-02-03',
  'u3,Boiková,Marta,,female,1992',
  'u4,Мельник,Олена,Іванівна,female,1990',
  'u5,Kovalenko,Andrii,Andrijovych,male,1985-06-07',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 14 (migration 0066) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 13 keyed otherwise, and a version 13 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(14);
    const fresh = await storedKeys(database);
    expect(fresh['u1']?.key_family).toBe('kozlova');
    expect(fresh['u2']?.key_family).toBe('shavchenko');
    expect(fresh['u3']?.key_family).toBe('boiko');
    const freshFathers = await storedFathers(database);
    expect(freshFathers).toEqual({ u1: null, u2: null, u3: null, u4: 'ivan', u5: 'andrii' });
    const freshCounts = await nameCounts(database);
    // As version 13 keyed them, and a version 13 walk not yet ended.
    await sql`UPDATE record SET keys_version = 13`.execute(database.db);
    await sql`UPDATE record SET key_family = 'kozlov' WHERE external_id = 'u1'`.execute(database.db);
    await sql`UPDATE record SET key_family = 'shauchenka', key_family_phonetic = 'SKNK'
              WHERE external_id = 'u2'`.execute(database.db);
    await sql`UPDATE record SET key_family = 'boik' WHERE external_id = 'u3'`.execute(database.db);
    await sql`UPDATE record SET key_father = NULL WHERE external_id = 'u5'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (13)`.execute(database.db);
    expect(await rerunMigration(database, '0066')).toEqual(['0066']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 14 },
    ]);
    expect(await reindexNameKeys(database)).toBe(4);
    const rebuilt = await storedKeys(database);
    for (const id of ['u1', 'u2', 'u3', 'u4', 'u5'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(await storedFathers(database)).toEqual(freshFathers);
    expect(['u1', 'u2', 'u3', 'u4', 'u5'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      13,
      NAME_KEYS_VERSION,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
