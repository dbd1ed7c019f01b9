import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** A candidate pair for the review queue. */
export interface PairProposal {
  leftPersonId: string;
  rightPersonId: string;
  leftRecordId: string;
  rightRecordId: string;
  score: number;
  explanation: { field: string; level: string; weight: number }[];
  modelVersion: string;
  /**
   * How much deciding the pair changes (higher first); see pairPriority. When absent (the import), it is
   * read from the two persons' statuses as they stand when the pair is queued. Either way proposePairs
   * adds STAKE_PRIORITY when a tracing request or an exchange list waits on one of the two persons.
   */
  priority?: number;
  /** Why the pair is in the queue (linkage queueReason). */
  reason?: string;
}

/** Statuses that say nothing of where a person is: news on the other side of a pair answers a family. */
const WHEREABOUTS_UNKNOWN = new Set(['no_data', 'missing', 'deported']);

/**
 * How much deciding a pair changes: 2 when one person's whereabouts are unknown and the other's record
 * has news (accepting it answers the family looking for them); 1 when the two persons' statuses differ
 * (the merged person's status changes); 0 otherwise. Tracing requests and exchange lists, when they
 * land, add to it.
 */
export function pairPriority(leftStatus: string | null, rightStatus: string | null): number {
  const a = leftStatus ?? 'no_data';
  const b = rightStatus ?? 'no_data';
  if (a === b) return 0;
  if (WHEREABOUTS_UNKNOWN.has(a) !== WHEREABOUTS_UNKNOWN.has(b)) return 2;
  return 1;
}

/**
 * Added to a pair's priority when accepting it would answer someone waiting: an open tracing request
 * seeks one of the two persons, or an exchange list names one of them. Above any status difference (≤ 2),
 * so such pairs lead the queue.
 */
export const STAKE_PRIORITY = 4;

const UNKNOWN_SQL = sql.raw([...WHEREABOUTS_UNKNOWN].map((s) => `'${s}'`).join(', '));

/**
 * Queues candidate pairs for review, except where the two persons already have a pending pair, or where
 * a human said some record of one is not the same person as some record of the other (a rejection or a
 * split is never proposed again). Returns how many were queued.
 */
export async function proposePairs(trx: Tx, proposals: readonly PairProposal[]): Promise<number> {
  const seen = new Set<string>();
  const unique = proposals.filter((p) => {
    if (p.leftPersonId === p.rightPersonId) return false;
    const key = [p.leftPersonId, p.rightPersonId].sort().join('|');
    return !seen.has(key) && seen.add(key);
  });
  if (unique.length === 0) return 0;
  const rows = unique.map((p) => ({
    left_person_id: p.leftPersonId,
    right_person_id: p.rightPersonId,
    left_record_id: p.leftRecordId,
    right_record_id: p.rightRecordId,
    score: p.score,
    explanation: p.explanation,
    model_version: p.modelVersion,
    priority: p.priority ?? null,
    queue_reason: p.reason ?? null,
  }));
  const r = await sql`
    INSERT INTO review_pair (left_person_id, right_person_id, left_record_id, right_record_id, score, explanation,
      model_version, priority, queue_reason)
    SELECT p.left_person_id, p.right_person_id, p.left_record_id, p.right_record_id, p.score, p.explanation,
      p.model_version,
      -- pairPriority, from the persons' statuses now, when the caller did not rank the pair itself.
      coalesce(p.priority, CASE
        WHEN coalesce(lp.status, 'no_data') = coalesce(rp.status, 'no_data') THEN 0
        WHEN (coalesce(lp.status, 'no_data') IN (${UNKNOWN_SQL}))
          <> (coalesce(rp.status, 'no_data') IN (${UNKNOWN_SQL})) THEN 2
        ELSE 1 END)
        + CASE WHEN s.traced OR s.listed THEN ${STAKE_PRIORITY} ELSE 0 END,
      nullif(concat_ws('; ',
        CASE WHEN s.traced THEN 'an open tracing request seeks one of the two persons' END,
        CASE WHEN s.listed THEN 'an exchange list names one of the two persons' END,
        p.queue_reason), '')
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS p(left_person_id uuid, right_person_id uuid,
      left_record_id uuid, right_record_id uuid, score float8, explanation jsonb, model_version text,
      priority float8, queue_reason text)
    -- Both persons exist, in one organisation: a pair never crosses an organisation's walls (persons are
    -- linked only within the organisation that wrote their records).
    JOIN person lp ON lp.id = p.left_person_id
    JOIN person rp ON rp.id = p.right_person_id AND rp.organisation_id = lp.organisation_id
    CROSS JOIN LATERAL (SELECT
      EXISTS (SELECT 1 FROM tracing_request t
        WHERE t.person_id IN (p.left_person_id, p.right_person_id) AND t.state NOT IN ('answered', 'closed'))
        AS traced,
      EXISTS (SELECT 1 FROM exchange_list_entry e WHERE e.person_id IN (p.left_person_id, p.right_person_id))
        AS listed) s
    WHERE NOT EXISTS (
      SELECT 1 FROM review_pair q WHERE q.status = 'pending'
        AND ((q.left_person_id = p.left_person_id AND q.right_person_id = p.right_person_id)
          OR (q.left_person_id = p.right_person_id AND q.right_person_id = p.left_person_id)))
    AND NOT EXISTS (
      SELECT 1 FROM record ra JOIN record rb ON rb.person_id = p.right_person_id
        JOIN distinct_records d ON d.record_a = least(ra.id, rb.id) AND d.record_b = greatest(ra.id, rb.id)
      WHERE ra.person_id = p.left_person_id)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Remembers that two records are not one person. */
export async function rememberDistinct(
  trx: Tx,
  a: string,
  b: string,
  decidedBy: string,
  reason: string | null,
): Promise<void> {
  const [x, y] = a < b ? [a, b] : [b, a];
  await trx
    .insertInto('distinct_records')
    .values({ record_a: x, record_b: y, decided_by: decidedBy, reason })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
