/**
 * The sixth hold-out noise model (issue #11, `--noise holdout6` in simulate:link, NOISE=holdout6 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real Ukrainian and Russian office lists
 * write a name or a birth date that none of the five earlier models (bench/holdout.ts … holdout5.ts) writes.
 * Written from how such lists look (lists typed in Word and pasted into a sheet, forms copied cell by cell,
 * published lists with footnotes), not from the code; a fix must be right for the kind of input, not for this
 * generator. Its tables are its own (no romanize table of the names package).
 *
 * What the earlier models already write and this one does not repeat: initials in the given column (holdout
 * `initials`), a woman's hyphenated or bracketed surname (holdout `maiden`, holdout5 `maiden_marked`), stray commas,
 * «» and edge spaces (holdout `punct`), the whole name in the family column without initials (holdout2
 * `one_field`), a rank before the surname (holdout2 `rank`), a birth year or a unit in the surname's cell
 * (holdout4 `cell_extra`), a nickname (holdout4), a spreadsheet date-time (holdout4), Roman and foreign months
 * (holdout5 `date_forms`), month names and two-digit years (holdout2 `date_text`), "17. 05. 1990" (the
 * background's dates parse it).
 *
 * Each record or query carries one class (HOLDOUT6_CLASSES) on top of the usual background. Deterministic: all
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
  queryWords,
  pickOne,
} from './search/variants.js';

/** The classes and their shares. */
export const HOLDOUT6_CLASSES = {
  /**
   * The whole name in the family column with the given name and patronymic as initials, the other columns empty,
   * as a typed list or a signature block writes it: "А.П.Коваленко" (no spaces, surname last), "А. П. Коваленко",
   * "Коваленко А.П.", "КОВАЛЕНКО А.П.", Latin "Kovalenko A.P.", "A.P. Kovalenko".
   */
  initials_cell: 0.15,
  /**
   * A woman's two surnames side by side without brackets or a plain hyphen: joined by a space ("Бондар
   * Коваленко"), a dash a word processor made of a hyphen (en dash, em dash, with or without spaces), or a spaced
   * hyphen ("Бондар - Коваленко"); either surname first. Clean for a man.
   */
  double_surname: 0.15,
  /**
   * Words beside a birth date in its cell, as forms and hand-made lists write them: a "born" mark before it
   * ("нар. 12.03.1991", "д.н. 12.03.1991", "род. 12.03.1991", "DOB: 12.03.1991", "b. 12.03.1991"), the age
   * after it in brackets ("12.03.1991 (35 р.)", "(35 лет)"), a birth place after it ("12.03.1991, м. Харків",
   * "12.03.1991 Харківська обл.", "1991, с. Іванівка"). Clean when the row has no birth date.
   */
  date_annotated: 0.15,
  /**
   * A full or month-year birth date with separators a typist or a numeric keypad leaves: commas ("12,03,1991"),
   * spaces ("12 03 1991"), a space for the last dot ("12.03 1991"), a doubled dot ("12..03.1991"), a full stop
   * at the end ("12.03.1991."). Clean for a year alone or no date.
   */
  date_separators: 0.1,
  /**
   * A footnote's mark on the surname (or the given name), as published and annotated lists carry them: "*",
   * "**", a superscript digit ("Коваленко¹"), "1)", "(1)", a leading asterisk.
   */
  footnote: 0.15,
  /**
   * The list's row number carried into the surname's cell when a numbered list was pasted into a sheet: "12.
   * Коваленко", "12) Коваленко", "№ 12 Коваленко", "12.Коваленко".
   */
  row_number: 0.15,
  /**
   * A form's field labels copied with the values, in one to three name columns: "Прізвище: Коваленко", "Ім'я:
   * Петро", "По батькові: Іванович"; Russian "Фамилия:", "Имя:", "Отчество:"; "Surname:", "Given name:",
   * "Patronymic:"; the colon sometimes left out or a dash instead.
   */
  field_label: 0.15,
} as const;
export type Holdout6Class = keyof typeof HOLDOUT6_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;
/** The first letter of a name (a digraph's first letter only, as initials are written). */
const initialOf = (s: string): string => ([...s.trim()][0] ?? '').toUpperCase();

// ---- initials in the family cell ------------------------------------------------------------------------

/** The whole name with initials in one cell, in one of the class's layouts; null when there is no given name. */
export function initialsCell(names: Rendered, rand: () => number): string | null {
  if (names.family.trim() === '' || names.given.trim() === '') return null;
  const gi = initialOf(names.given);
  const pi = names.patronymic.trim() === '' ? '' : initialOf(names.patronymic);
  const joined = pi === '' ? `${gi}.` : `${gi}.${pi}.`;
  const spaced = pi === '' ? `${gi}.` : `${gi}. ${pi}.`;
  const r = rand();
  if (r < 0.3) return `${joined}${names.family}`;
  if (r < 0.45) return `${spaced} ${names.family}`;
  if (r < 0.75) return `${names.family} ${rand() < 0.6 ? joined : spaced}`;
  return `${names.family.toUpperCase()} ${joined}`;
}

// ---- two surnames ----------------------------------------------------------------------------------------

const OTHER_SURNAMES_UK = ['Бондар', 'Ткаченко', 'Кравець', 'Онищенко', 'Гребенюк', 'Литвин', 'Сидоренко'];
/** Simple Latin of the model's own surnames (its own table, not the names package's). */
const OTHER_SURNAMES_LAT: Readonly<Record<string, string>> = {
  Бондар: 'Bondar',
  Ткаченко: 'Tkachenko',
  Кравець: 'Kravets',
  Онищенко: 'Onyshchenko',
  Гребенюк: 'Hrebeniuk',
  Литвин: 'Lytvyn',
  Сидоренко: 'Sydorenko',
};
const JOINERS = [' ', ' ', ' – ', '–', ' — ', '—', ' - '];

// ---- dates ---------------------------------------------------------------------------------------------

const PLACES = ['м. Харків', 'Харківська обл.', 'с. Іванівка', 'м. Запоріжжя', 'Донецька обл.', 'г. Херсон'];

/** "12.03.1991" (or "03.1991", "1991") from an ISO full or partial date; '' for none. */
function dayFirst(birth: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birth);
  if (m === null) return birth;
  if (m[2] === undefined) return m[1] as string;
  if (m[3] === undefined) return `${m[2]}.${m[1]}`;
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/** The age a person born in `birth` has on the day the list was made (the model's own: 1 June 2025). */
function ageOf(birth: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birth);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  return 2025 - y - (mo > 6 || (mo === 6 && d > 1) ? 1 : 0);
}

/** A birth date with words beside it; the date itself as is when there is none. */
export function annotatedDate(birth: string, rand: () => number): string {
  if (birth === '') return birth;
  const shown = dayFirst(birth);
  const r = rand();
  if (r < 0.45) {
    const mark = pickOne(
      ['нар. ', 'нар ', 'д.н. ', 'дата народж.: ', 'род. ', 'DOB: ', 'b. ', 'Народж. '],
      rand,
    );
    return `${mark}${shown}`;
  }
  if (r < 0.7) {
    const age = ageOf(birth);
    if (age === null) return shown;
    const unit = pickOne(
      [
        `${age} р.`,
        `${age} років`,
        `${age} лет`,
        `${age} y.o.`,
        age % 10 >= 2 && age % 10 <= 4 ? `${age} роки` : `${age} р.`,
      ],
      rand,
    );
    return `${shown} (${unit})`;
  }
  const place = pickOne(PLACES, rand);
  return rand() < 0.6 ? `${shown}, ${place}` : `${shown} ${place}`;
}

/** A full or month-year birth date with a typist's separators; the date as is for a year or none. */
export function oddSeparators(birth: string, rand: () => number): string {
  const shown = dayFirst(birth);
  const parts = shown.split('.');
  if (parts.length < 2) return birth;
  const r = rand();
  if (r < 0.3) return parts.join(',');
  if (r < 0.5) return parts.join(' ');
  if (r < 0.65 && parts.length === 3) return `${parts[0]}.${parts[1]} ${parts[2]}`;
  if (r < 0.8 && parts.length === 3) return `${parts[0]}..${parts[1]}.${parts[2]}`;
  return `${shown}.`;
}

// ---- footnotes, row numbers, labels --------------------------------------------------------------------

const SUPERSCRIPTS = ['¹', '²', '³', '⁴', '⁵'];
function footnoted(word: string, rand: () => number): string {
  const r = rand();
  if (r < 0.3) return `${word}*`;
  if (r < 0.45) return `${word}**`;
  if (r < 0.65) return `${word}${pickOne(SUPERSCRIPTS, rand)}`;
  if (r < 0.8) return `${word} ${1 + Math.floor(rand() * 9)})`;
  if (r < 0.9) return `${word}(${1 + Math.floor(rand() * 9)})`;
  return `*${word}`;
}

function numbered(word: string, rand: () => number): string {
  const n = 1 + Math.floor(rand() * 1200);
  return pickOne([`${n}. ${word}`, `${n}) ${word}`, `№ ${n} ${word}`, `${n}.${word}`, `№${n} ${word}`], rand);
}

const LABELS = {
  uk: ['Прізвище', "Ім'я", 'По батькові'],
  ru: ['Фамилия', 'Имя', 'Отчество'],
  en: ['Surname', 'Given name', 'Patronymic'],
} as const;

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout6Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout6Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout6Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout6Class,
  rand: () => number,
): Holdout6Names {
  const clean = (): Holdout6Names => ({ ...base, birth, applied: 'clean' });
  void p;
  const cyr = CYRILLIC.test(base.family);
  switch (cls) {
    case 'initials_cell': {
      const cell = initialsCell(base, rand);
      return cell === null ? clean() : { family: cell, given: '', patronymic: '', birth, applied: cls };
    }
    case 'double_surname': {
      if (row.sex !== 'female') return clean();
      const other = pickOne(OTHER_SURNAMES_UK, rand);
      const alt = cyr ? other : (OTHER_SURNAMES_LAT[other] as string);
      if (alt === base.family) return clean();
      const joiner = pickOne(JOINERS, rand);
      const family = rand() < 0.5 ? `${base.family}${joiner}${alt}` : `${alt}${joiner}${base.family}`;
      return { ...base, family, birth, applied: cls };
    }
    case 'date_annotated': {
      const b = annotatedDate(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'date_separators': {
      const b = oddSeparators(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'footnote': {
      if (rand() < 0.8 || base.given === '')
        return { ...base, family: footnoted(base.family, rand), birth, applied: cls };
      return { ...base, given: footnoted(base.given, rand), birth, applied: cls };
    }
    case 'row_number':
      return { ...base, family: numbered(base.family, rand), birth, applied: cls };
    case 'field_label': {
      const labels = cyr ? (rand() < 0.6 ? LABELS.uk : LABELS.ru) : LABELS.en;
      const sep = pickOne([': ', ': ', ':', ' - ', ' '], rand);
      const all = rand() < 0.6;
      const label = (i: 0 | 1 | 2, v: string): string =>
        v === '' || (!all && i !== 0) ? v : `${labels[i]}${sep}${v}`;
      return {
        family: label(0, base.family),
        given: label(1, base.given),
        patronymic: label(2, base.patronymic),
        birth,
        applied: cls,
      };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Sixth hold-out search queries (NOISE=holdout6 in eval:search): a target drawn uniformly, its names written by
 * one of the name classes (not the date ones: a search's birth is its own ISO field; not field_label: a query box
 * has no form), the patronymic dropped in 40%, birth as in NOISE_RATES. Labels: `holdout6:<class>`,
 * `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout6Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout6', prefix: 'h6', seed: (s: number) => s * 53 + 23 };
  const nameClasses: readonly Holdout6Class[] = ['initials_cell', 'double_surname', 'footnote', 'row_number'];
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT6_CLASSES, rand());
    if (!nameClasses.includes(cls)) cls = pickOne(nameClasses, rand);
    const base = renderNames(names, style, rand);
    if (base.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) base.patronymic = '';
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout6Names(names, row, base, birth.birth, cls, rand);
    return {
      q:
        written.applied === 'clean' || written.applied === 'double_surname' || written.applied === 'footnote'
          ? eitherOrder(written, rand)
          : queryWords(written.family, written.given, written.patronymic),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '' || /\.\S*\./u.test(written.family),
    };
  });
}
