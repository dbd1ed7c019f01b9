import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/log.js';
import { retrainIfGrown } from '../linkage/train.js';
import { importCsv } from './csvImport.js';
import { delimiterNamed } from './detect.js';
import { parseMapOption } from './mapColumns.js';
import { loadMapping, previewTable, saveMapping } from './preview.js';
import type { TImportJob, TImportPreview, TPreviewQuery, TStartImportQuery } from './schemas.js';

/** The largest CSV accepted over HTTP: 64 MiB, about 500,000 rows. Larger files go through the CLI. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
/** How long a finished import's progress and rejects report are kept (in memory and a temporary file). */
export const IMPORT_RETENTION_MS = 24 * 3600_000;
/** How an uploaded file is named in import errors, instead of the server's temporary path. */
const UPLOAD_NAME = 'the uploaded CSV';

interface Job {
  view: TImportJob;
  /** Imports are seen by the organisation that started them (their rejects name external ids). */
  organisationId: string | undefined;
  rejectsPath: string;
  done: Promise<void>;
}

/**
 * Imports started over HTTP. Each runs the streaming CSV importer in the background on an uploaded
 * copy of the file; its progress lives in memory for as long as the server runs (the import itself is
 * durable: its batches and import_run are in the database, and uploading the same file again resumes it).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly dir: string;
  private readonly ownDir: boolean;
  private readonly retentionMs: number;
  private readonly now: () => number;
  /** The largest upload accepted, in bytes (HOMECOMING_IMPORT_BODY_LIMIT). */
  readonly limit: number;

  constructor(
    private readonly database: Database,
    options: {
      dir?: string | undefined;
      limit?: number | undefined;
      retentionMs?: number | undefined;
      now?: () => number;
    } = {},
  ) {
    this.ownDir = options.dir === undefined;
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'homecoming-imports-'));
    this.limit = options.limit ?? IMPORT_BODY_LIMIT;
    this.retentionMs = options.retentionMs ?? IMPORT_RETENTION_MS;
    this.now = options.now ?? Date.now;
  }

  /** Forgets imports finished longer ago than the retention, and deletes their rejects reports. */
  private sweep(): void {
    const before = this.now() - this.retentionMs;
    for (const [id, job] of this.jobs) {
      const finished = job.view.finished_at === null ? null : Date.parse(job.view.finished_at);
      if (finished !== null && finished <= before) {
        fs.rmSync(job.rejectsPath, { force: true });
        this.jobs.delete(id);
      }
    }
  }

  /** Receives an upload into a private file, refusing it as soon as it passes the limit. */
  async receive(body: Readable, limit = this.limit): Promise<string> {
    const file = path.join(this.dir, `${crypto.randomUUID()}.csv`);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) done(new AppError('payload_too_large', `the CSV is larger than ${limit} bytes`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      fs.rmSync(file, { force: true });
      if (err instanceof AppError) throw err;
      throw new AppError('bad_request', 'the upload was interrupted');
    }
    if (size === 0) {
      fs.rmSync(file, { force: true });
      throw new AppError('bad_request', 'the request body is empty; send the CSV file as the body');
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
          displayName: UPLOAD_NAME,
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
    this.sweep();
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
    const view: TImportJob = {
      id,
      state: 'running',
      bytes_read: 0,
      bytes_total: fs.statSync(upload).size,
      lines_read: 0,
      records_written: 0,
      unchanged: 0,
      rejected: 0,
      resumed: 0,
      linked: 0,
      possible: 0,
      has_rejects: false,
      error: null,
      detected: null,
      started_at: new Date().toISOString(),
      finished_at: null,
    };
    await this.database.db.transaction().execute((trx) =>
      appendAudit(trx, actor, {
        action: 'import.start',
        objectType: 'import_job',
        objectId: id,
        detail: { bytes: view.bytes_total },
      }),
    );
    const done = importCsv(this.database, {
      file: upload,
      displayName: UPLOAD_NAME,
      defaultSource: query.source,
      ...(query.source_type ? { sourceType: query.source_type } : {}),
      ...(query.reliability ? { reliability: query.reliability } : {}),
      encoding: query.encoding,
      delimiter: query.delimiter === undefined ? undefined : (delimiterNamed(query.delimiter) ?? undefined),
      sheet: query.sheet,
      map: query.map,
      rejectsPath,
      actor: actor.id,
      principal: actor,
      onProgress: (p) => {
        Object.assign(view, {
          bytes_read: p.bytesRead,
          lines_read: p.rows,
          records_written: p.imported,
          unchanged: p.unchanged,
          rejected: p.rejected,
        });
      },
    }).then(
      (s) => {
        Object.assign(view, {
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
        return retrainIfGrown(this.database, { actor: 'linkage:retrain' }).then(
          () => undefined,
          (err: unknown) => {
            console.error(
              `linkage retraining failed: ${err instanceof Error ? err.message : 'unknown error'}`,
            );
          },
        );
      },
      (err: unknown) => {
        view.state = 'failed';
        // Only our own errors carry a message fit for the client.
        view.error = err instanceof AppError ? err.message : 'the import failed; see the server log';
        view.has_rejects = fs.existsSync(rejectsPath);
        view.finished_at = new Date(this.now()).toISOString();
      },
    );
    const job: Job = {
      view,
      organisationId: actor.organisationId,
      rejectsPath,
      done: done.finally(() => fs.rmSync(upload, { force: true })),
    };
    this.jobs.set(id, job);
    return id;
  }

  /** A job the principal may see: one its organisation started; any other answers like a missing one. */
  private visible(actor: Principal, id: string): Job | undefined {
    this.sweep();
    const job = this.jobs.get(id);
    return job && job.organisationId === actor.organisationId ? job : undefined;
  }

  /** Where an import stands. */
  get(actor: Principal, id: string): TImportJob {
    const job = this.visible(actor, id);
    if (!job) throw notFound('import');
    return { ...job.view };
  }

  /** The rejects report of a finished import, as a stream, after recording who read it. */
  async rejects(actor: Principal, id: string): Promise<fs.ReadStream> {
    const job = this.visible(actor, id);
    if (!job || !job.view.has_rejects) throw notFound('rejects report');
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
