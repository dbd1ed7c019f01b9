/**
 * Comparison and blocking keys of a parsed name (DESIGN.md "Names are the hard part"): the family
 * skeleton, a coarse phonetic code of it, the given-name class, the father's class from the patronymic
 * and the given-name initial. Every script and standard spelling of one name gives the same keys, so
 * candidate retrieval is an index lookup.
 */
import { LONG_TAIL_CLASS_IDS } from './data/givenNames.js';
import { skeleton } from './fold.js';
import { readForeignFamilyName } from './foreignFamily.js';
import { memoize } from './memo.js';
import {
  equivalentClassOf,
  fatherClassOfFathersName,
  fatherClassOfPatronymic,
  givenNameClassOf,
  hasPatronymicEnding,
  isPatronymic,
} from './givenNameIndex.js';
import type { ParsedName } from './parse.js';
import { turkicPatronymicParts } from './turkic.js';

/** The keys of one name; null where the name has no such part. */
export interface NameKeys {
  /** Skeleton of the family name (`skeleton()`): шевченко, Shevchenko, Schewtschenko → shevchenko. */
  family: string | null;
  /** `phoneticKey` of the family skeleton: a coarser code for recall (Шевчанко, Szewczenko, Гнатюк/Gnatiuk). */
  familyPhonetic: string | null;
  /** Given-name class id (Микола, Nikolai → mykola), else 'x:' + skeleton of the given name. */
  given: string | null;
  /** The father's given-name class id from the patronymic (Сергеевич, Serhiiovych → serhii), else null. */
  father: string | null;
  /** First letter of the given name: of its class id when known (Александр → o), else of its skeleton or initial. */
  givenInitial: string | null;
}

/** Longest phonetic key. */
const MAX_PHONETIC = 8;

/**
 * Sound units of a skeleton, longest first, with their codes. Each rule and the renderings it exists for:
 * - shch, sh, zh → S: щ/ш/ж are one class, voiced and unvoiced merged (Шевчук/Zhevchuk; Щербак/Шербак);
 * - ch, kh, gh, g, h, k, c, q, x → K: ч/х/г/ґ/к meet. g/h merges Russian ICAO g with Ukrainian KMU h
 *   (Гнатюк: Hnatiuk/Gnatiuk; Гончаренко: Honcharenko/Goncharenko); kh/ch merges the German reading of ch
 *   as х with ч (Shewchenko folds to shevkhenko, Shevchenko to shevchenko); k/g is the voicing pair;
 * - b, p → P; d, t → T; z, s → Z (з/ц/с: Selenskyj/Zelenskyi); v, f, w → F (Ковальов/Kowalow/Kofal);
 * - l, m, n, r keep their own codes;
 * - a, e, i, o, u, y, j are vowels (j is the glide): dropped after the first unit (Шевчанко = Шевченко,
 *   Kovalov = Kovalev, Иванов = Иванова), and a first vowel is written 'A' whatever it is (Олексієнко/
 *   Алексеенко, Євтушенко/Евтушенко).
 */
const UNITS: readonly (readonly [string, string])[] = [
  ['shch', 'S'],
  ['sh', 'S'],
  ['zh', 'S'],
  ['ch', 'K'],
  ['kh', 'K'],
  ['gh', 'K'],
];
const LETTER_CODE: Readonly<Record<string, string>> = {
  g: 'K',
  h: 'K',
  k: 'K',
  c: 'K',
  q: 'K',
  x: 'K',
  b: 'P',
  p: 'P',
  d: 'T',
  t: 'T',
  z: 'Z',
  s: 'Z',
  v: 'F',
  f: 'F',
  w: 'F',
  l: 'L',
  m: 'M',
  n: 'N',
  r: 'R',
};
const VOWEL = 'A';

/**
 * A coarse phonetic code of a family-name skeleton (a–z words), for blocking and recall, at most 8 letters:
 * the units and codes above, vowels dropped after the first unit, then runs of one code collapsed
 * (Lysenko = Lyssenko, Kovalchuk: K F L K). Шевченко, Шевчанко, Shewchenko, Szewczenko → SFKNK; Коваленко
 * → KFLNK but Коваль → KFL. Spaces and hyphens are ignored (the words are read as one). Input that is not a
 * skeleton is folded by its a–z letters only; never throws.
 */
export function phoneticKey(skel: string): string {
  const s = skel
    .slice(0, 256)
    .toLowerCase()
    .replace(/[^a-z]/gu, '');
  const codes: string[] = [];
  let i = 0;
  while (i < s.length) {
    const unit = UNITS.find(([u]) => s.startsWith(u, i));
    let code: string;
    if (unit !== undefined) {
      code = unit[1];
      i += unit[0].length;
    } else {
      const ch = s[i] as string;
      code = LETTER_CODE[ch] ?? VOWEL;
      i += 1;
    }
    if (code === VOWEL && codes.length > 0) continue;
    if (codes[codes.length - 1] === code) continue;
    codes.push(code);
    if (codes.length >= MAX_PHONETIC) break;
  }
  return codes.join('');
}

/** Skeleton of a name part, or null when it has no Latin or Cyrillic letter. */
function skel(part: string | null): string | null {
  if (part === null) return null;
  const s = skeleton(part);
  return s === '' ? null : s;
}

/**
 * What a Latin given name with a Latvian or Lithuanian man's ending may have been written as in the passport the
 * registry copied from: -ijs / -ijus as -ij (Andrijs, Jurijus), -s after a consonant (Oleksandrs, Vadims), -as / -us
 * after one (Oleksandras, Ivanas) and -as as -o (Dmytras: Dmytro). Empty for anything else. Read only where the
 * whole name is no class's: Taras, Denys, Boris are names as written.
 */
function balticStems(given: string): string[] {
  if (!/^\p{Script=Latin}{4,}$/u.test(given)) return [];
  const w = given;
  if (/ij(?:u)?s$/iu.test(w)) return [w.replace(/(ij)(?:u)?s$/iu, '$1')];
  if (/[bcdfghklmnprtvzčšž](?:a|u)s$/iu.test(w)) return [w.slice(0, -2), `${w.slice(0, -2)}o`];
  if (/[bcdfghklmnprtvzčšž]s$/iu.test(w)) return [w.slice(0, -1)];
  return [];
}

/**
 * A Latin patronymic's ending as a Latvian registry (-ovičs, its s a case ending) or a Dutch or Swedish body
 * (-ovytsj, -ovytj, -ovitj) writes it, as the Czech-Latin -ovič it stands for (Petrovičs, Petrovytsj: Petrovič);
 * null else.
 */
function foreignPatronymic(patronymic: string): string | null {
  if (!/^\p{Script=Latin}{5,}$/u.test(patronymic)) return null;
  const m = /^(.*[oe]v)(?:ičs|yts?j|its?j)$/iu.exec(patronymic);
  return m === null ? null : `${m[1] as string}ič`;
}

/** The father's class of a patronymic written with a Latvian, Dutch or Swedish ending, or null. */
function foreignFatherClass(patronymic: string) {
  const read = foreignPatronymic(patronymic);
  return read === null ? null : fatherClassOfPatronymic(read);
}

/** The given-name class of a given-name part: the whole part, else its first word (Анна-Марія → hanna). */
function givenClass(given: string) {
  // A form the tables know, else another language's form of the name (Andrew, Johann), else the name without a
  // Latvian or Lithuanian ending (Andrijs, Oleksandras).
  const whole =
    givenNameClassOf(given) ??
    equivalentClassOf(given) ??
    balticStems(given)
      .map((stem) => givenNameClassOf(stem))
      .find((c) => c != null) ??
    null;
  if (whole !== null) return whole;
  const first = given.split(/[\s-]+/u).find((w) => w !== '');
  return first === undefined || first === given ? null : givenNameClassOf(first);
}

/** A small letter, a capital, then small letters only: how a word reads whose first two letters the Shift swapped. */
const SHIFT_SWAPPED = /^(\p{Ll})(\p{Lu})(\p{Ll}{2,})$/u;

/**
 * A given name whose first two letters a typist swapped, the Shift going with the second key ("tSanislav",
 * "lAla", "оКсана": Stanislav, Alla, Оксана), read with the two swapped back; else the name as written. No name
 * is written a small letter then a capital then small letters, and the swap is read only where the tables know
 * the name swapped back and not as written (lst4's (c): the skeleton read "tS" as ц, zanislav). A name of two
 * words, two capitals ("tSAnislav") or a capital further on is left as written.
 */
function unswappedGiven(given: string): string {
  const m = SHIFT_SWAPPED.exec(given);
  if (m === null || givenClass(given) !== null) return given;
  const back = `${m[2] as string}${m[1] as string}${m[3] as string}`;
  return givenClass(back) !== null ? back : given;
}

/** The comparison keys of a parsed name: family skeleton and phonetic code, given class, father class, initial. */
export function nameKeys(name: ParsedName): NameKeys {
  // A surname as a Belarusian, Czech, Baltic, Dutch or Swedish register writes it, as the Ukrainian one (foreignFamily.ts).
  const family = skel(name.family === null ? null : readForeignFamilyName(name.family));
  const givenRead = name.given === null ? null : unswappedGiven(name.given);
  const givenSkeleton = skel(givenRead);
  const cls = givenRead !== null && givenSkeleton !== null ? givenClass(givenRead) : null;
  const given = cls !== null ? cls.id : givenSkeleton !== null ? `x:${givenSkeleton}` : null;
  // A patronymic, else the father's given name written in its place ("Петро", "син Петра") beside a given name
  // that is no patronymic: "Петрович | Андрій" is the two fields swapped, Андрій the person's own name.
  const fathersName = name.given !== null && !isPatronymic(name.given) && !hasPatronymicEnding(name.given);
  // A Turkic patronymic ("Руслан оглы", "Русланович оглы": names/turkic.ts): the father's name before the particle.
  const turkic = name.patronymic !== null ? turkicPatronymicParts(name.patronymic) : null;
  const fatherClass =
    turkic !== null
      ? ((fatherClassOfPatronymic(turkic.father) ?? fatherClassOfFathersName(turkic.father))?.id ?? null)
      : name.patronymic !== null
        ? ((
            fatherClassOfPatronymic(name.patronymic) ??
            (fathersName ? fatherClassOfFathersName(name.patronymic) : null) ??
            foreignFatherClass(name.patronymic)
          )?.id ?? null)
        : null;
  // A father of the long tail (Остапович, Давидович, Родіонович) keys no father, as before the tables knew him: such
  // names cluster in a community, and a key on them draws chance namesakes into the blocks (nm17, mixed profile:
  // wrong automatic links 20 → 25 with the key). The patronymic's letters still compare.
  const father = fatherClass !== null && LONG_TAIL_CLASS_IDS.has(fatherClass) ? null : fatherClass;
  let givenInitial: string | null;
  if (cls !== null) givenInitial = cls.id.slice(0, 1);
  else if (givenSkeleton !== null) givenInitial = givenSkeleton.slice(0, 1);
  else {
    const first = name.initials[0];
    const s = first !== undefined ? skel(first) : null;
    givenInitial = s !== null ? s.slice(0, 1) : null;
  }
  return {
    family,
    familyPhonetic: family !== null ? phoneticKey(family) || null : null,
    given,
    father,
    givenInitial,
  };
}

/**
 * What `familyGlyphKey` rewrites, in order, on a family skeleton: the words joined; glyphs a scanner (or a
 * tired eye) confuses made one — Latin rn/m, lc/k (which folds to lk before a, o, u, and to lz at a word's end or
 * before e, i, y, where the skeleton reads c as ц: Gumeniulc = Гуменюк, Lyslcyy = Лиський; so лц/льц meet лк too,
 * Шульц = Шульк, a blocking key's price), cl/d, b/h (Honcbych), г as h or g, щ/ш, n read as ri
 * (Melriyk), и/н/п (i, n, p: Бнлык, Коидратак), е/с (e, s: Шсвч), ц/з and the c of ch; then doubled
 * letters as one. Each step is a plain replacement so that SQL computes the same key (`familyGlyphKeySql`).
 */
const GLYPH_STEPS: readonly (readonly [string, string])[] = [
  [' ', ''],
  ['rn', 'm'],
  ['lc', 'k'],
  ['lk', 'k'],
  ['lz', 'k'],
  ['cl', 'd'],
  ['b', 'h'],
  ['g', 'h'],
  ['shch', 'sh'],
  ['ri', 'n'],
  ['i', 'n'],
  ['p', 'n'],
  ['s', 'e'],
  ['c', 'z'],
];

/**
 * A coarse key of a family skeleton in which letters that scanners and typists confuse meet (Honcbych =
 * Гончич, Klyrnchak = Климчак, Бнлык = Білик, Шсвч = Шевч, Щепелюк = Шепелюк): for blocking only, since it
 * merges letters that names tell apart. Null for an empty skeleton.
 */
export function familyGlyphKey(familySkeleton: string | null): string | null {
  return familySkeleton === null ? null : glyphOf(familySkeleton);
}

const glyphOf = memoize((familySkeleton: string): string | null => {
  let k = familySkeleton;
  for (const [from, to] of GLYPH_STEPS) k = k.replaceAll(from, to);
  k = k.replace(/(.)\1+/gu, '$1');
  return k === '' ? null : k;
});

/** `familyGlyphKey` of a text column holding a family skeleton, in SQL (for an expression index). */
export function familyGlyphKeySql(column: string): string {
  let e = column;
  for (const [from, to] of GLYPH_STEPS) e = `replace(${e}, '${from}', '${to}')`;
  return `nullif(regexp_replace(${e}, '(.)\\1+', '\\1', 'g'), '')`;
}
