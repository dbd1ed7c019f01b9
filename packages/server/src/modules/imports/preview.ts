/**
 * The web import screen's preview (issue #15): how a file would be read — encoding, delimiter, sheet, the
 * header's language, which column becomes which field — and its first rows, before anything is written.
 * A mapping the registrar confirms is kept per source, so the next file from that sender opens with it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { headerKey, mapHeader, MAPPABLE_FIELDS, type MappableField } from './mapColumns.js';
import { openTable, type Cell, type DetectedFormat, type ReadTableOptions } from './readTable.js';

/** How many data rows the preview shows. */
export const PREVIEW_ROWS = 5;

/**
 * Header words that say which language the sender's office writes in (compared as header keys). Words
 * both languages write alike (`В/ч`, `Статус`) are in neither list.
 */
const LANGUAGE_WORDS: Record<'uk' | 'ru' | 'en', readonly string[]> = {
  uk: [
    'ПІБ',
    'Прізвище',
    "Ім'я",
    'По батькові',
    'Дата народження',
    'Стать',
    'Військова частина',
    'Особовий номер',
    'Звання',
    'Місце народження',
    'Примітка',
    'Джерело',
    'Категорія',
  ],
  ru: [
    'ФИО',
    'Фамилия',
    'Имя',
    'Отчество',
    'Дата рождения',
    'Пол',
    'Воинская часть',
    'Личный номер',
    'Звание',
    'Место рождения',
    'Примечание',
    'Источник',
    'Категория',
  ],
  en: [
    'full name',
    'surname',
    'last name',
    'family name',
    'family_name',
    'first name',
    'given name',
    'given_name',
    'patronymic',
    'date of birth',
    'dob',
    'birth_date',
    'sex',
    'unit',
    'service number',
    'service_number',
    'rank',
    'place of birth',
    'note',
    'source',
    'category',
    'status',
    'external_id',
  ],
};
const LANGUAGE_OF_KEY = new Map<string, Set<'uk' | 'ru' | 'en'>>();
for (const [lang, words] of Object.entries(LANGUAGE_WORDS) as ['uk' | 'ru' | 'en', readonly string[]][]) {
  for (const w of words) {
    const k = headerKey(w);
    LANGUAGE_OF_KEY.set(k, (LANGUAGE_OF_KEY.get(k) ?? new Set()).add(lang));
  }
}

/** The header's language: the one its recognised words share (`mixed` if they disagree, `unknown` if none). */
export function headerLanguage(columns: readonly string[]): 'uk' | 'ru' | 'en' | 'mixed' | 'unknown' {
  const votes = { uk: 0, ru: 0, en: 0 };
  for (const c of columns) {
    const langs = LANGUAGE_OF_KEY.get(headerKey(c));
    // A word both languages use (Звання) says nothing.
    if (langs?.size === 1) for (const l of langs) votes[l]++;
  }
  const said = (Object.entries(votes) as ['uk' | 'ru' | 'en', number][]).filter(([, n]) => n > 0);
  if (said.length === 0) return 'unknown';
  if (said.length > 1) return 'mixed';
  return said[0]?.[0] ?? 'unknown';
}

/** One column of the preview: what it becomes and how that was decided. */
export interface PreviewColumn {
  column: string;
  field: MappableField;
  by: 'header' | 'saved' | 'map' | 'unrecognised';
}

export interface ImportPreview {
  detected: Omit<DetectedFormat, 'encoding'> & { encoding?: string };
  header_language: 'uk' | 'ru' | 'en' | 'mixed' | 'unknown';
  columns: PreviewColumn[];
  rows: { line: number; cells: string[] }[];
  /** Whether a mapping saved for this source was applied. */
  saved_mapping: boolean;
}

function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Reads a file's header and first rows. `saved` is the source's remembered mapping (only its columns
 * present in this header apply); `explicit` (the `map` option) wins over both.
 */
export async function previewTable(
  file: string,
  opts: ReadTableOptions,
  saved: ReadonlyMap<string, MappableField>,
  explicit: ReadonlyMap<string, MappableField> = new Map(),
): Promise<ImportPreview> {
  const table = await openTable(file, opts);
  if (table.detected.format === 'pfif') {
    throw new AppError(
      'bad_request',
      'the preview is for tables (CSV, .xlsx): a PFIF file names its own fields, so import it directly',
    );
  }
  let header: string[] | null = null;
  let headerLine = 0;
  const rows: { line: number; cells: string[] }[] = [];
  for await (const { line, cells } of table.rows()) {
    if (header === null) {
      header = cells.map(cellText);
      headerLine = line;
      continue;
    }
    rows.push({ line, cells: cells.map(cellText) });
    if (rows.length >= PREVIEW_ROWS) break;
  }
  if (header === null) {
    throw new AppError(
      'bad_request',
      table.stopped
        ? `the file could not be read: line ${table.stopped.line}: ${table.stopped.message}`
        : 'the file is empty: it has no header row',
    );
  }
  const keys = new Set(header.map((h) => headerKey(h.trim())));
  const applied = new Map([...saved].filter(([k]) => keys.has(k)));
  const wanted = new Map([...applied, ...[...explicit].filter(([k]) => keys.has(k))]);
  const mapping = mapHeader(header, headerLine, wanted);
  return {
    detected: table.detected,
    header_language: headerLanguage(header),
    columns: mapping.map((m) => {
      const k = headerKey(m.column);
      const by = explicit.has(k) ? 'map' : applied.has(k) ? 'saved' : m.by === '--map' ? 'map' : m.by;
      return { column: m.column, field: m.field, by };
    }),
    rows,
    saved_mapping: applied.size > 0,
  };
}

/** The mapping remembered for a source of an organisation (header key → field); empty if none. */
export async function loadMapping(
  db: Kysely<DB>,
  organisationId: string | undefined,
  source: string | undefined,
): Promise<Map<string, MappableField>> {
  if (organisationId === undefined || source === undefined) return new Map();
  const r = await sql<{ mapping: Record<string, string> }>`
    SELECT mapping FROM import_mapping WHERE organisation_id = ${organisationId} AND source_name = ${source}`.execute(
    db,
  );
  const m = r.rows[0]?.mapping ?? {};
  return new Map(
    Object.entries(m).filter((e): e is [string, MappableField] =>
      (MAPPABLE_FIELDS as readonly string[]).includes(e[1]),
    ),
  );
}

/** Remembers a confirmed mapping for a source (replacing the one before). */
export async function saveMapping(
  db: Kysely<DB>,
  organisationId: string,
  source: string,
  mapping: ReadonlyMap<string, MappableField>,
  actor: string,
): Promise<void> {
  const json = JSON.stringify(Object.fromEntries(mapping));
  await sql`
    INSERT INTO import_mapping (organisation_id, source_name, mapping, updated_by)
    VALUES (${organisationId}, ${source}, ${json}::jsonb, ${actor})
    ON CONFLICT (organisation_id, source_name)
      DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now(), updated_by = EXCLUDED.updated_by`.execute(
    db,
  );
}
