import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { rerunMigration, storedKeys, useKeysRegistry } from '../../test/nameKeys.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'k1,Shevchenko,Yu.,Kh.,male,1981-03-04',
  'k2,Данилович В.В.,,,male,1976',
  'k3,Коваленко,Андрій,Петрович,male,1990',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 4 (migration 0030) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys only the records whose keys version 4 changes, and rebuilds them as an import would', async () => {
    await registry.load(CSV);
    const database = registry.database();
    const fresh = await storedKeys(database);
    expect(fresh['k1']).toMatchObject({ key_given: null, keys_version: NAME_KEYS_VERSION });
    expect(fresh['k2']).toMatchObject({ key_family: 'danilovich' });
    // As a registry keyed by version 3 stood: "Yu." a given name, "Данилович В.В." no family.
    await sql`UPDATE record SET keys_version = 3`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:iu' WHERE external_id = 'k1'`.execute(database.db);
    await sql`UPDATE record SET key_family = NULL WHERE external_id = 'k2'`.execute(database.db);
    expect(await rerunMigration(database, '0030')).toEqual(['0030']);
    const marked = await storedKeys(database);
    expect([marked['k1'], marked['k2'], marked['k3']].map((r) => r?.keys_version)).toEqual([null, null, 3]);
    expect(await reindexNameKeys(database)).toBe(2);
    const rebuilt = await storedKeys(database);
    expect(rebuilt['k1']).toEqual(fresh['k1']);
    expect(rebuilt['k2']).toEqual(fresh['k2']);
  });
});
