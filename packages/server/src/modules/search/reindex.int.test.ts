import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date
r1,registry,military,Гончарук,Тарас,Петрович,male,1990-05-17
r2,registry,military,Гончарук,Олег,Петрович,male,1993-01-02
r3,registry,military,Chevtchenko,Guennadi,Ivanovytch,male,1988
r4,registry,civilian_detainee,Мельничук,Ганна,Іванівна,female,1970
r5,registry,military,Тарас,Гончарук,Петрович,male,1990-05-17
`;

type Count = { kind: string; key: string; n: string };

/** name_frequency's sums per key, without keys that sum to nothing. */
async function counted(t: TestDatabase): Promise<Count[]> {
  const r = await sql<Count>`SELECT kind, key, sum(n)::text AS n FROM name_frequency
    GROUP BY kind, key HAVING sum(n) <> 0 ORDER BY kind, key`.execute(t.database.db);
  return r.rows;
}

/** What name_frequency should say: the stored keys, counted afresh. */
async function recounted(t: TestDatabase): Promise<Count[]> {
  const r = await sql<Count>`SELECT kind, key, n::text AS n FROM (
      SELECT 'family' AS kind, key_family AS key, count(*) AS n FROM record WHERE key_family IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'given', key_given, count(*) FROM record WHERE key_given IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'phonetic', key_family_phonetic, count(*) FROM record
        WHERE key_family_phonetic IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'father', key_father, count(*) FROM record WHERE key_father IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'father', '', count(*) FROM record WHERE key_father IS NOT NULL
      UNION ALL SELECT 'year', birth_year::text, count(*) FROM record WHERE birth_year IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'year', '', count(*) FROM record WHERE birth_year IS NOT NULL
      UNION ALL SELECT 'family_given', key_family || '|' || key_given, count(*) FROM record
        WHERE key_family IS NOT NULL AND key_given IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'given_father', key_given || '|' || key_father, count(*) FROM record
        WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'given_father', key_given || '|', count(*) FROM record
        WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
      UNION ALL SELECT 'records', '', count(*) FROM record) c
    ORDER BY kind, key`.execute(t.database.db);
  return r.rows;
}

describe.each(DATABASE_KINDS)('rebuilding name keys on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-reindex-'));
    fs.writeFileSync(path.join(dir, 'people.csv'), CSV);
    await importCsv(t.database, { file: path.join(dir, 'people.csv'), actor: 'test' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('moves the name counts from the old keys to the new ones, and counts nothing twice', async () => {
    expect(await counted(t)).toEqual(await recounted(t));
    // Keys as an older key version built them (and counted them), cleared for a rebuild as a migration does.
    await t.database.db.transaction().execute(async (trx) => {
      await sql`UPDATE record SET key_family = 'old:' || key_family, key_given = NULL,
        key_family_phonetic = 'old:' || key_family_phonetic, key_father = 'old:' || key_father, keys_version = NULL
        WHERE external_id IN ('r3', 'r5')`.execute(trx);
      await sql`WITH c AS (DELETE FROM name_frequency RETURNING 1) INSERT INTO name_frequency (kind, key, n)
        SELECT 'family', key_family, count(*) FROM record WHERE key_family IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'given', key_given, count(*) FROM record WHERE key_given IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'phonetic', key_family_phonetic, count(*) FROM record
          WHERE key_family_phonetic IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'father', key_father, count(*) FROM record WHERE key_father IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'father', '', count(*) FROM record WHERE key_father IS NOT NULL
        UNION ALL SELECT 'year', birth_year::text, count(*) FROM record WHERE birth_year IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'year', '', count(*) FROM record WHERE birth_year IS NOT NULL
        UNION ALL SELECT 'family_given', key_family || '|' || key_given, count(*) FROM record
          WHERE key_family IS NOT NULL AND key_given IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'given_father', key_given || '|' || key_father, count(*) FROM record
          WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'given_father', key_given || '|', count(*) FROM record
          WHERE key_given IS NOT NULL AND key_father IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'records', '', count(*) FROM record`.execute(trx);
    });
    const before = await counted(t);
    expect(before.some((c) => c.key.startsWith('old:'))).toBe(true);

    // Two at once (the server's start and a command, say): each record's keys are rebuilt, and counted, once.
    const done = await Promise.all([
      reindexNameKeys(t.database, { batchSize: 1 }),
      reindexNameKeys(t.database, { batchSize: 1 }),
    ]);
    expect(done[0] + done[1]).toBeGreaterThanOrEqual(2);
    const after = await counted(t);
    expect(after).toEqual(await recounted(t));
    // The names held together moved too (fs-20): the rebuilt records' given names counted with their surnames.
    expect(after.filter((c) => c.kind === 'family_given').length).toBeGreaterThan(0);
    expect(after.some((c) => c.key.startsWith('old:'))).toBe(false);
    expect(after.find((c) => c.kind === 'records')?.n).toBe('5');
  });
});
