import crypto, { pbkdf2 as pbkdf2Callback } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../http/app.js';
import { createTestActor, type TestActor } from '../../test/auth.js';
import { DATABASE_KINDS, HAS_POSTGRES, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import type { TImportJob } from './schemas.js';
import { ImportJobs, startingView } from './service.js';

const pbkdf2 = promisify(pbkdf2Callback);

const CONFIG = { bodyLimit: 64 * 1024, requestTimeoutMs: 30_000, logLevel: 'silent' } as const;
const CSV = { 'content-type': 'text/csv' };

// Generated people only.
const GOOD_AND_BAD = [
  'external_id,source,category,family_name,given_name,birth_date',
  'h1,http list,military,Дорошенко,Тарас,1984',
  'h2,http list,military,Дорошенко,Остап,1984-13',
  'h3,http list,missing,Левченко,Ірина,1992-07-01',
].join('\n');

describe.each(DATABASE_KINDS)('imports over HTTP on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let registrar: TestActor;
  let otherOrg: TestActor;
  let analyst: TestActor;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildApp(t.database, CONFIG);
    registrar = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
    analyst = await createTestActor(t.database, 'analyst', { organisation: 'Org A' });
    otherOrg = await createTestActor(t.database, 'registrar', { organisation: 'Org B' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const start = (who: TestActor, payload: string, query = '?source=http%20list') =>
    who.inject(app, { method: 'POST', url: `/api/v1/imports${query}`, headers: CSV, payload });
  const finished = async (who: TestActor, id: string): Promise<TImportJob> => {
    for (;;) {
      const job = (await who.inject(app, `/api/v1/imports/${id}`)).json() as TImportJob;
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('answers 202 with an id, reports progress to the end, and serves the rejects report', async () => {
    const res = await start(registrar, GOOD_AND_BAD);
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    expect(res.headers['location']).toBe(`/api/v1/imports/${id}`);
    const job = await finished(registrar, id);
    expect(job).toMatchObject({
      state: 'done',
      lines_read: 3,
      records_written: 2,
      rejected: 1,
      has_rejects: true,
      error: null,
    });
    expect(job.bytes_read).toBe(job.bytes_total);
    const rejects = await registrar.inject(app, `/api/v1/imports/${id}/rejects`);
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    expect(rejects.headers['cache-control']).toBe('no-store');
    expect(rejects.body.trim().split('\n')).toEqual([
      'line,external_id,column,reason',
      '3,h2,birth_date,1984-13 has no month 13',
    ]);
    const audit = await sql<{ action: string }>`
      SELECT action FROM audit_entry WHERE object_id = ${id} ORDER BY seq`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['import.start', 'import.rejects.read']);
  });

  it('imports a cp1251 semicolon file and an .xlsx body, saying how each was read', async () => {
    const cp1251 = iconv.encode(
      'ПІБ;Дата народження\r\nДорошенко Тарас Іванович;01.02.1984\r\n',
      'windows-1251',
    );
    const res = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/imports?source=office',
      headers: { 'content-type': 'application/octet-stream' },
      payload: cp1251,
    });
    expect(res.statusCode).toBe(202);
    const job = await finished(registrar, (res.json() as { id: string }).id);
    expect(job).toMatchObject({ state: 'done', records_written: 1, rejected: 0 });
    expect(job.detected).toMatchObject({ format: 'csv', encoding: 'windows-1251', delimiter: ';' });
    expect(job.detected?.columns[0]).toEqual({ column: 'ПІБ', field: 'full_name', by: 'header' });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Аркуш1');
    ws.addRow(['Прізвище', "Ім'я", 'Дата народження']);
    ws.addRow(['Левченко', 'Ірина', new Date(Date.UTC(1992, 6, 1))]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res2 = await registrar.inject(app, {
      method: 'POST',
      url: '/api/v1/imports?source=office-xlsx',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: xlsx,
    });
    const job2 = await finished(registrar, (res2.json() as { id: string }).id);
    expect(job2).toMatchObject({
      state: 'done',
      records_written: 1,
      detected: { format: 'xlsx', sheet: 'Аркуш1' },
    });
  });

  it('changes nothing when the same file is uploaded again, and says when it was imported before', async () => {
    const { id } = (await start(registrar, GOOD_AND_BAD)).json() as { id: string };
    const job = await finished(registrar, id);
    expect(job).toMatchObject({ state: 'done', records_written: 0, unchanged: 2 });
    const runs = await t.database.db
      .selectFrom('import_run')
      .select('finished_at')
      .where('default_source', '=', 'http list')
      .where('finished_at', 'is not', null)
      .orderBy('finished_at')
      .execute();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(job.same_file_imported_at).toBe(runs[runs.length - 2]?.finished_at?.toISOString());
    // A first import of a file says null.
    const fresh = (await start(registrar, 'family_name\nНовак\n')).json() as { id: string };
    expect((await finished(registrar, fresh.id)).same_file_imported_at).toBeNull();
  });

  it('shows an import only to its own organisation: others get the 404 of a missing one', async () => {
    const { id } = (await start(registrar, 'family_name\nБойко\n')).json() as { id: string };
    await finished(registrar, id);
    const other = await otherOrg.inject(app, `/api/v1/imports/${id}`);
    const missing = await otherOrg.inject(app, '/api/v1/imports/01900000-0000-7000-8000-00000000dead');
    expect(other.statusCode).toBe(404);
    expect({ ...other.json(), request_id: null }).toEqual({ ...missing.json(), request_id: null });
    expect((await otherOrg.inject(app, `/api/v1/imports/${id}/rejects`)).statusCode).toBe(404);
  });

  it('refuses callers without import:run, and anyone unauthenticated', async () => {
    expect((await start(analyst, GOOD_AND_BAD)).statusCode).toBe(403);
    const anon = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: CSV, payload: 'x' });
    expect(anon.statusCode).toBe(401);
  });

  it('refuses a body that is not CSV, and an empty one, saying what to send', async () => {
    const json = await registrar.inject(app, { method: 'POST', url: '/api/v1/imports', payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    expect(json.json().message).toMatch(/text\/csv/);
    const empty = await start(registrar, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/empty/);
    const badSource = await start(registrar, GOOD_AND_BAD, '?reliability=Z');
    expect(badSource.statusCode).toBe(400);
    expect(badSource.json().details[0].path).toMatch(/reliability/);
  });

  it('reports a file it cannot import as failed, with the reason', async () => {
    const { id } = (await start(registrar, 'external_id,unit\nz1,A\n')).json() as { id: string };
    const job = await finished(registrar, id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/no name column/);
  });

  it('stops receiving an upload as soon as it passes the size limit, keeping nothing', async () => {
    const jobs = new ImportJobs(t.database);
    await expect(
      jobs.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000),
    ).rejects.toMatchObject({
      code: 'payload_too_large',
    });
  });

  it('refuses a 2 GB upload once it passes the limit, reading no further and keeping nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-upload-'));
    const jobs = new ImportJobs(t.database, { dir });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    // 2 GB made as it is read: the test holds one chunk, never the file.
    const twoGigabytes = new Readable({
      read() {
        if (sent >= 2 * 1024 ** 3) this.push(null);
        else {
          sent += chunk.length;
          this.push(chunk);
        }
      },
    });
    const limit = 1024 * 1024;
    await expect(jobs.receive(twoGigabytes, limit)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: `the CSV is larger than ${limit} bytes`,
    });
    expect(sent).toBeLessThan(limit + 32 * chunk.length);
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the kind of an upload that is too large: an XLSX workbook or a PFIF file, not "the CSV"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-upload-'));
    const jobs = new ImportJobs(t.database, { dir });
    const limit = 4096;
    const body = (head: Buffer) => Readable.from([head, Buffer.alloc(limit, 0x20)]);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    await expect(jobs.receive(body(zip), limit)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: `the XLSX workbook is larger than ${limit} bytes`,
    });
    // The head may arrive a few bytes at a time.
    const xml = Buffer.from('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif>');
    await expect(
      jobs.receive(Readable.from([xml.subarray(0, 3), xml.subarray(3), Buffer.alloc(limit, 0x20)]), limit),
    ).rejects.toMatchObject({ message: `the PFIF (XML) file is larger than ${limit} bytes` });
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no file of a refused upload even when the thread pool is busy (the file opens late)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-upload-'));
    const jobs = new ImportJobs(t.database, { dir });
    // Work that holds every thread of libuv's pool (4 by default), as a loaded server's file reads do: a
    // write stream opened by path then opens after the refusal, and must not create the file afterwards.
    const busy = Array.from({ length: 4 }, () =>
      pbkdf2(Buffer.from('a'), Buffer.from('b'), 100_000, 32, 'sha256'),
    );
    await expect(jobs.receive(Readable.from([Buffer.alloc(2000)]), 1000)).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    await Promise.all(busy);
    await fs.promises.stat(dir);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("names an upload 'the uploaded CSV' in errors, never the server's temporary path", async () => {
    const { id } = (await start(registrar, '\n')).json() as { id: string };
    const job = await finished(registrar, id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/the uploaded CSV/);
    expect(job.error).not.toContain(os.tmpdir());
  });

  it('forgets finished imports after the retention and deletes their temporary files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-import-retention-'));
    let clock = Date.now();
    const jobs = new ImportJobs(t.database, { dir, retentionMs: 60_000, now: () => clock });
    const upload = await jobs.receive(Readable.from([Buffer.from(GOOD_AND_BAD)]));
    const id = await jobs.start(registrar.principal, upload, { source: 'http list' });
    await jobs.settle();
    expect((await jobs.get(registrar.principal, id)).has_rejects).toBe(true);
    // The upload is deleted once imported; the rejects report stays while the job is kept.
    expect(fs.readdirSync(dir)).toEqual([`${id}.rejects.csv`]);
    clock += 60_001;
    await expect(jobs.get(registrar.principal, id)).rejects.toThrow(/not found/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('answers for an import another worker started: its progress and its rejects report', async () => {
    // Two workers of `serve --workers 2`: one database, one machine, two processes' memory.
    const a = new ImportJobs(t.database);
    const b = new ImportJobs(t.database);
    try {
      const upload = await a.receive(Readable.from([Buffer.from(GOOD_AND_BAD)]));
      const id = await a.start(registrar.principal, upload, { source: 'http list' });
      await a.settle();
      const seen = await b.get(registrar.principal, id);
      expect(seen).toEqual(await a.get(registrar.principal, id));
      expect(seen).toMatchObject({ state: 'done', has_rejects: true });
      const report = await b.rejects(registrar.principal, id);
      let text = '';
      for await (const chunk of report) text += String(chunk);
      expect(text).toMatch(/^line,external_id,column,reason/);
      // Another organisation sees nothing, on either worker.
      const other = await createTestActor(t.database, 'registrar', { organisation: 'Another office' });
      await expect(b.get(other.principal, id)).rejects.toThrow(/not found/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers an import no process runs any more (killed during it) as failed, saying to send the file again; a live one stays running', async () => {
    // Rows as a killed server leaves them: running, untouched for two minutes; and one touched just now.
    const view = (id: string): TImportJob => ({
      ...startingView(id, 100),
      bytes_read: 10,
      lines_read: 1,
      records_written: 1,
    });
    const dead = crypto.randomUUID();
    const alive = crypto.randomUUID();
    for (const [id, ago] of [
      [dead, 120],
      [alive, 1],
    ] as const) {
      await sql`INSERT INTO import_job (id, organisation_id, view, rejects_path, finished_at, updated_at)
        VALUES (${id}::uuid, ${registrar.principal.organisationId ?? null}, ${JSON.stringify(view(id))}::jsonb,
          ${path.join(os.tmpdir(), `${id}.rejects.csv`)}, NULL, now() - make_interval(secs => ${ago}))`.execute(
        t.database.db,
      );
    }
    const jobs = new ImportJobs(t.database);
    try {
      const stopped = await jobs.get(registrar.principal, dead);
      expect(stopped).toMatchObject({ state: 'failed', records_written: 1 });
      expect(stopped.error).toMatch(/send the same file again/);
      expect(stopped.finished_at).not.toBeNull();
      // Written so: every worker answers alike, over HTTP too, and the sweep will forget it.
      const row = await sql<{ finished: boolean }>`
        SELECT finished_at IS NOT NULL AS finished FROM import_job WHERE id = ${dead}::uuid`.execute(
        t.database.db,
      );
      expect(row.rows[0]?.finished).toBe(true);
      expect((await registrar.inject(app, `/api/v1/imports/${dead}`)).json()).toMatchObject({
        state: 'failed',
      });
      expect((await jobs.get(registrar.principal, alive)).state).toBe('running');
    } finally {
      await jobs.close();
    }
  });

  it('deletes its temporary folder when the server closes', async () => {
    const jobs = new ImportJobs(t.database);
    const upload = await jobs.receive(Readable.from([Buffer.from(GOOD_AND_BAD)]));
    await jobs.start(registrar.principal, upload, { source: 'http list' });
    const dir = path.dirname(upload);
    await jobs.close();
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe.runIf(HAS_POSTGRES)("an HTTP import's end, on postgres", () => {
  it('is answered done only once its row says done: another worker, or the server restarted after a kill, never answers running after it', async () => {
    const t = await openTestDatabase('postgres');
    const registrar = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
    // `a` runs the import; `b` is another worker, or the same server after a restart: it has only the row.
    const a = new ImportJobs(t.database);
    const b = new ImportJobs(t.database);
    let release = (): void => undefined;
    let holding: Promise<void> = Promise.resolve();
    try {
      const upload = await a.receive(Readable.from([Buffer.from(GOOD_AND_BAD)]));
      const id = await a.start(registrar.principal, upload, { source: 'ended list' });
      // Another transaction holds the job's row: writing the import's state waits (a busy row, a slow
      // disk; a kill landing meanwhile leaves the row as it was).
      let taken = (): void => undefined;
      const lock = new Promise<void>((resolve) => (taken = resolve));
      holding = t.database.db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM import_job WHERE id = ${id}::uuid FOR UPDATE`.execute(trx);
        taken();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await lock;
      expect((await b.get(registrar.principal, id)).state).toBe('running');
      // The import itself ends: its run is finished, its records committed.
      for (;;) {
        const run = await sql<{ finished: boolean }>`
          SELECT finished_at IS NOT NULL AS finished FROM import_run WHERE default_source = 'ended list'`.execute(
          t.database.db,
        );
        if (run.rows[0]?.finished === true) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect((await a.get(registrar.principal, id)).state).toBe((await b.get(registrar.principal, id)).state);
      release();
      await holding;
      await a.settle();
      expect(await b.get(registrar.principal, id)).toMatchObject({ state: 'done', records_written: 2 });
      expect(await a.get(registrar.principal, id)).toMatchObject({ state: 'done', records_written: 2 });
    } finally {
      release();
      await holding.catch(() => undefined);
      await a.close();
      await b.close();
      await t.dispose();
    }
  });
});

describe.each(DATABASE_KINDS)('the same file imported again, on %s', (kind) => {
  it("is told to the organisation that imported it, never another organisation's import of it", async () => {
    const t = await openTestDatabase(kind);
    const app = await buildApp(t.database, CONFIG);
    try {
      const mine = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
      const theirs = await createTestActor(t.database, 'registrar', { organisation: 'Org B' });
      const run = async (who: TestActor): Promise<TImportJob> => {
        const res = await who.inject(app, {
          method: 'POST',
          url: '/api/v1/imports?source=again%20list',
          headers: CSV,
          payload: 'family_name,given_name\nКравчук,Орест\n',
        });
        const { id } = res.json() as { id: string };
        for (;;) {
          const job = (await who.inject(app, `/api/v1/imports/${id}`)).json() as TImportJob;
          if (job.state !== 'running') return job;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      expect(await run(mine)).toMatchObject({ state: 'done', same_file_imported_at: null });
      expect(await run(theirs)).toMatchObject({ state: 'done', same_file_imported_at: null });
      const again = await run(mine);
      const first = await t.database.db
        .selectFrom('import_run')
        .select('finished_at')
        .where('organisation_id', '=', mine.principal.organisationId as string)
        .orderBy('finished_at')
        .executeTakeFirstOrThrow();
      expect(again).toMatchObject({
        state: 'done',
        unchanged: 1,
        same_file_imported_at: first.finished_at?.toISOString(),
      });
    } finally {
      await app.close();
      await t.dispose();
    }
  });
});

describe.each(DATABASE_KINDS)('the same file sent twice at once, on %s', (kind) => {
  it('is imported once: both sendings done, every row one record with one person, each batch checkpointed once', async () => {
    const t = await openTestDatabase(kind);
    const registrar = await createTestActor(t.database, 'registrar', { organisation: 'Org A' });
    // Two workers (or two requests to one), small batches: the two imports meet batch after batch.
    const a = new ImportJobs(t.database, { batchSize: 3 });
    const b = new ImportJobs(t.database, { batchSize: 3 });
    const rows = ['external_id,category,family_name,given_name,birth_date,service_number'];
    for (let i = 0; i < 30; i++)
      rows.push(`tw${i},military,Двій${'бвгдзклмнр'[i % 10]}енко,Тарас,19${60 + i},ДВ${1000 + i}`);
    const body = Buffer.from(rows.join('\n') + '\n');
    try {
      const [ua, ub] = await Promise.all([a, b].map((j) => j.receive(Readable.from([body]))));
      const ids = await Promise.all([
        a.start(registrar.principal, ua as string, { source: 'twice list' }),
        b.start(registrar.principal, ub as string, { source: 'twice list' }),
      ]);
      await Promise.all([a.settle(), b.settle()]);
      const jobs = [
        await a.get(registrar.principal, ids[0] as string),
        await b.get(registrar.principal, ids[1] as string),
      ];
      for (const job of jobs)
        expect(job).toMatchObject({ state: 'done', lines_read: 30, rejected: 0, error: null });
      // Between them every row was written once; the other counts it resumed (or unchanged).
      expect((jobs[0]?.records_written ?? 0) + (jobs[1]?.records_written ?? 0)).toBe(30);
      const c = await sql<{ records: number; persons: number; runs: number; batches: number; lines: number }>`
        SELECT (SELECT count(*)::int FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'twice list') AS records,
          (SELECT count(DISTINCT r.person_id)::int FROM record r JOIN source s ON s.id = r.source_id
            WHERE s.name = 'twice list') AS persons,
          (SELECT count(*)::int FROM import_run WHERE default_source = 'twice list') AS runs,
          (SELECT count(*)::int FROM import_batch b JOIN import_run r ON r.id = b.run_id
            WHERE r.default_source = 'twice list') AS batches,
          (SELECT coalesce(sum(b.rows_imported), 0)::int FROM import_batch b JOIN import_run r ON r.id = b.run_id
            WHERE r.default_source = 'twice list') AS lines`.execute(t.database.db);
      const runs = await t.database.db
        .selectFrom('import_run')
        .select([
          'started_at',
          'finished_at',
          'rows_read',
          'rows_imported',
          'rows_unchanged',
          'rows_rejected',
        ])
        .where('default_source', '=', 'twice list')
        .orderBy('started_at')
        .execute();
      if (c.rows[0]?.runs === 2) {
        // On a loaded machine the first sending may end before the second reaches the run's lock: the second is
        // then the same file imported again, a run of its own that finds every row unchanged and writes none.
        expect(c.rows[0]).toEqual({ records: 30, persons: 30, runs: 2, batches: 20, lines: 30 });
        const [first, second] = runs;
        expect(new Date(second?.started_at ?? 0).getTime()).toBeGreaterThanOrEqual(
          new Date(first?.finished_at ?? Infinity).getTime(),
        );
        expect(second).toMatchObject({
          rows_read: 30,
          rows_imported: 0,
          rows_unchanged: 30,
          rows_rejected: 0,
        });
      } else {
        expect(c.rows[0]).toEqual({ records: 30, persons: 30, runs: 1, batches: 10, lines: 30 });
        // The run's row counts every batch, whichever sending wrote it (not the last one to finish's own).
        expect(runs[0]).toMatchObject({
          rows_read: 30,
          rows_imported: 30,
          rows_unchanged: 0,
          rows_rejected: 0,
        });
      }
      const empty = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM person p
        WHERE p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM record r WHERE r.person_id = p.id)`.execute(
        t.database.db,
      );
      expect(empty.rows[0]?.n).toBe(0);
    } finally {
      await a.close();
      await b.close();
      await t.dispose();
    }
  });
});
