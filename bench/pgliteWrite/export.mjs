/**
 * Exports what an import wrote into a PGlite folder (records, persons, events, sources, import runs) as JSON
 * for `replay.mjs`. Usage: node bench/pgliteWrite/export.mjs <imported folder> <rows.json>
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
const db = await PGlite.create({
  dataDir: process.argv[2] + '/pgdata',
  extensions: { pg_trgm, fuzzystrmatch, unaccent },
});
const q = async (s) => (await db.query(s)).rows;
const records = await q('SELECT * FROM record ORDER BY created_at, import_line');
const persons = await q('SELECT * FROM person');
const events = await q('SELECT * FROM event');
const sources = await q('SELECT * FROM source');
const runs = await q('SELECT * FROM import_run');
fs.writeFileSync(process.argv[3], JSON.stringify({ records, persons, events, sources, runs }));
console.log(records.length, persons.length, events.length);
console.log(
  await q(
    `SELECT relname, pg_relation_size(oid)/8192 AS pages FROM pg_class WHERE relname IN ('record','person','event','family_key') OR relname LIKE 'record_%' ORDER BY 2 DESC LIMIT 30`,
  ),
);
await db.close();
