import type { Principal } from '../../auth/permissions.js';
import { mayReadEventNote } from './policy.js';
import type { TEvent } from '../events/schemas.js';
import type { TRecord } from '../records/schemas.js';
import type { EventRow, RecordRow } from '../records/repo.read.js';
import type { PersonRow } from './repo.js';
import type { TPersonSummary } from './schemas.js';

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** What leaves the server of a person's best view. */
export function presentPersonSummary(p: PersonRow): TPersonSummary {
  return {
    id: p.id,
    family_name: p.family_name,
    given_name: p.given_name,
    patronymic: p.patronymic,
    names: p.names,
    sex: p.sex,
    birth_date: p.birth_date,
    category: p.category,
    status: p.status,
    record_count: p.record_count,
    withheld: p.withheld,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
  };
}

/** What leaves the server of a record. */
export function presentRecord(r: RecordRow): TRecord {
  return {
    id: r.id,
    person_id: r.person_id,
    external_id: r.external_id,
    source: { id: r.source_id, name: r.source_name, type: r.source_type },
    category: r.category,
    family_name: r.family_name,
    given_name: r.given_name,
    patronymic: r.patronymic,
    sex: r.sex,
    birth_date: r.birth_date,
    place_of_birth: r.place_of_birth,
    status: r.status,
    unit: r.unit,
    service_number: r.service_number,
    military_rank: r.military_rank,
    marks: r.marks,
    attributes: r.attributes,
    source_ref: r.source_ref,
    source_date: r.source_date,
    reliability: r.reliability,
    entered_by: r.entered_by,
    created_at: iso(r.created_at),
  };
}

/**
 * What leaves the server of an event, for a viewer: sensitive notes stripped unless the field policy
 * lets the viewer's role see them. There is no viewer-less form: every event shown is shown to someone.
 */
export function presentEvent(e: EventRow, viewer: Principal): TEvent {
  const hide = !mayReadEventNote(viewer, e.type);
  return {
    id: e.id,
    person_id: e.person_id,
    record_id: e.record_id,
    type: e.type,
    occurred_on: e.occurred_on,
    source: e.source_name,
    confidence: e.confidence,
    note: hide ? null : e.note,
    entered_by: e.entered_by,
    created_at: iso(e.created_at),
  };
}
