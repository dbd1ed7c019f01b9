import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';
import { pglitePool } from './driver.js';
import { emptyImage } from '../test/databases.js';

// PGlite on a worker thread (HOMECOMING_PGLITE_WORKER=1) must answer as PGlite on the main thread does:
// the same values, the same errors, transactions and dumps.
describe('PGlite on a worker thread', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-pglite-worker-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the same values as on the main thread: int8 as numbers, dates as text, bytea, timestamps', async () => {
    const here = await pglitePool(undefined, { worker: false, image: await emptyImage() });
    const there = await pglitePool(undefined, { worker: true, image: await emptyImage() });
    const text = `SELECT $1::int8 AS big, '2020-01-02'::date AS d, '\\x0102ff'::bytea AS b,
      '2024-05-06T07:08:09Z'::timestamptz AS t, '{"a":[1,null]}'::jsonb AS j, ARRAY['x', NULL] AS a,
      $2::bytea AS echoed, NULL::text AS n`;
    const params = [9007199254740991, new Uint8Array([7, 8])];
    try {
      const h = await here.connect();
      const a = await h.query(text, params);
      h.release();
      const c = await there.connect();
      const b = await c.query(text, params);
      c.release();
      expect(b).toEqual(a);
      expect(b.rows[0]).toMatchObject({ big: 9007199254740991, d: '2020-01-02' });
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('carries a statement error with its SQLSTATE and detail, and goes on answering after it', async () => {
    const pool = await pglitePool(undefined, { worker: true, image: await emptyImage() });
    try {
      const c = await pool.connect();
      await c.exec('CREATE TABLE t (k int PRIMARY KEY)');
      await c.query('INSERT INTO t VALUES (1)');
      const err = await c.query('INSERT INTO t VALUES (1)').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
      expect(String((err as Error).message)).toMatch(/duplicate key/);
      expect((await c.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
      c.release();
    } finally {
      await pool.close();
    }
  });

  it('keeps a data folder: a rolled-back transaction leaves nothing, a committed one survives a reopen', async () => {
    const dataDir = path.join(dir, 'data');
    // The first opening creates the folder from a fresh database's image (initdb's work, done once).
    const open = async (image?: Blob): Promise<Database> => {
      process.env['HOMECOMING_PGLITE_WORKER'] = '1';
      try {
        return await openDatabase({ dataDir, ...(image === undefined ? {} : { image }) });
      } finally {
        delete process.env['HOMECOMING_PGLITE_WORKER'];
      }
    };
    let database = await open(await emptyImage());
    await sql`CREATE TABLE kept (k text)`.execute(database.db);
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO kept VALUES ('rolled back')`.execute(trx);
        throw new Error('undo');
      })
      .catch(() => undefined);
    await database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO kept VALUES ('committed')`.execute(trx);
    });
    const dump = await database.pool.dumpDataDir?.();
    await database.close();
    database = await open();
    expect((await sql<{ k: string }>`SELECT k FROM kept`.execute(database.db)).rows).toEqual([
      { k: 'committed' },
    ]);
    await database.close();
    // The dump opens as an image, on either thread.
    expect(dump).toBeDefined();
    const copy = await openDatabase({ memory: true, image: dump as Blob });
    expect((await sql<{ k: string }>`SELECT k FROM kept`.execute(copy.db)).rows).toEqual([
      { k: 'committed' },
    ]);
    await copy.close();
  });
});
