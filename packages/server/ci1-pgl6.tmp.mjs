import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import fs from 'node:fs';
const ext = { pg_trgm, fuzzystrmatch, unaccent };
const buf = fs.readFileSync(fs.readdirSync('/tmp').filter(f=>f.startsWith('homecoming-test-pglite-')&&f.endsWith('.tar')).map(f=>'/tmp/'+f)[0]);
const img = new Blob([buf]);
const opt = process.argv[2] ? { startParams: undefined, postgresqlconf: process.argv[2] } : {};
for (let i = 0; i < 4; i++) {
  let t = performance.now(); let c0 = process.cpuUsage();
  const b = await PGlite.create({ extensions: ext, loadDataDir: img, ...opt });
  const r = await b.query('show shared_buffers');
  let c = process.cpuUsage(c0);
  console.log('open', r.rows[0], Math.round(performance.now() - t), 'cpu', Math.round((c.user+c.system)/1000));
  await b.close();
}
