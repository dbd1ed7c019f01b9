import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_HEADER, csvLine, generatePopulation } from '../../seed/population.js';
import { openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { registryDigest } from '../../test/registryDigest.js';
import { deferIndexes } from '../../db/deferredIndexes.js';
import { migrate } from '../../db/migrate.js';
import type { Database } from '../../db/database.js';
import { importCsv } from './csvImport.js';

// A PGlite first load drops the record table's secondary indexes and builds them at its end, their
// definitions listed in deferred_index by the dropping transaction (db/deferredIndexes.ts). The crash
// test kills one between batches; these check what is left and who builds it.

const TODAY = new Date('2026-11-26T12:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-deferred-'));
const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const t of opened) await t.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fresh(): Promise<Database> {
  const t = await openTestDatabase('pglite');
  opened.push(t);
  return t.database;
}

/** Every index of the registry, by name, with its definition. */
async function indexes(database: Database): Promise<string[]> {
  const r = await sql<{ name: string; def: string }>`
    SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema()
    ORDER BY indexname`.execute(database.db);
  return r.rows.map((x) => `${x.name}: ${x.def}`);
}

async function listed(database: Database): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT name FROM deferred_index ORDER BY name`.execute(database.db);
  return r.rows.map((x) => x.name);
}

/** A generated list, every fifth person written again under another id (links to make). */
function list(file: string, persons: number): void {
  const rows = [...generatePopulation({ persons, seed: 47, source: 'deferred list' })];
  const lines = [CSV_HEADER, ...rows.map((r) => csvLine(r))];
  rows.forEach((r, i) => {
    if (i % 5 === 0) lines.push(csvLine({ ...r, external_id: `again-${r.external_id}` }));
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('a first bulk load on PGlite with its record indexes deferred', () => {
  const file = path.join(dir, 'list.csv');
  list(file, 500);
  const load = (database: Database, extra: { deferIndexes?: boolean; packedRegistry?: boolean }) =>
    importCsv(database, {
      file,
      actor: 'test',
      batchSize: 100,
      today: TODAY,
      packedRegistry: false,
      ...extra,
    });

  it('ends with exactly the indexes a migrated database has, and the same registry, with the store and without', async () => {
    const plain = await fresh();
    const reference = await indexes(plain);
    expect(reference.some((d) => d.startsWith('record_family_glyph_birth:'))).toBe(true);
    const baseline = await load(plain, {});
    const digest = await registryDigest(plain.db);

    for (const packedRegistry of [false, true]) {
      const database = await fresh();
      const during = await load(database, { deferIndexes: true, packedRegistry });
      expect(await listed(database)).toEqual([]);
      expect(await indexes(database)).toEqual(reference);
      expect({ ...during, runId: '', elapsedMs: 0, rejectsPath: null }).toEqual({
        ...baseline,
        runId: '',
        elapsedMs: 0,
        rejectsPath: null,
      });
      expect(await registryDigest(database.db)).toEqual(digest);
    }
  });

  it('lists what it dropped in the dropping transaction; the next migrate, or the next import, builds them', async () => {
    const database = await fresh();
    const reference = await indexes(database);
    // As a load does at its first batch, with the store beside its index (everything but record_person).
    const dropped = await deferIndexes(database.pool);
    expect(dropped.length).toBe(15);
    expect(dropped).not.toContain('record_person');
    expect(await listed(database)).toEqual([...dropped].sort());
    expect((await indexes(database)).length).toBe(reference.length - dropped.length);
    // A start (the server's, the command line's: `prepare` migrates).
    await migrate(database.pool);
    expect(await listed(database)).toEqual([]);
    expect(await indexes(database)).toEqual(reference);

    expect(await deferIndexes(database.pool)).toEqual(dropped);
    // The next import of anything builds it before it reads (here a second file, not a first load's).
    const other = path.join(dir, 'other.csv');
    list(other, 20);
    await importCsv(database, { file: other, actor: 'test', today: TODAY });
    expect(await listed(database)).toEqual([]);
    expect(await indexes(database)).toEqual(reference);
  });
});
