/**
 * Dates as the people who use the registry write them. A date may be as precise as its source gave it
 * (a year, a year-month, or a full date), and is always stored and exchanged in ISO form (`YYYY`,
 * `YYYY-MM`, `YYYY-MM-DD`). Input is accepted in the forms Ukrainian and Russian offices use, day first:
 *
 * | written        | read as        |
 * |----------------|----------------|
 * | `1990`         | the year 1990  |
 * | `1990-05`, `05.1990` | May 1990 |
 * | `1990-05-17`, `17.05.1990`, `17.5.1990`, `17/05/1990`, `17-05-1990`, `17. 05. 1990` | 17 May 1990 |
 * | `1990.05.17`, `1990/05/17`, `1990-5-17` | 17 May 1990 (a four-digit year first: then the month, then the day) |
 * | `17 травня 1990`, `17 мая 1990`, `17 May 1990`, `May 17, 1990`, `17 трав. 1990` | 17 May 1990: a month's name in Ukrainian, Russian or English, in either case, or its usual abbreviation |
 * | `травень 1990`, `мая 1990`, `May 1990` | May 1990 |
 * | `17.05.90`     | 17 May 1990: a two-digit year is the latest such year not after today (in 2026, `24` is 2024 and `27` is 1927) |
 * | `1990 р.н.`, `1990 г.р.`, `р.н. 1990`, `1990р.`, `1990 г.` | the year 1990 ("year of birth", as Ukrainian and Russian lists mark it; the mark may stand beside any of the forms above) |
 * | `нар. 17.05.1990`, `д.н. 17.05.1990`, `DOB: 17.05.1990`, `17.05.1990 (35 р.)`, `17.05.1990, м. Харків` | 17 May 1990: a "born" word before the date, the age in brackets or a birth place (marked м./с./г./смт, обл./р-н) after it are not the date and are left out |
 * | `17,05,1990`, `17 05 1990`, `17.05 1990`, `17..05.1990`, `17.05.1990.` | 17 May 1990: numbers parted by commas, spaces or doubled dots are a typist's dots |
 * | `17051990`, `19900517`, `170590` | 17 May 1990: a full date keyed without separators (day first, or a four-digit year first) |
 * | `00.00.1990`, `XX.XX.1990`, `__.__.1990`, `1990-00-00`; `00.05.1990`, `??.05.1990`, `1990-05-00` | the year 1990; May 1990: parts written as not known are left out (a day in an unknown month is refused) |
 * | `90 р.н.`, `90г.р.`, `'90`; `1990 року народження`, `1990 г. рождения` | the year 1990: a two-digit year with a "year of birth" mark (not `90 р.` or `90` alone, which may be an age) |
 * | `17-го травня 1990 р.`, `«17» травня 1990 р.`, `17-е мая 1990 года`, `у травні 1990`, `в мае 1990 г.` | 17 May 1990; May 1990: a formal letter's words |
 * | `бл. 1990`, `близько 1990`, `~1990`, `ок. 1990`, `около 1990 г.`, `c. 1990`, `approx. 1990`, `1990?`, `1990 (приблизно)` | the year 1990: a date marked as a guess is read as written (`isApproximateDate` says it was one) |
 *
 * A range of two years (`1990-1991`, `1990/91`, `2001/02`, `2001-02 р.н.`, `1990 або 1991`: `birthYearRange`) is
 * never a year and a month: `parsePartialDate` refuses it with the reason, wherever one date is wanted (the import's
 * birth column, which refuses the row; an event's day, an exchange's people, the CLI, a tracing request's dates).
 * Where a range is a fair thing to write, the search box's birth, `parseDateOrYears` reads it as either year.
 *
 * Slashes are read day first, as dots are: `03/04/1990` is 3 April. A month above 12 is never taken as a
 * hint that the writer meant month first; the date is refused with the reason, never guessed.
 * Pure: no I/O, safe for the server, the CLI and the web app alike (it takes from the names package only its
 * `./yearRange` module, which imports nothing).
 */

import { BIRTH_YEARS_BETWEEN, twoBirthYearsFirst } from '@homecoming/names/yearRange';

/** A date as precise as the source gave it. `text` is its ISO form. */
export interface PartialDate {
  text: string;
  year: number;
  month: number | null;
  day: number | null;
  /**
   * The second of a range of two years ("2001/02": 2001 or 2002), the next after `year`; `text` is then
   * "2001/2002". Only `parseDateOrYears` gives one; `parsePartialDate` never does.
   */
  lastYear?: number;
}

/** The forms accepted, for messages. */
export const DATE_FORMS =
  'DD.MM.YYYY, DD.MM.YY, MM.YYYY, YYYY, YYYY-MM, YYYY-MM-DD or 17 травня 1990 (a year may be marked: 1990 р.н., 1990 г.р.)';

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DAY_FIRST = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$/;
const YEAR_FIRST = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/;
const MONTH_YEAR = /^(\d{1,2})[./-](\d{4})$/;
const YEAR_MONTH = /^(\d{4})[./-](\d{1,2})$/;
/**
 * A day, a month's name and a year ("17 травня 1990", German "17. Mai 1990", a database's "17-MAY-1990", English
 * "17th May 1990"); a month's name and a year; English "May 17, 1990", "May 17th, 1990". An English ordinal's
 * suffix is taken only before a separator, so that it never eats a month's first letters.
 */
const DAY_NAME_YEAR =
  /^(\d{1,2})(?:(?:st|nd|rd|th)(?=[\s.,/-]))?\.?[\s/-]*([\p{L}'’]+)\.?,?[\s/-]*(\d{4})$/iu;
const NAME_YEAR = /^([\p{L}'’]+)\.?,?\s*(\d{4})$/u;
const NAME_DAY_YEAR = /^([\p{L}'’]+)\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})$/iu;
/**
 * A day, the month in Roman numerals and a year, as Soviet, Polish and church papers write it ("12.III.1991",
 * "12 III 1991", "12-XII-1991", a two-digit year: "12.III.91"); and a Roman month and a year ("III.1991"). A
 * numeral typed on a Cyrillic keyboard has its look-alike letters, І and Х, for I and X ("12.ІІІ.1991", "05.ХІ.1987",
 * "12.ІV.1991").
 */
const DAY_ROMAN_YEAR = /^(\d{1,2})\.?[\s/-]*([IVXІХ]{1,4})\.?[\s/-]*(\d{4}|\d{2})$/iu;
const ROMAN_YEAR = /^([IVXІХ]{1,4})\.?[\s/-]*(\d{4})$/iu;
const ROMAN_MONTHS: readonly string[] = [
  'i',
  'ii',
  'iii',
  'iv',
  'v',
  'vi',
  'vii',
  'viii',
  'ix',
  'x',
  'xi',
  'xii',
];
/** A month's number from its Roman numeral (any case, Cyrillic І and Х as I and X), or null. */
function monthByRoman(numeral: string): number | null {
  const latin = numeral.toLowerCase().replace(/і/gu, 'i').replace(/х/gu, 'x');
  const i = ROMAN_MONTHS.indexOf(latin);
  return i < 0 ? null : i + 1;
}

/** Letters a scanner (or a typist) writes for the digits they look like, in a date: O for 0, l for 1, З for 3 … */
const OCR_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  О: '0',
  о: '0',
  l: '1',
  I: '1',
  І: '1',
  '|': '1',
  З: '3',
  S: '5',
  б: '6',
  B: '8',
};
/** A cell of numbers, such letters and separators only. */
const OCR_DATE = /^[\dOoОоlIІ|ЗSбB]+(?:[\s./,-]+[\dOoОоlIІ|ЗSбB]+)*$/u;

/**
 * A date OCR'd or typed with letters for digits ("12.O3.1991", "1З.03.199l", "05.09.I968", "ІO.10.1967"): the
 * digits, in each run of at most four characters — a day, a month or a year — that has a digit or a letter no Roman
 * numeral has ("II" and "І" are Roman months, not eleven and one), in a cell with four digits of its own at least.
 * The text as is when it is not such a cell.
 */
function ocrDigitsInDate(text: string): string {
  if (!OCR_DATE.test(text) || !/\D/u.test(text.replace(/[\s./,-]/gu, ''))) return text;
  if ((text.match(/\d/gu) ?? []).length < 4) return text;
  return text.replace(/[\dOoОоlIІ|ЗSбB]+/gu, (run) =>
    run.length <= 4 && /[^IІ]/u.test(run) ? [...run].map((c) => OCR_DIGIT[c] ?? c).join('') : run,
  );
}

/**
 * Months by name: Ukrainian and Russian in the nominative and the genitive ("травень", "травня"; "май",
 * "мая"), English, and the abbreviations lists use (the first three or four letters: "трав", "сент"); and as
 * foreign bodies write them in German, Polish (nominative and genitive), French, Spanish and Italian.
 */
const MONTH_NAMES: ReadonlyMap<string, number> = (() => {
  const names: readonly (readonly string[])[] = [
    [
      'січень',
      'січня',
      'січ',
      'январь',
      'января',
      'янв',
      'january',
      'jan',
      'januar',
      'jänner',
      'stycznia',
      'styczeń',
      'janvier',
      'janv',
      'enero',
      'ene',
      'gennaio',
      'gen',
    ],
    [
      'лютий',
      'лютого',
      'лют',
      'февраль',
      'февраля',
      'фев',
      'февр',
      'february',
      'feb',
      'februar',
      'lutego',
      'luty',
      'février',
      'fevrier',
      'févr',
      'fevr',
      'febrero',
      'febbraio',
    ],
    [
      'березень',
      'березня',
      'бер',
      'берез',
      'март',
      'марта',
      'мар',
      'march',
      'mar',
      'märz',
      'maerz',
      'marz',
      'mär',
      'marca',
      'marzec',
      'mars',
      'marzo',
    ],
    [
      'квітень',
      'квітня',
      'квіт',
      'кві',
      'апрель',
      'апреля',
      'апр',
      'april',
      'apr',
      'kwietnia',
      'kwiecień',
      'avril',
      'avr',
      'abril',
      'abr',
      'aprile',
    ],
    ['травень', 'травня', 'трав', 'тра', 'май', 'мая', 'may', 'mai', 'maja', 'maj', 'mayo', 'maggio', 'mag'],
    [
      'червень',
      'червня',
      'черв',
      'чер',
      'июнь',
      'июня',
      'июн',
      'june',
      'jun',
      'juni',
      'czerwca',
      'czerwiec',
      'juin',
      'junio',
      'giugno',
      'giu',
    ],
    [
      'липень',
      'липня',
      'лип',
      'июль',
      'июля',
      'июл',
      'july',
      'jul',
      'juli',
      'lipca',
      'lipiec',
      'juillet',
      'juil',
      'julio',
      'luglio',
      'lug',
    ],
    [
      'серпень',
      'серпня',
      'серп',
      'сер',
      'август',
      'августа',
      'авг',
      'august',
      'aug',
      'sierpnia',
      'sierpień',
      'août',
      'aout',
      'agosto',
      'ago',
    ],
    [
      'вересень',
      'вересня',
      'вер',
      'сентябрь',
      'сентября',
      'сен',
      'сент',
      'september',
      'sep',
      'sept',
      'września',
      'wrzesień',
      'septembre',
      'septiembre',
      'setiembre',
      'settembre',
      'set',
    ],
    [
      'жовтень',
      'жовтня',
      'жовт',
      'жов',
      'октябрь',
      'октября',
      'окт',
      'october',
      'oct',
      'oktober',
      'okt',
      'października',
      'październik',
      'octobre',
      'octubre',
      'ottobre',
      'ott',
    ],
    [
      'листопад',
      'листопада',
      'лист',
      'лис',
      'ноябрь',
      'ноября',
      'ноя',
      'нояб',
      'november',
      'nov',
      'listopada',
      'listopad',
      'novembre',
      'noviembre',
    ],
    [
      'грудень',
      'грудня',
      'груд',
      'гру',
      'декабрь',
      'декабря',
      'дек',
      'december',
      'dec',
      'dezember',
      'dez',
      'grudnia',
      'grudzień',
      'décembre',
      'decembre',
      'déc',
      'diciembre',
      'dic',
      'dicembre',
    ],
  ];
  return new Map(names.flatMap((forms, i) => forms.map((f) => [f, i + 1] as const)));
})();

/** A month's number from its name as written (any case, ё as е), or null. */
function monthByName(word: string): number | null {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  return MONTH_NAMES.get(w) ?? MONTHS_IN.get(w) ?? null;
}

/** Months in the locative, as "у березні 1991", "в марте 1991" write them: Ukrainian and Russian. */
const MONTHS_IN: ReadonlyMap<string, number> = new Map(
  [
    ['січні', 'январе'],
    ['лютому', 'феврале'],
    ['березні', 'марте'],
    ['квітні', 'апреле'],
    ['травні', 'мае'],
    ['червні', 'июне'],
    ['липні', 'июле'],
    ['серпні', 'августе'],
    ['вересні', 'сентябре'],
    ['жовтні', 'октябре'],
    ['листопаді', 'ноябре'],
    ['грудні', 'декабре'],
  ].flatMap(([uk, ru], i) => [
    [uk as string, i + 1],
    [ru as string, i + 1],
  ]),
);

/**
 * A "year of birth" mark before or after a date, as lists write it: р.н. / р. н. / рн (рік народження),
 * г.р. / гр (год рождения), р. / г. / року / года (year) — with or without dots, any case. Only the mark is
 * taken off; what it marks must still be one of the forms above.
 */
const BIRTH_YEAR_MARK = String.raw`(?:(?:року|р\.?|года|г\.?)\s*(?:народження|нар\.|рождения|рожд\.)|р\.?\s*н\.?|г\.?\s*р\.?)`;
const BIRTH_MARK = String.raw`(?:${BIRTH_YEAR_MARK}|року|года|р\.?|г\.?)`;
const MARKED = new RegExp(String.raw`^(?:${BIRTH_MARK}\s*(\d.*\d)|(.*\d)\s*${BIRTH_MARK})$`, 'iu');
/**
 * A two-digit year of birth, as lists write it short: with a "year of birth" mark ("91 р.н.", "91г.р.", "р.н. 91",
 * "91 року народження") or an apostrophe before it ("'91"). A two-digit number alone, or marked only "р." / "г."
 * (which write an age as well: "35 р.", "35 г."), is not taken for a year.
 */
const SHORT_YEAR = new RegExp(
  String.raw`^(?:${BIRTH_YEAR_MARK}\s*(\d{2})|(\d{2})\s*${BIRTH_YEAR_MARK}|['’‘ʼ](\d{2}))$`,
  'iu',
);
/**
 * A formal letter's day and month: the day with an ordinal's ending ("12-го березня", "12-е марта") or in quotes
 * ("«12» березня", as Ukrainian documents date themselves); a month after "у" / "в" ("у березні 1991", "в марте
 * 1991"). Only before a month's name: the day, or the month, as the forms above write it.
 */
const DAY_IN_WORDS = /^[«"“„]?(\d{1,2})(?:[»"”“]|-(?:го|е|ое|ого))?\s+(?=\p{L})/u;
const IN_MONTH = /^[ув]\s+(?=\p{L})/iu;

/** A date in a letter's words, or a short year of birth, in the forms above ("12 березня 1991", "1991"). */
function withoutLetterWords(text: string, today: Date): string {
  const short = SHORT_YEAR.exec(text);
  if (short !== null) return String(expandTwoDigitYear(Number(short[1] ?? short[2] ?? short[3]), today));
  return text.replace(IN_MONTH, '').replace(DAY_IN_WORDS, '$1 ');
}

/**
 * A "born" word before a date, as forms and hand-made lists write it: нар. / народж. / д.н. / дата народження: /
 * род. / DOB: / b. / born — only the word is taken off; what follows must still be one of the forms above.
 */
const BORN_BEFORE =
  /^(?:нар(?:\.|од(?:ж\.?|жен(?:ий|а|ня)))?|д\.\s*н\.|дата\s+нар(?:\.|одж\.?|одження)|род(?:\.|ил(?:ся|ась))|d\.?o\.?b\.?|b\.|born|date\s+of\s+birth)\s*:?\s+(?=[\d\p{L}])/iu;
/** A person's age in brackets after a date ("(35 р.)", "(34 роки)", "(35 лет)", "(35 y.o.)"): not the date, dropped. */
const AGE_AFTER =
  /^(.*\S)\s*\(\s*\d{1,3}\s*(?:р\.?|рік|рок(?:и|ів)|л\.|лет|год(?:а|ов)?|г\.|y\.?\s*o\.?|years?(?:\s+old)?)\s*\)$/iu;
/**
 * A birth place after a date, marked as a place ("м. Харків", "с. Іванівка", "г. Херсон", "смт Козова", "Харківська
 * обл.", "Бахмутський р-н"): not the date, dropped. A word without such a mark is not taken for a place.
 */
const PLACE_AFTER =
  /^(.*[\d.])\s*[,;]?\s+((?:м|с|г|х|смт|пгт|сел|с-ще|пос)\.?\s+\p{Lu}[\p{L}'’ʼ-]*(?:\s+\p{Lu}[\p{L}'’ʼ-]*)?|\p{Lu}[\p{L}'’ʼ-]*\s+(?:обл\.?|область|р-н|район))$/u;
/** A date written with numbers only, its parts parted by dots, commas or spaces, doubled or not ("12,03,1991"). */
const NUMBERS_ONLY = /^\d{1,4}(?:[.,\s]+\d{1,4}){1,2}\.?$/;

/**
 * A mark that the date is a guess, as admission lists and tracing requests write a year told by a relative or an
 * age guessed: "бл. 1991", "близько 1991", "прибл. 1991 р.", "ок. 1991", "около 1991 г.", "~1991", "c. 1991",
 * "approx. 1991" before it; "1991?", "1991 (приблизно)", "1991 (прибл.)" after it. The date is read as written
 * (the import keeps the cell beside the record, `isApproximateDate`); a row is not refused for its guess.
 */
const ABOUT_BEFORE =
  /^(?:бл\.|близько|прибл\.|приблизно|ориентировочно|орієнтовно|ок\.|около|прибл|примерно|~|≈|c\.|ca\.|circa|approx\.?|approximately|about|abt\.?)\s*(?=\d)/iu;
const ABOUT_AFTER =
  /^(.*\d\.?(?:\s*[рг]\.?)?)\s*(?:\?+|\(\s*(?:приблизно|прибл\.?|орієнтовно|примерно|прим\.?|ориентировочно|approx\.?|approximately|circa|c\.)\s*\))$/iu;

/**
 * Whether a date cell marks its date as a guess ("бл. 1991", "1991?", "1991 (приблизно)"), or writes a birth as a
 * range of two years ("1990-1991", "2001/02": `birthYearRange`), which the import refuses. `approximateDateSql`
 * (migration 0060's `birth_guessed`) has no range: no stored record has one with a birth year.
 */
export function isApproximateDate(text: string): boolean {
  const t = text.trim();
  return ABOUT_BEFORE.test(t) || ABOUT_AFTER.test(t) || birthYearRange(t) !== null;
}

/** A year, a separator (a dash, a slash or a word: or) and a year, whole or its last two digits. */
const YEAR_RANGE = new RegExp(String.raw`^(\d{4})${BIRTH_YEARS_BETWEEN}(\d{4}|\d{2})$`, 'iu');

/**
 * A birth written as a range of two years, as lists of deported children and tracing requests write a year no one
 * is sure of: "1990-1991", "1990–1991", "1990/1991", "1990 або 1991", "1990 или 1991 г.р.", "1990 or 1991"; the
 * second year short, "1990/91", "1999/00", "2001–02", "2001-02 р.н.". Two digits after the year are the next year's
 * last two and a slash, a long dash, a word or a "year of birth" mark between or beside them — a plain hyphen alone
 * is ISO's year and month ("2001-02" is February 2001), and any other two digits a month ("1990/05"). The years are
 * consecutive: a wider range ("1990-1995") is no guess of one year. The first year, or null. The import refuses
 * the row with the reason: its first year read as a guess (yr4 b150772) weighed as agreeing with a namesake born
 * that year (a wrong automatic link on holdout11), and no date (16c41f3) matched a list's stranger. The check of the
 * two years is the names package's `twoBirthYearsFirst`, the one `readNameText` makes of a range beside a name.
 */
export function birthYearRange(text: string): number | null {
  const cell = text.trim();
  if (cell.length > 40) return null;
  const bare = wordsBeside(withoutGuessMark(cell)).date;
  const marked = MARKED.exec(bare);
  const m = YEAR_RANGE.exec((marked ? ((marked[1] ?? marked[2]) as string) : bare).trim());
  if (m === null) return null;
  return twoBirthYearsFirst(m[1] as string, m[2], m[3] as string, marked !== null);
}

const UPPER_CYRILLIC = 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯЫЭЪЁ';
const LOWER_CYRILLIC = 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё';

/**
 * `isApproximateDate` of the text SQL expression `text` as a PostgreSQL boolean expression: the same two patterns
 * (PostgreSQL's regular expressions read them alike), case folded by `~*` for Latin letters and by a translation
 * for Cyrillic ones (a database of the C locale folds no Cyrillic letter). Migration 0060's `birth_guessed` is it
 * of `written_birth_date`, written out (dates.int.test.ts holds the two to each other).
 */
export function approximateDateSql(text: string): string {
  const folded = `translate(btrim(${text}), '${UPPER_CYRILLIC}', '${LOWER_CYRILLIC}')`;
  return `(${folded} ~* '${ABOUT_BEFORE.source}' OR ${folded} ~* '${ABOUT_AFTER.source}')`;
}

/** The date without a mark that it is a guess (ABOUT_BEFORE, ABOUT_AFTER). */
function withoutGuessMark(text: string): string {
  const m = ABOUT_AFTER.exec(text);
  return (m === null ? text : (m[1] as string)).replace(ABOUT_BEFORE, '').trim();
}

/**
 * A day or a month written as not known, as clerks and databases fill the parts they lack: "00.00.1991",
 * "00.03.1991", "XX.XX.1991", "__.__.1991", "??.03.1991", "1991-00-00", "1991-03-00". The date is what is
 * known: the year, or the month and the year. A day in an unknown month ("12.00.1991") stays refused.
 */
const UNKNOWN_PART = String.raw`(?:00?|[xх]{1,2}|_{1,2}|\?{1,2})`;
const PART = String.raw`(${UNKNOWN_PART}|\d{1,2})`;
const DAY_MONTH_UNKNOWN = new RegExp(String.raw`^${PART}([./-])${PART}\2(\d{4})$`, 'iu');
const YEAR_FIRST_UNKNOWN = new RegExp(String.raw`^(\d{4})([./-])${PART}\2${PART}$`, 'iu');
const KNOWN = /^\d{1,2}$/;

/** A date with parts written as not known, as the known parts alone ("03.1991", "1991"); the text when it is not one. */
function withoutUnknownParts(text: string): string {
  let day: string;
  let month: string;
  let year: string;
  let m = DAY_MONTH_UNKNOWN.exec(text);
  if (m !== null) [day, month, year] = [m[1] as string, m[3] as string, m[4] as string];
  else if ((m = YEAR_FIRST_UNKNOWN.exec(text)) !== null)
    [year, month, day] = [m[1] as string, m[3] as string, m[4] as string];
  else return text;
  const known = (p: string): boolean => KNOWN.test(p) && Number(p) > 0;
  // A day known in a month that is not ("12.00.1991", "1990-00-10") is no such date: refused as written.
  if (known(day)) return text;
  return known(month) ? `${month}.${year}` : year;
}

/**
 * A full date keyed without separators, as a numeric keypad or a database writes it: "12031991" (day, month,
 * year), "19910312" (year, month, day: its month would be 19 or 20 read day first, so the two never both read),
 * "120391" (day, month, two-digit year). Dotted day first; the text when no reading gives a month and a day.
 */
function withSeparators(text: string): string {
  const valid = (d: string, mo: string): boolean =>
    Number(d) >= 1 && Number(d) <= 31 && Number(mo) >= 1 && Number(mo) <= 12;
  if (/^\d{8}$/.test(text)) {
    const [d, mo, y] = [text.slice(0, 2), text.slice(2, 4), text.slice(4)];
    if (valid(d, mo) && Number(y) >= 1800) return `${d}.${mo}.${y}`;
    const [y2, mo2, d2] = [text.slice(0, 4), text.slice(4, 6), text.slice(6)];
    if (valid(d2, mo2) && Number(y2) >= 1800) return `${d2}.${mo2}.${y2}`;
  } else if (/^\d{6}$/.test(text)) {
    const [d, mo, yy] = [text.slice(0, 2), text.slice(2, 4), text.slice(4)];
    if (valid(d, mo)) return `${d}.${mo}.${yy}`;
  }
  return text;
}

/**
 * The date alone, without a "born" word before it, an age in brackets or a birth place after it; and the place
 * as written ("м. Харків"), or null.
 */
function wordsBeside(text: string): { date: string; place: string | null } {
  let out = text.replace(BORN_BEFORE, '');
  let place: string | null = null;
  for (let i = 0; i < 2; i++) {
    const age = AGE_AFTER.exec(out);
    const m = age ?? PLACE_AFTER.exec(out);
    if (m === null) break;
    if (age === null) place = m[2] as string;
    out = (m[1] as string).replace(/[,;]$/u, '').trim();
  }
  return { date: out, place };
}

/**
 * The birth place a birth date's cell writes after the date, marked as a place ("12.03.1991, м. Харків" → "м.
 * Харків", "1991 р.н. Харківська обл." → "Харківська обл."), as written; null when the cell writes none or is not
 * a date (`parsePartialDate` reads the date and leaves the place out: a record puts it where a place goes).
 */
export function birthPlaceBeside(input: string, today: Date = new Date()): string | null {
  const trimmed = input.trim();
  if (trimmed.length > 40) return null;
  const { place } = wordsBeside(trimmed);
  return place !== null && typeof parsePartialDate(trimmed, today) !== 'string' ? place : null;
}

/** A date followed by a midnight time, as a spreadsheet's date-time: 0:00, 00:00:00(.000), 12:00:00 AM, T00:00:00Z. */
const MIDNIGHT = /^(\d.*\d)(?:[ T]+(?:0?0:00(?::00(?:\.0+)?)?|12:00(?::00)?\s*AM)Z?)$/iu;

/**
 * An ISO date with a time of day and a zone, as a web form's or a database's JSON export writes a date it holds as
 * an instant: "1991-03-12T00:00:00+03:00", "1991-03-11T21:00:00.000Z". A time on a quarter hour, whole seconds.
 */
const ZONED = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::00(?:\.0+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$/iu;

/**
 * The date a zoned timestamp stands for: a date held as an instant is a midnight somewhere (the exporting
 * server's, or the form's), and every zone is within twelve hours of UTC, so the date is the day whose midnight
 * the written clock time is nearest — "1991-03-11T21:00:00Z" is midnight in Kyiv (UTC+3) of 12 March, "…T05:00Z"
 * midnight in New York of the day written. The time at midnight in its own zone is the date as written. Null for
 * anything else, and for noon, which is no nearer to either midnight.
 */
function zonedDate(text: string): string | null {
  const m = ZONED.exec(text);
  if (m === null) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (minutes >= 24 * 60 || minutes % 15 !== 0 || minutes === 12 * 60) return null;
  const date = m[1] as string;
  if (minutes < 12 * 60) return date;
  const next = new Date(`${date}T00:00:00Z`);
  // Not a calendar date ("1991-02-30"): left to the checks below, which say so.
  if (Number.isNaN(next.getTime()) || next.toISOString().slice(0, 10) !== date) return date;
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * A Unix time in milliseconds, bare or as a .NET JSON date, as a web application's export writes a date it holds as
 * an instant: "668725200000", "-41742000000", "/Date(668725200000)/", "/Date(668725200000+0300)/" (the zone after
 * the number is the writer's; the number is UTC), "\/Date(…)\/" as JSON escapes it. Eleven to thirteen digits
 * bare (1973 to 2286, and back to 1900 with a sign); seconds and ten digits are not read, which a tax number, a
 * document's or a phone's is as much as a time's.
 */
const EPOCH_MS = /^(?:\\?\/Date\((-?\d{1,13})(?:[+-]\d{4})?\)\\?\/|(-?\d{11,13}))$/u;

/**
 * The zoned timestamp (`ZONED`'s form, in UTC) a Unix time in milliseconds stands for, to be read as `zonedDate`
 * reads one; null for anything else, and for a time with milliseconds of its own (no midnight anywhere).
 */
function epochAsZoned(text: string): string | null {
  const m = EPOCH_MS.exec(text);
  if (m === null) return null;
  const ms = Number(m[1] ?? m[2]);
  if (!Number.isSafeInteger(ms) || ms % 1000 !== 0) return null;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.000Z$/u, 'Z');
}

/** The ISO text of a year, year-month or full date. */
export function isoText(year: number, month: number | null, day: number | null): string {
  const y = String(year).padStart(4, '0');
  if (month === null) return y;
  const m = `${y}-${String(month).padStart(2, '0')}`;
  return day === null ? m : `${m}-${String(day).padStart(2, '0')}`;
}

/** The four-digit year of a two-digit one: the latest year ending in those digits not after today. */
export function expandTwoDigitYear(yy: number, today: Date = new Date()): number {
  const ty = today.getUTCFullYear();
  const candidate = Math.floor(ty / 100) * 100 + yy;
  return candidate > ty ? candidate - 100 : candidate;
}

/** A date as a life span writes it: a full date, a month and year, or a year. */
const SPAN_DATE = String.raw`(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}[./]\d{4}|\d{4})`;
/** Words before a life span's second date: killed, died, captured, missing (uk, ru, en). */
const SPAN_WORDS = String.raw`(?:заг\.|загин\p{L}*|пом\.|помер\p{L}*|ум\.|умер\p{L}*|died|d\.|killed|полон|в полоні з|в плену с|зник\p{L}*|пропал\p{L}*)`;
const LIFE_SPAN = new RegExp(
  String.raw`^\*? ?${SPAN_DATE}(?: ?[-–—] ?†? ?| ?† ?|,? ?\(?(?:† ?)?${SPAN_WORDS} ?)${SPAN_DATE}\)?$`,
  'iu',
);
/** The first year a life span's second date may have: the war's, from 2014. */
const SPAN_FROM = 2014;

/**
 * The birth of a life span written in the birth date's cell, as a memorial list, a death register or a list of the
 * fallen writes it ("12.03.1991 – 14.05.2022", "1991–2022", "* 12.03.1991 † 14.05.2022", "12.03.1991 (заг.
 * 14.05.2022)", "12.03.1991, полон 14.05.2022"): the first date, as written, or null. Only when the second date is
 * of the war (2014 on), not after `today`, and ten years or more after the first: a range of birth years no one is
 * sure of ("1990-1991") is refused as before (`birthYearRange`), and a second date before the war may be a range.
 */
export function lifeSpanBirth(text: string, today: Date = new Date()): string | null {
  const cell = text.trim().replace(/\s+/gu, ' ');
  if (cell.length > 40) return null;
  const m = LIFE_SPAN.exec(cell);
  if (m === null) return null;
  const year = (d: string): number => Number(d.slice(-4));
  const [first, second] = [m[1] as string, m[2] as string];
  const later = parsePartialDate(second, today);
  if (typeof later === 'string' || typeof parsePartialDate(first, today) === 'string') return null;
  if (year(second) < SPAN_FROM || year(second) - year(first) < 10) return null;
  return first;
}

/**
 * What happened to a person in the war, as a list's birth date cell holds it where the clerk did not know the birth
 * date (hold-out 16): captured, held, missing, detained, deported, taken away; uk, ru, en.
 */
const WAR_EVENT = String.raw`(?:взят\p{L}*\s+[ув]\s+полон|взят\p{L}*\s+в\s+плен|[ув]\s+полоні(?:\s+з)?|в\s+плену(?:\s+с)?|полонен\p{L}*(?:\s+з)?|пленен\p{L}*|зник\p{L}*(?:\s+безвісти)?(?:\s+з)?|пропал\p{L}*(?:\s+без\s+вести)?(?:\s+с)?|затриман\p{L}*|задержан\p{L}*|депортован\p{L}*|вивезен\p{L}*|вывезен\p{L}*|інтернован\p{L}*|captured|taken\s+prisoner|missing(?:\s+since)?|detained|deported|pow\s+since)`;
/** The date of the event: a full date, a month and year, or a year (ISO forms too). */
const WAR_EVENT_DATE = String.raw`(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}[./]\d{4}|\d{4}(?:-\d{2}(?:-\d{2})?)?)`;
const WAR_EVENT_CELL = new RegExp(
  String.raw`^(?:${WAR_EVENT}\s*(?:з|із|с|since|from)?|з|із|с|since|from)\s*${WAR_EVENT_DATE}\s*(?:р\.|г\.|року|года)?\.?$`,
  'iu',
);

/**
 * Whether a birth date's cell holds an event of the war and its date instead of a birth ("взятий у полон
 * 14.05.2022", "у полоні з 05.2022", "з 2022 р.", "зник безвісти 03.2022", "в плену с 2022 г.", "captured
 * 14.05.2022", "missing since 05/2022"), as a list whose birth column was filled by someone who did not know the
 * birth date writes it (hold-out 16). Only for a date of the war (2014 on, not after `today`): the birth is not
 * known, and the date is never read as one.
 */
export function isWarEventInBirthCell(text: string, today: Date = new Date()): boolean {
  const cell = text.trim().replace(/\s+/gu, ' ');
  if (cell.length > 60) return false;
  const m = WAR_EVENT_CELL.exec(cell);
  if (m === null) return false;
  const year = Number(/\d{4}/u.exec(m[1] as string)?.[0]);
  return year >= SPAN_FROM && year <= today.getUTCFullYear();
}

/**
 * Reads a date written in any of the accepted forms: a real calendar date, not after `today`, not
 * before `earliestYear`. Returns the reason, as a sentence, when it is not one.
 */
export function parsePartialDate(
  input: string,
  today: Date = new Date(),
  earliestYear = 1900,
): PartialDate | string {
  const cell = input.trim();
  // No date is written in more than 40 characters; the patterns below never see a long field.
  if (cell.length > 40)
    return `${JSON.stringify(cell.slice(0, 40))}… is not a date in the form ${DATE_FORMS}`;
  // A range of two years ("2001/02", "1990-1991", "2001-02 р.н."): not February 2001, nor either year — one date
  // is wanted here, and the writer must say which (`parseDateOrYears` where a range may stand).
  const range = birthYearRange(cell);
  if (range !== null) return rangeRefused(cell, range);
  // Letters OCR'd or typed for digits ("12.O3.1991", "1З.03.199l"): the digits.
  const trimmed = ocrDigitsInDate(cell);
  // A date a spreadsheet wrote as a date-time at midnight ("1991-03-12 00:00:00", "12.03.1991 0:00",
  // "3/12/1991 12:00:00 AM"): the date alone. Another time of day is not a birth date's and stays refused.
  // Words beside the date in its cell ("нар. 12.03.1991", "12.03.1991 (35 р.)", "12.03.1991, м. Харків"): the date.
  // A mark that the date is a guess ("бл. 1991", "1991?"): the date as written.
  // A short year of birth ("91 р.н.", "'91"), a letter's day and month ("«12» березня", "12-го березня", "у
  // березні 1991 р."): the forms below.
  // A zoned timestamp ("1991-03-11T21:00:00.000Z"): the day whose midnight it is.
  // A Unix time in milliseconds ("668725200000", "/Date(668725200000)/"): as that zoned timestamp.
  const bare =
    zonedDate(epochAsZoned(trimmed) ?? trimmed) ??
    withoutLetterWords(wordsBeside(withoutGuessMark(trimmed)).date, today);
  const dated = MIDNIGHT.exec(bare);
  const marked = MARKED.exec(dated === null ? bare : (dated[1] as string));
  // Spaces beside a separator between numbers are a typist's ("17. 05. 1990"), not a form of their own.
  const unmarked = (
    marked ? ((marked[1] ?? marked[2]) as string) : dated === null ? bare : (dated[1] as string)
  ).trim();
  // Numbers parted by commas, spaces or doubled dots, or a full stop after the year ("12,03,1991", "12 03 1991",
  // "12.03 1991", "12..03.1991", "12.03.1991."): a typist's or a numeric keypad's dots. A dash or a slash is a
  // separator of its own and is never mixed with these.
  const separated = NUMBERS_ONLY.test(unmarked)
    ? (unmarked.match(/\d+/g) as string[]).join('.')
    : unmarked.replace(/(\d)\s*([./-])\s*(?=\d)/g, '$1$2');
  // A day or month written as not known ("00.00.1991", "XX.03.1991", "1991-03-00"), a date keyed without
  // separators ("12031991", "19910312", "120391"): the parts known, dotted.
  const written = withSeparators(withoutUnknownParts(separated));
  let year: number;
  let month: number | null;
  let day: number | null = null;
  let m: RegExpExecArray | null;
  let named: number | null;
  if ((m = ISO.exec(written))) {
    year = Number(m[1]);
    month = m[2] === undefined ? null : Number(m[2]);
    day = m[3] === undefined ? null : Number(m[3]);
  } else if ((m = DAY_FIRST.exec(written))) {
    day = Number(m[1]);
    month = Number(m[3]);
    const y = m[4] as string;
    year = y.length === 2 ? expandTwoDigitYear(Number(y), today) : Number(y);
  } else if ((m = YEAR_FIRST.exec(written))) {
    year = Number(m[1]);
    month = Number(m[3]);
    day = Number(m[4]);
  } else if ((m = MONTH_YEAR.exec(written))) {
    month = Number(m[1]);
    year = Number(m[2]);
  } else if ((m = YEAR_MONTH.exec(written))) {
    year = Number(m[1]);
    month = Number(m[2]);
  } else if ((m = DAY_NAME_YEAR.exec(written)) && (named = monthByName(m[2] as string)) !== null) {
    day = Number(m[1]);
    month = named;
    year = Number(m[3]);
  } else if ((m = NAME_DAY_YEAR.exec(written)) && (named = monthByName(m[1] as string)) !== null) {
    month = named;
    day = Number(m[2]);
    year = Number(m[3]);
  } else if ((m = NAME_YEAR.exec(written)) && (named = monthByName(m[1] as string)) !== null) {
    month = named;
    year = Number(m[2]);
  } else if ((m = DAY_ROMAN_YEAR.exec(written)) && (named = monthByRoman(m[2] as string)) !== null) {
    day = Number(m[1]);
    month = named;
    const y = m[3] as string;
    year = y.length === 2 ? expandTwoDigitYear(Number(y), today) : Number(y);
  } else if ((m = ROMAN_YEAR.exec(written)) && (named = monthByRoman(m[1] as string)) !== null) {
    month = named;
    year = Number(m[2]);
  } else {
    return `${JSON.stringify(cell.slice(0, 40))} is not a date in the form ${DATE_FORMS}`;
  }
  if (month !== null && (month < 1 || month > 12)) return `${written} has no month ${month}`;
  if (month !== null && day !== null) {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > last)
      return `${written} is not a calendar date (month ${month} of ${year} has ${last} days)`;
  }
  const text = isoText(year, month, day);
  if (year < earliestYear) return `${written} is before ${earliestYear}`;
  const ty = today.getUTCFullYear();
  const tm = today.getUTCMonth() + 1;
  const td = today.getUTCDate();
  const future =
    year > ty ||
    (year === ty && month !== null && (month > tm || (month === tm && day !== null && day > td)));
  if (future) return `${written} is in the future`;
  return { text, year, month, day };
}

/** The reason a range of two years is refused where one date is wanted. */
function rangeRefused(cell: string, first: number): string {
  return `${JSON.stringify(cell)} is a range of two years (${first} or ${first + 1}), not one date: write the year or the date it is`;
}

/**
 * A date as `parsePartialDate` reads it, or a range of two years (`birthYearRange`: "2001/02", "1990-1991", "1990
 * або 1991") as either of them: `year` the first, `lastYear` the second, `text` "2001/2002". For the search box's
 * birth, where a relative writes the year no one is sure of and a hit born in either year is what is asked for;
 * never for a date that is stored (the import refuses a range: bench/RESULTS.md yr4). Both years must be dates
 * `parsePartialDate` takes (not after today, not before `earliestYear`).
 */
export function parseDateOrYears(
  input: string,
  today: Date = new Date(),
  earliestYear = 1900,
): PartialDate | string {
  const cell = input.trim();
  const first = cell.length > 40 ? null : birthYearRange(cell);
  if (first === null) return parsePartialDate(input, today, earliestYear);
  for (const y of [first, first + 1]) {
    const d = parsePartialDate(String(y), today, earliestYear);
    if (typeof d === 'string') return `${JSON.stringify(cell)}: ${d}`;
  }
  return twoYears(first);
}

/** A range of two birth years, `first` and the next, as a search's birth: either year ("2001/2002"). */
export function twoYears(first: number): PartialDate {
  return { text: `${first}/${first + 1}`, year: first, month: null, day: null, lastYear: first + 1 };
}

/**
 * A person's age written where a birth date goes ("35 р.", "21 рік", "35 років", "35 лет", "35 л.", "(35)",
 * "вік 35", "age 35"): the age in whole years, else null. An age is not a birth date: it says the birth only to
 * within two years, and only from the date it was counted at, so the import reads it as no date and keeps the
 * cell as written. A number alone ("35") is no age: it could be anything.
 */
export function statedAge(input: string): number | null {
  const m =
    /^(?:(?:вік|возраст|age)\s*:?\s*)?(?:\(\s*(\d{1,3})\s*(?:р\.?|рік|рок(?:и|ів)|л\.|лет|год(?:а|ов)?|г\.|y\.?\s*o\.?|years?(?:\s+old)?)?\s*\)|(\d{1,3})\s*(?:р\.?|рік|рок(?:и|ів)|л\.|лет|год(?:а|ов)?|г\.|y\.?\s*o\.?|years?(?:\s+old)?))$/iu.exec(
      input.trim(),
    ) ?? /^(?:вік|возраст|age)\s*:?\s*(\d{1,3})$/iu.exec(input.trim());
  if (m === null) return null;
  const age = Number(m[1] ?? m[2]);
  return age <= 120 ? age : null;
}

/**
 * An age written in words that say it is one ("35 років", "35 лет", "35 л.", "35 y.o.", "вік 35", "(35)"), where
 * the birth date goes. Not "35 р." nor "35 г.": the same two digits and mark are a year ('35, "91 р." for 1991) as
 * often as an age, so those stay no date. A pattern PostgreSQL reads alike (`ageForBirthSql`).
 */
const AGE_WORDS = String.raw`(?:рік|роки|років|лет|года|год|л\.|y\.?\s*o\.?|years?(?:\s+old)?)`;
const AGE_FOR_BIRTH = new RegExp(
  String.raw`^(?:(?:вік|возраст|age)\s*:?\s*\d{1,3}(?:\s*${AGE_WORDS})?|\(\s*\d{1,3}\s*${AGE_WORDS}?\s*\)|\d{1,3}\s*${AGE_WORDS})$`,
  'iu',
);

/** Whether a birth date's cell is an age in words that say it is one (AGE_FOR_BIRTH). */
export function isAgeForBirth(text: string): boolean {
  return AGE_FOR_BIRTH.test(text.trim());
}

/**
 * `isAgeForBirth` of the text SQL expression `text` as a PostgreSQL boolean expression, case folded as
 * `approximateDateSql` folds (migration 0062's `birth_guessed`).
 */
export function ageForBirthSql(text: string): string {
  const folded = `translate(btrim(${text}), '${UPPER_CYRILLIC}', '${LOWER_CYRILLIC}')`;
  return `(${folded} ~* '${AGE_FOR_BIRTH.source}')`;
}

/**
 * The birth year an age gives at the source's date (`sourceDate`, ISO, a full date): the person was born within
 * the year before the day he was `age` years old, so the year holding the middle of that year — the nearer of the
 * two it may be. Null where the cell is no such age (isAgeForBirth) or the source gives no full date. Read as a
 * guess (`birth_guessed`): compared by its year alone and corroborating nothing.
 */
export function birthYearOfAge(text: string, sourceDate: string | null): number | null {
  if (sourceDate === null || !isAgeForBirth(text)) return null;
  const age = statedAge(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(sourceDate);
  if (age === null || m === null) return null;
  const y = Number(m[1]);
  // The source's day as a share of its year; the middle of the possible births is half a year before the day
  // the person turned `age`.
  const dayOfYear = (Date.UTC(y, Number(m[2]) - 1, Number(m[3])) - Date.UTC(y, 0, 1)) / 86_400_000;
  return Math.floor(y + dayOfYear / 365.25 - age - 0.5);
}

/** Shows an ISO partial date day first, as Ukrainian readers write it: `17.05.1990`, `05.1990`, `1990`. */
export function formatPartialDate(iso: string): string {
  const m = ISO.exec(iso);
  if (!m) return iso;
  if (m[2] === undefined) return m[1] as string;
  if (m[3] === undefined) return `${m[2]}.${m[1]}`;
  return `${m[3]}.${m[2]}.${m[1]}`;
}
