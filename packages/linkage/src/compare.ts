/**
 * Comparison vectors: how two records compare, field by field, each on a graded ladder of levels (as
 * Splink's comparison levels). A vector is a small integer per field; the model turns levels into weights.
 */
import {
  damerauLevenshtein,
  familyGlyphKey,
  familyMayHoldInitials,
  fieldInitials,
  GIVEN_NAME_CLASS_BY_ID,
  givenClassHeardAs,
  givenClassIdsOfSkeleton,
  heardSkeleton,
  initialAgrees,
  initialsAgree,
  jaroWinkler,
  nameFormSkeletons,
  phoneticKey,
  skeleton,
} from '@homecoming/names';

/** The fields compared, in the order of a comparison vector. */
export const FIELDS = [
  'family_name',
  'given_name',
  'patronymic',
  'birth_date',
  'sex',
  'unit',
  'service_number',
] as const;
export type Field = (typeof FIELDS)[number];

/** Each field's levels, most alike first; `missing` (either side unknown) is always last and weighs 0. */
export const LEVELS = {
  // `near`: not close by Jaro–Winkler but within two edits (an OCR slip that splits a letter, rn → m,
  // h → b, and a typo beside it): far commoner between records of one man than between strangers.
  // `cut`: one is the other cut by a fixed-width field (Великодніпр, Великодніпровський; fs-19), listed
  // last but `missing` so that the older levels keep their indices.
  // `heard`: the two agree once their inner unstressed vowels are folded as an ear writes them (Шевчинко,
  // Шевченко; Ковальчюк, Ковальчук; fs-21): tested between `exact` and `phonetic`, of which it is the
  // stricter part, and listed after `cut` for the same reason.
  family_name: ['exact', 'phonetic', 'close', 'near', 'different', 'cut', 'heard', 'missing'],
  // `initial`: one side writes only an initial (Т., T., Yu.) and it is the other side's name's (in any
  // script); `other_initial`: it is not, which strangers show far more often than one man's records.
  given_name: ['exact', 'same_class', 'close', 'different', 'initial', 'other_initial', 'missing'],
  patronymic: ['same_class', 'close', 'different', 'initial', 'other_initial', 'missing'],
  // A date known only in part (a year, a year and month) that agrees as far as it goes is a level of its
  // own, apart from two full dates that disagree in the day or month: the first is what a source that
  // writes years only does, the second a sign of another person.
  birth_date: [
    'exact',
    'day_month_swapped',
    'same_year_month',
    'same_year_other_day',
    'same_year',
    'same_year_other_month',
    // Full dates a year apart whose month and day agree: a slip of one digit of the year, which a
    // stranger's date matches about one time in twenty thousand (apart from a year-only date a year off).
    'year_off_by_one_same_day',
    'year_off_by_one',
    'conflicting',
    'missing',
  ],
  sex: ['same', 'different', 'missing'],
  unit: ['same', 'different', 'missing'],
  service_number: ['same', 'different', 'missing'],
} as const satisfies Record<Field, readonly string[]>;
export type Level<F extends Field> = (typeof LEVELS)[F][number];

/** Index of the `missing` level of each field. */
export const MISSING: Readonly<Record<Field, number>> = Object.fromEntries(
  FIELDS.map((f) => [f, LEVELS[f].length - 1]),
) as Record<Field, number>;
const MISSING_FAMILY = MISSING.family_name;

/** The comparable form of a record: stored name keys, skeletons of the written names, and identifiers. */
export interface LinkRecord {
  id: string;
  /** Family-name skeleton (record.key_family). */
  family: string | null;
  familyPhonetic: string | null;
  /** Given-name class id, or 'x:' + skeleton (record.key_given). */
  given: string | null;
  /** Skeleton of the given name as written (tells Микола from Николай within one class). */
  givenSkeleton: string | null;
  /** Father's name class from the patronymic (record.key_father). */
  father: string | null;
  patronymicSkeleton: string | null;
  /** Skeleton of an initial written in place of the given name ("Т." → t, "Yu." → iu), else null. */
  givenInitial: string | null;
  /** Skeleton of an initial written in place of the patronymic ("Т.Г." → h), else null. */
  fatherInitial: string | null;
  sex: 'male' | 'female' | null;
  /**
   * Whether `sex` was read from the given name's class, the record giving none (fs-10): then it adds
   * nothing to a pair whose given names agree, which it would count twice.
   */
  sexFromName?: boolean;
  birthYear: number | null;
  birthMonth: number | null;
  birthDay: number | null;
  /**
   * Whether the source marked its birth date as a guess ("бл. 1991", "~1991", "1991?"; the import's
   * `isApproximateDate`): then only its year is compared (the month and day above are null), and the date
   * weighs for a link but corroborates nothing beside the names (`corroborated`). `toLinkRecord` always sets it.
   */
  birthGuessed?: boolean;
  /** Normalised unit (`normaliseUnit`: the unit's code where the text has one, lower case). */
  unit: string | null;
  /** The service number as read and folded (`readServiceNumber`; compared by `serviceNumberLevel`). */
  serviceNumber: string | null;
}

/** What a stored record offers for linkage (the columns of `record`). */
export interface StoredRecordFields {
  id: string;
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
  /** Read only when the given-name and patronymic fields are empty (a whole name typed here). */
  family_name?: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: 'male' | 'female' | null;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  /** Whether the birth date was written as a guess (`LinkRecord.birthGuessed`); absent: it was not. */
  birth_guessed?: boolean | null;
  unit: string | null;
  service_number: string | null;
}

const skel = (s: string | null): string | null => (s ? skeleton(s) || null : null);

const LETTERS_FROM = 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъёabcdefghijklmnopqrstuvwxyzABEKMHOPCTXY';
const LETTERS_TO = 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁАВСDЕFGНIJКLМNОРQRSТUVWХУZАВЕКМНОРСТХУ';
/**
 * The fold by UTF-16 code unit: what each becomes (itself when unchanged), and whether it is stripped
 * (JavaScript's `\s` with . / _ -). Every letter folded and every stripped character is one code unit, so
 * reading code units (a surrogate pair's halves kept as they are) folds as reading code points does. Each
 * record a lookup brings is folded twice (unit, service number): tables, not a regular expression and a map
 * per character.
 */
const FOLD_TO = new Uint16Array(0x10000).map((_, c) => c);
const STRIPPED = new Uint8Array(0x10000);
{
  const to = [...LETTERS_TO];
  [...LETTERS_FROM].forEach((c, i) => (FOLD_TO[c.charCodeAt(0)] = (to[i] as string).charCodeAt(0)));
  // One pass of the expression over every code unit (a test per unit took 80 ms at start).
  let units = '';
  for (let c = 0; c < 0x10000; c += 0x1000)
    units += String.fromCharCode(...Array.from({ length: 0x1000 }, (_, k) => c + k));
  for (const m of units.matchAll(/[\s./_-]/gu)) STRIPPED[m.index] = 1;
}
/** The code units the fold strips but the hyphen, as `\uXXXX` escapes (inside a bracket expression). */
const STRIPPED_ESCAPED = (() => {
  let out = '';
  for (let c = 0; c < 0x10000; c++)
    if (STRIPPED[c] === 1 && c !== 0x2d) out += `\\u${c.toString(16).padStart(4, '0')}`;
  return out;
})();
/**
 * How service numbers are folded before comparison, identically here and in SQL (the index of migration
 * 0058): spaces and . / _ - removed, letters upper-cased, and Latin letters that look like Cyrillic ones
 * (A B E K M H O P C T X Y) read as Cyrillic. `translate` is char for char, and the characters stripped are
 * written out (`strip`, each as a `\uXXXX` escape both regular-expression engines read the same), not
 * `[[:space:]]`, which reads the database's locale: in a C-locale database it keeps U+00A0, U+3000, U+FEFF…
 * that JavaScript's `\s` strips. So PGlite and PostgreSQL of any locale agree with TypeScript.
 */
export const SERVICE_NUMBER_FOLD = {
  /** Every code unit the fold strips; the hyphen last and as itself (a literal in both engines). */
  strip: `[${STRIPPED_ESCAPED}-]`,
  from: LETTERS_FROM,
  to: LETTERS_TO,
} as const;

/** `s` with its letters folded (`SERVICE_NUMBER_FOLD.from` → `to`), nothing stripped: SQL's `translate`. */
function foldLetters(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (FOLD_TO[c] !== c) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) out += String.fromCharCode(FOLD_TO[s.charCodeAt(i)] as number);
  return out;
}

/** The folded service number (see SERVICE_NUMBER_FOLD), or null when nothing is left. */
export function normaliseServiceNumber(s: string | null): string | null {
  if (s === null) return null;
  let i = 0;
  // Most numbers are folded already (upper-case Cyrillic letters, digits): the string itself.
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (STRIPPED[c] === 1 || FOLD_TO[c] !== c) break;
  }
  if (i === s.length) return s === '' ? null : s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (STRIPPED[c] === 0) out += String.fromCharCode(FOLD_TO[c] as number);
  }
  return out === '' ? null : out;
}

/** The SQL expression that folds a service-number column exactly as normaliseServiceNumber does. */
export function serviceNumberFoldSql(column: string): string {
  return `translate(regexp_replace(${column}, '${SERVICE_NUMBER_FOLD.strip}', '', 'g'), '${SERVICE_NUMBER_FOLD.from}', '${SERVICE_NUMBER_FOLD.to}')`;
}

/**
 * The label other lists write before a personal (service) number: a number sign, "ос. №", "особовий номер", "л/н",
 * "личный номер", "жетон" (the tag carries the number), "No.", "Nr.", "#", "Service No.", "S/N" (hold-out 14). A
 * label ends in a dot, a number sign or a colon, or a space follows it: letters run into the digits are the number's
 * series ("NR123456" is НР's, "ОСН123456" its own), never a label to drop.
 */
const SERVICE_LABEL =
  /^\s*(?:(?:ос(?:об(?:овий|ый)?)?\.?\s*(?:н(?:омер)?\.?|№)|особовий\s+номер|особистий\s+номер|личн(?:ый|ий)\s+(?:номер|№)|л\s*\/\s*н|жетон(?:\s*№)?|service\s+(?:no\.?|number|#)|s\s*\/\s*n|no\.|nr\.?)(?:\s*[:№#]\s*|\s+|(?<=[.№]))|[№#]\s*)(?=\p{L}{0,3}\s?-?\s?\d)/iu;

/** A number sign between a series and its digits ("АА № 123456", "АА №123456"): the series kept, the sign dropped. */
const SIGN_AFTER_SERIES = /^(\p{L}{1,3})\s?[№#]\s?(?=\d)/u;

/**
 * A personal number as the record keeps it: without a label before it ("№ АА123456", "жетон АА123456"), and a
 * number a spreadsheet wrote as a float ("123456.0") as its digits; the cell as written is kept beside the record.
 * A number sign between the series and the digits ("АА № 123456") is not part of the number either. Anything else
 * as written (the comparison folds spaces, dashes and look-alike letters). The import reads a cell so (records/
 * validate.ts); `readServiceNumber` reads a stored number so again, for records stored before this reading.
 */
export function serviceNumberRead(cell: string | null): string | null {
  if (cell === null) return null;
  const unlabelled = cell.replace(SERVICE_LABEL, '').replace(SIGN_AFTER_SERIES, '$1');
  const float = /^(\d+)\.0+$/u.exec(unlabelled);
  const out = float === null ? (latinSeriesRead(unlabelled) ?? unlabelled) : (float[1] as string);
  return out === '' ? null : out;
}

/** A series letter's Latin form in the national transliteration, digraphs first (a greedy reading). */
const SERIES_LATIN: readonly (readonly [string, string])[] = [
  ['shch', 'Щ'], ['zh', 'Ж'], ['kh', 'Х'], ['ts', 'Ц'], ['ch', 'Ч'], ['sh', 'Ш'], ['yu', 'Ю'], ['ya', 'Я'],
  ['ye', 'Є'], ['yi', 'Ї'], ['a', 'А'], ['b', 'Б'], ['v', 'В'], ['h', 'Г'], ['g', 'Ґ'], ['d', 'Д'], ['e', 'Е'],
  ['z', 'З'], ['y', 'И'], ['i', 'І'], ['k', 'К'], ['l', 'Л'], ['m', 'М'], ['n', 'Н'], ['o', 'О'], ['p', 'П'],
  ['r', 'Р'], ['s', 'С'], ['t', 'Т'], ['u', 'У'], ['f', 'Ф'],
]; // prettier-ignore
/** Latin letters a typist uses for the Cyrillic ones they look like: those the comparison's fold reads as Cyrillic. */
const LOOK_ALIKE = new Set(
  [...'abcdefghijklmnopqrstuvwxyz'].filter((l) =>
    /^\p{Script=Cyrillic}$/u.test(normaliseServiceNumber(l) ?? ''),
  ),
);

/**
 * A personal number whose series a foreign body's form wrote in Latin letters ("ZhK123456", "DU 123456"), its
 * series read back into Cyrillic ("ЖК123456"): only where a digraph or a letter with no Cyrillic look-alike shows a
 * transliteration. A series of look-alikes alone ("AB": АБ transliterated, or АВ typed with look-alikes?) is left as
 * written, for the comparison's fold. Null when the number is not such.
 */
function latinSeriesRead(number: string): string | null {
  const m = /^([A-Za-z](?:\s?[A-Za-z]){0,5})[\s-]?(\d{5,})$/u.exec(number);
  if (m === null) return null;
  let rest = (m[1] as string).replace(/\s/gu, '').toLowerCase();
  let series = '';
  let transliterated = false;
  while (rest !== '') {
    const unit = SERIES_LATIN.find(([latin]) => rest.startsWith(latin));
    if (unit === undefined) return null;
    if (unit[0].length > 1 || !LOOK_ALIKE.has(unit[0])) transliterated = true;
    series += unit[1];
    rest = rest.slice(unit[0].length);
  }
  if ([...series].length > 3 || !transliterated) return null;
  return `${series}${m[2] as string}`;
}

/**
 * A stored personal number as the comparison reads it (`LinkRecord.serviceNumber`): read as the import reads a cell
 * (`serviceNumberRead`: a label, a float's ".0", a Latin series, a sign after the series), then folded. A number
 * stored before the import read it so ("№ АА123456", kept as written) meets the same man's read one ("АА123456").
 * A number of capital Cyrillic letters and digits alone, as nearly every stored one, holds nothing to read: folded
 * as it is, without the expressions. (The SQL fold, `serviceNumberFoldSql`, does not read a label: a lookup by the
 * number misses such an old record; the name branches bring it.)
 */
export function readServiceNumber(s: string | null): string | null {
  if (s === null) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // 0-9, А-Я, Є І Ї Ґ: nothing a label, a float or a Latin series is written with.
    if (
      !(c >= 0x30 && c <= 0x39) &&
      !(c >= 0x410 && c <= 0x42f) &&
      c !== 0x404 &&
      c !== 0x406 &&
      c !== 0x407 &&
      c !== 0x490
    )
      return normaliseServiceNumber(serviceNumberRead(s));
  }
  return s === '' ? null : s;
}

/**
 * How a personal number written as its digits alone ("123456", "23456": a spreadsheet's column dropped the series
 * and the leading zeros) compares with one that has a series and the same digits ("АА123456", "АА023456"): the
 * series is unknown on one side, so not `different` and never a hard conflict. `same` (the production reading):
 * six (five) digits agreeing are a man's, not a stranger's; `missing`: no evidence either way; `different`: as
 * before sn16 (a hard conflict). For the benches (`SN_DIGITS` in simulate.ts).
 */
export const SERVICE_READING: { digitsAlone: 'same' | 'missing' | 'different' } = {
  digitsAlone: 'same',
};

/** Fewest digits (leading zeros not counted) a number written as digits alone is read as another's digits by. */
const DIGITS_ALONE_MIN = 5;
const SERIES_DIGITS = /^(\D{0,3})(\d+)$/u;
const LEADING_ZEROS = /^0+/u;

/**
 * The `service_number` level of two read numbers (`readServiceNumber`): 0 same, 1 different, 2 missing. Two
 * numbers with a series compare whole: another series or other digits are another man (the wall). A number of
 * digits alone against one with the same digits (leading zeros aside; DIGITS_ALONE_MIN of them) is read as
 * `SERVICE_READING.digitsAlone` says.
 */
export function serviceNumberLevel(a: string | null, b: string | null): 0 | 1 | 2 {
  if (a === null || b === null) return 2;
  if (a === b) return 0;
  const digitsAlone = SERVICE_READING.digitsAlone;
  if (digitsAlone === 'different') return 1;
  const ma = SERIES_DIGITS.exec(a);
  if (ma === null) return 1;
  const mb = SERIES_DIGITS.exec(b);
  if (mb === null) return 1;
  if (ma[1] !== '' && mb[1] !== '') return 1;
  const da = (ma[2] as string).replace(LEADING_ZEROS, '');
  if (da !== (mb[2] as string).replace(LEADING_ZEROS, '') || da.length < DIGITS_ALONE_MIN) return 1;
  return digitsAlone === 'same' ? 0 : 2;
}

/**
 * The words lists write before a military unit's code (uk, ru, en): "в/ч А1234", "в.ч. А1234", "ВЧ А1234",
 * "військова частина А1234", "воинская часть 12345", "military unit A1234", "mil. unit A1234". Folded as a
 * service number is folded (spaces and . / _ - gone, letters upper case, Latin look-alikes Cyrillic), longest
 * first. Only the unit's CODE is read past them; a named formation ("93 ОМБр") has no such word and is kept
 * whole (comparable to itself only).
 */
const UNIT_PREFIX_WORDS = [
  'в/ч',
  'в/частина',
  'військова частина',
  'військ. частина',
  'військ. ч.',
  'в/часть',
  'войсковая часть',
  'воинская часть',
  'войск. часть',
  'v/ch',
  'military unit',
  'mil. unit',
  'mil unit',
  'unit',
];

/**
 * The words for a field post number (польова пошта, полевая почта, "п/п В1234", "ПП В1234", "field post
 * В1234"): the address relatives write in place of the unit. A field post number is not a unit's number —
 * the two are separate series and which post serves which unit is not public — so it is folded to "ПП/" and
 * its number ("ПП/В1234", whatever the word), comparable with another field post number only
 * (`isFieldPost`; a unit against a field post is `missing`). No other fold holds a "/" (it is stripped).
 */
const FIELD_POST_WORDS = [
  'польова пошта',
  'польової пошти',
  'полевая почта',
  'полевой почты',
  'пол. пошта',
  'пол. почта',
  'п/пошта',
  'п/почта',
  'п/п',
  'field post',
  'field post office',
  'field post number',
];
export const FIELD_POST_MARK = 'ПП/';

/**
 * The words that name a unit's subdivision after its code ("в/ч А1234, 3-й батальйон", "А1234 2 рота",
 * "military unit A1234 (3rd battalion)"): stems, any letters may follow (батальйону, роти, взв.). Folded as
 * letters are (upper case, Latin look-alikes Cyrillic), not stripped.
 */
const SUBDIVISION_WORDS = [
  'бат',
  'б-н',
  'бн',
  'рот',
  'взв',
  'див',
  'відділ',
  'отдел',
  'ескадр',
  'эскадр',
  'сотн',
  'battalion',
  'bn',
  'company',
  'coy',
  'platoon',
  'plt',
  'battery',
  'squadron',
  'sqn',
];

const escapeWord = (w: string): string => w.replace(/[\\^$.*+?()[\]{}|]/gu, (c) => `\\${c}`);
/** The letters a folded text may hold (`SERVICE_NUMBER_FOLD.to`), for a bracket expression. */
const FOLDED_LETTERS = [...new Set(SERVICE_NUMBER_FOLD.to)].join('');
/** What may part a code from its subdivision, and the subdivision's words: the stripped and , ; ( ). */
const SEPARATORS = `[${STRIPPED_ESCAPED},;()-]`;

/**
 * How a unit is folded before comparison, identically in TypeScript (`foldUnitCode`) and SQL (`unitFoldSql`):
 * 1. letters folded (`SERVICE_NUMBER_FOLD`, nothing stripped yet);
 * 2. `subdivision`: where the text is a code (no digit before it, three digits or more) followed only by
 *    subdivisions (a number with a subdivision word, either order, parted by spaces , ; ( ) - .), only the
 *    text up to the code is kept: "в/ч А1234, 3-й батальйон" is "в/ч А1234". A named formation ("93 ОМБр,
 *    2 батальйон") has no such code and stays whole. Anchored at both ends, the code's end unique: the two
 *    engines read the same split;
 * 3. the service-number fold's stripping;
 * 4. `fieldPost`: one leading field-post word (`FIELD_POST_WORDS`) with "№"/"No" becomes `FIELD_POST_MARK`;
 * 5. `prefix`: one leading unit prefix word (`UNIT_PREFIX_WORDS`), with "№" or "No" after it, dropped.
 * 4 and 5 only when what follows reads as a code (at most two other characters before a digit). No
 * alternative is a prefix of another followed by a "№"/"No" (PostgreSQL takes the longest match, JavaScript
 * the first alternative: longest first, they agree; the parity test holds them to it).
 */
const foldedWords = (words: readonly string[]): string[] =>
  [...new Set(words.map((w) => normaliseServiceNumber(w) as string))].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : 1),
  );
const UNIT_PREFIX_WORDS_FOLDED = foldedWords(UNIT_PREFIX_WORDS);
/** "№" and "No" (folded: Latin N, Cyrillic О) after a prefix word. */
const UNIT_NUMBER_SIGNS = ['№', normaliseServiceNumber('No') as string];
const CODE_FOLLOWS = '(?=[^0-9]{0,2}[0-9])';
const SUBDIVISION_WORD = `(?:${SUBDIVISION_WORDS.map((w) => escapeWord(foldLetters(w))).join('|')})[${FOLDED_LETTERS}]*`;
const SUBDIVISION_NUMBER = `(?:№${SEPARATORS}*)?[0-9]{1,3}`;
export const UNIT_FOLD = {
  subdivision:
    `^([^0-9]*[0-9]{3,})(?:${SEPARATORS}+(?:${SUBDIVISION_NUMBER}${SEPARATORS}*[${FOLDED_LETTERS}]{0,3}${SEPARATORS}*${SUBDIVISION_WORD}` +
    `|${SUBDIVISION_WORD}${SEPARATORS}*${SUBDIVISION_NUMBER}))+${SEPARATORS}*$`,
  fieldPost: `^(?:${foldedWords(FIELD_POST_WORDS).join('|')})(?:${UNIT_NUMBER_SIGNS.join('|')})?${CODE_FOLLOWS}`,
  prefix: `^(?:${UNIT_PREFIX_WORDS_FOLDED.join('|')})(?:${UNIT_NUMBER_SIGNS.join('|')})?${CODE_FOLLOWS}`,
} as const;
const UNIT_SUBDIVISION = new RegExp(UNIT_FOLD.subdivision, 'u');
const UNIT_FIELD_POST = new RegExp(UNIT_FOLD.fieldPost, 'u');
const UNIT_PREFIX = new RegExp(UNIT_FOLD.prefix, 'u');

/**
 * A unit folded for comparison, in upper case as SQL folds the stored column (`unitFoldSql`): "в/ч А1234",
 * "ВЧ А-1234", "військова частина А1234", "military unit A1234", "А1234 2 рота" and "А1234" are all "А1234";
 * "п/п В1234" and "польова пошта В1234" are "ПП/В1234". NUL (which PostgreSQL cannot store) is dropped. Null
 * when nothing is left.
 */
export function foldUnitCode(s: string | null): string | null {
  if (s === null) return null;
  const letters = foldLetters(s.includes('\0') ? s.replaceAll('\0', '') : s);
  // Most units hold no subdivision: the expression only where a digit run is followed by more text.
  const cut = /[0-9][^0-9]*[0-9]/u.test(letters) ? letters.replace(UNIT_SUBDIVISION, '$1') : letters;
  const n = normaliseServiceNumber(cut);
  if (n === null) return null;
  return n.replace(UNIT_FIELD_POST, FIELD_POST_MARK).replace(UNIT_PREFIX, '') || null;
}

/**
 * The SQL expression that folds a unit column exactly as foldUnitCode does (the expression of migration
 * 0058's index `record_unit_fold_birth`, which the unit block reads).
 */
export function unitFoldSql(column: string): string {
  const letters = `translate(${column}, '${SERVICE_NUMBER_FOLD.from}', '${SERVICE_NUMBER_FOLD.to}')`;
  const cut = `regexp_replace(${letters}, '${UNIT_FOLD.subdivision}', '\\1')`;
  const stripped = `regexp_replace(${cut}, '${SERVICE_NUMBER_FOLD.strip}', '', 'g')`;
  const post = `regexp_replace(${stripped}, '${UNIT_FOLD.fieldPost}', '${FIELD_POST_MARK}')`;
  return `regexp_replace(${post}, '${UNIT_FOLD.prefix}', '')`;
}

/** Whether a folded unit (`foldUnitCode` or `normaliseUnit`) is a field post number. */
export function isFieldPost(folded: string): boolean {
  return folded.startsWith(FIELD_POST_MARK) || folded.startsWith('пп/');
}

/** A unit folded for comparison (`foldUnitCode`), in lower case (в/ч А1234 = В/Ч A1234 = А1234). */
export function normaliseUnit(s: string | null): string | null {
  if (s === null) return null;
  // Units repeat (a few hundred a registry): remembered, as the names' keys are.
  const held = unitsFolded.get(s);
  if (held !== undefined) return held;
  const n = foldUnitCode(s);
  const folded = n === null ? null : n.toLowerCase();
  if (s.length <= 64) {
    if (unitsFolded.size >= 50_000) unitsFolded.clear();
    unitsFolded.set(s, folded);
  }
  return folded;
}
const unitsFolded = new Map<string, string | null>();

/**
 * The sex a given-name key says, for a record that gives none: a class is a man's name or a woman's
 * (Оксана, Oksana → female); a key of no single class (Саша, Женя, a name not in the classes) says nothing.
 * Lists often leave the sex column empty (fs-10).
 */
export function sexOfGivenKey(key: string | null): 'male' | 'female' | null {
  if (key === null || key.startsWith('x:')) return null;
  return GIVEN_NAME_CLASS_BY_ID.get(key)?.sex ?? null;
}

/**
 * How `toLinkRecord` reads a birth date (a bench knob, `FIRSTJAN=0` in simulate.ts; production keeps the
 * default). `firstOfYear`: 1 January of a year (01.01.1991, 1991-01-01) is compared as the year alone — the day
 * registers and offices fill in when only the year is known, so two such dates agreeing are two years
 * agreeing, not two whole dates, and against the man's whole date they agree as far as the year goes — and
 * 1 January 1900 (`FILLER_YEAR`, a database's empty date) as no date.
 */
export const DATE_READING: { firstOfYear: boolean } = { firstOfYear: true };
/** The year of a database's empty date (1900-01-01, 01.01.1900): no one the registry traces was born then. */
export const FILLER_YEAR = 1900;

/** Whether a stored date's month and day are 1 January, read as the year alone (`DATE_READING`). */
export function isFirstOfYear(month: number | null, day: number | null): boolean {
  return month === 1 && day === 1 && DATE_READING.firstOfYear;
}

/** The comparable form of a stored record. */
export function toLinkRecord(r: StoredRecordFields): LinkRecord {
  // Initials are looked for only where a name gave no key: a record that writes names has none. A whole
  // name typed into the family field alone ("Шевченко Т.Г.", given and patronymic empty) is read there.
  // The sex a given name's class says, for a record that gives none (fs-10).
  const nameSex = r.sex === null ? sexOfGivenKey(r.key_given) : null;
  const wholeInFamily =
    r.key_given === null && !r.given_name && !r.patronymic && familyMayHoldInitials(r.family_name);
  const initials =
    (r.key_given === null && r.given_name !== null) ||
    (r.key_father === null && r.patronymic !== null) ||
    wholeInFamily
      ? fieldInitials(r.given_name, r.patronymic, r.family_name ?? null)
      : null;
  const id = r.id;
  const family = r.key_family;
  const familyPhonetic = r.key_family_phonetic;
  const given = r.key_given;
  const givenSkeleton = skel(r.given_name);
  const father = r.key_father;
  const patronymicSkeleton = skel(r.patronymic);
  const givenInitial = r.key_given === null ? (initials?.given ?? null) : null;
  const fatherInitial = r.key_father === null && initials !== null ? initials.father : null;
  const unit = normaliseUnit(r.unit);
  const serviceNumber = readServiceNumber(r.service_number);
  // A date written as a guess is compared by its year alone (a guessed day and month are no evidence); so is
  // 1 January, which offices write for a year alone (01.01.1991), and 1 January 1900 is no date at all.
  const firstOfYear = isFirstOfYear(r.birth_month, r.birth_day);
  const birthYear = firstOfYear && r.birth_year === FILLER_YEAR ? null : r.birth_year;
  const guessed = r.birth_guessed === true && birthYear !== null;
  const yearOnly = guessed || firstOfYear;
  const birthMonth = yearOnly ? null : r.birth_month;
  const birthDay = yearOnly ? null : r.birth_day;
  // Two literals, not a spread of `sexFromName` into one (a spread is a slow path, and a record a lookup
  // brings is made into this form): the same properties in the same order either way.
  if (nameSex !== null)
    return {
      id,
      family,
      familyPhonetic,
      given,
      givenSkeleton,
      father,
      patronymicSkeleton,
      givenInitial,
      fatherInitial,
      sex: r.sex ?? nameSex,
      sexFromName: true,
      birthYear,
      birthMonth,
      birthDay,
      birthGuessed: guessed,
      unit,
      serviceNumber,
    };
  return {
    id,
    family,
    familyPhonetic,
    given,
    givenSkeleton,
    father,
    patronymicSkeleton,
    givenInitial,
    fatherInitial,
    sex: r.sex,
    birthYear,
    birthMonth,
    birthDay,
    birthGuessed: guessed,
    unit,
    serviceNumber,
  };
}

/** A comparison vector: one level index per field, in FIELDS order. */
export type Vector = Uint8Array;

const CLOSE_FAMILY = 0.88;
const CLOSE_GIVEN = 0.9;

/** Edits (Damerau–Levenshtein) within which two family skeletons of four letters or more are `near`. */
const NEAR_FAMILY_EDITS = 2;

/**
 * A pure measure of two strings, remembered by pair: registries repeat names heavily (a surname's block
 * compares the same few spellings again and again), so most comparisons become a map read. The cache is
 * dropped whole when full; long strings are not kept. The answers are the measure's, unchanged.
 */
function pairMemo(measure: (x: string, y: string) => number, maxEntries = 200_000) {
  // Two levels keyed by the strings themselves: a string's hash is kept with it, so a read costs two
  // map probes and no new string.
  let cache = new Map<string, Map<string, number>>();
  let size = 0;
  return (x: string, y: string): number => {
    if (x.length > 64 || y.length > 64) return measure(x, y);
    let row = cache.get(x);
    const hit = row?.get(y);
    if (hit !== undefined) return hit;
    const value = measure(x, y);
    if (size >= maxEntries) {
      cache = new Map();
      size = 0;
      row = undefined;
    }
    if (row === undefined) cache.set(x, (row = new Map()));
    row.set(y, value);
    size++;
    return value;
  };
}

/** The family level of two different family keys of different phonetic keys: close, near or different. */
const familyDistance = pairMemo((x, y) => {
  if (jaroWinkler(x, y) >= CLOSE_FAMILY) return 2;
  const shorter = Math.min(x.length, y.length);
  return shorter >= 4 && damerauLevenshtein(x, y, NEAR_FAMILY_EDITS) <= NEAR_FAMILY_EDITS ? 3 : 4;
});

/** 1 when two given names (or patronymics) are close (Jaro–Winkler ≥ CLOSE_GIVEN), else 0. */
const closeGiven = pairMemo((x, y) => (jaroWinkler(x, y) >= CLOSE_GIVEN ? 1 : 0));

/**
 * 1 when two given names of four letters or more that begin alike are one edit apart after it (a letter
 * changed, dropped, added, or two swapped), else 0. Jaro–Winkler reads a typo in a short name as far
 * (Іван, Ібан: 0.85), yet one man's records show it far more often than strangers' do: of the given names
 * of the classes, none that begin alike is one edit from another and not close already (fs-10). A first
 * letter changed or dropped (Олег, Алег; Всеволод, Севолод) stays `different`: with it two namesakes'
 * neighbours came together.
 */
const oneEditGiven = pairMemo((x, y) =>
  x.length >= 4 && y.length >= 4 && x[0] === y[0] && damerauLevenshtein(x, y, 1) <= 1 ? 1 : 0,
);

/**
 * 1 when two written given names are `closeGiven` or `oneEditGiven`, else 0: the two tests `givenLevel` and
 * `misspeltForm` ask together, remembered as one (a pair's map read, not two).
 */
const alikeGiven = pairMemo((x, y) => (closeGiven(x, y) === 1 || oneEditGiven(x, y) === 1 ? 1 : 0));

/**
 * The surname two family skeletons share when one is a whole word, as spelt, of the other's two (a woman's two
 * surnames, hyphenated, side by side or one in brackets: Шевченко-Коваль, Шевченко Коваль, Коваль (Шевченко)
 * against Шевченко), of three letters or more; else null. The surname agrees as two records that write it alone
 * agree, so the pair is `exact` and weighs by that surname's rarity (`familyTf`), not the pair of names': a
 * stranger shares a part exactly as often as he shares the surname, times the few who write two. A part spelt
 * otherwise, or one of three words or more, is `familyPart`'s `close`.
 */
export function familyWord(x: string, y: string): string | null {
  const xTwo = x.includes(' ');
  if (xTwo === y.includes(' ')) return null;
  const [compound, single] = xTwo ? [x, y] : [y, x];
  if (single.length < 3) return null;
  const space = compound.indexOf(' ');
  if (compound.indexOf(' ', space + 1) !== -1) return null;
  return compound.slice(0, space) === single || compound.slice(space + 1) === single ? single : null;
}

/**
 * Whether one family skeleton is a whole word of the other, which has two or more (a woman's hyphenated
 * name, or her other name beside it: Шевченко-Коваль, Коваль (Шевченко) against Шевченко).
 */
function familyPart(x: string, y: string): boolean {
  if (!x.includes(' ') || y.includes(' ')) return false;
  const words = x.split(' ');
  if (words.includes(y)) return true;
  // A part spelt otherwise (Гончич, Гончыч): the same phonetic code and one edit apart, for parts of four
  // letters or more (a short code alone is shared by Гончук).
  return (
    y.length >= 4 &&
    words.some((w) => w.length >= 4 && partCode(w) === partCode(y) && damerauLevenshtein(w, y, 1) <= 1)
  );
}

const partCodes = new Map<string, string>();
function partCode(word: string): string {
  let code = partCodes.get(word);
  if (code === undefined) {
    code = phoneticKey(word);
    if (partCodes.size >= 50_000) partCodes.clear();
    partCodes.set(word, code);
  }
  return code;
}

/** Index of the family name's `cut` level. */
export const FAMILY_CUT = 5;

/**
 * The shortest family skeleton read as cut by a fixed-width field. Old systems' name columns hold 10 to 12
 * characters; a Cyrillic or Latin surname cut there folds to 9 letters or more (a soft sign folds to none).
 */
export const CUT_FAMILY = 9;

/**
 * Whether the shorter of two family skeletons is the longer cut by a fixed-width field: CUT_FAMILY letters
 * or more, one word, and the longer goes on with a letter after it (a whole word of a compound surname is
 * `familyPart`'s). The other's feminine in -a (Александров, Александрова) is a form, not a cut: left out.
 */
export function cutFamily(x: string, y: string): boolean {
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  if (short.length < CUT_FAMILY || short.length === long.length) return false;
  if (short.includes(' ') || !long.startsWith(short)) return false;
  const next = long[short.length] as string;
  if (next === ' ') return false;
  return !(long.length === short.length + 1 && next === 'a');
}

/** Index of the family name's `heard` level. */
export const FAMILY_HEARD = 6;

/**
 * 1 when two family skeletons agree as heard on the phone (`heardSkeleton`: inner о/а, е/и, and ю/у after
 * ч/ш/ж folded), else 0: remembered by pair, as the other measures are.
 */
export const heardFamily = pairMemo((x, y) => (heardSkeleton(x) === heardSkeleton(y) ? 1 : 0));

function familyLevel(a: LinkRecord, b: LinkRecord): number {
  if (a.family === null || b.family === null) return MISSING_FAMILY;
  if (a.family === b.family) return 0;
  // A heard form keeps the consonants, so it shares the phonetic code: `heard` is read inside `phonetic`.
  if (a.familyPhonetic !== null && a.familyPhonetic === b.familyPhonetic)
    return heardFamily(a.family, b.family) === 1 ? FAMILY_HEARD : 1;
  if (cutFamily(a.family, b.family)) return FAMILY_CUT;
  // A surname that is one of the other's two surnames, as spelt, is that surname agreeing (`familyWord`); one
  // spelt otherwise, or one of three words or more, is `close`.
  if (familyWord(a.family, b.family) !== null) return 0;
  if (familyPart(a.family, b.family) || familyPart(b.family, a.family)) return 2;
  return familyDistance(a.family, b.family);
}

/**
 * Whether a given-name key without a single class ('x:' + skeleton: Саша, Женя) may be the other key's
 * class (Саша is Олександр or Олександра): a diminutive the class lookup could not settle alone.
 */
function mayBeClass(x: string, cls: string): boolean {
  return x.startsWith('x:') && !cls.startsWith('x:') && givenClassIdsOfSkeleton(x.slice(2)).includes(cls);
}

/** Level index of `initial` in the given-name and patronymic ladders (`other_initial` is the next). */
const GIVEN_INITIAL = 4;
const FATHER_INITIAL = 3;

/**
 * How an initial written in place of a name compares with the other record: agrees (0), does not (1), or
 * cannot be told (null: the other record gives neither the name nor an initial).
 */
function initialAgreement(
  initial: string,
  otherInitial: string | null,
  key: string | null,
  written: string | null,
): 0 | 1 | null {
  if (key !== null || written !== null)
    return initialAgrees(initial, nameFormSkeletons(key, written)) ? 0 : 1;
  if (otherInitial !== null) return initialsAgree(initial, otherInitial) ? 0 : 1;
  return null;
}

function givenLevel(a: LinkRecord, b: LinkRecord): number {
  if (a.given === null || b.given === null) {
    const agreement =
      a.given === null && a.givenInitial !== null
        ? initialAgreement(a.givenInitial, b.givenInitial, b.given, b.given === null ? null : b.givenSkeleton)
        : b.given === null && b.givenInitial !== null
          ? initialAgreement(b.givenInitial, null, a.given, a.given === null ? null : a.givenSkeleton)
          : null;
    return agreement === null ? 6 : GIVEN_INITIAL + agreement;
  }
  if (a.given === b.given) return a.givenSkeleton === b.givenSkeleton ? 0 : 1;
  if (mayBeClass(a.given, b.given) || mayBeClass(b.given, a.given)) return 1;
  if (heardAsClass(a, b.given) || heardAsClass(b, a.given)) return 1;
  const x = a.givenSkeleton ?? a.given;
  const y = b.givenSkeleton ?? b.given;
  if (alikeGiven(x, y) === 1 || closeGiven(a.given, b.given) === 1) return 2;
  return misspeltFormOf(a.given, x, b.given) === 1 || misspeltFormOf(b.given, y, a.given) === 1 ? 2 : 3;
}

/**
 * Whether `a`'s given name, of no class (key 'x:'), is heard as the class `cls` (`givenClassHeardAs`: an
 * inner vowel written as heard on the phone, Оликсандр, Микала, Дметро; fs-21): one class only fits, of
 * `a`'s sex where it gives one. Such a name lost its class to the ear, not to another name.
 */
function heardAsClass(a: LinkRecord, cls: string): boolean {
  const key = a.given as string;
  if (!key.startsWith('x:') || cls.startsWith('x:')) return false;
  return givenClassHeardAs(key.slice(2), a.sexFromName === true ? null : a.sex)?.id === cls;
}

/**
 * 1 when a given name that no class recognised (key 'x:': Олксандр, Aleksandt) is close to, or one edit
 * from, some spelling of the other record's class in any script or language (fs-13), else 0. The written
 * forms alone miss it when the other record writes the class otherwise (Олксандр against Александр or
 * Oleksandr): the misspelling of one form is then as far from the other form as a stranger's name. A
 * scanner's misreading counts as such a slip (lrec): the name and a spelling of the class have one
 * `familyGlyphKey` (Drnitro, Dmitro: rn read for m; Ivari, Ivan: ri for n), the letters a scanner confuses
 * made one, as the garbled-surname block reads them. Only a
 * name without a class: two recognised classes that differ are two names (Валентин, Валентина are close
 * as written and stay so).
 */
function misspeltFormOf(key: string | null, written: string | null, otherKey: string | null): number {
  if (key === null || written === null || otherKey === null) return 0;
  if (!key.startsWith('x:') || otherKey.startsWith('x:')) return 0;
  return misspeltForm(written, otherKey);
}
const misspeltForm = pairMemo((written, cls) => {
  const glyph = familyGlyphKey(written);
  return nameFormSkeletons(cls, null).some(
    (f) =>
      alikeGiven(written, f) === 1 ||
      (written.length >= 4 && familyGlyphKey(f) === glyph) ||
      typoOfForm(written, f) === 1,
  )
    ? 1
    : 0;
});

/**
 * 1 when a name no class recognised is a typist's slip of a spelling `f` of the other record's class, both of
 * five letters or more, that `oneEditGiven` leaves out (fs-17): one edit that changes, drops or swaps the first
 * letter (Батала, Натала; Фанасій, Афанасій), or two edits after a first letter that agrees (Візлі, Віталі;
 * Мкела, Микола). Only for a name without a class (`misspeltFormOf`), which is itself the sign of a slip; under
 * five letters a first letter changed stays `different` (Алег, Олег; fs-10: short names' neighbours are other
 * men's names), and two recognised classes are never compared so.
 */
const typoOfForm = pairMemo((x, f) => {
  if (x.length < 5 || f.length < 5) return 0;
  const d = damerauLevenshtein(x, f, 2);
  return d <= 1 || (d === 2 && x[0] === f[0]) ? 1 : 0;
});

function patronymicLevel(a: LinkRecord, b: LinkRecord): number {
  // A patronymic written as an initial ("Г.", the second letter of "Т.Г.") is compared as an initial.
  const ai = a.fatherInitial;
  const bi = b.fatherInitial;
  if (ai !== null || bi !== null) {
    const agreement =
      ai !== null
        ? initialAgreement(ai, bi, bi === null ? b.father : null, bi === null ? b.patronymicSkeleton : null)
        : initialAgreement(bi as string, null, a.father, a.patronymicSkeleton);
    return agreement === null ? 5 : FATHER_INITIAL + agreement;
  }
  if (a.patronymicSkeleton === null || b.patronymicSkeleton === null) return 5;
  if (a.father !== null && a.father === b.father) return 0;
  if (cutPatronymic(a, b) || cutPatronymic(b, a)) return 0;
  return closeGiven(a.patronymicSkeleton, b.patronymicSkeleton) === 1 ? 1 : 2;
}

/**
 * The shortest patronymic skeleton read as cut by a fixed-width field. Old systems' name columns hold 10 to
 * 12 characters, and most patronymics are longer (Олександрович, Володимирівна): cut, one names no father.
 */
const CUT_PATRONYMIC = 9;

/**
 * Whether `a`'s patronymic is `b`'s cut by a fixed-width field ("Олександро" for Олександрович): it names no
 * father's class, is CUT_PATRONYMIC letters or more, and `b`'s begins with it. Nine letters of a patronymic
 * name the father (no two fathers' patronymics share them), so it agrees as the whole one does.
 */
function cutPatronymic(a: LinkRecord, b: LinkRecord): boolean {
  const x = a.patronymicSkeleton;
  const y = b.patronymicSkeleton;
  return (
    a.father === null &&
    x !== null &&
    y !== null &&
    x.length >= CUT_PATRONYMIC &&
    y.length > x.length &&
    y.startsWith(x)
  );
}

/** The birth-date level of two records (a comparison vector's `birth_date`): integers only, no string measure. */
export function birthLevel(a: LinkRecord, b: LinkRecord): number {
  if (a.birthYear === null || b.birthYear === null) return 9;
  const monthKnown = a.birthMonth !== null && b.birthMonth !== null;
  const dayKnown = a.birthDay !== null && b.birthDay !== null;
  if (a.birthYear === b.birthYear) {
    // Agreeing as far as both go: the year (a side gives no month), the year and month (no day).
    if (!monthKnown) return 4;
    if (a.birthMonth === b.birthMonth) return !dayKnown ? 2 : a.birthDay === b.birthDay ? 0 : 3;
    if (dayKnown && a.birthDay === b.birthMonth && a.birthMonth === b.birthDay) return 1;
    return 5;
  }
  // A year off by one is a slip of the year alone: the month and day, where both give them, agree.
  if (Math.abs(a.birthYear - b.birthYear) !== 1) return 8;
  if (monthKnown && a.birthMonth !== b.birthMonth) return 8;
  if (dayKnown) return a.birthDay !== b.birthDay ? 8 : 6;
  return 7;
}

function sameOrNot(x: string | null, y: string | null): number {
  if (x === null || y === null) return 2;
  return x === y ? 0 : 1;
}

/**
 * A unit's level: `sameOrNot`, but a field post number against a unit's is `missing` (`FIELD_POST_WORDS`:
 * two numbering series, neither says the other).
 */
export function unitLevel(x: string | null, y: string | null): number {
  if (x === null || y === null) return 2;
  if (x === y) return 0;
  return isFieldPost(x) !== isFieldPost(y) ? 2 : 1;
}

/**
 * Whether `a` writes `b`'s family and given names in each other's columns (a list that put the given name
 * first, "Тарас Мороз" read as family Тарас): a's given name is b's surname, and a's surname is b's given
 * name, as written or by class. The parse puts most such pairs back; this is for those it cannot tell
 * (a surname with no surname ending, Мороз, Був; a given name that ends like a surname).
 */
function holdsSwapped(a: LinkRecord, b: LinkRecord): boolean {
  if (a.family === null || b.family === null || a.given === null || b.given === null) return false;
  if (a.givenSkeleton !== b.family && a.given !== `x:${b.family}`) return false;
  if (a.family === b.givenSkeleton) return true;
  return b.given.startsWith('x:')
    ? b.given.slice(2) === a.family
    : givenClassIdsOfSkeleton(a.family).includes(b.given);
}

/** Compares two records field by field into `out` (allocated when not given). */
export function compareRecords(a: LinkRecord, b: LinkRecord, out: Vector = new Uint8Array(7)): Vector {
  out[0] = familyLevel(a, b);
  out[1] = givenLevel(a, b);
  // Names in each other's columns are `close` both (fs-10): agreeing, but by a reading that is not sure —
  // close, a surname takes at most a capped rarity bonus (of the commoner of the two keys), a given name none.
  if ((out[0] === 3 || out[0] === 4) && out[1] === 3 && (holdsSwapped(a, b) || holdsSwapped(b, a))) {
    out[0] = 2;
    out[1] = 2;
  }
  out[2] = patronymicLevel(a, b);
  out[3] = birthLevel(a, b);
  // A sex read from a given name says nothing more when the given names agree (exact, same class).
  // Nor does a sex both give, when the given names agree on a class that is a man's or a woman's, both
  // sides (fs-12): strangers who share Олександр share the sex too, so the agreement is the given name's,
  // counted again. (Олександр and Саша agree by class, but a stranger's Саша may be a woman: it counts.)
  // A sex that disagrees still counts against (one record is wrong, or they are two people).
  const sex = sameOrNot(a.sex, b.sex);
  const namesSaidIt =
    out[1] <= 1 &&
    (a.sexFromName === true ||
      b.sexFromName === true ||
      (sex === 0 && sexOfGivenKey(a.given) !== null && sexOfGivenKey(b.given) !== null));
  out[4] = namesSaidIt ? 2 : sex;
  out[5] = unitLevel(a.unit, b.unit);
  out[6] = serviceNumberLevel(a.serviceNumber, b.serviceNumber);
  return out;
}

/** Birth years further apart than this are a hard conflict: never the same person, whatever the names. */
export const HARD_BIRTH_YEAR_GAP = 5;

/**
 * Whether two records cannot describe one person: two different service numbers, or birth years more than
 * HARD_BIRTH_YEAR_GAP apart. Clustering never joins such records, however their names agree.
 */
export function hardConflict(a: LinkRecord, b: LinkRecord): 'service_number' | 'birth_date' | null {
  if (
    a.serviceNumber !== null &&
    b.serviceNumber !== null &&
    a.serviceNumber !== b.serviceNumber &&
    serviceNumberLevel(a.serviceNumber, b.serviceNumber) === 1
  )
    return 'service_number';
  if (
    a.birthYear !== null &&
    b.birthYear !== null &&
    Math.abs(a.birthYear - b.birthYear) > HARD_BIRTH_YEAR_GAP
  )
    return 'birth_date';
  return null;
}

/** Radix of each field in a vector code (the number of its levels). */
const RADIX = FIELDS.map((f) => LEVELS[f].length);

/** A vector as one integer (mixed radix), for counting identical vectors. */
export function vectorCode(v: Vector): number {
  let code = 0;
  for (let i = 0; i < RADIX.length; i++) code = code * (RADIX[i] as number) + (v[i] as number);
  return code;
}

/** The vector of a code made by vectorCode. */
export function decodeVector(code: number): Vector {
  const v = new Uint8Array(RADIX.length);
  for (let i = RADIX.length - 1; i >= 0; i--) {
    const r = RADIX[i] as number;
    v[i] = code % r;
    code = Math.floor(code / r);
  }
  return v;
}
