/**
 * A PFIF feed of notes only (how partner registries send updates): notes about persons the registry
 * already holds from that sender's earlier person records become status events of those persons. A note
 * is matched by its person_record_id against the external ids of the importing organisation's sources;
 * its event's id is derived from the note (its note_record_id and source), so the same note sent again
 * adds nothing.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { DB } from '../../db/schema.js';
import { appendAudit } from '../audit/log.js';
import { insertEvents, refreshPersons, type NewEvent } from '../records/repo.js';
import { STATUS_EVENT, type EventType, type Status } from '../registry/vocabulary.js';
import { statusOfNote, type Note } from './readPfif.js';

const CONFIRMED: ReadonlySet<EventType> = new Set([
  'captivity_confirmed',
  'death_confirmed',
  'remains_identified',
]);
const CHUNK = 2000;

/** A stable event id for a note of a source: a UUID (version 8, name-based) from its identity. */
function eventIdOf(sourceId: number, personRecordId: string, n: Note): string {
  const identity = n.id !== '' ? n.id : [personRecordId, n.sourceDate, n.status, n.text].join('\u0000');
  const h = crypto.createHash('sha256').update(`pfif-note\u0000${sourceId}\u0000${identity}`).digest();
  h[6] = 0x80 | ((h[6] as number) & 0x0f);
  h[8] = 0x80 | ((h[8] as number) & 0x3f);
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Applies notes about persons not in the file to the persons the organisation already holds under those
 * person_record_ids. Returns how many notes added an event and how many named no held person (or more
 * than one).
 */
export async function applyPfifNotes(
  db: Kysely<DB>,
  notes: ReadonlyMap<string, readonly Note[]>,
  organisationId: string,
  principal: Principal,
  runId: string,
): Promise<{ applied: number; withoutPerson: number }> {
  let applied = 0;
  let withoutPerson = 0;
  const ids = [...notes.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await db.transaction().execute(async (trx) => {
      const held = await trx
        .selectFrom('record')
        .innerJoin('source', 'source.id', 'record.source_id')
        .select(['record.id', 'record.person_id', 'record.source_id', 'record.external_id'])
        .where('source.organisation_id', '=', organisationId)
        .where('record.external_id', 'in', chunk)
        .where('record.person_id', 'is not', null)
        .execute();
      const byId = new Map<string, typeof held>();
      for (const r of held) byId.set(r.external_id ?? '', [...(byId.get(r.external_id ?? '') ?? []), r]);
      const events: NewEvent[] = [];
      for (const id of chunk) {
        const list = notes.get(id) ?? [];
        const records = byId.get(id) ?? [];
        const r = records[0];
        // One person only: an id two persons hold (two sources of one sender) is left for a person to decide.
        if (r === undefined || new Set(records.map((x) => x.person_id)).size !== 1) {
          withoutPerson += list.length;
          continue;
        }
        for (const n of list) {
          const status = statusOfNote(n) as Status | null;
          if (status === null || status === 'no_data') continue;
          const type = STATUS_EVENT[status];
          const day = n.sourceDate.slice(0, 10);
          events.push({
            id: eventIdOf(r.source_id, id, n),
            personId: r.person_id as string,
            recordId: r.id,
            type,
            occurredOn: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
            sourceId: r.source_id,
            confidence: CONFIRMED.has(type) ? 'confirmed' : 'reported',
            note: n.id === '' ? 'PFIF note' : `PFIF note ${n.id}`,
          });
        }
      }
      // Notes already applied (the same feed again) are left out: their events exist under the same id.
      const existing = new Set(
        events.length === 0
          ? []
          : (
              await trx
                .selectFrom('event')
                .select('id')
                .where(
                  'id',
                  'in',
                  events.map((e) => e.id),
                )
                .execute()
            ).map((e) => e.id),
      );
      const fresh = [...new Map(events.filter((e) => !existing.has(e.id)).map((e) => [e.id, e])).values()];
      if (fresh.length === 0) return;
      const persons = [...new Set(fresh.map((e) => e.personId))].sort();
      await sql`SELECT id FROM person WHERE id = ANY(${persons}::uuid[]) ORDER BY id FOR UPDATE`.execute(trx);
      await insertEvents(trx, fresh, principal.id, new Date());
      await refreshPersons(trx, persons);
      await appendAudit(trx, principal, {
        action: 'import.batch',
        objectType: 'import_run',
        objectId: runId,
        detail: { pfif_notes_applied: fresh.length },
      });
      applied += fresh.length;
    });
  }
  return { applied, withoutPerson };
}
