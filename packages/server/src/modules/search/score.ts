import { jaroWinkler } from '@homecoming/names';
import type { PartialDate } from '../records/validate.js';

/** How one field of a candidate compares with the query. */
export type FamilyLevel = 'exact' | 'phonetic' | 'close' | 'different';
export type GivenLevel = 'same_class' | 'close' | 'initial' | 'absent' | 'different';
export type FatherLevel = 'same_class' | 'absent' | 'different';
export type BirthLevel =
  'exact' | 'same_month' | 'same_year' | 'day_month_swapped' | 'year_off_by_one' | 'absent' | 'conflicting';

/** The query's side: keys of one reading of the typed name, and the birth filter. */
export interface QueryKeys {
  family: string | null;
  familyPhonetic: string | null;
  given: string | null;
  givenInitial: string | null;
  father: string | null;
}

/** The candidate record's side, as stored. */
export interface CandidateKeys {
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
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
}

// Log-odds style weights (log2 of how much likelier the level is for the same person than for
// another): a same-class given name is strong, a conflicting birth date strongly against. Hand-set for
// now; the linkage issue trains them (Fellegi–Sunter, EM) on the registry itself.
const W = {
  family: { exact: 7, phonetic: 5, close: 3, different: -6 },
  given: { same_class: 4, close: 2, initial: 1, absent: 0, different: -4 },
  father: { same_class: 3, absent: 0, different: -3 },
  birth: {
    exact: 5,
    same_month: 3.5,
    same_year: 3,
    day_month_swapped: 3.5,
    year_off_by_one: 1,
    absent: 0,
    conflicting: -6,
  },
} as const;

/** Scores a hit as confident from here: a family name and a given name that agree, or one plus a birth date. */
export const CONFIDENT_SCORE = 9;

function familyLevel(q: QueryKeys, c: CandidateKeys): FamilyLevel {
  if (!q.family || !c.key_family) return 'different';
  if (q.family === c.key_family) return 'exact';
  if (q.familyPhonetic && q.familyPhonetic === c.key_family_phonetic) return 'phonetic';
  return jaroWinkler(q.family, c.key_family) >= 0.9 ? 'close' : 'different';
}

function givenLevel(q: QueryKeys, c: CandidateKeys): GivenLevel {
  if (!q.given) return q.givenInitial ? initialLevel(q.givenInitial, c) : 'absent';
  if (!c.key_given) return 'absent';
  if (q.given === c.key_given) return 'same_class';
  const a = q.given.replace(/^x:/, '');
  const b = c.key_given.replace(/^x:/, '');
  return jaroWinkler(a, b) >= 0.88 ? 'close' : 'different';
}

function initialLevel(initial: string, c: CandidateKeys): GivenLevel {
  if (!c.key_given) return 'absent';
  return c.key_given.replace(/^x:/, '').startsWith(initial) ? 'initial' : 'different';
}

/**
 * Compares a birth given as precisely as the query and the record allow: exact, same month or year,
 * day and month swapped (a common transcription error), one year off, or in conflict.
 */
export function birthLevel(query: PartialDate | null, record: string | null): BirthLevel {
  if (query === null || record === null) return 'absent';
  const [ry, rm, rd] = record.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (query.year === ry) {
    if (query.month === null || rm === undefined) return 'same_year';
    if (query.month === rm) {
      if (query.day === null || rd === undefined) return 'same_month';
      if (query.day === rd) return 'exact';
      return 'same_month';
    }
    if (query.day !== null && rd !== undefined && query.day === rm && query.month === rd)
      return 'day_month_swapped';
    return 'same_year';
  }
  if (Math.abs(query.year - ry) === 1) return 'year_off_by_one';
  return 'conflicting';
}

/** Scores one candidate record against one reading of the query. */
export function scoreCandidate(q: QueryKeys, birth: PartialDate | null, c: CandidateKeys): Explanation {
  const family = familyLevel(q, c);
  const given = givenLevel(q, c);
  const father =
    !q.father || !c.key_father ? 'absent' : q.father === c.key_father ? 'same_class' : 'different';
  const b = birthLevel(birth, c.birth_date);
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
