/**
 * Signed-in staff under load (npm run bench:load): fills a scratch PostgreSQL database with PERSONS
 * generated persons (`homecoming seed`, default 100,000), opens USERS cookie sessions (default 50,
 * registrars), starts the built server (`homecoming serve`, with `--workers WORKERS` when WORKERS is set)
 * and drives it from outside. Each user repeats search → person file → add event:
 *  - GET /api/v1/search/persons?q=… — half bare family names (the broad query), half full names with
 *    a birth year;
 *  - GET /api/v1/persons/:id;
 *  - POST /api/v1/persons/:id/events with the session's CSRF token.
 * KINDS (comma-separated, default `search,person,event`) leaves kinds out: `KINDS=person,event` measures
 * what a request costs apart from search.
 * MODES (comma-separated, run in order against one server; default `closed`):
 *  - `closed`: CONNECTIONS connections (default 50, one user each) without pause, for SECONDS (default
 *    20): autocannon, each user's next request sent as soon as the last is answered. A capacity figure:
 *    the latency is the queue that 50 users firing back to back build, not what 50 people see.
 *  - `think`: USERS people who each wait THINK seconds (uniform, default `1-5`) after every answer before
 *    the next request, for OPEN_SECONDS (default SECONDS): about USERS / 3 requests a second.
 *  - `rates`: an open loop at each of RATES requests/s (default `20,40,60,80,100`; Poisson arrivals, sent
 *    whether or not earlier ones were answered), OPEN_SECONDS each, stopping after two rates in a row that
 *    miss the target: the highest rate that meets it is the capacity at the target.
 * The open-loop modes time each request from the moment it was due. Prints, per mode, requests/s,
 * p50/p95/p99 latency per kind and overall, errors, non-2xx answers and CPU per request (server, its
 * PostgreSQL connections, this process).
 * Target (issue #16): p95 < 100 ms with 0 errors at 1,000,000 persons (PERSONS=1000000).
 * KEEP=url reuses a database already filled (and does not drop it); KEEP_DB=1 keeps the scratch one.
 * SERVER_NODE_ARGS gives the server's node options (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 * BASELINE=path/to/homecoming.js runs the same modes against another build first (before/after in one run),
 * on BASELINE_URL if set (a copy of the same database without this build's migrations; the same persons
 * are asked for, by id).
 */
// The process's hooks, as in production (records refuse to refresh persons without them).
import '../../packages/server/src/wiring.js';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
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
const MODES = (process.env['MODES'] ?? 'closed').split(',').map((m) => m.trim());
for (const m of MODES)
  if (!['closed', 'think', 'rates'].includes(m)) throw new Error(`MODES: unknown mode ${m}`);
const OPEN_SECONDS = Number(process.env['OPEN_SECONDS'] ?? SECONDS);
const THINK = (process.env['THINK'] ?? '1-5').split('-').map(Number) as [number, number];
const RATES = (process.env['RATES'] ?? '20,40,60,80,100').split(',').map(Number);
/** An open-loop request not answered within this counts as a timeout (autocannon's own is 10 s). */
const TIMEOUT_MS = 10_000;
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
  /** Signs USERS registrars in on the database at `dbUrl`: their session cookies and CSRF tokens. */
  const signIn = async (dbUrl: string): Promise<{ cookie: string; csrf: string }[]> => {
    const target = await openDatabase({ url: dbUrl });
    const out: { cookie: string; csrf: string }[] = [];
    for (let i = 0; i < USERS; i++) {
      const user = await insertUser(target.db, {
        username: `load-${Date.now().toString(36)}-${i}`,
        role: 'registrar',
        organisationId: REGISTRY_ORGANISATION_ID,
        passwordHash: null,
        createdBy: 'bench',
      });
      const s = await startSession(target.db, user.id, 'active');
      out.push({ cookie: `hc_session=${s.token}`, csrf: s.csrf });
    }
    await target.close();
    return out;
  };
  const ownSessions = await signIn(url);
  // The sessions of the database being driven (BASELINE_URL: the baseline's has its own).
  let sessions = ownSessions;
  const database = await openDatabase({ url });
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

  type Kind = 'search' | 'person' | 'event';
  // KINDS: the requests each user cycles through, in this order (default all three).
  const KINDS = (process.env['KINDS'] ?? 'search,person,event').split(',').map((k) => k.trim()) as Kind[];
  for (const k of KINDS)
    if (!['search', 'person', 'event'].includes(k)) throw new Error(`KINDS: unknown kind ${k}`);
  /** What a run of one mode collected: each answer's kind, latency and status; failures without one. */
  interface Samples {
    answers: { kind: Kind; ms: number; status: number }[];
    errors: number;
    timeouts: number;
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
  /** A user's next request: each user goes search → person file → add event, over and over. */
  const requestOf = (
    user: { cookie: string; csrf: string },
    kind: Kind,
  ): { method: string; path: string; headers: Record<string, string>; body?: string } => {
    switch (kind) {
      case 'search':
        return {
          method: 'GET',
          path: `/api/v1/search/persons?${pick(queries)}`,
          headers: { cookie: user.cookie },
        };
      case 'person':
        return {
          method: 'GET',
          path: `/api/v1/persons/${pick(people).id}`,
          headers: { cookie: user.cookie },
        };
      case 'event':
        return {
          method: 'POST',
          path: `/api/v1/persons/${pick(people).id}/events`,
          headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'captivity_reported', occurred_on: '2024-03', note: 'load test' }),
        };
    }
  };

  /** CONNECTIONS users without pause (autocannon): each sends its next request when the last is answered. */
  const closedLoop = async (port: number): Promise<Samples> => {
    let n = 0;
    // Each connection is one user: its cookie and CSRF token, and its own turn through the three requests.
    const userOf = (context: object): { cookie: string; csrf: string } => {
      const ctx = context as { user?: { cookie: string; csrf: string } };
      ctx.user ??= sessions[n++ % sessions.length];
      return ctx.user as { cookie: string; csrf: string };
    };
    let finished: (r: autocannon.Result) => void = () => undefined;
    const done = new Promise<autocannon.Result>((resolve) => (finished = resolve));
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: KINDS.map((kind) => ({
          setupRequest: (req: autocannon.Request, ctx: object) => ({
            ...req,
            ...requestOf(userOf(ctx), kind),
          }),
        })) as autocannon.Request[],
      },
      (err, r) => {
        if (err) throw err;
        finished(r);
      },
    );
    // Responses arrive in order on each connection, which cycles through the kinds.
    const turn = new Map<unknown, number>();
    const answers: Samples['answers'] = [];
    instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
      const t = turn.get(client) ?? 0;
      turn.set(client, t + 1);
      answers.push({ kind: KINDS[t % KINDS.length] as Kind, ms, status });
    });
    const result = await done;
    return { answers, errors: result.errors, timeouts: result.timeouts };
  };

  // The open-loop drivers: plain HTTP/1.1 keep-alive requests, each timed from the moment it was due (so
  // that a late send, the driver's own queueing, counts against the server's latency, not for it).
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const send = (
    port: number,
    r: ReturnType<typeof requestOf>,
    due: number,
  ): Promise<{ ms: number; status: number } | 'error' | 'timeout'> =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: r.method,
          path: r.path,
          headers: r.headers,
          agent,
          timeout: TIMEOUT_MS,
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve({ ms: performance.now() - due, status: res.statusCode ?? 0 }));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        resolve('timeout');
      });
      req.on('error', () => resolve('error'));
      req.end(r.body);
    });
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const collect = (out: Samples, kind: Kind, got: Awaited<ReturnType<typeof send>>): void => {
    if (got === 'error') out.errors++;
    else if (got === 'timeout') out.timeouts++;
    else out.answers.push({ kind, ms: got.ms, status: got.status });
  };

  /**
   * USERS people at their desks: each sends a request, reads the answer, thinks THINK seconds (uniform,
   * default 1–5 s) and sends the next. The rate follows from the think time (about USERS / 3 s).
   */
  const thinkingUsers = async (port: number): Promise<Samples> => {
    const out: Samples = { answers: [], errors: 0, timeouts: 0 };
    const end = performance.now() + OPEN_SECONDS * 1000;
    const think = (): number => (THINK[0] + Math.random() * (THINK[1] - THINK[0])) * 1000;
    await Promise.all(
      sessions.slice(0, USERS).map(async (user) => {
        // Staggered: the users do not all start in the same millisecond.
        let due = performance.now() + think();
        for (let t = 0; ; t++) {
          if (due >= end) return;
          await sleep(due - performance.now());
          const kind = KINDS[t % KINDS.length] as Kind;
          collect(out, kind, await send(port, requestOf(user, kind), due));
          due = performance.now() + think();
        }
      }),
    );
    return out;
  };

  /**
   * An open loop: requests arrive at `rate` a second on average (Poisson: exponential gaps), whether or
   * not earlier ones have been answered, each the next turn of the next user (round robin); a server that
   * falls behind sees the queue grow, as it would from that many people.
   */
  const openLoop = async (port: number, rate: number): Promise<Samples> => {
    const out: Samples = { answers: [], errors: 0, timeouts: 0 };
    const t0 = performance.now();
    const end = t0 + OPEN_SECONDS * 1000;
    const pending: Promise<void>[] = [];
    let due = t0;
    for (let i = 0; ; i++) {
      due += (-Math.log(1 - Math.random()) / rate) * 1000;
      if (due >= end) break;
      await sleep(due - performance.now());
      // The kinds in turn (a third each), the users in turn (with 50 users and 3 kinds each user's own
      // requests go through all three kinds).
      const u = i % sessions.length;
      const kind = KINDS[i % KINDS.length] as Kind;
      const at = due;
      pending.push(
        send(port, requestOf(sessions[u] as { cookie: string; csrf: string }, kind), at).then((got) =>
          collect(out, kind, got),
        ),
      );
    }
    await Promise.all(pending);
    return out;
  };

  /**
   * Runs one mode for `seconds` and prints its table: per kind, p50/p95/p99; errors; the CPU of the
   * server, of its PostgreSQL connections and of this process. Returns whether the target held (p95 of
   * all answers < 100 ms, no errors, no timeouts, every answer 2xx).
   */
  const measure = async (
    probe: Awaited<ReturnType<typeof openDatabase>>,
    serverPid: number,
    label: string,
    workers: string | undefined,
    seconds: number,
    drive: () => Promise<Samples>,
  ): Promise<boolean> => {
    // The PostgreSQL backends serving this server (its pool's connections): their CPU is this server's
    // share of the database's work, whatever else runs on the machine. Connections opened during the
    // run count from zero.
    const backendCpu = async (): Promise<Map<number, number>> => {
      const rows = await sql<{ pid: number }>`
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'homecoming' AND pid <> pg_backend_pid()`.execute(
        probe.db,
      );
      return new Map(rows.rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
    };
    const pgBefore = await backendCpu();
    // Polled during the run too: the pool closes connections idle for 10 s, and a backend gone by the end
    // would take its CPU with it (the last reading, at most 250 ms old, is kept).
    const pgSeen = new Map(pgBefore);
    let polling = true;
    const poll = (async () => {
      while (polling) {
        for (const [pid, cpu] of await backendCpu()) if (cpu > 0) pgSeen.set(pid, cpu);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const loadBefore = os.loadavg()[0] ?? 0;
    const cpuBefore = cpuSnapshot(serverPid);
    const samples = await drive();
    const cpuAfter = cpuSnapshot(serverPid);
    polling = false;
    await poll;
    const pgAfter = await backendCpu();
    for (const [pid, cpu] of pgAfter) pgSeen.set(pid, cpu);
    let ownPostgres = 0;
    for (const [pid, s] of pgSeen) ownPostgres += s - (pgBefore.get(pid) ?? 0);
    const pct = (xs: number[], p: number): number => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
    };
    const line = (name: string, xs: number[]): string =>
      `| ${name} | ${xs.length} | ${(xs.length / seconds).toFixed(1)} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 95).toFixed(0)} | ${pct(xs, 99).toFixed(0)} |`;
    console.log(
      `\n${label}: ${personsHeld} persons, ${seconds} s, workers: ${workers ?? 'none (one process)'}; load average before → after: ${loadBefore.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
    );
    console.log(
      '| requests | count | per second | p50 ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|',
    );
    const of = (k: Kind): number[] => samples.answers.filter((a) => a.kind === k).map((a) => a.ms);
    for (const k of KINDS) console.log(line(k, of(k)));
    const all = samples.answers.map((a) => a.ms);
    console.log(line('all', all));
    const statuses = new Map<number, number>();
    for (const a of samples.answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    const non2xx = samples.answers.filter((a) => a.status < 200 || a.status > 299).length;
    console.log(
      `errors: ${samples.errors}, timeouts: ${samples.timeouts}, non-2xx: ${non2xx}; statuses: ${[...statuses].map(([s, c]) => `${s}×${c}`).join(', ')}`,
    );
    const total = Math.max(samples.answers.length, 1);
    const per = (k: keyof typeof cpuAfter): string =>
      `${(cpuAfter[k] - cpuBefore[k]).toFixed(1)} s (${(((cpuAfter[k] - cpuBefore[k]) * 1000) / total).toFixed(2)} ms a request)`;
    console.log(
      `CPU during the run (${os.cpus().length} cores × ${seconds} s): server ${per('server')}, its ${pgSeen.size} PostgreSQL connections ${ownPostgres.toFixed(1)} s (${((ownPostgres * 1000) / total).toFixed(2)} ms a request), this process ${per('bench')}, machine busy ${per('machine')}`,
    );
    const ok = samples.errors === 0 && samples.timeouts === 0 && non2xx === 0 && pct(all, 95) < 100;
    console.log(`target (p95 < 100 ms, 0 errors): ${ok ? 'met' : 'not met'}`);
    return ok;
  };

  /** Serves with the CLI at `serverCli` and drives it; prints the table under `label`. */
  const drive = async (
    serverCli: string,
    label: string,
    workers: string | undefined,
    dbUrl: string,
  ): Promise<void> => {
    sessions = dbUrl === url ? ownSessions : await signIn(dbUrl);
    const port = await freePort();
    // SERVER_NODE_ARGS: options for the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
    const nodeArgs = (process.env['SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
    server = spawn(
      process.execPath,
      [...nodeArgs, serverCli, 'serve', ...(workers ? ['--workers', workers] : [])],
      {
        env: {
          ...process.env,
          ...env,
          DATABASE_URL: dbUrl,
          PORT: String(port),
          HOST: '127.0.0.1',
          HOMECOMING_PUBLIC_RATE_PER_MINUTE: '1000000',
        },
        stdio: ['ignore', 'inherit', 'pipe'],
      },
    );
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

    const serverPid = server.pid ?? 0;
    console.log(`\n${label}: database ${new URL(dbUrl).pathname.slice(1)}`);
    const probe = await openDatabase({ url: dbUrl });
    for (const mode of MODES) {
      if (mode === 'closed') {
        await measure(probe, serverPid, `${label}, closed loop`, workers, SECONDS, () => closedLoop(port));
      } else if (mode === 'think') {
        await measure(
          probe,
          serverPid,
          `${label}, ${USERS} users thinking ${THINK[0]}–${THINK[1]} s`,
          workers,
          OPEN_SECONDS,
          () => thinkingUsers(port),
        );
      } else {
        let failed = 0;
        for (const rate of RATES) {
          const ok = await measure(
            probe,
            serverPid,
            `${label}, open loop at ${rate} requests/s (Poisson arrivals)`,
            workers,
            OPEN_SECONDS,
            () => openLoop(port, rate),
          );
          failed = ok ? 0 : failed + 1;
          // Two rates in a row past the target: the ones above would be too (and only queue longer).
          if (failed >= 2) break;
        }
      }
    }
    await probe.close();
    server.kill('SIGTERM');
    await new Promise((r) => server?.on('close', r));
  };
  // BASELINE=path/to/homecoming.js: the same load against another build first (before/after in one run).
  const baseline = process.env['BASELINE'];
  if (baseline) {
    await drive(baseline, 'baseline', process.env['BASELINE_WORKERS'], process.env['BASELINE_URL'] ?? url);
  }
  await drive(cli, 'this build', WORKERS, url);
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
