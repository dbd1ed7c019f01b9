import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { useSearchApp } from '../../test/searchApp.js';

// Generated people only: men whose given names and fathers' names the name tables do not know (Остап,
// Зиновій, Ярема, Любомир), a surname that is also a patronymic (Хомич, of Хома), namesakes told apart by a
// patronymic cut short, and namesakes beside them.
const CSV = `external_id,source,category,family_name,given_name,patronymic,sex,birth_date,status
p1,family desk,military,Гайдук,Остап,Зиновійович,male,2001-03-04,missing
p2,family desk,military,Гайдук,Остап,Васильович,male,1987-03-18,missing
p3,family desk,military,Гайдук,Зиновій,Тарасович,male,1987-02-07,missing
p4,family desk,military,Калиненко,Ярема,Остапович,male,1973-07-16,missing
p5,family desk,military,Калиненко,Ярема,Романович,male,1974-06-14,missing
p6,family desk,military,Ярема,Остап,Любомирович,male,1974-10-17,missing
p7,family desk,military,Хомич,Данило,Любомирович,male,2012-11-02,missing
p8,family desk,military,Зінчик,Орест,Остапович,male,1980-01-05,missing
p9,family desk,military,Зінчик,Орест,Яремович,male,1978-07-02,missing
p10,family desk,military,Лукенко,Зиновій,Віталійович,male,1983-12-21,missing
p11,family desk,military,Лукенко,Зиновій,Валентинович,male,,missing
p12,family desk,civilian_detainee,Акопян,Гаяне,Арсенівна,female,2015-04-26,missing
p13,family desk,civilian_detainee,Акопян,Гаяне,Остапівна,female,1971,missing
`;

describe.each(DATABASE_KINDS)('a patronymic of a father name the tables do not know, on %s', (kind) => {
  const registry = useSearchApp(kind, CSV);

  const first = registry.firstRecord;

  it.each([
    ['Гайдук Остап Зиновійович', undefined, 'p1'],
    ['Гайдук Остап Зыновийовыч', '2001', 'p1'],
    ['HAIDUK OSTAP ZYNOVIIOVYCH', undefined, 'p1'],
    ['HAIDUK<<OSTAP<ZYNOVIIOVYCH<<<<<<<<<<', undefined, 'p1'],
    ['Остап Зиновійович Гайдук', undefined, 'p1'],
    ['Zynoviiovych Ostap Haiduk', undefined, 'p1'],
    ['Kalynenko Ostapovych Iarema', '1973-07-16', 'p4'],
    ['Khomych Danylo Liubomyrovych', '2012-11', 'p7'],
    ['Орест Остапович Зінчик', undefined, 'p8'],
    // A patronymic cut short with a dot: its letters tell the namesakes apart.
    ['Lukenko Zynovii Vita.', undefined, 'p10'],
    ['Лукенко Зиновій Вал.', undefined, 'p11'],
    ['Haiane Osta. Akopian', undefined, 'p13'],
    ['Гаяне Арс. Акопян', undefined, 'p12'],
  ])('puts the person first for %s (birth %s)', async (q, birth, id) => {
    expect(await first(q, birth)).toBe(id);
  });
});
