import { describe, expect, it } from 'vitest';
import { skeleton } from './fold.js';
import { givenNameClassOf } from './givenNameIndex.js';
import { fieldInitials, initialAgrees, initialKey, initialsAgree, nameFormSkeletons } from './initials.js';
import { parseName, parseNameFields } from './parse.js';

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
