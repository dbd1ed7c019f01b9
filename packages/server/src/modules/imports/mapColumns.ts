/**
 * The second stage of an import: which column is which field. Headers are recognised in Ukrainian,
 * Russian and English, ignoring case and punctuation (`ПІБ`, `Ім'я`, `В/ч`, `Date of birth`); a full-name
 * column is split into family, given and patronymic by the names package; dates in any office form
 * (registry/dates.ts) and Excel date cells or serial numbers become ISO text. Anything not recognised is
 * kept as an attribute. Pure: no I/O.
 */
import { parseName } from '@homecoming/names';
import { restoreFormulaText } from '../../csv.js';
import { AppError } from '../../errors.js';
import { isoText } from '../registry/dates.js';
import type { RawRecordFields } from '../records/validate.js';
import type { Cell } from './readTable.js';

/** The fields a column may become: a record field, `full_name` (split), or `attribute` (kept as is). */
export const MAPPABLE_FIELDS = [
  'external_id',
  'source',
  'category',
  'full_name',
  'family_name',
  'given_name',
  'patronymic',
  'sex',
  'birth_date',
  'status',
  'unit',
  'service_number',
  'place_of_birth',
  'military_rank',
  'marks',
  'source_ref',
  'source_date',
  'reliability',
  'attribute',
  'ignore',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
type RecordField = Exclude<MappableField, 'full_name' | 'attribute' | 'ignore'>;

const DATE_FIELDS: ReadonlySet<MappableField> = new Set(['birth_date', 'source_date']);

/**
 * A header as compared: lower case, ё as е, without spaces, apostrophes, punctuation or underscores. The
 * modifier-letter apostrophes (ʹ ʺ ʻ ʼ, U+02B9–U+02BC: `Імʼя` as the Ukrainian layouts type it) are letters
 * to Unicode, so they are dropped by name.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}№]|[\u02B9-\u02BC]/gu, '');
}

const ALIASES: Record<string, readonly string[]> = {
  external_id: ['external_id', 'record id', 'ідентифікатор', 'идентификатор'],
  source: ['source', 'джерело', 'источник'],
  category: ['category', 'категорія', 'категория'],
  full_name: [
    'ПІБ',
    'ФІО',
    'ФИО',
    'П.І.Б.',
    'Ф.И.О.',
    'full name',
    'full_name',
    'прізвище ім’я по батькові',
    'фамилия имя отчество',
  ],
  family_name: ['family_name', 'прізвище', 'фамилия', 'surname', 'last name', 'family name'],
  given_name: ['given_name', 'ім’я', 'имя', 'first name', 'given name', 'forename'],
  patronymic: ['patronymic', 'по батькові', 'отчество', 'father’s name', 'middle name'],
  sex: ['sex', 'стать', 'пол', 'gender'],
  birth_date: [
    'birth_date',
    'дата народження',
    'дата рождения',
    'date of birth',
    'dob',
    'birth date',
    'д.н.',
    'д.р.',
    'рік народження',
    'год рождения',
  ],
  status: ['status', 'статус'],
  unit: ['unit', 'військова частина', 'в/ч', 'воинская часть', 'військова частина (в/ч)', 'military unit'],
  service_number: [
    'service_number',
    'особовий номер',
    'личный номер',
    'жетон',
    'service number',
    'номер жетона',
  ],
  military_rank: ['military_rank', 'звання', 'звание', 'rank', 'військове звання', 'воинское звание'],
  place_of_birth: ['place_of_birth', 'місце народження', 'место рождения', 'place of birth'],
  marks: ['marks', 'особливі прикмети', 'особые приметы', 'distinguishing marks'],
  source_ref: ['source_ref'],
  source_date: ['source_date'],
  reliability: ['reliability', 'достовірність', 'достоверность'],
};

/** Headers kept as attributes under a fixed name (`note`, `no`), whatever language they are in. */
const ATTRIBUTE_ALIASES: Record<string, readonly string[]> = {
  note: ['примітка', 'примечание', 'note', 'notes', 'comment', 'коментар', 'комментарий'],
  no: ['№', '№ з/п', '№ п/п', 'no', 'no.', 'nr'],
};

const FIELD_OF_HEADER: ReadonlyMap<string, RecordField | 'full_name'> = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) =>
    names.map((n) => [headerKey(n), field as RecordField | 'full_name'] as const),
  ),
);
const ATTRIBUTE_OF_HEADER: ReadonlyMap<string, string> = new Map(
  Object.entries(ATTRIBUTE_ALIASES).flatMap(([attr, names]) =>
    names.map((n) => [headerKey(n), attr] as const),
  ),
);

/** One column and what it became. */
export interface ColumnMapping {
  column: string;
  field: MappableField;
  /** For attributes: the name it is kept under. */
  attribute?: string;
  /** How the mapping was decided. */
  by: 'header' | '--map' | 'unrecognised';
}

/** Parses `--map 'Column=field,Other column=field'`; columns compared as headers are. */
export function parseMapOption(text: string): Map<string, MappableField> {
  const out = new Map<string, MappableField>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) throw new AppError('bad_request', `--map: "${part.trim()}" is not Column=field`);
    const column = part.slice(0, eq).trim();
    const field = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field))
      throw new AppError(
        'bad_request',
        `--map: "${field}" is not a field; use one of ${MAPPABLE_FIELDS.join(', ')}`,
      );
    out.set(headerKey(column), field as MappableField);
  }
  return out;
}

/** Decides what each header column becomes. Refuses two columns that would fill the same field. */
export function mapHeader(
  header: readonly string[],
  line: number,
  explicit: ReadonlyMap<string, MappableField> = new Map(),
): ColumnMapping[] {
  const seenKeys = new Map<string, string>();
  const mapping = header.map((raw): ColumnMapping => {
    const column = raw.trim();
    const key = headerKey(column);
    if (column === '') throw new AppError('bad_request', `line ${line}: the header has an empty column name`);
    const other = seenKeys.get(key);
    if (other !== undefined)
      throw new AppError('bad_request', `line ${line}: column "${column}" appears twice in the header`);
    seenKeys.set(key, column);
    const forced = explicit.get(key);
    if (forced !== undefined)
      return forced === 'attribute'
        ? { column, field: 'attribute', attribute: column.toLowerCase(), by: '--map' }
        : { column, field: forced, by: '--map' };
    const field = FIELD_OF_HEADER.get(key);
    if (field !== undefined) return { column, field, by: 'header' };
    const known = ATTRIBUTE_OF_HEADER.get(key);
    if (known !== undefined) return { column, field: 'attribute', attribute: known, by: 'header' };
    return { column, field: 'attribute', attribute: column.toLowerCase(), by: 'unrecognised' };
  });
  for (const key of explicit.keys()) {
    if (!seenKeys.has(key))
      throw new AppError('bad_request', `--map names a column the header does not have: "${key}"`);
  }
  const byField = new Map<string, string>();
  for (const m of mapping) {
    if (m.field === 'attribute' || m.field === 'ignore') continue;
    const prior = byField.get(m.field);
    if (prior !== undefined)
      throw new AppError(
        'bad_request',
        `line ${line}: columns "${prior}" and "${m.column}" would both be ${m.field}; say which with --map "${m.column}=attribute"`,
      );
    byField.set(m.field, m.column);
  }
  return mapping;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included), in days since the Unix epoch. */
const EXCEL_EPOCH_DAYS = -25569;

/** The ISO date of an Excel serial day number (1 = 1900-01-01), or null when it is not one. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return null;
  const d = new Date((serial + EXCEL_EPOCH_DAYS) * 86_400_000);
  return isoText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** An .xlsx date cell as ISO (the calendar date the sheet shows). */
function dateCellToIso(d: Date): string {
  return isoText(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A cell as the text a record field gets; dates and Excel serials in date columns become ISO. */
function cellText(cell: Cell, dateField: boolean): string {
  if (cell === null) return '';
  if (cell instanceof Date) return dateCellToIso(cell);
  if (typeof cell === 'number') {
    if (dateField && cell >= 1900 && cell <= 2100 && Number.isInteger(cell)) return String(cell);
    if (dateField) return excelSerialToIso(cell) ?? String(cell);
    return String(cell);
  }
  if (dateField && /^\d{5}$/.test(cell.trim())) return excelSerialToIso(Number(cell.trim())) ?? cell;
  return restoreFormulaText(cell);
}

/** A date written with slashes or dashes, day and month in either order (`03/04/1990`, `05-17-1990`). */
const SLASH_DATE = /^\s*(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})\s*$/;

/**
 * Watches the slash- and dash-written dates of each date column over a whole file: a column that has a date
 * that only makes sense month first (`05/17/1990`, `05-17-1990`) makes every ambiguous one in it
 * (`03/04/1990`) a refused row.
 */
export class SlashDateColumns {
  private readonly monthFirst = new Map<number, string>();
  /** Notes one cell of column `index`. */
  see(index: number, cell: Cell): void {
    if (typeof cell !== 'string' || this.monthFirst.has(index)) return;
    const m = SLASH_DATE.exec(cell);
    if (m && Number(m[1]) <= 12 && Number(m[3]) > 12) this.monthFirst.set(index, cell.trim());
  }
  /** Why a cell of column `index` is ambiguous, or null. */
  ambiguity(index: number, cell: Cell): string | null {
    const witness = this.monthFirst.get(index);
    if (witness === undefined || typeof cell !== 'string') return null;
    const m = SLASH_DATE.exec(cell);
    if (!m || Number(m[1]) > 12 || Number(m[3]) > 12 || Number(m[1]) === Number(m[3])) return null;
    return `${JSON.stringify(cell.trim())} is ambiguous: this column also has ${JSON.stringify(witness)}, which only reads month first; write the dates as DD.MM.YYYY or YYYY-MM-DD`;
  }
}

/** One row, mapped: the record fields as text, its attributes, and problems found while mapping. */
export interface MappedRow {
  raw: RawRecordFields;
  attributes: Record<string, string>;
  problems: { column: string; reason: string }[];
}

/** Maps one row's cells to record fields by the header's mapping. */
export function mapRow(
  cells: readonly Cell[],
  mapping: readonly ColumnMapping[],
  slashDates: SlashDateColumns | null,
): MappedRow {
  const raw: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const problems: { column: string; reason: string }[] = [];
  let fullName: string | null = null;
  for (let i = 0; i < mapping.length; i++) {
    const m = mapping[i] as ColumnMapping;
    const cell = cells[i] ?? null;
    if (m.field === 'ignore') continue;
    const dateField = DATE_FIELDS.has(m.field);
    const text = cellText(cell, dateField);
    if (m.field === 'attribute') {
      attributes[m.attribute ?? m.column] = text;
      continue;
    }
    if (dateField && slashDates !== null) {
      const why = slashDates.ambiguity(i, cell);
      if (why !== null) {
        problems.push({ column: m.field, reason: why });
        continue;
      }
    }
    if (m.field === 'full_name') fullName = text;
    else raw[m.field] = text;
  }
  if (fullName !== null && fullName.trim() !== '') {
    // A separate column for a part wins over the full name's reading of it.
    const parsed = parseName(fullName);
    if (!raw['family_name']?.trim() && parsed.family !== null) raw['family_name'] = parsed.family;
    if (!raw['given_name']?.trim() && parsed.given !== null) raw['given_name'] = parsed.given;
    if (!raw['patronymic']?.trim() && parsed.patronymic !== null) raw['patronymic'] = parsed.patronymic;
    // Initials ("Шевченко Т.Г.") stand for the given name, then the patronymic, where the name gives none:
    // kept as initials in those fields, so that linkage and search compare them (they were dropped).
    const initials = [...parsed.initials];
    const givenInitial = parsed.given === null ? initials.shift() : undefined;
    const fatherInitial = parsed.patronymic === null ? initials.shift() : undefined;
    if (givenInitial !== undefined && !raw['given_name']?.trim()) raw['given_name'] = `${givenInitial}.`;
    if (fatherInitial !== undefined && !raw['patronymic']?.trim()) raw['patronymic'] = `${fatherInitial}.`;
    if (parsed.family === null && parsed.given === null)
      problems.push({
        column: 'full_name',
        reason: `${JSON.stringify(fullName.slice(0, 60))} is not a name`,
      });
  }
  return { raw: raw as RawRecordFields, attributes, problems };
}
