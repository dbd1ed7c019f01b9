/**
 * The third hold-out noise model (issue #11, `--noise holdout3` in simulate:link, NOISE=holdout3 in eval:search):
 * ways real offices, relatives on the phone and foreign bodies write Ukrainian names and dates that neither the
 * tuned generators (`bench/linkage/sets.ts` NOISE_CLASSES, `bench/search/variants.ts` NOISE_RATES) nor the first
 * two hold-out models (`bench/holdout.ts`, `bench/holdout2.ts`) write. Written from the reference notes on names
 * and the domain, not from the code. Do not tune on it class by class: a fix must be right for the kind of input.
 *
 * Each record or query carries one class (HOLDOUT3_CLASSES) on top of the usual background (script, birth-date
 * precision, dropped patronymic, sex left out). Deterministic: all randomness comes from the caller's seeded
 * generator. Generated people only.
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
  pickOne,
} from './search/variants.js';

/** The classes and their shares. */
export const HOLDOUT3_CLASSES = {
  /**
   * A Cyrillic name typed with the keyboard left in the Latin layout (Шевченко → "Itdxtyrj"), or a Latin one
   * typed in the Ukrainian or Russian layout (Shevchenko → "Ырумсрутлщ"): every name field of the row.
   */
  layout: 0.1,
  /**
   * Invisible or odd-width characters a copy from a web page, a PDF or a joined file leaves in a name: soft
   * hyphen, zero-width space / joiner / non-joiner, word joiner, a BOM, a narrow or thin space at an edge.
   */
  invisible: 0.1,
  /** Letters in decomposed form (NFD: й = и + U+0306, ї = і + U+0308), and a stress mark (U+0301) on a vowel. */
  combining: 0.1,
  /** A full birth date written the US way, month first: MM/DD/YYYY or M/D/YYYY (a foreign body's form). */
  date_us: 0.1,
  /** The whole name given name first in the family column ("Taras Shevchenko", "Тарас Григорович Шевченко"). */
  given_first: 0.1,
  /** A second given name written beside the first ("Анна-Марія", "Іван Павло", "Anna-Mariia"). */
  double_given: 0.1,
  /** A name heard on the phone: an unstressed vowel reduced (Шевчинко, Ковальчюк; о as а in Russian ears). */
  phone: 0.1,
  /** Latin with the soft sign written: an apostrophe, a prime ʹ (BGN), a y before a vowel (Il'in, Ilʹin, Ilyin). */
  soft_sign: 0.1,
  /**
   * A deported child's names Russified in the other side's papers: given name and patronymic in their Russian
   * forms (the surname as it was), the birth date moved by a few days. Must not auto-link on a guess.
   */
  russified: 0.1,
  /** The birth date as an Excel serial day number (33675), as a CSV saved from a spreadsheet writes it. */
  excel_serial: 0.1,
} as const;
export type Holdout3Class = keyof typeof HOLDOUT3_CLASSES;

const CYRILLIC = /[\u0400-\u04ff]/u;

// ---- keyboard layout ------------------------------------------------------------------------------------

/** The Ukrainian ЙЦУКЕН layout on the US keys (the apostrophe on the ` key, as Windows' Ukrainian Enhanced). */
const UK_KEYS: Readonly<Record<string, string>> = {
  й: 'q',
  ц: 'w',
  у: 'e',
  к: 'r',
  е: 't',
  н: 'y',
  г: 'u',
  ш: 'i',
  щ: 'o',
  з: 'p',
  х: '[',
  ї: ']',
  ф: 'a',
  і: 's',
  в: 'd',
  а: 'f',
  п: 'g',
  р: 'h',
  о: 'j',
  л: 'k',
  д: 'l',
  ж: ';',
  є: "'",
  я: 'z',
  ч: 'x',
  с: 'c',
  м: 'v',
  и: 'b',
  т: 'n',
  ь: 'm',
  б: ',',
  ю: '.',
  ґ: '\\',
  "'": '`',
  '’': '`',
  ʼ: '`',
};
/** The Russian ЙЦУКЕН layout where it differs from the Ukrainian: ы, э, ъ, ё. */
const RU_KEYS: Readonly<Record<string, string>> = Object.fromEntries([
  ...Object.entries(UK_KEYS).filter(([c]) => !/^[іїєґ'’ʼ]$/u.test(c)),
  ['ы', 's'],
  ['э', "'"],
  ['ъ', ']'],
  ['ё', '`'],
]);

function invert(t: Readonly<Record<string, string>>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [cyr, key] of Object.entries(t))
    if (/^[а-яіїєґёыэъ]$/u.test(cyr) && !m.has(key)) m.set(key, cyr);
  return m;
}
const KEY_TO_UK = invert(UK_KEYS);
const KEY_TO_RU = invert(RU_KEYS);

/** Cyrillic text as typed with the keyboard in the Latin layout: each key's Latin character, upper case kept. */
export function typedInLatinLayout(text: string, russian: boolean): string {
  const t = russian ? RU_KEYS : UK_KEYS;
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const k = t[lower];
    if (k === undefined) out += ch;
    else out += ch !== lower ? (SHIFT[k] ?? k.toUpperCase()) : k;
  }
  return out;
}

/** The US signs with Shift: an upper-case letter on a sign key (Б, Ж, Х, Ю, Є, Ї) gives these. */
const SHIFT: Readonly<Record<string, string>> = {
  '[': '{',
  ']': '}',
  ';': ':',
  "'": '"',
  ',': '<',
  '.': '>',
  '`': '~',
  '\\': '|',
};

/** Latin text as typed with the keyboard in the Ukrainian (or Russian) layout. */
export function typedInCyrillicLayout(text: string, russian: boolean): string {
  const t = russian ? KEY_TO_RU : KEY_TO_UK;
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const c = t.get(lower);
    if (c === undefined) out += ch;
    else out += ch !== lower ? c.toUpperCase() : c;
  }
  return out;
}

// ---- invisible and combining characters -----------------------------------------------------------------

const INSIDE = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const EDGE = ['\u202f', '\u2009', '\u200b', '\ufeff', '\u00a0'];

function withInvisible(word: string, rand: () => number): string {
  if (word === '') return word;
  const chars = [...word];
  if (rand() < 0.6 && chars.length > 2) {
    const i = 1 + Math.floor(rand() * (chars.length - 1));
    chars.splice(i, 0, pickOne(INSIDE, rand));
    return chars.join('');
  }
  return rand() < 0.5 ? pickOne(EDGE, rand) + word : word + pickOne(EDGE, rand);
}

const STRESSABLE = /[аеєиіїоуюяaeiouy]/iu;

function withCombining(word: string, rand: () => number): string {
  let out = word.normalize('NFD');
  if (rand() < 0.6) {
    const chars = [...out];
    const vowels = chars.map((c, i) => (STRESSABLE.test(c) ? i : -1)).filter((i) => i >= 0);
    if (vowels.length > 0) {
      const i = pickOne(vowels, rand);
      chars.splice(i + 1, 0, '\u0301');
      out = chars.join('');
    }
  }
  return out;
}

// ---- dates ----------------------------------------------------------------------------------------------

/** A full ISO date month first with slashes (MM/DD/YYYY or M/D/YYYY); partial dates as they are. */
export function usDate(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return rand() < 0.6 ? `${mo}/${d}/${y}` : `${Number(mo)}/${Number(d)}/${y}`;
}

/** A full ISO date as Excel's serial day number (1900 date system: 1899-12-30 is day 0). */
export function excelSerial(birth: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return String(Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000));
}

/** A full ISO date moved by 1–10 days either way; partial dates as they are. */
function movedByDays(birth: string, rand: () => number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth);
  if (m === null) return birth;
  const days = (1 + Math.floor(rand() * 10)) * (rand() < 0.5 ? -1 : 1);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

// ---- double given name ----------------------------------------------------------------------------------

const SECOND_UK = {
  male: ['Павло', 'Іван', 'Петро', 'Михайло', 'Андрій'],
  female: ['Марія', 'Анна', 'Олена', 'Софія'],
};
const SECOND_RU = {
  male: ['Павел', 'Иван', 'Пётр', 'Михаил', 'Андрей'],
  female: ['Мария', 'Анна', 'Елена', 'София'],
};

// ---- phone ----------------------------------------------------------------------------------------------

/** One unstressed-vowel change as an ear writes it: е→и, у→ю after ч/ш/щ, о→а (Russian akanye), и→е. */
export function heardOnPhone(word: string, rand: () => number): string | null {
  const chars = [...word];
  const spots: [number, string][] = [];
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i] as string;
    const prev = (chars[i - 1] as string).toLowerCase();
    if (c === 'е') spots.push([i, 'и']);
    else if (c === 'у' && /[чшщ]/u.test(prev)) spots.push([i, 'ю']);
    else if (c === 'о' && i < chars.length - 1) spots.push([i, 'а']);
    else if (c === 'и' && i < chars.length - 1) spots.push([i, 'е']);
  }
  if (spots.length === 0) return null;
  const [i, to] = pickOne(spots, rand);
  chars[i] = to;
  return chars.join('');
}

// ---- soft sign in Latin ---------------------------------------------------------------------------------

/** A Cyrillic name in KMU Latin with its soft sign written by `mark` (y before a vowel); null without a soft sign. */
export function softSignLatin(word: string, rand: () => number): string | null {
  if (!/ь/iu.test(word)) return null;
  const pieces = word.split(/ь/iu);
  const marks = ["'", 'ʹ', '’', 'y'];
  const mark = pickOne(marks, rand);
  let out = romanizeUkrainian(pieces[0] as string);
  for (let k = 1; k < pieces.length; k++) {
    const next = pieces[k] as string;
    const m = mark === 'y' && !/^[аеиоуяюєі]/iu.test(next) ? "'" : mark;
    // the piece after a soft sign is romanized as if it began a word (є → ye, ю → yu, я → ya)
    out += m + romanizeUkrainian(next).toLowerCase();
  }
  return out;
}

// ---- the classes ----------------------------------------------------------------------------------------

export interface Holdout3Names extends Rendered {
  /** The class applied; 'clean' when it does not apply to this person (no soft sign, no full birth date…). */
  applied: Holdout3Class | 'clean';
  /** The birth date as the class writes it (the background's, changed by the date classes). */
  birth: string;
}

/**
 * A person's names (and birth date) written by class `cls`; `base` is the record's rendering in its drawn script,
 * `birth` the background's birth date for it (ISO, full or partial, or '').
 */
export function holdout3Names(
  p: PersonNames,
  row: CanonicalCsvRow,
  base: Rendered,
  birth: string,
  cls: Holdout3Class,
  rand: () => number,
): Holdout3Names {
  const clean = (): Holdout3Names => ({ ...base, birth, applied: 'clean' });
  const cyr = CYRILLIC.test(base.family);
  const russian = cyr && base.given === p.givenRu && p.givenRu !== p.givenUk;
  const each = (f: (s: string) => string): Rendered => ({
    family: f(base.family),
    given: f(base.given),
    patronymic: f(base.patronymic),
  });
  switch (cls) {
    case 'layout': {
      // Russian text is typed in the Russian layout, Ukrainian in the Ukrainian (the other has no і, ї, є, ґ or
      // ы, э, ъ, ё); Latin text in either. A letter with no key in the layout (ł, ü, ś) is not typed so: clean.
      const other = rand() < 0.3;
      const ru = cyr ? russian : other;
      const out = each((s) => (cyr ? typedInLatinLayout(s, ru) : typedInCyrillicLayout(s, ru)));
      const untyped = cyr ? /[\u0400-\u04ff]/u : /[A-Za-z\u00c0-\u024f]/u;
      if ([out.family, out.given, out.patronymic].some((s) => untyped.test(s))) return clean();
      return { ...out, birth, applied: cls };
    }
    case 'invisible': {
      const field = pickOne(['family', 'given', 'family'] as const, rand);
      return { ...base, [field]: withInvisible(base[field], rand), birth, applied: cls };
    }
    case 'combining': {
      if (!cyr) return clean();
      const out = each((s) => withCombining(s, rand));
      if (out.family === base.family && out.given === base.given && out.patronymic === base.patronymic)
        return clean();
      return { ...out, birth, applied: cls };
    }
    case 'date_us': {
      const b = usDate(birth, rand);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'excel_serial': {
      const b = excelSerial(birth);
      return b === birth ? clean() : { ...base, birth: b, applied: cls };
    }
    case 'given_first': {
      const words = [base.given, base.patronymic, base.family].filter((x) => x !== '');
      if (words.length < 2) return clean();
      const family = cyr || rand() < 0.5 ? words.join(' ') : `${base.given} ${base.family}`;
      return { family, given: '', patronymic: '', birth, applied: cls };
    }
    case 'double_given': {
      const sex = row.sex === 'female' ? 'female' : 'male';
      const list = (russian ? SECOND_RU : SECOND_UK)[sex].filter((n) => n !== p.givenUk && n !== p.givenRu);
      let second = pickOne(list, rand);
      if (!cyr) second = romanizeUkrainian(pickOne(SECOND_UK[sex], rand));
      const sep = sex === 'female' || rand() < 0.3 ? '-' : ' ';
      return { ...base, given: `${base.given}${sep}${second}`, birth, applied: cls };
    }
    case 'phone': {
      if (!cyr) return clean();
      const first: 'family' | 'given' = rand() < 0.7 ? 'family' : 'given';
      for (const field of [first, first === 'family' ? 'given' : 'family'] as const) {
        const h = heardOnPhone(base[field], rand);
        if (h !== null) return { ...base, [field]: h, birth, applied: cls };
      }
      return clean();
    }
    case 'soft_sign': {
      const src = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
      if (![src.family, src.given, src.patronymic].some((s) => /ь/iu.test(s))) return clean();
      const out: Rendered = {
        family: softSignLatin(src.family, rand) ?? romanizeUkrainian(src.family),
        given: softSignLatin(src.given, rand) ?? romanizeUkrainian(src.given),
        patronymic:
          base.patronymic === ''
            ? ''
            : (softSignLatin(src.patronymic, rand) ?? romanizeUkrainian(src.patronymic)),
      };
      return { ...out, birth, applied: cls };
    }
    case 'russified': {
      if (p.givenRu === p.givenUk && p.patronymicRu === p.patronymicUk) return clean();
      return {
        family: p.familyUk,
        given: p.givenRu,
        patronymic: base.patronymic === '' ? '' : p.patronymicRu,
        birth: movedByDays(birth, rand),
        applied: cls,
      };
    }
  }
}

// ---- search queries -------------------------------------------------------------------------------------

function holdout3Query(n: Holdout3Names, rand: () => number): string {
  if (n.applied === 'given_first') return queryWords(n.family, n.given, n.patronymic);
  return eitherOrder(n, rand);
}

/**
 * Third hold-out search queries (NOISE=holdout3 in eval:search): a target drawn uniformly, its names written by
 * one class (not the date classes: a search's birth is its own ISO field), the patronymic dropped in 40%, birth as
 * in NOISE_RATES (the russified class moves it by days). Labels: `holdout3:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function generateHoldout3Queries(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
): EvalSet {
  const model = { name: 'holdout3', prefix: 'h3', seed: (s: number) => s * 41 + 13 };
  return holdoutQuerySet(population, opts, model, (row, names, style, rand) => {
    let cls = pickShare(HOLDOUT3_CLASSES, rand());
    if (cls === 'date_us' || cls === 'excel_serial') cls = rand() < 0.5 ? 'layout' : 'phone';
    const base = renderNames(names, style, rand);
    const birth = noisyBirth(row.birth_date, pickShare(NOISE_RATES.birth, rand()), rand);
    const written = holdout3Names(names, row, base, birth.birth, cls, rand);
    if (written.applied !== 'given_first' && written.patronymic !== '' && rand() < NOISE_RATES.dropPatronymic)
      written.patronymic = '';
    return {
      q: holdout3Query(written, rand),
      birth: written.birth,
      applied: written.applied,
      birthLabel: birth.label,
      withPatronymic:
        written.patronymic !== '' || (written.applied === 'given_first' && base.patronymic !== ''),
    };
  });
}
