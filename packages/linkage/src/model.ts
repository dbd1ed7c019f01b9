/**
 * The Fellegi–Sunter model: for each field and level, m (how often a true match shows that level) and u
 * (how often two random records do); a level weighs log2(m/u) bits of evidence. A pair's score is the
 * prior log-odds of a match plus its fields' weights, plus term-frequency adjustments for common family
 * and given names (an exact "Шевченко" says less than an exact "Ґудзь"). Scores are in log2 odds.
 */
import {
  birthLevel,
  compareRecords,
  FAMILY_CUT,
  FAMILY_HEARD,
  familyWord,
  FIELDS,
  heardFamily,
  LEVELS,
  MISSING,
  sexOfGivenKey,
  type Field,
  type LinkRecord,
  type Vector,
  isFieldPost,
  unitLevel,
  serviceNumberLevel,
} from './compare.js';
import { heardSkeleton } from '@homecoming/names';

/**
 * Version of the comparison and scoring code; a trained model's version adds its training stamp. fs-2:
 * term frequencies from the registry's own counts, uncapped for rare names; the prior follows its size.
 * fs-3: a birth date known in part that agrees as far as it goes (year only, year and month) has levels of
 * its own, apart from full dates that differ in day or month. A model stored before fs-3 scores the birth
 * date with the default m and u (see `compileModel`) until it is retrained. fs-4: family names within two
 * edits but not close are `near`; a full date a year off on the same day and month has its own level; a
 * record is compared with a person as a whole (best evidence of each field across its records); the import
 * queues only the possible matches from `thresholds.queue`. A model stored under fs-3 keeps its weights
 * for the levels that kept their meaning (see FS3_LEVELS). fs-5: a name's term frequency leaves out the
 * pair's own records (the candidate's, and the arriving one when counted) and counts the man compared as
 * one of a population of PRIOR_MIN_RECORDS, so a rare name weighs what it is worth; the levels, m and u
 * keep their meaning, so a model stored under fs-4 loads as it is. fs-6: a link on the names alone
 * (nothing beside the family and given names agreeing) is never made automatically, however rare the
 * names (`corroborated` in decide.ts): it is a possible match; scores, levels, m and u are fs-5's (an fs-5
 * model loads as it is). fs-7: nor across birth dates that contradict each other (`birthContradicted` in
 * decide.ts: full dates two or more years apart on another day of the year, none of the person's agreeing);
 * scores, levels, m and u are fs-6's (an fs-6 model loads as it is). fs-8: a phonetic agreement weighs by
 * the registry's count of its phonetic key (migration 0029), not of its commoner spelling: strangers share
 * the code, whatever they write (`phoneticTf`); levels, m and u are fs-7's (an fs-7 model loads as it is).
 * fs-9: a given name or patronymic written as an initial (Т., T. H., Yu.) is compared as one — `initial`
 * (the other record's name, in any script, starts with it) and `other_initial` — instead of `missing`; a
 * model stored under fs-8 keeps its weights for the other levels (see OLD_LEVELS) and takes the default
 * ones for the two new levels; training sets them from how often strangers' initials agree (`train.ts`).
 * fs-10: a given name of four letters or more one edit from the other's, beginning alike, is `close` (a
 * typo Jaro–Winkler reads as far in a short name: Іван, Ібан); a family and given name in each other's
 * columns that the parse could not put back are `close` both; a record that gives no sex takes its
 * given-name class's (`toLinkRecord`), compared only where the given names do not agree (where they do, it
 * would count them twice). Levels, m and u are fs-9's (an fs-9 model loads as it is). Tried and not kept:
 * a `different` surname weighing 3.3 bits less for two records of a woman (a married and a maiden name):
 * at 100,000 persons it linked strangers, women of one given name, patronymic and birth date. fs-11:
 * training takes each field's m as the median of the EM sessions, not their mean, and leaves out a session
 * that found more matched pairs than the registry has records (`trainModel`); a trained model links a list
 * automatically from 6.5, not 7 (TRAINED_THRESHOLDS). Scoring, levels, m and u keep their meaning (an fs-10
 * model loads as it is; retraining gives the new m). fs-12: a patronymic of one class weighs by its
 * father's class's share of the records that give one, and birth dates that agree on the year by that
 * year's share of the records that give one (migration 0035; `fatherTf`, `yearTf`), as a name weighs by its
 * count: strangers share Олександрович and a crowded cohort's year more often than the model's u says; and
 * a sex both records give adds nothing when their given names agree on a man's or a woman's class
 * (`compareRecords`: the name said it). Levels, m and u are fs-11's (an fs-10 or fs-11 model loads as it
 * is; trained under fs-12, the sex's m and u leave out the pairs whose given names agree). fs-13: a given
 * name no class recognises (a misspelling: Олксандр) is `close` to a record whose class has some spelling,
 * in any script or language, that it is close to or one edit from (Александр, Oleksandr), not only to the
 * other record's written form (a list's threshold stays 6.5: TRAINED_THRESHOLDS says why). Levels, m and
 * u are fs-12's (an fs-12 model loads as it is). fs-14: birth years three or more apart contradict where a
 * side gives only a year or a year and month, unless one misread digit turns one year into the other
 * (`birthContradicted` in decide.ts): such a pair waits for a person; scores, levels, m and u are fs-13's
 * (an fs-13 model loads as it is). fs-15 (lrec): a given name no class recognises is `close` to a class one
 * of whose spellings it is read as by a scanner (`familyGlyphKey`: Drnitro, Dmitro); a person's merged view
 * takes each field's best from the records that give it (a record silent on the patronymic no longer hides
 * another's disagreement); a list's row matches the best of two persons above the threshold when it is
 * clear of the others by as much (`DecideOptions.clearMargin`), and from a trained model's
 * `thresholds.listAgreeing` (6; 5 for models trained since lst2) when every field both give weighs at least AGREE_MIN for the link
 * (`agreesThroughout`). Levels, m and u are fs-14's (an fs-14 model loads as it is; without
 * `listAgreeing` a list decides from `list` alone until retrained). fs-16 (thr): training counts the
 * matches per record (the prior) by scoring every blocked pair once with the settled model and the
 * records' own name counts (`matchesFrom: 'scored'`, branch `prod`), not as the largest EM session's
 * λ × pairs, which took a block's namesakes for matches (realistic, 10,000 records: 1.23 other records per
 * record, truth 0.42) or left a session out (200,000 persons: 1.38, truth 1.68); and a list's row matches
 * from TRAINED_THRESHOLDS.list = 7 (was 6.5), chosen with the honest prior at 20,000, 100,000 and 200,000
 * persons (train.ts says why). Scoring, levels, m and u are fs-15's: a stored fs-15 model keeps its prior
 * and its thresholds (they are stored with it), so its decisions stay as they were until it is retrained.
 * fs-17 (lrec): a given name no class recognises is also `close` to a class one of whose spellings it is a
 * typist's slip of, both of five letters or more — one edit that changes, drops or swaps the first letter
 * (Батала, Наталя), or two edits after a first letter that agrees (Візлі, Віталій; Мкела, Микола) —, where it
 * was `different` (−5.9 bits against a full date that agreed). Levels, m and u are fs-16's (an fs-16 model
 * loads as it is; retraining sets `close`'s m and u with these pairs in it).
 * fs-18 (fam): no automatic link where every given name of the person's records names another person than
 * the record's — two classes the names package knows, not close to each other (`givenContradicted` in
 * decide.ts): twins share a surname, a patronymic and a birth date, whose weights outvoted the given names
 * (190 of 224 wrong automatic links with relatives in the generated population). Scoring, levels, m and u
 * are fs-17's (an fs-17 model loads as it is).
 * fs-19 (trunc): a family name that is the other's cut by a fixed-width field (`cutFamily`: nine letters or
 * more of one word, the other going on; Великодніпр, Великодніпровський) has a level of its own, `cut`,
 * where it was `close` or `near` (or `different`); no term-frequency adjustment (a cut key is rare as
 * written, not as a name). A model stored under fs-18 keeps its weights for the other levels (FS18_LEVELS)
 * and takes the default m and u for `cut` until retrained.
 * fs-20 (joint): names that go together weigh as they go together. Where the family keys agree, a given name of
 * one key weighs by its share among the surname's other holders (`familyGiven` counts, migration 0055), not
 * its share of the registry, and where the given keys agree, a patronymic of one class by its share among
 * that given name's other holders who give one (`givenFather`): in a population where families name their
 * sons alike (a mixed population: family × given co-occur 1.59 times what independence predicts), the product
 * of the two shares overstated a namesake's rarity. The conditional share is shrunk toward the independent
 * one by JOINT_PSEUDO pseudo-holders, taken only where it exceeds the independent share by more than
 * JOINT_SIGMAS standard deviations of its count (`jointShare`), and never raises a weight above fs-19's.
 * Levels, m and u are fs-19's (an fs-19 model loads as it is).
 * fs-21 (phon2): names as heard on the phone. A family name that agrees with the other once inner о/а, е/и
 * and ю/у after ч/ш/ж are folded (`heardSkeleton`: Шевчинко, Шевченко) has a level of its own, `heard`,
 * where it was `phonetic` (a heard form keeps the consonants, so it shares the code); its term-frequency
 * adjustment is phonetic's (strangers agree by carrying any spelling of the code). A given name of no class
 * that one class only is heard as, of the record's sex (`givenClassHeardAs`: Оликсандр, Микала, Дметро), is
 * `same_class` with that class, where it was `close` or `different`. Blocking keys are unchanged. A model
 * stored under fs-19 keeps its weights for the other levels (FS19_LEVELS) and takes the default m and u for
 * `heard` until retrained.
 * fs-22 (pat3): a `close` patronymic corroborates a link only where a side's patronymic names a father's class
 * the tables know (`CORROBORATION.closePatronymic` 'classed', decide.ts). Two spellings of a father's name no
 * table classes agree as `close` (Ласлович, Ласлович) with nothing counting how common that name is: a third
 * name agreeing, not evidence beyond the names, so such a link is names-only and never automatic. On the
 * mixed population wrong automatic links 51 → 34 (precision 0.997 → 0.998) for 208 right links sent to
 * review; realistic and harsh link as fs-21. And (dsp) a surname that is one of the other record's two surnames
 * as spelt (Коваленко against Коваленко Шевченко, Шевченко-Коваленко, Шевченко (Коваленко)) is `exact`, weighed
 * by that one surname's rarity, where it was `close` (compare.ts). Levels, m and u are fs-21's (an fs-21 model
 * loads as it is).
 * fs-23 (gy): a birth date written as a guess (бл. 1991, 1991?, ~1991: `LinkRecord.birthGuessed`, stored as
 * `record.birth_guessed`, migration 0060) is compared by its year alone and corroborates nothing beside the
 * names (`CORROBORATION.guessedSilent`): names and a guessed year are a names-only pair, never automatic. The
 * placeholders offices write when only the year is known are read for comparison as what they say: 1 January as
 * the year alone, 1 January 1900 as no date (`DATE_READING`; the stored date is unchanged). holdout7 strangers
 * matched 3 → 1 of 363, holdout7/mixed wrong automatic links 43 → 38; a true 1 January birth weighs as its year.
 * Levels, m and u are fs-22's (an fs-22 model loads as it is).
 * fs-24 (yr3): a year agreeing where a side gives only a year (`same_year`), with nothing else beyond the names
 * agreeing beside it, corroborates nothing where the registry's counts hold the record's family and given names
 * together on a record beside the pair's own (`CORROBORATION.yearOnlyNamesakes` 1: namesakes of the whole name
 * are there, and one of the same cohort shows such a year as often as the man himself), nor where a patronymic
 * or a unit both give weighs against the link (`yearOnlyAgainst`); an unclassed `close` patronymic counts beside
 * the year (decide.ts). Such a link goes to review. Wrong automatic links mixed 34 → 20, holdout7/mixed 38 → 21,
 * holdout8/mixed 39 → 26, realistic 2 → 1, for persons F1 −0.002 (realistic, mixed, holdout8/mixed), −0.003
 * (holdout7/mixed) and a list's match recall −0.005 (realistic) to −0.010 (holdout7/mixed). Levels, m and u
 * are fs-23's (an fs-23 model loads as it is).
 * fs-25 (tw): twins kept apart. Beside a twin's signature — the surname, the patronymic (`same_class`) and the
 * full birth date agreeing — a given name `different` from the person's contradicts the link whether or not
 * the tables class it (a translation they lack, Nikolaus against Андрій), and so does a `close` one of another
 * class (Ярослав, Мирослав) (`givenContradicted`, decide.ts), but for a name cut short that starts a spelling of
 * the other's ("Оле.", `cutShort`); elsewhere the fs-18 reading holds. Two persons whose records are twins'
 * (`twinsApart`: the signature and two classed given names that differ) are not one man held twice (`compatibleRecords`): a record that fits both (no given
 * name) goes to review, one that names one of them joins him as before, and `dedupe` does not cluster them.
 * Levels, m and u are fs-24's (an fs-24 model loads as it is). And (age2) training reads a guessed birth
 * year (written as a guess, or from an age) as no year: u, m and the prior no longer learn from years off by
 * one in four true pairs of ten, so the same registry trains other m for the birth levels than fs-24 did;
 * linking still compares it by its year.
 * fs-26 (tw2, sx2): fs-25 with its contracted form read: a given name contracted to its start and end ("Ол-ій",
 * "Вол-ир", "Ser-ii"; and, read by its written parts, one whose head the tables class as another name, "Влад-ир")
 * where one spelling of the other's starts and ends so is his (`cutShort`), neither a twin's beside the twin
 * signature nor another classed name — holdout5's `given_contracted` links fs-25 held apart (bench/RESULTS.md
 * `tw2`, `sx2`). And a record that gives no sex but whose patronymic's ending says one (-ович, -івна:
 * `sexOfPatronymic`) does not join a person whose records give only the other sex without a human
 * (`sexContradicted`: a sister's record without a given name met her brother's person). Levels, m and u are
 * fs-24's (an fs-24 or fs-25 model loads as it is).
 * fs-27 (pd2): fs-26 with a Turkic patronymic read as one ("Мамед оглы", "Рустам кызы": names/turkic.ts), its
 * particle saying the sex as -ович and -івна do (`sexOfPatronymic`), so such a record without a sex no longer
 * joins a person of the other sex without a human. It only holds links back. Levels, m and u are fs-24's (an
 * fs-24, fs-25 or fs-26 model loads as it is).
 * fs-28 (lst4): fs-27 with a service number that one of the person's records gives lifting the twin
 * signature (`serviceNumberHeld`): twins never share a number, so a slip of his given name beside his own number
 * is his, not a twin's; two classed given names that differ still contradict. Levels, m and u are fs-24's
 * (an fs-24 to fs-27 model loads as it is).
 * fs-29 (sn16): fs-28 with a personal number read, not only folded (`readServiceNumber`, `serviceNumberLevel`): a
 * label or a sign after the series left in a stored number ("№ АА123456", "АА № 123456") read as the import reads
 * it, and a number of digits alone ("123456", "23456": a spreadsheet dropped the series and the leading zeros)
 * against one with a series and the same digits `same`, not `different` nor a hard conflict. Two series, or other
 * digits, are still two men. Levels, m and u are fs-24's (an fs-24 to fs-28 model loads as it is).
 * fs-30 (wl): fs-29 with two whole patronymics that name two fathers (classes the tables know, or unknown
 * fathers with a patronymic's ending: Наумович, Мойсейович) and are not close holding an automatic link
 * (`patronymicContradicted`: namesakes born the same day with other fathers), and a given name's initial that
 * alone lifts a link to the threshold held where another candidate of the surname fits the initial as well
 * (`initialCarries`, `initialFitsAnother`: "О." beside Олег and his brother Остап). Both only hold links back.
 * Levels, m and u are fs-24's (an fs-24 to fs-29 model loads as it is).
 * fs-31 (wl2): fs-30 with two full birth dates two slips apart (another month and day of one year, a year apart on
 * another day) contradicting unless the day and month are swapped or the dates lie a week or less apart
 * (`fullDatesTwoSlips`), and a birth date corroborating an automatic link only from AGREE_MIN (2 bits) up
 * (`dateMinWeight`: a year-only date a year off, another month of the year no longer carry names alone). Both only
 * hold links back. Levels, m and u are fs-24's (an fs-24 to fs-30 model loads as it is).
 */
export const LINKAGE_MODEL_VERSION = 'fs-31' as const;

/** Per field, one probability per level (the `missing` level's entry is unused). */
export type LevelProbabilities = Record<Field, number[]>;

/** A trained (or default) model, as persisted in linkage_model. */
export interface LinkageModel {
  version: string;
  /** log2(λ / (1 − λ)): the odds that two records drawn at random describe one person (at training). */
  prior: number;
  /**
   * Other records describing the same person, per record (2 × true pairs / records): with the registry's
   * current size N it gives the prior λ = matchesPerRecord / N, so the prior follows the registry as it
   * grows. Absent in models trained before fs-2 (then `prior` is used as stored).
   */
  matchesPerRecord?: number;
  m: LevelProbabilities;
  u: LevelProbabilities;
  /** Share of records holding each common family key / given-name class (term frequencies). */
  tf: { family_name: Record<string, number>; given_name: Record<string, number> };
  /**
   * Score at or above which a record is linked automatically, and at or above which it is a possible
   * match (a list shows it; a search ranks it). `queue`: score at or above which the import puts a possible
   * match in the review queue (absent in models stored before fs-4: see `queueThreshold`); the import
   * queues at most IMPORT_QUEUE_SHARE of its records, the likeliest first. `list`: the automatic-link
   * threshold for a list decided against the registry (`link`, an exchange's list, a tracing request) where
   * it differs from the registry's own (`auto`: an import, a new record, `dedupe`); see `forLists`.
   * `listAgreeing`: a list's row also matches from this score, below `list`, when every field both it and
   * the person give speaks for their being one man (`agreesThroughout`; absent in models trained before
   * fs-15: `list` alone).
   */
  thresholds: { auto: number; review: number; queue?: number; list?: number; listAgreeing?: number };
  /** What it was trained on, for the record. */
  trained?: { records: number; blockedPairs: number; randomPairs: number; iterations: number; at: string };
}

/** One field's part in a score. */
export interface Contribution {
  field: Field;
  level: string;
  /** log2 Bayes factor, term-frequency adjustment included. */
  weight: number;
}

/** A pair's score (prior + Σ weights) and its explanation. */
export interface ScoredPair {
  score: number;
  /** Σ weights without the prior: the evidence of the fields alone. */
  evidence: number;
  contributions: Contribution[];
}

// Default m and u, before any training: m from what sources get wrong (typos, swapped dates, missing
// patronymics), u from how names and dates spread in a population of a million. Replaced by `train`.
// The initial levels assume one pair in a hundred has a side that writes initials (added beside the other
// levels' shares, which keep their pre-fs-9 values; a weight reads only m/u): of one man's pairs an
// initial agrees INITIAL_M_AGREE of the time; of strangers' pairs DEFAULT_INITIAL_U_AGREE (a given name's
// first letter is one of about twenty, unevenly: О, В, С, А, І, М, Д carry most men), in any script.
const DEFAULT_M: LevelProbabilities = {
  // `cut` (fs-19): a fixed-width system's cut of one man's surname in about one pair of a hundred, at the
  // ratio of `exact` (a cut says what the whole name says, without its rarity) until training sets it.
  // `heard` (fs-21): a clerk's ear in about one pair of two hundred, below `exact` (strangers' vowels
  // differ, their consonants may not) and far above `phonetic`, until training sets it.
  family_name: [0.865, 0.08, 0.04, 0.01, 0.005, 0.00865, 0.005, 0],
  given_name: [0.6, 0.3, 0.05, 0.05, 0.0097, 0.0003, 0],
  patronymic: [0.9, 0.04, 0.06, 0.0097, 0.0003, 0],
  birth_date: [0.75, 0.02, 0.01, 0.01, 0.09, 0.02, 0.06, 0.02, 0.02, 0],
  sex: [0.97, 0.03, 0],
  unit: [0.5, 0.5, 0],
  service_number: [0.99, 0.01, 0],
};
const DEFAULT_U: LevelProbabilities = {
  // Two skeletons within two edits, not close by Jaro–Winkler: 0.1% of strangers' pairs in a population
  // with the real long tail of surnames, 0.4% among a couple of hundred surnames; 1% of one man's pairs.
  family_name: [0.003, 0.004, 0.01, 0.003, 0.98, 0.00003, 0.00003, 0],
  given_name: [0.02, 0.01, 0.01, 0.96, 0.001, 0.009, 0],
  patronymic: [0.03, 0.01, 0.96, 0.001, 0.009, 0],
  // Birth years spread over about fifty: two strangers share one about 1 time in 50; a source gives only
  // the year (or year and month) for about a tenth of records.
  // A full date a year off with the same day and month: 2 years in 50 × 1 day in 365.
  birth_date: [0.00003, 0.00003, 0.0001, 0.0015, 0.002, 0.016, 0.0001, 0.008, 0.97234, 0],
  sex: [0.55, 0.45, 0],
  unit: [0.001, 0.999, 0],
  service_number: [0.000001, 0.999999, 0],
};

/** Of one man's pairs where a side writes an initial, the share whose initial agrees (a slip is rare). */
export const INITIAL_M_AGREE = 0.97;
/** Of strangers' pairs where a side writes an initial, the share whose initial agrees, before training. */
export const DEFAULT_INITIAL_U_AGREE = 0.1;

/**
 * Default thresholds (log2 odds): auto-link at ≥ 0.97 match probability, review down to ≈ 0.015. Chosen
 * with bench/linkage/sweep.ts and eval.ts (realistic and harsh populations, term frequencies from the
 * registry): the highest recall that keeps auto-link precision ≥ 0.998.
 */
export const DEFAULT_THRESHOLDS = { auto: 5, review: -6 } as const;

/**
 * Where the import's review queue starts when a model does not say: even odds (log2 odds 0), or the review
 * threshold if that is higher. Below even odds a pair is more likely two people than one, mostly a bare
 * agreement of common names that a reviewer, seeing the same fields, could not decide better; queued, such
 * pairs made a queue of one pair for every six persons, which no team clears. They stay possible matches
 * (a list shows them; `dedupe` scores them again with a trained model) but wait for no one.
 */
export const QUEUE_FROM = 0;

/**
 * Most review pairs an import queues, as a share of the records it writes (at least one per batch): about
 * 2% of the persons a registry holds when a man has two records on average. The likeliest pairs are kept
 * (a record that matched two persons as surely first, then by score); the others stay apart, as possible
 * matches that a list shows and `dedupe` scores again with a trained model.
 */
export const IMPORT_QUEUE_SHARE = 0.01;

/** How many review pairs a batch of `records` records may queue (see IMPORT_QUEUE_SHARE). */
export function importQueueCap(records: number): number {
  return Math.max(1, Math.ceil(records * IMPORT_QUEUE_SHARE));
}

/**
 * The model as a list decided against the registry reads it: automatic links from `thresholds.list` where the
 * model sets one. A list's strangers are many (a third of an exchange's names may be unknown) and a wrong
 * match there tells a family the wrong news, so a trained model asks more of a list's row than of a record
 * joining the registry (TRAINED_THRESHOLDS).
 */
export function forLists(model: LinkageModel): LinkageModel {
  const { list, ...rest } = model.thresholds;
  return list === undefined ? model : { ...model, thresholds: { ...rest, auto: list } };
}

/** The score at or above which the import queues a possible match for review. */
export function queueThreshold(model: LinkageModel): number {
  return model.thresholds.queue ?? Math.max(QUEUE_FROM, model.thresholds.review);
}

/** The model used before any training. */
export function defaultModel(): LinkageModel {
  return {
    version: `${LINKAGE_MODEL_VERSION}:default`,
    prior: Math.log2(1e-6 / (1 - 1e-6)),
    // Before training: a record has, on average, about one other record of its person in a registry.
    matchesPerRecord: 1,
    m: structuredClone(DEFAULT_M),
    u: structuredClone(DEFAULT_U),
    tf: { family_name: {}, given_name: {} },
    thresholds: { ...DEFAULT_THRESHOLDS },
  };
}

/**
 * Largest negative term-frequency adjustment. There is no largest positive one: agreeing on a surname
 * five people in a million carry is strong evidence, and capping it would throw that away.
 */
const TF_MAX_PENALTY = -6;

/**
 * How often each family key and given-name class occurs in the registry now (counted as records arrive),
 * and how many records it holds: the evidence of an exact agreement, and the prior, follow the registry.
 */
export interface TermFrequencies {
  /** Records counted. */
  records: number;
  family: ReadonlyMap<string, number>;
  given: ReadonlyMap<string, number>;
  /**
   * How often each family phonetic key occurs (record.key_family_phonetic): the evidence of a phonetic
   * agreement, which strangers share by the code, not by the spelling. Absent (counts kept before fs-8):
   * a phonetic agreement weighs by the commoner of its two spellings.
   */
  phonetic?: ReadonlyMap<string, number>;
  /**
   * How often each father's-name class occurs (record.key_father): the evidence of a patronymic of one
   * class, which a stranger shares as often as his father's name is common (Олександрович, Іванович
   * against Архипович). Absent: a patronymic's agreement weighs the model's m/u alone.
   */
  father?: KeyCounts;
  /**
   * How often each birth year occurs (key: the year): the evidence of birth dates that agree on their
   * year, which strangers share as often as their cohort is large. Absent: the model's u alone.
   */
  birthYear?: KeyCounts;
  /**
   * Whether the records being linked are among the counts (an import batch counts its own records before
   * it links them): each pair then leaves the arriving record out of its name's count, as it leaves out the
   * candidate's own records (see `otherHolders`).
   */
  countsArriving?: boolean;
  /**
   * fs-20: how many records hold each family key with each given-name key (key `jointKey(family, given)`):
   * a given name's share among a surname's holders. Absent: a given name weighs by its own share alone.
   */
  familyGiven?: ReadonlyMap<string, number>;
  /**
   * fs-20: of the records of each given-name key, how many give each father's class (key
   * `jointKey(given, father)`) and how many give one at all (`jointKey(given, '')`): a patronymic's share
   * among a given name's holders. Absent: a patronymic weighs by its own share alone.
   */
  givenFather?: ReadonlyMap<string, number>;
  /**
   * Bench only (yr2, `GIVENYEAR=1` in bench/linkage/simulate.ts; no production caller sets it): of the
   * records of each given-name key, how many give each birth year (key `jointKey(given, year)`) and how many
   * give one at all (`jointKey(given, '')`): a year's share among a given name's holders, where the given
   * names agree (names follow birth cohorts). Absent: a year weighs by its own share alone.
   */
  givenYear?: ReadonlyMap<string, number>;
  /** Bench only (GIVENYEAR=raw): `givenYear`'s share without `jointShare`'s two-sigma gate. */
  givenYearRaw?: boolean;
}

/** The key of two keys counted together (`TermFrequencies.familyGiven`, `givenFather`); keys hold no '|'. */
export function jointKey(first: string, second: string): string {
  return `${first}|${second}`;
}

/**
 * Pseudo-holders of a joint share's smoothing (fs-20): a given name's share among a surname's other holders
 * is (others holding both + JOINT_PSEUDO · independent share) / (others holding the surname + JOINT_PSEUDO),
 * so that a family of a few records moves it little from the share the name has in the registry.
 */
export const JOINT_PSEUDO = 20;

/**
 * How many standard deviations (binomial, of the holders' count under independence, at least one holder) the
 * joint count must exceed its expectation by before the joint share replaces the independent one (fs-20):
 * below it, the excess is what chance gives, and discounting it cost realistic populations recall for nothing.
 */
export const JOINT_SIGMAS = 2;

/**
 * The share a second key weighs by among the holders of a first (fs-20): `joint` of the `holders` (other
 * records, the pair's own left out) hold it too, against an independent share `independent`. The shrunk
 * conditional share where the joint count exceeds independence by more than JOINT_SIGMAS deviations, never
 * below `independent` (a weight may only fall); otherwise `independent`.
 */
export function jointShare(independent: number, joint: number, holders: number): number {
  if (holders <= 0 || joint <= 0) return independent;
  const p = Math.min(1, independent);
  // A count moves by whole holders: its deviation is taken as at least one, so that in a small registry one
  // namesake who shares both names (an expectation of a few hundredths) is not read as a family's custom.
  if (joint - holders * p <= JOINT_SIGMAS * Math.max(1, Math.sqrt(holders * p * (1 - p)))) return independent;
  return Math.max(independent, (joint + JOINT_PSEUDO * p) / (holders + JOINT_PSEUDO));
}

/**
 * The registry's counts of one kind of key that not every record gives (a father's name, a birth year), and
 * how many records give one: a key's share is of the records that give the field, as its u is.
 */
export interface KeyCounts {
  counts: ReadonlyMap<string, number>;
  records: number;
}

/** A model with its weights computed once, for fast scoring. */
export interface CompiledModel {
  model: LinkageModel;
  /** The prior in use (log2 odds): the model's, or the one that follows the registry's size. */
  prior: number;
  /** weights[field index][level] in log2 units; 0 for `missing`. */
  weights: Float64Array[];
  /** u of the levels that take a term-frequency adjustment. */
  uFamilyExact: number;
  uGivenSame: number;
  /**
   * Share of other people's records holding a family key / given class (smoothed), when counts are known:
   * `own` records holding it (the pair's own: the candidate's records, the arriving one if counted) are
   * left out of the count.
   */
  familyFreq: (key: string, own?: number) => number | undefined;
  givenFreq: (key: string, own?: number) => number | undefined;
  /** The same for a family phonetic key; undefined when the counts give none (see TermFrequencies.phonetic). */
  phoneticFreq: (key: string, own?: number) => number | undefined;
  /** The same for a father's-name class (patronymic); undefined when the counts give none. */
  fatherFreq: (key: string, own?: number) => number | undefined;
  /** The same for a birth year; undefined when the counts give none. */
  yearFreq: (key: string, own?: number) => number | undefined;
  /** u of a patronymic of one class. */
  uFatherSame: number;
  /** Of strangers' pairs, the share whose birth years agree (the default u's assumption, see YEAR_U). */
  uYear: number;
  /** Whether the arriving record is among the counts (TermFrequencies.countsArriving). */
  countsArriving: boolean;
  /**
   * fs-20: the joint counts (TermFrequencies.familyGiven, givenFather) and the family counts they are read
   * against; null where the counts give none (the independent shares alone).
   */
  joint: {
    family: ReadonlyMap<string, number>;
    familyGiven: ReadonlyMap<string, number> | undefined;
    givenFather: ReadonlyMap<string, number> | undefined;
    givenYear?: ReadonlyMap<string, number> | undefined;
    givenYearRaw?: boolean;
  } | null;
}

/** The term frequencies of a set of records held in memory (re-resolution, training). */
export function termFrequenciesOfRecords(
  records: readonly LinkRecord[],
  options: { givenYear?: boolean } = {},
): TermFrequencies {
  const family = new Map<string, number>();
  const given = new Map<string, number>();
  const phonetic = new Map<string, number>();
  const father = new Map<string, number>();
  const birthYear = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string | null): void => {
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  };
  const familyGiven = new Map<string, number>();
  const givenFather = new Map<string, number>();
  const givenYear = new Map<string, number>();
  for (const r of records) {
    if (options.givenYear === true && r.given !== null && r.birthYear !== null) {
      bump(givenYear, jointKey(r.given, String(r.birthYear)));
      bump(givenYear, jointKey(r.given, ''));
    }
    bump(family, r.family);
    bump(given, r.given);
    bump(phonetic, r.familyPhonetic);
    bump(father, r.father);
    bump(birthYear, r.birthYear === null ? null : String(r.birthYear));
    if (r.family !== null && r.given !== null) bump(familyGiven, jointKey(r.family, r.given));
    if (r.given !== null && r.father !== null) {
      bump(givenFather, jointKey(r.given, r.father));
      bump(givenFather, jointKey(r.given, ''));
    }
  }
  const holding = (m: Map<string, number>): KeyCounts => {
    let n = 0;
    for (const c of m.values()) n += c;
    return { counts: m, records: n };
  };
  return {
    records: records.length,
    family,
    given,
    phonetic,
    father: holding(father),
    birthYear: holding(birthYear),
    familyGiven,
    givenFather,
    ...(options.givenYear === true ? { givenYear } : {}),
  };
}

/**
 * The prior never assumes a registry smaller than this: records arrive about people of a population of
 * millions, and a registry of a few hundred records does not make a name-only agreement likely.
 */
export const PRIOR_MIN_RECORDS = 50_000;

/**
 * Pseudo-records of smoothing. A name's share is (others + TF_PSEUDO · u) / (records + TF_PSEUDO) + 1 /
 * max(records + 1, PRIOR_MIN_RECORDS): `others` counts the records holding it that are not the pair's own
 * (see `otherHolders`), shrunk toward the model's u so that a small registry's few counts move it little (no
 * adjustment); the last term is the man being compared, one person of a population at least as large as
 * the prior assumes (PRIOR_MIN_RECORDS), so a name no one else holds keeps a small but finite share.
 */
export const TF_PSEUDO = 100;

/**
 * Of strangers' pairs whose birth years are both known, the share that agree on the year, as the default u
 * assumes (years spread over about fifty). A year's own share replaces it where the counts give one.
 */
const YEAR_U = 0.02;

/** The prior (log2 odds) for a registry of `records` records under a model. */
export function priorFor(model: LinkageModel, records: number): number {
  if (model.matchesPerRecord === undefined) return model.prior;
  const lambda = Math.min(0.5, model.matchesPerRecord / Math.max(records + 1, PRIOR_MIN_RECORDS));
  return Math.log2(lambda / (1 - lambda));
}

/**
 * The levels of the fields that fs-4 changed, as fs-3 stored them: a model trained under fs-3 keeps its
 * weights for the levels that kept their meaning, and takes the default m and u for the new ones
 * (`near` family names; a full date a year off on the same day and month). The same for fs-9's initial
 * levels of the given name and patronymic, as fs-4 to fs-8 stored them.
 */
const FS8_LEVELS: Partial<Record<Field, readonly string[]>> = {
  given_name: ['exact', 'same_class', 'close', 'different', 'missing'],
  patronymic: ['same_class', 'close', 'different', 'missing'],
};
const FS19_LEVELS: Partial<Record<Field, readonly string[]>> = {
  family_name: ['exact', 'phonetic', 'close', 'near', 'different', 'cut', 'missing'],
};
const FS18_LEVELS: Partial<Record<Field, readonly string[]>> = {
  family_name: ['exact', 'phonetic', 'close', 'near', 'different', 'missing'],
};
const FS3_LEVELS: Partial<Record<Field, readonly string[]>> = {
  family_name: ['exact', 'phonetic', 'close', 'different', 'missing'],
  birth_date: [
    'exact',
    'day_month_swapped',
    'same_year_month',
    'same_year_other_day',
    'same_year',
    'same_year_other_month',
    'year_off_by_one',
    'conflicting',
    'missing',
  ],
};

/**
 * A stored model's m and u of one field under the current levels. Stored under older levels (see
 * FS3_LEVELS, FS8_LEVELS, FS18_LEVELS, FS19_LEVELS), each level is taken by name where the old ladder had it; under any other
 * levels, the field is scored with the default m and u.
 */
function levelProbabilities(model: LinkageModel, f: Field): [readonly number[], readonly number[]] {
  const m = model.m[f];
  const u = model.u[f];
  if (m.length === LEVELS[f].length && u.length === LEVELS[f].length) return [m, u];
  const old = [FS3_LEVELS[f], FS8_LEVELS[f], FS18_LEVELS[f], FS19_LEVELS[f]].find(
    (levels) => levels !== undefined && m.length === levels.length && u.length === levels.length,
  );
  if (old === undefined || m.length !== old.length || u.length !== old.length)
    return [DEFAULT_M[f], DEFAULT_U[f]];
  const pick = (stored: readonly number[], fallback: readonly number[]) =>
    LEVELS[f].map((name, l) => {
      const k = old.indexOf(name);
      return k === -1 ? (fallback[l] as number) : (stored[k] as number);
    });
  return [pick(m, DEFAULT_M[f]), pick(u, DEFAULT_U[f])];
}

/**
 * Precomputes a model's weights. With `tf` (the registry's counts), exact agreements are weighed by how
 * rare the value is (smoothed, see TF_PSEUDO), and the prior follows the registry's size.
 */
export function compileModel(model: LinkageModel, tf?: TermFrequencies): CompiledModel {
  const weights = FIELDS.map((f) => {
    const w = new Float64Array(LEVELS[f].length);
    const [mf, uf] = levelProbabilities(model, f);
    for (let l = 0; l < LEVELS[f].length; l++) {
      if (l === MISSING[f]) continue;
      const m = Math.max(mf[l] ?? 0, 1e-6);
      const u = Math.max(uf[l] ?? 0, 1e-9);
      w[l] = Math.log2(m / u);
    }
    return w;
  });
  const fromModel =
    (table: Record<string, number>) =>
    (key: string): number | undefined =>
      table[key];
  // The count of a name includes the very man being compared: his records in the registry, and the
  // arriving one when the batch is counted. Left in, a name only he carries (count 2 or 3) would weigh as
  // if two or three other people carried it, 1.3 to 2 bits too little, and more for a man with many records.
  const fromCounts = (counts: ReadonlyMap<string, number>, n: number, u: number) => {
    const himself = 1 / Math.max(n + 1, PRIOR_MIN_RECORDS);
    return (key: string, own = 0) =>
      (Math.max(0, (counts.get(key) ?? 0) - own) + TF_PSEUDO * u) / (n + TF_PSEUDO) + himself;
  };
  const uFamilyExact = model.u.family_name[0] ?? 0.003;
  const uGivenSame = (model.u.given_name[0] ?? 0.02) + (model.u.given_name[1] ?? 0.01);
  const uFatherSame = model.u.patronymic[0] ?? 0.03;
  return {
    model,
    prior: tf === undefined ? model.prior : priorFor(model, tf.records),
    weights,
    uFamilyExact,
    uGivenSame,
    familyFreq:
      tf === undefined ? fromModel(model.tf.family_name) : fromCounts(tf.family, tf.records, uFamilyExact),
    givenFreq:
      tf === undefined ? fromModel(model.tf.given_name) : fromCounts(tf.given, tf.records, uGivenSame),
    // Smoothed toward the exact level's u, as a spelling is: a code no one else carries weighs as a rare name.
    phoneticFreq:
      tf?.phonetic === undefined ? () => undefined : fromCounts(tf.phonetic, tf.records, uFamilyExact),
    fatherFreq:
      tf?.father === undefined
        ? () => undefined
        : fromCounts(tf.father.counts, tf.father.records, uFatherSame),
    yearFreq:
      tf?.birthYear === undefined
        ? () => undefined
        : fromCounts(tf.birthYear.counts, tf.birthYear.records, YEAR_U),
    uFatherSame,
    uYear: YEAR_U,
    countsArriving: tf?.countsArriving ?? false,
    joint:
      tf === undefined ||
      (tf.familyGiven === undefined && tf.givenFather === undefined && tf.givenYear === undefined)
        ? null
        : {
            family: tf.family,
            familyGiven: tf.familyGiven,
            givenFather: tf.givenFather,
            ...(tf.givenYear === undefined
              ? {}
              : { givenYear: tf.givenYear, givenYearRaw: tf.givenYearRaw === true }),
          },
  };
}

/**
 * A given name's share (fs-20) where the family keys agree: among the surname's other holders (`familyOwn`
 * of its holders and `jointOwn` of those holding both are the pair's own, left out), by `jointShare`;
 * `independent` (its share of the registry) where the counts hold no joint counts.
 */
function givenShareAmongFamily(
  cm: CompiledModel,
  family: string,
  given: string,
  independent: number,
  familyOwn: number,
  jointOwn: number,
): number {
  const counts = cm.joint;
  if (counts?.familyGiven === undefined) return independent;
  const joint = Math.max(0, (counts.familyGiven.get(jointKey(family, given)) ?? 0) - jointOwn);
  const holders = Math.max(0, (counts.family.get(family) ?? 0) - familyOwn);
  return jointShare(independent, joint, holders);
}

/**
 * A father's class's share (fs-20) where the given-name keys agree: among the other records of that given
 * name that give a father (`holdersOwn` of them and `jointOwn` of those of this class are the pair's own).
 */
function fatherShareAmongGiven(
  cm: CompiledModel,
  given: string,
  father: string,
  independent: number,
  holdersOwn: number,
  jointOwn: number,
): number {
  const m = cm.joint?.givenFather;
  if (m === undefined) return independent;
  const joint = Math.max(0, (m.get(jointKey(given, father)) ?? 0) - jointOwn);
  const holders = Math.max(0, (m.get(jointKey(given, '')) ?? 0) - holdersOwn);
  return jointShare(independent, joint, holders);
}

/** The pair's own records (`otherHolders`) holding both `family` and `given`. */
function familyGivenOwn(
  cm: CompiledModel,
  family: string,
  given: string,
  a: LinkRecord,
  mine: readonly LinkRecord[],
) {
  let own = cm.countsArriving && a.family === family && a.given === given ? 1 : 0;
  for (const r of mine) if (r.family === family && r.given === given) own++;
  return own;
}

/**
 * The pair's own records (`otherHolders`) of the given name `given` that give a second value (`value`: a father's
 * class, a birth year), and of those the ones whose value is `v`.
 */
function givenJointOwn<T>(
  cm: CompiledModel,
  given: string,
  value: (r: LinkRecord) => T | null,
  v: T,
  a: LinkRecord,
  mine: readonly LinkRecord[],
): [number, number] {
  let holders = 0;
  let joint = 0;
  const count = (r: LinkRecord) => {
    if (r.given !== given) return;
    const x = value(r);
    if (x === null) return;
    holders++;
    if (x === v) joint++;
  };
  if (cm.countsArriving) count(a);
  for (const r of mine) count(r);
  return [holders, joint];
}

const fatherOf = (r: LinkRecord) => r.father;
const birthYearOf = (r: LinkRecord) => r.birthYear;

/**
 * The pair's own records holding a name: those of the candidate (`mine`, its records in the registry) and
 * the arriving record when the counts include it. A name's evidence is how many *other* people carry it.
 */
function otherHolders(
  cm: CompiledModel,
  field: 'family' | 'given' | 'familyPhonetic' | 'father',
  key: string,
  a: LinkRecord,
  mine: readonly LinkRecord[],
): number {
  let own = cm.countsArriving && a[field] === key ? 1 : 0;
  for (const r of mine) if (r[field] === key) own++;
  return own;
}

/**
 * The term-frequency adjustment of two spellings (a close pair; a phonetic pair without phonetic counts):
 * the rarity of the more common of the two, so that a misspelling never seen before does not pass for a
 * rare name.
 */
function spellingTf(cm: CompiledModel, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]): number {
  const x = a.family as string;
  const y = b.family as string;
  const fa = cm.familyFreq(x, otherHolders(cm, 'family', x, a, mine));
  const fb = cm.familyFreq(y, otherHolders(cm, 'family', y, a, mine));
  if (fa === undefined || fb === undefined) return 0;
  return tfAdjustment(cm.uFamilyExact, Math.max(fa, fb));
}

/**
 * The term-frequency adjustment of a phonetic agreement (Шевченко ~ Schewtschenko): the rarity of the
 * phonetic key the two share (fs-8). A stranger agrees phonetically by carrying any spelling of the code,
 * so the code's count is the evidence: two rare spellings of a common code (Шевчeнкo's many misspellings)
 * say as little as the code does. Never more than the commoner spelling's (counts kept apart may lag).
 * Without phonetic counts (a stored model's table, an older caller), the commoner spelling's.
 */
function phoneticTf(cm: CompiledModel, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]): number {
  const bySpelling = spellingTf(cm, a, b, mine);
  const code = a.familyPhonetic;
  if (code === null) return bySpelling;
  const f = cm.phoneticFreq(code, otherHolders(cm, 'familyPhonetic', code, a, mine));
  if (f === undefined) return bySpelling;
  return Math.min(bySpelling, tfAdjustment(cm.uFamilyExact, f));
}

/**
 * Largest term-frequency bonus of a close spelling (a typo, an OCR slip): a misspelling of a rare surname is
 * rare too, but the strangers whose surnames lie close to it are more than those who share it, so its
 * evidence grows with the rarity only so far.
 */
const TF_CLOSE_MAX = 3;

function closeTf(cm: CompiledModel, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]): number {
  return Math.min(TF_CLOSE_MAX, spellingTf(cm, a, b, mine));
}

/**
 * The term-frequency adjustment of a given name of one class: the rarity of the more common of the two
 * keys, so that a diminutive (Саша, keyed apart from Олександр) counts as common as its class.
 */
function givenTf(cm: CompiledModel, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]): number {
  const x = a.given as string;
  const y = b.given as string;
  if (x === y) {
    const independent = cm.givenFreq(x, otherHolders(cm, 'given', x, a, mine));
    // fs-20: where the surnames agree too, the given name's share among the surname's other holders.
    if (independent === undefined || cm.joint === null || a.family === null || a.family !== b.family)
      return tfAdjustment(cm.uGivenSame, independent);
    const family = a.family;
    return tfAdjustment(
      cm.uGivenSame,
      givenShareAmongFamily(
        cm,
        family,
        x,
        independent,
        otherHolders(cm, 'family', family, a, mine),
        familyGivenOwn(cm, family, x, a, mine),
      ),
    );
  }
  const fa = cm.givenFreq(x, otherHolders(cm, 'given', x, a, mine));
  const fb = cm.givenFreq(y, otherHolders(cm, 'given', y, a, mine));
  if (fa === undefined || fb === undefined) return 0;
  return tfAdjustment(cm.uGivenSame, Math.max(fa, fb));
}

/** The birth-date levels whose years agree (exact … same_year_other_month). */
const YEAR_AGREES = 5;

/**
 * The term-frequency adjustment of a patronymic of one class (fs-12): the rarity of the father's class among
 * the records that give a patronymic (one father in sixteen is a Микола; a Тарас is rare).
 */
function fatherTf(
  cm: CompiledModel,
  v: Vector,
  a: LinkRecord,
  b: LinkRecord,
  mine: readonly LinkRecord[],
): number {
  if (v[2] !== 0 || a.father === null) return 0;
  const independent = cm.fatherFreq(a.father, otherHolders(cm, 'father', a.father, a, mine));
  // fs-20: where the given-name keys agree too, the father's share among that given name's other holders.
  if (independent === undefined || cm.joint === null || a.given === null || a.given !== b.given)
    return tfAdjustment(cm.uFatherSame, independent);
  const [holdersOwn, jointOwn] = givenJointOwn(cm, a.given, fatherOf, a.father, a, mine);
  return tfAdjustment(
    cm.uFatherSame,
    fatherShareAmongGiven(cm, a.given, a.father, independent, holdersOwn, jointOwn),
  );
}

/**
 * The term-frequency adjustment of birth dates that agree on their year (fs-12): the rarity of the year
 * among the records that give one, against the one in fifty the model's u assumes. Years are not spread
 * evenly (soldiers' cohorts are crowded, the old and children few), so a crowded year says less.
 */
function yearTf(
  cm: CompiledModel,
  v: Vector,
  a: LinkRecord,
  b: LinkRecord,
  mine: readonly LinkRecord[],
): number {
  if ((v[3] as number) > YEAR_AGREES || a.birthYear === null) return 0;
  const y = a.birthYear;
  let own = cm.countsArriving ? 1 : 0;
  for (const r of mine) if (r.birthYear === y) own++;
  const independent = cm.yearFreq(String(y), own);
  const m = cm.joint?.givenYear;
  if (m === undefined || independent === undefined || a.given === null || a.given !== b.given)
    return tfAdjustment(cm.uYear, independent);
  // Bench (GIVENYEAR): where the given-name keys agree, the year's share among that name's other holders.
  const [holdersOwn, jointOwn] = givenJointOwn(cm, a.given, birthYearOf, y, a, mine);
  const joint = Math.max(0, (m.get(jointKey(a.given, String(y))) ?? 0) - jointOwn);
  const holders = Math.max(0, (m.get(jointKey(a.given, '')) ?? 0) - holdersOwn);
  return tfAdjustment(cm.uYear, givenYearShare(cm.joint?.givenYearRaw === true, independent, joint, holders));
}

/**
 * GIVENYEAR's share: `jointShare`, or with `raw` (TermFrequencies.givenYearRaw, bench GIVENYEAR=raw) the shrunk
 * conditional share without the two-sigma gate (never below the independent share).
 */
function givenYearShare(raw: boolean, independent: number, joint: number, holders: number): number {
  if (raw && holders > 0) {
    const p = Math.min(1, independent);
    return Math.max(independent, (joint + JOINT_PSEUDO * p) / (holders + JOINT_PSEUDO));
  }
  return jointShare(independent, joint, holders);
}

function tfAdjustment(u: number, freq: number | undefined): number {
  if (freq === undefined || freq <= 0) return 0;
  return Math.max(TF_MAX_PENALTY, Math.log2(u / freq));
}

const scratch = new Uint8Array(7);

/**
 * The score of a pair only (no explanation): the fast path for blocking-scale scoring. `mine`: the records
 * of b's person, whose names are left out of the term-frequency counts (b alone when not given).
 */
export function scoreFast(
  cm: CompiledModel,
  a: LinkRecord,
  b: LinkRecord,
  mine: readonly LinkRecord[] = [b],
): number {
  const v = compareRecords(a, b, scratch);
  let s = cm.prior;
  const w = cm.weights;
  for (let i = 0; i < 7; i++) s += (w[i] as Float64Array)[v[i] as number] as number;
  return (
    s +
    familyTf(cm, v, a, b, mine) +
    givenTfOf(cm, v, a, b, mine) +
    fatherTf(cm, v, a, b, mine) +
    yearTf(cm, v, a, b, mine)
  );
}

/**
 * The term-frequency adjustments of a compared pair (family, given name, patronymic, birth year), what its
 * score adds to the weights of its levels: they read u and the counts, never m (training computes them
 * before m is settled).
 */
export function tfAdjustments(
  cm: CompiledModel,
  v: Vector,
  a: LinkRecord,
  b: LinkRecord,
  mine: readonly LinkRecord[] = [b],
): number {
  return (
    familyTf(cm, v, a, b, mine) +
    givenTfOf(cm, v, a, b, mine) +
    fatherTf(cm, v, a, b, mine) +
    yearTf(cm, v, a, b, mine)
  );
}

function familyTf(cm: CompiledModel, v: Vector, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]) {
  if (a.family === null || b.family === null) return 0;
  if (v[0] === 0) {
    // One of two surnames agreeing with the other's only (`familyWord`): that surname's rarity.
    const key = a.family === b.family ? a.family : (familyWord(a.family, b.family) ?? a.family);
    return tfAdjustment(cm.uFamilyExact, cm.familyFreq(key, otherHolders(cm, 'family', key, a, mine)));
  }
  // `heard` is a part of `phonetic` (fs-21): strangers agree so by carrying any spelling of the code.
  if (v[0] === 1 || v[0] === FAMILY_HEARD) return phoneticTf(cm, a, b, mine);
  if (v[0] === 2) return closeTf(cm, a, b, mine);
  return 0;
}

function givenTfOf(cm: CompiledModel, v: Vector, a: LinkRecord, b: LinkRecord, mine: readonly LinkRecord[]) {
  return (v[1] === 0 || v[1] === 1) && a.given !== null && b.given !== null ? givenTf(cm, a, b, mine) : 0;
}

/**
 * Each field's weight (term-frequency adjustment included) for a pair, into `out` (in FIELDS order):
 * what a person-level comparison takes the best of, field by field, across a person's records. `levels`,
 * when given, receives the comparison vector (which fields a side leaves `missing`).
 */
export function fieldWeights(
  cm: CompiledModel,
  a: LinkRecord,
  b: LinkRecord,
  out: Float64Array,
  mine: readonly LinkRecord[] = [b],
  levels?: Uint8Array,
): Float64Array {
  const v = compareRecords(a, b, scratch);
  if (levels !== undefined) levels.set(v);
  for (let i = 0; i < 7; i++) out[i] = (cm.weights[i] as Float64Array)[v[i] as number] as number;
  out[0] = (out[0] as number) + familyTf(cm, v, a, b, mine);
  out[1] = (out[1] as number) + givenTfOf(cm, v, a, b, mine);
  out[2] = (out[2] as number) + fatherTf(cm, v, a, b, mine);
  out[3] = (out[3] as number) + yearTf(cm, v, a, b, mine);
  return out;
}

const boundLevels = new Uint8Array(7);

/**
 * A record as `ScoreBound` reads it, coded as small integers (`BoundCodes`): one row of STRIDE columns. A
 * string is its code in the step's table (1 up; 0: null). Birth year, month and day as they are (NONE:
 * unknown); sex 1 male, 2 female, 0 unknown; flags 0/1.
 */
const C_FAMILY = 0;
const C_PHONETIC = 1;
const C_GIVEN = 2;
const C_GIVEN_SKELETON = 3;
/** The given name is a skeleton of no class (`x:`…). */
const C_GIVEN_UNCLASSED = 4;
const C_FATHER = 5;
/** An initial in place of the patronymic. */
const C_FATHER_INITIAL = 6;
/** A patronymic skeleton given. */
const C_PATRONYMIC = 7;
const C_YEAR = 8;
const C_MONTH = 9;
const C_DAY = 10;
const C_SEX = 11;
const C_SEX_FROM_NAME = 12;
const C_UNIT = 13;
const C_SERVICE_NUMBER = 14;
/** The family skeleton as heard on the phone (`heardSkeleton`; fs-21). */
const C_HEARD = 15;
const STRIDE = 16;
/** A birth year, month or day not given (no date's part). */
const NONE = -0x80000000;

/** Three counts below 64 as one number; −1 when a count is not (then nothing is remembered). */
function memoCounts(x: number, y: number, z: number): number {
  if (x >= 64 || y >= 64 || z >= 64) return -1;
  return (x * 64 + y) * 64 + z;
}

/**
 * `birthLevel` (compare.ts) of the codes of the probe `q` and of the record at `o` in `p`: the same levels
 * for the same dates (a test compares the two over every case).
 */
function birthLevelOfCodes(q: Int32Array, p: Int32Array, o: number): number {
  const ay = q[C_YEAR] as number;
  const by = p[o + C_YEAR] as number;
  if (ay === NONE || by === NONE) return 9;
  const am = q[C_MONTH] as number;
  const bm = p[o + C_MONTH] as number;
  const ad = q[C_DAY] as number;
  const bd = p[o + C_DAY] as number;
  const monthKnown = am !== NONE && bm !== NONE;
  const dayKnown = ad !== NONE && bd !== NONE;
  if (ay === by) {
    if (!monthKnown) return 4;
    if (am === bm) return !dayKnown ? 2 : ad === bd ? 0 : 3;
    if (dayKnown && ad === bm && am === bd) return 1;
    return 5;
  }
  if (Math.abs(ay - by) !== 1) return 8;
  if (monthKnown && am !== bm) return 8;
  if (dayKnown) return ad !== bd ? 8 : 6;
  return 7;
}

/**
 * The records `ScoreBound`s read, held as small integers: each person's records coded once (by the array
 * that holds them: a person that changes is held in a new array, coded anew) and kept for every probe
 * that meets it — at 1M the end step's filter meets each touched person some 160 times (bench/RESULTS.md,
 * branch `endf`). Strings are coded by one table, so two codes are equal exactly when the strings are.
 * One table for one step: it holds every string of the records it coded.
 */
export class BoundCodes {
  private readonly codeOf = new Map<string, number>();
  /** Every person's rows, one after the other (`person` gives where a person's begin). */
  rows = new Int32Array(STRIDE * 1024);
  private used = 0;
  /** By the caller's number of a person: the records coded last, and where their rows begin. */
  private readonly heldOf: (readonly LinkRecord[] | undefined)[] = [];
  private readonly atOf: number[] = [];
  /** A person the caller gives no number: by the array of its records. */
  private readonly atOfRecords = new WeakMap<readonly LinkRecord[], number>();

  /**
   * Where the rows of a person's records begin in `rows` (one row each, in their order), coded the first
   * time these records are asked for: by `no` (0 up), the caller's number of the person, else by the array
   * that holds them. A person that changes is held in a new array, and coded anew.
   */
  person(records: readonly LinkRecord[], no = -1): number {
    if (no >= 0) {
      if (this.heldOf[no] === records) return this.atOf[no] as number;
      // Grown one by one (a list of gaps would be held as a dictionary).
      while (this.heldOf.length <= no) {
        this.heldOf.push(undefined);
        this.atOf.push(0);
      }
      const at = this.add(records);
      this.heldOf[no] = records;
      this.atOf[no] = at;
      return at;
    }
    let at = this.atOfRecords.get(records);
    if (at === undefined) this.atOfRecords.set(records, (at = this.add(records)));
    return at;
  }

  private add(records: readonly LinkRecord[]): number {
    const at = this.used;
    this.used += records.length * STRIDE;
    if (this.used > this.rows.length) {
      const grown = new Int32Array(Math.max(this.used, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    records.forEach((r, j) => this.code(r, this.rows, at + j * STRIDE));
    return at;
  }

  /** The codes of a probe (its strings held too: a person coded after it compares with the same codes). */
  probe(a: LinkRecord): Int32Array {
    const q = new Int32Array(STRIDE);
    this.code(a, q, 0);
    return q;
  }

  /** A string's code: 0 for null, else its own from 1 up. */
  private string(s: string | null): number {
    if (s === null) return 0;
    let c = this.codeOf.get(s);
    if (c === undefined) {
      c = this.codeOf.size + 1;
      this.codeOf.set(s, c);
    }
    return c;
  }

  private code(r: LinkRecord, out: Int32Array, o: number): void {
    out[o + C_FAMILY] = this.string(r.family);
    out[o + C_PHONETIC] = this.string(r.familyPhonetic);
    out[o + C_GIVEN] = this.string(r.given);
    out[o + C_GIVEN_SKELETON] = this.string(r.givenSkeleton);
    out[o + C_GIVEN_UNCLASSED] = r.given !== null && r.given.startsWith('x:') ? 1 : 0;
    out[o + C_FATHER] = this.string(r.father);
    out[o + C_FATHER_INITIAL] = r.fatherInitial !== null ? 1 : 0;
    out[o + C_PATRONYMIC] = r.patronymicSkeleton !== null ? 1 : 0;
    out[o + C_YEAR] = r.birthYear ?? NONE;
    out[o + C_MONTH] = r.birthMonth ?? NONE;
    out[o + C_DAY] = r.birthDay ?? NONE;
    out[o + C_SEX] = r.sex === 'male' ? 1 : r.sex === 'female' ? 2 : 0;
    out[o + C_SEX_FROM_NAME] = r.sexFromName === true ? 1 : 0;
    out[o + C_UNIT] = r.unit !== null && isFieldPost(r.unit) ? -this.string(r.unit) : this.string(r.unit);
    out[o + C_SERVICE_NUMBER] = this.string(r.serviceNumber);
    out[o + C_HEARD] = this.string(r.family === null ? null : heardSkeleton(r.family));
  }
}

/** How far below a threshold a bound must fall to settle the question without scoring (`ScoreBound`). */
const BOUND_SLACK = 1e-9;

/**
 * A number at least `scorePerson(cm, probe, person).score` (decide.ts) for any person, computed without the
 * string measures (Jaro–Winkler, edit distances, the names' classes and initials), which are most of a
 * pair's cost: the end step's filter asks of each touched person its blocks find whether it reaches the
 * automatic threshold, and nearly none does (bench/RESULTS.md, branch `bound`).
 *
 * Field by field, for each of the person's records, a number at least the weight `fieldWeights` gives the
 * pair (term-frequency adjustment included; 0 where a side leaves the field `missing`). A level the cheap
 * tests settle (equal keys, equal phonetic codes, the birth date, sex, unit, service number) is weighed
 * exactly, with the adjustments `scoreFast` adds; a level they leave open, as the best of the levels it may
 * be: a family name neither equal nor of one code (close, near or different, or close as a swapped pair), a
 * given name of another key (same class by a diminutive, close, or different), a patronymic of another class
 * or an initial, a given name written as an initial, and a sex the given names may have said already
 * (`compareRecords`). The person's bound is the prior plus each field's largest over its records: at least
 * each record's `scoreFast`, and at least its merged view (`personLevelScore`: each field's best among the
 * records that give it). The adjustments of the probe's own keys (an equal family key, given-name key,
 * father's class, birth year) depend only on how many of the pair's records hold the key, counted once per
 * person and remembered by that count for the probe.
 */
export class ScoreBound {
  private readonly field = new Float64Array(7);
  /** The probe coded as `codes` codes its records (`BoundCodes.probe`), when the bound reads codes. */
  private readonly q: Int32Array | null;
  private readonly best = new Float64Array(7);
  /** Adjustments of the probe's own keys by the count of the pair's records holding them (`otherHolders`). */
  private readonly familyByOwn: number[] = [];
  private readonly givenByOwn: number[] = [];
  private readonly fatherByOwn: number[] = [];
  private readonly yearByOwn: number[] = [];
  /**
   * fs-20: of the person's records (and the arriving one when counted), those holding the probe's family and
   * given keys both, those of its given key that give a father, and of those the ones of its father's class:
   * the joint shares' own (`givenShareAmongFamily`, `fatherShareAmongGiven`), set per person.
   */
  private familyGivenOwn = 0;
  private givenFathersOwn = 0;
  private givenFatherOwn = 0;
  /** The joint adjustments by the own counts they read (`givenJoint`, `fatherJoint`). */
  private readonly givenJointMemo = new Map<number, number>();
  private readonly fatherJointMemo = new Map<number, number>();
  /** Whether a sex both give is said by the given names when the keys are equal (a class of one sex). */
  private readonly givenHasSex: boolean;

  constructor(
    private readonly cm: CompiledModel,
    private readonly a: LinkRecord,
    /**
     * Where the persons' records are held as small integers (`BoundCodes`): the same bound from integer
     * compares, each person's records coded once for all the probes that meet it. Absent: read as they are.
     */
    private readonly codes: BoundCodes | null = null,
  ) {
    this.givenHasSex = sexOfGivenKey(a.given) !== null;
    this.q = codes === null ? null : codes.probe(a);
  }

  /**
   * False when the person's score cannot reach `threshold` (its bound falls below it); true when it may
   * (then only `scorePerson` tells). The bound adds the same weights as the score in another order: sums of
   * a dozen terms of tens of bits rounded otherwise differ by far less (about 1e-13) than BOUND_SLACK.
   */
  mayReach(records: readonly LinkRecord[], threshold: number, no = -1): boolean {
    return this.person(records, no) + BOUND_SLACK >= threshold;
  }

  /**
   * At least `scorePerson(cm, probe, { records }).score`; −Infinity for no records (as its score). `no`: a
   * number the caller keeps the person by (0 up), for `codes` to find its codes by (`BoundCodes.person`).
   */
  person(records: readonly LinkRecord[], no = -1): number {
    if (records.length === 0) return -Infinity;
    const codes = this.codes;
    if (codes !== null) {
      const at = codes.person(records, no);
      return this.coded(records, codes.rows, at);
    }
    const { a, cm } = this;
    const arriving = cm.countsArriving ? 1 : 0;
    // The pair's own records holding each of the probe's keys, as `otherHolders` and `yearTf` count them.
    let family = a.family === null ? 0 : arriving;
    let given = a.given === null ? 0 : arriving;
    let father = a.father === null ? 0 : arriving;
    let year = arriving;
    this.jointOwnOf(records);
    for (const r of records) {
      if (a.family !== null && r.family === a.family) family++;
      if (a.given !== null && r.given === a.given) given++;
      if (a.father !== null && r.father === a.father) father++;
      if (a.birthYear !== null && r.birthYear === a.birthYear) year++;
    }
    const best = this.best;
    best.fill(-Infinity);
    for (const b of records) {
      this.pair(b, records, family, given, father, year);
      for (let i = 0; i < 7; i++)
        if ((this.field[i] as number) > (best[i] as number)) best[i] = this.field[i] as number;
    }
    let s = cm.prior;
    for (let i = 0; i < 7; i++) s += best[i] as number;
    return s;
  }

  /** Into `field`: each field's bound for the probe against `b`, a record of `mine`. */
  private pair(
    b: LinkRecord,
    mine: readonly LinkRecord[],
    familyOwn: number,
    givenOwn: number,
    fatherOwn: number,
    yearOwn: number,
  ): void {
    const { a, cm, field: out } = this;
    const w = cm.weights as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    // Family name: exact, heard or phonetic, else close / near / different (`familyLevel`; a swap makes it close).
    if (a.family === null || b.family === null) out[0] = 0;
    else if (a.family === b.family) out[0] = (w[0][0] as number) + this.familyExact(familyOwn);
    else if (a.familyPhonetic !== null && a.familyPhonetic === b.familyPhonetic) {
      // `heard` or `phonetic`, of one adjustment (`familyTf`).
      boundLevels[0] = 1;
      const level = heardFamily(a.family, b.family) === 1 ? FAMILY_HEARD : 1;
      out[0] = (w[0][level] as number) + familyTf(cm, boundLevels, a, b, mine);
    } else if (familyWord(a.family, b.family) !== null) {
      boundLevels[0] = 0;
      out[0] = (w[0][0] as number) + familyTf(cm, boundLevels, a, b, mine);
    } else
      out[0] = Math.max(
        (w[0][2] as number) + closeTf(cm, a, b, mine),
        w[0][3] as number,
        w[0][4] as number,
        w[0][FAMILY_CUT] as number,
      );
    // Given name: a side without one is an initial that agrees or not, or missing; equal keys are exact or of
    // one class by the written forms; other keys are of one class only when one is a name of no class
    // (`mayBeClass`), else close or different.
    let givenAgree = false;
    let givenMayAgree = false;
    if (a.given === null || b.given === null) out[1] = Math.max(w[1][4] as number, w[1][5] as number, 0);
    else if (a.given === b.given) {
      out[1] =
        (w[1][a.givenSkeleton === b.givenSkeleton ? 0 : 1] as number) +
        (a.family !== null && a.family === b.family
          ? this.givenJoint(givenOwn, familyOwn)
          : this.givenExact(givenOwn));
      givenAgree = true;
    } else {
      out[1] = Math.max(w[1][2] as number, w[1][3] as number);
      givenMayAgree = a.given.startsWith('x:') !== b.given.startsWith('x:');
      if (givenMayAgree) {
        boundLevels[1] = 1;
        out[1] = Math.max(out[1] as number, (w[1][1] as number) + givenTfOf(cm, boundLevels, a, b, mine));
      }
    }
    // Patronymic: an initial on a side agrees or not (or cannot be told); one father's class is exact; other
    // written patronymics are close or different.
    if (a.fatherInitial !== null || b.fatherInitial !== null)
      out[2] = Math.max(w[2][3] as number, w[2][4] as number, 0);
    else if (a.patronymicSkeleton === null || b.patronymicSkeleton === null) out[2] = 0;
    else if (a.father !== null && a.father === b.father)
      out[2] =
        (w[2][0] as number) +
        (a.given !== null && a.given === b.given ? this.fatherJoint(fatherOwn) : this.fatherExact(fatherOwn));
    else out[2] = Math.max(w[2][1] as number, w[2][2] as number);
    // Birth date: exact; its year's adjustment where the years agree (`yearTf`).
    const birth = birthLevel(a, b);
    out[3] =
      (w[3][birth] as number) + (birth <= YEAR_AGREES && a.birthYear !== null ? this.yearExact(yearOwn) : 0);
    // Sex: its level, or nothing (`missing`) where the given names agree and so said it (`compareRecords`):
    // exactly where the keys are equal; where a key of no class may be the other's class, a sex read from a
    // name may have been said (a key of no class says no sex of its own).
    const sex = a.sex === null || b.sex === null ? 2 : a.sex === b.sex ? 0 : 1;
    const fromName = a.sexFromName === true || b.sexFromName === true;
    if (givenAgree) out[4] = fromName || (sex === 0 && this.givenHasSex) ? 0 : (w[4][sex] as number);
    else if (givenMayAgree && fromName) out[4] = Math.max(w[4][sex] as number, 0);
    else out[4] = w[4][sex] as number;
    out[5] = w[5][unitLevel(a.unit, b.unit)] as number;
    out[6] = w[6][serviceNumberLevel(a.serviceNumber, b.serviceNumber)] as number;
  }

  /**
   * `person` from the records' codes (`BoundCodes`): the same tests in the same order on integers, so the
   * same number, bit for bit (the term-frequency adjustments of keys that differ read the records).
   */
  private coded(records: readonly LinkRecord[], p: Int32Array, at: number): number {
    const cm = this.cm;
    const q = this.q as Int32Array;
    const n = records.length;
    const arriving = cm.countsArriving ? 1 : 0;
    const qFamily = q[C_FAMILY] as number;
    const qGiven = q[C_GIVEN] as number;
    const qFather = q[C_FATHER] as number;
    const qYear = q[C_YEAR] as number;
    // The pair's own records holding each of the probe's keys (code 0: the probe gives none).
    const qPhonetic = q[C_PHONETIC] as number;
    let family = qFamily === 0 ? 0 : arriving;
    let given = qGiven === 0 ? 0 : arriving;
    let father = qFather === 0 ? 0 : arriving;
    let year = arriving;
    let phonetic = qPhonetic === 0 ? 0 : arriving;
    this.jointOwnOfCodes(p, at, n);
    for (let o = at; o < at + n * STRIDE; o += STRIDE) {
      if (qFamily !== 0 && p[o + C_FAMILY] === qFamily) family++;
      if (qPhonetic !== 0 && p[o + C_PHONETIC] === qPhonetic) phonetic++;
      if (qGiven !== 0 && p[o + C_GIVEN] === qGiven) given++;
      if (qFather !== 0 && p[o + C_FATHER] === qFather) father++;
      if (qYear !== NONE && p[o + C_YEAR] === qYear) year++;
    }
    this.rowsAt = at;
    this.rowsOf = n;
    this.phoneticOwn = phonetic;
    const best = this.best;
    best.fill(-Infinity);
    for (let j = 0; j < n; j++) {
      this.codedPair(p, at + j * STRIDE, records[j] as LinkRecord, records, family, given, father, year);
      for (let i = 0; i < 7; i++)
        if ((this.field[i] as number) > (best[i] as number)) best[i] = this.field[i] as number;
    }
    let s = cm.prior;
    for (let i = 0; i < 7; i++) s += best[i] as number;
    return s;
  }

  /** The rows `coded` reads (where they begin, how many), and its phonetic code's holders among them. */
  private rowsAt = 0;
  private rowsOf = 0;
  private phoneticOwn = 0;
  /**
   * `otherFamily`'s and `otherGiven`'s adjustments by what they read: the counts (`memoCounts`), then the
   * record's key (small integers both, no number made per read).
   */
  private phoneticMemo: Map<number, Map<number, number>> | null = null;
  private closeMemo: Map<number, Map<number, number>> | null = null;
  private givenMemo: Map<number, Map<number, number>> | null = null;

  /** Of the rows `coded` reads, those whose column `c` holds `code`. */
  private holders(p: Int32Array, c: number, code: number): number {
    let own = 0;
    const end = this.rowsAt + this.rowsOf * STRIDE;
    for (let o = this.rowsAt + c; o < end; o += STRIDE) if (p[o] === code) own++;
    return own;
  }

  /**
   * The adjustment of a family key other than the probe's: of one phonetic code (`familyTf` at that level,
   * `phoneticTf`), else of a close spelling (`closeTf`). Each reads the two keys' frequencies by how many
   * of the pair's records hold them (`otherHolders`: the probe's key `familyOwn`, the record's `own`) and,
   * when phonetic, the code's by its holders (`phoneticOwn`): remembered for the probe by those and the
   * record's key, it is computed once per such case, not per person.
   */
  private otherFamily(
    phonetic: boolean,
    p: Int32Array,
    bFamily: number,
    familyOwn: number,
    b: LinkRecord,
    mine: readonly LinkRecord[],
  ): number {
    const counts = memoCounts(this.holders(p, C_FAMILY, bFamily), familyOwn, phonetic ? this.phoneticOwn : 0);
    const memos = phonetic ? (this.phoneticMemo ??= new Map()) : (this.closeMemo ??= new Map());
    let memo = counts < 0 ? undefined : memos.get(counts);
    if (memo === undefined && counts >= 0) memos.set(counts, (memo = new Map<number, number>()));
    let t = memo?.get(bFamily);
    if (t === undefined) {
      boundLevels[0] = 1;
      t = phonetic ? familyTf(this.cm, boundLevels, this.a, b, mine) : closeTf(this.cm, this.a, b, mine);
      memo?.set(bFamily, t);
    }
    return t;
  }

  /**
   * `givenTf` of a given-name key other than the probe's (one class by a diminutive): it reads the two
   * keys' frequencies by their holders among the pair's records (`givenOwn`, the record's `own`),
   * remembered as `otherFamily`'s.
   */
  private otherGiven(
    p: Int32Array,
    bGiven: number,
    givenOwn: number,
    b: LinkRecord,
    mine: readonly LinkRecord[],
  ): number {
    const counts = memoCounts(this.holders(p, C_GIVEN, bGiven), givenOwn, 0);
    const memos = (this.givenMemo ??= new Map());
    let memo = counts < 0 ? undefined : memos.get(counts);
    if (memo === undefined && counts >= 0) memos.set(counts, (memo = new Map<number, number>()));
    let t = memo?.get(bGiven);
    if (t === undefined) {
      boundLevels[1] = 1;
      t = givenTfOf(this.cm, boundLevels, this.a, b, mine);
      memo?.set(bGiven, t);
    }
    return t;
  }

  /** `pair` from the codes of `b` at `o` in `p` (the same tests, on integers). */
  private codedPair(
    p: Int32Array,
    o: number,
    b: LinkRecord,
    mine: readonly LinkRecord[],
    familyOwn: number,
    givenOwn: number,
    fatherOwn: number,
    yearOwn: number,
  ): void {
    const { cm, field: out } = this;
    const q = this.q as Int32Array;
    const w = cm.weights as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const qFamily = q[C_FAMILY] as number;
    const bFamily = p[o + C_FAMILY] as number;
    const qPhonetic = q[C_PHONETIC] as number;
    if (qFamily === 0 || bFamily === 0) out[0] = 0;
    else if (qFamily === bFamily) out[0] = (w[0][0] as number) + this.familyExact(familyOwn);
    else if (qPhonetic !== 0 && qPhonetic === p[o + C_PHONETIC])
      out[0] =
        (w[0][q[C_HEARD] === p[o + C_HEARD] ? FAMILY_HEARD : 1] as number) +
        this.otherFamily(true, p, bFamily, familyOwn, b, mine);
    else if (b.family !== null && familyWord(this.a.family as string, b.family) !== null) {
      boundLevels[0] = 0;
      out[0] = (w[0][0] as number) + familyTf(cm, boundLevels, this.a, b, mine);
    } else
      out[0] = Math.max(
        (w[0][2] as number) + this.otherFamily(false, p, bFamily, familyOwn, b, mine),
        w[0][3] as number,
        w[0][4] as number,
        w[0][FAMILY_CUT] as number,
      );
    const qGiven = q[C_GIVEN] as number;
    const bGiven = p[o + C_GIVEN] as number;
    let givenAgree = false;
    let givenMayAgree = false;
    if (qGiven === 0 || bGiven === 0) out[1] = Math.max(w[1][4] as number, w[1][5] as number, 0);
    else if (qGiven === bGiven) {
      out[1] =
        (w[1][q[C_GIVEN_SKELETON] === p[o + C_GIVEN_SKELETON] ? 0 : 1] as number) +
        (qFamily !== 0 && qFamily === bFamily
          ? this.givenJoint(givenOwn, familyOwn)
          : this.givenExact(givenOwn));
      givenAgree = true;
    } else {
      out[1] = Math.max(w[1][2] as number, w[1][3] as number);
      givenMayAgree = q[C_GIVEN_UNCLASSED] !== p[o + C_GIVEN_UNCLASSED];
      if (givenMayAgree)
        out[1] = Math.max(
          out[1] as number,
          (w[1][1] as number) + this.otherGiven(p, bGiven, givenOwn, b, mine),
        );
    }
    const qFather = q[C_FATHER] as number;
    if (q[C_FATHER_INITIAL] === 1 || p[o + C_FATHER_INITIAL] === 1)
      out[2] = Math.max(w[2][3] as number, w[2][4] as number, 0);
    else if (q[C_PATRONYMIC] === 0 || p[o + C_PATRONYMIC] === 0) out[2] = 0;
    else if (qFather !== 0 && qFather === p[o + C_FATHER])
      out[2] =
        (w[2][0] as number) +
        (qGiven !== 0 && qGiven === bGiven ? this.fatherJoint(fatherOwn) : this.fatherExact(fatherOwn));
    else out[2] = Math.max(w[2][1] as number, w[2][2] as number);
    const birth = birthLevelOfCodes(q, p, o);
    out[3] =
      (w[3][birth] as number) + (birth <= YEAR_AGREES && q[C_YEAR] !== NONE ? this.yearExact(yearOwn) : 0);
    const qSex = q[C_SEX] as number;
    const bSex = p[o + C_SEX] as number;
    const sex = qSex === 0 || bSex === 0 ? 2 : qSex === bSex ? 0 : 1;
    const fromName = q[C_SEX_FROM_NAME] === 1 || p[o + C_SEX_FROM_NAME] === 1;
    if (givenAgree) out[4] = fromName || (sex === 0 && this.givenHasSex) ? 0 : (w[4][sex] as number);
    else if (givenMayAgree && fromName) out[4] = Math.max(w[4][sex] as number, 0);
    else out[4] = w[4][sex] as number;
    const qUnit = q[C_UNIT] as number;
    const bUnit = p[o + C_UNIT] as number;
    // A field post number is coded negative: against a unit's, `missing` (`unitLevel`).
    out[5] = w[5][
      qUnit === 0 || bUnit === 0 || qUnit < 0 !== bUnit < 0 ? 2 : qUnit === bUnit ? 0 : 1
    ] as number;
    const qNumber = q[C_SERVICE_NUMBER] as number;
    const bNumber = p[o + C_SERVICE_NUMBER] as number;
    // Codes that differ: the numbers read (a number of digits alone against another's series and digits).
    out[6] = w[6][
      qNumber === 0 || bNumber === 0
        ? 2
        : qNumber === bNumber
          ? 0
          : serviceNumberLevel(this.a.serviceNumber, b.serviceNumber)
    ] as number;
  }

  /** `familyTf` of an exact family name, `own` of the pair's records holding it. */
  private familyExact(own: number): number {
    let t = this.familyByOwn[own];
    if (t === undefined)
      this.familyByOwn[own] = t = tfAdjustment(
        this.cm.uFamilyExact,
        this.cm.familyFreq(this.a.family as string, own),
      );
    return t;
  }

  /** `givenTf` of one given-name key. */
  private givenExact(own: number): number {
    let t = this.givenByOwn[own];
    if (t === undefined)
      this.givenByOwn[own] = t = tfAdjustment(
        this.cm.uGivenSame,
        this.cm.givenFreq(this.a.given as string, own),
      );
    return t;
  }

  /** `fatherTf` of one father's class. */
  private fatherExact(own: number): number {
    let t = this.fatherByOwn[own];
    if (t === undefined)
      this.fatherByOwn[own] = t = tfAdjustment(
        this.cm.uFatherSame,
        this.cm.fatherFreq(this.a.father as string, own),
      );
    return t;
  }

  /** The joint own counts (`familyGivenOwn` …) of a person's records. */
  private jointOwnOf(records: readonly LinkRecord[]): void {
    const a = this.a;
    const arriving = this.cm.countsArriving;
    let fg = 0;
    let gh = 0;
    let gf = 0;
    const count = (r: LinkRecord) => {
      if (a.given === null || r.given !== a.given) return;
      if (a.family !== null && r.family === a.family) fg++;
      if (r.father !== null) {
        gh++;
        if (a.father !== null && r.father === a.father) gf++;
      }
    };
    if (arriving) count(a);
    for (const r of records) count(r);
    this.familyGivenOwn = fg;
    this.givenFathersOwn = gh;
    this.givenFatherOwn = gf;
  }

  /** `jointOwnOf` from the records' codes (the same counts). */
  private jointOwnOfCodes(p: Int32Array, at: number, n: number): void {
    const q = this.q as Int32Array;
    const qFamily = q[C_FAMILY] as number;
    const qGiven = q[C_GIVEN] as number;
    const qFather = q[C_FATHER] as number;
    let fg = 0;
    let gh = 0;
    let gf = 0;
    if (qGiven !== 0 && this.cm.countsArriving) {
      if (qFamily !== 0) fg++;
      if (qFather !== 0) {
        gh++;
        gf++;
      }
    }
    if (qGiven !== 0)
      for (let o = at; o < at + n * STRIDE; o += STRIDE) {
        if (p[o + C_GIVEN] !== qGiven) continue;
        if (qFamily !== 0 && p[o + C_FAMILY] === qFamily) fg++;
        const f = p[o + C_FATHER] as number;
        if (f !== 0) {
          gh++;
          if (f === qFather) gf++;
        }
      }
    this.familyGivenOwn = fg;
    this.givenFathersOwn = gh;
    this.givenFatherOwn = gf;
  }

  /** `givenTf` of one given-name key where the family keys agree too (fs-20: `givenShareAmongFamily`). */
  private givenJoint(givenOwn: number, familyOwn: number): number {
    const cm = this.cm;
    if (cm.joint === null) return this.givenExact(givenOwn);
    const memoKey = jointMemoKey(givenOwn, familyOwn, this.familyGivenOwn);
    let t = memoKey < 0 ? undefined : this.givenJointMemo.get(memoKey);
    if (t === undefined) {
      const given = this.a.given as string;
      const independent = cm.givenFreq(given, givenOwn);
      t =
        independent === undefined
          ? 0
          : tfAdjustment(
              cm.uGivenSame,
              givenShareAmongFamily(
                cm,
                this.a.family as string,
                given,
                independent,
                familyOwn,
                this.familyGivenOwn,
              ),
            );
      if (memoKey >= 0) this.givenJointMemo.set(memoKey, t);
    }
    return t;
  }

  /** `fatherTf` of one father's class where the given-name keys agree too (fs-20: `fatherShareAmongGiven`). */
  private fatherJoint(fatherOwn: number): number {
    const cm = this.cm;
    if (cm.joint === null) return this.fatherExact(fatherOwn);
    const memoKey = jointMemoKey(fatherOwn, this.givenFathersOwn, this.givenFatherOwn);
    let t = memoKey < 0 ? undefined : this.fatherJointMemo.get(memoKey);
    if (t === undefined) {
      const father = this.a.father as string;
      const independent = cm.fatherFreq(father, fatherOwn);
      t =
        independent === undefined
          ? 0
          : tfAdjustment(
              cm.uFatherSame,
              fatherShareAmongGiven(
                cm,
                this.a.given as string,
                father,
                independent,
                this.givenFathersOwn,
                this.givenFatherOwn,
              ),
            );
      if (memoKey >= 0) this.fatherJointMemo.set(memoKey, t);
    }
    return t;
  }

  /** `yearTf` of birth dates that agree on the year. */
  private yearExact(own: number): number {
    let t = this.yearByOwn[own];
    if (t === undefined)
      this.yearByOwn[own] = t = tfAdjustment(this.cm.uYear, this.cm.yearFreq(String(this.a.birthYear), own));
    return t;
  }
}

/** Three small counts as one number (−1 when one is too large to pack): a memo's key. */
function jointMemoKey(x: number, y: number, z: number): number {
  return x < 1024 && y < 1024 && z < 1024 ? (x * 1024 + y) * 1024 + z : -1;
}

/**
 * Scores a pair with its explanation: each field's level and weight (TF adjustment included). `mine`: as
 * for scoreFast.
 */
export function scorePair(
  cm: CompiledModel,
  a: LinkRecord,
  b: LinkRecord,
  mine: readonly LinkRecord[] = [b],
): ScoredPair {
  const v = compareRecords(a, b);
  const contributions: Contribution[] = FIELDS.map((field, i) => ({
    field,
    level: LEVELS[field][v[i] as number] as string,
    weight: (cm.weights[i] as Float64Array)[v[i] as number] as number,
  }));
  (contributions[0] as Contribution).weight += familyTf(cm, v, a, b, mine);
  (contributions[1] as Contribution).weight += givenTfOf(cm, v, a, b, mine);
  (contributions[2] as Contribution).weight += fatherTf(cm, v, a, b, mine);
  (contributions[3] as Contribution).weight += yearTf(cm, v, a, b, mine);
  for (const c of contributions) c.weight = Math.round(c.weight * 1000) / 1000;
  const evidence = contributions.reduce((s, c) => s + c.weight, 0);
  return { score: cm.prior + evidence, evidence, contributions };
}

/** The match probability of a score (log2 odds). */
export function matchProbability(score: number): number {
  return 1 / (1 + 2 ** -score);
}
