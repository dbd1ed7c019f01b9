/**
 * The CPU of a search's statements alone, this tree's against another tree's, on one connection: the
 * statements each tree's search sends for the load bench's searches (run.ts: half bare family names, half
 * full names with the birth year) are recorded once, then replayed prepared, the two trees' alternately,
 * ROUNDS times after a warm-up past PostgreSQL's five custom plans; prints, per search, this process's
 * CPU (sending, receiving and parsing the rows, nothing else) and the backend's (from /proc), with the rows
 * received. Scoring and the audit entry are left out: what the statements cost on each side of the wire.
 *   URL=postgres://… BASE=/tmp/base-x/packages/server/src/modules/search/service.ts [N=60] [ROUNDS=4] \
 *     [KIND=full|bare] npx tsx --conditions=source bench/load/replaySearches.ts
 */
import '../../packages/server/src/wiring.js';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import { searchPersons } from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { REGISTRY_ORGANISATION_ID } from '../../packages/server/src/auth/permissions.js';
import { cpuSeconds } from '../lib.js';

const url = process.env['URL'];
const BASE = process.env['BASE'];
if (!url || !BASE) throw new Error('URL and BASE are required');
const N = Number(process.env['N'] ?? 60);
const ROUNDS = Number(process.env['ROUNDS'] ?? 4);
const KIND = process.env['KIND'] ?? 'full';
const base = (await import(BASE)) as { searchPersons: typeof searchPersons };

interface Statement {
  text: string;
  values: unknown[];
}
// Every statement a search sends goes through pg's Client.query: recorded while each tree searches once.
let recording: Statement[] | null = null;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: unknown,
  ...args: unknown[]
) {
  // Named and prepared (this tree's search on its own pool) or text and values (through Kysely: another
  // tree's module does not know this tree's pool as its own).
  const q = args[0] as { text?: string; values?: unknown[] } | string;
  if (recording !== null) {
    if (typeof q === 'string') recording.push({ text: q, values: (args[1] as unknown[] | undefined) ?? [] });
    else if (q.text) recording.push({ text: q.text, values: q.values ?? [] });
  }
  return query.apply(this, args);
};

const database = await openDatabase({ url });
const scope = personScopeOf({
  id: 'bench',
  role: 'registrar',
  organisationId: REGISTRY_ORGANISATION_ID,
  kind: 'user',
});
const sample = await sql<{ family_name: string; given_name: string | null; birth_year: number | null }>`
  SELECT family_name, given_name, birth_year FROM person TABLESAMPLE SYSTEM (5) REPEATABLE (16)
  WHERE merged_into IS NULL AND family_name IS NOT NULL LIMIT ${N}`.execute(database.db);
const inputs = sample.rows.map((p) =>
  KIND === 'bare'
    ? { q: p.family_name, limit: 10 }
    : {
        q: `${p.family_name} ${p.given_name ?? ''}`.trim(),
        ...(p.birth_year ? { birth: String(p.birth_year) } : {}),
        limit: 10,
      },
);
const record = async (search: typeof searchPersons): Promise<Statement[]> => {
  recording = [];
  for (const input of inputs) await search(database, { ...input, scope });
  const out = recording;
  recording = null;
  return out;
};
const trees: [string, Statement[]][] = [
  ['before', await record(base.searchPersons)],
  ['after', await record(searchPersons)],
];
await database.close();

const client = new pg.Client({ connectionString: url, options: '-c jit=off' });
await client.connect();
const pid = (await client.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]?.p ?? 0;
const names = new Map<string, string>();
const run = async (statements: Statement[]): Promise<number> => {
  let rows = 0;
  for (const s of statements) {
    let name = names.get(s.text);
    if (name === undefined) names.set(s.text, (name = `replay${names.size}`));
    rows += (await client.query({ name, text: s.text, values: s.values })).rows.length;
  }
  return rows;
};
for (const [, statements] of trees) for (let i = 0; i < 6; i++) await run(statements);
console.log(`${inputs.length} ${KIND} searches; per search:`);
for (let r = 0; r < ROUNDS; r++) {
  for (const [label, statements] of trees) {
    const pg0 = cpuSeconds(pid);
    const u0 = process.cpuUsage();
    const rows = await run(statements);
    const u = process.cpuUsage(u0);
    const pgMs = ((cpuSeconds(pid) - pg0) * 1000) / inputs.length;
    console.log(
      `round ${r + 1} ${label.padEnd(6)}: ${(statements.length / inputs.length).toFixed(2)} statements, ${(rows / inputs.length).toFixed(1)} rows; node ${((u.user + u.system) / 1000 / inputs.length).toFixed(2)} ms, PostgreSQL ${pgMs.toFixed(2)} ms`,
    );
  }
}
await client.end();
