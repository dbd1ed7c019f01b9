import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
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
    await db.transaction().execute(async (trx) => {
      // Only records still without keys are updated (another reindex may have done some meanwhile: the
      // row lock makes it wait, then the condition is checked again), and their old keys come back, so
      // the name counts move from the old keys to the new ones in the same transaction.
      const moved = await sql<OldKeys & { id: string }>`
        WITH old AS (
          SELECT id, key_family, key_family_phonetic, key_given FROM record
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
      const now = new Map(keyed.map((k) => [k.id, k]));
      await moveNameCounts(
        trx,
        moved.rows.map((o) => [o, now.get(o.id)] as const),
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
}

/**
 * name_frequency counts records by their stored family key, family phonetic key and given-name key
 * (linkage/frequencies.ts). A record whose keys were rebuilt leaves its old keys' counts and joins the new
 * ones'; the registry's size does not change.
 */
async function moveNameCounts(
  trx: Transaction<DB>,
  pairs: readonly (readonly [OldKeys, OldKeys | undefined])[],
): Promise<void> {
  const delta = new Map<string, number>();
  const add = (kind: string, key: string | null, n: number): void => {
    if (key === null) return;
    const k = `${kind}\u0000${key}`;
    delta.set(k, (delta.get(k) ?? 0) + n);
  };
  for (const [was, now] of pairs) {
    if (now === undefined) continue;
    for (const [kind, field] of [
      ['family', 'key_family'],
      ['phonetic', 'key_family_phonetic'],
      ['given', 'key_given'],
    ] as const) {
      if (was[field] === now[field]) continue;
      add(kind, was[field], -1);
      add(kind, now[field], 1);
    }
  }
  const rows = [...delta]
    .filter(([, n]) => n !== 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, n]) => {
      const [kind, key] = k.split('\u0000') as [string, string];
      return { kind, key, n };
    });
  if (rows.length === 0) return;
  await sql`INSERT INTO name_frequency (kind, key, n)
    SELECT u.kind, u.key, u.n FROM json_to_recordset(${JSON.stringify(rows)}::json) AS u(kind text, key text, n int8)`.execute(
    trx,
  );
}
