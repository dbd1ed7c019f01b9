import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachRowOf } from '../modules/linkage/candidates.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../test/databases.js';

describe.each(DATABASE_KINDS)('a statement read row by row (eachRowOf) on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t.dispose());

  it('hands over every row of a large answer, in order, as the whole answer holds them', async () => {
    const query = sql<{ n: number; s: string }>`SELECT n, repeat('x', n % 50) || n AS s
      FROM generate_series(1, 20000) n ORDER BY n`;
    const streamed: { n: number; s: string }[] = [];
    await eachRowOf(t.database.db, query, (row) => streamed.push(row));
    const whole = (await query.execute(t.database.db)).rows;
    expect(streamed).toHaveLength(20_000);
    expect(streamed).toEqual(whole);
  });

  it('reads inside a transaction on its connection, and an empty answer calls nothing', async () => {
    await t.database.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE streamed_here (n int) ON COMMIT DROP`.execute(trx);
      await sql`INSERT INTO streamed_here SELECT generate_series(1, 700)`.execute(trx);
      let sum = 0;
      await eachRowOf(trx, sql<{ n: number }>`SELECT n FROM streamed_here`, (row) => (sum += row.n));
      expect(sum).toBe((700 * 701) / 2);
      let called = 0;
      await eachRowOf(trx, sql`SELECT n FROM streamed_here WHERE n < 0`, () => called++);
      expect(called).toBe(0);
    });
  });

  it("fails with the statement's error or the callback's, and the pool's connections stay usable", async () => {
    await expect(
      eachRowOf(t.database.db, sql`SELECT 1 / (n - 5000) FROM generate_series(1, 10000) n`, () => undefined),
    ).rejects.toThrow(/division by zero/);
    let seen = 0;
    await expect(
      eachRowOf(t.database.db, sql<{ n: number }>`SELECT n FROM generate_series(1, 5000) n`, (row) => {
        seen++;
        if (row.n === 10) throw new Error('refused at row 10');
      }),
    ).rejects.toThrow('refused at row 10');
    expect(seen).toBe(10);
    // Every connection of the pool still answers (none was left with a statement half read).
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => sql<{ one: number }>`SELECT 1 AS one`.execute(t.database.db)),
    );
    expect(answers.map((a) => a.rows[0]?.one)).toEqual(Array(12).fill(1));
  });
});
