/**
 * Labelled sets for record-linkage evaluation (generated people only). A registry of persons, each
 * described by one record and, for some, by further records from other sources written the way those
 * sources write (Ukrainian or Russian Cyrillic, KMU/ICAO/BGN Latin, German or Polish spellings, typos,
 * a dropped patronymic, a birth date given as a year, off by one, day and month swapped or absent, a
 * service number or unit kept or not). Every record keeps its true person (`truth`). An incoming list
 * mixes such variants of registry persons with people the registry does not hold.
 *
 * Deterministic: a seed gives the same sets. The noise profiles are PROFILES (and bench/linkage/README.md).
 */
import { GIVEN_NAME_CLASS_BY_ID, romanizeRussian } from '@homecoming/names';
import type { LinkRecord } from '@homecoming/linkage';
import { probeOf } from '../../packages/server/src/modules/linkage/candidates.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import { Kinship, type Kin } from '../../packages/server/src/seed/families.js';
import {
  generatePopulation,
  mulberry32,
  type PopulationProfile,
} from '../../packages/server/src/seed/population.js';
import { dayFirst, HOLDOUT_CLASSES, holdoutNames, type HoldoutClass } from '../holdout.js';
import {
  dateAsText,
  HOLDOUT2_CLASSES,
  holdout2Names,
  importAccepts,
  type Holdout2Class,
} from '../holdout2.js';
import { HOLDOUT3_CLASSES, holdout3Names, type Holdout3Class } from '../holdout3.js';
import { HOLDOUT4_CLASSES, holdout4Names, type Holdout4Class } from '../holdout4.js';
import { HOLDOUT5_CLASSES, holdout5Names, type Holdout5Class } from '../holdout5.js';
import { HOLDOUT6_CLASSES, holdout6Names, type Holdout6Class } from '../holdout6.js';
import { HOLDOUT7_CLASSES, holdout7Names, type Holdout7Class } from '../holdout7.js';
import { HOLDOUT8_CLASSES, HOLDOUT8_LIST_DATE, holdout8Names, type Holdout8Class } from '../holdout8.js';
import { HOLDOUT9_CLASSES, holdout9Names, type Holdout9Class } from '../holdout9.js';
import { HOLDOUT10_CLASSES, holdout10Names, type Holdout10Class } from '../holdout10.js';
import { HOLDOUT11_CLASSES, holdout11Names, type Holdout11Class } from '../holdout11.js';
import { HOLDOUT12_CLASSES, holdout12Names, type Holdout12Class } from '../holdout12.js';
import { HOLDOUT13_CLASSES, holdout13Names, type Holdout13Class } from '../holdout13.js';
import { HOLDOUT14_CLASSES, holdout14Names, type Holdout14Class } from '../holdout14.js';
import { HOLDOUT15_CLASSES, holdout15Names, type Holdout15Class } from '../holdout15.js';
import { HOLDOUT16_CLASSES, holdout16Names, type Holdout16Class } from '../holdout16.js';
import { HOLDOUT17_CLASSES, holdout17Names, type Holdout17Class } from '../holdout17.js';
import { HOLDOUT18_CLASSES, holdout18Names, type Holdout18Class } from '../holdout18.js';
import { generateMixedPopulation } from '../population/mixed.js';
import {
  applyTypo,
  personNames,
  pickShare,
  renderNames,
  type PersonNames,
  type Rendered,
  type TypoKind,
} from '../search/variants.js';

/** The noise class that wrote a record: the tuned generator's or a hold-out model's. */
export type AnyNoiseClass =
  | NoiseClass
  | HoldoutClass
  | Holdout2Class
  | Holdout3Class
  | Holdout4Class
  | Holdout5Class
  | Holdout6Class
  | Holdout7Class
  | Holdout8Class
  | Holdout9Class
  | Holdout10Class
  | Holdout11Class
  | Holdout12Class
  | Holdout13Class
  | Holdout14Class
  | Holdout15Class
  | Holdout16Class
  | Holdout17Class
  | Holdout18Class
  /** A hold-out class's row the import would refuse, written without the class (`holdoutModelVariantOf`). */
  | 'refused';

/** A generated record with its true person, and the noise class that wrote it (extra records only). */
export interface LabelledRow extends CanonicalCsvRow {
  truth: string;
  noise?: AnyNoiseClass;
  /** A list's stranger drawn as the relative of a registry person (`--families`): how, and of whom. */
  relative?: { kin: Kin; of: string };
}

/**
 * The labelled noise classes of an extra record or list row, one per row (besides the background noise of
 * the profile: script, dropped patronymic, birth-date precision, sex left out), so that every figure can
 * be broken down by class.
 */
export const NOISE_CLASSES = {
  clean: 0.3,
  typo: 0.12,
  ocr: 0.08,
  uk_ru_respelling: 0.08,
  double: 0.1,
  diminutive: 0.06,
  missing_field: 0.08,
  capitals: 0.05,
  date: 0.13,
} as const;
export type NoiseClass = keyof typeof NOISE_CLASSES;

type Style = 'uk' | 'ru' | 'kmu' | 'icao' | 'bgn' | 'de' | 'pl';

/** The noise model of the extra records and list rows. */
export interface NoiseRates {
  /** Registry persons with extra records (1–3 of them, uniformly). */
  duplicated: number;
  style: Record<Style, number>;
  typo: number;
  dropPatronymic: number;
  birth: { full: number; year: number; year_off: number; swap: number; absent: number };
  keepServiceNumber: number;
  keepUnit: number;
  dropSex: number;
  /** Share of an incoming list about people not in the registry. */
  listNew: number;
  /** The hold-out classes (bench/holdout.ts) instead of NOISE_CLASSES. */
  holdout?: boolean;
  /** The second hold-out model's classes (bench/holdout2.ts) instead of NOISE_CLASSES. */
  holdout2?: boolean;
  /** The third hold-out model's classes (bench/holdout3.ts) instead of NOISE_CLASSES. */
  holdout3?: boolean;
  /** The fourth hold-out model's classes (bench/holdout4.ts) instead of NOISE_CLASSES. */
  holdout4?: boolean;
  /** The fifth hold-out model's classes (bench/holdout5.ts) instead of NOISE_CLASSES. */
  holdout5?: boolean;
  /** The sixth hold-out model's classes (bench/holdout6.ts) instead of NOISE_CLASSES. */
  holdout6?: boolean;
  /** The seventh hold-out model's classes (bench/holdout7.ts) instead of NOISE_CLASSES. */
  holdout7?: boolean;
  /** The eighth hold-out model's classes (bench/holdout8.ts) instead of NOISE_CLASSES. */
  holdout8?: boolean;
  /** The ninth hold-out model's classes (bench/holdout9.ts) instead of NOISE_CLASSES. */
  holdout9?: boolean;
  /** The tenth hold-out model's classes (bench/holdout10.ts) instead of NOISE_CLASSES. */
  holdout10?: boolean;
  /** The eleventh hold-out model's classes (bench/holdout11.ts) instead of NOISE_CLASSES. */
  holdout11?: boolean;
  /** The twelfth hold-out model's classes (bench/holdout12.ts) instead of NOISE_CLASSES. */
  holdout12?: boolean;
  /** The thirteenth hold-out model's classes (bench/holdout13.ts) instead of NOISE_CLASSES. */
  holdout13?: boolean;
  /** The fourteenth hold-out model's classes (bench/holdout14.ts) instead of NOISE_CLASSES. */
  holdout14?: boolean;
  /** The fifteenth hold-out model's classes (bench/holdout15.ts) instead of NOISE_CLASSES. */
  holdout15?: boolean;
  /** The sixteenth hold-out model's classes (bench/holdout16.ts) instead of NOISE_CLASSES. */
  holdout16?: boolean;
  /** The seventeenth hold-out model's classes (bench/holdout17.ts) instead of NOISE_CLASSES. */
  holdout17?: boolean;
  /** The eighteenth hold-out model's classes (bench/holdout18.ts) instead of NOISE_CLASSES. */
  holdout18?: boolean;
}

/** Lists as official sources send them: the typical profile, and the hold-out models' background. */
const TYPICAL: NoiseRates = {
  duplicated: 0.5,
  style: { uk: 0.3, ru: 0.25, kmu: 0.2, icao: 0.1, bgn: 0.05, de: 0.05, pl: 0.05 },
  typo: 0.1,
  dropPatronymic: 0.15,
  birth: { full: 0.85, year: 0.05, year_off: 0.04, swap: 0.03, absent: 0.03 },
  keepServiceNumber: 0.5,
  keepUnit: 0.5,
  dropSex: 0.2,
  listNew: 0.3,
};

/**
 * Two profiles. `typical`: lists as official sources send them (ICRC notifications, exchange lists):
 * a birth date nearly always, a patronymic usually. `harsh`: hotline and media reports too: patronymic
 * dropped in 40%, birth date only a year, off by one, swapped or absent in 40%.
 */
export const PROFILES: Record<
  | 'typical'
  | 'harsh'
  | 'holdout'
  | 'holdout2'
  | 'holdout3'
  | 'holdout4'
  | 'holdout5'
  | 'holdout6'
  | 'holdout7'
  | 'holdout8'
  | 'holdout9'
  | 'holdout10'
  | 'holdout11'
  | 'holdout12'
  | 'holdout13'
  | 'holdout14'
  | 'holdout15'
  | 'holdout16'
  | 'holdout17'
  | 'holdout18',
  NoiseRates
> = {
  typical: TYPICAL,
  harsh: {
    duplicated: 0.5,
    style: { uk: 0.3, ru: 0.25, kmu: 0.2, icao: 0.1, bgn: 0.05, de: 0.05, pl: 0.05 },
    typo: 0.15,
    dropPatronymic: 0.4,
    birth: { full: 0.6, year: 0.15, year_off: 0.07, swap: 0.05, absent: 0.13 },
    keepServiceNumber: 0.5,
    keepUnit: 0.5,
    dropSex: 0.2,
    listNew: 0.3,
  },
  // The typical background with the hold-out classes (bench/holdout.ts, issue #11): not to be tuned on.
  holdout: { ...TYPICAL, holdout: true },
  // The typical background with the second hold-out model's classes (bench/holdout2.ts): not to be tuned on.
  holdout2: { ...TYPICAL, holdout2: true },
  // The typical background with the third hold-out model's classes (bench/holdout3.ts): not to be tuned on.
  holdout3: { ...TYPICAL, holdout3: true },
  // The typical background with the fourth hold-out model's classes (bench/holdout4.ts): not to be tuned on.
  holdout4: { ...TYPICAL, holdout4: true },
  // The typical background with the fifth hold-out model's classes (bench/holdout5.ts): not to be tuned on.
  holdout5: { ...TYPICAL, holdout5: true },
  // The typical background with the sixth hold-out model's classes (bench/holdout6.ts): not to be tuned on.
  holdout6: { ...TYPICAL, holdout6: true },
  // The typical background with the seventh hold-out model's classes (bench/holdout7.ts): not to be tuned on.
  holdout7: { ...TYPICAL, holdout7: true },
  // The typical background with the eighth hold-out model's classes (bench/holdout8.ts): not to be tuned on.
  holdout8: { ...TYPICAL, holdout8: true },
  // The typical background with the ninth hold-out model's classes (bench/holdout9.ts): not to be tuned on.
  holdout9: { ...TYPICAL, holdout9: true },
  // The typical background with the tenth hold-out model's classes (bench/holdout10.ts): not to be tuned on.
  holdout10: { ...TYPICAL, holdout10: true },
  // The typical background with the eleventh hold-out model's classes (bench/holdout11.ts): not to be tuned on.
  holdout11: { ...TYPICAL, holdout11: true },
  // The typical background with the twelfth hold-out model's classes (bench/holdout12.ts): not to be tuned on.
  holdout12: { ...TYPICAL, holdout12: true },
  // The typical background with the thirteenth hold-out model's classes (bench/holdout13.ts): not to be tuned on.
  holdout13: { ...TYPICAL, holdout13: true },
  // The typical background with the fourteenth hold-out model's classes (bench/holdout14.ts): not to be tuned on.
  holdout14: { ...TYPICAL, holdout14: true },
  // The typical background with the fifteenth hold-out model's classes (bench/holdout15.ts): not to be tuned on.
  holdout15: { ...TYPICAL, holdout15: true },
  // The typical background with the sixteenth hold-out model's classes (bench/holdout16.ts): not to be tuned on.
  holdout16: { ...TYPICAL, holdout16: true },
  // The typical background with the seventeenth hold-out model's classes (bench/holdout17.ts): not to be tuned on.
  holdout17: { ...TYPICAL, holdout17: true },
  // The typical background with the eighteenth hold-out model's classes (bench/holdout18.ts): not to be tuned on.
  holdout18: { ...TYPICAL, holdout18: true },
};

/** The populations a bench draws: the product's generator's two, and the hold-out one (bench/population/mixed.ts). */
export type BenchPopulation = PopulationProfile | 'mixed';

/** The generated persons of population `profile` (the mixed one draws no relatives). */
function populationRows(opts: {
  persons: number;
  seed: number;
  source: string;
  profile: BenchPopulation;
  families?: number;
  kin?: Kinship;
  relativesOf?: Kinship;
}): Generator<CanonicalCsvRow> {
  if (opts.profile === 'mixed') return generateMixedPopulation(opts);
  return generatePopulation({ ...opts, profile: opts.profile });
}
export type Profile = keyof typeof PROFILES;

function pick<K extends string>(shares: Record<K, number>, r: number): K {
  let acc = 0;
  const keys = Object.keys(shares) as K[];
  for (const k of keys) {
    acc += shares[k];
    if (r < acc) return k;
  }
  return keys[keys.length - 1] as K;
}

const TYPOS: TypoKind[] = ['substitution', 'deletion', 'transposition', 'doubling'];

function render(row: CanonicalCsvRow, style: Style): Rendered {
  // The linkage styles never include the English one, the only style that draws on `rand`.
  return renderNames(personNames(row), style, () => 0);
}

function noisyBirth(birth: string, rates: NoiseRates, rand: () => number): string {
  if (birth === '') return '';
  const [y, m, d] = birth.split('-');
  switch (pick(rates.birth, rand())) {
    case 'full':
      return birth;
    case 'year':
      return y as string;
    case 'year_off': {
      const ny = Number(y) + (rand() < 0.5 ? -1 : 1);
      // Keep it a real date: 29 February moves to the 28th.
      const nd = m === '02' && d === '29' ? '28' : d;
      return [String(ny), m, nd].filter((x) => x !== undefined).join('-');
    }
    case 'swap':
      return d !== undefined && Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : birth;
    case 'absent':
      return '';
  }
}

/** OCR confusions of printed Cyrillic: similar glyphs, and Latin look-alikes read in their place. */
const OCR_CYR: readonly (readonly [string, string])[] = [
  ['ш', 'щ'],
  ['щ', 'ш'],
  ['и', 'н'],
  ['н', 'и'],
  ['е', 'с'],
  ['і', 'l'],
  ['о', '0'],
  ['п', 'н'],
  ['а', 'a'],
  ['е', 'e'],
  ['о', 'o'],
  ['р', 'p'],
  ['с', 'c'],
  ['і', 'i'],
  ['х', 'x'],
  ['К', 'K'],
  ['Т', 'T'],
  ['Н', 'H'],
  ['В', 'B'],
  ['М', 'M'],
  ['С', 'C'],
  ['О', 'O'],
  ['Р', 'P'],
];
/** OCR confusions of printed Latin: h read as b, rn as m, cl as d, l as 1 or I, and so on. */
const OCR_LAT: readonly (readonly [string, string])[] = [
  ['h', 'b'],
  ['rn', 'm'],
  ['m', 'rn'],
  ['cl', 'd'],
  ['l', '1'],
  ['i', 'l'],
  ['o', '0'],
  ['e', 'c'],
  ['n', 'ri'],
  ['k', 'lc'],
  ['a', 'а'],
  ['o', 'о'],
  ['e', 'е'],
  ['c', 'с'],
];

function confuse(text: string, table: readonly (readonly [string, string])[], rand: () => number): string {
  const places: [number, string, string][] = [];
  for (const [from, to] of table)
    for (let i = text.indexOf(from); i !== -1; i = text.indexOf(from, i + 1))
      if (from !== to) places.push([i, from, to]);
  if (places.length === 0) return text;
  const [i, from, to] = places[Math.floor(rand() * places.length)] as [number, string, string];
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** uk ↔ ru respellings of a surname: и/і/ы, е/є/э, ё/е, г/х. */
const RESPELL: readonly (readonly [string, string])[] = [
  ['і', 'и'],
  ['и', 'ы'],
  ['и', 'і'],
  ['е', 'є'],
  ['є', 'е'],
  ['е', 'э'],
  ['г', 'х'],
  ['х', 'г'],
  ['е', 'ё'],
  ['ї', 'и'],
];

const CYRILLIC = /[\u0400-\u04ff]/u;
const FIELDS_TYPO = ['family', 'given'] as const;

function typo(names: Rendered, field: 'family' | 'given' | 'patronymic', rand: () => number): void {
  const t = applyTypo(names[field], TYPOS[Math.floor(rand() * TYPOS.length)] as TypoKind, rand);
  if (t !== null && t.q.trim() !== '') names[field] = t.q;
}

function ocr(names: Rendered, field: 'family' | 'given', rand: () => number): void {
  const text = names[field];
  const out = confuse(text, CYRILLIC.test(text) ? OCR_CYR : OCR_LAT, rand);
  if (out.trim() !== '') names[field] = out;
}

/**
 * The diminutives this generator writes, by given-name class: its own table, kept as the names package's
 * was when the generator was written, so that what the package learns (recall7 added some eighty
 * diminutives) is not what the generator draws from, and the generated sets stay the same.
 */
const GENERATOR_DIMINUTIVES: Readonly<Record<string, readonly string[]>> = {
  oleksandr: ['Саша', 'Сашко', 'Олесь'],
  oleksii: ['Льоша', 'Лёша', 'Алёша'],
  volodymyr: ['Вова', 'Володя'],
  dmytro: ['Діма', 'Дима'],
  yevhen: ['Женя'],
  mykola: ['Коля'],
  serhii: ['Сергійко', 'Серёжа', 'Серьожа'],
  nataliia: ['Наташа'],
  tetiana: ['Таня'],
  kateryna: ['Катя'],
  yuliia: ['Юля'],
  olha: ['Оля'],
  yevheniia: ['Женя'],
  oleksandra: ['Саша'],
};

const DATE_NOISE = { full: 0, year: 0.4, year_off: 0.3, swap: 0.3, absent: 0 };

/** One record about `row`'s person written by a hold-out class (bench/holdout.ts). */
function holdoutVariantOf(
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
): CanonicalCsvRow & { noise: HoldoutClass | 'clean' } {
  const style = pick(rates.style, rand());
  const cls = pickShare(HOLDOUT_CLASSES, rand());
  const names = holdoutNames(personNames(row), row.sex, render(row, style), cls, rand);
  let birth = noisyBirth(row.birth_date, rates, rand);
  if (names.applied === 'date_dmy') birth = dayFirst(birth, rand);
  const patronymic = rand() < rates.dropPatronymic ? '' : names.patronymic;
  const sex = rand() < rates.dropSex ? '' : row.sex;
  return {
    external_id: id,
    source,
    category: row.category,
    family_name: names.family,
    given_name: names.given,
    patronymic,
    sex,
    birth_date: birth,
    status: row.status,
    unit: rand() < rates.keepUnit ? row.unit : '',
    service_number: rand() < rates.keepServiceNumber ? row.service_number : '',
    noise: names.applied,
  };
}

/** What a hold-out model writes of one record: its names and birth date, and the birth date written without it. */
interface HoldoutWriting<C extends string> {
  family: string;
  given: string;
  patronymic: string;
  birth: string;
  applied: C | 'clean';
  /** The birth date of the record written without the class, when the import would refuse the class's row. */
  cleanBirth: string;
  /** The sex column as the class writes it (holdout11 `sex_written`); undefined: the background's. */
  sex?: string;
  /** The service number as the class writes it (holdout14 `service_written`); undefined: the background's. */
  serviceNumber?: string;
}

/**
 * One record about `row`'s person written by a class of a later hold-out model (bench/holdout2.ts,
 * bench/holdout3.ts): `write` draws the class and writes the names and birth date in the model's own order; a
 * row the import would refuse is written without the class, so that every row reaches the linkage, and labelled
 * `refused`, not `clean`: `clean` holds only the rows the class did not apply to, so that a change of the import's
 * reading that takes a class's rows (hold13's guarded cells) moves that class and `refused`, never `clean`.
 */
export function holdoutModelVariantOf<C extends string>(
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
  write: (base: Rendered) => HoldoutWriting<C>,
): CanonicalCsvRow & { noise: C | 'clean' | 'refused' } {
  const style = pick(rates.style, rand());
  const base = render(row, style);
  const names = write(base);
  const drop = rand() < rates.dropPatronymic;
  const patronymic = drop ? '' : names.patronymic;
  const drawnSex = rand() < rates.dropSex ? '' : row.sex;
  const sex = names.sex ?? drawnSex;
  // Drawn in the order the record's fields were drawn before holdout14 wrote a service number of its own.
  const unit = rand() < rates.keepUnit ? row.unit : '';
  const keptService = rand() < rates.keepServiceNumber ? row.service_number : '';
  const out = {
    external_id: id,
    source,
    category: row.category,
    family_name: names.family,
    given_name: names.given,
    patronymic,
    sex,
    birth_date: names.birth,
    status: row.status,
    unit,
    service_number: names.serviceNumber ?? keptService,
    noise: names.applied,
  };
  if (importAccepts(out)) return out;
  return {
    ...out,
    service_number: keptService,
    family_name: base.family,
    given_name: base.given,
    patronymic: drop ? '' : base.patronymic,
    birth_date: names.cleanBirth,
    sex: drawnSex,
    noise: 'refused',
  };
}

/** The second hold-out model's record: names first, then the birth date (in words for `date_text`). */
function holdout2VariantOf(
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
): CanonicalCsvRow & { noise: Holdout2Class | 'clean' | 'refused' } {
  return holdoutModelVariantOf(row, id, source, rates, rand, (base) => {
    const names = holdout2Names(personNames(row), row, base, pickShare(HOLDOUT2_CLASSES, rand()), rand);
    let birth = noisyBirth(row.birth_date, rates, rand);
    if (names.applied === 'date_text') birth = dateAsText(birth, rand);
    return { ...names, birth, cleanBirth: noisyBirth(row.birth_date, rates, () => 0) };
  });
}

/**
 * A record of the third to seventh hold-out models (their `classes`, drawn by share, and the `names` each class
 * writes): the birth date first, which the class may write otherwise.
 */
function classedHoldoutVariantOf<C extends string>(
  classes: Record<C, number>,
  names: (
    p: PersonNames,
    row: CanonicalCsvRow,
    base: Rendered,
    birth: string,
    cls: C,
    rand: () => number,
  ) => Omit<HoldoutWriting<C>, 'cleanBirth'>,
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
): CanonicalCsvRow & { noise: C | 'clean' | 'refused' } {
  return holdoutModelVariantOf(row, id, source, rates, rand, (base) => {
    const cls = pickShare(classes, rand());
    const birth = noisyBirth(row.birth_date, rates, rand);
    return { ...names(personNames(row), row, base, birth, cls, rand), cleanBirth: birth };
  });
}

/** One record about `row`'s person as another source would write it, with the noise class applied. */
export function variantOf(
  row: CanonicalCsvRow,
  id: string,
  source: string,
  rates: NoiseRates,
  rand: () => number,
): CanonicalCsvRow & { noise: AnyNoiseClass } {
  if (rates.holdout18 === true)
    return classedHoldoutVariantOf(HOLDOUT18_CLASSES, holdout18Names, row, id, source, rates, rand);
  if (rates.holdout17 === true)
    return classedHoldoutVariantOf(HOLDOUT17_CLASSES, holdout17Names, row, id, source, rates, rand);
  if (rates.holdout16 === true)
    return classedHoldoutVariantOf(HOLDOUT16_CLASSES, holdout16Names, row, id, source, rates, rand);
  if (rates.holdout15 === true)
    return classedHoldoutVariantOf(HOLDOUT15_CLASSES, holdout15Names, row, id, source, rates, rand);
  if (rates.holdout14 === true)
    return classedHoldoutVariantOf(HOLDOUT14_CLASSES, holdout14Names, row, id, source, rates, rand);
  if (rates.holdout13 === true)
    return classedHoldoutVariantOf(HOLDOUT13_CLASSES, holdout13Names, row, id, source, rates, rand);
  if (rates.holdout12 === true)
    return classedHoldoutVariantOf(HOLDOUT12_CLASSES, holdout12Names, row, id, source, rates, rand);
  if (rates.holdout11 === true)
    return classedHoldoutVariantOf(HOLDOUT11_CLASSES, holdout11Names, row, id, source, rates, rand);
  if (rates.holdout10 === true)
    return classedHoldoutVariantOf(HOLDOUT10_CLASSES, holdout10Names, row, id, source, rates, rand);
  if (rates.holdout9 === true)
    return classedHoldoutVariantOf(HOLDOUT9_CLASSES, holdout9Names, row, id, source, rates, rand);
  // A hold-out 8 row carries its list's date (the day its ages were counted at), as a list gives its source_date.
  if (rates.holdout8 === true)
    return Object.assign(
      classedHoldoutVariantOf(HOLDOUT8_CLASSES, holdout8Names, row, id, source, rates, rand),
      { source_date: HOLDOUT8_LIST_DATE },
    );
  if (rates.holdout7 === true)
    return classedHoldoutVariantOf(HOLDOUT7_CLASSES, holdout7Names, row, id, source, rates, rand);
  if (rates.holdout6 === true)
    return classedHoldoutVariantOf(HOLDOUT6_CLASSES, holdout6Names, row, id, source, rates, rand);
  if (rates.holdout5 === true)
    return classedHoldoutVariantOf(HOLDOUT5_CLASSES, holdout5Names, row, id, source, rates, rand);
  if (rates.holdout4 === true)
    return classedHoldoutVariantOf(HOLDOUT4_CLASSES, holdout4Names, row, id, source, rates, rand);
  if (rates.holdout === true) return holdoutVariantOf(row, id, source, rates, rand);
  if (rates.holdout2 === true) return holdout2VariantOf(row, id, source, rates, rand);
  if (rates.holdout3 === true)
    return classedHoldoutVariantOf(HOLDOUT3_CLASSES, holdout3Names, row, id, source, rates, rand);
  let style = pick(rates.style, rand());
  let noise = pick(NOISE_CLASSES, rand());
  if (noise === 'uk_ru_respelling' && style !== 'uk' && style !== 'ru') style = rand() < 0.5 ? 'uk' : 'ru';
  const p = personNames(row);
  const names = render(row, style);
  let birth = noisyBirth(row.birth_date, rates, rand);
  let patronymic = rand() < rates.dropPatronymic ? '' : names.patronymic;
  const sex = rand() < rates.dropSex ? '' : row.sex;
  switch (noise) {
    case 'clean':
      break;
    case 'typo':
      typo(names, rand() < 0.6 ? 'family' : 'given', rand);
      break;
    case 'ocr':
      ocr(names, rand() < 0.7 ? 'family' : 'given', rand);
      break;
    case 'uk_ru_respelling': {
      const out = confuse(names.family.toLowerCase(), RESPELL, rand);
      names.family = out.slice(0, 1).toUpperCase() + out.slice(1);
      break;
    }
    case 'double': {
      // Two errors in different places: the surname garbled and a second field wrong or missing.
      if (rand() < 0.5) typo(names, 'family', rand);
      else ocr(names, 'family', rand);
      const second = Math.floor(rand() * 4);
      if (second === 0) typo(names, 'given', rand);
      else if (second === 1) patronymic = '';
      else if (second === 2) birth = noisyBirth(row.birth_date, { ...rates, birth: DATE_NOISE }, rand);
      else typo(names, FIELDS_TYPO[1], rand);
      break;
    }
    case 'diminutive': {
      const dims = GENERATOR_DIMINUTIVES[p.givenClass?.id ?? ''] ?? [];
      if (dims.length === 0) {
        noise = 'clean';
        break;
      }
      const d = dims[Math.floor(rand() * dims.length)] as string;
      names.given = CYRILLIC.test(names.given) ? d : romanizeRussian(d, 'icao');
      break;
    }
    case 'missing_field': {
      const r = rand();
      if (r < 0.5) birth = '';
      else if (r < 0.8) patronymic = '';
      else if (patronymic !== '' || birth !== '') names.given = '';
      else birth = '';
      break;
    }
    case 'capitals':
      names.family = names.family.toUpperCase();
      names.given = names.given.toUpperCase();
      patronymic = patronymic.toUpperCase();
      break;
    case 'date':
      birth = noisyBirth(row.birth_date, { ...rates, birth: DATE_NOISE }, rand);
      break;
  }
  return {
    external_id: id,
    source,
    category: row.category,
    family_name: names.family,
    given_name: names.given,
    patronymic,
    sex,
    birth_date: birth,
    status: row.status,
    unit: rand() < rates.keepUnit ? row.unit : '',
    service_number: rand() < rates.keepServiceNumber ? row.service_number : '',
    noise,
  };
}

/** A stranger who shares a registry person's family and given names (another birth date and father). */
function namesake(stranger: CanonicalCsvRow, known: CanonicalCsvRow): CanonicalCsvRow {
  const cls = GIVEN_NAME_CLASS_BY_ID.get(personNames(known).givenKey);
  if (known.sex !== stranger.sex || cls === undefined) return stranger;
  return { ...stranger, family_name: known.family_name, given_name: known.given_name };
}

/**
 * A registry of `persons` persons: one base record each, and extra records for a share of them, shuffled.
 * `families`: the share of persons drawn as relatives of earlier ones (PopulationOptions.families), written
 * with their relations to `kin`.
 */
export function registrySet(
  persons: number,
  seed: number,
  rates: NoiseRates = PROFILES.typical,
  profile: BenchPopulation = 'harsh',
  families = 0,
  kin?: Kinship,
): LabelledRow[] {
  const rand = mulberry32(seed * 7919 + 1);
  const out: LabelledRow[] = [];
  for (const row of populationRows({
    persons,
    seed,
    source: 'registry base',
    profile,
    families,
    ...(kin === undefined ? {} : { kin }),
  })) {
    const truth = row.external_id;
    out.push({ ...row, truth });
    if (rand() < rates.duplicated) {
      const extra = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < extra; k++) {
        out.push({
          ...variantOf(row, `${truth}-v${k}`, `source ${1 + Math.floor(rand() * 5)}`, rates, rand),
          truth,
        });
      }
    }
  }
  // Fisher–Yates with the seeded generator: records arrive in no particular order.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as LabelledRow, out[i] as LabelledRow];
  }
  return UNIT_FORMS ? out.map(unitAsWritten) : out;
}

/**
 * `UNIT_FORMS=1`: every record's unit ("в/ч А1234" as generated) rewritten as offices and relatives write one
 * unit (`UNIT_WRITINGS`: 13 office forms, 4 with a subdivision, 4 with the unit's field post number), the
 * form chosen by a hash of the record's id (the seeded draws are not touched: the sets are the same records,
 * only their units written otherwise). Strangers' units too: a stranger of the same
 * unit code written otherwise now agrees on the unit, as a real one would.
 */
const UNIT_FORMS = process.env['UNIT_FORMS'] === '1';
const LATIN_LOOKALIKE: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
};
/**
 * The field post number that serves the unit of letter `l` and digits `d`: another series ("В" and four
 * digits), one per unit, that says nothing of the unit's own number.
 */
function fieldPostOf(l: string, d: string): string {
  let h = 0x811c9dc5;
  for (const c of `${l}${d}`) h = Math.imul(h ^ (c.codePointAt(0) as number), 0x01000193) >>> 0;
  return `В${String(1000 + (h % 9000))}`;
}
/**
 * Ways a list writes the unit of letter `l` and digits `d` (`n`: a subdivision's number, 1–4): the code with
 * a prefix word or none, with a subdivision after it, or the unit's field post number instead.
 */
const UNIT_WRITINGS: readonly ((l: string, d: string, n: number) => string)[] = [
  (l, d) => `в/ч ${l}${d}`,
  (l, d) => `в.ч. ${l}${d}`,
  (l, d) => `ВЧ ${l}${d}`,
  (l, d) => `${l}${d}`,
  (l, d) => `військова частина ${l}${d}`,
  (l, d) => `в/ч ${l}-${d}`,
  (l, d) => `воинская часть ${l}${d}`,
  (l, d) => `войсковая часть ${l}${d}`,
  (l, d) => `${LATIN_LOOKALIKE[l] ?? l}${d}`,
  (l, d) => `military unit ${LATIN_LOOKALIKE[l] ?? l}${d}`,
  (l, d) => `mil. unit ${LATIN_LOOKALIKE[l] ?? l}-${d}`,
  (l, d) => `в/ч № ${l}${d}`,
  (l, d) => `В/Ч ${LATIN_LOOKALIKE[l] ?? l} ${d}`,
  (l, d, n) => `в/ч ${l}${d}, ${n}-й батальйон`,
  (l, d, n) => `${l}${d} ${n} рота`,
  (l, d, n) => `military unit ${LATIN_LOOKALIKE[l] ?? l}${d} (${n}rd battalion)`,
  (l, d, n) => `в/ч ${l}${d}, рота № ${n}`,
  (l, d) => `польова пошта ${fieldPostOf(l, d)}`,
  (l, d) => `п/п ${fieldPostOf(l, d)}`,
  (l, d) => `ПП ${fieldPostOf(l, d)}`,
  (l, d) => `полевая почта ${fieldPostOf(l, d)}`,
];
function unitAsWritten<R extends CanonicalCsvRow>(row: R): R {
  const m = /^в\/ч ([А-ЯІЇЄҐ])(\d+)$/u.exec(row.unit);
  if (m === null) return row;
  let h = 0x811c9dc5;
  for (let i = 0; i < row.external_id.length; i++)
    h = Math.imul(h ^ row.external_id.charCodeAt(i), 0x01000193) >>> 0;
  const write = UNIT_WRITINGS[h % UNIT_WRITINGS.length] as (l: string, d: string, n: number) => string;
  return { ...row, unit: write(m[1] as string, m[2] as string, 1 + ((h >>> 8) % 4)) };
}

/**
 * An incoming list of `rows` rows: variants of registry persons (truth = their external_id), and people
 * the registry does not hold (truth starting with 'new-'). With `families`, the registry is drawn with
 * relatives as registrySet draws it, and as large a share of the strangers are relatives of its persons
 * (labelled `relative`).
 */
export function incomingList(
  registryPersons: number,
  rows: number,
  seed: number,
  rates: NoiseRates = PROFILES.typical,
  profile: BenchPopulation = 'harsh',
  families = 0,
): LabelledRow[] {
  const rand = mulberry32(seed * 104729 + 3);
  const registryKin = new Kinship();
  const known = [
    ...populationRows({
      persons: registryPersons,
      seed,
      source: 'registry base',
      profile,
      families,
      ...(families > 0 ? { kin: registryKin } : {}),
    }),
  ];
  const strangerKin = new Kinship();
  const strangers = populationRows({
    persons: rows,
    seed: seed + 1000,
    source: 'x',
    profile,
    families,
    ...(families > 0 ? { kin: strangerKin, relativesOf: registryKin } : {}),
  });
  const out: LabelledRow[] = [];
  for (let i = 0; i < rows; i++) {
    if (rand() < rates.listNew) {
      let s = strangers.next().value as CanonicalCsvRow;
      // The generator numbers service numbers by position: a stranger must not carry a registry person's.
      if (s.service_number !== '') s.service_number = `Ї${s.service_number.slice(1)}`;
      // A third of strangers share a registry person's family and given names: the hard case.
      const shares = rand() < 1 / 3;
      const relative = strangerKin.relatives.get(s.external_id);
      if (shares) s = namesake(s, known[Math.floor(rand() * known.length)] as CanonicalCsvRow);
      out.push({
        ...variantOf(s, `in-${i}`, 'incoming list', rates, rand),
        truth: shares ? `new-namesake-${i}` : `new-${i}`,
        // A namesake's names are another registry person's: no longer the relative's.
        ...(relative !== undefined && !shares ? { relative: { kin: relative.kin, of: relative.of } } : {}),
      });
    } else {
      const row = known[Math.floor(rand() * known.length)] as CanonicalCsvRow;
      out.push({ ...variantOf(row, `in-${i}`, 'incoming list', rates, rand), truth: row.external_id });
    }
  }
  return UNIT_FORMS ? out.map(unitAsWritten) : out;
}

/** Generated rows as the import compares them (ids `<prefix><index>`); a row the import would refuse throws. */
export function linkRecordsOf(rows: readonly CanonicalCsvRow[], prefix = ''): LinkRecord[] {
  return rows.map((r, i) => {
    const c = validateRecordFields(r);
    if (!c.ok) throw new Error(`invalid generated row ${r.external_id}`);
    return probeOf(`${prefix}${i}`, c.value);
  });
}

/**
 * The incoming list the throughput benches link (throughput.ts, leaveOut.ts, packedLookups.ts): `list` rows,
 * 70% variants (`in-<i>`) of persons drawn evenly from the registry `generatePopulation` makes for
 * `persons`/`seed`/`profile`/`source`, then strangers (`new-<k>`) with service numbers no registry person
 * holds. The same arguments give the same rows. `truth[i]` is the registry record (external id) of row `in-<i>`.
 */
export function throughputList(opts: {
  persons: number;
  list: number;
  seed: number;
  profile: PopulationProfile;
  source: string;
}): { rows: CanonicalCsvRow[]; truth: string[] } {
  const rand = mulberry32(opts.seed + 1);
  const rows: CanonicalCsvRow[] = [];
  const truth: string[] = [];
  const knownWanted = Math.round(opts.list * 0.7);
  let n = 0;
  for (const row of generatePopulation({
    persons: opts.persons,
    seed: opts.seed,
    source: opts.source,
    profile: opts.profile,
  })) {
    n++;
    if (rows.length < knownWanted && rand() < (knownWanted - rows.length) / (opts.persons - n + 1)) {
      truth.push(row.external_id);
      rows.push(variantOf(row, `in-${rows.length}`, 'incoming list', PROFILES.typical, rand));
    }
  }
  let k = 0;
  for (const row of generatePopulation({
    persons: opts.list - rows.length,
    seed: opts.seed + 1000,
    source: 'x',
    profile: opts.profile,
  })) {
    if (row.service_number !== '') row.service_number = `Ї${row.service_number.slice(1)}`;
    rows.push(variantOf(row, `new-${k++}`, 'incoming list', PROFILES.typical, rand));
  }
  return { rows, truth };
}

/**
 * The options of every bench that draws a labelled registry (`parseArgs`): `--persons` (the bench's own
 * default), `--seed`, `--noise` (a PROFILES name) and `--profile` (the population: realistic or harsh).
 */
export function populationOptions(persons: string) {
  return {
    persons: { type: 'string', default: persons },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'realistic' },
  } as const;
}

/** The labelled registry those options name; a noise model or population it does not know is refused by name. */
export function populationOf(values: {
  persons: string;
  seed: string;
  noise: string;
  profile: string;
}): LabelledRow[] {
  if (!Object.hasOwn(PROFILES, values.noise))
    throw new Error(`--noise ${values.noise}: one of ${Object.keys(PROFILES).join(', ')}`);
  if (values.profile !== 'realistic' && values.profile !== 'harsh' && values.profile !== 'mixed')
    throw new Error(`--profile ${values.profile}: realistic, harsh or mixed`);
  return registrySet(
    Number(values.persons),
    Number(values.seed),
    PROFILES[values.noise as Profile],
    values.profile,
  );
}

/**
 * A labelled registry's records as the import keys them, in file order, leaving out the rows the import
 * would refuse; beside each, its man, the noise class that wrote it ('base' for a person's first record)
 * and its fields joined by `sep` (for printing a missed pair).
 */
export function probesOf(
  rows: readonly LabelledRow[],
  sep: string,
): { recs: LinkRecord[]; truth: string[]; noise: string[]; raw: string[] } {
  const out = { recs: [] as LinkRecord[], truth: [] as string[], noise: [] as string[], raw: [] as string[] };
  for (const r of rows) {
    const checked = validateRecordFields(r);
    if (!checked.ok) continue;
    out.recs.push(probeOf(r.external_id, checked.value));
    out.truth.push(r.truth);
    out.noise.push(r.noise ?? 'base');
    out.raw.push(
      [r.family_name, r.given_name, r.patronymic, r.sex, r.birth_date, r.unit, r.service_number].join(sep),
    );
  }
  return out;
}

/**
 * A labelled registry drawn with relatives (`--families`, the share of persons drawn as relatives of earlier ones)
 * as `probesOf` reads it, with its kinship and each man's records (indexes into `recs`): the record-pair tallies
 * of givenPairs.ts and twinPairs.ts.
 */
export function kinProbes(
  values: { persons: string; seed: string; noise: string; families: string },
  population: BenchPopulation,
): ReturnType<typeof probesOf> & { kin: Kinship; byTruth: Map<string, number[]> } {
  const kin = new Kinship();
  const rows = registrySet(
    Number(values.persons),
    Number(values.seed),
    PROFILES[values.noise as Profile],
    population,
    Number(values.families),
    kin,
  );
  const probes = probesOf(rows, ' ');
  const byTruth = new Map<string, number[]>();
  probes.truth.forEach((t, i) => byTruth.set(t, [...(byTruth.get(t) ?? []), i]));
  return { ...probes, kin, byTruth };
}

/** Counts `k` `n` times more in `m`. */
export function tally(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** A tally as one line, the commonest first ("sibling 10, cousin 4"), or "none". */
export function tallyLine(m: ReadonlyMap<string, number>): string {
  return (
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  );
}

/**
 * A file's records as the lookups meet them in import order: whether an earlier record holds a probe's
 * family key (the key is in use), and how many records of a family key precede a record (the key's count
 * as the registry holds it when that record is looked up).
 */
export function fileOrder(recs: readonly LinkRecord[]): {
  inUse: (probe: number) => boolean;
  countBefore: (family: string | null, before: number) => number;
} {
  const ofFamily = new Map<string, number[]>();
  recs.forEach((r, i) => {
    if (r.family === null) return;
    const l = ofFamily.get(r.family);
    if (l === undefined) ofFamily.set(r.family, [i]);
    else l.push(i);
  });
  const countBefore = (family: string | null, before: number): number => {
    if (family === null) return 0;
    const l = ofFamily.get(family) ?? [];
    let lo = 0;
    let hi = l.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((l[m] as number) < before) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  const inUse = (probe: number): boolean => countBefore(recs[probe]?.family ?? null, probe) > 0;
  return { inUse, countBefore };
}
