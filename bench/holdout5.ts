/**
 * The fifth hold-out noise model (issue #11, `--noise holdout5` in simulate:link, NOISE=holdout5 in eval:search),
 * for the realistic population and the mixed one (`--profile mixed`): ways real lists write names and dates that
 * none of the four earlier models (bench/holdout.ts … holdout4.ts) writes. Written from how such lists look (the
 * reference notes, passports, foreign bodies' letters, Soviet-style typed lists), not from the code; a fix must be
 * right for the kind of input, not for this generator.
 *
 * What the earlier models already write and this one does not repeat: 1–3 look-alike letters in a mixed-case word
 * (holdout `homoglyph`), a married/maiden surname hyphenated or in bare brackets (holdout `maiden`), the genitive
 * (holdout2 `declined`), Ukrainian/Russian month names and two-digit years (holdout2 `date_text`), US month-first
 * dates and Excel serial days (holdout3), GOST and ICAO renderings of the Russian forms (holdout2 `gost`, the
 * background's `icao`), a patronymic cut with a dot (holdout4 `patronymic_short`).
 *
 * Each record or query carries one class (HOLDOUT5_CLASSES) on top of the usual background. Deterministic: all
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
export const HOLDOUT5_CLASSES = {
  /**
   * The whole name in capitals, typed or OCR'd with every letter that has a look-alike in the other script
   * taken from it (most of the time): ТАРАС → Latin "TAPAC", ОКСАНА → "OKCAHA", ШЕВЧЕНКО → "ШEBЧEHKO"; a Latin
   * capitals name typed on a Cyrillic keyboard the other way round ("KOVALENKO" with Cyrillic К О А Е).
   */
  caps_lookalike: 0.15,
  /**
   * A full birth date as foreign bodies and older papers write it: a Roman month ("12.III.1991", "12 III 1991"),
   * a database's DD-MON-YYYY ("12-MAR-1991"), an English ordinal ("12th March 1991", "March 12th, 1991"), a German,
   * Polish or French month ("12. März 1991", "12 marca 1991", "12 mars 1991").
   */
  date_forms: 0.15,
  /**
   * The Ukrainian spelling romanized letter by letter with the Russian passport table (ICAO 9303 as Russia applies
   * it): г → g, и і ї й → i, є → e, х → kh, ц → ts, ю → iu, я → ia, ь and the apostrophe dropped — Григорович →
   * Grigorovich, Юрій → Iurii, Олексій → Oleksii, Коваль → Koval, Гнатюк → Gnatiuk.
   */
  ru_table: 0.15,
  /**
   * A woman's surname with the other surname beside it and a word that says which is which: "Мельник (дів.
   * Шевчук)", "Шевчук (у дівоцтві Мельник)", "Мельник, уродж. Шевчук", "Melnyk (née Shevchuk)", "Melnyk, geb.
   * Shevchuk"; either surname may be the one the registry holds. Clean for a man.
   */
  maiden_marked: 0.15,
  /**
   * The names declined as a list's sentence needs them, Ukrainian: the dative ("видати Іваненку Петру Івановичу",
   * "Шевчук Марії Іванівні") or, for a woman, the accusative ("Шевчук Марію Іванівну"); the genitive is holdout2's.
   */
  declined_case: 0.15,
  /**
   * The given name contracted as a clerk writes it in a narrow column: "Ол-др", "Олекс-р", "Вол-р", "Олекс.",
   * Latin "Al-dr", "Oleks."; clean for a given name of fewer than six letters.
   */
  given_contracted: 0.1,
  /**
   * Apostrophe-like signs no earlier model writes: the double prime ″, the modifier prime ʹ, the typewriter
   * double quote '"', two single quotes ('') — in the Ukrainian spelling, or in its KMU Latin where an apostrophe
   * or soft sign stood; clean for a name with neither.
   */
  apostrophe_odd: 0.15,
} as const;
export type Holdout5Class = keyof typeof HOLDOUT5_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- capitals with look-alike letters ------------------------------------------------------------------

const CYR_TO_LAT_CAPS: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  І: 'I',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
};
const LAT_TO_CYR_CAPS: Readonly<Record<string, string>> = {
  A: 'А',
  B: 'В',
  E: 'Е',
  I: 'І',
  K: 'К',
  M: 'М',
  H: 'Н',
  O: 'О',
  P: 'Р',
  C: 'С',
  T: 'Т',
  X: 'Х',
};

/** A name in capitals with each letter that has a look-alike in the other script swapped for it with share `p`. */
export function capsLookalike(text: string, p: number, rand: () => number): string {
  const upper = text.toUpperCase();
  const table = CYRILLIC.test(upper) ? CYR_TO_LAT_CAPS : LAT_TO_CYR_CAPS;
  return [...upper].map((ch) => (table[ch] !== undefined && rand() < p ? table[ch] : ch)).join('');
}

// ---- dates ----------------------------------------------------------------------------------------------

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const MON_EN = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
/** Polish months in the genitive, as a date writes them. */
const MONTHS_PL = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
];
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const ordinal = (d: number): string =>
  `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;

/** A full ISO birth date in one of the class's forms; a partial date as is. */
export function dateForm(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const [, y, mm, dd] = m as unknown as [string, string, string, string];
  const mi = Number(mm) - 1;
  const d = Number(dd);
  const r = rand();
  if (r < 0.2) return rand() < 0.7 ? `${dd}.${ROMAN[mi]}.${y}` : `${d} ${ROMAN[mi]} ${y}`;
  if (r < 0.35) return `${dd}-${rand() < 0.7 ? MON_EN[mi] : (MONTHS_EN[mi] as string).slice(0, 3)}-${y}`;
  if (r < 0.55)
    return rand() < 0.5 ? `${ordinal(d)} ${MONTHS_EN[mi]} ${y}` : `${MONTHS_EN[mi]} ${ordinal(d)}, ${y}`;
  if (r < 0.7) return `${d}. ${MONTHS_DE[mi]} ${y}`;
  if (r < 0.85) return `${d} ${MONTHS_PL[mi]} ${y}`;
  return `${d} ${MONTHS_FR[mi]} ${y}`;
}

// ---- the Russian passport table on the Ukrainian spelling ----------------------------------------------

const RU_TABLE: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'i',
  й: 'i',
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
  ю: 'iu',
  я: 'ia',
  ы: 'y',
  э: 'e',
  ъ: 'ie',
  ё: 'e',
};

/** Ukrainian Cyrillic romanized letter by letter with the Russian passport table (capital first letters kept). */
export function ruTable(text: string): string {
  return text
    .split(/(\s+|-)/u)
    .map((word) => {
      const out = [...word]
        .map((ch) => {
          const lower = ch.toLowerCase();
          if (/['’ʼ]/u.test(ch)) return '';
          const t = RU_TABLE[lower];
          return t === undefined ? ch : t;
        })
        .join('');
      const first = [...word][0];
      return first !== undefined && first !== first.toLowerCase() && out !== ''
        ? out.slice(0, 1).toUpperCase() + out.slice(1)
        : out;
    })
    .join('');
}

// ---- maiden names with a marker ------------------------------------------------------------------------

const OTHER_WOMEN_SURNAMES = [
  'Мельник',
  'Шевчук',
  'Бойко',
  'Коваленко',
  'Ткачук',
  'Кравчук',
  'Олійник',
  'Мороз',
  'Лисенко',
  'Савчук',
  'Поліщук',
  'Марченко',
  'Руденко',
  'Гончар',
];
const KMU_SIMPLE: Readonly<Record<string, string>> = {
  Мельник: 'Melnyk',
  Шевчук: 'Shevchuk',
  Бойко: 'Boiko',
  Коваленко: 'Kovalenko',
  Ткачук: 'Tkachuk',
  Кравчук: 'Kravchuk',
  Олійник: 'Oliinyk',
  Мороз: 'Moroz',
  Лисенко: 'Lysenko',
  Савчук: 'Savchuk',
  Поліщук: 'Polishchuk',
  Марченко: 'Marchenko',
  Руденко: 'Rudenko',
  Гончар: 'Honchar',
};

// ---- Ukrainian dative and accusative -------------------------------------------------------------------

/** A masculine Ukrainian surname in the dative (Іваненко → Іваненку, Ковальський → Ковальському). */
function dativeFamilyMasc(s: string): string {
  if (/ький$|цький$|зький$/u.test(s)) return s.replace(/ий$/u, 'ому');
  if (/[иі]й$/u.test(s)) return s.replace(/[иі]й$/u, 'ому');
  if (/о$/u.test(s)) return s.replace(/о$/u, 'у');
  if (/а$/u.test(s)) return s.replace(/а$/u, 'і');
  if (/я$/u.test(s)) return s.replace(/я$/u, 'і');
  if (/ь$/u.test(s)) return s.replace(/ь$/u, 'ю');
  if (/й$/u.test(s)) return s.replace(/й$/u, 'ю');
  if (/[бвгґджзклмнпрстфхцчшщ]$/u.test(s)) return `${s}у`;
  return s;
}
/** A feminine Ukrainian surname in the dative (Ковальська → Ковальській, Петрова → Петровій; -ко, -ук stay). */
function dativeFamilyFem(s: string): string {
  if (/ська$|цька$|зька$/u.test(s)) return s.replace(/а$/u, 'ій');
  if (/[ое]ва$|[іи]на$/u.test(s)) return s.replace(/а$/u, 'ій');
  if (/на$/u.test(s)) return s.replace(/а$/u, 'ій');
  if (/а$/u.test(s)) return s.replace(/а$/u, 'і');
  return s;
}
/** A feminine Ukrainian surname in the accusative (Ковальська → Ковальську, Петрова → Петрову; -ко, -ук stay). */
function accusativeFamilyFem(s: string): string {
  if (/а$/u.test(s)) return s.replace(/а$/u, 'у');
  return s;
}
const FEM_SOFTEN: Readonly<Record<string, string>> = { г: 'з', к: 'ц', х: 'с' };
function dativeGiven(s: string, female: boolean): string {
  if (/ія$/u.test(s)) return s.replace(/я$/u, 'ї');
  if (/я$/u.test(s)) return s.replace(/я$/u, 'і');
  if (/а$/u.test(s)) {
    const stem = s.slice(0, -1);
    const last = stem.slice(-1);
    return `${female && FEM_SOFTEN[last] !== undefined ? stem.slice(0, -1) + FEM_SOFTEN[last] : stem}і`;
  }
  if (female) return s;
  if (/о$/u.test(s)) return s.replace(/о$/u, 'у');
  if (/й$/u.test(s)) return s.replace(/й$/u, 'ю');
  if (/ь$/u.test(s)) return s.replace(/ь$/u, 'ю');
  if (/[бвгґджзклмнпрстфхцчшщ]$/u.test(s)) return `${s}у`;
  return s;
}
function accusativeGivenFem(s: string): string {
  if (/я$/u.test(s)) return s.replace(/я$/u, 'ю');
  if (/а$/u.test(s)) return s.replace(/а$/u, 'у');
  return s;
}
function dativePatronymic(s: string): string {
  if (/ич$/u.test(s)) return `${s}у`;
  if (/на$/u.test(s)) return s.replace(/а$/u, 'і');
  return s;
}
const accusativePatronymicFem = (s: string): string => s.replace(/на$/u, 'ну');

// ---- contracted given names ----------------------------------------------------------------------------

/** A given name contracted: "Ол-др", "Олекс-р", "Олекс."; the name itself when shorter than six letters. */
export function contracted(word: string, rand: () => number): string {
  const chars = [...word];
  if (chars.length < 6 || /[-\s]/u.test(word)) return word;
  const head = 2 + Math.floor(rand() * Math.min(4, chars.length - 4));
  if (rand() < 0.35) return `${chars.slice(0, head).join('')}.`;
  const tail = rand() < 0.5 ? 1 : 2;
  return `${chars.slice(0, head).join('')}-${chars.slice(-tail).join('')}`;
}

// ---- odd apostrophes -----------------------------------------------------------------------------------

const ODD_MARKS = ['″', 'ʹ', '"', "''"];

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout5Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person. */
  applied: Holdout5Class | 'clean';
  /** The birth date as the class writes it. */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout5Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout5Class,
  rand: () => number,
): Holdout5Names {
  const clean = (): Holdout5Names => ({ ...base, birth, applied: 'clean' });
  const uk: Rendered = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
  const female = row.sex === 'female';
  switch (cls) {
    case 'caps_lookalike': {
      const share = rand() < 0.7 ? 1 : 0.6;
      return {
        family: capsLookalike(base.family, share, rand),
        given: capsLookalike(base.given, share, rand),
        patronymic: capsLookalike(base.patronymic, share, rand),
        birth,
        applied: cls,
      };
    }
    case 'date_forms': {
      const b = dateForm(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'ru_table': {
      if (!CYRILLIC.test(uk.family)) return clean();
      return {
        family: ruTable(uk.family),
        given: ruTable(uk.given),
        patronymic: base.patronymic === '' ? '' : ruTable(uk.patronymic),
        birth,
        applied: cls,
      };
    }
    case 'maiden_marked': {
      if (!female) return clean();
      let other = pickOne(OTHER_WOMEN_SURNAMES, rand);
      if (other === uk.family) other = 'Гончар';
      const latin = !CYRILLIC.test(base.family);
      const own = base.family;
      const alt = latin ? (KMU_SIMPLE[other] as string) : other;
      const ownIsCurrent = rand() < 0.5;
      const [current, maiden] = ownIsCurrent ? [own, alt] : [alt, own];
      const form = latin
        ? pickOne(
            [`${current} (née ${maiden})`, `${current}, née ${maiden}`, `${current}, geb. ${maiden}`],
            rand,
          )
        : pickOne(
            [
              `${current} (дів. ${maiden})`,
              `${current} (у дівоцтві ${maiden})`,
              `${current}, уродж. ${maiden}`,
              `${current} (до шлюбу ${maiden})`,
              `${current} (урожд. ${maiden})`,
            ],
            rand,
          );
      return { ...base, family: form, birth, applied: cls };
    }
    case 'declined_case': {
      if (!CYRILLIC.test(uk.family) || (row.sex !== 'male' && !female)) return clean();
      const accusative = female && rand() < 0.4;
      const out: Rendered = accusative
        ? {
            family: accusativeFamilyFem(uk.family),
            given: accusativeGivenFem(uk.given),
            patronymic: accusativePatronymicFem(uk.patronymic),
          }
        : {
            family: female ? dativeFamilyFem(uk.family) : dativeFamilyMasc(uk.family),
            given: dativeGiven(uk.given, female),
            patronymic: dativePatronymic(uk.patronymic),
          };
      return { ...out, birth, applied: cls };
    }
    case 'given_contracted': {
      const given = contracted(base.given, rand);
      return given === base.given ? clean() : { ...base, given, birth, applied: cls };
    }
    case 'apostrophe_odd': {
      const mark = pickOne(ODD_MARKS, rand);
      const cyr = CYRILLIC.test(base.family) ? base : uk;
      const withMark = (s: string): string => s.replace(/['’ʼ]/gu, mark);
      const out = {
        family: withMark(cyr.family),
        given: withMark(cyr.given),
        patronymic: withMark(cyr.patronymic),
      };
      if (out.family === cyr.family && out.given === cyr.given && out.patronymic === cyr.patronymic)
        return clean();
      return { ...out, birth, applied: cls };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

/**
 * Fifth hold-out search queries (NOISE=holdout5 in eval:search): a target drawn uniformly, its names written by
 * one class (not date_forms: a search's birth is its own ISO field), the patronymic dropped in 40%, birth as in
 * NOISE_RATES. Labels: `holdout5:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout5Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout5', prefix: 'h5', seed: (s: number) => s * 47 + 19 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT5_CLASSES, rand());
    if (cls === 'date_forms') cls = rand() < 0.5 ? 'caps_lookalike' : 'ru_table';
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout5Names(names, row, base, birth.birth, cls, rand);
    if (written.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic) written.patronymic = '';
    return {
      q:
        written.applied === 'maiden_marked'
          ? queryWords(written.family, written.given, written.patronymic)
          : eitherOrder(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic: written.patronymic !== '',
    };
  });
}
