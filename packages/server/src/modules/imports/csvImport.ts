import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { newId } from '../../db/ids.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../db/database.js';
import { ensureSources, insertRecordsAsNewPersons, type NewRecord, type SourceRef } from '../records/repo.js';
import { validateRecordFields, type RawRecordFields } from '../records/validate.js';
import { CANONICAL_COLUMNS, type ReliabilityGrade, type SourceType } from '../registry/vocabulary.js';

/** How to import one CSV file. */
export interface ImportOptions {
  file: string;
  /** Source name for rows whose `source` cell is empty (or when there is no such column). */
  defaultSource?: string | undefined;
  /** Type and grade given to sources this import creates. */
  sourceType?: SourceType;
  reliability?: ReliabilityGrade;
  batchSize?: number;
  /** Where the rejects report goes; default `<file>.rejects.csv`. */
  rejectsPath?: string | undefined;
  actor: string;
  onProgress?: (p: ImportProgress) => void;
  today?: Date;
}

/** Where an import stands, reported after every batch. */
export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  imported: number;
  unchanged: number;
  rejected: number;
}

/** What an import did. `fatal` is set when the file could not be read to its end. */
export interface ImportSummary {
  runId: string;
  file: string;
  rows: number;
  imported: number;
  unchanged: number;
  rejected: number;
  /** Rows committed by an earlier, interrupted run of the same file, not written again. */
  resumed: number;
  rejectsPath: string | null;
  elapsedMs: number;
  fatal: string | null;
}

const NAME_COLUMNS = ['family_name', 'given_name'];
const KNOWN_FIELDS = new Set<string>([
  ...CANONICAL_COLUMNS,
  'place_of_birth',
  'military_rank',
  'marks',
  'source_ref',
  'source_date',
  'reliability',
]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function sha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class RejectsReport {
  private out: fs.WriteStream | null = null;
  count = 0;
  constructor(readonly path: string) {
    fs.rmSync(path, { force: true });
  }
  /** Rejects one row, with one report line per problem. */
  add(line: number, externalId: string, problems: readonly { column: string; reason: string }[]): void {
    if (this.out === null) {
      this.out = fs.createWriteStream(this.path);
      this.out.write('line,external_id,column,reason\n');
    }
    this.count++;
    for (const p of problems) {
      this.out.write(`${line},${csvCell(externalId)},${csvCell(p.column)},${csvCell(p.reason)}\n`);
    }
  }
  async close(): Promise<void> {
    const out = this.out;
    if (out === null) return;
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}

/**
 * Imports a canonical CSV file: streaming, in batches that each commit whole (records, persons, links,
 * status events and the run's checkpoint together), idempotent and resumable. Bad rows go to a rejects
 * report with line, column and reason; good rows still import.
 */
export async function importCsv(database: Database, opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const file = path.resolve(opts.file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('bad_request', `cannot read ${opts.file}: no such file`);
  }
  if (!stat.isFile()) throw new AppError('bad_request', `${opts.file} is not a file`);
  const batchSize = opts.batchSize ?? 2000;
  const db = database.db;
  const fileSha = await sha256(file);
  const defaultSource = opts.defaultSource?.trim() || null;

  // An interrupted run of the same file and default source resumes after its last whole batch.
  const previous = await db
    .selectFrom('import_run')
    .select(['id', 'lines_committed', 'finished_at'])
    .where('file_sha256', '=', fileSha)
    .where((eb) =>
      defaultSource === null ? eb('default_source', 'is', null) : eb('default_source', '=', defaultSource),
    )
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const resuming = previous !== undefined && previous.finished_at === null;
  const runId = resuming ? previous.id : newId();
  const resumeAfterLine = resuming ? previous.lines_committed : 0;
  if (!resuming) {
    await db
      .insertInto('import_run')
      .values({
        id: runId,
        file_sha256: fileSha,
        file_name: path.basename(file),
        default_source: defaultSource,
        entered_by: opts.actor,
      })
      .execute();
  }

  const rejects = new RejectsReport(opts.rejectsPath ?? `${file}.rejects.csv`);
  const sources = new Map<string, SourceRef>();
  const seen = new Map<string, number>();
  const summary = { rows: 0, imported: 0, unchanged: 0, resumed: 0 };
  let pending: NewRecord[] = [];
  let pendingLastLine = 0;
  let fatal: string | null = null;

  const input = fs.createReadStream(file);
  const parser = input.pipe(
    parse({
      encoding: null,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A malformed record is reported through 'skip' instead of destroying the stream, so the good
      // records parsed before it (already buffered) still reach us; we stop reading at the first one.
      skip_records_with_error: true,
    }),
  );
  const stop: { at: { line: number; message: string } | null } = { at: null };
  parser.on('skip', (err: CsvError & { lines?: number }) => {
    stop.at ??= { line: err.lines ?? 0, message: err.message };
  });
  const progress = (): void =>
    opts.onProgress?.({
      bytesRead: input.bytesRead,
      bytesTotal: stat.size,
      rows: summary.rows,
      imported: summary.imported,
      unchanged: summary.unchanged,
      rejected: rejects.count,
    });

  const flush = async (): Promise<void> => {
    const batch = pending;
    const lastLine = pendingLastLine;
    pending = [];
    if (batch.length === 0) return;
    const newSources = new Map<string, SourceRef>();
    const result = await db.transaction().execute(async (trx) => {
      const missing = batch.map((b) => b.source.name).filter((n) => !sources.has(n));
      if (missing.length > 0) {
        const found = await ensureSources(trx, missing, {
          type: opts.sourceType ?? 'import',
          reliability: opts.reliability ?? 'F',
        });
        for (const [k, v] of found) newSources.set(k, v);
      }
      for (const b of batch)
        b.source = sources.get(b.source.name) ?? newSources.get(b.source.name) ?? b.source;
      const r = await insertRecordsAsNewPersons(trx, batch, { actor: opts.actor, importRunId: runId });
      await trx
        .updateTable('import_run')
        .set((eb) => ({
          lines_committed: lastLine,
          rows_imported: eb('rows_imported', '+', r.inserted.length),
          rows_unchanged: eb('rows_unchanged', '+', r.unchanged),
        }))
        .where('id', '=', runId)
        .execute();
      return r;
    });
    for (const [k, v] of newSources) sources.set(k, v);
    summary.imported += result.inserted.length;
    summary.unchanged += result.unchanged;
    progress();
  };

  let inFlight: Promise<void> = Promise.resolve();
  let header: string[] | null = null;
  let columnIndex = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: (Buffer | string)[];
      info: { lines: number };
    }>) {
      const line = info.lines;
      if (stop.at !== null && line >= stop.at.line) break;
      if (header === null) {
        header = readHeader(record, line, defaultSource);
        columnIndex = new Map(header.map((h, i) => [h, i]));
        continue;
      }
      summary.rows++;
      const raw: Record<string, string> = {};
      const attributes: Record<string, string> = {};
      let problem: { column: string; reason: string } | null = null;
      if (record.length !== header.length) {
        problem = {
          column: '',
          reason: `expected ${header.length} fields as in the header, found ${record.length}`,
        };
      } else {
        for (let i = 0; i < header.length; i++) {
          const name = header[i] as string;
          const cell = record[i] as Buffer | string;
          let value: string;
          if (typeof cell === 'string') value = cell;
          else {
            try {
              value = utf8.decode(cell);
            } catch {
              problem = { column: name, reason: 'not valid UTF-8' };
              break;
            }
          }
          if (KNOWN_FIELDS.has(name)) raw[name] = value;
          else attributes[name] = value;
        }
      }
      const idCell = record[columnIndex.get('external_id') ?? -1];
      const externalIdText =
        raw['external_id']?.trim() ??
        (typeof idCell === 'string' ? idCell : (idCell?.toString('utf8') ?? ''));
      if (problem !== null) {
        rejects.add(line, externalIdText, [problem]);
        continue;
      }
      if (!raw['source']?.trim() && defaultSource !== null) raw['source'] = defaultSource;
      const checked = validateRecordFields(raw as RawRecordFields, attributes, opts.today);
      if (!checked.ok) {
        rejects.add(line, externalIdText, checked.problems);
        continue;
      }
      const content = checked.value;
      if (content.source === null) {
        rejects.add(line, externalIdText, [
          { column: 'source', reason: 'no source: fill the source column or pass --source' },
        ]);
        continue;
      }
      let externalId = content.external_id;
      if (externalId === null) {
        if (columnIndex.has('external_id')) {
          rejects.add(line, '', [{ column: 'external_id', reason: 'empty external_id' }]);
          continue;
        }
        // A file without ids still re-imports idempotently: the id is a hash of the row's content.
        externalId = `sha256:${crypto
          .createHash('sha256')
          .update(JSON.stringify([raw, attributes]))
          .digest('hex')
          .slice(0, 32)}`;
      }
      const key = `${content.source}\u0000${externalId}`;
      const firstLine = seen.get(key);
      if (firstLine !== undefined) {
        rejects.add(line, externalId, [
          {
            column: 'external_id',
            reason: `duplicate external_id in this file (first on line ${firstLine})`,
          },
        ]);
        continue;
      }
      seen.set(key, line);
      if (line <= resumeAfterLine) {
        summary.resumed++;
        continue;
      }
      pending.push({
        content: { ...content, external_id: externalId },
        source: sources.get(content.source) ?? {
          id: 0,
          name: content.source,
          type: 'import',
          reliability: 'F',
        },
      });
      pendingLastLine = line;
      if (pending.length >= batchSize) {
        // One batch is written while the next is parsed; batches still commit in file order, so the
        // checkpoint only ever moves forward over whole batches.
        await inFlight;
        inFlight = flush();
        // Its failure surfaces at the next await; this only keeps Node from calling it unhandled meanwhile.
        inFlight.catch(() => undefined);
      }
    }
  } catch (err) {
    if (err instanceof CsvError) {
      fatal = `${opts.file}: ${err.message}`;
    } else if (err instanceof AppError && header === null) {
      rejects.count = 0;
      await rejects.close();
      input.destroy();
      await db.deleteFrom('import_run').where('id', '=', runId).where('lines_committed', '=', 0).execute();
      throw err;
    } else throw err;
  } finally {
    input.destroy();
    await inFlight;
  }
  // The rows read before a malformed spot are good: keep them, and say where reading stopped.
  await flush();
  if (stop.at !== null && fatal === null) {
    fatal = `${opts.file}: line ${stop.at.line}: ${stop.at.message.replace(/ at line \d+.*$/, '')}; reading stopped there`;
  }
  if (header === null && fatal === null) fatal = `${opts.file} is empty: it has no header row`;
  await rejects.close();
  await db
    .updateTable('import_run')
    .set({ rows_rejected: rejects.count, ...(fatal === null ? { finished_at: new Date() } : {}) })
    .where('id', '=', runId)
    .execute();
  progress();
  return {
    runId,
    file: opts.file,
    rows: summary.rows,
    imported: summary.imported,
    unchanged: summary.unchanged,
    rejected: rejects.count,
    resumed: summary.resumed,
    rejectsPath: rejects.count > 0 ? rejects.path : null,
    elapsedMs: Date.now() - started,
    fatal,
  };
}

function readHeader(record: (Buffer | string)[], line: number, defaultSource: string | null): string[] {
  const names = record.map((c) => {
    try {
      return (typeof c === 'string' ? c : utf8.decode(c)).trim().toLowerCase();
    } catch {
      throw new AppError('bad_request', `line ${line}: the header is not valid UTF-8`);
    }
  });
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined)
    throw new AppError('bad_request', `line ${line}: column "${dup}" appears twice in the header`);
  if (names.some((n) => n === ''))
    throw new AppError('bad_request', `line ${line}: the header has an empty column name`);
  if (!NAME_COLUMNS.some((n) => names.includes(n))) {
    throw new AppError(
      'bad_request',
      `line ${line}: the header has no name column; it needs family_name or given_name (canonical columns: ${CANONICAL_COLUMNS.join(', ')})`,
    );
  }
  if (!names.includes('source') && defaultSource === null) {
    throw new AppError('bad_request', 'the file has no source column: name the source with --source NAME');
  }
  return names;
}
