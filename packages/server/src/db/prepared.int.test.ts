import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../test/scratch.js';
import { ADMIN_URL, HAS_POSTGRES } from '../test/databases.js';
import { postgresPool, PREPARE_MARK, type SqlPool } from './driver.js';

describe.runIf(HAS_POSTGRES)('statements kept prepared (postgres)', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let pool: SqlPool;
  beforeAll(async () => {
    scratch = await createScratchDatabase('hc_prep', ADMIN_URL);
    // One connection, so that every statement below runs on the same one.
    pool = postgresPool(scratch.url, 1);
    const c = await pool.connect();
    await c.exec('CREATE TABLE t (a int); INSERT INTO t VALUES (1)');
    c.release();
  });
  afterAll(async () => {
    await pool?.close();
    await scratch?.drop();
  });

  const run = async (text: string) => {
    const c = await pool.connect();
    try {
      return (await c.query<Record<string, unknown>>(text)).rows;
    } finally {
      c.release();
    }
  };

  it('prepares a marked statement once per connection, and leaves unmarked ones unnamed', async () => {
    await run(`${PREPARE_MARK} SELECT * FROM t`);
    await run(`${PREPARE_MARK} SELECT * FROM t`);
    await run('SELECT a FROM t');
    const prepared = await run('SELECT statement FROM pg_prepared_statements');
    expect(prepared).toEqual([{ statement: `${PREPARE_MARK} SELECT * FROM t` }]);
  });

  it('recovers when the table changes shape under a prepared statement: one failure, then the new shape', async () => {
    await run(`${PREPARE_MARK} SELECT * FROM t`);
    await run('ALTER TABLE t ADD COLUMN b int DEFAULT 2');
    let failures = 0;
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 3 && rows.length === 0; i++) {
      try {
        rows = await run(`${PREPARE_MARK} SELECT * FROM t`);
      } catch (err) {
        expect((err as { code?: string }).code).toBe('0A000');
        failures++;
      }
    }
    expect(failures).toBeLessThanOrEqual(1);
    expect(rows).toEqual([{ a: 1, b: 2 }]);
  });
});
