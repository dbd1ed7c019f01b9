/**
 * A search after the server sat idle: what a quiet office's first request of a while costs. Through
 * `searchPersonsAs` on a filled database (URL), QUERIES full-name searches (default 8), each after IDLE
 * seconds (default 15) without a statement, then the same one again at once; prints each pair's
 * latencies and how many connections the pool held before it (`URL=… npx tsx --conditions=source
 * bench/load/afterIdle.ts`). The pool's idle timeout decides whether the first pays a new connection,
 * its prepared statements and its first plans again.
 */
import '../../packages/server/src/wiring.js';
import os from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { searchPersonsAs } from '../../packages/server/src/modules/search/service.js';

const url = process.env['URL'];
if (!url) throw new Error('URL=postgres://… of a filled database');
const N = Number(process.env['QUERIES'] ?? 8);
const IDLE = Number(process.env['IDLE'] ?? 15);
const database = await openDatabase({ url });
const sample = await sql<{
  family_name: string | null;
  given_name: string | null;
  birth_year: number | null;
}>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (17)
  WHERE merged_into IS NULL AND family_name IS NOT NULL AND given_name IS NOT NULL LIMIT ${N}`.execute(
  database.db,
);
const viewer = {
  id: 'bench',
  role: 'registrar' as const,
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user' as const,
};
const search = async (q: string): Promise<number> => {
  const t0 = performance.now();
  await searchPersonsAs(database, viewer, { q, limit: 10 });
  return performance.now() - t0;
};
// Warm: every statement prepared once on some connection.
for (const p of sample.rows) await search(`${p.family_name} ${p.given_name} ${p.birth_year ?? ''}`.trim());
const after: number[] = [];
const again: number[] = [];
for (const p of sample.rows) {
  await new Promise((r) => setTimeout(r, IDLE * 1000));
  const q = `${p.family_name} ${p.given_name} ${p.birth_year ?? ''}`.trim();
  after.push(await search(q));
  again.push(await search(q));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `after ${IDLE} s idle (${N} full-name searches, load ${os.loadavg()[0]?.toFixed(1)}): first ${after.map((x) => x.toFixed(1)).join(' ')} ms (median ${med(after).toFixed(1)}); ` +
    `at once again ${again.map((x) => x.toFixed(1)).join(' ')} ms (median ${med(again).toFixed(1)})`,
);
await database.close();
