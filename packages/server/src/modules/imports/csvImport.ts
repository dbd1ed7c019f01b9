import type { Principal } from '../../auth/permissions.js';
import { writeOrganisationOf } from '../../gate/scope.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { appendAudit } from '../audit/log.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../db/ids.js';
import { analyzeAfterBulkWrite } from '../../db/statistics.js';
import { csvRecord } from '../../csv.js';
import { AppError } from '../../errors.js';
import { queriesOwnPool, type Database } from '../../db/database.js';
import { ensureSources, type NewRecord, type SourceRef } from '../records/repo.js';
import { loadModel } from '../linkage/model.js';
import { compactNameCounts, KeysCounted, NameCounts } from '../linkage/frequencies.js';
import {
  BatchAhead,
  decideRecords,
  InFlightBatch,
  lookUpRecords,
  resolveRecords,
  writeResolved,
  type Resolution,
  type ResolvedBatch,
} from '../linkage/resolve.js';
import { resolveSingletons } from '../linkage/singletons.js';
import { PackedRegistry } from '../linkage/packedRegistry.js';
import { FamilyKeyCounts } from '../linkage/familyKeys.js';
import type { LinkRecord } from '@homecoming/linkage';
import { aloneInRegistry, linkRowOf } from '../linkage/candidates.js';
import { validateRecordFields } from '../records/validate.js';
import {
  boundHeapGrowth,
  collectGarbage,
  sampleMemory,
  samplePeak,
  tally,
  timed,
  timedSync,
} from '../../phases.js';
import { CANONICAL_COLUMNS, type ReliabilityGrade, type SourceType } from '../registry/vocabulary.js';
import type { Encoding } from './detect.js';
import { applyPfifNotes } from './pfifNotes.js';
import { openTable, type Cell, type DetectedFormat, type ReadTableOptions } from './readTable.js';
import {
  mapHeader,
  mapRow,
  parseMapOption,
  SlashDateColumns,
  type ColumnMapping,
  type MappableField,
} from './mapColumns.js';

/** How to import one office file (CSV in any dialect, or .xlsx). */
export interface ImportOptions {
  file: string;
  /** Text encoding of a CSV file; detected when not given. */
  encoding?: Encoding | undefined;
  /** Delimiter of a CSV file; detected when not given. */
  delimiter?: string | undefined;
  /** Sheet of an .xlsx file, by name or 1-based number; the first when not given. */
  sheet?: string | undefined;
  /** Column → field decisions that override the headers' (`--map 'Column=field,…'`). */
  map?: string | ReadonlyMap<string, MappableField> | undefined;
  /** How messages name the file (an HTTP upload's temporary path must not reach the client). */
  displayName?: string | undefined;
  /** Source name for rows whose `source` cell is empty (or when there is no such column). */
  defaultSource?: string | undefined;
  /** Type and grade given to sources this import creates. */
  sourceType?: SourceType;
  reliability?: ReliabilityGrade;
  batchSize?: number;
  /**
   * A first bulk load into an empty registry keeps up to this many records in memory and resolves them
   * there instead of asking the database (same rules, same result: a record with a block larger than the
   * lookups read of it is looked up in the database); past it, or 0, the database answers. Default
   * `BULK_MEMORY_INDEX_ROWS`. The memory ranks and caps each record's candidates and reads its broad blocks
   * only when the selective ones do not settle it, as the lookups do (bench/RESULTS.md, pgimport).
   */
  memoryIndexRows?: number;
  /**
   * Collect the JavaScript heap's garbage after a committed batch whenever the process holds more than
   * `IMPORT_RSS_BUDGET_MB` and the heap has grown by `IMPORT_GARBAGE_MB` since the last collection (the
   * command line: its peak memory is the import's; a server beside its requests leaves it to V8), and
   * let the heap grow at most `IMPORT_HEAP_GROWTH_PERCENT` % past what V8's last collection kept.
   */
  collectGarbagePerBatch?: boolean;
  /**
   * On PostgreSQL, read (look up) each batch beside the previous batch's decisions instead of after them;
   * the decisions are the same. Off by default (`HOMECOMING_IMPORT_PIPELINE=1` turns it on): at 1M persons
   * on a busy 2-core machine it gained nothing measurable and held one more batch's candidates, +125 MB at
   * the import's peak (bench/RESULTS.md, imp1m).
   */
  pipelineReads?: boolean;
  /**
   * Read (look up) each batch while the batch before it is written (default), or only once it has
   * committed: the decisions are the same, since every read leaves that batch's records out, committed or
   * not, and takes them from memory (`RecordsBeside`; bulkLoad.int.test.ts imports one file of namesakes
   * both ways, its writes delayed or not). Off only to compare, or to measure what reading beside gains.
   */
  readBesideWriter?: boolean;
  /**
   * For tests: wait this long before each batch's write transaction begins, so that the next batch's reads
   * run while it is still unwritten (the decisions must not change: bulkLoad.int.test.ts).
   */
  writeDelayMs?: number;
  /**
   * For tests: awaited before each batch's write transaction begins (after `writeDelayMs`), with the
   * batch's number (0 the first): what a test does there is done before that batch writes, whatever the
   * timing (bulkLoad.int.test.ts writes another record there, between two batches of a first bulk load).
   */
  beforeWrite?: (batch: number) => Promise<void>;
  /**
   * For tests: told, as each batch is resolved, whether the first bulk load's memory placed it or the
   * database's lookups did (bulkLoad.int.test.ts: the database takes over past `memoryIndexRows`).
   */
  onBatchResolved?: (batch: { number: number; inMemory: boolean }) => void;
  /** Where the rejects report goes; default `<file>.rejects.csv`. */
  rejectsPath?: string | undefined;
  actor: string;
  /**
   * Who the audit log records for each batch, and whose organisation the new persons belong to.
   * Default: the command line (actor kind `cli`), the built-in Registry organisation.
   */
  principal?: Principal | undefined;
  onProgress?: (p: ImportProgress) => void;
  /** Told once, before the first row is written, which run this is and the same file's earlier one (`previousRun`). */
  onRun?: (run: { runId: string; previousRun: PreviousRun | null }) => void;
  today?: Date;
  /**
   * Never link a record automatically to a person holding a record of the same source under another
   * external id (pairs linkage would link are queued for review). Default: on for PFIF files, whose
   * sender lists each person once; off for lists, where two rows about one man become one person.
   */
  keepSourceIdsApart?: boolean | undefined;
  /**
   * Decide again, at the import's end, the persons of one record that were possible matches during it
   * (`resolveSingletons`). Default: on.
   */
  resolveSingletons?: boolean;
  /**
   * Whether that step, after a first bulk load that stayed in memory, finds its candidates in the import's
   * in-memory index (default) or asks the database, as it does after any other import: the same persons
   * either way (bulkLoad.int.test.ts); false only to compare.
   */
  relinkInMemory?: boolean;
  /**
   * Whether that step looks up only the singletons a person this import touched may now match (default),
   * or every one, as before imp3 (also links to persons nothing changed: a `dedupe`'s work); false only
   * to compare.
   */
  relinkTouchedOnly?: boolean;
  /**
   * On PostgreSQL, into a registry of this organisation alone, outside a first bulk load: load the registry's
   * link columns into memory (`PackedRegistry`) before the first batch and answer every batch's blocking
   * lookups there, the store following each committed batch (the same decisions: packedImport.int.test.ts).
   * Default: off (`PACKED_REGISTRY_BY_DEFAULT`; when on, for a file of at least `PACKED_REGISTRY_MIN_ROWS` rows
   * estimated from its first batch's bytes); `HOMECOMING_IMPORT_PACKED=1` / `=0` forces it on / off when this
   * is not given. The HTTP import (service.ts) passes false unless `HOMECOMING_IMPORT_PACKED=1`.
   *
   * On PGlite, a first bulk load keeps the store beside its in-memory index when this is true (or
   * `HOMECOMING_IMPORT_PACKED=1`): empty when the load begins, following each committed batch, it answers
   * the probes whose blocks are larger than their lookup reads (the batches' and the end step's) instead of
   * the database, exactly; dropped with the index at `memoryIndexRows`. 20,000 rows: 5.6% less CPU, a peak
   * ~46 MiB higher, 463–496 MiB with the retrain after it (bench/RESULTS.md, pgl and pgl2). Off by default:
   * that peak crosses the 500 MB an import may take (issue #16) for a twentieth of the CPU.
   */
  packedRegistry?: boolean;
  /** For tests and benches: told each batch whose lookups the packed registry answered (its probes). */
  onPackedLookups?: (probes: number) => void;
  /**
   * For tests and benches: each batch the packed registry answers is looked up in the database too, and the
   * import fails if any probe's candidates differ (`HOMECOMING_IMPORT_PACKED_VERIFY=1` when not given).
   */
  verifyPackedLookups?: boolean;
  /**
   * Whether the import holds the family keys in use with their counts (`FamilyKeyCounts`: one grouped read
   * at its first batch, then its own batches' records) and finds each probe's near neighbours there, handing
   * the lookups only the keys to read (default); false: each lookup statement reads the keys near its own
   * probes and counts those (`FamilyKeyCounts.forProbes`, as a list does) — the same candidates, to compare. `HOMECOMING_IMPORT_FAMILY_COUNTS=0` when not given.
   */
  familyCounts?: boolean;
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

/** The last finished import of the same file (by its SHA-256) by the same organisation. */
export interface PreviousRun {
  runId: string;
  /** When it finished (ISO 8601). */
  finishedAt: string;
}

/** What an import did. `fatal` is set when the file could not be read to its end. */
export interface ImportSummary {
  runId: string;
  file: string;
  rows: number;
  imported: number;
  unchanged: number;
  rejected: number;
  /** Imported rows linked automatically to a person already known (the rest made new persons). */
  linked: number;
  /** Imported rows that made a new person with a possible match (the likeliest are queued for review: `importQueueCap`). */
  possible: number;
  /**
   * Persons of one record (this import's rows, or earlier ones it met as possible matches) joined at the
   * import's end to the person they match now that it holds more records (`resolveSingletons`).
   */
  relinked: number;
  /** Rows committed by an earlier, interrupted run of the same file, not written again. */
  resumed: number;
  /**
   * The same file (by its SHA-256) imported before to its end by the same organisation, with whatever
   * source: information only, the import goes on as any other (its rows already there count unchanged).
   */
  previousRun: PreviousRun | null;
  rejectsPath: string | null;
  elapsedMs: number;
  fatal: string | null;
  /** How the file was read: format, encoding, delimiter, line ends, sheet, and which column became which field. */
  detected: ImportDetected;
}

/** What an import detected about its file, for its summary. */
export interface ImportDetected extends DetectedFormat {
  columns: { column: string; field: string; by: string }[];
}

const NAME_FIELDS: readonly MappableField[] = ['family_name', 'given_name', 'full_name'];

async function sha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
      this.out.write(csvRecord([line, externalId, p.column, p.reason]) + '\n');
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
  const shownAs = opts.displayName ?? opts.file;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('bad_request', `cannot read ${shownAs}: no such file`);
  }
  if (!stat.isFile()) throw new AppError('bad_request', `${shownAs} is not a file`);
  const batchSize = opts.batchSize ?? 2000;
  const db = database.db;
  const defaultSource = opts.defaultSource?.trim() || null;
  // Who imports (the command line unless a principal is given), and the organisation the run, its
  // sources and its new persons belong to.
  const auditActor: Principal = opts.principal ?? { ...unsafeRegistryPrincipal(), id: opts.actor };
  const organisationId = writeOrganisationOf(auditActor);
  const readOptions: ReadTableOptions = {
    displayName: opts.displayName,
    encoding: opts.encoding,
    delimiter: opts.delimiter,
    sheet: opts.sheet,
  };
  const explicit = typeof opts.map === 'string' ? parseMapOption(opts.map) : (opts.map ?? new Map());
  // Read the file once before anything is written: its header must make sense, and its date columns are
  // checked whole (a month-first date anywhere makes the ambiguous ones refused, never guessed).
  const layout = await readLayout(file, readOptions, explicit, defaultSource);
  const fileSha = await sha256(file);

  // An interrupted run of the same file and default source, by the same organisation, resumes: the
  // lines of its committed batches are skipped, everything else is read and written again. Another
  // organisation's run of the same file is never resumed (nor revealed). The same file sent twice at once
  // is one run: the second finds the first's run under the same lock and goes along with it (each batch
  // written by whichever comes first, `write`), never a second run racing the first over the same records.
  const { resuming, runId, previousRun } = await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`import_run ${organisationId} ${fileSha} ${defaultSource ?? ''}`}, 0))`.execute(
      trx,
    );
    const previous = await trx
      .selectFrom('import_run')
      .select(['id', 'finished_at'])
      .where('organisation_id', '=', organisationId)
      .where('file_sha256', '=', fileSha)
      .where((eb) =>
        defaultSource === null ? eb('default_source', 'is', null) : eb('default_source', '=', defaultSource),
      )
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // The same file imported to its end before (with any source): said, never refused. Another
    // organisation's is not revealed.
    const finished = await trx
      .selectFrom('import_run')
      .select(['id', 'finished_at'])
      .where('organisation_id', '=', organisationId)
      .where('file_sha256', '=', fileSha)
      .where('finished_at', 'is not', null)
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const previousRun: PreviousRun | null =
      finished?.finished_at != null
        ? { runId: finished.id, finishedAt: new Date(finished.finished_at).toISOString() }
        : null;
    if (previous !== undefined && previous.finished_at === null)
      return { resuming: true, runId: previous.id, previousRun };
    const id = newId();
    await trx
      .insertInto('import_run')
      .values({
        id,
        file_sha256: fileSha,
        file_name: path.basename(file),
        default_source: defaultSource,
        entered_by: opts.actor,
        organisation_id: organisationId,
      })
      .execute();
    return { resuming: false, runId: id, previousRun };
  });
  opts.onRun?.({ runId, previousRun });
  const committedRanges = resuming
    ? await db
        .selectFrom('import_batch')
        .select(['first_line', 'last_line', 'duplicates'])
        .where('run_id', '=', runId)
        .orderBy('first_line')
        .execute()
    : [];
  let rangeIndex = 0;
  /** Whether a line was committed by an earlier attempt of this run (lines arrive in increasing order). */
  const alreadyCommitted = (line: number): boolean => {
    while (rangeIndex < committedRanges.length && (committedRanges[rangeIndex]?.last_line ?? 0) < line)
      rangeIndex++;
    const r = committedRanges[rangeIndex];
    return r !== undefined && r.first_line <= line;
  };
  const rejects = new RejectsReport(opts.rejectsPath ?? `${file}.rejects.csv`);
  const sources = new Map<string, SourceRef>();
  const summary = { rows: 0, imported: 0, unchanged: 0, resumed: 0, linked: 0, possible: 0, relinked: 0 };
  // Persons of one record that were a possible match during the import (`resolveSingletons`).
  const nearSingletons = new Set<string>();
  // The persons the import's records joined or made: only a singleton one of them may now match is
  // looked up again at the end (`resolveSingletons`' `touched`).
  const touchedPersons = new Set<string>();
  let pending: NewRecord[] = [];
  let fatal: string | null = null;

  const table = await openTable(file, readOptions);
  const progress = (): void =>
    opts.onProgress?.({
      bytesRead: table.bytesRead(),
      bytesTotal: stat.size,
      rows: summary.rows,
      imported: summary.imported,
      unchanged: summary.unchanged,
      rejected: rejects.count,
    });

  // The rejects that are a repeated external_id, reported by this sending: the run's row counts those of
  // its batches instead (`import_batch.duplicates`), whichever sending committed them.
  let duplicatesReported = 0;
  const rejectDuplicate = (line: number, externalId: string, otherLine: number): void => {
    duplicatesReported++;
    rejects.add(line, externalId, [
      { column: 'external_id', reason: `duplicate external_id: line ${otherLine} of this file has it too` },
    ]);
  };
  // A resumed run reports again the duplicates its committed batches rejected.
  const earlierDuplicates = new Map(
    committedRanges.flatMap((r) => r.duplicates.map((d) => [d.line, d] as const)),
  );

  const writeCtx = { actor: opts.actor, importRunId: runId, organisationId, principal: auditActor };
  // Record linkage: batches are written one at a time, each in its own transaction. A batch is resolved
  // (its lookups and decisions, reads only) while the batch before it is being written: against the
  // registry as committed before that batch, plus that batch's records and persons held in memory, so a
  // record still sees every person made earlier in the import. The reads leave that batch's records out
  // of the database's answers even once it has committed, so that when it commits changes no decision.
  const model = await loadModel(db);
  // A PFIF file lists each of its sender's persons once: two of its records are never linked
  // automatically (a reviewer sees the pair instead).
  const keepSourceIdsApart = opts.keepSourceIdsApart ?? table.detected.format === 'pfif';
  const inFlight: Promise<void>[] = [];
  let writing: InFlightBatch | null = null;
  // With `pipelineReads` (PostgreSQL only), a batch's reads (lookups) start once the batch two before it
  // has committed, beside the decisions of the batch before it (its scoring, in JS): the reads need of that
  // batch only which records and family keys it holds (`ahead`), its decisions (`decided`) enter only when
  // this batch is decided.
  let ahead: BatchAhead | null = null;
  let decided: Promise<InFlightBatch | null> = Promise.resolve(null);
  const pipelined =
    database.kind === 'postgres' && (opts.pipelineReads ?? process.env['HOMECOMING_IMPORT_PIPELINE'] === '1');
  // A first bulk load into an empty registry: every candidate is a record of this import, so the whole
  // import so far is indexed in memory and the database is asked only for the records whose blocks are
  // larger than its lookups read (the blocking lookups were most of an import's time). Each such batch
  // checks, in its transaction, that nobody else wrote meanwhile.
  const memoryLimit = opts.memoryIndexRows ?? BULK_MEMORY_INDEX_ROWS;
  let bulk = memoryLimit > 0 && !resuming && (await registryHoldsNoRecord(db));
  let memoryIndex: InFlightBatch | null = bulk ? InFlightBatch.empty(await familyKeysInUse(db)) : null;
  // On PGlite (one connection) a batch's read of the name counts waits for the batch before it to
  // commit; kept in memory, the same counts let it be resolved while that batch is written. PostgreSQL
  // reads them beside the writer, as before.
  let nameCounts: NameCounts | null =
    bulk && database.kind === 'pglite' ? await NameCounts.read(db, NAME_COUNTS_IN_MEMORY) : null;
  let placedAgain = false;
  // The registry in memory for the blocking lookups (`packedRegistry`): decided at the first batch looked
  // up in the database; it follows each batch once committed, and is dropped (the database answers from
  // then on) when a batch was not written exactly as it was placed.
  let packed: PackedRegistry | null = null;
  let packedDecided = false;
  // The family keys in use with their counts (`familyCounts`), as the lookups of the batch being looked up
  // count them: every record stored but the batch written beside. A batch's records are added only once
  // the batch two after it is looked up (`countsDue`), whether or not the one beside has committed.
  const holdCounts = opts.familyCounts ?? process.env['HOMECOMING_IMPORT_FAMILY_COUNTS'] !== '0';
  let familyCounts: FamilyKeyCounts | null = null;
  /** Batches written, by number, with their written records, not yet counted. */
  const countsDue = new Map<number, LinkRecord[]>();
  let batchNumber = 0;
  /** The counts with every batch written before `before` (by number) added. */
  const countsBefore = async (before: number): Promise<FamilyKeyCounts | null> => {
    if (!holdCounts) return null;
    if (familyCounts === null) {
      const cpu = process.cpuUsage();
      familyCounts = await timed('family keys: load', () => FamilyKeyCounts.load(db, organisationId));
      const used = process.cpuUsage(cpu);
      tally('family keys: load CPU (ms)', Math.round((used.user + used.system) / 1000));
      tally('family keys: loaded', familyCounts.size);
    }
    for (const [n, families] of countsDue)
      if (n < before) {
        familyCounts.add(families);
        countsDue.delete(n);
      }
    return familyCounts;
  };
  /** Whether `packed` was loaded beside a first bulk load's index (PGlite), to be dropped with it. */
  let packedBesideIndex = false;
  /** Drops the store loaded beside the index (the database answers from then on, as without it). */
  const dropPackedBesideIndex = (): void => {
    if (!packedBesideIndex) return;
    packed = null;
    toFollow.length = 0;
    packedBesideIndex = false;
  };
  /** The keys of name counts the batches written added rows to (`compactNameCounts`). */
  const keysCounted = new KeysCounted();
  /** Batches placed with the store and not yet followed by it, oldest first. */
  const toFollow: ResolvedBatch[] = [];
  /** Batches written exactly as placed (every record, into the persons chosen): the store may follow them. */
  const writtenAsPlaced = new WeakSet<ResolvedBatch>();

  // The heap in use after the last collection: a collection is worth its time (a full one reads the
  // whole heap, and the in-memory index grows with the file) only once the garbage has grown past it.
  let heapAfterCollecting = 0;
  if (opts.collectGarbagePerBatch === true) boundHeapGrowth(IMPORT_HEAP_GROWTH_PERCENT);
  const collectIfGrown = (): void => {
    const m = process.memoryUsage();
    if (m.rss < IMPORT_RSS_BUDGET_MB * 1e6 || m.heapUsed < heapAfterCollecting + IMPORT_GARBAGE_MB * 1e6)
      return;
    timedSync('memory: collecting garbage', collectGarbage);
    heapAfterCollecting = process.memoryUsage().heapUsed;
    samplePeak('memory: peak JS heap kept after a collection (MB)', heapAfterCollecting / 1e6);
  };

  /** The rows the file holds, estimated from those read so far and the bytes they took. */
  const estimatedRows = (): number => {
    const read = table.bytesRead();
    return read <= 0 ? summary.rows : Math.ceil((summary.rows * stat.size) / read);
  };
  /** Whether loading the registry into memory pays for this file (`packedRegistry`). */
  const packedPays = (rows: number): boolean => {
    if (rows === 0) return false;
    const forced = opts.packedRegistry ?? envSwitch(process.env['HOMECOMING_IMPORT_PACKED']);
    return forced ?? (PACKED_REGISTRY_BY_DEFAULT && estimatedRows() >= PACKED_REGISTRY_MIN_ROWS);
  };

  /**
   * The store follows the batches placed with it and written, but the last `keep` (not yet written, or
   * left out of the next batch's reads); it is dropped when one was not written as placed.
   */
  const followWritten = (keep: number): void => {
    while (packed !== null && toFollow.length > keep) {
      const done = toFollow.shift() as ResolvedBatch;
      const store: PackedRegistry = packed;
      const followed =
        writtenAsPlaced.has(done) &&
        timedSync('packed registry: follow a batch', () =>
          store.follow(
            done.fresh.map((item, i) =>
              linkRowOf(done.ids[i] as string, (done.resolutions[i] as Resolution).personId, item.content),
            ),
          ),
        );
      if (!followed) {
        tally('packed registry: dropped (a batch not written as placed)', 1);
        packed = null;
        toFollow.length = 0;
      }
    }
  };
  const verifyPacked = opts.verifyPackedLookups ?? process.env['HOMECOMING_IMPORT_PACKED_VERIFY'] === '1';

  /** Writes one resolved batch, linked, with its checkpoint row, in one transaction. */
  const write = async (
    batch: NewRecord[],
    placed: ResolvedBatch,
    inMemory: boolean,
    /** The batch's number (`countsDue`). */
    number: number,
  ): Promise<void> => {
    const newSources = new Map<string, SourceRef>();
    if (opts.writeDelayMs !== undefined && opts.writeDelayMs > 0)
      await new Promise<void>((resolve) => setTimeout(resolve, opts.writeDelayMs));
    if (opts.beforeWrite !== undefined) await opts.beforeWrite(number);
    const result = await timed('write: whole batch transaction', () =>
      db.transaction().execute(async (trx) => {
        // Another sending of the same file may be writing this run beside us (sent twice at once, or again
        // while the first still ran): the run's row is locked for each batch, and a batch it committed
        // meanwhile is not written twice. From then on every batch is placed again in its transaction: the
        // persons this import's memory holds for the skipped batch are not the ones the other one made.
        await sql`SELECT 1 FROM import_run WHERE id = ${runId} FOR UPDATE`.execute(trx);
        const first = batch[0]?.line ?? 0;
        const last = batch[batch.length - 1]?.line ?? 0;
        const overlapping = await trx
          .selectFrom('import_batch')
          .select(['first_line', 'last_line'])
          .where('run_id', '=', runId)
          .where('first_line', '<=', last)
          .where('last_line', '>=', first)
          .execute();
        if (overlapping.length > 0) {
          if (
            overlapping.length === 1 &&
            overlapping[0]?.first_line === first &&
            overlapping[0].last_line === last
          )
            return null;
          throw new AppError(
            'conflict',
            `${shownAs}: lines ${first}–${last} are being imported by another import of the same file ` +
              'with another batch size; send the file again once that one has ended',
          );
        }
        let resolved = placed;
        // Someone else wrote a record during the first load: it is a candidate the memory never saw. From
        // here on every batch is placed again, in its transaction, against everything stored.
        if (
          placedAgain ||
          (inMemory &&
            !(await timed('write: nobody else wrote', () => nobodyElseWrote(trx, summary.imported))))
        ) {
          placedAgain = true;
          bulk = false;
          memoryIndex = null;
          nameCounts = null;
          dropPackedBesideIndex();
          resolved = await timed('write: placed again (someone else wrote)', () =>
            resolveRecords(trx, model, batch, null, organisationId, { keepSourceIdsApart }),
          );
        }
        if (!batch.every((b) => sources.has(b.source.name))) {
          const found = await ensureSources(
            trx,
            organisationId,
            batch.map((b) => b.source.name),
            { type: opts.sourceType ?? 'import', reliability: opts.reliability ?? 'F' },
          );
          for (const [k, v] of found) if (!sources.has(k)) newSources.set(k, v);
        }
        for (const b of batch)
          b.source = newSources.get(b.source.name) ?? sources.get(b.source.name) ?? b.source;
        const placedInto = resolved.resolutions.map((x) => x.personId);
        const r = await writeResolved(trx, model, resolved, writeCtx);
        // The name counts' keys it added rows to (`writeResolved` counts its written probes): folded at the end.
        if (r.inserted.length > 0) keysCounted.add(resolved.probes);
        // A person merged away meanwhile (its survivor took the record), or a record someone else wrote
        // first: the registry is no longer what the batch's placement says.
        if (
          resolved === placed &&
          r.inserted.length === resolved.fresh.length &&
          resolved.resolutions.every((x, i) => x.personId === placedInto[i])
        )
          writtenAsPlaced.add(placed);
        const duplicates = r.unchanged > 0 ? await duplicatesInThisFile(trx, batch, r.inserted, fileSha) : [];
        await timed('write: checkpoint and audit', async () => {
          await trx
            .insertInto('import_batch')
            .values({
              run_id: runId,
              first_line: batch[0]?.line ?? 0,
              last_line: batch[batch.length - 1]?.line ?? 0,
              rows_imported: r.inserted.length,
              rows_unchanged: r.unchanged - duplicates.length,
              duplicates: JSON.stringify(
                duplicates.map((d) => ({ line: d.line, external_id: d.externalId, other_line: d.otherLine })),
              ),
            })
            .execute();
          // Last in the transaction: appends hold the audit head's lock only until commit.
          await appendAudit(trx, auditActor, {
            action: 'import.batch',
            objectType: 'import_run',
            objectId: runId,
            detail: {
              first_line: batch[0]?.line ?? 0,
              last_line: batch[batch.length - 1]?.line ?? 0,
              imported: r.inserted.length,
            },
          });
        });
        // The persons of one record this batch made or met as a possible match: decided again at the end.
        const review = model.model.thresholds.review;
        const near = r.inserted.flatMap((w) => [
          ...(w.resolution.newPerson && w.resolution.score !== null && w.resolution.score >= review
            ? [w.personId]
            : []),
          ...(w.resolution.near ?? []),
        ]);
        return {
          imported: r.inserted.length,
          unchanged: r.unchanged - duplicates.length,
          duplicates,
          counts: r.counts,
          near,
          touched: r.inserted.map((w) => w.personId),
          families: familiesOf(resolved, r.inserted),
        };
      }),
    );
    if (result === null) {
      // Written by the other sending of this file (see above): its rows count as resumed.
      placedAgain = true;
      bulk = false;
      memoryIndex = null;
      nameCounts = null;
      dropPackedBesideIndex();
      if (holdCounts) countsDue.set(number, placed.probes);
      summary.resumed += batch.length;
      progress();
      return;
    }
    if (holdCounts) countsDue.set(number, result.families);
    for (const [k, v] of newSources) sources.set(k, v);
    for (const d of result.duplicates) rejectDuplicate(d.line, d.externalId, d.otherLine);
    summary.imported += result.imported;
    summary.unchanged += result.unchanged;
    summary.linked += result.counts.matched;
    summary.possible += result.counts.possible;
    for (const p of result.near) nearSingletons.add(p);
    for (const p of result.touched) touchedPersons.add(p);
    sampleMemory();
    if (opts.collectGarbagePerBatch === true) collectIfGrown();
    progress();
  };

  /**
   * Resolves the pending rows while the previous batch is being written, then queues them for the writer
   * behind that batch. The next batch is parsed meanwhile, so the database rarely waits for us. On
   * PostgreSQL (outside a first bulk load) only the batch's reads are awaited here: its decisions follow
   * the previous batch's, and its write that batch's commit, while the next batch is read.
   */
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // At most one batch is unwritten while another is read: the reads of this one see every batch but the
    // one before it committed, and that one in memory (as `ahead`, then as `writing` once decided); they
    // leave that one out of the database's answers whether or not it has committed by then.
    const unwritten = opts.readBesideWriter === false ? 0 : 1;
    await timed('reader: waiting for the writer', async () => {
      while (inFlight.length > unwritten) await inFlight.shift();
    });
    for (const b of batch) b.source = sources.get(b.source.name) ?? b.source;
    const number = batchNumber++;
    // Every batch but the one before this has been written: the lookups leave that one out, committed or not.
    const counts = await countsBefore(number - 1);
    const inMemory = bulk && memoryIndex !== null;
    opts.onBatchResolved?.({ number, inMemory });
    if (pipelined && !inMemory) {
      const looked = await timed('resolve: reads (lookups)', () =>
        lookUpRecords(db, model, batch, ahead, organisationId, { keepSourceIdsApart, familyCounts: counts }),
      );
      sampleMemory();
      ahead = looked.ahead;
      const resolving = decided.then((beside) =>
        timed('resolve: decisions', () => decideRecords(db, model, looked, beside, { keepSourceIdsApart })),
      );
      decided = resolving.then((r) => r.inFlight);
      // Their failures surface when the write is awaited; this only keeps Node from calling them unhandled.
      decided.catch(() => undefined);
      const previous = inFlight[inFlight.length - 1];
      const p = Promise.all([resolving, previous]).then(([resolved]) =>
        write(batch, resolved, false, number),
      );
      p.catch(() => undefined);
      inFlight.push(p);
      return;
    }
    writing = await decided;
    if (!packedDecided) {
      packedDecided = true;
      // On PGlite (one connection, one thread) a first bulk load's probes over their blocks' limits were
      // each a statement: the store, empty at first, answers them as the database would (bench/RESULTS.md, pgl).
      const besideIndex =
        inMemory &&
        database.kind === 'pglite' &&
        (opts.packedRegistry ?? envSwitch(process.env['HOMECOMING_IMPORT_PACKED'])) === true;
      if (
        besideIndex ||
        (!inMemory && !pipelined && database.kind === 'postgres' && packedPays(batch.length))
      ) {
        if (await aloneInRegistry(db, organisationId)) {
          const cpu = process.cpuUsage();
          const headroom = besideIndex
            ? Math.min(memoryLimit, estimatedRows()) + batchSize
            : Math.min(2_000_000, estimatedRows() + batchSize);
          packed = await timed('packed registry: load', () =>
            PackedRegistry.load(db, {
              headroom,
              ...(queriesOwnPool(database) ? { pool: database.pool } : {}),
            }),
          );
          packedBesideIndex = besideIndex;
          const used = process.cpuUsage(cpu);
          tally('packed registry: load CPU (ms)', Math.round((used.user + used.system) / 1000));
          tally('packed registry: records loaded', packed.size);
          sampleMemory();
        }
      }
    }
    // Every batch but the one just before this (being written, or not yet followed whichever) has
    // committed: the store takes them, as the database's answers would hold them.
    followWritten(1);
    const store = packed;
    const resolved = await timed('resolve: whole batch', () =>
      resolveRecords(db, model, batch, inMemory ? memoryIndex : writing, organisationId, {
        keepSourceIdsApart,
        registryEmpty: inMemory,
        writing,
        nameCounts: inMemory ? nameCounts : null,
        packed: store,
        verifyPacked,
        familyCounts: counts,
      }),
    );
    if (store !== null) {
      toFollow.push(resolved);
      // Beside a first bulk load's index the store answers only the probes the index cannot.
      if (!inMemory) opts.onPackedLookups?.(resolved.probes.length);
    }
    sampleMemory();
    writing = resolved.inFlight;
    ahead = new BatchAhead(resolved.fresh, resolved.probes);
    decided = Promise.resolve(writing);
    if (inMemory && memoryIndex !== null) {
      memoryIndex.absorb(resolved.inFlight);
      // Every fresh record of a batch resolved in memory is written (or the next batch is placed again).
      nameCounts?.add(resolved.probes);
      // Past the limit the database answers again: everything but the batch being written has committed.
      if (memoryIndex.size >= memoryLimit) {
        bulk = false;
        memoryIndex = null;
        nameCounts = null;
        dropPackedBesideIndex();
      }
    }
    // Written once the batch before it has committed; reading goes on meanwhile.
    const previous = inFlight[inFlight.length - 1];
    const p =
      previous === undefined
        ? write(batch, resolved, inMemory, number)
        : previous.then(() => write(batch, resolved, inMemory, number));
    // Its failure surfaces when it is awaited; this only keeps Node from calling it unhandled meanwhile.
    p.catch(() => undefined);
    inFlight.push(p);
  };

  const { mapping, slashDates } = layout;
  const hasExternalIdColumn = mapping.some((m) => m.field === 'external_id');
  let header = true;
  try {
    for await (const { line, cells } of table.rows()) {
      if (header) {
        header = false;
        continue;
      }
      summary.rows++;
      // A CSV row has exactly the header's fields; an .xlsx row may end early (empty cells are not stored).
      const mismatch =
        cells.length > mapping.length || (table.detected.format === 'csv' && cells.length !== mapping.length);
      const mapped = mismatch ? null : mapRow(cells, mapping, slashDates);
      const externalIdText = mapped?.raw.external_id?.trim() ?? '';
      if (mapped === null) {
        rejects.add(line, externalIdText, [
          { column: '', reason: `expected ${mapping.length} fields as in the header, found ${cells.length}` },
        ]);
        continue;
      }
      if (mapped.problems.length > 0) {
        rejects.add(line, externalIdText, mapped.problems);
        continue;
      }
      const { raw, attributes } = mapped;
      if (!raw.source?.trim() && defaultSource !== null) raw.source = defaultSource;
      const checked = validateRecordFields(raw, attributes, opts.today);
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
        if (hasExternalIdColumn) {
          rejects.add(line, '', [{ column: 'external_id', reason: 'empty external_id' }]);
          continue;
        }
        // A file without ids still re-imports idempotently: the id is a hash of the row's content as read
        // (normalised, so the same list saved by another office program gets the same ids).
        externalId = `sha256:${crypto
          .createHash('sha256')
          .update(JSON.stringify([content, attributes]))
          .digest('hex')
          .slice(0, 32)}`;
      }
      if (alreadyCommitted(line)) {
        const dup = earlierDuplicates.get(line);
        if (dup) rejectDuplicate(line, dup.external_id, dup.other_line);
        else summary.resumed++;
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
        line,
      });
      if (pending.length >= batchSize) await flush();
    }
  } catch (err) {
    // A failure while reading: let the batches already started finish before giving up.
    await Promise.allSettled(inFlight.splice(0));
    throw err;
  }
  // The rows read before a malformed spot are good: keep them, and say where reading stopped.
  await flush();
  // Every started batch finishes (or fails) before the summary; the first failure is thrown.
  const settled = await Promise.allSettled(inFlight.splice(0));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  if (table.stopped !== null && fatal === null) {
    fatal = `${shownAs}: line ${table.stopped.line}: ${table.stopped.message}; reading stopped there`;
  }
  // A PFIF feed's notes about persons held from the sender's earlier files: applied as status events.
  const feedNotes = table.pfifNotesWithoutPerson;
  if (feedNotes !== undefined && feedNotes.size > 0 && fatal === null) {
    const r = await applyPfifNotes(db, feedNotes, organisationId, auditActor, runId);
    table.detected.pfifNotesApplied = r.applied;
    table.detected.pfifNotesWithoutPerson = r.withoutPerson;
  }
  await rejects.close();
  // The batches' rows of name counts folded into one a key, before the end step reads them (`compactNameCounts`).
  if (summary.imported > 0) {
    const removed = await timed('name counts: compact', () => compactNameCounts(db, keysCounted));
    tally('name counts: rows folded away', removed);
  }
  await analyzeAfterBulkWrite(db, summary.imported);
  // A record that scored just below a person may match it now that the person holds more records: the
  // persons of one record the import made or met as possible matches are decided again (link9).
  if (nearSingletons.size > 0 && opts.resolveSingletons !== false) {
    // Every batch has committed: the store holds them all, and answers the step's lookups too.
    followWritten(0);
    const store = packed;
    // Every batch has committed, and the step's lookups leave none out.
    const counts = await countsBefore(batchNumber);
    const again = await timed('re-resolve: whole step', () =>
      resolveSingletons(db, model, nearSingletons, {
        organisationId,
        actor: opts.actor,
        principal: auditActor,
        importRunId: runId,
        keepSourceIdsApart,
        // A resumed run knows only the persons its own batches touched, not those of the run it resumes:
        // every singleton is looked up.
        ...(opts.relinkTouchedOnly === false || resuming ? {} : { touched: touchedPersons }),
        // A first bulk load that stayed in memory holds every record stored: the step's lookups are
        // answered there too, as long as nobody else writes.
        memory:
          bulk && memoryIndex !== null && !placedAgain && opts.relinkInMemory !== false
            ? {
                index: memoryIndex,
                stillHeld: (trx) => nobodyElseWrote(trx, summary.imported),
              }
            : null,
        packed: store,
        verifyPacked,
        familyCounts: counts,
      }),
    );
    summary.relinked = again.linked;
  }
  // The run's counts are those of all its batches: a resumed run's earlier attempts, and the batches another
  // sending of the same file committed, count as much as this sending's own (which counts them resumed).
  // Every sending reads the whole file, so the rows it read and refused while reading are the run's.
  await db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM import_run WHERE id = ${runId} FOR UPDATE`.execute(trx);
    const batches = await sql<{ imported: number; unchanged: number; duplicates: number }>`
      SELECT coalesce(sum(rows_imported), 0)::int AS imported, coalesce(sum(rows_unchanged), 0)::int AS unchanged,
        coalesce(sum(jsonb_array_length(duplicates)), 0)::int AS duplicates
      FROM import_batch WHERE run_id = ${runId}`.execute(trx);
    const all = batches.rows[0] ?? { imported: 0, unchanged: 0, duplicates: 0 };
    await trx
      .updateTable('import_run')
      .set({
        rows_read: summary.rows,
        rows_imported: all.imported,
        rows_unchanged: all.unchanged,
        rows_rejected: rejects.count - duplicatesReported + all.duplicates,
        ...(fatal === null ? { finished_at: new Date() } : {}),
      })
      .where('id', '=', runId)
      .execute();
  });
  progress();
  return {
    runId,
    file: opts.file,
    rows: summary.rows,
    imported: summary.imported,
    unchanged: summary.unchanged,
    rejected: rejects.count,
    linked: summary.linked,
    possible: summary.possible,
    relinked: summary.relinked,
    resumed: summary.resumed,
    previousRun,
    rejectsPath: rejects.count > 0 ? rejects.path : null,
    elapsedMs: Date.now() - started,
    fatal,
    detected: {
      ...table.detected,
      columns: mapping.map((m) => ({
        column: m.column,
        field: m.field === 'attribute' ? `attribute ${m.attribute ?? m.column}` : m.field,
        by: m.by,
      })),
    },
  };
}

/**
 * Above this resident size (MB) the command line's import collects garbage after each batch. V8 lets the
 * heap grow with a batch's short-lived data long before it collects; without this a 20,000-row import
 * into PGlite peaked at 530–610 MB, with it at 430–460 MB (bench/RESULTS.md, `pgwork`).
 */
const IMPORT_RSS_BUDGET_MB = 400;

/**
 * How far (%) the command line's import lets the JS heap grow past what V8's last full collection kept
 * (`boundHeapGrowth`): V8's own factor let a 20,000-row import into a million persons keep ~130 MB and
 * peak at 434 MB of heap (541 MB resident); at 50% it peaked at 215 MB (315 MB), no slower.
 */
const IMPORT_HEAP_GROWTH_PERCENT = 50;

/** Garbage (MB of heap in use beyond what the last collection kept) worth a collection. */
const IMPORT_GARBAGE_MB = 64;

/** Name keys a first bulk load on PGlite keeps its counts of in memory at most (else it reads them). */
const NAME_COUNTS_IN_MEMORY = 200_000;

/**
 * A sensible `ImportOptions.memoryIndexRows` for a first bulk load. The index holds ~2.8 KB a record (the
 * records' comparable forms, their blocks); past ~40,000 records the process would need more than 500 MB
 * at its peak on PGlite (whose WebAssembly memory is another 165 MB), and past 20,000 nearly half of a
 * file's records have a block above its lookup's limit and are looked up in the database anyway
 * (bench/RESULTS.md, `pgwork`, `pgbulk`).
 */
export const BULK_MEMORY_INDEX_ROWS = 40_000;

/**
 * The fewest rows (estimated) for which an import loads the registry into memory for its lookups
 * (`ImportOptions.packedRegistry`): see bench/RESULTS.md, `wire`.
 */
export const PACKED_REGISTRY_MIN_ROWS = 10_000;

/**
 * Off until it pays in wall-clock time within the memory bound: a 20,000-row import into the 1M registry from
 * the command line, quiet machine, alternating, took 70.2 and 68.6 s with it (673 and 680 MB) against 99.9
 * (the first run, cold) and 69.6 s without (377 and 372 MB), the same decisions (bench/RESULTS.md, the lead's
 * stop-34 section): the lookups move from PostgreSQL's backends to node's one thread, and the store puts the
 * import ~180 MB over the issue's 500 MB bound. `HOMECOMING_IMPORT_PACKED=1` turns it on.
 */
const PACKED_REGISTRY_BY_DEFAULT = false;

/** An on/off environment switch: `1` on, `0` off, anything else (or unset) undecided. */
function envSwitch(value: string | undefined): boolean | undefined {
  return value === '1' ? true : value === '0' ? false : undefined;
}

/** The comparable forms of a batch's records written (`countsDue`). */
function familiesOf(resolved: ResolvedBatch, inserted: readonly { recordId: string }[]): LinkRecord[] {
  const written = new Set(inserted.map((w) => w.recordId));
  return resolved.probes.filter((p) => written.has(p.id));
}

/** Whether the registry holds no record at all (then a first bulk load may resolve in memory). */
async function registryHoldsNoRecord(db: Database['db']): Promise<boolean> {
  const r = await sql<{ empty: boolean }>`SELECT NOT EXISTS (SELECT 1 FROM record) AS empty`.execute(db);
  return r.rows[0]?.empty === true;
}

/**
 * The family keys `family_key` holds (the lookups read a probe's no-year blocks only for a key not in
 * use). Into an empty registry it is empty, unless records were written and removed before.
 */
async function familyKeysInUse(db: Database['db']): Promise<string[]> {
  const r = await sql<{ key: string }>`SELECT key FROM family_key`.execute(db);
  return r.rows.map((x) => x.key);
}

/**
 * Whether the registry still holds exactly the records this import wrote: a batch resolved in memory is
 * written as it was placed only then (a record written meanwhile by anyone else would have been a
 * candidate the memory never saw).
 */
async function nobodyElseWrote(trx: Transaction<DB>, writtenByThisImport: number): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM record`.execute(trx);
  return r.rows[0]?.n === writtenByThisImport;
}

/**
 * Among a batch's rows that were not written because their (source, external_id) exists, those whose
 * existing record came from another line of this same file: a duplicate inside the file, rejected. The
 * database answers this, so the check costs no memory however long the file is; the rest were already in
 * the registry and count as unchanged.
 */
async function duplicatesInThisFile(
  trx: Transaction<DB>,
  batch: readonly NewRecord[],
  inserted: readonly { item: NewRecord }[],
  fileSha: string,
): Promise<{ line: number; externalId: string; otherLine: number }[]> {
  const written = new Set(inserted.map((i) => i.item));
  const conflicts = batch.filter((b) => !written.has(b));
  const keys = JSON.stringify(
    conflicts.map((c) => ({ source_id: c.source.id, external_id: c.content.external_id })),
  );
  const existing = await sql<{ source_id: number; external_id: string; import_line: number }>`
    SELECT r.source_id, r.external_id, r.import_line
    FROM json_to_recordset(${keys}::json) AS k(source_id int4, external_id text)
    JOIN record r ON r.source_id = k.source_id AND r.external_id = k.external_id
    JOIN import_run ir ON ir.id = r.import_run_id
    WHERE ir.file_sha256 = ${fileSha} AND r.import_line IS NOT NULL`.execute(trx);
  const lineOf = new Map(existing.rows.map((e) => [`${e.source_id}\u0000${e.external_id}`, e.import_line]));
  const out: { line: number; externalId: string; otherLine: number }[] = [];
  for (const c of conflicts) {
    const other = lineOf.get(`${c.source.id}\u0000${c.content.external_id}`);
    if (other !== undefined && other !== c.line) {
      out.push({ line: c.line ?? 0, externalId: c.content.external_id, otherLine: other });
    }
  }
  return out;
}

/** A header cell as text. */
function headerText(cell: Cell): string {
  if (cell === null) return '';
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
}

/**
 * Reads the file through once without writing: its header's mapping (refused when it has no name column or,
 * without --source, no source column), and what its date columns say about slash-written dates.
 */
async function readLayout(
  file: string,
  readOptions: ReadTableOptions,
  explicit: ReadonlyMap<string, MappableField>,
  defaultSource: string | null,
): Promise<{ mapping: ColumnMapping[]; slashDates: SlashDateColumns }> {
  const table = await openTable(file, readOptions);
  const slashDates = new SlashDateColumns();
  let mapping: ColumnMapping[] | null = null;
  let dateColumns: number[] = [];
  for await (const { line, cells } of table.rows()) {
    if (mapping === null) {
      mapping = mapHeader(cells.map(headerText), line, explicit);
      const fields = new Set(mapping.map((m) => m.field));
      if (!NAME_FIELDS.some((f) => fields.has(f))) {
        throw new AppError(
          'bad_request',
          `line ${line}: the header has no name column; it needs family_name or given_name, or a full name (ПІБ); columns read: ${mapping.map((m) => m.column).join(', ')} (canonical columns: ${CANONICAL_COLUMNS.join(', ')})`,
        );
      }
      if (!fields.has('source') && defaultSource === null) {
        throw new AppError(
          'bad_request',
          'the file has no source column: name the source with --source NAME',
        );
      }
      dateColumns = mapping.flatMap((m, i) =>
        m.field === 'birth_date' || m.field === 'source_date' ? [i] : [],
      );
      if (dateColumns.length === 0) break;
      continue;
    }
    for (const i of dateColumns) slashDates.see(i, cells[i] ?? null);
  }
  if (mapping === null)
    throw new AppError(
      'bad_request',
      `${readOptions.displayName ?? path.basename(file)} is empty: it has no header row`,
    );
  return { mapping, slashDates };
}
