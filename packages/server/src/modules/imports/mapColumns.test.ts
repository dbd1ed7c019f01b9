import { describe, expect, it } from 'vitest';
import { headerKey, mapHeader, mapRow, type ColumnMapping } from './mapColumns.js';

const FULL_NAME: ColumnMapping[] = [
  { column: 'ПІБ', field: 'full_name', by: 'header' },
  { column: 'Дата народження', field: 'birth_date', by: 'header' },
];

describe('a full name (ПІБ) split into its parts', () => {
  it('keeps initials as the given name and patronymic they stand for, in either script and order', () => {
    for (const [text, family, given, patronymic] of [
      ['Шевченко Т.Г.', 'Шевченко', 'Т.', 'Г.'],
      ['Т. Г. Шевченко', 'Шевченко', 'Т.', 'Г.'],
      ['T. H. Shevchenko', 'Shevchenko', 'T.', 'H.'],
      ['Шевченко Тарас Г.', 'Шевченко', 'Тарас', 'Г.'],
      ['Данилович В.В.', 'Данилович', 'В.', 'В.'],
      ['Шевченко Т.', 'Шевченко', 'Т.', undefined],
      ['Шевченко ТГ', 'Шевченко', 'Т.', 'Г.'],
      ['ШЕВЧЕНКО ТГ', 'Шевченко', 'Т.', 'Г.'],
      ['Shevchenko YuH', 'Shevchenko', 'Yu.', 'H.'],
      ['ЛІ ЮН', 'Лі', 'Юн', undefined],
    ] as const) {
      const { raw, problems } = mapRow([text, '1990 р.н.'], FULL_NAME, null);
      expect(problems, text).toEqual([]);
      expect(raw, text).toMatchObject({ family_name: family, given_name: given });
      expect(raw.patronymic, text).toBe(patronymic);
    }
  });

  it('lets a separate column for a part win over the full name', () => {
    const mapping: ColumnMapping[] = [...FULL_NAME, { column: "Ім'я", field: 'given_name', by: 'header' }];
    const { raw } = mapRow(['Шевченко Т.Г.', '1990', 'Тарас'], mapping, null);
    expect(raw).toMatchObject({ family_name: 'Шевченко', given_name: 'Тарас', patronymic: 'Г.' });
  });
});

describe('headers written with the Ukrainian apostrophe', () => {
  it('reads Імʼя and Прізвище, імʼя, по батькові with any apostrophe a keyboard types', () => {
    // U+02BC is what the Ukrainian layouts of macOS and the 2010 standard type; \p{L} counts it a letter.
    for (const a of ["'", '’', 'ʼ', 'ʻ', '`']) {
      expect(headerKey(`Ім${a}я`), a).toBe(headerKey("Ім'я"));
      const mapping = mapHeader([`Прізвище`, `Ім${a}я`, `Дата народження`], 1);
      expect(
        mapping.map((m) => m.field),
        a,
      ).toEqual(['family_name', 'given_name', 'birth_date']);
      expect(mapHeader([`Прізвище, ім${a}я, по батькові`], 1)[0]?.field, a).toBe('full_name');
    }
  });
});
