import { newId } from '../../db/ids.js';
import { PREPARED, type Database } from '../../db/database.js';
import { AccessDeniedError, AppError } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import { inScope, personScopeOf, requirePerson } from '../../gate/scope.js';
import { authorize } from '../../gate/policy.js';
import { auditAtCommitSql, type AuditContext } from '../audit/log.js';
import { presentEvent } from '../persons/presenter.js';
import { sql } from 'kysely';
import {
  ensureSources,
  refreshPersons,
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
 * BEGIN, the lock with the event, its audit entry and what the view reads, the view (and the tracing hook
 * if a request follows the person), COMMIT (which numbers the audit entry).
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
    // A named source is the person's organisation's: the person is locked by a statement of its own first.
    const source = body.source
      ? (
          await ensureSources(
            trx,
            (await requirePerson(trx, principal, personId, { lock: true, unmerged: true })).organisation_id,
            [body.source],
            { type: 'other', reliability: 'F' },
          )
        ).get(body.source)
      : undefined;
    // One statement locks the person (so it cannot be merged away meanwhile), writes the event and reads
    // it back (with its source's name, as selectEvents reads it), writes the audit entry, numbered at
    // commit (auditAtCommitSql: the audit head's lock is taken inside the COMMIT, not held across the
    // round trips before it), and reads what the best view is derived from: the person's records and
    // earlier events (the new event, invisible to its own statement's reads, is added from what the
    // insert returned). Those reads see the statement's snapshot, taken before the lock was granted: if a
    // concurrent change to the person committed meanwhile — every change to a person's records or events
    // rewrites the person's row (its view), so its version then differs from the one in the snapshot — the
    // view is derived again from a fresh read (refreshPersons).
    const inserted = await sql<
      EventRow & {
        organisation_id: string;
        withheld: boolean;
        locked_version: string;
        seen_version: string | null;
        view_records: PersonRecordForView[];
        view_events: PersonEventForView[];
      }
    >`${PREPARED}
      WITH locked AS (
        SELECT id, organisation_id, withheld, xmin::text AS version FROM person
        WHERE id = ${personId}::uuid AND merged_into IS NULL FOR UPDATE),
      e AS (
        INSERT INTO event (id, person_id, record_id, type, occurred_on, source_id, confidence, note, entered_by,
          created_at)
        SELECT ${id}::uuid, locked.id, NULL, ${body.type}, ${body.occurred_on ?? null}::text,
          ${source?.id ?? null}::int4, ${body.confidence}, ${body.note ?? null}::text, ${principal.id},
          ${new Date()}::timestamptz
        FROM locked
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
        { onlyIfRowIn: sql`locked` },
      )})
      SELECT locked.organisation_id, locked.withheld, locked.version AS locked_version,
        (SELECT xmin::text FROM person WHERE id = locked.id) AS seen_version,
        e.id, e.person_id, e.record_id, e.type, e.occurred_on, s.name AS source_name, e.confidence, e.note,
        e.entered_by, e.created_at,
        coalesce((SELECT json_agg(${VIEW_RECORD_JSON}) FROM record r WHERE r.person_id = locked.id), '[]')
          AS view_records,
        coalesce((SELECT json_agg(${VIEW_EVENT_JSON}) FROM event x WHERE x.person_id = locked.id), '[]')
          AS view_events
      FROM locked JOIN e ON true LEFT JOIN source s ON s.id = e.source_id`.execute(trx);
    const found = inserted.rows[0];
    // Missing, merged or out of scope: refused exactly as requirePerson refuses (the transaction rolls
    // back, the event and its entry with it).
    if (found === undefined) throw new AccessDeniedError('person', personId, 'missing');
    const { organisation_id, withheld, locked_version, seen_version, ...rest } = found;
    if (!inScope(personScopeOf(principal), { organisation_id, withheld }))
      throw new AccessDeniedError('person', personId, 'out_of_scope');
    const { view_records, view_events, ...written } = rest;
    if (locked_version !== seen_version) {
      await timed('add event: refresh best view (re-read)', () => refreshPersons(trx, [personId]));
      return written;
    }
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
