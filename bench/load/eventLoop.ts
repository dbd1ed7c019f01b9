/**
 * Added events side by side, in one process as the server runs them (no HTTP): C loops (default 8), each
 * adding events to persons of its own (so no two wait for one person's lock), for SECONDS (default 15)
 * against a filled database (URL). Every audited write takes the one audit head's row lock until it
 * commits, so the loops queue there; this shows how long. Prints events/s, latency p50/p95, CPU per event
 * (this process, and its PostgreSQL connections from /proc) and, from pg_stat_activity sampled every
 * 20 ms, how many of the loops' connections were waiting for a lock on average. For a baseline, copy this
 * file into the baseline's tree and run it there against a copy of the same database:
 * `URL=postgres://…/copy [C=8 SECONDS=15] npx tsx --conditions=source bench/load/eventLoop.ts`.
 * Adds events and audit entries to the database.
 */
import '../../packages/server/src/wiring.js';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { addEvent } from '../../packages/server/src/modules/events/service.js';
import { cpuSeconds } from '../lib.js';

const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const C = Number(process.env['C'] ?? 8);
const SECONDS = Number(process.env['SECONDS'] ?? 15);
// PostgreSQL backends' CPU in ms.
const cpu = (pid: number): number => cpuSeconds(pid) * 1000;
const database = await openDatabase({ url });
const watcher = await openDatabase({ url });
const viewer = {
  id: 'bench',
  role: 'registrar' as const,
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user' as const,
};
const people = (
  await sql<{ id: string }>`SELECT id FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (17)
    WHERE merged_into IS NULL LIMIT ${C * 50}`.execute(database.db)
).rows.map((r) => r.id);
if (people.length < C) throw new Error('too few persons');
const add = (id: string) =>
  addEvent(database, viewer, id, {
    type: 'captivity_reported',
    occurred_on: '2024-03',
    note: 'loop test',
    confidence: 'reported',
  });
// Warm: every loop's connection open, statements prepared.
await Promise.all(Array.from({ length: C }, (_, w) => add(people[w] as string)));
const pids = (
  await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = 'homecoming' AND pid <> pg_backend_pid()`.execute(
    database.db,
  )
).rows.map((r) => r.pid);
let waiting = 0;
let samples = 0;
let stop = false;
const sampler = (async () => {
  while (!stop) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE pid = ANY(${pids}::int[]) AND wait_event_type = 'Lock'`.execute(watcher.db);
    waiting += r.rows[0]?.n ?? 0;
    samples++;
    await new Promise((r) => setTimeout(r, 20));
  }
})();
const pg0 = pids.reduce((a, p) => a + cpu(p), 0);
const u0 = process.cpuUsage();
const t0 = performance.now();
const latencies: number[] = [];
const until = t0 + SECONDS * 1000;
await Promise.all(
  Array.from({ length: C }, async (_, w) => {
    for (let i = 0; performance.now() < until; i++) {
      const id = people[w + C * (i % Math.floor(people.length / C))] as string;
      const s = performance.now();
      await add(id);
      latencies.push(performance.now() - s);
    }
  }),
);
const wall = performance.now() - t0;
const u = process.cpuUsage(u0);
const pg1 = pids.reduce((a, p) => a + cpu(p), 0);
stop = true;
await sampler;
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const n = latencies.length;
console.log(
  `C=${C} ${SECONDS}s load ${os.loadavg()[0]?.toFixed(1)}: ${((n / wall) * 1000).toFixed(1)} events/s, p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms; CPU/event node ${((u.user + u.system) / 1000 / n).toFixed(2)} ms, postgres ${((pg1 - pg0) / n).toFixed(2)} ms; connections waiting for a lock ${(waiting / samples).toFixed(2)} of ${pids.length} (${samples} samples)`,
);
await watcher.close();
await database.close();
