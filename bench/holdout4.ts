/**
 * The fourth hold-out noise model (issue #11, `--noise holdout4` in simulate:link, NOISE=holdout4 in eval:search),
 * meant to be run on the hold-out population too (`--profile mixed`, bench/population/mixed.ts): ways registries,
 * scanned lists, spreadsheets and passports write names and dates that neither the tuned generators nor the first
 * three hold-out models (bench/holdout.ts, holdout2.ts, holdout3.ts) write. Written from the reference notes and
 * from how such files look, not from the code. Do not tune on it class by class: a fix must be right for the kind
 * of input.
 *
 * Each record or query carries one class (HOLDOUT4_CLASSES) on top of the usual background (script, birth-date
 * precision, dropped patronymic, sex left out). Deterministic: all randomness comes from the caller's seeded
 * generator. Generated people only.
 */
import { romanizeUkrainian } from '@homecoming/names';
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import { NATIVE_SPELLING } from './population/mixed.js';
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
export const HOLDOUT4_CLASSES = {
  /**
   * Something beside the surname in its cell: the birth year ("Шевченко 1985 р.н.", "Shevchenko, b. 1985"), a
   * military unit in brackets ("Шевченко (в/ч А1234)"), as a list typed by hand carries it.
   */
  cell_extra: 0.1,
  /** A passport's machine-readable zone in the family column: "SHEVCHENKO<<TARAS<HRYHOROVYCH", fillers or not. */
  mrz: 0.1,
  /** A birth date as a spreadsheet writes a date-time: "1991-03-12 00:00:00", "12.03.1991 0:00". */
  excel_datetime: 0.1,
  /** A surname split by OCR or a line break: "Шев ченко", "Шев-\nченко", "Shev- chenko". */
  split_word: 0.1,
  /** The given name and the patronymic each in the other's column. */
  swapped_gp: 0.1,
  /** Every name in lower case ("шевченко тарас григорович"), as a typed search or a careless list. */
  lower: 0.1,
  /** Letters lost to a plainer keyboard: ї→і, є→е, ґ→г, ё→е in Cyrillic; diacritics and yi/ie in Latin. */
  letters_lost: 0.1,
  /** A nickname or call sign beside the surname: 'Шевченко "Грім"', "Шевченко (позивний Лис)". */
  nickname: 0.1,
  /** The patronymic cut short with a dot: "Hryhor.", "Григор.", "Grig." (not an initial). */
  patronymic_short: 0.1,
  /**
   * The name in its own language's Latin spelling (Nagy Ilona, Wiśniewski Stanisław, Popescu, Sargsyan,
   * Gelashvili), as the person's own papers write it; clean for a name the population gives no such spelling.
   */
  native: 0.1,
} as const;
export type Holdout4Class = keyof typeof HOLDOUT4_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

const CALL_SIGNS_UK = ['Грім', 'Лис', 'Вовк', 'Сокіл', 'Бандера', 'Кіт', 'Малий', 'Дід', 'Тайфун', 'Шаман'];
const CALL_SIGNS_LAT = ['Grim', 'Lys', 'Vovk', 'Sokil', 'Kit', 'Malyi', 'Did', 'Taifun', 'Shaman'];

/** The MRZ form of a Latin name: upper case, A–Z only, spaces and hyphens as '<', other signs dropped. */
export function mrzWord(latin: string): string {
  return latin
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s-]+/gu, '<')
    .replace(/[^A-Z<]/gu, '');
}

/** A surname broken in two at a vowel–consonant join inside it (≥ 2 letters each side); null if too short. */
function splitAt(word: string, rand: () => number): [string, string] | null {
  const chars = [...word];
  const spots: number[] = [];
  const vowel = /[аеєиіїоуюяaeiouy]/iu;
  for (let i = 2; i <= chars.length - 2; i++)
    if (vowel.test(chars[i - 1] as string) && !vowel.test(chars[i] as string)) spots.push(i);
  if (spots.length === 0) return null;
  const i = pickOne(spots, rand);
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
}

/** Letters a plainer keyboard or system loses: ї→і, є→е, ґ→г, ё→е; Latin diacritics, ł, and KMU yi/ie. */
export function lettersLost(word: string): string {
  if (CYRILLIC.test(word))
    return word
      .replace(/ї/gu, 'і')
      .replace(/Ї/gu, 'І')
      .replace(/є/gu, 'е')
      .replace(/Є/gu, 'Е')
      .replace(/ґ/gu, 'г')
      .replace(/Ґ/gu, 'Г')
      .replace(/ё/gu, 'е')
      .replace(/Ё/gu, 'Е');
  return word
    .replace(/ł/gu, 'l')
    .replace(/Ł/gu, 'L')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/(?<=\p{L})yi/gu, 'i')
    .replace(/(?<=\p{L})ie/gu, 'e');
}

/** A word cut to its first 3–6 letters and a dot ("Hryhor.", "Григор."); the word itself if too short. */
function shortened(word: string, rand: () => number): string {
  const chars = [...word];
  if (chars.length < 6) return word;
  const n = 3 + Math.floor(rand() * Math.min(4, chars.length - 4));
  return `${chars.slice(0, n).join('')}.`;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout4Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout4Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/** The year of an ISO birth date (full or partial), or '' when none. */
const yearOf = (birth: string): string => /^\d{4}/.exec(birth)?.[0] ?? '';

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout4Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout4Class,
  rand: () => number,
): Holdout4Names {
  const clean = (): Holdout4Names => ({ ...base, birth, applied: 'clean' });
  const cyr = CYRILLIC.test(base.family);
  const each = (f: (s: string) => string): Rendered => ({
    family: f(base.family),
    given: f(base.given),
    patronymic: f(base.patronymic),
  });
  const changed = (out: Rendered): boolean =>
    out.family !== base.family || out.given !== base.given || out.patronymic !== base.patronymic;
  switch (cls) {
    case 'cell_extra': {
      const year = yearOf(row.birth_date);
      const r = rand();
      let extra: string;
      if (r < 0.3 && row.unit !== '') extra = cyr ? `(${row.unit})` : `(mil. unit ${row.unit.slice(-5)})`;
      else if (year !== '')
        extra = cyr ? pickOne([`${year} р.н.`, `, ${year} р.`, `${year}р.н.`], rand) : `, b. ${year}`;
      else return clean();
      const family = extra.startsWith(',') ? `${base.family}${extra}` : `${base.family} ${extra}`;
      return { ...base, family, birth, applied: cls };
    }
    case 'mrz': {
      const latin = cyr ? each(romanizeUkrainian) : base;
      const given = [latin.given, latin.patronymic].filter((x) => x !== '').map(mrzWord);
      let text = `${mrzWord(latin.family)}<<${given.join('<')}`;
      if (rand() < 0.4) text = text.padEnd(39, '<');
      return { family: text, given: '', patronymic: '', birth, applied: cls };
    }
    case 'excel_datetime': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
      if (m === null) return clean();
      const b = rand() < 0.5 ? `${birth} 00:00:00` : `${m[3]}.${m[2]}.${m[1]} 0:00`;
      return { ...base, birth: b, applied: cls };
    }
    case 'split_word': {
      const parts = splitAt(base.family, rand);
      if (parts === null) return clean();
      const sep = pickOne([' ', '-\n', '- ', '\n'], rand);
      return { ...base, family: parts.join(sep), birth, applied: cls };
    }
    case 'swapped_gp': {
      if (base.patronymic === '') return clean();
      return { ...base, given: base.patronymic, patronymic: base.given, birth, applied: cls };
    }
    case 'lower': {
      return { ...each((s) => s.toLowerCase()), birth, applied: cls };
    }
    case 'letters_lost': {
      const out = each(lettersLost);
      return changed(out) ? { ...out, birth, applied: cls } : clean();
    }
    case 'nickname': {
      const sign = pickOne(cyr ? CALL_SIGNS_UK : CALL_SIGNS_LAT, rand);
      const forms = cyr
        ? [`"${sign}"`, `«${sign}»`, `(позивний ${sign})`, `(поз. "${sign}")`]
        : [`"${sign}"`, `(call sign ${sign})`];
      return { ...base, family: `${base.family} ${pickOne(forms, rand)}`, birth, applied: cls };
    }
    case 'patronymic_short': {
      if (base.patronymic === '') return clean();
      const latin = !cyr || rand() < 0.6;
      const src = latin && cyr ? each(romanizeUkrainian) : base;
      const out = { ...src, patronymic: shortened(src.patronymic, rand) };
      return out.patronymic === src.patronymic ? clean() : { ...out, birth, applied: cls };
    }
    case 'native': {
      const family = NATIVE_SPELLING.get(p.familyUk);
      const given = NATIVE_SPELLING.get(p.givenUk);
      if (family === undefined && given === undefined) return clean();
      return {
        family: family ?? romanizeUkrainian(p.familyUk),
        given: given ?? romanizeUkrainian(p.givenUk),
        patronymic: base.patronymic === '' || rand() < 0.5 ? '' : romanizeUkrainian(p.patronymicUk),
        birth,
        applied: cls,
      };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

function holdout4Query(n: Holdout4Names, rand: () => number): string {
  if (n.applied === 'mrz' || n.applied === 'cell_extra' || n.applied === 'nickname')
    return queryWords(n.family, n.given, n.patronymic);
  // A Hungarian name is written surname first in its own language; others either way.
  return eitherOrder(n, rand);
}

/**
 * Fourth hold-out search queries (NOISE=holdout4 in eval:search): a target drawn uniformly, its names written by
 * one class (not excel_datetime: a search's birth is its own ISO field), the patronymic dropped in 40%, birth as
 * in NOISE_RATES. Labels: `holdout4:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout4Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout4', prefix: 'h4', seed: (s: number) => s * 43 + 17 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT4_CLASSES, rand());
    if (cls === 'excel_datetime') cls = rand() < 0.5 ? 'native' : 'lower';
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout4Names(names, row, base, birth.birth, cls, rand);
    const keepsPatronymic = written.applied === 'swapped_gp' || written.applied === 'mrz';
    if (!keepsPatronymic && written.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic)
      written.patronymic = '';
    return {
      q: holdout4Query(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '' || (written.applied === 'mrz' && base.patronymic !== ''),
    };
  });
}
