import {
  CATEGORIES,
  RELIABILITY_GRADES,
  STATUSES,
  type Category,
  type ReliabilityGrade,
  type Sex,
  type Status,
} from '../registry/vocabulary.js';
import { parsePartialDate, type PartialDate } from '../registry/dates.js';

// Dates are read in every form offices write them (registry/dates.ts); re-exported for existing callers.
export { parsePartialDate, type PartialDate };

/** One problem with one field of an input row. */
export interface FieldProblem {
  column: string;
  reason: string;
}

/** A record's content after validation: every value normalised, ready to write. */
export interface RecordContent {
  external_id: string | null;
  source: string | null;
  category: Category | null;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: Sex | null;
  birth: PartialDate | null;
  status: Status | null;
  unit: string | null;
  service_number: string | null;
  place_of_birth: string | null;
  military_rank: string | null;
  marks: string | null;
  source_ref: string | null;
  source_date: string | null;
  reliability: ReliabilityGrade | null;
  attributes: Record<string, string>;
}

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 2000;

const CATEGORY_ALIASES: Record<string, Category> = {
  pow: 'military',
  civilian: 'civilian_detainee',
  child: 'deported_child',
};
const SEX_VALUES: Record<string, Sex | null> = {
  male: 'male',
  m: 'male',
  ч: 'male',
  female: 'female',
  f: 'female',
  ж: 'female',
  unknown: null,
  u: null,
};

// C0/C1 controls and the Unicode line/paragraph separators: never part of a name, often a sign of a
// broken export. Tabs and newlines inside a field are rejected too, as a list of names has none.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Trims, NFC-normalises and collapses inner whitespace; empty → null. */
export function cleanText(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const v = value
    .normalize('NFC')
    .trim()
    .replace(/[ \u00a0]+/g, ' ');
  return v === '' ? null : v;
}

/** What a caller may hand over: any of the record fields as text. Unknown keys go to attributes. */
export type RawRecordFields = Partial<
  Record<keyof Omit<RecordContent, 'birth' | 'attributes'> | 'birth_date', string>
>;

/**
 * Validates and normalises one record's fields, collecting every problem (not just the first) so a
 * rejects report or a form can show them all.
 */
export function validateRecordFields(
  raw: RawRecordFields,
  attributes: Record<string, string> = {},
  today: Date = new Date(),
): { ok: true; value: RecordContent } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (column: keyof RawRecordFields, max: number): string | null => {
    const v = cleanText(raw[column]);
    if (v === null) return null;
    if (CONTROL.test(v)) {
      problems.push({ column, reason: 'contains control characters' });
      return null;
    }
    if (v.includes('\uFFFD')) {
      problems.push({ column, reason: 'contains U+FFFD (the file was not valid UTF-8 here)' });
      return null;
    }
    if (v.length > max) {
      problems.push({ column, reason: `longer than ${max} characters` });
      return null;
    }
    return v;
  };

  const familyName = text('family_name', MAX_NAME_LENGTH);
  const givenName = text('given_name', MAX_NAME_LENGTH);
  const patronymic = text('patronymic', MAX_NAME_LENGTH);
  if (familyName === null && givenName === null && !problems.some((p) => p.column.endsWith('name'))) {
    problems.push({ column: 'family_name', reason: 'no name: family_name or given_name is required' });
  }

  let category: Category | null = null;
  const categoryText = text('category', 40)?.toLowerCase() ?? null;
  if (categoryText !== null) {
    const c = (CATEGORIES as readonly string[]).includes(categoryText)
      ? (categoryText as Category)
      : CATEGORY_ALIASES[categoryText];
    if (c === undefined) {
      problems.push({
        column: 'category',
        reason: `unknown category "${categoryText}"; use one of ${CATEGORIES.join(', ')}`,
      });
    } else category = c;
  }

  let sex: Sex | null = null;
  const sexText = text('sex', 20)?.toLowerCase() ?? null;
  if (sexText !== null) {
    if (!(sexText in SEX_VALUES)) {
      problems.push({
        column: 'sex',
        reason: `unknown sex "${sexText}"; use male, female, m, f or leave empty`,
      });
    } else sex = SEX_VALUES[sexText] ?? null;
  }

  let birth: PartialDate | null = null;
  const birthText = text('birth_date', 40);
  if (birthText !== null) {
    const b = parsePartialDate(birthText, today);
    if (typeof b === 'string') problems.push({ column: 'birth_date', reason: b });
    else birth = b;
  }

  let status: Status | null = null;
  const statusText = text('status', 40)?.toLowerCase() ?? null;
  if (statusText !== null) {
    if (!(STATUSES as readonly string[]).includes(statusText)) {
      problems.push({
        column: 'status',
        reason: `unknown status "${statusText}"; use one of ${STATUSES.join(', ')}`,
      });
    } else status = statusText as Status;
  }

  let sourceDate: string | null = null;
  const sourceDateText = text('source_date', 40);
  if (sourceDateText !== null) {
    const d = parsePartialDate(sourceDateText, today, 1939);
    if (typeof d === 'string' || d.day === null) {
      problems.push({
        column: 'source_date',
        reason: typeof d === 'string' ? d : 'must be a full date DD.MM.YYYY or YYYY-MM-DD',
      });
    } else sourceDate = d.text;
  }

  let reliability: ReliabilityGrade | null = null;
  const reliabilityText = text('reliability', 5)?.toUpperCase() ?? null;
  if (reliabilityText !== null) {
    if (!(RELIABILITY_GRADES as readonly string[]).includes(reliabilityText)) {
      problems.push({
        column: 'reliability',
        reason: `unknown reliability grade "${reliabilityText}"; use A–F`,
      });
    } else reliability = reliabilityText as ReliabilityGrade;
  }

  const cleanAttributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    const c = cleanText(v);
    if (c === null) continue;
    if (CONTROL.test(c) || c.includes('\uFFFD') || c.length > MAX_TEXT_LENGTH) {
      problems.push({ column: k, reason: 'contains control characters, invalid UTF-8 or is too long' });
    } else cleanAttributes[k] = c;
  }

  const value: RecordContent = {
    external_id: text('external_id', 200),
    source: text('source', 200),
    category,
    family_name: familyName,
    given_name: givenName,
    patronymic,
    sex,
    birth,
    status,
    unit: text('unit', MAX_NAME_LENGTH),
    service_number: text('service_number', 100),
    place_of_birth: text('place_of_birth', MAX_NAME_LENGTH),
    military_rank: text('military_rank', 100),
    marks: text('marks', MAX_TEXT_LENGTH),
    source_ref: text('source_ref', MAX_NAME_LENGTH),
    source_date: sourceDate,
    reliability,
    attributes: cleanAttributes,
  };
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}
