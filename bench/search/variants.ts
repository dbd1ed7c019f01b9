/**
 * A labelled variant generator for the person-search evaluation (issue "Name engine and person search").
 *
 * Given a registry population (rows from `generatePopulation`: one row = one generated person, person key =
 * `external_id`), it writes queries the way another source would write one of those persons: in Ukrainian
 * or Russian Cyrillic, in one of several Latin spellings, in another word order, without the patronymic,
 * in capitals, with a typo or an OCR confusion, with a birth date that is full, a year, off by a year,
 * day/month swapped or absent. Every query states its intended person (`target`) and the transformations
 * applied (`noise`), and whether the registry's data can tell its target apart from every other person
 * (`distinguishable`).
 *
 * It also plants homonyms: for a share of queries it adds a registry row for a different person with the
 * same name and a different birth date (`planted`), and the query is about one of the two. The registry to
 * import is `population` followed by `planted`.
 *
 * The noise model and its rates are `NOISE_RATES` (documented in README.md). The same population, options
 * and seed always give the same queries; randomness comes from a seeded mulberry32, never Math.random.
 * Everything is generated: no real person's data.
 */
import {
  SEED_GIVEN_NAME_CLASSES,
  type GivenNameClass,
  RUSSIAN_SURNAMES,
  type SurnameEntry,
  UKRAINIAN_SURNAMES,
  patronymicOf,
  romanizeRussian,
  romanizeUkrainian,
} from '@homecoming/names';
import type { CanonicalCsvRow } from '../../packages/server/src/modules/registry/vocabulary.js';
import { mulberry32 } from '../../packages/server/src/seed/population.js';
import { realisticSurnameEntry } from '../../packages/server/src/seed/realistic.js';

/** The generator's seeded PRNG, shared with the population generator. */
export { mulberry32 };

/** One search query with its label. */
export interface Query {
  query_id: string;
  /** The free-text name as the other source wrote it. */
  q: string;
  /** Birth info as the other source gave it: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or '' when absent. */
  birth: string;
  /** external_id of the intended person. */
  target: string;
  /** The transformations applied, as `kind:value` labels (see NOISE_RATES and README.md). */
  noise: string[];
  /**
   * False when the registry holds another person with the same Ukrainian family name and given-name class
   * (and the same father's name class, if the query has a patronymic and that person's record has one) whose
   * birth agrees with the query's birth info at least as well as the target's does: no method could tell
   * them apart.
   */
  distinguishable: boolean;
}

export type ScriptStyle = 'uk' | 'ru' | 'kmu' | 'icao' | 'bgn' | 'de' | 'pl' | 'en';
export type NameOrder = 'family_given' | 'given_family' | 'caps_family' | 'comma' | 'initials';
export type BirthNoise = 'full' | 'year' | 'year_off' | 'swap' | 'absent';
export type TypoKind = 'substitution' | 'deletion' | 'transposition' | 'doubling';

/** The noise model. Each group of shares sums to 1; the other rates are independent probabilities. */
export interface NoiseRates {
  /** How the source writes the name (script and romanization system). */
  script: Readonly<Record<ScriptStyle, number>>;
  /** Word order and layout. */
  order: Readonly<Record<NameOrder, number>>;
  /** Of targets that have a patronymic: the query leaves it out. */
  dropPatronymic: number;
  /** The whole query in capitals. */
  allCaps: number;
  /** One typing error; its kind is drawn uniformly from TypoKind. */
  typo: number;
  /** One OCR confusion (applied after the typo, if any). */
  ocr: number;
  /**
   * Birth info, for targets with a full birth date. 'swap' applies only when day ≤ 12 and day ≠ month
   * (otherwise the full date is given); with a partial registry date, 'full' and 'swap' give what is known;
   * with none, the query has none ('birth:absent').
   */
  birth: Readonly<Record<BirthNoise, number>>;
  /** Queries for which a same-name person with a different birth date is planted in the registry. */
  plantedHomonym: number;
}

export const NOISE_RATES: NoiseRates = {
  script: { uk: 0.25, ru: 0.2, kmu: 0.2, icao: 0.1, bgn: 0.05, de: 0.05, pl: 0.05, en: 0.1 },
  order: { family_given: 0.4, given_family: 0.2, caps_family: 0.15, comma: 0.15, initials: 0.1 },
  dropPatronymic: 0.4,
  allCaps: 0.1,
  typo: 0.15,
  ocr: 0.05,
  birth: { full: 0.55, year: 0.15, year_off: 0.07, swap: 0.05, absent: 0.18 },
  plantedHomonym: 0.05,
};

export interface VariantOptions {
  /** Number of queries. */
  queries: number;
  seed?: number;
  rates?: NoiseRates;
  /** Prefix of planted rows' external_ids (default 'hom'). */
  plantedPrefix?: string;
}

export interface EvalSet {
  queries: Query[];
  /** Planted homonym rows; the registry to import is the population followed by these. */
  planted: CanonicalCsvRow[];
}

// ---------------------------------------------------------------------------------------------------------
// Randomness

export function pickShare<K extends string>(shares: Readonly<Record<K, number>>, r: number): K {
  const keys = Object.keys(shares) as K[];
  let acc = 0;
  for (const key of keys) {
    acc += shares[key];
    if (r < acc) return key;
  }
  return keys[keys.length - 1] as K;
}

/** One of `items`, drawn by `rand` (the hold-out models draw their forms with it too). */
export function pickOne<T>(items: readonly T[], rand: () => number): T {
  return items[Math.floor(rand() * items.length)] as T;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding a registry row into its Ukrainian and Russian forms

/** A person's name in both Cyrillic spellings, and the keys that say "same name". */
export interface PersonNames {
  familyUk: string;
  familyRu: string;
  givenUk: string;
  givenRu: string;
  /** Given-name class id (or the lowercased name when it is in no class). */
  givenKey: string;
  givenClass: GivenNameClass | undefined;
  patronymicUk: string;
  patronymicRu: string;
  /** Father's given-name class id; '' when the row has no patronymic. */
  fatherKey: string;
}

const UK_TO_RU_LETTERS: Readonly<Record<string, string>> = { і: 'и', и: 'ы', є: 'е', ї: 'и', ґ: 'г' };
const RU_TO_UK_LETTERS: Readonly<Record<string, string>> = { и: 'і', ы: 'и', э: 'е', ё: 'е', ъ: "'" };
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

function mapLetters(text: string, table: Readonly<Record<string, string>>, dropApostrophes: boolean): string {
  let out = '';
  for (const ch of text) {
    if (dropApostrophes && APOSTROPHES.has(ch)) continue;
    const lower = ch.toLowerCase();
    const mapped = table[lower];
    if (mapped === undefined) out += ch;
    else out += ch === lower ? mapped : mapped.toUpperCase();
  }
  return out;
}

/** Letter-level Ukrainian → Russian Cyrillic for names not in the tables: і→и, и→ы, є→е, ї→и, ґ→г, ' dropped. */
export function ukToRuLetters(text: string): string {
  return mapLetters(text, UK_TO_RU_LETTERS, true);
}

interface SurnameHit {
  entry: SurnameEntry;
  feminine: boolean;
}

const surnameIndex = new Map<string, SurnameHit>();
const givenIndex = new Map<string, GivenNameClass>();
/** `${sex}|${patronymic}` → father's class. */
const patronymicIndex = new Map<string, GivenNameClass>();

for (const entry of [...UKRAINIAN_SURNAMES, ...RUSSIAN_SURNAMES]) {
  for (const [form, feminine] of [
    [entry.uk, false],
    [entry.ru, false],
    [entry.ukFeminine, true],
    [entry.ruFeminine, true],
  ] as const) {
    if (form !== undefined && !surnameIndex.has(form)) surnameIndex.set(form, { entry, feminine });
  }
}
// The seed classes only: the noise the benches write (and the namesakes they draw) stays what it was when the names
// package learnt the long tail (nm17), so that the benches measure the matching, not a new noise model.
for (const cls of SEED_GIVEN_NAME_CLASSES) {
  for (const form of [...cls.uk, ...cls.ru]) if (!givenIndex.has(form)) givenIndex.set(form, cls);
  if (cls.sex !== 'male') continue;
  for (const sex of ['male', 'female'] as const) {
    for (const lang of ['uk', 'ru'] as const) {
      const key = `${sex}|${patronymicOf(cls, sex, lang)}`;
      if (!patronymicIndex.has(key)) patronymicIndex.set(key, cls);
    }
  }
}

/** A surname of the realistic profile (seed/realistic.ts), with whether the form is its feminine one. */
function realisticHit(form: string): SurnameHit | undefined {
  const entry = realisticSurnameEntry(form);
  if (entry === undefined) return undefined;
  return { entry, feminine: form === entry.ukFeminine || form === entry.ruFeminine };
}

/** The Ukrainian and Russian forms of a row's names, whichever script the row is written in. */
export function personNames(row: CanonicalCsvRow): PersonNames {
  const sex = row.sex === 'female' ? 'female' : 'male';
  const hit = surnameIndex.get(row.family_name) ?? realisticHit(row.family_name);
  let familyUk = row.family_name;
  let familyRu = ukToRuLetters(row.family_name);
  if (hit !== undefined) {
    const feminine = hit.feminine || sex === 'female';
    familyUk = (feminine ? hit.entry.ukFeminine : undefined) ?? hit.entry.uk;
    familyRu = (feminine ? hit.entry.ruFeminine : undefined) ?? hit.entry.ru;
  } else if (/[ыэёъ]/i.test(row.family_name)) {
    familyRu = row.family_name;
    familyUk = mapLetters(row.family_name, RU_TO_UK_LETTERS, false);
  }

  const cls = givenIndex.get(row.given_name);
  let givenUk = row.given_name;
  let givenRu = ukToRuLetters(row.given_name);
  if (cls !== undefined) {
    givenUk = cls.uk.includes(row.given_name) ? row.given_name : (cls.uk[0] ?? row.given_name);
    givenRu = cls.ru.includes(row.given_name) ? row.given_name : (cls.ru[0] ?? row.given_name);
  }

  let patronymicUk = '';
  let patronymicRu = '';
  let fatherKey = '';
  if (row.patronymic !== '') {
    const father = patronymicIndex.get(`${sex}|${row.patronymic}`);
    if (father !== undefined) {
      patronymicUk = patronymicOf(father, sex, 'uk');
      patronymicRu = patronymicOf(father, sex, 'ru');
      fatherKey = father.id;
    } else {
      patronymicUk = row.patronymic;
      patronymicRu = ukToRuLetters(row.patronymic);
      fatherKey = row.patronymic.toLowerCase();
    }
  }

  return {
    familyUk,
    familyRu,
    givenUk,
    givenRu,
    givenKey: cls?.id ?? row.given_name.toLowerCase(),
    givenClass: cls,
    patronymicUk,
    patronymicRu,
    fatherKey,
  };
}

// ---------------------------------------------------------------------------------------------------------
// German- and Polish-style spellings of Ukrainian (reference/names.md §5.5, simplified)

const UK_VOWELS = new Set('аеєиіїоуюя');

function titleLike(source: string, latin: string): string {
  if (latin === '' || source === source.toLowerCase()) return latin;
  return (latin[0] as string).toUpperCase() + latin.slice(1);
}

const DE: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'je',
  ж: 'sch',
  з: 's',
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
  ц: 'z',
  ч: 'tsch',
  ш: 'sch',
  щ: 'schtsch',
  ю: 'ju',
  я: 'ja',
};

/**
 * German (Duden-style) spelling of a Ukrainian name: в w, ж/ш sch, з s, с s (ss between vowels), х ch,
 * ц z, ч tsch, щ schtsch, є je, ї ji, й j, ю ju, я ja, ь j before a vowel and dropped otherwise,
 * apostrophe dropped. Шевченко → Schewtschenko, Хмельницький → Chmelnyzkyj.
 */
export function toGermanStyle(text: string): string {
  const chars = [...text];
  let out = '';
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const prev = chars[i - 1]?.toLowerCase();
    const next = chars[i + 1]?.toLowerCase();
    let latin: string | undefined;
    if (
      lower === 'с' &&
      prev !== undefined &&
      next !== undefined &&
      UK_VOWELS.has(prev) &&
      UK_VOWELS.has(next)
    ) {
      latin = 'ss';
    } else if (lower === 'ь') {
      latin = next !== undefined && UK_VOWELS.has(next) ? 'j' : '';
    } else if (APOSTROPHES.has(ch)) {
      latin = '';
    } else {
      latin = DE[lower];
    }
    out += latin === undefined ? ch : titleLike(ch, latin);
  });
  return out;
}

const PL: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ж: 'ż',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'ji',
  й: 'j',
  к: 'k',
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
  ч: 'cz',
  ш: 'sz',
  щ: 'szcz',
};
const PL_SOFT: Readonly<Record<string, string>> = { н: 'ń', с: 'ś', з: 'ź', ц: 'ć' };
const PL_L_SOFT_BEFORE = new Set('яєюіїь');
const PL_IOTATED: Readonly<Record<string, string>> = { є: 'e', ю: 'u', я: 'a' };

function polishWord(word: string): string {
  const lowerWord = word.toLowerCase();
  for (const [ending, latin] of [
    ['ський', 'ski'],
    ['цький', 'cki'],
    ['ська', 'ska'],
    ['цька', 'cka'],
  ] as const) {
    if (lowerWord.length > ending.length + 1 && lowerWord.endsWith(ending)) {
      return polishWord(word.slice(0, -ending.length)) + latin;
    }
  }
  const chars = [...word];
  let out = '';
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const prevCh = chars[i - 1];
    const prev = prevCh?.toLowerCase();
    const next = chars[i + 1]?.toLowerCase();
    let latin: string | undefined;
    const iotated = PL_IOTATED[lower];
    if (iotated !== undefined) {
      const initial =
        prevCh === undefined || APOSTROPHES.has(prevCh) || (prev !== undefined && UK_VOWELS.has(prev));
      latin = initial ? `j${iotated}` : prev === 'л' ? iotated : `i${iotated}`;
    } else if (lower === 'л') {
      latin = next !== undefined && PL_L_SOFT_BEFORE.has(next) ? 'l' : 'ł';
    } else if (next === 'ь' && PL_SOFT[lower] !== undefined) {
      latin = PL_SOFT[lower];
    } else if (lower === 'ь') {
      latin = next === 'о' ? 'i' : '';
    } else if (APOSTROPHES.has(ch)) {
      latin = '';
    } else {
      latin = PL[lower];
    }
    out += latin === undefined ? ch : titleLike(ch, latin);
  });
  return out;
}

/**
 * Polish (PWN-style) spelling of a Ukrainian name: в w, ж ż, ч cz, ш sz, щ szcz, ц c, х ch, й j, ї ji,
 * л ł (l before я є ю і ї ь), є/ю/я je/ju/ja at word start or after a vowel or apostrophe, e/u/a after л,
 * ie/iu/ia elsewhere; нь сь зь ць → ń ś ź ć, other ь dropped (i before о); -ський/-цький → -ski/-cki.
 * Олександр → Ołeksandr, Шевченко → Szewczenko, Зеленський → Zełenski.
 */
export function toPolishStyle(text: string): string {
  return text.replace(/[\p{L}'’ʼ`]+/gu, (word) => polishWord(word));
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

export interface Rendered {
  family: string;
  given: string;
  patronymic: string;
}

const ASCII_WORD = /^[A-Za-z]+$/;

/** English / older-passport spellings of a class: ASCII forms in its latin list that are not KMU or ICAO. */
function englishForms(cls: GivenNameClass): string[] {
  const official = new Set([
    ...cls.uk.map((f) => romanizeUkrainian(f)),
    ...cls.ru.map((f) => romanizeRussian(f, 'icao')),
  ]);
  return cls.latin.filter((f) => ASCII_WORD.test(f) && !/[wj]/i.test(f) && !official.has(f));
}

/**
 * A person's three name parts as a source in the given style writes them. `rand` is drawn only for the
 * English style (which spelling of the given name).
 */
export function renderNames(p: PersonNames, style: ScriptStyle, rand: () => number): Rendered {
  const uk = { family: p.familyUk, given: p.givenUk, patronymic: p.patronymicUk };
  const ru = { family: p.familyRu, given: p.givenRu, patronymic: p.patronymicRu };
  const each = (forms: Rendered, f: (s: string) => string): Rendered => ({
    family: f(forms.family),
    given: f(forms.given),
    patronymic: f(forms.patronymic),
  });
  switch (style) {
    case 'uk':
      return uk;
    case 'ru':
      return ru;
    case 'kmu':
      return each(uk, romanizeUkrainian);
    case 'icao':
      return each(ru, (s) => romanizeRussian(s, 'icao'));
    case 'bgn':
      return each(ru, (s) => romanizeRussian(s, 'bgn'));
    case 'de':
      return each(uk, toGermanStyle);
    case 'pl':
      return each(uk, toPolishStyle);
    case 'en': {
      // An English-language source: surname and patronymic by KMU or by ICAO of the Russian form (as on
      // older or Russian-issued documents), the given name in a common English spelling where the class
      // has one, else the ICAO spelling of its Russian form.
      const base = rand() < 0.5 ? each(uk, romanizeUkrainian) : each(ru, (s) => romanizeRussian(s, 'icao'));
      const forms = p.givenClass === undefined ? [] : englishForms(p.givenClass);
      const given = forms.length > 0 ? pickOne(forms, rand) : romanizeRussian(p.givenRu, 'icao');
      return { ...base, given };
    }
  }
}

function initial(word: string): string {
  const first = [...word][0];
  return first === undefined ? '' : `${first.toUpperCase()}.`;
}

function arrange(r: Rendered, order: NameOrder): string {
  const parts = (...xs: string[]): string => xs.filter((x) => x !== '').join(' ');
  switch (order) {
    case 'family_given':
      return parts(r.family, r.given, r.patronymic);
    case 'given_family':
      return parts(r.given, r.patronymic, r.family);
    case 'caps_family':
      return parts(r.family.toUpperCase(), r.given, r.patronymic);
    case 'comma':
      return `${r.family}, ${parts(r.given, r.patronymic)}`;
    case 'initials':
      return parts(r.family, initial(r.given), r.patronymic === '' ? '' : initial(r.patronymic));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Typos and OCR

/** Keyboard rows: QWERTY, and the Ukrainian and Russian ЙЦУКЕН layouts. Neighbours are left/right keys. */
const KEYBOARD_ROWS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'йцукенгшщзхї',
  'фівапролджє',
  'йцукенгшщзхъ',
  'фывапролджэ',
  'ячсмитьбю',
];
const NEIGHBOURS = new Map<string, string[]>();
for (const row of KEYBOARD_ROWS) {
  const keys = [...row];
  keys.forEach((key, i) => {
    const list = NEIGHBOURS.get(key) ?? [];
    for (const n of [keys[i - 1], keys[i + 1]]) if (n !== undefined && !list.includes(n)) list.push(n);
    NEIGHBOURS.set(key, list);
  });
}

const LETTER = /\p{L}/u;

/** Positions of letters inside words of three letters or more (initials are left alone). */
function typoPositions(q: string): number[] {
  const positions: number[] = [];
  for (const m of q.matchAll(/\p{L}{3,}/gu)) {
    for (let i = 0; i < m[0].length; i++) positions.push((m.index ?? 0) + i);
  }
  return positions;
}

const withCase = (source: string, ch: string): string =>
  source === source.toLowerCase() ? ch : ch.toUpperCase();

/** Applies one typo; returns the new text and the kind actually applied (falling back when impossible). */
export function applyTypo(
  q: string,
  kind: TypoKind,
  rand: () => number,
): { q: string; kind: TypoKind } | null {
  const positions = typoPositions(q);
  if (positions.length === 0) return null;
  if (kind === 'substitution') {
    const usable = positions.filter((i) => NEIGHBOURS.has((q[i] as string).toLowerCase()));
    if (usable.length === 0) return applyTypo(q, 'deletion', rand);
    const i = pickOne(usable, rand);
    const ch = q[i] as string;
    const n = pickOne(NEIGHBOURS.get(ch.toLowerCase()) as string[], rand);
    return { q: q.slice(0, i) + withCase(ch, n) + q.slice(i + 1), kind };
  }
  if (kind === 'transposition') {
    const usable = positions.filter((i) => LETTER.test(q[i + 1] ?? '') && q[i] !== q[i + 1]);
    if (usable.length === 0) return applyTypo(q, 'doubling', rand);
    const i = pickOne(usable, rand);
    return { q: q.slice(0, i) + (q[i + 1] as string) + (q[i] as string) + q.slice(i + 2), kind };
  }
  const i = pickOne(positions, rand);
  if (kind === 'deletion') return { q: q.slice(0, i) + q.slice(i + 1), kind };
  return { q: q.slice(0, i + 1) + (q[i] as string) + q.slice(i + 1), kind };
}

/** OCR confusions: [seen, read as]. */
export const OCR_CYRILLIC: readonly (readonly [string, string])[] = [
  ['ш', 'щ'],
  ['щ', 'ш'],
  ['и', 'н'],
  ['н', 'и'],
  ['е', 'с'],
  ['с', 'е'],
  ['і', '1'],
  ['о', '0'],
  ['Ш', 'Щ'],
  ['Щ', 'Ш'],
  ['И', 'Н'],
  ['Н', 'И'],
  ['Е', 'С'],
  ['С', 'Е'],
  ['І', '1'],
  ['О', '0'],
];
export const OCR_LATIN: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['m', 'rn'],
  ['l', '1'],
  ['O', '0'],
  ['o', '0'],
  ['cl', 'd'],
  ['d', 'cl'],
];

/** Applies one OCR confusion at a random applicable place, or returns null when none applies. */
export function applyOcr(q: string, cyrillic: boolean, rand: () => number): string | null {
  const places: [number, string, string][] = [];
  for (const [from, to] of cyrillic ? OCR_CYRILLIC : OCR_LATIN) {
    for (let i = q.indexOf(from); i !== -1; i = q.indexOf(from, i + 1)) places.push([i, from, to]);
  }
  if (places.length === 0) return null;
  const [i, from, to] = pickOne(places, rand);
  return q.slice(0, i) + to + q.slice(i + from.length);
}

// ---------------------------------------------------------------------------------------------------------
// Birth info

interface BirthParts {
  y: number;
  m?: number;
  d?: number;
}

export function parseBirth(text: string): BirthParts | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (m === null) return undefined;
  const parts: BirthParts = { y: Number(m[1]) };
  if (m[2] !== undefined) parts.m = Number(m[2]);
  if (m[3] !== undefined) parts.d = Number(m[3]);
  return parts;
}

function formatBirth(p: BirthParts): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  if (p.m === undefined) return String(p.y);
  if (p.d === undefined) return `${p.y}-${two(p.m)}`;
  return `${p.y}-${two(p.m)}-${two(p.d)}`;
}

export function noisyBirth(
  registry: string,
  wanted: BirthNoise,
  rand: () => number,
): { birth: string; label: BirthNoise } {
  const parts = parseBirth(registry);
  if (parts === undefined || wanted === 'absent') return { birth: '', label: 'absent' };
  switch (wanted) {
    case 'year':
      return { birth: String(parts.y), label: 'year' };
    case 'year_off':
      return { birth: formatBirth({ ...parts, y: parts.y + (rand() < 0.5 ? -1 : 1) }), label: 'year_off' };
    case 'swap':
      if (parts.m !== undefined && parts.d !== undefined && parts.d <= 12 && parts.d !== parts.m) {
        return { birth: formatBirth({ y: parts.y, m: parts.d, d: parts.m }), label: 'swap' };
      }
      return { birth: registry, label: 'full' };
    case 'full':
      return { birth: registry, label: 'full' };
  }
}

/**
 * How well a record's birth date agrees with a query's birth info, higher is better: 2 + the number of
 * components (year, month, day) both state when all of those are equal (3…5); 1.5 when the difference is
 * one the noise model makes (year off by one, day and month swapped); 1 when either side is unknown;
 * 0 when they contradict.
 */
export function birthAgreement(query: string, record: string): number {
  const q = parseBirth(query);
  const r = parseBirth(record);
  if (q === undefined || r === undefined) return 1;
  const common: ('y' | 'm' | 'd')[] = ['y'];
  if (q.m !== undefined && r.m !== undefined) common.push('m');
  if (q.d !== undefined && r.d !== undefined && common.includes('m')) common.push('d');
  if (common.every((c) => q[c] === r[c])) return 2 + common.length;
  const restEqual = common.filter((c) => c !== 'y').every((c) => q[c] === r[c]);
  if (Math.abs(q.y - r.y) === 1 && restEqual) return 1.5;
  if (q.y === r.y && q.m !== undefined && q.d !== undefined && q.m === r.d && q.d === r.m) return 1.5;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// The generator

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A different person with the same name: same row, another id, another birth date, no unit or number. */
function plantTwin(row: CanonicalCsvRow, externalId: string, rand: () => number): CanonicalCsvRow {
  const parts = parseBirth(row.birth_date);
  const shift = (2 + Math.floor(rand() * 9)) * (rand() < 0.5 ? -1 : 1);
  // Never a birth in the future (the registry would reject the twin): shift back instead.
  const y =
    parts === undefined
      ? 1960 + Math.floor(rand() * 45)
      : parts.y + shift > 2024
        ? parts.y - Math.abs(shift)
        : parts.y + shift;
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * (DAYS_IN_MONTH[m - 1] as number));
  return {
    ...row,
    external_id: externalId,
    birth_date: formatBirth({ y, m, d }),
    unit: '',
    service_number: '',
  };
}

export interface Draft {
  query: Query;
  names: PersonNames;
  /** Whether the query carries a patronymic (then it counts for "same name"). */
  withPatronymic: boolean;
  twin: string | undefined;
}

/**
 * Generates `opts.queries` labelled queries about persons of `population` (targets drawn uniformly, with
 * replacement), and the planted homonym rows. Deterministic for (population, options).
 */
export function generateQueries(population: readonly CanonicalCsvRow[], opts: VariantOptions): EvalSet {
  if (population.length === 0) throw new Error('generateQueries: empty population');
  const rates = opts.rates ?? NOISE_RATES;
  const rand = mulberry32(opts.seed ?? 1);
  const prefix = opts.plantedPrefix ?? 'hom';
  const planted: CanonicalCsvRow[] = [];
  const drafts: Draft[] = [];

  for (let n = 1; n <= opts.queries; n++) {
    const noise: string[] = [];
    const original = population[Math.floor(rand() * population.length)] as CanonicalCsvRow;
    let row = original;
    let twin: string | undefined;
    if (rand() < rates.plantedHomonym) {
      const twinRow = plantTwin(original, `${prefix}-${String(planted.length + 1).padStart(9, '0')}`, rand);
      planted.push(twinRow);
      if (rand() < 0.5) {
        row = twinRow;
        twin = original.external_id;
      } else {
        twin = twinRow.external_id;
      }
      noise.push('homonym:planted');
    }

    const names = personNames(row);
    const style = pickShare(rates.script, rand());
    noise.push(`script:${style}`);
    const rendered = renderNames(names, style, rand);
    const dropDraw = rand();
    if (rendered.patronymic !== '' && dropDraw < rates.dropPatronymic) {
      rendered.patronymic = '';
      noise.push('patronymic:missing');
    }
    const order = pickShare(rates.order, rand());
    noise.push(`order:${order}`);
    let q = arrange(rendered, order);
    if (rand() < rates.allCaps) {
      q = q.toUpperCase();
      noise.push('caps');
    }
    const typoDraw = rand();
    const typoKind = pickOne(['substitution', 'deletion', 'transposition', 'doubling'] as const, rand);
    if (typoDraw < rates.typo) {
      const typo = applyTypo(q, typoKind, rand);
      if (typo !== null) {
        q = typo.q;
        noise.push(`typo:${typo.kind}`);
      }
    }
    if (rand() < rates.ocr) {
      const ocr = applyOcr(q, style === 'uk' || style === 'ru', rand);
      if (ocr !== null) {
        q = ocr;
        noise.push('ocr');
      }
    }
    const birth = noisyBirth(row.birth_date, pickShare(rates.birth, rand()), rand);
    noise.push(`birth:${birth.label}`);

    drafts.push({
      query: {
        query_id: `q-${String(n).padStart(6, '0')}`,
        q,
        birth: birth.birth,
        target: row.external_id,
        noise,
        distinguishable: true,
      },
      names,
      withPatronymic: rendered.patronymic !== '',
      twin,
    });
  }

  markDistinguishable(population, planted, drafts);
  return { queries: drafts.map((d) => d.query), planted };
}

/** A query as a hold-out model writes it (bench/holdout*.ts). */
export interface WrittenQuery {
  q: string;
  birth: string;
  /** The model's class that wrote it. */
  applied: string;
  birthLabel: string;
  withPatronymic: boolean;
}

/** A query of the words given, those not empty, joined by a space. */
export const queryWords = (...xs: string[]): string => xs.filter((x) => x.trim() !== '').join(' ');

/**
 * A hold-out query in the order people type a name: family name first in 70%, else given name and
 * patronymic first (one draw of `rand`).
 */
export function eitherOrder(
  n: { family: string; given: string; patronymic: string },
  rand: () => number,
): string {
  return rand() < 0.7
    ? queryWords(n.family, n.given, n.patronymic)
    : queryWords(n.given, n.patronymic, n.family);
}

/**
 * The hold-out models' search queries: a target drawn uniformly and the script of its base rendering (no English
 * rendering), then `write` writes the query in its model's own way and order. Ids `<prefix>-000001`; labels
 * `<model>:<class>`, `script:<style>`, `birth:<noise>`.
 */
export function holdoutQuerySet(
  population: readonly CanonicalCsvRow[],
  opts: { queries: number; seed?: number },
  model: { name: string; prefix: string; seed: (seed: number) => number },
  write: (row: CanonicalCsvRow, names: PersonNames, style: ScriptStyle, rand: () => number) => WrittenQuery,
): EvalSet {
  const rand = mulberry32(model.seed(opts.seed ?? 1));
  const drafts: Draft[] = [];
  const styles = { ...NOISE_RATES.script, en: 0 };
  for (let k = 1; k <= opts.queries; k++) {
    const row = population[Math.floor(rand() * population.length)] as CanonicalCsvRow;
    const names = personNames(row);
    const style = pickShare(styles, rand());
    const w = write(row, names, style, rand);
    drafts.push({
      query: {
        query_id: `${model.prefix}-${String(k).padStart(6, '0')}`,
        q: w.q,
        birth: w.birth,
        target: row.external_id,
        noise: [`${model.name}:${w.applied}`, `script:${style}`, `birth:${w.birthLabel}`],
        distinguishable: true,
      },
      names,
      withPatronymic: w.withPatronymic,
      twin: undefined,
    });
  }
  markDistinguishable(population, [], drafts);
  return { queries: drafts.map((d) => d.query), planted: [] };
}

/**
 * The second pass over the whole registry (population + planted): marks natural homonyms and whether each
 * draft's target can be told apart (see Query.distinguishable).
 */
export function markDistinguishable(
  population: readonly CanonicalCsvRow[],
  planted: readonly CanonicalCsvRow[],
  drafts: readonly Draft[],
): void {
  const byName = new Map<string, { id: string; fatherKey: string; birth: string }[]>();
  for (const row of [...population, ...planted]) {
    const p = personNames(row);
    const key = `${p.familyUk.toLowerCase()}|${p.givenKey}`;
    const list = byName.get(key) ?? [];
    list.push({ id: row.external_id, fatherKey: p.fatherKey, birth: row.birth_date });
    byName.set(key, list);
  }
  const birthOf = new Map<string, string>();
  for (const row of [...population, ...planted]) birthOf.set(row.external_id, row.birth_date);

  for (const { query, names, withPatronymic, twin } of drafts) {
    const same = (byName.get(`${names.familyUk.toLowerCase()}|${names.givenKey}`) ?? []).filter(
      (o) =>
        o.id !== query.target &&
        (!withPatronymic || o.fatherKey === '' || names.fatherKey === '' || o.fatherKey === names.fatherKey),
    );
    if (same.some((o) => o.id !== twin)) query.noise.push('homonym:natural');
    const own = birthAgreement(query.birth, birthOf.get(query.target) ?? '');
    query.distinguishable = !same.some((o) => birthAgreement(query.birth, o.birth) >= own);
  }
}
