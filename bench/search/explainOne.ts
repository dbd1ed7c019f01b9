/**
 * Explains every statement one search sends (EXPLAIN (ANALYZE, BUFFERS) in text, with the statement and its
 * parameters), for the slow queries latency.ts's BREAKDOWN finds:
 *   URL=postgres://… Q='…' [BIRTH=1990-01-24] [REPEAT=n] npx tsx --conditions=source bench/search/explainOne.ts
 * (REPEAT=n: each statement explained n more times on its connection, warm: planning and execution times.)
 */
import '../../packages/server/src/wiring.js';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { openDatabase } from '../../packages/server/src/db/database.js';
import type { DB } from '../../packages/server/src/db/schema.js';
import * as thisService from '../../packages/server/src/modules/search/service.js';
import { personScopeOf } from '../../packages/server/src/gate/scope.js';
import { unsafeRegistryPrincipal } from '../../packages/server/src/gate/principal.js';

const service = (
  process.env['SERVICE'] ? await import(process.env['SERVICE']) : thisService
) as typeof thisService;
const REPEAT = Number(process.env['REPEAT'] ?? 0);
const database = await openDatabase({ url: process.env['URL'] ?? '' });
const pool: PostgresPool = {
  async connect() {
    const client = await database.pool.connect();
    return {
      async query(text: string, params: readonly unknown[]) {
        if (/^\s*(\(|select|with)/i.test(text)) {
          const e = await client.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
            params,
          );
          console.log(`\n==== ${text}\n---- ${JSON.stringify(params)}`);
          console.log(e.rows.map((r) => r['QUERY PLAN']).join('\n'));
          // REPEAT=n: the statement explained n more times on the same connection (warm caches), only
          // its planning and execution times and buffers printed.
          for (let i = 0; i < REPEAT; i++) {
            const again = await client.query<{ 'QUERY PLAN': string }>(
              `EXPLAIN (ANALYZE, BUFFERS, SUMMARY) ${text}`,
              params,
            );
            const lines = again.rows.map((r) => r['QUERY PLAN']);
            console.log(
              `again: ${lines.filter((l) => /^(Planning Time|Execution Time| {2}Buffers|Buffers)/.test(l)).join('; ')} top ${lines[1]?.trim() ?? ''}`,
            );
          }
        }
        const r = await client.query(text, params);
        return { rows: r.rows, rowCount: r.affectedRows };
      },
      release: () => client.release(),
    } as unknown as PostgresPoolClient;
  },
  end: async () => {},
};
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
const r = await service.searchPersons(
  { ...database, db },
  {
    q: process.env['Q'] ?? '',
    birth: process.env['BIRTH'] || undefined,
    limit: 10,
    scope: personScopeOf(unsafeRegistryPrincipal()),
  },
);
console.log(`\ntotal ${r.total} exact ${r.total_exact}, hits ${r.hits.length}`);
await db.destroy();
await database.close();
