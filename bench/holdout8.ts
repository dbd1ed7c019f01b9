/**
 * The eighth hold-out noise model (issue #11, `--noise holdout8` in simulate:link, NOISE=holdout8 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write a name or a birth date
 * that none of the seven earlier models (bench/holdout.ts … holdout7.ts) writes. Written from how such lists look
 * (a plea for a missing man posted in styled letters and copied from a messenger, a unit's list with the rank or
 * role after the name, a letter's formal dates, a PDF whose text lost its spaces, a Russian-side clerk typing a
 * Ukrainian document on a Russian keyboard, an admission list that has an age and no date), not from the code; a
 * fix must be right for the kind of input, not for this generator. Its tables are its own.
 *
 * What the earlier models already write and this one does not repeat: a rank or title BEFORE the surname (holdout2
 * `rank`), "12 березня 1991 р." / "5 марта 1985" / "05.03.85" / "1991 р.н." / "1991 г.р." (holdout2 `date_text`),
 * invisible characters and thin spaces at an edge (holdout3 `invisible`), letters lost to a plain keyboard (ї→і,
 * є→е, ґ→г: holdout4 `letters_lost`), the Russian forms of the names (the background's `ru` style, holdout
 * `ru_given`), Polish and German spellings (the background's `pl`, `de` styles), "бл. 1991" (holdout7
 * `date_approx`), notes in brackets beside a name (holdout7 `cell_note`), the whole name in one column with spaces
 * (holdout2 `one_field`, holdout6 `initials_cell`).
 *
 * Each record or query carries one class (HOLDOUT8_CLASSES) on top of the usual background. Deterministic: all
 * randomness comes from the caller's seeded generator. Generated people only.
 */
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import {
  NOISE_RATES,
  noisyBirth,
  pickShare,
  renderNames,
  type EvalSet,
  type PersonNames,
  type Rendered,
  eitherOrder,
  holdoutQuerySet,
  pickOne,
} from './search/variants.js';
import { MONTHS_RU_GEN, MONTHS_UK_GEN } from './holdout2.js';

/** The classes and their shares. */
export const HOLDOUT8_CLASSES = {
  /**
   * Letters from Unicode's styled ranges, as a plea posted on a social network or a messenger writes a name and a
   * relative copies it from there: mathematical bold, bold italic or sans-serif bold Latin ("𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨"), full-width
   * Latin ("Ｋｏｖａｌｅｎｋｏ"); a Cyrillic name (which Unicode has no styled letters for) with no-break spaces
   * between its words, as a word processor keeps a name on one line ("Коваленко Андрій Петрович" in one cell,
   * "Андрій Петрович" in the given name's, joined by U+00A0 or U+202F).
   */
  styled_letters: 0.15,
  /**
   * A rank, a role or a status written AFTER a name, in the same cell, as a unit's or a volunteer's list does:
   * "Коваленко, сол.", "Коваленко ст. л-т", "Коваленко - стрілець", "Петрович, рядовой", "Андрій (в/сл)" is
   * cell_note's; here bare or after a comma or a dash; a civilian's "цивільний", "мирний житель", "civilian".
   */
  rank_after: 0.15,
  /**
   * A birth year written short or run into its mark: two digits with a mark ("91 р.н.", "91р.н.", "91 г.р.",
   * "'91", "91 р."), four with the mark joined ("1991р.н.", "1991г.р.", "1991р.", "1991г."), a full date with a
   * joined mark or a two-digit year and a mark ("12.03.1991р.", "12.03.91 р.н.", "12.03.1991г.р."). Clean when the
   * row has no birth date.
   */
  year_short: 0.15,
  /**
   * A birth date in a formal letter's words: "12 березня 1991 року", "12-го березня 1991 р.", "«12» березня
   * 1991 р.", "12-е марта 1991 года", "12 марта 1991 года рождения"; a month and year ("березня 1991 року", "у
   * березні 1991 р.", "марта 1991 г."), a year ("1991 року народження", "1991 р. народження", "1991 года
   * рождения", "1991 г. рождения"). Clean when the row has no birth date.
   */
  date_words: 0.15,
  /**
   * Words run together where a PDF's or a scan's text lost its spaces: the whole name in the surname's cell
   * ("КоваленкоАндрійПетрович", "КОВАЛЕНКОАндрійПетрович", "KovalenkoAndrii"), the given name and the
   * patronymic in the given name's cell ("АндрійПетрович"), the surname and initials ("КоваленкоА.П.").
   */
  joined_words: 0.15,
  /**
   * The Ukrainian spelling typed letter by letter on a Russian keyboard, as a Russian-side clerk copies a
   * Ukrainian document (not the Russian forms of the names): і → и, ї → и or йи, є → е, ґ → г, the apostrophe →
   * ь, ъ or nothing, and often и → ы as it sounds ("Андрий", "Мыкола", "Олексийович", "Гнатьюк", "Дмытрив").
   */
  ru_keyboard: 0.15,
  /**
   * The age where the birth date should be, as hospital admission lists and ICRC forms write it when no date is
   * known: "35 р.", "35 років", "35 лет", "35 л.", "(35)", "35 y.o.", "age 35", "вік 35", "возраст 35"; at a
   * list date of 1 June 2026. Clean when the row has no birth date.
   */
  age: 0.1,
} as const;
export type Holdout8Class = keyof typeof HOLDOUT8_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- styled letters -------------------------------------------------------------------------------------

/** Each styled range's capital A and small a (the Latin letters in them have no holes). */
const STYLED: readonly (readonly [number, number])[] = [
  [0x1d400, 0x1d41a], // mathematical bold
  [0x1d468, 0x1d482], // mathematical bold italic
  [0x1d5d4, 0x1d5ee], // mathematical sans-serif bold
  [0xff21, 0xff41], // full-width
];

/** `text`'s ASCII letters in one styled range. */
export function styledLatin(text: string, range: readonly [number, number]): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) out += String.fromCodePoint(range[0] + c - 65);
    else if (c >= 97 && c <= 122) out += String.fromCodePoint(range[1] + c - 97);
    else out += ch;
  }
  return out;
}

// ---- ranks and roles after a name -----------------------------------------------------------------------

const AFTER_UK = [
  'сол.',
  'солдат',
  'ст. сол.',
  'мол. с-т',
  'с-т',
  'ст. с-т',
  'гол. с-т',
  'л-т',
  'ст. л-т',
  'к-н',
  'матрос',
  'в/сл',
  'військовослужбовець',
  'стрілець',
  'навідник',
  'водій',
  'гранатометник',
  'кулеметник',
];
const AFTER_RU = [
  'рядовой',
  'ряд.',
  'мл. с-т',
  'ефр.',
  'ст. л-т',
  'в/сл',
  'военнослужащий',
  'стрелок',
  'водитель',
];
const AFTER_LAT = ['Pvt', 'Sgt', 'soldier', 'Sr. Lt.', 'marine', 'serviceman'];
const CIVIL_UK = ['цивільний', 'мирний житель', 'цив.'];
const CIVIL_UK_F = ['цивільна', 'мирна жителька', 'цив.'];
const CIVIL_RU = ['гражданский', 'мирный житель'];
const CIVIL_RU_F = ['гражданская', 'мирная жительница'];
const CIVIL_LAT = ['civilian', 'civ.'];

function afterWord(text: string, row: CanonicalCsvRow, rand: () => number): string {
  const female = row.sex === 'female';
  const civil = row.category !== 'military';
  if (!CYRILLIC.test(text)) return pickOne(civil ? CIVIL_LAT : AFTER_LAT, rand);
  const ru = /[ыэъё]/u.test(text) || rand() < 0.3;
  if (civil) return pickOne(ru ? (female ? CIVIL_RU_F : CIVIL_RU) : female ? CIVIL_UK_F : CIVIL_UK, rand);
  return pickOne(ru ? AFTER_RU : AFTER_UK, rand);
}

// ---- short years ----------------------------------------------------------------------------------------

export function shortYear(birth: string, rand: () => number): string {
  const m = /^(\d{4})(?:-(\d{2})-(\d{2}))?/.exec(birth);
  if (m === null) return birth;
  const y = m[1] as string;
  const yy = y.slice(2);
  if (m[3] !== undefined && rand() < 0.4) {
    const dm = `${m[3]}.${m[2] as string}`;
    return pickOne(
      [`${dm}.${y}р.`, `${dm}.${yy} р.н.`, `${dm}.${y}г.р.`, `${dm}.${yy}г.`, `${dm}.${y}г.`],
      rand,
    );
  }
  return pickOne(
    [
      `${yy} р.н.`,
      `${yy}р.н.`,
      `${yy} г.р.`,
      `${yy}г.р.`,
      `'${yy}`,
      `${yy} р.`,
      `${y}р.н.`,
      `${y}г.р.`,
      `${y}р.`,
      `${y}г.`,
    ],
    rand,
  );
}

// ---- dates in words -------------------------------------------------------------------------------------

const MONTHS_UK_IN = [
  'січні',
  'лютому',
  'березні',
  'квітні',
  'травні',
  'червні',
  'липні',
  'серпні',
  'вересні',
  'жовтні',
  'листопаді',
  'грудні',
];
export function dateInWords(birth: string, rand: () => number): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birth);
  if (m === null) return birth;
  const y = m[1] as string;
  if (m[2] === undefined)
    return pickOne(
      [`${y} року народження`, `${y} р. народження`, `${y} года рождения`, `${y} г. рождения`, `${y} року`],
      rand,
    );
  const mi = Number(m[2]) - 1;
  const [uk, ukIn, ru] = [MONTHS_UK_GEN[mi], MONTHS_UK_IN[mi], MONTHS_RU_GEN[mi]] as [string, string, string];
  if (m[3] === undefined) return pickOne([`${uk} ${y} року`, `у ${ukIn} ${y} р.`, `${ru} ${y} г.`], rand);
  const d = Number(m[3]);
  const dd = m[3];
  return pickOne(
    [
      `${d} ${uk} ${y} року`,
      `${d}-го ${uk} ${y} р.`,
      `«${dd}» ${uk} ${y} р.`,
      `${d}-е ${ru} ${y} года`,
      `${d} ${ru} ${y} года рождения`,
      `${d} ${uk} ${y} року народження`,
    ],
    rand,
  );
}

// ---- joined words ---------------------------------------------------------------------------------------

function initialOf(word: string): string {
  return word === '' ? '' : `${[...word][0] as string}.`;
}

// ---- a Ukrainian spelling on a Russian keyboard ---------------------------------------------------------

const RU_KEYS: Readonly<Record<string, string>> = { і: 'и', є: 'е', ґ: 'г' };
const APOSTROPHE = /['’ʼ`]/u;

/** `word` (Ukrainian Cyrillic) as a Russian keyboard types it; `yery`: и written ы. */
export function onRussianKeyboard(word: string, yery: boolean, rand: () => number): string {
  const yi = rand() < 0.5 ? 'йи' : 'и';
  const sign = pickOne(['ь', 'ъ', ''], rand);
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    let to: string;
    if (APOSTROPHE.test(ch)) to = sign;
    else if (lower === 'ї') to = yi;
    else if (lower === 'и') to = yery ? 'ы' : 'и';
    else to = RU_KEYS[lower] ?? lower;
    out += upper ? to.slice(0, 1).toUpperCase() + to.slice(1) : to;
  }
  return out;
}

// ---- ages -----------------------------------------------------------------------------------------------

/**
 * The lists' date, at which `age` writes a person's age: what a list's `source_date` says of every row it holds
 * (bench/linkage/sets.ts gives it to the rows of this model, rc8).
 */
export const HOLDOUT8_LIST_DATE = '2026-06-01';

/** The age at the list's date (1 June 2026) of a person born `birth` (ISO, full or partial). */
function ageAt(birth: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birth);
  if (m === null) return null;
  const later = m[2] !== undefined && `${m[2]}-${m[3] ?? '01'}` > '06-01';
  return 2026 - Number(m[1]) - (later ? 1 : 0);
}

function ukYears(n: number): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return 'рік';
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return 'роки';
  return 'років';
}
function ruYears(n: number): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return 'год';
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return 'года';
  return 'лет';
}

export function ageWritten(birth: string, rand: () => number): string {
  const a = ageAt(birth);
  if (a === null || a < 0) return birth;
  return pickOne(
    [
      `${a} р.`,
      `${a} ${ukYears(a)}`,
      `${a} ${ruYears(a)}`,
      `${a} л.`,
      `(${a})`,
      `${a} y.o.`,
      `age ${a}`,
      `вік ${a}`,
      `возраст ${a}`,
    ],
    rand,
  );
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout8Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout8Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout8Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout8Class,
  rand: () => number,
): Holdout8Names {
  const clean = (): Holdout8Names => ({ ...base, birth, applied: 'clean' });
  switch (cls) {
    case 'styled_letters': {
      if (!CYRILLIC.test(base.family)) {
        const range = pickOne(STYLED, rand);
        const all = rand() < 0.5;
        const s = (t: string): string => styledLatin(t, range);
        return all
          ? {
              family: s(base.family),
              given: s(base.given),
              patronymic: s(base.patronymic),
              birth,
              applied: cls,
            }
          : { ...base, family: s(base.family), birth, applied: cls };
      }
      const space = rand() < 0.7 ? '\u00a0' : '\u202f';
      const join = (...ws: string[]): string => ws.filter((w) => w !== '').join(space);
      if (base.given === '') return clean();
      if (rand() < 0.5 || base.patronymic === '')
        return {
          family: join(base.family, base.given, base.patronymic),
          given: '',
          patronymic: '',
          birth,
          applied: cls,
        };
      return { ...base, given: join(base.given, base.patronymic), patronymic: '', birth, applied: cls };
    }
    case 'rank_after': {
      const word = afterWord(base.family, row, rand);
      const sep = pickOne([', ', ' ', ' - ', ' – '], rand);
      const r = rand();
      if (r < 0.6 || (base.given === '' && base.patronymic === ''))
        return { ...base, family: `${base.family}${sep}${word}`, birth, applied: cls };
      if (r < 0.8 && base.patronymic !== '')
        return { ...base, patronymic: `${base.patronymic}${sep}${word}`, birth, applied: cls };
      if (base.given === '') return { ...base, family: `${base.family}${sep}${word}`, birth, applied: cls };
      return { ...base, given: `${base.given}${sep}${word}`, birth, applied: cls };
    }
    case 'year_short': {
      const b = shortYear(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'date_words': {
      const b = dateInWords(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'joined_words': {
      if (base.given === '') return clean();
      const r = rand();
      if (r < 0.35 && base.patronymic !== '')
        return { ...base, given: `${base.given}${base.patronymic}`, patronymic: '', birth, applied: cls };
      if (r < 0.6)
        return {
          family: `${base.family}${initialOf(base.given)}${initialOf(base.patronymic)}`,
          given: '',
          patronymic: '',
          birth,
          applied: cls,
        };
      const family = rand() < 0.3 ? base.family.toUpperCase() : base.family;
      return {
        family: `${family}${base.given}${base.patronymic}`,
        given: '',
        patronymic: '',
        birth,
        applied: cls,
      };
    }
    case 'ru_keyboard': {
      // The Ukrainian spelling, whatever script the background drew.
      const uk = renderNames(p, 'uk', rand);
      const yery = rand() < 0.5;
      const written = {
        family: onRussianKeyboard(uk.family, yery, rand),
        given: onRussianKeyboard(uk.given, yery, rand),
        patronymic: base.patronymic === '' ? '' : onRussianKeyboard(uk.patronymic, false, rand),
      };
      if (written.family === uk.family && written.given === uk.given && written.patronymic === uk.patronymic)
        return clean();
      return { ...written, birth, applied: cls };
    }
    case 'age': {
      const b = ageWritten(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Eighth hold-out search queries (NOISE=holdout8 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes that a search box meets (a name copied from a post or a list: styled_letters,
 * rank_after, joined_words, ru_keyboard; not the date ones, a search's birth is its own ISO field), the patronymic
 * dropped in 40%, birth as in NOISE_RATES. Labels: `holdout8:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout8Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout8', prefix: 'h8', seed: (s: number) => s * 61 + 31 };
  const nameClasses: readonly Holdout8Class[] = [
    'styled_letters',
    'rank_after',
    'joined_words',
    'ru_keyboard',
  ];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT8_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout8Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
