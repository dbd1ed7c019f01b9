import { describe, expect, it } from 'vitest';
import { skeleton } from './fold.js';
import { givenNameClassOf } from './givenNameIndex.js';
import { fieldInitials, initialAgrees, initialKey, initialsAgree, nameFormSkeletons } from './initials.js';
import { capitalInitials, parseName, parseNameFields } from './parse.js';

const agrees = (initial: string, name: string): boolean =>
  initialAgrees(
    initialKey(initial) ?? '',
    nameFormSkeletons(givenNameClassOf(name)?.id ?? null, skeleton(name)),
  );

describe('initials written in place of names', () => {
  it('reads which part each initial stands for, in one field or two, in either script', () => {
    expect(fieldInitials('Т.Г.', null)).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('Т.', 'Г.')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('T. H.', null)).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('Тарас', 'Г.')).toEqual({ given: null, father: 'h' });
    expect(fieldInitials('Т.', 'Григорович')).toEqual({ given: 't', father: null });
    expect(fieldInitials('Тарас', 'Григорович')).toEqual({ given: null, father: null });
    expect(fieldInitials(null, null)).toEqual({ given: null, father: null });
  });

  it('reads a dotted romanized initial of one Cyrillic letter (Yu., Zh., Kh.) as an initial, not a name', () => {
    expect(parseNameFields('Shevchenko', 'Yu.', 'Kh.')).toMatchObject({
      given: null,
      initials: ['Yu', 'Kh'],
    });
    expect(fieldInitials('Yu. Kh.', null)).toEqual({ given: 'iu', father: 'kh' });
    // A short name written out is still a name.
    expect(parseNameFields('Shevchenko', 'Yuliia', null as unknown as undefined).given).toBe('Yuliia');
    expect(parseNameFields('Shevchenko', 'Ed.', undefined).given).toBe('Ed');
  });

  it('reads initials beside one -ович word as a surname with initials (В. Данилович), not a patronymic', () => {
    for (const text of ['V. Danylovych', 'Данилович В.В.', 'Danylovych V.'])
      expect(parseName(text), text).toMatchObject({
        family: expect.stringMatching(/^Dan|^Дан/u),
        patronymic: null,
      });
    expect(parseName('Іван Петрович')).toMatchObject({ given: 'Іван', patronymic: 'Петрович' });
  });

  it('agrees with a name in any script: T/Т, Yu/Ju/Iu/Y/Ю, Kh/Х, Zh/Z/Ж, and the Russian form (А for Олександр)', () => {
    for (const [i, n] of [
      ['T', 'Тарас'],
      ['Т', 'Taras'],
      ['Yu', 'Юрій'],
      ['Ju', 'Юрій'],
      ['Iu', 'Юрій'],
      ['Y', 'Юрій'],
      ['Y', 'Євген'],
      ['Y', 'Яна'],
      ['J', 'Євгенія'],
      ['Ю', 'Yurii'],
      ['Kh', 'Харитон'],
      ['Ch', 'Христина'],
      ['Х', 'Kharyton'],
      ['Zh', 'Жанна'],
      ['Z', 'Жанна'],
      ['Ж', 'Zhanna'],
      ['А', 'Олександр'],
      ['O', 'Александр'],
      ['G', 'Григорій'],
      ['H', 'Григорій'],
    ])
      expect(agrees(i as string, n as string), `${i} ${n}`).toBe(true);
    for (const [i, n] of [
      ['M', 'Тарас'],
      ['Zh', 'Зиновій'],
      ['Kh', 'Костянтин'],
      ['Ю', 'Яна'],
    ])
      expect(agrees(i as string, n as string), `${i} ${n}`).toBe(false);
  });

  it('agrees two initials when one spells the other out further (Ю and Y., Ж and Z.)', () => {
    expect(initialsAgree(skeleton('Ю'), skeleton('Y'))).toBe(true);
    expect(initialsAgree(skeleton('Ж'), skeleton('Z'))).toBe(true);
    expect(initialsAgree(skeleton('Ж'), skeleton('Х'))).toBe(false);
    expect(initialsAgree('y', skeleton('Є'))).toBe(true);
    expect(initialsAgree('y', skeleton('Т'))).toBe(false);
  });
});

describe('initials written without dots (issue #11, hold-out: two capitals)', () => {
  // Generated people only.
  it('reads two capitals as two initials in free text, in either script and order', () => {
    for (const [text, initials] of [
      ['Шевченко ТГ', ['Т', 'Г']],
      ['ТГ Шевченко', ['Т', 'Г']],
      ['ШЕВЧЕНКО ТГ', ['Т', 'Г']],
      ['Shevchenko TH', ['T', 'H']],
      ['TH Shevchenko', ['T', 'H']],
      ['Данилович ВВ', ['В', 'В']],
    ] as const)
      expect(parseName(text), text).toMatchObject({
        family: expect.stringMatching(/^(Шевченко|Shevchenko|Данилович)$/u),
        given: null,
        patronymic: null,
        initials,
      });
  });

  it('keeps a romanized letter of one Cyrillic letter as one initial where the case says so', () => {
    expect(parseName('Shevchenko YuH').initials).toEqual(['Yu', 'H']);
    expect(parseName('Shevchenko TKh').initials).toEqual(['T', 'Kh']);
    expect(parseName('Shevchenko ZhH').initials).toEqual(['Zh', 'H']);
    expect(parseName('Shevchenko Yu').initials).toEqual(['Yu']);
    // In capitals a pair is two initials (Z. H.), except YU, IU, JU: Ю (U begins almost no name).
    expect(parseName('Shevchenko ZH').initials).toEqual(['Z', 'H']);
    expect(parseName('SHEVCHENKO YU').initials).toEqual(['Yu']);
    expect(capitalInitials('Th')).toBeNull();
    expect(capitalInitials('McD')).toBeNull();
    expect(capitalInitials('ТГШ')).toBeNull();
    expect(capitalInitials('Тг')).toBeNull();
  });

  it('keeps a word when no other word could be the surname, and a given name as a name', () => {
    expect(parseName('ЛІ ЮН')).toMatchObject({ family: 'Лі', given: 'Юн', initials: [] });
    expect(parseName('ЮН Тарас')).toMatchObject({ family: 'Юн', given: 'Тарас', initials: [] });
    expect(parseName('ЮН Тарас Петрович')).toMatchObject({ family: 'Юн', initials: [] });
    expect(parseName('Shevchenko Taras').initials).toEqual([]);
    expect(parseName('Shevchenko Taras JR').initials).toEqual([]);
    // A two-letter surname in the family field is never taken for initials.
    for (const family of ['Лі', 'ЛІ', 'Юн', 'ЮН'])
      expect(parseNameFields(family, 'Тарас', 'Григорович'), family).toMatchObject({
        family: expect.stringMatching(/^(Лі|Юн)$/u),
        given: 'Тарас',
        initials: [],
      });
  });

  it('reads "ТГ" alone in the given field (no patronymic) as the given name\'s and father\'s initials', () => {
    expect(parseNameFields('Шевченко', 'ТГ', '')).toMatchObject({ given: null, initials: ['Т', 'Г'] });
    expect(fieldInitials('ТГ', '')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('ТГ', null)).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('TH', null)).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('YuH', null)).toEqual({ given: 'iu', father: 'h' });
    // With a patronymic written, "ТГ" is left as written.
    expect(parseNameFields('Шевченко', 'ТГ', 'Григорович').initials).toEqual([]);
  });

  it('agrees across scripts as dotted initials do (ТГ and TH, Ю and YuH)', () => {
    const cyr = fieldInitials('ТГ', null);
    const lat = fieldInitials('TH', null);
    expect(initialsAgree(cyr.given ?? '', lat.given ?? '')).toBe(true);
    expect(initialsAgree(cyr.father ?? '', lat.father ?? '')).toBe(true);
    expect(initialsAgree(fieldInitials('YuH', null).given ?? '', skeleton('Ю'))).toBe(true);
    expect(
      initialAgrees(lat.given ?? '', nameFormSkeletons(givenNameClassOf('Тарас')?.id ?? null, null)),
    ).toBe(true);
    expect(
      initialAgrees(lat.father ?? '', nameFormSkeletons(givenNameClassOf('Григорій')?.id ?? null, null)),
    ).toBe(true);
  });
});

describe('a whole name with initials typed into the family field alone', () => {
  it('gives its initials when the given-name and patronymic fields are empty', () => {
    expect(fieldInitials(null, null, 'Шевченко Т.Г.')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials('', '', 'Шевченко ТГ')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials(null, null, 'T. H. Shevchenko')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials(null, null, 'Шевченко Тарас Г.')).toEqual({ given: null, father: 'h' });
    expect(fieldInitials(null, null, 'Шевченко')).toEqual({ given: null, father: null });
    expect(fieldInitials(null, null, 'Шевченко Тарас')).toEqual({ given: null, father: null });
    expect(fieldInitials(null, null, 'Шевченко,ТГ')).toEqual({ given: 't', father: 'h' });
    expect(fieldInitials(null, null, 'Шевченко.')).toEqual({ given: null, father: null });
    // A given field written wins: the family field is not read then.
    expect(fieldInitials('Тарас', null, 'Шевченко Т.Г.')).toEqual({ given: null, father: null });
  });
});
