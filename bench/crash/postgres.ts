/**
 * Crash proof with PostgreSQL itself crashing (issue #16; bench/RESULTS.md, `red`): as `run.ts`, but each
 * round stops a private PostgreSQL cluster with `pg_ctl -m immediate` (no shutdown checkpoint: crash
 * recovery from the WAL on the next start, unlogged tables such as `audit_pending` emptied) while clients
 * write through `homecoming serve`, then starts it again and checks every acknowledged write, nothing
 * half-written, and `audit verify` against the checkpoint folder.
 *
 *   PGDATA=/tmp/red-pg/data PGPORT=5433 [PG_BIN=/usr/lib/postgresql/15/bin] [PG_USER=postgres] \
 *     npx tsx --conditions=source bench/crash/postgres.ts --rounds 20 [--import-clients 3]
 *
 * The cluster must be running (trust auth on 127.0.0.1); as root, pg_ctl runs as PG_USER (runuser).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { parseArgs, promisify } from 'node:util';
import { createScratchDatabase } from '../lib.js';
import { importsLine, runCrashRounds } from '../../packages/server/src/test/crashRounds.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '4' },
    'import-clients': { type: 'string', default: '1' },
  },
});
const rounds = Number(values.rounds);
const clients = Number(values.clients);
const importClients = Number(values['import-clients']);
const pgdata = process.env['PGDATA'];
const port = process.env['PGPORT'] ?? '5433';
const bin = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const user = process.env['PG_USER'] ?? 'postgres';
if (!pgdata || ![rounds, clients, importClients].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error('PGDATA must name the private cluster; --rounds and --clients positive whole numbers');
  process.exit(2);
}

async function pgCtl(...args: string[]): Promise<void> {
  const cmd = [`${bin}/pg_ctl`, '-D', pgdata as string, ...args];
  if (process.getuid?.() === 0) await run('runuser', ['-u', user, '--', ...cmd]);
  else await run(cmd[0] as string, cmd.slice(1));
}

const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
const scratch = await createScratchDatabase('red_pgcrash', adminUrl);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
try {
  console.log(`load average before: ${load()}`);
  let crashes = 0;
  const r = await runCrashRounds({
    url: scratch.url,
    rounds,
    clients,
    importClients,
    built: true,
    log: (l) => console.log(l),
    crash: async () => {
      await pgCtl('-m', 'immediate', 'stop');
      crashes++;
    },
    recover: async () => {
      await pgCtl('-w', '-l', `${pgdata}/../log`, 'start');
    },
  });
  console.log(`load average after: ${load()}`);
  console.log(JSON.stringify(r, null, 2));
  if (r.problems.length > 0) {
    console.error(`crash proof FAILED: ${r.problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `crash proof held: ${crashes} PostgreSQL crashes (pg_ctl -m immediate); ${r.acknowledged.records} records, ` +
        `${r.acknowledged.events} events, ${importsLine(r)}; 0 lost, 0 half-written, ` +
        `audit log of ${r.auditEntries} entries verified; ${r.seconds.toFixed(0)} s`,
    );
  }
} finally {
  await scratch.drop();
}
