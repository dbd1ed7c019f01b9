import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';

// Generated people only: Шевченкоs with several initials, a woman under one part of a compound surname
// and another under the compound, and namesakes under the other part.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
t1,family desk,military,Шевченко,Тарас,Григорович,male,1990-05-17,missing
t2,family desk,military,Шевченко,Тимофій,Петрович,male,1990-03-02,missing
t3,family desk,military,Шевченко,Микола,Григорович,male,1987-01-11,missing
t4,family desk,military,Шевченко,Олег,Іванович,male,1979-09-30,missing
w1,family desk,civilian_detainee,Шевченко,Олена,Петрівна,female,1984-02-14,missing
w2,family desk,civilian_detainee,Коваль-Гнатюк,Марія,Іванівна,female,1991-06-01,missing
w3,family desk,civilian_detainee,Коваль,Олена,Андріївна,female,1960-12-12,missing
w4,family desk,civilian_detainee,Гнатюк,Марія,Степанівна,female,1958-04-04,missing
i1,other side list,military,Бондар,Ю.Х.,,male,,missing
i2,other side list,military,Гордієнко ВП,,,male,,missing
i3,other side list,military,Павлюк,ВП,,male,,missing
`;

describe.each(DATABASE_KINDS)('search for initials and compound surnames on %s', (kind) => {
  const registry = useSearchApp(kind, CSV);

  const hits = async (q: string): Promise<string[]> => {
    const res = await registry.get(`/api/v1/search/persons?${new URLSearchParams({ q })}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as { hits: { why: { record_id: string } }[] }).hits.map((h) => h.why.record_id);
  };

  it.each([
    'Шевченко Т.Г.',
    'Шевченко Т. Г.',
    'T. H. Shevchenko',
    'Shevchenko T.H.',
    'Шевченко ТГ',
    'Shevchenko TH',
  ])('ranks Тарас Григорович first for %s', async (q) => {
    expect((await hits(q))[0]).toBe('t1');
  });

  it('finds a record that writes only initials by the full name, in another script', async () => {
    expect(await hits('Бондар Юрій Харитонович')).toContain('i1');
    expect(await hits('Bondar Yurii')).toContain('i1');
  });

  it('finds records of initials without dots, or of a whole name in the family field alone, by the full name', async () => {
    for (const [q, id] of [
      ['Гордієнко Василь Петрович', 'i2'],
      ['Hordiienko Vasyl', 'i2'],
      ['Павлюк Василь Петрович', 'i3'],
      ['Pavliuk Vasyl Petrovych', 'i3'],
    ] as const)
      expect(await hits(q), q).toContain(id);
  });

  it('finds a woman under one part of the compound surname typed, either order, either script', async () => {
    for (const q of [
      'Шевченко-Коваль Олена Петрівна',
      'Коваль (Шевченко) Олена Петрівна',
      'Olena Petrivna Shevchenko-Koval',
    ])
      expect((await hits(q))[0], q).toBe('w1');
    // Without the patronymic, an Олена under either part may be the one sought.
    expect((await hits('Коваль (Шевченко) Олена')).slice(0, 2).sort()).toEqual(['w1', 'w3']);
  });

  it('finds a woman under a compound surname by either part', async () => {
    expect((await hits('Гнатюк Марія Іванівна'))[0]).toBe('w2');
    expect(await hits('Коваль Марія')).toContain('w2');
  });
});
