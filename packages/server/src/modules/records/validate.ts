import {
  CATEGORIES,
  RELIABILITY_GRADES,
  STATUSES,
  type Category,
  type ReliabilityGrade,
  type Sex,
  type Status,
} from '../registry/vocabulary.js';
import {
  birthPlaceBeside,
  birthYearRange,
  isWarEventInBirthCell,
  lifeSpanBirth,
  isApproximateDate,
  parsePartialDate,
  statedAge,
  birthYearOfAge,
  type PartialDate,
} from '../registry/dates.js';
import { serviceNumberRead } from '@homecoming/linkage';
import { isNotKnownDate, isNotKnownName } from '../registry/notKnown.js';
import {
  givenNameClassOf,
  hasPatronymicEnding,
  isCivilTitle,
  isPatronymic,
  isSurnameGivenCell,
  turkicPatronymicParts,
  joinSplitWords,
  parseName,
  readNameText,
  oneScriptOfBilingual,
  readOcrDigits,
  unmarkMaiden,
  repairMojibake,
  retypeKeyboardLayout,
  splitLeadingRank,
  splitTrailingRank,
  lowerStressCapitals,
  partJoinedWords,
  unescapedText,
  unstyledLetters,
  isMilitaryRank,
  joinSpacedLetters,
  withoutEditorialMarks,
  withoutMarkup,
  surnameEvidenceOf,
  undeclineName,
  undeclineWords,
  withoutNamesakeNumber,
  namesTwoPersons,
} from '@homecoming/names';
import type { CellBirth } from '@homecoming/names';
import { wordIn } from '../../words.js';
import { recordKeys } from '../search/keys.js';

// Dates are read in every form offices write them (registry/dates.ts); re-exported for existing callers.
export { parsePartialDate, type PartialDate };

/** One problem with one field of an input row. */
export interface FieldProblem {
  column: string;
  reason: string;
}

/** A record's content after validation: every value normalised, ready to write. */
export interface RecordContent {
  external_id: string | null;
  source: string | null;
  category: Category | null;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: Sex | null;
  birth: PartialDate | null;
  status: Status | null;
  unit: string | null;
  service_number: string | null;
  place_of_birth: string | null;
  military_rank: string | null;
  marks: string | null;
  source_ref: string | null;
  source_date: string | null;
  reliability: ReliabilityGrade | null;
  attributes: Record<string, string>;
}

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 2000;

/**
 * The words offices write in a category, status or sex column, in Ukrainian, Russian and English, beside the
 * registry's own values. Looked up after `vocabularyKey` (lower case, ё as е, one kind of apostrophe, no
 * trailing full stop, spaces and hyphens as in the registry's values). A word that could mean two things is
 * left out: the row is rejected with the values to use, rather than filed under a guess.
 */
const CATEGORY_ALIASES: Record<string, Category> = {
  pow: 'military',
  prisoner_of_war: 'military',
  serviceman: 'military',
  servicewoman: 'military',
  service_member: 'military',
  soldier: 'military',
  військовий: 'military',
  військова: 'military',
  військовослужбовець: 'military',
  військовослужбовиця: 'military',
  військовополонений: 'military',
  військовополонена: 'military',
  военный: 'military',
  военнослужащий: 'military',
  военнопленный: 'military',
  военнопленная: 'military',
  civilian: 'civilian_detainee',
  цивільний: 'civilian_detainee',
  цивільна: 'civilian_detainee',
  цивільна_особа: 'civilian_detainee',
  гражданский: 'civilian_detainee',
  гражданская: 'civilian_detainee',
  гражданское_лицо: 'civilian_detainee',
  missing_person: 'missing',
  зниклий_безвісти: 'missing',
  зникла_безвісти: 'missing',
  безвісти_зниклий: 'missing',
  безвісти_зникла: 'missing',
  пропавший_без_вести: 'missing',
  пропавшая_без_вести: 'missing',
  child: 'deported_child',
  дитина: 'deported_child',
  депортована_дитина: 'deported_child',
  ребенок: 'deported_child',
  депортированный_ребенок: 'deported_child',
  dead: 'deceased',
  загиблий: 'deceased',
  загибла: 'deceased',
  померлий: 'deceased',
  померла: 'deceased',
  погибший: 'deceased',
  погибшая: 'deceased',
  умерший: 'deceased',
  умершая: 'deceased',
};
const STATUS_ALIASES: Record<string, Status> = {
  немає_даних: 'no_data',
  нема_даних: 'no_data',
  нет_данных: 'no_data',
  зниклий_безвісти: 'missing',
  зникла_безвісти: 'missing',
  зник_безвісти: 'missing',
  зникла: 'missing',
  зник: 'missing',
  пропал_без_вести: 'missing',
  пропала_без_вести: 'missing',
  пропавший_без_вести: 'missing',
  в_полоні: 'captivity_reported',
  у_полоні: 'captivity_reported',
  полон: 'captivity_reported',
  в_плену: 'captivity_reported',
  плен: 'captivity_reported',
  полон_підтверджено: 'captivity_confirmed',
  перебування_в_полоні_підтверджено: 'captivity_confirmed',
  плен_подтвержден: 'captivity_confirmed',
  повернувся: 'returned',
  повернулася: 'returned',
  повернутий: 'returned',
  повернута: 'returned',
  повернуто: 'returned',
  вернулся: 'returned',
  вернулась: 'returned',
  возвращен: 'returned',
  возвращена: 'returned',
  загинув: 'death_reported',
  загинула: 'death_reported',
  помер: 'death_reported',
  померла: 'death_reported',
  погиб: 'death_reported',
  погибла: 'death_reported',
  умер: 'death_reported',
  умерла: 'death_reported',
  загибель_підтверджено: 'death_confirmed',
  смерть_підтверджено: 'death_confirmed',
  гибель_подтверждена: 'death_confirmed',
  смерть_подтверждена: 'death_confirmed',
  депортований: 'deported',
  депортована: 'deported',
  депортовано: 'deported',
  депортирован: 'deported',
  депортирована: 'deported',
  місцезнаходження_встановлено: 'located',
  местонахождение_установлено: 'located',
};
const SEX_VALUES: Record<string, Sex | null> = {
  male: 'male',
  m: 'male',
  man: 'male',
  ч: 'male',
  м: 'male',
  чол: 'male',
  чоловіча: 'male',
  чоловік: 'male',
  муж: 'male',
  мужской: 'male',
  мужчина: 'male',
  // A children's list, an adjective left whole or cut, a German or Polish form, the symbol (hold-out 11).
  хлопчик: 'male',
  мальчик: 'male',
  boy: 'male',
  чоловічий: 'male',
  мужск: 'male',
  männlich: 'male',
  mężczyzna: 'male',
  '♂': 'male',
  female: 'female',
  f: 'female',
  woman: 'female',
  ж: 'female',
  жін: 'female',
  жіноча: 'female',
  жінка: 'female',
  жен: 'female',
  женский: 'female',
  женщина: 'female',
  дівчинка: 'female',
  девочка: 'female',
  girl: 'female',
  жіночий: 'female',
  женск: 'female',
  weiblich: 'female',
  kobieta: 'female',
  '♀': 'female',
  unknown: null,
  u: null,
};

/**
 * The sex column's word as a key (`vocabularyKey`), without the column's own name written beside it, as a form
 * copied with its labels has it ("стать: ч", "Sex: F", "чол. стать", "пол мужской", "жіноча стать"); a cell of
 * the label alone stays the label (refused).
 */
function sexKey(text: string): string {
  return vocabularyKey(text)
    .replace(/^(?:стать|пол|sex|gender)[:._]*(?=[^:._])/u, '')
    .replace(/(?<=[^:._])[:._]+(?:стать|пол)$/u, '')
    .replace(/[:._]+$/u, '');
}

/**
 * A vocabulary word as a key: lower case, ё as е, apostrophes as ', no trailing full stop, runs of spaces,
 * hyphens and underscores as one underscore ("Зниклий безвісти." → "зниклий_безвісти").
 */
export function vocabularyKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’ʼ`]/g, "'")
    .replace(/\.+$/, '')
    .trim()
    .replace(/[\s_-]+/g, '_');
}

// C0/C1 controls and the Unicode line/paragraph separators: never part of a name, often a sign of a
// broken export. Tabs and newlines inside a field are rejected too, as a list of names has none.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A line break (CR LF, CR, LF, U+2028, U+2029, NEL) before a capital and a small letter; linear (one alternation, a look-ahead of two). */
const LINE_BREAK_BEFORE_WORD = /(?:\r\n|[\r\n\u2028\u2029\u0085])(?=\p{Lu}\p{Ll})/gu;

/** A name cell's line breaks between words as spaces (hold-out 17 `line_break`); see `text` in validateRecordFields. */
function lineBreaksAsSpaces(value: string): string {
  return value.replace(LINE_BREAK_BEFORE_WORD, ' ');
}

/** A capital Я, Ю, Є, Ї after an apostrophe that follows a Cyrillic letter, before a small letter (a word of capitals
 * keeps its own); fixed-width look-around: linear. */
const PROPER_AFTER_APOSTROPHE = /(?<=\p{Script=Cyrillic}['’ʼ`])[ЯЮЄЇ](?=\p{Ll})/gu;

/** PROPER()'s capital after an apostrophe in a Cyrillic word written small (see `unstressed` in validateRecordFields). */
function properApostropheLowered(value: string): string {
  return value.replace(PROPER_AFTER_APOSTROPHE, (c) => c.toLowerCase());
}

/**
 * A Word list's mark before a name, as a bulleted or numbered list pasted into a sheet has it (hold-out 18
 * `word_typography`): a bullet or a dash ("•", "◦", "▪", "●", "➢", "–", "—", "-"…), or Word's "o" before a tab,
 * then tabs or spaces, before a letter. Anchored, one class and one run of blanks: linear.
 */
const LIST_BULLET = /^(?:[•◦▪▫●○■□►▸▶➢➤✓✔‣⁃∙·–—−-]|o(?=\t))[\t ]*(?=\p{L})/u;
/** A numbered list's number and the tab Word puts after it ("12.\tКоваленко"); anchored: linear. */
const LIST_NUMBER_TAB = /^(\d{1,4}[.)])\t+(?=\p{L})/u;

/** A name cell without a list's bullet before it, and a numbered list's tab as a space (the number is read later). */
function withoutListMark(value: string): string {
  return value.replace(LIST_BULLET, '').replace(LIST_NUMBER_TAB, '$1 ');
}

/**
 * A scan's speck (or a slip of the keys) read as a mark inside one word (hold-out 18 `speck_punct`): a capital,
 * small letters, one of . , · : ; | and small letters again, all of one script ("Кова.ленко", "Анд,рій",
 * "Шевчен:ко", "Iva.nenko"). Whole word, no nested quantifier: linear.
 */
const SPECK_IN_WORD = /^(\p{Lu}\p{Ll}+)[.,·:;|](\p{Ll}+)$/u;

/**
 * A name's words with a speck inside one read as nothing (`SPECK_IN_WORD`). Not a middle dot in Latin letters (BGN/PCGN's
 * own: "Stat·sogreko"), not where the part after the mark is a name the tables know ("Коваленко,андрій" is two words), nor across two scripts; a word that begins small ("ст.
 * лейтенант", "с.Лозова") or is in capitals, where a mark may end an abbreviation, stays as written.
 */
function withoutSpecks(value: string | null): string | null {
  if (value === null) return null;
  return value.split(' ').map(wordWithoutSpeck).join(' ');
}

/**
 * One word with a scan's speck inside it read as nothing (`withoutSpecks`' rule, word by word): "Кова.ленко" is
 * Коваленко; a word the rule leaves ("Коваленко,андрій", "ст.лейтенант", "КОВА.ЛЕНКО", "Stat·sogreko") as written.
 * The search reads a query's words so (search/service.ts), as the import reads a record's.
 */
export function wordWithoutSpeck(word: string): string {
  const m = SPECK_IN_WORD.exec(word);
  if (m === null) return word;
  const [left, right] = [m[1] as string, m[2] as string];
  const script = (w: string) =>
    /^\p{Script=Cyrillic}+$/u.test(w) ? 'c' : /^\p{Script=Latin}+$/u.test(w) ? 'l' : '';
  if (script(left) === '' || script(left) !== script(right)) return word;
  // BGN/PCGN writes a middle dot between Latin letters to part two of them (t·s is тс, not ц): its own.
  if (script(left) === 'l' && word.includes('·')) return word;
  if (givenNameClassOf(right) !== null || isPatronymic(right)) return word;
  return `${left}${right}`;
}

/** Trims, NFC-normalises and collapses inner whitespace; empty → null. */
export function cleanText(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const v = value
    .normalize('NFC')
    .trim()
    .replace(/[ \u00a0]+/g, ' ');
  return v === '' ? null : v;
}

/**
 * A cell a CSV export guarded against a spreadsheet's reading (issue #11, hold-out 13 `formula_cell`): Excel's text
 * formula ('="12.03.1991"', '="Коваленко"', a quote inside doubled) and Excel's leading apostrophe for text
 * ("'12.03.1991", "'Коваленко"); a leading tab is whitespace, trimmed. The value, trimmed; the cell as it was (trimmed)
 * when it is neither. A leading apostrophe is read only before a letter or a digit, in a cell that does not end in
 * one too (a quoted cell, "'Коваленко'", is the enclosing reader's), not before a Dutch article ("'t Hooft",
 * "'s-Gravesande") and not before a two-digit year ("'91", "'91 р.н.": the year's own mark); no name and no date
 * begins with an apostrophe otherwise.
 */
export function unguardedCell(value: string): string {
  const v = value.trim();
  const formula = /^="((?:[^"]|"")*)"$/u.exec(v);
  if (formula !== null) return (formula[1] as string).replace(/""/gu, '"').trim();
  if (
    /^'[\p{L}\d]/u.test(v) &&
    !/['’‘`ʼ]$/u.test(v) &&
    !/^'[ts][\s-]/iu.test(v) &&
    !/^'\d{2}(?:\s|$)/u.test(v)
  )
    return v.slice(1).trim();
  return v;
}

/** The columns that say which record a row is: read as written, so that the same file imported again meets its records. */
const IDENTITY_COLUMNS: ReadonlySet<string> = new Set(['external_id', 'source']);

/** The name columns whose written text a record keeps in `attributes` as `written_<column>` when read otherwise. */
const WRITTEN_NAME_COLUMNS = ['family_name', 'given_name', 'patronymic'] as const;

/** The columns holding a person's names, undone from a code-page misreading (`repairMojibake`). */
const NAME_COLUMNS: ReadonlySet<string> = new Set(['family_name', 'given_name', 'patronymic']);

/**
 * A whole name written in one field split into family, given name and patronymic as `parseName` reads it, each
 * word as the source wrote it (a trailing comma dropped); null when the parse leaves a part out, finds
 * initials, or gives a word it does not take from the text (a repaired look-alike letter).
 */
function splitWholeName(text: string): { family: string; given: string; patronymic: string | null } | null {
  const words = text.split(/\s+/u).map((w) => w.replace(/[,;]+$/u, ''));
  if (words.length < 2 || words.length > 4 || words.some((w) => w === '')) return null;
  const parsed = parseName(text);
  if (parsed.family === null || parsed.given === null || parsed.initials.length > 0) return null;
  const used = new Set<number>();
  const take = (part: string | null): string | null | undefined => {
    if (part === null) return null;
    const out: string[] = [];
    for (const w of part.split(' ')) {
      const i = words.findIndex((x, k) => !used.has(k) && x.toLowerCase() === w.toLowerCase());
      if (i < 0) return undefined;
      used.add(i);
      out.push(words[i] as string);
    }
    return out.join(' ');
  };
  const family = take(parsed.family);
  const given = take(parsed.given);
  const patronymic = take(parsed.patronymic);
  if (!family || !given || patronymic === undefined || used.size !== words.length) return null;
  return { family, given, patronymic };
}

/** A name as a passport's machine-readable zone writes it: Latin capitals, '<' between words, "<<" after the surname. */
const MRZ_NAME = /^[A-Z]+(?:<[A-Z]+)*<<[A-Z]+(?:<[A-Z]+)*<*$/u;

/**
 * The surname, given name and patronymic of a machine-readable-zone name ("SHEVCHENKO<<TARAS<HRYHOROVYCH"):
 * the surname's words joined by spaces; after "<<", the last of two or more words is the patronymic when it
 * reads as one, the rest the given name. Null when the text is not such a name.
 */
export function readMrzName(
  text: string,
): { family: string; given: string; patronymic: string | null } | null {
  if (!MRZ_NAME.test(text)) return null;
  const [surname, rest] = text.split('<<', 2) as [string, string];
  const words = rest.split('<').filter((w) => w !== '');
  const last = words[words.length - 1] as string;
  const patronymic = words.length >= 2 && isPatronymic(last) ? last : null;
  const given = (patronymic === null ? words : words.slice(0, -1)).join(' ');
  return { family: surname.split('<').join(' '), given, patronymic };
}

/**
 * Fields some of which hold several words, read back to the nominative as one name (`undeclineWords`) when its
 * two or three words are in the genitive or dative; each word stays in its field, a trailing comma kept. Null
 * when no field holds two words or the words are not declined.
 */
type ThreeNames = [string | null, string | null, string | null];
function undeclineAcross(fields: Readonly<ThreeNames>): ThreeNames | null {
  const parts = fields.map((f) => (f === null ? [] : f.split(' ')));
  if (!parts.some((p) => p.length > 1)) return null;
  const written = parts.flat();
  const bare = written.map((w) => w.replace(/[,;]+$/u, ''));
  const read = undeclineWords(bare);
  if (read === null) return null;
  let k = 0;
  const [family, given, patronymic] = parts.map((p, i) => {
    if (fields[i] === null) return null;
    return p
      .map(() => {
        const w = written[k] as string;
        const out = (read[k] as string) + w.slice((bare[k] as string).length);
        k++;
        return out;
      })
      .join(' ');
  });
  return [family ?? null, given ?? null, patronymic ?? null];
}

const ONE_WORD = /^[\p{L}'’ʼ-]+$/u;
/** A generation mark joined to a name by a hyphen ("Коваленко-старший", "Коваленко-молодший": hold-out 16). */
const JOINED_GENERATION = /\p{L}-(?:старш|молодш|младш)\p{L}*$/iu;

/**
 * The labels a form prints before each name field, in Ukrainian, Russian and English, as a copy of the form cell
 * by cell carries them ("Прізвище: Шевченко", "Имя - Тарас", "Patronymic: Hryhorovych"). A label is taken off only
 * in its own column, before a colon, a dash or a space and a letter (none of the labels is a name).
 */
const FIELD_LABELS: Readonly<Record<(typeof WRITTEN_NAME_COLUMNS)[number], RegExp>> = (() => {
  const label = (native: string, english: string): RegExp =>
    new RegExp(String.raw`^(?:${native}|${english})(?:\s*[:–—-]\s*|\s+)(?=\p{L}|$)`, 'iu');
  return {
    family_name: label('прізвище|фамилия', 'surname|family name|last name'),
    given_name: label("ім['’ʼ`]?я|имя", 'given names?|first names?|forenames?'),
    patronymic: label('по[\\s-]батькові|отчество', "patronymic|father['’]?s name|middle name"),
  };
})();

/** A name cell without its form's field label (FIELD_LABELS), or the cell as is; a label alone → null. */
function withoutFieldLabel(
  cell: string | null,
  column: (typeof WRITTEN_NAME_COLUMNS)[number],
): string | null {
  if (cell === null || (ONE_WORD.test(cell) && !JOINED_GENERATION.test(cell))) return cell;
  const m = FIELD_LABELS[column].exec(cell);
  if (m === null) return cell;
  const rest = cell.slice(m[0].length).trim();
  return rest === '' ? null : rest;
}

/** The words of a cell, each compared without case. */
const wordsOf = (cell: string): string[] => cell.split(' ').filter((w) => w !== '');
const same = (a: string, b: string): boolean => a.toLocaleLowerCase('uk') === b.toLocaleLowerCase('uk');

/**
 * The family and given name cells without a word written twice, as cells pasted over each other leave them
 * (hold-out 7): a word repeated next to itself in a cell ("Шевченко Шевченко", "Тарас Тарас") once; the surname
 * again at either end of the given name's cell ("Шевченко Тарас" under the given name beside "Шевченко") left out
 * when a name is left. Only where both cells are filled: a whole name in one cell may repeat a word ("Li Li"). A
 * family cell is never cut for its given name: a surname may be one (Ярема Ярема, "446. Ярема" beside "Ярема").
 */
function withoutRepeatedWords(family: string | null, given: string | null): [string | null, string | null] {
  const once = (cell: string | null): string | null => {
    if (cell === null || !cell.includes(' ')) return cell;
    const words = wordsOf(cell);
    const kept = words.filter((w, i) => i === 0 || !same(w, words[i - 1] as string));
    return kept.length < words.length ? kept.join(' ') : cell;
  };
  // Only beside the other cell: a whole name in one cell may repeat a word ("Li Li", a surname and a given name).
  const f = given === null ? family : once(family);
  let g = family === null ? given : once(given);
  if (f !== null && g !== null && g.includes(' ') && !f.includes(' ')) {
    const words = wordsOf(g);
    // What is left must be a name: a surname may also be a given name (Ярема Ярема), a footnote may follow it.
    const left = (rest: string[]): string | null =>
      rest.some((w) => /\p{L}{2}/u.test(w)) ? rest.join(' ') : null;
    if (same(words[0] as string, f)) g = left(words.slice(1)) ?? g;
    else if (same(words[words.length - 1] as string, f)) g = left(words.slice(0, -1)) ?? g;
  }
  return [f, g];
}

/** What a name cell held beside the name (names/cell.ts): the first birth, unit and call sign of the three cells. */
interface BesideNames {
  birth: CellBirth | null;
  /** A range of two birth years beside a name ("Шевченко 2001/02"), the first, and the column that wrote it. */
  birthYears?: { from: number; column: string };
  unit: string | null;
  callSign: string | null;
}

/**
 * A name cell with what a clerk wrote beside the name taken out (`readNameText`): a year or date of birth
 * ("Шевченко 1985 р.н.", "Shevchenko, b. 1985"), a military unit ("(в/ч А1234)"), a call sign («Грім»,
 * "(позивний Лис)"); each goes to `beside` when it holds none yet. A cell with none of them is returned as
 * written: a bracketed or née maiden name stays in the name as it always has. In the family cell, a surname
 * OCR or a typist split in two ("Шев ченко", "Коваль- чук") is joined where the name tables say it is one word
 * (`joinSplitWords`). Empty → null.
 */
function nameBeside(
  cell: string | null,
  beside: BesideNames,
  family: boolean,
  column: string,
): string | null {
  // One word of letters (most cells): nothing beside it, nothing to join.
  if (cell === null || (ONE_WORD.test(cell) && !JOINED_GENERATION.test(cell))) return cell;
  // A maiden name marked by a word ("Мельник (дів. Шевчук)", "Melnyk, née Shevchuk"): the word is no name; the
  // cell is kept as the bracketed form ("Мельник (Шевчук)") an unmarked maiden name has always been kept in.
  const unmarked = unmarkMaiden(cell);
  if (unmarked !== null) cell = unmarked;
  const read = readNameText(cell);
  let name = cell;
  // A note about the person ("(брат)", "(зник безвісти)", "- син"), a relative named ("(мати Олена)"), a generation
  // mark ("ст.", "мол.") or a place ("м. Харків") is no name either; the cell as written is kept.
  if (
    read.birth !== null ||
    read.birthYears !== undefined ||
    read.unit !== null ||
    read.callSign !== null ||
    read.note !== null ||
    read.place !== undefined
  ) {
    name = read.name;
    beside.birth ??= read.birth;
    if (read.birthYears !== undefined) beside.birthYears ??= { from: read.birthYears.from, column };
    beside.unit ??= read.unit;
    beside.callSign ??= read.callSign;
  }
  if (family && name.includes(' ')) {
    const words = name.split(' ').filter((w) => w !== '');
    const joined = joinBrokenWords(words);
    if (joined.length < words.length) name = joined.join(' ');
  }
  return name === '' ? null : name;
}

/**
 * `joinSplitWords` for a stored record, pair by pair, only where the cell shows the break: a hyphen at the
 * first piece's end ("Шев- ченко"), a second piece in lower case after a capital ("Шев ченко"), or, in
 * capitals, a join the surname tables know ("ШЕВ ЧЕНКО"). Two capitalised words are a surname of two words
 * ("Тер Петросян") or a surname and a given name ("Лі Мін"), as the source wrote them: never joined here.
 */
function joinBrokenWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as string;
    const b = words[i + 1];
    if (b !== undefined) {
      const one = joinSplitWords([a, b]);
      const joined = one.length === 1 ? (one[0] as string) : null;
      const shown =
        a.endsWith('-') ||
        (/^\p{Lu}/u.test(a) && /^\p{Ll}/u.test(b)) ||
        (a === a.toUpperCase() &&
          b === b.toUpperCase() &&
          joined !== null &&
          surnameEvidenceOf(joined) === 2);
      if (joined !== null && shown) {
        out.push(joined);
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** What a caller may hand over: any of the record fields as text. Unknown keys go to attributes. */
export type RawRecordFields = Partial<
  Record<keyof Omit<RecordContent, 'birth' | 'attributes'> | 'birth_date', string>
>;

/**
 * Validates and normalises one record's fields, collecting every problem (not just the first) so a
 * rejects report or a form can show them all.
 */
export function validateRecordFields(
  raw: RawRecordFields,
  attributes: Record<string, string> = {},
  today: Date = new Date(),
): { ok: true; value: RecordContent } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (column: keyof RawRecordFields, max: number): string | null => {
    const value = raw[column];
    if (value === undefined || value === null) return null;
    // A cell guarded against a spreadsheet's reading ('="12.03.1991"', "'Коваленко"): its value (unguardedCell).
    // Not a record's identity (`external_id`, `source`): a file imported before this reading keeps its ids, so
    // importing it again still changes nothing.
    // A name with its letters spaced out ("К о в а л е н к о"): its words (names/spaced.ts), before the spaces
    // between words, two or three where letters are one apart, are collapsed.
    // A line break between the words of a name cell, as a cell typed with Alt+Enter or pasted from a form's lines
    // holds it ("Коваленко\nАндрій\nПетрович", hold-out 17 `line_break`): a space. Only before a word that begins
    // with a capital and goes on in small letters: a break inside a word ("Шев\nченко", "Шев-\nченко") or in a
    // cell of capitals, where no case tells a word from a word's part, is still refused as a control character.
    // A Word list's bullet or dash before a name ("•\tКоваленко", "– Коваленко", hold-out 18 `word_typography`): no
    // part of the name, the tab after it with it; a numbered list's tab after the number, a space (withoutListMark).
    const guarded = IDENTITY_COLUMNS.has(column) ? value : unguardedCell(value);
    const unguarded = NAME_COLUMNS.has(column) ? lineBreaksAsSpaces(withoutListMark(guarded)) : guarded;
    const cleaned = cleanText(
      NAME_COLUMNS.has(column) ? (joinSpacedLetters(unguarded) ?? unguarded) : unguarded,
    );
    if (cleaned === null) return null;
    // A name whose bytes were read in the wrong code page before the file was written ("Øåâ÷åíêî"): the
    // name it was (names/mojibake.ts), before the control-character check (UTF-8 shown as Latin-1 has some).
    // A name posted through a web page or exported by a JSON writer with its letters escaped ("&#1050;&#1086;…",
    // "\u041a\u043e…", "Mar&#39;iana"): the letters (names/escapes.ts), before the length check.
    // A web page's tags or a messenger's emphasis marks left round a name ("<b>Коваленко</b>", "**Коваленко**"):
    // the name (names/markup.ts), after the escapes (a tag may come escaped).
    const unescaped = NAME_COLUMNS.has(column) ? (unescapedText(cleaned) ?? cleaned) : cleaned;
    // An editor's restored letters and "[sic]" ("Ков[а]ленко [sic]", hold-out 14): the name (names/editorial.ts).
    const demarked = NAME_COLUMNS.has(column) ? (withoutMarkup(unescaped) ?? unescaped) : unescaped;
    const unmarked = NAME_COLUMNS.has(column) ? (withoutEditorialMarks(demarked) ?? demarked) : demarked;
    const v = NAME_COLUMNS.has(column) ? (repairMojibake(unmarked) ?? unmarked) : unmarked;
    if (CONTROL.test(v)) {
      problems.push({ column, reason: 'contains control characters' });
      return null;
    }
    if (v.includes('\uFFFD')) {
      problems.push({ column, reason: 'contains U+FFFD (the file was not valid UTF-8 here)' });
      return null;
    }
    if (v.length > max) {
      problems.push({ column, reason: `longer than ${max} characters` });
      return null;
    }
    return v;
  };

  // A form's field label copied with the value ("Прізвище: Шевченко"): the value (withoutFieldLabel).
  // A cell that says the name is not known ("невідомо", "н/д", "-", "?"): empty (registry/notKnown.ts), the cell as
  // written kept beside the record (`written_<column>`), never keyed as a name.
  const nameText = (column: (typeof WRITTEN_NAME_COLUMNS)[number]): string | null => {
    // Styled letters copied from a post ("𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨", "Ｋｏｖａｌｅｎｋｏ") and spaces of other widths: plain (names/styled.ts).
    const written = text(column, MAX_NAME_LENGTH);
    const v = withoutFieldLabel(written === null ? null : unstyledLetters(written), column);
    // Digits a scanner read for the letters they look like ("Коваленк0", "3інченко", "K0valenko"): the letters.
    // A cell holding one name in both scripts, as a bilingual form has it ("Коваленко (Kovalenko)", "Коваленко /
    // KOVALENKO"): the Cyrillic (names/bilingual.ts); two names (a maiden name, two surnames) stay as written.
    if (v === null || isNotKnownName(v)) return null;
    // A namesake's number after the surname ("Іванов 2-й", "Коваленко (II)", "Kovalenko 1st"): no part of the name,
    // and taken out before its digits could be read as letters ("Коваленко-1" as "Коваленко-І").
    const read = readOcrDigits(column === 'family_name' ? withoutNamesakeNumber(v) : v);
    return oneScriptOfBilingual(read) ?? read;
  };
  let familyWritten = nameText('family_name');
  let givenName = nameText('given_name');
  let patronymic = nameText('patronymic');
  // A cell that names two persons ("Коваленко Андрій Петрович та Коваленко Олег Петрович", "Андрій, Олег",
  // "Коваленко А.П., О.П.": hold-out 17 `two_persons`, names/twoPersons.ts): the row is about neither alone, and is
  // refused with its reason; taken, its first name would be linked as the row's person, or the whole cell keyed.
  // Read as written, before a keyboard layout is undone (a comma is a letter there) or notes are taken out (a note
  // is a part in small letters: "Петрович, дружина Ірина" names one person).
  for (const [column, v] of [
    ['family_name', familyWritten],
    ['given_name', givenName],
  ] as const)
    if (v !== null && namesTwoPersons(v))
      problems.push({
        column,
        reason: 'names two persons (one row is one person: write each in a row of their own)',
      });
  // A name typed with the keyboard in the wrong layout ("Itdxtyrj Nfhfc" for Шевченко Тарас, "Ырумсрутлщ
  // Ефкфы" for Shevchenko Taras): retyped in the layout meant, only when the given name then reads as one and
  // no word reads as a name as written (names/keyboard.ts). The whole name in the family column counts too.
  const retyped = retypeKeyboardLayout(
    [familyWritten, givenName, patronymic],
    givenName === null ? undefined : 1,
  );
  if (retyped !== null)
    [familyWritten, givenName, patronymic] = retyped as [string | null, string | null, string | null];
  // A capital marking the stressed vowel inside a known given name or patronymic ("ОлексАндрович", "MykhaIlovych",
  // "АндрІй": hold-out 11 `stress_caps`) written small, as search reads a query, before words run together are
  // parted below, which would part it ("Олекс Андрович" read a father Андрій). Only a word that written small is a
  // name the tables know (names/joined.ts `lowerStressCapitals`): a surname's capital stays. The cell as written is kept.
  // A spreadsheet's PROPER() capital after an apostrophe inside a Cyrillic word ("Мар'Яна", "Д'Ячук", hold-out 17
  // `proper_caps`): small, as Ukrainian writes every letter after an apostrophe, before words run together are
  // parted below (which would part "Мар' Яна"). A Latin name's is its own (O'Brien).
  const unstressed = (v: string | null): string | null =>
    v === null ? null : (lowerStressCapitals(properApostropheLowered(v)) ?? properApostropheLowered(v));
  [familyWritten, givenName, patronymic] = [
    unstressed(familyWritten),
    unstressed(givenName),
    unstressed(patronymic),
  ];
  // Words run together where a PDF's text lost its spaces ("КоваленкоАндрійПетрович" in the family column alone,
  // "АндрійПетрович" in the given name's with no patronymic): parted where the tables know the words after the
  // first as given names or patronymics, or where the last word's place and ending say it is a patronymic, for
  // names no table holds (names/joined.ts). The cell as written is kept.
  if (familyWritten !== null && givenName === null && patronymic === null)
    familyWritten = partJoinedWords(familyWritten) ?? familyWritten;
  else if (givenName !== null && patronymic === null) {
    const parted = partJoinedWords(givenName, 'given');
    // Two words parted in the given name's cell: the second is the patronymic, as the place that parted them
    // reads it (an ending alone, of a father's name the tables may not know: "OstapNestorovych").
    const two = parted === null ? null : /^(\S+) (\S+)$/u.exec(parted);
    if (two !== null && hasPatronymicEnding(two[2] as string)) {
      givenName = two[1] as string;
      patronymic = two[2] as string;
    } else if (parted !== null) givenName = parted;
  }
  // What a clerk writes beside a name in its cell (names/cell.ts), as search reads a query: the birth year or
  // date goes to an empty birth date, the unit to an empty unit (as "в/ч <code>", the form the registry writes
  // a unit in, so that the two compare equal: every mark readNameText reads, в/ч, military unit, mil. unit,
  // says військова частина), the call sign to the `call_sign` attribute; none is keyed as a name. The cell as
  // written is kept below (`written_<column>`).
  const beside: BesideNames = { birth: null, unit: null, callSign: null };
  familyWritten = nameBeside(familyWritten, beside, true, 'family_name');
  givenName = nameBeside(givenName, beside, false, 'given_name');
  patronymic = nameBeside(patronymic, beside, false, 'patronymic');
  // A word written twice where cells were pasted over each other ("Шевченко Шевченко", the surname again before
  // the given name in its column): once.
  [familyWritten, givenName] = withoutRepeatedWords(familyWritten, givenName);
  let militaryRank = text('military_rank', 100);
  // A rank or title before the surname ("ст. солдат Шевченко", "гр. Мельник", "Sgt. Koval"): the surname is
  // what follows, the rank goes to military_rank when that is empty (a civil title is only dropped). Read
  // when the given name has its own field, or the rank is abbreviated: a whole name in the family field
  // may begin with a surname that is also a rank (Майор, Капитан, Пан), which parsing the name weighs.
  let familyName = familyWritten;
  const ranked = familyWritten === null ? null : splitLeadingRank(familyWritten);
  if (ranked !== null && (givenName !== null || /[.-]/u.test(ranked.rank))) {
    familyName = ranked.name;
    if (militaryRank === null && !isCivilTitle(ranked.rank)) militaryRank = ranked.rank;
  }
  // A rank, a serviceman's role or a civilian's mark after a name in its cell ("Коваленко, сол.", "Коваленко ст.
  // л-т", "Петрович - стрілець", "Bondar, civilian"): the name is what precedes it; a rank goes to military_rank
  // when that is empty, a role or a civilian's mark is only dropped. The cell as written is kept.
  const trailing = (v: string | null): string | null => {
    const t = v === null ? null : splitTrailingRank(v);
    if (t === null) return v;
    if (militaryRank === null && isMilitaryRank(t.rank)) militaryRank = t.rank;
    return t.name;
  };
  familyName = trailing(familyName);
  givenName = trailing(givenName);
  patronymic = trailing(patronymic);
  // A scan's speck read as a mark inside a word ("Кова.ленко", "Анд,рій": hold-out 18 `speck_punct`): nothing, once
  // ranks and notes are read (a rank's abbreviation keeps its dot); the cell as written is kept (withoutSpecks).
  [familyName, givenName, patronymic] = [
    withoutSpecks(familyName),
    withoutSpecks(givenName),
    withoutSpecks(patronymic),
  ];
  // A form of address before the given name in its cell ("пані Олена", "Herr Hryhorii", "Mme Ljudmyla"), as a
  // letter puts one before the name: the given name. Only a civil title (a rank goes before the surname), and not
  // one a single letter long written in capitals ("П. Андрій" may be an initial).
  if (givenName !== null) {
    const titled = splitLeadingRank(givenName);
    if (titled !== null && isCivilTitle(titled.rank) && !/^\p{Lu}\.?$/u.test(titled.rank))
      givenName = titled.name;
  }
  // A name in the genitive or dative with two words in one field ("Шевченка Тараса Григоровича" in the family
  // column, "Тараса Григоровича" in the given one): read back before the words go to their fields below.
  const spread = undeclineAcross([familyName, givenName, patronymic]);
  if (spread !== null) [familyName, givenName, patronymic] = spread;
  // The given name and patronymic in one column, as forms with a column "Ім'я та по батькові" ("Имя, отчество")
  // write them ("Тарас Григорович"): the last word, a patronymic, goes to its own field when that is empty, as
  // the name keys already read it (parseNameFields), so that every comparison sees the two apart.
  if (patronymic === null && givenName !== null) {
    const m = /^(\S.*?)[\s,]+(\S+)$/u.exec(givenName);
    if (m !== null && isPatronymic(m[2] as string) && !/[.,]/u.test(m[1] as string)) {
      givenName = m[1] as string;
      patronymic = m[2] as string;
    }
    // A Turkic patronymic, the father's name and its particle ("Тимур Руслан оглы", "Айгюль Руслан кызы"): the two
    // last words, as parseNameFields reads them (names/turkic.ts).
    const t = /^(\S.*?)\s+(\S+\s+\S+)$/u.exec(givenName);
    if (
      patronymic === null &&
      t !== null &&
      turkicPatronymicParts(t[2] as string) !== null &&
      !/[.,]/u.test(t[1] as string)
    ) {
      givenName = t[1] as string;
      patronymic = t[2] as string;
    }
  }
  // The given name and the patronymic each in the other's column ("Григорович" under the given name, "Тарас"
  // under the patronymic): put back when the given column reads as a patronymic and the patronymic column does
  // not, so that every comparison meets the given name where it looks for it. In the given column a patronymic's
  // ending is enough (Ахтемович, of a father's name the tables do not know): no given name ends so, and the
  // surnames that do (Мицкевич) are not written there.
  const patronymicLike = (w: string): boolean => isPatronymic(w) || hasPatronymicEnding(w);
  // A name in speaking order ("Андрій Петрович Коваленко") split into the three columns by a spreadsheet's
  // text-to-columns: a given name the tables know under the surname, a patronymic under the given name, and under
  // the patronymic a word that is neither (one word each). Put back in their columns. A word under the patronymic
  // that is a given name (the given name and patronymic swapped beside a surname like Роман), or an unknown name
  // under the surname, leaves the row as written.
  if (
    familyName !== null &&
    givenName !== null &&
    patronymic !== null &&
    [familyName, givenName, patronymic].every((w) => /^\S+$/u.test(w)) &&
    givenNameClassOf(familyName) !== null &&
    patronymicLike(givenName) &&
    !patronymicLike(patronymic) &&
    givenNameClassOf(patronymic) === null &&
    !patronymicLike(familyName)
  )
    [familyName, givenName, patronymic] = [patronymic, familyName, givenName];
  // A form whose first column is "Прізвище, ім'я" ("Фамилия, имя") and whose next is the patronymic ("Коваленко
  // Андрій | Петрович |"), or the given name's cell left empty ("Коваленко Андрій | | Петрович"): two words in
  // the family column, the second a given name the tables know and the first none, and one patronymic in the
  // other (names' `isSurnameGivenCell`, the test parseNameFields makes). Read apart, so that the given name is not
  // keyed as a second surname and the patronymic as the given name. A double surname (Коваленко Мельник), a given
  // name first, or a given name that is no patronymic beside it leaves the row as written.
  if (familyName !== null && (givenName === null) !== (patronymic === null)) {
    const words = familyName.split(/\s*,\s*|\s+/u);
    const other = (givenName ?? patronymic) as string;
    if (
      words.length === 2 &&
      /^\S+$/u.test(other) &&
      isSurnameGivenCell(words[0] as string, words[1] as string, other)
    )
      [familyName, givenName, patronymic] = [words[0] as string, words[1] as string, other];
  }
  if (givenName !== null && patronymic !== null && patronymicLike(givenName) && !patronymicLike(patronymic))
    [givenName, patronymic] = [patronymic, givenName];
  // A passport's machine-readable zone in the family column ("SHEVCHENKO<<TARAS<HRYHOROVYCH", '<' as filler):
  // the surname before "<<", the given names after it, '<' read as a space.
  if (familyName !== null && givenName === null && patronymic === null) {
    const mrz = readMrzName(familyName);
    if (mrz !== null) ({ family: familyName, given: givenName, patronymic } = mrz);
  }
  // The whole name in the family column, the others empty ("Шевченко Тарас Григорович", "SHEVCHENKO, Taras"):
  // its words go to the fields the name keys already read them as (parseName), as written, so that every
  // comparison sees the parts apart. Left as is when the parse finds initials or a word it cannot place.
  if (familyName !== null && givenName === null && patronymic === null) {
    const split = splitWholeName(familyName);
    if (split !== null) ({ family: familyName, given: givenName, patronymic } = split);
  }
  if (familyName === null && givenName === null && !problems.some((p) => p.column.endsWith('name'))) {
    problems.push({ column: 'family_name', reason: 'no name: family_name or given_name is required' });
  }

  let category: Category | null = null;
  const categoryText = text('category', 40);
  if (categoryText !== null) {
    const key = vocabularyKey(categoryText);
    const c = (CATEGORIES as readonly string[]).includes(key)
      ? (key as Category)
      : wordIn(CATEGORY_ALIASES, key);
    if (c === undefined) {
      problems.push({
        column: 'category',
        reason: `unknown category "${categoryText}"; use one of ${CATEGORIES.join(', ')}`,
      });
    } else category = c;
  }

  let sex: Sex | null = null;
  const sexText = text('sex', 20);
  if (sexText !== null) {
    const s = wordIn(SEX_VALUES, sexKey(sexText));
    if (s === undefined) {
      problems.push({
        column: 'sex',
        reason: `unknown sex "${sexText}"; use male, female, m, f or leave empty`,
      });
    } else sex = s;
  }

  // Names written in the genitive or dative, as an office's letter writes them ("Шевченка Тараса Григоровича",
  // "Ковальської Анни"): read back to the nominative when a patronymic or given name says so (names/decline.ts),
  // so that every key and comparison reads the name the person bears. A nominative record is never touched.
  const undeclined = undeclineName({ family: familyName, given: givenName, patronymic, sex });
  if (undeclined !== null) ({ family: familyName, given: givenName, patronymic } = undeclined);

  let birth: PartialDate | null = null;
  // A birth place written after the date in its cell ("12.03.1991, м. Харків"): to an empty place of birth; the
  // cell as written is kept below (`written_birth_date`), so a place of birth of the record's own that differs
  // stays beside the other, for a person to see.
  let placeInDate: string | null = null;
  const birthText = text('birth_date', 40);
  // A cell that says the date is not known ("невідомо", "н/д", "-", "0", "00.00.0000"), or gives an age where
  // the date goes ("35 р.", "(35)", "вік 35": a birth only to within two years, and only from a day the list
  // may not give): no date, as an empty cell, not a refused row — the person's names and status still arrive.
  // A date marked as a guess ("бл. 1991", "1991?") is read as written. All keep the cell as written
  // (`written_birth_date`), for a person to see.
  const birthNotKnown = birthText !== null && (isNotKnownDate(birthText) || statedAge(birthText) !== null);
  // An event of the war and its date where the birth goes ("взятий у полон 14.05.2022", "з 2022 р.", "missing
  // since 05/2022": hold-out 16): never read as the birth, and refused with a reason that says what the cell holds.
  // Read as no birth date (as a "not known" cell is) it added wrong automatic links on holdout16/mixed (29 -> 35):
  // a list that writes the capture where the birth goes gives names alone, and the office can send the birth.
  const warEvent = birthText !== null && !birthNotKnown && isWarEventInBirthCell(birthText, today);
  // A life span in the cell ("12.03.1991 – 14.05.2022", "1991–2022", "12.03.1991 (заг. 14.05.2022)"), as a
  // memorial list or a death register writes it: its first date is the birth (hold-out 15). Kept as written.
  const spanBirth =
    birthText !== null && !birthNotKnown && !warEvent ? lifeSpanBirth(birthText, today) : null;
  const writtenBirth =
    birthText !== null && (birthNotKnown || spanBirth !== null || isApproximateDate(birthText))
      ? birthText
      : null;
  // A range of two years ("1990-1991", "2001/02", "1990 або 1991"): not a year and a month, and refused with
  // the reason. Read as a guess of its first year it made a wrong automatic link on holdout11, and as no date a
  // wrong list match of a stranger (bench/RESULTS.md yr4), so it is refused.
  const birthRange = birthText !== null && !birthNotKnown ? birthYearRange(birthText) : null;
  if (warEvent) {
    problems.push({
      column: 'birth_date',
      reason: `${JSON.stringify(birthText)} is a date of capture, disappearance, detention or deportation, not a birth date: write the birth date, or leave birth_date empty`,
    });
  } else if (spanBirth !== null) {
    const b = parsePartialDate(spanBirth, today);
    if (typeof b !== 'string') birth = b;
  } else if (birthRange !== null) {
    problems.push({
      column: 'birth_date',
      reason: `${JSON.stringify(birthText)} is a range of two years of birth, not a date: write the year (1990) or mark a guess (бл. 1990)`,
    });
  } else if (birthText !== null && !birthNotKnown) {
    const b = parsePartialDate(birthText, today);
    if (typeof b === 'string') {
      problems.push({ column: 'birth_date', reason: b });
    } else {
      birth = b;
      placeInDate = birthPlaceBeside(birthText, today);
    }
  } else if (beside.birthYears !== undefined) {
    // A range of two years beside the name ("Шевченко 2001/02"), the birth column empty: refused as the column
    // refuses one (pd2). Read before as its first year, not even a guess, and "/02" left in the surname.
    const { from, column } = beside.birthYears;
    problems.push({
      column,
      reason: `${from}/${from + 1} beside the name is a range of two years of birth, not a date: write the year (${from}) or mark a guess (бл. ${from}) in birth_date`,
    });
  } else if (beside.birth !== null) {
    // A birth written only beside the name: a date the birth column would refuse (after today) is left out.
    const b = parsePartialDate(beside.birth.text, today);
    if (typeof b !== 'string') birth = b;
  }

  let status: Status | null = null;
  const statusText = text('status', 40);
  if (statusText !== null) {
    const key = vocabularyKey(statusText);
    const s = (STATUSES as readonly string[]).includes(key) ? (key as Status) : wordIn(STATUS_ALIASES, key);
    if (s === undefined) {
      problems.push({
        column: 'status',
        reason: `unknown status "${statusText}"; use one of ${STATUSES.join(', ')}`,
      });
    } else status = s;
  }

  let sourceDate: string | null = null;
  const sourceDateText = text('source_date', 40);
  if (sourceDateText !== null) {
    const d = parsePartialDate(sourceDateText, today, 1939);
    if (typeof d === 'string' || d.day === null) {
      problems.push({
        column: 'source_date',
        reason: typeof d === 'string' ? d : 'must be a full date DD.MM.YYYY or YYYY-MM-DD',
      });
    } else sourceDate = d.text;
  }
  // An age in words that say it is one ("35 років", "(35)", "вік 35"), on a source with its date: the year it
  // gives, stored as a guess (`birth_guessed`, migration 0062: the cell kept as written says so), compared by
  // its year alone and corroborating nothing; it still tells apart a namesake decades older. No date without the
  // source's day, nor from "35 р.", which is a year as often as an age.
  if (birth === null && birthText !== null && birthNotKnown) {
    const year = birthYearOfAge(birthText, sourceDate);
    if (year !== null) {
      const b = parsePartialDate(String(year), today);
      if (typeof b !== 'string') birth = b;
    }
  }
  let reliability: ReliabilityGrade | null = null;
  const reliabilityText = text('reliability', 5)?.toUpperCase() ?? null;
  if (reliabilityText !== null) {
    if (!(RELIABILITY_GRADES as readonly string[]).includes(reliabilityText)) {
      problems.push({
        column: 'reliability',
        reason: `unknown reliability grade "${reliabilityText}"; use A–F`,
      });
    } else reliability = reliabilityText as ReliabilityGrade;
  }

  const cleanAttributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    const c = cleanText(v);
    if (c === null) continue;
    if (CONTROL.test(c) || c.includes('\uFFFD') || c.length > MAX_TEXT_LENGTH) {
      problems.push({ column: k, reason: 'contains control characters, invalid UTF-8 or is too long' });
    } else cleanAttributes[k] = c;
  }
  // A personal number with a label before it ("№ АА123456", "жетон АА123456") or a spreadsheet's float: the number.
  const serviceWritten = text('service_number', 100);
  const serviceNumber = serviceNumberRead(serviceWritten);
  // A record is what its source wrote: a name field read otherwise than written (a code page undone, a rank
  // taken off, a whole name split, the genitive undone) keeps the written text beside it, unless the source's
  // own columns already hold an attribute of that name.
  const read: Record<(typeof WRITTEN_NAME_COLUMNS)[number], string | null> = {
    family_name: familyName,
    given_name: givenName,
    patronymic,
  };
  for (const column of WRITTEN_NAME_COLUMNS) {
    const written = cleanText(raw[column]);
    if (written !== null && written !== read[column] && cleanAttributes[`written_${column}`] === undefined)
      cleanAttributes[`written_${column}`] = written;
  }
  if (writtenBirth !== null && cleanAttributes['written_birth_date'] === undefined)
    cleanAttributes['written_birth_date'] = writtenBirth;
  if (placeInDate !== null && birthText !== null && cleanAttributes['written_birth_date'] === undefined)
    cleanAttributes['written_birth_date'] = birthText;
  if (
    serviceWritten !== null &&
    serviceWritten !== serviceNumber &&
    cleanAttributes['written_service_number'] === undefined
  )
    cleanAttributes['written_service_number'] = serviceWritten;
  if (beside.callSign !== null && cleanAttributes['call_sign'] === undefined)
    cleanAttributes['call_sign'] = beside.callSign;

  const value: RecordContent = {
    external_id: text('external_id', 200),
    source: text('source', 200),
    category,
    family_name: familyName,
    given_name: givenName,
    patronymic,
    sex,
    birth,
    status,
    unit: text('unit', MAX_NAME_LENGTH) ?? (beside.unit === null ? null : `в/ч ${beside.unit}`),
    service_number: serviceNumber,
    place_of_birth: text('place_of_birth', MAX_NAME_LENGTH) ?? placeInDate,
    military_rank: militaryRank,
    marks: text('marks', MAX_TEXT_LENGTH),
    source_ref: text('source_ref', MAX_NAME_LENGTH),
    source_date: sourceDate,
    reliability,
    attributes: cleanAttributes,
  };
  if (problems.length === 0) {
    const over = overIndexBudget(value);
    if (over !== null) problems.push(over);
  }
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

/**
 * The most UTF-8 bytes a record's names, identifiers and the search keys made from its names may take
 * together. One index entry holds them all (`record_person`, migration 0038, what a person's file and the
 * linkage read without touching the table), and PostgreSQL refuses an entry over 2,704 bytes: the statement
 * fails, and with it the import's whole batch. 200 characters a name pass `text` above, but not 200 CJK or
 * astral letters in each field at once. A real name and its ids take a few hundred bytes.
 */
export const MAX_INDEXED_BYTES = 2200;

const INDEXED_FIELDS = [
  'external_id',
  'family_name',
  'given_name',
  'patronymic',
  'unit',
  'service_number',
] as const;

/** The problem to report when a record's indexed text is over MAX_INDEXED_BYTES, on its longest field. */
function overIndexBudget(value: RecordContent): FieldProblem | null {
  const keys = recordKeys(value);
  let total = 0;
  for (const k of [keys.key_family, keys.key_family_phonetic, keys.key_given, keys.key_father])
    if (k !== null) total += Buffer.byteLength(k, 'utf8');
  let longest: (typeof INDEXED_FIELDS)[number] = 'family_name';
  let longestBytes = -1;
  for (const field of INDEXED_FIELDS) {
    const v = value[field];
    if (v === null) continue;
    const bytes = Buffer.byteLength(v, 'utf8');
    total += bytes;
    if (bytes > longestBytes) [longest, longestBytes] = [field, bytes];
  }
  if (total <= MAX_INDEXED_BYTES) return null;
  return {
    column: longest,
    reason:
      `too long with the record's other names and identifiers: together ${total} bytes in UTF-8 ` +
      `(with their search keys), at most ${MAX_INDEXED_BYTES} fit; shorten ${longest}`,
  };
}
