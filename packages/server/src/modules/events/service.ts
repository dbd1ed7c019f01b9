import { newId } from '../../db/ids.js';
import { PREPARED, type Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import { requirePerson } from '../../gate/scope.js';
import { authorize } from '../../gate/policy.js';
import { auditAtCommitSql, type AuditContext } from '../audit/log.js';
import { presentEvent } from '../persons/presenter.js';
import { sql } from 'kysely';
import {
  ensureSources,
  VIEW_EVENT_JSON,
  VIEW_RECORD_JSON,
  writeBestViews,
  type PersonEventForView,
  type PersonRecordForView,
} from '../records/repo.js';
import type { EventRow } from '../records/repo.read.js';
import { parsePartialDate } from '../records/validate.js';
import type { TCreateEventRequest, TEvent } from './schemas.js';
import { timed } from '../../phases.js';

/**
 * Adds a dated fact to a person's story: a command — the person locked (so it cannot be merged away
 * meanwhile), the event written, the best view refreshed, the audit entry appended, in one transaction:
 * BEGIN, the lock, the event with its audit entry and what the view reads, the view, the tracing hook,
 * COMMIT (which numbers the audit entry).
 */
export async function addEvent(
  database: Database,
  principal: Principal,
  personId: string,
  body: TCreateEventRequest,
  audit: AuditContext = {},
): Promise<TEvent> {
  authorize(principal, 'event', 'create');
  if (body.occurred_on !== undefined) {
    const d = parsePartialDate(body.occurred_on, new Date(), 1939);
    if (typeof d === 'string') {
      throw new AppError('validation_failed', `occurred_on: ${d}`, [{ path: 'occurred_on', message: d }]);
    }
  }
  const id = newId();
  const row = await database.db.transaction().execute(async (trx) => {
    const person = await requirePerson(trx, principal, personId, { lock: true, unmerged: true });
    const source = body.source
      ? (
          await ensureSources(trx, person.organisation_id, [body.source], { type: 'other', reliability: 'F' })
        ).get(body.source)
      : undefined;
    // One statement writes the event and reads it back (with its source's name, as selectEvents reads
    // it) and reads what the best view is derived from: the person's records and earlier events, in a
    // snapshot taken after the person's lock (so no concurrent change to this person is missed; the new
    // event, invisible to its own statement's reads, is added from what the insert returned). The same
    // statement writes the audit entry, numbered at commit (auditAtCommitSql): the audit head's lock is
    // taken inside the COMMIT, not held across the round trips before it. Then the view is written.
    const inserted = await sql<
      EventRow & { view_records: PersonRecordForView[]; view_events: PersonEventForView[] }
    >`${PREPARED}
      WITH e AS (
        INSERT INTO event (id, person_id, record_id, type, occurred_on, source_id, confidence, note, entered_by,
          created_at)
        VALUES (${id}::uuid, ${personId}::uuid, NULL, ${body.type}, ${body.occurred_on ?? null}::text,
          ${source?.id ?? null}::int4, ${body.confidence}, ${body.note ?? null}::text, ${principal.id},
          ${new Date()}::timestamptz)
        RETURNING *),
      audited AS (${auditAtCommitSql(
        principal,
        {
          action: 'event.create',
          objectType: 'event',
          objectId: id,
          detail: { person_id: personId, type: body.type },
        },
        audit,
      )})
      SELECT e.id, e.person_id, e.record_id, e.type, e.occurred_on, s.name AS source_name, e.confidence, e.note,
        e.entered_by, e.created_at,
        coalesce((SELECT json_agg(${VIEW_RECORD_JSON}) FROM record r WHERE r.person_id = e.person_id), '[]')
          AS view_records,
        coalesce((SELECT json_agg(${VIEW_EVENT_JSON}) FROM event x WHERE x.person_id = e.person_id), '[]')
          AS view_events
      FROM e LEFT JOIN source s ON s.id = e.source_id`.execute(trx);
    const found = inserted.rows[0];
    if (found === undefined) throw new Error('the event was not written');
    const { view_records, view_events, ...written } = found;
    const events: PersonEventForView[] = [
      ...view_events,
      {
        person_id: personId,
        id: written.id,
        type: written.type,
        occurred_on: written.occurred_on,
        confidence: written.confidence,
        created_at: written.created_at,
      },
    ];
    await timed('add event: refresh best view', () => writeBestViews(trx, [personId], view_records, events));
    return written;
  });
  return presentEvent(row, principal);
}
