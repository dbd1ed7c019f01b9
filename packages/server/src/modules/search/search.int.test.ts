import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';

// Generated people only. Two different men named Олександр Петрович Шевченко (born 1990 and 1975),
// a Russian-list record of the first, and a few others.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
s1,family desk,military,Шевченко,Олександр,Петрович,male,1990-05-17,missing
s2,family desk,military,Шевченко,Олександр,Петрович,male,1975-11-02,captivity_reported
s3,other side list,military,Ковальчук,Микола,Іванович,male,1988-03-09,captivity_reported
s4,family desk,civilian_detainee,Олійник,Ганна,Сергіївна,female,1969-07-21,missing
s5,family desk,military,Бондаренко,Сергій,Миколайович,male,1995-01-30,missing
s6,family desk,military,Шевчук,Олег,Андрійович,male,1990-05-17,missing
s7,family desk,military,Назар,Олександр,Миколайович,male,1994-03-16,missing
s8,other side list,military,Данич,Андрій,Петрович,male,1995-12-15,captivity_reported
s9,family desk,military,Люб,Петро,Тимофійович,male,1981,missing
`;

describe.each(DATABASE_KINDS)('person search on %s', (kind) => {
  const registry = useSearchApp(kind, CSV);

  const search = async (q: string, birth?: string) => {
    const params = new URLSearchParams({ q, ...(birth ? { birth } : {}) });
    const res = await registry.get(`/api/v1/search/persons?${params}`);
    return { status: res.statusCode, body: res.json() };
  };
  const firstRecord = async (q: string, birth?: string) =>
    (await search(q, birth)).body.hits[0]?.why.record_id;

  it('answers the same total whatever the page, and the pages add up to it', async () => {
    const page = async (limit: number, offset = 0) => {
      const res = await registry.get(
        `/api/v1/search/persons?q=${encodeURIComponent('Шевченко')}&limit=${limit}&offset=${offset}`,
      );
      expect(res.statusCode).toBe(200);
      return res.json() as { total: number; hits: { person_id: string; score: number }[] };
    };
    const two = await page(2);
    const all = await page(50);
    expect(two.hits).toEqual(all.hits.slice(0, 2));
    expect(two.total).toBe(all.total);
    expect(all.total).toBeGreaterThan(2);
    expect(all.hits).toHaveLength(all.total);
    const rest = await page(50, 2);
    expect(rest.total).toBe(all.total);
    expect([...two.hits, ...rest.hits]).toEqual(all.hits);
  });

  it.each([
    ['Шевченко Олександр Петрович', '1990-05-17'],
    ['Александр Петрович Шевченко', '1990-05-17'],
    ['SHEVCHENKO OLEKSANDR', '1990'],
    ['Oleksandr Shevchenko', '1990-05'],
    ['Aleksandr Shevchenko', '1990-05-17'],
    ['Schewtschenko Oleksandr', '1990'],
    ['Shevchenko O. P.', '1990-05-17'],
    // Pasted from a file whose bytes were read in the wrong code page: Windows-1251 shown as Latin-1, UTF-8
    // shown as Windows-1251.
    ['Øåâ÷åíêî Îëåêñàíäð', '1990-05-17'],
    ['РЁРµРІС‡РµРЅРєРѕ РћР»РµРєСЃР°РЅРґСЂ', '1990'],
    // Typed with the keyboard in the wrong layout: Cyrillic on the Latin keys, Latin on the Ukrainian ones.
    ['Itdxtyrj Jktrcfylh', '1990-05-17'],
    ['Ірумсрутлщ Щдуліфтвк', '1990-05'],
    // Escaped by a web page or a JSON writer (hold-out 10): HTML references, JSON escapes.
    [
      '&#1064;&#1077;&#1074;&#1095;&#1077;&#1085;&#1082;&#1086; &#1054;&#1083;&#1077;&#1082;&#1089;&#1072;&#1085;&#1076;&#1088;',
      '1990-05-17',
    ],
    [
      '\\u0428\\u0435\\u0432\\u0447\\u0435\\u043d\\u043a\\u043e \\u041e\\u043b\\u0435\\u043a\\u0441\\u0430\\u043d\\u0434\\u0440',
      '1990',
    ],
  ])('finds the right Шевченко first for %s with birth %s', async (q, birth) => {
    expect(await firstRecord(q, birth)).toBe('s1');
  });

  it('keeps two men of the same name apart by birth date, and tolerates a day/month swap and ±1 year', async () => {
    expect(await firstRecord('Шевченко Олександр', '1975')).toBe('s2');
    expect(await firstRecord('Шевченко Олександр', '1990-05-17')).toBe('s1');
    const swapped = (await search('Шевченко Олександр', '1975-02-11')).body.hits[0];
    expect(swapped.why).toMatchObject({ record_id: 's2', birth: 'day_month_swapped' });
    expect((await search('Шевченко Олександр', '1991')).body.hits[0].why).toMatchObject({
      record_id: 's1',
      birth: 'year_off_by_one',
    });
  });

  it('matches Ukrainian and Russian forms of given names and patronymics, and says why', async () => {
    const r = await search('Николай Иванович Ковальчук');
    expect(r.body.hits[0]).toMatchObject({
      record_ids: ['s3'],
      confident: true,
      why: { family: 'exact', given: 'same_class', father: 'same_class' },
    });
    expect(await firstRecord('Олейник Анна Сергеевна')).toBe('s4');
  });

  it.each([
    // A double given name, of which the registry holds the first: the parse, knowing one given name to a
    // person, took the first into the surname, or the surname in -ич for a patronymic.
    ['Ковальчук Микола Павло Іванович', undefined, 's3'],
    ['Kovalchuk Mykola Petro Ivanovych', undefined, 's3'],
    ['Олійник Анна Марія Сергіївна', undefined, 's4'],
    ['Ковальчук Микола-Павло Іванович', undefined, 's3'],
    ['Данич Андрій Іван', undefined, 's8'],
  ])('reads a double given name of which the registry holds one: %s', async (q, birth, record) => {
    expect(await firstRecord(q, birth)).toBe(record);
  });

  it.each([
    // A surname that is also a given name, or reads like a patronymic; a patronymic a typo made unknown.
    ['Nazar Oleksander Mykolaiovych', '1994-03-16', 's7'],
    ['ANDREI DANYCH', '1995-12-15', 's8'],
    ['Liub Petro Tymofiiovycg', '1981', 's9'],
  ])('tries each word as the surname when the parse cannot tell: %s', async (q, birth, record) => {
    expect(await firstRecord(q, birth)).toBe(record);
  });

  it("shows each hit's record as its source wrote it — family name and source — whichever lookup found it", async () => {
    // The candidates are read without the family name (unless initials may stand in it) and without the
    // source's name; the page's are read with its persons.
    const keyed = (await search('Ковальчук Микола', '1988')).body.hits[0];
    expect(keyed.why).toMatchObject({
      record_id: 's3',
      source: 'other side list',
      name: { family_name: 'Ковальчук', given_name: 'Микола', patronymic: 'Іванович' },
      birth_date: '1988-03-09',
    });
    const bare = (await search('Олійник')).body.hits[0];
    expect(bare.why).toMatchObject({
      record_id: 's4',
      source: 'family desk',
      name: { family_name: 'Олійник', given_name: 'Ганна', patronymic: 'Сергіївна' },
    });
    // A misspelt family name: found by the close lookup.
    const close = (await search('Ковальчюк Микола Іванович')).body.hits.find(
      (h: { why: { record_id: string } }) => h.why.record_id === 's3',
    );
    expect(close?.why).toMatchObject({ source: 'other side list', name: { family_name: 'Ковальчук' } });
  });

  it.each([
    // As an office's letter writes a name: the genitive ("щодо Ковальчука Миколи Івановича"), Russian's
    // genitive, the dative; the import reads such records back to the nominative, and so does search.
    ['Ковальчука Миколи Івановича', 's3'],
    ['Ковальчука Николая Ивановича', 's3'],
    ['Ковальчуку Миколі Івановичу', 's3'],
    ['Олійник Ганни Сергіївни', 's4'],
    ['Бондаренка Сергія Миколайовича', 's5'],
  ])('reads a query in the genitive or dative as the name it declines: %s', async (q, record) => {
    const hit = (await search(q)).body.hits[0];
    expect(hit.why).toMatchObject({ record_id: record, family: 'exact' });
    expect(hit.why.given).not.toBe('different');
    expect(hit.why.father).not.toBe('different');
    expect(hit.confident).toBe(true);
  });

  it('is not confident about a namesake whose stated father is another', async () => {
    const father = (await search('Ковальчук Микола Степанович', '1988-03-09')).body.hits[0];
    expect(father.why).toMatchObject({ record_id: 's3', father: 'different', birth: 'exact' });
    expect(father.confident).toBe(false);
  });

  it('returns no confident hit for a name nobody in the registry has', async () => {
    const r = await search('Zzyzx Qwertyuiop');
    expect(r.body.hits.filter((h: { confident: boolean }) => h.confident)).toEqual([]);
  });

  it.each([
    ['', 200],
    ['   ', 200],
    // NUL is refused with a 400 naming the field, like every text input (http/text.ts).
    ['\u0000\u0007 Шевченко', 400],
    ['\u0007 Шевченко', 200],
    ['😀😀 🇺🇦', 200],
    ["' OR 1=1; DROP TABLE record; --", 200],
    ['x'.repeat(10_000), 400],
  ])('answers bad input %j with %i, never a 500', async (q, status) => {
    const r = await search(q);
    expect(r.status).toBe(status);
    if (status === 400) expect(r.body.code).toBe('validation_failed');
  });

  it('reads a range of two birth years as either year, in the birth field or beside the name (pd2)', async () => {
    // s2 was born in 1975: "1974/75" and "1975/76" both hold his year; "1976/77" is a year off.
    for (const birth of ['1974/75', '1975/76', '1975-1976', '1975 або 1976']) {
      const r = await search('Шевченко Олександр Петрович', birth);
      expect(r.status, birth).toBe(200);
      expect(r.body.hits[0]?.why, birth).toMatchObject({ record_id: 's2', birth: 'same_year' });
    }
    expect((await search('Шевченко Олександр Петрович', '1975/76')).body.query.birth).toBe('1975/1976');
    const off = await search('Шевченко Олександр Петрович', '1976/77');
    expect(
      off.body.hits.find((h: { why: { record_id: string } }) => h.why.record_id === 's2')?.why.birth,
    ).toBe('year_off_by_one');
    // Typed beside the name: not the first year alone, nor "/76" a word of the name.
    const typed = await search('Шевченко Олександр Петрович 1975/76');
    expect(typed.body.query).toMatchObject({ family: 'Шевченко', birth: '1975/1976' });
    expect(typed.body.hits[0]?.why).toMatchObject({ record_id: 's2', birth: 'same_year' });
    // "1990/05" stays May 1990.
    expect((await search('Шевченко Олександр Петрович', '1990/05')).body.query.birth).toBe('1990-05');
  });

  it('rejects an invalid birth value with a reason', async () => {
    const r = await search('Шевченко', '1990-02-30');
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/birth/);
    expect((await search('Шевченко', 'abc')).status).toBe(400);
  });
});
