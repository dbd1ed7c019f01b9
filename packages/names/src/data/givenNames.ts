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

/**
 * The seed classes: male (§6.1 and three extra), then female (§6.2), in the order of names.md. The generated
 * populations (server/src/seed) draw their names from these only, so that the benchmarks compare like with like
 * whatever the long tail below grows to.
 */
export const SEED_GIVEN_NAME_CLASSES: readonly GivenNameClass[] = [
  // §6.1 male
  male(
    'oleksandr',
    ['Олександр'],
    ['Александр'],
    ['Oleksandr', 'Aleksandr', 'Olexandr', 'Oleksander', 'Alexander', 'Alexandr', 'Aleksander', 'Ołeksandr'],
    { diminutives: ['Саша', 'Сашко', 'Олесь', 'Шура', 'Шурик', 'Саня'] },
  ),
  male(
    'oleksii',
    ['Олексій'],
    ['Алексей'],
    ['Oleksii', 'Aleksei', 'Oleksiy', 'Olexiy', 'Alexey', 'Aleksey', 'Alexei', 'Ołeksij'],
    { diminutives: ['Льоша', 'Лёша', 'Алёша', 'Альоша'] },
  ),
  male('andrii', ['Андрій'], ['Андрей'], ['Andrii', 'Andrei', 'Andriy', 'Andrij', 'Andrey', 'Andrej'], {
    diminutives: ['Андрюша'],
  }),
  male('anatolii', ['Анатолій'], ['Анатолий'], ['Anatolii', 'Anatoliy', 'Anatoly', 'Anatolij'], {
    diminutives: ['Толя'],
  }),
  male('anton', ['Антон'], ['Антон'], ['Anton']),
  male('arkadii', ['Аркадій'], ['Аркадий'], ['Arkadii', 'Arkadiy', 'Arkady']),
  male('arsenii', ['Арсеній', 'Арсен'], ['Арсений'], ['Arsenii', 'Arsen', 'Arseniy', 'Arseny']),
  male('artem', ['Артем'], ['Артём', 'Артем'], ['Artem', 'Artyom', 'Artiom', 'Artjom'], {
    diminutives: ['Тёма'],
  }),
  male('bohdan', ['Богдан'], ['Богдан'], ['Bohdan', 'Bogdan']),
  male('borys', ['Борис'], ['Борис'], ['Borys', 'Boris'], { diminutives: ['Боря'] }),
  male('vadym', ['Вадим'], ['Вадим'], ['Vadym', 'Vadim']),
  male('valentyn', ['Валентин'], ['Валентин'], ['Valentyn', 'Valentin'], { diminutives: ['Валя'] }),
  male('valerii', ['Валерій'], ['Валерий'], ['Valerii', 'Valeriy', 'Valery', 'Walerij'], {
    diminutives: ['Валера'],
  }),
  male('vasyl', ['Василь'], ['Василий'], ['Vasyl', 'Vasilii', 'Vasiliy', 'Vasily', 'Wasyl', 'Wassili'], {
    diminutives: ['Вася'],
  }),
  male('viktor', ['Віктор'], ['Виктор'], ['Viktor', 'Victor', 'Wiktor'], { diminutives: ['Вітя', 'Витя'] }),
  male('vitalii', ['Віталій'], ['Виталий'], ['Vitalii', 'Vitaliy', 'Vitaly', 'Witali']),
  male('vladyslav', ['Владислав'], ['Владислав'], ['Vladyslav', 'Vladislav', 'Wladyslaw', 'Władysław'], {
    diminutives: ['Влад', 'Слава'],
  }),
  male(
    'volodymyr',
    ['Володимир'],
    ['Владимир'],
    ['Volodymyr', 'Vladimir', 'Wolodymyr', 'Wladimir', 'Włodzimierz'],
    { diminutives: ['Вова', 'Володя'] },
  ),
  male('vsevolod', ['Всеволод'], ['Всеволод'], ['Vsevolod', 'Wsewolod']),
  male('viacheslav', ["В'ячеслав"], ['Вячеслав'], ['Viacheslav', 'Vyacheslav', 'Wjatscheslaw'], {
    diminutives: ['Слава'],
  }),
  male('hennadii', ['Геннадій'], ['Геннадий'], ['Hennadii', 'Gennadii', 'Gennadiy', 'Gennady', 'Hennadiy'], {
    diminutives: ['Гена'],
  }),
  male('heorhii', ['Георгій'], ['Георгий'], ['Heorhii', 'Georgii', 'Georgiy', 'Heorhiy'], {
    diminutives: ['Жора', 'Гоша'],
  }),
  male('hlib', ['Гліб'], ['Глеб'], ['Hlib', 'Gleb']),
  // Ukrainian forms the patronymic from the old stem Григор- (Григорович), not Григорій.
  male('hryhorii', ['Григорій'], ['Григорий'], ['Hryhorii', 'Grigorii', 'Hryhoriy', 'Grygoriy', 'Grigoriy'], {
    diminutives: ['Гриша'],
    patronymic: { uk: pair('Григорович', 'Григорівна') },
  }),
  male('danylo', ['Данило'], ['Даниил', 'Данила'], ['Danylo', 'Daniil', 'Danila', 'Danilo', 'Daniel'], {
    diminutives: ['Даня'],
  }),
  male('denys', ['Денис'], ['Денис'], ['Denys', 'Denis']),
  male('dmytro', ['Дмитро'], ['Дмитрий'], ['Dmytro', 'Dmitrii', 'Dmitriy', 'Dmitry', 'Dmytryi'], {
    diminutives: ['Діма', 'Дима', 'Митя'],
  }),
  male('eduard', ['Едуард'], ['Эдуард'], ['Eduard', 'Edward']),
  male(
    'yevhen',
    ['Євген'],
    ['Евгений'],
    ['Yevhen', 'Evgenii', 'Ievgen', 'Yevgeniy', 'Evgeny', 'Jewgeni', 'Jewhen', 'Eugene'],
    { diminutives: ['Женя', 'Жека'] },
  ),
  male('zakhar', ['Захар'], ['Захар'], ['Zakhar', 'Sachar']),
  male('ivan', ['Іван'], ['Иван'], ['Ivan', 'Iwan'], { diminutives: ['Ваня'] }),
  male('ihor', ['Ігор'], ['Игорь'], ['Ihor', 'Igor']),
  male('illia', ['Ілля'], ['Илья'], ['Illia', 'Ilia', 'Ilya', 'Illya'], {
    diminutives: ['Ілюша', 'Илюша'],
    patronymic: { uk: pair('Ілліч', 'Іллівна'), ru: pair('Ильич', 'Ильинична') },
  }),
  male('yosyp', ['Йосип', 'Осип'], ['Иосиф', 'Осип'], ['Yosyp', 'Osyp', 'Iosif', 'Josyp', 'Joseph']),
  male('kyrylo', ['Кирило'], ['Кирилл'], ['Kyrylo', 'Kirill', 'Kyrill'], { diminutives: ['Кирюша'] }),
  male(
    'kostiantyn',
    ['Костянтин'],
    ['Константин'],
    ['Kostiantyn', 'Konstantin', 'Kostyantyn', 'Konstantyn'],
    { diminutives: ['Костя'] },
  ),
  // Russian drops the fleeting е: Лев → Львович.
  male('lev', ['Лев', 'Левко'], ['Лев'], ['Lev', 'Levko', 'Lew'], {
    patronymic: { ru: pair('Львович', 'Львовна') },
  }),
  male('leonid', ['Леонід'], ['Леонид'], ['Leonid'], { diminutives: ['Льоня', 'Лёня'] }),
  // Maksymilian is a distinct name (names.md), so it is not listed here.
  male('maksym', ['Максим'], ['Максим'], ['Maksym', 'Maksim', 'Maxim'], { diminutives: ['Макс'] }),
  male('matvii', ['Матвій'], ['Матвей'], ['Matvii', 'Matvei', 'Matviy', 'Matvey']),
  male('mykyta', ['Микита'], ['Никита'], ['Mykyta', 'Nikita'], {
    patronymic: { ru: pair('Никитич', 'Никитична') },
  }),
  // Ukrainian keeps the old stem Миколай-.
  male('mykola', ['Микола'], ['Николай'], ['Mykola', 'Nikolai', 'Nikolay', 'Mikola', 'Nicholas', 'Mikołaj'], {
    diminutives: ['Коля', 'Миколка'],
    patronymic: { uk: pair('Миколайович', 'Миколаївна') },
  }),
  male('myroslav', ['Мирослав'], ['Мирослав'], ['Myroslav', 'Miroslav', 'Mirosław']),
  // Russian Михаил → Михайлович: the stem gains й.
  male(
    'mykhailo',
    ['Михайло'],
    ['Михаил'],
    ['Mykhailo', 'Mikhail', 'Mykhaylo', 'Michail', 'Mychajlo', 'Michael'],
    { diminutives: ['Міша', 'Миша'], patronymic: { ru: pair('Михайлович', 'Михайловна') } },
  ),
  male('nazar', ['Назар'], ['Назар'], ['Nazar']),
  male('oleh', ['Олег'], ['Олег'], ['Oleh', 'Oleg']),
  male('omelian', ['Омелян'], ['Емельян'], ['Omelian', 'Emelian', 'Yemelyan', 'Omelyan']),
  male('opanas', ['Опанас', 'Панас'], ['Афанасий'], ['Opanas', 'Panas', 'Afanasii', 'Afanasiy', 'Afanasy']),
  // Russian drops the fleeting е: Павел → Павлович.
  male('pavlo', ['Павло'], ['Павел'], ['Pavlo', 'Pavel', 'Paul', 'Paweł'], {
    diminutives: ['Паша'],
    patronymic: { ru: pair('Павлович', 'Павловна') },
  }),
  // Russian ё is stressed only in the name: Пётр → Петрович.
  male('petro', ['Петро'], ['Пётр', 'Петр'], ['Petro', 'Petr', 'Pyotr', 'Piotr', 'Peter'], {
    diminutives: ['Петя'],
    patronymic: { ru: pair('Петрович', 'Петровна') },
  }),
  male('pylyp', ['Пилип'], ['Филипп'], ['Pylyp', 'Filipp', 'Philip', 'Filip']),
  male('roman', ['Роман'], ['Роман'], ['Roman'], { diminutives: ['Рома'] }),
  male('rostyslav', ['Ростислав'], ['Ростислав'], ['Rostyslav', 'Rostislav']),
  male('ruslan', ['Руслан'], ['Руслан'], ['Ruslan']),
  male('sviatoslav', ['Святослав'], ['Святослав'], ['Sviatoslav', 'Svyatoslav'], { diminutives: ['Слава'] }),
  male('semen', ['Семен'], ['Семён', 'Семен'], ['Semen', 'Semyon', 'Semion'], { diminutives: ['Сеня'] }),
  male(
    'serhii',
    ['Сергій'],
    ['Сергей'],
    ['Serhii', 'Sergei', 'Serhiy', 'Sergiy', 'Sergey', 'Sergej', 'Serhij'],
    { diminutives: ['Сергійко', 'Серёжа', 'Серьожа', 'Сірожа', 'Сергуня'] },
  ),
  male('stanislav', ['Станіслав'], ['Станислав'], ['Stanislav', 'Stanisław'], { diminutives: ['Стас'] }),
  male('stepan', ['Степан'], ['Степан'], ['Stepan'], { diminutives: ['Стьопа', 'Стёпа'] }),
  male('taras', ['Тарас'], ['Тарас'], ['Taras']),
  male('tymofii', ['Тимофій'], ['Тимофей'], ['Tymofii', 'Timofei', 'Tymofiy', 'Timofey']),
  male('tymur', ['Тимур'], ['Тимур'], ['Tymur', 'Timur']),
  male('trokhym', ['Трохим'], ['Трофим'], ['Trokhym', 'Trofim']),
  // Ukrainian і alternates with о in the open syllable: Федір → Федорович.
  male('fedir', ['Федір'], ['Фёдор', 'Федор'], ['Fedir', 'Fedor', 'Fyodor', 'Feodor'], {
    diminutives: ['Федя'],
    patronymic: { uk: pair('Федорович', 'Федорівна') },
  }),
  male('khoma', ['Хома'], ['Фома'], ['Khoma', 'Foma', 'Thomas'], {
    patronymic: { uk: pair('Хомич', 'Хомівна'), ru: pair('Фомич', 'Фоминична') },
  }),
  male('yurii', ['Юрій'], ['Юрий'], ['Yurii', 'Iurii', 'Yuriy', 'Yury', 'Jurij', 'Yuri'], {
    diminutives: ['Юра'],
  }),
  male('yakiv', ['Яків'], ['Яков'], ['Yakiv', 'Iakov', 'Yakov', 'Jakiw'], {
    diminutives: ['Яша'],
    patronymic: { uk: pair('Якович', 'Яківна'), ru: pair('Яковлевич', 'Яковлевна') },
  }),
  male('yaroslav', ['Ярослав'], ['Ярослав'], ['Yaroslav', 'Iaroslav', 'Jaroslaw', 'Jarosław'], {
    diminutives: ['Слава'],
  }),

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
  female('olena', ['Олена'], ['Елена'], ['Olena', 'Elena', 'Yelena', 'Helena', 'Jelena'], {
    diminutives: ['Лена', 'Олєнка', 'Оленка'],
  }),
  female(
    'nataliia',
    ['Наталія', 'Наталя'],
    ['Наталья', 'Наталия'],
    ['Nataliia', 'Natalia', 'Nataliya', 'Natalya', 'Natalja'],
    { diminutives: ['Наташа', 'Наталка'] },
  ),
  female('tetiana', ['Тетяна'], ['Татьяна'], ['Tetiana', 'Tatiana', 'Tetyana', 'Tatyana', 'Tatjana'], {
    diminutives: ['Таня', 'Тетянка'],
  }),
  female('iryna', ['Ірина'], ['Ирина'], ['Iryna', 'Irina'], { diminutives: ['Іра', 'Ира'] }),
  // Not Ксенія: a different name despite the shared origin (names.md).
  female('oksana', ['Оксана'], ['Оксана'], ['Oksana']),
  female('svitlana', ['Світлана'], ['Светлана'], ['Svitlana', 'Svetlana'], {
    diminutives: ['Світа', 'Света'],
  }),
  female('liudmyla', ['Людмила'], ['Людмила'], ['Liudmyla', 'Liudmila', 'Lyudmila', 'Ludmila', 'Ljudmyla'], {
    diminutives: ['Люда'],
  }),
  female('halyna', ['Галина'], ['Галина'], ['Halyna', 'Galina'], { diminutives: ['Галя'] }),
  female('mariia', ['Марія'], ['Мария'], ['Mariia', 'Maria', 'Mariya'], {
    diminutives: ['Маша', 'Марійка', 'Маруся'],
  }),
  female(
    'kateryna',
    ['Катерина'],
    ['Екатерина'],
    ['Kateryna', 'Ekaterina', 'Yekaterina', 'Katerina', 'Jekaterina'],
    { diminutives: ['Катя', 'Катруся'] },
  ),
  female('yuliia', ['Юлія'], ['Юлия'], ['Yuliia', 'Iuliia', 'Yulia', 'Yuliya', 'Julia', 'Julija'], {
    diminutives: ['Юля'],
  }),
  female('hanna', ['Ганна', 'Анна'], ['Анна'], ['Hanna', 'Anna', 'Ganna'], {
    diminutives: ['Аня', 'Ганнуся', 'Ганя'],
  }),
  female('viktoriia', ['Вікторія'], ['Виктория'], ['Viktoriia', 'Viktoriya', 'Victoria'], {
    diminutives: ['Віка', 'Вика'],
  }),
  female('olha', ['Ольга'], ['Ольга'], ['Olha', 'Olga'], { diminutives: ['Оля', 'Оля'] }),
  female('larysa', ['Лариса'], ['Лариса'], ['Larysa', 'Larisa']),
  female('valentyna', ['Валентина'], ['Валентина'], ['Valentyna', 'Valentina'], { diminutives: ['Валя'] }),
  // A translation pair (both mean "hope"), not a transliteration.
  female('nadiia', ['Надія'], ['Надежда'], ['Nadiia', 'Nadezhda', 'Nadiya'], { diminutives: ['Надя'] }),
  female('liubov', ['Любов'], ['Любовь'], ['Liubov', 'Lyubov'], { diminutives: ['Люба'] }),
  female('vira', ['Віра'], ['Вера'], ['Vira', 'Vera']),
  female('khrystyna', ['Христина'], ['Кристина'], ['Khrystyna', 'Kristina', 'Christina'], {
    diminutives: ['Христя'],
  }),
  female('anastasiia', ['Анастасія'], ['Анастасия'], ['Anastasiia', 'Anastasia', 'Anastasiya'], {
    diminutives: ['Настя'],
  }),
  female('dariia', ['Дарія', "Дар'я"], ['Дарья', 'Дария'], ['Dariia', 'Daria', 'Darya'], {
    diminutives: ['Даша'],
  }),
  female('sofiia', ['Софія'], ['София', 'Софья'], ['Sofiia', 'Sofia', 'Sofya', 'Sophia'], {
    diminutives: ['Соня'],
  }),
  female('yevheniia', ['Євгенія'], ['Евгения'], ['Yevheniia', 'Evgeniia', 'Yevgeniya'], {
    diminutives: ['Женя', 'Жека'],
  }),
  female('yelyzaveta', ['Єлизавета'], ['Елизавета'], ['Yelyzaveta', 'Elizaveta', 'Yelizaveta'], {
    diminutives: ['Ліза', 'Лиза'],
  }),
  female('kseniia', ['Ксенія'], ['Ксения'], ['Kseniia', 'Ksenia', 'Kseniya'], { diminutives: ['Ксюша'] }),
  female('maryna', ['Марина'], ['Марина'], ['Maryna', 'Marina']),
  female('oleksandra', ['Олександра'], ['Александра'], ['Oleksandra', 'Aleksandra', 'Alexandra'], {
    diminutives: ['Саша', 'Шура', 'Саня'],
  }),
  female('polina', ['Поліна'], ['Полина'], ['Polina'], { diminutives: ['Поля'] }),
  female('antonina', ['Антоніна'], ['Антонина'], ['Antonina'], { diminutives: ['Тоня'] }),
  female('lidiia', ['Лідія'], ['Лидия'], ['Lidiia', 'Lidia', 'Lydia'], { diminutives: ['Ліда', 'Лида'] }),
  female('anhelina', ['Ангеліна'], ['Ангелина'], ['Anhelina', 'Angelina']),
  female('uliana', ['Уляна'], ['Ульяна'], ['Uliana', 'Ulyana'], { diminutives: ['Уля'] }),
  female('zinaida', ['Зінаїда'], ['Зинаида'], ['Zinaida'], { diminutives: ['Зіна', 'Зина'] }),
  female('raisa', ['Раїса'], ['Раиса'], ['Raisa'], { diminutives: ['Рая'] }),
  female('nina', ['Ніна'], ['Нина'], ['Nina']),
  female('alla', ['Алла'], ['Алла'], ['Alla']),
  female('inna', ['Інна'], ['Инна'], ['Inna']),
  female('tamara', ['Тамара'], ['Тамара'], ['Tamara'], { diminutives: ['Тома'] }),
  female('zoia', ['Зоя'], ['Зоя'], ['Zoia', 'Zoya']),
  female('veronika', ['Вероніка'], ['Вероника'], ['Veronika']),
  female('valeriia', ['Валерія'], ['Валерия'], ['Valeriia', 'Valeria']),
  female('myroslava', ['Мирослава'], ['Мирослава'], ['Myroslava', 'Miroslava']),
];

/**
 * The long tail: given names outside names.md §6 that Ukrainian lists are full of — Galician and church names
 * (Остап, Орест, Мирон, Маркіян, Мар'ян, Любомир, Соломія, Зоряна, Стефанія), old names of the fathers of the
 * elderly (Никифор, Прокіп, Сидір, Юхим, Параска, Євдокія), and names common since the 1970s (Артур, Єгор,
 * Аліна, Яна, Діана, Мілана, Злата). From common usage, cross-checked against the Wikidata given-name items
 * (P31 Q12308941 / Q11879590) and their Ukrainian and Russian labels; generated name forms only, no persons.
 * Each class carries what the seed's do: the Russian counterpart where it is not a transliteration (Ярема ↔
 * Еремей, Охрім ↔ Ефрем, Юхим ↔ Ефим, Устим ↔ Устин, Мусій ↔ Моисей), KMU-2010, ICAO and common Latin spellings,
 * and the irregular patronymics (Прокопович, Сидорович, Гаврилович). Diminutives only where no surname or other
 * class has the form. Not drawn by the generated populations (SEED_GIVEN_NAME_CLASSES). Left out: two-letter
 * names (Ян: "ЯН" must stay two initials), forms that are one class's in one language and another's in the other.
 */
export const LONG_TAIL_GIVEN_NAME_CLASSES: readonly GivenNameClass[] = [
  male('ostap', ['Остап'], ['Остап'], ['Ostap']),
  male('orest', ['Орест'], ['Орест'], ['Orest']),
  male('myron', ['Мирон'], ['Мирон'], ['Myron', 'Miron']),
  male('marko', ['Марко'], ['Марк'], ['Marko', 'Mark']),
  male('markiian', ['Маркіян'], ['Маркиян'], ['Markiian', 'Markiyan', 'Markijan', 'Markian']),
  male('marian', ["Мар'ян"], ['Марьян'], ['Marian', 'Maryan', 'Marjan']),
  male('liubomyr', ['Любомир'], ['Любомир'], ['Liubomyr', 'Lyubomyr', 'Liubomir', 'Lyubomir', 'Lubomyr', 'Ljubomyr']),
  // The Ukrainian folk form of Єремія; Russian Еремей (Еремеевич).
  male('yarema', ['Ярема'], ['Еремей', 'Ерема'], ['Yarema', 'Eremei', 'Iarema', 'Jarema', 'Yeremei', 'Yeremey', 'Eremey']),
  male('davyd', ['Давид'], ['Давид'], ['Davyd', 'David', 'Dawid']),
  male('adam', ['Адам'], ['Адам'], ['Adam']),
  male('tykhon', ['Тихон', 'Тихін'], ['Тихон'], ['Tykhon', 'Tikhon', 'Tykhin', 'Tichon']),
  male('zynovii', ['Зиновій'], ['Зиновий'], ['Zynovii', 'Zinovii', 'Zynoviy', 'Zinoviy', 'Zinovy']),
  male('severyn', ['Северин'], ['Северин'], ['Severyn', 'Severin', 'Seweryn']),
  male('ustym', ['Устим', 'Устин'], ['Устин'], ['Ustym', 'Ustin', 'Ustyn']),
  // Ничипір, Ничипор: the Ukrainian folk forms (Ничипорович).
  male('nykyfor', ['Никифор', 'Ничипір', 'Ничипор'], ['Никифор'], ['Nykyfor', 'Nikifor', 'Nychypir', 'Nychypor']),
  male('lukian', ["Лук'ян"], ['Лукьян'], ['Lukian', 'Lukyan', 'Lukjan']),
  // Ukrainian і alternates with о: Прокіп → Прокопович; Russian Прокофий (Прокофьевич) or Прокопий.
  male(
    'prokip',
    ['Прокіп', 'Прокоп'],
    ['Прокофий', 'Прокопий'],
    ['Prokip', 'Prokofii', 'Prokop', 'Prokopii', 'Prokofiy', 'Prokopiy', 'Prokofy'],
    { patronymic: { uk: pair('Прокопович', 'Прокопівна') } },
  ),
  male('hordii', ['Гордій'], ['Гордей'], ['Hordii', 'Gordei', 'Hordiy', 'Gordey', 'Gordiy']),
  male('vladlen', ['Владлен'], ['Владлен'], ['Vladlen']),
  male('ihnat', ['Ігнат', 'Гнат'], ['Игнат', 'Игнатий'], ['Ihnat', 'Ignat', 'Hnat', 'Ignatii', 'Ignatiy', 'Ignaty']),
  male('nestor', ['Нестор'], ['Нестор'], ['Nestor']),
  male('bohuslav', ['Богуслав'], ['Богуслав'], ['Bohuslav', 'Boguslav', 'Bogusław']),
  male('artur', ['Артур'], ['Артур'], ['Artur', 'Arthur']),
  male('albert', ['Альберт'], ['Альберт'], ['Albert']),
  male('yehor', ['Єгор'], ['Егор'], ['Yehor', 'Egor', 'Yegor', 'Iehor', 'Jegor']),
  male('makar', ['Макар'], ['Макар'], ['Makar']),
  male('platon', ['Платон'], ['Платон'], ['Platon']),
  male('rodion', ['Родіон'], ['Родион'], ['Rodion']),
  male('savelii', ['Савелій'], ['Савелий'], ['Savelii', 'Saveliy', 'Savely']),
  // Russian Гаврила / Гавриил → Гаврилович.
  male('havrylo', ['Гаврило'], ['Гавриил', 'Гаврила'], ['Havrylo', 'Gavriil', 'Gavrila', 'Havrilo', 'Gavrilo'], {
    patronymic: { ru: pair('Гаврилович', 'Гавриловна') },
  }),
  male('demian', ["Дем'ян"], ['Демьян'], ['Demian', 'Demyan', 'Demjan']),
  male('kindrat', ['Кіндрат', 'Кондрат'], ['Кондратий', 'Кондрат'], ['Kindrat', 'Kondratii', 'Kondrat', 'Kondratiy', 'Kondraty']),
  male('karpo', ['Карпо'], ['Карп'], ['Karpo', 'Karp']),
  male('klym', ['Клим'], ['Клим'], ['Klym', 'Klim']),
  male('kornii', ['Корній'], ['Корней'], ['Kornii', 'Kornei', 'Korniy', 'Korney']),
  male('leontii', ['Леонтій'], ['Леонтий'], ['Leontii', 'Leontiy', 'Leonty']),
  male('martyn', ['Мартин'], ['Мартын', 'Мартин'], ['Martyn', 'Martin']),
  male('musii', ['Мусій', 'Мойсей'], ['Моисей'], ['Musii', 'Moisei', 'Musiy', 'Moisey']),
  male('okhrim', ['Охрім'], ['Ефрем'], ['Okhrim', 'Efrem', 'Yefrem']),
  // Ukrainian і alternates with о: Сидір → Сидорович.
  male('sydir', ['Сидір', 'Сидор'], ['Сидор'], ['Sydir', 'Sidor', 'Sydor'], {
    patronymic: { uk: pair('Сидорович', 'Сидорівна') },
  }),
  male('kharyton', ['Харитон'], ['Харитон'], ['Kharyton', 'Khariton']),
  male('yakym', ['Яким'], ['Аким', 'Иоаким'], ['Yakym', 'Akim', 'Iakym', 'Jakym', 'Ioakim']),
  male('yukhym', ['Юхим'], ['Ефим'], ['Yukhym', 'Efim', 'Yefim', 'Iukhym', 'Jukhym']),
  male('ilarion', ['Іларіон', 'Ларіон'], ['Илларион', 'Ларион'], ['Ilarion', 'Illarion', 'Larion']),
  male('svyryd', ['Свирид'], ['Свиридон', 'Свирид'], ['Svyryd', 'Sviridon', 'Svirid']),
  male('veniamin', ['Веніамін'], ['Вениамин'], ['Veniamin']),
  male('vikentii', ['Вікентій'], ['Викентий'], ['Vikentii', 'Vikentiy']),
  male('herasym', ['Герасим'], ['Герасим'], ['Herasym', 'Gerasim']),
  male('yelysei', ['Єлисей'], ['Елисей'], ['Yelysei', 'Elisei', 'Yelisei', 'Yelisey', 'Elisey']),
  male('yulian', ['Юліан'], ['Юлиан'], ['Yulian', 'Iulian', 'Julian']),
  male('mstyslav', ['Мстислав'], ['Мстислав'], ['Mstyslav', 'Mstislav']),
  male('marat', ['Марат'], ['Марат'], ['Marat']),

  female('daryna', ['Дарина'], ['Дарина'], ['Daryna', 'Darina']),
  female('solomiia', ['Соломія'], ['Соломия', 'Соломея'], ['Solomiia', 'Solomiya', 'Solomia', 'Solomeia', 'Solomeya', 'Solomea']),
  female('zlata', ['Злата'], ['Злата'], ['Zlata']),
  female('milana', ['Мілана'], ['Милана'], ['Milana']),
  female('yaryna', ['Ярина'], ['Ярина'], ['Yaryna', 'Iaryna', 'Yarina', 'Jaryna']),
  female('lesia', ['Леся'], ['Леся'], ['Lesia', 'Lesya']),
  female('olesia', ['Олеся'], ['Олеся'], ['Olesia', 'Olesya', 'Olessia']),
  female('alina', ['Аліна'], ['Алина'], ['Alina']),
  female('marta', ['Марта'], ['Марта'], ['Marta', 'Martha']),
  female('zoriana', ['Зоряна'], ['Зоряна'], ['Zoriana', 'Zoryana', 'Zorjana']),
  female('stefaniia', ['Стефанія'], ['Стефания'], ['Stefaniia', 'Stefania', 'Stefaniya', 'Stephania']),
  female('bohdana', ['Богдана'], ['Богдана'], ['Bohdana', 'Bogdana']),
  female('mariana', ["Мар'яна"], ['Марьяна'], ['Mariana', 'Maryana', 'Marjana']),
  female('yaroslava', ['Ярослава'], ['Ярослава'], ['Yaroslava', 'Iaroslava', 'Jaroslava', 'Jarosława']),
  female('ivanna', ['Іванна'], ['Иванна'], ['Ivanna']),
  female('orysia', ['Орися'], ['Орися'], ['Orysia', 'Orysya', 'Orisia']),
  female('zinoviia', ['Зіновія'], ['Зиновия'], ['Zinoviia', 'Zinovia', 'Zinoviya']),
  female(
    'paraska',
    ['Параска', 'Парасковія'],
    ['Прасковья', 'Параскева'],
    ['Paraska', 'Praskovia', 'Paraskoviia', 'Praskovya', 'Praskovja'],
  ),
  female(
    'yevdokiia',
    ['Євдокія', 'Докія'],
    ['Евдокия', 'Авдотья'],
    ['Yevdokiia', 'Evdokiia', 'Yevdokiya', 'Evdokia', 'Dokiia', 'Avdotia'],
    { diminutives: ['Дуся'] },
  ),
  female('klavdiia', ['Клавдія'], ['Клавдия'], ['Klavdiia', 'Klavdia', 'Klavdiya'], { diminutives: ['Клава'] }),
  female('taisiia', ['Таїсія'], ['Таисия'], ['Taisiia', 'Taisia', 'Taisiya']),
  female('faina', ['Фаїна'], ['Фаина'], ['Faina']),
  female('maiia', ['Майя'], ['Майя'], ['Maiia', 'Maya', 'Maia', 'Maja']),
  female('marharyta', ['Маргарита'], ['Маргарита'], ['Marharyta', 'Margarita'], { diminutives: ['Рита'] }),
  female('liliia', ['Лілія'], ['Лилия'], ['Liliia', 'Lilia', 'Liliya', 'Lilija'], { diminutives: ['Ліля', 'Лиля'] }),
  female('yana', ['Яна'], ['Яна'], ['Yana', 'Iana', 'Jana']),
  female('diana', ['Діана'], ['Диана'], ['Diana']),
  female('karyna', ['Карина'], ['Карина'], ['Karyna', 'Karina']),
  female('kira', ['Кіра'], ['Кира'], ['Kira']),
  female('alisa', ['Аліса'], ['Алиса'], ['Alisa']),
  female('zhanna', ['Жанна'], ['Жанна'], ['Zhanna']),
  female('emiliia', ['Емілія'], ['Эмилия'], ['Emiliia', 'Emilia', 'Emiliya']),
  female('yeva', ['Єва'], ['Ева'], ['Yeva', 'Eva', 'Ieva']),
  female('snizhana', ['Сніжана'], ['Снежана'], ['Snizhana', 'Snezhana']),
  female('roksolana', ['Роксолана'], ['Роксолана'], ['Roksolana']),
  female('rehina', ['Регіна'], ['Регина'], ['Rehina', 'Regina']),
  female('elvira', ['Ельвіра'], ['Эльвира'], ['Elvira']),
  female('rymma', ['Римма'], ['Римма'], ['Rymma', 'Rimma']),
  female('ilona', ['Ілона'], ['Илона'], ['Ilona']),
  female('anzhela', ['Анжела'], ['Анжела'], ['Anzhela', 'Angela']),
  female('vladyslava', ['Владислава'], ['Владислава'], ['Vladyslava', 'Vladislava']),
  female('evelina', ['Евеліна'], ['Эвелина'], ['Evelina']),
  female('vasylyna', ['Василина'], ['Василина'], ['Vasylyna', 'Vasilina']),
  female('ruslana', ['Руслана'], ['Руслана'], ['Ruslana']),
  // Not Олена's: Russian Алёна is its own name (Ukrainian Альона).
  female('alona', ['Альона'], ['Алёна', 'Алена'], ['Alona', 'Alena', 'Alyona', 'Aliona']),
];

/** The ids of the long tail's classes (LONG_TAIL_GIVEN_NAME_CLASSES). */
export const LONG_TAIL_CLASS_IDS: ReadonlySet<string> = new Set(LONG_TAIL_GIVEN_NAME_CLASSES.map((c) => c.id));

/** All given-name classes: the seed, then the long tail. */
export const GIVEN_NAME_CLASSES: readonly GivenNameClass[] = [
  ...SEED_GIVEN_NAME_CLASSES,
  ...LONG_TAIL_GIVEN_NAME_CLASSES,
];

/** Classes by id, for callers that hold an id (for example a parsed patronymic's father). */
export const GIVEN_NAME_CLASS_BY_ID: ReadonlyMap<string, GivenNameClass> = new Map(
  GIVEN_NAME_CLASSES.map((c) => [c.id, c]),
);

/**
 * A given name as another language's speakers say it, by class id: the forms a relative abroad, a diaspora's
 * letter or a foreign body writes for the person (Andrew for Андрій, Johann for Іван, Katarzyna for Катерина),
 * which are not spellings of the Ukrainian or Russian form. English, German and Polish, the languages of most
 * requests from abroad; and the Spanish spellings that write х as j (Mijaíl, Jristina: hold-out 18), which no
 * Latin table of ours reads as х. Aliases for lookup only, as `latin` is: never a spelling to write, and kept apart from
 * `latin` so that what draws on that list (letter pairs, generated spellings) is unchanged. A form two classes
 * share (George: Юрій and Георгій) settles neither. Read by exact form in the given-name field only
 * (`equivalentClassOf`): Andrew's skeleton is the surname Андреев's, Mary's the genitive Marii's.
 */
export const GIVEN_NAME_EQUIVALENTS: Readonly<Record<string, readonly string[]>> = {
  andrii: ['Andrew', 'Andreas', 'Andrzej'],
  ivan: ['John', 'Johann', 'Johannes'],
  yurii: ['George', 'Georg', 'Jerzy'],
  heorhii: ['George', 'Georg', 'Jerzy'],
  mykhailo: ['Michael', 'Michał', 'Mijail', 'Mijaíl', 'Mijailo'],
  stepan: ['Stephen', 'Steven', 'Stefan', 'Stephan'],
  hryhorii: ['Gregory', 'Gregor', 'Grzegorz'],
  yakiv: ['Jacob', 'Jakob', 'Jakub'],
  fedir: ['Theodore', 'Theodor', 'Teodor'],
  matvii: ['Matthew', 'Matthias', 'Mateusz'],
  tymofii: ['Timothy', 'Timotheus', 'Tymoteusz'],
  kostiantyn: ['Constantine', 'Konstanty'],
  vasyl: ['Basil', 'Bazyli'],
  yosyp: ['Józef'],
  illia: ['Elijah', 'Elias', 'Eliasz'],
  olena: ['Helen', 'Helene', 'Ellen'],
  kateryna: ['Catherine', 'Katherine', 'Kathryn', 'Katharina', 'Katarzyna'],
  mariia: ['Mary'],
  hanna: ['Anne', 'Ann'],
  nataliia: ['Natalie'],
  iryna: ['Irene'],
  sofiia: ['Sophie', 'Zofia'],
  khrystyna: ['Christine', 'Christina', 'Krystyna', 'Jristina'],
  yelyzaveta: ['Elizabeth', 'Elisabeth', 'Elżbieta'],
};

/**
 * A given name's church (baptismal) form, by class id, where it is neither the Ukrainian nor the Russian form nor
 * a spelling of one: what a parish's, a chaplain's or an old registry's list writes (Іоанн for Іван, Симеон for
 * Семен, Димитрій for Дмитро, Матфей for Матвій, Косма for Кузьма), in Ukrainian and Russian letters and as such
 * lists are romanized. Forms the tables already read (Феодор, Алексій, Іаков, Михаїл, Єлена) are not repeated.
 * Read as GIVEN_NAME_EQUIVALENTS are: by exact form, in the given-name field only (Симеон, Косма are surnames too).
 */
export const GIVEN_NAME_CHURCH_FORMS: Readonly<Record<string, readonly string[]>> = {
  ivan: ['Іоанн', 'Иоанн', 'Іоан', 'Иоан', 'Ioann', 'Ioan'],
  stepan: ['Стефан'],
  semen: ['Симеон', 'Simeon'],
  dmytro: ['Димитрій', 'Димитрий', 'Dimitrii', 'Dimitrij', 'Dimitriy'],
  matvii: ['Матфей', 'Матфій', 'Matfei', 'Matfey', 'Matfii'],
  kuzma: ['Косма', 'Козьма', 'Kosma', 'Kozma'],
};

/**
 * Belarusian forms of given names by class id, as a Belarusian camp's, hospital's or office's list, or a
 * Belarusian passport (in the Latin its instruction gives: Aliaksandr, Siarhei), writes a Ukrainian's name
 * (reference/names.md: the name's own language decides its form; a child taken to Belarus is written there so).
 * `patronymicStems`: the stem a Belarusian patronymic is built on where it is not the name's (Пётр: Пятровіч).
 * Not listed: Алена (Олена and Альона both), forms the Ukrainian or Russian ones already are (Іван, Ніна).
 */
export const GIVEN_NAME_BELARUSIAN_FORMS: Readonly<
  Record<string, { forms: readonly string[]; patronymicStems?: readonly string[] }>
> = {
  oleksandr: { forms: ['Аляксандр', 'Алесь'] },
  oleksii: { forms: ['Аляксей'] },
  serhii: { forms: ['Сяргей', 'Сергей'] },
  mykola: { forms: ['Мікалай', 'Мікола'] },
  dmytro: { forms: ['Дзмітрый', 'Зміцер'] },
  andrii: { forms: ['Андрэй'] },
  volodymyr: { forms: ['Уладзімір', 'Уладзімер'] },
  yurii: { forms: ['Юрый', 'Юрась'] },
  petro: { forms: ['Пётр', 'Пятро'], patronymicStems: ['Пятр'] },
  vasyl: { forms: ['Васіль'] },
  viktor: { forms: ['Віктар'] },
  ihor: { forms: ['Ігар'] },
  maksym: { forms: ['Максім'] },
  artem: { forms: ['Арцём', 'Арцем'] },
  denys: { forms: ['Дзяніс'] },
  oleh: { forms: ['Алег'] },
  mykhailo: { forms: ['Міхаіл', 'Міхась'], patronymicStems: ['Міхайл'] },
  pavlo: { forms: ['Павел', 'Павал'], patronymicStems: ['Паўл'] },
  vitalii: { forms: ['Віталь', 'Віталій'] },
  vadym: { forms: ['Вадзім'] },
  yevhen: { forms: ['Яўген'] },
  roman: { forms: ['Раман'] },
  bohdan: { forms: ['Багдан'] },
  anatolii: { forms: ['Анатоль'] },
  hryhorii: { forms: ['Рыгор'] },
  stepan: { forms: ['Сцяпан'] },
  fedir: { forms: ['Фёдар', 'Федар'] },
  leonid: { forms: ['Леанід'] },
  valerii: { forms: ['Валерый'] },
  vladyslav: { forms: ['Уладзіслаў'] },
  kyrylo: { forms: ['Кірыл', 'Кірыла'] },
  yaroslav: { forms: ['Яраслаў'] },
  stanislav: { forms: ['Станіслаў'] },
  rostyslav: { forms: ['Расціслаў'] },
  sviatoslav: { forms: ['Святаслаў'] },
  viacheslav: { forms: ['Вячаслаў'] },
  myroslav: { forms: ['Міраслаў'] },
  borys: { forms: ['Барыс'] },
  arkadii: { forms: ['Аркадзь'] },
  hennadii: { forms: ['Генадзь'] },
  semen: { forms: ['Сямён', 'Сымон'] },
  tymofii: { forms: ['Цімафей'] },
  matvii: { forms: ['Мацвей'] },
  yakiv: { forms: ['Якаў'], patronymicStems: ['Якаўл'] },
  heorhii: { forms: ['Георгій', 'Ягор'] },
  opanas: { forms: ['Апанас'] },
  omelian: { forms: ['Амяльян'] },
  yosyp: { forms: ['Язэп', 'Іосіф'] },
  tetiana: { forms: ['Таццяна'] },
  iryna: { forms: ['Ірына'] },
  oksana: { forms: ['Аксана'] },
  svitlana: { forms: ['Святлана'] },
  liudmyla: { forms: ['Людміла'] },
  halyna: { forms: ['Галіна'] },
  mariia: { forms: ['Марыя'] },
  hanna: { forms: ['Ганна'] },
  olha: { forms: ['Вольга'] },
  nataliia: { forms: ['Наталля'] },
  kateryna: { forms: ['Кацярына'] },
  viktoriia: { forms: ['Вікторыя'] },
  larysa: { forms: ['Ларыса'] },
  nadiia: { forms: ['Надзея'] },
  liubov: { forms: ['Любоў'] },
  valentyna: { forms: ['Валянціна'] },
  sofiia: { forms: ['Сафія'] },
  yelyzaveta: { forms: ['Лізавета', 'Елізавета'] },
  maryna: { forms: ['Марына'] },
  oleksandra: { forms: ['Аляксандра', 'Алеся'] },
  polina: { forms: ['Паліна'] },
  khrystyna: { forms: ['Крысціна'] },
  antonina: { forms: ['Антаніна'] },
  valeriia: { forms: ['Валерыя'] },
  veronika: { forms: ['Вераніка'] },
  yevheniia: { forms: ['Яўгенія'] },
  lidiia: { forms: ['Лідзія'] },
  zinaida: { forms: ['Зінаіда'] },
  raisa: { forms: ['Раіса'] },
  myroslava: { forms: ['Міраслава'] },
};
