import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CSV_HEADER, csvLine, generatePopulation } from '../../packages/server/src/seed/population.js';
import { openTestDatabase, type DatabaseKind } from '../../packages/server/src/test/databases.js';
import { BULK_MEMORY_INDEX_ROWS, importCsv } from '../../packages/server/src/modules/imports/csvImport.js';

/**
 * What a test database and one import cost at the sizes bulkLoad.int.test.ts uses: for each size, a fresh
 * test database opened, then the test's file of generated people with every fourth written again
 * (`listWithRepeats`) imported on the database path and on the memory path (batches of 250). Prints one
 * line per import (wall ms of the opening and of the import, CPU ms of this process for both; PostgreSQL's
 * own CPU not counted):
 * `KIND=pglite|postgres nice -n 10 npx tsx --conditions=source bench/ci/importCost.ts [persons …]`.
 */
function listWithRepeats(file: string, persons: number): void {
  const rows = [...generatePopulation({ persons, seed: 16, source: 'bulk list' })];
  const lines = [CSV_HEADER];
  for (const r of rows) lines.push(csvLine(r));
  rows.forEach((r, i) => {
    if (i % 4 !== 0) return;
    const birth = i % 8 === 0 && r.birth_date ? r.birth_date.slice(0, 4) : r.birth_date;
    lines.push(csvLine({ ...r, external_id: `again-${r.external_id}`, birth_date: birth }));
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const kind = (process.env['KIND'] ?? 'postgres') as DatabaseKind;
const sizes = process.argv.slice(2).map(Number);
for (const persons of sizes.length > 0 ? sizes : [150, 600, 1200]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-import-cost-'));
  const file = path.join(dir, 'list.csv');
  listWithRepeats(file, persons);
  for (const memoryIndexRows of [0, BULK_MEMORY_INDEX_ROWS]) {
    const t0 = performance.now();
    const cpu = process.cpuUsage();
    const t = await openTestDatabase(kind);
    const t1 = performance.now();
    const r = await importCsv(t.database, {
      file,
      actor: 'bench',
      batchSize: 250,
      today: new Date('2026-11-26T12:00:00Z'),
      memoryIndexRows,
    });
    const t2 = performance.now();
    await t.dispose();
    const used = process.cpuUsage(cpu);
    console.log(
      `${kind} persons ${persons} rows ${r.imported} ${memoryIndexRows === 0 ? 'database' : 'memory'}: ` +
        `open ${Math.round(t1 - t0)} ms, import ${Math.round(t2 - t1)} ms, CPU ${Math.round((used.user + used.system) / 1000)} ms`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
