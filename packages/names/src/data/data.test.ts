import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_CLASSES, GIVEN_NAME_CLASS_BY_ID, SEED_GIVEN_NAME_CLASSES } from './givenNames.js';
import { RUSSIAN_SURNAMES, UKRAINIAN_SURNAMES } from './surnames.js';

const UK_LETTERS = /^[А-ЩЬЮЯЄІЇҐ][а-щьюяєіїґ']*(?:-[А-ЩЬЮЯЄІЇҐ][а-щьюяєіїґ']*)?$/u;
const RU_LETTERS = /^[А-ЯЁ][а-яё]*(?:-[А-ЯЁ][а-яё]*)?$/u;

describe('GIVEN_NAME_CLASSES', () => {
  it('holds the 111 pairs of names.md §6 (68 male, 43 female) plus Кузьма, Лука, Сава', () => {
    expect(SEED_GIVEN_NAME_CLASSES.filter((c) => c.sex === 'male')).toHaveLength(68 + 3);
    expect(SEED_GIVEN_NAME_CLASSES.filter((c) => c.sex === 'female')).toHaveLength(43);
  });

  it('has unique ids, each the lower-cased first Latin form', () => {
    expect(GIVEN_NAME_CLASS_BY_ID.size).toBe(GIVEN_NAME_CLASSES.length);
    for (const c of GIVEN_NAME_CLASSES) expect(c.latin[0]?.toLowerCase()).toBe(c.id);
  });

  it('writes Ukrainian forms in Ukrainian letters and Russian forms in Russian letters', () => {
    for (const c of GIVEN_NAME_CLASSES) {
      expect(c.uk.length).toBeGreaterThan(0);
      expect(c.ru.length).toBeGreaterThan(0);
      for (const n of c.uk) expect(n).toMatch(UK_LETTERS);
      for (const n of c.ru) expect(n).toMatch(RU_LETTERS);
      for (const n of c.latin) expect(n).toMatch(/^\p{Script=Latin}+$/u);
    }
  });

  it('never puts one spelling in two classes of the same sex', () => {
    for (const sex of ['male', 'female'] as const) {
      const seen = new Map<string, string>();
      for (const c of GIVEN_NAME_CLASSES.filter((x) => x.sex === sex)) {
        for (const key of new Set([...c.uk, ...c.ru, ...c.latin.map((l) => l.toLowerCase())])) {
          expect(seen.get(key) ?? c.id, `${key} in ${c.id}`).toBe(c.id);
          seen.set(key, c.id);
        }
      }
    }
  });

  it('keeps the non-transliteration pairs of names.md', () => {
    const ru = (id: string) => GIVEN_NAME_CLASS_BY_ID.get(id)?.ru[0];
    expect(ru('mykola')).toBe('Николай');
    expect(ru('oleksii')).toBe('Алексей');
    expect(ru('opanas')).toBe('Афанасий');
    expect(GIVEN_NAME_CLASS_BY_ID.get('opanas')?.uk).toEqual(['Опанас', 'Панас']);
    expect(ru('nadiia')).toBe('Надежда');
  });

  it('records irregular patronymics only on male classes', () => {
    for (const c of GIVEN_NAME_CLASSES) if (c.patronymic) expect(c.sex).toBe('male');
  });
});

describe('surnames', () => {
  const all = [...UKRAINIAN_SURNAMES, ...RUSSIAN_SURNAMES];

  it('has about 150 Ukrainian and 60 Russian surnames, without duplicates', () => {
    expect(UKRAINIAN_SURNAMES.length).toBeGreaterThanOrEqual(145);
    expect(RUSSIAN_SURNAMES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(all.map((s) => s.uk)).size).toBe(all.length);
    expect(new Set(all.map((s) => s.ru)).size).toBe(all.length);
  });

  it('spells each side in its own alphabet, with positive weights', () => {
    for (const s of all) {
      expect(s.uk).toMatch(UK_LETTERS);
      expect(s.ru).toMatch(RU_LETTERS);
      expect(s.weight).toBeGreaterThan(0);
      expect(s.ukFeminine === undefined).toBe(s.ruFeminine === undefined);
      if (s.ukFeminine !== undefined) expect(s.ukFeminine).toMatch(UK_LETTERS);
      if (s.ruFeminine !== undefined) expect(s.ruFeminine).toMatch(RU_LETTERS);
    }
  });

  it('gives feminine forms exactly for the surnames that inflect by sex', () => {
    const byUk = new Map(all.map((s) => [s.uk, s]));
    expect(byUk.get('Шевченко')?.ukFeminine).toBeUndefined();
    expect(byUk.get('Кравець')?.ru).toBe('Кравец');
    expect(byUk.get('Кравець')?.ukFeminine).toBeUndefined();
    expect(byUk.get('Ковальський')).toMatchObject({ ukFeminine: 'Ковальська', ruFeminine: 'Ковальская' });
    expect(byUk.get('Левицький')).toMatchObject({ ukFeminine: 'Левицька', ruFeminine: 'Левицкая' });
    expect(byUk.get('Ковальов')).toMatchObject({ ru: 'Ковалёв', ukFeminine: 'Ковальова', ruFeminine: 'Ковалёва' });
    expect(byUk.get('Іванов')).toMatchObject({ ru: 'Иванов', ruFeminine: 'Иванова' });
    for (const s of all) {
      if (/(енко|ук|юк|ко)$/u.test(s.uk)) expect(s.ukFeminine, s.uk).toBeUndefined();
      if (/(ов|ев|єв|ин|ін|їн|ий)$/u.test(s.uk) && !/ів$/u.test(s.uk)) expect(s.ukFeminine, s.uk).toBeDefined();
    }
  });

  it('keeps the cross-language correspondences of names.md', () => {
    const ru = new Map(all.map((s) => [s.uk, s.ru]));
    expect(ru.get('Олійник')).toBe('Олейник');
    expect(ru.get('Лисенко')).toBe('Лысенко');
    expect(ru.get('Діденко')).toBe('Диденко');
    expect(ru.get('Зеленський')).toBe('Зеленский');
    expect(ru.get('Поліщук')).toBe('Полищук');
  });
});
