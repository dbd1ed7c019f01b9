import { sql, type Transaction } from 'kysely';
import type { Principal } from '../auth/permissions.js';
import { newId } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { appendAudit, type AuditContext } from '../modules/audit/log.js';
import { refreshPersons } from '../modules/records/repo.js';
import { survivingPersonId } from '../modules/persons/repo.js';

/** Who decided a merge, and on what grounds. */
export interface MergeDecision {
  actor: string;
  principal: Principal | null;
  kind: 'auto' | 'human';
  score: number | null;
  modelVersion: string | null;
  reason: string | null;
  reviewPairId?: string | null;
  /** Where the decision came from, when it came over HTTP. */
  audit?: AuditContext;
}

export { survivingPersonId };

/**
 * Merges two persons into one: the older keeps its id (a person keeps its id as records join), the other
 * points to it through merged_into. The absorbed person's records and events move over; each moved
 * record's current link is ended and a new one written (automatic with score and model version, or
 * human with who and why); a `person_merged` event records it; pending review pairs between the two are
 * superseded and those of the absorbed person now name the survivor. Withheld wins: if either person is
 * withheld (GC IV Art. 137), the survivor is. Call inside a transaction.
 */
export async function mergePersons(
  trx: Transaction<DB>,
  a: string,
  b: string,
  decision: MergeDecision,
): Promise<{ survivor: string; absorbed: string; moved: number }> {
  if (a === b) throw new AppError('conflict', 'these records already belong to one person');
  const persons = await trx
    .selectFrom('person')
    .select(['id', 'created_at', 'merged_into', 'category', 'organisation_id', 'withheld'])
    .where('id', 'in', [a, b])
    .forUpdate()
    .execute();
  if (persons.length !== 2) throw notFound('person');
  if (persons.some((p) => p.merged_into !== null))
    throw new AppError('conflict', 'one of the persons was already merged into another');
  if (persons[0]?.organisation_id !== persons[1]?.organisation_id)
    throw new AppError('conflict', 'persons of different organisations are never merged');
  const [older, newer] = [...persons].sort(
    (x, y) => new Date(x.created_at).getTime() - new Date(y.created_at).getTime() || (x.id < y.id ? -1 : 1),
  ) as [(typeof persons)[number], (typeof persons)[number]];
  const survivor = older.id;
  const absorbed = newer.id;
  const now = new Date();
  const withheld = older.withheld || newer.withheld;
  if (withheld && !older.withheld)
    await trx.updateTable('person').set({ withheld: true }).where('id', '=', survivor).execute();

  const moved = await trx
    .updateTable('record')
    .set({ person_id: survivor })
    .where('person_id', '=', absorbed)
    .returning('id')
    .execute();
  const recordIds = moved.map((r) => r.id);
  if (recordIds.length > 0) {
    await trx
      .updateTable('link')
      .set({ ended_at: now, ended_by: decision.actor })
      .where('record_id', 'in', recordIds)
      .where('ended_at', 'is', null)
      .execute();
    await sql`
      INSERT INTO link (record_id, person_id, kind, score, model_version, decided_by, reason, created_at)
      SELECT r, ${survivor}::uuid, ${decision.kind}, ${decision.score}::float8, ${decision.modelVersion},
        ${decision.actor}, ${decision.reason}, ${now}::timestamptz
      FROM unnest(${recordIds}::uuid[]) AS r`.execute(trx);
  }
  await trx.updateTable('event').set({ person_id: survivor }).where('person_id', '=', absorbed).execute();
  await trx
    .updateTable('person')
    .set({ merged_into: survivor, record_count: 0, updated_at: now })
    .where('id', '=', absorbed)
    .execute();
  await trx
    .updateTable('review_pair')
    .set({ status: 'superseded', decided_at: now, decided_by: decision.actor, reason: 'persons merged' })
    .where('status', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb.and([eb('left_person_id', '=', survivor), eb('right_person_id', '=', absorbed)]),
        eb.and([eb('left_person_id', '=', absorbed), eb('right_person_id', '=', survivor)]),
      ]),
    )
    .where('id', '!=', decision.reviewPairId ?? '0')
    .execute();
  await trx
    .updateTable('review_pair')
    .set({ left_person_id: survivor })
    .where('status', '=', 'pending')
    .where('left_person_id', '=', absorbed)
    .where('id', '!=', decision.reviewPairId ?? '0')
    .execute();
  await trx
    .updateTable('review_pair')
    .set({ right_person_id: survivor })
    .where('status', '=', 'pending')
    .where('right_person_id', '=', absorbed)
    .where('id', '!=', decision.reviewPairId ?? '0')
    .execute();
  await trx
    .insertInto('event')
    .values({
      id: newId(),
      person_id: survivor,
      record_id: null,
      type: 'person_merged',
      occurred_on: now.toISOString().slice(0, 10),
      source_id: null,
      confidence: decision.kind === 'human' ? 'confirmed' : 'probable',
      note: `person ${absorbed} merged into this person (${recordIds.length} records, ${decision.kind} decision)`,
      details: JSON.stringify({
        absorbed_person_id: absorbed,
        record_ids: recordIds,
        kind: decision.kind,
        score: decision.score,
        model_version: decision.modelVersion,
        review_pair_id: decision.reviewPairId ?? null,
        reason: decision.reason,
      }),
      entered_by: decision.actor,
      created_at: now,
    })
    .execute();
  await refreshPersons(trx, [survivor]);
  await appendAudit(
    trx,
    decision.principal,
    {
      action: 'person.merge',
      objectType: 'person',
      objectId: survivor,
      detail: {
        absorbed_person_id: absorbed,
        records: recordIds.length,
        kind: decision.kind,
        review_pair_id: decision.reviewPairId ?? null,
        withheld,
      },
    },
    decision.audit,
  );
  return { survivor, absorbed, moved: recordIds.length };
}
