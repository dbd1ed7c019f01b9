/**
 * The realistic profile of the synthetic population: surnames with the long tail of a real population
 * and given names whose popularity follows the birth cohort. Every surname is built here from Ukrainian
 * stems and suffixes (or drawn from the common-surname table for the head of the distribution), so no
 * row describes a real person.
 *
 * Shape (what the benchmarks need, not a census): at 1,000,000 persons some tens of thousands of distinct
 * surnames, the commonest under 1% of people, and most people sharing their surname with few others.
 * Three layers, each a Zipf-like draw:
 * - the head: the common-surname tables of the names package (Шевченко, Мельник, Бойко …), 22% of people;
 * - the body: a root (occupation, nickname, baptismal name) with a productive suffix (-енко, -ук/-юк/-чук,
 *   -ський/-цький, -ич, -ко, -ак, -ець, -ів, -ик …), 43%;
 * - the tail: a root made of Ukrainian syllables with such a suffix, 35% (mostly one or a few bearers).
 * Feminine forms follow the suffix: -ський → -ська, -ов/-ин → -ова/-ина; the rest are invariable.
 */
import {
  RUSSIAN_SURNAMES,
  UKRAINIAN_SURNAMES,
  type GivenNameClass,
  type SurnameEntry,
} from '@homecoming/names';

/** Roots that take patronymic-like or occupational suffixes, most productive first (rough). */
const ROOTS = (
  'Коваль Мельн Бондар Ткач Кравч Шевч Гонч Кушнір Лис Мороз Савч Дорош Павл Петр Іван Гриц Остап Марч ' +
  'Кирил Климч Сидор Тимош Федор Юрч Семен Степан Харч Гнат Данил Литвин Мирон Назар Прокоп Роман Тарас ' +
  'Яковл Бабич Білик Волош Гайд Головч Гуц Дяч Жук Заїч Зінч Кобз Козач Коломи Кононч Короб Костюч Кузьм ' +
  'Кульч Лавр Левч Луц Максим Мартин Мацк Нестер Олійн Опанас Палій Панч Пасічн Пилип Поліщ Пономар Рибал ' +
  'Рудн Руд Сав Свирид Сем Сердюч Скиб Сліпч Соловй Сорок Стець Сушк Тесл Трох Фесь Хом Цимбал Чорн ' +
  'Шаповал Швидк Шкурат Юрк Ярош Бабій Бар Бел Бер Бил Биц Бож Бойч Борис Бут Вакул Варв Васил Вдов Вер ' +
  'Вишн Влас Вовк Возн Гаврил Галич Гар Гетьм Глущ Гол Горб Гордій Горд Гриб Гусь Дан Дем Дець Дзюб Дід ' +
  'Дмитр Довг Дуб Дудар Дяк Євтуш Жел Жур Забол Загор Зайч Зах Зуб Ігнат Ільч Кал Карп Кир Клим Ков Кож ' +
  'Колесн Кондрат Конч Корн Косар Кост Котл Кравц Круп Кув Куз Кулик Кур Лаз Лев Лен Лесь Лук Луч Люб Мал ' +
  'Маст Мат Мех Миш Мох Мус Нос Овч Оліф Онищ Осип Пан Пархом Пас Пек Пет Пищ Плах Погор Пол Попов Прих ' +
  'Пуш Радч Реп Рог Руб Саль Сахн Сер Сил Сир Сич Скор Слюс Сок Сот Стас Стеф Сух Тимч Тит Тур Уман ' +
  'Фед Фил Фom Хар Хв Хмар Цап Чаб Чер Чуб Шап Шев Шил Шпак Щерб Юр Яким Ялов Ярем Ясин'
)
  .split(' ')
  .filter((r) => /^[А-ЯІЇЄҐ][а-яіїєґь']+$/u.test(r));

/** Syllables for tail roots: onsets and rimes as Ukrainian words combine them. */
const ONSETS = [
  'б',
  'в',
  'г',
  'д',
  'ж',
  'з',
  'к',
  'л',
  'м',
  'н',
  'п',
  'р',
  'с',
  'т',
  'х',
  'ц',
  'ч',
  'ш',
  'бр',
  'гл',
  'гр',
  'др',
  'кл',
  'кр',
  'пр',
  'ст',
  'тр',
  'хв',
  'шк',
  'шп',
  'зв',
  'дз',
  'сл',
  'см',
];
const RIMES = [
  'а',
  'о',
  'у',
  'и',
  'е',
  'і',
  'ар',
  'ор',
  'ал',
  'ол',
  'ан',
  'ен',
  'ум',
  'ир',
  'ат',
  'ик',
  'ос',
  'ем',
];

/** A suffix: its masculine and feminine forms (same when invariable), weight, and Russian renderings. */
interface Suffix {
  m: string;
  f: string;
  ruM: string;
  ruF: string;
  weight: number;
}
const inv = (s: string, ru: string, weight: number): Suffix => ({ m: s, f: s, ruM: ru, ruF: ru, weight });
const SUFFIXES: readonly Suffix[] = [
  inv('енко', 'енко', 30),
  inv('ук', 'ук', 9),
  inv('юк', 'юк', 6),
  inv('чук', 'чук', 8),
  { m: 'ський', f: 'ська', ruM: 'ский', ruF: 'ская', weight: 8 },
  { m: 'цький', f: 'цька', ruM: 'цкий', ruF: 'цкая', weight: 2 },
  inv('ич', 'ич', 5),
  inv('ович', 'ович', 3),
  inv('ко', 'ко', 5),
  inv('ак', 'ак', 4),
  inv('як', 'як', 3),
  inv('ець', 'ец', 4),
  inv('ів', 'ив', 3),
  inv('ик', 'ик', 4),
  inv('ишин', 'ишин', 2),
  { m: 'ов', f: 'ова', ruM: 'ов', ruF: 'ова', weight: 2 },
  { m: 'ин', f: 'ина', ruM: 'ин', ruF: 'ина', weight: 2 },
  inv('', '', 4),
  inv('ега', 'ега', 1),
  inv('ута', 'ута', 1),
];

/** Ukrainian → Russian Cyrillic letters, as Russian-language lists respell a Ukrainian surname. */
const UK_RU: Readonly<Record<string, string>> = { і: 'и', и: 'ы', є: 'е', ї: 'йи', ґ: 'г', "'": '' };
function ukToRu(stem: string): string {
  let out = '';
  for (const ch of stem) {
    const lower = ch.toLowerCase();
    const mapped = UK_RU[lower];
    out += mapped === undefined ? ch : ch === lower ? mapped : mapped.toUpperCase();
  }
  // ь before a Russian ы/и does not occur; a trailing й stays.
  return out.replace(/ьы/gu, 'ьи');
}

function join(root: string, suffix: string): string {
  if (suffix === '') return root.endsWith('ь') || /[аеиоуіяю]$/u.test(root) ? root : root;
  let r = root;
  // A soft sign before a vowel-initial suffix drops (Коваль + енко → Коваленко).
  if (r.endsWith('ь') && /^[аеиоуіяюєї]/u.test(suffix)) r = r.slice(0, -1);
  // Two identical consonants at the joint read oddly in the generated tail: keep one.
  if (r.slice(-1) === suffix[0]) r = r.slice(0, -1);
  return r + suffix;
}

function entryOf(root: string, s: Suffix, weight: number): SurnameEntry {
  const uk = join(root, s.m);
  const ukF = join(root, s.f);
  const ru = ukToRu(join(root, s.ruM));
  const ruF = ukToRu(join(root, s.ruF));
  return {
    uk,
    ru,
    ...(ukF !== uk ? { ukFeminine: ukF } : {}),
    ...(ruF !== ru ? { ruFeminine: ruF } : {}),
    weight,
  };
}

/** Every surname the realistic profile can produce, by any of its forms (for the benchmarks' renderers). */
const BY_FORM = new Map<string, SurnameEntry>();
function remember(e: SurnameEntry): SurnameEntry {
  for (const f of [e.uk, e.ru, e.ukFeminine, e.ruFeminine])
    if (f !== undefined && !BY_FORM.has(f)) BY_FORM.set(f, e);
  return e;
}

/** The surname entry of a form the realistic profile produced (or of the common tables), if any. */
export function realisticSurnameEntry(form: string): SurnameEntry | undefined {
  return BY_FORM.get(form);
}

function zipfIndex(n: number, r: number, s = 1.05): number {
  // Inverse-CDF of a continuous Zipf-like law over [1, n]: cheap and monotone.
  const a = 1 - s;
  const x = (1 + r * (Math.pow(n, a) - 1)) ** (1 / a);
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}

function weightedSuffix(r: number): Suffix {
  let total = 0;
  for (const s of SUFFIXES) total += s.weight;
  let acc = 0;
  for (const s of SUFFIXES) {
    acc += s.weight / total;
    if (r < acc) return s;
  }
  return SUFFIXES[0] as Suffix;
}

const HEAD_UK = UKRAINIAN_SURNAMES.map(remember);
const HEAD_RU = RUSSIAN_SURNAMES.map(remember);
const HEAD_UK_TOTAL = HEAD_UK.reduce((s, e) => s + e.weight, 0);
const HEAD_RU_TOTAL = HEAD_RU.reduce((s, e) => s + e.weight, 0);

function weighted(entries: readonly SurnameEntry[], total: number, r: number): SurnameEntry {
  let acc = 0;
  const target = r * total;
  for (const e of entries) {
    acc += e.weight;
    if (target < acc) return e;
  }
  return entries[entries.length - 1] as SurnameEntry;
}

const capital = (s: string): string => (s[0] as string).toUpperCase() + s.slice(1);

/** Draws one surname of the realistic profile. */
export function drawRealisticSurname(rand: () => number): SurnameEntry {
  const layer = rand();
  if (layer < 0.06) return weighted(HEAD_RU, HEAD_RU_TOTAL, rand());
  if (layer < 0.22) return weighted(HEAD_UK, HEAD_UK_TOTAL, rand());
  if (layer < 0.65) {
    const root = ROOTS[zipfIndex(ROOTS.length, rand(), 0.5)] as string;
    return remember(entryOf(root, weightedSuffix(rand()), 1));
  }
  const pool = tailPool();
  return pool[zipfIndex(pool.length, rand(), 0.3)] as SurnameEntry;
}

/** Rare surnames: TAIL_SIZE (stem of Ukrainian syllables, suffix) pairs, fixed whatever the seed. */
const TAIL_SIZE = 60_000;
let TAIL: SurnameEntry[] | null = null;
function tailPool(): SurnameEntry[] {
  if (TAIL !== null) return TAIL;
  let a = 0x5eed;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const seen = new Set<string>();
  const out: SurnameEntry[] = [];
  while (out.length < TAIL_SIZE) {
    const syllables = rand() < 0.7 ? 2 : 3;
    let stem = '';
    for (let k = 0; k < syllables; k++) {
      stem += ONSETS[Math.floor(rand() * ONSETS.length)] as string;
      stem += RIMES[Math.floor(rand() * RIMES.length)] as string;
    }
    const s = weightedSuffix(rand());
    // A stem ending in a vowel drops it before a vowel-initial suffix.
    const root = /[аеиоуі]$/u.test(stem) && /^[аеиоуієя]/u.test(s.m) ? stem.slice(0, -1) : stem;
    const e = entryOf(capital(root), s, 1);
    if (seen.has(e.uk) || BY_FORM.has(e.uk)) continue;
    seen.add(e.uk);
    out.push(remember(e));
  }
  TAIL = out;
  return out;
}

/** Birth cohorts for given-name popularity. */
export type Cohort = 'before1970' | '1970s1980s' | 'from1990';

export function cohortOf(year: number): Cohort {
  return year < 1970 ? 'before1970' : year < 1990 ? '1970s1980s' : 'from1990';
}

/**
 * Relative popularity of given names by birth cohort (others weigh 1): Микола and Галина among the older,
 * Олександр and Олена in the middle, Максим, Артем, Анастасія and Софія among the young.
 */
const COHORT_WEIGHTS: Readonly<Record<Cohort, Readonly<Record<string, number>>>> = {
  before1970: {
    mykola: 14,
    volodymyr: 13,
    vasyl: 12,
    ivan: 12,
    oleksandr: 11,
    viktor: 10,
    anatolii: 9,
    petro: 8,
    mykhailo: 8,
    yurii: 8,
    hryhorii: 6,
    valerii: 5,
    leonid: 5,
    stepan: 5,
    fedir: 4,
    borys: 3,
    serhii: 6,
    halyna: 12,
    liudmyla: 10,
    valentyna: 10,
    nadiia: 9,
    liubov: 8,
    nina: 8,
    mariia: 8,
    tetiana: 7,
    olha: 7,
    raisa: 4,
    zinaida: 3,
    tamara: 4,
    hanna: 6,
  },
  '1970s1980s': {
    oleksandr: 15,
    serhii: 13,
    andrii: 12,
    volodymyr: 8,
    yurii: 8,
    ihor: 8,
    oleh: 7,
    vitalii: 7,
    dmytro: 7,
    ruslan: 6,
    viktor: 5,
    roman: 6,
    vadym: 5,
    yevhen: 6,
    mykola: 5,
    oleksii: 6,
    taras: 3,
    olena: 14,
    nataliia: 12,
    tetiana: 11,
    iryna: 10,
    oksana: 10,
    svitlana: 9,
    yuliia: 6,
    olha: 7,
    larysa: 4,
    inna: 4,
    alla: 3,
  },
  from1990: {
    oleksandr: 12,
    dmytro: 12,
    maksym: 11,
    artem: 10,
    vladyslav: 10,
    andrii: 8,
    denys: 7,
    bohdan: 7,
    nazar: 6,
    danylo: 6,
    illia: 5,
    mykyta: 5,
    yevhen: 5,
    kyrylo: 5,
    oleksii: 5,
    vitalii: 3,
    yaroslav: 4,
    anastasiia: 12,
    yuliia: 9,
    daria: 8,
    dariia: 8,
    kateryna: 8,
    viktoriia: 8,
    sofiia: 8,
    anna: 6,
    hanna: 4,
    alina: 5,
    diana: 4,
    khrystyna: 5,
    mariia: 6,
    yelyzaveta: 4,
    polina: 4,
  },
};

/** The weight of a given-name class in a cohort. */
export function cohortWeight(cls: GivenNameClass, cohort: Cohort): number {
  return COHORT_WEIGHTS[cohort][cls.id] ?? 1;
}
