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
import { importCsv } from './csvImport.js';
import type { TImportJob, TStartImportQuery } from './schemas.js';

/** The largest CSV accepted over HTTP: 64 MiB, about 500,000 rows. Larger files go through the CLI. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

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

  constructor(
    private readonly database: Database,
    dir?: string,
  ) {
    this.dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'homecoming-imports-'));
  }

  /** Receives an upload into a private file, refusing it as soon as it passes the limit. */
  async receive(body: Readable, limit = IMPORT_BODY_LIMIT): Promise<string> {
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

  /** Starts importing an uploaded file; returns at once with the job's id. */
  async start(actor: Principal, upload: string, query: TStartImportQuery): Promise<string> {
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
      defaultSource: query.source,
      ...(query.source_type ? { sourceType: query.source_type } : {}),
      ...(query.reliability ? { reliability: query.reliability } : {}),
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
          finished_at: new Date().toISOString(),
        });
      },
      (err: unknown) => {
        view.state = 'failed';
        // Only our own errors carry a message fit for the client.
        view.error = err instanceof AppError ? err.message : 'the import failed; see the server log';
        view.has_rejects = fs.existsSync(rejectsPath);
        view.finished_at = new Date().toISOString();
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
}
