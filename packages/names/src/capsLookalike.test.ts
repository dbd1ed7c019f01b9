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

  it('leaves lone capitals (initials) and mixed-case words alone', () => {
    expect(readCapsLookalikes(['Шевченко', 'T', 'Tapac'])).toEqual(['Шевченко', 'T', 'Tapac']);
  });
});
