import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { autoLinkable, compileModel, defaultModel, type LinkRecord } from '@homecoming/linkage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';
import { importCsv } from '../imports/csvImport.js';
import { ageForBirthSql, approximateDateSql, isAgeForBirth, isApproximateDate } from '../registry/dates.js';
import { CSV_HEADER, csvLine } from '../../seed/population.js';
import type { CanonicalCsvRow } from '../registry/vocabulary.js';
import { candidatePersons, probeOf } from './candidates.js';
import { validateRecordFields } from '../records/validate.js';
import { PackedRegistry } from './packedRegistry.js';

/**
 * A birth date written as a guess ("бл. 1991", "1991?") reaches linkage from every path as `birthGuessed`: the
 * record about to be written (`probeOf`), the stored record the SQL lookups read (migration 0060's generated
 * `birth_guessed`) and the packed registry (pages of rows and one binary COPY); the migration's expression is
 * `isApproximateDate` of the written cell. Generated people only.
 */
const CELLS = [
  'бл. 1991',
  'Бл. 1991',
  'БЛИЗЬКО 1991',
  'близько 1991',
  'прибл. 1991 р.',
  '~1991',
  '~ 1991',
  '≈1991',
  '1991?',
  '1991??',
  'ок. 1991',
  'Около 1991 г.',
  'c. 1991',
  'Approx. 1991',
  'circa 1991',
  '1991 (приблизно)',
  '1991 (Прибл.)',
  '12.03.1991?',
  '1991',
  '12.03.1991',
  '1991 р.н., м. Харків',
  'невідомо',
  'бл.',
  '?',
  'about',
  '1991 ?',
  // rc8, age2 (migration 0062): an age in words that say it is one gives a guessed year; "35 р." gives none.
  '35 років',
  '35 РОКІВ',
  '35 лет',
  '(35)',
  'вік 35',
  'Возраст: 35',
  '35 y.o.',
  'Age 35',
  '35 р.',
  '(35 р.)',
  '35',
];

function row(external_id: string, family: string, birth: string): CanonicalCsvRow {
  return {
    external_id,
    source: 'guessed',
    category: 'missing',
    family_name: family,
    given_name: 'Любомир',
    patronymic: '',
    sex: 'male',
    birth_date: birth,
    status: 'missing',
    unit: '',
    service_number: '',
  };
}

describe('the migration reads a guessed date as isApproximateDate does', () => {
  it('writes out approximateDateSql of the written cell', () => {
    const migration = fs.readFileSync(
      new URL('../../../migrations/0060_birth_guessed.sql', import.meta.url),
      'utf8',
    );
    expect(migration).toContain(approximateDateSql("attributes->>'written_birth_date'"));
  });
  it('writes out approximateDateSql and ageForBirthSql of the written cell (0062)', () => {
    const migration = fs.readFileSync(
      new URL('../../../migrations/0062_birth_guessed_age.sql', import.meta.url),
      'utf8',
    );
    expect(migration).toContain(approximateDateSql("attributes->>'written_birth_date'"));
    expect(migration).toContain(ageForBirthSql("attributes->>'written_birth_date'"));
  });
});

describe.each(DATABASE_KINDS)('a guessed birth date on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-guessed-'));
    const file = path.join(dir, 'guessed.csv');
    const rows = [
      row('g-1', 'Вакулович', 'бл. 1979'),
      row('g-2', 'Мартинов', '1979'),
      row('g-3', 'Гайдученко', '19.06.1979'),
      row('g-4', 'Костюкевич', '35 років'),
      row('g-5', 'Лелекун', '35 р.'),
    ];
    // The list's date, from which an age gives a year (rc8).
    fs.writeFileSync(
      file,
      [`${CSV_HEADER},source_date`, ...rows.map((r) => `${csvLine(r)},2026-06-01`)].join('\n'),
    );
    await importCsv(t.database, { file, actor: 'test' });
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
  });

  it('generates birth_guessed as isApproximateDate of the written cell', async () => {
    const got = await sql<{ cell: string; guessed: boolean }>`
      SELECT cell, ${sql.raw(approximateDateSql('cell'))} OR ${sql.raw(ageForBirthSql('cell'))} AS guessed
      FROM unnest(${CELLS}::text[]) AS c(cell)`.execute(t.database.db);
    expect(got.rows.map((r) => [r.cell, r.guessed])).toEqual(
      CELLS.map((c) => [c, isApproximateDate(c) || isAgeForBirth(c)]),
    );
    const stored = await sql<{ external_id: string; birth_year: number | null; birth_guessed: boolean }>`
      SELECT external_id, birth_year, birth_guessed FROM record WHERE external_id LIKE 'g-%'
      ORDER BY external_id`.execute(t.database.db);
    expect(stored.rows).toEqual([
      { external_id: 'g-1', birth_year: 1979, birth_guessed: true },
      { external_id: 'g-2', birth_year: 1979, birth_guessed: false },
      { external_id: 'g-3', birth_year: 1979, birth_guessed: false },
      { external_id: 'g-4', birth_year: 1990, birth_guessed: true },
      { external_id: 'g-5', birth_year: null, birth_guessed: false },
    ]);
  });

  it('reaches linkage as the record about to be written, the SQL lookups and the packed registry read it', async () => {
    const checked = validateRecordFields(row('p-1', 'Вакулович', 'бл. 1979'));
    if (!checked.ok) throw new Error('refused');
    const probe = probeOf('p-1', checked.value);
    expect([probe.birthGuessed, probe.birthYear]).toEqual([true, 1979]);
    const found = await candidatePersons(t.database.db, [probe]);
    const guessed = (found[0] ?? []).flatMap((c) => c.records).filter((r) => r.family === probe.family);
    expect(guessed.map((r) => r.birthGuessed)).toEqual([true]);
    const paged = await PackedRegistry.load(t.database.db, { pageSize: 2 });
    const stores = [paged];
    if (kind === 'postgres') stores.push(await PackedRegistry.load(t.database.db, { pool: t.database.pool }));
    for (const store of stores) {
      const { found: packedFound } = store.lookUp([probe]);
      const records: LinkRecord[] = (packedFound[0] ?? []).flatMap((c) => c.records);
      expect(records).toEqual(guessed);
    }
    // Names and a guessed year agree, nothing else: not linked without a person, either way round.
    const cm = compileModel(defaultModel());
    const written = validateRecordFields(row('p-2', 'Вакулович', '19.06.1979'));
    if (!written.ok) throw new Error('refused');
    expect(autoLinkable(cm, probeOf('p-2', written.value), guessed)).toBe(false);
  });
});
