import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase } from '../test/databases.js';
import { migrate, readMigrations, tablesToVacuum } from './migrate.js';

describe('a migration that asks for a VACUUM', () => {
  it('names its tables by `-- vacuum: <table>` lines, and 0060 asks for record', () => {
    expect(
      tablesToVacuum({ sql: '-- vacuum: record\nALTER TABLE record ADD COLUMN x int;\n-- vacuum: person ' }),
    ).toEqual(['record', 'person']);
    expect(tablesToVacuum({ sql: '-- vacuum: record; DROP TABLE person\n-- VACUUM: x' })).toEqual([]);
    expect(tablesToVacuum(readMigrations().find((m) => m.version === '0060') ?? { sql: '' })).toEqual([
      'record',
    ]);
  });
});

describe.each(DATABASE_KINDS)('migrate on %s', (kind) => {
  it('vacuums a table a migration rewrote, so index-only scans do not read the heap', async () => {
    const { database, dispose } = await openTestDatabase(kind);
    try {
      const pool = database.pool;
      const client = await pool.connect();
      try {
        await client.exec('CREATE TABLE vacuum_probe (a int PRIMARY KEY, b text)');
        await client.exec("INSERT INTO vacuum_probe SELECT g, 'row ' || g FROM generate_series(1, 20000) g");
        await client.exec('VACUUM (ANALYZE) vacuum_probe');
      } finally {
        client.release();
      }
      const visible = async () => {
        const c = await pool.connect();
        try {
          const r = await c.query<{ v: number; p: number }>(
            "SELECT relallvisible AS v, relpages AS p FROM pg_class WHERE relname = 'vacuum_probe'",
          );
          return r.rows[0];
        } finally {
          c.release();
        }
      };
      expect((await visible())?.v).toBeGreaterThan(0);
      const rewrite = {
        version: '9990',
        file: '9990_vacuum_probe.sql',
        sql: '-- vacuum: vacuum_probe\nALTER TABLE vacuum_probe ADD COLUMN c int GENERATED ALWAYS AS (a + 1) STORED;',
      };
      expect(await migrate(pool, [...readMigrations(), rewrite])).toEqual(['9990']);
      const after = await visible();
      expect(after?.p).toBeGreaterThan(0);
      // The rewritten table's pages are marked all-visible again (without the VACUUM: none of them; PGlite
      // may leave the last page out).
      expect(after?.v).toBeGreaterThan((after?.p ?? 0) * 0.9);
    } finally {
      await dispose();
    }
  });
});
