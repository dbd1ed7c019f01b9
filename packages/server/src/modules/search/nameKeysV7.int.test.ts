import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { rerunMigration, storedKeys, useKeysRegistry } from '../../test/nameKeys.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only. k1–k4 hold what version 7 reads otherwise; k5 nothing; k6 a Latin word of
// look-alike capitals (re-keyed, the same keys again).
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'k1,Шевченко,TAPAC,Петрович,male,1981-03-04',
  'k2,Бондар,PYCЛAH,,male,1976',
  'k3,Коваль,Олекс.,Іванович,male,1979',
  'k4,Коваль,Ол-др,Іванович,male,1990',
  'k5,Коваленко,Андрій,Петрович,male,1990',
  'k6,KOCH,Anna,,female,1988',
].join('\n');

/** The keys version 6 gave k1–k4 (the names package before caps and hold5). */
const V6_KEYS: Record<string, string> = { k1: 'x:tapaz', k2: 'x:piklah', k3: 'x:oleks', k4: 'x:ol dr' };

describe.each(DATABASE_KINDS)('name keys version 7 (migration 0056) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys the records whose keys version 7 can change, and rebuilds them as an import would', async () => {
    await registry.load(CSV);
    const database = registry.database();
    const fresh = await storedKeys(database);
    expect(fresh['k1']).toMatchObject({ key_given: 'taras', keys_version: NAME_KEYS_VERSION });
    expect(fresh['k2']).toMatchObject({ key_given: 'ruslan' });
    expect(fresh['k3']?.key_given).toBeNull();
    expect(fresh['k4']?.key_given).toBeNull();
    // As a registry keyed by version 6 stood.
    await sql`UPDATE record SET keys_version = 6`.execute(database.db);
    for (const [id, key] of Object.entries(V6_KEYS))
      await sql`UPDATE record SET key_given = ${key} WHERE external_id = ${id}`.execute(database.db);
    expect(await rerunMigration(database, '0056')).toEqual(['0056']);
    const marked = await storedKeys(database);
    expect(['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((id) => marked[id]?.keys_version)).toEqual([
      null,
      null,
      null,
      null,
      6,
      null,
    ]);
    expect(await reindexNameKeys(database)).toBe(5);
    const rebuilt = await storedKeys(database);
    for (const id of ['k1', 'k2', 'k3', 'k4', 'k6']) expect(rebuilt[id], id).toEqual(fresh[id]);
  });
});
