/**
 * A fast, pure (no database) stand-in for `eval.ts`, for trying scoring changes in seconds: the same
 * labelled sets, linked incrementally in batches of 2,000 as the import does (candidates from the same
 * blocking keys and birth-year windows as the SQL lookups, term frequencies counted as records arrive,
 * the default model), then an incoming list decided against the persons formed with a model trained on
 * the registry. Figures: pairwise precision / recall / F1, auto-link precision, recall if the review queue
 * were accepted, per noise class; list `match` recall / precision, with `possible`, strangers matched.
 * It approximates eval.ts (no dedupe phase, per-batch ordering only); eval.ts gives the reported figures.
 *
 * npm run simulate:link -- --persons 20000 --list 1200 --profile realistic|harsh|mixed [--files 5]
 * The registry arrives as five files by default, retrained after each as production retrains
 * (`retrainIfGrown`); `--files 1` (FILES=1) is one file linked with the default model, as before stop 34.
 * SHOW=n prints n list rows about registry persons that were not matched; WRONG=1 prints every wrong
 * automatic link and list match, with its fields' levels and weights (WRONGNAMES=1: and the generated
 * keys and dates of the import's two records; true: the score of the record's own man when he was a
 * candidate, next: the next candidate's). PHONETIC_TF=0 weighs a phonetic agreement by its spellings'
 * counts (before fs-8) instead of its phonetic key's; FATHER_TF=0 and YEAR_TF=0 weigh a patronymic and a
 * birth year without the registry's counts (before fs-12). At the end of each file the persons of one
 * record that were a possible match of some record (from the review threshold up, either way) are decided
 * again against the persons as they are then, as the import's `resolveSingletons` does (two passes);
 * RESOLVE=0 leaves that step out (before link9), RESOLVE=n takes n passes, PENDING=all every person of
 * one record, NEIGH=1 also those an arriving record's blocks found; a match is taken only where one record of
 * the person alone scores from the threshold up, as the import's step does (SINGLEREC=0: the person's
 * merged view is enough); only those a person the file touched (or the step joined) scores from that
 * threshold up, as the import's step (imp3; TOUCHED=0: all of them). SPLITS=1 prints how the true pairs left
 * apart are split by the sizes of their persons; SINGLES=n the n commonest patterns of persons of one
 * record whose man has another person (HAS=1: which fields each side gives). COMPETE=1 decides a list's
 * match on its odds against all its candidates together. MATCHES=sessions trains (the list's model, and
 * with FILES=k the import's) counting the prior's matches per record as before fs-16 (the largest EM
 * session's count; the default is production's since fs-16, each blocked pair scored once), MATCHES=recount (or
 * RECOUNT=1) as branch `scale`'s option; each retraining prints its figure beside the truth. LOSTPAIRS=n: the true pairs left apart at the import's end, by cause and noise class
 * (pairs / records), and each cause's n commonest field patterns (`lostPairs`); LOSTPAIRS_JOIN=1 adds a line
 * per record that would join its man now; LOSTSHOW=n prints n corroborated lost pairs of each score band, field
 * by field with their weights (LOSTSHOW_NAMES=1: the records' keys too, generated names). CALIB=1 (CALIB=exit:
 * then stops) counts every blocked record pair by score band and field pattern, one man's and strangers', beside
 * the model's mean score (`calibration`). AUTO_TRAINED=x sets the retrained models' automatic threshold.
 * IMPORTTF=batch weighs the import's batches as before tfi (a batch's
 * family and given-name counts of its own records' keys only; the end step is not emulated). JOINT=0 weighs
 * names without the counts of names held together (before fs-20: a given name by its own share where the
 * surnames agree, a patronymic by its own where the given names agree), in the import, the list and training.
 * GIVENYEAR=1 (yr2, not in production): birth years that agree weigh by their share among the given name's
 * holders where the given-name keys agree (given × year counted as records arrive; GIVENYEAR=raw: no 2σ gate).
 * TRAIN_GUESSED=1 (age2, not in production): a guessed birth year trains as a stated one (default: as none).
 * CORROB_PAT=any|classed|never (pat3): which `close` patronymics corroborate a link beyond the names (any: fs-21;
 * classed, fs-22 and the default: only where a side names a father's class the tables know); CORROB_YEAR=0: a year agreeing where a side
 * gives only a year (`same_year`) corroborates nothing; CONTRA_YEAR1=1: two full dates a year apart on another day
 * contradict; CORROB_GUESS=1: a birth date written as a guess ("бл. 1991") corroborates as a written one (before
 * gy); PLACEDATES=share: placeholder dates (01.01.YYYY for a year alone, 01.01.1900 for none) in registry and
 * list; FIRSTJAN=0: 1 January read as a whole date (before gy); CORROB_MIN=x: only a field whose level weighs more than x bits corroborates (decide.ts CORROBORATION).
 * INITIAL_ALONE=0 (before wl): a given name's initial agreeing may be what makes an automatic link (`initialCarries`).
 * FATHERS_CONTRA=0 (before wl): two patronymics of known fathers' classes that differ do not hold an automatic link
 * (`patronymicContradicted`).
 * DATE_SLIPS=0 (before wl2): two full dates two slips apart (another month and day of the year, a year apart on another
 * day) agree as far as `birthContradicted` goes (`twoSlipsApart`). DATE_MIN=x (wl2, measured): a birth date
 * corroborates only where its level weighs more than x bits. YEAR_ENDING=x (wl2, measured, not production): a year only
 * corroborates nothing where the given name's share among the surname ending's holders predicts x or more namesakes.
 */
import { parseArgs } from 'node:util';
import {
  blockedPairs,
  blockKeys,
  BLOCKING_RULES,
  RARE_FAMILY_RECORDS,
  compileModel,
  decideRecord,
  defaultModel,
  possibleAlternatives,
  forLists,
  trainModel,
  scorePair,
  scoreFast,
  fieldWeights,
  FIELDS,
  LEVELS,
  type Field,
  queueThreshold,
  QUEUE_FROM,
  importQueueCap,
  jointKey,
  scorePerson as scorePersonOf,
  autoLinkable,
  birthContradicted,
  givenContradicted,
  corroborated,
  CORROBORATION,
  DATE_READING,
  SERVICE_READING,
  type CandidatePerson,
  type CompiledModel,
  type LinkageModel,
  type LinkRecord,
  type RecordDecision,
} from '@homecoming/linkage';
import {
  CANDIDATES_PER_PROBE,
  confidentMatch,
  linkRowOf,
  preScore,
  type StoredLinkRow,
} from '../../packages/server/src/modules/linkage/candidates.js';
import { PackedRegistry } from '../../packages/server/src/modules/linkage/packedRegistry.js';
import { validateRecordFields } from '../../packages/server/src/modules/records/validate.js';
import { pairwiseScores } from './metrics.js';
import { Kinship } from '../../packages/server/src/seed/families.js';
import {
  incomingList,
  linkRecordsOf,
  PROFILES,
  registrySet,
  tally,
  tallyLine,
  type LabelledRow,
  type Profile,
} from './sets.js';
import { withPlaceholderDates } from './placeholderDates.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '20000' },
    list: { type: 'string', default: '1200' },
    seed: { type: 'string', default: '5' },
    noise: { type: 'string', default: 'typical' },
    profile: { type: 'string', default: 'realistic' },
    files: { type: 'string', default: '5' },
    families: { type: 'string', default: '0' },
  },
});
/** --families x: a share x of persons drawn as relatives of earlier ones (seed/families.ts); 0 by default. */
const FAMILIES = Number(values.families);
if (!(FAMILIES >= 0 && FAMILIES <= 1)) throw new Error(`--families ${values.families}: a share from 0 to 1`);
const kinship = new Kinship();
/** How the persons of two truths are related ('unrelated' when they are not family). */
const kinOf = (a: string, b: string): string => kinship.kinOf(a, b) ?? 'unrelated';
const POPULATION = values.profile === 'harsh' ? 'harsh' : values.profile === 'mixed' ? 'mixed' : 'realistic';
if (!Object.hasOwn(PROFILES, values.noise))
  throw new Error(`--noise ${values.noise}: one of ${Object.keys(PROFILES).join(', ')}`);
const PERSONS = Number(values.persons);
const SEED = Number(values.seed);
const RATES = PROFILES[values.noise as Profile];
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const WINDOWED = new Set(
  (
    [
      'family_phonetic+given',
      'given+family_head',
      'given+family_tail',
      'family_phonetic',
      'family_glyph_near',
      'family_glyph_near2+given|father',
    ] as const
  ).map((r) => BLOCKING_RULES.indexOf(r)),
);

/** Whether a windowed rule's record is born more than a year from the probe (both years known), as the lookups read it. */
function outsideWindow(rule: number, q: LinkRecord, r: LinkRecord): boolean {
  return (
    WINDOWED.has(rule) &&
    q.birthYear !== null &&
    r.birthYear !== null &&
    Math.abs(r.birthYear - q.birthYear) > 1
  );
}

const NEAR = BLOCKING_RULES.indexOf('family_glyph_near');
const NEAR_UNUSED_ONLY = process.env['NEAR_UNUSED_ONLY'] === '1';
const NEAR2 = BLOCKING_RULES.indexOf('family_glyph_near2+given|father');

/** An in-memory index answering the blocking lookups (rule keys; a year either way where SQL looks so). */
class Index {
  private readonly byKey = new Map<string, number[]>();
  /** Family keys in use: the near rule was read only for a probe whose family key is not, before `blk`. */
  readonly families = new Set<string>();
  /** Records of each family key: the near rules read a common probe's rare neighbours only (`near`). */
  private readonly familyRecords = new Map<string, number>();
  constructor(private readonly recs: LinkRecord[]) {}
  private rare(family: string | null): boolean {
    return family === null || (this.familyRecords.get(family) ?? 0) <= RARE_FAMILY_RECORDS;
  }
  add(i: number): void {
    const family = (this.recs[i] as LinkRecord).family;
    if (family !== null) {
      this.families.add(family);
      this.familyRecords.set(family, (this.familyRecords.get(family) ?? 0) + 1);
    }
    blockKeys(this.recs[i] as LinkRecord).forEach((keys, rule) => {
      for (const k of keys) {
        // Windowed rules are keyed without the year (their keys hold none).
        const key = `${rule}:${k}`;
        const l = this.byKey.get(key);
        if (l) l.push(i);
        else this.byKey.set(key, [i]);
      }
    });
  }
  find(q: LinkRecord): number[] {
    const out = new Set<number>();
    blockKeys(q).forEach((keys, rule) => {
      if (NEAR_UNUSED_ONLY && rule === NEAR && q.family !== null && this.families.has(q.family)) return;
      if (NEAR_UNUSED_ONLY && rule === NEAR2 && q.family !== null && this.families.has(q.family)) return;
      for (const k of keys) this.findKey(q, rule, k, out);
    });
    return [...out];
  }
  private findKey(q: LinkRecord, rule: number, k: string, out: Set<number>): void {
    {
      let n = 0;
      for (const i of this.byKey.get(`${rule}:${k}`) ?? []) {
        const r = this.recs[i] as LinkRecord;
        if (outsideWindow(rule, q, r)) continue;
        // The near rule as the lookups read it before `blk` (NEAR_UNUSED_ONLY=1): a probe of unknown birth
        // read only records of unknown birth; now every year.
        if (NEAR_UNUSED_ONLY && rule === NEAR && q.birthYear === null && r.birthYear !== null) continue;
        // The near rules as the lookups read them since `near`: a common probe's rare neighbours only, and
        // for a probe of unknown birth every year of rare neighbours only (RARE_FAMILY_RECORDS).
        if (!NEAR_UNUSED_ONLY && (rule === NEAR || rule === NEAR2)) {
          const rare = this.rare(r.family);
          if (!rare && !this.rare(q.family)) continue;
          if (!rare && q.birthYear === null && r.birthYear !== null) continue;
        }
        if (++n > 300) break;
        out.add(i);
      }
    }
  }
}

function compile(
  model: LinkageModel,
  seen: readonly LinkRecord[],
  family: Map<string, number>,
  given: Map<string, number>,
  countsArriving: boolean,
): CompiledModel {
  return compileModel(model, {
    records: seen.length,
    family: new Map(family),
    given: new Map(given),
    // PHONETIC_TF=0: phonetic agreements weigh by their spellings, as before fs-8.
    ...(process.env['PHONETIC_TF'] === '0' ? {} : { phonetic: new Map(phonetic) }),
    // FATHER_TF=0, YEAR_TF=0: a patronymic, a birth year weigh the model's m/u alone, as before fs-12.
    ...(process.env['FATHER_TF'] === '0'
      ? {}
      : { father: { counts: new Map(father), records: fatherRecords } }),
    ...(process.env['YEAR_TF'] === '0'
      ? {}
      : { birthYear: { counts: new Map(birthYear), records: yearRecords } }),
    // JOINT=0: names weigh by their own shares alone, as before fs-20.
    ...(JOINT ? { familyGiven: new Map(familyGiven), givenFather: new Map(givenFather) } : {}),
    ...(GIVENYEAR ? { givenYear: new Map(givenYear), givenYearRaw: GIVENYEAR === 'raw' } : {}),
    countsArriving,
  });
}

// ---- the registry, linked as it is imported
// PLACEDATES=share (gy): a year alone written as 1 January of it in `share` of the rows giving one, and no
// date as 1 January 1900 in share / 4 of those giving none, registry and list alike (placeholderDates.ts);
// FIRSTJAN=0 reads 1 January as a whole date, as before gy (compare.ts DATE_READING).
const PLACEDATES = Number(process.env['PLACEDATES'] ?? 0);
DATE_READING.firstOfYear = !(knob01('FIRSTJAN') === false);
// SN_DIGITS=same|missing|different (sn16): a personal number of digits alone against the same digits with a series
// (compare.ts SERVICE_READING; `different`: a hard conflict, as before sn16).
{
  const d = process.env['SN_DIGITS'];
  if (d === 'same' || d === 'missing' || d === 'different') SERVICE_READING.digitsAlone = d;
  else if (d !== undefined) throw new Error(`SN_DIGITS: same, missing or different, not ${d}`);
}
const rows = withPlaceholderDates(
  registrySet(PERSONS, SEED, RATES, POPULATION, FAMILIES, kinship),
  PLACEDATES,
  SEED + 7,
);
const recs = linkRecordsOf(rows, 'r');
const truth = rows.map((r) => r.truth);
const noise = rows.map((r) => r.noise ?? 'base');
const personOf = new Int32Array(recs.length).fill(-1);
const personRecords = new Map<number, number[]>();
const firstTruth = new Map<number, string>();
/**
 * An automatic link of record i into person p: right (p is the record's man), the first of a man in another man's
 * person, or following such a first record there.
 */
function linkKind(i: number, p: number): 'right' | 'follow' | 'FIRST' {
  if (firstTruth.get(p) === truth[i]) return 'right';
  return (personRecords.get(p) ?? []).some((j) => truth[j] === truth[i]) ? 'follow' : 'FIRST';
}
const auto: number[] = [];
/** Each automatic link's score (the model's odds that it is right). */
const autoScore = new Map<number, number>();
let ambiguous = 0;
let ambiguousTrue = 0;
let ambiguousTopRight = 0;
const reviews: [number, number][] = [];
const index = new Index(recs);
const ANALYSE = process.env['ANALYSE'];
const QUEUE_CAP = process.env['NOCAP'] === undefined;
const analysis: { key: string; pat: string; score: number }[] = [];
const family = new Map<string, number>();
const given = new Map<string, number>();
// The registry's counts of family phonetic keys, kept as the server's name_frequency keeps them.
const phonetic = new Map<string, number>();
// The registry's counts of fathers' name classes and of birth years (fs-12).
const father = new Map<string, number>();
const birthYear = new Map<string, number>();
let fatherRecords = 0;
let yearRecords = 0;
// The registry's counts of names held together (fs-20), kept as the server's name_frequency keeps them
// (kinds family_given and given_father, `countInto` in frequencies.ts).
const JOINT = process.env['JOINT'] !== '0';
// TRAIN_GUESSED=1 (age2): a guessed year trains as a stated one, as before age2 (default: as no year).
const TRAIN_GUESSED = process.env['TRAIN_GUESSED'] === '1';
// GIVENYEAR=1 (yr2): birth years that agree weigh by their share among the given name's holders where the given
// names agree (counts of given × year kept as records arrive); GIVENYEAR=raw: without the two-sigma gate.
const GIVENYEAR_ENV = process.env['GIVENYEAR'];
// CORROB_PAT, CORROB_YEAR (pat3): what corroborates a link beyond the names (decide.ts CORROBORATION).
const CORROB_PAT = process.env['CORROB_PAT'];
if (CORROB_PAT !== undefined) {
  if (CORROB_PAT !== 'any' && CORROB_PAT !== 'classed' && CORROB_PAT !== 'never')
    throw new Error(`CORROB_PAT must be any, classed or never (got "${CORROB_PAT}")`);
  CORROBORATION.closePatronymic = CORROB_PAT;
}
/** A knob that is 0 or 1: whether it is 1, undefined when unset. */
function knob01(name: string): boolean | undefined {
  const v = process.env[name];
  if (v === undefined) return undefined;
  if (v !== '0' && v !== '1') throw new Error(`${name} must be 0 or 1 (got "${v}")`);
  return v === '1';
}
CORROBORATION.yearOnly = knob01('CORROB_YEAR') ?? CORROBORATION.yearOnly;
CORROBORATION.fullDatesYearApart = !(knob01('CONTRA_YEAR1') ?? !CORROBORATION.fullDatesYearApart);
// CORROB_GUESS=1 (before gy): a birth date written as a guess ("бл. 1991") corroborates as a written one.
CORROBORATION.guessedSilent = !(knob01('CORROB_GUESS') ?? !CORROBORATION.guessedSilent);
// TWIN_SIG=0, TWIN_COMPAT=0 (tw): twins read as before fs-25 — an unclassed or close given name beside one
// surname, patronymic and full date says nothing; two persons whose given names contradict may be one man.
CORROBORATION.twinSignature = knob01('TWIN_SIG') ?? CORROBORATION.twinSignature;
CORROBORATION.twinsIncompatible = knob01('TWIN_COMPAT') ?? CORROBORATION.twinsIncompatible;
CORROBORATION.twinsAnywhere = knob01('TWIN_ANY') ?? CORROBORATION.twinsAnywhere;
// NAMES_ALONE=unique (rgap, not production): a link on the names alone corroborated where the registry holds no
// other record of the whole name (decide.ts `namesAloneUnique`), in the import and the list.
// NAMES_ALONE=import: the same in the import only (the list as production decides it).
CORROBORATION.namesAloneUnique = ['unique', 'import'].includes(process.env['NAMES_ALONE'] ?? '');
// INITIAL_ALONE=0 (wl): a given name's initial agreeing may make an automatic link, as before (`initialCarries`).
CORROBORATION.initialAlone = knob01('INITIAL_ALONE') ?? CORROBORATION.initialAlone;
// FATHERS_CONTRA=0 (wl): two patronymics of known fathers' classes that differ may be linked automatically, as before.
CORROBORATION.fathersContradict = knob01('FATHERS_CONTRA') ?? CORROBORATION.fathersContradict;
// DATE_SLIPS=0 (wl2): two full dates two slips apart (another month and day, a year apart on another day) agree
// as far as `birthContradicted` goes, as before (`twoSlipsApart`).
CORROBORATION.fullDatesTwoSlips = knob01('DATE_SLIPS') ?? CORROBORATION.fullDatesTwoSlips;
// DATE_MIN=x (wl2): a birth date corroborates only where its level weighs more than x bits (0: any above 0).
if (process.env['DATE_MIN'] !== undefined) {
  const x = Number(process.env['DATE_MIN']);
  if (!Number.isFinite(x)) throw new Error(`DATE_MIN must be a number (got "${process.env['DATE_MIN']}")`);
  CORROBORATION.dateMinWeight = x;
}
// YEAR_ENDING=x (wl2, measured, not production): a year only corroborates nothing where the given name's share among
// the holders of the surname's ending predicts x or more namesakes (decide.ts `namesakesByEnding`).
if (process.env['YEAR_ENDING'] !== undefined) {
  const x = Number(process.env['YEAR_ENDING']);
  if (!Number.isFinite(x))
    throw new Error(`YEAR_ENDING must be a number (got "${process.env['YEAR_ENDING']}")`);
  CORROBORATION.yearOnlyByEnding = x;
}
if (process.env['CORROB_MIN'] !== undefined) {
  const bits = Number(process.env['CORROB_MIN']);
  if (!Number.isFinite(bits) || bits < 0)
    throw new Error(`CORROB_MIN must be a number of bits ≥ 0 (got "${process.env['CORROB_MIN']}")`);
  CORROBORATION.minWeight = bits;
}
// CORROB_YEAR_NAMESAKES=n (yr3): a lone year-only agreement corroborates nothing where the registry holds the
// record's family and given names on n records or more beside the pair's own; `off`: never so.
if (process.env['CORROB_YEAR_NAMESAKES'] !== undefined) {
  const v = process.env['CORROB_YEAR_NAMESAKES'];
  const n = v === 'off' ? Infinity : Number(v);
  if (!(n === Infinity || (Number.isInteger(n) && n >= 1)))
    throw new Error(`CORROB_YEAR_NAMESAKES must be a whole number ≥ 1 or "off" (got "${v}")`);
  CORROBORATION.yearOnlyNamesakes = n;
}
// CORROB_YEAR_AGAINST=1 (yr3): nor where a patronymic or a unit both give weighs against the link.
CORROBORATION.yearOnlyAgainst = knob01('CORROB_YEAR_AGAINST') ?? CORROBORATION.yearOnlyAgainst;
const GIVENYEAR: false | true | 'raw' =
  GIVENYEAR_ENV === undefined || GIVENYEAR_ENV === '0' ? false : GIVENYEAR_ENV === 'raw' ? 'raw' : true;
const givenYear = new Map<string, number>();
const familyGiven = new Map<string, number>();
const givenFather = new Map<string, number>();
// WRONG=1: the registry's counts of whole names (family + given, + patronymic class, + year), to compare each
// wrong link's namesakes with what the fields' counts, taken as independent, predict.
const WRONG_COMBOS = process.env['WRONG'] !== undefined;
const combos = new Map<string, number>();
function comboKeys(r: LinkRecord): string[] {
  if (r.family === null || r.given === null) return [];
  const fg = `${r.family}|${r.given}`;
  const out = [`fg:${fg}`];
  if (r.father !== null) out.push(`fgp:${fg}|${r.father}`);
  if (r.birthYear !== null) out.push(`fgy:${fg}|${r.birthYear}`);
  if (r.father !== null && r.birthYear !== null) out.push(`fgpy:${fg}|${r.father}|${r.birthYear}`);
  return out;
}
/** For a wrong link: what kind of error it is, and the whole-name counts against the independent estimate. */
/** WRONGNAMES=1: a wrong link's generated names, given-name keys (`x:` where no class is known) and dates. */
function wrongNames(r: LinkRecord, b: LinkRecord): string {
  const date = (x: LinkRecord): string =>
    `${x.birthGuessed === true ? '~' : ''}${x.birthYear}-${x.birthMonth}-${x.birthDay}`;
  return `${r.family}/${b.family} ${r.givenSkeleton}/${b.givenSkeleton} ${r.given}/${b.given} ${r.patronymicSkeleton}/${b.patronymicSkeleton} ${date(r)}/${date(b)}`;
}
function wrongDetail(
  i: number,
  d: RecordDecision,
  cm: CompiledModel,
  cands: readonly CandidatePerson[],
): string {
  const best = d.best as NonNullable<RecordDecision['best']>;
  const p = Number(best.personId);
  const members = personRecords.get(p) ?? [];
  const same = members.filter((j) => truth[j] === truth[i]).length;
  const truths = new Set(members.map((j) => truth[j])).size;
  const recsOf = cands.find((c) => c.personId === best.personId)?.records ?? [];
  const single = Math.max(...recsOf.map((x) => scoreFast(cm, recs[i] as LinkRecord, x, recsOf)));
  const r = recs[i] as LinkRecord;
  const n = seenCount;
  const cnt = (k: string): number => (combos.get(k) ?? 0) - 1; // others than the arriving record
  const f = (m: Map<string, number>, k: string | null, tot: number): number =>
    k === null ? 1 : (m.get(k) ?? 1) / tot;
  const fg = `${r.family}|${r.given}`;
  const indep =
    n *
    f(family, r.family, n) *
    f(given, r.given, n) *
    (r.father !== null ? f(father, r.father, fatherRecords) : 1) *
    (r.birthYear !== null ? f(birthYear, String(r.birthYear), yearRecords) : 1);
  const kind = same > 0 ? 'FOLLOW' : 'FIRST';
  return [
    kind,
    `size:${members.length}/${truths}`,
    `composite:${best.score > single + 1e-9 ? 'yes' : 'no'}`,
    `fg:${cnt(`fg:${fg}`)}`,
    `fgp:${r.father === null ? '-' : cnt(`fgp:${fg}|${r.father}`)}`,
    `fgy:${r.birthYear === null ? '-' : cnt(`fgy:${fg}|${r.birthYear}`)}`,
    `fgpy:${r.father === null || r.birthYear === null ? '-' : cnt(`fgpy:${fg}|${r.father}|${r.birthYear}`)}`,
    `indep:${indep.toFixed(2)}`,
  ].join(' ');
}
let seenCount = 0;
// YEARONLY=1 (yr3): a line per automatic link of the import's first pass that only a year-only agreement
// (`same_year`) corroborates — right, FIRST (a man's first record in another man's person) or follow —, with
// its score, the records the family + given keys are held by beside the pair's own, and the levels' weights.
const YEARONLY = process.env['YEARONLY'] === '1';
function yearOnlyLine(
  i: number,
  p: number,
  d: RecordDecision,
  cm: CompiledModel,
  cands: readonly CandidatePerson[],
): void {
  const best = d.best as NonNullable<RecordDecision['best']>;
  const recsOf = cands.find((c) => c.personId === best.personId)?.records ?? [];
  const r = recs[i] as LinkRecord;
  const was = CORROBORATION.yearOnly;
  CORROBORATION.yearOnly = false;
  const without = corroborated(cm, r, recsOf);
  CORROBORATION.yearOnly = was;
  if (without) return;
  const kind = linkKind(i, p);
  const own = recsOf.filter((x) => x.family === r.family && x.given === r.given).length;
  const fg =
    r.family === null || r.given === null
      ? '-'
      : String((familyGiven.get(jointKey(r.family, r.given)) ?? 0) - own - 1);
  const yearOnlySide = `${r.birthMonth === null ? 'a' : ''}${recsOf.some((x) => x.birthYear !== null && x.birthMonth === null) ? 'b' : ''}`;
  console.log(
    'yearonly',
    kind,
    noise[i],
    `size:${recsOf.length}`,
    `fg:${fg}`,
    `fam:${r.family === null ? '-' : (family.get(r.family) ?? 0)}`,
    `giv:${r.given === null ? '-' : (given.get(r.given) ?? 0)}`,
    `side:${yearOnlySide}`,
    `next:${d.ranked.filter((x) => x.conflict === null && x !== best)[0]?.score.toFixed(1) ?? '-'}`,
    best.score.toFixed(1),
    scorePair(cm, r, best.record)
      .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
      .join(' '),
  );
}
/**
 * For each automatic link (import's first pass): right, the first of a man in another man's person, or
 * following one; and how many other records (neither the arriving one nor the person's) hold its family +
 * given keys (kfg), and + its birth year (kfgy), by the evidence beyond the names.
 */
const joint = new Map<string, number>();
/** The whole-name counts of the records linked so far (not the batch's still to come). */
const linkedCombos = new Map<string, number>();
function jointTally(i: number, p: number, d: RecordDecision, cm: CompiledModel): void {
  const r = recs[i] as LinkRecord;
  const members = personRecords.get(p) ?? [];
  const kind = linkKind(i, p);
  const keys = comboKeys(r);
  const k = (prefix: string): string => {
    const key = keys.find((x) => x.startsWith(`${prefix}:`));
    if (key === undefined) return '-';
    let own = 1;
    for (const j of members) if (comboKeys(recs[j] as LinkRecord).includes(key)) own++;
    const n = (linkedCombos.get(key) ?? 0) - own + 1;
    return n >= 3 ? '3+' : String(n);
  };
  const levels = scorePair(cm, r, (d.best as NonNullable<RecordDecision['best']>).record).contributions.map(
    (c) => c.level,
  );
  const beyond =
    `${levels[2] === 'same_class' ? 'P' : '-'}` +
    `${levels[3] === 'exact' || levels[3] === 'day_month_swapped' || levels[3] === 'year_off_by_one_same_day' ? 'D' : levels[3]?.startsWith('same_year') ? 'Y' : '-'}` +
    `${levels[5] === 'same' ? 'U' : '-'}${levels[6] === 'same' ? 'S' : '-'}`;
  const names = `${levels[0]}/${levels[1] === 'exact' || levels[1] === 'same_class' ? 'g' : levels[1]}`;
  const key = `${beyond} ${names} kfg=${k('fg')} kfgy=${k('fgy')}`;
  const e = joint.get(key) ?? 0;
  joint.set(key, e + 1);
  joint.set(`${kind}\t${key}`, (joint.get(`${kind}\t${key}`) ?? 0) + 1);
}
const t0 = Date.now();
const BATCH = 2000;
let model = defaultModel();
// --files k (or FILES=k): the registry arrives as k files of equal size, and after each the model is
// retrained as the server's `retrainIfGrown` does (once the registry holds ≥ 1,000 records and 1.2× what it
// was trained on), so later files are linked with a trained model, as they are in production. The default
// is 5 since stop 34 (prod): the figures the issue's targets are read from are production's; `--files 1`
// links the whole registry with the default model, as every run before stop 34 did.
const FILES = Number(process.env['FILES'] ?? values.files);
// MATCHES=sessions|recount: how training counts the matches per record (the prior): the largest EM
// session's count (before fs-16), or that count again with the settled m (branch `scale`; RECOUNT=1 too);
// the default, `scored`, as production since fs-16: every blocked pair scored once by the settled model.
const MATCHES_FROM = (process.env['MATCHES'] ?? (process.env['RECOUNT'] === '1' ? 'recount' : 'scored')) as
  'scored' | 'sessions' | 'recount';
/** The simulation's truth: other records of the same man per record, among the first `n` records. */
function truthMatchesPerRecord(n: number): number {
  const per = new Map<string, number>();
  for (let i = 0; i < n; i++) per.set(truth[i] as string, (per.get(truth[i] as string) ?? 0) + 1);
  let pairs = 0;
  for (const c of per.values()) pairs += (c * (c - 1)) / 2;
  return (2 * pairs) / Math.max(1, n);
}
let trainedOn = 0;
let retrains = 0;
if (process.env['AUTO']) model.thresholds.auto = Number(process.env['AUTO']);
if (process.env['REVIEW']) model.thresholds.review = Number(process.env['REVIEW']);
// LOST=1: where each arriving record that did not join its man's existing person went, by noise class
// (a base record arriving after a variant is counted under the variant's class).
const LOST = process.env['LOST'] !== undefined;
const lost = new Map<string, Map<string, number>>();
const truthPersons = new Map<string, number[]>();
function lostOutcome(cm: CompiledModel, i: number, found: Set<number>, d: RecordDecision): void {
  const mine = truthPersons.get(truth[i] as string) ?? [];
  if (mine.length === 0) return;
  const first = (personRecords.get(mine[0] as number) ?? [])[0] as number;
  const cls = noise[i] === 'base' ? (noise[first] as string) : (noise[i] as string);
  let what: string;
  const ok = d.decision === 'match' && d.best !== null && mine.includes(Number(d.best.personId));
  const t = d.ranked.find((x) => mine.includes(Number(x.personId)));
  const { auto, review } = cm.model.thresholds;
  if (ok) what = 'joined';
  else if (!mine.some((p) => found.has(p))) what = 'no candidate';
  else if (d.decision === 'match') what = 'matched another';
  else if (t === undefined) what = 'no candidate';
  else if (t.conflict !== null) what = `conflict ${t.conflict}`;
  else if (t.score >= auto) what = 'two persons above auto';
  else if (t.score >= queueThreshold(cm.model)) what = 'queue..auto';
  else if (t.score >= review) what = 'review..queue';
  else what = 'below review';
  const e = lost.get(cls) ?? new Map<string, number>();
  e.set(what, (e.get(what) ?? 0) + 1);
  lost.set(cls, e);
}
// RESOLVE=n: at the end of each file, n passes re-deciding each person of one record that the file made
// (NEIGH=1: and each such person an arriving record's blocks found) against the persons its blocks find
// now, with the counts at the file's end: the import's re-resolution of its new singletons.
const RESOLVE = Number(process.env['RESOLVE'] ?? 2);
const mergedInto = new Map<number, number>();
let resolvedLinks = 0;
let resolvedWrong = 0;
const pendingSingletons = new Set<number>();
// The persons the current file's records joined or made, and those the step joined: only a singleton one
// of them scores from the auto threshold up is decided again, as the import's step does (imp3;
// TOUCHED=0: every pending singleton, as before).
const touchedPersons = new Set<number>();
const TOUCHED = process.env['TOUCHED'] !== '0';
let resolvedSkipped = 0;
function resolveSingletons(cmEnd: CompiledModel): void {
  for (let pass = 0; pass < RESOLVE; pass++) {
    let changed = 0;
    for (const p of [...pendingSingletons].sort((a, b) => a - b)) {
      const members = personRecords.get(p);
      if (members === undefined || members.length !== 1) continue;
      const i = members[0] as number;
      const r = recs[i] as LinkRecord;
      const persons = new Set<number>();
      for (const j of index.find(r)) {
        const q = personOf[j] as number;
        if (q !== p) persons.add(q);
      }
      const cands: CandidatePerson[] = [...persons].map((q) => ({
        personId: String(q),
        records: (personRecords.get(q) ?? []).map((j) => recs[j] as LinkRecord),
      }));
      if (
        TOUCHED &&
        !cands.some(
          (c) =>
            touchedPersons.has(Number(c.personId)) &&
            scorePersonOf(cmEnd, r, c).score >= cmEnd.model.thresholds.auto,
        )
      ) {
        if (pass === 0) resolvedSkipped++;
        continue;
      }
      const d = decideRecord(cmEnd, r, cands);
      if (d.decision !== 'match' || d.best === null) continue;
      // Only where one record of the person alone scores from the threshold up (SINGLEREC=0: any match).
      if (process.env['SINGLEREC'] !== '0') {
        const recsOf = cands.find((c) => c.personId === d.best?.personId)?.records ?? [];
        if (!recsOf.some((x) => scoreFast(cmEnd, r, x, recsOf) >= cmEnd.model.thresholds.auto)) continue;
      }
      const target = Number(d.best.personId);
      const detail = process.env['WRONG'] ? wrongDetail(i, d, cmEnd, cands) : '';
      personOf[i] = target;
      (personRecords.get(target) as number[]).push(i);
      personRecords.delete(p);
      mergedInto.set(p, target);
      touchedPersons.add(target);
      auto.push(i);
      autoScore.set(i, d.best.score);
      changed++;
      resolvedLinks++;
      if (firstTruth.get(target) !== truth[i]) {
        resolvedWrong++;
        if (process.env['WRONG'])
          console.log(
            'wrong resolve',
            noise[i],
            `kin:${kinOf(truth[i] as string, firstTruth.get(target) as string)}`,
            detail,
            process.env['WRONGNAMES'] ? wrongNames(r, d.best.record) : '',
            d.best.score.toFixed(1),
            scorePair(cmEnd, r, d.best.record)
              .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
              .join(' '),
          );
      }
    }
    if (changed === 0) break;
  }
  pendingSingletons.clear();
  touchedPersons.clear();
}
// IMPORTTF=batch: the import's batches weighed as before tfi: a batch's family and given-name counts held
// for its own records' keys only (a candidate's other spelling counted 0), as the server's import read them;
// the default, the registry's count of every key (the import since tfi). The end step is not emulated.
const IMPORT_BATCH_TF = process.env['IMPORTTF'] === 'batch';
function batchKeysOnly(
  counts: ReadonlyMap<string, number>,
  start: number,
  end: number,
  kind: 'family' | 'given',
): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = start; i < end; i++) {
    const k = (recs[i] as LinkRecord)[kind];
    const n = k === null ? undefined : counts.get(k);
    if (k !== null && n !== undefined) out.set(k, n);
  }
  return out;
}
const FILE_ROWS = Math.ceil(recs.length / FILES / BATCH) * BATCH;
for (let start = 0; start < recs.length; start += BATCH) {
  const end = Math.min(recs.length, start + BATCH);
  if (RESOLVE > 0 && start > 0 && start % FILE_ROWS === 0)
    resolveSingletons(compile(model, recs.slice(0, start), family, given, true));
  if (FILES > 1 && start > 0 && start % FILE_ROWS === 0 && start >= 1000 && start >= trainedOn * 1.2) {
    const seen = recs.slice(0, start);
    model = trainModel({
      records: seen,
      pairs: blockedPairs(seen, { eachRule: true }),
      randomPairs: Math.min(2_000_000, Math.max(100_000, seen.length * 2)),
      matchesFrom: MATCHES_FROM,
      jointNames: JOINT,
      ...(GIVENYEAR ? { givenYear: GIVENYEAR } : {}),
      ...(TRAIN_GUESSED ? { trainGuessed: true } : {}),
    });
    // AUTO_TRAINED=x: the retrained models' automatic threshold (TRAINED_THRESHOLDS.auto, 5), to measure what
    // each step below it links, right and wrong (AUTO sets only the first file's default model's).
    if (process.env['AUTO_TRAINED']) model.thresholds.auto = Number(process.env['AUTO_TRAINED']);
    trainedOn = start;
    retrains++;
    console.log(
      `retrained on ${start} records: matches per record ${model.matchesPerRecord?.toFixed(3)}, ` +
        `true ${truthMatchesPerRecord(start).toFixed(3)}`,
    );
  }
  for (let i = start; i < end; i++) {
    const r = recs[i] as LinkRecord;
    if (r.family !== null) family.set(r.family, (family.get(r.family) ?? 0) + 1);
    if (r.given !== null) given.set(r.given, (given.get(r.given) ?? 0) + 1);
    if (r.familyPhonetic !== null) phonetic.set(r.familyPhonetic, (phonetic.get(r.familyPhonetic) ?? 0) + 1);
    if (r.father !== null) {
      father.set(r.father, (father.get(r.father) ?? 0) + 1);
      fatherRecords++;
    }
    if (r.birthYear !== null) {
      birthYear.set(String(r.birthYear), (birthYear.get(String(r.birthYear)) ?? 0) + 1);
      yearRecords++;
    }
    if (r.family !== null && r.given !== null) {
      const k = jointKey(r.family, r.given);
      familyGiven.set(k, (familyGiven.get(k) ?? 0) + 1);
    }
    if (r.given !== null && r.father !== null)
      for (const k of [jointKey(r.given, r.father), jointKey(r.given, '')])
        givenFather.set(k, (givenFather.get(k) ?? 0) + 1);
    if (GIVENYEAR && r.given !== null && r.birthYear !== null)
      for (const k of [jointKey(r.given, String(r.birthYear)), jointKey(r.given, '')])
        givenYear.set(k, (givenYear.get(k) ?? 0) + 1);
    if (WRONG_COMBOS) for (const k of comboKeys(r)) combos.set(k, (combos.get(k) ?? 0) + 1);
  }
  seenCount = end;
  const cm = compile(
    model,
    recs.slice(0, end),
    IMPORT_BATCH_TF ? batchKeysOnly(family, start, end, 'family') : family,
    IMPORT_BATCH_TF ? batchKeysOnly(given, start, end, 'given') : given,
    true,
  );
  const batchQueue: [number, number, number][] = [];
  for (let i = start; i < end; i++) {
    const r = recs[i] as LinkRecord;
    const persons = new Set<number>();
    for (const j of index.find(r)) persons.add(personOf[j] as number);
    const cands: CandidatePerson[] = [...persons].map((p) => ({
      personId: String(p),
      records: (personRecords.get(p) ?? []).map((j) => recs[j] as LinkRecord),
    }));
    const d = decideRecord(cm, r, cands);
    if (RESOLVE > 0 && process.env['NEIGH'])
      for (const q of persons) if ((personRecords.get(q)?.length ?? 0) === 1) pendingSingletons.add(q);
    // PENDING=review: only persons that were a possible match (≥ review) of an arriving record, either way.
    const possibleOnly = (process.env['PENDING'] ?? 'review') === 'review';
    if (RESOLVE > 0 && possibleOnly)
      for (const x of d.ranked)
        if (
          x.score >= cm.model.thresholds.review &&
          (personRecords.get(Number(x.personId))?.length ?? 0) === 1
        )
          pendingSingletons.add(Number(x.personId));
    if (LOST) lostOutcome(cm, i, persons, d);
    if (d.decision === 'possible' && d.best !== null && d.best.score >= cm.model.thresholds.auto) {
      ambiguous++;
      const top = d.ranked.filter((x) => x.conflict === null);
      const t1 = firstTruth.get(Number(top[0]?.personId));
      const t2 = firstTruth.get(Number(top[1]?.personId));
      if (t1 === t2) ambiguousTrue++;
      if (t1 === truth[i]) ambiguousTopRight++;
    }
    if (ANALYSE) {
      const tp = cands.find((c) => firstTruth.get(Number(c.personId)) === truth[i]);
      const bestTrue = d.best !== null && firstTruth.get(Number(d.best.personId)) === truth[i];
      const target = d.decision === 'none' ? tp : undefined;
      const rec =
        d.best !== null && d.decision !== 'none' ? d.best : target ? scorePersonOf(cm, r, target) : null;
      if (rec !== null) {
        const pat = scorePair(cm, r, rec.record)
          .contributions.map((c) => c.level)
          .join(',');
        if (process.env['FAM'] && pat.startsWith(process.env['FAM']) && bestTrue !== (d.decision === 'none'))
          console.log(
            'fam',
            d.decision,
            noise[i],
            rows[i]?.family_name,
            r.family,
            rec.record.family,
            rec.score.toFixed(1),
          );
        const key = `${d.decision}${d.decision === 'none' ? '' : bestTrue ? '+T' : '+F'} ${noise[i]}`;
        analysis.push({ key, pat, score: rec.score });
      }
    }
    let p: number;
    if (d.decision === 'match' && d.best) {
      p = Number(d.best.personId);
      auto.push(i);
      autoScore.set(i, d.best.score);
      if (WRONG_COMBOS) jointTally(i, p, d, cm);
      if (YEARONLY) yearOnlyLine(i, p, d, cm, cands);
      for (const o of d.alsoMatches ?? []) batchQueue.push([o.score, p, Number(o.personId)]);
      if (process.env['WRONG'] && firstTruth.get(p) !== truth[i])
        console.log(
          'wrong',
          noise[i],
          `kin:${kinOf(truth[i] as string, firstTruth.get(p) as string)}`,
          `true:${d.ranked.find((x) => firstTruth.get(Number(x.personId)) === truth[i])?.score.toFixed(1) ?? '-'}`,
          `next:${d.ranked.filter((x) => x.conflict === null && x !== d.best)[0]?.score.toFixed(1) ?? '-'}`,
          `cands:${d.ranked.length}`,
          wrongDetail(i, d, cm, cands),
          process.env['WRONGNAMES'] ? wrongNames(r, d.best.record) : '',
          d.best.score.toFixed(1),
          scorePair(cm, r, d.best.record)
            .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
            .join(' '),
        );
    } else {
      p = i;
      firstTruth.set(p, truth[i] as string);
      if (d.decision === 'possible' && d.best && d.best.score >= queueThreshold(cm.model))
        batchQueue.push([d.best.score, Number(d.best.personId), p]);
    }
    personOf[i] = p;
    touchedPersons.add(p);
    if (
      p === i &&
      ((process.env['PENDING'] ?? 'review') !== 'review' ||
        (d.best !== null && d.best.score >= cm.model.thresholds.review))
    )
      pendingSingletons.add(p);
    const tp = truthPersons.get(truth[i] as string) ?? [];
    if (!tp.includes(p)) truthPersons.set(truth[i] as string, [...tp, p]);
    const l = personRecords.get(p);
    if (l) l.push(i);
    else personRecords.set(p, [i]);
    index.add(i);
    if (WRONG_COMBOS) for (const k of comboKeys(r)) linkedCombos.set(k, (linkedCombos.get(k) ?? 0) + 1);
  }
  const seenPairs = new Set<string>();
  batchQueue.sort((x, y) => y[0] - x[0]);
  const unique = batchQueue.filter(([, a, b]) => {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    return a !== b && !seenPairs.has(k) && seenPairs.add(k);
  });
  for (const [, a, b] of unique.slice(0, QUEUE_CAP ? importQueueCap(end - start) : unique.length))
    reviews.push([a, b]);
}
if (RESOLVE > 0) resolveSingletons(compile(model, recs, family, given, true));
// FINALPASS=1 (rgap): after the import, every person of one record decided again against the persons its blocks
// find, under the last model and counts, by the end step's rules (one record alone from the threshold up), without
// linking: how many would join, how many of them wrongly (the person's first record another man's), the true pairs
// they would bring, by the margin above the threshold their score clears.
if (process.env['FINALPASS']) {
  const cmEnd = compile(model, recs, family, given, true);
  const { auto: at } = cmEnd.model.thresholds;
  const margins = [0, 0.5, 1, 2, 4];
  const tally = margins.map(() => ({ links: 0, wrong: 0, pairs: 0 }));
  for (const [p, members] of personRecords) {
    if (members.length !== 1) continue;
    const i = members[0] as number;
    const r = recs[i] as LinkRecord;
    const persons = new Set<number>();
    for (const j of index.find(r)) if (personOf[j] !== p) persons.add(personOf[j] as number);
    const cands: CandidatePerson[] = [...persons].map((q) => ({
      personId: String(q),
      records: (personRecords.get(q) ?? []).map((j) => recs[j] as LinkRecord),
    }));
    const d = decideRecord(cmEnd, r, cands);
    if (d.decision !== 'match' || d.best === null) continue;
    const target = Number(d.best.personId);
    const recsOf = cands.find((c) => c.personId === d.best?.personId)?.records ?? [];
    if (!recsOf.some((x) => scoreFast(cmEnd, r, x, recsOf) >= at)) continue;
    const wrong = firstTruth.get(target) !== truth[i];
    if (wrong && process.env['WRONG'])
      console.log(
        'wrong finalpass',
        noise[i],
        `kin:${kinOf(truth[i] as string, firstTruth.get(target) as string)}`,
        `size:${recsOf.length}`,
        d.best.score.toFixed(1),
        scorePair(cmEnd, r, d.best.record, recsOf)
          .contributions.map((c) => `${c.field.slice(0, 3)}:${c.level}:${c.weight.toFixed(1)}`)
          .join(' '),
      );
    const pairs = (personRecords.get(target) ?? []).filter((j) => truth[j] === truth[i]).length;
    margins.forEach((m, k) => {
      if ((d.best?.score ?? -Infinity) < at + m) return;
      const t = tally[k] as { links: number; wrong: number; pairs: number };
      t.links++;
      if (wrong) t.wrong++;
      t.pairs += pairs;
    });
  }
  console.log(
    'final pass (singletons that would join, wrong, true pairs): ' +
      margins.map((m, k) => `+${m}: ${tally[k]?.links} (${tally[k]?.wrong}) ${tally[k]?.pairs}`).join(', '),
  );
}
if (RESOLVE > 0) {
  const res = (x: number): number => {
    while (mergedInto.has(x)) x = mergedInto.get(x) as number;
    return x;
  };
  for (const rv of reviews) {
    rv[0] = res(rv[0]);
    rv[1] = res(rv[1]);
  }
  console.log(
    `re-resolved singletons: ${resolvedLinks} linked, ${resolvedWrong} wrong` +
      (TOUCHED ? `; ${resolvedSkipped} not decided (no touched person scores them from auto)` : ''),
  );
}
if (ANALYSE) {
  const by = new Map<string, number>();
  for (const a of analysis)
    by.set(a.key.split(' ')[0] as string, (by.get(a.key.split(' ')[0] as string) ?? 0) + 1);
  console.log([...by].map(([k, n]) => `${k} ${n}`).join(', '));
  const pats = new Map<string, [number, number, number]>();
  for (const a of analysis) {
    const kind = a.key.split(' ')[0] as string;
    if (kind === 'match+T') continue;
    if (a.score < Number(process.env['FROM'] ?? -99)) continue;
    if (process.env['CLASS'] !== undefined && !a.key.endsWith(` ${process.env['CLASS']}`)) continue;
    const e = pats.get(a.pat) ?? [0, 0, 0];
    if (kind === 'possible+T') e[0]++;
    else if (kind === 'none') e[2]++;
    else e[1]++;
    pats.set(a.pat, e);
  }
  const hist = new Map<number, [number, number]>();
  for (const a of analysis) {
    const kind = a.key.split(' ')[0] as string;
    if (kind === 'none') continue;
    if (process.env['PAT'] !== undefined && a.pat !== process.env['PAT']) continue;
    const b = Math.floor(a.score);
    const e = hist.get(b) ?? [0, 0];
    if (kind.endsWith('+T')) e[0]++;
    else e[1]++;
    hist.set(b, e);
  }
  console.log(
    'score: true false ' +
      [...hist]
        .sort((a, b) => a[0] - b[0])
        .map(([b, [t, f]]) => `${b}:${t}/${f}`)
        .join(' '),
  );
  console.log('pattern: possible-true possible-false missed(none)');
  for (const [k, [t, f, n]] of [...pats]
    .sort((a, b) => b[1][0] + b[1][2] + b[1][1] - a[1][0] - a[1][2] - a[1][1])
    .slice(0, Number(ANALYSE)))
    console.log(`${t}\t${f}\t${n}\t${k}`);
}
if (LOST)
  for (const [cls, e] of [...lost].sort())
    console.log(
      `lost ${cls}: ` +
        [...e]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
    );
if (process.env['SPLITS']) {
  // How the true pairs that stay apart are split: by the sizes of the two persons holding them.
  const byTruth = new Map<string, Map<number, number>>();
  recs.forEach((_, i) => {
    const t = truth[i] as string;
    const m = byTruth.get(t) ?? new Map<number, number>();
    m.set(personOf[i] as number, (m.get(personOf[i] as number) ?? 0) + 1);
    byTruth.set(t, m);
  });
  const kinds = new Map<string, number>();
  for (const m of byTruth.values()) {
    const sizes = [...m.values()];
    for (let a = 0; a < sizes.length; a++)
      for (let b = a + 1; b < sizes.length; b++) {
        const x = Math.min(sizes[a] as number, 3);
        const y = Math.min(sizes[b] as number, 3);
        const k = `${Math.min(x, y)}x${Math.max(x, y)}`;
        kinds.set(k, (kinds.get(k) ?? 0) + (sizes[a] as number) * (sizes[b] as number));
      }
  }
  console.log(
    'lost pairs by person sizes (3 = 3+): ' +
      [...kinds]
        .sort()
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
  );
}
if (process.env['SINGLES']) {
  // Each singleton whose man has another person: its score against that person (the largest), the pattern
  // against that person's best record, weighted by the pairs it loses.
  const cmEnd = compile(model, recs, family, given, true);
  const personsOfTruth = new Map<string, Set<number>>();
  recs.forEach((_, i) => {
    const t = truth[i] as string;
    const s = personsOfTruth.get(t) ?? new Set<number>();
    s.add(personOf[i] as number);
    personsOfTruth.set(t, s);
  });
  const pats = new Map<string, [number, number]>();
  const cats = new Map<string, [number, number]>();
  const hist = new Map<number, number>();
  for (const [p, members] of personRecords) {
    if (members.length !== 1) continue;
    const i = members[0] as number;
    const others = [...(personsOfTruth.get(truth[i] as string) ?? [])].filter((q) => q !== p);
    if (others.length === 0) continue;
    const q = others.sort(
      (a, b) => (personRecords.get(b)?.length ?? 0) - (personRecords.get(a)?.length ?? 0),
    )[0] as number;
    const qrecs = (personRecords.get(q) ?? []).map((j) => recs[j] as LinkRecord);
    const ps = scorePersonOf(cmEnd, recs[i] as LinkRecord, { personId: String(q), records: qrecs });
    const found = index.find(recs[i] as LinkRecord).some((j) => personOf[j] === q);
    const has = (r: LinkRecord): string =>
      `${r.father !== null ? 'P' : '-'}${r.birthYear !== null ? (r.birthDay !== null ? 'D' : 'Y') : '-'}${r.unit !== null ? 'U' : '-'}${r.serviceNumber !== null ? 'S' : '-'}`;
    const pat =
      (found ? '' : 'NOTFOUND ') +
      (ps.conflict ?? '') +
      ` ${process.env['HAS'] ? `${has(recs[i] as LinkRecord)} vs ${qrecs.map(has).join('+')} ${ps.score.toFixed(0)}` : ''} ` +
      scorePair(cmEnd, recs[i] as LinkRecord, ps.record)
        .contributions.map((c) => c.level)
        .join(',');
    {
      const a = recs[i] as LinkRecord;
      const overlap = qrecs.some(
        (b) =>
          (a.father !== null && b.father !== null) ||
          (a.birthYear !== null && b.birthYear !== null) ||
          (a.unit !== null && b.unit !== null) ||
          (a.serviceNumber !== null && b.serviceNumber !== null),
      );
      const cat = `${overlap ? 'overlap' : 'names-only'} ${ps.score >= cmEnd.model.thresholds.auto ? 'above' : ps.score >= 0 ? '0..auto' : 'below0'}`;
      const c = cats.get(cat) ?? [0, 0];
      c[0]++;
      c[1] += qrecs.length;
      cats.set(cat, c);
    }
    const e = pats.get(pat) ?? [0, 0];
    e[0]++;
    e[1] += qrecs.length;
    pats.set(pat, e);
    const b = Math.max(-10, Math.floor(ps.score));
    hist.set(b, (hist.get(b) ?? 0) + qrecs.length);
  }
  console.log(
    'singletons (n, lost pairs): ' +
      [...cats]
        .sort()
        .map(([k, [n, q]]) => `${k} ${n}/${q}`)
        .join(', '),
  );
  console.log(
    'singletons lost pairs by score: ' +
      [...hist]
        .sort((a, b) => a[0] - b[0])
        .map(([b, n]) => `${b}:${n}`)
        .join(' '),
  );
  for (const [k, [n, pairs]] of [...pats]
    .sort((a, b) => b[1][1] - a[1][1])
    .slice(0, Number(process.env['SINGLES'])))
    console.log(`${n}\t${pairs}\t${k}`);
}
if (process.env['LOSTPAIRS']) lostPairs(compile(model, recs, family, given, true));
if (process.env['CALIB']) {
  calibration(compile(model, recs, family, given, true));
  if (process.env['CALIB'] === 'exit') process.exit(0);
}
/**
 * CALIB=1: are the weights calibrated where the threshold cuts? Every blocked record pair (`blockedPairs`, each
 * once), scored as a pair against the registry's final counts, by its field pattern (levels, `missing` left
 * out): how many are one man's and how many strangers', the model's mean score and the empirical log2 odds.
 * A pattern whose empirical odds stand bits above its mean score weighs too little (or too much, below).
 * CALIB_FROM / CALIB_TO: the score range (default 0..8); CALIB_TOP: patterns shown (30).
 */
function calibration(cm: CompiledModel): void {
  const from = Number(process.env['CALIB_FROM'] ?? 0);
  const to = Number(process.env['CALIB_TO'] ?? 8);
  const pats = new Map<string, { t: number; f: number; sum: number; corr: boolean }>();
  const bands = new Map<number, [number, number, number, number]>();
  for (const [i, j] of blockedPairs(recs)) {
    const a = recs[i] as LinkRecord;
    const b = recs[j] as LinkRecord;
    const sc = scoreFast(cm, a, b, [b]);
    if (sc < from - 4 || sc >= to + 4) continue;
    const same = truth[i] === truth[j];
    const corr = corroborated(cm, a, [b]);
    const band = Math.floor(sc);
    const e = bands.get(band) ?? [0, 0, 0, 0];
    const k = (corr ? 0 : 2) + (same ? 0 : 1);
    e[k] = (e[k] as number) + 1;
    bands.set(band, e);
    if (sc < from || sc >= to) continue;
    const pat = scorePair(cm, a, b, [b])
      .contributions.filter((c) => c.level !== 'missing')
      .map((c) => `${c.field.slice(0, 3)}:${c.level}`)
      .join(' ');
    const q = pats.get(pat) ?? { t: 0, f: 0, sum: 0, corr };
    if (same) q.t++;
    else q.f++;
    q.sum += sc;
    pats.set(pat, q);
  }
  console.log('calib band\tcorroborated true/false\tnames-only true/false');
  for (const [b, e] of [...bands].sort((x, y) => x[0] - y[0]))
    console.log(`calib ${b}..${b + 1}\t${e[0]}/${e[1]}\t${e[2]}/${e[3]}`);
  const top = Number(process.env['CALIB_TOP'] ?? 30);
  for (const [pat, q] of [...pats].sort((x, y) => y[1].t + y[1].f - (x[1].t + x[1].f)).slice(0, top)) {
    const n = q.t + q.f;
    const emp = Math.log2((q.t + 0.5) / (q.f + 0.5));
    console.log(
      `calibpat n:${n} true:${q.t} false:${q.f} mean:${(q.sum / n).toFixed(2)} empirical:${emp.toFixed(2)} gap:${(emp - q.sum / n).toFixed(2)}${q.corr ? '' : ' (names only)'}\t${pat}`,
    );
  }
}
/**
 * LOSTPAIRS=1: every true record pair the import left in two persons, at the import's end, by cause — the
 * record of the smaller person (the later to arrive on a tie) decided against the other person as the
 * registry stands now: `no block` (they share no blocking key), a conflict, `names only` / `birth
 * contradicted` (above the threshold, refused by rule), `would join now` (above the threshold and linkable:
 * split by the order in which the records arrived), `another person above` (a second person scores from
 * the threshold up), or its score band — by noise class (the record's own, or the other's when it is a base
 * record), with the commonest field patterns of each cause. Records: each record outside the person holding
 * most of its man's records (his main person), by the same causes against the main person.
 */
function lostPairs(cmEnd: CompiledModel): void {
  const { auto, review } = cmEnd.model.thresholds;
  const byTruth = new Map<string, number[]>();
  recs.forEach((_, i) => {
    const t = truth[i] as string;
    const l = byTruth.get(t);
    if (l) l.push(i);
    else byTruth.set(t, [i]);
  });
  const queued = new Set(reviews.map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
  const causeCache = new Map<string, { cause: string; pat: string }>();
  // LOSTSHOW=n: n corroborated lost pairs of each score band below the threshold, field by field.
  const LOSTSHOW = Number(process.env['LOSTSHOW'] ?? 0);
  const shownBy = new Map<string, number>();
  if (LOSTSHOW > 0)
    console.log(
      'lostshow weights ' +
        FIELDS.map(
          (f, k) =>
            `${f}:${LEVELS[f].map((l, j) => `${l}=${(cmEnd.weights[k] as Float64Array)[j]?.toFixed(2)}`).join(',')}`,
        ).join(' '),
    );
  /** Record i against person q. */
  const classify = (i: number, q: number): { cause: string; pat: string } => {
    const ck = `${i}|${q}`;
    const hit = causeCache.get(ck);
    if (hit !== undefined) return hit;
    const r = recs[i] as LinkRecord;
    const qrecs = (personRecords.get(q) ?? []).map((j) => recs[j] as LinkRecord);
    const found = index.find(r);
    const blocked = found.some((j) => personOf[j] === q);
    const ps = scorePersonOf(cmEnd, r, { personId: String(q), records: qrecs });
    const pat = scorePair(cmEnd, r, ps.record, qrecs)
      .contributions.map((c) => `${c.field.slice(0, 3)}:${c.level}`)
      .filter((x) => !x.endsWith(':missing'))
      .join(' ');
    let cause: string;
    if (!blocked) cause = 'no block';
    else if (ps.conflict !== null) cause = `conflict ${ps.conflict}`;
    else if (ps.score >= auto) {
      if (!corroborated(cmEnd, r, qrecs)) cause = 'names only';
      else if (!autoLinkable(cmEnd, r, qrecs))
        cause = birthContradicted(r, qrecs)
          ? 'birth contradicted'
          : givenContradicted(r, qrecs)
            ? 'twin rule (given contradicted)'
            : 'sex contradicted';
      else {
        const persons = new Set<number>();
        for (const j of found) if (personOf[j] !== personOf[i]) persons.add(personOf[j] as number);
        const cands: CandidatePerson[] = [...persons].map((p) => ({
          personId: String(p),
          records: (personRecords.get(p) ?? []).map((j) => recs[j] as LinkRecord),
        }));
        const d = decideRecord(cmEnd, r, cands);
        if (process.env['LOSTPAIRS_JOIN'] && d.decision === 'match' && Number(d.best?.personId) === q)
          console.log(
            `joinnow own:${personRecords.get(personOf[i] as number)?.length} other:${qrecs.length} score:${ps.score.toFixed(1)} single:${Math.max(...qrecs.map((x) => scoreFast(cmEnd, r, x, qrecs))).toFixed(1)} ${noise[i]} ${pat}`,
          );
        cause =
          d.decision === 'match' && Number(d.best?.personId) === q
            ? 'would join now'
            : d.decision === 'match'
              ? 'joins another now'
              : 'another person above';
      }
    } else if (ps.score >= auto - 1) cause = `${auto - 1}..auto`;
    else if (ps.score >= auto - 2) cause = `${auto - 2}..${auto - 1}`;
    else if (ps.score >= QUEUE_FROM) cause = `0..${auto - 2}`;
    else if (ps.score >= review) cause = 'review..0';
    else cause = 'below review';
    // Below the threshold, a pair with nothing beside the names would be refused above it too.
    if (blocked && ps.conflict === null && ps.score < auto && !corroborated(cmEnd, r, qrecs))
      cause += ' (names only)';
    if (
      LOSTSHOW > 0 &&
      blocked &&
      ps.conflict === null &&
      ps.score < auto &&
      !cause.endsWith('(names only)')
    ) {
      const band = cause;
      const n = shownBy.get(band) ?? 0;
      if (n < LOSTSHOW) {
        shownBy.set(band, n + 1);
        const sp = scorePair(cmEnd, r, ps.record, qrecs);
        console.log(
          `lostshow ${band} score:${ps.score.toFixed(2)} prior:${cmEnd.prior.toFixed(2)} recs:${qrecs.length} ${noise[i]} ` +
            sp.contributions
              .filter((c) => c.level !== 'missing')
              .map((c) => `${c.field.slice(0, 3)}:${c.level}:${c.weight.toFixed(1)}`)
              .join(' ') +
            (process.env['LOSTSHOW_NAMES']
              ? ` | ${[r, ...qrecs].map((x) => `${x.family}/${x.given}/${x.father}/${x.birthYear}-${x.birthMonth}-${x.birthDay}/${x.unit}`).join(' ; ')}`
              : ''),
        );
      }
    }
    const out = { cause, pat };
    causeCache.set(ck, out);
    return out;
  };
  const pairs = new Map<string, number>();
  const recsBy = new Map<string, number>();
  const patsBy = new Map<string, number>();
  const totals = new Map<string, number>();
  let queuedPairs = 0;
  let lostTotal = 0;
  // rgap: each cause's pairs by the man's number of records (2, 3, 4+), by what the smaller person's record
  // carries (`carries`), and, for a pair whose record scores from the threshold up against the other person,
  // whether a single record of it does or only the person's merged view (a chain: A and B one person, C
  // compared with one of them alone when it arrived).
  const bySize = new Map<string, number>();
  const byCarry = new Map<string, number>();
  const carries = (r: LinkRecord): string =>
    r.given === null
      ? 'no given'
      : r.birthYear === null
        ? r.father === null
          ? 'no patronymic, no date'
          : 'no date'
        : r.father === null
          ? r.birthDay === null
            ? 'no patronymic, year only'
            : 'no patronymic'
          : r.birthDay === null
            ? 'year only'
            : 'all';
  const singleOrMerged = new Map<string, number>();
  for (const members of byTruth.values()) {
    const persons = new Map<number, number[]>();
    for (const i of members) {
      const p = personOf[i] as number;
      const l = persons.get(p);
      if (l) l.push(i);
      else persons.set(p, [i]);
    }
    if (persons.size < 2) continue;
    const ps = [...persons].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    const main = ps[0]?.[0] as number;
    for (let a = 0; a < ps.length; a++)
      for (let b = a + 1; b < ps.length; b++) {
        const [pa, ra] = ps[a] as [number, number[]];
        const [pb, rb] = ps[b] as [number, number[]];
        if (queued.has(pa < pb ? `${pa}|${pb}` : `${pb}|${pa}`)) queuedPairs += ra.length * rb.length;
        for (const x of rb)
          for (const y of ra) {
            // The record of the smaller person (b's) against the larger person (a's).
            const { cause, pat } = classify(x, pa);
            const cls = noise[x] === 'base' ? (noise[y] as string) : (noise[x] as string);
            const k = `${cause}\t${cls}`;
            pairs.set(k, (pairs.get(k) ?? 0) + 1);
            const sk = `${cause}\t${Math.min(members.length, 4)}`;
            bySize.set(sk, (bySize.get(sk) ?? 0) + 1);
            const ck = `${cause}\t${carries(recs[x] as LinkRecord)}`;
            byCarry.set(ck, (byCarry.get(ck) ?? 0) + 1);
            if (cause === 'would join now' || cause === 'names only') {
              const prs = (personRecords.get(pa) ?? []).map((j) => recs[j] as LinkRecord);
              const above = ra.filter(
                (z) => scoreFast(cmEnd, recs[x] as LinkRecord, recs[z] as LinkRecord, prs) >= auto,
              );
              const single = above.length > 0;
              // When the record that scores it arrived: after it (in its file or a later one) or before it
              // (in its own file or an earlier one: the same evidence, decided under another model or counts).
              const when = !single
                ? ''
                : above.some((z) => z > x)
                  ? Math.floor(Math.max(...above) / FILE_ROWS) === Math.floor(x / FILE_ROWS)
                    ? ', scored by a later record of its file'
                    : ', scored by a record of a later file'
                  : Math.floor(Math.max(...above) / FILE_ROWS) === Math.floor(x / FILE_ROWS)
                    ? ', scored by an earlier record of its file'
                    : ', scored by a record of an earlier file';
              const mk = `${cause}\t${single ? 'a single record' : 'merged view only'}, own ${rb.length === 1 ? 1 : '2+'}, other ${Math.min(ra.length, 3)}${ra.length >= 3 ? '+' : ''}${when}`;
              singleOrMerged.set(mk, (singleOrMerged.get(mk) ?? 0) + 1);
            }
            totals.set(cause, (totals.get(cause) ?? 0) + 1);
            patsBy.set(`${cause}\t${pat}`, (patsBy.get(`${cause}\t${pat}`) ?? 0) + 1);
            lostTotal++;
          }
      }
    for (const [p, rs] of ps.slice(1))
      for (const x of rs) {
        const { cause } = classify(x, main);
        const y = (persons.get(main) as number[])[0] as number;
        const cls = noise[x] === 'base' ? (noise[y] as string) : (noise[x] as string);
        const k = `${cause}\t${cls}`;
        recsBy.set(k, (recsBy.get(k) ?? 0) + 1);
        void p;
      }
  }
  console.log(`lost pairs: ${lostTotal} (between persons queued for review: ${queuedPairs})`);
  const classes = [
    ...new Set([...pairs.keys(), ...recsBy.keys()].map((k) => k.split('\t')[1] as string)),
  ].sort();
  console.log(`lostpairs cause\ttotal pairs/records\t${classes.join('\t')}`);
  for (const [cause, n] of [...totals].sort((a, b) => b[1] - a[1])) {
    let recN = 0;
    for (const c of classes) recN += recsBy.get(`${cause}\t${c}`) ?? 0;
    console.log(
      `lostpairs ${cause}\t${n}/${recN}\t` +
        classes
          .map((c) => `${pairs.get(`${cause}\t${c}`) ?? 0}/${recsBy.get(`${cause}\t${c}`) ?? 0}`)
          .join('\t'),
    );
  }
  for (const [label, m] of [
    ['lostsize', bySize],
    ['lostcarry', byCarry],
    ['lostjoin', singleOrMerged],
  ] as const)
    for (const [k, n] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      console.log(`${label} ${n}\t${k}`);
  const top = Number(process.env['LOSTPAIRS']) || 8;
  for (const cause of totals.keys()) {
    const ps = [...patsBy].filter(([k]) => k.startsWith(`${cause}\t`)).sort((a, b) => b[1] - a[1]);
    for (const [k, n] of ps.slice(0, top)) console.log(`lostpat ${n}\t${k}`);
  }
}
const importSeconds = (Date.now() - t0) / 1000;
const pw = pairwiseScores([...personOf].map(String), truth);
const rightAuto = auto.filter((i) => firstTruth.get(personOf[i] as number) === truth[i]).length;
const uf = new Map<number, number>();
const find = (x: number): number => {
  while (uf.has(x) && uf.get(x) !== x) x = uf.get(x) as number;
  return x;
};
for (const [a, b] of reviews) {
  const x = find(a);
  const y = find(b);
  if (x !== y) uf.set(y, x);
}
const withReview = pairwiseScores(
  [...personOf].map((p) => String(find(p))),
  truth,
);
const baseOf = new Map<string, number>();
rows.forEach((r, i) => {
  if (r.external_id === r.truth) baseOf.set(r.truth, personOf[i] as number);
});
const byClass: Record<string, [number, number]> = {};
rows.forEach((r, i) => {
  const c = noise[i] as string;
  if (c === 'base') return;
  const e = (byClass[c] ??= [0, 0]);
  e[0]++;
  if (baseOf.get(r.truth) === personOf[i]) e[1]++;
});
console.log(
  `registry ${PERSONS} persons, ${recs.length} records, ${POPULATION}; linked in ${importSeconds.toFixed(1)} s` +
    (FILES > 1
      ? ` as ${FILES} files, retrained ${retrains} times`
      : ' as one file, the default model (--files 1)'),
);
console.log(
  `after import: P ${r3(pw.precision)} R ${r3(pw.recall)} F1 ${r3(pw.f1)}; auto-link precision ${r3(rightAuto / Math.max(1, auto.length))} (${auto.length - rightAuto} wrong of ${auto.length}); with review R ${r3(withReview.recall)} P ${r3(withReview.precision)}; queued ${reviews.length} (${((100 * reviews.length) / new Set(personOf).size).toFixed(1)}% of ${new Set(personOf).size} persons)`,
);
if (process.env['WRONG']) {
  // Calibration of the automatic links: by score, how many, how many wrong (the first of a man in another
  // man's person, or following such a link), and how many the model's own odds expect wrong.
  const bins = new Map<number, [number, number, number, number]>();
  for (const i of auto) {
    const s = autoScore.get(i) as number;
    const b = Math.min(20, Math.floor(s));
    const e = bins.get(b) ?? [0, 0, 0, 0];
    e[0]++;
    const p = personOf[i] as number;
    if (firstTruth.get(p) !== truth[i]) {
      const first = (personRecords.get(p) ?? []).find((j) => truth[j] === truth[i]) === i;
      if (first) e[1]++;
      else e[2]++;
    }
    e[3] += 1 / (1 + 2 ** s);
    bins.set(b, e);
  }
  // The joint tally: per pattern (evidence beyond the names, name levels, whole-name counts), links and FIRST.
  console.log('joint (pattern: links, FIRST wrong, following):');
  for (const [key, n] of [...joint].filter(([k]) => !k.includes('\t')).sort((a, b) => b[1] - a[1]))
    console.log(`  ${key}: ${n} ${joint.get(`FIRST\t${key}`) ?? 0} ${joint.get(`follow\t${key}`) ?? 0}`);
  console.log('calibration (score: links, wrong first, wrong following, expected by the model):');
  for (const [b, [n, f, g, x]] of [...bins].sort((a, c) => a[0] - c[0]))
    console.log(`  ${b}${b === 20 ? '+' : ''}: ${n} ${f} ${g} ${x.toFixed(1)}`);
}
{
  // Which relations the wrong automatic links join (a record linked to a person whose first record is
  // another man's), and the wrong pairs of the persons formed.
  const wrongLinks = new Map<string, number>();
  for (const i of auto) {
    const first = firstTruth.get(personOf[i] as number) as string;
    if (first !== truth[i]) tally(wrongLinks, kinOf(truth[i] as string, first));
  }
  const wrongPairs = new Map<string, number>();
  const byPerson = new Map<number, Map<string, number>>();
  personOf.forEach((p, i) => {
    const m = byPerson.get(p) ?? new Map<string, number>();
    tally(m, truth[i] as string);
    byPerson.set(p, m);
  });
  for (const m of byPerson.values()) {
    const ts = [...m];
    for (let a = 0; a < ts.length; a++)
      for (let b = a + 1; b < ts.length; b++) {
        const [ta, na] = ts[a] as [string, number];
        const [tb, nb] = ts[b] as [string, number];
        tally(wrongPairs, kinOf(ta, tb), na * nb);
      }
  }
  const relatives = new Map<string, number>();
  for (const r of kinship.relatives.values()) tally(relatives, r.kin);
  console.log(
    `  families ${FAMILIES}: ${kinship.relatives.size} of ${PERSONS} persons drawn as relatives (${tallyLine(relatives)})`,
  );
  console.log(`  wrong automatic links by relation: ${tallyLine(wrongLinks)}`);
  console.log(`  wrong pairs in the persons formed, by relation: ${tallyLine(wrongPairs)}`);
}
console.log(
  `  left to review with two persons above the threshold: ${ambiguous} (both one true person: ${ambiguousTrue}, the best right: ${ambiguousTopRight})`,
);
console.log(
  '  by class: ' +
    Object.entries(byClass)
      .sort()
      .map(([k, [n, j]]) => `${k} ${r3(j / n)}`)
      .join(', '),
);

// ---- an incoming list against the persons formed, with the model trained on the registry
// NAMES_ALONE=import: the registry's own linking only; a list's row is decided as in production.
if (process.env['NAMES_ALONE'] === 'import') CORROBORATION.namesAloneUnique = false;
const t1 = Date.now();
const trained = trainModel({
  records: recs,
  pairs: blockedPairs(recs, { eachRule: true }),
  randomPairs: Math.min(2_000_000, Math.max(100_000, recs.length * 2)),
  matchesFrom: MATCHES_FROM,
  jointNames: JOINT,
  ...(GIVENYEAR ? { givenYear: GIVENYEAR } : {}),
  ...(TRAIN_GUESSED ? { trainGuessed: true } : {}),
});
// LISTAUTO: the auto threshold of the list, or several (comma-separated): the list is linked at each.
const listAutos = (process.env['LISTAUTO'] ?? String(forLists(trained).thresholds.auto))
  .split(',')
  .map(Number);
const tcm = compile(trained, recs, family, given, false);
console.log(
  `trained in ${((Date.now() - t1) / 1000).toFixed(1)} s, prior ${tcm.prior.toFixed(2)}, matches per record ` +
    `${trained.matchesPerRecord?.toFixed(3)} (${MATCHES_FROM}), true ${truthMatchesPerRecord(recs.length).toFixed(3)}`,
);
// DIAG=1: why each known row was not matched (counts by class, reason and what each side holds).
const diag = new Map<string, number>();
const has = (r: LinkRecord): string =>
  `${r.father !== null ? 'P' : '-'}${r.birthYear !== null ? (r.birthDay !== null ? 'D' : r.birthMonth !== null ? 'M' : 'Y') : '-'}${r.unit !== null ? 'U' : '-'}${r.serviceNumber !== null ? 'S' : '-'}`;
const merged = (rs: readonly LinkRecord[]): string => {
  const h = rs.map(has);
  return [0, 1, 2, 3].map((k) => h.map((x) => x[k]).find((c) => c !== '-') ?? '-').join('');
};
function diagnose(
  row: { noise?: string; truth: string },
  q: LinkRecord,
  cands: readonly CandidatePerson[],
  d: RecordDecision,
): void {
  const mine = d.ranked.filter((x) => firstTruth.get(Number(x.personId)) === row.truth);
  const t = mine[0];
  let reason: string;
  if (t === undefined) reason = 'not found';
  else {
    const recsOf = cands.find((c) => c.personId === t.personId)?.records ?? [];
    const above = d.ranked.filter(
      (x) => x.conflict === null && x !== t && x.score >= tcm.model.thresholds.auto,
    );
    if (t.conflict !== null) reason = `conflict ${t.conflict}`;
    else if (t.score >= tcm.model.thresholds.auto && !autoLinkable(tcm, q, recsOf))
      reason = !corroborated(tcm, q, recsOf)
        ? 'not corroborated'
        : birthContradicted(q, recsOf)
          ? 'birth contradicted'
          : 'given name contradicted';
    else if (t.score >= tcm.model.thresholds.auto && above.length > 0) reason = 'second above';
    else if (d.best !== null && d.best !== t && d.best.score > t.score)
      reason = `below other (${t.score >= 0 ? '0..' : '<0'})`;
    else reason = `score ${Math.max(-2, Math.min(6, Math.floor(t.score)))}`;
    reason += ` ${has(q)} vs ${merged(recsOf)}${recsOf.length > 1 ? '+' : ''}`;
  }
  const k = `${row.noise ?? 'clean'}\t${reason}`;
  diag.set(k, (diag.get(k) ?? 0) + 1);
}
// DETAIL=1: a line per row about the best person without a conflict (the one a match would take): label
// (right: the row's man; OTHER: a known row's best is another man; STRANGER, NAMESAKE), class, decision, its
// score, its best single record's, the next person's, the row's man's when he is not the best, the
// candidates, the person's records, whether it may be linked without a human (L; n: but for namesakes of the
// whole name held beside a year only, fs-24, as the import reads it; x: not), the lowest weight of a
// field both sides give (person-level: the best any of its records gives), what each side holds and, field
// by field, the level against its best record and the person-level weight. DETAILNAMES=1 adds the keys.
function detail(
  row: { noise?: string; truth: string },
  q: LinkRecord,
  cands: readonly CandidatePerson[],
  d: RecordDecision,
): void {
  const isNew = row.truth.startsWith('new-');
  const clean = d.ranked.filter((x) => x.conflict === null);
  const t = clean[0];
  const mine = isNew ? undefined : d.ranked.find((x) => firstTruth.get(Number(x.personId)) === row.truth);
  if (t === undefined) {
    console.log(`detail\t${isNew ? 'NEW' : 'known'}\t${row.noise ?? 'clean'}\t${d.decision}\tnone`);
    return;
  }
  const recsOf = cands.find((c) => c.personId === t.personId)?.records ?? [];
  let recBest = -Infinity;
  for (const r of recsOf) recBest = Math.max(recBest, scoreFast(tcm, q, r, recsOf));
  const w = new Float64Array(7);
  const best = new Float64Array(7).fill(-Infinity);
  const lv = new Uint8Array(7);
  for (const r of recsOf) {
    fieldWeights(tcm, q, r, w, recsOf, lv);
    for (let i = 0; i < 7; i++)
      if (lv[i] !== LEVELS[FIELDS[i] as Field].length - 1 && (w[i] as number) > (best[i] as number))
        best[i] = w[i] as number;
  }
  const levels = scorePair(tcm, q, t.record, recsOf).contributions.map((c) => c.level);
  let low = Infinity;
  for (let i = 0; i < 7; i++) if ((best[i] as number) > -Infinity) low = Math.min(low, best[i] as number);
  const label = isNew
    ? row.truth.startsWith('new-namesake')
      ? 'NAMESAKE'
      : 'STRANGER'
    : firstTruth.get(Number(t.personId)) === row.truth
      ? 'right'
      : 'OTHER';
  console.log(
    `detail\t${label}\t${row.noise ?? 'clean'}\t${d.decision}\t${t.score.toFixed(2)}\t${recBest.toFixed(2)}\t${clean[1] ? clean[1].score.toFixed(2) : '-99'}\t${mine && mine !== t ? mine.score.toFixed(2) : '-'}\t${d.ranked.length}\t${recsOf.length}\t${autoLinkable(tcm, q, recsOf) ? 'L' : autoLinkable(tcm, q, recsOf, Infinity) ? 'n' : 'x'}\t${low.toFixed(1)}\t${has(q)}\t${merged(recsOf)}\t` +
      FIELDS.map((f, i) => `${f.slice(0, 3)}:${levels[i]}:${(best[i] as number).toFixed(1)}`).join(' ') +
      (process.env['DETAILNAMES']
        ? `\t${q.given}/${q.givenSkeleton}/${q.family} ${recsOf.map((r) => `${r.given}/${r.givenSkeleton}/${r.family}`).join(',')}`
        : ''),
  );
}
// NEITHER=1: each known row that is neither a `match` nor a `possible` of its man, by cause and noise class:
// `no block` (no record of his shares a key with the row under the index's rules and windows), `capped` (one
// does, but the index's 300-per-key cap left it out), `conflict …`, `below review` (his score under the review
// threshold), `another best` (he scores from review up but another person is the row's best); and for every
// known row whose man was found, whether the lookups' cap of CANDIDATES_PER_PROBE persons by pre-score would
// keep him (`prodcap`). NEITHER=2 prints a line per row.
// ALT=m: the persons a `possible` shows beside its best (`possibleAlternatives`, as the server's list lines
// carry them), within m bits of it; the product's width is ALTERNATIVE_BITS.
const ALT = process.env['ALT'] === undefined ? null : Number(process.env['ALT']);
const neitherTally = new Map<string, number>();
let prodCapDropped = 0;
let prodCapDroppedMatched = 0;
function sharesBlock(q: LinkRecord, r: LinkRecord): boolean {
  const kq = blockKeys(q);
  const kr = blockKeys(r);
  for (let rule = 0; rule < kq.length; rule++) {
    const a = kq[rule] as readonly string[];
    const b = kr[rule] as readonly string[];
    if (!a.some((k) => b.includes(k))) continue;
    if (outsideWindow(rule, q, r)) continue;
    if (rule === NEAR && q.family !== null && index.families.has(q.family)) continue;
    if (rule === NEAR && q.birthYear === null && r.birthYear !== null) continue;
    return true;
  }
  return false;
}
function neither(
  row: { noise?: string; truth: string },
  q: LinkRecord,
  found: readonly number[],
  d: RecordDecision,
  right: boolean,
): void {
  const mine = (truthPersons.get(row.truth) ?? []).filter(
    (p) => personRecords.has(p) && firstTruth.get(p) === row.truth,
  );
  const foundPersons = new Set(found.map((j) => personOf[j] as number));
  const his = mine.filter((p) => foundPersons.has(p));
  if (his.length > 0) {
    // The lookups' cap: persons ranked by their best found record's pre-score, the first 30 kept.
    const pre = new Map<number, number>();
    for (const j of found) {
      const f = recs[j] as LinkRecord;
      const s = preScore(q, f, f.unit === null ? null : f.unit.toUpperCase());
      const p = personOf[j] as number;
      if (s > (pre.get(p) ?? -Infinity)) pre.set(p, s);
    }
    const kept = [...pre]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, CANDIDATES_PER_PROBE)
      .map(([p]) => p);
    if (!his.some((p) => kept.includes(p))) {
      prodCapDropped++;
      if (d.decision !== 'none' && right) prodCapDroppedMatched++;
    }
  }
  if (d.decision !== 'none' && right) return;
  let cause: string;
  if (his.length === 0) {
    const shares = mine.some((p) =>
      (personRecords.get(p) ?? []).some((j) => sharesBlock(q, recs[j] as LinkRecord)),
    );
    cause = mine.length === 0 ? 'no person' : shares ? 'capped' : 'no block';
  } else {
    const t = d.ranked.find((x) => his.includes(Number(x.personId)));
    const { review } = tcm.model.thresholds;
    if (t === undefined) cause = 'not ranked';
    else if (t.conflict !== null && t.conflict !== 'evidence_against') cause = `conflict ${t.conflict}`;
    else if (t.score < review) cause = 'below review';
    else cause = `another best (${d.decision})`;
  }
  const k = `${cause}\t${row.noise ?? 'clean'}`;
  neitherTally.set(k, (neitherTally.get(k) ?? 0) + 1);
  neitherTally.set(`${cause}\tall`, (neitherTally.get(`${cause}\tall`) ?? 0) + 1);
  if (process.env['NEITHER'] === '2') {
    const t = d.ranked.find((x) => his.includes(Number(x.personId)));
    console.log(
      `neither\t${cause}\t${row.noise ?? 'clean'}\t${d.decision}\t${d.best?.score.toFixed(2) ?? '-'}\t${t?.score.toFixed(2) ?? '-'}\t${d.ranked.length}\t${has(q)}\t` +
        (t === undefined
          ? ''
          : scorePair(tcm, q, t.record)
              .contributions.map((c) => `${c.field.slice(0, 3)}:${c.level}:${c.weight.toFixed(1)}`)
              .join(' ')),
    );
  }
}
// MISSED=1: each known list row not matched, as written: its noise class, the decision, the best's and the
// row's man's scores (with their rank, or `not a candidate`), the row's fields and his records' fields, and
// field by field the levels and weights against his best record. Generated people only.
const MISSED = process.env['MISSED'] === '1';
const asWritten = (r: {
  family_name: string;
  given_name: string;
  patronymic: string;
  birth_date: string;
  sex: string;
  unit: string;
  service_number: string;
}): string =>
  [r.family_name, r.given_name, r.patronymic, r.birth_date, r.sex, r.unit, r.service_number].join('|');
function missed(row: LabelledRow, q: LinkRecord, d: RecordDecision): void {
  const his = d.ranked.findIndex((x) => firstTruth.get(Number(x.personId)) === row.truth);
  const t = d.ranked[his];
  const base = baseOf.get(row.truth);
  const mine = (base === undefined ? [] : (personRecords.get(base) ?? [])).map((j) => rows[j] as LabelledRow);
  console.log(
    `missed\t${row.noise ?? 'clean'}\t${d.decision}\tbest ${d.best?.score.toFixed(2) ?? '-'}${d.best?.conflict ?? ''}\t` +
      `his ${t === undefined ? 'not a candidate' : `${t.score.toFixed(2)}${t.conflict ?? ''} #${his + 1} of ${d.ranked.length}`}\t` +
      `row ${asWritten(row)}\this ${mine.map(asWritten).join(' ; ')}\t` +
      (t === undefined
        ? ''
        : scorePair(tcm, q, t.record)
            .contributions.map((c) => `${c.field.slice(0, 3)}:${c.level}:${c.weight.toFixed(1)}`)
            .join(' ')),
  );
}
const list = withPlaceholderDates(
  incomingList(PERSONS, Number(values.list), SEED, RATES, POPULATION, FAMILIES),
  PLACEDATES,
  SEED + 8,
);
const lrecs = linkRecordsOf(list, 'l');
// LISTTF=batch: the list weighed as linkList did before tfb: each 1,000-row batch's counts hold its own rows'
// keys only, so a candidate's other spelling weighs as unseen unless some row of the batch carries it. The
// default: the registry's count of every key a score reads (linkList since tfb, whatever the batch).
const LIST_BATCH_TF = process.env['LISTTF'] === 'batch';
const batchModels = new Map<number, CompiledModel>();
function listModelOf(k: number): CompiledModel {
  if (!LIST_BATCH_TF) return tcm;
  const b = Math.floor(k / 1000);
  let m = batchModels.get(b);
  if (m === undefined) {
    const mine = lrecs.slice(b * 1000, (b + 1) * 1000);
    const only = (all: Map<string, number>, pick: (r: LinkRecord) => string | null) => {
      const out = new Map<string, number>();
      for (const r of mine) {
        const key = pick(r);
        if (key !== null && all.has(key)) out.set(key, all.get(key) as number);
      }
      return out;
    };
    m = compileModel(trained, {
      records: recs.length,
      family: only(family, (r) => r.family),
      given: only(given, (r) => r.given),
      ...(process.env['PHONETIC_TF'] === '0' ? {} : { phonetic: only(phonetic, (r) => r.familyPhonetic) }),
      ...(process.env['FATHER_TF'] === '0'
        ? {}
        : { father: { counts: only(father, (r) => r.father), records: fatherRecords } }),
      ...(process.env['YEAR_TF'] === '0'
        ? {}
        : {
            birthYear: {
              counts: only(birthYear, (r) => (r.birthYear === null ? null : String(r.birthYear))),
              records: yearRecords,
            },
          }),
      ...(JOINT
        ? {
            familyGiven: only(familyGiven, (r) =>
              r.family === null || r.given === null ? null : jointKey(r.family, r.given),
            ),
            givenFather: new Map([
              ...only(givenFather, (r) =>
                r.given === null || r.father === null ? null : jointKey(r.given, r.father),
              ),
              ...only(givenFather, (r) =>
                r.given === null || r.father === null ? null : jointKey(r.given, ''),
              ),
            ]),
          }
        : {}),
      countsArriving: false,
    });
    batchModels.set(b, m);
  }
  return m;
}
// LOOKUPS=server: the list's candidates as the server's lookups find them (`PackedRegistry.lookUp`, which
// answers as `candidatePersons` does: each branch's LIMIT, the CANDIDATES_PER_PROBE persons of highest
// pre-score, the broad blocks only for a row its selective blocks do not settle, as `linkList`), over the
// registry's records and persons as the import left them; the default, the simulation's own index.
const SERVER_LOOKUPS = process.env['LOOKUPS'] === 'server';
const uuidOf = (n: number, tag: string): string =>
  `00000000-0000-7000-${tag}-${n.toString(16).padStart(12, '0')}`;
const serverFound: number[][] = [];
if (SERVER_LOOKUPS) {
  const stored: StoredLinkRow[] = rows.map((row, i) => {
    const c = validateRecordFields(row);
    if (!c.ok) throw new Error('invalid generated row');
    return linkRowOf(uuidOf(i, '8000'), uuidOf(personOf[i] as number, '9000'), c.value);
  });
  const packed = PackedRegistry.fromRows(stored, index.families);
  const { found } = packed.lookUp(lrecs, (i, persons) =>
    confidentMatch(tcm, lrecs[i] as LinkRecord, persons),
  );
  for (const f of found) {
    const out: number[] = [];
    for (const c of f)
      for (const j of personRecords.get(parseInt(c.personId.slice(-12), 16)) ?? []) out.push(j);
    serverFound.push(out);
  }
}
// COMPETE=0,1: the list linked without and with the competition rule.
const competes = (process.env['COMPETE'] ?? '0').split(',').map((c) => c !== '0' && c !== '');
// LISTCLEAN=off,6: the list linked without and with a lower threshold for a best person with whom every field
// both give agrees (DecideOptions.agreeingFrom); the default is linkList's (the model's listAgreeing).
const agreeings = (process.env['LISTCLEAN'] ?? String(trained.thresholds.listAgreeing ?? 'off')).split(',');
// LISTAPART=off,7: the list linked without and with namesakes told apart from 7 bits below the best
// (DecideOptions.namesakesApart, lst3; `list`: the list threshold); the default is linkList's (off).
const aparts = (process.env['LISTAPART'] ?? 'off').split(',');
const listRuns = listAutos.flatMap((a) => aparts.map((p) => [a, p] as const));
for (const agreeing of agreeings)
  for (const compete of competes)
    for (const [listAuto, apartOf] of listRuns) {
      trained.thresholds.auto = listAuto;
      let known = 0;
      let matched = 0;
      let rightMatch = 0;
      let rightEither = 0;
      let altRight = 0;
      let possibleRows = 0;
      let altShown = 0;
      let strangers = 0;
      let strangersMatched = 0;
      // Strangers by relation to a registry person (namesake, unrelated), and those matched; known rows
      // matched to another man, by that man's relation to theirs.
      const strangerKin = new Map<string, number>();
      const strangerKinMatched = new Map<string, number>();
      const wrongListKin = new Map<string, number>();
      let inCands = 0;
      let shown = 0;
      const listClass: Record<string, [number, number, number]> = {};
      list.forEach((row, k) => {
        const q = lrecs[k] as LinkRecord;
        const persons = new Set<number>();
        const found = SERVER_LOOKUPS ? (serverFound[k] as number[]) : index.find(q);
        for (const j of found) persons.add(personOf[j] as number);
        const cands: CandidatePerson[] = [...persons].map((p) => ({
          personId: String(p),
          records: (personRecords.get(p) ?? []).map((j) => recs[j] as LinkRecord),
        }));
        // A row matches the best of two persons above the threshold when it is clear of the others by as
        // much (linkList's clearMargin); LISTMARGIN=off: never (before lrec), LISTMARGIN=m: by m bits.
        const margin = process.env['LISTMARGIN'] ?? String(listAuto);
        const lcm = listModelOf(k);
        const apart = apartOf === 'list' ? String(listAuto) : apartOf;
        const d0 = decideRecord(lcm, q, cands, {
          ...(margin === 'off' ? {} : { clearMargin: Number(margin) }),
          ...(apart === 'off' ? {} : { namesakesApart: Number(apart) }),
          ...(agreeing === 'off' ? {} : { agreeingFrom: Number(agreeing) }),
        });
        // COMPETE=1: a list's match needs its odds against all the candidates' together (the row is one man).
        let d = d0;
        if (compete && d0.decision === 'match' && d0.best !== null) {
          const top = d0.best;
          let others = 0;
          for (const x of d0.ranked) if (x !== top && x.conflict === null) others += 2 ** x.score;
          if (top.score - Math.log2(1 + others) < listAuto) d = { ...d0, decision: 'possible' };
        }
        if (
          process.env['SHOW'] &&
          !row.truth.startsWith('new-') &&
          d.decision !== 'match' &&
          shown++ < Number(process.env['SHOW'])
        ) {
          const t = cands.find((c) => Number(c.personId) === baseOf.get(row.truth));
          console.log(
            row.noise,
            d.decision,
            d.ranked
              .slice(0, 3)
              .map((x) => `${x.personId === t?.personId ? '*' : ''}${x.score.toFixed(1)}${x.conflict ?? ''}`)
              .join(' '),
            t
              ? scorePair(tcm, q, t.records[0] as LinkRecord)
                  .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
                  .join(' ')
              : 'not found',
          );
        }
        if (process.env['DUMP'] && d0.best !== null && d0.best.score >= Number(process.env['DUMP'])) {
          const b = d0.best;
          const recsOf = cands.find((c) => c.personId === b.personId)?.records ?? [];
          let others = 0;
          for (const x of d0.ranked) if (x !== b && x.conflict === null) others += 2 ** x.score;
          const label = row.truth.startsWith('new-namesake')
            ? 'NAMESAKE'
            : row.truth.startsWith('new-')
              ? 'STRANGER'
              : firstTruth.get(Number(b.personId)) === row.truth
                ? 'right'
                : 'OTHER';
          console.log(
            `dump\t${label}\t${b.score.toFixed(1)}\t${(b.score - Math.log2(1 + others)).toFixed(1)}\t${b.conflict ?? ''}\t${autoLinkable(tcm, q, recsOf) ? 'L' : 'x'}\t${has(q)}\t${merged(recsOf)}\t${row.noise}\t` +
              scorePair(tcm, q, b.record)
                .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
                .join(' ') +
              (process.env['DUMPNAMES']
                ? `\t${q.given}/${q.givenSkeleton} ${recsOf.map((r) => `${r.given}/${r.givenSkeleton}`).join(',')}`
                : ''),
          );
        }
        if (process.env['DETAIL']) detail(row, q, cands, d);
        if (process.env['DIAG'] && !row.truth.startsWith('new-') && d.decision !== 'match')
          diagnose(row, q, cands, d);
        if (MISSED && !row.truth.startsWith('new-') && d.decision !== 'match') missed(row, q, d);
        const isNew = row.truth.startsWith('new-');
        // Right: the person is the row's man (its first record is his), whether or not it holds his base record.
        const right = d.best !== null && firstTruth.get(Number(d.best.personId)) === row.truth;
        if (process.env['NEITHER'] && !isNew) neither(row, q, found, d, right);
        if (ALT !== null && d.decision === 'possible') {
          possibleRows++;
          altShown += possibleAlternatives(lcm, d, ALT).length;
        }
        if (isNew) {
          strangers++;
          const how = row.relative?.kin ?? (row.truth.startsWith('new-namesake') ? 'namesake' : 'unrelated');
          tally(strangerKin, how);
          if (d.decision === 'match') {
            strangersMatched++;
            tally(
              strangerKinMatched,
              `${how}${row.relative !== undefined && d.best !== null && firstTruth.get(Number(d.best.personId)) === row.relative.of ? ' (to that relative)' : ''}`,
            );
            matched++;
            if (process.env['WRONG'] && d.best)
              console.log(
                'wrong list STRANGER',
                row.noise,
                `kin:${row.relative?.kin ?? (row.truth.startsWith('new-namesake') ? 'namesake' : 'unrelated')}`,
                d.best.score.toFixed(1),
                scorePair(tcm, q, d.best.record)
                  .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
                  .join(' '),
              );
          }
          return;
        }
        known++;
        if ([...persons].includes(baseOf.get(row.truth) as number)) inCands++;
        const e = (listClass[row.noise ?? 'clean'] ??= [0, 0, 0]);
        e[0]++;
        if (d.decision === 'match') {
          matched++;
          if (!right && d.best !== null) {
            const other = firstTruth.get(Number(d.best.personId)) as string;
            if (other !== row.truth) tally(wrongListKin, kinOf(row.truth, other));
          }
          if (!right && process.env['WRONG'] && d.best)
            console.log(
              'wrong list',
              firstTruth.get(Number(d.best.personId)) === row.truth ? 'SPLIT-OFF (same man)' : 'OTHER MAN',
              row.noise,
              `kin:${kinOf(row.truth, firstTruth.get(Number(d.best.personId)) as string)}`,
              d.best.score.toFixed(1),
              d.alsoMatches?.length ?? 0,
              scorePair(tcm, q, d.best.record)
                .contributions.map((c) => `${c.level}:${c.weight.toFixed(1)}`)
                .join(' '),
            );
          if (right) {
            rightMatch++;
            e[1]++;
          }
        }
        if (d.decision !== 'none' && right) {
          rightEither++;
          e[2]++;
        }
        // ALT=m: the man is the best or one of the persons a `possible` shows beside it (`alternatives`).
        if (ALT !== null && d.decision === 'possible' && !right) {
          if (possibleAlternatives(lcm, d, ALT).some((x) => firstTruth.get(Number(x.personId)) === row.truth))
            altRight++;
        }
      });
      console.log(
        `${aparts.length > 1 ? `apart ${apartOf} ` : ''}${agreeings.length > 1 ? `agreeing ${agreeing} ` : ''}${competes.length > 1 ? `compete ${compete ? 1 : 0} ` : ''}${listAutos.length > 1 ? `auto ${listAuto} ` : ''}list: match P ${r3(rightMatch / Math.max(1, matched))} R ${r3(rightMatch / known)} (${matched - rightMatch} wrong); +possible R ${r3(rightEither / known)}; strangers matched ${strangersMatched} of ${strangers}; in candidates ${r3(inCands / known)}`,
      );
      console.log(
        `  strangers by relation (matched / of): ${[...strangerKin]
          .sort((a, b) => b[1] - a[1])
          .map(
            ([k, n]) =>
              `${k} ${[...strangerKinMatched].filter(([m]) => m === k || m === `${k} (to that relative)`).reduce((x, [, c]) => x + c, 0)}/${n}`,
          )
          .join(
            ', ',
          )}; matched: ${tallyLine(strangerKinMatched)}; known rows matched to another man, by relation: ${tallyLine(wrongListKin)}`,
      );
      if (ALT !== null)
        console.log(
          `  alternatives within ${ALT} bits of a possible's best: +possible R ${r3((rightEither + altRight) / known)} (${altRight} rows more); ${possibleRows} possible rows show ${altShown} persons beside their best`,
        );
      if (process.env['NEITHER']) {
        for (const [k, n] of [...neitherTally].sort((a, b) => b[1] - a[1])) console.log(`neither ${n}\t${k}`);
        console.log(
          `prodcap: the man found but not among the ${CANDIDATES_PER_PROBE} best persons by pre-score: ${prodCapDropped} rows (${prodCapDroppedMatched} of them match or possible of him here)`,
        );
        neitherTally.clear();
        prodCapDropped = 0;
        prodCapDroppedMatched = 0;
      }
      if (process.env['DIAG']) {
        for (const [k, n] of [...diag].sort((a, b) => b[1] - a[1])) console.log(`miss ${n}\t${k}`);
        diag.clear();
      }
      console.log(
        '  by class: ' +
          Object.entries(listClass)
            .sort()
            .map(([k, [n, m, e]]) => `${k} ${r3(m / n)}/${r3(e / n)}`)
            .join(', '),
      );
    }
