import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/databases.js';
import { DISTRIBUTION_PLAN, KNOWN_DISTRIBUTION_GAPS } from './distribution.js';

const DOC = fileURLToPath(new URL('../../../../docs/citus.md', import.meta.url));

interface Constraint {
  table: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
}

describe('the schema against the Citus plan (docs/citus.md)', () => {
  let t: TestDatabase;
  let tables: string[];
  let columns: Map<string, { name: string; notNull: boolean }[]>;
  let constraints: Constraint[];
  const distributed: Record<string, string> = DISTRIBUTION_PLAN.distributed;
  const reference = new Set<string>(DISTRIBUTION_PLAN.reference);
  const local = new Set<string>(DISTRIBUTION_PLAN.local);

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    const db = t.database.db;
    tables = (
      await sql<{
        t: string;
      }>`SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`.execute(db)
    ).rows.map((r) => r.t);
    const cols = await sql<{ t: string; name: string; not_null: boolean }>`
      SELECT c.relname AS t, a.attname AS name, a.attnotnull AS not_null
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`.execute(
      db,
    );
    columns = new Map();
    for (const r of cols.rows)
      columns.set(r.t, [...(columns.get(r.t) ?? []), { name: r.name, notNull: r.not_null }]);
    constraints = (
      await sql<Constraint>`
        SELECT c.relname AS table, k.contype AS type,
          (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS columns,
          r.relname AS ref_table,
          (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n) AS ref_columns
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        LEFT JOIN pg_class r ON r.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND k.contype IN ('p', 'u', 'f')`.execute(db)
    ).rows;
  });
  afterAll(() => t.dispose());

  it('places every table exactly once: distributed, reference or local', () => {
    const placed = [...Object.keys(distributed), ...reference, ...local];
    expect(placed.length).toBe(new Set(placed).size);
    expect(tables.filter((x) => !placed.includes(x))).toEqual([]);
    expect(placed.filter((x) => !tables.includes(x))).toEqual([]);
  });

  it('gives every distributed table its distribution column, NOT NULL, and distributes every table that holds one person’s data', () => {
    for (const [table, column] of Object.entries(distributed)) {
      const c = columns.get(table)?.find((x) => x.name === column);
      expect(c, `${table}.${column}`).toBeDefined();
      expect(c?.notNull, `${table}.${column} NOT NULL`).toBe(true);
    }
    // A table with a person_id column holds one person's data: it is distributed, or it is one of the
    // coordinator's tables whose person is found later (a relative's request, an exchange list's entry).
    const personOwned = tables.filter((x) => columns.get(x)?.some((c) => c.name === 'person_id'));
    const laterPerson = new Set<string>(DISTRIBUTION_PLAN.localWithPerson);
    expect(personOwned.filter((x) => !(x in distributed) && !laterPerson.has(x))).toEqual([]);
  });

  it('lists exactly the obstacles the schema still has to distribution (unique keys and foreign keys)', () => {
    const gaps: string[] = [];
    const placeOf = (x: string) =>
      x in distributed ? 'distributed' : reference.has(x) ? 'reference' : 'local';
    for (const k of constraints) {
      const cols = `(${k.columns.join(', ')})`;
      const dist = distributed[k.table];
      if (dist !== undefined && (k.type === 'p' || k.type === 'u') && !k.columns.includes(dist)) {
        gaps.push(
          `${k.table}: ${k.type === 'p' ? 'primary key' : 'unique'} ${cols} lacks the distribution column ${dist}`,
        );
      }
      if (k.type !== 'f' || !k.ref_table) continue;
      const from = placeOf(k.table);
      const to = placeOf(k.ref_table);
      if (from === 'distributed' && to === 'distributed') {
        // Co-located: the key must join on both tables' distribution columns.
        const i = k.ref_columns?.indexOf(distributed[k.ref_table] ?? '') ?? -1;
        if (i < 0 || k.columns[i] !== dist)
          gaps.push(`${k.table}: foreign key ${cols} → ${k.ref_table} is not on the distribution column`);
      } else if (from === 'distributed' && to === 'local') {
        gaps.push(`${k.table}: foreign key ${cols} → local ${k.ref_table}`);
      } else if (from !== 'distributed' && to === 'distributed') {
        gaps.push(`${k.table} (${from}): foreign key ${cols} → distributed ${k.ref_table}`);
      }
    }
    expect(gaps.sort()).toEqual([...KNOWN_DISTRIBUTION_GAPS].sort());
  });

  it('names every table in docs/citus.md', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    expect(tables.filter((x) => !doc.includes(`\`${x}\``))).toEqual([]);
  });
});
