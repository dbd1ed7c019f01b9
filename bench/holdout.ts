/**
 * The hold-out noise model (issue #11): records and queries written in ways the tuned generators
 * (`bench/linkage/sets.ts` NOISE_CLASSES, `bench/search/variants.ts` NOISE_RATES) never write, drawn from how
 * offices, media and foreign bodies write Ukrainian names (/work/shared/reference/names.md). It exists to
 * tell a fix that generalises from one tuned to our own generators: do not tune on it class by class.
 *
 * Each record or query carries one class (HOLDOUT_CLASSES), on top of the usual background (birth-date
 * precision, dropped patronymic, sex left out). Deterministic: all randomness comes from the caller's
 * seeded generator. Generated people only.
 */
import { romanizeUkrainian } from '@homecoming/names';
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
} from './search/variants.js';

/** The hold-out classes and their shares. */
export const HOLDOUT_CLASSES = {
  /** Given name and patronymic as initials: "Т." "Г.", "Т.Г." in one field, or Latin "T." "H.". */
  initials: 0.1,
  /** Family and given name in each other's columns. */
  swapped: 0.06,
  /** Only the family name in capitals ("ШЕВЧЕНКО Тарас"). */
  caps_family: 0.06,
  /** French media spelling of the Ukrainian forms: Chevtchenko, Iouri, Zelensky. */
  spelling_fr: 0.08,
  /** Czech / scholarly spelling: Ševčenko, Jurij, Zelenśkyj (ь as a prime or dropped). */
  spelling_cz: 0.08,
  /** English media spelling of the Ukrainian forms: Serhiy, Yuriy, Zelensky, Tetyana. */
  spelling_en: 0.08,
  /** Apostrophe written as ʼ ’ ` " or dropped, soft sign dropped (Cyrillic). */
  apostrophe: 0.1,
  /** The Russian form of the given name with the Ukrainian surname (Александр Шевченко; Alexandr Shevchenko). */
  ru_given: 0.1,
  /** A woman under a hyphenated or another (married/maiden) surname. */
  maiden: 0.08,
  /** The birth date as dd.mm.yyyy or d.m.yyyy. */
  date_dmy: 0.06,
  /** Stray punctuation and spaces: "Шевченко,", "«Тарас»", "Тарас.", double and edge spaces. */
  punct: 0.08,
  /** Latin look-alike letters mixed into a Cyrillic word (or Cyrillic into a Latin one), 1–3 of them. */
  homoglyph: 0.12,
} as const;
export type HoldoutClass = keyof typeof HOLDOUT_CLASSES;

const VOWELS = new Set("аеєиіїоуюяьʼ’'".split(''));

/** Letter-by-letter rendering with a table, keeping the case of the first letter of each word. */
function byTable(
  text: string,
  table: Readonly<Record<string, string>>,
  special: (word: string, i: number, ch: string) => string | undefined,
): string {
  return text
    .split(/([\s-]+)/u)
    .map((word) => {
      if (/^[\s-]*$/u.test(word)) return word;
      const lower = word.toLowerCase();
      let out = '';
      for (let i = 0; i < lower.length; i++) {
        const ch = lower[i] as string;
        out += special(lower, i, ch) ?? table[ch] ?? ch;
      }
      const upper = word[0] !== undefined && word[0] !== word[0].toLowerCase();
      return upper ? out.slice(0, 1).toUpperCase() + out.slice(1) : out;
    })
    .join('');
}

const FR: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'j',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'ï',
  й: 'ï',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'ou',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'tch',
  ш: 'ch',
  щ: 'chtch',
  ь: '',
  ю: 'iou',
  я: 'ia',
  "'": '',
  '’': '',
  ʼ: '',
};

/** French media spelling of a Ukrainian name (Шевченко → Chevtchenko, Юрій → Iouri, -ський → -sky). */
export function toFrench(text: string): string {
  const ends = text.replace(/([сц])ьк(ий|а)\b/giu, (_m, s: string, e: string) =>
    s.toLowerCase() === 'с' ? `s§${e === 'а' ? 'a' : 'y'}` : `ts§${e === 'а' ? 'a' : 'y'}`,
  );
  return byTable(ends, FR, (w, i, ch) => {
    const next = w[i + 1];
    const last = i === w.length - 1;
    if ((ch === 'й' || ch === 'і') && last && w[i - 1] === 'і') return '';
    if (ch === 'і' && next === 'й' && i + 2 === w.length) return 'i';
    if (ch === 'и' && next === 'й' && i + 2 === w.length) return 'y';
    if (ch === 'й' && last) return '';
    if (ch === 'с' && i > 0 && !last && VOWELS.has(w[i - 1] as string) && VOWELS.has(next ?? '')) return 'ss';
    if (ch === 'г' && (next === 'е' || next === 'і' || next === 'и')) return 'gu';
    return undefined;
  }).replace(/§/gu, 'k');
}

const CZ: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'je',
  ж: 'ž',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'ji',
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
  х: 'ch',
  ц: 'c',
  ч: 'č',
  ш: 'š',
  щ: 'šč',
  ю: 'ju',
  я: 'ja',
  "'": '',
  '’': '',
  ʼ: '',
};

/** Czech / scholarly spelling (Шевченко → Ševčenko, Юрій → Jurij); ь as a prime ʹ or dropped. */
export function toCzech(text: string, prime: boolean): string {
  return byTable(text, CZ, (_w, _i, ch) => (ch === 'ь' ? (prime ? 'ʹ' : '') : undefined));
}

const EN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'yi',
  й: 'y',
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
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'yu',
  я: 'ya',
  "'": '',
  '’': '',
  ʼ: '',
};

/** English media spelling of a Ukrainian name (Сергій → Serhiy, Тетяна → Tetyana, -ський → -sky). */
export function toEnglishMedia(text: string): string {
  const ends = text.replace(/([сц])ьк(ий)\b/giu, (_m, s: string) =>
    s.toLowerCase() === 'с' ? 's§y' : 'ts§y',
  );
  return byTable(ends, EN, (w, i, ch) =>
    ch === 'й' && w[i - 1] === 'і' && i === w.length - 1 ? 'y' : undefined,
  ).replace(/§/gu, 'k');
}

/** Latin look-alikes of Cyrillic letters, and back. */
const LOOK_ALIKE: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'ï',
  к: 'k',
  м: 'm',
  т: 't',
  н: 'h',
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
  І: 'I',
};
const LOOK_ALIKE_BACK: Readonly<Record<string, string>> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  y: 'у',
  x: 'х',
  i: 'і',
  k: 'к',
  A: 'А',
  B: 'В',
  E: 'Е',
  K: 'К',
  M: 'М',
  H: 'Н',
  O: 'О',
  P: 'Р',
  C: 'С',
  T: 'Т',
  X: 'Х',
  I: 'І',
};

/** 1–3 letters of `word` replaced by their look-alikes in the other script. */
export function mixScripts(word: string, rand: () => number): string {
  const cyr = /[\u0400-\u04ff]/u.test(word);
  const table = cyr ? LOOK_ALIKE : LOOK_ALIKE_BACK;
  const chars = [...word];
  const places = chars.map((c, i) => (table[c] !== undefined ? i : -1)).filter((i) => i >= 0);
  const n = Math.min(places.length, 1 + Math.floor(rand() * 3));
  for (let k = 0; k < n; k++) {
    const j = Math.floor(rand() * places.length);
    const i = places.splice(j, 1)[0] as number;
    chars[i] = table[chars[i] as string] as string;
  }
  return chars.join('');
}

const APOSTROPHE_FORMS = ['ʼ', '’', '`', '"', '', '´'];

/** Apostrophes written otherwise or dropped, soft signs dropped; null when the name has neither. */
export function respellApostrophes(r: Rendered, rand: () => number): Rendered | null {
  const all = `${r.family} ${r.given} ${r.patronymic}`;
  if (!/['’ʼь]/iu.test(all)) return null;
  const form = APOSTROPHE_FORMS[Math.floor(rand() * APOSTROPHE_FORMS.length)] as string;
  const dropSoft = rand() < 0.5 || !/['’ʼ]/u.test(all);
  const f = (s: string): string => {
    const a = s.replace(/['’ʼ]/gu, form);
    return dropSoft ? a.replace(/ь/gu, '').replace(/Ь/gu, '') : a;
  };
  return { family: f(r.family), given: f(r.given), patronymic: f(r.patronymic) };
}

/** Generated surnames for a woman's other surname (common Ukrainian surnames, no person). */
const OTHER_SURNAMES = [
  'Коваленко',
  'Бондаренко',
  'Ткаченко',
  'Кравченко',
  'Олійник',
  'Шевчук',
  'Поліщук',
  'Бойко',
  'Мельник',
  'Савченко',
  'Руденко',
  'Мороз',
  'Лисенко',
  'Петренко',
  'Клименко',
  'Павленко',
  'Марченко',
  'Гончаренко',
];

function initial(word: string): string {
  const first = [...word.trim()][0];
  return first === undefined ? '' : `${first.toUpperCase()}.`;
}

/** The punctuation a careless office adds. */
function strayPunct(r: Rendered, rand: () => number): Rendered {
  const out = { ...r };
  const kind = Math.floor(rand() * 5);
  if (kind === 0) out.family = `${out.family},`;
  else if (kind === 1) out.given = `«${out.given}»`;
  else if (kind === 2) out.given = `${out.given}.`;
  else if (kind === 3) out.family = ` ${out.family}  `;
  else out.family = `${out.family}.`;
  if (rand() < 0.3) out.patronymic = out.patronymic === '' ? '' : `${out.patronymic};`;
  return out;
}

export interface HoldoutNames extends Rendered {
  /** The class actually applied ('clean' when it does not apply to this person, e.g. maiden for a man). */
  applied: HoldoutClass | 'clean';
  /** initials: the given name and patronymic written together in the given field ("Т.Г."). */
  initialsJoined?: boolean;
}

/**
 * A person's names written by the hold-out class `cls`. `base` is the person's rendering in the record's
 * drawn script (Ukrainian, Russian or one Latin style); classes that need the Ukrainian forms take them
 * from `p`.
 */
export function holdoutNames(
  p: PersonNames,
  sex: string,
  base: Rendered,
  cls: HoldoutClass,
  rand: () => number,
): HoldoutNames {
  const uk: Rendered = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
  const each = (r: Rendered, f: (s: string) => string): Rendered => ({
    family: f(r.family),
    given: f(r.given),
    patronymic: f(r.patronymic),
  });
  switch (cls) {
    case 'initials': {
      const latin = rand() < 0.35;
      const src = latin ? each(uk, romanizeUkrainian) : base;
      const joined = !latin && rand() < 0.5;
      const g = initial(src.given);
      const pa = src.patronymic === '' ? '' : initial(src.patronymic);
      return joined
        ? { family: src.family, given: `${g}${pa}`, patronymic: '', applied: cls, initialsJoined: true }
        : { family: src.family, given: g, patronymic: pa, applied: cls };
    }
    case 'swapped':
      return { ...base, family: base.given, given: base.family, applied: cls };
    case 'caps_family':
      return { ...base, family: base.family.toUpperCase(), applied: cls };
    case 'spelling_fr':
      return { ...each(uk, toFrench), applied: cls };
    case 'spelling_cz': {
      const prime = rand() < 0.5;
      return { ...each(uk, (s) => toCzech(s, prime)), applied: cls };
    }
    case 'spelling_en':
      return { ...each(uk, toEnglishMedia), applied: cls };
    case 'apostrophe': {
      const r = respellApostrophes(uk, rand);
      return r === null ? { ...base, applied: 'clean' } : { ...r, applied: cls };
    }
    case 'ru_given': {
      if (p.givenRu === p.givenUk) return { ...base, applied: 'clean' };
      if (rand() < 0.6) return { ...uk, given: p.givenRu, applied: cls };
      const latin = p.givenClass?.latin.filter((f) => /^[A-Za-z]+$/u.test(f) && !f.includes('j')) ?? [];
      const ru = latin.length > 0 ? (latin[Math.floor(rand() * latin.length)] as string) : p.givenRu;
      return { ...each(uk, romanizeUkrainian), given: ru, applied: cls };
    }
    case 'maiden': {
      if (sex !== 'female') return { ...base, applied: 'clean' };
      const other = OTHER_SURNAMES[Math.floor(rand() * OTHER_SURNAMES.length)] as string;
      const r = rand();
      const family =
        r < 0.4 ? `${uk.family}-${other}` : r < 0.6 ? `${other}-${uk.family}` : `${other} (${uk.family})`;
      return { ...uk, family, applied: cls };
    }
    case 'date_dmy':
      return { ...base, applied: cls };
    case 'punct':
      return { ...strayPunct(base, rand), applied: cls };
    case 'homoglyph': {
      const out = { ...base, applied: cls } as HoldoutNames;
      out.family = mixScripts(out.family, rand);
      if (rand() < 0.4) out.given = mixScripts(out.given, rand);
      return out;
    }
  }
}

/** A birth date `YYYY-MM-DD` as an office writes it: dd.mm.yyyy or d.m.yyyy (a partial date as is). */
export function dayFirst(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  if (rand() < 0.6) return `${m[3]}.${m[2]}.${m[1]}`;
  return `${Number(m[3])}.${Number(m[2])}.${m[1]}`;
}

/** A hold-out search query's text: the class's names in an order the class implies. */
function holdoutQuery(n: HoldoutNames, rand: () => number): string {
  switch (n.applied) {
    case 'initials':
      if (n.initialsJoined === true) return queryWords(n.family, n.given);
      // Latin initials go first ("T. H. Shevchenko"), as English-language sources write them.
      return /[A-Za-z]/u.test(n.given) && rand() < 0.7
        ? queryWords(n.given, n.patronymic, n.family)
        : queryWords(n.family, n.given, n.patronymic);
    case 'swapped':
      // In a one-field query: the given name first, the surname in capitals ("Taras SHEVCHENKO").
      return queryWords(n.given, n.patronymic, n.family.toUpperCase());
    case 'punct': {
      const q = `${n.family}  ${n.given} ${n.patronymic}`;
      return rand() < 0.5 ? ` ${q} ` : q;
    }
    default:
      return eitherOrder(n, rand);
  }
}

/**
 * Hold-out search queries (NOISE=holdout in eval:search): a target drawn uniformly, its names written by
 * one hold-out class (not date_dmy: a search's birth is its own field), the patronymic dropped in 40%,
 * birth info as in NOISE_RATES. Labels: `holdout:<class>` and `script:<style>` of the base rendering.
 */
export function generateHoldoutQueries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout', prefix: 'h', seed: (s: number) => s * 31 + 7 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT_CLASSES, rand());
    if (cls === 'date_dmy') cls = 'caps_family';
    const written = holdoutNames(names, row.sex, renderNames(names, style, rand), cls, rand);
    if (written.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) written.patronymic = '';
    const swappedUp =
      written.applied === 'swapped' ? { ...written, family: written.given, given: written.family } : written;
    const q = holdoutQuery(swappedUp, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    return {
      q,
      birth: birth.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
