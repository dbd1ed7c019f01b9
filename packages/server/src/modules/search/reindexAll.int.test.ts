import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { countStoredKeys, nameCounts, recountedNames, rerunMigration } from '../../test/nameKeys.js';
import type { Database } from '../../db/database.js';
import { seedRegistry } from '../../seed/seedRegistry.js';
import { NAME_KEYS_VERSION } from './keys.js';
import { checkNameKeys, reindexNameKeys } from './reindex.js';

/** What a re-key of the whole registry must leave as a fresh import left it. */
interface Registry {
  keys: string[];
  counts: Awaited<ReturnType<typeof nameCounts>>;
  families: string[];
}

async function registryOf(database: Database): Promise<Registry> {
  const keys = await sql<{ k: string }>`SELECT concat_ws('|', id, key_family, key_family_phonetic, key_given,
      key_father) AS k FROM record ORDER BY id`.execute(database.db);
  const families = await sql<{ key: string }>`SELECT key FROM family_key ORDER BY key`.execute(database.db);
  return {
    keys: keys.rows.map((r) => r.k),
    counts: await nameCounts(database),
    families: families.rows.map((r) => r.key),
  };
}

/** Every tenth record keyed as an older version might have (its given and father keys otherwise). */
async function keyAsOlderVersion(database: Database): Promise<number> {
  const r =
    await sql`UPDATE record SET key_given = CASE WHEN key_given IS NULL THEN 'old' ELSE 'old:' || key_given END,
      key_father = NULL, keys_version = 7
    WHERE id IN (SELECT id FROM record ORDER BY id OFFSET 3 ROWS) AND get_byte(decode(md5(id::text), 'hex'), 0) < 26`.execute(
      database.db,
    );
  await sql`UPDATE record SET keys_version = 7 WHERE keys_version = ${NAME_KEYS_VERSION}`.execute(
    database.db,
  );
  await countStoredKeys(database);
  return Number(r.numAffectedRows ?? 0);
}

// Generated people only (seedRegistry: the import's write path).
describe.each(DATABASE_KINDS)('re-keying a whole registry on %s', (kind) => {
  let t: TestDatabase;
  let fresh: Registry;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedRegistry(t.database, { persons: 400, seed: 3, profile: 'realistic', actor: 'test' });
    fresh = await registryOf(t.database);
    expect(fresh.counts).toEqual(await recountedNames(t.database));
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('rebuilds every cleared record as the import wrote it, two reindexes at once', async () => {
    await sql`UPDATE record SET keys_version = NULL`.execute(t.database.db);
    const done = await Promise.all([
      reindexNameKeys(t.database, { batchSize: 37 }),
      reindexNameKeys(t.database, { batchSize: 53 }),
    ]);
    expect(done[0] + done[1]).toBe(400);
    expect(await registryOf(t.database)).toEqual(fresh);
  });

  it('checks every record (0057) and rewrites only those whose keys change, two walks at once', async () => {
    const older = await keyAsOlderVersion(t.database);
    expect(older).toBeGreaterThan(10);
    expect(await rerunMigration(t.database, '0057')).toEqual(['0057']);
    const done = await Promise.all([
      reindexNameKeys(t.database, { batchSize: 29 }),
      reindexNameKeys(t.database, { batchSize: 41 }),
    ]);
    expect(done[0] + done[1]).toBe(older);
    const now = await registryOf(t.database);
    expect(now.keys).toEqual(fresh.keys);
    expect(now.counts).toEqual(fresh.counts);
    // Family keys are only ever added (a key no record holds any more finds nothing).
    expect(now.families).toEqual(expect.arrayContaining(fresh.families));
    const versions = await sql<{
      v: number;
      n: string;
    }>`SELECT keys_version AS v, count(*)::text AS n FROM record
      GROUP BY 1 ORDER BY 1`.execute(t.database.db);
    expect(versions.rows).toEqual([
      { v: 7, n: String(400 - older) },
      { v: NAME_KEYS_VERSION, n: String(older) },
    ]);
    expect((await sql`SELECT * FROM name_keys_check`.execute(t.database.db)).rows).toEqual([]);
  });

  it('continues an interrupted walk where it stopped', async () => {
    const older = await keyAsOlderVersion(t.database);
    expect(await rerunMigration(t.database, '0057')).toEqual(['0057']);
    let batches = 0;
    await expect(
      checkNameKeys(t.database, {
        batchSize: 50,
        onProgress: () => {
          if (++batches === 3) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const stopped = await sql<{ after: string }>`SELECT after::text AS after FROM name_keys_check`.execute(
      t.database.db,
    );
    expect(stopped.rows).toHaveLength(1);
    const rest = await reindexNameKeys(t.database, { batchSize: 50 });
    expect(rest).toBeLessThan(older);
    const now = await registryOf(t.database);
    expect(now.keys).toEqual(fresh.keys);
    expect(now.counts).toEqual(fresh.counts);
    expect((await sql`SELECT * FROM name_keys_check`.execute(t.database.db)).rows).toEqual([]);
  });
});
