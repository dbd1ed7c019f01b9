/**
 * Backup and restore timings (issue #16): `npm run bench:backup -- --persons 50000`. Seeds a scratch
 * PostgreSQL registry with generated persons, then times `homecoming backup` and `homecoming restore`
 * (into a second scratch database) through the compiled CLI, as an office would run them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createScratchDatabase } from '../lib.js';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '50000' } } });
const persons = Number(values.persons);
const cli = fileURLToPath(new URL('../../packages/server/bin/homecoming.js', import.meta.url));

async function homecoming(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; stdout: string }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOMECOMING_PROGRESS_INTERVAL_MS: '60000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`homecoming ${args.join(' ')} exited ${code}: ${stderr}`);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, stdout };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-bench-backup-'));
const source = await createScratchDatabase('hc_bench_backup');
const target = await createScratchDatabase('hc_bench_restore');
try {
  const env = {
    DATABASE_URL: source.url,
    HOMECOMING_DATA: path.join(dir, 'a'),
    HOMECOMING_AUDIT_DIR: path.join(dir, 'a', 'audit'),
  };
  console.log(`load average before: ${load()}`);
  const seeded = await homecoming(['seed', '--persons', String(persons)], env);
  console.log(`seeded ${persons} persons in ${seeded.seconds.toFixed(1)} s`);
  const file = path.join(dir, 'registry.hcbak');
  console.log(`load average before backup: ${load()}`);
  const b = await homecoming(['backup', file], env);
  const bytes = fs.statSync(file).size;
  console.log(`backup: ${b.seconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB (${b.stdout.trim()})`);
  console.log(`load average before restore: ${load()}`);
  const r = await homecoming(['restore', file], {
    DATABASE_URL: target.url,
    HOMECOMING_DATA: path.join(dir, 'b'),
    HOMECOMING_AUDIT_DIR: path.join(dir, 'b', 'audit'),
  });
  console.log(`restore (and audit verify): ${r.seconds.toFixed(1)} s (${r.stdout.trim().split('\n').pop()})`);
  console.log(`load average after: ${load()}`);
} finally {
  await source.drop();
  await target.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
