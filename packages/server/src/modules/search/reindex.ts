import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { recordKeys } from './keys.js';
import { rememberFamilyKeys } from '../records/repo.js';
import { addNameCounts } from '../linkage/frequencies.js';

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
    await db.transaction().execute(async (trx) => {
      // Only records still without keys are updated (another reindex may have done some meanwhile: the
      // row lock makes it wait, then the condition is checked again), and their old keys come back, so
      // the name counts move from the old keys to the new ones in the same transaction.
      const moved = await sql<OldKeys & { id: string }>`
        WITH old AS (
          SELECT id, key_family, key_family_phonetic, key_given, key_father FROM record
          WHERE id IN (SELECT k.id FROM json_to_recordset(${json}::json) AS k(id uuid)) AND keys_version IS NULL
          FOR UPDATE
        ), updated AS (
          UPDATE record SET key_family = k.key_family, key_family_phonetic = k.key_family_phonetic,
            key_given = k.key_given, key_father = k.key_father, keys_version = k.keys_version
          FROM json_to_recordset(${json}::json) AS k(id uuid, key_family text, key_family_phonetic text,
            key_given text, key_father text, keys_version int2)
          WHERE record.id = k.id AND record.id IN (SELECT id FROM old)
          RETURNING record.id
        )
        SELECT old.* FROM old JOIN updated USING (id)`.execute(trx);
      // The counts move from the old keys to the new ones (a key that stayed adds nothing); the size stays.
      const now = new Map(keyed.map((k) => [k.id, k]));
      await addNameCounts(
        trx,
        moved.rows.flatMap((o) => {
          const k = now.get(o.id);
          return k === undefined
            ? []
            : [
                { keys: countedKeys(o), n: -1 },
                { keys: countedKeys(k), n: 1 },
              ];
        }),
        0,
      );
    });
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

interface OldKeys {
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
}

/** A record's stored keys as name_frequency counts them. */
function countedKeys(k: OldKeys) {
  return {
    family: k.key_family,
    given: k.key_given,
    familyPhonetic: k.key_family_phonetic,
    father: k.key_father,
  };
}
