import { sql, type Transaction } from 'kysely';
import type { Principal } from '../auth/permissions.js';
import { newId } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { appendAudit, type AuditContext } from '../modules/audit/log.js';
import { refreshPersons } from '../modules/records/repo.js';

/**
 * Splits records off a person into a new person (undoing a link): the records move with the events they
 * asserted, their links are ended and human links to the new person written, both persons get a
 * `person_split` event, and every moved record is remembered as distinct from every record that stays,
 * so that neither linkage nor the review queue puts them together again. The new person stays in the
 * organisation of the person it is split from, withheld if that one is. Call inside a transaction.
 */
export async function splitPerson(
  trx: Transaction<DB>,
  personId: string,
  recordIds: readonly string[],
  decision: { actor: string; principal: Principal | null; reason: string; audit?: AuditContext },
): Promise<{ personId: string }> {
  const ids = [...new Set(recordIds)];
  if (ids.length === 0) throw new AppError('validation_failed', 'record_ids: name at least one record');
  const person = await trx
    .selectFrom('person')
    .select(['id', 'merged_into', 'category', 'organisation_id', 'withheld'])
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!person) throw notFound('person');
  if (person.merged_into !== null) throw new AppError('conflict', 'this person was merged into another');
  const records = await trx.selectFrom('record').select(['id']).where('person_id', '=', personId).execute();
  const own = new Set(records.map((r) => r.id));
  const foreign = ids.filter((id) => !own.has(id));
  if (foreign.length > 0) {
    throw new AppError(
      'validation_failed',
      `record_ids: ${foreign.join(', ')} ${foreign.length === 1 ? 'does' : 'do'} not belong to this person`,
      foreign.map((id) => ({ path: 'record_ids', message: `${id} does not belong to this person` })),
    );
  }
  if (ids.length === own.size) {
    throw new AppError(
      'validation_failed',
      'record_ids: a split must leave at least one record with the person',
    );
  }
  const staying = records.map((r) => r.id).filter((id) => !ids.includes(id));
  const now = new Date();
  const created = newId();
  await trx
    .insertInto('person')
    .values({
      id: created,
      created_at: now,
      updated_at: now,
      names: '[]',
      category: person.category,
      status: 'no_data',
      organisation_id: person.organisation_id,
      withheld: person.withheld,
      record_count: 0,
    })
    .execute();
  await trx.updateTable('record').set({ person_id: created }).where('id', 'in', ids).execute();
  await trx.updateTable('event').set({ person_id: created }).where('record_id', 'in', ids).execute();
  await trx
    .updateTable('link')
    .set({ ended_at: now, ended_by: decision.actor })
    .where('record_id', 'in', ids)
    .where('ended_at', 'is', null)
    .execute();
  await sql`
    INSERT INTO link (record_id, person_id, kind, score, model_version, decided_by, reason, created_at)
    SELECT r, ${created}::uuid, 'human', NULL, NULL, ${decision.actor}, ${decision.reason}, ${now}::timestamptz
    FROM unnest(${ids}::uuid[]) AS r`.execute(trx);
  const pairs = ids.flatMap((a) => staying.map((b) => (a < b ? [a, b] : [b, a])));
  await sql`
    INSERT INTO distinct_records (record_a, record_b, decided_by, reason, created_at)
    SELECT p.a, p.b, ${decision.actor}, ${decision.reason}, ${now}::timestamptz
    FROM json_to_recordset(${JSON.stringify(pairs.map(([a, b]) => ({ a, b })))}::json) AS p(a uuid, b uuid)
    ON CONFLICT DO NOTHING`.execute(trx);
  for (const on of [personId, created]) {
    await trx
      .insertInto('event')
      .values({
        id: newId(),
        person_id: on,
        record_id: null,
        type: 'person_split',
        occurred_on: now.toISOString().slice(0, 10),
        source_id: null,
        confidence: 'confirmed',
        note:
          on === personId
            ? `${ids.length} records split off into person ${created}`
            : `split off person ${personId} (${ids.length} records)`,
        details: JSON.stringify({ from_person_id: personId, new_person_id: created, record_ids: ids }),
        entered_by: decision.actor,
        created_at: now,
      })
      .execute();
  }
  await refreshPersons(trx, [personId, created]);
  await appendAudit(
    trx,
    decision.principal,
    {
      action: 'person.split',
      objectType: 'person',
      objectId: personId,
      detail: { new_person_id: created, records: ids.length },
    },
    decision.audit,
  );
  return { personId: created };
}
