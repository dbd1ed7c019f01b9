/**
 * PFIF 1.4 round trip at scale (npm run bench:pfif; issue 15): PERSONS generated people (100,000 by
 * default) seeded into a fresh PostgreSQL database with their status histories, exported with the real CLI
 * as PFIF 1.4, the export validated against the PFIF 1.4 schema with xmllint (streaming, so memory stays
 * flat), imported into an empty database, and the two registries compared: same number of persons, and
 * the same names, sex, birth dates and statuses (an md5 over both). Prints the times, sizes and rates.
 * The test suite keeps a small round trip (modules/exports/exports.int.test.ts).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase } from './lib.js';

const PERSONS = Number(process.env['PERSONS'] ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'packages', 'server', 'bin', 'homecoming.js');
const XSD = path.join(
  here,
  '..',
  'packages',
  'server',
  'src',
  'modules',
  'exports',
  'testdata',
  'pfif-1.4.xsd',
);
const outDir = path.join(here, 'out');
fs.mkdirSync(outDir, { recursive: true });

const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const seconds = (t: number) => ((Date.now() - t) / 1000).toFixed(1);

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOMECOMING_PROGRESS_INTERVAL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`homecoming ${args.join(' ')} exited with ${code}`);
  return stdout;
}

/** What both registries must agree on: every person's names, sex, birth date and status. */
const DIGEST = `SELECT md5(string_agg(k, ',' ORDER BY k)) AS h, count(*)::int AS n FROM (
  SELECT concat_ws('|', family_name, given_name, patronymic, sex, birth_date, status) AS k
  FROM person WHERE merged_into IS NULL) x`;
async function digest(url: string): Promise<{ h: string; n: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(DIGEST)).rows[0] as { h: string; n: number };
  } finally {
    await c.end();
  }
}

console.log(`PFIF round trip: ${PERSONS} generated persons, ${new Date().toISOString()}, load ${load()}`);
const from = await createScratchDatabase('hc_bench_pfif_from');
const to = await createScratchDatabase('hc_bench_pfif_to');
try {
  await runCli(['migrate'], { DATABASE_URL: from.url });
  await runCli(['migrate'], { DATABASE_URL: to.url });
  let t = Date.now();
  await runCli(['seed', '--persons', String(PERSONS), '--seed', '2027'], { DATABASE_URL: from.url });
  console.log(`seed: ${seconds(t)} s (load ${load()})`);

  const xml = path.join(outDir, `pfif-${PERSONS}.xml`);
  t = Date.now();
  await runCli(['export', '--format', 'pfif', '--domain', 'bench.example.org', '--out', xml], {
    DATABASE_URL: from.url,
  });
  const exportS = seconds(t);
  const mb = (fs.statSync(xml).size / 1e6).toFixed(1);
  console.log(`export: ${exportS} s, ${mb} MB (load ${load()})`);

  t = Date.now();
  const verdict = await new Promise<string>((resolve) =>
    execFile('xmllint', ['--noout', '--stream', '--schema', XSD, xml], (err, _out, stderr) =>
      resolve(err ? `INVALID: ${stderr.split('\n').slice(0, 3).join(' ')}` : stderr.trim()),
    ),
  );
  console.log(`xmllint --stream --schema pfif-1.4.xsd: ${verdict} (${seconds(t)} s)`);

  t = Date.now();
  const s = JSON.parse(
    (await runCli(['import', xml, '--json'], { DATABASE_URL: to.url })).trim().split('\n').pop() as string,
  ) as { rows: number; imported: number; elapsedMs: number };
  console.log(
    `import into an empty registry: ${seconds(t)} s, ${s.imported} records (${Math.round(s.rows / (s.elapsedMs / 1000))} records/s) (load ${load()})`,
  );

  const [a, b] = [await digest(from.url), await digest(to.url)];
  console.log(
    `persons: ${a.n} → ${b.n}; names, sex, birth dates and statuses ${a.h === b.h ? 'identical' : 'DIFFER'}`,
  );
  if (a.h !== b.h || a.n !== b.n || verdict.startsWith('INVALID')) process.exitCode = 1;
} finally {
  await from.drop();
  await to.drop();
}
