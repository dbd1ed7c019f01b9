/**
 * Parsing a personal name into family / given / patronymic whatever the order, case or script
 * (DESIGN.md "Names are the hard part"). Roles are decided by evidence (known given names, patronymics,
 * known surnames and surname endings, initials) and, where evidence is silent, by the order conventions of
 * the text (a comma, capitals, Cyrillic official lists, Latin free text). Pure; never throws; bounded work.
 */
import { RUSSIAN_SURNAMES, UKRAINIAN_SURNAMES } from './data/surnames.js';
import { skeleton } from './fold.js';
import {
  givenNameClassOf,
  hasPatronymicEnding,
  isPatronymic,
  isSeedGivenName,
  isSeedPatronymic,
} from './givenNameIndex.js';
import { romanizeRussian, romanizeUkrainian } from './romanize.js';
import { nameContext, readCapsLookalikes } from './capsLookalike.js';
import { repairMixedScript, tokenize } from './script.js';
import { memoize } from './memo.js';
import { CIVIL_TITLE_WORDS } from './rank.js';
import { isTurkicParticle, turkicParticleCase, turkicPatronymicParts } from './turkic.js';

/** A name split into its parts; a part is null when the text does not have it. */
export interface ParsedName {
  family: string | null;
  given: string | null;
  patronymic: string | null;
  /** Initials without dots, capitalised ("O", "Yu"), in text order. */
  initials: string[];
}

/** Characters of the input that are read (no name is longer). */
const MAX_TEXT = 512;
/** Name tokens considered (family, given, patronymic and a few more: a compound surname, a rank). */
const MAX_TOKENS = 6;

const KNOWN_SURNAMES: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  for (const e of [...UKRAINIAN_SURNAMES, ...RUSSIAN_SURNAMES]) {
    for (const f of [e.uk, e.ukFeminine]) {
      if (f !== undefined) for (const r of [f, romanizeUkrainian(f)]) set.add(skeleton(r));
    }
    for (const f of [e.ru, e.ruFeminine]) {
      if (f !== undefined)
        for (const r of [f, romanizeRussian(f, 'icao'), romanizeRussian(f, 'bgn')]) set.add(skeleton(r));
    }
  }
  set.delete('');
  return set;
})();

/**
 * Typical Ukrainian and Russian surname endings, on the skeleton (so both scripts and all romanizations):
 * -енко, -ко, -ук/-юк/-чук, -ак/-як, -ик/-ник, -ець (z), -ський/-ский/-цький (ski/ska/skaia), -ов/-ев/-ів
 * (ov/ev/iv) and feminine -ова/-ева, -ин/-ін and -ина, -ич (Мицкевич), -ий/-ой adjectival (-i/-oi).
 */
const SURNAME_ENDING = /(?:enko|ko|uk|ak|ik|ez|sk(?:i|a|aia)|zk(?:i|a|aia)|ov|ev|iv|ova|eva|in|ina|ich|oi)$/u;

/**
 * Ranks, titles and honorifics that lists put before a name (рядовий, сержант, captain, пан): skipped when
 * at least two other tokens remain, since some are surnames too (Майор, Капитан).
 */
const TITLES: ReadonlySet<string> = new Set(
  [
    ...[
      'рядовий рядовой солдат матрос сержант старшина прапорщик мічман мичман лейтенант капітан капитан майор',
      'підполковник подполковник полковник генерал молодший младший старший головний главный гр',
      'private sergeant lieutenant captain major colonel pvt sgt lt capt col',
    ]
      .join(' ')
      .split(' '),
    // Civil titles and the forms of address a foreign body's or an office's letter puts before a name (hold-out 13
    // `honorific`): rank.ts's list.
    ...CIVIL_TITLE_WORDS,
  ].map((w) => skeleton(w)),
);

/**
 * Surname endings of the other groups of Ukraine's people, which SURNAME_ENDING leaves out, on the skeleton:
 * Georgian -швілі/-дзе, Greek -іді, Romanian -ску (-scu), German and Jewish -берг/-штейн (-berg, -stein),
 * Armenian -ян (-ian, -yan) on a long word (Дем'ян, Лук'ян are given names). Evidence only for the order of a
 * whole name written given name first ("Гія Берідзе"), where no other evidence speaks.
 */
const OTHER_SURNAME_ENDING = /(?:shvili|dze|idi|sku|ber[gh]|sh?tin|.{4}ian)$/u;

/** Evidence that a token is a family name: 2 known surname, 1 typical ending, 0 none. */
function surnameEvidence(key: string): number {
  if (KNOWN_SURNAMES.has(key)) return 2;
  return key.length >= 4 && SURNAME_ENDING.test(key) ? 1 : 0;
}

/**
 * Evidence that a written word is a family name, as the parse weighs it: 2 a surname the tables know (any
 * script or romanization), 1 a typical surname ending (-енко, -чук, -ський, -ов …), 0 none.
 */
export function surnameEvidenceOf(word: string): 0 | 1 | 2 {
  return surnameEvidence(skeleton(word)) as 0 | 1 | 2;
}

interface Token {
  text: string;
  key: string;
  given: boolean;
  patronymic: boolean;
  /** Ends like a patronymic (-ovich, -ivna…) though the stem is no known name (Vasievich, Мицкевич). */
  patronymicEnding: boolean;
  surname: number;
  /** Ends like a surname of the other groups (OTHER_SURNAME_ENDING). */
  otherSurname: boolean;
  caps: boolean;
  cyrillic: boolean;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LETTERS = /\p{L}/gu;

/** Whether a token is written in capitals (at least two letters, none lower case). */
function isCaps(token: string): boolean {
  const letters = token.match(LETTERS) ?? [];
  return letters.length >= 2 && token === token.toUpperCase() && token !== token.toLowerCase();
}

/** Title case for a token written all in capitals or all in lower case; mixed case is kept (McDonald). */
const normaliseCase: (token: string) => string = memoize(normaliseCaseUncached);

function normaliseCaseUncached(token: string): string {
  if (token !== token.toUpperCase() && token !== token.toLowerCase()) return token;
  return token
    .toLowerCase()
    .replace(/(^|-)(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The evidence about one token (memoised: names repeat). */
const describe: (text: string) => Token = memoize(describeUncached);

function describeUncached(text: string): Token {
  const key = skeleton(text);
  return {
    text,
    key,
    // The seed's names only: the long tail's are surnames too (Мирон, Остап, Адамович: isSeedGivenName).
    given: isSeedGivenName(text),
    // A Turkic patronymic, a father's name and its particle joined by `joinTurkicParticles` ("Мамед оглы").
    patronymic: isSeedPatronymic(text) || turkicPatronymicParts(text) !== null,
    patronymicEnding: hasPatronymicEnding(text),
    surname: surnameEvidence(key),
    otherSurname: OTHER_SURNAME_ENDING.test(key),
    caps: isCaps(text),
    cyrillic: CYRILLIC.test(text),
  };
}

/** A chunk of the text between spaces and commas, with what followed it. */
interface Piece {
  token: string;
  /** The token was followed by a full stop ("O.", "Yu."). */
  dotted: boolean;
  /** Index of the comma-separated segment the token is in. */
  segment: number;
}

/** The tokens of one word, look-alike letters repaired (memoised: a list repeats its names' words). */
const wordTokens: (word: string) => readonly string[] = memoize((word) =>
  tokenize(word).map((t) => repairMixedScript(t)),
);

/** Whether a token is a rank, title or honorific (memoised with its skeleton). */
const isTitle: (token: string) => boolean = memoize((token) => TITLES.has(skeleton(token)));

/** Split the text into tokens, keeping which are dotted and which segment (by commas) each is in. */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let segment = 0;
  for (const chunk of text.split(/(,|;)/u)) {
    if (chunk === ',' || chunk === ';') {
      if (out.length > 0 && out[out.length - 1]?.segment === segment) segment++;
      continue;
    }
    for (const word of chunk.split(/\s+/u)) {
      const tokens = wordTokens(word);
      // "O.P." is two dotted initials; "Shevchenko." is a dotted word, not an initial.
      const dottedWord = /\.\s*$/u.test(word);
      tokens.forEach((t, i) => {
        out.push({ token: t, dotted: i < tokens.length - 1 || dottedWord, segment });
      });
      if (out.length >= 4 * MAX_TOKENS) return out;
    }
  }
  return out;
}

/**
 * A Turkic patronymic's particle (оглы, кызы, ogly, qizi: names/turkic.ts) joined to the word before it, in the
 * same segment, into one piece: "Мамедов Али Мамед оглы" is a family name, a given name and the patronymic "Мамед
 * оглы", not a four-word name whose father's name is a second given name and the particle a fourth. A particle
 * first, after an initial or after another particle stays a word of its own.
 */
function joinTurkicParticles(all: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of all) {
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      prev.segment === p.segment &&
      !prev.dotted &&
      !isInitial(prev) &&
      !prev.token.includes(' ') &&
      !isTurkicParticle(prev.token) &&
      isTurkicParticle(p.token)
    )
      out[out.length - 1] = { token: `${prev.token} ${p.token}`, dotted: p.dotted, segment: p.segment };
    else out.push(p);
  }
  return out;
}

/** Whether a piece is an initial: one letter, or a dotted 2–4-letter romanized initial (Yu., Zh., Shch.). */
function isInitial(p: Piece): boolean {
  const n = [...p.token].length;
  if (n === 1) return /\p{L}/u.test(p.token);
  if (!p.dotted || n > 4) return false;
  return /^(?:yu|ya|ye|yi|iu|ia|ie|zh|kh|ts|ch|sh|shch|ju|ja|je|sz|cz)$/iu.test(p.token);
}

/** Romanized initials of one Cyrillic letter read inside an undotted token ("YuH", "TKh"), longest first. */
const ROMAN_CHUNKS = 'shch sch dzh yu ju iu ya ja ia ye je ie yi ji zh kh ch sh ts sz cz'.split(' ');
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
/** A pair in capitals that is one letter's romanization, not two initials: Ю (U begins almost no name). */
const CAPS_DIGRAPHS: ReadonlySet<string> = new Set(['YU', 'IU', 'JU']);

/**
 * The initials an undotted token stands for, or null when it is a word: two capitals ("ТГ", "TH"), or a
 * romanized initial of one Cyrillic letter in its usual case, alone or beside another initial ("Yu",
 * "YuH", "TKh", "ZhH"). A pair in capitals is two initials ("ZH" is Z. H.; "Zh" is Ж), except YU, IU, JU
 * (Ю). A known given name is a name ("Ян" is not written in capitals anyway). Memoised: names repeat.
 */
export const capitalInitials: (token: string) => readonly string[] | null = memoize(capitalInitialsUncached);

function capitalInitialsUncached(token: string): readonly string[] | null {
  const letters = [...token];
  if (letters.length < 2 || letters.length > 6 || !letters.every((c) => /^\p{L}$/u.test(c))) return null;
  if (givenNameClassOf(token) !== null) return null;
  if (letters.length === 2 && letters.every((c) => UPPER.test(c))) {
    return CAPS_DIGRAPHS.has(token) ? [initialCase(token)] : letters;
  }
  const out: string[] = [];
  let i = 0;
  while (i < letters.length) {
    const first = letters[i] as string;
    if (!UPPER.test(first)) return null;
    let chunk = first;
    for (const d of ROMAN_CHUNKS) {
      const cand = letters.slice(i, i + d.length);
      if (
        cand.length === d.length &&
        cand.slice(1).every((c) => LOWER.test(c)) &&
        cand.join('').toLowerCase() === d
      ) {
        chunk = cand.join('');
        break;
      }
    }
    out.push(chunk);
    i += [...chunk].length;
  }
  // Single capitals only as a pair (handled above); a romanized letter alone or beside one more initial.
  if (out.length > 2 || out.every((c) => [...c].length === 1)) return null;
  return out;
}

/**
 * Whether the undotted-initial readings of a text's tokens (`capitalInitials`) are taken: only when a word
 * is left that can be the family name — one that is no known given name or patronymic, or a lone word
 * (Данилович ВВ) — and none is a given name, for which the capitals would stand. "ЛІ ЮН", "ЮН Тарас" keep
 * their words: the capitals are the surname; "Shevchenko Taras JR" keeps JR a word.
 */
function takeCapitalInitials(rest: readonly Token[]): boolean {
  return !rest.some((w) => w.given) && rest.some((w) => !w.patronymic || rest.length === 1);
}

/** An initial written as a capital then lower case: "o" → "O", "YU" → "Yu". */
function initialCase(token: string): string {
  const [first = '', ...rest] = [...token];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** The role score of putting each token in each role; see `parseName`. */
function scoreRoles(
  tokens: readonly Token[],
  segments: readonly number[],
  f: number,
  g: number,
  p: number,
  familyFirst: boolean,
  initials: boolean,
): number {
  let score = 0;
  const last = tokens.length - 1;
  tokens.forEach((t, i) => {
    if (i === f) {
      score += t.surname === 2 ? 4 : t.surname === 1 ? 2 : 0;
      if (t.given) score -= 3;
      if (t.patronymic) score -= 3;
    } else if (i === g) {
      if (t.given) score += 4;
      if (t.surname === 2) score -= 2;
      if (t.patronymic) score -= 4;
    } else if (i === p) {
      score += t.patronymic ? 4 : misspeltPatronymic(tokens, f, g, p) ? 1 : -20;
    } else {
      score -= t.given || t.patronymic || t.surname > 0 ? 2.5 : 1.5;
    }
  });
  if (f >= 0) {
    // A comma: "Family, Given Patronymic".
    if ((segments[0] ?? 0) !== (segments[last] ?? 0)) {
      if (segments[f] === segments[0]) score += 3;
    } else if (familyFirst ? f === 0 : f === last) score += 1.5;
    if (initials) score += 1;
  }
  if (g >= 0 && p >= 0 && p === g + 1) score += 1;
  // A patronymic follows the given name in every convention ("Given Patronymic", "Family, Given
  // Patronymic"); a word like one before the given name is a surname (Данилович, Petrovych).
  if (g >= 0 && p >= 0 && p < g) score -= f < 0 ? 6 : 1;
  return score;
}

/**
 * Whether the token at p may be taken for a misspelt patronymic (Vasievich or Оексійович, a letter short,
 * whose stem is no longer a known name): one of three words, ending like a patronymic, right after a known
 * given name ("Gemzeiuk Vasilii Vasievich", "Олександр Оексійович Дзюбів"), while the family name goes to
 * the third word, which can be one (neither a given name nor patronymic-like). Otherwise such a word is a
 * surname (Ivan Petro Abramovich, Данилович Віктор). Also after an unknown given name in the family-first order
 * (below).
 */
function misspeltPatronymic(tokens: readonly Token[], f: number, g: number, p: number): boolean {
  const t = tokens[p];
  const family = tokens[f];
  if (t === undefined || family === undefined || tokens.length !== 3 || p !== g + 1) return false;
  if (!t.patronymicEnding || family.given || family.patronymic || family.patronymicEnding) return false;
  const given = tokens[g];
  if (given?.given === true) return true;
  // A father's name the tables do not know after a given name they do not know either, in the order lists
  // write ("Гайдук Остап Зиновійович", "IVANENKO OSTAP ORESTOVYCH"): the last word is the patronymic, not a
  // given name ending in -ович after a two-word surname. Only the family-first order (f, g, p = 0, 1, 2), and
  // only where the middle word reads as no patronymic or surname of its own and the last as no given name; not
  // where the last word alone starts in lower case after a capital ("Jarema Schu rawlytsch": a word split
  // in two, as names/cell.ts reads such a break).
  const lowerStart = (w: string): boolean => /^\p{Ll}/u.test(w);
  return (
    !(lowerStart(t.text) && !lowerStart(family.text)) &&
    f === 0 &&
    p === 2 &&
    given !== undefined &&
    !given.patronymic &&
    !given.patronymicEnding &&
    given.surname === 0 &&
    !t.given
  );
}

/** Attach tokens left without a role to the family or given name next to them (compound names). */
function joinParts(
  tokens: readonly Token[],
  f: number,
  g: number,
  p: number,
): { family: string[]; given: string[] } {
  const role: string[] = tokens.map((_, i) => (i === f ? 'f' : i === g ? 'g' : i === p ? 'p' : ''));
  for (let i = 0; i < role.length; i++) {
    if (role[i] !== '') continue;
    const prev = role
      .slice(0, i)
      .reverse()
      .find((r) => r === 'f' || r === 'g');
    const next = role.slice(i + 1).find((r) => r === 'f' || r === 'g');
    role[i] = `${prev ?? next ?? 'f'}+`;
  }
  const family: string[] = [];
  const given: string[] = [];
  tokens.forEach((t, i) => {
    const r = role[i] ?? '';
    if (r.startsWith('f')) family.push(normaliseCase(t.text));
    else if (r.startsWith('g')) given.push(normaliseCase(t.text));
  });
  return { family, given };
}

/**
 * The roles of a whole name written given name first when its words say so though no table knows them: a middle
 * word ending like a patronymic (-ович, -івна, -ovych…) between two others, "G P F" ("Ашот Грачикович
 * Саркісян"), or a last word ending like a surname of the other groups, "G F" ("Гія Берідзе"). Null when the
 * text has a comma or initials, the first word may itself be the surname (a known surname, a word like a
 * patronymic or a surname of those groups; for "G F" a surname ending), or the last word is a given name or
 * a patronymic.
 */
function givenFirstRoles(
  words: readonly Token[],
  segments: readonly number[],
): { f: number; g: number; p: number } | null {
  const n = words.length;
  if (n < 2 || n > 3 || new Set(segments).size > 1) return null;
  const first = words[0] as Token;
  const last = words[n - 1] as Token;
  // A Turkic patronymic, the father's name and its particle, between a surname by its ending and a last word that
  // is no surname, patronymic or particle by any evidence: the given name, as Azerbaijani lists write "Мамедов
  // Рустам оглы Али". Two words ("Бакыт уулу Азамат", "Азамат Бакыт уулу") are left to the script's order, which
  // reads both alike: a word beside a particle may be a surname no ending shows (Гасанли, Гусейнзаде).
  const turkic = (t: Token): boolean => turkicPatronymicParts(t.text) !== null;
  const plainLast = !last.patronymic && !last.patronymicEnding && last.surname === 0 && !last.otherSurname;
  if (
    n === 3 &&
    turkic(words[1] as Token) &&
    first.surname > 0 &&
    !first.given &&
    !turkic(first) &&
    plainLast
  )
    return { f: 0, g: 2, p: 1 };
  if (first.surname === 2 || first.patronymic || first.patronymicEnding || first.otherSurname) return null;
  if (last.given || last.patronymic) return null;
  const middle = words[1] as Token;
  // "G P F": a patronymic follows the given name in every order, so a word like one in the middle puts the
  // given name first. The last word may end like a patronymic too (Гайович) when the first is a given name.
  if (n === 3 && (middle.patronymic || middle.patronymicEnding) && !middle.given)
    return !last.patronymicEnding || first.given ? { f: 2, g: 0, p: 1 } : null;
  // "G F": a surname ending of the other groups last, and a first word that is no surname by its ending.
  if (n === 2 && last.otherSurname && !last.patronymicEnding && (first.surname === 0 || first.given))
    return { f: 1, g: 0, p: -1 };
  return null;
}

const EMPTY = (): ParsedName => ({ family: null, given: null, patronymic: null, initials: [] });

/**
 * Parse free text into family, given name, patronymic and initials, in any order, case or script:
 * "SHEVCHENKO OLEKSANDR", "Олександр Петрович Шевченко", "Shevchenko O. P.", "Shevchenko, Oleksandr".
 * Evidence decides first (a known given name, a patronymic, a known surname or surname ending, an
 * initial); order conventions break ties: a comma means "Family, Given"; a first token in capitals, a text
 * all in capitals, or Cyrillic text put the family first; Latin mixed-case text puts it last. Tokens without
 * a role join the family or given name beside them. At most 512 characters and 6 name tokens are read.
 */
export function parseName(text: string): ParsedName {
  const result = EMPTY();
  if (typeof text !== 'string') return result;
  let all = pieces(text.slice(0, MAX_TEXT));
  // A word in look-alike capitals ("TAPAC") takes the script of the words beside it, or of its letter pairs.
  const read = readCapsLookalikes(all.map((p) => p.token));
  all = all.map((p, i) => ({ ...p, token: read[i] ?? p.token }));
  const untitled = all.filter((p) => !isTitle(p.token));
  if (untitled.length >= 2) all = untitled;
  all = joinTurkicParticles(all);
  const words: Token[] = [];
  const segments: number[] = [];
  // Undotted initials ("Шевченко ТГ", "Shevchenko YuH"), read as such only when a word is left for the family.
  const undotted = all.map((p) => (isInitial(p) ? null : capitalInitials(p.token)));
  const readUndotted =
    undotted.some((u) => u !== null) &&
    takeCapitalInitials(
      all.filter((p, i) => undotted[i] === null && !isInitial(p)).map((p) => describe(p.token)),
    );
  for (const [i, piece] of all.entries()) {
    const u = readUndotted ? undotted[i] : null;
    if (isInitial(piece)) {
      if (result.initials.length < MAX_TOKENS) result.initials.push(initialCase(piece.token));
    } else if (u !== null && u !== undefined) {
      for (const c of u) if (result.initials.length < MAX_TOKENS) result.initials.push(initialCase(c));
    } else if (words.length < MAX_TOKENS) {
      words.push(describe(piece.token));
      segments.push(piece.segment);
    }
  }
  if (words.length === 0) return result;
  const cyrillic = words.filter((w) => w.cyrillic).length * 2 > words.length;
  const allCaps = words.every((w) => w.caps);
  const familyFirst = cyrillic || allCaps || (words[0]?.caps ?? false);
  const initials = result.initials.length > 0;
  const n = words.length;
  let best = { score: Number.NEGATIVE_INFINITY, f: -1, g: -1, p: -1 };
  const givenFirst = initials ? null : givenFirstRoles(words, segments);
  if (givenFirst !== null) best = { score: Number.POSITIVE_INFINITY, ...givenFirst };
  for (let f = -1; f < n && givenFirst === null; f++) {
    for (let g = -1; g < n; g++) {
      if (g >= 0 && g === f) continue;
      for (let p = -1; p < n; p++) {
        if (p >= 0 && (p === f || p === g)) continue;
        const score = scoreRoles(words, segments, f, g, p, familyFirst, initials);
        if (score > best.score) best = { score, f, g, p };
      }
    }
  }
  const { family, given } = joinParts(words, best.f, best.g, best.p);
  result.family = family.length > 0 ? family.join(' ') : null;
  result.given = given.length > 0 ? given.join(' ') : null;
  const patronymic = words[best.p];
  result.patronymic = patronymic !== undefined ? turkicParticleCase(normaliseCase(patronymic.text)) : null;
  // Initials beside one word that reads as a patronymic (В. Данилович, Danylovych V.V.): a list writes a
  // surname with initials, never a patronymic alone; -ович/-ич surnames are common.
  if (result.family === null && result.given === null && result.patronymic !== null && initials) {
    result.family = result.patronymic;
    result.patronymic = null;
  }
  return result;
}

/** Tokens of one field, mixed-script letters repaired. */
/** The tokens of one structured field (memoised per field value: given names and patronymics repeat). */
function fieldTokens(field: string | undefined): readonly string[] {
  return typeof field === 'string' ? fieldTokensOf(field) : [];
}

const fieldTokensOf: (field: string) => readonly string[] = memoize(fieldTokensUncached);

function fieldTokensUncached(field: string | undefined): string[] {
  if (typeof field !== 'string') return [];
  return tokenize(field.slice(0, MAX_TEXT))
    .slice(0, MAX_TOKENS)
    .map((t) => repairMixedScript(t));
}

/** Romanized initials of one Cyrillic letter (Ю Yu/Ju/Iu, Я, Є, Ї, Ж Zh, Х Kh, Ч Ch, Ш Sh, Щ Shch, Ц Ts). */
const ROMAN_INITIALS: ReadonlySet<string> = new Set(
  'yu ju iu ya ja ia ye je ie yi ji zh kh ch sh shch sch ts tch sz cz dzh'.split(' '),
);

/**
 * The tokens of a name field written as a dotted romanized initial ("Yu.", "Zh. H.", "Kh.") in the same
 * letters as the field's tokens: a field of such initials alone. Single letters are initials anyway.
 */
function dottedInitials(field: string | undefined): ReadonlySet<string> {
  if (typeof field !== 'string' || !field.includes('.') || field.length > 40) return EMPTY_SET;
  const words = field
    .trim()
    .split(/\s+|(?<=\.)/u)
    .filter((w) => w !== '');
  if (!words.every((w) => /^\p{L}{1,4}\.$/u.test(w))) return EMPTY_SET;
  const out = new Set<string>();
  for (const w of words) {
    const t = w.slice(0, -1);
    if ([...t].length > 1 && ROMAN_INITIALS.has(t.toLowerCase())) out.add(t);
  }
  return out;
}
const EMPTY_SET: ReadonlySet<string> = new Set();

/** Vowels (Cyrillic and Latin): the second part of a contraction has none ("Ол-др", "Al-dr"). */
const VOWEL = /[аеєиіїоуюяыэёaeiouy]/iu;
const CUT_GIVEN = /^\s*(\p{L}{3,6})\.\s*$/u;
const CONTRACTED_GIVEN = /^\s*(\p{L}{1,6})-(\p{L}{1,3})\.?\s*$/u;
/** A given name a report or a web table cut with an ellipsis ("Олекс…", "Олександ..."): cut, whatever its letters. */
const ELLIPSIS_GIVEN = /^\s*(\p{L}{2,15})(?:…|\.{2,3})\s*$/u;

/**
 * The start of a given name a clerk wrote cut short or contracted in a narrow column, as an initial of several
 * letters. A cut: 3–6 letters and a dot, ending on a consonant (a cut is made before a vowel), no name the tables
 * know ("Олекс."; "Іван.", "Ilona.", "Ed." stay names). A contraction: the name's last letters after a hyphen, no
 * vowel among them, which no part of a double name is ("Ол-др", "Олекс-р", "Al-dr"). A cut an ellipsis marks
 * ("Олекс…", "Олександ...", hold-out 14): the letters before it, whatever they are. Null for any other field.
 * An initial agrees with every name that starts with it.
 */
function givenStart(field: string | undefined): string | null {
  if (typeof field !== 'string' || field.length > 20) return null;
  let m = ELLIPSIS_GIVEN.exec(field);
  if (m !== null) return repairMixedScript(m[1] as string);
  m = CUT_GIVEN.exec(field);
  if (m !== null) {
    const start = m[1] as string;
    return givenNameClassOf(start) === null && !VOWEL.test(start.slice(-1)) ? repairMixedScript(start) : null;
  }
  m = CONTRACTED_GIVEN.exec(field);
  if (m !== null && !VOWEL.test(m[2] as string)) return repairMixedScript(m[1] as string);
  return null;
}

/**
 * Normalise the name fields of a structured record. Case is normalised and look-alike letters repaired; a
 * patronymic typed into the given-name field moves to the patronymic ("Олександр Петрович"); initials in the
 * given or patronymic field become initials; a whole name typed into the family field with the other fields
 * empty is parsed (`parseName`); a family and given name swapped between fields (given "Шевченко" or
 * "Ленський", family "Олександр") are put back. Never throws.
 */
/**
 * Whether a family cell's two words (`first`, `second`) and the one word of the other name cell (`other`: the given
 * name's or the patronymic's, the other left empty) are a form's "surname and given name" column and its
 * patronymic ("Коваленко Андрій | Петрович |", "Коваленко Андрій | | Петрович", "Фамилия, имя" forms: hold-out 15
 * surname_given_cell): the second word a given name the tables know and no known surname, the first no given name,
 * and the other word a patronymic — of a known father's name, of an unknown one by its ending (Остапович), or
 * Turkic — and no given name. A double surname (Коваленко Мельник), a given name first, or a given name that is no
 * patronymic beside it is not. The one test the import (records/validate.ts) and `parseNameFields` make, so that a
 * record's stored fields and its keys read such a row alike.
 */
export function isSurnameGivenCell(first: string, second: string, other: string): boolean {
  const s = describe(second);
  const o = describe(other);
  // The whole table, long tail included (Коваленко Остап | Петрович): the form's columns say which word is which, so
  // a long-tail name (a surname too, which `describe` does not call given) is read as one here; a first word that
  // is any given name (Мирон Остап) leaves the row as written.
  const given = (t: string): boolean => givenNameClassOf(t) !== null;
  return (
    given(second) &&
    s.surname < 2 &&
    !given(first) &&
    (o.patronymic || isPatronymic(other) || o.patronymicEnding) &&
    !given(other)
  );
}

/**
 * A namesake's number after a surname, as a unit's or a camp's list tells two men of one surname apart ("Іванов
 * 2-й", "Коваленко (II)", "Коваленко ІІ", "Kovalenko 2nd") or a spreadsheet's de-duplication leaves it
 * ("Коваленко_2", "Коваленко #2", "Коваленко-2"): one or two digits with an ordinal's ending, or a Roman II–IV
 * (Latin or Cyrillic І; a lone I only in brackets, an initial otherwise). The number is no part of the name.
 */
const NAMESAKE_NUMBER =
  /(?:\s*[-_#]\s*|\s*\(\s*|\s+)(?:\d{1,2}(?:\s?-?\s?(?:й|ий|ій|ой|я|а|га|st|nd|rd|th))?|[IІ]{2,3}|[IІ]V|[IІ](?=\s*\)))\s*\)?$/u;

export function withoutNamesakeNumber(field: string): string;
export function withoutNamesakeNumber(field: string | undefined): string | undefined;
export function withoutNamesakeNumber(field: string | undefined): string | undefined {
  if (field === undefined || field.length > MAX_TEXT) return field;
  const m = NAMESAKE_NUMBER.exec(field);
  if (m === null || !/\p{L}{2}/u.test(field.slice(0, m.index))) return field;
  return field.slice(0, m.index);
}

export function parseNameFields(family?: string, given?: string, patronymic?: string): ParsedName {
  family = withoutNamesakeNumber(family);
  // A word in look-alike capitals ("TAPAC") takes the script of the other fields' words, or of its letter pairs.
  const context = nameContext([...fieldTokens(family), ...fieldTokens(given), ...fieldTokens(patronymic)]);
  const fam = readCapsLookalikes(fieldTokens(family), context);
  const giv = readCapsLookalikes(fieldTokens(given), context);
  const pat = readCapsLookalikes(fieldTokens(patronymic), context);
  if (giv.length === 0 && pat.length === 0 && fam.length > 1) return parseName(fam.join(' '));
  // A form whose first column is "surname and given name" and whose second is the patronymic ("Коваленко Андрій |
  // Петрович |", or "Коваленко Андрій | | Петрович"): the family cell's second word a known given name and no
  // surname, the other cell's one word a patronymic. A double surname (Коваленко Мельник) or a given name that
  // is no patronymic beside it is read as before.
  const other = giv.length === 0 ? pat : pat.length === 0 ? giv : [];
  if (
    fam.length === 2 &&
    other.length === 1 &&
    isSurnameGivenCell(fam[0] as string, fam[1] as string, other[0] as string)
  )
    return parseName([...fam, ...other].join(' '));
  const result = EMPTY();
  const givenWords: string[] = [];
  const patronymicWords: string[] = [];
  const givenDotted = dottedInitials(given);
  const patronymicDotted = dottedInitials(patronymic);
  // "ТГ", "TH", "YuH" alone in the given field, no patronymic: the given name's and father's initials.
  const givenUndotted = giv.length === 1 && pat.length === 0 ? capitalInitials(giv[0] as string) : null;
  if (givenUndotted !== null) for (const c of givenUndotted) result.initials.push(initialCase(c));
  // A given name cut short or contracted ("Олекс.", "Ол-др"): the start it gives, as an initial of several letters.
  const cut = givenUndotted === null && givenDotted.size === 0 ? givenStart(given) : null;
  if (cut !== null) result.initials.push(initialCase(cut));
  // A Turkic patronymic typed after the given name, the patronymic field empty ("Али Мамед оглы"): the father's
  // name and its particle are the patronymic (names/turkic.ts), not more given names.
  const particleLast =
    pat.length === 0 &&
    giv.length >= 3 &&
    isTurkicParticle(giv[giv.length - 1] as string) &&
    !isTurkicParticle(giv[giv.length - 2] as string);
  const givenTokens = particleLast ? giv.slice(0, -2) : giv;
  for (const t of givenUndotted !== null || cut !== null ? [] : givenTokens) {
    if ([...t].length === 1 || givenDotted.has(t)) result.initials.push(initialCase(t));
    else if (pat.length === 0 && patronymicWords.length === 0 && givenWords.length > 0 && isPatronymic(t)) {
      patronymicWords.push(t);
    } else givenWords.push(t);
  }
  for (const t of pat) {
    if ([...t].length === 1 || patronymicDotted.has(t)) result.initials.push(initialCase(t));
    else patronymicWords.push(t);
  }
  if (particleLast && givenUndotted === null && cut === null) patronymicWords.push(...giv.slice(-2));
  let familyText = fam.map(normaliseCase).join(' ');
  let givenText = givenWords.map(normaliseCase).join(' ');
  // Swapped fields: the family field holds a known given name (which is no known surname; it may end like
  // one: Валентин, Костянтин) and the given field a known surname, or a word that is no given name or
  // patronymic and ends like a surname (-енко, -ук, -ський, -ець, -ов…): most surnames are in no table, and
  // a clerk who swaps the columns swaps them whatever the surname is.
  if (fam.length === 1 && givenWords.length === 1) {
    const f = describe(familyText);
    const g = describe(givenText);
    const surnameLike = g.surname === 2 || (g.surname === 1 && !g.patronymic && !g.patronymicEnding);
    if (f.given && f.surname < 2 && !g.given && surnameLike)
      [familyText, givenText] = [givenText, familyText];
  }
  result.family = familyText !== '' ? familyText : null;
  result.given = givenText !== '' ? givenText : null;
  result.patronymic =
    patronymicWords.length > 0 ? turkicParticleCase(patronymicWords.map(normaliseCase).join(' ')) : null;
  return result;
}
