import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { AppError } from '../../errors.js';
import type { SqlClient } from '../../db/driver.js';
import { acquireDataDirLock } from '../../db/lock.js';
import {
  extractPart,
  openArchive,
  readPart,
  writeArchive,
  type BackupManifest,
  type PartSource,
} from './archive.js';

const run = promisify(execFile);

// The audit folder's files (modules/audit/checkpoint.ts), in the order a backup reads them: checkpoints
// before leaves, because a checkpoint is written after its leaves, so the leaves read are never fewer
// than the last checkpoint read covers.
const AUDIT_KEY = 'signing-key.pem';
const AUDIT_CHECKPOINTS = 'checkpoints.jsonl';
const AUDIT_LEAVES = 'leaves.bin';

/** Where a backup's side files live: the audit checkpoint folder and the tracing key. */
export interface BackupFolders {
  auditDir: string;
  tracingKeyFile: string;
}

/** Whether the audit folder holds a checkpoint yet (a backup makes the first, or its log could not verify). */
export function hasAuditCheckpoint(auditDir: string): boolean {
  return fs.existsSync(path.join(auditDir, AUDIT_CHECKPOINTS));
}

/**
 * The audit folder as it is now, cut at its last complete checkpoint. Read before the database snapshot
 * is taken: every checkpoint read then covers only entries committed before the snapshot, so the saved
 * log and the saved checkpoints agree.
 */
function auditParts(auditDir: string): PartSource[] {
  const parts: PartSource[] = [];
  const key = path.join(auditDir, AUDIT_KEY);
  if (!fs.existsSync(key)) return parts;
  parts.push({ name: `audit/${AUDIT_KEY}`, data: fs.readFileSync(key) });
  const cpFile = path.join(auditDir, AUDIT_CHECKPOINTS);
  const text = fs.existsSync(cpFile) ? fs.readFileSync(cpFile, 'utf8') : '';
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n').filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  const size = last ? (JSON.parse(last) as { size: number }).size : 0;
  const leavesFile = path.join(auditDir, AUDIT_LEAVES);
  const leaves = fs.existsSync(leavesFile) ? fs.readFileSync(leavesFile) : Buffer.alloc(0);
  if (leaves.length < size * 32) {
    throw new Error(
      `the audit folder ${auditDir} has fewer leaves than its last checkpoint covers; run audit verify`,
    );
  }
  parts.push({ name: `audit/${AUDIT_CHECKPOINTS}`, data: Buffer.from(complete) });
  parts.push({ name: `audit/${AUDIT_LEAVES}`, data: leaves.subarray(0, size * 32) });
  return parts;
}

function tracingKeyPart(file: string): PartSource[] {
  return fs.existsSync(file) ? [{ name: 'tracing.key', data: fs.readFileSync(file) }] : [];
}

async function describeDatabase(
  client: Pick<SqlClient, 'query'>,
): Promise<{ schema_version: string; audit_entries: number }> {
  const v = await client.query<{ version: string | null }>(
    'SELECT max(version) AS version FROM schema_migration',
  );
  const a = await client.query<{ size: number }>('SELECT size::int AS size FROM audit_head WHERE id = 1');
  return { schema_version: v.rows[0]?.version ?? '', audit_entries: a.rows[0]?.size ?? 0 };
}

function pgBin(name: 'pg_dump' | 'pg_restore'): string {
  return process.env['HOMECOMING_PG_BIN'] ? path.join(process.env['HOMECOMING_PG_BIN'], name) : name;
}

function describeExecError(tool: string, err: unknown): AppError {
  const e = err as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') {
    return new AppError(
      'internal',
      `${tool} was not found: install PostgreSQL's client programs (Debian: postgresql-client) or set HOMECOMING_PG_BIN to their folder`,
    );
  }
  const detail = (e.stderr ?? e.message ?? '').trim().split('\n').slice(0, 5).join('; ');
  return new AppError('internal', `${tool} failed: ${detail}`);
}

/**
 * Backs up a PostgreSQL registry while it serves: pg_dump reads the whole database in one
 * repeatable-read transaction, so the dump is one consistent moment however much is written meanwhile.
 */
export async function backupPostgres(
  url: string,
  file: string,
  folders: BackupFolders,
): Promise<BackupManifest> {
  const side = auditParts(folders.auditDir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-backup-'));
  try {
    const dump = path.join(tmp, 'database.dump');
    // The snapshot pg_dump exports is the one described in the manifest: read it inside the same
    // snapshot (pg_dump --snapshot) so the audit count is that of the dump.
    const client = new pg.Client({ connectionString: url, application_name: 'homecoming-backup' });
    await client.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Before the snapshot is taken (a LOCK takes none): a migration that folds the name counts by a
      // TRUNCATE (0050) waits for the dump, or has committed before it and is in its snapshot; otherwise the
      // snapshot, older than the TRUNCATE, would find the table empty.
      await client.query('LOCK TABLE name_frequency IN ACCESS SHARE MODE');
      const snap = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s ?? '';
      const described = await describeDatabase({
        query: async <R>(text: string) => {
          const r = await client.query(text);
          return { rows: r.rows as R[], affectedRows: r.rowCount ?? 0 };
        },
      });
      try {
        await run(
          pgBin('pg_dump'),
          [
            '--format=custom',
            '--no-owner',
            '--no-privileges',
            `--snapshot=${snap}`,
            `--file=${dump}`,
            `--dbname=${url}`,
          ],
          { maxBuffer: 16 * 1024 * 1024 },
        );
      } catch (err) {
        throw describeExecError('pg_dump', err);
      }
      await client.query('COMMIT');
      return await writeArchive(
        file,
        { kind: 'postgres', created_at: new Date().toISOString(), ...described },
        [{ name: 'database', file: dump }, ...side, ...tracingKeyPart(folders.tracingKeyFile)],
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** What a running embedded database offers a backup: one connection held while its folder is dumped. */
export interface LivePglite {
  /** Runs `fn` while no other transaction can run, handing it a connection and the dump of the folder. */
  exclusive<T>(fn: (client: SqlClient, dump: () => Promise<Blob>) => Promise<T>): Promise<T>;
}

/**
 * Backs up an embedded registry. PGlite is one connection: holding it means no transaction is half-way,
 * so the dump of the data folder taken then is consistent, while requests wait a moment.
 */
export async function backupPglite(
  live: LivePglite,
  file: string,
  folders: BackupFolders,
): Promise<BackupManifest> {
  return live.exclusive(async (client, dump) => {
    const side = auditParts(folders.auditDir);
    const described = await describeDatabase(client);
    await client.exec('CHECKPOINT');
    const blob = await dump();
    const data = Buffer.from(await blob.arrayBuffer());
    return writeArchive(file, { kind: 'pglite', created_at: new Date().toISOString(), ...described }, [
      { name: 'database', data },
      ...side,
      ...tracingKeyPart(folders.tracingKeyFile),
    ]);
  });
}

/** What a restore did. */
export interface RestoreResult {
  manifest: BackupManifest;
  /** Audit folder files written, and those already there (left as they were). */
  auditWritten: string[];
  auditKept: string[];
  tracingKey: 'written' | 'kept' | 'absent';
}

function restoreSideFiles(
  archive: Awaited<ReturnType<typeof openArchive>>,
  folders: BackupFolders,
): Omit<RestoreResult, 'manifest'> {
  const auditWritten: string[] = [];
  const auditKept: string[] = [];
  const names = archive.manifest.parts.filter((p) => p.name.startsWith('audit/')).map((p) => p.name);
  if (names.length > 0) fs.mkdirSync(folders.auditDir, { recursive: true, mode: 0o700 });
  for (const name of names) {
    const base = name.slice('audit/'.length);
    if (![AUDIT_KEY, AUDIT_CHECKPOINTS, AUDIT_LEAVES].includes(base)) continue;
    const to = path.join(folders.auditDir, base);
    if (fs.existsSync(to)) {
      auditKept.push(base);
      continue;
    }
    fs.writeFileSync(to, readPart(archive, name) ?? Buffer.alloc(0), { mode: 0o600, flag: 'wx' });
    auditWritten.push(base);
  }
  let tracingKey: RestoreResult['tracingKey'] = 'absent';
  const key = readPart(archive, 'tracing.key');
  if (key) {
    if (fs.existsSync(folders.tracingKeyFile)) tracingKey = 'kept';
    else {
      fs.mkdirSync(path.dirname(folders.tracingKeyFile), { recursive: true, mode: 0o700 });
      fs.writeFileSync(folders.tracingKeyFile, key, { mode: 0o600, flag: 'wx' });
      tracingKey = 'written';
    }
  }
  return { auditWritten, auditKept, tracingKey };
}

/** Refuses a PostgreSQL database that holds any table, view or sequence of its own. */
async function expectEmptyPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new AppError('bad_request', `cannot connect to the target database: ${(err as Error).message}`);
  }
  try {
    const r = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    const n = r.rows[0]?.n ?? 0;
    if (n > 0) {
      throw new AppError(
        'conflict',
        `the target database is not empty (${n} tables, views or sequences); restore only into a new, empty database (createdb), never over a registry`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Restores a backup into an empty PostgreSQL database, in one transaction (all or nothing). */
export async function restorePostgres(
  file: string,
  url: string,
  folders: BackupFolders,
): Promise<RestoreResult> {
  const archive = await openArchive(file);
  if (archive.manifest.kind !== 'postgres') {
    throw new AppError(
      'bad_request',
      `${file} is a backup of an embedded database; restore it with HOMECOMING_DATA set and DATABASE_URL unset`,
    );
  }
  await expectEmptyPostgres(url);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-restore-'));
  try {
    const dump = path.join(tmp, 'database.dump');
    await extractPart(archive, 'database', dump);
    try {
      await run(
        pgBin('pg_restore'),
        ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, dump],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (err) {
      throw describeExecError('pg_restore', err);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { manifest: archive.manifest, ...restoreSideFiles(archive, folders) };
}

/** Restores a backup into an empty (or absent) data folder for the embedded database. */
export async function restorePglite(
  file: string,
  dataDir: string,
  folders: BackupFolders,
): Promise<RestoreResult> {
  const archive = await openArchive(file);
  if (archive.manifest.kind !== 'pglite') {
    throw new AppError(
      'bad_request',
      `${file} is a backup of a PostgreSQL database; restore it with DATABASE_URL naming an empty database`,
    );
  }
  const pgdata = path.join(dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    throw new AppError(
      'conflict',
      `the data folder ${dataDir} already holds a database; restore only into a new, empty folder (set HOMECOMING_DATA to one)`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  try {
    const blob = new Blob([readPart(archive, 'database') ?? Buffer.alloc(0)]);
    try {
      const db = await PGlite.create({
        dataDir: pgdata,
        loadDataDir: blob,
        extensions: { pg_trgm, fuzzystrmatch, unaccent },
      });
      await db.exec('CHECKPOINT');
      await db.close();
    } catch (err) {
      // Nothing half-written: a folder that did not open whole is removed.
      fs.rmSync(pgdata, { recursive: true, force: true });
      throw new AppError(
        'internal',
        `the embedded database could not be restored: ${(err as Error).message}`,
      );
    }
  } finally {
    lock.release();
  }
  return { manifest: archive.manifest, ...restoreSideFiles(archive, folders) };
}
