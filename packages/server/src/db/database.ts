import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Config } from '../config.js';
import { pglitePool, postgresPool, type SqlPool } from './driver.js';
import type { DB } from './schema.js';

/** An open registry database: the typed query builder and the pool beneath it. */
export interface Database {
  readonly kind: SqlPool['kind'];
  readonly db: Kysely<DB>;
  readonly pool: SqlPool;
  /** Checkpoints (embedded) and closes; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Where the data lives: a PostgreSQL URL, an embedded folder, or (tests) embedded in memory. An embedded
 * target may start from `image`, a data folder dumped by `pool.dumpDataDir()` (tests start from a migrated one).
 */
export type DatabaseTarget =
  { url: string } | { dataDir: string; image?: Blob } | { memory: true; image?: Blob };

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
  let closing: Promise<void> | undefined;
  return {
    kind: pool.kind,
    db,
    pool,
    close() {
      // Kysely ends the pool only if it ever used it; close it ourselves either way (idempotent).
      closing ??= db.destroy().then(() => pool.close());
      return closing;
    },
  };
}
