import { describe, expect, it } from 'vitest';
import { lowerStressCapitals, partJoinedWords } from './joined.js';

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

  // rc8: the mixed population's names (Armenian, Georgian, Jewish, Romanian … and Ukrainian names the tables do not
  // hold) were never parted, the tables knowing none of the words. Three words run together whose last ends as a
  // patronymic are a whole name whatever its words; in the given name's cell (no patronymic beside it), two words
  // whose second ends as a patronymic are a given name and a patronymic.
  it.each([
    ['HelaschwiliDawitMyroslawowytsch', 'Helaschwili Dawit Myroslawowytsch'],
    ['TSULAIALevanTamazovych', 'TSULAIA Levan Tamazovych'],
    ['ТвердкоСтефаніяОстапівна', 'Твердко Стефанія Остапівна'],
    ['RabynovychDeboraMoiseivna', 'Rabynovych Debora Moiseivna'],
    ['ВолковРодионГеннадьевич', 'Волков Родион Геннадьевич'],
  ])('parts %s as %s where no table knows its words', (joined, parted) => {
    expect(partJoinedWords(joined)).toBe(parted);
  });

  it.each([
    ['OstapNestorovych', 'Ostap Nestorovych'],
    ['HeorheTudorowytsch', 'Heorhe Tudorowytsch'],
    ['ŁejbaIzrajiliowycz', 'Łejba Izrajiliowycz'],
    ['ЯремаМар’янович', 'Ярема Мар’янович'],
  ])('parts %s in the given name cell as %s', (joined, parted) => {
    expect(partJoinedWords(joined, 'given')).toBe(parted);
  });

  it('parts two unknown words only in the given name cell, and only before a patronymic ending', () => {
    // A man's two surnames run together, or a surname whose own ending is a patronymic's (Мицкевич, Абрамович).
    for (const s of ['КоваленкоМицкевич', 'OstromyrTudorovych', 'ShevchenkoAbramovych'])
      expect(partJoinedWords(s), s).toBeNull();
    // Names the tables know (the long tail's Остап and Нестор since nm17) are parted in any cell.
    expect(partJoinedWords('OstapNestorovych')).toBe('Ostap Nestorovych');
    for (const s of ['КоваленкоБондар', 'McDonald', 'LaToya', 'JeanPierre', 'ЛіМін'])
      expect(partJoinedWords(s, 'given'), s).toBeNull();
    // Nor three words whose last is no patronymic, nor a short first word (Mc, Di, Van …).
    for (const s of ['KovalenkoBondarMelnyk', 'DeLaRosa', 'VanDerBerghovych'])
      expect(partJoinedWords(s), s).toBeNull();
  });
});

describe('lowerStressCapitals', () => {
  it.each([
    ['AleksAndrovich', 'Aleksandrovich'],
    ['Oleksandr OleksAndrovych', 'Oleksandr Oleksandrovych'],
    ['Шолчик МихАйло ОлексАндрович', 'Шолчик Михайло Олександрович'],
    ['MykhaIlovych', 'Mykhailovych'],
    ['ДмитрО Петрович', 'Дмитро Петрович'],
    ['ОлександрОвич', 'Олександрович'],
    ["В'ячеслАв", "В'ячеслав"],
    ['Анна-МарІя', 'Анна-Марія'],
    ['VasYlych VItalii AleksAndrovich', 'Vasylych Vitalii Aleksandrovich'],
    ['ОЛег', null],
    ['ЮР', null],
  ])('reads the stress capital in %s as a small letter', (text, read) => {
    expect(lowerStressCapitals(text)).toBe(read);
  });

  it('leaves words run together, initials, capitals and surnames as they are', () => {
    // The whole, written small, is no name the tables know: words run together, parted by partJoinedWords.
    for (const s of ['КоваленкоОлександр', 'IvanOleksandrovych', 'LevkoA.', 'ЛевкоА.В.', 'AndriiPetrovych'])
      expect(lowerStressCapitals(s), s).toBeNull();
    // Not a vowel, more than one capital inside, a run of capitals, a surname (no table holds it).
    for (const s of ['McDonald', 'МаксИмОвич', 'BYCRoman', 'КОВАЛЕНКО Олександр', 'КовалЕнко', 'Oleksandr'])
      expect(lowerStressCapitals(s), s).toBeNull();
  });
});

// Hold-out 13 (bench/holdout13.ts letter_spaced): a whole name spaced out letter by letter in capitals, one space between
// its words too, is one word of capitals when joined; no capital marks where its words start.
describe('partJoinedWords: a whole name run together in capitals', () => {
  it.each([
    ['БОЙЧУКЛЮДМИЛАМАКСИМОВНА', 'БОЙЧУК ЛЮДМИЛА МАКСИМОВНА'],
    ['КОВАЛЕНКОАНДРІЙПЕТРОВИЧ', 'КОВАЛЕНКО АНДРІЙ ПЕТРОВИЧ'],
    ['KOVALENKOOLENAPETRIVNA', 'KOVALENKO OLENA PETRIVNA'],
    ['КОВАЛЬЧУКМИКОЛАІВАНОВИЧ', 'КОВАЛЬЧУК МИКОЛА ІВАНОВИЧ'],
    ['SHEVCHENKOTARASHRYHOROVYCH', 'SHEVCHENKO TARAS HRYHOROVYCH'],
  ])('parts %s', (joined, parted) => {
    expect(partJoinedWords(joined)).toBe(parted);
  });

  it('leaves a word of capitals without a given name at its end', () => {
    for (const w of ['КОВАЛЕНКО', 'ЗАХАРЧЕНКО', 'SHEVCHENKO', 'ІВАНЕНКО', 'ПЕТРЕНКО'])
      expect(partJoinedWords(w)).toBeNull();
  });

  // nm15: with no patronymic, a surname then a given name ("H E N D R Y J U K D M Y T R O", hold13's left-over).
  it.each([
    ['МИРОШНИЧЕНКОАНДРІЙ', 'МИРОШНИЧЕНКО АНДРІЙ'],
    ['KOVALENKOANDRII', 'KOVALENKO ANDRII'],
    ['HENDRYJUKDMYTRO', 'HENDRYJUK DMYTRO'],
    ['ТКАЧУКАНДРІЙ', 'ТКАЧУК АНДРІЙ'],
    // A given name first, before a surname the tables know.
    ['ДАРІЯТКАЧУК', 'ДАРІЯ ТКАЧУК'],
    ['ІВАНКОВАЛЕНКО', 'ІВАН КОВАЛЕНКО'],
  ])('parts %s where exactly one split reads as a surname and a given name', (joined, parted) => {
    expect(partJoinedWords(joined)).toBe(parted);
  });

  it('leaves a surname and a given name run together where two splits read, or the head is no surname', () => {
    // Олена after КОВАЛЕНКО, or Лена after КОВАЛЕНКОО (its doubled o folds away); Олена after ТКАЧУК, or Лена after
    // ТКАЧУКО (a surname's -ко ending): two readings, left whole.
    for (const w of ['КОВАЛЕНКООЛЕНА', 'ТКАЧУКОЛЕНА']) expect(partJoinedWords(w)).toBeNull();
    // A head with no surname's ending the tables know (БІЛОІВАН: Біло is no surname); a given name first before
    // a surname's ending only (ІВАНЕНКО, ІВАНЧЕНКО).
    for (const w of ['БІЛОІВАН', 'ІВАНЕНКО', 'ІВАНЧЕНКО']) expect(partJoinedWords(w)).toBeNull();
    // A surname whose first part is a given name (Яковлев: Yakov + Lev), of the names tables' surnames the only
    // ones read as two (nm15: every spelling in names/data/surnames.ts, Cyrillic and KMU Latin, in capitals).
    for (const w of ['YAKOVLEV', 'YAKOVLIEV']) expect(partJoinedWords(w)).toBeNull();
  });
});
