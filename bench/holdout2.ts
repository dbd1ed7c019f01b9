/**
 * The second hold-out noise model (issue #11, `--noise holdout2` in simulate:link, NOISE=holdout2 in
 * eval:search): ways real offices, foreign bodies and the other side's paperwork write Ukrainian names and
 * dates that neither the tuned generators (`bench/linkage/sets.ts` NOISE_CLASSES, `bench/search/variants.ts`
 * NOISE_RATES) nor the first hold-out model (`bench/holdout.ts`) write. The first hold-out model has been
 * fixed against since it landed; this one says again how the code does on noise nobody tuned for. Do not
 * tune on it class by class: a fix must be right for the kind of input, not for this generator.
 *
 * Each record or query carries one class (HOLDOUT2_CLASSES) on top of the usual background (script, birth-date
 * precision, dropped patronymic, sex left out). Deterministic: all randomness comes from the caller's seeded
 * generator. Generated people only.
 */
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import { validateRecordFields } from '../packages/server/src/modules/records/validate.js';
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
export const HOLDOUT2_CLASSES = {
  /**
   * A file's text decoded with the wrong code page: cp1251 bytes read as cp1252 ("Øåâ÷åíêî"), or UTF-8
   * bytes read as cp1251 ("РЁРµРІ…") or as cp1252 ("Ð¨ÐµÐ²…"), in the name fields of one row.
   */
  mojibake: 0.1,
  /** A fixed-width system's columns: every name field cut at 10, 11 or 12 characters. */
  fixed_width: 0.1,
  /** The whole name in the family column ("Шевченко Тарас Григорович", "SHEVCHENKO, Taras"), the others empty. */
  one_field: 0.1,
  /** The given name and patronymic together in the given column ("Тарас Григорович"), as "Ім'я та по батькові" forms ask. */
  given_patronymic: 0.1,
  /** A rank or title before the surname in the family column ("ст. солдат", "мл. сержант", "гр.", "Sgt."). */
  rank: 0.1,
  /** The birth date with the month as a word or abbreviation, or a two-digit year ("5 марта 1985", "05 бер 1985", "05.03.85"). */
  date_text: 0.1,
  /** A woman's surname in its masculine form (Ковальський for Ковальська, Petrov for Petrova), or a man's in the feminine. */
  gender_form: 0.1,
  /** A consonant dropped from a double or doubled (Ганна/Гана, Іванна/Івана, Мельник/Мельнник). */
  consonant: 0.1,
  /** The Russian forms in GOST 7.79-2000 system B, as Russian registries write Latin (Grigorij, Zaxarchenko, Kravczov). */
  gost: 0.1,
  /** The names in the genitive, as a Russian or Ukrainian official letter writes them ("в отношении Шевченко Тараса Григорьевича"). */
  declined: 0.1,
} as const;
export type Holdout2Class = keyof typeof HOLDOUT2_CLASSES;

// ---- mojibake -------------------------------------------------------------------------------------------

function codePage(label: string): { decode: (b: number) => string; encode: Map<string, number> } {
  const dec = new TextDecoder(label);
  const table: string[] = [];
  const encode = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const ch = dec.decode(Uint8Array.of(b));
    table.push(ch);
    if (!encode.has(ch)) encode.set(ch, b);
  }
  return { decode: (b) => table[b] as string, encode };
}
const CP1251 = codePage('windows-1251');
const CP1252 = codePage('windows-1252');
// eslint-disable-next-line no-control-regex
const DISPLAYABLE = (s: string): boolean => !/[\u0000-\u001f\u007f-\u009f]/u.test(s);

/** `text` encoded in `from` (UTF-8 or cp1251) and its bytes shown in `as`; null when a letter cannot be. */
export function misread(text: string, from: 'utf8' | 'cp1251', as: 'cp1251' | 'cp1252'): string | null {
  let bytes: number[];
  if (from === 'utf8') bytes = [...Buffer.from(text, 'utf8')];
  else {
    bytes = [];
    for (const ch of text) {
      const b = CP1251.encode.get(ch);
      if (b === undefined) return null;
      bytes.push(b);
    }
  }
  const page = as === 'cp1251' ? CP1251 : CP1252;
  const out = bytes.map((b) => page.decode(b)).join('');
  return DISPLAYABLE(out) ? out : null;
}

function mojibake(base: Rendered, rand: () => number): Rendered | null {
  const r = rand();
  const how: ['utf8' | 'cp1251', 'cp1251' | 'cp1252'] =
    r < 0.5 ? ['cp1251', 'cp1252'] : r < 0.8 ? ['utf8', 'cp1251'] : ['utf8', 'cp1252'];
  // Cyrillic text only: a Latin rendering survives any of these code pages unchanged.
  if (!/[\u0400-\u04ff]/u.test(base.family)) return null;
  const f = (s: string): string | null => (s === '' ? '' : misread(s, how[0], how[1]));
  const family = f(base.family);
  const given = f(base.given);
  const patronymic = f(base.patronymic);
  if (family === null || given === null || patronymic === null) return null;
  return { family, given, patronymic };
}

// ---- fixed width, one field, rank ------------------------------------------------------------------------

function cut(s: string, width: number): string {
  return [...s].slice(0, width).join('');
}

const RANKS_UK = [
  'солдат',
  'ст. солдат',
  'мол. сержант',
  'сержант',
  'ст. сержант',
  'лейтенант',
  'ст. лейт.',
  'капітан',
  'майор',
  'с-т',
  'ст. сол.',
  'мол. с-т',
  'матрос',
  'ст. матрос',
];
const RANKS_RU = [
  'рядовой',
  'ефрейтор',
  'мл. сержант',
  'сержант',
  'ст. сержант',
  'мл. лейтенант',
  'лейтенант',
  'капитан',
  'майор',
  'ряд.',
  'мл. с-т',
];
const TITLES_CIVIL = [
  'гр.',
  'громадянин',
  'громадянка',
  'гражданин',
  'гражданка',
  'гр-н',
  'гр-ка',
  'п.',
  'пан',
  'пані',
];
const RANKS_LATIN = ['Pvt.', 'Sgt.', 'Jr. Sgt.', 'Lt.', 'Capt.', 'Maj.', 'Soldier', 'Mr.', 'Ms.', 'Mrs.'];

function rankOf(row: CanonicalCsvRow, latin: boolean, russian: boolean, rand: () => number): string {
  if (latin) return pickOne(RANKS_LATIN, rand);
  if (row.category !== 'military') return pickOne(TITLES_CIVIL, rand);
  return pickOne(russian ? RANKS_RU : RANKS_UK, rand);
}

// ---- date -----------------------------------------------------------------------------------------------

export const MONTHS_RU_GEN = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
export const MONTHS_UK_GEN = [
  'січня',
  'лютого',
  'березня',
  'квітня',
  'травня',
  'червня',
  'липня',
  'серпня',
  'вересня',
  'жовтня',
  'листопада',
  'грудня',
];
const MONTHS_UK_ABBR = [
  'січ',
  'лют',
  'бер',
  'квіт',
  'трав',
  'черв',
  'лип',
  'серп',
  'вер',
  'жовт',
  'лист',
  'груд',
];
const MONTHS_RU_ABBR = ['янв', 'фев', 'мар', 'апр', 'мая', 'июн', 'июл', 'авг', 'сент', 'окт', 'нояб', 'дек'];

/** A birth date (ISO, full or partial) as a letter writes it: month as a word, a two-digit year, or a year mark. */
export function dateAsText(birth: string, rand: () => number): string {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  const ym = /^(\d{4})-(\d{2})$/.exec(birth);
  if (full !== null) {
    const [, y, m, d] = full as unknown as [string, string, string, string];
    const mi = Number(m) - 1;
    const r = rand();
    if (r < 0.25) return `${Number(d)} ${MONTHS_RU_GEN[mi]} ${y}`;
    if (r < 0.45) return `${d} ${MONTHS_UK_GEN[mi]} ${y} р.`;
    if (r < 0.6) return `${d} ${MONTHS_UK_ABBR[mi]} ${y}`;
    if (r < 0.7) return `${d} ${MONTHS_RU_ABBR[mi]}. ${y} г.`;
    return `${d}.${m}.${y.slice(2)}`;
  }
  if (ym !== null) return `${MONTHS_UK_GEN[Number(ym[2]) - 1]} ${ym[1]}`.replace(/я$/u, 'ь');
  if (/^\d{4}$/.test(birth)) return rand() < 0.5 ? `${birth} г.р.` : `${birth} р.н.`;
  return birth;
}

// ---- gender form ----------------------------------------------------------------------------------------

/** Feminine ↔ masculine surname endings, Cyrillic and Latin; the first that fits is swapped. */
const TO_MASCULINE: readonly [RegExp, string][] = [
  [/([сцз])ька$/iu, '$1ький'],
  [/([сцз])кая$/iu, '$1кий'],
  [/ова$/iu, 'ов'],
  [/ева$/iu, 'ев'],
  [/єва$/iu, 'єв'],
  [/іна$/iu, 'ін'],
  [/ина$/iu, 'ин'],
  [/на$/iu, 'ний'],
  [/([st])ska$/iu, '$1skyi'],
  [/ova$/iu, 'ov'],
  [/eva$/iu, 'ev'],
  [/ina$/iu, 'in'],
];
const TO_FEMININE: readonly [RegExp, string][] = [
  [/([сцз])ький$/iu, '$1ька'],
  [/([сцз])кий$/iu, '$1кая'],
  [/ов$/iu, 'ова'],
  [/ев$/iu, 'ева'],
  [/єв$/iu, 'єва'],
  [/ін$/iu, 'іна'],
  [/ин$/iu, 'ина'],
  [/([^ь])ний$/iu, '$1на'],
  [/([st])sk(yi|yy|iy|ij|y|i)$/iu, '$1ska'],
  [/ov$/iu, 'ova'],
  [/ev$/iu, 'eva'],
  [/in$/iu, 'ina'],
];

export function otherGenderForm(family: string, sex: string): string | null {
  const rules = sex === 'female' ? TO_MASCULINE : sex === 'male' ? TO_FEMININE : [];
  for (const [re, to] of rules) if (re.test(family)) return family.replace(re, to);
  return null;
}

// ---- consonant ------------------------------------------------------------------------------------------

const CONSONANT = /[бвгґджзклмнпрстфхцчшщbcdfghklmnprstvz]/iu;

/** A double consonant written single, or a single one between vowels doubled; null when neither is there. */
export function respellConsonant(word: string, rand: () => number): string | null {
  const chars = [...word];
  const doubles: number[] = [];
  const singles: number[] = [];
  const vowel = (c: string | undefined): boolean => c !== undefined && /[аеєиіїоуюяaeiouy]/iu.test(c);
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] as string;
    if (!CONSONANT.test(c)) continue;
    if (chars[i - 1]?.toLowerCase() === c.toLowerCase()) doubles.push(i);
    else if (vowel(chars[i - 1]) && vowel(chars[i + 1])) singles.push(i);
  }
  if (doubles.length > 0 && (singles.length === 0 || rand() < 0.7)) {
    chars.splice(pickOne(doubles, rand), 1);
    return chars.join('');
  }
  if (singles.length === 0) return null;
  const i = pickOne(singles, rand);
  chars.splice(i, 0, (chars[i] as string).toLowerCase());
  return chars.join('');
}

// ---- GOST 7.79-2000 B -----------------------------------------------------------------------------------

const GOST_B: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'j',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ч: 'ch',
  ш: 'sh',
  щ: 'shh',
  ъ: '``',
  ы: "y'",
  ь: '`',
  э: "e'",
  ю: 'yu',
  я: 'ya',
  і: "i'",
  є: 'ye',
  ї: 'yi',
  ґ: "g'",
};

/** GOST 7.79-2000 system B (ASCII): ц is "cz" before е, и, ы, й (and і), "c" elsewhere; ь as a backtick. */
export function gostB(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    let t: string;
    if (ch === 'ц') t = /[еиыйі]/u.test(lower[i + 1] ?? '') ? 'cz' : 'c';
    else t = GOST_B[ch] ?? ch;
    const upper = text[i] !== ch;
    out += upper && t !== '' ? t.slice(0, 1).toUpperCase() + t.slice(1) : t;
  }
  return out;
}

// ---- declension (genitive) ------------------------------------------------------------------------------

const SIBILANT_OR_VELAR = /[кгхжшчщ]$/u;

function genitiveGiven(name: string, sex: string, russian: boolean): string {
  if (/[ій]$/u.test(name) && /й$/u.test(name)) return name.replace(/й$/u, 'я');
  if (/ія$/u.test(name)) return name.replace(/я$/u, russian ? 'и' : 'ї');
  if (/я$/u.test(name)) return name.replace(/я$/u, russian ? 'и' : 'і');
  if (/а$/u.test(name)) {
    const stem = name.slice(0, -1);
    return stem + (russian && !SIBILANT_OR_VELAR.test(stem) ? 'ы' : 'и');
  }
  if (/ь$/u.test(name)) return sex === 'female' ? name.replace(/ь$/u, 'и') : name.replace(/ь$/u, 'я');
  if (/[бвгґджзклмнпрстфхцчшщ]$/u.test(name)) return sex === 'female' ? name : `${name}а`;
  return name;
}

function genitivePatronymic(p: string, russian: boolean): string {
  if (/ич$/u.test(p)) return `${p}а`;
  if (/на$/u.test(p)) return p.replace(/на$/u, russian ? 'ны' : 'ни');
  return p;
}

function genitiveFamily(f: string, sex: string, russian: boolean): string {
  if (sex === 'female') {
    if (/([сцз])ька$/u.test(f)) return f.replace(/ька$/u, 'ької');
    if (/([сцз])кая$/u.test(f)) return f.replace(/кая$/u, 'кой');
    if (/[ое]ва$|іна$|ина$/u.test(f)) return f.replace(/а$/u, russian ? 'ой' : 'ої');
    return f; // -енко, -ук, -ич: not declined for a woman
  }
  if (/енко$|ко$/u.test(f)) return f;
  if (/([сцз])ький$/u.test(f)) return f.replace(/ий$/u, 'ого');
  if (/([сцз])кий$/u.test(f)) return f.replace(/ий$/u, 'ого');
  if (/ець$/u.test(f)) return f.replace(/ець$/u, 'ця');
  if (/ь$/u.test(f)) return f.replace(/ь$/u, 'я');
  if (/й$/u.test(f)) return f.replace(/й$/u, 'я');
  if (/а$/u.test(f)) return genitiveGiven(f, 'male', russian);
  if (/[бвгґджзклмнпрстфхцчшщ]$/u.test(f)) return `${f}а`;
  return f;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout2Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person (no double consonant, no gendered ending…). */
  applied: Holdout2Class | 'clean';
}

const CYRILLIC = /[\u0400-\u04ff]/u;

/** A person's names written by class `cls`; `base` is the record's rendering in its drawn script. */
export function holdout2Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  cls: Holdout2Class,
  rand: () => number,
): Holdout2Names {
  const clean = (): Holdout2Names => ({ ...base, applied: 'clean' });
  switch (cls) {
    case 'mojibake': {
      const m = mojibake(base, rand);
      return m === null ? clean() : { ...m, applied: cls };
    }
    case 'fixed_width': {
      const w = 10 + Math.floor(rand() * 3);
      const out = {
        family: cut(base.family, w),
        given: cut(base.given, w),
        patronymic: cut(base.patronymic, w),
      };
      if (out.family === base.family && out.given === base.given && out.patronymic === base.patronymic)
        return clean();
      return { ...out, applied: cls };
    }
    case 'one_field': {
      const r = rand();
      const rest = [base.given, base.patronymic].filter((x) => x !== '').join(' ');
      if (rest === '') return clean();
      const family =
        r < 0.5
          ? `${base.family} ${rest}`
          : r < 0.75
            ? `${base.family.toUpperCase()} ${rest}`
            : `${base.family}, ${rest}`;
      return { family, given: '', patronymic: '', applied: cls };
    }
    case 'given_patronymic':
      if (base.patronymic === '') return clean();
      return { family: base.family, given: `${base.given} ${base.patronymic}`, patronymic: '', applied: cls };
    case 'rank': {
      const latin = !CYRILLIC.test(base.family);
      const russian = base.given === p.givenRu && p.givenRu !== p.givenUk;
      return { ...base, family: `${rankOf(row, latin, russian, rand)} ${base.family}`, applied: cls };
    }
    case 'date_text':
      return row.birth_date === '' ? clean() : { ...base, applied: cls };
    case 'gender_form': {
      const f = otherGenderForm(base.family, row.sex);
      return f === null ? clean() : { ...base, family: f, applied: cls };
    }
    case 'consonant': {
      const first: 'family' | 'given' = rand() < 0.6 ? 'family' : 'given';
      for (const field of [first, first === 'family' ? 'given' : 'family'] as const) {
        const c = respellConsonant(base[field], rand);
        if (c !== null) return { ...base, [field]: c, applied: cls };
      }
      return clean();
    }
    case 'gost':
      return {
        family: gostB(p.familyRu),
        given: gostB(p.givenRu),
        patronymic: gostB(p.patronymicRu),
        applied: cls,
      };
    case 'declined': {
      const russian = rand() < 0.6;
      const src: Rendered = russian
        ? { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu }
        : { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
      return {
        family: genitiveFamily(src.family, row.sex, russian),
        given: genitiveGiven(src.given, row.sex, russian),
        patronymic: genitivePatronymic(src.patronymic, russian),
        applied: cls,
      };
    }
  }
}

/**
 * Whether the import accepts a generated row; a class whose row it would refuse is written 'clean' instead
 * (the bench measures linkage on rows that reach it; a refused row is the import's report, not a lost link).
 */
export function importAccepts(row: CanonicalCsvRow): boolean {
  return validateRecordFields(row).ok;
}

// ---- search queries -------------------------------------------------------------------------------------

function holdout2Query(n: Holdout2Names, rand: () => number): string {
  switch (n.applied) {
    case 'one_field':
    case 'given_patronymic':
      return queryWords(n.family, n.given, n.patronymic);
    case 'rank':
      return queryWords(n.family, n.given, n.patronymic);
    default:
      return eitherOrder(n, rand);
  }
}

/**
 * Second hold-out search queries (NOISE=holdout2 in eval:search): a target drawn uniformly, its names written by
 * one class (not date_text: a search's birth is its own field), the patronymic dropped in 40%, birth as in
 * NOISE_RATES. Labels: `holdout2:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout2Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout2', prefix: 'h2', seed: (s: number) => s * 37 + 11 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT2_CLASSES, rand());
    if (cls === 'date_text') cls = 'gost';
    const base = renderNames(names, style, rand);
    const written = holdout2Names(names, row, base, cls, rand);
    if (
      written.applied !== 'one_field' &&
      written.applied !== 'given_patronymic' &&
      written.patronymic !== '' &&
      rand() < NOISE_RATES.dropPatronymic
    )
      written.patronymic = '';
    const q = holdout2Query(written, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    return {
      q,
      birth: birth.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic:
        written.patronymic !== '' ||
        ((written.applied === 'one_field' || written.applied === 'given_patronymic') &&
          base.patronymic !== ''),
    };
  });
}
