import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Config } from '../config.js';
import { pglitePool, postgresPool, PREPARE_MARK, type SqlClient, type SqlPool } from './driver.js';
import { ReadReplica } from './replica.js';
import type { DB } from './schema.js';

/**
 * Put first in a statement's text (or at its end, `.modifyEnd(PREPARED)`): PostgreSQL keeps it prepared
 * on each connection (see PREPARE_MARK for which statements may be).
 */
export const PREPARED = sql.raw(PREPARE_MARK);

/** The query builder for reads on behalf of `actor`: the replica when it has their writes, else the primary. */
export async function readerFor(database: Database, actor: string | undefined): Promise<Kysely<DB>> {
  return database.replica ? database.replica.readerFor(actor, database.db) : database.db;
}

/** Each pool's own query builder (openDatabase), to tell it from a transaction, a replica's or a wrapper. */
const ownQueryBuilder = new WeakMap<SqlPool, Kysely<DB>>();

/**
 * Whether `database.db` is the query builder openDatabase made over `database.pool` (not a transaction, a
 * read replica's or another wrapper): a statement sent on the pool directly then means the same.
 */
export function queriesOwnPool(database: Pick<Database, 'db' | 'pool'>): boolean {
  return ownQueryBuilder.get(database.pool) === database.db;
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

/**
 * What Kysely's `stream()` reads a statement through (the dialect's `cursor`): not a server-side cursor
 * (a round trip per chunk) but the client's row callback (`SqlClient.each`), rows handed over in chunks of
 * at least the size asked for as they arrive. Rows are held only until the next chunk is taken.
 */
class RowStream<T> {
  private rows: T[] = [];
  private done = false;
  private failed: { error: unknown } | null = null;
  private want = 1;
  private wake: (() => void) | null = null;
  private finished: Promise<void> = Promise.resolve();

  constructor(
    private readonly text: string,
    private readonly params: readonly unknown[],
  ) {}

  /** Sends the statement on `client` (called by the adapted pool client's `query`). */
  start(client: SqlClient): void {
    const push = (row: T): void => {
      this.rows.push(row);
      if (this.rows.length >= this.want) this.signal();
    };
    const run =
      client.each === undefined
        ? client.query<T>(this.text, this.params).then((r) => r.rows.forEach(push))
        : client.each<T>(this.text, this.params, push);
    this.finished = run.then(
      () => {
        this.done = true;
        this.signal();
      },
      (error: unknown) => {
        this.failed = { error };
        this.signal();
      },
    );
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The rows arrived since the last read once there are `n` of them or the statement has ended. */
  async read(n: number): Promise<T[]> {
    this.want = n;
    while (this.rows.length < n && !this.done && this.failed === null)
      await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failed !== null) throw this.failed.error as Error;
    const out = this.rows;
    this.rows = [];
    return out;
  }

  /** Waits for the statement to end (its remaining rows dropped): the connection is then free. */
  async close(): Promise<void> {
    this.want = Infinity;
    await this.finished;
    this.rows = [];
  }
}

function kyselyPool(pool: SqlPool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      const adapted = {
        query(sql: string | RowStream<unknown>, params: readonly unknown[]) {
          if (sql instanceof RowStream) {
            sql.start(client);
            return sql;
          }
          return run(sql, params);
        },
        release: () => client.release(),
      };
      async function run(sql: string, params: readonly unknown[]) {
        const r = await client.query(sql, params);
        return { command: commandOf(sql), rowCount: r.affectedRows, rows: r.rows };
      }
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: kyselyPool(pool), cursor: RowStream }) });
  ownQueryBuilder.set(pool, db);
  let replica: ReadReplica | undefined;
  if ('url' in target && target.readUrl) {
    const readPool = postgresPool(target.readUrl);
    const readDb = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: kyselyPool(readPool), cursor: RowStream }),
    });
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
