/**
 * What people write beside a name in a name cell or a search box (issue #11): a year or date of birth
 * ("Шевченко 1985 р.н.", "Shevchenko, b. 1985"), a military unit ("(в/ч А1234)"), a call sign ('"Грім"',
 * "(позивний Лис)"), a maiden name ("(Петренко)", "née Petrenko"), and a surname an OCR pass or a line break
 * split in two ("Шев ченко", "Шев-\nченко"). `readNameText` takes out what is not a name and returns it apart;
 * `joinSplitWords` puts a split surname back together. Pure; never throws; linear in the text.
 */
import { UKRAINIAN_TOWNS } from './data/towns.js';
import { skeleton } from './fold.js';
import { givenClassIdsOfSkeleton, hasPatronymicEnding, isPatronymic } from './givenNameIndex.js';
import { surnameEvidenceOf } from './parse.js';
import { splitLeadingRank } from './rank.js';
import { BIRTH_YEARS_BETWEEN, twoBirthYearsFirst } from './yearRange.js';

/** A birth date as precise as the text gave it; `text` is its ISO form (YYYY, YYYY-MM-DD). */
export interface CellBirth {
  text: string;
  year: number;
  month: number | null;
  day: number | null;
}

/** A name cell or query read apart: the name, and what was written beside it. */
export interface NameText {
  /** The text with what is not a name taken out (a maiden name stays), whitespace collapsed. */
  name: string;
  /** The first year or date of birth written beside the name, or null. */
  birth: CellBirth | null;
  /**
   * A range of two birth years written beside the name ("2001/02", "1990-1991", "1990 або 1991"): either year,
   * never the first alone nor a year and a month. Absent when the text writes none.
   */
  birthYears?: { from: number; to: number };
  /** A military unit written beside the name ("А1234", as written), or null. */
  unit: string | null;
  /** A call sign or nickname ("Грім"), or null: not a name of the person's papers. */
  callSign: string | null;
  /** A maiden or other surname the text marks (brackets, née, дівоче): also kept in `name`. */
  otherSurname: string | null;
  /**
   * A note about the person beside the name ("брат", "син", "зник безвісти", "в полоні", "missing"), as written,
   * or null: the kin of the one who asks or the person's state, never a name.
   */
  note: string | null;
  /**
   * Where the person is from, written beside the name with a place's mark ("м. Харків", "с. Іванівка
   * Херсонської обл.", "Харківська обл."), as written; absent when the text writes none. Never a name.
   */
  place?: string;
}

/** Characters read (no name cell is longer). */
const MAX_TEXT = 512;
/** Years taken for a birth year: a bare four-digit number outside these is left alone. */
const FIRST_YEAR = 1870;
const LAST_YEAR = 2099;

const L = String.raw`\p{L}`;
/** A letter of a name word, with the apostrophes and hyphens inside one. */
const WORD = String.raw`${L}[${L}'’ʼ-]*`;
/** Quotes around a call sign («Грім», "Грім", „Грім“, “Грім”); the apostrophes are name letters, never quotes. */
const OPEN_QUOTE = '«"„“”';
const CLOSE_QUOTE = '»"“”';
const QUOTED = new RegExp(String.raw`[${OPEN_QUOTE}]\s*(${WORD}(?:\s+${WORD}){0,2})\s*[${CLOSE_QUOTE}]`, 'u');
/** The words that mark a call sign: позивний, позывной, поз., call sign, callsign, c/s, nickname, прізвисько. */
const CALL_SIGN_MARK = String.raw`(?:позивн(?:ий|ого)|позывно(?:й|го)|поз\.|позив\.|call\s*-?\s*sign|c\/s|nickname|nom\s+de\s+guerre|прізвисько|прозвище|кличка)`;
/** The words that mark a unit: в/ч, в.ч., вч, військова частина, воинская часть, (military) unit, mil. unit. */
const UNIT_MARK = String.raw`(?:в\s*\/\s*ч\.?|в\.\s*ч\.?|вч|військов(?:а|ої)\s+частин(?:а|и)|воинская\s+часть|(?:mil(?:itary)?\.?\s+)?unit|mil\.?\s*u\.?)`;
/** A unit's code: a letter and digits (А1234, A-1234) or digits alone (01234). */
const UNIT_CODE = String.raw`(?:${L}\s?-?\s?\d{3,5}|\d{3,5})`;
/**
 * The words that mark an alias, a surname the person is also known under, as an investigator's, a court's or a
 * detention list writes it (hold-out 14): він же, вона ж(е), он же, она же, також відомий як, также известный как,
 * a.k.a., aka, alias. Another surname the person goes by, kept as a maiden name is.
 */
const ALIAS_MARK = String.raw`(?:він\s+же|вона\s+ж[е]?|он\s+же|она\s+же|також\s+відом\p{L}*\s+як|также\s+известн\p{L}*\s+как|a\.\s?k\.\s?a\.|aka(?!\p{L})|alias(?!\p{L}))`;
/**
 * The words that mark a maiden or other surname (and an alias, ALIAS_MARK): née, дівоче (прізвище), уроджена, уродж., урожд., у дівоцтві,
 * в девичестве, до шлюбу, до брака, з дому, geb., z domu, z d., maiden (name).
 */
const MAIDEN_MARK = String.raw`(?:${ALIAS_MARK}|n[ée]e|дівоче(?:\s+прізвище)?|дівоч\.|дів\.|уроджена|урождённая|урожденная|урожд\.|уродж\.|[ув]\s+дівоцтві|в\s+девичестве|до\s+шлюбу|до\s+брака|з\s+дому|geb\.|geborene|z\s+domu|z\s+d\.|maiden(?:\s+name)?)`;
/**
 * A "born" or "year of birth" mark before a date: р.н., г.р., рн, гр (рік народження, год рождения), нар.,
 * народився, род., родился; ", b." and "born". In lower case only: "Р. Н. 1985" may be a name's initials.
 */
const MARK_BEFORE = String.raw`(?:р\.?\s*н\.|г\.?\s*р\.|рн|гр|(?<=,\s*)b\.|[Bb]orn|нар\.|народ\p{L}*|род\.|родил\p{L}*)`;
/**
 * A mark after a date: р.н., г.р. (either case), року (народження), года (рождения), р., г.; a bare р or г only
 * against the digits ("1985р").
 */
const MARK_AFTER = String.raw`(?:\s*(?:[рР]\.?\s*[нН]\.?|[гГ]\.?\s*[рР]\.?|року(?:\s+народження)?|года(?:\s+рождения)?|р\.|г\.)|[рг])`;
const DATE = String.raw`(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2}|\d{4})`;
const BIRTH = new RegExp(
  String.raw`(?<![\p{L}\d])(?:${MARK_BEFORE}\s*)?(${DATE})(?!\d)(?:${MARK_AFTER}(?![\p{L}\d]))?`,
  'u',
);

/**
 * A range of two birth years, as lists of deported children and relatives write a year no one is sure of: a year, a
 * dash, a slash or a word (або, чи, или, либо, or) and the next year, whole or its last two digits ("1990-1991",
 * "1990/91", "2001/02", "1990 або 1991"), a "year of birth" mark before or after it allowed. Two digits after a plain
 * hyphen are a month ("2001-02") unless a mark says years; the years are consecutive: `twoBirthYearsFirst`, the check
 * the server's registry/dates.ts `birthYearRange` makes of a date cell.
 */
const YEARS_ALL = new RegExp(
  String.raw`(?<![\p{L}\d])(${MARK_BEFORE}\s*)?(\d{4})${BIRTH_YEARS_BETWEEN}(\d{4}|\d{2})(?!\d)(${MARK_AFTER}(?![\p{L}\d]))?`,
  'gu',
);

/** The birth a date's text gives (DD.MM.YYYY, YYYY-MM-DD or YYYY), or null when it is no real date. */
function readBirth(date: string): CellBirth | null {
  let year: number;
  let month: number | null = null;
  let day: number | null = null;
  const dayFirst = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/u.exec(date);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (dayFirst !== null) [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  else if (iso !== null) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (/^\d{4}$/u.test(date)) year = Number(date);
  else return null;
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  if (month === null || day === null) return { text: String(year), year, month: null, day: null };
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  const two = (n: number): string => String(n).padStart(2, '0');
  return { text: `${year}-${two(month)}-${two(day)}`, year, month, day };
}

const isGivenName = (word: string): boolean => givenClassIdsOfSkeleton(skeleton(word)).length > 0;

/**
 * A note beside a name, as volunteers' and relatives' lists write them (hold-out 7): the kin of the one who asks
 * (Ukrainian, Russian, English) or the person's state (missing, a prisoner, wounded, to be confirmed). Words that
 * are also surnames (Внук, Кум) are not among them: a bracketed surname is a maiden name.
 */
const NOTE = String.raw`(?:брат|сестра|син|сын|дочка|донька|доньк[аи]|дочь|чоловік|муж|дружина|жена|батько|отец|мати|мать|онук|онука|внучка|бабуся|бабушка|дідусь|дедушка|тітка|тетя|дядько|племінни(?:к|ця)|племянни(?:к|ца)|brother|sister|son|daughter|husband|wife|father|mother|grandson|granddaughter|nephew|niece|збв|зник(?:ла|лий)?\s+безвісти|пропал(?:а|ий)?\s+без\s+вести|пропавш(?:ий|ая)\s+без\s+вести|[ву]\s+полоні|полонен(?:ий|а)|в\s+плену|пленн(?:ый|ая)|уточнюється|уточняется|поранен(?:ий|а)|ранен(?:ый|ая|а)?|missing|pow|wounded|to\s+be\s+confirmed|unconfirmed|tbc)`;
/** A note filling a pair of brackets or slashes, a "?" after it allowed. */
const NOTE_WHOLE = new RegExp(String.raw`^\s*(${NOTE})\s*\??\s*[.,;]?\s*$`, 'iu');
/**
 * A note in slashes ("/поранений/") or after a spaced dash at the cell's end ("Коваленко - син"); never after a
 * comma, which parts a surname from a given name ("Nguyen, Son").
 */
const NOTE_SLASHED = new RegExp(String.raw`\/\s*(${NOTE})\s*\??\s*\/`, 'giu');
const NOTE_AFTER = new RegExp(String.raw`\s+[-–—]\s*(${NOTE})\s*\??\.?\s*$`, 'iu');

/**
 * A generation mark after a name, as a family's or a village's list tells a father from a son of one name
 * (hold-out 16): "ст.", "мол.", "мл.", "старш.", старший / молодший / младший and their feminines, Latin "Sr.",
 * "Jr.", Senior, Junior. The short Cyrillic marks only in lower case with their dot ("Ст." may be an initial).
 */
const GENERATION = String.raw`(?:(?:ст|мол|мл|старш)\.|(?:[Сс]тарш|[Мм]олодш|[Мм]ладш)(?:ий|ая|а|ой)|(?:СТАРШ|МОЛОДШ|МЛАДШ)(?:ИЙ|АЯ|А|ОЙ)|(?:[Ss][Rr]|[Jj][Rr])\.?|[Ss]enior|[Jj]unior|SENIOR|JUNIOR)`;
/** A generation mark filling a pair of brackets. */
const GENERATION_WHOLE = new RegExp(String.raw`^\s*(${GENERATION})\s*$`, 'u');
/**
 * A generation mark after a name word at the text's end or before a comma: after a space, a comma or a hyphen
 * ("Коваленко ст.", "Коваленко, мол.", "Коваленко-старший", "Kovalenko Jr.").
 */
const GENERATION_AFTER = new RegExp(
  String.raw`(?<=\p{L})(?:\s*,\s*|\s+|\s*-\s*)(${GENERATION})(?![\p{L}\d])(?=\s*(?:[,;]|$))`,
  'gu',
);
/**
 * The kin words a relative's name follows ("мати Олена", "wife Iryna"), as whole words (not the start of Тетяна or
 * Синицюк); no English "son", a given name too.
 */
const KIN = String.raw`(?:мати|мама|мать|батько|тато|отец|дружина|жена|чоловік|муж|сестра|брат|дочка|донька|дочь|син|сын|бабуся|бабушка|дідусь|дедушка|тітка|тетя|дядько|дядя|mother|father|wife|husband|sister|brother|daughter)`;
const NAME_WORDS = String.raw`${WORD}(?:\s+${WORD}){0,2}`;
/**
 * A relative named in brackets, as a volunteer's list or a hotline's sheet notes whom to call (hold-out 16): "(мати
 * Олена)", "(дружина – Коваленко Ірина Василівна)", "(mother Olena)". The relative's names are not the person's.
 */
const KIN_NAMED_WHOLE = new RegExp(String.raw`^\s*(${KIN})(?!\p{L})\s*[-–—:]?\s*${NAME_WORDS}\s*$`, 'iu');
/** The same after a comma or a spaced dash at the text's end ("Петрович, дружина Ірина"). */
const KIN_NAMED_AFTER = new RegExp(
  String.raw`(?:\s*,\s*|\s+[-–—]\s*)(${KIN})(?!\p{L})\s*[-–—:]?\s*${NAME_WORDS}\s*$`,
  'iu',
);
/**
 * A place written with its mark, as lists of deported children and volunteers' lists say where a person is from
 * (hold-out 16): a town's or a village's mark in lower case and a capitalised name ("м. Харків", "с. Іванівка",
 * "смт Нова Каховка", "г. Мариуполь", "пос. Мирное"), a region's genitive after it allowed ("с. Іванівка
 * Херсонської обл."); or a region or a district ("Харківська обл.", "Харківська область", "Ізюмський р-н").
 */
const PLACE_MARK = String.raw`(?:м|с|г|смт|сел|пос|с-ще|місто|село|город|поселок|селище)\.?`;
const PLACE_NAME = String.raw`\p{Lu}[\p{L}'’ʼ-]*(?:\s+\p{Lu}[\p{L}'’ʼ-]*)?`;
const REGION = String.raw`\p{L}[\p{L}'’ʼ-]*(?:ськ|цьк|зьк|ск|цк)\p{L}{1,3}\s+(?:обл\.?|області|область|р-н\.?|р-ну|району?|район)`;
const PLACE = String.raw`(?:${PLACE_MARK}(?<=\.)\s*${PLACE_NAME}(?:,?\s+${REGION})?|${PLACE_MARK}\s+${PLACE_NAME}(?:,?\s+${REGION})?|${REGION})`;
const PLACE_WHOLE = new RegExp(String.raw`^\s*(${PLACE})\s*[.,;]?\s*$`, 'u');
const TOWN_SKELETONS: ReadonlySet<string> = new Set(UKRAINIAN_TOWNS.map((t) => skeleton(t)));
/**
 * Whether one or two words are a town of Ukraine's (data/towns.ts) written without a mark ("Маріуполь", "Нова
 * Каховка", "Mariupol", "Харьков"); never a surname the tables know (evidence 2) or a given name: such a word in brackets
 * stays a maiden name.
 */
function isTown(words: string): boolean {
  if (!TOWN_SKELETONS.has(skeleton(words))) return false;
  return words.split(/\s+/u).every((w) => surnameEvidenceOf(w) < 2 && !isGivenName(w));
}
/** One or two words after a comma or a spaced dash at the text's end, a town if `isTown` says so. */
const TOWN_AFTER = new RegExp(String.raw`(?:\s*,\s*|\s+[-–—]\s*)(${WORD}(?:\s+${WORD})?)\s*\.?\s*$`, 'u');
/** A marked place after a comma or a spaced dash at the text's end ("Петрович, м. Харків"). */
const PLACE_AFTER = new RegExp(String.raw`(?:\s*,\s*|\s+[-–—]\s*)(${PLACE})\s*\.?\s*$`, 'u');

/** What one bracketed or marked piece is. */
type Piece =
  | { kind: 'note'; note: string }
  | { kind: 'place'; place: string }
  | { kind: 'birth'; birth: CellBirth }
  | { kind: 'unit'; unit: string }
  | { kind: 'callSign'; sign: string }
  | { kind: 'maiden'; name: string }
  | { kind: 'name'; name: string }
  | { kind: 'text' };

const whole = (re: string): RegExp => new RegExp(String.raw`^\s*${re}\s*[.,;:]?\s*$`, 'iu');
const UNIT_WHOLE = whole(String.raw`(?:${UNIT_MARK}\s*(?:№\s*)?[:\-–]?\s*)?(${UNIT_CODE})`);
const UNIT_MARKED_WHOLE = whole(String.raw`${UNIT_MARK}\s*(?:№\s*)?[:\-–]?\s*(${UNIT_CODE})`);
const CALL_WHOLE = whole(
  String.raw`${CALL_SIGN_MARK}\s*[:\-–]?\s*[${OPEN_QUOTE}]?\s*(${WORD}(?:\s+${WORD}){0,2}?)\s*[${CLOSE_QUOTE}]?`,
);
const QUOTED_WHOLE = whole(QUOTED.source);
const MAIDEN_WHOLE = whole(String.raw`${MAIDEN_MARK}\s*[:\-–]?\s*(${WORD})`);
const NAME_WHOLE = whole(String.raw`(${WORD}(?:\s+${WORD})?)`);
const BIRTH_WHOLE = new RegExp(String.raw`^\s*${BIRTH.source}\s*[.,;]?\s*$`, 'u');
/** A unit code alone where a name word would stand: a capital letter and four digits (А1234, A-1234). */
const BARE_UNIT_CODE = /^[A-ZА-ЯІЇЄҐ]-?\d{4}$/u;

/** What the contents of one pair of brackets are. */
function bracketed(inside: string): Piece {
  let m: RegExpExecArray | null;
  const code = (s: string): string => s.replace(/\s+/gu, '');
  if ((m = NOTE_WHOLE.exec(inside)) !== null) return { kind: 'note', note: m[1] as string };
  if ((m = GENERATION_WHOLE.exec(inside)) !== null) return { kind: 'note', note: m[1] as string };
  if ((m = KIN_NAMED_WHOLE.exec(inside)) !== null) return { kind: 'note', note: m[1] as string };
  if ((m = PLACE_WHOLE.exec(inside)) !== null) return { kind: 'place', place: m[1] as string };
  if ((m = UNIT_MARKED_WHOLE.exec(inside)) !== null) return { kind: 'unit', unit: code(m[1] as string) };
  if ((m = CALL_WHOLE.exec(inside)) !== null) return { kind: 'callSign', sign: m[1] as string };
  if ((m = BIRTH_WHOLE.exec(inside)) !== null) {
    const birth = readBirth(m[1] as string);
    if (birth !== null) return { kind: 'birth', birth };
  }
  if ((m = UNIT_WHOLE.exec(inside)) !== null && BARE_UNIT_CODE.test(code(m[1] as string)))
    return { kind: 'unit', unit: code(m[1] as string) };
  if ((m = QUOTED_WHOLE.exec(inside)) !== null) {
    const words = m[1] as string;
    return words.split(/\s+/u).every(isGivenName)
      ? { kind: 'name', name: words }
      : { kind: 'callSign', sign: words };
  }
  if ((m = MAIDEN_WHOLE.exec(inside)) !== null) return { kind: 'maiden', name: m[1] as string };
  if ((m = NAME_WHOLE.exec(inside)) !== null)
    return isTown(m[1] as string)
      ? { kind: 'place', place: m[1] as string }
      : { kind: 'maiden', name: m[1] as string };
  return { kind: 'text' };
}

const BRACKETS = /\(([^()]{0,80})\)/gu;
const UNIT_MARKED = new RegExp(
  String.raw`(?<![\p{L}\d])${UNIT_MARK}\s*(?:№\s*)?[:\-–]?\s*(${UNIT_CODE})(?![\p{L}\d])`,
  'giu',
);
const CALL_MARKED = new RegExp(
  String.raw`(?<![\p{L}])${CALL_SIGN_MARK}\s*[:\-–]?\s*(?:[${OPEN_QUOTE}]\s*(${WORD}(?:\s+${WORD}){0,2})\s*[${CLOSE_QUOTE}]|(${WORD}))`,
  'giu',
);
const QUOTED_ALL = new RegExp(QUOTED.source, 'gu');
const MAIDEN_MARKED = new RegExp(String.raw`(?<![\p{L}])${MAIDEN_MARK}\s*[:\-–]?\s*(?=${WORD})`, 'giu');
const BIRTH_ALL = new RegExp(BIRTH.source, 'gu');
/** Whitespace, but not U+FEFF, which JavaScript counts as whitespace and the tokenizer drops inside a word. */
const SPACE = /[^\S\uFEFF]+/gu;
const FIRST_WORD = new RegExp(`^${WORD}`, 'u');
const BARE_UNIT_ALL = /(?<![\p{L}\d])[A-ZА-ЯІЇЄҐ]-?\d{4}(?![\p{L}\d])/gu;

/**
 * Reads a name cell or a typed query apart: the name, and beside it a year or date of birth ("1985 р.н.",
 * "1985 г.р.", "р.н. 1985", "(1985)", "12.03.1985 р.н.", ", b. 1985"), a military unit ("(в/ч А1234)",
 * "в/ч А1234", "military unit A1234"), a call sign («Грім», '"Грім"', "(позивний Лис)", "позивний «Лис»",
 * "call sign Lys"). A bracketed name ("(Петренко)") or one marked as maiden (née, дівоче, уроджена) stays in
 * the name: it is the person's other surname. Case, spelling and a split word are left to the caller
 * (`joinSplitWords`, `parseName`). A text with nothing beside the name comes back as it was, spaces collapsed.
 */
export function readNameText(text: string): NameText {
  const out: NameText = { name: '', birth: null, unit: null, callSign: null, otherSurname: null, note: null };
  if (typeof text !== 'string') return out;
  let s = text.slice(0, MAX_TEXT).normalize('NFC');
  const setBirth = (b: CellBirth): void => {
    out.birth ??= b;
  };
  // Brackets first: what they hold is one thing.
  s = s.replace(BRACKETS, (all, inside: string) => {
    const p = bracketed(inside);
    switch (p.kind) {
      case 'note':
        out.note ??= p.note;
        return ' ';
      case 'place':
        out.place ??= p.place;
        return ' ';
      case 'birth':
        setBirth(p.birth);
        return ' ';
      case 'unit':
        out.unit ??= p.unit;
        return ' ';
      case 'callSign':
        out.callSign ??= p.sign;
        return ' ';
      case 'maiden':
        out.otherSurname ??= p.name;
        return ` ${p.name} `;
      case 'name':
        return ` ${p.name} `;
      case 'text':
        return all;
    }
  });
  // A note in slashes or after a dash at the end ("/поранений/", "Коваленко - син"): not the name.
  s = s.replace(NOTE_SLASHED, (_all, note: string) => {
    out.note ??= note;
    return ' ';
  });
  s = s.replace(NOTE_AFTER, (_all, note: string) => {
    out.note ??= note;
    return ' ';
  });
  // A relative named, a place or a generation mark after the name ("Петрович, мати Олена", "Коваленко, м.
  // Харків", "Коваленко ст."): not the name (hold-out 16).
  s = s.replace(KIN_NAMED_AFTER, (_all, kin: string) => {
    out.note ??= kin;
    return ' ';
  });
  s = s.replace(PLACE_AFTER, (_all, place: string) => {
    out.place ??= place;
    return ' ';
  });
  s = s.replace(TOWN_AFTER, (all, town: string) => {
    if (!isTown(town)) return all;
    out.place ??= town;
    return ' ';
  });
  s = s.replace(GENERATION_AFTER, (_all, mark: string) => {
    out.note ??= mark;
    return ' ';
  });
  s = s.replace(UNIT_MARKED, (_all, code: string) => {
    out.unit ??= code.replace(/\s+/gu, '');
    return ' ';
  });
  s = s.replace(CALL_MARKED, (_all, quoted: string | undefined, bare: string | undefined) => {
    out.callSign ??= quoted ?? bare ?? null;
    return ' ';
  });
  // Words in quotes beside a name are a call sign; a name typed in quotes alone ('"Шевченко Тарас"') is the name,
  // and so is a given name the tables know ('Шевченко «Тетяна» Петрівна'): lists quote names too.
  if (/\p{L}{2}/u.test(s.replace(QUOTED_ALL, ' ')))
    s = s.replace(QUOTED_ALL, (all, sign: string) => {
      if (sign.split(/\s+/u).every(isGivenName)) return ` ${sign} `;
      out.callSign ??= sign;
      return ' ';
    });
  s = s.replace(MAIDEN_MARKED, (mark: string, offset: number, all: string) => {
    out.otherSurname ??= FIRST_WORD.exec(all.slice(offset + mark.length))?.[0] ?? null;
    return ' ';
  });
  // A range of two years before a single year: "2001/02" is no year 2001 and a "/02" left in the name.
  s = s.replace(
    YEARS_ALL,
    (
      all,
      before: string | undefined,
      from: string,
      sep: string | undefined,
      to: string,
      after: string | undefined,
    ) => {
      // Years a birth may be in only (FIRST_YEAR to LAST_YEAR), then the check dates.ts makes of a date cell.
      if (Number(from) < FIRST_YEAR || Number(from) + 1 > LAST_YEAR) return all;
      const first = twoBirthYearsFirst(from, sep, to, before !== undefined || after !== undefined);
      if (first === null) return all;
      out.birthYears ??= { from: first, to: first + 1 };
      return ' ';
    },
  );
  s = s.replace(BIRTH_ALL, (all, date: string) => {
    const b = readBirth(date);
    if (b === null) return all;
    setBirth(b);
    return ' ';
  });
  s = s.replace(BARE_UNIT_ALL, (code) => {
    out.unit ??= code;
    return ' ';
  });
  // What the pieces leave: brackets empty but for the commas between the pieces, and quotes, a comma before nothing or before another comma.
  out.name = s
    .replace(/\([\s,;.]*\)/gu, ' ')
    .replace(/[«»„“”]|"(?!\p{L})|(?<!\p{L})"/gu, ' ')
    .replace(SPACE, ' ')
    .replace(/ ([,;])/gu, '$1')
    .replace(/([,;])(?:\s*[,;])+/gu, '$1')
    .replace(/^[\s,;]+|[\s,;]+$/gu, '');
  return out;
}

const MAIDEN_IN_BRACKETS = new RegExp(String.raw`\(\s*${MAIDEN_MARK}\s*[:\-–]?\s*(?=${WORD})`, 'giu');
const MAIDEN_AFTER = new RegExp(
  String.raw`\s*[,;]?\s*(?<![\p{L}])${MAIDEN_MARK}\s*[:\-–]?\s*(${WORD})(?:\s*[,;](?=\s*\S))?`,
  'giu',
);

/**
 * A name cell with the words that mark a maiden or other surname taken out and that surname put in brackets, as
 * the cell "Мельник (Шевчук)" writes it: "Мельник (дів. Шевчук)", "Мельник, уроджена Шевчук", "Melnyk (née
 * Shevchuk)", "Melnyk, geb. Shevchuk" → "Мельник (Шевчук)", "Melnyk (Shevchuk)". The mark is no name, and a key
 * must not read it as one. Null when the cell has no such mark. Both surnames stay, in the order written.
 */
export function unmarkMaiden(text: string): string | null {
  if (typeof text !== 'string' || text.length > MAX_TEXT) return null;
  const s = text.normalize('NFC');
  const inside = s.replace(MAIDEN_IN_BRACKETS, '(');
  const out = inside.replace(MAIDEN_AFTER, (_all, word: string) => ` (${word}) `);
  if (out === s) return null;
  return out
    .replace(SPACE, ' ')
    .replace(/ ([,;)])/gu, '$1')
    .replace(/\( /gu, '(')
    .trim();
}

// ---- split words ------------------------------------------------------------------------------------------

/** Surname endings beside the parse's (`surnameEvidenceOf`): Armenian, Georgian, Greek, Romanian, Jewish. */
const MORE_ENDINGS =
  /(?:ian|yan|ants|dze|shvili|idi|adi|aki|ulo|ulos|escu|eanu|man|berg|stein|ski|sky|skyi|skyy)$/u;

/** Whether the tables know a word as a given name, a patronymic or a surname. */
function known(word: string): boolean {
  return (
    givenClassIdsOfSkeleton(skeleton(word)).length > 0 || isPatronymic(word) || surnameEvidenceOf(word) === 2
  );
}

const LETTERS = /^\p{L}[\p{L}'’ʼ]*$/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const UPPER = /^\p{Lu}/u;
const LOWER = /^\p{Ll}/u;

/** A word the tables know as a name (given name or surname), or one that ends as surnames do. */
function surnameLike(word: string): 'known' | 'ending' | null {
  if (givenClassIdsOfSkeleton(skeleton(word)).length > 0 || surnameEvidenceOf(word) === 2) return 'known';
  if (surnameEvidenceOf(word) === 1 || MORE_ENDINGS.test(skeleton(word))) return 'ending';
  return null;
}

/**
 * Puts back together a word that OCR or a line break split in two ("Шев ченко", "Шев-\nченко" given as
 * ["Шев-", "ченко"], "Коваль чук"): two neighbouring pieces are joined only where neither is a name the tables
 * know (given name, patronymic, surname) and the join is one (Шевченко), or the join ends as surnames do and
 * the break shows it is one (a hyphen at the line's end, the second piece starting in lower case after a
 * capital, or a piece of at most three letters); a first piece that is a surname already (Коваль, or one ending
 * as surnames do) only with such a break and a join the surname tables know (Ковальчук). Two real names ("Іван Петро") are never joined, nor a name and an
 * initial. `words` are whitespace-free; the result has one word per name word.
 */
export function joinSplitWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as string;
    const b = words[i + 1];
    const joined = b === undefined ? null : joinPair(a, b);
    if (joined === null) out.push(a);
    else {
      out.push(joined);
      i++;
    }
  }
  return out;
}

/** The two pieces as one word, or null when they are two words. */
function joinPair(a: string, b: string): string | null {
  const hyphen = /^[^-]+-$/u.test(a);
  const head = hyphen ? a.slice(0, -1) : a;
  // Punctuation after the second piece ("Шев ченко,") stays after the join.
  const m = /^(.*?)([.,;:]*)$/u.exec(b);
  const tail = m?.[1] ?? b;
  const after = m?.[2] ?? '';
  if (!LETTERS.test(head) || !LETTERS.test(tail)) return null;
  const [ha, ta] = [[...head].length, [...tail].length];
  if (ha < 2 || ta < 2) return null;
  if (CYRILLIC.test(head) !== CYRILLIC.test(tail)) return null;
  // A word in lower case before a capitalised one, with no hyphen, is a word of its own ("пан Галичина", "гр
  // Коваль"): a split keeps the word's first capital on its first piece. Nor is a title or rank a piece ("пан
  // галичина"). The import joins only where a hyphen or a capital shows the break (records/validate.ts): unchanged.
  if (!hyphen && LOWER.test(head) && UPPER.test(tail)) return null;
  if (!hyphen && LOWER.test(head) && splitLeadingRank(`${head} ${tail}`)?.rank === head) return null;
  // A second piece that is a whole name word, or ends as patronymics do ("Остап етрович", a typo's patronymic):
  // not a fragment, unless a hyphen at the line's end says it is.
  if (known(tail) || (!hyphen && hasPatronymicEnding(tail))) return null;
  const allCaps = head === head.toUpperCase() && tail === tail.toUpperCase();
  const word = allCaps ? head + tail : head + tail.toLowerCase();
  const like = surnameLike(word);
  if (like === null) return null;
  const broken = hyphen || (UPPER.test(head) && LOWER.test(tail)) || Math.min(ha, ta) <= 3;
  // A first piece that is a surname already (Коваль, or one ending as surnames do: Гончаренко) joins only a
  // broken-off ending that makes a surname the tables know (Ковальчук): else the second piece is another word,
  // a given name cut short or mistyped ("Гончаренко оман").
  if (known(head) || surnameLike(head) !== null)
    return like === 'known' && broken && surnameEvidenceOf(word) === 2 ? word + after : null;
  return like === 'known' || broken ? word + after : null;
}
