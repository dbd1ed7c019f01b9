/**
 * Writing an export to a stream in each format: canonical CSV (imports again), Excel-friendly CSV (BOM,
 * `;`, CRLF, day-first dates, names also in Latin; UTF-8 or Windows-1251), XLSX (streamed), JSON lines,
 * and PFIF 1.4 (pfif.ts). Every text cell of a CSV or XLSX is formula-neutralised.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { neutraliseFormula } from '../../csv.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import {
  EXPORT_CSV_COLUMNS,
  EXPORT_HUMAN_COLUMNS,
  exportEvents,
  type ExportRow,
  exportRecords,
  humanRow,
  toCsvLine,
} from './service.js';
import { writePfif } from './pfif.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'jsonl', 'pfif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** CSV for Excel: BOM, `;`, CRLF, dates day first, names also in Latin. */
  excel?: boolean;
  /** Encoding of a CSV: UTF-8 (default) or Windows-1251. */
  encoding?: 'utf-8' | 'windows-1251';
  includeWithheld?: boolean;
  /** The registry's domain, qualifying PFIF record ids. */
  domain?: string;
}

/** The stream was closed by its reader (`export | head`): stop quietly. */
export class ClosedOutput extends Error {}

/** Writes text, waiting for drain; a closed pipe becomes `ClosedOutput`. */
export function textWriter(out: Writable, encode: (s: string) => Buffer | string = (s) => s) {
  let closed = false;
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') closed = true;
  });
  return async (s: string): Promise<void> => {
    if (closed || out.destroyed) throw new ClosedOutput();
    if (!out.write(encode(s))) {
      // `once` rejects on an 'error' event: a closed pipe (EPIPE) is the reader leaving, not a failure.
      // The listeners of the wait that lost are removed (abort), or each wait would leave its own behind.
      const settled = new AbortController();
      await Promise.race([
        once(out, 'drain', { signal: settled.signal }),
        once(out, 'close', { signal: settled.signal }),
      ])
        .catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
          closed = true;
        })
        .finally(() => settled.abort());
      if (closed || out.destroyed) throw new ClosedOutput();
    }
  };
}

/** Writes every record in the chosen format; returns how many records (PFIF: persons) were written. */
export async function writeExport(
  database: Database,
  principal: Principal,
  out: Writable,
  opts: ExportOptions,
): Promise<number> {
  const records = () =>
    exportRecords(database, principal, { includeWithheld: opts.includeWithheld === true });
  let n = 0;
  if (opts.format === 'pfif') {
    return writePfif(database, textWriter(out), principal, {
      domain: opts.domain ?? 'homecoming.invalid',
      includeWithheld: opts.includeWithheld === true,
    });
  }
  if (opts.format === 'xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet('records');
    ws.addRow([...EXPORT_HUMAN_COLUMNS]).commit();
    for await (const row of records()) {
      const h = humanRow(row);
      ws.addRow(EXPORT_HUMAN_COLUMNS.map((c) => (h[c] === null ? null : neutraliseFormula(h[c])))).commit();
      n++;
    }
    ws.commit();
    await wb.commit();
    return n;
  }
  const cp1251 = opts.encoding === 'windows-1251';
  const excel = opts.excel === true;
  const lineOf =
    opts.format === 'jsonl'
      ? (row: ExportRow) => {
          const { record_id: _id, ...rest } = row;
          return JSON.stringify(rest) + '\n';
        }
      : excel
        ? (row: ExportRow) => {
            const h = humanRow(row);
            return toCsvLine(
              EXPORT_HUMAN_COLUMNS.map((c) => h[c]),
              ';',
              '\r\n',
            );
          }
        : (row: ExportRow) => toCsvLine(EXPORT_CSV_COLUMNS.map((c) => row[c]));
  // Windows-1251 holds Cyrillic and Latin but not every letter (ł, ş, ə…): a letter it cannot hold would
  // become `?`. Apostrophes become its ’; anything else refuses the export before the first row is
  // written (a first pass reads every record), and again on a row that changed since.
  const toLine = cp1251
    ? (row: ExportRow) => {
        const line = cp1251Apostrophes(lineOf(row));
        if (CP1251_UNHELD.test(line)) throw cp1251Refusal(row);
        return line;
      }
    : lineOf;
  if (cp1251) for await (const row of records()) toLine(row);
  const write = textWriter(out, cp1251 ? (s) => iconv.encode(s, 'windows-1251') : (s) => s);
  if (opts.format !== 'jsonl') {
    if (excel && !cp1251) await write('\uFEFF');
    await write(excel ? toCsvLine(EXPORT_HUMAN_COLUMNS, ';', '\r\n') : toCsvLine(EXPORT_CSV_COLUMNS));
  }
  for await (const row of records()) {
    await write(toLine(row));
    n++;
  }
  return n;
}

/** Every character Windows-1251 can hold (its 0x98 is unassigned). */
const CP1251_CHARS = [...iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'windows-1251')]
  .filter((c) => c !== '\uFFFD')
  .join('');
/** A character Windows-1251 cannot hold (the line is tested after `cp1251Apostrophes`). */
const CP1251_UNHELD = new RegExp(`[^${CP1251_CHARS.replace(/[\\\]^-]/g, '\\$&')}]`, 'u');
/** Apostrophes and their look-alikes outside Windows-1251: ʼ ʻ ʽ ´ ′ ‛ ＇ (U+2019 ’ itself is 0x92). */
const APOSTROPHES = /[\u02BC\u02BB\u02BD\u00B4\u2032\u201B\uFF07]/g;

/** Apostrophes written as Windows-1251's ’ (0x92). */
export function cp1251Apostrophes(s: string): string {
  return s.replace(APOSTROPHES, '\u2019');
}

/** The refusal of a Windows-1251 export: which record, person and field, and what to do instead. */
function cp1251Refusal(row: ExportRow): AppError {
  const cells: [string, string | null][] = [
    ...Object.entries(row).filter(([k]) => k !== 'attributes' && k !== 'record_id'),
    ...Object.entries(row.attributes).map(([k, v]): [string, string] => [`attributes.${k}`, `${k}${v}`]),
  ] as [string, string | null][];
  const [field, value] = cells.find(
    ([, v]) => typeof v === 'string' && CP1251_UNHELD.test(cp1251Apostrophes(v)),
  ) ?? ['a field', ''];
  const ch = cp1251Apostrophes(value ?? '').match(CP1251_UNHELD)?.[0] ?? '';
  const code =
    ch === '' ? '' : ` (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`;
  return new AppError(
    'validation_failed',
    `Windows-1251 cannot hold a character${code} in ${field} of record ${row.record_id}` +
      (row.person_id === null ? '' : ` (person ${row.person_id})`) +
      ': nothing was exported; export in UTF-8 (--encoding utf-8) instead',
    [{ path: field, message: `character${code} not in Windows-1251` }],
  );
}

/** Writes the events of the exported persons as JSON lines; returns how many. */
export async function writeEvents(
  database: Database,
  principal: Principal,
  out: Writable,
  includeWithheld: boolean,
): Promise<number> {
  const write = textWriter(out);
  let n = 0;
  for await (const e of exportEvents(database, principal, { includeWithheld })) {
    await write(JSON.stringify(e) + '\n');
    n++;
  }
  return n;
}
