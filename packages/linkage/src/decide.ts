/**
 * Decisions for one arriving record against the persons its blocks found: a match (linked
 * automatically), a possible match (a human reviews it) or none (a new person). Nothing is merged on a
 * guess: an automatic link needs a score at or above the auto threshold, something besides the names
 * agreeing (`corroborated`), no birth date that contradicts it (`birthContradicted`), no record of the
 * person that conflicts with it, and no second person that scores as high.
 */
import { compareRecords, FIELDS, hardConflict, LEVELS, MISSING, type LinkRecord } from './compare.js';
import { initialAgrees, nameFormSkeletons, sexOfParticleSkeleton } from '@homecoming/names';
import {
  fieldWeights,
  jointKey,
  ScoreBound,
  scoreFast,
  scorePair,
  type CompiledModel,
  type ScoredPair,
} from './model.js';

export type Decision = 'match' | 'possible' | 'none';

/** A person found by blocking, with all its records. */
export interface CandidatePerson {
  personId: string;
  records: readonly LinkRecord[];
}

/** How an arriving record compares with one person. */
export interface PersonScore {
  personId: string;
  /** The best score against any of the person's records. */
  score: number;
  /** That record. */
  record: LinkRecord;
  /** Why a link to this person is impossible, if it is. */
  conflict: string | null;
}

/** The decision for one record, the person it points to (for match and possible), and the ranking. */
export interface RecordDecision {
  decision: Decision;
  best: PersonScore | null;
  ranked: PersonScore[];
  /**
   * For a match: other persons the record matches as surely, whose records are compatible with the
   * chosen person's (the registry holds one man as two persons). They are not merged on this record's
   * word; each goes to review beside the chosen person.
   */
  alsoMatches?: PersonScore[];
}

/**
 * Whether two records may be one person: no hard conflict (service numbers, birth years far apart), field
 * evidence that does not point against (Σ weights ≥ 0), and not twins (`twinsApart`; `twins` false: as
 * before fs-25).
 */
export function compatibleRecords(
  cm: CompiledModel,
  a: LinkRecord,
  b: LinkRecord,
  twins: boolean = CORROBORATION.twinsIncompatible,
): boolean {
  if (hardConflict(a, b) !== null) return false;
  // Twins' records weigh for each other on all but the given name: two given names that contradict beside
  // a twin's signature (`twinsApart`) are two men, not one man held as two persons (fs-25).
  return scoreFast(cm, a, b) - cm.prior >= 0 && !(twins && twinsApart(a, b));
}

/**
 * Scores a settled test remembered (`DecideOptions.remember`), by model, arriving record and person, with the
 * records scored (a copy), for the record's next decision: an import decides a probe against its selective
 * blocks' persons to ask whether they settle it, then against all its persons (8% of an import's CPU at 1M,
 * bench/RESULTS.md `imp`). That decision takes them and forgets them; it remembers nothing of its own (the
 * persons only the broad blocks found are scored once: holding their scores cost more than it saved,
 * bench/RESULTS.md `cpu`). Not for the end step's filter (`scorePerson` there): it scores a common name's
 * every touched person once, and holding those scores cost more than they saved (bench/RESULTS.md `gc`).
 */
const scoredBefore = new WeakMap<
  CompiledModel,
  WeakMap<LinkRecord, Map<string, { records: readonly LinkRecord[]; score: PersonScore }>>
>();

/** Whether two lists hold the same records (the same objects) in the same order. */
function sameRecords(a: readonly LinkRecord[], b: readonly LinkRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `scorePerson`, as remembered for this model, record and person when the list is the same (the same
 * objects in the same order), so the answer is the one scoring would give; remembered when `remember`.
 */
function scorePersonOnce(
  cm: CompiledModel,
  rec: LinkRecord,
  person: CandidatePerson,
  byPerson: Map<string, { records: readonly LinkRecord[]; score: PersonScore }> | undefined,
  remember: boolean,
): PersonScore {
  const held = byPerson?.get(person.personId);
  if (held !== undefined && sameRecords(held.records, person.records)) return held.score;
  const score = scorePerson(cm, rec, person);
  if (remember) byPerson?.set(person.personId, { records: person.records.slice(), score });
  return score;
}

/**
 * The scores remembered for a record under a model (made when `remember`), or undefined; without `remember`,
 * they are dropped as they are handed over (the record's last decision that could read them).
 */
function rememberedScores(
  cm: CompiledModel,
  rec: LinkRecord,
  remember: boolean,
): Map<string, { records: readonly LinkRecord[]; score: PersonScore }> | undefined {
  let byRecord = scoredBefore.get(cm);
  if (byRecord === undefined) {
    if (!remember) return undefined;
    scoredBefore.set(cm, (byRecord = new WeakMap()));
  }
  let byPerson = byRecord.get(rec);
  if (remember) {
    if (byPerson === undefined) byRecord.set(rec, (byPerson = new Map()));
  } else if (byPerson !== undefined) byRecord.delete(rec);
  return byPerson;
}

/** Scores a record against one person: best record, and a conflict with any record. */
export function scorePerson(cm: CompiledModel, rec: LinkRecord, person: CandidatePerson): PersonScore {
  let best = -Infinity;
  let bestRecord = person.records[0] as LinkRecord;
  let conflict: string | null = null;
  for (const r of person.records) {
    const s = scoreFast(cm, rec, r, person.records);
    if (s > best) {
      best = s;
      bestRecord = r;
    }
    if (conflict === null) {
      const hard = hardConflict(rec, r);
      if (hard !== null) conflict = hard;
      else if (s - cm.prior < 0) conflict = 'evidence_against';
    }
  }
  if (conflict === null && person.records.length > 1) {
    const composite = personLevelScore(cm, rec, person.records);
    if (composite > best) best = composite;
  }
  return { personId: person.personId, score: best, record: bestRecord, conflict };
}

/** At least `scorePerson(cm, rec, { records }).score`, without the string measures (`ScoreBound`). */
export function personScoreBound(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): number {
  return new ScoreBound(cm, rec).person(records);
}

/**
 * False when the person's score cannot reach `threshold` (`ScoreBound.mayReach`); true when it may. A
 * caller asking of many persons for one record keeps one `ScoreBound` for it instead.
 */
export function personMayReach(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
  threshold: number,
): boolean {
  return new ScoreBound(cm, rec).mayReach(records, threshold);
}

/**
 * Whether `scorePerson(cm, rec, person).score >= threshold`, the same answer for every record and person:
 * a person whose bound falls below the threshold (`personMayReach`) is not scored.
 */
export function personReaches(
  cm: CompiledModel,
  rec: LinkRecord,
  person: CandidatePerson,
  threshold: number,
): boolean {
  return (
    personMayReach(cm, rec, person.records, threshold) && scorePerson(cm, rec, person).score >= threshold
  );
}

const pairWeights = new Float64Array(7);
const bestWeights = new Float64Array(7);

const pairLevels = new Uint8Array(7);
const MISSING_LEVEL = FIELDS.map((f) => MISSING[f]);

/**
 * Field by field into `bestWeights`, the best weight that the person's records which give the field offer
 * the record (−Infinity where none of them, or the record, gives it): the person's merged view, read by
 * `personLevelScore` and `agreesThroughout`.
 */
function mergedWeights(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): void {
  bestWeights.fill(-Infinity);
  for (const r of records) {
    fieldWeights(cm, rec, r, pairWeights, records, pairLevels);
    for (let i = 0; i < 7; i++)
      if (pairLevels[i] !== MISSING_LEVEL[i] && (pairWeights[i] as number) > (bestWeights[i] as number))
        bestWeights[i] = pairWeights[i] as number;
  }
}

/**
 * A record against a person's merged view: field by field, the best evidence any of the person's records
 * that give the field offers (its date from one source, its patronymic from another). A record silent on a
 * field says nothing of it: it does not outweigh another record's disagreement (lrec: a stranger's other
 * patronymic, against one record, weighed nothing beside a record without one). Only for a person none of
 * whose records conflicts with the arriving one.
 */
export function personLevelScore(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): number {
  mergedWeights(cm, rec, records);
  let s = cm.prior;
  for (let i = 0; i < 7; i++) if ((bestWeights[i] as number) > -Infinity) s += bestWeights[i] as number;
  return s;
}

/** The fields that describe the man beyond his own names (patronymic, birth date, unit, service number). */
const BEYOND_NAMES = [2, 3, 5, 6] as const;
const vector = new Uint8Array(7);

/**
 * Whether a record agrees with a person on something besides the family and given names: a patronymic, a
 * birth date (as far as both give it), a unit or a service number whose level weighs for a link, in any
 * of the person's records. Names alone are what namesakes share — in real registries a rare surname is
 * rare in the country but carried by a family, a village (brothers, cousins, a father and son with one
 * given name) — so however rare the names, a link on them alone waits for a person to decide. A year agreeing
 * where a side gives only a year, with nothing else beyond the names beside it, corroborates only where no
 * namesake of the whole name is held (`namesakesHeld`) and nothing beyond the names weighs against (fs-24).
 */
export function corroborated(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
  apart = 0,
): boolean {
  // A year where a side gives only a year (`same_year`), and whether anything else beyond the names agrees
  // beside it (an unclassed `close` patronymic, which alone corroborates nothing): see `namesakesHeld`.
  let yearOnly = false;
  let beside = false;
  for (const r of records) {
    compareRecords(rec, r, vector);
    for (const f of BEYOND_NAMES) {
      // A patronymic's initial is not enough: brothers, and a namesake family's cousins, share it (one
      // father's name in ten begins with the same letter), so it adds to the score but corroborates nothing.
      if (f === PATRONYMIC && vector[f] === PATRONYMIC_INITIAL) continue;
      const weighs =
        ((cm.weights[f] as Float64Array)[vector[f] as number] as number) >
        (f === BIRTH
          ? Math.max(CORROBORATION.minWeight, CORROBORATION.dateMinWeight)
          : CORROBORATION.minWeight);
      if (f === PATRONYMIC && vector[f] === PATRONYMIC_CLOSE && !closePatronymicCorroborates(rec, r)) {
        if (weighs) beside = true;
        continue;
      }
      if (f === BIRTH && vector[f] === BIRTH_SAME_YEAR && !CORROBORATION.yearOnly) continue;
      // A year written as a guess ("бл. 1991") weighs as far as it goes, but a guessed year near a
      // namesake's is what strangers show: beside the names it corroborates nothing.
      if (
        f === BIRTH &&
        (rec.birthGuessed === true || r.birthGuessed === true) &&
        CORROBORATION.guessedSilent
      )
        continue;
      if (!weighs) continue;
      if (f === BIRTH && vector[f] === BIRTH_SAME_YEAR) yearOnly = true;
      else return true;
    }
  }
  if (!yearOnly) return CORROBORATION.namesAloneUnique && namesAloneUnique(cm, rec, records);
  if (CORROBORATION.yearOnlyAgainst && evidenceAgainstBeyondNames(cm, rec, records)) return false;
  return beside || !namesakesHeld(cm, rec, records, apart);
}

const UNIT = FIELDS.indexOf('unit');

/**
 * Whether a field beyond the names that both the record and the person give weighs against the link in every
 * record of the person that gives it (`mergedWeights`: its best weight is below 0) — a patronymic naming
 * another father, another unit. Beside such a field a year agreeing where a side gives only a year is not
 * corroboration: it is what a namesake of the same cohort shows (yr3, mixed: a different patronymic at −4 bits
 * outweighed by a year at +4.7, the only such automatic link of 928 corroborated by a year only, wrong).
 */
function evidenceAgainstBeyondNames(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
): boolean {
  mergedWeights(cm, rec, records);
  for (const f of [PATRONYMIC, UNIT]) {
    const w = bestWeights[f] as number;
    if (w !== -Infinity && w < 0) return true;
  }
  return false;
}

/**
 * Whether the registry's counts hold the record's family and given-name keys together on at least
 * CORROBORATION.yearOnlyNamesakes records beside the pair's own (the person's records that carry both, and the
 * arriving record where the counts include it): namesakes of the whole name are there. Where they are, a year
 * agreeing with a side that gives only a year — shared by one stranger in thirty to fifty — is what such a
 * namesake of the same cohort shows as often as the man himself, and beside the names alone it corroborates
 * nothing (yr3: on the mixed population, 67 right links for 5 wrong first links of 8 such). False without
 * the joint counts (a model compiled without them). `apart`: namesakes' records a list's row is seen to tell
 * apart from the man (`namesakesToldApart`), which are not counted.
 */
function namesakesHeld(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
  apart = 0,
): boolean {
  const counts = cm.joint?.familyGiven;
  if (counts === undefined || rec.family === null || rec.given === null) return false;
  const held = counts.get(jointKey(rec.family, rec.given)) ?? 0;
  let own = cm.countsArriving ? 1 : 0;
  for (const r of records) if (r.family === rec.family && r.given === rec.given) own++;
  if (held - own - apart >= CORROBORATION.yearOnlyNamesakes) return true;
  return namesakesByEnding(cm, rec, records) >= CORROBORATION.yearOnlyByEnding;
}

/** The letters of a family key's end whose holders' given names `namesakesByEnding` reads. */
const ENDING = 3;

/**
 * (wl2, a bench knob: simulate `YEAR_ENDING=x`; production keeps it off) How many records of the record's whole
 * name, beside the pair's own, the counts predict where the given name goes with the surname's ending (-енко,
 * -ян, -швілі, -ський: a group's given names go with its surnames): the other holders of the family key times the
 * given key's share among the holders of every family key of the same last ENDING letters. 0 when off.
 */
function namesakesByEnding(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): number {
  if (!Number.isFinite(CORROBORATION.yearOnlyByEnding)) return 0;
  const family = cm.joint?.family;
  const familyGiven = cm.joint?.familyGiven;
  if (family === undefined || familyGiven === undefined || rec.family === null || rec.given === null)
    return 0;
  if (rec.family.length <= ENDING) return 0;
  const ending = rec.family.slice(-ENDING);
  let own = cm.countsArriving ? 1 : 0;
  for (const r of records) if (r.family === rec.family) own++;
  let holders = -own;
  for (const [f, n] of family) if (f.endsWith(ending)) holders += n;
  let joint = -own;
  const suffix = `|${rec.given}`;
  for (const [k, n] of familyGiven)
    if (k.endsWith(suffix) && k.slice(0, -suffix.length).endsWith(ending)) joint += n;
  if (holders <= 0 || joint <= 0) return 0;
  const others = Math.max(0, (family.get(rec.family) ?? 0) - own);
  return (others * joint) / holders;
}

/**
 * (rgap, a bench knob: simulate `NAMES_ALONE=unique`; production keeps it off) Whether the names alone may
 * corroborate: a record of the person gives the same family and given-name keys, the registry's counts hold no
 * other record of that whole name beside the pair's own (`namesakesHeld`), and nothing beyond the names both
 * give weighs against (`evidenceAgainstBeyondNames`).
 */
function namesAloneUnique(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  if (rec.family === null || rec.given === null || cm.joint?.familyGiven === undefined) return false;
  if (!records.some((r) => r.family === rec.family && r.given === rec.given)) return false;
  return !namesakesHeld(cm, rec, records) && !evidenceAgainstBeyondNames(cm, rec, records);
}
const PATRONYMIC = FIELDS.indexOf('patronymic');
const PATRONYMIC_INITIAL = LEVELS.patronymic.indexOf('initial');
const PATRONYMIC_CLOSE = LEVELS.patronymic.indexOf('close');
const BIRTH = FIELDS.indexOf('birth_date');
const BIRTH_SAME_YEAR = LEVELS.birth_date.indexOf('same_year');

/**
 * Which agreements beside the names `corroborated` counts (bench knobs, `CORROB_PAT` and `CORROB_YEAR` in
 * simulate.ts; production keeps the defaults). `closePatronymic`: 'any' — a `close` patronymic corroborates
 * (fs-21); 'classed' (fs-22, the default) — only where a side's patronymic names a father's class the tables
 * know (a spelling slip of a known father's name), not two patronymics neither of which the tables class;
 * 'never'. `yearOnly`: a birth year agreeing where a side gives only a year (`same_year`) corroborates.
 * `fullDatesYearApart` (bench `CONTRA_YEAR1=1` turns it off): two full dates a year apart on another day agree
 * as far as `birthContradicted` goes (fs-14); off, they contradict. `fullDatesTwoSlips` (wl2, bench `DATE_SLIPS=0|1`):
 * two full dates two slips apart — another month and day of the year, a year apart on another day — contradict
 * (`twoSlipsApart`; before it off, and same-year dates always agreed). `minWeight` (bench `CORROB_MIN`): the level's weight
 * (bits) above which a field corroborates — 0: any that weighs for a link (a year-only date a year off, 0.7).
 * `dateMinWeight` (wl2, bench `DATE_MIN=x`): the same for the birth date alone — AGREE_MIN (2 bits, four times likelier
 * for one man than for strangers): a year-only date a year off (0–1.3 bits), another month of the year (0.3–0.8), a
 * day's slip trained at 2 or under are slips one man's records show a little more often than namesakes' do, not
 * corroboration (bench/RESULTS.md `wl2`: the links only they corroborated, 6 wrong of 28 on the two mixed hold-outs);
 * 0 before wl2. `yearOnlyByEnding` (wl2, bench `YEAR_ENDING=x`, measured, not production): a year only
 * corroborates nothing where `namesakesByEnding` predicts x or more namesakes; Infinity, off.
 * `guessedSilent` (bench `CORROB_GUESS=0` turns it off): a birth date either side wrote as a guess
 * (`LinkRecord.birthGuessed`) corroborates nothing.
 * `yearOnlyNamesakes` (yr3, bench `CORROB_YEAR_NAMESAKES=n|off`): a year-only agreement (`same_year`) with nothing
 * else beyond the names agreeing beside it (no patronymic, unit or service number; an unclassed `close`
 * patronymic counts here) corroborates nothing where the registry holds the record's family and given names
 * on this many records or more beside the pair's own (`namesakesHeld`); Infinity: never so (before fs-24; 1
 * since). `yearOnlyAgainst` (yr3, bench `CORROB_YEAR_AGAINST=0|1`): nor where a patronymic or a unit both give
 * weighs against the link in every record of the person that gives it (`evidenceAgainstBeyondNames`; fs-24,
 * before it off). `twinSignature` (tw, bench `TWIN_SIG=0|1`): beside a twin's signature any `different` given name
 * and a `close` one of another class contradict (`givenContradicted`; fs-25, before it off). `twinsIncompatible`
 * (tw, bench `TWIN_COMPAT=0|1`): twins' records (`twinsApart`) are not `compatibleRecords` (fs-25);
 * `twinsAnywhere` (bench `TWIN_ANY=1`, not production): nor two classed given names `different` without the signature.
 * `initialAlone` (wl, bench `INITIAL_ALONE=0|1`): a given name's initial agreeing is not what makes an automatic
 * link (`initialCarries`; before it off). `fathersContradict` (wl, bench `FATHERS_CONTRA=0|1`): two patronymics of
 * fathers' classes the tables know that differ contradict (`patronymicContradicted`; before it off).
 */
export const CORROBORATION: {
  closePatronymic: 'any' | 'classed' | 'never';
  yearOnly: boolean;
  fullDatesYearApart: boolean;
  fullDatesTwoSlips: boolean;
  minWeight: number;
  dateMinWeight: number;
  yearOnlyByEnding: number;
  guessedSilent: boolean;
  yearOnlyNamesakes: number;
  yearOnlyAgainst: boolean;
  twinSignature: boolean;
  twinsIncompatible: boolean;
  twinsAnywhere: boolean;
  namesAloneUnique: boolean;
  initialAlone: boolean;
  fathersContradict: boolean;
} = {
  closePatronymic: 'classed',
  yearOnly: true,
  fullDatesYearApart: true,
  fullDatesTwoSlips: true,
  minWeight: 0,
  dateMinWeight: 2, // AGREE_MIN
  yearOnlyByEnding: Infinity,
  guessedSilent: true,
  yearOnlyNamesakes: 1,
  yearOnlyAgainst: true,
  twinSignature: true,
  twinsIncompatible: true,
  twinsAnywhere: false,
  namesAloneUnique: false,
  initialAlone: true,
  fathersContradict: true,
};

/**
 * Two full dates a year apart on another day of the year, neither the same day nor day and month swapped:
 * two slips, not one (read as agreeing by `birthContradicted` unless CORROBORATION.fullDatesYearApart is off).
 */
function fullDatesApart(a: LinkRecord, b: LinkRecord): boolean {
  if (a.birthMonth === null || b.birthMonth === null || a.birthDay === null || b.birthDay === null)
    return false;
  const sameDay = a.birthMonth === b.birthMonth && a.birthDay === b.birthDay;
  const swapped = a.birthMonth === b.birthDay && a.birthDay === b.birthMonth;
  return !sameDay && !swapped;
}

/** Two full dates this many days apart or fewer are one date moved (across a month's or a year's end). */
export const DATE_MOVED_DAYS = 7;

/**
 * Two full dates that differ in two of year, month and day (another month and another day of the year; a year
 * apart on another day), not day and month swapped nor one date moved a few days (DATE_MOVED_DAYS, across a
 * month's end): two slips in one date, which one man's records seldom show and namesakes of one cohort do
 * (bench/RESULTS.md `wl2`). One slip — the day, the month or the year alone — is not so read.
 */
function twoSlipsApart(a: LinkRecord, b: LinkRecord): boolean {
  if (a.birthYear === null || b.birthYear === null) return false;
  if (a.birthMonth === null || b.birthMonth === null || a.birthDay === null || b.birthDay === null)
    return false;
  const slips =
    (a.birthYear !== b.birthYear ? 1 : 0) +
    (a.birthMonth !== b.birthMonth ? 1 : 0) +
    (a.birthDay !== b.birthDay ? 1 : 0);
  if (slips < 2) return false;
  if (a.birthYear === b.birthYear && a.birthMonth === b.birthDay && a.birthDay === b.birthMonth) return false;
  const days =
    Math.abs(
      Date.UTC(a.birthYear, a.birthMonth - 1, a.birthDay) -
        Date.UTC(b.birthYear, b.birthMonth - 1, b.birthDay),
    ) / 86_400_000;
  return days > DATE_MOVED_DAYS;
}

function closePatronymicCorroborates(a: LinkRecord, b: LinkRecord): boolean {
  const rule = CORROBORATION.closePatronymic;
  return rule === 'any' || (rule === 'classed' && (a.father !== null || b.father !== null));
}

/**
 * How two birth dates compare for `birthContradicted`: 'agree' (as far as both go, or a single slip away),
 * 'contradict', or 'unknown' (a side gives none).
 */
function birthAgreement(a: LinkRecord, b: LinkRecord): 'agree' | 'contradict' | 'unknown' {
  if (a.birthYear === null || b.birthYear === null) return 'unknown';
  const gap = Math.abs(a.birthYear - b.birthYear);
  if (gap === 1 && !CORROBORATION.fullDatesYearApart && fullDatesApart(a, b)) return 'contradict';
  if (gap < 2) return CORROBORATION.fullDatesTwoSlips && twoSlipsApart(a, b) ? 'contradict' : 'agree';
  if (a.birthMonth === null || b.birthMonth === null || a.birthDay === null || b.birthDay === null)
    // A year, or a year and month (fs-14): nothing beside the year can show a slip of it, so years
    // PARTIAL_BIRTH_GAP or more apart contradict unless one misread digit turns one into the other. Two
    // years apart stay agreeing: a year worked out from an age at two events is a year either way.
    return gap >= PARTIAL_BIRTH_GAP && !yearDigitSlip(a.birthYear, b.birthYear) ? 'contradict' : 'agree';
  const sameDay = a.birthMonth === b.birthMonth && a.birthDay === b.birthDay;
  const swapped = a.birthMonth === b.birthDay && a.birthDay === b.birthMonth;
  return sameDay || swapped ? 'agree' : 'contradict';
}

/** Birth years this far apart or more contradict where a side gives only a year, or a year and month. */
export const PARTIAL_BIRTH_GAP = 3;

/**
 * Pairs of digits that printed or handwritten forms are read for each other (OCR and hand: 3 and 8, 1 and 7,
 * 0 and 8, 5 and 6, 6 and 8, 4 and 9, 2 and 7, 1 and 4, 0 and 6, 0 and 9, 3 and 5, 5 and 8). Only those
 * within HARD_BIRTH_YEAR_GAP of each other matter here (3 and 8, 4 and 9, 2 and 7, 1 and 4, 5 and 8):
 * years further apart are never one man's.
 */
const CONFUSED_DIGITS = new Set(['38', '17', '08', '56', '68', '49', '27', '14', '06', '09', '35', '58']);

/** Whether two years differ in one digit only, and that digit is one often misread for the other. */
export function yearDigitSlip(x: number, y: number): boolean {
  const a = String(x);
  const b = String(y);
  if (a.length !== b.length) return false;
  let slip: string | null = null;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (slip !== null) return false;
    const [lo, hi] = [a[i] as string, b[i] as string].sort();
    slip = `${lo}${hi}`;
  }
  return slip !== null && CONFUSED_DIGITS.has(slip);
}

/**
 * Whether a record's birth date contradicts the person's: some record of the person gives a full date two
 * or more years from the record's full date on another day of the year (no slip of the year alone, or
 * of two sources' years, explains it), or one two slips from it (`twoSlipsApart`, wl2: another month and day of
 * the year, a year apart on another day), or a year PARTIAL_BIRTH_GAP or more from it where a side gives only
 * a year or a year and month and no misread digit explains it (fs-14), and none agrees with it. Namesakes a few years apart are what
 * such pairs are — in a long-tailed population a rare full name is a family's (cousins, a boy named
 * after an uncle) — so however rare the names, the link waits for a person to decide. (Years more than
 * HARD_BIRTH_YEAR_GAP apart are never linked at all.)
 */
export function birthContradicted(rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  let contradicted = false;
  for (const r of records) {
    const a = birthAgreement(rec, r);
    if (a === 'agree') return false;
    if (a === 'contradict') contradicted = true;
  }
  return contradicted;
}

const GIVEN = FIELDS.indexOf('given_name');
const GIVEN_CLOSE = LEVELS.given_name.indexOf('close');
const GIVEN_DIFFERENT = LEVELS.given_name.indexOf('different');
const GIVEN_INITIAL = LEVELS.given_name.indexOf('initial');
const GIVEN_OTHER_INITIAL = LEVELS.given_name.indexOf('other_initial');
const GIVEN_MISSING = LEVELS.given_name.indexOf('missing');
const SERVICE = FIELDS.indexOf('service_number');
const SERVICE_SAME = LEVELS.service_number.indexOf('same');
const levelsOf = (ladder: readonly string[], names: readonly string[]): Set<number> =>
  new Set(names.map((l) => ladder.indexOf(l)));
const FAMILY_AGREES = levelsOf(LEVELS.family_name, ['exact', 'phonetic', 'heard']);
const PATRONYMIC_SAME = LEVELS.patronymic.indexOf('same_class');
const BIRTH_SAME_DAY = levelsOf(LEVELS.birth_date, ['exact', 'day_month_swapped']);

/**
 * Whether a compared pair (`vector`, as `compareRecords` wrote it) shows what twins share by birth: the
 * surname agreeing (as spelt, by its sound or as heard), one father's name (`same_class` patronymic) and one
 * full birth date (the same day, or day and month swapped).
 */
function twinSignature(v: Uint8Array): boolean {
  return (
    FAMILY_AGREES.has(v[0] as number) &&
    v[PATRONYMIC] === PATRONYMIC_SAME &&
    BIRTH_SAME_DAY.has(v[BIRTH] as number)
  );
}

/**
 * Whether two records are twins': a twin's signature (the surname, the patronymic and the full birth date
 * agreeing) and two given names of classes the tables know that are `different` or `close`. Only beside the
 * signature, and only two classed names: holding every `givenContradicted` pair apart cost 83 right automatic
 * links of 18,583 (realistic, families 0.3, 20,000 persons) for no wrong one fewer, and holding an unclassed
 * spelling apart beside the signature ~64 more — a man's slip refused once became a person of its own that then
 * kept his later records from joining him (bench/RESULTS.md `tw`).
 */
function twinsApart(a: LinkRecord, b: LinkRecord): boolean {
  // One class is never `different` nor `close` (`exact` or `same_class`): most compatible pairs `dedupe` asks
  // about are one man's, so they end here without a second comparison.
  if (!classed(a.given) || !classed(b.given) || a.given === b.given) return false;
  compareRecords(a, b, vector);
  const level = vector[GIVEN] as number;
  if (CORROBORATION.twinsAnywhere && level === GIVEN_DIFFERENT) return true;
  if (!twinSignature(vector)) return false;
  return level === GIVEN_DIFFERENT || level === GIVEN_CLOSE;
}

/**
 * Whether a record's given name contradicts the person's: some record of the person names another man than
 * the record, and none agrees with it. Another man is named by two names the names package knows as two
 * classes that are not close to each other (level `different`) — and, beside a twin's signature
 * (`twinSignature`: the surname, the patronymic and the full birth date agreeing), by any `different` given
 * name (a spelling no class knows: a translation, Nikolaus against Андрій) and by a `close` one of another class
 * (Олександр, Олексій: parents name twins alike) (fs-25). Elsewhere a record whose spelling no class knows (on
 * either side) says nothing either way: a typist's or a scanner's slip may be of either name. Twins are what
 * such pairs are: one surname, one patronymic, one birth date, two given names (bench/RESULTS.md `fam`: with
 * families in the generated population, 190 of 224 wrong automatic links at 20,000 persons; reading an unknown
 * spelling as possibly agreeing let 20 of the 48 left through, lead stop 41; `tw`: the unknown and the close
 * names beside the signature); of one man's records, 7 pairs of 33,744 name him so (a slip that makes another
 * name: Ірина, Інна), so the link waits for a person to decide.
 */
export function givenContradicted(rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  let contradicted = false;
  // A service number of the record that a record of the person gives too (lst4): the number is issued to one
  // man, and a twin has his own, so the twin's signature no longer says "his twin's as likely".
  const ownNumber = serviceNumberHeld(rec, records);
  for (const r of records) {
    compareRecords(rec, r, vector);
    const level = vector[GIVEN] as number;
    if (level === GIVEN_MISSING || level === GIVEN_OTHER_INITIAL) continue;
    if (level === GIVEN_DIFFERENT || level === GIVEN_CLOSE) {
      // A name cut short or contracted from the other's (`cutShort`) names no other man, classed or not.
      const his = cutShort(rec, r) || cutShort(r, rec);
      const bothClassed = classed(rec.given) && classed(r.given) && !his;
      const twin = CORROBORATION.twinSignature && twinSignature(vector) && !his && !ownNumber;
      if (level === GIVEN_DIFFERENT && (bothClassed || twin)) {
        contradicted = true;
        continue;
      }
      if (level === GIVEN_CLOSE && twin && bothClassed) {
        contradicted = true;
        continue;
      }
      if (level === GIVEN_DIFFERENT) continue;
    }
    return false;
  }
  return contradicted;
}

/**
 * Whether some record of the person gives the record's service number (`service_number` level `same`). A
 * service number names one man; twins share a surname, a father and a birth date, never a number. So beside
 * it fs-25's twin's signature reads as what it is elsewhere: a spelling no class knows, or a close name of
 * another class, may be a slip of his name (realistic, a list's row: "tSanislav" for Станіслав beside his
 * number, 21.6 bits, held `possible`; bench/RESULTS.md `lst4`). Two classed names that differ still name two
 * men: a number copied into a brother's record is what that would be.
 */
function serviceNumberHeld(rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  if (rec.serviceNumber === null) return false;
  for (const r of records) {
    if (r.serviceNumber === null) continue;
    compareRecords(rec, r, vector);
    if (vector[SERVICE] === SERVICE_SAME) return true;
  }
  return false;
}

/**
 * Whether `a`'s given name, of no class, is the start of some spelling of `b`'s: a name a clerk cut short in a
 * narrow column ("Оле.", "Олекса.", "Андрі.": a cut before a vowel, which the names package does not read as an
 * initial) names the man whose name it starts, not his twin. Beside a twin's signature fs-25's first form held
 * such records apart as another man's: 180 right automatic links on holdout5's `given_contracted` rows
 * (bench/RESULTS.md, lead stop 56). So does a name contracted to its start and its end ("Ол-ій", "Вол-ир",
 * "Ми-ла", "Ser-ii": its skeleton the two parts a space apart) where one spelling of `b`'s starts with the one
 * and ends with the other, longer than both: a twin's name is another full name, neither cut nor contracted
 * (bench/RESULTS.md `tw2`: 89 more links on holdout5). A classed name is read only when contracted so, by its
 * written parts before its class: "Влад-ир" (classed by its head as Владислав) is Владимир's, "Ана-ія" (Ганна by
 * "Ана") Анастасія's (bench/RESULTS.md `sx2`).
 */
function cutShort(a: LinkRecord, b: LinkRecord): boolean {
  if (a.given === null) return false;
  const unclassed = a.given.startsWith('x:');
  // A contracted name whose head the names package classes ("Влад-ир": Владислав by "Влад") is read by its
  // written parts (its skeleton, the two a space apart); a classed name written whole is never cut short.
  const start = unclassed ? a.given.slice(2) : (a.givenSkeleton ?? '');
  const gap = start.indexOf(' ');
  if (!unclassed && gap < 0) return false;
  const forms = nameFormSkeletons(b.given, b.givenSkeleton);
  if (gap < 0) return start.length >= 2 && initialAgrees(start, forms);
  const head = start.slice(0, gap);
  const tail = start.slice(gap + 1);
  // "Ye-en": a head of one letter (Є, Ye) beside a tail of two.
  const long = head.length + tail.length;
  if (head === '' || tail === '' || long < 3 || tail.includes(' ')) return false;
  return initialAgrees(
    head,
    forms.filter((f) => f.length > long && f.endsWith(tail)),
  );
}

/** Whether a given-name key is a class the names package knows (not 'x:' + an unrecognised skeleton). */
function classed(key: string | null): boolean {
  return key !== null && !key.startsWith('x:');
}

/**
 * The sex a patronymic's ending says, read from its skeleton (`toLinkRecord`'s): -ович, -йович, -ич
 * (Петрович, Андрійович, Ілліч, Petrovych: "ich") a man's; -івна, -ївна, -овна, -ична (Петрівна, Андріївна,
 * Петровна, Іллічна: "vna", "chna", "khna") a woman's; a Turkic patronymic's particle, "Мамед оглы" a man's and
 * "Мамед кызы" a woman's. Anything else (an initial, a cut, a particle alone) says nothing.
 */
export function sexOfPatronymic(skeleton: string | null): 'male' | 'female' | null {
  if (skeleton === null || skeleton.length < 4) return null;
  if (skeleton.includes(' ')) {
    // A Turkic patronymic, the father's name and a particle (names/turkic.ts): "son of" (оглы, ogly, oglu) a
    // man's, "daughter of" (кызы, кизи, qizi, kyzy) a woman's. Two words and no more: the particle is the last.
    const words = skeleton.split(' ');
    return words.length === 2 && words[0] !== '' ? sexOfParticleSkeleton(words[1] as string) : null;
  }
  if (skeleton.endsWith('ich')) return 'male';
  if (skeleton.endsWith('vna') || skeleton.endsWith('chna') || skeleton.endsWith('khna')) return 'female';
  return null;
}

/**
 * Whether the sex a patronymic says contradicts the person's: where one side of a pair gives no sex (nor a
 * given name of a class that says one, `toLinkRecord`) and its patronymic's ending says one
 * (`sexOfPatronymic`), a record of the person of the other sex, and none of the same. A sister's record that
 * gives neither sex nor given name otherwise meets her brother's person as one of his (the surname, the
 * patronymic's class, a year: realistic families 0.3, bench/RESULTS.md `tw2`); the link waits for a person to
 * decide. Two sexes both records give are the score's to weigh (a `different` sex), not this rule's.
 */
export function sexContradicted(rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  const own = rec.sex ?? sexOfPatronymic(rec.patronymicSkeleton);
  if (own === null) return false;
  let contradicted = false;
  for (const r of records) {
    const theirs = r.sex ?? sexOfPatronymic(r.patronymicSkeleton);
    if (theirs === null) continue;
    if (theirs === own) return false;
    if (rec.sex === null || r.sex === null) contradicted = true;
  }
  return contradicted;
}

/**
 * Whether a link of `score` to a person would rest on a given name's initial: the record and the person's
 * records compare their given names as an initial agreeing (`initial`: "А." beside Андрій, Андрій beside "А.",
 * "А." beside "A."), none agrees on a written name (exact, same class or close), and `score` less the initial's
 * weight falls below `threshold`. An initial says only "one of the given names that begin with this letter":
 * a brother or a twin (one surname, one patronymic, a birth date a twin shares), or a namesake of the surname,
 * patronymic and birth date whose given name begins alike, shows it as the man himself does. The rest of the
 * evidence must make the link where another candidate fits the initial as well (`initialFitsAnother`); the
 * initial adds to the score a reviewer sees (bench/RESULTS.md `wl`: holdout16/mixed's 3 first wrong links of an
 * initial were 1 to 3 bits short without it). False when CORROBORATION.initialAlone is off.
 */
export function initialCarries(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
  score: number,
  threshold: number,
): boolean {
  if (!CORROBORATION.initialAlone) return false;
  let initial = false;
  for (const r of records) {
    compareRecords(rec, r, vector);
    const level = vector[GIVEN] as number;
    if (level < GIVEN_DIFFERENT) return false;
    if (level === GIVEN_INITIAL) initial = true;
  }
  if (!initial) return false;
  const w = (cm.weights[GIVEN] as Float64Array)[GIVEN_INITIAL] as number;
  return w > 0 && score - w < threshold;
}

const PATRONYMIC_DIFFERENT = LEVELS.patronymic.indexOf('different');

/**
 * Whether a record's patronymic contradicts the person's: some record of the person names another father than
 * the record — two patronymics, `different` (not close: Іванович and
 * Петрович, not Олексійович and Олександрович; or two whole patronymics of fathers the tables do not know,
 * `patronymicShaped`) — and none agrees with it (one class, or close). A patronymic is the father's name: one
 * man's records share it (a Russian or a Latin form is of the same class, a slip is close), a namesake's need
 * not. However rare the names and however the birth date agrees, such a link waits for a person to decide
 * (bench/RESULTS.md `wl`: holdout15/mixed, 3 first wrong links of namesakes born the same day, Яків Наумович
 * against Яків Мойсейович). An initial, a cut or a contraction says nothing either way.
 */
export function patronymicContradicted(rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  if (!CORROBORATION.fathersContradict || !patronymicShaped(rec)) return false;
  let contradicted = false;
  for (const r of records) {
    compareRecords(rec, r, vector);
    const level = vector[PATRONYMIC] as number;
    if (level === PATRONYMIC_SAME || level === PATRONYMIC_CLOSE) return false;
    if (level === PATRONYMIC_DIFFERENT && patronymicShaped(r)) contradicted = true;
  }
  return contradicted;
}

/**
 * Whether a record's patronymic is written whole as one: a father's class the tables know, or a word with a
 * patronymic's ending (`sexOfPatronymic`: Наумович, Мойсейович, Остапович, whose fathers' names the tables do
 * not hold). Not an initial, a cut or a contraction ("Євг-вич").
 */
function patronymicShaped(r: LinkRecord): boolean {
  return r.father !== null || sexOfPatronymic(r.patronymicSkeleton) !== null;
}

/**
 * Whether another candidate than `top`, with no evidence against the record (`clean`: no conflict), is a man
 * the record's initial fits as well: a record of his agrees with the record's surname (as spelt, by its sound or
 * as heard) and his given names compare with the record's only as an initial agreeing (`initial`: Андрій and
 * Анатолій for "А."). A brother, a twin, a namesake of the surname whose name begins alike: the initial cannot
 * tell him from the best, so the rest of the evidence must (`initialCarries`).
 */
function initialFitsAnother(
  rec: LinkRecord,
  top: PersonScore,
  clean: readonly PersonScore[],
  persons: readonly CandidatePerson[],
): boolean {
  for (const p of clean) {
    if (p === top) continue;
    const records = persons.find((c) => c.personId === p.personId)?.records ?? [];
    let initial = false;
    let family = false;
    for (const r of records) {
      compareRecords(rec, r, vector);
      const level = vector[GIVEN] as number;
      if (level < GIVEN_DIFFERENT) {
        initial = false;
        break;
      }
      if (level === GIVEN_INITIAL) initial = true;
      if (FAMILY_AGREES.has(vector[0] as number)) family = true;
    }
    if (initial && family) return true;
  }
  return false;
}

/**
 * Whether a record may join a person without a human: something besides the names agrees
 * (`corroborated`), and neither the birth dates (`birthContradicted`), the given names
 * (`givenContradicted`), the fathers' names (`patronymicContradicted`) nor a sex a patronymic says
 * (`sexContradicted`) contradict each other.
 */
export function autoLinkable(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
  apart = 0,
): boolean {
  return (
    corroborated(cm, rec, records, apart) &&
    !birthContradicted(rec, records) &&
    !givenContradicted(rec, records) &&
    !patronymicContradicted(rec, records) &&
    !sexContradicted(rec, records)
  );
}

/**
 * How many records of the whole name (the row's family and given-name keys) a list's row tells apart from the
 * best person's man: those of the other candidates that a service number or a birth date rules out (a hard
 * conflict), or that score at least `bits` below the best with a field beyond the names both give weighing
 * against the row (another year, another father, another unit). A namesake so seen is another man the row is
 * not about, not one of the same cohort whom a year only cannot tell from the man (`namesakesHeld`, fs-24); a
 * namesake who gives nothing to compare beyond the names is not told apart, nor one the lookups did not bring.
 */
function namesakesToldApart(
  cm: CompiledModel,
  rec: LinkRecord,
  top: PersonScore,
  ranked: readonly PersonScore[],
  persons: readonly CandidatePerson[],
  bits: number,
): number {
  if (rec.family === null || rec.given === null) return 0;
  const byId = new Map(persons.map((p) => [p.personId, p.records]));
  let apart = 0;
  for (const p of ranked) {
    if (p === top) continue;
    const records = byId.get(p.personId) ?? [];
    const namesakes = records.filter((r) => r.family === rec.family && r.given === rec.given).length;
    if (namesakes === 0) continue;
    if (!hardConflictFree(p) || (p.score <= top.score - bits && againstBeyondNames(cm, rec, records)))
      apart += namesakes;
  }
  return apart;
}

/** Whether a field beyond the names that both give weighs against the link in every record that gives it. */
function againstBeyondNames(cm: CompiledModel, rec: LinkRecord, records: readonly LinkRecord[]): boolean {
  mergedWeights(cm, rec, records);
  for (const f of BEYOND_NAMES) {
    const w = bestWeights[f] as number;
    if (w !== -Infinity && w < 0) return true;
  }
  return false;
}

/** How a record is decided beside the model's thresholds. */
export interface DecideOptions {
  /**
   * A list's row (`linkList`): where two or more persons score from the auto threshold up and they cannot
   * all be one man, the best still matches when its odds against every other candidate together are at
   * least 2^clearMargin (log2: its score less log2 Σ 2^score of the others). The row is about one man: a
   * best at 22 beside a namesake at 8.9 is 2^13 times likelier to be him, not a coin toss for a person
   * to settle. Absent (the registry's own linking): two such persons are always a human's to decide.
   */
  clearMargin?: number;
  /**
   * A list's row: the threshold for a best person with whom every field both give agrees (none weighs
   * against it, person by person field: `agreesThroughout`), below the model's. Absent: the model's alone.
   */
  agreeingFrom?: number;
  /**
   * A list's row: namesakes of the whole name whom the row tells apart from the best's man — the other
   * candidates' records of its family and given names scoring at least this many bits below the best, or
   * ruled out by a service number or a birth date (`namesakesToldApart`) — are not counted as namesakes held
   * when a year only corroborates (fs-24's `namesakesHeld`). Absent (the registry's own linking, and lists:
   * `listDecideOptions` does not set it): all count. Measured, not production (bench/RESULTS.md, lst3): on
   * holdout7/mixed it matched a namesake stranger of the same year, beside namesakes it told apart — what fs-24
   * guards against: held namesakes show the whole name is common, whoever they are.
   */
  namesakesApart?: number;
  /**
   * A settled test before the record's full decision (`confidentMatch`): the persons' scores are kept for that
   * decision, which takes them (the same persons' lists, unchanged) instead of scoring them again, and drops
   * them. Without it a decision reads what a settled test kept, and keeps nothing.
   */
  remember?: boolean;
}

/**
 * How a list's row is decided against the registry (`link`, an exchange's list) under a model read by
 * `forLists`: the best of two persons above the threshold when as clear of the others as a match must be of
 * a stranger, and from the model's `listAgreeing` where every shared field agrees.
 */
export function listDecideOptions(cm: CompiledModel): DecideOptions {
  const { auto, listAgreeing } = cm.model.thresholds;
  return { clearMargin: auto, ...(listAgreeing === undefined ? {} : { agreeingFrom: listAgreeing }) };
}

/**
 * Least weight (log2) of a field that `agreesThroughout` counts as agreeing: four times likelier for one man
 * than for strangers. A year-only date a year off (+1.3), a surname two edits away (+1.1) are slips that
 * one man's records show a little more often than namesakes' do, not agreements: a namesake stranger of the
 * harsh population (seed 6) had names, a patronymic and a year a year off, at 6.2.
 */
export const AGREE_MIN = 2;
const SEX = FIELDS.indexOf('sex');

/**
 * Whether every field that both the record and the person give speaks for their being one man (at least
 * AGREE_MIN; the sex, which half of strangers share, only not against), taking each field's best among the
 * person's records that give it (as `personLevelScore`). A date of another month, another patronymic, a
 * given name of another class, a unit that differs, a year a year off are what a namesake shows whom the
 * names and one agreeing field would otherwise carry over the threshold.
 */
export function agreesThroughout(
  cm: CompiledModel,
  rec: LinkRecord,
  records: readonly LinkRecord[],
): boolean {
  mergedWeights(cm, rec, records);
  for (let i = 0; i < 7; i++) {
    const w = bestWeights[i] as number;
    if (w !== -Infinity && w < (i === SEX ? 0 : AGREE_MIN)) return false;
  }
  return true;
}

/** Decides one arriving record against candidate persons. */
export function decideRecord(
  cm: CompiledModel,
  rec: LinkRecord,
  persons: readonly CandidatePerson[],
  opts: DecideOptions = {},
): RecordDecision {
  const { review } = cm.model.thresholds;
  let { auto } = cm.model.thresholds;
  const remember = opts.remember === true;
  const before = rememberedScores(cm, rec, remember);
  const ranked = persons
    .filter((p) => p.records.length > 0)
    .map((p) => scorePersonOnce(cm, rec, p, before, remember))
    .sort((a, b) => b.score - a.score);
  const usable = ranked.filter((p) => p.conflict === null || p.conflict === 'evidence_against');
  const clean = ranked.filter((p) => p.conflict === null);
  const top = clean[0];
  const topRecords = persons.find((p) => p.personId === top?.personId)?.records ?? [];
  if (
    opts.agreeingFrom !== undefined &&
    top !== undefined &&
    top.score < auto &&
    top.score >= opts.agreeingFrom &&
    agreesThroughout(cm, rec, topRecords)
  )
    auto = opts.agreeingFrom;
  if (
    top !== undefined &&
    top.score >= auto &&
    !autoLinkable(cm, rec, topRecords) &&
    (opts.namesakesApart === undefined ||
      !autoLinkable(
        cm,
        rec,
        topRecords,
        namesakesToldApart(cm, rec, top, ranked, persons, opts.namesakesApart),
      ))
  )
    return { decision: 'possible', best: top, ranked };
  if (
    top !== undefined &&
    top.score >= auto &&
    initialCarries(cm, rec, topRecords, top.score, auto) &&
    initialFitsAnother(rec, top, clean, persons)
  )
    return { decision: 'possible', best: top, ranked };
  if (top !== undefined && top.score >= auto) {
    const second = clean[1];
    if (second === undefined || second.score < auto) return { decision: 'match', best: top, ranked };
    // Two or more persons above the threshold. When every one of them could be the same man as the best
    // (no record of one conflicts with a record of the other), the registry most likely holds one man as
    // several persons: the record joins the best, and the others are queued beside it. When any of them
    // cannot be the best's man, the record could be either: a human decides.
    const above = clean.filter((p) => p.score >= auto);
    const byId = new Map(persons.map((p) => [p.personId, p]));
    const recordsOf = (o: PersonScore): readonly LinkRecord[] => byId.get(o.personId)?.records ?? [];
    // The best's twin whom the record's own given name tells apart (`givenContradicted`) is no second
    // candidate for it: the record joins the best as it did before fs-25, and the twin is not queued as the
    // same man. Only where nothing but the twins' given names keeps the two apart (`twinsApart`).
    const twinNamedApart = (o: PersonScore): boolean =>
      CORROBORATION.twinsIncompatible &&
      givenContradicted(rec, recordsOf(o)) &&
      recordsOf(o).every((r) => topRecords.every((t) => compatibleRecords(cm, r, t, false))) &&
      recordsOf(o).some((r) => topRecords.some((t) => twinsApart(r, t)));
    const others = above.slice(1).filter((o) => !twinNamedApart(o));
    const oneMan = others.every((o) =>
      recordsOf(o).every((r) => topRecords.every((t) => compatibleRecords(cm, r, t))),
    );
    if (oneMan) return { decision: 'match', best: top, ranked, alsoMatches: others };
    if (opts.clearMargin !== undefined && clearOfOthers(top, usable) >= opts.clearMargin)
      return { decision: 'match', best: top, ranked };
    return { decision: 'possible', best: top, ranked };
  }
  const possible = usable.find((p) => p.score >= review && hardConflictFree(p));
  if (possible !== undefined) return { decision: 'possible', best: possible, ranked };
  return { decision: 'none', best: ranked[0] ?? null, ranked };
}

/** log2 of the best's odds against the other persons together: its score less log2 Σ 2^score of theirs. */
function clearOfOthers(top: PersonScore, persons: readonly PersonScore[]): number {
  let others = 0;
  for (const p of persons) if (p !== top) others += 2 ** (p.score - top.score);
  return others === 0 ? Infinity : -Math.log2(others);
}

function hardConflictFree(p: PersonScore): boolean {
  return p.conflict !== 'service_number' && p.conflict !== 'birth_date';
}

/**
 * How close behind a `possible`'s best (log2 odds) another person must score to be shown beside it. At
 * 20,000 persons (realistic, bench/RESULTS.md `lrec`), 2 bits took a list's `match` + `possible` recall from
 * 0.996 to 0.998 for 0.18 more persons a possible row: a row of names and one field tied with a namesake.
 */
export const ALTERNATIVE_BITS = 2;

/**
 * The persons a `possible` decision shows beside its best, best first: those scoring from the review
 * threshold up and within `bits` of the best, with no hard conflict (service number, birth date). A person
 * whose evidence points against the row (`evidence_against`) stays: the reviewer sees why. None for a
 * `match` or a `none`. The simulation (bench/linkage/simulate.ts, ALT) counts exactly these.
 */
export function possibleAlternatives(
  cm: CompiledModel,
  d: RecordDecision,
  bits: number = ALTERNATIVE_BITS,
): PersonScore[] {
  const best = d.best;
  if (d.decision !== 'possible' || best === null) return [];
  const { review } = cm.model.thresholds;
  return d.ranked.filter(
    (x) => x !== best && hardConflictFree(x) && x.score >= review && x.score >= best.score - bits,
  );
}

/** The explanation of a record pair (for the review queue). */
export function explainPair(cm: CompiledModel, a: LinkRecord, b: LinkRecord): ScoredPair {
  return scorePair(cm, a, b);
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  family_name: 'family name',
  given_name: 'given name',
  patronymic: 'patronymic',
  birth_date: 'birth date',
  sex: 'sex',
  unit: 'unit',
  service_number: 'service number',
};

/**
 * Why a pair is in the review queue, in words a reviewer can act on: what speaks for it, what against,
 * and what is unknown, strongest first ("for: family name exact (+14.2), birth date exact (+14.5);
 * against: patronymic different (−4.1); unknown: service number").
 */
export function queueReason(pair: ScoredPair): string {
  const word = (c: { field: string; level: string; weight: number }): string =>
    `${FIELD_WORDS[c.field] ?? c.field} ${c.level.replace(/_/g, ' ')} (${c.weight > 0 ? '+' : ''}${c.weight.toFixed(1)})`;
  const known = pair.contributions.filter((c) => c.level !== 'missing');
  const pro = known.filter((c) => c.weight > 0.5).sort((a, b) => b.weight - a.weight);
  const con = known.filter((c) => c.weight < -0.5).sort((a, b) => a.weight - b.weight);
  const unknown = pair.contributions.filter((c) => c.level === 'missing');
  const parts = [`for: ${pro.map(word).join(', ') || 'nothing strong'}`];
  if (con.length > 0) parts.push(`against: ${con.map(word).join(', ')}`);
  if (unknown.length > 0)
    parts.push(`unknown: ${unknown.map((c) => FIELD_WORDS[c.field] ?? c.field).join(', ')}`);
  return `${parts.join('; ')}; not sure enough to link automatically (score ${pair.score.toFixed(1)})`;
}
