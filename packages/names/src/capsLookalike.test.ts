import { describe, expect, it } from 'vitest';
import { readCapsLookalikes } from './capsLookalike.js';
import { skeleton } from './fold.js';
import { nameKeys } from './keys.js';
import { parseName, parseNameFields } from './parse.js';

describe('a word in look-alike capitals', () => {
  it('is read as Cyrillic beside a Cyrillic word', () => {
    expect(skeleton('TAPAC ШЕВЧЕНКО')).toBe(skeleton('Тарас Шевченко'));
    expect(parseName('ШЕВЧЕНКО TAPAC').given).toBe('Тарас');
    const typed = nameKeys(parseNameFields('ШЕВЧЕНКО', 'TAPAC'));
    expect(typed).toEqual(nameKeys(parseNameFields('Шевченко', 'Тарас')));
  });

  it('is read as Cyrillic alone where its letter pairs read as a Cyrillic name', () => {
    expect(skeleton('TAPAC')).toBe(skeleton('Тарас'));
    expect(skeleton('OKCAHA')).toBe(skeleton('Оксана'));
    expect(nameKeys(parseNameFields('KOCTEHKO', 'OKCAHA'))).toEqual(
      nameKeys(parseNameFields('Костенко', 'Оксана')),
    );
  });

  it('stays Latin when it is a Latin name and nothing Cyrillic is beside it', () => {
    for (const w of ['KOCH', 'EMMA', 'HAMM', 'MACHT', 'BACH', 'ECHO', 'MAX', 'TIM'])
      expect(skeleton(w)).toBe(skeleton(w.toLowerCase()));
    expect(parseNameFields('KOCH', 'HANS').family).toBe('Koch');
    expect(parseName('MAX KOCH')).toMatchObject({ family: 'Koch', given: 'Max' });
  });

  it('a half-and-half word, or one with Y for У, takes the script of the name', () => {
    expect(nameKeys(parseNameFields('CEРДЮК', 'ВIКTОP', 'ЛУKИЧ')).given).toBe(
      nameKeys(parseNameFields('Сердюк', 'Віктор', 'Лукич')).given,
    );
    expect(nameKeys(parseNameFields('MAЛEHKO', 'PYCЛAH')).given).toBe(
      nameKeys(parseNameFields('Маленко', 'Руслан')).given,
    );
    expect(parseNameFields('FЕDОRОW', 'СНОМА', 'АNАТОLІJОWYСZ').given).toBe('Choma');
  });

  it('reads a Ї typed as Latin Ï as the other look-alikes (РАЇСА, МАТВІЇВНА)', () => {
    expect(parseNameFields('KOBAЛЬЧYK', 'PAЇCA', 'BIKTOPIBHA')).toMatchObject({
      given: 'Раїса',
      patronymic: 'Вікторівна',
    });
    expect(parseNameFields('OCTAПAK', 'YЛЯHA', 'MATBIЇBHA').patronymic).toBe('Матвіївна');
  });

  it('leaves lone capitals (initials) alone', () => {
    expect(readCapsLookalikes(['Шевченко', 'T', 'Tapac'])).toEqual(['Шевченко', 'T', 'Тарас']);
  });
});

describe('a word in look-alike lower-case letters', () => {
  it('is read as Cyrillic beside a Cyrillic word, in any case', () => {
    expect(skeleton('Tapac Шевченко')).toBe(skeleton('Тарас Шевченко'));
    expect(skeleton('tapac шевченко')).toBe(skeleton('тарас шевченко'));
    expect(parseName('Шевченко Tapac Григорович').given).toBe('Тарас');
    expect(nameKeys(parseNameFields('Шевченко', 'Tapac'))).toEqual(
      nameKeys(parseNameFields('Шевченко', 'Тарас')),
    );
    // Capitals re-cased by a program: h k m t b for н к м т в.
    expect(nameKeys(parseNameFields('Коваленко', 'Okcaha', 'Ibahibha'))).toEqual(
      nameKeys(parseNameFields('Коваленко', 'Оксана', 'Іванівна')),
    );
    expect(nameKeys(parseNameFields('Сердюк', 'Biktop')).given).toBe(
      nameKeys(parseNameFields('Сердюк', 'Віктор')).given,
    );
  });

  it('is read as Cyrillic alone only when it reads as a name of the tables', () => {
    expect(nameKeys(parseNameFields('Kocteh', 'Okcaha', 'Ibahibha'))).toEqual(
      nameKeys(parseNameFields('Kocteh', 'Оксана', 'Іванівна')),
    );
    expect(skeleton('Tapac')).toBe(skeleton('Тарас'));
    for (const w of ['Pace', 'Cocco', 'Coco', 'Cox', 'Paco', 'Cepa'])
      expect(skeleton(w)).toBe(skeleton(w.toLowerCase()));
    expect(parseName('Cocco Pace')).toMatchObject({ family: 'Cocco', given: 'Pace' });
  });

  it('stays Latin beside a Latin word, and a Latin name never turns Cyrillic', () => {
    for (const name of [
      'Kasper Oscar',
      'Pace Rosa',
      'Poppe Maria',
      'Cocco Rosa',
      'Emma Koch Schmidt',
      'Tapac Shevchenko',
    ])
      expect(skeleton(name)).toBe(skeleton(name.toLowerCase()));
    expect(parseNameFields('Poppe', 'Anna').family).toBe('Poppe');
    expect(parseNameFields('Rossi', 'Pace').given).toBe('Pace');
    expect(parseNameFields('Kasper', 'Maya').family).toBe('Kasper');
  });

  it('a Cyrillic word stays Cyrillic beside Latin ones unless its letters read far better as Latin', () => {
    expect(parseNameFields('Shevchenko', 'Тарас').given).toBe('Тарас');
    expect(parseNameFields('Smith', 'Сара').given).toBe('Сара');
  });

  it('a word with a letter of one script only is that script (repairMixedScript)', () => {
    expect(skeleton('oкcaнa')).toBe(skeleton('оксана'));
    expect(skeleton('Oкcaнa Шевчук')).toBe(skeleton('Оксана Шевчук'));
    expect(parseNameFields('Kasper', 'Oscar')).toMatchObject({ family: 'Kasper', given: 'Oscar' });
  });
});

describe('a name in look-alike capitals re-cased, with letters only Cyrillic has', () => {
  it('is read as the Cyrillic name, word by word and field by field', () => {
    expect(nameKeys(parseNameFields('Дmиtpehko', 'Дmиtpий', 'Ahatoльebич'))).toEqual(
      nameKeys(parseNameFields('Дмитренко', 'Дмитрий', 'Анатольевич')),
    );
    expect(nameKeys(parseNameFields('Kyhymyk', 'Xpиctиha', 'Kиpилibha'))).toEqual(
      nameKeys(parseNameFields('Кунумук', 'Христина', 'Кирилівна')),
    );
    expect(skeleton('maлehko pycлah')).toBe(skeleton('маленко руслан'));
    expect(parseName('Пetpehko Cepгiй Poctиcлabobич')).toMatchObject({
      family: 'Петренко',
      given: 'Сергій',
      patronymic: 'Ростиславович',
    });
  });
});
