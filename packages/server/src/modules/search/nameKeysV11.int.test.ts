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

// Generated people only. c1 and c2 are from a parish's list, the given name in its church form: version 10 keyed
// them as unknown words (x:ioan, x:dimitri).
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'c1,Коваленко,Іоанн,Петрович,male,1981-03-04',
  'c2,Мельник,Димитрій,,male,1979',
  'c3,Коваленко,Іван,Петрович,male,1981-03-04',
  'c4,Мельник,Олена,Іванівна,female,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 11 (migration 0063) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records version 10 keyed otherwise, and a version 10 walk gives way to it', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(11);
    const fresh = await storedKeys(database);
    expect(fresh['c1']?.key_given).toBe('ivan');
    expect(fresh['c2']?.key_given).toBe('dmytro');
    const freshCounts = await nameCounts(database);
    // As version 10 keyed them, and a version 10 walk not yet ended.
    await sql`UPDATE record SET keys_version = 10`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:ioan' WHERE external_id = 'c1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:dimitri' WHERE external_id = 'c2'`.execute(database.db);
    await countStoredKeys(database);
    await sql`INSERT INTO name_keys_check (version) VALUES (10)`.execute(database.db);
    expect(await rerunMigration(database, '0063')).toEqual(['0063']);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 11 },
    ]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    for (const id of ['c1', 'c2', 'c3', 'c4'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    expect(['c1', 'c2', 'c3', 'c4'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      NAME_KEYS_VERSION,
      NAME_KEYS_VERSION,
      10,
      10,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
