/**
 * CPU per HTTP request, layer by layer, one request at a time (no queue): against a filled database
 * (URL), starts the built server (`homecoming serve`, or BASELINE=path/to/homecoming.js's first, on
 * BASELINE_URL if set) and sends N requests (default 500, after 100 to warm up) of each kind over one
 * keep-alive connection, 5 s after the server is up (its start-up work done):
 *  - `GET /healthz`: what any request costs (Node's HTTP, Fastify, the hooks), no database;
 *  - `GET /api/v1/auth/session` with a session cookie: plus who sent it (the session's lookup);
 *  - `GET /api/v1/persons/:id`: a person's file (its statement, the read's audit entry);
 *  - `POST /api/v1/persons/:id/events`: an added event (its transaction).
 * Prints, per kind, the server's CPU (its processes, from /proc) and its PostgreSQL connections' CPU
 * (their backends, from /proc) per request. CPU seconds, not wall time: what a request costs whatever
 * else the machine runs. Adds N + 100 events and audit entries to each database.
 * SERVER_NODE_ARGS gives the server's node options (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 * `URL=postgres://…/copy [BASELINE=/tmp/base/packages/server/bin/homecoming.js BASELINE_URL=…] npx tsx
 * --conditions=source bench/load/perRequest.ts`
 */
import '../../packages/server/src/wiring.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { insertUser } from '../../packages/server/src/modules/auth/setup.js';
import { startSession } from '../../packages/server/src/modules/auth/sessions.js';
import { cpuSeconds } from '../lib.js';

const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const N = Number(process.env['N'] ?? 500);
const WARM = 100;
/** ONLY=text: only the kinds whose request contains it (e.g. `persons/:id/events`). */
const ONLY = process.env['ONLY'];
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', '..', 'packages', 'server', 'bin', 'homecoming.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The server's processes (it and its children: `--workers`). */
function serverCpu(pid: number): number {
  let total = cpuSeconds(pid);
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid)
        total += cpuSeconds(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function measure(serverCli: string, label: string, dbUrl: string): Promise<void> {
  const database = await openDatabase({ url: dbUrl });
  const user = await insertUser(database.db, {
    username: `req-${Date.now().toString(36)}`,
    role: 'registrar',
    organisationId: REGISTRY_ORGANISATION_ID,
    passwordHash: null,
    createdBy: 'bench',
  });
  const session = await startSession(database.db, user.id, 'active');
  const people = (
    await sql<{ id: string }>`
      SELECT id FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16) WHERE merged_into IS NULL LIMIT 200`.execute(
      database.db,
    )
  ).rows.map((r) => r.id);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-req-'));
  const nodeArgs = (process.env['SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const server = spawn(process.execPath, [...nodeArgs, serverCli, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      HOMECOMING_DATA: dataDir,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('is running on')) resolve();
    });
    server.on('close', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  await new Promise((r) => setTimeout(r, 5_000));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, p: string, body?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { cookie: `hc_session=${session.token}` };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['x-csrf-token'] = session.csrf;
      }
      const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const backends = async (): Promise<number> => {
    const rows = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'homecoming' AND pid <> pg_backend_pid()`.execute(
      database.db,
    );
    return rows.rows.reduce((a, r) => a + cpuSeconds(r.pid), 0);
  };
  const kinds: [string, (i: number) => Promise<number>][] = [
    ['GET /healthz', () => send('GET', '/healthz')],
    ['GET /api/v1/auth/session', () => send('GET', '/api/v1/auth/session')],
    ['GET /api/v1/persons/:id', (i) => send('GET', `/api/v1/persons/${people[i % people.length]}`)],
    [
      'POST /api/v1/persons/:id/events',
      (i) =>
        send(
          'POST',
          `/api/v1/persons/${people[(i * 7) % people.length]}/events`,
          JSON.stringify({ type: 'captivity_reported', occurred_on: '2024-03', note: 'cpu test' }),
        ),
    ],
  ];
  console.log(`\n${label} (${new URL(dbUrl).pathname.slice(1)}), load ${os.loadavg()[0]?.toFixed(1)}:`);
  console.log('| request | server CPU ms | its PostgreSQL CPU ms |\n|---|---:|---:|');
  try {
    for (const [name, op] of kinds) {
      if (ONLY !== undefined && !name.includes(ONLY)) continue;
      for (let i = 0; i < WARM; i++) await op(i);
      // The pool's connections, open after the warm-up (it closes idle ones after 10 s).
      const s0 = serverCpu(server.pid ?? 0);
      const p0 = await backends();
      for (let i = 0; i < N; i++) {
        const status = await op(i);
        if (status >= 300) throw new Error(`${name}: ${status}`);
      }
      const s1 = serverCpu(server.pid ?? 0);
      const p1 = await backends();
      console.log(
        `| ${name} | ${(((s1 - s0) * 1000) / N).toFixed(2)} | ${(((p1 - p0) * 1000) / N).toFixed(2)} |`,
      );
    }
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((r) => server.on('close', r));
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const baseline = process.env['BASELINE'];
if (baseline) await measure(baseline, 'baseline', process.env['BASELINE_URL'] ?? url);
await measure(cli, 'this build', url);
