import {
  detectScript,
  givenNameClassOf,
  romanizeRussian,
  romanizeUkrainian,
  tokenize,
} from '@homecoming/names';
import { csvRecord } from '../../csv.js';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { authorize } from '../../gate/policy.js';
import { personScopeOf, personVisible, scopeIsEverything, type PersonScope } from '../../gate/scope.js';
import { selectRecords } from '../records/repo.read.js';
import { formatPartialDate } from '../registry/dates.js';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../registry/vocabulary.js';

/** The record fields an export carries beyond the canonical columns. */
export const EXTRA_RECORD_COLUMNS = [
  'place_of_birth',
  'military_rank',
  'marks',
  'source_ref',
  'source_date',
  'reliability',
] as const;
type ExtraColumn = (typeof EXTRA_RECORD_COLUMNS)[number];

/**
 * One exported record: its person (with the person's current status and category, derived from every
 * source), every record field, and its attributes.
 */
export type ExportRow = { person_id: string | null; record_id: string } & Record<
  CanonicalColumn | ExtraColumn,
  string | null
> & {
    person_status: string | null;
    person_category: string | null;
    attributes: Record<string, string>;
  };

/**
 * The persons an export by this principal may carry: its scope, without withheld persons (GC IV Art. 137)
 * unless `includeWithheld` (and the principal may see them). Refuses a principal that may not export.
 */
export function exportScope(principal: Principal, includeWithheld: boolean): PersonScope {
  authorize(principal, 'export', 'create');
  const scope = personScopeOf(principal);
  return scope.kind === 'none' || includeWithheld ? scope : { ...scope, includeWithheld: false };
}

/**
 * Every record the principal may see, in id order, page by page (keyset), so memory stays flat however
 * large the registry. Records of withheld persons are left out unless `includeWithheld` (and the
 * principal may see them). The caller audits the export before the first row leaves.
 */
export async function* exportRecords(
  database: Database,
  principal: Principal,
  opts: { includeWithheld?: boolean; pageSize?: number } = {},
): AsyncGenerator<ExportRow> {
  const scope = exportScope(principal, opts.includeWithheld === true);
  const pageSize = opts.pageSize ?? 5000;
  let after: string | null = null;
  for (;;) {
    let q = selectRecords(database.db)
      .leftJoin('person', 'person.id', 'record.person_id')
      .select(['person.status as person_status', 'person.category as person_category'])
      .orderBy('record.id')
      .limit(pageSize);
    if (!scopeIsEverything(scope)) q = q.where(personVisible(scope, 'person'));
    if (after !== null) q = q.where('record.id', '>', after);
    const rows = await q.execute();
    for (const r of rows) {
      yield {
        person_id: r.person_id,
        record_id: r.id,
        external_id: r.external_id,
        source: r.source_name,
        category: r.category,
        family_name: r.family_name,
        given_name: r.given_name,
        patronymic: r.patronymic,
        sex: r.sex,
        birth_date: r.birth_date,
        status: r.status,
        unit: r.unit,
        service_number: r.service_number,
        place_of_birth: r.place_of_birth,
        military_rank: r.military_rank,
        marks: r.marks,
        source_ref: r.source_ref,
        source_date: isoDay(r.source_date),
        reliability: r.reliability,
        person_status: r.person_status ?? null,
        person_category: r.person_category ?? null,
        attributes: r.attributes,
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.id ?? null;
  }
}

/** A `date` column as ISO text (drivers hand back a Date at local midnight, or text). */
function isoDay(d: Date | string | null): string | null {
  if (d === null) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The CSV header of an export: person_id, the canonical columns (so the file imports again), every other
 * record field, and the person's current status and category.
 */
export const EXPORT_CSV_COLUMNS = [
  'person_id',
  ...CANONICAL_COLUMNS,
  ...EXTRA_RECORD_COLUMNS,
  'person_status',
  'person_category',
] as const;

/** Columns of the human-facing exports (Excel CSV, XLSX): the above, and the names in Latin letters. */
export const EXPORT_HUMAN_COLUMNS = [
  ...EXPORT_CSV_COLUMNS,
  'family_name_latin',
  'given_name_latin',
  'patronymic_latin',
] as const;
export type HumanColumn = (typeof EXPORT_HUMAN_COLUMNS)[number];

/**
 * A name in Latin letters by the standard its language uses: Russian (ы э ъ ё in any part of the name, or
 * a given name in its Russian form) by ICAO Doc 9303, Ukrainian and undecided Cyrillic by the KMU 2010 national system; Latin as written.
 */
export function romanizeName(parts: readonly (string | null)[]): (string | null)[] {
  const scripts = parts.flatMap((p) => (p === null ? [] : tokenize(p).map((t) => detectScript(t))));
  let russian = scripts.includes('ru') && !scripts.includes('uk');
  const given = parts[1];
  if (!russian && !scripts.includes('uk') && given) {
    // Letters alone do not tell (Смирнов Алексей): the given name's Russian form does.
    const first = tokenize(given)[0];
    const cls = first === undefined ? null : givenNameClassOf(first);
    russian = cls !== null && cls.ru.includes(first as string) && !cls.uk.includes(first as string);
  }
  return parts.map((p) => {
    if (p === null) return null;
    return russian ? romanizeRussian(p, 'icao') : romanizeUkrainian(p);
  });
}

/** One row of a human-facing export: dates day first (`17.05.1990`), names also in Latin. */
export function humanRow(row: ExportRow): Record<HumanColumn, string | null> {
  const [fl, gl, pl] = romanizeName([row.family_name, row.given_name, row.patronymic]);
  return {
    ...Object.fromEntries(EXPORT_CSV_COLUMNS.map((c) => [c, row[c]])),
    birth_date: row.birth_date === null ? null : formatPartialDate(row.birth_date),
    source_date: row.source_date === null ? null : formatPartialDate(row.source_date),
    family_name_latin: fl ?? null,
    given_name_latin: gl ?? null,
    patronymic_latin: pl ?? null,
  } as Record<HumanColumn, string | null>;
}

/** One CSV line, terminated. */
export function toCsvLine(values: readonly (string | null)[], delimiter = ',', eol = '\n'): string {
  return csvRecord(values, delimiter) + eol;
}

/** The events of the persons an export may carry, in id order, page by page. */
export async function* exportEvents(
  database: Database,
  principal: Principal,
  opts: { includeWithheld?: boolean; pageSize?: number } = {},
): AsyncGenerator<{
  event_id: string;
  person_id: string;
  record_id: string | null;
  type: string;
  occurred_on: string | null;
  source: string | null;
  confidence: string;
  note: string | null;
}> {
  const scope = exportScope(principal, opts.includeWithheld === true);
  const pageSize = opts.pageSize ?? 5000;
  let after: string | null = null;
  for (;;) {
    let q = database.db
      .selectFrom('event')
      .innerJoin('person', 'person.id', 'event.person_id')
      .leftJoin('source', 'source.id', 'event.source_id')
      .select([
        'event.id',
        'event.person_id',
        'event.record_id',
        'event.type',
        'event.occurred_on',
        'source.name as source_name',
        'event.confidence',
        'event.note',
      ])
      .orderBy('event.id')
      .limit(pageSize);
    if (!scopeIsEverything(scope)) q = q.where(personVisible(scope, 'person'));
    if (after !== null) q = q.where('event.id', '>', after);
    const rows = await q.execute();
    for (const e of rows) {
      yield {
        event_id: e.id,
        person_id: e.person_id,
        record_id: e.record_id,
        type: e.type,
        occurred_on: e.occurred_on,
        source: e.source_name,
        confidence: e.confidence,
        note: e.note,
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]?.id ?? null;
  }
}
