import { describe, expect, it } from 'vitest';
import { foreignLatinReadings } from './foreignLatinText.js';
import { fatherClassOfPatronymic, givenNameClassOf } from './givenNameIndex.js';
import { nameKeys } from './keys.js';
import { parseName } from './parse.js';

describe('foreignLatinReadings', () => {
  it('reads a Latvian name whole where one word shows the spelling (hold-out 12 baltic_czech)', () => {
    expect(foreignLatinReadings('Vadims Mihajlovičs Suhins')).toEqual(['Vadim Mikhailovich Suhin']);
    expect(foreignLatinReadings('Hnatjuks Svjatoslavs')).toEqual(['Hnatiuk Sviatoslav']);
    expect(foreignLatinReadings('Timofijs Jarema')).toEqual(['Timofii Iarema']);
  });

  it('reads a Lithuanian name whole: -as, -ijus, c for ц', () => {
    expect(foreignLatinReadings('Hucukas Oleksandras')).toEqual(['Hutsuk Oleksandr']);
    // Two words with a Baltic man's ending, neither known to the tables, show the spelling; one alone does not.
    expect(foreignLatinReadings('Stecanas Ljubomyras')).toEqual(['Stetsan Liubomyr']);
    expect(foreignLatinReadings('Karas Ivan')).toEqual([]);
    expect(foreignLatinReadings('Lukas Bohdan')).toEqual([]);
    expect(foreignLatinReadings('Andrijus Melnykas')).toEqual(['Andrii Melnyk']);
    expect(foreignLatinReadings('Oleksandras Ševčenka')).toEqual(['Oleksandr Shevchenko']);
  });

  it('gives a reading whose given name and patronymic the tables know', () => {
    const [read] = foreignLatinReadings('Vadims Mihajlovičs Suhins');
    const [given, patronymic] = (read ?? '').split(' ');
    expect(givenNameClassOf(given ?? '')?.id).toBe('vadym');
    expect(fatherClassOfPatronymic(patronymic ?? '')?.id).toBe('mykhailo');
  });

  it('reads a Dutch or Swedish name whole (hold-out 12 spelling_nl_sv)', () => {
    expect(foreignLatinReadings('Savtjytj Leonid Mykolajovytj')).toEqual(['Savchych Leonid Mykolaiovych']);
    expect(foreignLatinReadings('Loekets Nazar Ljoebomyrovytsj')).toEqual(['Lukets Nazar Liubomyrovych']);
    expect(foreignLatinReadings('Joerij Melnyk')).toEqual(['Iurii Melnyk']);
    expect(foreignLatinReadings('Bohdan Pasitsjnyk')).toEqual(['Bohdan Pasichnyk']);
    // In a Dutch text tj is т before я, ю: Kostjantynovytsj is Kostiantynovych.
    expect(foreignLatinReadings('Loetsskyj Roeslan Kostjantynovytsj')).toEqual([
      'Lutsskyi Ruslan Kostiantynovych',
    ]);
    const [read] = foreignLatinReadings('Joerij Melnyk');
    expect(nameKeys(parseName(read ?? '')).given).toBe('yurii');
  });

  it('leaves a name no word of which shows either spelling', () => {
    expect(foreignLatinReadings('Taras Shevchenko')).toEqual([]);
    expect(foreignLatinReadings('Denys Melnyk')).toEqual([]);
    expect(foreignLatinReadings('Шевченко Тарас')).toEqual([]);
    // German writes тю, сю as tj, sj: not Swedish.
    expect(foreignLatinReadings('Kostjuk Iwan')).toEqual([]);
    expect(foreignLatinReadings('Kostjuk Ivan')).toEqual([]);
    expect(foreignLatinReadings('Morosjak Petro')).toEqual([]);
  });

  it('leaves a text with another spelling’s letters (KMU kh, Polish or German marks)', () => {
    expect(foreignLatinReadings('Kovalčuk Mykhailo Vadims')).toEqual([]);
    expect(foreignLatinReadings('Tkatsjoek Żaneta')).toEqual([]);
  });
});
