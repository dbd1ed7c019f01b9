import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { processCpuMs, processReadBytes, profiling, tally, timed } from '../phases.js';
import { openPgliteWorker, type PgliteHandle, type PgliteWorkerOptions } from './pgliteWorker.js';

/** The result of one statement, the same shape for both drivers. */
export interface SqlResult<R> {
  rows: R[];
  affectedRows: number;
}

/** One connection: parameterised queries, and multi-statement scripts (migrations). */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  exec(script: string): Promise<void>;
  /**
   * Runs a statement and hands each row to `onRow` as it arrives, keeping none (PostgreSQL): a large
   * answer's rows die young instead of living, all of them, until its last row is read. The embedded
   * database reads the whole answer first. Absent on a bare `pg.Client`.
   */
  each?<R>(text: string, params: readonly unknown[], onRow: (row: R) => void): Promise<void>;
  /**
   * PostgreSQL only: runs a statement kept prepared on this connection under a name derived from its text
   * (`preparedName`), so that it is parsed once per connection and PostgreSQL may keep one generic plan
   * for it instead of planning it at every execution (a search's lookup statement, a couple of dozen
   * index ranges, cost more to plan than to run: bench/search/preparedCost.ts). At most
   * PREPARED_PER_CONNECTION texts are kept on a connection (each holds ~150–270 KiB of the backend's
   * memory); past them, statements run unnamed. Absent on the embedded database.
   */
  prepared?<R>(text: string, params: readonly unknown[]): Promise<SqlResult<R>>;
  /**
   * PostgreSQL only: runs a `COPY … TO STDOUT` and hands each CopyData message's bytes to `onData` as it
   * arrives (PostgreSQL sends one row a message). The bytes are lent, not given: they are valid only during
   * the call (the protocol parser reuses its buffer). A throwing `onData` is not called again; the COPY is
   * read to its end (the connection stays usable) and then fails with that error. Absent on the embedded
   * database.
   */
  copyOut?(text: string, onData: (bytes: Buffer) => void): Promise<void>;
}

/**
 * How many statement texts one PostgreSQL connection keeps prepared through `SqlClient.prepared` (texts
 * marked with PREPARE_MARK, a fixed set in the code, are kept beside them).
 */
export const PREPARED_PER_CONNECTION = 48;

/** The name a statement is kept prepared under: its text's digest (the same text, the same name). */
export function preparedName(text: string): string {
  return `hc_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

/** A source of connections. `connect()` hands out a client exclusively until `release()`. */
export interface SqlPool {
  readonly kind: 'pglite' | 'postgres';
  connect(): Promise<SqlClient & { release(): void }>;
  /** Flushes what must be flushed and closes; safe to call twice. */
  close(): Promise<void>;
  /** The embedded database only: its whole data folder as one tar archive (a copy to open again). */
  dumpDataDir?(): Promise<Blob>;
  /**
   * The embedded database only, for a caller that already holds the one connection (a backup reading
   * its own figures in the same moment): the data folder as a gzipped tarball.
   */
  dumpDataDirHeld?(): Promise<Blob>;
  /** Connections now: open, idle, and callers waiting for one (for metrics). */
  stats(): PoolStats;
  /**
   * PostgreSQL only: a connection of its own, outside the pool, that LISTENs on `channel` and hands each
   * notification's payload to `onMessage`; `onLost` is called once if the connection fails or ends (the
   * caller may listen again). The embedded database has no other process to hear from.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onLost: () => void): Promise<Listener>;
}

/** A LISTEN connection; `close()` ends it without calling `onLost`. */
export interface Listener {
  close(): Promise<void>;
}

/** A pool's connections at one moment. */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

// Dates stay 'YYYY-MM-DD' strings and int8 becomes a number, identically on both drivers, so that no
// value changes type (or shifts by a time zone) depending on where the registry runs.
const DATE_OID = 1082;
const INT8_OID = 20;
pg.types.setTypeParser(DATE_OID, (v) => v);
pg.types.setTypeParser(INT8_OID, (v) => Number(v));

/** The embedded database's buffer pool (tests start their in-memory databases with it too). */
export const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Marks a statement (at its start or end) as one PostgreSQL should keep prepared on each connection: a
 * statement of fixed text run on every request (a person's file, an added event's, the audit append), whose
 * planning cost several times its execution (a person's file: 0.4 ms planned, 0.1 ms run). After five
 * runs PostgreSQL may keep a generic plan, so only statements whose best plan does not depend on their
 * values are marked (lookups by primary key, inserts); a search's statements take `SqlClient.prepared`
 * instead, whose bound suits texts that vary. Ignored by the embedded database.
 */
export const PREPARE_MARK = '/* prepared */';
const markedNames = new Map<string, string>();

/** The statement name of a marked text (the same on every connection), or undefined if it is not marked. */
function markedName(text: string): string | undefined {
  if (!text.startsWith(PREPARE_MARK) && !text.endsWith(PREPARE_MARK)) return undefined;
  let name = markedNames.get(text);
  if (name === undefined) {
    name = preparedName(text);
    // Marked texts are a fixed set in the code; the bound only guards against a mistake.
    if (markedNames.size < 1000) markedNames.set(text, name);
  }
  return name;
}

/**
 * HOMECOMING_PROFILE=1 with HOMECOMING_PROFILE_BACKENDS=1, the server on this machine: each statement's
 * backend CPU (ms, from /proc) is tallied beside its time, as `backend CPU ms: <statement>`.
 */
const backendCpu = profiling() && process.env['HOMECOMING_PROFILE_BACKENDS'] === '1';
const backendPids = new WeakMap<pg.PoolClient, number>();

/** The backend process of a pooled connection (asked once a connection). */
async function backendPid(client: pg.PoolClient): Promise<number> {
  let pid = backendPids.get(client);
  if (pid === undefined) {
    const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    pid = r.rows[0]?.pid ?? 0;
    backendPids.set(client, pid);
  }
  return pid;
}

/** Runs a statement, timed under its text when profiling, and its backend's CPU tallied when asked. */
async function timedStatement<T>(backend: number | null, text: string, fn: () => Promise<T>): Promise<T> {
  if (!profiling()) return fn();
  const label = text.replace(/\s+/g, ' ').slice(0, 70);
  const before = backend === null ? null : processCpuMs(backend);
  const readBefore = backend === null ? null : processReadBytes(backend);
  try {
    return await timed(`sql: ${label}`, fn);
  } finally {
    const after = backend === null || before === null ? null : processCpuMs(backend);
    if (after !== null && before !== null) tally(`backend CPU ms: ${label}`, Math.round(after - before));
    const read = backend === null || readBefore === null ? null : processReadBytes(backend);
    if (read !== null && readBefore !== null)
      tally(`backend read kB: ${label}`, Math.round((read - readBefore) / 1e3));
  }
}

/** How long an idle pooled connection is kept open. */
export const POOL_IDLE_MS = 300_000;

/** A pool of connections to a PostgreSQL server. */
export function postgresPool(url: string, max = 10): SqlPool {
  // JIT off: the registry's statements are short index lookups whose row estimates grow with the
  // registry (a batch's blocking lookups are costed at over a million), and PostgreSQL then compiled
  // them with LLVM on every execution: 8.6 s of JIT for a 0.15 s lookup at 1,000,000 records.
  // Synchronized scans off: a sequential scan of a large table otherwise starts where another scan of it
  // is, so a capped one (a search's broad lookup, LIMIT 400) brought different rows from one run to the
  // next, and the same search gave different totals and hits (bench/RESULTS.md, stop 31).
  // Idle connections kept 5 minutes (node-postgres drops them after 10 s): a new connection starts without
  // the prepared statements and the plans PostgreSQL learns in a statement's first runs, so a quiet
  // office's every request paid them again (a full-name search at 1M after 12 s idle: 87 ms, then 36 ms at
  // once again; bench/load/afterIdle.ts). Idle ones do not keep a command-line process alive.
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'homecoming',
    options: '-c jit=off -c synchronize_seqscans=off',
    idleTimeoutMillis: POOL_IDLE_MS,
    allowExitOnIdle: true,
  });
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  // The statement names each connection holds prepared (a new connection starts with none).
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  let closed = false;
  return {
    kind: 'postgres',
    stats: () => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async connect() {
      const client = await timed('pool: waiting for a connection', () => pool.connect());
      let broken = false;
      const backend = backendCpu ? await backendPid(client) : null;
      const query = async <R>(text: string, params: readonly unknown[] = [], name = markedName(text)) => {
        const r = await timedStatement(backend, text, () =>
          name === undefined
            ? client.query(text, params as unknown[])
            : client.query({ name, text, values: params as unknown[] }).catch((err: unknown) => {
                // A prepared statement whose tables changed shape under it (a migration while serving:
                // "cached plan must not change result type") fails on this connection until it is
                // prepared again: the connection is dropped on release, and the next one prepares anew.
                if ((err as { code?: string }).code === '0A000') broken = true;
                throw err;
              }),
        );
        return { rows: r.rows as R[], affectedRows: r.rowCount ?? 0 };
      };
      return {
        query,
        async exec(script: string) {
          await client.query(script);
        },
        prepared<R>(text: string, params: readonly unknown[] = []) {
          let names = preparedOn.get(client);
          if (names === undefined) preparedOn.set(client, (names = new Set()));
          const name = preparedName(text);
          if (!names.has(name) && names.size >= PREPARED_PER_CONNECTION) return query<R>(text, params);
          names.add(name);
          return query<R>(text, params, name);
        },
        each<R>(text: string, params: readonly unknown[], onRow: (row: R) => void) {
          return timedStatement(backend, text, () => eachRow(client, text, params, onRow));
        },
        copyOut(text: string, onData: (bytes: Buffer) => void) {
          return timedStatement(backend, text, () => copyOut(client, text, onData));
        },
        release: () => client.release(broken),
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
    async listen(channel, onMessage, onLost) {
      const client = new pg.Client({ connectionString: url, application_name: 'homecoming-listen' });
      let ended = false;
      const lost = (): void => {
        if (ended) return;
        ended = true;
        onLost();
        void client.end().catch(() => undefined);
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (m) => {
        if (m.channel === channel) onMessage(m.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      } catch (err) {
        ended = true;
        await client.end().catch(() => undefined);
        throw err;
      }
      return {
        async close() {
          if (ended) return;
          ended = true;
          await client.end().catch(() => undefined);
        },
      };
    },
  };
}

/**
 * A statement whose rows go to `onRow` as the server sends them, none kept (a `pg.Query` with a row
 * listener and no callback does not accumulate them). A throwing `onRow` is not called again; the
 * statement is read to its end (the connection stays usable) and then fails with that error.
 */
function eachRow<R>(
  client: pg.PoolClient,
  text: string,
  params: readonly unknown[],
  onRow: (row: R) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed: { error: unknown } | null = null;
    const query = new pg.Query(text, params as unknown[]);
    query.on('row', (row: R) => {
      if (failed !== null) return;
      try {
        onRow(row);
      } catch (error) {
        failed = { error };
      }
    });
    query.on('end', () => (failed === null ? resolve() : reject(failed.error as Error)));
    query.on('error', reject);
    void client.query(query);
  });
}

/**
 * A `COPY … TO STDOUT` on `client`, each CopyData message's bytes handed to `onData` while the protocol
 * parser still holds them (node-postgres hands a query object that has `submit` the connection's messages:
 * its CopyData ones go to `handleCopyData`, which its own queries ignore).
 */
function copyOut(client: pg.PoolClient, text: string, onData: (bytes: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failed: { error: unknown } | null = null;
    const submittable = {
      submit(connection: { query(text: string): void }) {
        connection.query(text);
      },
      handleCopyData(msg: { chunk: Buffer }) {
        if (failed !== null) return;
        try {
          onData(msg.chunk);
        } catch (error) {
          failed = { error };
        }
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleCommandComplete() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse(connection: { sendCopyFail(msg: string): void }) {
        connection.sendCopyFail('not a COPY FROM');
      },
      // An error ends the statement: the client forgets this query and hands it the error.
      handleError(error: Error) {
        reject(error);
      },
      handleReadyForQuery() {
        if (failed === null) resolve();
        else reject(failed.error as Error);
      },
    };
    void client.query(submittable as unknown as pg.Submittable);
  });
}

/**
 * The embedded database: PGlite (Postgres in WASM) in a local folder, or in memory when `dataDir` is
 * undefined (tests). It is one connection, so `connect()` queues callers: a transaction owns the
 * connection until it ends and no other request's statements can land inside it.
 */
export async function pglitePool(
  dataDir: string | undefined,
  opts: { image?: Blob; worker?: boolean } = {},
): Promise<SqlPool> {
  let lock: DataDirLock | undefined;
  if (dataDir !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  let db: PgliteHandle;
  try {
    // HOMECOMING_PGLITE_WORKER=1 runs a data folder's PGlite on a thread of its own, so that the
    // JavaScript around the statements (an import's scoring) runs beside them. Off by default: on the
    // shared 2-core machine it gained ~9% at the cost of 60–80 MB (bench/RESULTS.md, `pgwork`).
    const onWorker =
      opts.worker ?? (dataDir !== undefined && process.env['HOMECOMING_PGLITE_WORKER'] === '1');
    const options = {
      pgdata: dataDir === undefined ? undefined : path.join(dataDir, 'pgdata'),
      image: opts.image,
      // The embedded database serves one office: a small buffer pool keeps the process's memory low
      // (the operating system caches the files anyway). Takes effect from the next start.
      sharedBuffers: dataDir === undefined ? undefined : PGLITE_SHARED_BUFFERS,
    };
    db = onWorker ? await openPgliteWorker(options) : await openPgliteHere(options);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  // Callers holding or waiting for the one connection.
  let queued = 0;
  const client: SqlClient = {
    async query<R>(text: string, params: readonly unknown[] = []) {
      return timed(profiling() ? `sql: ${text.replace(/\s+/g, ' ').slice(0, 70)}` : '', () =>
        db.query<R>(text, params),
      );
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async each<R>(text: string, params: readonly unknown[], onRow: (row: R) => void) {
      const r = await client.query<R>(text, params);
      for (const row of r.rows) onRow(row);
    },
  };
  /** Queues for the one connection: a transaction owns it until it ends. */
  function connect(): Promise<SqlClient & { release(): void }> {
    let release!: () => void;
    queued++;
    const mine = new Promise<void>((resolve) => {
      let released = false;
      release = () => {
        if (!released) queued--;
        released = true;
        resolve();
      };
    });
    const ready = tail.then(() => ({ ...client, release }));
    tail = tail.then(() => mine);
    return ready;
  }
  return {
    kind: 'pglite',
    connect,
    stats: () => ({ max: 1, total: 1, idle: queued === 0 ? 1 : 0, waiting: Math.max(0, queued - 1) }),
    async dumpDataDir() {
      // Taken between transactions, so the copy holds none half-done.
      const mine = await connect();
      try {
        return await db.dump('none');
      } finally {
        mine.release();
      }
    },
    dumpDataDirHeld: () => db.dump('gzip'),
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      try {
        // PGlite runs with fsync off: a checkpoint on the way out leaves the folder clean.
        await db.close(dataDir !== undefined);
      } finally {
        lock?.release();
      }
    },
  };
}

/** PGlite on the calling thread. */
async function openPgliteHere(options: PgliteWorkerOptions): Promise<PgliteHandle> {
  const db = await PGlite.create({
    ...(options.pgdata === undefined ? {} : { dataDir: options.pgdata }),
    ...(options.image === undefined ? {} : { loadDataDir: options.image }),
    extensions: { pg_trgm, fuzzystrmatch, unaccent },
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
    serializers: { [pgliteTypes.INT8]: (v: unknown) => String(v) },
  });
  if (options.sharedBuffers !== undefined)
    await db.exec(`ALTER SYSTEM SET shared_buffers = '${options.sharedBuffers}'`);
  return {
    async query<R>(text: string, params: readonly unknown[]) {
      const r = await db.query<R>(text, params as unknown[]);
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    },
    exec: async (script) => void (await db.exec(script)),
    dump: (compression) => db.dumpDataDir(compression),
    async close(checkpoint) {
      if (checkpoint) await db.exec('CHECKPOINT');
      await db.close();
    },
  };
}
