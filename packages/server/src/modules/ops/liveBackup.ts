import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlPool } from '../../db/driver.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../db/database.js';
import { writeCheckpoint } from '../audit/checkpoint.js';
import { backupPglite, hasAuditCheckpoint, type BackupFolders, type LivePglite } from './backup.js';

// Only one process may open an embedded database, so while `homecoming serve` runs, `homecoming backup`
// asks the server to take the backup: it writes a request file into the data folder and sends the
// server SIGUSR2; the server dumps while holding its one connection and answers in a reply file.

const REQUEST = 'backup-request.json';
// Written by a server that answers backup requests: its pid. Any other holder of the folder (an import
// from the command line, say) is never signalled: SIGUSR2 would end a process that does not handle it.
const ANSWERS = 'backup-server.pid';
const replyFile = (dataDir: string, id: string) => path.join(dataDir, `backup-reply-${id}.json`);

/** A running embedded pool as a backup source. */
export function livePglite(pool: SqlPool): LivePglite {
  const dump = pool.dumpDataDirHeld?.bind(pool);
  if (pool.kind !== 'pglite' || !dump) throw new Error('not an embedded database');
  return {
    async exclusive(fn) {
      const client = await pool.connect();
      try {
        return await fn(client, dump);
      } finally {
        client.release();
      }
    },
  };
}

/** The pid of the live process on this host holding the data folder, if any. */
export function dataDirHolder(dataDir: string): number | null {
  const file = path.join(dataDir, 'homecoming.lock');
  if (!fs.existsSync(file)) return null;
  const [pidText, host] = fs.readFileSync(file, 'utf8').trim().split('@');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid)) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Asks the server holding `dataDir` to write a backup to `file`; resolves when it has. */
export async function requestLiveBackup(
  dataDir: string,
  pid: number,
  file: string,
  timeoutMs = 600_000,
): Promise<void> {
  const answers = path.join(dataDir, ANSWERS);
  if (!fs.existsSync(answers) || fs.readFileSync(answers, 'utf8').trim() !== String(pid)) {
    throw new AppError(
      'conflict',
      `the embedded database in ${dataDir} is in use by process ${pid}, which is not a running server; back up once it has finished`,
    );
  }
  const id = crypto.randomBytes(8).toString('hex');
  fs.writeFileSync(path.join(dataDir, REQUEST), JSON.stringify({ id, file: path.resolve(file) }), {
    mode: 0o600,
  });
  process.kill(pid, 'SIGUSR2');
  const reply = replyFile(dataDir, id);
  const until = Date.now() + timeoutMs;
  while (!fs.existsSync(reply)) {
    if (Date.now() > until) {
      throw new AppError('internal', `the server (process ${pid}) did not answer the backup request in time`);
    }
    try {
      process.kill(pid, 0);
    } catch {
      throw new AppError('internal', `the server (process ${pid}) ended before it wrote the backup`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const answer = JSON.parse(fs.readFileSync(reply, 'utf8')) as { ok: boolean; error?: string };
  fs.rmSync(reply, { force: true });
  if (!answer.ok) throw new AppError('internal', `the server could not write the backup: ${answer.error}`);
}

/** In `serve` on the embedded database: answers backup requests (SIGUSR2). Returns a function to stop. */
export function serveBackupRequests(
  database: Database,
  dataDir: string,
  folders: BackupFolders,
  onError: (message: string) => void,
): () => void {
  const live = livePglite(database.pool);
  let busy = Promise.resolve();
  const handle = () => {
    busy = busy.then(async () => {
      const reqFile = path.join(dataDir, REQUEST);
      if (!fs.existsSync(reqFile)) return;
      let req: { id: string; file: string };
      try {
        req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));
        fs.rmSync(reqFile, { force: true });
      } catch (err) {
        onError(`unreadable backup request: ${(err as Error).message}`);
        return;
      }
      if (!/^[0-9a-f]{16}$/.test(req.id)) return;
      let answer: { ok: boolean; error?: string };
      try {
        if (!hasAuditCheckpoint(folders.auditDir)) await writeCheckpoint(database, folders.auditDir);
        await backupPglite(live, req.file, folders);
        answer = { ok: true };
      } catch (err) {
        onError(`backup failed: ${(err as Error).message}`);
        answer = { ok: false, error: (err as Error).message };
      }
      fs.writeFileSync(replyFile(dataDir, req.id), JSON.stringify(answer), { mode: 0o600 });
    });
  };
  process.on('SIGUSR2', handle);
  const answers = path.join(dataDir, ANSWERS);
  fs.writeFileSync(answers, String(process.pid), { mode: 0o600 });
  return () => {
    process.off('SIGUSR2', handle);
    try {
      if (fs.readFileSync(answers, 'utf8').trim() === String(process.pid)) fs.rmSync(answers);
    } catch {
      // already gone
    }
  };
}
