import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { recordKeys } from './keys.js';
import { rememberFamilyKeys } from '../records/repo.js';

/**
 * Builds the stored name keys of every record that has none (new, or cleared by a migration when the
 * key functions change), in batches by id. Returns how many records it updated.
 */
export async function reindexNameKeys(
  database: Database,
  opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const db = database.db;
  const batchSize = opts.batchSize ?? 5000;
  const stale = (q: typeof db) => q.selectFrom('record').where('keys_version', 'is', null);
  const total = Number(
    (
      await stale(db)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  while (done < total) {
    const rows = await stale(db)
      .select(['id', 'family_name', 'given_name', 'patronymic'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    const keyed = rows.map((r) => ({ id: r.id, ...recordKeys(r) }));
    const json = JSON.stringify(keyed);
    await sql`
      UPDATE record SET key_family = k.key_family, key_family_phonetic = k.key_family_phonetic,
        key_given = k.key_given, key_father = k.key_father, keys_version = k.keys_version
      FROM json_to_recordset(${json}::json) AS k(id uuid, key_family text, key_family_phonetic text,
        key_given text, key_father text, keys_version int2)
      WHERE record.id = k.id`.execute(db);
    await rememberFamilyKeys(
      db,
      keyed.map((k) => k.key_family),
    );
    done += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
    opts.onProgress?.(done, total);
  }
  return done;
}
