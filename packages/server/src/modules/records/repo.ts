import { sql, type Kysely, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.js';
import { deriveBestView, type EventForView, type RecordForView } from '../persons/bestView.js';
import { LINKAGE_MODEL_VERSION } from '@homecoming/linkage';
import {
  STATUS_EVENT,
  type Confidence,
  type EventType,
  type ReliabilityGrade,
  type SourceType,
} from '../registry/vocabulary.js';
import type { RecordContent } from './validate.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** A source as records refer to it. */
export interface SourceRef {
  id: number;
  name: string;
  type: SourceType;
  reliability: ReliabilityGrade;
}

/** Finds sources by name, creating the missing ones with the given type and grade. */
export async function ensureSources(
  trx: Tx,
  names: readonly string[],
  defaults: { type: SourceType; reliability: ReliabilityGrade },
): Promise<Map<string, SourceRef>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  await sql`
    INSERT INTO source (name, type, reliability)
    SELECT n, ${defaults.type}, ${defaults.reliability} FROM unnest(${unique}::text[]) AS n
    ON CONFLICT (name) DO NOTHING`.execute(trx);
  const rows = await trx
    .selectFrom('source')
    .select(['id', 'name', 'type', 'reliability'])
    .where('name', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.name, r]));
}

/** A validated record ready to be written under a source. */
export interface NewRecord {
  content: RecordContent & { external_id: string };
  source: SourceRef;
}

/** Who writes, and under which import run if any. */
export interface WriteContext {
  actor: string;
  importRunId?: string | null;
}

const CONFIRMED: ReadonlySet<EventType> = new Set([
  'captivity_confirmed',
  'death_confirmed',
  'remains_identified',
]);

/** An event row about to be written. */
export interface NewEvent {
  id: string;
  personId: string;
  recordId: string | null;
  type: EventType;
  occurredOn: string | null;
  sourceId: number | null;
  confidence: Confidence;
  note?: string | null;
}

/** The event standing for the status a record asserts, if it asserts one. */
export function statusEventOf(item: NewRecord, recordId: string, personId: string): NewEvent | null {
  const status = item.content.status;
  if (status === null || status === 'no_data') return null;
  const type = STATUS_EVENT[status];
  return {
    id: uuidv7(),
    personId,
    recordId,
    type,
    occurredOn: item.content.source_date,
    sourceId: item.source.id,
    confidence: CONFIRMED.has(type) ? 'confirmed' : 'reported',
  };
}

/**
 * Inserts record rows; a record whose (source, external_id) already exists is left exactly as it is.
 * Returns, aligned with `items`, the new record's id or null where it already existed.
 */
export async function insertRecordRows(
  trx: Tx,
  items: readonly NewRecord[],
  ctx: WriteContext,
  now: Date,
): Promise<(string | null)[]> {
  if (items.length === 0) return [];
  const ids = items.map(() => uuidv7());
  const c = items.map((i) => i.content);
  const col = <T>(f: (r: RecordContent & { external_id: string }) => T) => c.map(f);
  const insertedRows = await sql<{ id: string }>`
    INSERT INTO record (id, source_id, external_id, category, family_name, given_name, patronymic, sex,
      birth_date, birth_year, birth_month, birth_day, place_of_birth, status, unit, service_number,
      military_rank, marks, attributes, source_ref, source_date, reliability, entered_by, import_run_id,
      created_at)
    SELECT u.id, u.source_id, u.external_id, u.category, u.family_name, u.given_name, u.patronymic, u.sex,
      u.birth_date, u.birth_year, u.birth_month, u.birth_day, u.place_of_birth, u.status, u.unit,
      u.service_number, u.military_rank, u.marks, u.attributes::jsonb, u.source_ref, u.source_date::date,
      u.reliability, ${ctx.actor}, ${ctx.importRunId ?? null}::uuid, ${now}::timestamptz
    FROM unnest(
      ${ids}::uuid[], ${items.map((i) => i.source.id)}::int4[], ${col((r) => r.external_id)}::text[],
      ${col((r) => r.category)}::text[], ${col((r) => r.family_name)}::text[], ${col((r) => r.given_name)}::text[],
      ${col((r) => r.patronymic)}::text[], ${col((r) => r.sex)}::text[], ${col((r) => r.birth?.text ?? null)}::text[],
      ${col((r) => r.birth?.year ?? null)}::int2[], ${col((r) => r.birth?.month ?? null)}::int2[],
      ${col((r) => r.birth?.day ?? null)}::int2[], ${col((r) => r.place_of_birth)}::text[],
      ${col((r) => r.status)}::text[], ${col((r) => r.unit)}::text[], ${col((r) => r.service_number)}::text[],
      ${col((r) => r.military_rank)}::text[], ${col((r) => r.marks)}::text[],
      ${col((r) => JSON.stringify(r.attributes))}::text[], ${col((r) => r.source_ref)}::text[],
      ${col((r) => r.source_date)}::text[],
      ${items.map((i) => i.content.reliability ?? i.source.reliability)}::text[]
    ) AS u(id, source_id, external_id, category, family_name, given_name, patronymic, sex, birth_date,
      birth_year, birth_month, birth_day, place_of_birth, status, unit, service_number, military_rank, marks,
      attributes, source_ref, source_date, reliability)
    ON CONFLICT (source_id, external_id) DO NOTHING
    RETURNING id`.execute(trx);
  const written = new Set(insertedRows.rows.map((r) => r.id));
  return ids.map((id) => (written.has(id) ? id : null));
}

/** Inserts event rows. */
export async function insertEvents(
  trx: Tx,
  events: readonly NewEvent[],
  actor: string,
  now: Date,
): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO event (id, person_id, record_id, type, occurred_on, source_id, confidence, note, entered_by,
      created_at)
    SELECT u.id, u.person_id, u.record_id, u.type, u.occurred_on, u.source_id, u.confidence, u.note, ${actor},
      ${now}::timestamptz
    FROM unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.personId)}::uuid[],
      ${events.map((e) => e.recordId)}::uuid[], ${events.map((e) => e.type)}::text[],
      ${events.map((e) => e.occurredOn)}::text[], ${events.map((e) => e.sourceId)}::int4[],
      ${events.map((e) => e.confidence)}::text[], ${events.map((e) => e.note ?? null)}::text[])
      AS u(id, person_id, record_id, type, occurred_on, source_id, confidence, note)`.execute(trx);
}

/** Inserts active links of records to persons. */
export async function insertLinks(
  trx: Tx,
  links: readonly { recordId: string; personId: string }[],
  kind: 'new_person' | 'auto' | 'human',
  ctx: { actor: string; reason?: string | null },
  now: Date,
): Promise<void> {
  if (links.length === 0) return;
  await sql`
    INSERT INTO link (record_id, person_id, kind, model_version, decided_by, reason, created_at)
    SELECT r, p, ${kind}, ${kind === 'human' ? null : LINKAGE_MODEL_VERSION}, ${ctx.actor}, ${ctx.reason ?? null},
      ${now}::timestamptz
    FROM unnest(${links.map((x) => x.recordId)}::uuid[], ${links.map((x) => x.personId)}::uuid[]) AS u(r, p)`.execute(
    trx,
  );
}

/**
 * Writes records that each become a new person (the rule until record linkage lands). A record whose
 * (source, external_id) already exists is left exactly as it is. Call inside a transaction: records,
 * persons, links and status events of the batch are written together or not at all.
 */
export async function insertRecordsAsNewPersons(
  trx: Tx,
  items: readonly NewRecord[],
  ctx: WriteContext,
): Promise<{ inserted: { recordId: string; personId: string; item: NewRecord }[]; unchanged: number }> {
  if (items.length === 0) return { inserted: [], unchanged: 0 };
  const now = new Date();
  const ids = await insertRecordRows(trx, items, ctx, now);
  const inserted: { recordId: string; personId: string; item: NewRecord }[] = [];
  const persons: { id: string; view: ReturnType<typeof deriveBestView> }[] = [];
  const events: NewEvent[] = [];
  items.forEach((item, i) => {
    const recordId = ids[i];
    if (recordId === null || recordId === undefined) return;
    const personId = uuidv7();
    const ev = statusEventOf(item, recordId, personId);
    if (ev) events.push(ev);
    persons.push({
      id: personId,
      view: deriveBestView([recordForView(item, recordId, now)], ev ? [eventForView(ev, now)] : []),
    });
    inserted.push({ recordId, personId, item });
  });
  await insertPersons(trx, persons, now);
  await insertLinks(trx, inserted, 'new_person', ctx, now);
  await insertEvents(trx, events, ctx.actor, now);
  return { inserted, unchanged: items.length - inserted.length };
}

function recordForView(item: NewRecord, id: string, now: Date): RecordForView {
  const r = item.content;
  return {
    id,
    family_name: r.family_name,
    given_name: r.given_name,
    patronymic: r.patronymic,
    sex: r.sex,
    birth_date: r.birth?.text ?? null,
    category: r.category,
    reliability: r.reliability ?? item.source.reliability,
    source_date: r.source_date,
    created_at: now,
  };
}

function eventForView(e: NewEvent, now: Date): EventForView {
  return { id: e.id, type: e.type, occurred_on: e.occurredOn, confidence: e.confidence, created_at: now };
}

async function insertPersons(
  trx: Tx,
  persons: readonly { id: string; view: ReturnType<typeof deriveBestView> }[],
  now: Date,
): Promise<void> {
  if (persons.length === 0) return;
  const v = persons.map((p) => p.view);
  await sql`
    INSERT INTO person (id, created_at, updated_at, family_name, given_name, patronymic, names, sex, birth_date,
      birth_year, category, status, status_event_id, record_count)
    SELECT u.id, ${now}::timestamptz, ${now}::timestamptz, u.family_name, u.given_name, u.patronymic,
      u.names::jsonb, u.sex, u.birth_date, u.birth_year, u.category, u.status, u.status_event_id, u.record_count
    FROM unnest(${persons.map((p) => p.id)}::uuid[], ${v.map((x) => x.family_name)}::text[],
      ${v.map((x) => x.given_name)}::text[], ${v.map((x) => x.patronymic)}::text[],
      ${v.map((x) => JSON.stringify(x.names))}::text[], ${v.map((x) => x.sex)}::text[],
      ${v.map((x) => x.birth_date)}::text[], ${v.map((x) => x.birth_year)}::int2[],
      ${v.map((x) => x.category)}::text[], ${v.map((x) => x.status)}::text[],
      ${v.map((x) => x.status_event_id)}::uuid[], ${v.map((x) => x.record_count)}::int4[])
      AS u(id, family_name, given_name, patronymic, names, sex, birth_date, birth_year, category, status,
        status_event_id, record_count)`.execute(trx);
}

/**
 * Recomputes the best view of the given persons from their linked records and their events; call in the
 * transaction that changed them.
 */
export async function refreshPersons(trx: Tx, personIds: readonly string[]): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  const records = await trx
    .selectFrom('link')
    .innerJoin('record', 'record.id', 'link.record_id')
    .where('link.person_id', 'in', ids)
    .where('link.ended_at', 'is', null)
    .select([
      'link.person_id',
      'record.id',
      'record.family_name',
      'record.given_name',
      'record.patronymic',
      'record.sex',
      'record.birth_date',
      'record.category',
      'record.reliability',
      'record.source_date',
      'record.created_at',
    ])
    .execute();
  const events = await trx
    .selectFrom('event')
    .where('person_id', 'in', ids)
    .select(['person_id', 'id', 'type', 'occurred_on', 'confidence', 'created_at'])
    .execute();
  const now = new Date();
  const views = ids.map((id) => ({
    id,
    view: deriveBestView(
      records.filter((r) => r.person_id === id),
      events.filter((e) => e.person_id === id),
    ),
  }));
  for (const { id, view } of views) {
    await trx
      .updateTable('person')
      .set({
        updated_at: now,
        family_name: view.family_name,
        given_name: view.given_name,
        patronymic: view.patronymic,
        names: JSON.stringify(view.names),
        sex: view.sex,
        birth_date: view.birth_date,
        birth_year: view.birth_year,
        category: view.category,
        status: view.status,
        status_event_id: view.status_event_id,
        record_count: view.record_count,
      })
      .where('id', '=', id)
      .execute();
  }
}
