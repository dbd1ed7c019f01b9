/**
 * Where a PGlite import's write goes (bench/RESULTS.md, `bulkempty`): replays the records, persons and events
 * an import wrote (`export.mjs`) into a fresh migrated PGlite folder in transactions of CHUNK rows (2,000, as
 * the import's batches), under a variant, and prints seconds per transaction, CPU, RSS and WASM memory:
 *   default | sb<size> (shared_buffers) | noidx (record's and family_key's secondary indexes dropped) |
 *   nofk (the foreign keys of record, event and person dropped) | walcfg (full_page_writes off, wal_buffers
 *   16MB, wal_init_zero off) | walmin (walcfg and wal_level minimal). INITMEM=<MiB> sets PGlite's initialMemory.
 * Usage: node bench/pgliteWrite/replay.mjs <copy of a migrated folder> <variant> <rows.json>
 * An experiment, not a test: the variants drop what the registry needs.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
const [dir, variant, rowsFile] = process.argv.slice(2);
const rss = () =>
  Math.round(process.memoryUsage().rss / 1e6) +
  ' (rss-heapTotal ' +
  Math.round((process.memoryUsage().rss - process.memoryUsage().heapTotal) / 1e6) +
  ')';
const hwm = () => /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1] / 1024;
const open = () =>
  PGlite.create({
    ...(process.env.INITMEM ? { initialMemory: Number(process.env.INITMEM) * 1048576 } : {}),
    dataDir: dir + '/pgdata',
    extensions: { pg_trgm, fuzzystrmatch, unaccent },
  });
let db = await open();
console.log(
  'opened rss',
  rss(),
  'hwm',
  Math.round(hwm()),
  'wasm',
  db.mod.HEAPU8.byteLength / 1e6,
  'heap',
  Math.round(process.memoryUsage().heapUsed / 1e6),
);
if (variant.startsWith('wal')) {
  await db.exec(`ALTER SYSTEM SET full_page_writes = off`);
  await db.exec(`ALTER SYSTEM SET wal_buffers = '16MB'`);
  await db.exec(`ALTER SYSTEM SET wal_init_zero = off`);
  if (variant === 'walmin') {
    await db.exec(`ALTER SYSTEM SET wal_level = minimal`);
    await db.exec(`ALTER SYSTEM SET max_wal_senders = 0`);
  }
  await db.close();
  db = await open();
  console.log(
    'wal settings',
    (await db.query('SHOW full_page_writes')).rows[0],
    (await db.query('SHOW wal_level')).rows[0],
  );
}
if (variant.startsWith('sb')) {
  await db.exec(`ALTER SYSTEM SET shared_buffers = '${variant.slice(2)}'`);
  await db.close();
  db = await open();
}
const show = await db.query('SHOW shared_buffers');
console.log('shared_buffers', show.rows[0]);
if (variant === 'noidx' || variant === 'noexpr' || variant === 'nogin') {
  const idx = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('record','family_key') AND indexname NOT LIKE '%pkey' AND indexdef NOT LIKE '%UNIQUE%'`,
  );
  for (const i of idx.rows) {
    const expr = /\(\(|left\(|right\(/.test(i.indexdef);
    const gin = /gin/.test(i.indexdef);
    if (variant === 'noidx' || (variant === 'noexpr' && expr) || (variant === 'nogin' && gin))
      await db.exec(`DROP INDEX ${i.indexname}`);
  }
  console.log('dropped for', variant);
}
if (variant === 'nofk') {
  const fks = await db.query(
    `SELECT conrelid::regclass::text AS t, conname FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('record','event','person')`,
  );
  for (const f of fks.rows) await db.exec(`ALTER TABLE ${f.t} DROP CONSTRAINT ${f.conname}`);
  console.log('dropped fks', fks.rows.length);
}
if (variant === 'sync') await db.exec('SET synchronous_commit = off');
const { records: rows, persons, events, sources, runs } = JSON.parse(fs.readFileSync(rowsFile, 'utf8'));
await db.query(
  `INSERT INTO source OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(null::public.source, $1::json) ON CONFLICT DO NOTHING`,
  [JSON.stringify(sources)],
);
await db.query(
  `INSERT INTO import_run SELECT * FROM json_populate_recordset(null::public.import_run, $1::json)`,
  [JSON.stringify(runs)],
);
const personById = new Map(persons.map((p) => [p.id, p]));
const eventsByRecord = new Map(events.map((e) => [e.record_id, e]));
const seenP = new Set();
const t0 = performance.now();
const c0 = process.cpuUsage();
const CH = Number(process.env.CHUNK ?? 2000);
for (let b = 0; b < rows.length; b += CH) {
  const t = performance.now();
  await db.transaction(async (tx) => {
    const batch = rows.slice(b, b + CH);
    const ps = [];
    for (const r of batch)
      if (!seenP.has(r.person_id)) {
        seenP.add(r.person_id);
        ps.push(personById.get(r.person_id));
      }
    await tx.query(
      `INSERT INTO person SELECT * FROM json_populate_recordset(null::public.person, $1::json)`,
      [JSON.stringify(ps)],
    );
    if (variant !== 'onlyperson') {
      await tx.query(
        `INSERT INTO record SELECT * FROM json_populate_recordset(null::public.record, $1::json)`,
        [JSON.stringify(batch)],
      );
      const ev = batch.map((r) => eventsByRecord.get(r.id)).filter(Boolean);
      await tx.query(
        `INSERT INTO event SELECT * FROM json_populate_recordset(null::public.event, $1::json)`,
        [JSON.stringify(ev)],
      );
    }
    await tx.query(
      `INSERT INTO family_key (key) SELECT DISTINCT x->>'key_family' FROM json_array_elements($1::json) x WHERE x->>'key_family' IS NOT NULL ORDER BY 1 ON CONFLICT DO NOTHING`,
      [JSON.stringify(batch)],
    );
  });
  process.stdout.write(`${((performance.now() - t) / 1000).toFixed(2)} `);
}
const cu = process.cpuUsage(c0);
console.log(
  `\nresult ${variant} chunk ${CH}: total ${((performance.now() - t0) / 1000).toFixed(2)} s, cpu user ${(cu.user / 1e6).toFixed(2)} sys ${(cu.system / 1e6).toFixed(2)}, rss ${rss()} wasm ${db.mod.HEAPU8.byteLength / 1e6} heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} hwm ${Math.round(hwm())}`,
);
await db.close();
