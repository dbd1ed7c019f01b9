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

// Generated people only. Version 14 keyed v1's given name (the Shift on its second letter) as the unknown
// "x:zanislav", and v2's (cut with an ellipsis) as "x:oleksand" (nm15, hold14). v3 keys as it did.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'v1,Kovalenko,tSanislav,,male,1979',
  'v2,Коваленко,Олександ…,Петрович,male,1988-02-03',
  'v3,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 15 (migration 0067) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 14 keyed otherwise, and a version 14 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(15);
    const fresh = await storedKeys(database);
    expect(fresh['v1']?.key_given).toBe('stanislav');
    expect(fresh['v2']?.key_given).toBeNull();
    expect(fresh['v3']?.key_given).toBe('olena');
    const freshCounts = await nameCounts(database);
    // As version 14 keyed them, and a version 14 walk not yet ended.
    await sql`UPDATE record SET keys_version = 14`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:zanislav' WHERE external_id = 'v1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:oleksand' WHERE external_id = 'v2'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (14)`.execute(database.db);
    expect(await rerunMigration(database, '0067')).toEqual(['0067']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 15 },
    ]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    for (const id of ['v1', 'v2', 'v3'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(['v1', 'v2', 'v3'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      14,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
