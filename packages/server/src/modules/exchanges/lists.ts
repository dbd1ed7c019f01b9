/**
 * Reading an exchange list (or a list of who crossed) from whatever office file the mediator sent: CSV in
 * any encoding and delimiter, or .xlsx, with Ukrainian, Russian or English headers — through the import
 * reader (imports/readTable.ts, mapColumns.ts). A list is taken whole or not at all: an unknown column, a
 * repeated row or a row that does not read refuses the file with every problem named.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';
import { wordIn } from '../../words.js';
import { openTable, type Cell } from '../imports/readTable.js';
import {
  headerKey,
  mapHeader,
  mapRow,
  SlashDateColumns,
  type ColumnMapping,
  type MappableField,
} from '../imports/mapColumns.js';
import { validateRecordFields, type RecordContent } from '../records/validate.js';

/** The categories an entry may carry (GC III Art. 109-110, age bands, civilians, children, officers, bodies). */
export const ENTRY_CATEGORIES = [
  'seriously_wounded_sick',
  'civilian',
  'child',
  'officer',
  'age_18_25',
  'body',
] as const;
export type EntryCategory = (typeof ENTRY_CATEGORIES)[number];

const CATEGORY_WORDS: Record<string, EntryCategory> = {
  seriously_wounded_sick: 'seriously_wounded_sick',
  wounded: 'seriously_wounded_sick',
  важкопоранений: 'seriously_wounded_sick',
  тяжелораненый: 'seriously_wounded_sick',
  civilian: 'civilian',
  цивільний: 'civilian',
  гражданский: 'civilian',
  child: 'child',
  дитина: 'child',
  ребенок: 'child',
  officer: 'officer',
  офіцер: 'officer',
  офицер: 'officer',
  age_18_25: 'age_18_25',
  body: 'body',
  тіло: 'body',
  тело: 'body',
};

/** Exchange columns beside the record fields: the entry's categories, the medical commission's decision. */
const EXCHANGE_COLUMNS: Record<string, readonly string[]> = {
  categories: ['categories', 'exchange_categories', 'категорії обміну', 'категории обмена'],
  medical_commission: ['medical_commission', 'медична комісія', 'медицинская комиссия'],
};
/** The register of enemy prisoners held: the Art. 122(4) fields beyond the record's, capture and internment. */
export const REGISTER_COLUMNS: Record<string, readonly string[]> = {
  power_depended_on: ['power_depended_on', 'power', 'держава', 'государство'],
  father_name: ['father_name', 'імʼя батька', "ім'я батька", 'имя отца'],
  mother_maiden_name: ['mother_maiden_name', 'дівоче прізвище матері', 'девичья фамилия матери'],
  notify_person: ['notify_person', 'кого повідомити', 'кого уведомить'],
  notify_address: ['notify_address', 'адреса для повідомлення', 'адрес для уведомления'],
  captured_on: ['captured_on', 'дата полону', 'дата пленения'],
  capture_place: ['capture_place', 'місце полону', 'место пленения'],
  internment_place: ['internment_place', 'місце тримання', 'место содержания'],
  health: ['health', 'стан здоровʼя', "стан здоров'я", 'состояние здоровья'],
  capture_card_sent_on: ['capture_card_sent_on', 'картка полоненого', 'карточка военнопленного'],
};
const keysOf = (table: Record<string, readonly string[]>) =>
  new Map(Object.entries(table).flatMap(([a, names]) => names.map((n) => [headerKey(n), a] as const)));
const LIST_COLUMN_OF = keysOf(EXCHANGE_COLUMNS);
const REGISTER_COLUMN_OF = keysOf({ ...EXCHANGE_COLUMNS, ...REGISTER_COLUMNS });

/** One row of a list, read and checked. */
export interface ListRow {
  line: number;
  external_id: string;
  content: RecordContent;
  categories: EntryCategory[];
}

/** A list file read whole. */
export interface ReadList {
  file_name: string;
  sha256: string;
  rows: ListRow[];
}

function sha256Of(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function headerText(c: Cell): string {
  return c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c);
}

function categoriesOf(text: string | undefined, line: number, problems: string[]): EntryCategory[] {
  if (text === undefined || text.trim() === '') return [];
  const out = new Set<EntryCategory>();
  for (const word of text.split(/[;|,\s]+/)) {
    if (word === '') continue;
    const c = wordIn(CATEGORY_WORDS, word.toLowerCase());
    if (c === undefined)
      problems.push(
        `line ${line}: categories: "${word.slice(0, 40)}" is not a category; use ${ENTRY_CATEGORIES.join(', ')}`,
      );
    else out.add(c);
  }
  return [...out];
}

/**
 * Reads a list file. With `requireExternalId` (exchange lists: an entry keeps its id across versions)
 * a row without one is refused; otherwise it is named `line:N`.
 */
export async function readList(
  file: string,
  opts: { requireExternalId: boolean; register?: boolean },
): Promise<ReadList> {
  const EXCHANGE_COLUMN_OF = opts.register === true ? REGISTER_COLUMN_OF : LIST_COLUMN_OF;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new AppError('bad_request', `cannot read ${file}: no such file`);
  const shown = path.basename(file);
  const table = await openTable(file, { displayName: shown });
  const problems: string[] = [];
  const rows: ListRow[] = [];
  let mapping: ColumnMapping[] | null = null;
  const slashDates = new SlashDateColumns();
  const cellsOf: { line: number; cells: Cell[] }[] = [];
  for await (const { line, cells } of table.rows()) {
    if (mapping === null) {
      const header = cells.map(headerText);
      const explicit = new Map<string, MappableField>();
      for (const h of header)
        if (EXCHANGE_COLUMN_OF.has(headerKey(h))) explicit.set(headerKey(h), 'attribute');
      mapping = mapHeader(header, line, explicit);
      const unknown = mapping.filter((m) => m.by === 'unrecognised').map((m) => `"${m.column}"`);
      if (unknown.length > 0)
        throw new AppError(
          'bad_request',
          `${shown}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; a list has the canonical columns (external_id, family_name, given_name, patronymic, birth_date, …, in Ukrainian, Russian or English) and categories, medical_commission, note; nothing was written`,
        );
      if (opts.requireExternalId && !mapping.some((m) => m.field === 'external_id'))
        throw new AppError(
          'bad_request',
          `${shown}: no external_id column: every entry of an exchange list needs its id (the same in every version); nothing was written`,
        );
      continue;
    }
    mapping.forEach((m, i) => {
      if (m.field === 'birth_date') slashDates.see(i, cells[i] ?? null);
    });
    cellsOf.push({ line, cells });
  }
  if (table.stopped !== null)
    throw new AppError(
      'bad_request',
      `${shown}: line ${table.stopped.line}: ${table.stopped.message}; nothing was written`,
    );
  if (mapping === null) throw new AppError('bad_request', `${shown}: the file is empty; nothing was written`);
  const seenId = new Map<string, number>();
  const seenPerson = new Map<string, number>();
  for (const { line, cells } of cellsOf) {
    const mapped = mapRow(cells, mapping, slashDates);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(mapped.attributes)) {
      const exchangeColumn = EXCHANGE_COLUMN_OF.get(headerKey(k));
      attrs[exchangeColumn ?? k] = v;
    }
    const categories = categoriesOf(attrs['categories'], line, problems);
    delete attrs['categories'];
    for (const p of mapped.problems) problems.push(`line ${line}: ${p.column}: ${p.reason}`);
    const checked = validateRecordFields(mapped.raw, attrs);
    if (!checked.ok) {
      for (const p of checked.problems) problems.push(`line ${line}: ${p.column}: ${p.reason}`);
      continue;
    }
    const external = checked.value.external_id;
    if (external === null && opts.requireExternalId) {
      problems.push(`line ${line}: external_id: empty`);
      continue;
    }
    const externalId = external ?? `line:${line}`;
    const other = seenId.get(externalId);
    if (other !== undefined) {
      problems.push(`line ${line}: duplicate row: external_id "${externalId}" is also on line ${other}`);
      continue;
    }
    seenId.set(externalId, line);
    // The same person written twice under two ids (same names and full birth date).
    const c = checked.value;
    if (c.birth?.day != null) {
      const who = [c.family_name, c.given_name, c.patronymic, c.birth.text]
        .map((x) => (x ?? '').toLowerCase())
        .join('|');
      const twice = seenPerson.get(who);
      if (twice !== undefined)
        problems.push(
          `line ${line}: duplicate row: the same names and birth date as line ${twice} under another external_id`,
        );
      else seenPerson.set(who, line);
    }
    rows.push({ line, external_id: externalId, content: checked.value, categories });
  }
  if (problems.length > 0) {
    const shownProblems = problems.slice(0, 20).join('; ');
    throw new AppError(
      'bad_request',
      `${shown}: ${problems.length} problem${problems.length > 1 ? 's' : ''}, nothing was written: ${shownProblems}${problems.length > 20 ? '; …' : ''}`,
      problems.slice(0, 100).map((p) => ({ path: shown, message: p })),
    );
  }
  if (rows.length === 0) throw new AppError('bad_request', `${shown}: no rows; nothing was written`);
  return { file_name: shown, sha256: sha256Of(file), rows };
}
