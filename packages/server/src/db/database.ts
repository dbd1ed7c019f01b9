import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Config } from '../config.js';
import { pglitePool, postgresPool, type SqlPool } from './driver.js';
import { ReadReplica } from './replica.js';
import type { DB } from './schema.js';

/** The query builder for reads on behalf of `actor`: the replica when it has their writes, else the primary. */
export async function readerFor(database: Database, actor: string | undefined): Promise<Kysely<DB>> {
  return database.replica ? database.replica.readerFor(actor, database.db) : database.db;
}

/** An open registry database: the typed query builder and the pool beneath it. */
export interface Database {
  readonly kind: SqlPool['kind'];
  readonly db: Kysely<DB>;
  readonly pool: SqlPool;
  /** A streaming replica for search and person reads (DATABASE_READ_URL), if any. */
  readonly replica?: ReadReplica;
  /** Checkpoints (embedded) and closes; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Where the data lives: a PostgreSQL URL (and, for the server, a read replica's), an embedded folder, or
 * (tests) embedded in memory. An embedded target may start from `image`, a data folder dumped by
 * `pool.dumpDataDir()` (tests start from a migrated one).
 */
export type DatabaseTarget =
  { url: string; readUrl?: string } | { dataDir: string; image?: Blob } | { memory: true; image?: Blob };

/** The target a configuration names: DATABASE_URL if set, else the embedded database in the data folder. */
export function targetOf(config: Pick<Config, 'databaseUrl' | 'dataDir'>): DatabaseTarget {
  return config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir };
}

function commandOf(sql: string): string {
  const m = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|select)\b/i.exec(sql);
  return (m?.[1] ?? 'SELECT').toUpperCase();
}

function kyselyPool(pool: SqlPool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      const adapted = {
        async query(sql: string, params: readonly unknown[]) {
          const r = await client.query(sql, params);
          return { command: commandOf(sql), rowCount: r.affectedRows, rows: r.rows };
        },
        release: () => client.release(),
      };
      return adapted as unknown as PostgresPoolClient;
    },
    end: () => pool.close(),
  };
}

/** Opens (and, for the embedded database, locks) the registry database. Does not migrate. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const pool =
    'url' in target
      ? postgresPool(target.url)
      : await pglitePool('dataDir' in target ? target.dataDir : undefined, {
          ...(target.image === undefined ? {} : { image: target.image }),
        });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
  let replica: ReadReplica | undefined;
  if ('url' in target && target.readUrl) {
    const readPool = postgresPool(target.readUrl);
    const readDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPool(readPool) }) });
    replica = new ReadReplica(readDb, readPool, pool);
  }
  let closing: Promise<void> | undefined;
  return {
    kind: pool.kind,
    db,
    pool,
    ...(replica ? { replica } : {}),
    close() {
      // Kysely ends the pool only if it ever used it; close it ourselves either way (idempotent).
      closing ??= Promise.all([
        db.destroy().then(() => pool.close()),
        replica ? replica.db.destroy().then(() => replica.pool.close()) : undefined,
      ]).then(() => undefined);
      return closing;
    },
  };
}
