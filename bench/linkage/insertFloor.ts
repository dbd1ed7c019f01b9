/**
 * The floor under a linked import into a large registry (issue #16 item 1): how fast PostgreSQL takes the
 * records alone, with no lookup, no scoring, no person, event, link or audit row — the import's own record
 * statement (`json_to_recordset`, ON CONFLICT on (source, external_id)) in its own batches, each committed.
 * A linked import cannot be faster than this on the same registry and machine; the issue asks for 20,000
 * rows a second.
 *
 *   URL=postgres://…/<a throwaway copy of a 1M registry> ROWS=20000 BATCH=2000 \
 *     npx tsx --conditions=source bench/linkage/insertFloor.ts [--drop-secondary]
 *
 * The rows are ROWS records drawn at random from the copy (their keys spread over the indexes as a real
 * list's do), given new ids and external ids, attached to the same persons. `--drop-secondary` first drops
 * the record table's indexes other than its primary key and (source, external_id) — what the floor would be
 * without the lookups' indexes, which the import's linkage reads. The copy is written to: never point URL at
 * a registry anyone uses. Prints rows a second (wall), the backend's CPU (from /proc, same host only) and the
 * WAL written meanwhile (the whole cluster's: quiet it for a clean figure).
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const url = process.env['URL'];
if (url === undefined) throw new Error('URL= a throwaway copy of a 1M registry');
const rows = Number(process.env['ROWS'] ?? 20_000);
const batch = Number(process.env['BATCH'] ?? 2_000);
const dropSecondary = process.argv.includes('--drop-secondary');

const COLUMNS = `id, person_id, source_id, external_id, category, family_name, given_name, patronymic, sex,
  birth_date, birth_year, birth_month, birth_day, place_of_birth, status, unit, service_number, military_rank,
  marks, attributes, source_ref, source_date, reliability, import_line, key_family, key_family_phonetic,
  key_given, key_father, keys_version, entered_by, import_run_id, created_at`;
const FIELDS = `id uuid, person_id uuid, source_id int4, external_id text, category text, family_name text,
  given_name text, patronymic text, sex text, birth_date text, birth_year int2, birth_month int2, birth_day int2,
  place_of_birth text, status text, unit text, service_number text, military_rank text, marks text,
  attributes jsonb, source_ref text, source_date date, reliability text, import_line int4, key_family text,
  key_family_phonetic text, key_given text, key_father text, keys_version int2`;

/** A backend's user + system CPU in ms (/proc/PID/stat fields 14 and 15, in clock ticks of 10 ms). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query('SET jit = off');
const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
const indexes = await client.query<{ name: string }>(
  `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE i.indrelid = 'record'::regclass ORDER BY 1`,
);
if (dropSecondary) {
  const keep = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'record'::regclass AND (i.indisprimary OR (i.indisunique AND i.indnatts = 2))`,
  );
  const kept = new Set(keep.rows.map((r) => r.name));
  for (const { name } of indexes.rows) if (!kept.has(name)) await client.query(`DROP INDEX "${name}"`);
  console.log(`dropped ${indexes.rows.length - kept.size} of ${indexes.rows.length} indexes on record`);
} else {
  console.log(`record has ${indexes.rows.length} indexes`);
}
const triggers = await client.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'record'::regclass AND NOT tgisinternal`,
);
console.log(`record has ${triggers.rows[0]?.n} triggers (they fire as on an import)`);

// The sample, read before the clock starts.
const sample = await client.query<Record<string, unknown>>(
  `SELECT person_id, source_id, category, family_name, given_name, patronymic, sex, birth_date, birth_year,
     birth_month, birth_day, place_of_birth, status, unit, service_number, military_rank, marks, attributes,
     source_ref, source_date::text AS source_date, reliability, key_family, key_family_phonetic, key_given,
     key_father, keys_version
   FROM record TABLESAMPLE BERNOULLI (5) REPEATABLE (7) LIMIT $1`,
  [rows],
);
if (sample.rows.length < rows) throw new Error(`only ${sample.rows.length} records sampled`);
const run = randomUUID().slice(0, 8);
const items = sample.rows.map((r, i) => ({
  ...r,
  id: randomUUID(),
  external_id: `floor-${run}-${i}`,
  import_line: i + 2,
}));

const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const lsn = async () =>
  (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]?.lsn ?? '0/0';
const lsn0 = await lsn();
const cpu0 = backendCpuMs(pid);
const t0 = performance.now();
let written = 0;
for (let i = 0; i < items.length; i += batch) {
  const json = JSON.stringify(items.slice(i, i + batch));
  await client.query('BEGIN');
  const res = await client.query(
    `INSERT INTO record (${COLUMNS})
     SELECT u.*, 'floor-bench', NULL::uuid, now() FROM json_to_recordset($1::json) AS u(${FIELDS})
     ON CONFLICT (source_id, external_id) DO NOTHING RETURNING id`,
    [json],
  );
  await client.query('COMMIT');
  written += res.rowCount ?? 0;
}
const ms = performance.now() - t0;
const cpu = backendCpuMs(pid) - cpu0;
const walBytes = (
  await client.query<{ b: string }>('SELECT pg_wal_lsn_diff($1, $2)::bigint::text AS b', [await lsn(), lsn0])
).rows[0]?.b;
const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `${written} records in ${(ms / 1000).toFixed(2)} s wall = ${Math.round(written / (ms / 1000))} rows/s; ` +
    `backend CPU ${(cpu / 1000).toFixed(2)} s = ${(cpu / written).toFixed(3)} ms a row; ` +
    `WAL ${(Number(walBytes) / 2 ** 20).toFixed(0)} MiB (the whole cluster's); batches of ${batch}; load ${load0} → ${load1}`,
);
await client.end();
