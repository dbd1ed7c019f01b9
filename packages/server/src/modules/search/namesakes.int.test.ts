import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';
import { NAMESAKES_COUNTED } from './service.js';

// Generated people only: 240 different women named Мельник (given names in turn, each born on another
// day), two Мельніченко (another family key) and a Мельнік (the same key's phonetic neighbour).
const GIVEN = ['Ганна', 'Олена', 'Марія', 'Ірина', 'Тетяна', 'Наталія', 'Оксана', 'Людмила'];
const CSV = [
  'external_id,source,category,family_name,given_name,sex,birth_date,status',
  ...Array.from({ length: 240 }, (_, i) => {
    const year = 1940 + (i % 60);
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    return `m${i},family desk,civilian_detainee,Мельник,${GIVEN[i % GIVEN.length]},female,${year}-${month}-${day},missing`;
  }),
  'x1,family desk,civilian_detainee,Мельніченко,Ганна,female,1970-01-01,missing',
  'x2,family desk,civilian_detainee,Мельніченко,Олена,female,1971-01-01,missing',
  'x3,family desk,civilian_detainee,Мельнік,Ганна,female,1972-01-01,missing',
].join('\n');

interface Answer {
  total: number;
  total_exact: boolean;
  hits: { person_id: string; score: number; why: { family: string } }[];
}

describe.each(DATABASE_KINDS)('a bare common family name on %s', (kind) => {
  const registry = useSearchApp(kind, CSV);

  const page = async (q: string, limit: number, offset = 0): Promise<Answer> => {
    const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset) });
    const res = await registry.get(`/api/v1/search/persons?${params}`);
    expect(res.statusCode).toBe(200);
    return res.json() as Answer;
  };

  it('shows the namesakes in person order, as ranking them all would, and says the total is a lower bound', async () => {
    const namesakes = await sql<{ person_id: string }>`
      SELECT DISTINCT person_id::text FROM record WHERE family_name = 'Мельник' ORDER BY 1`.execute(
      registry.opened().t.database.db,
    );
    expect(namesakes.rows.length).toBeGreaterThanOrEqual(NAMESAKES_COUNTED);
    const first = await page('Мельник', 50);
    expect(first.total_exact).toBe(false);
    expect(first.total).toBe(NAMESAKES_COUNTED);
    expect(first.hits.map((h) => h.person_id)).toEqual(namesakes.rows.slice(0, 50).map((r) => r.person_id));
    expect(new Set(first.hits.map((h) => h.why.family))).toEqual(new Set(['exact']));
    // Pages add up, past the counted ones too (offset + limit beyond NAMESAKES_COUNTED).
    const two = [...(await page('Мельник', 20)).hits, ...(await page('Мельник', 30, 20)).hits];
    expect(two).toEqual(first.hits);
    const deep = await page('Мельник', 30, 200);
    expect(deep.hits.map((h) => h.person_id)).toEqual(namesakes.rows.slice(200, 230).map((r) => r.person_id));
    expect(deep.total).toBe(first.total);
  });

  it('counts exactly where every match was looked at', async () => {
    const few = await page('Мельніченко', 50);
    expect(few.total_exact).toBe(true);
    // Its two namesakes first; the Мельник women, a close spelling, after them, every one counted.
    expect(few.hits.slice(0, 2).map((h) => h.why.family)).toEqual(['exact', 'exact']);
    expect(few.total).toBeGreaterThan(2);
  });
});
