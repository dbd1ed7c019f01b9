import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { rerunMigration, storedKeys, useKeysRegistry } from '../../test/nameKeys.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'k1,Шевченко,ТГ,,male,1981-03-04',
  'k2,Шевченко ТГ,,,male,1976',
  'k3,Shevchenko,YuH,,male,1979',
  'k4,Коваленко,Андрій,Петрович,male,1990',
  'k5,Лі,Юн,,male,1985',
  'k6,Бондар,Ян,Петрович,male,1988',
].join('\n');

describe.each(DATABASE_KINDS)('name keys version 5 (migration 0032) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys only the records whose keys version 5 changes, and rebuilds them as an import would', async () => {
    await registry.load(CSV);
    const database = registry.database();
    const fresh = await storedKeys(database);
    for (const id of ['k1', 'k2', 'k3'])
      expect(fresh[id], id).toMatchObject({ key_given: null, keys_version: NAME_KEYS_VERSION });
    expect(fresh['k2']).toMatchObject({ key_family: 'shevchenko' });
    // Two-letter names stay names: "Лі" the surname, "Юн" the given name.
    expect(fresh['k5']?.key_given).not.toBeNull();
    // As a registry keyed by version 4 stood: "ТГ" and "YuH" given names.
    await sql`UPDATE record SET keys_version = 4`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:th' WHERE external_id IN ('k1', 'k2')`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:iuh' WHERE external_id = 'k3'`.execute(database.db);
    expect(await rerunMigration(database, '0032')).toEqual(['0032']);
    const marked = await storedKeys(database);
    expect(['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((id) => marked[id]?.keys_version)).toEqual([
      null,
      null,
      null,
      4,
      4,
      4,
    ]);
    expect(await reindexNameKeys(database)).toBe(3);
    const rebuilt = await storedKeys(database);
    for (const id of ['k1', 'k2', 'k3']) expect(rebuilt[id], id).toEqual(fresh[id]);
  });
});
