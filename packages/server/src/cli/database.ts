import type { Config } from '../config.js';
import { openDatabase, targetOf, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { reindexNameKeys, type ReindexPass } from '../modules/search/reindex.js';
import { startProgress } from './progress.js';

/** Migrates, then rebuilds name keys that are missing or stale (after a change of the key functions). */
export async function prepare(database: Database): Promise<void> {
  await migrate(database.pool);
  // A bar appears only when there are keys to build (normally none), or every record's keys to check after
  // a version that asks for it (migration 0057): one bar a pass.
  const shown: { bar?: ReturnType<typeof startProgress>; pass?: ReindexPass } = {};
  await reindexNameKeys(database, {
    onProgress: (done, total, pass) => {
      if (shown.pass !== pass) {
        shown.bar?.stop();
        shown.bar = startProgress(pass === 'check' ? 'name keys checked' : 'name keys', total);
        shown.pass = pass;
      }
      shown.bar?.update(done, { rows: done });
    },
  });
  shown.bar?.stop();
}

/** Opens and prepares the database, runs `fn`, and closes it (also on Ctrl-C). */
export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(targetOf(config));
  const closeOnSignal = () => {
    // A second Ctrl-C while closing exits at once; PGlite's data is safe after each committed batch.
    process.once('SIGINT', () => process.exit(130));
    void database.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', closeOnSignal);
  process.once('SIGTERM', closeOnSignal);
  try {
    await prepare(database);
    return await fn(database);
  } finally {
    process.off('SIGINT', closeOnSignal);
    process.off('SIGTERM', closeOnSignal);
    await database.close();
  }
}
