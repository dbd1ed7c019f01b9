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

// Generated people only. k1–k3 stand for records an older version keyed otherwise (no pattern picks them out:
// version 8 checks every record); k4–k6 kept their keys.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'k1,Шевченко,Тарас,Петрович,male,1981-03-04',
  'k2,Бондар,Руслан,,male,1976',
  'k3,KOVAL,OLEKSANDR,,male,1979',
  'k4,Коваль,Олександр,Іванович,male,1990',
  'k5,Коваленко,Андрій,Петрович,male,1990',
  'k6,KOCH,Anna,,female,1988',
].join('\n');

/** The keys an older version gave k1–k3 (given name, father's class). */
const OLDER_KEYS: Record<string, [string | null, string | null]> = {
  k1: ['x:taras', null],
  k2: [null, null],
  k3: ['x:oleksandr', 'x:old'],
};

describe.each(DATABASE_KINDS)('name keys version 8 (migration 0057) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('checks every record, rewrites those whose keys change as an import would, and keeps the others', async () => {
    await registry.load(CSV);
    const database = registry.database();
    expect(NAME_KEYS_VERSION).toBeGreaterThanOrEqual(8);
    const fresh = await storedKeys(database);
    const freshCounts = await nameCounts(database);
    // As a registry keyed by version 7 stood (its counts and family keys those of its keys).
    await sql`UPDATE record SET keys_version = 7`.execute(database.db);
    for (const [id, [given, father]] of Object.entries(OLDER_KEYS))
      await sql`UPDATE record SET key_given = ${given}, key_father = ${father} WHERE external_id = ${id}`.execute(
        database.db,
      );
    await countStoredKeys(database);
    expect(await rerunMigration(database, '0057')).toEqual(['0057']);
    // Nothing is cleared: the walk is asked for.
    const marked = await storedKeys(database);
    expect(Object.values(marked).map((k) => k.keys_version)).toEqual([7, 7, 7, 7, 7, 7]);
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([
      { version: 8 },
    ]);
    expect(await reindexNameKeys(database)).toBe(3);
    const rebuilt = await storedKeys(database);
    for (const id of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'])
      expect({ ...rebuilt[id], keys_version: null }, id).toEqual({ ...fresh[id], keys_version: null });
    const v = NAME_KEYS_VERSION;
    expect(['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((id) => rebuilt[id]?.keys_version)).toEqual([
      v,
      v,
      v,
      7,
      7,
      7,
    ]);
    expect(await nameCounts(database)).toEqual(freshCounts);
    expect(freshCounts).toEqual(await recountedNames(database));
    expect((await sql`SELECT version FROM name_keys_check`.execute(database.db)).rows).toEqual([]);
    // A second start finds nothing to do.
    expect(await reindexNameKeys(database)).toBe(0);
  });
});
