import { glyphNearKeys, jointKey, TF_PSEUDO } from '@homecoming/linkage';
import {
  bilingualWordsOnce,
  dropRankWords,
  joinSpacedLetters,
  withoutEditorialMarks,
  withoutMarkup,
  familyGlyphKey,
  familyGlyphKeySql,
  givenNameClassOf,
  hasPatronymicEnding,
  initialKey,
  joinSplitWords,
  localLatinReadings,
  foreignLatinReadings,
  italianLatinReadings,
  lowerStressCapitals,
  nameKeys,
  parseName,
  readNameText,
  readOcrDigits,
  repairMojibake,
  retypeKeyboardLayout,
  phoneticKey,
  repairOcrDigits,
  skeleton,
  splitLeadingRank,
  tokenize,
  partJoinedWords,
  unescapedText,
  unstyledLetters,
  undeclineWords,
  type CellBirth,
  type ParsedName,
} from '@homecoming/names';
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type RawBuilder } from 'kysely';
import { queriesOwnPool, readerFor, type Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { type PartialDate, wordWithoutSpeck } from '../records/validate.js';
import { parseDateOrYears, twoYears } from '../registry/dates.js';
import {
  bestScoreOfOtherFamily,
  chanceAgreements,
  CONFIDENT_CHANCE,
  CONFIDENT_SCORE,
  scoreBest,
  spellingCloseness,
  type CandidateKeys,
  type Explanation,
  type QueryKeys,
} from './score.js';
import type { TSearchHit, TSearchPersonsResponse } from './schemas.js';
import type { Principal } from '../../auth/permissions.js';
import {
  personScopeOf,
  personsOutsideScope,
  personVisible,
  scopeIsEverything,
  type PersonScope,
} from '../../gate/scope.js';
import { appendReadAudit, type AuditContext } from '../audit/log.js';
import { authorize } from '../../gate/policy.js';
import { timed, timedSync } from '../../phases.js';
import { typedFamilyVariants } from './typedVariants.js';

/** A family name and a given name that agree reach this; below it, misspelt family names are looked for. */
const STRONG_SCORE = 11;
/** How many close spellings of a misspelt family name are looked up. */
const CLOSE_KEYS = 8;
/**
 * How many family keys whose glyph keys are close to the query's are looked up besides, and how close
 * (trigram similarity): glyph keys are coarse, so a looser match brings common surnames that only share
 * letters (Pavlov for Pavlenko) and their hundreds of records.
 */
const CLOSE_GLYPHS = 3;
const CLOSE_GLYPH = 0.5;
/** How many family keys one letter off the query's glyph key (the near rule) are looked up, in key order. */
const NEAR_KEYS = 64;
/** Below this score a candidate is noise and is not returned at all. */
const MIN_SCORE = 3;
/** How many candidate records each retrieval branch may bring; keeps a common name's query bounded. */
const BRANCH_LIMIT = 400;

/**
 * What one search did, in counts (never names): which statements it sent, the rows each lookup branch
 * brought, how many candidate records it scored in full, whether the misspelt-family lookup ran. Filled only
 * inside `traceSearch` (bench/search/latency.ts's BREAKDOWN=1); otherwise nothing is kept.
 */
export interface SearchTrace {
  /** The statements sent, in order: namesakes, keyed, close keys, close, hits. */
  statements: string[];
  /** Per statement of branches (keyed, close), the rows each branch brought, in branch order. */
  branchRows: number[][];
  /** Candidate records scored against every reading (scoreBest). */
  scored: number;
  readings: number;
  /** Whether a branch stopped at its limit; whether a crowded bare name skipped the close lookup. */
  capped: boolean;
  crowded: boolean;
  /** Close family keys (trigram and glyph) the misspelt-family lookup found. */
  closeKeys: number;
}

const traces = new AsyncLocalStorage<SearchTrace>();

/** Runs `fn` (one search) with a fresh trace of what the search does, and returns both. */
export async function traceSearch<T>(fn: () => Promise<T>): Promise<{ result: T; trace: SearchTrace }> {
  const trace: SearchTrace = {
    statements: [],
    branchRows: [],
    scored: 0,
    readings: 0,
    capped: false,
    crowded: false,
    closeKeys: 0,
  };
  const result = await traces.run(trace, fn);
  return { result, trace };
}

/** Notes a statement about to be sent, when a search is traced. */
function noteStatement(name: string): void {
  traces.getStore()?.statements.push(name);
}

interface Candidate extends CandidateKeys {
  id: string;
  person_id: string;
  external_id: string;
  source_id: number;
  /**
   * The family name as written, only where scoring reads it: when the given name and the patronymic are
   * empty (initials may stand in the family field, candidateInitials); null otherwise. A hit's own is read
   * with the page (hitsOf), as its source's name is.
   */
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
}

const initialOf = (s: string | undefined): string | null => (s ? initialKey(s) : null);

/**
 * The readings of a typed name worth trying: as parsed, and with family and given swapped (free text
 * gives no sure order: "Petro Bondar" and "Bondar Petro" are both common).
 */
function readings(parsed: ParsedName, text = ''): QueryKeys[] {
  const out: ParsedName[] = [parsed];
  if (parsed.family && parsed.given) out.push({ ...parsed, family: parsed.given, given: parsed.family });
  if (parsed.family && !parsed.given && parsed.initials.length === 0 && parsed.patronymic === null) {
    out.push({ ...parsed, family: null, given: parsed.family });
  }
  // "Левко А.В.", "Nazar I.": a word the tables know as a given name, before initials and with nothing else, is a
  // surname of that form as often (lists write "Surname I. P."): tried as the surname, the initials its names'.
  if (
    parsed.family === null &&
    parsed.given !== null &&
    !parsed.given.includes(' ') &&
    parsed.patronymic === null &&
    parsed.initials.length > 0
  ) {
    out.push({ ...parsed, family: parsed.given, given: null });
  }
  out.push(...otherRoles(parsed));
  out.push(...patronymicPlaceRoles(parsed, text));
  out.push(...surnamesAfterPatronymic(parsed, text));
  return out.map((p) => {
    const k = nameKeys(p);
    // "Shevchenko O. P.": the initials stand for the given name and the patronymic, in that order;
    // after a written given name, a lone initial is the patronymic's.
    const [first, second] = p.initials;
    return {
      family: k.family || null,
      familyTyped: p.family,
      familyPhonetic: k.familyPhonetic || null,
      given: k.given || null,
      givenSkeleton: p.given ? skeleton(p.given) || null : null,
      givenInitial: p.given ? null : initialOf(first),
      father: k.father || null,
      fatherSkeleton: p.patronymic ? skeleton(p.patronymic) || null : null,
      fatherInitial: p.patronymic ? null : p.given ? initialOf(first) : initialOf(second),
    };
  });
}

/**
 * A reading of two surnames written after the patronymic (hold-out 6 `double_surname`: a woman's own surname and
 * her husband's, "Інна Миколаївна Сухук Кравець", "Олена Петрівна Дробашко – Ткаченко"): the parse, knowing one
 * surname to a person, takes the last word for it and the word before for a second given name ("Інна Сухук"),
 * and the record under either surname is not found. Where the given name is two words, the first a given name
 * the tables know and the second none (nor a patronymic), and that second word stands after the patronymic in the
 * text, the two words after the patronymic are tried as a double surname (compoundFamilyBranches looks up each
 * part) and the first word alone as the given name. A second given name the tables know ("Інна Марта") is left
 * to doubleGivenRoles.
 */
function surnamesAfterPatronymic(parsed: ParsedName, text: string): ParsedName[] {
  if (parsed.family === null || parsed.patronymic === null || parsed.given === null) return [];
  if (parsed.family.includes(' ') || parsed.initials.length > 0) return [];
  const words = parsed.given.split(' ').filter((w) => w !== '');
  if (words.length !== 2) return [];
  const [given, other] = words as [string, string];
  if (!isGivenName(given) || isGivenName(other) || hasPatronymicEnding(other)) return [];
  const at = (w: string): number =>
    text
      .toLowerCase()
      .split(/[^\p{L}'’ʼ]+/u)
      .indexOf(w.toLowerCase());
  const patronymicAt = at(parsed.patronymic);
  if (patronymicAt < 0 || at(other) <= patronymicAt) return [];
  return [{ ...parsed, family: `${other} ${parsed.family}`, given }];
}

/**
 * Readings of a three-word name by where its patronymic-like word stands, for a patronymic whose father's name
 * the tables do not know (Остап, Орест, Зиновій, Ярема; Refat, Eskender): the parse takes such a word for a
 * patronymic only after a known given name, so "Гайдук Остап Зиновійович" read as the surname "Гайдук Остап"
 * and the given name "Зиновійович", and "Khomych Daniil Liubomyrovych" took the surname (Хомич, a patronymic
 * of Хома) for the patronymic. A word ending like a patronymic (-ович, -ivna, -owycz…) that the parse did not
 * read as one is tried as one, the other two words in the orders lists write around it: "Family Given
 * Patronymic", "Given Patronymic Family", and with the given name and patronymic swapped ("Family Patronymic
 * Given", "Patronymic Given Family"). The registry's records decide, as for otherRoles.
 */
function patronymicPlaceRoles(parsed: ParsedName, text: string): ParsedName[] {
  if (parsed.initials.length > 0) return [];
  const parts = [parsed.family, parsed.given, parsed.patronymic].flatMap((x) =>
    x === null ? [] : x.split(' ').filter((w) => w !== ''),
  );
  if (parts.length !== 3) return [];
  // The three words in the text's order (the parse keeps each role's words, not their order).
  const lower = new Set(parts.map((w) => w.toLowerCase()));
  const words = tokenize(text).filter((w) => lower.has(w.toLowerCase()));
  if (words.length !== 3) return [];
  const [a, b, c] = words as [string, string, string];
  const out: ParsedName[] = [];
  // A patronymic cut short with a dot ("Лукенко Зиновій Віт.", "Haiane Osta. Akopian"), which the parse reads
  // as a second given name: its letters stand for the patronymic's start, as an initial does.
  const cut = abbreviatedWords(text);
  if (cut.size > 0) {
    if (cut.has(c.toLowerCase())) out.push({ family: a, given: b, patronymic: null, initials: [c] });
    if (cut.has(b.toLowerCase())) out.push({ family: c, given: a, patronymic: null, initials: [b] });
  }
  // The parse normalises case ("SHEVCHENKO" → Shevchenko): its own reading is compared without it.
  const same = (x: string | null, y: string): boolean => x !== null && x.toLowerCase() === y.toLowerCase();
  const role = (family: string, given: string, patronymic: string): void => {
    if (!same(parsed.family, family) || !same(parsed.given, given) || !same(parsed.patronymic, patronymic))
      out.push({ family, given, patronymic, initials: [] });
  };
  words.forEach((w, i) => {
    if (same(parsed.patronymic, w) || !hasPatronymicEnding(w)) return;
    if (i === 2) role(a, b, c);
    else if (i === 1) {
      role(c, a, b);
      role(a, c, b);
    } else {
      role(c, b, a);
    }
  });
  return out;
}

/** The words of a text written as a dotted abbreviation of two to seven letters ("Віт.", "Yaro."), lower-cased. */
function abbreviatedWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s,;])(\p{L}{2,7})\.(?=$|[\s,;])/gu))
    out.add((m[1] as string).toLowerCase());
  return out;
}

const isGivenName = (w: string | undefined): boolean => w !== undefined && givenNameClassOf(w) !== null;

/**
 * Readings for a double given name (Анна-Марія, "Іван Павло", "Олег Петро" before a patronymic), which the
 * parse, knowing one given name to a person, reads in part as the surname:
 *  - either of two given names alone (a source may write one of them);
 *  - a family name of two or more words whose last is a given name and whose first is not ("Мельник Олег" |
 *    Петро | Юрьевич): that word joins the given name;
 *  - a family word that is a given name before the given name, with a patronymic that may be a surname in
 *    -ич (Данилич | Опанас Андрій): the patronymic word as the surname, the two given names as the given.
 */
function doubleGivenRoles(parsed: ParsedName): ParsedName[] {
  const out: ParsedName[] = [];
  if (parsed.family === null || parsed.given === null) return out;
  // Either given name alone ("Олександр-Павло", "Вадим Андрій"): a source may write one of the two.
  const parts = parsed.given.split(/[\s-]+/u).filter((w) => w !== '');
  if (parts.length === 2 && parts.every((w) => isGivenName(w))) {
    for (const g of parts) out.push({ ...parsed, given: g });
  }
  const family = parsed.family.split(' ').filter((w) => w !== '');
  const last = family[family.length - 1];
  if (family.length >= 2 && isGivenName(last) && !isGivenName(family[0])) {
    out.push({ ...parsed, family: family.slice(0, -1).join(' '), given: `${last} ${parsed.given}` });
  }
  if (
    family.length === 1 &&
    parsed.patronymic !== null &&
    isGivenName(family[0]) &&
    parsed.given.split(' ').every((w) => isGivenName(w))
  ) {
    out.push({
      ...parsed,
      family: parsed.patronymic,
      given: `${parsed.family} ${parsed.given}`,
      patronymic: null,
    });
  }
  return out;
}

/**
 * Further readings where the parse had to guess which word is the surname and may have guessed wrong:
 * surnames that are also given names or read like patronymics (Назар, Павлів; Данич, Дмитрович), and a
 * patronymic a typo has made unknown (Mykolaiovyh, Tymofiiovycg), which joins the given name or is taken
 * for the surname. A searcher cannot tell from "Nazar Oleksander Mykolaiovych" or "ANDREI DANYCH" which
 * word is the family name, and neither can we: each is tried, and the registry's records decide.
 *  - no family name, two given-name words: each word as the family name, the other as the given name;
 *  - no family name, a patronymic: the patronymic as the family name;
 *  - a patronymic and no given name: the patronymic as the family name, the family word as the given name;
 *  - a family name and two given-name words, no patronymic: the second word as the patronymic, or (the
 *    family word then being the patronymic) either given word as the family name.
 */
function otherRoles(parsed: ParsedName): ParsedName[] {
  const words = parsed.given === null ? [] : parsed.given.split(' ').filter((w) => w !== '');
  const out: ParsedName[] = [];
  if (parsed.family === null) {
    if (words.length === 2) {
      const [a, b] = words as [string, string];
      out.push({ ...parsed, family: a, given: b }, { ...parsed, family: b, given: a });
    }
    if (parsed.patronymic !== null) out.push({ ...parsed, family: parsed.patronymic, patronymic: null });
  } else if (parsed.given === null && parsed.patronymic !== null) {
    out.push({ ...parsed, family: parsed.patronymic, given: parsed.family, patronymic: null });
  } else if (words.length === 2 && parsed.patronymic === null) {
    const [a, b] = words as [string, string];
    out.push(
      { ...parsed, given: a, patronymic: b },
      { ...parsed, family: a, given: b, patronymic: parsed.family },
      { ...parsed, family: b, given: a, patronymic: parsed.family },
    );
  }
  out.push(...doubleGivenRoles(parsed));
  return out;
}

/**
 * The query as the parse reads it: digits inside a word read as the letters a scanner took them for
 * ("Kova1chuk", "Пaвл0", "8oiko"), and BGN/PCGN's middle dot, which only separates т·с from ц ("Mat·skyy" for
 * Матський), dropped rather than read as a break between two words; a word pasted from a file whose bytes
 * were read in the wrong code page ("Øåâ÷åíêî", "РЁРµРІС‡РµРЅРєРѕ") read as the name it was, as the
 * import reads such a record's names (records/validate.ts). What people write beside a name is taken out
 * (names/cell.ts): a year or date of birth ("1985 р.н.", ", b. 1985"), returned as `birth`; a military unit and
 * a call sign, which are no names and are not searched; a bracketed maiden name stays. A surname split by OCR
 * or a line break ("Шев ченко", "Шев-\nченко") is joined where the name tables say it is one word.
 */
function queryText(q: string): { text: string; birth: CellBirth | PartialDate | null } {
  // Styled letters copied from a post ("𝐊𝐨𝐯𝐚𝐥𝐞𝐧𝐤𝐨", "Ｋｏｖａｌｅｎｋｏ"), spaces of other widths: plain, as the import reads them.
  // Escaped by a web page or a JSON writer ("&#1050;&#1086;…", "\u041a\u043e…"): the letters, as the import reads them.
  // A name with its letters spaced out ("К о в а л е н к о"), a web page's tags or a messenger's marks round it
  // ("<b>Коваленко</b>", "**Коваленко**"): the name, as the import reads a record's (names/spaced.ts, names/markup.ts).
  const spacedJoined = joinSpacedLetters(q) ?? q;
  const unescaped = unescapedText(spacedJoined) ?? spacedJoined;
  // An editor's restored letters and "[sic]" ("Ков[а]ленко [sic]"): the name, as the import reads it (names/editorial.ts).
  const unmarked = withoutMarkup(unescaped) ?? unescaped;
  let words = unstyledLetters(withoutEditorialMarks(unmarked) ?? unmarked)
    .split(/(\s+)/u)
    .map((w) => repairMojibake(w) ?? w);
  // A name typed with the keyboard in the wrong layout ("Itdxtyrj Nfhfc"), as the import reads such a record's.
  const retyped = retypeKeyboardLayout(words.filter((w) => w.trim() !== ''));
  if (retyped !== null)
    words = retyped
      .map((w) => w ?? '')
      .join(' ')
      .split(/(\s+)/u);
  // A footnote's mark or a list's row number standing as a word of its own ("Shevchych 4)", "(4)", "4) Dmytro"):
  // no name, and a parse took it for the surname beside a surname ending as patronymics do. A year (four digits)
  // or a date is no such mark and stays for readNameText.
  // A word written twice, as cells pasted over each other leave it, once (onceEach).
  words = onceEach(words.join('').replace(/(^|\s)[([]?\d{1,3}[)\]](?=\s|$)/gu, '$1')).split(/(\s+)/u);
  // A name word written in both scripts side by side, as a bilingual form has it ("Хомар (Khomar) Bohdan",
  // "Мірошенко / Miroshenko"), once, in Cyrillic (names/bilingual.ts): else the bracket reads as a maiden name.
  const once = bilingualWordsOnce(words.join(''));
  if (once !== null) words = once.split(/(\s+)/u);
  // After the code page and the layout: a misread byte or key may look like a quote or a bracket.
  let cell = readNameText(words.join(''));
  // A surname typed in quotes beside given names only ('"Смиржець" Світлана', 'Іван „Ткачишин“'): a call sign
  // goes beside a whole name, so where every word left is a given name or a patronymic the quoted words are the
  // surname, searched as one (lists quote names; the call sign is not searched anyway).
  if (cell.callSign !== null && noSurnameLeft(cell.name))
    cell = readNameText(words.join('').replace(/[«»"„“”]/gu, ' '));
  // A rank, a role or a civilian's mark written after a name field, wherever the fields' order put it ("Марчович
  // Георгій - цивільний", "Gligyv – Sr. Lt. Vyacheslav"), as the import reads one after a record's name; a
  // leading rank is the parse's.
  cell = { ...cell, name: dropRankWords(cell.name) };
  // A scan's speck inside a word ("Кова.ленко", "Юр:ій", "Za|kharovych": hold-out 18 `speck_punct`), nothing, as the
  // import reads a record's once its ranks are read (records/validate.ts `wordWithoutSpeck`).
  cell = { ...cell, name: queryWithoutSpecks(cell.name) };
  // Split at whitespace but not at U+FEFF, which the tokenizer drops inside a word ("Iri\uFEFFna").
  // A word's digits a scanner wrote for letters, first letter and runs of them too ("01eksandr", "8oiko"), as
  // the import reads them (names/ocrDigits.ts); `repairOcrDigits` below reads the rest digit by digit.
  // Words run together where a copied text lost its spaces ("КоваленкоАндрій"), as the import parts them; first, a
  // capital marking the stress inside a known name ("OleksAndrovych", "МихАйло") written small, else it parts.
  const unstressed = lowerStressCapitals(cell.name) ?? cell.name;
  words = readOcrDigits(partJoinedWords(unstressed) ?? unstressed).split(/([^\S\uFEFF]+)/u);
  const named = words.filter((w) => w.trim() !== '');
  const joined = joinSplitWords(named);
  if (joined.length < named.length) words = joined.join(' ').split(/([^\S\uFEFF]+)/u);
  const text = repairOcrDigits(
    nominativeWords(words)
      .join('')
      .replace(/(\p{L})[·•](?=\p{L})/gu, '$1'),
  );
  // A range of two birth years beside the name ("Коваленко 2001/02"): either year, as the birth field reads one.
  const years = cell.birthYears;
  if (years !== undefined && cell.birth === null) return { text, birth: twoYears(years.from) };
  return { text, birth: cell.birth };
}

/**
 * A query's words with a scan's speck inside one read as nothing, by the import's rule (`wordWithoutSpeck`): a
 * comma or semicolon ending the word ("Кова.ленко, Андрій") stays after it; a rank written without its space
 * ("Мл.сержант", as `splitLeadingRank` knows "мл. сержант") stays as written.
 */
function queryWithoutSpecks(name: string): string {
  const parts = name.split(/(\s+)/u);
  return parts
    .map((part) => {
      let cut = part.length;
      while (cut > 0 && (part[cut - 1] === ',' || part[cut - 1] === ';')) cut--;
      const word = part.slice(0, cut);
      const read = wordWithoutSpeck(word);
      if (read === word) return part;
      // The mark where the word and its reading part; a rank's abbreviation and its rank ("Мл.сержант": мл.
      // сержант) stay, with a name after them or not.
      let at = 0;
      while (word[at] === read[at]) at++;
      if (splitLeadingRank(`${word.slice(0, at)}. ${word.slice(at + 1)} Х`) !== null) return part;
      return `${read}${part.slice(cut)}`;
    })
    .join('');
}

/**
 * A query with a name word written twice once, as cells pasted over each other leave a name (hold-out 7
 * `duplicated`; the import reads a record's cells so, records/validate.ts): a word repeated next to itself
 * ("Олена Петрська Петрська"), and a surname again at the end of a name of four words or more ("Ivanov Vitalii
 * Volodymyrovych Ivanov"). Only in a query of three words or more: a name of two may be one word twice (Li Li).
 */
function onceEach(text: string): string {
  const words = text.trim().split(/\s+/u);
  if (words.length < 3) return text;
  const bare = (w: string): string => w.replace(/[^\p{L}'’ʼ-]/gu, '').toLowerCase();
  const kept = words.filter((w, i) => i === 0 || bare(w) === '' || bare(w) !== bare(words[i - 1] as string));
  const first = bare(kept[0] as string);
  if (kept.length >= 4 && first !== '' && first === bare(kept[kept.length - 1] as string)) kept.pop();
  return kept.length < words.length ? kept.join(' ') : text;
}

/** Whether a query's name words (what `readNameText` left) are given names and patronymics only, no surname. */
function noSurnameLeft(name: string): boolean {
  const words = name.split(/[\s,]+/u).filter((w) => w !== '');
  return words.length > 0 && words.every((w) => givenNameClassOf(w) !== null || hasPatronymicEnding(w));
}

/**
 * A query's name words (Cyrillic, two or three) read back to the nominative when they are written in the
 * genitive or dative, as the import reads such a record's names (records/validate.ts, names/decline.ts):
 * "Шевченка Тараса Григоровича 1985" searches for Шевченко Тарас Григорович. `parts` are the words with the
 * whitespace between them, as `queryText` splits them.
 */
function nominativeWords(parts: string[]): string[] {
  const at = parts.flatMap((w, i) => (/^[\p{Script=Cyrillic}'’ʼ-]+$/u.test(w) ? [i] : []));
  const undone = undeclineWords(at.map((i) => parts[i] as string));
  if (undone === null) return parts;
  const out = [...parts];
  at.forEach((i, k) => (out[i] = undone[k] as string));
  return out;
}

/** Reads a digit inside a word as the letter a scanner took it for: "Kova1chuk", "Пaвл0". */
export { repairOcrDigits };

/** The glyph key of record.key_family, as migration 0019 indexes it. */
const GLYPH = sql.raw(familyGlyphKeySql('r.key_family'));

const nonEmpty = (xs: (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * A candidate's family name as scoring reads it (Candidate.family_name): only beside an empty given name and
 * patronymic. Every candidate row is received and scored, hundreds for a common full name: what no row
 * needs is left in PostgreSQL (the family names, and the source's name, which was joined to every row
 * and cost a keyed statement a third of its CPU at 1M), and the page's are read with its persons.
 */
const familyIfAlone = (t: string): Sql =>
  sql`CASE WHEN coalesce(${sql.ref(`${t}.given_name`)}, '') = '' AND coalesce(${sql.ref(`${t}.patronymic`)}, '') = ''
    THEN ${sql.ref(`${t}.family_name`)} END AS family_name`;

const CANDIDATE_COLUMNS = sql`r.id, r.person_id, r.external_id, r.source_id, ${familyIfAlone('r')}, r.given_name, r.patronymic,
  r.birth_date, r.key_family, r.key_family_phonetic, r.key_given, r.key_father`;

type Sql = ReturnType<typeof sql>;

/** Candidate columns read in the order of an index (no join: it would put a sort between the index and the limit). */
const ORDERED_COLUMNS = sql`r.id, r.person_id, r.external_id, r.source_id, r.family_name, r.given_name,
  r.patronymic, r.birth_date, r.key_family, r.key_family_phonetic, r.key_given, r.key_father`;

/** The candidate columns of rows read in order (`ranges`), as CANDIDATE_COLUMNS. */
const FROM_RANGES = sql`ranges.id, ranges.person_id, ranges.external_id, ranges.source_id, ${familyIfAlone('ranges')},
  ranges.given_name, ranges.patronymic, ranges.birth_date, ranges.key_family, ranges.key_family_phonetic,
  ranges.key_given, ranges.key_father`;

/** At most this many persons outside a scope are listed in a statement (`outside`) instead of checking each row. */
const OUTSIDE_LISTED = 64;

/**
 * The scope as a condition on each row walked (a join let the planner read the range in another order).
 * When few persons are outside the scope (one organisation holding the registry, few withheld: the `outside`
 * list of the statement's `WITH`, outsideEntry), a row's person is in scope unless it is one of them; else
 * each row's person is read (person_scope, a descent of three pages a row: ~90% of a staff search's pages
 * at 1M, bench/RESULTS.md `sx`). Either way the same rows: `personsOutsideScope` lists every person the
 * condition refuses, read in the statement's own snapshot.
 */
function visibleRow(scope: PersonScope): Sql {
  if (scopeIsEverything(scope)) return sql`true`;
  const each = sql`(SELECT ${personVisible(scope, 'p')} FROM person p WHERE p.id = r.person_id)`;
  if (personsOutsideScope(scope, OUTSIDE_LISTED) === null) return each;
  return sql`(CASE WHEN (SELECT few FROM outside) THEN r.person_id <> ALL((SELECT ids FROM outside)::uuid[])
    ELSE ${each} END)`;
}

/**
 * The `outside` list visibleRow reads, as a `WITH` entry: the ids of the persons outside the scope, and
 * whether they are all of them (OUTSIDE_LISTED or fewer), read once per statement. Null when visibleRow does
 * not read it.
 */
function outsideEntry(scope: PersonScope): Sql | null {
  const ids = scopeIsEverything(scope) ? null : personsOutsideScope(scope, OUTSIDE_LISTED);
  return ids === null
    ? null
    : sql`outside AS MATERIALIZED (SELECT ids, cardinality(ids) <= ${sql.lit(OUTSIDE_LISTED)} AS few
        FROM (SELECT ${ids} AS ids) AS o)`;
}

/** One index range: the rows matching `where`, in the index's order `order` (the record id follows it). */
interface Range {
  where: Sql;
  /** The index's columns after those `where` fixes by equality; the record id is appended. */
  order: readonly Sql[];
}

const orderOf = (r: Range): Sql => sql.join([...r.order, sql`r.id`], sql`, `);

/**
 * A branch that reads its ranges one after the other, each in the order of an index whose last key column
 * is the record id (migration 0041), until `limit` rows: PostgreSQL walks each range and stops at the limit,
 * and when a block holds more than `limit` matches, which of them are read depends on the data alone — not
 * on where the rows lie on disk (a restore or VACUUM FULL gave other candidates, totals and hits when ties
 * were broken by heap position). Scoped row by row before the limit, so that persons out of scope never
 * take a candidate's place.
 */
function branchInOrder(ranges: readonly Range[], limit: number, scope: PersonScope): Sql {
  const visible = visibleRow(scope);
  const parts = ranges.map(
    (r) => sql`(SELECT ${ORDERED_COLUMNS} FROM record r WHERE ${r.where} AND ${visible}
      ORDER BY ${orderOf(r)} LIMIT ${limit})`,
  );
  return sql`(SELECT ${FROM_RANGES} FROM (
      SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) AS u LIMIT ${limit}
    ) AS ranges)`;
}

/**
 * A branch whose condition an index answers only in part: `filter` is on a column the index only carries
 * (INCLUDE), checked on each index entry the ranges walk. The indexes such a branch walks carry every
 * candidate column (migration 0051), so the ranges are index-only scans and only the rows kept are sent (the
 * ids used to be found first and the rows then read whole from the heap, a primary-key descent and a heap
 * page each: most of a full-name search's pages at 1M).
 */
function branchFiltered(ranges: readonly Range[], filter: Sql, limit: number, scope: PersonScope): Sql {
  return branchInOrder(
    ranges.map((r) => ({ where: sql`${r.where} AND ${filter}`, order: r.order })),
    limit,
    scope,
  );
}

/**
 * The birth years a query's birth looks at, most alike first: its year, then the years either side; for a range of
 * two years ("2001/02": `parseDateOrYears`), both its years, then the year before the first and after the last.
 */
function nearYears(birth: PartialDate): number[] {
  return birth.lastYear === undefined
    ? [birth.year, birth.year - 1, birth.year + 1]
    : [birth.year, birth.lastYear, birth.year - 1, birth.lastYear + 1];
}

/**
 * The birth-year ranges of a branch narrowed to records born within a year of the query's or of unknown
 * year, most alike first (the year itself, the years either side, unknown), so that a capped branch keeps
 * the likeliest; each with `column = value` conditions in front. Without a birth year, the whole block.
 */
function yearRanges(eq: Sql, birth: PartialDate | null, after: readonly Sql[]): Range[] {
  if (birth === null) return [{ where: eq, order: [sql`r.birth_year`, ...after] }];
  return [
    ...nearYears(birth).map((y) => ({
      where: sql`${eq} AND r.birth_year = ${y}`,
      order: after,
    })),
    { where: sql`${eq} AND r.birth_year IS NULL`, order: after },
  ];
}

/**
 * Ranges of the (key, birth year, birth month, …, id) index for the family keys `keys` (a condition on
 * `r.key_family`) within each of `ranges`: with `= ANY(…)` on the index's first column PostgreSQL walks
 * the keys in order, each key's range in its order, so a capped branch stops where the data alone says.
 */
function byFamilyKeys(keys: Sql, ranges: readonly Range[]): Range[] {
  return ranges.map((y) => ({ where: sql`${keys} AND ${y.where}`, order: [sql`r.key_family`, ...y.order] }));
}

/** Every pair of two lists (a few keys each), for ranges on two leading columns. */
function pairs<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b) => [a, b] as [A, B]));
}

/** Candidates, and whether a branch stopped at its limit (then not every match was looked at). */
interface Found {
  rows: Candidate[];
  capped: boolean;
}

/**
 * Runs one of the search's statements. On PostgreSQL through the database's own pool, kept prepared on the
 * connection (SqlClient.prepared): a lookup statement of a couple of dozen index ranges cost PostgreSQL more
 * to parse and plan than to run, and a prepared one is planned once per connection and text (PostgreSQL keeps
 * a generic plan once it costs no more than the custom ones; bench/search/preparedCost.ts). The plan never
 * decides the answer: every range is read in an index order ending in the record id, under its limit.
 * Through the query builder as given otherwise (the embedded database, a transaction, a read replica's).
 */
async function execute<R>(database: Database, query: RawBuilder<R>): Promise<{ rows: R[] }> {
  if (database.kind !== 'postgres' || !queriesOwnPool(database)) return query.execute(database.db);
  const compiled = query.compile(database.db);
  const client = await database.pool.connect();
  try {
    const r = client.prepared
      ? await client.prepared<R>(compiled.sql, compiled.parameters)
      : await client.query<R>(compiled.sql, compiled.parameters);
    return { rows: r.rows };
  } finally {
    client.release();
  }
}

async function runBranches(
  database: Database,
  branches: ReturnType<typeof sql>[],
  name: string,
  scope: PersonScope,
): Promise<Found> {
  if (branches.length === 0) return { rows: [], capped: false };
  noteStatement(name);
  const outside = outsideEntry(scope);
  // Each branch's rows carry its number, to tell whether one stopped at its limit (BRANCH_LIMIT, as
  // every branch's).
  // serial_plan() (migration 0037, `true`) keeps the planner from parallel workers: starting them cost far
  // more than any branch, which stops at its limit.
  const rows = await execute(
    database,
    sql<Candidate & { branch_no: number }>`${outside === null ? sql`` : sql`WITH ${outside} `}${sql.join(
      branches.map(
        (b, i) =>
          sql`(SELECT ${sql.lit(i)} AS branch_no, b.* FROM ${b} AS b${i === 0 ? sql` WHERE serial_plan()` : sql``})`,
      ),
      sql` UNION ALL `,
    )}`,
  );
  const perBranch = new Map<number, number>();
  for (const r of rows.rows) perBranch.set(r.branch_no, (perBranch.get(r.branch_no) ?? 0) + 1);
  traces.getStore()?.branchRows.push(branches.map((_, i) => perBranch.get(i) ?? 0));
  const seen = new Set<string>();
  return {
    rows: rows.rows.filter((r) => !seen.has(r.id) && seen.add(r.id)),
    capped: [...perBranch.values()].some((n) => n >= BRANCH_LIMIT),
  };
}

/**
 * Candidate records for the readings, each branch an index lookup: the same family key (or phonetic
 * key), with the same given-name class or alone (a given name with a typo); the same given and father
 * classes (a family name with a typo). A birth year, when given, narrows the broad branches (±1 year,
 * or unknown).
 */
async function candidates(
  database: Database,
  qs: QueryKeys[],
  birth: PartialDate | null,
  scope: PersonScope,
): Promise<Found> {
  const fams = nonEmpty(qs.map((q) => q.family));
  const phons = nonEmpty(qs.map((q) => q.familyPhonetic));
  const givens = nonEmpty(qs.map((q) => q.given));
  const fathers = nonEmpty(qs.map((q) => q.father));
  if (fams.length === 0 && givens.length === 0) return { rows: [], capped: false };
  const first: Sql[] = [];
  // Every branch reads ranges of an index ending in the record id, in its order (branchInOrder): a capped
  // branch brings the same rows whatever the registry's layout on disk.
  // The phonetic code and the given-name class, any birth year (migration 0041's (code, class, year, id)).
  if (phons.length && givens.length) {
    first.push(
      branchInOrder(
        pairs(phons, givens).map(([p, g]) => ({
          where: sql`r.key_family_phonetic = ${p} AND r.key_given = ${g}`,
          order: [sql`r.birth_year`],
        })),
        BRANCH_LIMIT,
        scope,
      ),
    );
  }
  // The family key alone (its phonetic code follows from it: asking for both made PostgreSQL AND a
  // bitmap of every namesake, 23,556 index entries for a common surname at 1M, into each lookup), and
  // the phonetic code alone. Born near a year: small ranges of the (key, birth year, …, id) index, the
  // year itself first. No birth year: one range per key, walked in the index's order so that it stops at
  // the limit (with `= ANY(…)` the planner read a common name by a sequential scan of record instead).
  if (birth !== null) {
    if (fams.length) {
      first.push(
        branchInOrder(
          byFamilyKeys(
            sql`r.key_family = ANY(${fams}::text[])`,
            yearRanges(sql`true`, birth, [sql`r.birth_month`]),
          ),
          BRANCH_LIMIT,
          scope,
        ),
      );
    }
    // The phonetic block without the exact keys' records: the family branch above read those. The index
    // carries the family key, so the exact keys' records are left out there, before the heap.
    if (phons.length) {
      first.push(
        branchFiltered(
          yearRanges(sql`true`, birth, []).map((y) => ({
            where: sql`r.key_family_phonetic = ANY(${phons}::text[]) AND ${y.where}`,
            order: [sql`r.key_family_phonetic`, ...y.order],
          })),
          sql`(r.key_family IS NULL OR r.key_family <> ALL(${fams}::text[]))`,
          BRANCH_LIMIT,
          scope,
        ),
      );
    }
  } else {
    for (const fam of fams) {
      first.push(
        branchInOrder(
          [{ where: sql`r.key_family = ${fam}`, order: [sql`r.birth_year`, sql`r.birth_month`] }],
          BRANCH_LIMIT,
          scope,
        ),
      );
    }
    for (const phon of phons) {
      first.push(
        branchInOrder(
          [{ where: sql`r.key_family_phonetic = ${phon}`, order: [sql`r.birth_year`] }],
          BRANCH_LIMIT,
          scope,
        ),
      );
    }
  }
  if (givens.length && fathers.length) {
    first.push(
      branchInOrder(
        // Born near a year, a few records a year: the pairs' ranges near it, then of unknown year, each read
        // and sorted whole (the year in the index condition: with `IS NULL OR BETWEEN` the planner read a
        // common pair's every entry). Without one, a common pair's thousands: each pair's range in its order.
        birth !== null
          ? [
              {
                where: sql`r.key_given = ANY(${givens}::text[]) AND r.key_father = ANY(${fathers}::text[])
                  AND r.birth_year BETWEEN ${birth.year - 1} AND ${(birth.lastYear ?? birth.year) + 1}`,
                order: [sql`r.key_given`, sql`r.key_father`, sql`r.birth_year`, sql`r.birth_month`],
              },
              {
                where: sql`r.key_given = ANY(${givens}::text[]) AND r.key_father = ANY(${fathers}::text[])
                  AND r.birth_year IS NULL`,
                order: [sql`r.key_given`, sql`r.key_father`, sql`r.birth_month`],
              },
            ]
          : pairs(givens, fathers).map(([g, f]) => ({
              where: sql`r.key_given = ${g} AND r.key_father = ${f}`,
              order: [sql`r.birth_year`, sql`r.birth_month`],
            })),
        BRANCH_LIMIT,
        scope,
      ),
    );
  }
  first.push(...compoundFamilyBranches(fams, givens, birth, scope));
  return runBranches(database, first, 'keyed', scope);
}

/** Shortest part of a compound surname looked up on its own (shorter words are particles: фон, де). */
const FAMILY_PART_MIN = 3;
/** Most compound family keys a single surname's lookup reads (the family_key table's trigram index). */
const COMPOUND_KEYS = 20;

/**
 * Lookups for a compound or double surname, part by part (a woman who took her husband's name beside
 * her own: Шевченко-Коваль, Коваль (Шевченко)): a compound typed finds records under either part, and a
 * single surname typed finds records under a compound holding it as a whole word (its keys from the
 * small family_key table by its trigram index, in the same statement). With a given-name class, only
 * records of that class; without one, born near the query's year.
 */
function compoundFamilyBranches(
  fams: readonly string[],
  givens: readonly string[],
  birth: PartialDate | null,
  scope: PersonScope,
): Sql[] {
  const parts = nonEmpty(
    fams.flatMap((f) => (f.includes(' ') ? f.split(' ').filter((w) => w.length >= FAMILY_PART_MIN) : [])),
  ).filter((p) => !fams.includes(p));
  const singles = fams.filter((f) => !f.includes(' ') && f.length >= FAMILY_PART_MIN);
  const out: Sql[] = [];
  if (parts.length) {
    // By the parts' phonetic codes, which their exact keys share: a part spelt otherwise too (Гончич
    // typed, Гончыч written). On the (phonetic, given, year, id) index, as the first branch; by the exact
    // key with the given class, PostgreSQL ANDed a common surname's whole bitmap (21 ms at 1M, 180 ms ORed).
    const codes = nonEmpty(parts.map((p) => phoneticKey(p)));
    out.push(
      branchInOrder(
        givens.length
          ? pairs(codes, givens).map(([c, g]) => ({
              where: sql`r.key_family_phonetic = ${c} AND r.key_given = ${g}`,
              order: [sql`r.birth_year`],
            }))
          : yearRanges(sql`true`, birth, []).flatMap((y) =>
              codes.map((c) => ({ where: sql`r.key_family_phonetic = ${c} AND ${y.where}`, order: y.order })),
            ),
        BRANCH_LIMIT,
        scope,
      ),
    );
  }
  if (singles.length) {
    // Skeletons hold only a-z and spaces: nothing in a pattern built from one is a LIKE wildcard.
    // A compound key holding the surname as its first or last word: found by migration 0051's indexes of
    // the compound keys' first and last words (the trigram index answered `LIKE '% f'` with every key
    // sharing f's trigrams, the surname itself and its near spellings, each read from the table to be
    // refused: ~180 pages a search at a realistic million, which holds no compound key), the patterns
    // kept as the condition they index. The keys as an array (an init plan), so that the records are ranges
    // of the (key, year, …, id) index read in its order; the keys themselves in order, so that the same
    // COMPOUND_KEYS are taken.
    const like = sql.join(
      singles.flatMap((f) => [`% ${f}`, `${f} %`]).map((pattern) => sql`key LIKE ${pattern}`),
      sql` OR `,
    );
    const compound = sql`key LIKE '% %' AND (split_part(key, ' ', 1) = ANY(${singles}::text[])
      OR split_part(key, ' ', -1) = ANY(${singles}::text[])) AND (${like})`;
    const keys = sql`r.key_family = ANY(ARRAY(SELECT key FROM family_key WHERE ${compound} ORDER BY key LIMIT ${COMPOUND_KEYS}))`;
    out.push(
      branchInOrder(
        givens.length
          ? [
              {
                // The class checked on each entry of the family keys' ranges (`IS TRUE`: the same rows, but
                // no index condition): as one, PostgreSQL ANDed the class's whole bitmap (8,600 entries, 80
                // pages for Тарас at 1M) with the keys', even when no compound key was found.
                where: sql`${keys} AND (r.key_given = ANY(${givens}::text[])) IS TRUE`,
                order: [sql`r.key_family`, sql`r.birth_year`, sql`r.birth_month`],
              },
            ]
          : byFamilyKeys(keys, yearRanges(sql`true`, birth, [sql`r.birth_month`])),
        BRANCH_LIMIT,
        scope,
      ),
    );
  }
  return out;
}

/**
 * A bare surname with this many namesakes who outrank any misspelt spelling of it skips the (dearer)
 * misspelt-name lookup: those would only be listed after every one of them.
 */
export const CLOSE_FAMILY_SKIP_AT = 200;

/**
 * A bare family name: how many of its namesakes in scope are walked (in person order) before the search
 * answers from them alone, and what `total` then says at least.
 */
export const NAMESAKES_COUNTED = CLOSE_FAMILY_SKIP_AT;

/**
 * A page of a bare family name's namesakes, read from migration 0027's (family key, person) index in
 * person order: the first `walk` persons in scope holding a record with the key (each scope-checked as
 * the walk reaches it, so that it stops there), and the records with the key of those on the page.
 * Every such record scores the same for a bare name, above anything else it can find (a phonetic or
 * misspelt spelling, the name read as a given name), and equal scores are ordered by person id: when the
 * walk is full, the page is what ranking every candidate would give, without reading and scoring
 * hundreds of namesakes to show ten. `walked` is how many persons the walk found (at most `walk`).
 */
async function namesakesPage(
  database: Database,
  family: string,
  walk: number,
  offset: number,
  limit: number,
  scope: PersonScope,
): Promise<{ walked: number; page: Candidate[] }> {
  // The scope as a correlated subquery, not a join: joined, the planner merged the walk with person's
  // primary key in id order and read thousands of persons to pass the first 200.
  const visible = visibleRow(scope);
  const outside = outsideEntry(scope);
  noteStatement('namesakes');
  const rows = await execute(
    database,
    sql<Candidate & { walked: number }>`
    WITH ${outside === null ? sql`` : sql`${outside},`} walk AS (
      SELECT DISTINCT r.person_id FROM record r WHERE r.key_family = ${family} AND ${visible}
      ORDER BY r.person_id LIMIT ${walk}
    ), page AS (SELECT person_id FROM walk ORDER BY person_id OFFSET ${offset} LIMIT ${limit})
    SELECT (SELECT count(*) FROM walk)::int AS walked, ${CANDIDATE_COLUMNS}
    FROM page JOIN record r ON r.person_id = page.person_id AND r.key_family = ${family}`,
  );
  return { walked: rows.rows[0]?.walked ?? 0, page: rows.rows };
}

/**
 * Candidates for a misspelt or garbled family name, looked for only when the keyed lookups found nothing
 * strong: the family keys in use that are trigram-close to the query's folded skeleton, or whose glyph
 * keys are trigram-close to its glyph key (a typo beside a scanner's misreading, Russian g for Ukrainian
 * h: pg_trgm on the small family_key table), then their records by the btree index; the records whose family glyph key is
 * the query's (migration 0019's index), born near; and the given-name class with the exact day and month
 * of birth.
 */
async function closeFamilyCandidates(
  database: Database,
  qs: QueryKeys[],
  birth: PartialDate | null,
  scope: PersonScope,
  familiesInUse: ReadonlySet<string>,
): Promise<Found> {
  const fams = nonEmpty(qs.map((q) => q.family))
    .filter((f) => f.length >= 4)
    .slice(0, 3);
  const givens = nonEmpty(qs.map((q) => q.given));
  // The typed family name with one slip undone (typedFamilyVariants): each reading of these family names
  // is given its variants, which score `close` (never confident), and the keys in use among them are read.
  for (const q of qs) {
    if (q.family !== null && fams.includes(q.family) && q.familyTyped)
      q.familyVariants = typedFamilyVariants(q.familyTyped);
  }
  const variants = nonEmpty(qs.flatMap((q) => [...(q.familyVariants ?? [])])).sort();
  // A family name garbled past recognition (OCR, two errors): the given-name class with the exact day and
  // month of birth (a year either way) narrows a registry to a handful.
  const byBirth =
    birth !== null && birth.month !== null && birth.day !== null && givens.length > 0
      ? [
          branchInOrder(
            givens.map((g) => ({
              where: sql`r.key_given = ${g} AND r.birth_month = ${birth.month} AND r.birth_day = ${birth.day}
                AND r.birth_year BETWEEN ${birth.year - 1} AND ${birth.year + 1}`,
              order: [],
            })),
            BRANCH_LIMIT,
            scope,
          ),
        ]
      : [];
  // A family name a scanner or a typist garbled so that no spelling in use is trigram-close (Honcbych,
  // Бнлык): the records whose family glyph key (look-alike letters made one) is the query's, born within a
  // year (or of unknown birth), each an index range of the (glyph, birth year, id) index (0019, 0041). A
  // garbled name's glyph block is small; a common one's is cut at the limit, its namesakes having been
  // found by the keyed lookups already.
  // A family key the keyed lookups found in use is spelt as the registry spells it: its glyph block is
  // its namesakes, already read.
  const glyphs = nonEmpty(fams.filter((f) => !familiesInUse.has(f)).map((f) => familyGlyphKey(f)));
  const byGlyph =
    glyphs.length === 0
      ? []
      : birth === null
        ? [
            branchInOrder(
              glyphs.map((g) => ({ where: sql`${GLYPH} = ${g}`, order: [sql`r.birth_year`] })),
              BRANCH_LIMIT,
              scope,
            ),
          ]
        : [
            branchInOrder(
              nearYears(birth).flatMap((y) =>
                glyphs.map((g) => ({ where: sql`${GLYPH} = ${g} AND r.birth_year = ${y}`, order: [] })),
              ),
              BRANCH_LIMIT,
              scope,
            ),
            branchInOrder(
              glyphs.map((g) => ({ where: sql`${GLYPH} = ${g} AND r.birth_year IS NULL`, order: [] })),
              BRANCH_LIMIT,
              scope,
            ),
          ];
  if (fams.length === 0) return runBranches(database, byBirth, 'close', scope);
  // The linkage near rule (migration 0031): a glyph key one letter off the query's (a letter dropped, added
  // or changed beyond what the glyph key merges: Лиско as "ysko"). Its family keys from the small
  // family_key table (0041's GIN index of the same keys, without a year), in key order; then their records
  // born within a year or of unknown birth, or only of unknown birth when the query gives none (as the
  // lookups), by the ordered (key, year, …, id) ranges.
  const nearEntries = glyphs.flatMap((g) => glyphNearKeys(g)).map((k) => `${k}|`);
  noteStatement('close keys');
  const close = await execute(
    database,
    sql<{ key: string; near: boolean | null }>`
    SELECT DISTINCT key, near FROM (
      ${sql.join(
        fams.map(
          (f) => sql`(SELECT key, false AS near FROM family_key WHERE key % ${f} AND key <> ${f}
            ORDER BY similarity(key, ${f}) DESC, key LIMIT ${CLOSE_KEYS})
            UNION ALL
            (SELECT key, false FROM family_key WHERE glyph % ${familyGlyphKey(f) ?? f} AND key <> ${f}
              AND similarity(glyph, ${familyGlyphKey(f) ?? f}) >= ${CLOSE_GLYPH}
            ORDER BY similarity(glyph, ${familyGlyphKey(f) ?? f}) DESC, key LIMIT ${CLOSE_GLYPHS})`,
        ),
        sql` UNION ALL `,
      )}
      ${
        nearEntries.length === 0
          ? sql``
          : sql`UNION ALL (SELECT key, true FROM family_key
              WHERE family_glyph_near_keys(key, NULL::int4) && ${nearEntries}::text[] ORDER BY key LIMIT ${NEAR_KEYS})`
      }
      ${
        variants.length === 0
          ? sql``
          : // Each variant one probe of record's (key, person) index: family_key's trigram index answers
            // `key = ANY(…)` too, and the planner took it (100 ms for forty keys at 20,000 persons).
            sql`UNION ALL (SELECT r.key_family, NULL FROM unnest(${variants}::text[]) AS v(k)
              CROSS JOIN LATERAL (SELECT r.key_family FROM record r WHERE r.key_family = v.k LIMIT 1) AS r
              WHERE v.k <> ALL(${fams}::text[]))`
      }) AS c`,
  );
  const keys = nonEmpty(close.rows.filter((r) => r.near === false).map((r) => r.key)).sort();
  const nearFamilies = nonEmpty(close.rows.filter((r) => r.near === true).map((r) => r.key)).sort();
  const variantFamilies = nonEmpty(close.rows.filter((r) => r.near === null).map((r) => r.key)).sort();
  const trace = traces.getStore();
  if (trace) trace.closeKeys = keys.length;
  const byNear =
    nearFamilies.length === 0
      ? []
      : [
          branchInOrder(
            byFamilyKeys(
              sql`r.key_family = ANY(${nearFamilies}::text[])`,
              birth === null
                ? [{ where: sql`r.birth_year IS NULL`, order: [sql`r.birth_month`] }]
                : yearRanges(sql`true`, birth, [sql`r.birth_month`]),
            ),
            BRANCH_LIMIT,
            scope,
          ),
        ];
  // The variants' records: by key in the (key, birth year, …, id) index's order, near the year (or of
  // unknown year) when one is given; of the given-name class when one is typed, checked in the index
  // (which carries the class) before a row is read.
  const byVariant =
    variantFamilies.length === 0
      ? []
      : [
          branchFiltered(
            byFamilyKeys(
              sql`r.key_family = ANY(${variantFamilies}::text[])`,
              yearRanges(sql`true`, birth, [sql`r.birth_month`]),
            ),
            givens.length ? sql`r.key_given = ANY(${givens}::text[])` : sql`true`,
            BRANCH_LIMIT,
            scope,
          ),
        ];
  if (keys.length === 0)
    return runBranches(database, [...byBirth, ...byGlyph, ...byNear, ...byVariant], 'close', scope);
  // Records are indexed by phonetic code (which every exact key shares), then filtered by key in the index.
  const codes = [...new Set(keys.map((k) => phoneticKey(k)))];
  // By key, in the (key, birth year, …, id) index's order: born near a year, the keys' own ranges for each
  // year; without a year, each key's whole range. A record's phonetic code is its key's (nameKeys), or
  // none when the key has none: those keys are left out, as asking for both left them.
  const coded = keys.filter((k) => phoneticKey(k) !== '');
  return runBranches(
    database,
    [
      ...byBirth,
      ...byGlyph,
      ...byNear,
      ...byVariant,
      ...(givens.length
        ? [
            branchFiltered(
              pairs(codes, givens).map(([c, g]) => ({
                where: sql`r.key_family_phonetic = ${c} AND r.key_given = ${g}`,
                order: [sql`r.birth_year`],
              })),
              sql`r.key_family = ANY(${keys}::text[])`,
              BRANCH_LIMIT,
              scope,
            ),
          ]
        : []),
      ...(coded.length
        ? [
            branchInOrder(
              byFamilyKeys(
                sql`r.key_family = ANY(${coded}::text[])`,
                yearRanges(sql`true`, birth, [sql`r.birth_month`]),
              ),
              BRANCH_LIMIT,
              scope,
            ),
          ]
        : []),
    ],
    'close',
    scope,
  );
}

/**
 * Finds the persons a typed name (any script, order, spelling; with typos) and an optional birth date
 * most likely describe, best first, each with why it matched. Only candidates that score above noise
 * are returned; `confident` marks those good enough to act on. Only persons in `scope` are looked
 * at (in SQL, before each branch's limit); it writes no audit entry: code acting for someone calls
 * `searchPersonsAs`.
 */
export async function searchPersons(
  database: Database,
  input: {
    q: string;
    birth?: string | undefined;
    limit: number;
    offset?: number | undefined;
    scope: PersonScope;
  },
): Promise<TSearchPersonsResponse> {
  let birth: PartialDate | null = null;
  if (input.birth) {
    // A range of two years ("Коваленко", birth "2001/02") is a fair thing for a relative to write: either year,
    // never February 2001 (`parseDateOrYears`). Only the years it names are looked at and scored as the year.
    const b = parseDateOrYears(input.birth);
    if (typeof b === 'string')
      throw new AppError('validation_failed', `birth: ${b}`, [{ path: 'birth', message: b }]);
    birth = b;
  }
  const read = queryText(input.q);
  // A year or date written beside the name ("Шевченко 1985 р.н.") is the birth only when the query's own
  // birth field is empty: a date given on its own is the searcher's, and wins.
  birth ??= read.birth;
  const parsed = parseName(read.text);
  const query = {
    family: parsed.family,
    given: parsed.given,
    patronymic: parsed.patronymic,
    birth: birth?.text ?? null,
  };
  const qs = readings(parsed, read.text);
  // A name spelt as a Romanian or Hungarian office spells it ("Şcorhvemiuc Olecsandr", "Szavcsenko Olekszandr"):
  // the whole text read in that orthography besides (names/localLatinText.ts), its readings after the text's own.
  // Only where a word shows the orthography; at most two more texts, each a handful of readings more.
  for (const text of localLatinReadings(read.text)) qs.push(...readings(parseName(text), text));
  // Likewise a name spelt as a Latvian or Lithuanian registry, or a Dutch or Swedish office, spells it ("Vadims
  // Mihajlovičs Suhins", "Savtjytj Leonid Mykolajovytj", "Joerij Melnyk"): the whole text read in that spelling
  // besides (names/foreignLatinText.ts), where one word shows it; at most one more text.
  for (const text of foreignLatinReadings(read.text)) qs.push(...readings(parseName(text), text));
  // And a name spelt as an Italian paper spells it ("Kovalciuk Denys Petrovic", "Scevcenko Taras"), where one word
  // shows it (names/italianLatinText.ts); at most one more text.
  for (const text of italianLatinReadings(read.text)) qs.push(...readings(parseName(text), text));
  // Each person's best-scoring record, with how closely it is spelt as typed (spellingCloseness of the
  // reading that scored it), which orders persons of equal score.
  const best = new Map<string, { c: Candidate; e: Explanation; spelt: number }>();
  const trace = traces.getStore();
  if (trace) trace.readings = qs.length;
  const consider = (found: Candidate[]): void => {
    if (trace) trace.scored += found.length;
    for (const c of found) {
      const scored = scoreBest(qs, birth, c, MIN_SCORE);
      if (scored === null) continue;
      const { e, reading } = scored;
      const spelt = spellingCloseness(reading, c);
      const prev = best.get(c.person_id);
      if (
        !prev ||
        e.score > prev.e.score ||
        (e.score === prev.e.score &&
          (spelt > prev.spelt || (spelt === prev.spelt && c.external_id < prev.c.external_id)))
      ) {
        best.set(c.person_id, { c, e, spelt });
      }
    }
  };
  const offset = input.offset ?? 0;
  const ranked = (): { c: Candidate; e: Explanation }[] =>
    [...best.values()].sort(
      (a, b) => b.e.score - a.e.score || b.spelt - a.spelt || a.c.person_id.localeCompare(b.c.person_id),
    );
  // A family name alone (no given name, patronymic, initials or birth): when its namesakes in scope fill
  // the walk, the page is theirs in person order, read without the rest (namesakesPage), and `total` says
  // only that there are at least NAMESAKES_COUNTED.
  const bareFamily =
    birth === null &&
    parsed.family !== null &&
    parsed.given === null &&
    parsed.patronymic === null &&
    parsed.initials.length === 0
      ? (qs[0]?.family ?? null)
      : null;
  if (bareFamily !== null) {
    const walk = Math.max(NAMESAKES_COUNTED, offset + input.limit);
    const { walked, page } = await timed('search: namesakes in person order (SQL)', () =>
      namesakesPage(database, bareFamily, walk, offset, input.limit, input.scope),
    );
    if (walked >= walk) {
      timedSync('search: scoring (JS)', () => consider(page));
      return present(database, query, NAMESAKES_COUNTED, false, ranked());
    }
  }
  const found = await timed('search: keyed candidates (SQL)', () =>
    candidates(database, qs, birth, input.scope),
  );
  timedSync('search: scoring (JS)', () => consider(found.rows));
  let capped = found.capped;
  // No candidate whose family and given names both agree: the family name itself may be misspelt, so
  // look among trigram-close family names too (dearer, so only then) — unless CLOSE_FAMILY_SKIP_AT hits
  // already outrank anything a misspelt family name could score (a bare common surname): then the
  // misspelt ones would come after all of those, and the search leaves them out. The rule depends on
  // the query alone, not on the page asked for, so `total` and the pages agree whatever the paging.
  const byBirthLooked = birth !== null && birth.month !== null && birth.day !== null;
  const ceiling = bestScoreOfOtherFamily(qs, birth);
  const outranking = [...best.values()].filter((b) => b.e.score > ceiling).length;
  const crowded = !byBirthLooked && outranking >= CLOSE_FAMILY_SKIP_AT;
  if (trace) trace.crowded = crowded;
  if (!crowded && ![...best.values()].some((b) => b.e.score >= STRONG_SCORE)) {
    const close = await timed('search: close family names (SQL)', () =>
      closeFamilyCandidates(
        database,
        qs,
        birth,
        input.scope,
        new Set(found.rows.flatMap((c) => (c.key_family === null ? [] : [c.key_family]))),
      ),
    );
    timedSync('search: scoring (JS)', () => consider(close.rows));
    capped ||= close.capped;
  }
  if (trace) trace.capped = capped;
  // Left out when crowded, the misspelt spellings' persons are not counted either.
  return present(
    database,
    query,
    best.size,
    !capped && !crowded,
    ranked().slice(offset, offset + input.limit),
  );
}

/** The page of hits as the answer shows them: each hit's person, records, chance figure and why. */
async function present(
  database: Database,
  query: TSearchPersonsResponse['query'],
  total: number,
  totalExact: boolean,
  top: { c: Candidate; e: Explanation }[],
): Promise<TSearchPersonsResponse> {
  if (top.length === 0) return { query, total, total_exact: totalExact, hits: [] };

  const ids = top.map((t) => t.c.person_id);
  const { chance, persons, written } = await timed("search: chance, hits' persons and records (SQL)", () =>
    hitsOf(database, top, ids),
  );
  const personById = new Map(persons.map((p) => [p.id, p]));
  const hits: TSearchHit[] = [];
  for (const { c, e } of top) {
    const p = personById.get(c.person_id);
    // Records are never changed or deleted, so a hit's record is found unless its person is gone too.
    const w = written.get(c.id);
    if (!p || !w) continue;
    hits.push({
      person_id: p.id,
      score: Math.round(e.score * 100) / 100,
      confident: e.score >= CONFIDENT_SCORE && (chance.get(c.id) ?? Infinity) < CONFIDENT_CHANCE,
      person: {
        family_name: p.family_name,
        given_name: p.given_name,
        patronymic: p.patronymic,
        names: p.names,
        birth_date: p.birth_date,
        category: p.category,
        status: p.status,
      },
      record_ids: p.record_ids,
      why: {
        record_id: c.external_id,
        source: w.source_name,
        name: { family_name: w.family_name, given_name: c.given_name, patronymic: c.patronymic },
        birth_date: c.birth_date,
        family: e.family,
        given: e.given,
        father: e.father,
        birth: e.birth,
        contributions: e.contributions,
      },
    });
  }
  return { query, total, total_exact: totalExact, hits };
}

/** A hit's person as the page shows it, with its records' external ids in order. */
interface HitPerson {
  id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  names: TSearchHit['person']['names'];
  birth_date: string | null;
  category: TSearchHit['person']['category'];
  status: TSearchHit['person']['status'];
  record_ids: string[];
}

/**
 * The page's persons with their records' external ids, and for each hit's record how many registry
 * persons would agree with the query as well by chance (chanceAgreements, from the registry's own name
 * counts, migration 0008): one statement, one round trip (it used to be three, on three connections).
 */
async function hitsOf(
  database: Database,
  top: readonly { c: Candidate; e: Explanation }[],
  ids: readonly string[],
): Promise<{
  chance: Map<string, number>;
  persons: HitPerson[];
  written: Map<string, { family_name: string | null; source_name: string }>;
}> {
  const families = nonEmpty(top.map((t) => t.c.key_family));
  const givens = nonEmpty(top.map((t) => t.c.key_given));
  const phonetics = nonEmpty(
    top.filter((t) => t.e.family === 'phonetic').map((t) => t.c.key_family_phonetic),
  );
  const familyGivens = nonEmpty(top.map((t) => familyGivenOf(t)));
  // The name counts ride along as one uncorrelated subquery (evaluated once), beside the persons; a
  // final row with no person carries them when none of the ids is found (a person merged meanwhile).
  // Each (kind, key) is an index-only range of migration 0025's index (an OR of the three made a bitmap
  // scan of every batch's row in the heap). So do the names of the hits' sources, and each person carries
  // the family name of its hit's record (from the same index as its record ids): what the candidates leave
  // out. As text, parsed once (as jsonb, the driver parsed them on every row).
  noteStatement('hits');
  const records = top.map((t) => t.c.id);
  const sourceIds = [...new Set(top.map((t) => t.c.source_id))];
  const rows = await execute(
    database,
    sql<HitPerson & { counts: string; sources: string; written: string | null }>`
    WITH sources AS (
      SELECT coalesce(jsonb_object_agg(id, name), '{}'::jsonb) AS sources FROM source
      WHERE id = ANY(${sourceIds}::int4[])
    ), counts AS (
      SELECT coalesce(jsonb_object_agg(kind || '|' || key, n), '{}'::jsonb) AS counts FROM (
        SELECT kind, key, sum(n)::text AS n FROM name_frequency
        WHERE (kind, key) IN (SELECT 'family', unnest(${families}::text[])
          UNION ALL SELECT 'given', unnest(${givens}::text[])
          UNION ALL SELECT 'phonetic', unnest(${phonetics}::text[])
          UNION ALL SELECT 'family_given', unnest(${familyGivens}::text[]) UNION ALL SELECT 'records', '')
        GROUP BY kind, key) f
    )
    SELECT p.id, p.family_name, p.given_name, p.patronymic, p.names, p.birth_date, p.category, p.status,
      coalesce(x.record_ids, '{}') AS record_ids, x.written, c.counts::text AS counts, s.sources::text AS sources
    FROM counts c CROSS JOIN sources s LEFT JOIN person p ON p.id = ANY(${ids}::uuid[])
      LEFT JOIN LATERAL (
        SELECT array_agg(r.external_id ORDER BY r.external_id) AS record_ids,
          (jsonb_object_agg(r.id, r.family_name) FILTER (WHERE r.id = ANY(${records}::uuid[])))::text AS written
        FROM record r WHERE r.person_id = p.id) x ON true`,
  );
  const first = rows.rows[0];
  const count = new Map(
    Object.entries(JSON.parse(first?.counts ?? '{}') as Record<string, string>).map(
      ([k, n]) => [k, Number(n)] as [string, number],
    ),
  );
  const sourceName = new Map(
    Object.entries(JSON.parse(first?.sources ?? '{}') as Record<string, string>).map(
      ([id, name]) => [Number(id), name] as const,
    ),
  );
  const familyOf = new Map<string, string | null>();
  for (const r of rows.rows)
    if (r.written !== null)
      for (const [id, family] of Object.entries(JSON.parse(r.written) as Record<string, string | null>))
        familyOf.set(id, family);
  const written = new Map<string, { family_name: string | null; source_name: string }>();
  for (const { c } of top) {
    const source_name = sourceName.get(c.source_id);
    if (familyOf.has(c.id) && source_name !== undefined)
      written.set(c.id, { family_name: familyOf.get(c.id) ?? null, source_name });
  }
  const n = Math.max(count.get('records|') ?? 0, 1);
  const chance = new Map<string, number>();
  // Smoothed as linkage smooths (TF_PSEUDO pseudo-records at the typical share): a small registry's few
  // counts say little about how common a name is.
  const share = (kind: string, key: string | null, typical: number): number =>
    ((count.get(`${kind}|${key ?? ''}`) ?? 0) + 1 + TF_PSEUDO * typical) / (n + 1 + TF_PSEUDO);
  for (const { c, e } of top) {
    const fam = share('family', c.key_family, 0.003);
    const giv = share('given', c.key_given, 0.03);
    const phon = e.family === 'phonetic' ? share('phonetic', c.key_family_phonetic, 0.003) : 0;
    const joint = familyGivenOf({ c, e });
    // The other holders of both names (the hit's own record left out, unsmoothed): a pair the hit alone holds
    // says nothing of how common it is, and the shares stand.
    const both = joint === null ? 0 : Math.max(0, (count.get(`family_given|${joint}`) ?? 0) - 1) / n;
    chance.set(c.id, chanceAgreements(e, n, fam, giv, phon, both));
  }
  return { chance, persons: rows.rows.filter((r) => r.id !== null), written };
}

/**
 * A hit's family and given keys as name_frequency counts them held together (`family_given`, migration 0055),
 * when the hit agrees on both exactly: the namesakes chanceAgreements weighs.
 */
function familyGivenOf(t: { c: Candidate; e: Explanation }): string | null {
  return t.e.family === 'exact' && t.e.given === 'same_class' && t.c.key_family && t.c.key_given
    ? jointKey(t.c.key_family, t.c.key_given)
    : null;
}

/**
 * A search on behalf of someone: only persons in their scope, and an audit entry (the number of hits,
 * never the query text, which is a name).
 */
export async function searchPersonsAs(
  database: Database,
  viewer: Principal,
  input: { q: string; birth?: string | undefined; limit: number; offset?: number | undefined },
  audit: AuditContext = {},
): Promise<TSearchPersonsResponse> {
  authorize(viewer, 'person', 'search');
  // Reads may go to a replica (DATABASE_READ_URL); the audit entry is written on the primary, committed
  // before the answer leaves, in a group with concurrent reads' entries (AuditGroup).
  const reader = { ...database, db: await readerFor(database, viewer.id) };
  const result = await searchPersons(reader, { ...input, scope: personScopeOf(viewer) });
  await timed('search: audit', () =>
    appendReadAudit(
      database.db,
      viewer,
      {
        action: 'search.persons',
        objectType: 'person',
        objectId: null,
        detail: { hits: result.hits.length, with_birth: input.birth !== undefined },
      },
      audit,
    ),
  );
  return result;
}
