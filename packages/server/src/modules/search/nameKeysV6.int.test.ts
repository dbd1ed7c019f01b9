import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SEED_GIVEN_NAME_CLASSES, romanizeRussian, romanizeUkrainian, skeleton } from '@homecoming/names';
import { DATABASE_KINDS } from '../../test/databases.js';
import { rerunMigration, storedKeys, useKeysRegistry } from '../../test/nameKeys.js';
import { readMigrations } from '../../db/migrate.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only.
const CSV = [
  'external_id,family_name,given_name,patronymic,sex,birth_date',
  'k1,Шевченко,Ваня,Петрович,male,1981-03-04',
  'k2,Коваленко,Маша,,female,1976',
  'k3,Петя,Шевченко,,male,1979',
  'k4,Бондар,Валя,,,1990',
  'k5,Коваленко,Андрій,Петрович,male,1990',
  'k6,Бондаренко,Коля,,male,1988',
].join('\n');

/** The diminutives name keys version 5 knew (every one listed before recall7). */
const V5_DIMINUTIVES = new Set(
  'Саша Сашко Олесь Льоша Лёша Алёша Вова Володя Діма Дима Женя Коля Сергійко Серёжа Серьожа Наташа Таня Катя Юля Оля'.split(
    ' ',
  ),
);

describe('migration 0034', () => {
  it('lists every skeleton of the diminutives added since name keys version 5, in each script', () => {
    const text = readMigrations().find((m) => m.version === '0034')?.sql ?? '';
    const listed = new Set([...text.matchAll(/'x:([a-z]+)'/gu)].map((m) => m[1]));
    // The seed's: the long tail's diminutives (nm17) came after version 6, with a keys version of their own.
    const added = SEED_GIVEN_NAME_CLASSES.flatMap((c) => c.diminutives ?? []).filter(
      (d) => !V5_DIMINUTIVES.has(d),
    );
    expect(added.length).toBeGreaterThan(50);
    for (const d of added)
      for (const r of [d, romanizeUkrainian(d), romanizeRussian(d, 'icao'), romanizeRussian(d, 'bgn')])
        expect(listed.has(skeleton(r)), `${d} (${r})`).toBe(true);
  });
});

describe.each(DATABASE_KINDS)('name keys version 6 (migration 0034) on %s', (kind) => {
  const registry = useKeysRegistry(kind);

  it('re-keys only the records whose keys version 6 changes, and rebuilds them as an import would', async () => {
    await registry.load(CSV);
    const database = registry.database();
    const fresh = await storedKeys(database);
    expect(fresh['k1']).toMatchObject({ key_given: 'ivan', keys_version: NAME_KEYS_VERSION });
    expect(fresh['k2']).toMatchObject({ key_given: 'mariia' });
    // The columns put back: Петя is a given name now, Шевченко the surname.
    expect(fresh['k3']).toMatchObject({ key_family: 'shevchenko', key_given: 'petro' });
    // Валя is Валентин or Валентина: no one class, compared with either.
    expect(fresh['k4']?.key_given).toBe('x:vala');
    // As a registry keyed by version 5 stood.
    await sql`UPDATE record SET keys_version = 5`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:vania' WHERE external_id = 'k1'`.execute(database.db);
    await sql`UPDATE record SET key_given = 'x:masha' WHERE external_id = 'k2'`.execute(database.db);
    await sql`UPDATE record SET key_family = 'petia', key_given = 'x:shevchenko' WHERE external_id = 'k3'`.execute(
      database.db,
    );
    expect(await rerunMigration(database, '0034')).toEqual(['0034']);
    const marked = await storedKeys(database);
    expect(['k1', 'k2', 'k3', 'k4', 'k5', 'k6'].map((id) => marked[id]?.keys_version)).toEqual([
      null,
      null,
      null,
      null,
      5,
      5,
    ]);
    expect(await reindexNameKeys(database)).toBe(4);
    const rebuilt = await storedKeys(database);
    for (const id of ['k1', 'k2', 'k3', 'k4']) expect(rebuilt[id], id).toEqual(fresh[id]);
  });
});
