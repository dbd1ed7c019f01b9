/**
 * Import benchmark (npm run bench:import): generates a CSV of generated people (1,000,000 rows by
 * default; ROWS=… to change) and imports it into a fresh embedded database (PGlite) and a fresh
 * PostgreSQL database, each in its own process, printing records/s and peak RSS. Then imports the same
 * file again into PostgreSQL (every row already there) to time the idempotent re-run.
 * Targets (issue #2): ≥ 20,000 records/s into PostgreSQL, ≥ 5,000/s into PGlite, peak RSS < 500 MB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { CSV_HEADER, csvLine, generatePopulation } from '../packages/server/src/seed/population.js';

const ROWS = Number(process.env['ROWS'] ?? 1_000_000);
const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });

const csv = path.join(outDir, `import-${ROWS}.csv`);
const t0 = Date.now();
const fd = fs.openSync(csv, 'w');
let buf = CSV_HEADER + '\n';
for (const row of generatePopulation({ persons: ROWS, seed: 2026, source: 'bench generated list' })) {
  buf += csvLine(row) + '\n';
  if (buf.length > 1 << 20) {
    fs.writeSync(fd, buf);
    buf = '';
  }
}
fs.writeSync(fd, buf);
fs.closeSync(fd);
console.log(
  `generated ${ROWS} rows (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

function runImport(env: NodeJS.ProcessEnv): Record<string, number | string> {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(here, 'importOnce.ts'), csv],
    { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const results: Record<string, Record<string, number | string>> = {};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-bench-'));
results['pglite'] = runImport({ HOMECOMING_DATA: dataDir, DATABASE_URL: '' });
fs.rmSync(dataDir, { recursive: true, force: true });

const dbName = `hc_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
try {
  results['postgres'] = runImport({ DATABASE_URL: url.toString() });
  results['postgres (re-import, all unchanged)'] = runImport({ DATABASE_URL: url.toString() });
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

console.log(`\n| database | rows | records/s | seconds | peak RSS (MB) |\n|---|---:|---:|---:|---:|`);
for (const [name, r] of Object.entries(results)) {
  console.log(
    `| ${name} | ${r['rows']} | ${Math.round(Number(r['rowsPerSecond']))} | ${Number(r['seconds']).toFixed(1)} | ${Math.round(Number(r['peakRssMb']))} |`,
  );
}
