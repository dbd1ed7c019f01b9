import '../wiring.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { PGLITE_SHARED_BUFFERS } from '../db/driver.js';
import { migrate, readMigrations } from '../db/migrate.js';
import { ADMIN_URL, createScratchDatabase } from './scratch.js';

export { ADMIN_URL, createScratchDatabase };

/**
 * The databases every integration test runs against: PGlite always, and PostgreSQL when a server
 * answers at TEST_DATABASE_URL (default: the local server's `test` database). Set
 * HOMECOMING_REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when it does not.
 */
async function postgresAvailable(): Promise<boolean> {
  const required = process.env['HOMECOMING_REQUIRE_POSTGRES'] === '1';
  // Where PostgreSQL is required (CI), a server slow to answer on a loaded machine is waited for: two
  // workers' first connections at load 12 have taken more than the 3 s a single try allows.
  const deadline = Date.now() + (required ? 60_000 : 0);
  for (;;) {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (err) {
      if (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (required) {
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
    const database = await openDatabase({ memory: true, image: await migratedImage() });
    // The image is migrated; this only checks it is up to date (and migrates if a migration is new).
    await migrate(database.pool);
    return { database, dispose: () => database.close() };
  }
  const scratch = await createMigratedScratchDatabase();
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

/** A scratch PostgreSQL database, already migrated (a copy of the template); `drop()` removes it. */
export async function createMigratedScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createScratchDatabase('hc_test', ADMIN_URL, await migratedTemplate());
}

/**
 * Starts an embedded data folder (for a child process's HOMECOMING_DATA) migrated, so a test's first
 * command does not spend its time creating and migrating the database. A plain copy of a folder made
 * once per set of migrations: opening PGlite to unpack the image costs seconds of WASM per folder.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  fs.cpSync(await migratedDataDir(), dataDir, { recursive: true, errorOnExist: true, force: false });
}

/** The migrations' fingerprint: a cached database built from other migrations is never used. */
function migrationsKey(): string {
  const hash = crypto.createHash('sha256');
  for (const m of readMigrations()) hash.update(m.file).update('\0').update(m.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** PGlite's version, in the names of its cached data folders: another version may not read them. */
function pgliteVersion(): string {
  // The package exports no package.json; it sits above the resolved entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

let dataDirTemplate: Promise<string> | undefined;

/**
 * A migrated embedded data folder, made once per set of migrations from the image (as the server leaves
 * one: checkpointed and unlocked) and kept in the temporary folder; made under another name, then renamed,
 * so concurrent test files never copy half of one.
 */
function migratedDataDir(): Promise<string> {
  dataDirTemplate ??= (async () => {
    const dir = path.join(os.tmpdir(), `homecoming-test-datadir-${pgliteVersion()}-${migrationsKey()}`);
    if (fs.existsSync(dir)) return dir;
    const partial = `${dir}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    const database = await openDatabase({ dataDir: partial, image: await migratedImage() });
    await database.close();
    try {
      fs.renameSync(partial, dir);
    } catch (err) {
      // Another test file finished one first (a directory is not renamed over a full one).
      if (!fs.existsSync(dir)) throw err;
      fs.rmSync(partial, { recursive: true, force: true });
    }
    return dir;
  })();
  return dataDirTemplate;
}

const images = new Map<string, Promise<Blob>>();

/**
 * A PGlite data folder as a tar archive, built once (per name) and kept in the temporary folder: written
 * whole, then renamed, so concurrent test files never read half of one.
 */
function cachedImage(name: string, build: (database: Database) => Promise<void>): Promise<Blob> {
  let image = images.get(name);
  if (image === undefined) {
    image = (async () => {
      const file = path.join(os.tmpdir(), `homecoming-test-pglite-${name}.tar`);
      if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
      const database = await openDatabase({ memory: true });
      try {
        await build(database);
        if (database.pool.dumpDataDir === undefined)
          throw new Error('the embedded pool cannot dump its data folder');
        const blob = await database.pool.dumpDataDir();
        const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
        fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
        fs.renameSync(partial, file);
        return blob;
      } finally {
        await database.close();
      }
    })();
    images.set(name, image);
  }
  return image;
}

/**
 * A freshly created and migrated PGlite data folder, as a tar archive. Creating and migrating one costs
 * seconds of WASM per test file; it is built once per set of migrations. It starts with the embedded
 * server's buffer pool rather than PostgreSQL's 128 MB, which PGlite clears at every start (about a second
 * of WASM per test database).
 */
function migratedImage(): Promise<Blob> {
  return cachedImage(`${pgliteVersion()}-${migrationsKey()}-${PGLITE_SHARED_BUFFERS}`, async (database) => {
    await migrate(database.pool);
    await database.pool.connect().then(async (c) => {
      try {
        await c.exec(`ALTER SYSTEM SET shared_buffers = '${PGLITE_SHARED_BUFFERS}'`);
      } finally {
        c.release();
      }
    });
  });
}

/**
 * A freshly created PGlite data folder, nothing in it yet, as a tar archive: for tests of the embedded
 * driver itself, which would otherwise run PostgreSQL's initdb (seconds of WASM) for each database.
 */
export function emptyImage(): Promise<Blob> {
  return cachedImage(`empty-${pgliteVersion()}`, async () => undefined);
}

/**
 * A migrated PostgreSQL database to copy test databases from (CREATE DATABASE … TEMPLATE), named after
 * the migrations, made once by whichever test file comes first (under an advisory lock).
 */
async function migratedTemplate(): Promise<string> {
  const name = `hc_template_${migrationsKey()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(7316001)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${building}`;
      const database = await openDatabase({ url: url.toString() });
      try {
        await migrate(database.pool);
      } finally {
        await database.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7316001)').catch(() => undefined);
    await admin.end();
  }
}
