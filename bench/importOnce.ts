/**
 * One import of a CSV file into one database, in this process, printing a JSON line with the summary,
 * the wall time and this process's peak RSS. Driven by bench/import.ts; usable alone:
 *   tsx --conditions=source bench/importOnce.ts FILE (DATABASE_URL=… or HOMECOMING_DATA=…)
 */
import { openDatabase } from '../packages/server/src/db/database.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { importCsv } from '../packages/server/src/modules/imports/csvImport.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: importOnce.ts FILE');
  process.exit(2);
}
const url = process.env['DATABASE_URL'];
const database = await openDatabase(url ? { url } : { dataDir: process.env['HOMECOMING_DATA'] ?? './data' });
await migrate(database.pool);
const started = process.hrtime.bigint();
const summary = await importCsv(database, { file, actor: 'bench' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await database.close();
console.log(
  JSON.stringify({
    database: database.kind,
    rows: summary.rows,
    imported: summary.imported,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
    seconds,
    rowsPerSecond: summary.rows / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
