import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/log.js';
import { retrainIfGrown } from '../linkage/train.js';
import { importCsv } from './csvImport.js';
import { delimiterNamed, sniffKind, type FileKind } from './detect.js';
import { parseMapOption } from './mapColumns.js';
import { loadMapping, previewTable, saveMapping } from './preview.js';
import type { TImportJob, TImportPreview, TPreviewQuery, TStartImportQuery } from './schemas.js';

/** The largest CSV accepted over HTTP: 64 MiB, about 500,000 rows. Larger files go through the CLI. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** How long a finished import's progress and rejects report are kept (in memory and a temporary file). */
export const IMPORT_RETENTION_MS = 24 * 3600_000;
/** What an upload is called in messages, by the kind its first bytes show. */
const KIND_NAME: Record<FileKind, string> = { zip: 'XLSX workbook', xml: 'PFIF (XML) file', text: 'CSV' };

/** How an uploaded file is named in import errors, instead of the server's temporary path. */
function uploadName(file: string): string {
  const head = Buffer.alloc(512);
  const fd = fs.openSync(file, 'r');
  try {
    return `the uploaded ${KIND_NAME[sniffKind(head.subarray(0, fs.readSync(fd, head, 0, 512, 0)))]}`;
  } finally {
    fs.closeSync(fd);
  }
}

interface Job {
  view: TImportJob;
  /** Imports are seen by the organisation that started them (their rejects name external ids). */
  organisationId: string | undefined;
  rejectsPath: string;
  done: Promise<void>;
}

/** How often a running import's progress is written to its row (the finished state always is). */
const SAVE_EVERY_MS = 500;
/** How often, and how far apart, writing a finished import's state to its row is tried. */
const FINAL_SAVE_ATTEMPTS = 5;
const FINAL_SAVE_RETRY_MS = 1000;
/**
 * How often a running import's row is touched even when no row moved (a batch's end step at 1M takes
 * minutes), and how long a row left untouched means that no process runs its import any more: the server
 * was killed or stopped during it. Such an import answers `failed` with INTERRUPTED, not `running` for
 * ever (bench/RESULTS.md, `kill`): its committed batches are kept, and the same file sent again resumes it.
 */
const HEARTBEAT_MS = 10_000;
const STALE_SECONDS = 60;
export const INTERRUPTED =
  'the server stopped during this import; send the same file again to resume it (the rows already imported are kept)';

/** An import's view as it starts: running, nothing read yet. */
export function startingView(id: string, bytesTotal: number): TImportJob {
  return {
    id,
    state: 'running',
    bytes_read: 0,
    bytes_total: bytesTotal,
    lines_read: 0,
    records_written: 0,
    unchanged: 0,
    rejected: 0,
    resumed: 0,
    same_file_imported_at: null,
    linked: 0,
    possible: 0,
    has_rejects: false,
    error: null,
    detected: null,
    started_at: new Date().toISOString(),
    finished_at: null,
  };
}

/**
 * Imports started over HTTP. Each runs the streaming CSV importer in the background on an uploaded
 * copy of the file. Its progress is kept in memory and in its `import_job` row (migration 0015), so that
 * every worker of `serve --workers N` answers for it; the import itself is durable (its batches and
 * import_run are in the database, and uploading the same file again resumes it).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly dir: string;
  private readonly ownDir: boolean;
  private readonly retentionMs: number;
  private readonly now: () => number;
  /** The largest upload accepted, in bytes (HOMECOMING_IMPORT_BODY_LIMIT). */
  readonly limit: number;
  /** Rows committed in each batch (HOMECOMING_IMPORT_BATCH_SIZE); the importer's default when not given. */
  private readonly batchSize: number | undefined;

  constructor(
    private readonly database: Database,
    options: {
      dir?: string | undefined;
      limit?: number | undefined;
      batchSize?: number | undefined;
      retentionMs?: number | undefined;
      now?: () => number;
    } = {},
  ) {
    this.ownDir = options.dir === undefined;
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'homecoming-imports-'));
    this.limit = options.limit ?? IMPORT_BODY_LIMIT;
    this.batchSize = options.batchSize;
    this.retentionMs = options.retentionMs ?? IMPORT_RETENTION_MS;
    this.now = options.now ?? Date.now;
  }

  /** Forgets imports finished longer ago than the retention, and deletes their rejects reports. */
  private async sweep(): Promise<void> {
    const before = this.now() - this.retentionMs;
    for (const [id, job] of this.jobs) {
      const finished = job.view.finished_at === null ? null : Date.parse(job.view.finished_at);
      if (finished !== null && finished <= before) {
        fs.rmSync(job.rejectsPath, { force: true });
        this.jobs.delete(id);
      }
    }
    // Other workers' imports too (the reports are files on this machine).
    const gone = await this.database.db
      .deleteFrom('import_job')
      .where('finished_at', '<=', new Date(before))
      .returning('rejects_path')
      .execute();
    for (const g of gone) fs.rmSync(g.rejects_path, { force: true });
  }

  /**
   * Writes a job's view (by default its view as it is when the write runs) to its row; writes of one job
   * go one after the other, the last one wins. Resolves whether the row was written.
   */
  private save(id: string, job: Job, view?: TImportJob): Promise<boolean> {
    const saving = (this.saving.get(id) ?? Promise.resolve(true)).then(async () => {
      const v = view ?? job.view;
      await this.database.db
        .updateTable('import_job')
        .set({
          view: JSON.stringify(v),
          finished_at: v.finished_at === null ? null : new Date(v.finished_at),
          // The database's clock, the one a reader compares with (STALE_SECONDS).
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
      return true;
    });
    const kept = saving.catch((err: unknown) => {
      console.error(`saving an import's progress failed: ${err instanceof Error ? err.message : 'unknown'}`);
      return false;
    });
    this.saving.set(id, kept);
    return kept;
  }
  private readonly saving = new Map<string, Promise<boolean>>();

  /** Receives an upload into a private file, refusing it as soon as it passes the limit. */
  async receive(body: Readable, limit = this.limit): Promise<string> {
    const file = path.join(this.dir, `${crypto.randomUUID()}.csv`);
    let size = 0;
    // The first bytes tell a workbook or a PFIF file from a CSV, so the refusal names what was sent.
    let head = Buffer.alloc(0);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (head.length < 512) head = Buffer.concat([head, chunk.subarray(0, 512 - head.length)]);
        if (size > limit) {
          const kind = KIND_NAME[sniffKind(head)];
          done(new AppError('payload_too_large', `the ${kind} is larger than ${limit} bytes`));
        } else done(null, chunk);
      },
    });
    // The file is opened before any byte is read, and a refused upload's file is deleted only once its
    // stream has closed: `fs.createWriteStream(path)` opens on the thread pool, so under load the open could
    // finish after the deletion and leave an empty file behind.
    let out: fs.WriteStream;
    try {
      out = fs.createWriteStream('', { fd: await fs.promises.open(file, 'wx', 0o600) });
    } catch (err) {
      body.destroy();
      throw err;
    }
    try {
      await pipeline(body, counter, out);
    } catch (err) {
      // Not `events.once`: the destroyed stream emits 'error' before 'close', which would reject it.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      fs.rmSync(file, { force: true });
      if (err instanceof AppError) throw err;
      throw new AppError('bad_request', 'the upload was interrupted');
    }
    if (size === 0) {
      fs.rmSync(file, { force: true });
      throw new AppError(
        'bad_request',
        'the request body is empty; send the file (CSV, .xlsx or PFIF .xml) as the body',
      );
    }
    return file;
  }

  /**
   * How an uploaded file would be read (the web import screen's preview), with the mapping remembered for
   * its source applied; nothing is written, and the upload is deleted.
   */
  async preview(actor: Principal, upload: string, query: TPreviewQuery): Promise<TImportPreview> {
    try {
      const saved = await loadMapping(this.database.db, actor.organisationId, query.source);
      return await previewTable(
        upload,
        {
          displayName: uploadName(upload),
          encoding: query.encoding,
          delimiter:
            query.delimiter === undefined ? undefined : (delimiterNamed(query.delimiter) ?? undefined),
          sheet: query.sheet,
        },
        saved,
        query.map === undefined ? new Map() : parseMapOption(query.map),
      );
    } finally {
      fs.rmSync(upload, { force: true });
    }
  }

  /** Starts importing an uploaded file; returns at once with the job's id. */
  async start(actor: Principal, upload: string, query: TStartImportQuery): Promise<string> {
    await this.sweep();
    // A mapping confirmed in the import screen is remembered for the source's next file.
    if (query.remember_map === 'true') {
      if (query.map === undefined || query.source === undefined || actor.organisationId === undefined) {
        fs.rmSync(upload, { force: true });
        throw new AppError(
          'bad_request',
          'remember_map needs source and map (and a user of an organisation)',
        );
      }
      let mapping;
      try {
        mapping = parseMapOption(query.map);
      } catch (err) {
        fs.rmSync(upload, { force: true });
        throw err;
      }
      await saveMapping(this.database.db, actor.organisationId, query.source, mapping, actor.id);
    }
    const id = crypto.randomUUID();
    const rejectsPath = path.join(this.dir, `${id}.rejects.csv`);
    const view = startingView(id, fs.statSync(upload).size);
    await this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('import_job')
        .values({
          id,
          organisation_id: actor.organisationId ?? null,
          view: JSON.stringify(view),
          rejects_path: rejectsPath,
          finished_at: null,
        })
        .execute();
      await appendAudit(trx, actor, {
        action: 'import.start',
        objectType: 'import_job',
        objectId: id,
        detail: { bytes: view.bytes_total },
      });
    });
    let savedAt = 0;
    /**
     * How the import ended goes to its row first, and only then into this process's answers: `done` (or
     * `failed`) is answered only once every worker, and the server restarted after a crash, answers it too.
     * Answered from memory first, a kill before the row was written left it `running` for good under an
     * import its client had been told was done (bench/RESULTS.md, `kill`). A row that cannot be written
     * (the database gone) is tried again a few times; the answer follows the import's own outcome then.
     */
    const finish = async (ended: Partial<TImportJob>): Promise<void> => {
      const final = { ...view, ...ended };
      for (let attempt = 1; !(await this.save(id, job, final)) && attempt < FINAL_SAVE_ATTEMPTS; attempt++)
        await new Promise((resolve) => setTimeout(resolve, FINAL_SAVE_RETRY_MS));
      Object.assign(view, ended);
    };
    const done = importCsv(this.database, {
      file: upload,
      displayName: uploadName(upload),
      defaultSource: query.source,
      ...(query.source_type ? { sourceType: query.source_type } : {}),
      ...(query.reliability ? { reliability: query.reliability } : {}),
      encoding: query.encoding,
      delimiter: query.delimiter === undefined ? undefined : (delimiterNamed(query.delimiter) ?? undefined),
      sheet: query.sheet,
      map: query.map,
      rejectsPath,
      ...(this.batchSize === undefined ? {} : { batchSize: this.batchSize }),
      actor: actor.id,
      principal: actor,
      // Not in the server's process unless asked: the store holds ~200–300 MB and builds its indexes in
      // seconds of synchronous work, which would stall every request meanwhile (bench/RESULTS.md, `wire`).
      packedRegistry: process.env['HOMECOMING_IMPORT_PACKED'] === '1',
      onRun: (run) => {
        view.same_file_imported_at = run.previousRun?.finishedAt ?? null;
        void this.save(id, job);
      },
      onProgress: (p) => {
        Object.assign(view, {
          bytes_read: p.bytesRead,
          lines_read: p.rows,
          records_written: p.imported,
          unchanged: p.unchanged,
          rejected: p.rejected,
        });
        if (this.now() - savedAt >= SAVE_EVERY_MS) {
          savedAt = this.now();
          void this.save(id, job);
        }
      },
    }).then(
      async (s) => {
        await finish({
          state: s.fatal === null ? 'done' : 'failed',
          bytes_read: view.bytes_total,
          lines_read: s.rows,
          records_written: s.imported,
          unchanged: s.unchanged,
          rejected: s.rejected,
          resumed: s.resumed,
          linked: s.linked,
          possible: s.possible,
          has_rejects: s.rejectsPath !== null,
          error: s.fatal,
          detected: s.detected,
          finished_at: new Date(this.now()).toISOString(),
        });
        // The registry may have outgrown its linkage model: retrain it (versioned), after the job is done.
        try {
          await retrainIfGrown(this.database, { actor: 'linkage:retrain' });
        } catch (err) {
          console.error(`linkage retraining failed: ${err instanceof Error ? err.message : 'unknown error'}`);
        }
      },
      async (err: unknown) => {
        // The client is told to see the server log: the log says it (the message only, never a row's
        // values, which a database error's detail may quote).
        if (!(err instanceof AppError))
          console.error(`import ${id} failed: ${err instanceof Error ? err.message : 'unknown error'}`);
        await finish({
          state: 'failed',
          // Only our own errors carry a message fit for the client.
          error: err instanceof AppError ? err.message : 'the import failed; see the server log',
          has_rejects: fs.existsSync(rejectsPath),
          finished_at: new Date(this.now()).toISOString(),
        });
      },
    );
    // The row touched while the import runs, so that it is never taken for an interrupted one.
    const heartbeat = setInterval(() => void this.save(id, job), HEARTBEAT_MS);
    heartbeat.unref();
    const job: Job = {
      view,
      organisationId: actor.organisationId,
      rejectsPath,
      done: done.finally(() => {
        clearInterval(heartbeat);
        fs.rmSync(upload, { force: true });
        this.saving.delete(id);
      }),
    };
    this.jobs.set(id, job);
    return id;
  }

  /**
   * A job the principal may see: one its organisation started (this process's, or another worker's
   * from its row); any other answers like a missing one.
   */
  private async visible(
    actor: Principal,
    id: string,
  ): Promise<Pick<Job, 'view' | 'rejectsPath'> | undefined> {
    await this.sweep();
    const job = this.jobs.get(id);
    if (job) return job.organisationId === actor.organisationId ? job : undefined;
    const row = await this.database.db
      .selectFrom('import_job')
      .select(['view', 'rejects_path', 'organisation_id'])
      .select(
        sql<boolean>`finished_at IS NULL AND updated_at < now() - make_interval(secs => ${STALE_SECONDS})`.as(
          'stale',
        ),
      )
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.organisation_id !== (actor.organisationId ?? null)) return undefined;
    const view = row.view as unknown as TImportJob;
    if (!row.stale || view.state !== 'running') return { view, rejectsPath: row.rejects_path };
    return { view: await this.interrupted(id, view), rejectsPath: row.rejects_path };
  }

  /**
   * An import no process runs any more (its row untouched for STALE_SECONDS while running), written
   * `failed` with INTERRUPTED and finished now, so that every worker answers alike and the sweep forgets
   * it in time. Only a row still stale is written: an import whose process wrote meanwhile is left as is.
   */
  private async interrupted(id: string, view: TImportJob): Promise<TImportJob> {
    const failed: TImportJob = {
      ...view,
      state: 'failed',
      error: INTERRUPTED,
      finished_at: new Date(this.now()).toISOString(),
    };
    const written = await this.database.db
      .updateTable('import_job')
      .set({ view: JSON.stringify(failed), finished_at: new Date(failed.finished_at ?? 0) })
      .where('id', '=', id)
      .where('finished_at', 'is', null)
      .where(sql<boolean>`updated_at < now() - make_interval(secs => ${STALE_SECONDS})`)
      .returning('view')
      .executeTakeFirst();
    if (written) return failed;
    // Written by its process meanwhile (it was not dead, only slow): its own view.
    const now = await this.database.db
      .selectFrom('import_job')
      .select('view')
      .where('id', '=', id)
      .executeTakeFirst();
    return now ? (now.view as unknown as TImportJob) : failed;
  }

  /** Where an import stands. */
  async get(actor: Principal, id: string): Promise<TImportJob> {
    const job = await this.visible(actor, id);
    if (!job) throw notFound('import');
    // A row written before the field was (an import started before an upgrade) says null.
    return { ...job.view, same_file_imported_at: job.view.same_file_imported_at ?? null };
  }

  /** The rejects report of a finished import, as a stream, after recording who read it. */
  async rejects(actor: Principal, id: string): Promise<fs.ReadStream> {
    const job = await this.visible(actor, id);
    if (!job || !job.view.has_rejects || !fs.existsSync(job.rejectsPath)) throw notFound('rejects report');
    await this.database.db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, actor, { action: 'import.rejects.read', objectType: 'import_job', objectId: id }),
      );
    return fs.createReadStream(job.rejectsPath);
  }

  /** Waits for every running import (for shutdown and tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  /** Waits for every running import, then deletes this server's temporary folder (on shutdown). */
  async close(): Promise<void> {
    await this.settle();
    this.jobs.clear();
    if (this.ownDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
