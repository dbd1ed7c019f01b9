import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The embedded database (PGlite) on a worker thread of its own. PGlite runs PostgreSQL in WebAssembly on
 * the thread that calls it: in the main thread every statement holds the event loop, so an import's
 * scoring in JavaScript and the database's writes take turns on one core. On a worker they run at once,
 * on the machine's two cores (bench/RESULTS.md, `pgwork`). Statements, answers and errors cross the
 * thread by structured clone; the connection's queue (one transaction at a time) stays in the caller.
 */

/** What the pool needs of a PGlite instance, wherever it runs. */
export interface PgliteHandle {
  query<R>(text: string, params: readonly unknown[]): Promise<{ rows: R[]; affectedRows: number }>;
  exec(script: string): Promise<void>;
  /** The data folder as a tar archive ('none') or a gzipped one. */
  dump(compression: 'none' | 'gzip'): Promise<Blob>;
  /** Checkpoints first when asked (a data folder), then closes. */
  close(checkpoint: boolean): Promise<void>;
}

/** How to open PGlite on the worker. */
export interface PgliteWorkerOptions {
  /** The `pgdata` folder, or undefined for a database in memory. */
  pgdata: string | undefined;
  image: Blob | undefined;
  /** `shared_buffers` set by ALTER SYSTEM (a data folder only; takes effect from the next start). */
  sharedBuffers: string | undefined;
}

// Runs in the worker, as a CommonJS script (an `eval` worker needs no file of its own, so the same code
// serves the sources under tsx and vitest and the built dist). The modules' paths come from the caller.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, types } = require(workerData.modules.pglite);
const { pg_trgm } = require(workerData.modules.pg_trgm);
const { fuzzystrmatch } = require(workerData.modules.fuzzystrmatch);
const { unaccent } = require(workerData.modules.unaccent);
const DATE_OID = 1082;
const INT8_OID = 20;
function plainError(err) {
  const out = { message: err && err.message !== undefined ? String(err.message) : String(err) };
  if (err && typeof err === 'object') {
    if (typeof err.name === 'string') out.name = err.name;
    for (const k of Object.keys(err)) {
      const v = err[k];
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    }
  }
  return out;
}
let db;
const opened = (async () => {
  const o = workerData.options;
  db = await PGlite.create({
    ...(o.pgdata === undefined ? {} : { dataDir: o.pgdata }),
    ...(workerData.image === undefined
      ? {}
      : { loadDataDir: new File([workerData.image.bytes], workerData.image.name, { type: workerData.image.type }) }),
    extensions: { pg_trgm, fuzzystrmatch, unaccent },
    parsers: { [DATE_OID]: (v) => v, [INT8_OID]: (v) => Number(v) },
    serializers: { [types.INT8]: (v) => String(v) },
  });
  if (o.sharedBuffers !== undefined) await db.exec("ALTER SYSTEM SET shared_buffers = '" + o.sharedBuffers + "'");
})();
parentPort.on('message', async (m) => {
  try {
    await opened;
    if (m.op === 'open') return parentPort.postMessage({ id: m.id, ok: true });
    if (m.op === 'query') {
      const r = await db.query(m.text, m.params);
      return parentPort.postMessage({ id: m.id, ok: true, value: { rows: r.rows, affectedRows: r.affectedRows ?? 0 } });
    }
    if (m.op === 'exec') {
      await db.exec(m.script);
      return parentPort.postMessage({ id: m.id, ok: true });
    }
    if (m.op === 'dump') {
      const f = await db.dumpDataDir(m.compression);
      const bytes = await f.arrayBuffer();
      const value = { bytes, type: f.type, name: typeof f.name === 'string' ? f.name : 'pgdata.tar' };
      return parentPort.postMessage({ id: m.id, ok: true, value }, [bytes]);
    }
    if (m.op === 'close') {
      if (m.checkpoint) await db.exec('CHECKPOINT');
      await db.close();
      return parentPort.postMessage({ id: m.id, ok: true });
    }
    throw new Error('unknown operation ' + m.op);
  } catch (err) {
    parentPort.postMessage({ id: m.id, ok: false, error: plainError(err) });
  }
});
`;

const require = createRequire(import.meta.url);

const WORKER_YOUNG_GENERATION_MB = 8;

/** Where the worker finds PGlite and its extensions (the CommonJS builds of the same package). */
function modulePaths(): Record<string, string> {
  return {
    pglite: require.resolve('@electric-sql/pglite'),
    pg_trgm: require.resolve('@electric-sql/pglite/contrib/pg_trgm'),
    fuzzystrmatch: require.resolve('@electric-sql/pglite/contrib/fuzzystrmatch'),
    unaccent: require.resolve('@electric-sql/pglite/contrib/unaccent'),
  };
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: Record<string, unknown> & { message: string };
}

/** Opens PGlite on a new worker thread; resolves once the database is open (or rejects with its error). */
export async function openPgliteWorker(options: PgliteWorkerOptions): Promise<PgliteHandle> {
  const image =
    options.image === undefined
      ? undefined
      : {
          bytes: await options.image.arrayBuffer(),
          type: options.image.type,
          name: options.image instanceof File ? options.image.name : 'pgdata.tar',
        };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // The thread's own JavaScript is little (statements in, rows out): a small young generation keeps
    // its heap to a few MB beside PGlite's fixed 128 MiB of WebAssembly memory.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    workerData: { modules: modulePaths(), options, image },
    transferList: image === undefined ? [] : [image.bytes],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;
  // The worker keeps the process alive only while a call waits for it, as a statement of an in-thread
  // database would: an idle open database never holds the process open.
  worker.unref();
  const fail = (err: Error): void => {
    gone ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(Object.assign(new Error(m.error?.message ?? 'the embedded database failed'), m.error));
  });
  worker.on('error', (err) => fail(err));
  worker.on('exit', (code) => fail(new Error(`the embedded database's thread ended (exit code ${code})`)));

  function call<T>(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (gone !== null) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  try {
    await call({ op: 'open' });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return {
    query: <R>(text: string, params: readonly unknown[]) =>
      call<{ rows: R[]; affectedRows: number }>({ op: 'query', text, params }),
    async exec(script: string) {
      await call<unknown>({ op: 'exec', script });
    },
    async dump(compression) {
      const v = await call<{ bytes: ArrayBuffer; type: string; name: string }>({ op: 'dump', compression });
      return new File([new Uint8Array(v.bytes)], v.name, { type: v.type });
    },
    async close(checkpoint) {
      try {
        await call({ op: 'close', checkpoint });
      } finally {
        await worker.terminate();
      }
    },
  };
}
