/**
 * Signed-in staff under load (npm run bench:load): fills a scratch PostgreSQL database with PERSONS
 * generated persons (`homecoming seed`, default 100,000), opens USERS cookie sessions (default 50,
 * registrars), starts the built server (`homecoming serve`, with `--workers WORKERS` when WORKERS is set)
 * and drives it from outside with autocannon: CONNECTIONS connections (default 50, one signed-in user
 * each) for SECONDS seconds (default 20), each repeating search → person file → add event:
 *  - GET /api/v1/search/persons?q=… — half bare family names (the broad query), half full names with
 *    a birth year;
 *  - GET /api/v1/persons/:id;
 *  - POST /api/v1/persons/:id/events with the session's CSRF token.
 * Prints requests/s, p50/p95/p99 latency per kind and overall, errors and non-2xx answers.
 * Target (issue #16): p95 < 100 ms with 0 errors at 1,000,000 persons (PERSONS=1000000).
 * KEEP=url reuses a database already filled (and does not drop it); KEEP_DB=1 keeps the scratch one.
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { insertUser } from '../../packages/server/src/modules/auth/setup.js';
import { startSession } from '../../packages/server/src/modules/auth/sessions.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { cpuSeconds, createScratchDatabase } from '../lib.js';

const PERSONS = Number(process.env['PERSONS'] ?? 100_000);
const USERS = Number(process.env['USERS'] ?? 50);
const CONNECTIONS = Number(process.env['CONNECTIONS'] ?? 50);
const SECONDS = Number(process.env['SECONDS'] ?? 20);
const WORKERS = process.env['WORKERS'];
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', '..', 'packages', 'server', 'bin', 'homecoming.js');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`homecoming ${args.join(' ')}: exit ${code}`)),
    );
  });
}

/** The pids of every process on the machine, with their parent. */
function processes(): { pid: number; ppid: number }[] {
  const out: { pid: number; ppid: number }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(name), ppid });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Where the two cores went during a run: the server's processes (with its workers), this benchmark's own
 * process (autocannon), and the machine's total busy time (/proc/stat, other users' work included).
 */
function cpuSnapshot(serverPid: number): { server: number; bench: number; machine: number } {
  const all = processes();
  const serverPids = new Set([serverPid, ...all.filter((p) => p.ppid === serverPid).map((p) => p.pid)]);
  let server = 0;
  for (const pid of serverPids) server += cpuSeconds(pid);
  const u = process.cpuUsage();
  const cpu =
    fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const machine = cpu.reduce((a, b, i) => (i === 3 || i === 4 ? a : a + b), 0) / 100;
  return { server, bench: (u.user + u.system) / 1e6, machine };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const keep = process.env['KEEP'];
const scratch = keep ? null : await createScratchDatabase('hc_load');
const url = keep ?? (scratch as { url: string }).url;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-load-'));
const env = { DATABASE_URL: url, HOMECOMING_DATA: dataDir, LOG_LEVEL: 'warn' };
let server: ChildProcess | null = null;
try {
  if (!keep) {
    await run(['migrate'], env);
    const t0 = Date.now();
    await run(['seed', '--persons', String(PERSONS), '--seed', '16'], env);
    console.log(`seeded ${PERSONS} persons in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const database = await openDatabase({ url });
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let i = 0; i < USERS; i++) {
    const user = await insertUser(database.db, {
      username: `load-${Date.now().toString(36)}-${i}`,
      role: 'registrar',
      organisationId: REGISTRY_ORGANISATION_ID,
      passwordHash: null,
      createdBy: 'bench',
    });
    const s = await startSession(database.db, user.id, 'active');
    sessions.push({ cookie: `hc_session=${s.token}`, csrf: s.csrf });
  }
  const sample = await sql<{
    id: string;
    family_name: string | null;
    given_name: string | null;
    birth_year: number | null;
  }>`
    SELECT id, family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5)
    WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT 2000`.execute(database.db);
  // With KEEP the database holds what it holds, not PERSONS: say what was measured.
  const held = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM person WHERE merged_into IS NULL`.execute(database.db);
  const personsHeld = held.rows[0]?.n ?? PERSONS;
  await database.close();
  const people = sample.rows;
  if (people.length === 0) throw new Error('no persons to ask for');
  const queries = people.map((p, i) =>
    i % 2 === 0
      ? `q=${encodeURIComponent(p.family_name ?? '')}`
      : `q=${encodeURIComponent(`${p.family_name ?? ''} ${p.given_name ?? ''}`.trim())}${p.birth_year ? `&birth=${p.birth_year}` : ''}`,
  );

  /** Serves with the CLI at `serverCli` and drives it; prints the table under `label`. */
  const drive = async (serverCli: string, label: string, workers: string | undefined): Promise<void> => {
    const port = await freePort();
    server = spawn(process.execPath, [serverCli, 'serve', ...(workers ? ['--workers', workers] : [])], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        HOMECOMING_PUBLIC_RATE_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      server?.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('is running on')) resolve();
      });
      server?.on('close', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    });
    // The rest of its stderr (warnings; with HOMECOMING_PROFILE=1 where the time went, at its stop) is shown.
    server.stderr?.pipe(process.stderr);

    type Kind = 'search' | 'person' | 'event';
    const KINDS: Kind[] = ['search', 'person', 'event'];
    const latencies: Record<Kind, number[]> = { search: [], person: [], event: [] };
    let n = 0;
    // Each connection is one user: its cookie and CSRF token, and its own turn through the three requests.
    const userOf = (context: object): { cookie: string; csrf: string } => {
      const ctx = context as { user?: { cookie: string; csrf: string } };
      ctx.user ??= sessions[n++ % sessions.length];
      return ctx.user as { cookie: string; csrf: string };
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
    let finished: (r: autocannon.Result) => void = () => undefined;
    const done = new Promise<autocannon.Result>((resolve) => (finished = resolve));
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: 'GET',
            setupRequest: (req, ctx) => ({
              ...req,
              path: `/api/v1/search/persons?${pick(queries)}`,
              headers: { cookie: userOf(ctx).cookie },
            }),
          },
          {
            method: 'GET',
            setupRequest: (req, ctx) => ({
              ...req,
              path: `/api/v1/persons/${pick(people).id}`,
              headers: { cookie: userOf(ctx).cookie },
            }),
          },
          {
            method: 'POST',
            setupRequest: (req, ctx) => {
              const u = userOf(ctx);
              return {
                ...req,
                path: `/api/v1/persons/${pick(people).id}/events`,
                headers: { cookie: u.cookie, 'x-csrf-token': u.csrf, 'content-type': 'application/json' },
                body: JSON.stringify({
                  type: 'captivity_reported',
                  occurred_on: '2024-03',
                  note: 'load test',
                }),
              };
            },
          },
        ],
      },
      (err, r) => {
        if (err) throw err;
        finished(r);
      },
    );
    // Responses arrive in order on each connection, which cycles through the three kinds.
    const turn = new Map<unknown, number>();
    const statuses = new Map<number, number>();
    instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
      const t = turn.get(client) ?? 0;
      turn.set(client, t + 1);
      latencies[KINDS[t % 3] as Kind].push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const cpuBefore = cpuSnapshot(server.pid ?? 0);
    const result = await done;
    const cpuAfter = cpuSnapshot(server.pid ?? 0);
    // The PostgreSQL backends serving this server (its pool's connections, opened during the run): their
    // CPU is this server's share of the database's work, whatever else runs on the machine.
    const probe = await openDatabase({ url });
    const backends = await sql<{ pid: number }>`
      SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'homecoming' AND pid <> pg_backend_pid()`.execute(
      probe.db,
    );
    await probe.close();
    const ownPostgres = backends.rows.reduce((a, r) => a + cpuSeconds(r.pid), 0);
    const pct = (xs: number[], p: number): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
    };
    const line = (name: string, xs: number[]): string =>
      `| ${name} | ${xs.length} | ${(xs.length / SECONDS).toFixed(0)} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 95).toFixed(0)} | ${pct(xs, 99).toFixed(0)} |`;
    console.log(
      `\n${label}: ${personsHeld} persons, ${CONNECTIONS} connections, ${SECONDS} s, workers: ${workers ?? 'none (one process)'}; load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      '| requests | count | per second | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|',
    );
    for (const k of KINDS) console.log(line(k, latencies[k]));
    console.log(line('all', [...latencies.search, ...latencies.person, ...latencies.event]));
    console.log(
      `errors: ${result.errors}, timeouts: ${result.timeouts}, non-2xx: ${result.non2xx}; statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`,
    );
    const total = latencies.search.length + latencies.person.length + latencies.event.length;
    const per = (k: keyof typeof cpuAfter): string =>
      `${(cpuAfter[k] - cpuBefore[k]).toFixed(1)} s (${(((cpuAfter[k] - cpuBefore[k]) * 1000) / Math.max(total, 1)).toFixed(2)} ms a request)`;
    console.log(
      `CPU during the run (${os.cpus().length} cores × ${SECONDS} s): server ${per('server')}, its ${backends.rows.length} PostgreSQL connections ${ownPostgres.toFixed(1)} s (${((ownPostgres * 1000) / Math.max(total, 1)).toFixed(2)} ms a request), this process (autocannon) ${per('bench')}, machine busy ${per('machine')}`,
    );
    server.kill('SIGTERM');
    await new Promise((r) => server?.on('close', r));
  };
  // BASELINE=path/to/homecoming.js: the same load against another build first (before/after in one run).
  const baseline = process.env['BASELINE'];
  if (baseline) await drive(baseline, 'baseline', process.env['BASELINE_WORKERS']);
  await drive(cli, 'this build', WORKERS);
} finally {
  const running = server as ChildProcess | null;
  if (running && running.exitCode === null) {
    running.kill('SIGTERM');
    await new Promise((r) => running.on('close', r));
  }
  if (scratch && process.env['KEEP_DB'] !== '1') await scratch.drop();
  else if (scratch) console.log(`kept the database: KEEP=${scratch.url}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
