import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { openSearchApp, type SearchApp } from '../../test/searchApp.js';
import { queriesOwnPool, type Database } from '../../db/database.js';
import { PREPARE_MARK, PREPARED_PER_CONNECTION, preparedName, type SqlClient } from '../../db/driver.js';
import { personScopeOf } from '../../gate/scope.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { searchPersons, traceSearch } from './service.js';

// Generated people only: namesakes enough for the branches to find several records each.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
p1,family desk,military,Шевченко,Олександр,Петрович,male,1990-05-17,missing
p2,family desk,military,Шевченко,Олександр,Петрович,male,1975-11-02,captivity_reported
p3,other side list,military,Шевченко,Олександр,Петровыч,male,1990,captivity_reported
p4,family desk,military,Шефченко,Олександр,Петрович,male,1991-02-03,missing
p5,family desk,military,Шевчук,Олег,Андрійович,male,1990-05-17,missing
p6,family desk,civilian_detainee,Шевченко,Ганна,Сергіївна,female,1969-07-21,missing
p7,family desk,military,Бондаренко,Сергій,Миколайович,male,1995-01-30,missing
`;

const QUERIES: { q: string; birth?: string }[] = [
  { q: 'Шевченко' },
  { q: 'Шевченко Олександр', birth: '1990' },
  { q: 'Олександр Шевченко Петрович', birth: '1990-05-17' },
  { q: 'Шевченкр Олександр', birth: '1990' },
  { q: 'Shevchenko Oleksandr' },
  { q: 'Бондаренко С. М.' },
];

/** The client's `prepared`, which PostgreSQL's clients have. */
function preparedOf(client: SqlClient): NonNullable<SqlClient['prepared']> {
  if (!client.prepared) throw new Error('no prepared statements on this client');
  return client.prepared.bind(client);
}

describe.each(DATABASE_KINDS)("search's statements kept prepared on %s", (kind) => {
  let fixture: SearchApp | undefined;
  let database: Database;
  beforeAll(async () => {
    fixture = await openSearchApp(kind, CSV);
    database = fixture.t.database;
  });
  afterAll(async () => {
    await fixture?.close();
  });
  const scope = personScopeOf(unsafeRegistryPrincipal());

  it('answers as the query builder does, the first time and once PostgreSQL may keep generic plans', async () => {
    expect(queriesOwnPool(database)).toBe(true);
    // Inside a transaction the statements go through Kysely, unnamed: the reference answers.
    const reference = await database.db.transaction().execute(async (trx) => {
      expect(queriesOwnPool({ ...database, db: trx })).toBe(false);
      const out = [];
      for (const input of QUERIES)
        out.push(await searchPersons({ ...database, db: trx }, { ...input, limit: 10, scope }));
      return out;
    });
    // Seven rounds: PostgreSQL plans a prepared statement afresh five times before it may keep a generic plan.
    for (let round = 0; round < 7; round++) {
      for (const [i, input] of QUERIES.entries())
        expect(await searchPersons(database, { ...input, limit: 10, scope })).toEqual(reference[i]);
    }
  });

  it.runIf(kind === 'postgres')(
    'keeps each statement prepared under its text’s digest, on the connection that ran it',
    async () => {
      const { trace } = await traceSearch(() =>
        searchPersons(database, { q: 'Шевченко Олександр', birth: '1990', limit: 10, scope }),
      );
      expect(trace.statements).toContain('keyed');
      const client = await database.pool.connect();
      try {
        const names = await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`);
        // Every search statement is prepared on some connection of the pool; this one holds at least one.
        expect(names.rows.every((r) => /^hc_[0-9a-f]{24}$/.test(r.name))).toBe(true);
        const text = 'SELECT $1::int + 1 AS n';
        expect((await preparedOf(client)<{ n: number }>(text, [41])).rows).toEqual([{ n: 42 }]);
        const after = await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`);
        expect(after.rows.map((r) => r.name)).toContain(preparedName(text));
      } finally {
        client.release();
      }
    },
  );

  it.runIf(kind === 'postgres')(
    'keeps at most PREPARED_PER_CONNECTION texts on a connection; past them, runs unnamed',
    async () => {
      const client = await database.pool.connect();
      try {
        for (let i = 0; i < PREPARED_PER_CONNECTION + 10; i++) {
          const r = await preparedOf(client)<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1]);
          expect(r.rows).toEqual([{ n: 1 + i }]);
        }
        // Statements marked PREPARE_MARK (the session's, the audit's) are kept beside these: not counted.
        const held = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE strpos(statement, $1) = 0`,
          [PREPARE_MARK],
        );
        expect(held.rows[0]?.n).toBe(PREPARED_PER_CONNECTION);
        // A text already held is still run by its name.
        expect((await preparedOf(client)<{ n: number }>(`SELECT $1::int + 0 AS n`, [5])).rows).toEqual([
          { n: 5 },
        ]);
      } finally {
        client.release();
      }
    },
  );

  it.runIf(kind === 'pglite')(
    'runs unnamed on the embedded database (its client has no prepared method)',
    async () => {
      // The embedded database has one connection: held here, the query builder would wait for it.
      const client = await database.pool.connect();
      const prepared = client.prepared;
      client.release();
      expect(prepared).toBeUndefined();
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
    },
  );
});
