/**
 * Import benchmark (npm run bench:import): generates a CSV of generated people (1,000,000 rows by
 * default; ROWS=… to change) and imports it with the real CLI (`homecoming import --json`, built code)
 * into a fresh embedded database (PGlite) and a fresh PostgreSQL database, one process per run,
 * printing records/s and the import process's peak RSS. Then imports the same file again into
 * PostgreSQL (every row already there) to time the idempotent re-run.
 * Each database is created and migrated by `homecoming migrate` in a process of its own first: creating
 * a PGlite folder (initdb) is a one-off whose memory is reported separately.
 * Targets (issue #2): ≥ 20,000 records/s into PostgreSQL, ≥ 5,000/s into PGlite, peak RSS < 500 MB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePopulation } from '../packages/server/src/seed/population.js';
import { createScratchDatabase, writeCanonicalCsv } from './lib.js';

const ROWS = Number(process.env['ROWS'] ?? 1_000_000);
/** Which databases to run: `pglite,postgres` (default), or one of them. */
const DATABASES = new Set((process.env['DATABASES'] ?? 'pglite,postgres').split(','));
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'packages', 'server', 'bin', 'homecoming.js');
const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });

const csv = path.join(outDir, `import-${ROWS}.csv`);
const t0 = Date.now();
writeCanonicalCsv(csv, generatePopulation({ persons: ROWS, seed: 2026, source: 'bench generated list' }));
console.log(
  `generated ${ROWS} rows (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

interface Run {
  stdout: string;
  seconds: number;
  peakRssMb: number;
}

/** Runs the CLI as its own process; peak RSS is the kernel's high-water mark (VmHWM), read until exit. */
async function runCli(args: string[], env: NodeJS.ProcessEnv, program = cli): Promise<Run> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [program, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  if (code !== 0) throw new Error(`homecoming ${args.join(' ')} exited with ${code}`);
  return { stdout, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peakKb / 1024 };
}

/** IMPORT_FLAGS='--no-relink': more options for each import (both builds). */
const IMPORT_FLAGS = (process.env['IMPORT_FLAGS'] ?? '').split(' ').filter((f) => f !== '');

const rows: string[] = [];
async function measure(name: string, env: NodeJS.ProcessEnv, program = cli): Promise<void> {
  const run = await runCli(['import', csv, '--json', ...IMPORT_FLAGS], env, program);
  const s = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  const rate = s.rows / (s.elapsedMs / 1000);
  rows.push(
    `| ${name} | ${s.rows} | ${s.imported} | ${s.unchanged} | ${Math.round(rate)} | ${run.seconds.toFixed(1)} | ${Math.round(run.peakRssMb)} |`,
  );
  console.log(rows[rows.length - 1]);
}

/**
 * BASELINE=path/to/homecoming.js: the same file into fresh databases with another build first, for a
 * before/after pair in one run.
 */
const BASELINE = process.env['BASELINE'];
const builds: [string, string][] = BASELINE
  ? [
      [' (baseline)', BASELINE],
      ['', cli],
    ]
  : [['', cli]];

for (const [label, program] of builds) {
  if (DATABASES.has('pglite')) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-bench-'));
    const pgliteEnv = { HOMECOMING_DATA: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const created = await runCli(['migrate'], pgliteEnv, program);
    console.log(
      `created the embedded database: ${created.seconds.toFixed(1)} s, peak RSS ${Math.round(created.peakRssMb)} MB`,
    );
    await measure(`PGlite${label}`, pgliteEnv, program);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  if (DATABASES.has('postgres')) {
    const scratch = await createScratchDatabase('hc_bench');
    const pgEnv = { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' };
    try {
      await runCli(['migrate'], pgEnv, program);
      await measure(`PostgreSQL${label}`, pgEnv, program);
      await measure(`PostgreSQL, same file again${label}`, pgEnv, program);
    } finally {
      await scratch.drop();
    }
  }
}

console.log(
  `\n| database | rows | imported | unchanged | records/s (import) | process seconds | peak RSS (MB) |\n|---|---:|---:|---:|---:|---:|---:|`,
);
for (const r of rows) console.log(r);
