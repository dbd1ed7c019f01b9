import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_CLASSES } from './data/givenNames.js';
import {
  fatherClassOfPatronymic,
  givenClassIdsOfSkeleton,
  givenNameClassOf,
  isPatronymic,
} from './givenNameIndex.js';
import { patronymicOf } from './patronymic.js';
import { romanizeRussian, romanizeUkrainian } from './romanize.js';
import { skeleton } from './fold.js';

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(..."СергійовичНиколаевнаIlyichovnaьъё'’ -.\u0301😀"), maxLength: 30 }),
);

describe('givenNameClassOf', () => {
  it.each([
    ['Микола', 'mykola'],
    ['Николай', 'mykola'],
    ['Mykola', 'mykola'],
    ['Nikolai', 'mykola'],
    ['Nikolay', 'mykola'],
    ['Mikolaj', 'mykola'],
    ['Mykoła', 'mykola'],
    ['Mikołaj', 'mykola'],
    ['МИКОЛА', 'mykola'],
    ['mykola', 'mykola'],
    ['Коля', 'mykola'],
    ['Cepгiй', 'serhii'],
    ['Sergey', 'serhii'],
    ['Олександр', 'oleksandr'],
    ['Alexander', 'oleksandr'],
    ['Olexandr', 'oleksandr'],
    ['Aleksandra', 'oleksandra'],
    ['Юрий', 'yurii'],
    ['Iurii', 'yurii'],
    ['Georgii', 'heorhii'],
    ['Pavel', 'pavlo'],
    ['Опанас', 'opanas'],
    ['Афанасий', 'opanas'],
    ['Anna', 'hanna'],
    ['Ганна', 'hanna'],
  ])('%s → %s', (token, id) => {
    expect(givenNameClassOf(token)?.id).toBe(id);
  });

  it.each(['Саша', 'Sasha', 'Женя', 'Шевченко', 'Alena', '', '  ', 'Олександр Петрович', '123'])(
    '%s → null (ambiguous, unknown or not one name)',
    (token) => {
      expect(givenNameClassOf(token)).toBeNull();
    },
  );

  it('finds every class from each of its forms and their romanizations', () => {
    for (const c of GIVEN_NAME_CLASSES) {
      const forms = [
        ...c.uk,
        ...c.ru,
        ...c.latin,
        ...c.uk.map((f) => romanizeUkrainian(f)),
        ...c.ru.map((f) => romanizeRussian(f, 'icao')),
        ...c.ru.map((f) => romanizeRussian(f, 'bgn')),
      ];
      for (const f of forms) expect(givenNameClassOf(f)?.id, f).toBe(c.id);
    }
  });
});

describe('fatherClassOfPatronymic', () => {
  it.each([
    ['Сергійович', 'serhii'],
    ['Сергіївна', 'serhii'],
    ['Сергеевич', 'serhii'],
    ['Сергеевна', 'serhii'],
    ['Serhiiovych', 'serhii'],
    ['Serhiyovych', 'serhii'],
    ['Sergeevich', 'serhii'],
    ['Sergeyevna', 'serhii'],
    ['Миколайович', 'mykola'],
    ['Николаевич', 'mykola'],
    ['Mykolaiovych', 'mykola'],
    ['Nikolaevich', 'mykola'],
    ['Nikolayevich', 'mykola'],
    ['Ілліч', 'illia'],
    ['Ильич', 'illia'],
    ['Ilyich', 'illia'],
    ['Ильинична', 'illia'],
    ['Петрівна', 'petro'],
    ['Petrovich', 'petro'],
    ['Yuriyovych', 'yurii'],
    ['Iurevich', 'yurii'],
    ['Vasilyevna', 'vasyl'],
    ['Hryhorovych', 'hryhorii'],
    ['Grigorievich', 'hryhorii'],
    ['Fyodorovich', 'fedir'],
    ['Mykytovych', 'mykyta'],
    ['Nikitich', 'mykyta'],
    ['Lvovich', 'lev'],
    ['Kuzmich', 'kuzma'],
    ['Savvich', 'sava'],
    ['ОЛЕКСАНДРОВИЧ', 'oleksandr'],
  ])('%s → %s', (token, id) => {
    expect(fatherClassOfPatronymic(token)?.id).toBe(id);
  });

  it('resolves the generated patronymic of every male class, both sexes, in uk, ru, KMU and ICAO', () => {
    for (const c of GIVEN_NAME_CLASSES.filter((x) => x.sex === 'male')) {
      for (const sex of ['male', 'female'] as const) {
        const uk = patronymicOf(c, sex, 'uk');
        const ru = patronymicOf(c, sex, 'ru');
        for (const f of [
          uk,
          ru,
          romanizeUkrainian(uk),
          romanizeRussian(ru, 'icao'),
          romanizeRussian(ru, 'bgn'),
        ]) {
          expect(fatherClassOfPatronymic(f)?.id, f).toBe(c.id);
        }
      }
    }
  });

  it.each(['Мицкевич', 'Абрамович', 'Іваненко', 'Шевченко', 'Іван', '', 'ich'])('%s → null', (token) => {
    expect(fatherClassOfPatronymic(token)).toBeNull();
  });
});

describe('isPatronymic', () => {
  it('accepts resolvable patronymics and unknown female ones, not surnames or given names', () => {
    expect(isPatronymic('Сергеевич')).toBe(true);
    expect(isPatronymic('Mykolaivna')).toBe(true);
    expect(isPatronymic('Зиновиевна')).toBe(true);
    expect(isPatronymic('Мицкевич')).toBe(false);
    expect(isPatronymic('Шевченко')).toBe(false);
    expect(isPatronymic('Іван')).toBe(false);
  });
});

describe('lookup properties', () => {
  it('never throw and are deterministic', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(givenNameClassOf(s)).toBe(givenNameClassOf(s));
        expect(fatherClassOfPatronymic(s)).toBe(fatherClassOfPatronymic(s));
        expect(isPatronymic(s)).toBe(isPatronymic(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('stays fast on a 10,000-character token', () => {
    const long = 'Сергійович'.repeat(1000);
    expect(fatherClassOfPatronymic(long)).toBeNull();
    expect(givenNameClassOf(long)).toBeNull();
  });
});

describe('givenClassIdsOfSkeleton', () => {
  it('names every class a diminutive the class lookup cannot settle may be', () => {
    expect(givenNameClassOf('Саша')).toBeNull();
    expect([...givenClassIdsOfSkeleton(skeleton('Саша'))].sort()).toEqual(['oleksandr', 'oleksandra']);
    expect([...givenClassIdsOfSkeleton(skeleton('Sasha'))].sort()).toEqual(['oleksandr', 'oleksandra']);
    expect(givenClassIdsOfSkeleton(skeleton('Коля'))).toEqual(['mykola']);
    expect(givenClassIdsOfSkeleton('qqq')).toEqual([]);
  });
});
