/**
 * Reading a list as a stream of rows of cells, whatever office program wrote it: CSV in any encoding,
 * delimiter and line ends (detected, or as the caller says), or the first (or a named) sheet of an .xlsx.
 * The first stage of an import: read → map (mapColumns.ts) → write (csvImport.ts).
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { parse, CsvError } from 'csv-parse';
import { AppError } from '../../errors.js';
import {
  delimiterName,
  detectDelimiter,
  detectEncoding,
  detectLineEnds,
  sniffKind,
  type Encoding,
  type FileKind,
} from './detect.js';
import { checkZip } from './zipCheck.js';
import { openPfif, type Note as PfifNote } from './readPfif.js';

/** A cell as read: text, or from an .xlsx a number or a date (a calendar date, at UTC midnight). */
export type Cell = string | number | Date | null;

export interface TableRow {
  /** The line (CSV) or row number (.xlsx) where the row starts, 1-based. */
  line: number;
  cells: Cell[];
}

/** What the reader detected, for the import summary. */
export interface DetectedFormat {
  format: 'csv' | 'xlsx' | 'pfif';
  pfifVersion?: string;
  /** PFIF notes about persons neither the file nor the registry holds (not applied). */
  pfifNotesWithoutPerson?: number;
  /** PFIF notes about persons the registry already held from earlier files, applied as status events. */
  pfifNotesApplied?: number;
  encoding?: Encoding;
  encodingReason?: string;
  delimiter?: string;
  lineEnds?: string;
  sheet?: string;
}

export interface ReadTableOptions {
  encoding?: Encoding | undefined;
  delimiter?: string | undefined;
  sheet?: string | undefined;
  /** How messages name the file (an HTTP upload's temporary name must not reach the client). */
  displayName?: string | undefined;
  /** Longest CSV record, in characters; a longer one stops reading with a clear error. */
  maxRecordSize?: number;
}

/** An opened table: what was detected, and its rows, read once. */
export interface Table {
  detected: DetectedFormat;
  /** PFIF: the notes about persons not in the file, by person_record_id, once the rows are read. */
  pfifNotesWithoutPerson?: ReadonlyMap<string, readonly PfifNote[]>;
  rows(): AsyncGenerator<TableRow>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
  /** Set when reading stopped early on malformed input, with the line and the reason. */
  stopped: { line: number; message: string } | null;
}

const SAMPLE_BYTES = 64 * 1024;

function readHead(file: string, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = fs.readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The kind of a file, by its content first and its extension second. */
export function fileKind(file: string): FileKind {
  const kind = sniffKind(readHead(file, 512));
  if (kind === 'text' && path.extname(file).toLowerCase() === '.xlsx')
    throw new AppError(
      'bad_request',
      `${path.basename(file)} is named .xlsx but is not a zip container (truncated or not a workbook)`,
    );
  return kind;
}

/** Opens a CSV or .xlsx file for reading, detecting what the caller did not say. */
export async function openTable(file: string, opts: ReadTableOptions = {}): Promise<Table> {
  const kind = fileKind(file);
  if (kind === 'zip') return openXlsx(file, opts);
  if (kind === 'xml') return openPfif(file);
  return openCsv(file, opts);
}

function openCsv(file: string, opts: ReadTableOptions): Table {
  const shown = opts.displayName ?? path.basename(file);
  const sample = readHead(file, SAMPLE_BYTES);
  const guess = detectEncoding(sample);
  if ('error' in guess) throw new AppError('bad_request', `${shown}: ${guess.error}`);
  const encoding = opts.encoding ?? guess.encoding;
  const bomLength = opts.encoding === undefined || opts.encoding === guess.encoding ? guess.bomLength : 0;
  const text = iconv.decode(sample.subarray(bomLength), encoding);
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  let input: fs.ReadStream | null = null;
  const table: Table = {
    detected: {
      format: 'csv',
      encoding,
      encodingReason: opts.encoding !== undefined ? '--encoding' : guess.reason,
      delimiter: delimiterName(delimiter),
      lineEnds: detectLineEnds(text),
    },
    stopped: null,
    bytesRead: () => input?.bytesRead ?? 0,
    async *rows() {
      input = fs.createReadStream(file, { start: bomLength });
      const parser = input.pipe(iconv.decodeStream(encoding)).pipe(
        parse({
          delimiter,
          // CRLF, LF and CR alike, even mixed in one file (two exports concatenated).
          record_delimiter: ['\r\n', '\n', '\r'],
          bom: true,
          info: true,
          relax_column_count: true,
          skip_empty_lines: true,
          max_record_size: opts.maxRecordSize ?? 1024 * 1024,
          // A malformed record is reported through 'skip' instead of destroying the stream, so the good
          // records parsed before it still arrive; reading stops at the first one.
          skip_records_with_error: true,
        }),
      );
      parser.on('skip', (err: CsvError & { lines?: number }) => {
        table.stopped ??= { line: err.lines ?? 0, message: err.message.replace(/ at line \d+.*$/, '') };
      });
      try {
        for await (const { record, info } of parser as AsyncIterable<{
          record: string[];
          info: { lines: number };
        }>) {
          if (table.stopped !== null && info.lines >= table.stopped.line) break;
          yield { line: info.lines, cells: record };
        }
      } catch (err) {
        if (err instanceof CsvError) {
          table.stopped ??= { line: 0, message: err.message };
          return;
        }
        throw err;
      } finally {
        input.destroy();
      }
    },
  };
  return table;
}

type ExcelValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { richText: { text: string }[] }
  | { text: unknown; hyperlink: string }
  | { error: string };

/** A cell's value as text, number or date: formulas as their computed result, rich text as its text. */
function excelCell(v: ExcelValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return excelCell(v.text as ExcelValue);
  if ('error' in v) return v.error;
  if ('result' in v) return excelCell(v.result as ExcelValue);
  return null;
}

/** Buffers decoded as UTF-8 across chunk boundaries: a character split between two chunks stays whole. */
async function* wholeCharacters(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) yield typeof c === 'string' ? c : decoder.write(c);
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own, so a Cyrillic letter split
 * between two chunks becomes U+FFFD (exceljs issues #2084, #2316; fixes not released). This reader hands
 * its shared strings and worksheets text decoded across chunk boundaries instead; nothing else changes.
 * Tied to exceljs's internal method names: the office-files tests catch a change.
 */
class WholeCharacterWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown {
    entry.setEncoding('utf8');
    const parent = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as {
      _parseSharedStrings: (this: unknown, e: unknown) => unknown;
    };
    return parent._parseSharedStrings.call(this, entry);
  }
  *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown> {
    const parent = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as {
      _parseWorksheet: (this: unknown, i: unknown, n: string) => Iterable<{ value?: { fileNo?: string } }>;
    };
    // Each sheet carries the number of its part (xl/worksheets/sheet<n>.xml), which names it (worksheetNames).
    for (const event of parent._parseWorksheet.call(this, wholeCharacters(iterator), sheetNo)) {
      if (event.value !== undefined) event.value.fileNo = sheetNo;
      yield event;
    }
  }
}

async function openXlsx(file: string, opts: ReadTableOptions): Promise<Table> {
  const shown = opts.displayName ?? path.basename(file);
  // The zip checked, with its sheets' names and whether it has shared strings.
  const layout = await checkZip(file, shown);
  let input: fs.ReadStream | null = null;
  const table: Table = {
    detected: { format: 'xlsx' },
    stopped: null,
    bytesRead: () => input?.bytesRead ?? 0,
    async *rows() {
      // The streaming unzip has been seen, on a loaded machine, to end a workbook's parts early: its sheets
      // then came without their shared strings and names (rows of empty cells, sheets named Sheet1…). That
      // shows before the first row, and the file is read again; a third short read is an error. (Two short
      // reads in a row were seen once in 30 reads of a test file under a load of 9 on 2 cores.)
      for (let attempt = 1; ; attempt++) {
        const read = yield* readOnce();
        if (read === 'whole') return;
        if (attempt === 3)
          throw new AppError(
            'bad_request',
            `${shown} could not be read whole (its parts ended before its shared strings or workbook); try again`,
          );
      }
    },
  };
  async function* readOnce(): AsyncGenerator<TableRow, 'whole' | 'short'> {
    input = fs.createReadStream(file);
    const reader = new WholeCharacterWorkbookReader(input, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'emit',
    });
    const parts = new Set<string>();
    (reader as unknown as NodeJS.EventEmitter).on('entry', (e: { type?: string }) => {
      if (e.type !== undefined) parts.add(e.type);
    });
    // exceljs parks each sheet in a temporary file when the shared strings come after the sheets (as
    // Excel writes them), and deletes a sheet's file only when its iteration moves past that sheet. So
    // every sheet is read to its end and the iteration run to its end, also when the caller stops early:
    // otherwise the lists' personal data stays in the temporary folder for as long as the server runs,
    // and a skipped sheet's file is deleted while its read stream may still be opening it (an unhandled
    // ENOENT that ended the process).
    type Sheet = AsyncIterable<unknown> & { name?: string; fileNo?: string };
    const names = layout.names;
    const sheets = (reader as unknown as AsyncIterable<Sheet>)[Symbol.asyncIterator]();
    const seen: string[] = [];
    let found = false;
    let short = false;
    let ended = false;
    try {
      for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
        const sheet = next.value;
        // With shared strings, exceljs reads a sheet once it has them; without, after the last part.
        if (
          seen.length === 0 &&
          !(layout.sharedStrings ? parts.has('shared-strings') : parts.has('workbook'))
        ) {
          short = true;
          for await (const row of sheet) void row;
          break;
        }
        const name = (sheet.fileNo === undefined ? undefined : names.get(sheet.fileNo)) ?? sheet.name ?? '';
        seen.push(name);
        const wanted =
          !found && (opts.sheet === undefined || name === opts.sheet || String(seen.length) === opts.sheet);
        if (!wanted) {
          for await (const row of sheet) void row;
          continue;
        }
        found = true;
        table.detected.sheet = name;
        for await (const row of sheet) {
          const values = (row as { values: ExcelValue[] }).values;
          const cells: Cell[] = [];
          for (let i = 1; i < values.length; i++) cells.push(excelCell(values[i]));
          while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === ''))
            cells.pop();
          if (cells.length === 0) continue;
          yield { line: (row as { number: number }).number, cells };
        }
      }
      // A short read stops at its first sheet: the sheets parked after it are drained below, as when the
      // caller stops early (each parked file is deleted only when the iteration moves past its sheet).
      ended = !short;
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The same early end, shown otherwise: a sheet came before the workbook's part (lost by the unzip),
      // and exceljs failed on its missing model ("Cannot read properties of undefined (reading 'sheets')",
      // seen with the same file sent twice at once on a loaded machine). Read again, as a short read is.
      if (seen.length === 0 && !parts.has('workbook')) return 'short';
      throw new AppError(
        'bad_request',
        `${shown} is not a readable .xlsx file (${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'})`,
      );
    } finally {
      if (!ended) {
        try {
          for (let next = await sheets.next(); !next.done; next = await sheets.next())
            for await (const row of next.value) void row;
        } catch {
          // unreadable past here: what exceljs parked is removed when the process exits
        }
      }
      input.destroy();
    }
    if (short) return 'short';
    if (found) return 'whole';
    if (opts.sheet !== undefined)
      throw new AppError(
        'bad_request',
        `${shown} has no sheet "${opts.sheet}"; its sheets: ${seen.join(', ')}`,
      );
    throw new AppError('bad_request', `${shown} has no worksheet`);
  }
  return table;
}
