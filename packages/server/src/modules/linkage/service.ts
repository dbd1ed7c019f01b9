import { queueThreshold } from '@homecoming/linkage';
import { loadModel } from './model.js';
import type { Principal } from '../../auth/permissions.js';
import { personScopeOf, requirePerson, visiblePersonIds } from '../../gate/scope.js';
import { authorize } from '../../gate/policy.js';
import { mergePersons, survivingPersonId } from '../../commands/mergePersons.js';
import { splitPerson } from '../../commands/splitPerson.js';
import type { Database } from '../../db/database.js';
import { AccessDeniedError, AppError } from '../../errors.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { presentPersonSummary, presentRecord } from '../persons/presenter.js';
import { selectRecords } from '../records/repo.read.js';
import { rememberDistinct } from './repo.js';
import type {
  TContribution,
  TListReviewPairsQuery,
  TListReviewPairsResponse,
  TPersonLinksResponse,
  TReviewPair,
  TReviewSide,
  TSplitPersonRequest,
} from './schemas.js';

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/**
 * Pending pairs, those whose decision changes most first (priority), then highest score, then oldest;
 * each with both persons, the explanation and why it is queued.
 */
export async function listReviewPairs(
  database: Database,
  principal: Principal,
  q: TListReviewPairsQuery,
  audit: AuditContext = {},
): Promise<TListReviewPairsResponse> {
  authorize(principal, 'review_pair', 'list');
  const db = database.db;
  // Only pairs whose two persons the reviewer may see, in SQL before the LIMIT: another organisation's
  // pairs do not exist for them.
  const visible = visiblePersonIds(db, personScopeOf(principal));
  let query = db
    .selectFrom('review_pair')
    .selectAll()
    .where('status', '=', 'pending')
    .where('left_person_id', 'in', visible)
    .where('right_person_id', 'in', visible)
    .orderBy('priority', 'desc')
    .orderBy('score', 'desc')
    .orderBy('id', 'asc')
    .limit(q.limit + 1);
  if (q.after !== undefined) {
    const after = await db
      .selectFrom('review_pair')
      .select(['priority', 'score', 'id'])
      .where('public_id', '=', q.after)
      .where('left_person_id', 'in', visible)
      .where('right_person_id', 'in', visible)
      .executeTakeFirst();
    if (!after) throw new AppError('bad_request', 'after: no such pair');
    query = query.where((eb) =>
      eb.or([
        eb('priority', '<', after.priority),
        eb.and([eb('priority', '=', after.priority), eb('score', '<', after.score)]),
        eb.and([eb('priority', '=', after.priority), eb('score', '=', after.score), eb('id', '>', after.id)]),
      ]),
    );
  }
  const [rows, counted, model] = await Promise.all([
    query.execute(),
    db
      .selectFrom('review_pair')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'pending')
      .where('left_person_id', 'in', visible)
      .where('right_person_id', 'in', visible)
      .executeTakeFirstOrThrow(),
    loadModel(db),
  ]);
  const page = rows.slice(0, q.limit);
  const personIds = [...new Set(page.flatMap((p) => [p.left_person_id, p.right_person_id]))];
  const sides = await loadSides(database, personIds);
  const items: TReviewPair[] = [];
  for (const p of page) {
    const left = sides.get(p.left_person_id);
    const right = sides.get(p.right_person_id);
    if (!left || !right) continue;
    items.push({
      id: p.public_id,
      score: p.score,
      created_at: iso(p.created_at),
      model_version: p.model_version,
      left,
      right,
      explanation: p.explanation as TContribution[],
      priority: p.priority,
      reason: p.queue_reason,
    });
  }
  await appendAudit(
    db,
    principal,
    {
      action: 'review.list',
      objectType: 'review_pair',
      objectId: null,
      detail: { pairs: items.length, persons: personIds.length },
    },
    audit,
  );
  return {
    items,
    next_after: rows.length > q.limit ? (page[page.length - 1]?.public_id ?? null) : null,
    total: Number(counted.n),
    thresholds: { ...model.model.thresholds, queue: queueThreshold(model.model) },
  };
}

async function loadSides(database: Database, personIds: string[]): Promise<Map<string, TReviewSide>> {
  if (personIds.length === 0) return new Map();
  const [persons, records] = await Promise.all([
    database.db.selectFrom('person').selectAll().where('id', 'in', personIds).execute(),
    selectRecords(database.db)
      .where('record.person_id', 'in', personIds)
      .orderBy('record.created_at')
      .orderBy('record.id')
      .execute(),
  ]);
  return new Map(
    persons.map((p) => [
      p.id,
      {
        person_id: p.id,
        person: presentPersonSummary(p),
        records: records.filter((r) => r.person_id === p.id).map(presentRecord),
      },
    ]),
  );
}

type Tx = Parameters<typeof mergePersons>[0];

/** Whether a string can be a pair's public id (anything else is simply not found). */
const PAIR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Loads a pair for a decision, locked, with its two persons locked too; 404 when missing or when either
 * person is out of the principal's scope (before any other answer, so that a 409 never reveals another
 * organisation's pair), 409 when already decided.
 */
async function pendingPair(trx: Tx, principal: Principal, id: string) {
  const pair = PAIR_ID.test(id)
    ? await trx
        .selectFrom('review_pair')
        .selectAll()
        .where('public_id', '=', id)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!pair) throw new AccessDeniedError('review_pair', id, 'missing');
  const as = { type: 'review_pair' as const, id };
  await requirePerson(trx, principal, pair.left_person_id, { as, lock: true });
  await requirePerson(trx, principal, pair.right_person_id, { as, lock: true });
  if (pair.status !== 'pending')
    throw new AppError('conflict', `this pair was already decided (${pair.status})`);
  return pair;
}

/** Accepts a pair: the two persons are merged, the older id survives. */
export async function acceptPair(
  database: Database,
  principal: Principal,
  id: string,
  reason: string | undefined,
  audit: AuditContext = {},
): Promise<{ person_id: string }> {
  authorize(principal, 'review_pair', 'change');
  return database.db.transaction().execute(async (trx) => {
    const pair = await pendingPair(trx, principal, id);
    const left = await survivingPersonId(trx, pair.left_person_id);
    const right = await survivingPersonId(trx, pair.right_person_id);
    if (!left || !right) throw new AccessDeniedError('review_pair', id, 'missing');
    if (left === right) throw new AppError('conflict', 'the two sides are already one person');
    const r = await mergePersons(trx, left, right, {
      actor: principal.id,
      principal,
      kind: 'human',
      score: pair.score,
      modelVersion: pair.model_version,
      reason: reason ?? null,
      reviewPairId: String(pair.id),
      audit,
    });
    await trx
      .updateTable('review_pair')
      .set({ status: 'accepted', decided_at: new Date(), decided_by: principal.id, reason: reason ?? null })
      .where('id', '=', pair.id)
      .execute();
    await appendAudit(
      trx,
      principal,
      {
        action: 'link.accept',
        objectType: 'review_pair',
        objectId: pair.public_id,
        detail: { survivor: r.survivor, absorbed: r.absorbed },
      },
      audit,
    );
    return { person_id: r.survivor };
  });
}

/** Rejects a pair: the two records are remembered as different people and never proposed again. */
export async function rejectPair(
  database: Database,
  principal: Principal,
  id: string,
  reason: string | undefined,
  audit: AuditContext = {},
): Promise<Record<string, never>> {
  authorize(principal, 'review_pair', 'change');
  await database.db.transaction().execute(async (trx) => {
    const pair = await pendingPair(trx, principal, id);
    await rememberDistinct(trx, pair.left_record_id, pair.right_record_id, principal.id, reason ?? null);
    await trx
      .updateTable('review_pair')
      .set({ status: 'rejected', decided_at: new Date(), decided_by: principal.id, reason: reason ?? null })
      .where('id', '=', pair.id)
      .execute();
    await appendAudit(
      trx,
      principal,
      {
        action: 'link.reject',
        objectType: 'review_pair',
        objectId: pair.public_id,
        detail: { left_person_id: pair.left_person_id, right_person_id: pair.right_person_id },
      },
      audit,
    );
  });
  return {};
}

/** Splits records off a person into a new person. */
export async function splitPersonRecords(
  database: Database,
  principal: Principal,
  personId: string,
  body: TSplitPersonRequest,
  audit: AuditContext = {},
): Promise<{ person_id: string }> {
  authorize(principal, 'link', 'change');
  const r = await database.db.transaction().execute(async (trx) => {
    await requirePerson(trx, principal, personId, { lock: true });
    return splitPerson(trx, personId, body.record_ids, {
      actor: principal.id,
      principal,
      reason: body.reason,
      audit,
    });
  });
  return { person_id: r.personId };
}

/** The link decisions of a person's records (a merged id answers for its survivor). */
export async function personLinks(
  database: Database,
  principal: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<TPersonLinksResponse> {
  authorize(principal, 'link', 'read');
  const db = database.db;
  const personId = await survivingPersonId(db, id);
  if (!personId) throw new AccessDeniedError('person', id, 'missing');
  await requirePerson(db, principal, personId, { as: { type: 'person', id } });
  const rows = await db
    .selectFrom('link')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('person_id', '=', personId),
        eb(
          'record_id',
          'in',
          eb.selectFrom('record').select('record.id').where('record.person_id', '=', personId),
        ),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  await appendAudit(
    db,
    principal,
    { action: 'person.links.read', objectType: 'person', objectId: personId, detail: { links: rows.length } },
    audit,
  );
  return {
    items: rows.map((l) => ({
      record_id: l.record_id,
      kind: l.kind,
      score: l.score,
      model_version: l.model_version,
      decided_by: l.decided_by,
      reason: l.reason,
      created_at: iso(l.created_at),
      ended_at: l.ended_at === null ? null : iso(l.ended_at),
    })),
  };
}
