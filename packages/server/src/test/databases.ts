import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ADMIN_URL, createScratchDatabase } from './scratch.js';

export { ADMIN_URL, createScratchDatabase };

/**
 * The databases every integration test runs against: PGlite always, and PostgreSQL when a server
 * answers at TEST_DATABASE_URL (default: the local server's `test` database). Set
 * HOMECOMING_REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when it does not.
 */
async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    if (process.env['HOMECOMING_REQUIRE_POSTGRES'] === '1') {
      throw new Error(
        `PostgreSQL is required for tests but ${ADMIN_URL} does not answer: ${(err as Error).message}`,
        { cause: err },
      );
    }
    console.warn(`PostgreSQL at ${ADMIN_URL} does not answer; PostgreSQL tests are skipped`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const HAS_POSTGRES = await postgresAvailable();

/** A migrated test database and how to dispose of it. */
export interface TestDatabase {
  database: Database;
  /** For PostgreSQL: the URL, so child processes can reach the same database. */
  url?: string;
  dispose(): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

/** The kinds to run against, for `describe.each`. */
export const DATABASE_KINDS: DatabaseKind[] = HAS_POSTGRES ? ['pglite', 'postgres'] : ['pglite'];

/** Opens a fresh, migrated database of the given kind (PGlite in memory, or a scratch PostgreSQL database). */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ memory: true });
    await migrate(database.pool);
    return { database, dispose: () => database.close() };
  }
  const scratch = await createScratchDatabase();
  const database = await openDatabase({ url: scratch.url });
  await migrate(database.pool);
  return {
    database,
    url: scratch.url,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}
