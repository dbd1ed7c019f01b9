import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { countStoredKeys, nameCounts, recountedNames } from '../../test/nameKeys.js';
import { reindexNameKeys } from './reindex.js';

// Generated people only.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date
r1,registry,military,Гончарук,Тарас,Петрович,male,1990-05-17
r2,registry,military,Гончарук,Олег,Петрович,male,1993-01-02
r3,registry,military,Chevtchenko,Guennadi,Ivanovytch,male,1988
r4,registry,civilian_detainee,Мельничук,Ганна,Іванівна,female,1970
r5,registry,military,Тарас,Гончарук,Петрович,male,1990-05-17
`;

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
    expect(await nameCounts(t.database)).toEqual(await recountedNames(t.database));
    // Keys as an older key version built them (and counted them), cleared for a rebuild as a migration does.
    await sql`UPDATE record SET key_family = 'old:' || key_family, key_given = NULL,
      key_family_phonetic = 'old:' || key_family_phonetic, key_father = 'old:' || key_father, keys_version = NULL
      WHERE external_id IN ('r3', 'r5')`.execute(t.database.db);
    await countStoredKeys(t.database);
    const before = await nameCounts(t.database);
    expect(before.some((c) => c.key.startsWith('old:'))).toBe(true);

    // Two at once (the server's start and a command, say): each record's keys are rebuilt, and counted, once.
    const done = await Promise.all([
      reindexNameKeys(t.database, { batchSize: 1 }),
      reindexNameKeys(t.database, { batchSize: 1 }),
    ]);
    expect(done[0] + done[1]).toBeGreaterThanOrEqual(2);
    const after = await nameCounts(t.database);
    expect(after).toEqual(await recountedNames(t.database));
    // The names held together moved too (fs-20): the rebuilt records' given names counted with their surnames.
    expect(after.filter((c) => c.kind === 'family_given').length).toBeGreaterThan(0);
    expect(after.some((c) => c.key.startsWith('old:'))).toBe(false);
    expect(after.find((c) => c.kind === 'records')?.n).toBe('5');
  });
});
