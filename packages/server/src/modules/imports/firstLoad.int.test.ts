import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvLine, generatePopulation } from '../../seed/population.js';
import { DATABASE_KINDS, openTestDatabase } from '../../test/databases.js';
import { registryDigest } from '../../test/registryDigest.js';
import type { DB } from '../../db/schema.js';
import { importCsv } from './csvImport.js';

const TODAY = new Date('2026-11-26T12:00:00Z');

/**
 * A generated list with people written twice (every fourth again under a new id, half of them with the
 * birth year only) and a crowd of namesakes larger than a broad block's lookup reads, so that the load
 * links within and across batches, queues pairs for review and caps lookups.
 */
function listWithRepeats(file: string, persons: number, namesakes: number, seed = 16): void {
  const rows = [...generatePopulation({ persons, seed, source: 'bulk list' })];
  rows.forEach((r, i) => {
    if (i >= namesakes) return;
    r.family_name = 'Шевченко';
    if (r.birth_date !== '')
      r.birth_date = `${1985 + (i % 2)}${r.birth_date.slice(4).replace('-02-29', '-02-28')}`;
  });
  const lines = [CSV_HEADER];
  for (const r of rows) lines.push(csvLine(r));
  rows.forEach((r, i) => {
    if (i % 4 !== 0) return;
    const birth = i % 8 === 0 && r.birth_date ? r.birth_date.slice(0, 4) : r.birth_date;
    lines.push(csvLine({ ...r, external_id: `again-${r.external_id}`, birth_date: birth }));
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** The indexes of the public schema, by name and definition. */
async function indexes(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ d: string }>`SELECT indexname || ': ' || indexdef AS d FROM pg_indexes
    WHERE schemaname = current_schema() ORDER BY indexname`.execute(db);
  return r.rows.map((x) => x.d);
}

describe.each(DATABASE_KINDS)('a first bulk load in one transaction on %s', (kind) => {
  it('leaves the registry the batches leave: persons, links and scores, review pairs, events, audit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-first-'));
    const file = path.join(dir, 'list.csv');
    listWithRepeats(file, 1200, 160);
    const rowPath = await openTestDatabase(kind);
    const firstLoad = await openTestDatabase(kind);
    try {
      const common = { file, actor: 'test', batchSize: 250, today: TODAY };
      const before = await indexes(firstLoad.database.db);
      const a = await importCsv(rowPath.database, { ...common, firstBulkLoad: false });
      const b = await importCsv(firstLoad.database, { ...common, firstBulkLoad: true });
      expect(a.firstBulkLoad).toBe(false);
      expect(b.firstBulkLoad).toBe(true);
      expect(b.imported).toBe(1500);
      expect(a.linked).toBeGreaterThan(100);
      expect({ ...b, runId: '', elapsedMs: 0, firstBulkLoad: false }).toEqual({
        ...a,
        runId: '',
        elapsedMs: 0,
      });
      const digestA = await registryDigest(rowPath.database.db);
      expect(digestA['review pairs']).not.toMatch(/^0 /);
      expect(await registryDigest(firstLoad.database.db)).toEqual(digestA);
      // Every index dropped for the load was built again, as it was.
      expect(await indexes(firstLoad.database.db)).toEqual(before);
      // The same file again changes nothing, on the batches' path (the registry is no longer empty).
      const again = await importCsv(firstLoad.database, { ...common, firstBulkLoad: true });
      expect(again.firstBulkLoad).toBe(false);
      expect(again.unchanged).toBe(1500);
      expect(await registryDigest(firstLoad.database.db)).toEqual({
        ...digestA,
        'audit entries (actions)': expect.any(String) as string,
      });
    } finally {
      await rowPath.dispose();
      await firstLoad.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure in the middle of the load leaves the registry as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-first-'));
    const file = path.join(dir, 'list.csv');
    listWithRepeats(file, 600, 0);
    const { database, dispose } = await openTestDatabase(kind);
    try {
      const before = await indexes(database.db);
      const digestBefore = await registryDigest(database.db);
      let batches = 0;
      await expect(
        importCsv(database, {
          file,
          actor: 'test',
          batchSize: 200,
          today: TODAY,
          firstBulkLoad: true,
          // Fails once the second batch has been written (its savepoint released).
          onProgress: () => {
            if (++batches === 2) throw new Error('the process dies here');
          },
        }),
      ).rejects.toThrow('the process dies here');
      expect(await registryDigest(database.db)).toEqual(digestBefore);
      const runs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_run`.execute(database.db);
      expect(runs.rows[0]?.n).toBe(0);
      expect(await indexes(database.db)).toEqual(before);
      // And the registry takes the same load afterwards.
      const done = await importCsv(database, {
        file,
        actor: 'test',
        batchSize: 200,
        today: TODAY,
        firstBulkLoad: true,
      });
      expect(done.firstBulkLoad).toBe(true);
      expect(done.imported).toBe(750);
    } finally {
      await dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a registry holding a record never takes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-first-'));
    const first = path.join(dir, 'first.csv');
    const second = path.join(dir, 'second.csv');
    listWithRepeats(first, 40, 0, 3);
    listWithRepeats(second, 400, 0, 4);
    const { database, dispose } = await openTestDatabase(kind);
    try {
      const common = { actor: 'test', batchSize: 100, today: TODAY, firstBulkLoad: true };
      expect((await importCsv(database, { ...common, file: first })).firstBulkLoad).toBe(true);
      const before = await indexes(database.db);
      const r = await importCsv(database, { ...common, file: second });
      expect(r.firstBulkLoad).toBe(false);
      expect(r.imported + r.unchanged).toBe(500);
      expect(await indexes(database.db)).toEqual(before);
    } finally {
      await dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
