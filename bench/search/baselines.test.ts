import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation } from '../../packages/server/src/seed/population.js';
import {
  BASELINES,
  setupBaselines,
  translitTrigramBaseline,
  trigramBaseline,
  type SqlClient,
} from './baselines.js';
import { meanReciprocalRank, recallAtK } from './metrics.js';
import { generateQueries } from './variants.js';

// A pg.Client fits the interface the baselines take (checked at compile time only).
const _pgClientFits = (client: pg.Client): SqlClient => client;

const population = [...generatePopulation({ persons: 2_000, seed: 5 })];
const { queries, planted } = generateQueries(population, { queries: 300, seed: 5 });
let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create({ extensions: { pg_trgm, unaccent } });
  await db.exec(
    'CREATE TABLE record (external_id text PRIMARY KEY, family_name text NOT NULL, given_name text, patronymic text, birth_date text)',
  );
  const rows = [...population, ...planted];
  await db.query(
    'INSERT INTO record SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])',
    [
      rows.map((r) => r.external_id),
      rows.map((r) => r.family_name),
      rows.map((r) => r.given_name),
      rows.map((r) => r.patronymic || null),
      rows.map((r) => r.birth_date || null),
    ],
  );
  await setupBaselines(db);
  await setupBaselines(db); // idempotent
});

afterAll(async () => {
  await db.close();
});

describe('baselines', () => {
  it('transliterates naively, letter for letter', async () => {
    const { rows } = await db.query<{ t: string }>(
      "SELECT generic_translit('Шевченко Олександр В''ячеславович Юрій Ілля Жук Щука Ёлкин Эдуард') AS t",
    );
    expect(rows[0]?.t).toBe('shevchenko oleksandr viacheslavovych iurii illia zhuk shchuka elkyn eduard');
  });

  it('finds an exact Cyrillic name first, using the birth date to break a tie', async () => {
    const row = population.find((r) => r.birth_date.length === 10 && r.patronymic !== '');
    if (row === undefined) throw new Error('no row');
    const q = { q: `${row.family_name} ${row.given_name} ${row.patronymic}`, birth: row.birth_date };
    const a = await trigramBaseline(db, q);
    const b = await translitTrigramBaseline(db, q);
    expect(a[0]).toBe(row.external_id);
    expect(b[0]).toBe(row.external_id);
    expect(a.length).toBeLessThanOrEqual(10);
  });

  it('only the transliterating baseline finds a Latin spelling', async () => {
    const { rows } = await db.query<{ external_id: string }>(
      "SELECT external_id FROM record WHERE family_name = 'Шевченко' AND given_name = 'Олександр' LIMIT 1",
    );
    const target = rows[0]?.external_id;
    if (target === undefined) return; // the seed has no such person
    expect(await trigramBaseline(db, { q: 'Shevchenko Oleksandr', birth: '' })).not.toContain(target);
    expect(await translitTrigramBaseline(db, { q: 'Shevchenko Oleksandr', birth: '' })).toContain(target);
  });

  it('produces rankings the metrics can score', async () => {
    for (const baseline of BASELINES) {
      const results = [];
      for (const query of queries) results.push({ query, ranked: await baseline.run(db, query) });
      const r1 = recallAtK(results, 1);
      const r10 = recallAtK(results, 10);
      expect(r1).toBeGreaterThan(0.05);
      expect(r10).toBeGreaterThanOrEqual(r1);
      expect(meanReciprocalRank(results)).toBeGreaterThanOrEqual(r1);
    }
  });
});
