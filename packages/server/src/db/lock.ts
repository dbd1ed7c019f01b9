import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Held while a process has the embedded database open. */
export interface DataDirLock {
  release(): void;
}

/** Thrown when another live process holds the data folder. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dataDir>/homecoming.lock` (created exclusively, holding pid and host). PGlite has no locking of
 * its own and two processes on one folder corrupt it, so a second opener fails at once. A lock left by a
 * killed process on this host is stale and taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'homecoming.lock');
  const me = `${process.pid}@${os.hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: 'wx' });
      return {
        release() {
          try {
            if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = fs.readFileSync(file, 'utf8').trim();
      const [pidText, host] = holder.split('@');
      const pid = Number(pidText);
      if (host === os.hostname() && Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
        fs.unlinkSync(file);
        continue;
      }
      throw new DataDirLockedError(
        `the embedded database in ${dataDir} is in use by process ${holder}; ` +
          'stop that process first (only one process may open the embedded database), ' +
          'or set DATABASE_URL to use a PostgreSQL server',
      );
    }
  }
  throw new DataDirLockedError(`could not lock ${file}`);
}
