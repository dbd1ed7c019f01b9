/**
 * Public statistics throughput (npm run bench:stats:public): seeds PERSONS generated people (default
 * 5,000) into a fresh embedded database, publishes a release with `homecoming stats publish`, starts
 * `homecoming serve` on a free 127.0.0.1 port with the rate limit lifted, and drives
 * GET /api/v1/public/statistics with autocannon for SECONDS (default 10) per scenario over CONNECTIONS
 * (default 50) connections: a full answer, and a revalidation (If-None-Match → 304).
 * Target (issue #14): ≥ 2,000 requests/s on this machine. Traffic stays on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuSeconds } from '../lib.js';

const PERSONS = Number(process.env['PERSONS'] ?? 5_000);
const SECONDS = Number(process.env['SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'packages/server/bin/homecoming.js');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-stats-bench-'));
const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});
const env = {
  ...process.env,
  HOMECOMING_DATA: path.join(dir, 'data'),
  DATABASE_URL: '',
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  HOMECOMING_PUBLIC_RATE_PER_MINUTE: '10000000',
};

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]}: ${out}`))));
  });
}

await run(['seed', '--persons', String(PERSONS)]);
const published = JSON.parse((await run(['stats', 'publish', '--json'])).trim().split('\n').pop() as string);
// SERVER_NODE_ARGS: options for the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
const nodeArgs = (process.env['SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
// SERVER_BIN: serve with another build's CLI (a baseline), the release made by this one.
const server: ChildProcess = spawn(
  process.execPath,
  [...nodeArgs, process.env['SERVER_BIN'] ?? BIN, 'serve'],
  {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
try {
  const url = `http://127.0.0.1:${port}/api/v1/public/statistics`;
  for (let i = 0; ; i++) {
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (i > 600) throw new Error('the server did not answer');
    await new Promise((r) => setTimeout(r, 100));
  }
  const first = await fetch(url);
  const etag = first.headers.get('etag') ?? '';
  const bytes = (await first.text()).length;
  console.log(
    `release ${published.release_id} of ${PERSONS} generated persons; body ${bytes} bytes; ${CONNECTIONS} connections, ${SECONDS} s each; ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const [name, headers] of [
    ['full answer (200)', {}],
    ['revalidation (If-None-Match, 304)', { 'if-none-match': etag }],
  ] as const) {
    const cpu0 = { server: cpuSeconds(server.pid ?? 0), bench: process.cpuUsage() };
    const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
    const serverCpu = cpuSeconds(server.pid ?? 0) - cpu0.server;
    const benchUse = process.cpuUsage(cpu0.bench);
    const benchCpu = (benchUse.user + benchUse.system) / 1e6;
    const codes = `2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors}`;
    const each = (s: number): string =>
      `${((s * 1000) / Math.max(r.requests.total, 1)).toFixed(3)} ms a request`;
    console.log(
      `${name}: ${Math.round(r.requests.average)} req/s (mean), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; ${codes}; CPU: server ${serverCpu.toFixed(1)} s (${each(serverCpu)}), autocannon (this process) ${benchCpu.toFixed(1)} s (${each(benchCpu)}); load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('close', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
