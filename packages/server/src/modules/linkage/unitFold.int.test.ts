import {
  foldUnitCode,
  normaliseServiceNumber,
  serviceNumberFoldSql,
  unitFoldSql,
  unitFoldVariants,
} from '@homecoming/linkage';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../seed/population.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../test/databases.js';

/**
 * The unit fold of TypeScript (`foldUnitCode`: comparison, the packed registry, the first bulk load) and of
 * SQL (`unitFoldSql`: the lookups' unit block and pre-score) agree, on PostgreSQL and PGlite, on the spellings
 * offices write and on random and hostile strings. What a client can send is what is compared: PostgreSQL
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
];

describe.each(DATABASE_KINDS)('the unit fold in TypeScript and SQL (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(() => t.dispose());

  async function sqlFolds(units: readonly string[]): Promise<(string | null)[]> {
    const rows = await sql<{ f: string | null; s: string | null }>`
      SELECT ${sql.raw(unitFoldSql('u'))} AS f, ${sql.raw(serviceNumberFoldSql('u'))} AS s
      FROM json_array_elements_text(${JSON.stringify(units.map(sent))}::json) WITH ORDINALITY AS e(u, i)
      ORDER BY i`.execute(t.database.db);
    // SQL's fold of an empty string is '' where TypeScript's is null (a stored unit is never empty).
    return rows.rows.map((r) => (r.f === '' ? null : r.f));
  }

  it('agrees on the spellings offices write, and on random and hostile strings', async () => {
    const units = [...FORMS, ...hostile(6000, 11)];
    const folded = await sqlFolds(units);
    const ts = units.map((u) => {
      const f = foldUnitCode(u);
      return f === null ? null : sent(f);
    });
    const differ = units.flatMap((u, i) =>
      folded[i] === ts[i] ? [] : [{ u: JSON.stringify(u), sql: folded[i], ts: ts[i] }],
    );
    expect(differ.slice(0, 5)).toEqual([]);
    expect(folded.slice(0, 5)).toEqual(['А1234', 'А1234', 'А1234', 'А1234', 'А1234']);
  });

  it('finds by the index expression and the variants every record the unit fold matches', () => {
    // The unit block reads migration 0008's index (the service-number fold) = ANY(unitFoldVariants(code)),
    // then keeps unitFoldSql = code: every stored unit of that code is among the variants.
    for (const u of [...FORMS, ...hostile(6000, 12)]) {
      const code = foldUnitCode(u);
      if (code === null) continue;
      expect(unitFoldVariants(code)).toContain(normaliseServiceNumber(u.replaceAll('\0', '')));
    }
  });
});
