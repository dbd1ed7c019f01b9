import {
  damerauLevenshtein,
  familyGlyphKey,
  familyMayHoldInitials,
  fieldInitials,
  GIVEN_NAME_CLASS_BY_ID,
  initialAgrees,
  initialsAgree,
  jaroWinkler,
  nameFormSkeletons,
  phoneticKey,
  skeleton,
  type FieldInitials,
} from '@homecoming/names';
import type { PartialDate } from '../records/validate.js';

/**
 * A bounded memo of a function of two strings, by the first, then the second (no key string made per
 * look-up: a search looks up hundreds a query). Cleared whole when it holds `max` entries.
 */
class BoundedMemo<T> {
  private readonly byFirst = new Map<string, Map<string, T>>();
  private size = 0;
  constructor(private readonly max: number) {}
  get(a: string, b: string): T | undefined {
    return this.byFirst.get(a)?.get(b);
  }
  set(a: string, b: string, value: T): void {
    if (this.size >= this.max) {
      this.byFirst.clear();
      this.size = 0;
    }
    let inner = this.byFirst.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.byFirst.set(a, inner);
    }
    inner.set(b, value);
    this.size++;
  }
}

/** How one field of a candidate compares with the query. */
export type FamilyLevel = 'exact' | 'phonetic' | 'close' | 'different';
export type GivenLevel = 'same_class' | 'close' | 'initial' | 'absent' | 'different';
export type FatherLevel = 'same_class' | 'close' | 'initial' | 'absent' | 'different';
export type BirthLevel =
  | 'exact'
  | 'same_month'
  | 'same_year'
  | 'day_month_swapped'
  | 'year_typo'
  | 'same_year_other_day'
  | 'year_off_by_one'
  | 'absent'
  | 'conflicting';

/** The query's side: keys of one reading of the typed name. */
export interface QueryKeys {
  family: string | null;
  familyPhonetic: string | null;
  /** The given name's class id, or 'x:' + its skeleton when no class is known. */
  given: string | null;
  /** Skeleton of the given name as typed (to compare spellings when the classes differ). */
  givenSkeleton: string | null;
  /** A given name typed only as an initial (`initialKey`: "Т" → t, "Yu" → iu, Latin "Y" → y). */
  givenInitial: string | null;
  father: string | null;
  fatherSkeleton: string | null;
  fatherInitial: string | null;
  /**
   * Skeletons of the typed family name with one slip undone (typedFamilyVariants), set only when the
   * misspelt-family lookup runs: a candidate whose key is one of them is `close`, and never confident.
   */
  familyVariants?: ReadonlySet<string> | undefined;
  /** The family name as typed, for its variants. */
  familyTyped?: string | null | undefined;
}

/** The candidate record's side: stored keys and the names as the source wrote them. */
export interface CandidateKeys {
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
  /** Read for initials only when the given-name and patronymic fields are empty ("Шевченко Т.Г." here). */
  family_name?: string | null;
  given_name: string | null;
  patronymic: string | null;
  birth_date: string | null;
}

/** A candidate's score and why: each field's level and its contribution. */
export interface Explanation {
  score: number;
  family: FamilyLevel;
  given: GivenLevel;
  father: FatherLevel;
  birth: BirthLevel;
  contributions: { family: number; given: number; father: number; birth: number };
  /**
   * The family name is `close` only as one of the typed name's one-slip variants: a stranger's surname
   * is one of some forty such spellings far more often than one spelling, so no chance figure is made.
   */
  familyByVariant?: true;
  /**
   * The birth is `same_year` as either of a range of two years the query wrote ("2001/02": `parseDateOrYears`):
   * twice the share of the registry one year leaves, so its chance figure counts two years.
   */
  birthOfTwoYears?: true;
}

// Log-odds style weights (roughly log2 of how much likelier the level is for the same person than for
// another): a same-class given name is strong, a conflicting birth date strongly against. Hand-set and
// tuned on bench/search; the linkage issue trains such weights (Fellegi–Sunter, EM) on the registry.
const W = {
  family: { exact: 7, phonetic: 5, close: 3, different: -6 },
  given: { same_class: 4, close: 2.5, initial: 1.5, absent: 0, different: -4 },
  father: { same_class: 3, close: 1.5, initial: 1.5, absent: 0, different: -2.5 },
  birth: {
    exact: 5,
    same_month: 3.5,
    same_year: 3,
    day_month_swapped: 3.5,
    year_typo: 3.5,
    same_year_other_day: 0.5,
    year_off_by_one: 0.5,
    absent: 0,
    conflicting: -6,
  },
} as const;

/** Scores a hit as confident from here: a family name and a given name that agree, or one plus a birth date. */
export const CONFIDENT_SCORE = 9;

const classForms = new Map<string, { skeletons: string[]; initials: Set<string> }>();

/** Every spelling of a given-name class as skeletons, and the initials they start with (О, А, A for Олександр). */
function formsOf(key: string | null): { skeletons: string[]; initials: Set<string> } {
  if (key === null) return { skeletons: [], initials: new Set() };
  let f = classForms.get(key);
  if (f) return f;
  const c = key.startsWith('x:') ? undefined : GIVEN_NAME_CLASS_BY_ID.get(key);
  const skeletons = c
    ? [...new Set([...c.uk, ...c.ru, ...c.latin].map((x) => skeleton(x)).filter((s) => s !== ''))]
    : [key.replace(/^x:/, '')];
  f = { skeletons, initials: new Set(skeletons.map((s) => s.slice(0, 1))) };
  classForms.set(key, f);
  return f;
}

function bestSimilarity(a: string, bs: readonly string[]): number {
  let best = 0;
  for (const b of bs) best = Math.max(best, jaroWinkler(a, b));
  return best;
}

/**
 * Remembered family-key comparisons past the exact and phonetic ones: the swapped reading of a full name
 * (the given name read as the family name) compares with every candidate's key, a Jaro-Winkler each,
 * and a search's hundreds of candidates share few keys. By query key, then candidate key (no key string
 * made per comparison). Bounded: cleared when full.
 */
const familyCloseness = new BoundedMemo<'close' | 'different'>(50_000);

/**
 * Whether one family key is a whole word of the other, which has two or more: a woman's compound or
 * double surname (Шевченко-Коваль, Коваль (Шевченко)) against one of its parts.
 */
export function familyPart(x: string, y: string): boolean {
  if (x.includes(' ') === y.includes(' ')) return false;
  const [compound, part] = x.includes(' ') ? [x, y] : [y, x];
  const words = compound.split(' ');
  if (words.includes(part)) return true;
  // A part spelt otherwise (Гончич, Гончыч): the same phonetic code and one edit apart, for a part of four
  // letters or more (a short code alone is shared by Гончук).
  if (part.length < 4) return false;
  const code = phoneticKey(part);
  return words.some((w) => w.length >= 4 && phoneticKey(w) === code && damerauLevenshtein(w, part, 1) <= 1);
}

function familyLevel(q: QueryKeys, c: CandidateKeys): FamilyLevel {
  if (!q.family || !c.key_family) return 'different';
  if (q.family === c.key_family) return 'exact';
  if (q.familyPhonetic && q.familyPhonetic === c.key_family_phonetic) return 'phonetic';
  // One part of a compound surname is `close`, as in linkage: the other part may be another family's.
  if (familyPart(q.family, c.key_family)) return 'close';
  let level = familyCloseness.get(q.family, c.key_family);
  if (level === undefined) {
    level = closeFamily(q.family, c.key_family) ? 'close' : 'different';
    familyCloseness.set(q.family, c.key_family, level);
  }
  return level;
}

/** Whether two family keys that differ are close: a typo, a misreading, or two slips of a long name. */
function closeFamily(query: string, candidate: string): boolean {
  if (jaroWinkler(query, candidate) >= 0.88) return true;
  // A scanner's misreading (Honcbych for Гончич, Бнлык for Білик) is as close as a typo, however far the
  // letters: the glyph keys (look-alike letters made one) agree.
  if (familyGlyphKey(query) === familyGlyphKey(candidate)) return true;
  // Two slips, or one that Jaro-Winkler weighs heavily: a first letter lost (орклорпрак for Хорклорпрак),
  // a typo beside a Russian g for a Ukrainian h (Havrykenko for Гаврыленко), two letters swapped at the
  // start (tSeshanych). Within two edits of a name of six letters or more, as linkage's `near` level.
  return (
    Math.min(query.length, candidate.length) >= NEAR_MIN_LETTERS &&
    damerauLevenshtein(query, candidate, NEAR_EDITS) <= NEAR_EDITS
  );
}

/** A family skeleton this long or longer is `close` to one within NEAR_EDITS edits of it. */
const NEAR_MIN_LETTERS = 6;
const NEAR_EDITS = 2;

/**
 * Whether a typed given name is close to any of `forms`: Jaro-Winkler 0.9 or more, or one typo apart.
 * German and Polish write х as ch (Choma, Chrystyna), which the skeleton reads as ч: kh is tried too.
 * A short name one typo from a spelling of the class, beginning alike, is close too (Vsdym, Вадим:
 * Jaro-Winkler reads a typo in a short name as far), as linkage grades it (fs-10).
 */
function spellingLevel(typed: string, forms: readonly string[]): 'close' | 'different' {
  return bestSimilarity(typed, forms) >= 0.9 ||
    (typed.includes('ch') && bestSimilarity(typed.replaceAll('ch', 'kh'), forms) >= 0.9) ||
    forms.some((f) => oneEditApart(typed, f))
    ? 'close'
    : 'different';
}

/**
 * Remembered given-name spelling comparisons: a search compares the typed given name with every spelling
 * of each candidate's given-name class (tens of Jaro-Winkler comparisons a candidate, hundreds of
 * candidates), and with the candidate's name as written. Close to the class's spellings or to the written
 * name is close to either (the class's spellings depend on the class alone, which a search's candidates
 * share a few dozen of), so each is remembered apart: by typed name and class, and by typed name and
 * written name. Bounded: cleared when full.
 */
const classSpelling = new BoundedMemo<'close' | 'different'>(50_000);
const writtenSpelling = new BoundedMemo<'close' | 'different'>(50_000);

function givenSpellingLevel(
  typed: string,
  keyGiven: string | null,
  written: string | null,
): 'close' | 'different' {
  const key = keyGiven ?? '';
  let level = classSpelling.get(typed, key);
  if (level === undefined) {
    level = spellingLevel(typed, formsOf(keyGiven).skeletons);
    classSpelling.set(typed, key, level);
  }
  if (level === 'close' || !written) return level;
  let byWritten = writtenSpelling.get(typed, written);
  if (byWritten === undefined) {
    const s = skeleton(written);
    byWritten = s ? spellingLevel(typed, [s]) : 'different';
    writtenSpelling.set(typed, written, byWritten);
  }
  return byWritten;
}

/**
 * Two given names of four letters or more that begin alike and are one edit apart (a letter changed,
 * dropped, added, or two swapped): linkage's rule (fs-10). A first letter changed stays different.
 */
function oneEditApart(x: string, y: string): boolean {
  return x.length >= 4 && y.length >= 4 && x[0] === y[0] && damerauLevenshtein(x, y, 1) <= 1;
}

/**
 * How closely a candidate's names are spelt as the query spells them (0–2: Jaro–Winkler of the family keys
 * plus that of the given names as written), to order candidates whose evidence is equal: among two
 * namesakes the query agrees with phonetically (Rmanenko: Романенко, Романук), or two spellings of one
 * class (Kyrylo: Кирило, Кирилл), the one written as typed comes first. Orders only; the score is unchanged.
 */
export function spellingCloseness(q: QueryKeys, c: CandidateKeys): number {
  const family = q.family && c.key_family ? jaroWinkler(q.family, c.key_family) : 0;
  const written = c.given_name ? skeleton(c.given_name) : '';
  const given = q.givenSkeleton && written ? jaroWinkler(q.givenSkeleton, written) : 0;
  return family + given;
}

/** The initials a candidate record writes in place of its given name and patronymic (none when keyed). */
function candidateInitials(c: CandidateKeys): FieldInitials | null {
  if (!c.given_name && !c.patronymic) {
    // A whole name typed into the family field alone ("Шевченко Т.Г."): its initials are there.
    return c.key_given || !familyMayHoldInitials(c.family_name)
      ? null
      : fieldInitials(null, null, c.family_name ?? null);
  }
  if ((c.key_given || !c.given_name) && (c.key_father || !c.patronymic)) return null;
  return fieldInitials(c.given_name, c.patronymic);
}

/**
 * A candidate's initial (Т. of "Шевченко Т.Г.") against the query's name or initial: `initial` when the
 * query's name, in any of its spellings, starts with it; `different` when it does not.
 */
function initialLevel(
  initial: string,
  key: string | null,
  written: string | null,
  queryInitial: string | null,
): 'initial' | 'different' | 'absent' {
  if (key || written)
    return initialAgrees(initial, nameFormSkeletons(key, written)) ? 'initial' : 'different';
  if (queryInitial) return initialsAgree(initial, queryInitial) ? 'initial' : 'different';
  return 'absent';
}

function givenLevel(q: QueryKeys, c: CandidateKeys): GivenLevel {
  // Initials first: a whole name in the family field alone ("Шевченко Т.Г.") has no given-name field.
  const ci = c.key_given ? null : candidateInitials(c)?.given;
  if (ci) return initialLevel(ci, q.given, q.givenSkeleton, q.givenInitial);
  if (!c.key_given && !c.given_name) return 'absent';
  if (q.given && q.given === c.key_given) return 'same_class';
  if (q.givenSkeleton) return givenSpellingLevel(q.givenSkeleton, c.key_given, c.given_name);
  if (q.givenInitial) {
    const written = c.given_name ? skeleton(c.given_name) || null : null;
    return initialAgrees(q.givenInitial, nameFormSkeletons(c.key_given, written)) ? 'initial' : 'different';
  }
  return 'absent';
}

function fatherLevel(q: QueryKeys, c: CandidateKeys): FatherLevel {
  const ci = c.key_father ? null : candidateInitials(c)?.father;
  if (ci) return initialLevel(ci, q.father, q.fatherSkeleton, q.fatherInitial);
  if (!c.key_father && !c.patronymic) return 'absent';
  if (q.father && q.father === c.key_father) return 'same_class';
  if (q.fatherSkeleton) {
    const written = c.patronymic ? skeleton(c.patronymic) : '';
    return written && jaroWinkler(q.fatherSkeleton, written) >= 0.9 ? 'close' : 'different';
  }
  if (q.fatherInitial) {
    const written = c.patronymic ? skeleton(c.patronymic) || null : null;
    return initialAgrees(q.fatherInitial, nameFormSkeletons(c.key_father, written)) ? 'initial' : 'different';
  }
  return 'absent';
}

/**
 * Compares a birth given as precisely as the query and the record allow: exact, same month or year,
 * day and month swapped, the year mistyped by one with month and day right (both common transcription
 * errors), merely close, or in conflict.
 */
export function birthLevel(query: PartialDate | null, record: string | null): BirthLevel {
  if (query === null || record === null) return 'absent';
  const [ry, rm, rd] = dateParts(record);
  // A range of two years (no month or day): either year is the year, a year beyond either end a year off.
  if (query.lastYear !== undefined) {
    if (ry >= query.year && ry <= query.lastYear) return 'same_year';
    return ry === query.year - 1 || ry === query.lastYear + 1 ? 'year_off_by_one' : 'conflicting';
  }
  const monthKnown = query.month !== null && rm !== undefined;
  const dayKnown = query.day !== null && rd !== undefined;
  if (query.year === ry) {
    if (!monthKnown) return 'same_year';
    if (query.month === rm)
      return !dayKnown ? 'same_month' : query.day === rd ? 'exact' : 'same_year_other_day';
    if (dayKnown && query.day === rm && query.month === rd) return 'day_month_swapped';
    return 'same_year_other_day';
  }
  if (Math.abs(query.year - ry) === 1) {
    return monthKnown && dayKnown && query.month === rm && query.day === rd ? 'year_typo' : 'year_off_by_one';
  }
  return 'conflicting';
}

/** A stored date's year, month and day (YYYY, YYYY-MM or YYYY-MM-DD, as the records' check allows). */
const STORED_DATE = /^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$/;
const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
};

/** `record.split('-').map(Number)`, without the arrays for a date as stored. */
function dateParts(record: string): [number, number | undefined, number | undefined] {
  if (!STORED_DATE.test(record))
    return record.split('-').map(Number) as [number, number | undefined, number | undefined];
  return [
    digits(record, 0, 4),
    record.length >= 7 ? digits(record, 5, 2) : undefined,
    record.length === 10 ? digits(record, 8, 2) : undefined,
  ];
}

/** Scores one candidate record against one reading of the query. */
export function scoreCandidate(q: QueryKeys, birth: PartialDate | null, c: CandidateKeys): Explanation {
  const family = familyLevel(q, c);
  const given = givenLevel(q, c);
  const father = fatherLevel(q, c);
  const b = birthLevel(birth, c.birth_date);
  const e = explanation(family, given, father, b);
  if (b === 'same_year' && birth?.lastYear !== undefined) e.birthOfTwoYears = true;
  return e;
}

/**
 * The best of `scoreCandidate` over the readings (the first of equal scores), or null when it is below
 * `min`: the birth compared once, and only the best reading's explanation made.
 */
export function scoreBest(
  qs: readonly QueryKeys[],
  birth: PartialDate | null,
  c: CandidateKeys,
  min: number,
): { e: Explanation; reading: QueryKeys } | null {
  const b = birthLevel(birth, c.birth_date);
  let best: QueryKeys | null = null;
  let bestScore = -Infinity;
  let bestFamily: FamilyLevel = 'different';
  let bestGiven: GivenLevel = 'absent';
  let bestFather: FatherLevel = 'absent';
  let bestByVariant = false;
  for (const q of qs) {
    let family = familyLevel(q, c);
    const byVariant =
      family === 'different' && c.key_family !== null && (q.familyVariants?.has(c.key_family) ?? false);
    if (byVariant) family = 'close';
    const given = givenLevel(q, c);
    const father = fatherLevel(q, c);
    const score = W.family[family] + W.given[given] + W.father[father] + W.birth[b];
    if (best === null || score > bestScore) {
      best = q;
      bestScore = score;
      bestFamily = family;
      bestGiven = given;
      bestFather = father;
      bestByVariant = byVariant;
    }
  }
  if (best === null || bestScore < min) return null;
  const e = explanation(bestFamily, bestGiven, bestFather, b);
  if (bestByVariant) e.familyByVariant = true;
  if (b === 'same_year' && birth?.lastYear !== undefined) e.birthOfTwoYears = true;
  return { e, reading: best };
}

function explanation(
  family: FamilyLevel,
  given: GivenLevel,
  father: FatherLevel,
  b: BirthLevel,
): Explanation {
  const contributions = {
    family: W.family[family],
    given: W.given[given],
    father: W.father[father],
    birth: W.birth[b],
  };
  return {
    score: contributions.family + contributions.given + contributions.father + contributions.birth,
    family,
    given,
    father,
    birth: b,
    contributions,
  };
}

/**
 * The highest score any reading can give a candidate whose family key equals none of the readings'
 * (a misspelt family name: at best phonetic), with every other field agreeing as well as it can.
 */
export function bestScoreOfOtherFamily(qs: readonly QueryKeys[], birth: PartialDate | null): number {
  let best = -Infinity;
  for (const q of qs) {
    const score =
      (q.family ? W.family.phonetic : W.family.different) +
      (q.given || q.givenSkeleton || q.givenInitial ? W.given.same_class : 0) +
      (q.father || q.fatherSkeleton || q.fatherInitial ? W.father.same_class : 0) +
      (birth ? W.birth.exact : 0);
    best = Math.max(best, score);
  }
  return best;
}

/** The share of registry persons a level of agreement leaves (1 when the field says nothing). */
const CHANCE = {
  family: { exact: 1, phonetic: 3, close: 5, different: 1 },
  given: { same_class: 1, close: 3, initial: 1, absent: 1, different: 1 },
  father: { same_class: 1 / 20, close: 1 / 10, initial: 1 / 8, absent: 1, different: 1 },
  birth: {
    exact: 1 / (365 * 50),
    same_month: 1 / (12 * 50),
    same_year: 1 / 50,
    day_month_swapped: 1 / (365 * 50),
    year_typo: 1 / (365 * 25),
    // A month or day stated on both sides that disagrees, or a year off (age-derived years, a slip): for
    // the person sought about as likely as for a stranger born near that year, so no evidence either way.
    // (As a share of the registry it is 1/50 and 3/50; counted so, a namesake born that year or the next
    // made a confident hit for people the registry does not hold.)
    same_year_other_day: 1,
    year_off_by_one: 1,
    absent: 1,
    conflicting: 1,
  },
} as const;

/** A hit is confident only when fewer than this many other persons are expected to agree as well by chance. */
export const CONFIDENT_CHANCE = 0.02;

/**
 * How many persons of a registry of `persons` are expected to agree with the query as well as this
 * candidate does by chance: the registry's size times the share holding the family key (from the
 * registry's own counts) and the given-name class, times the share each other level leaves. A common
 * name with nothing else agreeing is no evidence that the person sought is this one: someone not in the
 * registry at all, with the same name, would find them as well.
 */
export function chanceAgreements(
  e: Explanation,
  persons: number,
  familyShare: number,
  givenShare: number,
  phoneticShare = 0,
  familyGivenShare = 0,
): number {
  if (e.familyByVariant) return Infinity;
  // A field stated on both sides that disagrees (another surname, given name or father, a birth date years
  // off) is evidence against, however rare the rest: a person to look at, not one to act on.
  if (
    e.family === 'different' ||
    e.given === 'different' ||
    e.father === 'different' ||
    e.birth === 'conflicting'
  )
    return Infinity;
  // A phonetic agreement is as common as the phonetic code, whatever the candidate's own spelling: a
  // rare misspelling of Шевченко agrees phonetically with every Шевченко's query.
  const fam = Math.min(
    1,
    Math.max(familyShare * CHANCE.family[e.family], e.family === 'phonetic' ? phoneticShare : 0),
  );
  const giv =
    e.given === 'same_class' || e.given === 'close'
      ? Math.min(1, givenShare * CHANCE.given[e.given])
      : e.given === 'initial'
        ? 1 / 10
        : 1;
  // The family name and the given name held together by the registry's other persons, when more than the two
  // shares alone foretell (a family's sons named alike, a people's names): each of them agrees as well.
  const both =
    e.family === 'exact' && e.given === 'same_class' ? Math.max(fam * giv, familyGivenShare) : fam * giv;
  return persons * both * CHANCE.father[e.father] * CHANCE.birth[e.birth] * (e.birthOfTwoYears ? 2 : 1);
}
