import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { romanizeRussian, romanizeUkrainian, type RussianSystem } from './romanize.js';

describe('romanizeUkrainian (KMU 2010, reference/names.md §5.1)', () => {
  // Every official example in the §5.1 table, in table order.
  const official: [string, string][] = [
    ['Алушта', 'Alushta'],
    ['Борщагівка', 'Borshchahivka'],
    ['Вишгород', 'Vyshhorod'],
    ['Гадяч', 'Hadiach'],
    ['Згорани', 'Zghorany'],
    ['Розгон', 'Rozghon'],
    ['Ґалаґан', 'Galagan'],
    ['Дон', 'Don'],
    ['Рівне', 'Rivne'],
    ['Єнакієве', 'Yenakiieve'],
    ['Наєнко', 'Naienko'],
    ['Житомир', 'Zhytomyr'],
    ['Закарпаття', 'Zakarpattia'],
    ['Медвин', 'Medvyn'],
    ['Іршава', 'Irshava'],
    ['Їжакевич', 'Yizhakevych'],
    ['Кадиївка', 'Kadyivka'],
    ['Йосипівка', 'Yosypivka'],
    ['Стрий', 'Stryi'],
    ['Київ', 'Kyiv'],
    ['Лебедин', 'Lebedyn'],
    ['Миколаїв', 'Mykolaiv'],
    ['Ніжин', 'Nizhyn'],
    ['Одеса', 'Odesa'],
    ['Полтава', 'Poltava'],
    ['Ромни', 'Romny'],
    ['Суми', 'Sumy'],
    ['Тетерів', 'Teteriv'],
    ['Ужгород', 'Uzhhorod'],
    ['Фастів', 'Fastiv'],
    ['Харків', 'Kharkiv'],
    ['Біла Церква', 'Bila Tserkva'],
    ['Чернівці', 'Chernivtsi'],
    ['Шостка', 'Shostka'],
    ['Гоща', 'Hoshcha'],
    ['Львів', 'Lviv'],
    ['Юрій', 'Yurii'],
    ['Крюківка', 'Kriukivka'],
    ['Яготин', 'Yahotyn'],
    ['Ічня', 'Ichnia'],
    ["Знам'янка", 'Znamianka'],
    ["Короп'є", 'Koropie'],
    ["Мар'їне", 'Marine'],
    // The notes: word start restarts after a hyphen; not after an apostrophe.
    ['Анна-Ярина', 'Anna-Yaryna'],
    ["п'є", 'pie'],
    // The brief's further examples.
    ['Олексій', 'Oleksii'],
    ['Щербухи', 'Shcherbukhy'],
  ];
  it.each(official)('%s → %s', (cyrillic, latin) => {
    expect(romanizeUkrainian(cyrillic)).toBe(latin);
  });

  // The KMU column of §6 (given names, patronymics) and the example matrix.
  const names: [string, string][] = [
    ['Олександр Шевченко', 'Oleksandr Shevchenko'],
    ['Юрій Ткаченко', 'Yurii Tkachenko'],
    ['Євгенія Гнатюк', 'Yevheniia Hnatiuk'],
    ['Андрій', 'Andrii'],
    ['Анатолій', 'Anatolii'],
    ['Арсеній', 'Arsenii'],
    ['Богдан', 'Bohdan'],
    ['Василь', 'Vasyl'],
    ["В'ячеслав", 'Viacheslav'],
    ['Геннадій', 'Hennadii'],
    ['Георгій', 'Heorhii'],
    ['Гліб', 'Hlib'],
    ['Григорій', 'Hryhorii'],
    ['Дмитро', 'Dmytro'],
    ['Євген', 'Yevhen'],
    ['Захар', 'Zakhar'],
    ['Ігор', 'Ihor'],
    ['Ілля', 'Illia'],
    ['Йосип', 'Yosyp'],
    ['Кирило', 'Kyrylo'],
    ['Костянтин', 'Kostiantyn'],
    ['Матвій', 'Matvii'],
    ['Микита', 'Mykyta'],
    ['Михайло', 'Mykhailo'],
    ['Омелян', 'Omelian'],
    ['Пилип', 'Pylyp'],
    ['Святослав', 'Sviatoslav'],
    ['Трохим', 'Trokhym'],
    ['Федір', 'Fedir'],
    ['Хома', 'Khoma'],
    ['Яків', 'Yakiv'],
    ['Ярослав', 'Yaroslav'],
    ['Наталія', 'Nataliia'],
    ['Тетяна', 'Tetiana'],
    ['Людмила', 'Liudmyla'],
    ['Марія', 'Mariia'],
    ['Юлія', 'Yuliia'],
    ['Ольга', 'Olha'],
    ['Надія', 'Nadiia'],
    ['Любов', 'Liubov'],
    ['Христина', 'Khrystyna'],
    ["Дар'я", 'Daria'],
    ['Єлизавета', 'Yelyzaveta'],
    ['Уляна', 'Uliana'],
    ['Зінаїда', 'Zinaida'],
    ['Раїса', 'Raisa'],
    ['Зоя', 'Zoia'],
    ['Олександрович', 'Oleksandrovych'],
    ['Олександрівна', 'Oleksandrivna'],
    ['Миколайович', 'Mykolaiovych'],
    ['Миколаївна', 'Mykolaivna'],
    ['Сергійович', 'Serhiiovych'],
    ['Сергіївна', 'Serhiivna'],
    ['Андріївна', 'Andriivna'],
    ['Юрійович', 'Yuriiovych'],
    ['Юріївна', 'Yuriivna'],
    ['Васильович', 'Vasylovych'],
    ['Ілліч', 'Illich'],
    ['Іллівна', 'Illivna'],
    ['Яківна', 'Yakivna'],
  ];
  it.each(names)('%s → %s', (cyrillic, latin) => {
    expect(romanizeUkrainian(cyrillic)).toBe(latin);
  });

  const casing: [string, string][] = [
    ['ЩУКА', 'SHCHUKA'],
    ['Щука', 'Shchuka'],
    ['ЮРІЙ', 'YURII'],
    ['ЄВГЕНІЯ', 'YEVHENIIA'],
    ['ЗГОРАНИ', 'ZGHORANY'],
    ['ШЕВЧЕНКО Олександр', 'SHEVCHENKO Oleksandr'],
    ['Шевченко О. Щ.', 'Shevchenko O. Shch.'],
    ['ЖУК-ЯРОШ', 'ZHUK-YAROSH'],
    ["КОРОП'Є", 'KOROPIE'],
    ['щука', 'shchuka'],
  ];
  it.each(casing)('keeps case: %s → %s', (cyrillic, latin) => {
    expect(romanizeUkrainian(cyrillic)).toBe(latin);
  });

  it('omits every apostrophe variant inside a word, and keeps quotes and other characters', () => {
    for (const apostrophe of ["'", '’', 'ʼ', '`', '‘']) {
      expect(romanizeUkrainian(`Знам${apostrophe}янка`)).toBe('Znamianka');
    }
    expect(romanizeUkrainian("'Іван', 1985 р.")).toBe("'Ivan', 1985 r.");
    expect(romanizeUkrainian('Shevchenko Шевченко')).toBe('Shevchenko Shevchenko');
    expect(romanizeUkrainian('Оле́г')).toBe('Oleh');
    expect(romanizeUkrainian('Йосип'.normalize('NFD'))).toBe('Yosyp');
  });
});

describe('romanizeRussian', () => {
  const icao: [string, string][] = [
    // reference/names.md §5.2 examples
    ['Юлия Щеглова', 'Iuliia Shcheglova'],
    ['Андрей Видный', 'Andrei Vidnyi'],
    ['Артём Краевой', 'Artem Kraevoi'],
    ['Ян Разъездной', 'Ian Razieezdnoi'],
    // §5.5 example matrix and §6 ICAO column
    ['Александр Шевченко', 'Aleksandr Shevchenko'],
    ['Сергей Ковалёв', 'Sergei Kovalev'],
    ['Алексей', 'Aleksei'],
    ['Анатолий', 'Anatolii'],
    ['Василий', 'Vasilii'],
    ['Вячеслав', 'Viacheslav'],
    ['Евгений', 'Evgenii'],
    ['Илья', 'Ilia'],
    ['Иосиф', 'Iosif'],
    ['Кирилл', 'Kirill'],
    ['Николай', 'Nikolai'],
    ['Михаил', 'Mikhail'],
    ['Емельян', 'Emelian'],
    ['Пётр', 'Petr'],
    ['Фёдор', 'Fedor'],
    ['Семён', 'Semen'],
    ['Юрий', 'Iurii'],
    ['Яков', 'Iakov'],
    ['Ярослав', 'Iaroslav'],
    ['Эдуард', 'Eduard'],
    ['Елена', 'Elena'],
    ['Наталья', 'Natalia'],
    ['Татьяна', 'Tatiana'],
    ['Людмила', 'Liudmila'],
    ['Екатерина', 'Ekaterina'],
    ['Дарья', 'Daria'],
    ['Ульяна', 'Uliana'],
    ['Любовь', 'Liubov'],
    ['Надежда', 'Nadezhda'],
    ['Николаевич', 'Nikolaevich'],
    ['Юрьевич', 'Iurevich'],
    ['Васильевич', 'Vasilevich'],
    ['Григорьевич', 'Grigorevich'],
    ['Дмитриевич', 'Dmitrievich'],
    ['Яковлевич', 'Iakovlevich'],
    ['Ильинична', 'Ilinichna'],
    ['Ковалёв Хрущёв Цой', 'Kovalev Khrushchev Tsoi'],
    ['ЩУКИН', 'SHCHUKIN'],
    ['ЮЛИЯ', 'IULIIA'],
    // ICAO's Ukrainian column for the Ukrainian letters
    ['Євгенія Ґалаґан Її', 'Ievgeniia Galagan Ii'],
  ];
  it.each(icao)('icao: %s → %s', (cyrillic, latin) => {
    expect(romanizeRussian(cyrillic, 'icao')).toBe(latin);
  });

  const bgn: [string, string][] = [
    // reference/names.md §5.3: й y, ю yu, я ya, ё ë, ъ ”, ь ’; ye/yë at word start and after vowels, й, ъ, ь
    ['Сергей Ковалёв', 'Sergey Kovalëv'],
    ['Юрий', 'Yuriy'],
    ['Елена', 'Yelena'],
    ['Андреевич', 'Andreyevich'],
    ['Татьяна', 'Tat’yana'],
    ['Ельцин', 'Yel’tsin'],
    ['Подъячев', 'Pod”yachev'],
    ['Щукин', 'Shchukin'],
    ['ЩУКИН', 'SHCHUKIN'],
    // samples of the cited source (iuliia bgn_pcgn), with ë for the ё it prints
    [
      'Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю',
      'Yuliya, s”yesh’ yeshchë etikh myagkikh frantsuzskikh bulok iz Yoshkar-Oly, da vypey altayskogo chayu',
    ],
    ['Россия, город Йошкар-Ола, улица Яна Крастыня', 'Rossiya, gorod Yoshkar-Ola, ulitsa Yana Krastynya'],
    ['Елизово', 'Yelizovo'],
    ['Чапаевск', 'Chapayevsk'],
    ['Мейеровка', 'Meyyerovka'],
    ['Юрьев объезд', 'Yur’yev ob”yezd'],
    ['Белкино', 'Belkino'],
    ['Ёдва', 'Yëdva'],
    ['Змииёвка', 'Zmiiyëvka'],
    ['Айёган', 'Ayyëgan'],
    ['Воробьёво', 'Vorob’yëvo'],
    ['Кебанъёль', 'Keban”yël’'],
    ['Озёрный', 'Ozërnyy'],
    // middle dot: t·s, sh·ch, y· before а у ы э, ·y after a vowel, ·e after a consonant
    ['Тыайа', 'Ty·ay·a'],
    ['Сайылык', 'Say·ylyk'],
    ['Ойусардах', 'Oy·usardakh'],
    ['Йошкар-Ола', 'Yoshkar-Ola'],
    ['Бийск', 'Biysk'],
    ['Тыэкан', 'Ty·ekan'],
    ['Суык-Су', 'Su·yk-Su'],
    ['Тында', 'Tynda'],
    ['Улан-Удэ', 'Ulan-Ud·e'],
    ['Электрогорск', 'Elektrogorsk'],
    ['Руэм', 'Ruem'],
    ['Вяртсиля', 'Vyart·silya'],
    ['Ташчишма', 'Tash·chishma'],
    // BGN/PCGN 1965 for the Ukrainian letters: є ye, ї yi, і i, ґ g, apostrophe ”
    ["Євгенія Ґалаґан Їжак В'ячеслав", 'Yevgeniya Galagan Yizhak V”yacheslav'],
  ];
  it.each(bgn)('bgn: %s → %s', (cyrillic, latin) => {
    expect(romanizeRussian(cyrillic, 'bgn')).toBe(latin);
  });

  const gost: [string, string][] = [
    // reference/names.md §5.4 examples
    ['Щукин', 'Shhukin'],
    ['Юлия', 'Yuliya'],
    // ц is c before е и ы й, cz elsewhere; ъ ``, ы y`, ь `, э e`, ё yo, х x
    ['Цыганов', 'Cy`ganov'],
    ['Цветков', 'Czvetkov'],
    ['Лицей Царёв Ельцин Кузнец', 'Licej Czaryov El`cin Kuznecz'],
    ['Эдуард Хрущёв Подъячев', 'E`duard Xrushhyov Pod``yachev'],
    ['ЩУКИН', 'SHHUKIN'],
    // sample of the cited source (iuliia gost_779_alt), with a Latin e in e`
    [
      'Юлия, съешь ещё этих мягких французских булок из Йошкар-Олы, да выпей алтайского чаю',
      'Yuliya, s``esh` eshhyo e`tix myagkix franczuzskix bulok iz Joshkar-Oly`, da vy`pej altajskogo chayu',
    ],
    // Ukrainian letters: ґ g`, є ye, ї yi, і i, apostrophe ''
    ["Ґалаґан Євген Їжак Цівка В'ячеслав", "G`alag`an Yevgen Yizhak Civka V''yacheslav"],
  ];
  it.each(gost)('gost: %s → %s', (cyrillic, latin) => {
    expect(romanizeRussian(cyrillic, 'gost')).toBe(latin);
  });

  it('leaves what no table covers', () => {
    expect(romanizeRussian('Ivanov Иванов 1985 г.', 'icao')).toBe('Ivanov Ivanov 1985 g.');
  });
});

describe('properties', () => {
  const anyString = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(..."ЩУКАщукаЄєЇїЙйЮюЯяЗзГгЬьЪъЫыЁёЭэЦц'’ʼ- .a1"), maxLength: 30 }),
  );
  it('never throw, are deterministic, and leave no letter of their alphabet unromanized', () => {
    const systems: RussianSystem[] = ['icao', 'bgn', 'gost'];
    fc.assert(
      fc.property(anyString, (s) => {
        const uk = romanizeUkrainian(s);
        expect(romanizeUkrainian(s)).toBe(uk);
        for (const system of systems) expect(romanizeRussian(s, system)).toBe(romanizeRussian(s, system));
        if (/^[ЩУКАщукаЄєЇїЙйЮюЯяЗзГгЬьЪъЫыЁёЭэЦц'’ʼ\- .a1]*$/u.test(s)) {
          expect(uk).not.toMatch(/\p{Script=Cyrillic}/u);
          for (const system of systems)
            expect(romanizeRussian(s, system)).not.toMatch(/\p{Script=Cyrillic}/u);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
