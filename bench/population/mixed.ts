/**
 * A hold-out population (issue #11, `--profile mixed`): Ukraine's people as they are, not only Ukrainian-stem
 * names. About a fifth drawn from groups whose surnames, given names and patronymics the names package's tables
 * do not know — Russian-pattern surnames, Crimean Tatar, Armenian, Georgian, Jewish, Hungarian of Zakarpattia,
 * Romanian/Moldovan of Bukovina, Greek of Pryazovia, Polish — and the rest Ukrainian names drawn from a stem set
 * and a Zipf law of their own (not seed/realistic.ts's tables). Written apart from the product's generators so
 * that a fix cannot be tuned on them; only the non-name fields (category, sex, birth, status, unit, service
 * number) come from the realistic generator's rows. Generated people only: the tables are name patterns, no
 * person's name and nothing about any real person.
 *
 * Each group's entries may carry their own Latin spelling after a colon ("Надь:Nagy"): how the person writes it
 * in the group's language (Hungarian, Polish, Romanian orthography; Armenian and Georgian passport forms), which
 * the hold-out noise model writes (bench/holdout4.ts `native`). Deterministic: the seed gives the same people.
 */
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import { generatePopulation, mulberry32 } from '../../packages/server/src/seed/population.js';

/** A group of the population: its share, its surnames and given names (Cyrillic, or "Cyrillic:Native"). */
interface Group {
  share: number;
  surnames: readonly string[];
  male: readonly string[];
  female: readonly string[];
  /** Share of its persons written with a patronymic. */
  patronymic: number;
  /** Zipf exponent of the surname draw. */
  zipf: number;
}

const words = (s: string): string[] => s.trim().split(/\s+/u);

/** The minority groups (shares of all persons: 20% in all). */
export const MIXED_GROUPS: Readonly<Record<string, Group>> = {
  russian: {
    share: 0.05,
    surnames:
      words(`Морозов Соколов Лебедєв Кузьмін Ніколаєв Жуковський Волков Зайцев Сорокін Голубєв Тарасов Бєлов
      Комаров Орлов Кисельов Макаров Андрєєв Ковальов Ільїн Гусєв Тітов Кузнєцов Баранов Полєвой Щербаков Блинов
      Виноградов Богданов Воробйов Федоров Михайлов Бєляєв Смирнов Сазонов Трофимов Мартинов Ширяєв Калінін
      Дорохов Лаврентьєв Єрмаков Рождественський Преображенський Успенський Вознесенський Покровський`),
    male: words(`Вадим Гліб Всеволод Кирило Аркадій Геннадій Станіслав Веніамін Вячеслав Єгор Лев Родіон Філіп
      Яків Савелій Прохор Аристарх Ростислав`),
    female: words(`Алла Ангеліна Вероніка Жанна Злата Інга Ельвіра Лідія Майя Римма Стела Таїсія Ульяна Яна
      Євгенія Раїса Нінель Валерія`),
    patronymic: 0.9,
    zipf: 0.9,
  },
  crimean_tatar: {
    share: 0.03,
    surnames:
      words(`Аблаєв Сейтумеров Куртсеїтов Османов Ібрагімов Абдуллаєв Мамутов Велієв Халілов Бекіров Аметов
      Джелялов Асанов Ісмаїлов Сеїтвелієв Усеїнов Керімов Мустафаєв Бариєв Эміров Ягьяєв Муратов Джемілєв
      Чубаров Куртумеров Белялов Сулейманов Абібуллаєв Менаджиєв Кадиров`).map((s) => s.replace('Э', 'Е')),
    male: words(`Рефат Ахтем Енвер Рустем Ескендер Ільмі Сервер Наріман Айдер Ленур Решат Ернест Ділявер Февзі
      Іззет Рамазан Сейран Алім Ебазер Якуб`),
    female:
      words(`Ленє Зарема Ельмаз Гульнара Аліє Мерьєм Севіль Зоре Лютфіє Ферде Сусанна Алімє Ґюльшен Ельвіра
      Афізе Зейнеп Діляра Есма`),
    patronymic: 0.85,
    zipf: 0.8,
  },
  armenian: {
    share: 0.02,
    surnames: words(`Саркісян:Sargsyan Акопян:Hakobyan Оганесян:Hovhannisyan Григорян:Grigoryan
      Мартиросян:Martirosyan Петросян:Petrosyan Аветисян:Avetisyan Манукян:Manukyan Бабаян:Babayan
      Казарян:Ghazaryan Арутюнян:Harutyunyan Варданян:Vardanyan Мкртчян:Mkrtchyan Геворкян:Gevorgyan
      Хачатрян:Khachatryan Симонян:Simonyan Тер-Петросян:Ter-Petrosyan Степанян:Stepanyan`),
    male: words(`Ашот:Ashot Арсен:Arsen Грачик:Hrachik Тигран:Tigran Самвел:Samvel Левон:Levon Гайк:Hayk
      Вардан:Vardan Армен:Armen Карен:Karen Гурген:Gurgen Норайр:Norayr`),
    female: words(`Ануш:Anush Гаяне:Gayane Ліліт:Lilit Астхік:Astghik Карине:Karine Сірануш:Siranush
      Нуне:Nune Лусіне:Lusine Асмік:Hasmik Ерміне:Ermine`),
    patronymic: 0.85,
    zipf: 0.9,
  },
  georgian: {
    share: 0.015,
    surnames: words(`Гелашвілі:Gelashvili Капанадзе:Kapanadze Беридзе:Beridze Маргвелашвілі:Margvelashvili
      Джапарідзе:Japaridze Ломідзе:Lomidze Гогіберідзе:Gogiberidze Кікнадзе:Kiknadze Цулая:Tsulaia
      Чиквашвілі:Chikvashvili Гвазава:Gvazava Абашидзе:Abashidze Меладзе:Meladze Чхеїдзе:Chkheidze
      Бурчуладзе:Burchuladze Гоциридзе:Gotsiridze`),
    male: words(`Гіві:Givi Давіт:Davit Зураб:Zurab Леван:Levan Гія:Gia Тамаз:Tamaz Гоча:Gocha Ніко:Niko
      Іраклій:Irakli Бесик:Besik Мераб:Merab`),
    female: words(`Нато:Nato Ніно:Nino Кетеван:Ketevan Манана:Manana Нана:Nana Тамар:Tamar Мзія:Mzia
      Лела:Lela Медея:Medea Етері:Eteri`),
    patronymic: 0.8,
    zipf: 0.8,
  },
  jewish: {
    share: 0.02,
    surnames:
      words(`Гольдман Ройзман Фельдман Розенберг Вайсберг Гринберг Кацман Лернер Шапіро Рабинович Зільберман
      Гуревич Ліберман Айзенберг Фрідман Штейнберг Хайкін Бергман Кауфман Гельман Пінкус Рубінштейн Кранцберг
      Зальцман Ейдельман Шустерман`),
    male: words(
      `Мойсей Давид Наум Яків Ізраїль Соломон Абрам Лейба Ефраїм Гершон Самуїл Йосип Ісаак Мордехай`,
    ),
    female: words(`Рахіль Белла Фаїна Ріва Есфір Сара Хая Дебора Роза Цилія Ента Двойра Ревекка`),
    patronymic: 0.9,
    zipf: 0.9,
  },
  hungarian: {
    share: 0.02,
    surnames: words(`Надь:Nagy Ковач:Kovács Варга:Varga Балог:Balogh Молнар:Molnár Тот:Tóth Фекете:Fekete
      Сабо:Szabó Фаркаш:Farkas Горват:Horváth Кіш:Kis Федак:Fedák Пап:Papp Шандор:Sándor Ліпчеї:Lipcsei
      Кочиш:Kocsis Баті:Bathy Чонка:Csonka Міклош:Miklós Дьордь:György Шомоді:Somogyi Ловаш:Lovas`),
    male: words(`Іштван:István Ласло:László Золтан:Zoltán Тібор:Tibor Габор:Gábor Аттіла:Attila Лайош:Lajos
      Ференц:Ferenc Янош:János Дьюла:Gyula Імре:Imre Шандор:Sándor Árpád:Árpád`).map((s) =>
      s === 'Árpád:Árpád' ? 'Арпад:Árpád' : s,
    ),
    female: words(`Ілона:Ilona Ержебет:Erzsébet Каталін:Katalin Агнеш:Ágnes Юдіт:Judit Еніке:Enikő
      Тімея:Tímea Сільвія:Szilvia Кінга:Kinga Жужанна:Zsuzsanna Марта:Márta Етелка:Etelka`),
    patronymic: 0.5,
    zipf: 0.8,
  },
  romanian: {
    share: 0.015,
    surnames: words(`Попеску:Popescu Григореску:Grigorescu Онческу:Onciescu Русу:Rusu Мунтяну:Munteanu
      Чобану:Ciobanu Думітреску:Dumitrescu Балан:Balan Лупу:Lupu Тодоран:Todoran Маковей:Macovei
      Гуцуляк:Guţuleac Фротеску:Frotescu Ністор:Nistor Кожокару:Cojocaru Брашован:Brașovan Бодня:Bodnea`),
    male: words(`Георге:Gheorghe Васіле:Vasile Іон:Ion Думітру:Dumitru Михай:Mihai Раду:Radu Ілля:Ilie
      Костел:Costel Ауреліан:Aurelian Тудор:Tudor Октавіан:Octavian Овідіу:Ovidiu`),
    female: words(`Ілеана:Ileana Родіка:Rodica Віорика:Viorica Доїна:Doina Аурелія:Aurelia Мірела:Mirela
      Флоріка:Florica Лучія:Lucia Кармен:Carmen Даніела:Daniela`),
    patronymic: 0.75,
    zipf: 0.8,
  },
  greek: {
    share: 0.015,
    surnames:
      words(`Кіріакіді Харлампіді Теохаріді Ставріді Анастасіаді Попандопуло Хаджинов Кечеджі Пілавов Ялі
      Сарбаш Кутіді Бахчеванджі Чолокало Бурлакало Мавроді Хаджиокало Кьосе Папаіоанну Мангуш`),
    male: words(`Харлампій Савва Спиридон Анастасій Панаїот Костянтин Фемістокл Єлевферій Христофор Ахіллес`),
    female: words(`Ефросинія Олімпіада Єлизавета Калліопа Параскева Фотіні Домна Хрисанта Евдокія Ірина`),
    patronymic: 0.9,
    zipf: 0.8,
  },
  polish: {
    share: 0.015,
    surnames: words(`Ковальчевський:Kowalczewski Вишневський:Wiśniewski Зелінський:Zieliński Новак:Nowak
      Вуйцік:Wójcik Камінський:Kamiński Левандовський:Lewandowski Домбровський:Dąbrowski
      Шиманський:Szymański Возняк:Woźniak Яблонський:Jabłoński Краєвський:Krajewski Пйонтек:Piątek
      Гжеляк:Grzelak Собчак:Sobczak Ярошевич:Jaroszewicz Ставінський:Stawiński`),
    male: words(`Ян:Jan Станіслав:Stanisław Казимир:Kazimierz Збігнєв:Zbigniew Юзеф:Józef Тадеуш:Tadeusz
      Ришард:Ryszard Мєчислав:Mieczysław Вацлав:Wacław Єжи:Jerzy Кшиштоф:Krzysztof`),
    female: words(`Ядвіга:Jadwiga Броніслава:Bronisława Ванда:Wanda Кристина:Krystyna Тереза:Teresa
      Данута:Danuta Гражина:Grażyna Божена:Bożena Малгожата:Małgorzata Агнешка:Agnieszka`),
    patronymic: 0.75,
    zipf: 0.8,
  },
};

// ---- the Ukrainian majority: its own stems, its own long tail ------------------------------------------

/** Roots (crafts, nature, nicknames, baptismal names) of the majority's surnames. */
const ROOTS =
  words(`Гайд Ярем Дзюб Гнат Кост Вакул Горп Зінч Мирош Пилип Сидор Федор Хом Лук Остап Охрім Грицай
  Дорош Мусі Тимоф Кирик Юрч Давид Март Макар Климч Семен Прокоп Левк Стець Гаврил Гнідаш Вовч Журавл Сокол Ворон
  Горобц Соловй Дуб Клен Береж Тополь Калин Ожин Вишн Морг Галуз Кудр Чуб Вус Бород Губ Носат Рудн Сив Бiл
  Чорн Руд Гайов Лісов Бондар Гончар Кушнір Ткач Швец Коваль Мельнич Пасіч Рибал Чумач Кравц Шапов Теслен
  Колісн Стельмах Бортн Дігт Смолян Вугляр Солодк Гірк Тверд Мірош Гордієн Панас Ілляш Кондрат Опанас Трохим
  Харит Ничипор Свирид Тарас Юхим Явтух Зозул Синиц Щиглик Шпак Дрозд Лелек Чапл Бусл Вівчар Козар Свинар
  Тарасюк Гуцал Бойч Лемк Подоляч Полтав Волин Черкас Полісч`).map((r) => r.replace('i', 'і'));
const SUFFIXES = words(`енко ук юк чук ишин ець ак ик ко ський івський ич ович ан ій ар ун ега ило`);

/** The majority's common surnames (the head): drawn with a steeper law than the body. */
const HEAD = words(`Гайдученко Ярема Дзюба Гнатюк Костенко Вакуленко Горпинич Зінченко Мирошниченко Пилипенко
  Сидоренко Федорчук Хоменко Лук'яненко Остапчук Охріменко Грицай Дорошенко Мусієнко Тимофійчук Кирилюк
  Юрченко Давиденко Мартинюк Макаренко Климчук Семенюк Прокопенко Левченко Стецюк`);

const UK_MALE =
  words(`Остап Богдан Ярема Зиновій Тарас Орест Назар Любомир Ярослав Мирослав Роман Степан Дмитро
  Андрій Олег Ігор Василь Петро Григорій Микола Юрій Богуслав Святослав Ігнат Левко Данило Матвій Тимофій Захар
  Євген Леонід Анатолій Віталій Валентин Роман Всеволод Остромир Мар'ян Нестор Устим`);
const UK_FEMALE =
  words(`Мирослава Ярина Соломія Оксана Леся Христина Зоряна Богдана Уляна Дарина Стефанія Надія
  Любов Ганна Марта Орися Олеся Мар'яна Ярослава Галина Віра Лідія Зіновія Іванна Параска Ірина Тетяна Ольга`);

// ---- drawing ---------------------------------------------------------------------------------------------

/** Inverse CDF of a continuous Zipf-like law over [1, n] with exponent s (s ≠ 1). */
function zipf(n: number, r: number, s: number): number {
  const a = 1 - (s === 1 ? 0.999 : s);
  const x = (1 + r * (Math.pow(n, a) - 1)) ** (1 / a);
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}

/** A word's Cyrillic form (before the colon) and native Latin form (after it, or none). */
export function splitNative(entry: string): { cyr: string; native: string | null } {
  const i = entry.indexOf(':');
  return i < 0 ? { cyr: entry, native: null } : { cyr: entry.slice(0, i), native: entry.slice(i + 1) };
}

/** A woman's form of a surname as Ukrainian writes it: -ов/-ев/-єв/-ін/-ин + а, -ський → -ська; others as they are. */
export function feminineSurname(s: string): string {
  if (/(ов|ев|єв|ін|ин|їн)$/u.test(s)) return `${s}а`;
  if (/ий$/u.test(s)) return s.replace(/ий$/u, 'а');
  if (/ой$/u.test(s)) return s.replace(/ой$/u, 'а');
  return s;
}

/** A Ukrainian patronymic of a father's given name (Ахтем → Ахтемович / Ахтемівна; Андрій → Андрійович / Андріївна). */
export function patronymicOfName(father: string, sex: 'male' | 'female'): string {
  const f = father;
  const m = sex === 'male';
  if (/й$/u.test(f)) return m ? `${f}ович` : `${f.slice(0, -1)}ївна`;
  if (/ь$/u.test(f)) return m ? `${f}ович` : `${f.slice(0, -1)}івна`;
  if (/[іи]$/u.test(f)) return m ? `${f}йович` : `${f}ївна`;
  if (/(ла|ля)$/u.test(f) && f === 'Микола') return m ? 'Миколайович' : 'Миколаївна';
  if (/[аояеєу]$/u.test(f)) return m ? `${f.slice(0, -1)}ович` : `${f.slice(0, -1)}івна`;
  return m ? `${f}ович` : `${f}івна`;
}

/** The person's names and group, with the native Latin forms where the group has them. */
export interface MixedNames {
  group: string;
  family: string;
  given: string;
  patronymic: string;
  /** The group's own Latin spelling of the surname and given name (null where it has none). */
  nativeFamily: string | null;
  nativeGiven: string | null;
}

/** The names a person of `group` and `sex` is given (the group 'ukrainian' for the majority). */
function drawNames(sex: 'male' | 'female', rand: () => number): MixedNames {
  let r = rand();
  for (const [group, g] of Object.entries(MIXED_GROUPS)) {
    if (r < g.share) {
      const fam = splitNative(g.surnames[zipf(g.surnames.length, rand(), g.zipf)] as string);
      const givenList = sex === 'male' ? g.male : g.female;
      const given = splitNative(givenList[zipf(givenList.length, rand(), 0.7)] as string);
      const father = splitNative(g.male[zipf(g.male.length, rand(), 0.7)] as string).cyr;
      // A minority's father now and then bears a Ukrainian or Russian name (mixed marriages, Soviet naming).
      const fatherName = rand() < 0.2 ? (UK_MALE[zipf(UK_MALE.length, rand(), 0.9)] as string) : father;
      const patronymic = rand() < g.patronymic ? patronymicOfName(fatherName, sex) : '';
      const female = sex === 'female';
      return {
        group,
        family: female ? feminineSurname(fam.cyr) : fam.cyr,
        given: given.cyr,
        patronymic,
        nativeFamily: fam.native === null ? null : female ? feminineNative(group, fam.native) : fam.native,
        nativeGiven: given.native,
      };
    }
    r -= g.share;
  }
  // The majority: a head of common surnames (25%) and a body of root + suffix, each by its own law.
  const family =
    rand() < 0.25
      ? (HEAD[zipf(HEAD.length, rand(), 1.3)] as string)
      : ukSurname(
          ROOTS[zipf(ROOTS.length, rand(), 0.7)] as string,
          SUFFIXES[zipf(SUFFIXES.length, rand(), 1.1)] as string,
        );
  const list = sex === 'male' ? UK_MALE : UK_FEMALE;
  const given = list[zipf(list.length, rand(), 0.85)] as string;
  const patronymic =
    rand() < 0.93 ? patronymicOfName(UK_MALE[zipf(UK_MALE.length, rand(), 0.85)] as string, sex) : '';
  return {
    group: 'ukrainian',
    family: sex === 'female' ? ukFeminine(family) : family,
    given,
    patronymic,
    nativeFamily: null,
    nativeGiven: null,
  };
}

/** A root with a suffix, the joins Ukrainian makes (a root's final consonant kept; -ський after a root). */
function ukSurname(root: string, suffix: string): string {
  const name = root + suffix;
  return name.replace(/йу/u, 'ю').replace(/ьу/u, 'ю').replace(/чч/u, 'ч').replace(/ьі/u, 'і');
}

function ukFeminine(s: string): string {
  return s.endsWith('ський') || s.endsWith('цький') ? s.replace(/ий$/u, 'а') : s;
}

/** A woman's native surname: Polish -ski → -ska; Hungarian, Romanian, Armenian, Georgian as they are. */
function feminineNative(group: string, s: string): string {
  if (group === 'polish' && /(ski|cki|dzki)$/u.test(s)) return s.replace(/i$/u, 'a');
  return s;
}

/** The group's own Latin spelling of a Cyrillic surname or given name of the tables (feminine forms too). */
export const NATIVE_SPELLING: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [group, g] of Object.entries(MIXED_GROUPS)) {
    for (const e of g.surnames) {
      const { cyr, native } = splitNative(e);
      if (native === null) continue;
      m.set(cyr, native);
      m.set(feminineSurname(cyr), feminineNative(group, native));
    }
    for (const e of [...g.male, ...g.female]) {
      const { cyr, native } = splitNative(e);
      if (native !== null) m.set(cyr, native);
    }
  }
  return m;
})();

/**
 * The mixed population: the realistic generator's rows (same seed: the same categories, sexes, birth dates,
 * statuses, units, service numbers) with every name drawn here instead, from its own stream. Relatives
 * (`families`) are refused: their shared names are the realistic generator's.
 */
export function* generateMixedPopulation(opts: {
  persons: number;
  seed?: number;
  source?: string;
  families?: number;
}): Generator<CanonicalCsvRow> {
  if ((opts.families ?? 0) > 0)
    throw new Error('--profile mixed: no --families (relatives share realistic names)');
  const rand = mulberry32((((opts.seed ?? 1) * 2_246_822_519) ^ 0x5bd1e995) >>> 0);
  for (const row of generatePopulation({
    persons: opts.persons,
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.source === undefined ? {} : { source: opts.source }),
    profile: 'realistic',
  })) {
    const sex = row.sex === 'female' ? 'female' : 'male';
    const n = drawNames(sex, rand);
    yield { ...row, family_name: n.family, given_name: n.given, patronymic: n.patronymic };
  }
}
