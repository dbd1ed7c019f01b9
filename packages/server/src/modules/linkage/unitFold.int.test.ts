import crypto from 'node:crypto';
import fs from 'node:fs';
import { foldUnitCode, normaliseServiceNumber, serviceNumberFoldSql, unitFoldSql } from '@homecoming/linkage';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { mulberry32 } from '../../seed/population.js';
import {
  ADMIN_URL,
  DATABASE_KINDS,
  HAS_POSTGRES,
  openTestDatabase,
  type TestDatabase,
} from '../../test/databases.js';

/**
 * The unit and service-number folds of TypeScript (`foldUnitCode`, `normaliseServiceNumber`: comparison, the
 * packed registry, the first bulk load) and of SQL (`unitFoldSql`, `serviceNumberFoldSql`: the lookups, and
 * migration 0058's indexes) agree, on PostgreSQL, PGlite and a PostgreSQL database of the C locale, on the
 * spellings offices write and on random and hostile strings. What a client can send is what is compared: PostgreSQL
 * stores no NUL (the fold drops it) and a lone surrogate reaches it as U+FFFD (the fold keeps either as one
 * character that is not a digit).
 */
const PIECES = [
  'в/ч',
  'В/Ч',
  'в.ч.',
  'ВЧ',
  'вч',
  'військова частина',
  'Військ. ч.',
  'в/частина',
  'частина',
  'воинская часть',
  'войсковая часть',
  'часть',
  'military unit',
  'Mil. Unit',
  'unit',
  'v/ch',
  'No',
  'N',
  'o',
  '№',
  '#',
  'А',
  'A',
  'a',
  'В',
  'b',
  'Ї',
  '1',
  '2',
  '9',
  '0',
  '93',
  'ОМБр',
  'батальйон',
  'рота',
  '3-й',
  'rd',
  ',',
  'п/п',
  'пп',
  'польова пошта',
  ' ',
  '-',
  '.',
  '/',
  '_',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\u2028',
  '\ufeff',
  '\0',
  '\ud800',
  '\udfff',
  '😀',
  'ß',
  'İ',
  '٣',
  'e\u0301',
  'Ω',
  "'",
  '\\',
  '%',
  '(',
  ')',
  '[',
  '|',
  '?',
  '^',
  '$',
];

/** What PostgreSQL receives of `s` from a client: no NUL, each lone surrogate as U+FFFD. */
const sent = (s: string): string => s.replaceAll('\0', '').replace(/\p{Surrogate}/gu, '\ufffd');

function hostile(n: number, seed: number): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    let s = '';
    for (let k = Math.floor(random() * 8); k > 0; k--)
      s += PIECES[Math.floor(random() * PIECES.length)] as string;
    return s;
  });
}

const FORMS = [
  'в/ч А1234',
  'в.ч. А1234',
  'ВЧ А1234',
  'А1234',
  'військова частина А1234',
  'в/ч А-1234',
  'в/ч 12345',
  'воинская часть 12345',
  'A1234',
  'military unit A1234',
  'mil. unit A1234',
  'Military Unit No. A1234',
  'в/ч № А1234',
  '93 ОМБр',
  '93-тя окрема механізована бригада',
  'в/ч',
  '',
  ' ./',
  'в/ч А1234, 3-й батальйон',
  'А1234 2 рота',
  'military unit A1234 (3rd battalion)',
  'в/ч А1234, рота №2, 1-й взвод',
  'в/ч 12345 (2-га рота)',
  'А 1234\u00a02\u3000рота\ufeff',
  '93 ОМБр, 2 батальйон',
  '93 батальйон',
  'польова пошта В1234',
  'п/п В1234',
  'ПП № В1234',
  'полевая почта 12345',
  'field post B1234',
  'СН\u00a0469\u3000161\ufeff',
];

/**
 * A PostgreSQL database of the C locale (`[[:space:]]` there is ASCII's), empty: the folds read no table.
 * Created from template0 (a locale of its own) and dropped after.
 */
async function openCLocaleDatabase(): Promise<TestDatabase> {
  const name = `hc_test_c_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    async dispose() {
      await database.close();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const KINDS = [...DATABASE_KINDS, ...(HAS_POSTGRES ? (['postgres, C locale'] as const) : [])];

describe.each(KINDS)('the unit and service-number folds in TypeScript and SQL (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = kind === 'postgres, C locale' ? await openCLocaleDatabase() : await openTestDatabase(kind);
  });
  afterAll(() => t.dispose());

  async function sqlFolds(units: readonly string[]): Promise<{ f: string | null; s: string | null }[]> {
    const rows = await sql<{ f: string | null; s: string | null }>`
      SELECT ${sql.raw(unitFoldSql('u'))} AS f, ${sql.raw(serviceNumberFoldSql('u'))} AS s
      FROM json_array_elements_text(${JSON.stringify(units.map(sent))}::json) WITH ORDINALITY AS e(u, i)
      ORDER BY i`.execute(t.database.db);
    // SQL's fold of an empty string is '' where TypeScript's is null (a stored unit is never empty).
    return rows.rows.map((r) => ({ f: r.f === '' ? null : r.f, s: r.s === '' ? null : r.s }));
  }

  it('agrees on the spellings offices write, and on random and hostile strings', async () => {
    const units = [...FORMS, ...hostile(6000, 11), ...hostile(3000, 13).map((u) => `в/ч А1234${u}`)];
    const folded = await sqlFolds(units);
    const ts = (f: string | null): string | null => (f === null ? null : sent(f));
    const differ = units.flatMap((u, i) => {
      const unit = ts(foldUnitCode(u));
      const number = ts(normaliseServiceNumber(u.replaceAll('\0', '')));
      const got = folded[i] as { f: string | null; s: string | null };
      return got.f === unit && got.s === number
        ? []
        : [{ u: JSON.stringify(u), sql: got, ts: { unit, number } }];
    });
    expect(differ.slice(0, 5)).toEqual([]);
    expect(folded.slice(0, 5).map((r) => r.f)).toEqual(['А1234', 'А1234', 'А1234', 'А1234', 'А1234']);
    expect(folded.slice(FORMS.indexOf('в/ч А1234, 3-й батальйон')).map((r) => r.f)).toEqual([
      'А1234',
      'А1234',
      'А1234',
      'А1234',
      '12345',
      'А1234',
      '93ОМБР,2БАТАЛЬЙОН',
      '93БАТАЛЬЙОН',
      'ПП/В1234',
      'ПП/В1234',
      'ПП/В1234',
      'ПП/12345',
      'ПП/В1234',
      'СН469161',
      ...folded.slice(FORMS.length).map((r) => r.f),
    ]);
    expect(folded[FORMS.indexOf('СН\u00a0469\u3000161\ufeff')]?.s).toBe('СН469161');
  });
});

describe.each(DATABASE_KINDS)('the indexes of the folds (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t.dispose());

  it('are built on the expressions linkage writes, and the lookups read them', async () => {
    const migration = fs.readFileSync(
      new URL('../../../migrations/0058_fold_without_locale.sql', import.meta.url),
      'utf8',
    );
    expect(migration).toContain(`((${serviceNumberFoldSql('service_number')}), id)`);
    expect(migration).toContain(`((${unitFoldSql('unit')}), birth_year, id)`);
    const db = t.database.db;
    await sql`SET enable_seqscan = off`.execute(db);
    const plan = async (where: string): Promise<string> =>
      (
        await sql.raw<Record<string, string>>(`EXPLAIN SELECT id FROM record r WHERE ${where}`).execute(db)
      ).rows
        .map((r) => Object.values(r)[0])
        .join('\n');
    expect(
      await plan(`r.service_number IS NOT NULL AND ${serviceNumberFoldSql('r.service_number')} = 'АБ123'`),
    ).toContain('record_service_number_fold');
    expect(
      await plan(`r.unit IS NOT NULL AND ${unitFoldSql('r.unit')} = 'А1234' AND r.birth_year = 1990`),
    ).toContain('record_unit_fold_birth');
    await sql`RESET enable_seqscan`.execute(db);
  });
});
