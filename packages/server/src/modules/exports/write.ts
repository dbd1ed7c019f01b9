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
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import {
  EXPORT_CSV_COLUMNS,
  EXPORT_HUMAN_COLUMNS,
  exportEvents,
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
  const write = textWriter(out, cp1251 ? (s) => iconv.encode(s, 'windows-1251') : (s) => s);
  if (opts.format === 'jsonl') {
    for await (const row of records()) {
      const { record_id: _id, ...rest } = row;
      await write(JSON.stringify(rest) + '\n');
      n++;
    }
    return n;
  }
  if (opts.excel === true) {
    if (!cp1251) await write('\uFEFF');
    await write(toCsvLine(EXPORT_HUMAN_COLUMNS, ';', '\r\n'));
    for await (const row of records()) {
      const h = humanRow(row);
      await write(
        toCsvLine(
          EXPORT_HUMAN_COLUMNS.map((c) => h[c]),
          ';',
          '\r\n',
        ),
      );
      n++;
    }
    return n;
  }
  await write(toCsvLine(EXPORT_CSV_COLUMNS));
  for await (const row of records()) {
    await write(toCsvLine(EXPORT_CSV_COLUMNS.map((c) => row[c])));
    n++;
  }
  return n;
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
