import { describe, expect, it } from 'vitest';
import { readKeyboardLayout, retypeKeyboardLayout } from './keyboard.js';

describe('retypeKeyboardLayout', () => {
  it('reads a Cyrillic name typed in the Latin layout, Shift signs as capitals', () => {
    expect(retypeKeyboardLayout(['Itdxtyrj', 'Nfhfc', 'Uhbujhjdbx'], 1)).toEqual([
      'Шевченко',
      'Тарас',
      'Григорович',
    ]);
    expect(retypeKeyboardLayout(['<jylfhtyrj', 'Jktrcfylh', null], 1)).toEqual([
      'Бондаренко',
      'Олександр',
      null,
    ]);
    expect(retypeKeyboardLayout(['{jvtyrj', '>hsq'], 1)).toEqual(['Хоменко', 'Юрій']);
  });

  it('reads a Russian name typed in the Latin layout with the Russian letters', () => {
    expect(retypeKeyboardLayout(['Rjdfktyrj', 'Fktrcfylh', 'Bdfyjdbx'], 1)).toEqual([
      'Коваленко',
      'Александр',
      'Иванович',
    ]);
  });

  it('reads a Latin name typed in the Ukrainian or Russian layout', () => {
    expect(retypeKeyboardLayout(['Ырумсрутлщ', 'Ефкфы', null], 1)).toEqual(['Shevchenko', 'Taras', null]);
    expect(retypeKeyboardLayout(['Ірумсрутлщ', 'Щдрф'], 1)).toEqual(['Shevchenko', 'Olha']);
  });

  it('reads a query: any word may be the given name', () => {
    expect(retypeKeyboardLayout(['Itdxtyrj', 'Nfhfc'])).toEqual(['Шевченко', 'Тарас']);
  });

  it('leaves names that read as they stand', () => {
    expect(retypeKeyboardLayout(['Шевченко', 'Тарас', 'Григорович'], 1)).toBeNull();
    expect(retypeKeyboardLayout(['Shevchenko', 'Taras', 'Hryhorovych'], 1)).toBeNull();
    expect(retypeKeyboardLayout(['Kowalczuk', 'Jurij'], 1)).toBeNull();
    // a given name as written wins, whatever another word retypes to
    expect(retypeKeyboardLayout(['Bdfy', 'Taras'], 1)).toBeNull();
    // the given name must retype to a given name: a surname alone is no evidence
    expect(retypeKeyboardLayout(['Itdxtyrj', null], 1)).toBeNull();
    expect(retypeKeyboardLayout(['Itdxtyrj', 'T.'], 1)).toBeNull();
    // mixed scripts and digits are not keystrokes of one layout
    expect(retypeKeyboardLayout(['Itdxtyrj', 'Тарас'], 1)).toBeNull();
    expect(retypeKeyboardLayout(['Nfhfc2'], undefined)).toBeNull();
  });

  it('reads names no table knows by their letter pairs: Cyrillic on the Latin keys', () => {
    // Саркісян Ашот, Беридзе Гия: no given name the tables know, so only the letters can tell.
    expect(readKeyboardLayout(['Cfhrsczy', 'Fijn', 'Uhfxbrjdbx'], 1)).toEqual({
      fields: ['Саркісян', 'Ашот', 'Грачикович'],
      by: 'letters',
    });
    expect(retypeKeyboardLayout(['<thblpt', 'Ubz'], 1)).toEqual(['Беридзе', 'Гия']);
    // a query: the whole name in one line
    expect(retypeKeyboardLayout(['Cfhrsczy', 'Fijn', 'Uhfxbrjdbx'])).toEqual([
      'Саркісян',
      'Ашот',
      'Грачикович',
    ]);
  });

  it('reads names no table knows by their letter pairs: Latin on the Ukrainian or Russian keys', () => {
    expect(readKeyboardLayout(['Иукшвяу', 'Пшф'], 1)).toEqual({ fields: ['Beridze', 'Gia'], by: 'letters' });
    expect(retypeKeyboardLayout(['Вгьшекуысг', 'Мфышду'], 1)).toEqual(['Dumitrescu', 'Vasile']);
    expect(retypeKeyboardLayout(['Іфклшішфт', 'Фырще', 'Пкфсршлщмшср'], 1)).toEqual([
      'Sarkisian',
      'Ashot',
      'Grachikovich',
    ]);
  });

  it('leaves clean names no table knows, in either script, whatever their letters', () => {
    for (const name of [
      ['Саркісян', 'Ашот', 'Грачикович'],
      ['Беридзе', 'Гия'],
      ['Думітреску', 'Василе'],
      ['Надь', 'Іштван'],
      ['Тот', 'Іштван'],
      ['Вуйцік', 'Ян'],
      ['Кутіді', 'Домна'],
      ['Sarkisian', 'Ashot'],
      ['Beridze', 'Gia'],
      ['Dumitrescu', 'Vasile'],
      ['Nagy', 'Istvan'],
      ['Papadopoulos', 'Dimitrios'],
      ['Rabynowycz', 'Efrajim'],
      ['Ablajew', 'Refat'],
      ['Weinberg', 'Chaim'],
      ['Schwarz', 'Bruno'],
      ['Tkhsvkh', 'Dzh'],
    ])
      expect(readKeyboardLayout(name, 1)).toBeNull();
  });

  it('needs two words, or one long word with overwhelming evidence', () => {
    // one short word alone is not enough evidence
    expect(retypeKeyboardLayout(['Ubz'], undefined)).toBeNull();
    // one long word that reads as nothing but a name retyped
    expect(retypeKeyboardLayout(['Cfhrsczyjdf'], undefined)).toEqual(['Саркісянова']);
  });
});
