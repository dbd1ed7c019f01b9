/**
 * A deterministic synthetic population in the canonical CSV shape, for `npx homecoming seed` and the import
 * benchmark. Every person is generated: names are drawn independently from tables of common given names
 * and surnames, so no row describes a real person.
 *
 * The same seed always yields the same rows. Dates are drawn against a fixed reference period
 * (2022–2024), not the clock, so output never changes with the day it is run and no date is in the future.
 */
import {
  SEED_GIVEN_NAME_CLASSES,
  type GivenNameClass,
  RUSSIAN_SURNAMES,
  type SurnameEntry,
  UKRAINIAN_SURNAMES,
  patronymicOf,
} from '@homecoming/names';
import {
  CANONICAL_COLUMNS,
  type CanonicalCsvRow,
  type Category,
  type Sex,
  type Status,
} from '../modules/registry/vocabulary.js';
import { csvRecord } from '../csv.js';
import { cohortOf, cohortWeight, drawRealisticSurname, type Cohort } from './realistic.js';
import { Kinship, type KinPerson, type NameDraws } from './families.js';

/** What to generate: how many persons, from which seed, under which source name. */
export interface PopulationOptions {
  persons: number;
  seed?: number;
  source?: string;
  /**
   * `harsh` (the default): surnames from the ~220 common ones, given names by one popularity table, so
   * namesakes are frequent. `realistic`: surnames with a real population's long tail and given names by
   * birth cohort (seed/realistic.ts).
   */
  profile?: PopulationProfile;
  /**
   * Share of persons drawn as the relative of an earlier person (seed/families.ts), 0 to 1; 0, the default,
   * draws everyone independently, exactly the people a seed gave before families existed. A relative
   * differs from the person the seed would otherwise give only in its names and, for a twin, its birth day;
   * the family draws have their own random stream.
   */
  families?: number;
  /** Where the persons and their relations are written (a new Kinship when families are drawn without one). */
  kin?: Kinship;
  /**
   * The persons to draw relatives among instead of this population's own: another population's `kin` (the
   * outsiders of a registry, some of them family of its persons). Read only.
   */
  relativesOf?: Kinship;
}

/** The two shapes of generated population. */
export type PopulationProfile = 'harsh' | 'realistic';

/** Target share of each category. */
export const CATEGORY_SHARES: Readonly<Record<Category, number>> = {
  military: 0.55,
  civilian_detainee: 0.15,
  missing: 0.2,
  deported_child: 0.07,
  deceased: 0.03,
};

/** The statuses a generated row of each category may carry (besides none), with their relative weights. */
export const STATUSES_BY_CATEGORY: Readonly<Record<Category, Readonly<Partial<Record<Status, number>>>>> = {
  military: { missing: 35, captivity_reported: 25, captivity_confirmed: 25, returned: 15 },
  civilian_detainee: { captivity_reported: 40, captivity_confirmed: 35, returned: 25 },
  missing: { missing: 100 },
  deported_child: { deported: 50, located: 30, returned: 20 },
  deceased: { death_reported: 60, death_confirmed: 40 },
};

/** The generation's other target shares (all rows unless said otherwise). */
export const POPULATION_SHARES = {
  /** Rows written in Russian Cyrillic, as the other side's lists write them. */
  russianScript: 0.15,
  /** Persons with a surname from the Russian table (ethnic Russians, mixed families). */
  russianSurname: 0.08,
  patronymic: 0.8,
  birthFull: 0.8,
  birthYearMonth: 0.05,
  birthYear: 0.1,
  /** The rest of birth dates (0.05) are absent. */
  status: 0.9,
  /** Of military rows, each of unit and service number independently. */
  militaryUnit: 0.6,
  militaryServiceNumber: 0.6,
} as const;

/** Share of men per category. */
const MALE_SHARE: Readonly<Record<Category, number>> = {
  military: 0.93,
  civilian_detainee: 0.65,
  missing: 0.75,
  deported_child: 0.5,
  deceased: 0.8,
};

/** The years in which the events behind the records happen; ages are counted against them. */
const FIRST_EVENT_YEAR = 2022;
const LAST_EVENT_YEAR = 2024;

/**
 * Rough popularity of given names among people born 1960–2010 in Ukraine (others weigh 1); without it
 * Хома would be as common as Олександр, and term-frequency adjustments could not be benchmarked.
 */
const GIVEN_NAME_WEIGHTS: Readonly<Record<string, number>> = {
  oleksandr: 12,
  serhii: 9,
  andrii: 9,
  volodymyr: 7,
  dmytro: 8,
  oleksii: 7,
  yurii: 6,
  ivan: 6,
  mykola: 6,
  vitalii: 5,
  viktor: 5,
  maksym: 5,
  yevhen: 5,
  mykhailo: 4,
  vasyl: 4,
  ihor: 4,
  oleh: 4,
  roman: 4,
  ruslan: 4,
  artem: 4,
  denys: 3,
  vadym: 3,
  bohdan: 3,
  valerii: 3,
  anatolii: 3,
  petro: 3,
  pavlo: 3,
  yaroslav: 3,
  vladyslav: 3,
  taras: 2,
  nazar: 2,
  olena: 8,
  nataliia: 7,
  tetiana: 7,
  iryna: 6,
  oksana: 6,
  olha: 6,
  svitlana: 5,
  liudmyla: 5,
  mariia: 5,
  yuliia: 5,
  halyna: 4,
  kateryna: 4,
  hanna: 4,
  viktoriia: 4,
  anastasiia: 4,
  valentyna: 3,
  nadiia: 3,
  liubov: 3,
  dariia: 3,
  sofiia: 3,
};

/** Mulberry32: a tiny, fast 32-bit PRNG; good enough for synthetic data, not for anything secret. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A weighted choice among `items`, by binary search over cumulative weights. */
function picker<T>(items: readonly T[], weight: (item: T) => number): (r: number) => T {
  if (items.length === 0) throw new Error('picker: no items');
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, i) => {
    total += weight(item);
    cumulative[i] = total;
  });
  return (r) => {
    const target = r * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// Cyrillic letters common to Ukrainian and Russian, for service-number prefixes.
const SERVICE_LETTERS = 'АБВГДЕЖКЛМНОПРСТУФХЦЧШЮЯ';
const SERVICE_SPACE = SERVICE_LETTERS.length * SERVICE_LETTERS.length * 1_000_000;
// Coprime with SERVICE_SPACE, so index → number is a bijection: unique without a set of used numbers.
const SERVICE_MULTIPLIER = 123_456_791;
const SERVICE_OFFSET = 98_765_431;

/** (a · b) mod m without losing precision above 2^53 (b < 2^32, a and m < 2^36). */
function mulMod(a: number, b: number, m: number): number {
  const hi = Math.floor(b / 65536);
  const lo = b % 65536;
  return (((((a * hi) % m) * 65536) % m) + ((a * lo) % m)) % m;
}

function serviceNumber(index: number): string {
  const code = (mulMod(index, SERVICE_MULTIPLIER, SERVICE_SPACE) + SERVICE_OFFSET) % SERVICE_SPACE;
  const digits = code % 1_000_000;
  const letters = Math.floor(code / 1_000_000);
  const l = SERVICE_LETTERS.length;
  return (
    (SERVICE_LETTERS[Math.floor(letters / l)] as string) +
    (SERVICE_LETTERS[letters % l] as string) +
    String(digits).padStart(6, '0')
  );
}

/** Age (whole years, at the event year) for a person of a category. */
function ageFor(category: Category, rand: () => number): number {
  // Sum of two uniforms: a central bulge instead of a flat spread.
  const bell = (min: number, max: number): number =>
    min + Math.floor(((rand() + rand()) / 2) * (max - min + 1));
  switch (category) {
    case 'military':
      return bell(18, 60);
    case 'civilian_detainee':
      return bell(16, 80);
    case 'deported_child':
      return 2 + Math.floor(rand() * 16);
    case 'missing':
    case 'deceased':
      // Most are soldiers or adult civilians; a few are children or the very old.
      return rand() < 0.7 ? bell(18, 60) : Math.floor(rand() * 91);
  }
}

/** One deterministic generated person per canonical CSV row; rows are produced lazily, one at a time. */
export function* generatePopulation(opts: PopulationOptions): Generator<CanonicalCsvRow> {
  const rand = mulberry32(opts.seed ?? 1);
  const source = opts.source ?? 'generated';
  const S = POPULATION_SHARES;

  const pickCategory = picker(Object.keys(CATEGORY_SHARES) as Category[], (c) => CATEGORY_SHARES[c]);
  const pickStatus = {} as Record<Category, (r: number) => Status>;
  for (const category of Object.keys(STATUSES_BY_CATEGORY) as Category[]) {
    const weights = STATUSES_BY_CATEGORY[category];
    pickStatus[category] = picker(Object.keys(weights) as Status[], (s) => weights[s] ?? 0);
  }
  const nameWeight = (c: GivenNameClass): number => GIVEN_NAME_WEIGHTS[c.id] ?? 1;
  const males = SEED_GIVEN_NAME_CLASSES.filter((c) => c.sex === 'male');
  const pickGiven: Record<Sex, (r: number) => GivenNameClass> = {
    male: picker(males, nameWeight),
    female: picker(
      SEED_GIVEN_NAME_CLASSES.filter((c) => c.sex === 'female'),
      nameWeight,
    ),
  };
  const bySurnameWeight = (s: SurnameEntry): number => s.weight;
  const pickUkrainianSurname = picker(UKRAINIAN_SURNAMES, bySurnameWeight);
  const pickRussianSurname = picker(RUSSIAN_SURNAMES, bySurnameWeight);
  const realistic = opts.profile === 'realistic';
  const pickByCohort = {} as Record<Sex, Record<Cohort, (r: number) => GivenNameClass>>;
  for (const sex of ['male', 'female'] as const) {
    const classes = SEED_GIVEN_NAME_CLASSES.filter((c) => c.sex === sex);
    pickByCohort[sex] = {
      before1970: picker(classes, (c) => cohortWeight(c, 'before1970')),
      '1970s1980s': picker(classes, (c) => cohortWeight(c, '1970s1980s')),
      from1990: picker(classes, (c) => cohortWeight(c, 'from1990')),
    };
  }

  const families = opts.families ?? 0;
  if (!(families >= 0 && families <= 1))
    throw new RangeError(`families: a share from 0 to 1, not ${families}`);
  const kin = opts.kin ?? (families > 0 ? new Kinship() : undefined);
  const anchors = opts.relativesOf ?? kin;
  // The family draws' own stream: the main one stays as it was, so a person who is nobody's relative is
  // the person the seed gives without families.
  const familyRand = mulberry32(((opts.seed ?? 1) * 2_654_435_761 + 0x6a09) >>> 0);
  const fatherOf = (year: number, r: number): GivenNameClass =>
    realistic ? pickByCohort.male[cohortOf(year - 28)](r) : pickGiven.male(r);
  const draws: NameDraws = {
    given: (sex, year, r) => (realistic ? pickByCohort[sex][cohortOf(year)](r) : pickGiven[sex](r)),
    father: fatherOf,
  };

  for (let i = 1; i <= opts.persons; i++) {
    const category = pickCategory(rand());
    const sex: Sex = rand() < MALE_SHARE[category] ? 'male' : 'female';
    const lang = rand() < S.russianScript ? 'ru' : 'uk';

    const surname = realistic
      ? drawRealisticSurname(rand)
      : rand() < S.russianSurname
        ? pickRussianSurname(rand())
        : pickUkrainianSurname(rand());
    let family = surnameForm(surname, sex, lang);

    // Realistic: the birth year first, as given names follow the cohort (the father's a generation earlier).
    const early = realistic
      ? FIRST_EVENT_YEAR +
        Math.floor(rand() * (LAST_EVENT_YEAR - FIRST_EVENT_YEAR + 1)) -
        ageFor(category, rand)
      : 0;
    // Variants (Наталя, Петр without ё) turn up in real lists, more so in Russian ones.
    const given = realistic ? pickByCohort[sex][cohortOf(early)](rand()) : pickGiven[sex](rand());
    const forms = lang === 'uk' ? given.uk : given.ru;
    const variantShare = lang === 'uk' ? 0.1 : 0.25;
    let givenName = (forms.length > 1 && rand() < variantShare ? forms[1] : forms[0]) as string;

    const father = realistic ? pickByCohort.male[cohortOf(early - 28)] : pickGiven.male;
    const fatherClass = rand() < S.patronymic ? father(rand()) : null;
    let patronymic = fatherClass === null ? '' : patronymicOf(fatherClass, sex, lang);

    const eventYear = realistic
      ? 0
      : FIRST_EVENT_YEAR + Math.floor(rand() * (LAST_EVENT_YEAR - FIRST_EVENT_YEAR + 1));
    const year = realistic ? early : eventYear - ageFor(category, rand);
    const month = 1 + Math.floor(rand() * 12);
    const days = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
    const day = 1 + Math.floor(rand() * days);
    const precision = rand();
    const birthOf = (m: number, d: number): string =>
      precision < S.birthFull
        ? `${year}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`
        : precision < S.birthFull + S.birthYearMonth
          ? `${year}-${TWO_DIGITS[m]}`
          : precision < S.birthFull + S.birthYearMonth + S.birthYear
            ? String(year)
            : '';
    let birthDate = birthOf(month, day);

    const status = rand() < S.status ? pickStatus[category](rand()) : '';

    let unit = '';
    let service = '';
    if (category === 'military') {
      // Ukrainian military units are known by a letter and four digits ("військова частина А1234").
      if (rand() < S.militaryUnit) unit = `в/ч А${String(100 + Math.floor(rand() * 7900)).padStart(4, '0')}`;
      if (rand() < S.militaryServiceNumber) service = serviceNumber(i);
    }

    const id = `gen-${String(i).padStart(9, '0')}`;
    if (kin !== undefined) {
      // The father's name class even where the row writes no patronymic: his children share it.
      const self: KinPerson = {
        id,
        surname,
        sex,
        given,
        father: fatherClass ?? fatherOf(year, familyRand()),
        year,
        month,
        day,
      };
      const drawn =
        families > 0 && familyRand() < families ? (anchors?.draw(self, draws, familyRand) ?? null) : null;
      if (drawn === null) kin.add(self);
      else {
        const p = drawn.person;
        kin.add(p, drawn);
        family = surnameForm(p.surname, sex, lang);
        const own = lang === 'uk' ? p.given.uk : p.given.ru;
        givenName = (own.length > 1 && familyRand() < variantShare ? own[1] : own[0]) as string;
        if (fatherClass !== null) patronymic = patronymicOf(p.father, sex, lang);
        birthDate = birthOf(p.month, p.day);
      }
    }

    yield {
      external_id: id,
      source,
      category,
      family_name: family,
      given_name: givenName,
      patronymic,
      sex,
      birth_date: birthDate,
      status,
      unit,
      service_number: service,
    };
  }
}

/** The form of a surname a person of `sex` writes in `lang` (the feminine where the surname inflects). */
function surnameForm(surname: SurnameEntry, sex: Sex, lang: 'uk' | 'ru'): string {
  return lang === 'uk'
    ? sex === 'female'
      ? (surname.ukFeminine ?? surname.uk)
      : surname.uk
    : sex === 'female'
      ? (surname.ruFeminine ?? surname.ru)
      : surname.ru;
}

/** One RFC 4180 record for `row` in CANONICAL_COLUMNS order, without the line terminator. */
export function csvLine(row: CanonicalCsvRow): string {
  return csvRecord(CANONICAL_COLUMNS.map((column) => row[column]));
}

/** The canonical CSV header line, without the line terminator. */
export const CSV_HEADER: string = CANONICAL_COLUMNS.join(',');
