import { describe, expect, it } from 'vitest';
import { partJoinedWords } from './joined.js';

// Hold-out 8 (bench/holdout8.ts joined_words): a whole name with its spaces lost was keyed as one surname.
describe('partJoinedWords', () => {
  it.each([
    ['КоваленкоАндрійПетрович', 'Коваленко Андрій Петрович'],
    ['КОВАЛЕНКОАндрійПетрович', 'КОВАЛЕНКО Андрій Петрович'],
    ['КоваленкоАндрій', 'Коваленко Андрій'],
    ['KovalenkoAndrii', 'Kovalenko Andrii'],
    ['ShevchenkoTarasHryhorovych', 'Shevchenko Taras Hryhorovych'],
    ['АндрійПетрович', 'Андрій Петрович'],
    ['ОлегІванович', 'Олег Іванович'],
    ['КоваленкоА.П.', 'Коваленко А.П.'],
    ['Коваленко-БондарОлена', 'Коваленко-Бондар Олена'],
    ['Шевченко ТарасГригорович', 'Шевченко Тарас Григорович'],
    ['Igor’Aleksandrovich', 'Igor’ Aleksandrovich'],
    ['KHMARYCHOl’gaVital’yevna', 'KHMARYCH Ol’ga Vital’yevna'],
    ['BYCRomanIwanowycz', 'BYC Roman Iwanowycz'],
  ])('parts %s as %s', (joined, parted) => {
    expect(partJoinedWords(joined)).toBe(parted);
  });

  it('leaves a name with a capital inside it alone', () => {
    for (const s of [
      'Коваленко',
      'Коваленко Андрій',
      'McDonald',
      'MacArthur',
      'DiCaprio',
      'LaToya',
      'DeLuca',
      'КоваленкоБондар',
      'ШЕВЧЕНКО',
      'Коваленко А.П.',
      'ЛіМін',
    ])
      expect(partJoinedWords(s), s).toBeNull();
  });
});
