import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';

// Generated people only: names as a Latvian or Lithuanian registry, or a Dutch or Swedish office, spells them
// (hold-out 12 `baltic_czech`, `spelling_nl_sv`), each beside a namesake the query's other words tell apart.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
f1,family desk,military,Мельник,Юрій,Олександрович,male,1981-01-11,missing
f2,family desk,military,Мельник,Ігор,,male,1972-06-12,missing
f3,family desk,military,Сухин,Вадим,Михайлович,male,1978-06,missing
f4,family desk,military,Савчич,Леонід,Миколайович,male,1962-11-07,missing
f5,family desk,military,Лукець,Назар,Любомирович,male,1992-01-09,missing
f6,family desk,military,Лукець,Назар,Євгенович,male,1970-04-02,missing
f7,family desk,military,Харч,Анатолій,,male,1982,missing
f8,family desk,military,Велієв,Рефат,Ахтемович,male,1966-01,missing
f9,family desk,military,Велієв,Рефат,Сейранович,male,1984-06-15,missing
`;

describe.each(DATABASE_KINDS)(
  'search reads a query in Latvian, Lithuanian, Dutch or Swedish spelling, on %s',
  (kind) => {
    const registry = useSearchApp(kind, CSV);
    const first = registry.firstRecord;

    it.each([
      ['Joerij Melnyk', 'f1'],
      ['Vadims Mihajlovičs Suhins', 'f3'],
      ['Savtjytj Leonid Mykolajovytj', 'f4'],
      ['Loekets Nazar Ljoebomyrovytsj', 'f5'],
      ['Harčs Anatolijs', 'f7'],
      ['Velijevs Refats Ahtemovičs', 'f8'],
    ])('finds %s', async (q, id) => {
      expect(await first(q)).toBe(id);
    });

    it('still finds a name as written', async () => {
      expect(await first('Melnyk Ihor')).toBe('f2');
      expect(await first('Lukets Nazar Yevhenovych')).toBe('f6');
    });
  },
);
