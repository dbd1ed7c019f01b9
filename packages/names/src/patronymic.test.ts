import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_CLASS_BY_ID, GIVEN_NAME_CLASSES, type GivenNameClass } from './data/givenNames.js';
import { patronymicOf, russianPatronymic, ukrainianPatronymic } from './patronymic.js';

const cls = (id: string): GivenNameClass => {
  const c = GIVEN_NAME_CLASS_BY_ID.get(id);
  if (!c) throw new Error(`no class ${id}`);
  return c;
};

// father id → [uk male, uk female, ru male, ru female], from names.md §6.3 and the Ukrainian and Russian
// orthography rules it summarises.
const CASES: Record<string, [string, string, string, string]> = {
  ivan: ['Іванович', 'Іванівна', 'Иванович', 'Ивановна'],
  oleksandr: ['Олександрович', 'Олександрівна', 'Александрович', 'Александровна'],
  mykola: ['Миколайович', 'Миколаївна', 'Николаевич', 'Николаевна'],
  serhii: ['Сергійович', 'Сергіївна', 'Сергеевич', 'Сергеевна'],
  andrii: ['Андрійович', 'Андріївна', 'Андреевич', 'Андреевна'],
  oleksii: ['Олексійович', 'Олексіївна', 'Алексеевич', 'Алексеевна'],
  yurii: ['Юрійович', 'Юріївна', 'Юрьевич', 'Юрьевна'],
  vasyl: ['Васильович', 'Василівна', 'Васильевич', 'Васильевна'],
  hryhorii: ['Григорович', 'Григорівна', 'Григорьевич', 'Григорьевна'],
  dmytro: ['Дмитрович', 'Дмитрівна', 'Дмитриевич', 'Дмитриевна'],
  heorhii: ['Георгійович', 'Георгіївна', 'Георгиевич', 'Георгиевна'],
  petro: ['Петрович', 'Петрівна', 'Петрович', 'Петровна'],
  illia: ['Ілліч', 'Іллівна', 'Ильич', 'Ильинична'],
  yakiv: ['Якович', 'Яківна', 'Яковлевич', 'Яковлевна'],
  ihor: ['Ігорович', 'Ігорівна', 'Игоревич', 'Игоревна'],
  pavlo: ['Павлович', 'Павлівна', 'Павлович', 'Павловна'],
  lev: ['Левович', 'Левівна', 'Львович', 'Львовна'],
  mykhailo: ['Михайлович', 'Михайлівна', 'Михайлович', 'Михайловна'],
  fedir: ['Федорович', 'Федорівна', 'Фёдорович', 'Фёдоровна'],
  mykyta: ['Микитович', 'Микитівна', 'Никитич', 'Никитична'],
  khoma: ['Хомич', 'Хомівна', 'Фомич', 'Фоминична'],
  kuzma: ['Кузьмич', 'Кузьмівна', 'Кузьмич', 'Кузьминична'],
  luka: ['Лукич', 'Луківна', 'Лукич', 'Лукинична'],
  sava: ['Савич', 'Савівна', 'Саввич', 'Саввична'],
  opanas: ['Опанасович', 'Опанасівна', 'Афанасьевич', 'Афанасьевна'],
  yevhen: ['Євгенович', 'Євгенівна', 'Евгеньевич', 'Евгеньевна'],
  danylo: ['Данилович', 'Данилівна', 'Даниилович', 'Данииловна'],
  viacheslav: ["В'ячеславович", "В'ячеславівна", 'Вячеславович', 'Вячеславовна'],
};

describe('patronymicOf', () => {
  for (const [id, [ukM, ukF, ruM, ruF]] of Object.entries(CASES)) {
    it(`forms the patronymics of ${id}`, () => {
      const c = cls(id);
      expect(patronymicOf(c, 'male', 'uk')).toBe(ukM);
      expect(patronymicOf(c, 'female', 'uk')).toBe(ukF);
      expect(patronymicOf(c, 'male', 'ru')).toBe(ruM);
      expect(patronymicOf(c, 'female', 'ru')).toBe(ruF);
    });
  }

  it('forms a patronymic for every male class, with the expected endings', () => {
    for (const c of GIVEN_NAME_CLASSES.filter((x) => x.sex === 'male')) {
      expect(patronymicOf(c, 'male', 'uk')).toMatch(/(ович|[иі]ч)$/u);
      expect(patronymicOf(c, 'female', 'uk')).toMatch(/[іїи]вна$/u);
      expect(patronymicOf(c, 'male', 'ru')).toMatch(/(ович|евич|ич)$/u);
      expect(patronymicOf(c, 'female', 'ru')).toMatch(/(овна|евна|ична)$/u);
    }
  });

  it('refuses a female name as a father', () => {
    expect(() => patronymicOf(cls('olena'), 'male', 'uk')).toThrow(RangeError);
  });
});

describe('regular rules on bare names', () => {
  it('applies the Ukrainian rules', () => {
    expect(ukrainianPatronymic('Захар', 'female')).toBe('Захарівна');
    expect(ukrainianPatronymic('Кирило', 'male')).toBe('Кирилович');
    expect(ukrainianPatronymic('Матвій', 'female')).toBe('Матвіївна');
  });

  it('applies the Russian rules', () => {
    expect(russianPatronymic('Анатолий', 'male')).toBe('Анатольевич');
    expect(russianPatronymic('Дмитрий', 'female')).toBe('Дмитриевна');
    expect(russianPatronymic('Матвей', 'male')).toBe('Матвеевич');
    expect(russianPatronymic('Никита', 'female')).toBe('Никитична');
    expect(russianPatronymic('Януш', 'male')).toBe('Янушевич');
  });
});
