import { openDatabase } from '../packages/server/src/db/database.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { importCsv } from '../packages/server/src/modules/imports/csvImport.js';
const d = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/hc_prof' });
await migrate(d.pool);
let last = 0;
const mb = (n: number) => Math.round(n / 1e6);
await importCsv(d, {
  file: 'bench/out/import-300000.csv',
  actor: 'x',
  onProgress: (p) => {
    if (p.rows - last >= 50000) {
      last = p.rows;
      global.gc?.();
      const m = process.memoryUsage();
      console.log(
        p.rows,
        'rss',
        mb(m.rss),
        'heap',
        mb(m.heapUsed),
        'ext',
        mb(m.external),
        'ab',
        mb(m.arrayBuffers),
      );
    }
  },
});
await d.close();
