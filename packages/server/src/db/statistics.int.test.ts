import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvLine, generatePopulation } from '../seed/population.js';
import { DATABASE_KINDS, openTestDatabase } from '../test/databases.js';
import { importCsv } from '../modules/imports/csvImport.js';
import { analyzeAfterBulkWrite } from './statistics.js';
import type { Database } from './database.js';

/** What the planner believes of the record table's size (-1 or 0 before any ANALYZE). */
async function plannedRecords(database: Database): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'record'`.execute(database.db);
  return r.rows[0]?.n ?? -1;
}

function writeList(file: string, persons: number, seed: number): void {
  const rows = [...generatePopulation({ persons, seed, source: 'statistics list' })];
  const lines = rows.map((r) => csvLine({ ...r, external_id: `${seed}-${r.external_id}` }));
  fs.writeFileSync(file, [CSV_HEADER, ...lines].join('\n') + '\n');
}

describe.each(DATABASE_KINDS)('planner statistics after a bulk write on %s', (kind) => {
  it('are refreshed by an import that adds a tenth or more of the records, and left by a small one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stats-'));
    const t = await openTestDatabase(kind);
    try {
      const big = path.join(dir, 'big.csv');
      writeList(big, 1500, 31);
      const first = await importCsv(t.database, { file: big, actor: 'test', batchSize: 500 });
      expect(first.imported).toBe(1500);
      // The planner knows the table's size at once, without waiting for autovacuum (PGlite has none).
      expect(await plannedRecords(t.database)).toBe(1500);
      const small = path.join(dir, 'small.csv');
      writeList(small, 40, 32);
      expect((await importCsv(t.database, { file: small, actor: 'test' })).imported).toBe(40);
      expect(await plannedRecords(t.database)).toBe(1500);
      // Below the floor nothing runs; a thousand of a registry that held 540 before is a bulk write.
      expect(await analyzeAfterBulkWrite(t.database.db, 999)).toBe(false);
      expect(await analyzeAfterBulkWrite(t.database.db, 1000)).toBe(true);
      expect(await plannedRecords(t.database)).toBe(1540);
    } finally {
      await t.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
