/**
 * CPU per operation, one at a time (no queue, no HTTP): a session lookup (read, and remembered as the
 * server does), a search by a bare family name,
 * by a full name with the birth year, a person's file and an added event, each N times (default 100,
 * after 10 to warm up) against a filled database (URL); prints the wall time, this process's CPU and the
 * CPU of its PostgreSQL connections (their backends, from /proc) per operation. What a request costs
 * apart from the queue, which on a loaded machine is most of its latency. For a baseline, run the same file
 * from a copy of the baseline's tree (`URL=… npx tsx --conditions=source bench/load/perOperation.ts`).
 * Adds N + 10 events and audit entries to the database.
 */
import '../../packages/server/src/wiring.js';
import { sql } from 'kysely';
import fs from 'node:fs';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import * as thisSearch from '../../packages/server/src/modules/search/service.js';
import { getPersonDetail } from '../../packages/server/src/modules/persons/service.js';
import { addEvent } from '../../packages/server/src/modules/events/service.js';
import { resolveSession, startSession } from '../../packages/server/src/modules/auth/sessions.js';
import { rememberSessions } from '../../packages/server/src/modules/auth/sessionCache.js';
import { insertUser } from '../../packages/server/src/modules/auth/setup.js';
const cpu = (pid: number) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(x[11]) + Number(x[12])) * 10;
  } catch {
    return 0;
  }
};
// SEARCH_SERVICE=path: the searches through another tree's search module (a baseline's service.ts), the
// rest through this tree's, for a before/after of search alone on one database.
const { searchPersonsAs } = (
  process.env['SEARCH_SERVICE'] ? await import(process.env['SEARCH_SERVICE']) : thisSearch
) as typeof thisSearch;
const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const database = await openDatabase({ url });
const viewer = {
  id: 'bench',
  role: 'registrar' as const,
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user' as const,
};
const sample = await sql<{ id: string; family_name: string; given_name: string; birth_year: number | null }>`
  SELECT id, family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT 200`.execute(database.db);
const user = await insertUser(database.db, {
  username: `cpu-${Date.now()}`,
  role: 'registrar',
  organisationId: REGISTRY_ORGANISATION_ID,
  passwordHash: null,
  createdBy: 'bench',
});
const s = await startSession(database.db, user.id, 'active');
const pids = async () =>
  (
    await sql<{
      pid: number;
    }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'homecoming'`.execute(
      database.db,
    )
  ).rows.map((r) => r.pid);
const people = sample.rows;
if (people.length === 0) throw new Error('no persons to ask for');
const nth = (i: number) => people[i % people.length] as (typeof people)[number];
// The server remembers active sessions (sessionCache.ts); a second database handle reads them every time.
const remembering = await openDatabase({ url });
const remembered = await rememberSessions(remembering);
const ops: Record<string, (i: number) => Promise<unknown>> = {
  session: () => resolveSession(database, s.token),
  'session remembered': () => resolveSession(remembering, s.token),
  'search bare': (i) => searchPersonsAs(database, viewer, { q: nth(i).family_name, limit: 10 }),
  'search full+year': (i) => {
    const p = nth(i);
    return searchPersonsAs(database, viewer, {
      q: `${p.family_name} ${p.given_name}`,
      ...(p.birth_year ? { birth: String(p.birth_year) } : {}),
      limit: 10,
    });
  },
  'person file': (i) => getPersonDetail(database, viewer, nth(i).id),
  'add event': (i) =>
    addEvent(database, viewer, nth(i).id, {
      type: 'captivity_reported',
      occurred_on: '2024-03',
      note: 'cpu test',
      confidence: 'reported',
    }),
};
const N = Number(process.env['N'] ?? 100);
// BUFFERS=1: also the shared buffers (hit + read) per operation, the whole database's (pg_stat_database; a copy
// only this process uses), through the statements as the server sends them (prepared, generic plans). A
// backend reports its counts when idle, at most once a second and within ten: read after a pause each side.
const BUFFERS = process.env['BUFFERS'] === '1';
const buffers = async (): Promise<{ hit: number; read: number }> => {
  await new Promise((r) => setTimeout(r, 11_000));
  const r = await sql<{ hit: string; read: string }>`SELECT blks_hit::text AS hit, blks_read::text AS read
    FROM pg_stat_database WHERE datname = current_database()`.execute(database.db);
  return { hit: Number(r.rows[0]?.hit ?? 0), read: Number(r.rows[0]?.read ?? 0) };
};
// OPS=a,b: only these operations (e.g. `OPS='search bare,search full+year'`).
const only = process.env['OPS']?.split(',').map((o) => o.trim());
for (const [name, op] of Object.entries(ops)) {
  if (only && !only.includes(name)) continue;
  for (let i = 0; i < 10; i++) await op(i); // warm
  const b0 = BUFFERS ? await buffers() : null;
  const ps = await pids();
  const pg0 = ps.reduce((a, p) => a + cpu(p), 0);
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await op(i);
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  const pg1 = (await pids()).reduce((a, p) => a + cpu(p), 0);
  const b1 = b0 ? await buffers() : null;
  console.log(
    `${name.padEnd(18)} wall ${(wall / N).toFixed(2)} ms, node ${((u.user + u.system) / 1000 / N).toFixed(2)} ms (user ${(u.user / 1000 / N).toFixed(2)}), postgres ${((pg1 - pg0) / N).toFixed(2)} ms` +
      (b0 && b1
        ? `, buffers ${((b1.hit + b1.read - b0.hit - b0.read) / N).toFixed(1)} (read ${((b1.read - b0.read) / N).toFixed(1)})`
        : ''),
  );
}
await remembered.close();
await remembering.close();
await database.close();
