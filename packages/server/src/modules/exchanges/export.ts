/**
 * A list version exported for the mediators, as CSV (UTF-8 with BOM, so office programs read Cyrillic) or
 * .xlsx: every name in Cyrillic as listed and in Latin — the Ukrainian national romanization (KMU 2010)
 * for Ukrainian names, ICAO Doc 9303 for Russian ones (the script of the name decides; where it cannot
 * tell, our side's names are taken as Ukrainian and theirs as Russian).
 */
import ExcelJS from 'exceljs';
import { detectScript, romanizeRussian, romanizeUkrainian, tokenize } from '@homecoming/names';
import { csvRecord } from '../../csv.js';
import type { EntryRow, Side } from './repo.js';

/** One name in Latin letters. */
export function latinOf(name: string | null, side: Side): string {
  if (name === null) return '';
  const tokens = tokenize(name);
  const script = tokens.map(detectScript);
  if (script.every((s) => s === 'latin' || s === 'other')) return name;
  const russian = script.includes('ru') || (side === 'theirs' && !script.includes('uk'));
  return russian ? romanizeRussian(name, 'icao') : romanizeUkrainian(name);
}

const HEADER = [
  'external_id',
  'family_name',
  'given_name',
  'patronymic',
  'family_name_latin',
  'given_name_latin',
  'patronymic_latin',
  'birth_date',
  'categories',
] as const;

function rowOf(e: EntryRow, side: Side): string[] {
  return [
    e.external_id,
    e.family_name ?? '',
    e.given_name ?? '',
    e.patronymic ?? '',
    latinOf(e.family_name, side),
    latinOf(e.given_name, side),
    latinOf(e.patronymic, side),
    e.birth_date ?? '',
    e.categories.join(';'),
  ];
}

/** The list as CSV text (with a BOM). */
export function listCsv(entries: readonly EntryRow[], side: Side): string {
  return (
    '\uFEFF' +
    [csvRecord([...HEADER]), ...entries.map((e) => csvRecord(rowOf(e, side)))].join('\r\n') +
    '\r\n'
  );
}

/** The list as an .xlsx workbook. */
export async function listXlsx(entries: readonly EntryRow[], side: Side, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'list');
  ws.addRow([...HEADER]);
  for (const e of entries) ws.addRow(rowOf(e, side));
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
