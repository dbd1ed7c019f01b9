/**
 * The seventh hold-out noise model (issue #11, `--noise holdout7` in simulate:link, NOISE=holdout7 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real office lists write a name or a
 * birth date that none of the six earlier models (bench/holdout.ts … holdout6.ts) writes. Written from how such
 * lists look (a clerk's sheet with marks for what is not known, a hospital's admission list with a guessed year,
 * scanned lists read by OCR, dates keyed on a numeric keypad, cells pasted twice, a volunteer's notes beside a
 * name), not from the code; a fix must be right for the kind of input, not for this generator. Its tables are its
 * own (no table of the names package).
 *
 * What the earlier models already write and this one does not repeat: «» and stray commas (holdout `punct`), a
 * call sign in quotes or brackets beside the surname (holdout4 `nickname`), a birth year or a unit in the
 * surname's cell (holdout4 `cell_extra`), look-alike LETTERS of the other script (holdout `homoglyph`, holdout5
 * `caps_lookalike`), year-first dates with separators and "1991 р.н." (the background and date_forms read them),
 * a month's name with a year (holdout2 `date_text`), words beside a date (holdout6 `date_annotated`).
 *
 * Each record or query carries one class (HOLDOUT7_CLASSES) on top of the usual background. Deterministic: all
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

/** The classes and their shares. */
export const HOLDOUT7_CLASSES = {
  /**
   * A mark for "not known" where a value is missing, as clerks fill every cell: in the patronymic ("невідомо",
   * "н/д", "—", "-", "?", "не вказано", "нет", "неизвестно", "N/A", "unknown", "x"), or in the birth date's cell
   * (those marks, "0", "нет данных", or the date with its unknown parts zeroed or crossed: "00.00.1991",
   * "00.03.1991", "XX.XX.1991", "__.__.1991", "??.03.1991"). The value the mark stands for is not known: the
   * patronymic is gone, the birth date keeps only what is written.
   */
  placeholder: 0.15,
  /**
   * An approximate birth year, as admission lists and tracing requests write an age guessed or a year told by a
   * relative: "бл. 1991", "близько 1991", "прибл. 1991 р.", "~1991", "1991?", "ок. 1991", "около 1991 г.",
   * "c. 1991", "approx. 1991", "1991 (приблизно)". Clean when the row has no birth date.
   */
  date_approx: 0.1,
  /**
   * Digits read by OCR (or typed) for the letters they look like, one or two in a name: О → 0, З → 3, б → 6,
   * ч → 4 in Cyrillic ("Коваленк0", "3оря", "6ондар"); o → 0, l and I → 1, S → 5, B → 8 in Latin ("K0valenko").
   */
  ocr_digits: 0.15,
  /**
   * A full birth date keyed without separators on a numeric keypad or exported by a database: "12031991"
   * (day, month, year), "19910312" (year, month, day), "120391" (a two-digit year). Clean for a year alone.
   */
  date_compact: 0.15,
  /**
   * A word written twice when cells were pasted over each other: the surname doubled ("Коваленко Коваленко"), the
   * given name doubled in its cell, or the surname carried into the given name's cell before it ("Коваленко
   * Андрій" under the given name).
   */
  duplicated: 0.15,
  /**
   * A name cell enclosed whole, as an export quotes it or a typist brackets it: straight or typographic quotes
   * ('"Коваленко"', "“Коваленко”", "„Коваленко“", "'Коваленко'"), a CSV's doubled quotes ('""Коваленко""'),
   * round or square brackets ("(Коваленко)", "[Коваленко]").
   */
  enclosed: 0.15,
  /**
   * A note about the person beside a name in its cell, as a volunteer's or a relative's list writes it: the kin
   * of the one who asks ("Коваленко (брат)", "(син)", "(чоловік)", "(батько)", "- син"), or the person's state
   * ("(ЗБВ)", "(зник безвісти)", "(в полоні)", "(уточнюється)", "(пропал без вести)", "/поранений/").
   */
  cell_note: 0.15,
} as const;
export type Holdout7Class = keyof typeof HOLDOUT7_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- placeholders ---------------------------------------------------------------------------------------

const NAME_MARKS = [
  'невідомо',
  'Невідомо',
  'н/д',
  'Н/Д',
  '—',
  '-',
  '?',
  'не вказано',
  'нет',
  'неизвестно',
  'N/A',
  'unknown',
  'x',
];
const DATE_MARKS = ['невідомо', 'н/д', '-', '—', '?', '0', 'нет данных', 'не вказано', 'unknown', 'н.д.'];

/** A birth date (ISO, full or partial) with its unknown parts zeroed or crossed, or a mark for none. */
export function placeholderBirth(birth: string, rand: () => number): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birth);
  if (m === null || rand() < 0.4) return pickOne(DATE_MARKS, rand);
  const y = m[1] as string;
  const mo = m[2];
  const r = rand();
  // The year alone known, its day and month marked as not.
  if (mo === undefined || r < 0.5)
    return `${pickOne(['00.00.', 'XX.XX.', '__.__.', '??.??.', 'хх.хх.'], rand)}${y}`;
  // The month known, the day marked.
  return `${pickOne(['00.', 'XX.', '__.', '??.'], rand)}${mo}.${y}`;
}

// ---- approximate years ----------------------------------------------------------------------------------

export function approxYear(birth: string, rand: () => number): string {
  const m = /^(\d{4})/.exec(birth);
  if (m === null) return birth;
  const y = m[1] as string;
  return pickOne(
    [
      `бл. ${y}`,
      `близько ${y}`,
      `прибл. ${y} р.`,
      `~${y}`,
      `~ ${y}`,
      `${y}?`,
      `ок. ${y}`,
      `около ${y} г.`,
      `c. ${y}`,
      `approx. ${y}`,
      `${y} (приблизно)`,
      `${y} (прибл.)`,
    ],
    rand,
  );
}

// ---- OCR digits -----------------------------------------------------------------------------------------

const DIGITS_CYR: Readonly<Record<string, string>> = { о: '0', О: '0', З: '3', з: '3', б: '6', ч: '4' };
const DIGITS_LAT: Readonly<Record<string, string>> = { o: '0', O: '0', l: '1', I: '1', S: '5', B: '8' };

/** One or two letters of `word` written as the digits they look like; null when none has such a digit. */
export function withOcrDigits(word: string, rand: () => number): string | null {
  const table = CYRILLIC.test(word) ? DIGITS_CYR : DIGITS_LAT;
  const chars = [...word];
  const at = chars.flatMap((c, i) => (table[c] === undefined ? [] : [i]));
  if (at.length === 0) return null;
  const n = at.length > 1 && rand() < 0.3 ? 2 : 1;
  for (let k = 0; k < n; k++) {
    const j = Math.floor(rand() * at.length);
    const i = at.splice(j, 1)[0] as number;
    chars[i] = table[chars[i] as string] as string;
  }
  return chars.join('');
}

// ---- compact dates --------------------------------------------------------------------------------------

export function compactDate(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const [y, mo, d] = [m[1] as string, m[2] as string, m[3] as string];
  const r = rand();
  if (r < 0.6) return `${d}${mo}${y}`;
  if (r < 0.85) return `${y}${mo}${d}`;
  return `${d}${mo}${y.slice(2)}`;
}

// ---- enclosed cells, notes -------------------------------------------------------------------------------

const ENCLOSERS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ['"', '"'],
  ['“', '”'],
  ['„', '“'],
  ["'", "'"],
  ['""', '""'],
  ['(', ')'],
  ['[', ']'],
];

const NOTES_UK = [
  '(брат)',
  '(син)',
  '(чоловік)',
  '(батько)',
  '(онук)',
  '- син',
  '(ЗБВ)',
  '(зник безвісти)',
  '(в полоні)',
  '(уточнюється)',
  '/поранений/',
];
const NOTES_RU = ['(брат)', '(сын)', '(муж)', '(отец)', '(пропал без вести)', '(в плену)', '(уточняется)'];
const NOTES_LAT = ['(brother)', '(son)', '(husband)', '(missing)', '(POW)', '(to be confirmed)'];
const NOTES_UK_F = ['(сестра)', '(дочка)', '(дружина)', '(мати)', '(ЗБВ)', '(зникла безвісти)', '(в полоні)'];
const NOTES_RU_F = ['(сестра)', '(дочь)', '(жена)', '(мать)', '(пропала без вести)', '(в плену)'];
const NOTES_LAT_F = ['(sister)', '(daughter)', '(wife)', '(missing)', '(to be confirmed)'];

function noteFor(text: string, female: boolean, rand: () => number): string {
  if (!CYRILLIC.test(text)) return pickOne(female ? NOTES_LAT_F : NOTES_LAT, rand);
  const ru = /[ыэъё]/u.test(text) || rand() < 0.3;
  if (female) return pickOne(ru ? NOTES_RU_F : NOTES_UK_F, rand);
  return pickOne(ru ? NOTES_RU : NOTES_UK, rand);
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout7Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout7Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout7Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout7Class,
  rand: () => number,
): Holdout7Names {
  const clean = (): Holdout7Names => ({ ...base, birth, applied: 'clean' });
  void p;
  switch (cls) {
    case 'placeholder': {
      const r = rand();
      if (r < 0.5 && base.patronymic !== '')
        return { ...base, patronymic: pickOne(NAME_MARKS, rand), birth, applied: cls };
      if (birth === '' && base.patronymic === '') return clean();
      if (birth === '') return { ...base, patronymic: pickOne(NAME_MARKS, rand), birth, applied: cls };
      return { ...base, birth: placeholderBirth(birth, rand), applied: cls };
    }
    case 'date_approx': {
      const b = approxYear(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'ocr_digits': {
      const field = rand() < 0.7 || base.given === '' ? 'family' : 'given';
      const w = withOcrDigits(base[field], rand);
      return w === null ? clean() : { ...base, [field]: w, birth, applied: cls };
    }
    case 'date_compact': {
      const b = compactDate(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'duplicated': {
      const r = rand();
      if (r < 0.45 || base.given === '')
        return { ...base, family: `${base.family} ${base.family}`, birth, applied: cls };
      if (r < 0.7) return { ...base, given: `${base.given} ${base.given}`, birth, applied: cls };
      return { ...base, given: `${base.family} ${base.given}`, birth, applied: cls };
    }
    case 'enclosed': {
      const [open, close] = pickOne(ENCLOSERS, rand);
      const r = rand();
      if (r < 0.6 || base.given === '')
        return { ...base, family: `${open}${base.family}${close}`, birth, applied: cls };
      if (r < 0.8) return { ...base, given: `${open}${base.given}${close}`, birth, applied: cls };
      return {
        ...base,
        family: `${open}${base.family}${close}`,
        given: `${open}${base.given}${close}`,
        birth,
        applied: cls,
      };
    }
    case 'cell_note': {
      const female = row.sex === 'female';
      const note = noteFor(base.family, female, rand);
      if (rand() < 0.75 || base.given === '')
        return { ...base, family: `${base.family} ${note}`, birth, applied: cls };
      return { ...base, given: `${base.given} ${note}`, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Seventh hold-out search queries (NOISE=holdout7 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes that a search box meets (a name copied from a list: ocr_digits, duplicated, enclosed,
 * cell_note; not the date ones, a search's birth is its own ISO field; not placeholder, no one types "невідомо"
 * to search), the patronymic dropped in 40%, birth as in NOISE_RATES. Labels: `holdout7:<class>`,
 * `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout7Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout7', prefix: 'h7', seed: (s: number) => s * 59 + 29 };
  const nameClasses: readonly Holdout7Class[] = ['ocr_digits', 'duplicated', 'enclosed', 'cell_note'];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT7_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout7Names(names, row, base, birth.birth, cls, rand);
    return {
      q: eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
