import { describe, expect, it } from 'vitest';
import { nameKeys } from './keys.js';
import { parseName, parseNameFields } from './parse.js';
import { isTurkicParticle, sexOfParticleSkeleton, turkicPatronymicParts } from './turkic.js';
import { skeleton } from './fold.js';

// Generated names only: common Turkic given names and surnames put together at random.
describe('Turkic patronymics (pd2)', () => {
  it('knows the particles in either script, and the sex each says', () => {
    for (const w of ['оглы', 'ОГЛЫ', 'огли', 'оглу', 'угли', 'ogly', 'oglu', 'oğlu', 'ogli', 'ugli'])
      expect([w, isTurkicParticle(w), sexOfParticleSkeleton(skeleton(w))]).toEqual([w, true, 'male']);
    for (const w of ['кызы', 'кизи', 'гызы', 'qizi', 'kyzy', 'kizi', 'qızı', 'gizi'])
      expect([w, isTurkicParticle(w), sexOfParticleSkeleton(skeleton(w))]).toEqual([w, true, 'female']);
    for (const w of ['Олег', 'Огли-Огли', 'Uli', 'Ulu', 'Ли', 'Кизим', 'Мамед', 'Улым'])
      expect(isTurkicParticle(w), w).toBe(false);
    // nm14: Kazakh ұлы, қызы (in Latin uly, qyzy; ұ typed as у), Kyrgyz уулу / uulu, as written: their skeletons
    // lose ұ and қ, or meet a given name (Uli), so only the words themselves are read.
    for (const w of ['ұлы', 'ҰЛЫ', 'улы', 'uly', 'Uly', 'уулу', 'uulu', 'қызы', 'qyzy'])
      expect([w, isTurkicParticle(w)]).toEqual([w, true]);
    expect(turkicPatronymicParts('Мамед оглы')).toEqual({ father: 'Мамед', particle: 'оглы' });
    expect(turkicPatronymicParts('оглы Мамед')).toBe(null);
    expect(turkicPatronymicParts('Мамед')).toBe(null);
  });

  it('reads a whole name with a particle as family, given name and the patronymic "father + particle"', () => {
    const cases: [string, string, string, string][] = [
      ['Гасанов Тимур Рашид оглы', 'Гасанов', 'Тимур', 'Рашид оглы'],
      ['ГАСАНОВ ТИМУР РАШИД ОГЛЫ', 'Гасанов', 'Тимур', 'Рашид оглы'],
      ['Гасанов Эльдар Рашидович оглы', 'Гасанов', 'Эльдар', 'Рашидович оглы'],
      ['Гасанова Айгюль Рашидовна кызы', 'Гасанова', 'Айгюль', 'Рашидовна кызы'],
      ['Гасанова Лейла Рашид кизи', 'Гасанова', 'Лейла', 'Рашид кизи'],
      ['Hasanov Timur Rashid ogly', 'Hasanov', 'Timur', 'Rashid ogly'],
      ['Hasanova Leyla Rashid qizi', 'Hasanova', 'Leyla', 'Rashid qizi'],
      ['Тимур Рашид оглы Гасанов', 'Гасанов', 'Тимур', 'Рашид оглы'],
    ];
    for (const [text, family, given, patronymic] of cases)
      expect(parseName(text), text).toEqual({ family, given, patronymic, initials: [] });
  });

  it('reads a Kazakh or Kyrgyz particle as one (nm14)', () => {
    const cases: [string, string | null, string, string][] = [
      ['Нурланов Серик Нурлан ұлы', 'Нурланов', 'Серик', 'Нурлан ұлы'],
      ['Nurlanov Serik Nurlan uly', 'Nurlanov', 'Serik', 'Nurlan uly'],
      ['Нурланова Айгуль Нурлан қызы', 'Нурланова', 'Айгуль', 'Нурлан қызы'],
      ['Aigul Asan kyzy', null, 'Aigul', 'Asan kyzy'],
    ];
    for (const [text, family, given, patronymic] of cases)
      expect(parseName(text), text).toEqual({ family, given, patronymic, initials: [] });
    expect(nameKeys(parseNameFields('Нурланов', 'Серик', 'Нурлан ұлы')).father).toBe(
      nameKeys(parseNameFields('Нурланов', 'Серик', 'Нурлан оглы')).father,
    );
  });

  // nm14: Azerbaijani lists write the patronymic between the surname and the given name; Kyrgyz papers the father's
  // name and уулу, кызы in the surname's place, before the given name.
  it('reads a patronymic with a particle written before the given name', () => {
    const cases: [string, string | null, string, string][] = [
      ['Мамедов Рустам оглы Али', 'Мамедов', 'Али', 'Рустам оглы'],
      ['Mammadov Rashid oglu Ali', 'Mammadov', 'Ali', 'Rashid oglu'],
      ['Гасанова Рашид кызы Лейла', 'Гасанова', 'Лейла', 'Рашид кызы'],
    ];
    for (const [text, family, given, patronymic] of cases)
      expect(parseName(text), text).toEqual({ family, given, patronymic, initials: [] });
    // Two words: the script's order reads both alike (Cyrillic: the word is the surname, as Гасанли may be).
    expect(nameKeys(parseName('Бакыт уулу Азамат'))).toEqual(nameKeys(parseName('Азамат Бакыт уулу')));
    expect(parseName('Гасанли Рашид оглы').family).toBe('Гасанли');
    expect(parseName('Рашид оглы Гасанли').family).toBe('Гасанли');
    // The given name first stays as it was read.
    expect(parseName('Тимур Рашид оглы Гасанов')).toEqual({
      family: 'Гасанов',
      given: 'Тимур',
      patronymic: 'Рашид оглы',
      initials: [],
    });
  });

  it('keeps "father + particle" as the patronymic in a record\'s fields, typed in either field', () => {
    const want = { family: 'Гасанов', given: 'Тимур', patronymic: 'Рашид оглы', initials: [] };
    expect(parseNameFields('Гасанов', 'Тимур', 'Рашид оглы')).toEqual(want);
    expect(parseNameFields('Гасанов', 'Тимур', 'РАШИД ОГЛЫ')).toEqual(want);
    expect(parseNameFields('Гасанов', 'Тимур Рашид оглы')).toEqual(want);
    expect(parseNameFields('Гасанов Тимур Рашид оглы')).toEqual(want);
    // A particle alone in the given field beside one word is left as written.
    expect(parseNameFields('Гасанов', 'Рашид оглы').patronymic).toBe(null);
  });

  it("keys the father's class from the name before the particle, and the given name alone", () => {
    const k = nameKeys(parseNameFields('Гасанов', 'Руслан', 'Тимур оглы'));
    expect(k.given).toBe('ruslan');
    expect(k.father).toBe(nameKeys(parseNameFields('Гасанов', 'Руслан', 'Тимурович')).father);
    expect(k.father).not.toBe(null);
    expect(nameKeys(parseNameFields('Гасанов', 'Руслан', 'Тимурович оглы')).father).toBe(k.father);
  });
});
