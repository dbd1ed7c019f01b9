/**
 * Ukrainian ↔ Russian given-name equivalence classes (reference/names.md §6: 111 pairs, 68 male and
 * 43 female, plus three old male names whose patronymics are irregular). The Russian counterpart of a
 * Ukrainian name is often not its transliteration (Микола ↔ Николай, Опанас ↔ Афанасий), so linkage
 * compares class ids, never spellings alone.
 *
 * Latin forms list the KMU-2010 romanization of every Ukrainian form, the ICAO Doc 9303 romanization of the
 * Russian form, and the spellings names.md §6 and common usage give (older passports, BGN, English,
 * German, Polish). They are aliases for lookup, not a canonical spelling.
 */

/** A patronymic pair (for a son and for a daughter) formed from one father's name. */
export interface PatronymicForms {
  readonly male: string;
  readonly female: string;
}

/** One given name with its Ukrainian and Russian forms and the Latin spellings seen in documents. */
export interface GivenNameClass {
  /** Stable identifier: the KMU-2010 romanization of the standard Ukrainian form, lower case. */
  readonly id: string;
  readonly sex: 'male' | 'female';
  /** Ukrainian forms; the first is the standard one, then accepted variants (Опанас, Панас). */
  readonly uk: readonly string[];
  /** Russian forms; the first is the standard one, then spellings that documents also use (Петр for Пётр). */
  readonly ru: readonly string[];
  /** Latin spellings, most official first: KMU-2010 (uk), ICAO (ru), then common variants. */
  readonly latin: readonly string[];
  /** Diminutives in either script (Саша, Коля) — aliases that point to this class, not names of their own. */
  readonly diminutives?: readonly string[];
  /** Patronymics from this (male) name where the regular rules of names.md §6.3 would form them wrongly. */
  readonly patronymic?: { readonly uk?: PatronymicForms; readonly ru?: PatronymicForms };
}

type Extra = Pick<GivenNameClass, 'diminutives' | 'patronymic'>;

const male = (id: string, uk: string[], ru: string[], latin: string[], extra: Extra = {}): GivenNameClass => ({
  id,
  sex: 'male',
  uk,
  ru,
  latin,
  ...extra,
});

const female = (id: string, uk: string[], ru: string[], latin: string[], extra: Extra = {}): GivenNameClass => ({
  id,
  sex: 'female',
  uk,
  ru,
  latin,
  ...extra,
});

const pair = (male: string, female: string): PatronymicForms => ({ male, female });

/** All given-name classes: male (§6.1 and three extra), then female (§6.2), in the order of names.md. */
export const GIVEN_NAME_CLASSES: readonly GivenNameClass[] = [
  // §6.1 male
  male(
    'oleksandr',
    ['Олександр'],
    ['Александр'],
    ['Oleksandr', 'Aleksandr', 'Olexandr', 'Oleksander', 'Alexander', 'Alexandr', 'Aleksander', 'Ołeksandr'],
    { diminutives: ['Саша', 'Сашко', 'Олесь'] },
  ),
  male(
    'oleksii',
    ['Олексій'],
    ['Алексей'],
    ['Oleksii', 'Aleksei', 'Oleksiy', 'Olexiy', 'Alexey', 'Aleksey', 'Alexei', 'Ołeksij'],
    { diminutives: ['Льоша', 'Лёша', 'Алёша'] },
  ),
  male('andrii', ['Андрій'], ['Андрей'], ['Andrii', 'Andrei', 'Andriy', 'Andrij', 'Andrey', 'Andrej']),
  male('anatolii', ['Анатолій'], ['Анатолий'], ['Anatolii', 'Anatoliy', 'Anatoly', 'Anatolij']),
  male('anton', ['Антон'], ['Антон'], ['Anton']),
  male('arkadii', ['Аркадій'], ['Аркадий'], ['Arkadii', 'Arkadiy', 'Arkady']),
  male('arsenii', ['Арсеній', 'Арсен'], ['Арсений'], ['Arsenii', 'Arsen', 'Arseniy', 'Arseny']),
  male('artem', ['Артем'], ['Артём', 'Артем'], ['Artem', 'Artyom', 'Artiom', 'Artjom']),
  male('bohdan', ['Богдан'], ['Богдан'], ['Bohdan', 'Bogdan']),
  male('borys', ['Борис'], ['Борис'], ['Borys', 'Boris']),
  male('vadym', ['Вадим'], ['Вадим'], ['Vadym', 'Vadim']),
  male('valentyn', ['Валентин'], ['Валентин'], ['Valentyn', 'Valentin']),
  male('valerii', ['Валерій'], ['Валерий'], ['Valerii', 'Valeriy', 'Valery', 'Walerij']),
  male('vasyl', ['Василь'], ['Василий'], ['Vasyl', 'Vasilii', 'Vasiliy', 'Vasily', 'Wasyl', 'Wassili']),
  male('viktor', ['Віктор'], ['Виктор'], ['Viktor', 'Victor', 'Wiktor']),
  male('vitalii', ['Віталій'], ['Виталий'], ['Vitalii', 'Vitaliy', 'Vitaly', 'Witali']),
  male('vladyslav', ['Владислав'], ['Владислав'], ['Vladyslav', 'Vladislav', 'Wladyslaw', 'Władysław']),
  male(
    'volodymyr',
    ['Володимир'],
    ['Владимир'],
    ['Volodymyr', 'Vladimir', 'Wolodymyr', 'Wladimir', 'Włodzimierz'],
    { diminutives: ['Вова', 'Володя'] },
  ),
  male('vsevolod', ['Всеволод'], ['Всеволод'], ['Vsevolod', 'Wsewolod']),
  male('viacheslav', ["В'ячеслав"], ['Вячеслав'], ['Viacheslav', 'Vyacheslav', 'Wjatscheslaw']),
  male('hennadii', ['Геннадій'], ['Геннадий'], ['Hennadii', 'Gennadii', 'Gennadiy', 'Gennady', 'Hennadiy']),
  male('heorhii', ['Георгій'], ['Георгий'], ['Heorhii', 'Georgii', 'Georgiy', 'Heorhiy']),
  male('hlib', ['Гліб'], ['Глеб'], ['Hlib', 'Gleb']),
  // Ukrainian forms the patronymic from the old stem Григор- (Григорович), not Григорій.
  male('hryhorii', ['Григорій'], ['Григорий'], ['Hryhorii', 'Grigorii', 'Hryhoriy', 'Grygoriy', 'Grigoriy'], {
    patronymic: { uk: pair('Григорович', 'Григорівна') },
  }),
  male('danylo', ['Данило'], ['Даниил', 'Данила'], ['Danylo', 'Daniil', 'Danila', 'Danilo', 'Daniel']),
  male('denys', ['Денис'], ['Денис'], ['Denys', 'Denis']),
  male('dmytro', ['Дмитро'], ['Дмитрий'], ['Dmytro', 'Dmitrii', 'Dmitriy', 'Dmitry', 'Dmytryi'], {
    diminutives: ['Діма', 'Дима'],
  }),
  male('eduard', ['Едуард'], ['Эдуард'], ['Eduard', 'Edward']),
  male(
    'yevhen',
    ['Євген'],
    ['Евгений'],
    ['Yevhen', 'Evgenii', 'Ievgen', 'Yevgeniy', 'Evgeny', 'Jewgeni', 'Jewhen', 'Eugene'],
    { diminutives: ['Женя'] },
  ),
  male('zakhar', ['Захар'], ['Захар'], ['Zakhar', 'Sachar']),
  male('ivan', ['Іван'], ['Иван'], ['Ivan', 'Iwan']),
  male('ihor', ['Ігор'], ['Игорь'], ['Ihor', 'Igor']),
  male('illia', ['Ілля'], ['Илья'], ['Illia', 'Ilia', 'Ilya', 'Illya'], {
    patronymic: { uk: pair('Ілліч', 'Іллівна'), ru: pair('Ильич', 'Ильинична') },
  }),
  male('yosyp', ['Йосип', 'Осип'], ['Иосиф', 'Осип'], ['Yosyp', 'Osyp', 'Iosif', 'Josyp', 'Joseph']),
  male('kyrylo', ['Кирило'], ['Кирилл'], ['Kyrylo', 'Kirill', 'Kyrill']),
  male('kostiantyn', ['Костянтин'], ['Константин'], ['Kostiantyn', 'Konstantin', 'Kostyantyn', 'Konstantyn']),
  // Russian drops the fleeting е: Лев → Львович.
  male('lev', ['Лев', 'Левко'], ['Лев'], ['Lev', 'Levko', 'Lew'], {
    patronymic: { ru: pair('Львович', 'Львовна') },
  }),
  male('leonid', ['Леонід'], ['Леонид'], ['Leonid']),
  // Maksymilian is a distinct name (names.md), so it is not listed here.
  male('maksym', ['Максим'], ['Максим'], ['Maksym', 'Maksim', 'Maxim']),
  male('matvii', ['Матвій'], ['Матвей'], ['Matvii', 'Matvei', 'Matviy', 'Matvey']),
  male('mykyta', ['Микита'], ['Никита'], ['Mykyta', 'Nikita'], {
    patronymic: { ru: pair('Никитич', 'Никитична') },
  }),
  // Ukrainian keeps the old stem Миколай-.
  male('mykola', ['Микола'], ['Николай'], ['Mykola', 'Nikolai', 'Nikolay', 'Mikola', 'Nicholas', 'Mikołaj'], {
    diminutives: ['Коля'],
    patronymic: { uk: pair('Миколайович', 'Миколаївна') },
  }),
  male('myroslav', ['Мирослав'], ['Мирослав'], ['Myroslav', 'Miroslav', 'Mirosław']),
  // Russian Михаил → Михайлович: the stem gains й.
  male(
    'mykhailo',
    ['Михайло'],
    ['Михаил'],
    ['Mykhailo', 'Mikhail', 'Mykhaylo', 'Michail', 'Mychajlo', 'Michael'],
    { patronymic: { ru: pair('Михайлович', 'Михайловна') } },
  ),
  male('nazar', ['Назар'], ['Назар'], ['Nazar']),
  male('oleh', ['Олег'], ['Олег'], ['Oleh', 'Oleg']),
  male('omelian', ['Омелян'], ['Емельян'], ['Omelian', 'Emelian', 'Yemelyan', 'Omelyan']),
  male('opanas', ['Опанас', 'Панас'], ['Афанасий'], ['Opanas', 'Panas', 'Afanasii', 'Afanasiy', 'Afanasy']),
  // Russian drops the fleeting е: Павел → Павлович.
  male('pavlo', ['Павло'], ['Павел'], ['Pavlo', 'Pavel', 'Paul', 'Paweł'], {
    patronymic: { ru: pair('Павлович', 'Павловна') },
  }),
  // Russian ё is stressed only in the name: Пётр → Петрович.
  male('petro', ['Петро'], ['Пётр', 'Петр'], ['Petro', 'Petr', 'Pyotr', 'Piotr', 'Peter'], {
    patronymic: { ru: pair('Петрович', 'Петровна') },
  }),
  male('pylyp', ['Пилип'], ['Филипп'], ['Pylyp', 'Filipp', 'Philip', 'Filip']),
  male('roman', ['Роман'], ['Роман'], ['Roman']),
  male('rostyslav', ['Ростислав'], ['Ростислав'], ['Rostyslav', 'Rostislav']),
  male('ruslan', ['Руслан'], ['Руслан'], ['Ruslan']),
  male('sviatoslav', ['Святослав'], ['Святослав'], ['Sviatoslav', 'Svyatoslav']),
  male('semen', ['Семен'], ['Семён', 'Семен'], ['Semen', 'Semyon', 'Semion']),
  male(
    'serhii',
    ['Сергій'],
    ['Сергей'],
    ['Serhii', 'Sergei', 'Serhiy', 'Sergiy', 'Sergey', 'Sergej', 'Serhij'],
    { diminutives: ['Сергійко', 'Серёжа', 'Серьожа'] },
  ),
  male('stanislav', ['Станіслав'], ['Станислав'], ['Stanislav', 'Stanisław']),
  male('stepan', ['Степан'], ['Степан'], ['Stepan']),
  male('taras', ['Тарас'], ['Тарас'], ['Taras']),
  male('tymofii', ['Тимофій'], ['Тимофей'], ['Tymofii', 'Timofei', 'Tymofiy', 'Timofey']),
  male('tymur', ['Тимур'], ['Тимур'], ['Tymur', 'Timur']),
  male('trokhym', ['Трохим'], ['Трофим'], ['Trokhym', 'Trofim']),
  // Ukrainian і alternates with о in the open syllable: Федір → Федорович.
  male('fedir', ['Федір'], ['Фёдор', 'Федор'], ['Fedir', 'Fedor', 'Fyodor', 'Feodor'], {
    patronymic: { uk: pair('Федорович', 'Федорівна') },
  }),
  male('khoma', ['Хома'], ['Фома'], ['Khoma', 'Foma', 'Thomas'], {
    patronymic: { uk: pair('Хомич', 'Хомівна'), ru: pair('Фомич', 'Фоминична') },
  }),
  male('yurii', ['Юрій'], ['Юрий'], ['Yurii', 'Iurii', 'Yuriy', 'Yury', 'Jurij', 'Yuri']),
  male('yakiv', ['Яків'], ['Яков'], ['Yakiv', 'Iakov', 'Yakov', 'Jakiw'], {
    patronymic: { uk: pair('Якович', 'Яківна'), ru: pair('Яковлевич', 'Яковлевна') },
  }),
  male('yaroslav', ['Ярослав'], ['Ярослав'], ['Yaroslav', 'Iaroslav', 'Jaroslaw', 'Jarosław']),

  // Beyond §6: older names, common among fathers of the elderly, whose patronymics are irregular.
  male('kuzma', ['Кузьма'], ['Кузьма'], ['Kuzma', 'Kusma'], {
    patronymic: { uk: pair('Кузьмич', 'Кузьмівна'), ru: pair('Кузьмич', 'Кузьминична') },
  }),
  male('luka', ['Лука'], ['Лука'], ['Luka'], {
    patronymic: { uk: pair('Лукич', 'Луківна'), ru: pair('Лукич', 'Лукинична') },
  }),
  male('sava', ['Сава'], ['Савва'], ['Sava', 'Savva'], {
    patronymic: { uk: pair('Савич', 'Савівна'), ru: pair('Саввич', 'Саввична') },
  }),

  // §6.2 female. Alena is left out of Olena: it is usually the separate Russian name Алёна.
  female('olena', ['Олена'], ['Елена'], ['Olena', 'Elena', 'Yelena', 'Helena', 'Jelena']),
  female(
    'nataliia',
    ['Наталія', 'Наталя'],
    ['Наталья', 'Наталия'],
    ['Nataliia', 'Natalia', 'Nataliya', 'Natalya', 'Natalja'],
    { diminutives: ['Наташа'] },
  ),
  female('tetiana', ['Тетяна'], ['Татьяна'], ['Tetiana', 'Tatiana', 'Tetyana', 'Tatyana', 'Tatjana'], {
    diminutives: ['Таня'],
  }),
  female('iryna', ['Ірина'], ['Ирина'], ['Iryna', 'Irina']),
  // Not Ксенія: a different name despite the shared origin (names.md).
  female('oksana', ['Оксана'], ['Оксана'], ['Oksana']),
  female('svitlana', ['Світлана'], ['Светлана'], ['Svitlana', 'Svetlana']),
  female('liudmyla', ['Людмила'], ['Людмила'], ['Liudmyla', 'Liudmila', 'Lyudmila', 'Ludmila', 'Ljudmyla']),
  female('halyna', ['Галина'], ['Галина'], ['Halyna', 'Galina']),
  female('mariia', ['Марія'], ['Мария'], ['Mariia', 'Maria', 'Mariya']),
  female(
    'kateryna',
    ['Катерина'],
    ['Екатерина'],
    ['Kateryna', 'Ekaterina', 'Yekaterina', 'Katerina', 'Jekaterina'],
    { diminutives: ['Катя'] },
  ),
  female('yuliia', ['Юлія'], ['Юлия'], ['Yuliia', 'Iuliia', 'Yulia', 'Yuliya', 'Julia', 'Julija'], {
    diminutives: ['Юля'],
  }),
  female('hanna', ['Ганна', 'Анна'], ['Анна'], ['Hanna', 'Anna', 'Ganna']),
  female('viktoriia', ['Вікторія'], ['Виктория'], ['Viktoriia', 'Viktoriya', 'Victoria']),
  female('olha', ['Ольга'], ['Ольга'], ['Olha', 'Olga'], { diminutives: ['Оля'] }),
  female('larysa', ['Лариса'], ['Лариса'], ['Larysa', 'Larisa']),
  female('valentyna', ['Валентина'], ['Валентина'], ['Valentyna', 'Valentina']),
  // A translation pair (both mean "hope"), not a transliteration.
  female('nadiia', ['Надія'], ['Надежда'], ['Nadiia', 'Nadezhda', 'Nadiya']),
  female('liubov', ['Любов'], ['Любовь'], ['Liubov', 'Lyubov']),
  female('vira', ['Віра'], ['Вера'], ['Vira', 'Vera']),
  female('khrystyna', ['Христина'], ['Кристина'], ['Khrystyna', 'Kristina', 'Christina']),
  female('anastasiia', ['Анастасія'], ['Анастасия'], ['Anastasiia', 'Anastasia', 'Anastasiya']),
  female('dariia', ['Дарія', "Дар'я"], ['Дарья', 'Дария'], ['Dariia', 'Daria', 'Darya']),
  female('sofiia', ['Софія'], ['София', 'Софья'], ['Sofiia', 'Sofia', 'Sofya', 'Sophia']),
  female('yevheniia', ['Євгенія'], ['Евгения'], ['Yevheniia', 'Evgeniia', 'Yevgeniya'], {
    diminutives: ['Женя'],
  }),
  female('yelyzaveta', ['Єлизавета'], ['Елизавета'], ['Yelyzaveta', 'Elizaveta', 'Yelizaveta']),
  female('kseniia', ['Ксенія'], ['Ксения'], ['Kseniia', 'Ksenia', 'Kseniya']),
  female('maryna', ['Марина'], ['Марина'], ['Maryna', 'Marina']),
  female('oleksandra', ['Олександра'], ['Александра'], ['Oleksandra', 'Aleksandra', 'Alexandra'], {
    diminutives: ['Саша'],
  }),
  female('polina', ['Поліна'], ['Полина'], ['Polina']),
  female('antonina', ['Антоніна'], ['Антонина'], ['Antonina']),
  female('lidiia', ['Лідія'], ['Лидия'], ['Lidiia', 'Lidia', 'Lydia']),
  female('anhelina', ['Ангеліна'], ['Ангелина'], ['Anhelina', 'Angelina']),
  female('uliana', ['Уляна'], ['Ульяна'], ['Uliana', 'Ulyana']),
  female('zinaida', ['Зінаїда'], ['Зинаида'], ['Zinaida']),
  female('raisa', ['Раїса'], ['Раиса'], ['Raisa']),
  female('nina', ['Ніна'], ['Нина'], ['Nina']),
  female('alla', ['Алла'], ['Алла'], ['Alla']),
  female('inna', ['Інна'], ['Инна'], ['Inna']),
  female('tamara', ['Тамара'], ['Тамара'], ['Tamara']),
  female('zoia', ['Зоя'], ['Зоя'], ['Zoia', 'Zoya']),
  female('veronika', ['Вероніка'], ['Вероника'], ['Veronika']),
  female('valeriia', ['Валерія'], ['Валерия'], ['Valeriia', 'Valeria']),
  female('myroslava', ['Мирослава'], ['Мирослава'], ['Myroslava', 'Miroslava']),
];

/** Classes by id, for callers that hold an id (for example a parsed patronymic's father). */
export const GIVEN_NAME_CLASS_BY_ID: ReadonlyMap<string, GivenNameClass> = new Map(
  GIVEN_NAME_CLASSES.map((c) => [c.id, c]),
);
