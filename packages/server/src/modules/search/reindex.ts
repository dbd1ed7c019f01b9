import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { NAME_KEYS_VERSION, recordKeys, type RecordKeys } from './keys.js';
import { rememberFamilyKeys } from '../records/repo.js';
import { addNameCounts } from '../linkage/frequencies.js';

/** Which walk a progress report is of: records without keys rebuilt, or every record's keys checked. */
export type ReindexPass = 'rebuild' | 'check';

/** Options of a reindex: records per batch, and a report after each batch. */
export interface ReindexOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number, pass: ReindexPass) => void;
}

/**
 * Builds the stored name keys of every record that has none (new, or cleared by a migration when the
 * key functions change), in batches by id; then, when a migration asks for it (name_keys_check, 0057),
 * checks every record's keys and rewrites those that change (`checkNameKeys`). Returns how many records
 * it updated.
 */
export async function reindexNameKeys(database: Database, opts: ReindexOptions = {}): Promise<number> {
  const rebuilt = await rebuildMissingKeys(database, opts);
  return rebuilt + (await checkNameKeys(database, opts));
}

/** The stale-keys walk: every record whose keys_version is NULL gets keys. Returns how many it updated. */
async function rebuildMissingKeys(database: Database, opts: ReindexOptions): Promise<number> {
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
  let updated = 0;
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
      // the name counts move from the old keys to the new ones in the same transaction. The batch's ids
      // are looked up by the primary key, and the old keys come back with the update (RETURNING reads
      // `old`): a join of the two afterwards was planned as a loop over both (the planner counts one row
      // in each), 5,000 × 5,000 comparisons a batch, and reading the ids against every record without
      // keys grew with their number.
      const moved = await sql<OldKeys & { id: string }>`
        WITH old AS (
          SELECT id, key_family, key_family_phonetic, key_given, key_father FROM record
          WHERE id = ANY(${keyed.map((k) => k.id)}::uuid[]) AND keys_version IS NULL
          FOR UPDATE
        )
        UPDATE record SET key_family = k.key_family, key_family_phonetic = k.key_family_phonetic,
          key_given = k.key_given, key_father = k.key_father, keys_version = k.keys_version
        FROM old, json_to_recordset(${json}::json) AS k(id uuid, key_family text, key_family_phonetic text,
          key_given text, key_father text, keys_version int2)
        WHERE record.id = old.id AND record.id = k.id
        RETURNING old.id, old.key_family, old.key_family_phonetic, old.key_given, old.key_father`.execute(
        trx,
      );
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
      // Those another reindex rebuilt meanwhile are its own.
      updated += moved.rows.length;
    });
    await rememberFamilyKeys(
      db,
      keyed.map((k) => k.key_family),
    );
    done += rows.length;
    after = rows[rows.length - 1]?.id ?? after;
    opts.onProgress?.(done, total, 'rebuild');
  }
  return updated;
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

/**
 * Walks every record with an id after name_keys_check's `after` (migration 0057), computes its keys with this
 * version's functions, and rewrites only the records whose keys change: their name counts move from the old
 * keys to the new ones and their family keys are remembered, in the batch's transaction, which also moves
 * `after` past the batch (deleting the row at the end). A record whose keys stay is not written: a row's
 * rewrite costs an entry in each of record's indexes, and few records change. Returns how many it rewrote.
 *
 * Safe beside another reindex: a batch is read and keyed outside the transaction, which then locks the row
 * and goes on only if `after` is still where the batch began (else the other one did it: read again from
 * there). Safe beside writers: a record is rewritten only if its names and keys are still those read (an
 * edit or a rebuild meanwhile wrote keys of its own; a record without keys is the rebuild's).
 */
export async function checkNameKeys(database: Database, opts: ReindexOptions = {}): Promise<number> {
  const db = database.db;
  const batchSize = opts.batchSize ?? 10000;
  let rewritten = 0;
  for (;;) {
    const walk = (
      await sql<{ version: number; after: string }>`SELECT version, after::text AS after FROM name_keys_check
        ORDER BY version LIMIT 1`.execute(db)
    ).rows[0];
    if (walk === undefined) return rewritten;
    const total = Number(
      (
        await sql<{
          n: string;
        }>`SELECT count(*)::text AS n FROM record WHERE id > ${walk.after}::uuid`.execute(db)
      ).rows[0]?.n ?? 0,
    );
    let done = 0;
    let after = walk.after;
    for (;;) {
      const rows = (
        await sql<Stored>`SELECT id, family_name, given_name, patronymic, key_family, key_family_phonetic,
          key_given, key_father FROM record WHERE id > ${after}::uuid ORDER BY id LIMIT ${batchSize}`.execute(
          db,
        )
      ).rows;
      const last = rows[rows.length - 1]?.id;
      const changed = rows.flatMap((r) => {
        const k = recordKeys(r);
        return sameKeys(r, k) ? [] : [{ old: r, now: k }];
      });
      const outcome = await db.transaction().execute(async (trx) => {
        const held = (
          await sql<{ after: string }>`SELECT after::text AS after FROM name_keys_check
            WHERE version = ${walk.version} FOR UPDATE`.execute(trx)
        ).rows[0];
        if (held === undefined) return { ended: true, moved: 0 };
        if (held.after !== after) return { ended: false, moved: 0, resume: held.after };
        const moved = changed.length === 0 ? 0 : await rewriteKeys(trx, changed);
        if (rows.length < batchSize || last === undefined)
          await sql`DELETE FROM name_keys_check WHERE version = ${walk.version}`.execute(trx);
        else
          await sql`UPDATE name_keys_check SET after = ${last}::uuid WHERE version = ${walk.version}`.execute(
            trx,
          );
        return { ended: rows.length < batchSize || last === undefined, moved };
      });
      if ('resume' in outcome && outcome.resume !== undefined) {
        // Another reindex walked this batch meanwhile: go on from where it stands.
        after = outcome.resume;
        continue;
      }
      rewritten += outcome.moved;
      done += rows.length;
      opts.onProgress?.(Math.min(done, total), total, 'check');
      if (outcome.ended) break;
      after = last ?? after;
    }
  }
}

/** A record's names and stored keys, as the check reads them. */
interface Stored extends OldKeys {
  id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
}

function sameKeys(a: OldKeys, b: OldKeys): boolean {
  return (
    a.key_family === b.key_family &&
    a.key_family_phonetic === b.key_family_phonetic &&
    a.key_given === b.key_given &&
    a.key_father === b.key_father
  );
}

/**
 * Writes the new keys of records whose names and keys are still those read (others were written meanwhile,
 * by code of this version), moves their name counts and remembers their family keys. Returns how many.
 */
async function rewriteKeys(
  trx: Transaction<DB>,
  changed: readonly { old: Stored; now: RecordKeys }[],
): Promise<number> {
  const col = <T>(pick: (c: { old: Stored; now: RecordKeys }) => T): T[] => changed.map(pick);
  const written = await sql<{ id: string }>`
    UPDATE record SET key_family = k.key_family, key_family_phonetic = k.key_family_phonetic,
      key_given = k.key_given, key_father = k.key_father, keys_version = ${NAME_KEYS_VERSION}
    FROM unnest(${col((c) => c.old.id)}::uuid[], ${col((c) => c.old.family_name)}::text[],
      ${col((c) => c.old.given_name)}::text[], ${col((c) => c.old.patronymic)}::text[],
      ${col((c) => c.old.key_family)}::text[], ${col((c) => c.old.key_family_phonetic)}::text[],
      ${col((c) => c.old.key_given)}::text[], ${col((c) => c.old.key_father)}::text[],
      ${col((c) => c.now.key_family)}::text[], ${col((c) => c.now.key_family_phonetic)}::text[],
      ${col((c) => c.now.key_given)}::text[], ${col((c) => c.now.key_father)}::text[])
      AS k(id, family_name, given_name, patronymic, old_family, old_family_phonetic, old_given, old_father,
        key_family, key_family_phonetic, key_given, key_father)
    WHERE record.id = k.id AND record.keys_version IS NOT NULL
      AND record.family_name IS NOT DISTINCT FROM k.family_name AND record.given_name IS NOT DISTINCT FROM k.given_name
      AND record.patronymic IS NOT DISTINCT FROM k.patronymic
      AND record.key_family IS NOT DISTINCT FROM k.old_family
      AND record.key_family_phonetic IS NOT DISTINCT FROM k.old_family_phonetic
      AND record.key_given IS NOT DISTINCT FROM k.old_given AND record.key_father IS NOT DISTINCT FROM k.old_father
    RETURNING record.id`.execute(trx);
  const ids = new Set(written.rows.map((r) => r.id));
  const moved = changed.filter((c) => ids.has(c.old.id));
  await addNameCounts(
    trx,
    moved.flatMap((c) => [
      { keys: countedKeys(c.old), n: -1 },
      { keys: countedKeys(c.now), n: 1 },
    ]),
    0,
  );
  await rememberFamilyKeys(
    trx,
    moved.map((c) => c.now.key_family),
  );
  return moved.length;
}
