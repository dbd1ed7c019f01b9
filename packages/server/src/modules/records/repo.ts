import { REGISTRY_ORGANISATION_ID } from '../../auth/permissions.js';
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { PREPARED } from '../../db/database.js';
import { newId } from '../../db/ids.js';
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
import { recordKeys } from '../search/keys.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** What a module above records does, in the same transaction, when persons' views were refreshed. */
export type PersonsRefreshedHook = (trx: Tx, personIds: readonly string[]) => Promise<void>;

/**
 * Whether a hook has anything to do for some persons, as an SQL condition over the expression of their
 * ids (a `uuid[]`): read in the statement that writes the views, so that a hook with nothing to do (most
 * persons are followed by no tracing request) costs no statement of its own.
 */
export type PersonsRefreshedConcern = (personIds: RawBuilder<unknown>) => RawBuilder<SqlBool>;

const personsRefreshedHooks = new Map<
  string,
  { hook: PersonsRefreshedHook; concerns: PersonsRefreshedConcern | undefined }
>();

/**
 * Registers (or, under the same name, replaces) a hook run after every refresh of persons' views, inside
 * the refreshing transaction. Records must not depend on the modules that care (tracing tells relatives
 * of a changed status): they register here instead; `src/wiring.ts` loads them in every process. With
 * `concerns`, the hook runs only when its condition, read in the statement that writes the views (the
 * persons already locked), holds for the refreshed persons.
 */
export function onPersonsRefreshed(
  name: string,
  hook: PersonsRefreshedHook,
  concerns?: PersonsRefreshedConcern,
): void {
  personsRefreshedHooks.set(name, { hook, concerns });
}

/** Set by `src/wiring.ts` once every hook is registered. */
let wired = false;

/** Says the process's hooks are registered (`src/wiring.ts`, and only there). */
export function declareWired(): void {
  wired = true;
}

/** A source as records refer to it. */
export interface SourceRef {
  id: number;
  name: string;
  type: SourceType;
  reliability: ReliabilityGrade;
}

/**
 * Finds an organisation's sources by name, creating the missing ones with the given type and grade.
 * Sources belong to an organisation (migration 0006): another organisation's source of the same name is
 * a different source, so external ids never collide across organisations.
 */
export async function ensureSources(
  trx: Tx,
  organisationId: string,
  names: readonly string[],
  defaults: { type: SourceType; reliability: ReliabilityGrade },
): Promise<Map<string, SourceRef>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  await sql`
    INSERT INTO source (organisation_id, name, type, reliability)
    SELECT ${organisationId}::uuid, n, ${defaults.type}, ${defaults.reliability}
    FROM unnest(${unique}::text[]) AS n
    ON CONFLICT (organisation_id, name) DO NOTHING`.execute(trx);
  const rows = await trx
    .selectFrom('source')
    .select(['id', 'name', 'type', 'reliability'])
    .where('organisation_id', '=', organisationId)
    .where('name', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.name, r]));
}

/** A validated record ready to be written under a source. */
export interface NewRecord {
  content: RecordContent & { external_id: string };
  source: SourceRef;
  /** The line of the import file it came from, if it came from one. */
  line?: number;
  /** Ids chosen ahead (record linkage decides before writing); new ones are made otherwise. */
  recordId?: string;
  newPersonId?: string;
}

/** Who writes, and under which import run if any. */
export interface WriteContext {
  actor: string;
  importRunId?: string | null;
  /** The organisation new persons belong to; default: the built-in Registry organisation. */
  organisationId?: string | undefined;
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
    id: newId(),
    personId,
    recordId,
    type,
    occurredOn: item.content.source_date,
    sourceId: item.source.id,
    confidence: CONFIRMED.has(type) ? 'confirmed' : 'reported',
  };
}

// Batches travel as one JSON parameter read by json_to_recordset: Node's JSON.stringify and Postgres's
// JSON parser are both native code, several times faster than one array parameter per column.
const RECORD_FIELDS = sql.raw(`id uuid, person_id uuid, source_id int4, external_id text, category text,
  family_name text, given_name text, patronymic text, sex text, birth_date text, birth_year int2, birth_month int2,
  birth_day int2, place_of_birth text, status text, unit text, service_number text, military_rank text, marks text,
  attributes jsonb, source_ref text, source_date date, reliability text, import_line int4, key_family text,
  key_family_phonetic text, key_given text, key_father text, keys_version int2`);
const RECORD_COLUMNS = sql.raw(`id, person_id, source_id, external_id, category, family_name, given_name,
  patronymic, sex, birth_date, birth_year, birth_month, birth_day, place_of_birth, status, unit, service_number,
  military_rank, marks, attributes, source_ref, source_date, reliability, import_line, key_family,
  key_family_phonetic, key_given, key_father, keys_version, entered_by, import_run_id, created_at`);

function recordJson(item: NewRecord, id: string, personId: string) {
  const r = item.content;
  return {
    id,
    person_id: personId,
    source_id: item.source.id,
    external_id: r.external_id,
    category: r.category,
    family_name: r.family_name,
    given_name: r.given_name,
    patronymic: r.patronymic,
    sex: r.sex,
    birth_date: r.birth?.text ?? null,
    birth_year: r.birth?.year ?? null,
    birth_month: r.birth?.month ?? null,
    birth_day: r.birth?.day ?? null,
    place_of_birth: r.place_of_birth,
    status: r.status,
    unit: r.unit,
    service_number: r.service_number,
    military_rank: r.military_rank,
    marks: r.marks,
    attributes: r.attributes,
    source_ref: r.source_ref,
    source_date: r.source_date,
    reliability: r.reliability ?? item.source.reliability,
    import_line: item.line ?? null,
    ...recordKeys(r),
  };
}

function insertRecordsSql(json: string, ctx: WriteContext, now: Date) {
  return sql`
    INSERT INTO record (${RECORD_COLUMNS})
    SELECT u.*, ${ctx.actor}, ${ctx.importRunId ?? null}::uuid, ${now}::timestamptz
    FROM json_to_recordset(${json}::json) AS u(${RECORD_FIELDS})
    ON CONFLICT (source_id, external_id) DO NOTHING
    RETURNING id, person_id`;
}

const EVENT_FIELDS =
  sql.raw(`id uuid, person_id uuid, record_id uuid, type text, occurred_on text, source_id int4,
  confidence text, note text`);

function eventJson(e: NewEvent) {
  return {
    id: e.id,
    person_id: e.personId,
    record_id: e.recordId,
    type: e.type,
    occurred_on: e.occurredOn,
    source_id: e.sourceId,
    confidence: e.confidence,
    note: e.note ?? null,
  };
}

/**
 * Inserts records describing existing persons; a record whose (source, external_id) already exists is
 * left exactly as it is. Returns, aligned with `items`, the new record's id or null where it existed.
 */
export async function insertRecordRows(
  trx: Tx,
  items: readonly (NewRecord & { personId: string })[],
  ctx: WriteContext,
  now: Date,
): Promise<(string | null)[]> {
  if (items.length === 0) return [];
  const ids = items.map((item) => item.recordId ?? newId());
  const rows = items.map((item, i) => recordJson(item, ids[i] as string, item.personId));
  const inserted = await insertRecordsSql(JSON.stringify(rows), ctx, now).execute(trx);
  await rememberFamilyKeys(
    trx,
    rows.map((r) => r.key_family),
  );
  const written = new Set((inserted.rows as { id: string }[]).map((r) => r.id));
  return ids.map((id) => (written.has(id) ? id : null));
}

/** The statement that remembers family keys (migrations/0002_name_keys.sql), in sorted order. */
function insertFamilyKeysSql(keys: readonly (string | null)[]) {
  const distinct = [...new Set(keys.filter((k): k is string => k !== null))].sort();
  return sql`INSERT INTO family_key (key) SELECT k FROM unnest(${distinct}::text[]) AS k ORDER BY k
    ON CONFLICT (key) DO NOTHING`;
}

/** Remembers the family keys of records written outside a prepared batch. */
export async function rememberFamilyKeys(trx: Tx, keys: readonly (string | null)[]): Promise<void> {
  if (keys.some((k) => k !== null)) await insertFamilyKeysSql(keys).execute(trx);
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
    SELECT u.*, ${actor}, ${now}::timestamptz
    FROM json_to_recordset(${JSON.stringify(events.map(eventJson))}::json) AS u(${EVENT_FIELDS})`.execute(
    trx,
  );
}

/** Records link decisions (automatic or human) in the decision log. */
export async function insertLinks(
  trx: Tx,
  links: readonly { recordId: string; personId: string }[],
  kind: 'auto' | 'human',
  ctx: { actor: string; reason?: string | null; score?: number | null },
  now: Date,
): Promise<void> {
  if (links.length === 0) return;
  await sql`
    INSERT INTO link (record_id, person_id, kind, score, model_version, decided_by, reason, created_at)
    SELECT u.record_id, u.person_id, ${kind}, ${ctx.score ?? null}::float8,
      ${kind === 'human' ? null : LINKAGE_MODEL_VERSION}, ${ctx.actor}, ${ctx.reason ?? null}, ${now}::timestamptz
    FROM json_to_recordset(${JSON.stringify(links.map((l) => ({ record_id: l.recordId, person_id: l.personId })))}::json)
      AS u(record_id uuid, person_id uuid)`.execute(trx);
}

/** A batch of new-person records with its statement built, ready to send. */
export interface PreparedNewPersons {
  items: readonly NewRecord[];
  ids: string[];
  personIds: string[];
  query: RawBuilder<{ id: string }>;
}

/**
 * Builds the one statement that writes records which each become a new person (the rule until record
 * linkage lands): the records, their persons (best view derived from the record) and their status
 * events. Pure CPU work, so an import can do it while the previous batch is being written.
 */
export function prepareNewPersons(items: readonly NewRecord[], ctx: WriteContext): PreparedNewPersons {
  const now = new Date();
  const records = [];
  const persons = [];
  const events = [];
  const ids: string[] = [];
  const personIds: string[] = [];
  for (const item of items) {
    const id = item.recordId ?? newId();
    const personId = item.newPersonId ?? newId();
    ids.push(id);
    personIds.push(personId);
    records.push(recordJson(item, id, personId));
    const ev = statusEventOf(item, id, personId);
    if (ev) events.push(eventJson(ev));
    const view = deriveBestView([recordForView(item, id, now)], ev ? [eventForView(ev, now)] : []);
    persons.push({ id: personId, ...view });
  }

  // Data-modifying CTEs: persons and events are written only for records that were written, and the
  // foreign keys from record and event to person are checked at the end of the one statement.
  const query = sql<{ id: string }>`
    WITH r AS (${insertRecordsSql(JSON.stringify(records), ctx, now)}
    ), p AS (
      INSERT INTO person (id, created_at, updated_at, family_name, given_name, patronymic, names, sex, birth_date,
        birth_year, category, status, status_event_id, record_count, organisation_id)
      SELECT v.id, ${now}::timestamptz, ${now}::timestamptz, v.family_name, v.given_name, v.patronymic, v.names,
        v.sex, v.birth_date, v.birth_year, v.category, v.status, v.status_event_id, v.record_count,
        ${ctx.organisationId ?? REGISTRY_ORGANISATION_ID}::uuid
      FROM json_to_recordset(${JSON.stringify(persons)}::json)
        AS v(id uuid, family_name text, given_name text, patronymic text, names jsonb, sex text, birth_date text,
          birth_year int2, category text, status text, status_event_id uuid, record_count int4)
      JOIN r ON r.person_id = v.id
    ), e AS (
      INSERT INTO event (id, person_id, record_id, type, occurred_on, source_id, confidence, note, entered_by,
        created_at)
      SELECT x.*, ${ctx.actor}, ${now}::timestamptz
      FROM json_to_recordset(${JSON.stringify(events)}::json) AS x(${EVENT_FIELDS})
      JOIN r ON r.id = x.record_id
    ), k AS (
      ${insertFamilyKeysSql(records.map((r) => r.key_family))}
    )
    SELECT id FROM r`;
  return { items, ids, personIds, query };
}

/**
 * Writes a prepared batch. A record whose (source, external_id) already exists is left exactly as it
 * is and gets no person. Call inside a transaction.
 */
export async function writeNewPersons(
  trx: Tx,
  prepared: PreparedNewPersons,
): Promise<{ inserted: { recordId: string; personId: string; item: NewRecord }[]; unchanged: number }> {
  const { items, ids, personIds } = prepared;
  if (items.length === 0) return { inserted: [], unchanged: 0 };
  const result = await prepared.query.execute(trx);
  const written = new Set(result.rows.map((r) => r.id));
  const inserted: { recordId: string; personId: string; item: NewRecord }[] = [];
  items.forEach((item, i) => {
    const recordId = ids[i] as string;
    if (written.has(recordId)) inserted.push({ recordId, personId: personIds[i] as string, item });
  });
  return { inserted, unchanged: items.length - inserted.length };
}

/** Writes records that each become a new person; see prepareNewPersons. Call inside a transaction. */
export async function insertRecordsAsNewPersons(
  trx: Tx,
  items: readonly NewRecord[],
  ctx: WriteContext,
): Promise<{ inserted: { recordId: string; personId: string; item: NewRecord }[]; unchanged: number }> {
  return writeNewPersons(trx, prepareNewPersons(items, ctx));
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

/**
 * Recomputes the best view of the given persons from their linked records and their events; call in the
 * transaction that changed them.
 */
export async function refreshPersons(trx: Tx, personIds: readonly string[]): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  requireWiring();
  const records = await trx
    .selectFrom('record')
    .where('record.person_id', 'in', ids)
    .select([
      'record.person_id',
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
  await writeBestViews(trx, ids, records, events);
}

/** A record as the best view reads it, with its person. */
export type PersonRecordForView = RecordForView & { person_id: string };
/** An event as the best view reads it, with its person. */
export type PersonEventForView = EventForView & { person_id: string };

/**
 * The columns of a person's records and events that the best view reads, as JSON (`json_agg` rows of
 * these objects): for a caller that reads them in a statement of its own (adding an event reads them in
 * the statement that inserts it). Timestamps arrive as ISO text, which the view orders as it does dates.
 */
export const VIEW_RECORD_JSON = sql`json_build_object('person_id', r.person_id, 'id', r.id,
  'family_name', r.family_name, 'given_name', r.given_name, 'patronymic', r.patronymic, 'sex', r.sex,
  'birth_date', r.birth_date, 'category', r.category, 'reliability', r.reliability,
  'source_date', r.source_date, 'created_at', r.created_at)`;
export const VIEW_EVENT_JSON = sql`json_build_object('person_id', x.person_id, 'id', x.id, 'type', x.type,
  'occurred_on', x.occurred_on, 'confidence', x.confidence, 'created_at', x.created_at)`;

/**
 * Writes the best views of the given persons from all their records and events, read in this
 * transaction after the persons were locked (refreshPersons reads them itself), and runs the hooks.
 */
export async function writeBestViews(
  trx: Tx,
  ids: readonly string[],
  records: readonly PersonRecordForView[],
  events: readonly PersonEventForView[],
): Promise<void> {
  requireWiring();
  const now = new Date();
  // Grouped once (filtering the whole list per person is quadratic for a linked batch), written in one
  // statement.
  const recordsOf = new Map<string, PersonRecordForView[]>();
  for (const r of records) recordsOf.set(r.person_id, [...(recordsOf.get(r.person_id) ?? []), r]);
  const eventsOf = new Map<string, PersonEventForView[]>();
  for (const e of events) eventsOf.set(e.person_id, [...(eventsOf.get(e.person_id) ?? []), e]);
  const views = ids.map((id) => {
    const view = deriveBestView(recordsOf.get(id) ?? [], eventsOf.get(id) ?? []);
    return { id, ...view, names: view.names };
  });
  const hooks = [...personsRefreshedHooks.values()];
  // One person (an added event, a record): kept prepared. A batch (an import) is planned for its size.
  // The same statement asks each hook whether it has anything to do for these persons (`concerns`).
  const written = await sql<Record<string, boolean>>`${ids.length === 1 ? PREPARED : sql``}
    WITH written AS (
      UPDATE person p SET updated_at = ${now}::timestamptz, family_name = v.family_name,
        given_name = v.given_name, patronymic = v.patronymic, names = v.names, sex = v.sex,
        birth_date = v.birth_date, birth_year = v.birth_year, category = v.category, status = v.status,
        status_event_id = v.status_event_id, record_count = v.record_count
      FROM json_to_recordset(${JSON.stringify(views)}::json)
        AS v(id uuid, family_name text, given_name text, patronymic text, names jsonb, sex text, birth_date text,
          birth_year int2, category text, status text, status_event_id uuid, record_count int4)
      WHERE p.id = v.id)
    SELECT ${sql.join([
      sql`true AS written`,
      ...hooks.map(
        ({ concerns }, i) =>
          sql`${concerns === undefined ? sql`true` : concerns(sql`${ids}::uuid[]`)} AS ${sql.ref(`hook${i}`)}`,
      ),
    ])}`.execute(trx);
  // A changed status may change what others are told (tracing: the relatives following these persons).
  const concerned = written.rows[0] ?? {};
  for (const [i, { hook }] of hooks.entries()) if (concerned[`hook${i}`] !== false) await hook(trx, ids);
}

/**
 * Runs the hooks for persons whose views did not change but whose disclosure may have (a person
 * withheld or released: relatives following them are told no longer, or again), in the caller's
 * transaction.
 */
export async function runPersonsRefreshedHooks(trx: Tx, ids: readonly string[]): Promise<void> {
  requireWiring();
  for (const { hook } of personsRefreshedHooks.values()) await hook(trx, ids);
}

/**
 * A process that never loaded the wiring would skip the hooks silently (relatives never told of a
 * changed status): it fails instead, and the transaction writes nothing.
 */
function requireWiring(): void {
  if (!wired) {
    throw new Error(
      "persons' views were refreshed in a process that did not load src/wiring.ts: import it in the entry point",
    );
  }
}
