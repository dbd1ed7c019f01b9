/**
 * Training, as Splink does it: u by comparing random pairs of records (almost all non-matches), m by
 * expectation–maximisation over the blocked pairs with u held fixed, the prior from the matches the settled
 * model finds among the blocked pairs (each pair scored once, fs-16; `matchesFrom`), and term
 * frequencies of family keys and given-name classes.
 */
import { familyGlyphKey } from '@homecoming/names';
import {
  BLOCKING_RULES,
  RULE_FIELDS,
  blockKeys,
  glyphNearKeys,
  shareKey,
  type BlockingRule,
} from './blocking.js';

/** The rules whose blocked pairs train m (one EM session each): all but the two near rules. */
const TRAINING_RULES: ReadonlySet<BlockingRule> = new Set(
  BLOCKING_RULES.filter((r) => r !== 'family_glyph_near' && r !== 'family_glyph_near2+given|father'),
);
import {
  compareRecords,
  decodeVector,
  FIELDS,
  LEVELS,
  MISSING,
  vectorCode,
  type Field,
  type LinkRecord,
} from './compare.js';
import {
  DEFAULT_INITIAL_U_AGREE,
  INITIAL_M_AGREE,
  LINKAGE_MODEL_VERSION,
  compileModel,
  defaultModel,
  termFrequenciesOfRecords,
  tfAdjustments,
  type CompiledModel,
  type LevelProbabilities,
  type LinkageModel,
  type TermFrequencies,
} from './model.js';

/** Mulberry32: a small seeded PRNG, so training is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Thresholds of a trained model (log2 odds). `list` (a list decided against the registry: `link`, an
 * exchange's list, a tracing request) auto-links from 7 (fs-16; 6.5 before), ≈ 0.992: chosen with
 * bench/linkage/simulate.ts (LISTAUTO=6,…,7.5, LISTCLEAN=off,6,6.5,7) once the prior's matches per record
 * were counted honestly (`matchesFrom: 'scored'`), on the realistic population of 20,000, 100,000 and
 * 200,000 persons and the hold-out and harsh ones of 20,000: the lowest threshold at which no list's match
 * precision falls below 0.998 nor more than one stranger in 200 is matched, with a margin. The honest prior
 * is 0.28 bits above the sessions' count at 100,000 persons (1.68 other records per record, not 1.38), and
 * there a namesake stranger (a rare surname, the given name, a patronymic of one class, the same year in
 * another month, −4.2) scored 6.74 where it had scored 6.44: 6.5 matched it (2 strangers of 383, 0.52%),
 * 6.75 would leave it out by 0.01 bit, 7 by a quarter. With `listAgreeing` 6 kept, 7 costs little: list
 * recall at 6.5 → 7, realistic 20,000 0.936 → 0.934, 100,000 0.902 → 0.902, 200,000 0.912 → 0.911,
 * hold-out 0.966 → 0.966, harsh 0.745 → 0.744, with one stranger matched of 356 / 383 / 380 / 373 / 365 at
 * most (bench/RESULTS.md, thr); without `listAgreeing`, 7 would give 0.917 / 0.889 / 0.893. What
 * 7 keeps out are rows that give the names and one more field against a person who holds more, with a
 * field against: the score cannot tell them from a namesake sharing that field. Under fs-13 (list2) 5.5
 * and 6 matched a second stranger at 100,000 persons and one of harsh seed 6. Before fs-11 it was 7 as well:
 * EM's m, averaged over sessions one of which took its strangers for matches, made a conflicting birth
 * date or a different patronymic weigh little. `auto` (a record joining the registry: an import after the first retraining, a new record, `dedupe`) is the default model's 5:
 * with fs-11's m, an import arriving as five files and retrained after each (simulate.ts FILES=5) formed
 * persons with F1 0.948 / 0.969 / 0.796 (realistic / hold-out / harsh) at 5 against 0.934 / 0.963 / 0.763 at
 * 6.5; with fs-16's honest prior, auto-link precision 0.9999 / 0.9997 / 0.9991 at 20,000 persons, 0.9990 at
 * 100,000 and 0.9981 at 200,000 (348 wrong of 182,742; the default model in one file: 455 of 181,488).
 * `listAgreeing` (fs-15, lrec): a list's row matches from 6 when every field both it and the person give
 * weighs at least AGREE_MIN (2 bits) for the link (`agreesThroughout`). The known rows between 6 and 7
 * mostly agree so on all they share with their man; the stranger at 6.74 had a birth month against, and
 * one of harsh seed 6 a year a year off (+1.3). 5.5 gained on seed 5 but matched that harsh stranger.
 * `listAgreeing` 5 (fs-21, lst2): the rows a list leaves `possible` are held by the score, not by the list's
 * rules (none from 7 up waits for a second person or a margin on realistic or mixed); those agreeing
 * throughout between 4.5 and 6 were all the row's man on realistic, mixed, harsh (seeds 5 and 6) and
 * holdout4/mixed of 20,000 without families, where under fs-18 harsh's strangers scored 4.7–5.4
 * (bench/RESULTS.md, lrc; which later change moved them is not traced). The first strangers now are
 * harsh's at 4.05 and 4.3 (a surname of 6–9 bits, the given name, the year): 5 keeps 0.7 bit above them.
 * List `match` recall at 6 → 5: realistic 0.934 → 0.943, harsh 0.855 → 0.873, harsh seed 6 0.861 → 0.883,
 * no wrong match added on any guard set; one stranger of the realistic population with families
 * (`--families 0.3`, seed 5) at 5.5 — a close surname (8.6), the given name, the year and month — is
 * matched from any value below 6 (lrc found it too).
 */
export const TRAINED_THRESHOLDS = { auto: 5, review: -4, list: 7, listAgreeing: 5 } as const;

/** Counts of identical comparison vectors: code → count. */
export type VectorCounts = Map<number, number>;

/** Adds a pair's vector to counts. */
export function countVector(counts: VectorCounts, a: LinkRecord, b: LinkRecord, scratch = new Uint8Array(7)) {
  const code = vectorCode(compareRecords(a, b, scratch));
  counts.set(code, (counts.get(code) ?? 0) + 1);
}

function levelShares(
  counts: VectorCounts,
  weightOf: (code: number, n: number) => number,
): LevelProbabilities {
  const out = {} as LevelProbabilities;
  const totals = FIELDS.map((f) => new Float64Array(LEVELS[f].length));
  for (const [code, n] of counts) {
    const v = decodeVector(code);
    const w = weightOf(code, n);
    for (let i = 0; i < FIELDS.length; i++) {
      const t = totals[i] as Float64Array;
      const l = v[i] as number;
      t[l] = (t[l] as number) + w;
    }
  }
  FIELDS.forEach((f, i) => {
    const t = totals[i] as Float64Array;
    const miss = MISSING[f];
    // Laplace smoothing so that no level is impossible; `missing` is left out (it weighs nothing).
    let sum = 0;
    for (let l = 0; l < t.length; l++) if (l !== miss) sum += (t[l] as number) + 0.5;
    out[f] = Array.from(t, (x, l) => (l === miss ? 0 : ((x as number) + 0.5) / sum));
  });
  return out;
}

/** u: level shares among `pairs` random pairs of `records`. */
export function estimateU(
  records: readonly LinkRecord[],
  pairs: number,
  rand: () => number,
): LevelProbabilities {
  const counts: VectorCounts = new Map();
  const scratch = new Uint8Array(7);
  const n = records.length;
  if (n < 2) return defaultModel().u;
  for (let k = 0; k < pairs; k++) {
    const i = Math.floor(rand() * n);
    let j = Math.floor(rand() * (n - 1));
    if (j >= i) j++;
    countVector(counts, records[i] as LinkRecord, records[j] as LinkRecord, scratch);
  }
  return levelShares(counts, (_c, c) => c);
}

/** Result of EM: m, and the share of matches among the pairs it ran on. */
export interface EmResult {
  m: LevelProbabilities;
  lambda: number;
  iterations: number;
}

/**
 * m by EM over counted comparison vectors of blocked pairs, u fixed. Starts from `m0` and `lambda0`;
 * stops when no probability moves by more than 1e-5, or after `maxIterations`.
 */
export function estimateM(
  counts: VectorCounts,
  u: LevelProbabilities,
  m0: LevelProbabilities,
  lambda0 = 0.1,
  maxIterations = 50,
  exclude: ReadonlySet<Field> = new Set(),
): EmResult {
  let m = structuredClone(m0);
  let lambda = lambda0;
  const entries = [...counts].map(([code, n]) => ({ v: decodeVector(code), n }));
  const total = entries.reduce((s, e) => s + e.n, 0);
  if (total === 0) return { m, lambda, iterations: 0 };
  let it = 0;
  for (; it < maxIterations; it++) {
    // E: each vector's probability of being a match; M: level shares among the expected matches.
    const weight = new Float64Array(entries.length);
    let matches = 0;
    entries.forEach((e, k) => {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      FIELDS.forEach((f, i) => {
        const l = e.v[i] as number;
        if (l === MISSING[f] || exclude.has(f)) return;
        lm += Math.log(Math.max(m[f][l] as number, 1e-12));
        lu += Math.log(Math.max(u[f][l] as number, 1e-12));
      });
      const p = 1 / (1 + Math.exp(lu - lm));
      weight[k] = p * e.n;
      matches += p * e.n;
    });
    const next = {} as LevelProbabilities;
    FIELDS.forEach((f, i) => {
      if (exclude.has(f)) {
        next[f] = m[f];
        return;
      }
      const t = new Float64Array(LEVELS[f].length);
      entries.forEach((e, k) => {
        const l = e.v[i] as number;
        t[l] = (t[l] as number) + (weight[k] as number);
      });
      const miss = MISSING[f];
      let sum = 0;
      for (let l = 0; l < t.length; l++) if (l !== miss) sum += (t[l] as number) + 0.01;
      next[f] = Array.from(t, (x, l) => (l === miss ? 0 : ((x as number) + 0.01) / sum));
    });
    const nextLambda = Math.min(0.999, Math.max(1e-6, matches / total));
    let delta = Math.abs(nextLambda - lambda);
    for (const f of FIELDS)
      for (let l = 0; l < next[f].length; l++)
        delta = Math.max(delta, Math.abs((next[f][l] as number) - (m[f][l] as number)));
    m = next;
    lambda = nextLambda;
    if (delta < 1e-5) {
      it++;
      break;
    }
  }
  return { m, lambda, iterations: it };
}

/**
 * The share of matches among counted comparison vectors with m and u both fixed (EM over λ alone): how
 * many of a block's pairs a settled model takes for one man's.
 */
export function estimateLambda(
  counts: VectorCounts,
  u: LevelProbabilities,
  m: LevelProbabilities,
  exclude: ReadonlySet<Field> = new Set(),
  maxIterations = 100,
): number {
  const entries = [...counts].map(([code, n]) => {
    const v = decodeVector(code);
    let ratio = 0;
    FIELDS.forEach((f, i) => {
      const l = v[i] as number;
      if (l === MISSING[f] || exclude.has(f)) return;
      ratio += Math.log(Math.max(m[f][l] as number, 1e-12)) - Math.log(Math.max(u[f][l] as number, 1e-12));
    });
    return { ratio, n };
  });
  const total = entries.reduce((s, e) => s + e.n, 0);
  if (total === 0) return 0;
  let lambda = 0.1;
  for (let it = 0; it < maxIterations; it++) {
    const prior = Math.log(lambda / (1 - lambda));
    let matches = 0;
    for (const e of entries) matches += e.n / (1 + Math.exp(-(prior + e.ratio)));
    const next = Math.min(0.999, Math.max(1e-9, matches / total));
    const done = Math.abs(next - lambda) < 1e-7;
    lambda = next;
    if (done) break;
  }
  return lambda;
}

/** Counts of each value among records (nulls left out), and how many records were counted. */
export function termCounts(values: Iterable<string | null>): {
  records: number;
  counts: Map<string, number>;
} {
  const counts = new Map<string, number>();
  let records = 0;
  for (const v of values) {
    records++;
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { records, counts };
}

/** Share of records holding each value, for values held by at least `minShare` of them (at most `top`). */
export function termFrequencies(values: Iterable<string | null>, top = 2000): Record<string, number> {
  const counts = new Map<string, number>();
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    n++;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
  return Object.fromEntries(sorted.map(([k, c]) => [k, c / Math.max(n, 1)]));
}

/** Random pairs at the initial levels below which the strangers' agreement of initials is not measured. */
const MIN_INITIAL_PAIRS = 200;

/**
 * The initial levels of the given name and patronymic (`initial`, `other_initial`), set rather than
 * estimated by EM: a registry may hold few records with initials, and EM would make a level it rarely
 * sees anything. Of one man's pairs an initial agrees INITIAL_M_AGREE of the time; of strangers' pairs as
 * often as the random pairs show (at least MIN_INITIAL_PAIRS of them), else DEFAULT_INITIAL_U_AGREE. m is
 * u times those ratios, so each level weighs log2(m/u) whatever share of records writes initials.
 */
export function setInitialLevels(m: LevelProbabilities, u: LevelProbabilities, randomPairs: number): void {
  for (const f of ['given_name', 'patronymic'] as const) {
    const at = LEVELS[f].indexOf('initial');
    const ua = u[f][at] as number;
    const uo = u[f][at + 1] as number;
    const measured = (ua + uo) * randomPairs >= MIN_INITIAL_PAIRS;
    const agree = measured ? Math.min(0.9, Math.max(0.01, ua / (ua + uo))) : DEFAULT_INITIAL_U_AGREE;
    m[f][at] = ua * (INITIAL_M_AGREE / agree);
    m[f][at + 1] = uo * ((1 - INITIAL_M_AGREE) / (1 - agree));
  }
}

/**
 * The level shares of one field, level by level the median of the sessions' estimates, renormalised
 * (`missing` left at 0). A session whose match class holds a block's namesakes (given name, patronymic
 * and birth year shared; surnames differ) estimates a disagreement level's m many times too high; the
 * median of five to twelve sessions is the typical one, where the mean took in the worst.
 */
export function medianShares(estimates: readonly (readonly number[])[], missing: number): number[] {
  const levels = (estimates[0] as readonly number[]).length;
  const med = Array.from({ length: levels }, (_, l) => {
    if (l === missing) return 0;
    const xs = estimates.map((e) => e[l] as number).sort((a, b) => a - b);
    const h = xs.length >> 1;
    return xs.length % 2 === 1 ? (xs[h] as number) : ((xs[h - 1] as number) + (xs[h] as number)) / 2;
  });
  const sum = med.reduce((a, b) => a + b, 0);
  return med.map((x) => (sum > 0 ? x / sum : x));
}

/** What training needs: the records, their blocked pairs, and how much to sample. */
export interface TrainingInput {
  records: readonly LinkRecord[];
  /** Blocked pairs as [i, j, rule] into `records`: `blockedPairs(records, { eachRule: true })`. */
  pairs: Iterable<readonly [number, number, number]>;
  /** Random pairs for u (default 1,000,000). */
  randomPairs?: number;
  seed?: number;
  thresholds?: LinkageModel['thresholds'];
  at?: Date;
  /**
   * How the matches per record (the prior) are counted. `scored` (the default since fs-16): every blocked pair
   * once, scored by the settled model as the import scores (the records' own term frequencies, the pair's
   * records left out of them), each pair counted by its match probability at the prior the count itself
   * gives (`scoredMatches`). `sessions` (before fs-16): the largest count of matches among the EM sessions
   * (λ × pairs), each with its own m. `recount` (branch `scale`, never the default): the largest session's
   * count again with the settled m. Measured against the simulation's truth (bench/linkage/priordiag.ts,
   * bench/RESULTS.md `prod`): the sessions' figure took a block's namesakes for matches (`family_phonetic`:
   * 6,143 matches for 1,824 true pairs in 10,000 realistic records: 1.23 other records per record, truth
   * 0.42; 1.92 at 40,201, truth 1.68) and dropped a session past one match per record (harsh: 1.33 for
   * 1.66); `scored` gives 0.42 and 1.67 (hold-out 1.67 for 1.67, harsh 1.61 for 1.66: pairs no rule
   * blocks). It reads the comparisons EM counted (no pair is compared twice). The honest figure links more
   * namesakes where the sessions' figure ran low (100,000 persons: a list's stranger at 6.7 where it had
   * scored 6.44), so it came with a list threshold chosen again against it (TRAINED_THRESHOLDS, fs-16).
   */
  matchesFrom?: 'scored' | 'sessions' | 'recount';
  /** `matchesFrom: 'recount'` (kept for callers of branch `scale`'s option). */
  recountMatches?: boolean;
  /** Called once per EM session, for diagnosis (bench/linkage/priordiag.ts). */
  onSession?: (session: TrainingSession) => void;
  /**
   * false: the scored pairs' names weigh by their own shares alone, as before fs-20 (no joint counts), for
   * comparison (bench/linkage/simulate.ts, JOINT=0). Default: as the model scores, the joint shares read.
   */
  jointNames?: boolean;
  /**
   * Bench only (bench/linkage/simulate.ts GIVENYEAR): the scored pairs' years weigh by their share among the
   * given name's holders (TermFrequencies.givenYear; `raw`: without the two-sigma gate). Default: not.
   */
  givenYear?: boolean | 'raw';
  /**
   * Bench only (bench/linkage/simulate.ts TRAIN_GUESSED=1): a guessed year trains as a stated one, as before
   * age2 (rc8's measure). Default: it trains as no year (`withoutGuessedBirth`).
   */
  trainGuessed?: boolean;
}

/** One EM session of `trainModel`: its rule, its blocked pairs, the matches its λ counts, whether kept. */
export interface TrainingSession {
  rule: number;
  pairs: number;
  matches: number;
  kept: boolean;
  /** The matches counted again with the settled m (`recountMatches`). */
  recounted?: number;
}

/**
 * Trains a model on the registry's own records: u by sampling; m by EM, one session per blocking rule
 * with the fields that rule makes agree left out (as Splink does: a block's pairs agree on its own fields by
 * construction, so they say nothing about m there); each field's m is the median over the sessions that
 * estimated it (a session that took its block's strangers for matches is left out); the matches per record
 * (the prior) as `matchesFrom` says; term frequencies of family keys and given-name classes.
 */
export function trainModel(input: TrainingInput): LinkageModel {
  const base = defaultModel();
  const rand = seededRandom(input.seed ?? 1);
  const randomPairs = input.randomPairs ?? 1_000_000;
  // A guessed year trains as no year (`withoutGuessedBirth`): the pairs are the callers' (blocked on the records
  // as they are), the comparisons that train u, m and the prior read the records so.
  const records =
    input.trainGuessed !== true && input.records.some((r) => r.birthGuessed === true)
      ? input.records.map(withoutGuessedBirth)
      : input.records;
  const u = estimateU(records, randomPairs, rand);
  const perRule: VectorCounts[] = BLOCKING_RULES.map(() => new Map());
  const scratch = new Uint8Array(7);
  let blocked = 0;
  const matchesFrom = input.matchesFrom ?? (input.recountMatches === true ? 'recount' : 'scored');
  // `scored`: each blocked pair once (under the first rule that pairs it, as `blockedPairs` yields it
  // without `eachRule`), kept as its comparison vector's code and its names' term-frequency adjustment
  // (which reads u and the records' counts, not m), to be scored once m is settled.
  const union = matchesFrom === 'scored' ? new ScoredPairs() : undefined;
  const firstRule = union === undefined ? undefined : firstRuleOf(input.records);
  const counted =
    union === undefined
      ? undefined
      : compileModel(
          { ...base, u },
          {
            ...withoutJoint(
              termFrequenciesOfRecords(records, {
                givenYear: input.givenYear !== undefined && input.givenYear !== false,
              }),
              input,
            ),
            ...(input.givenYear === 'raw' ? { givenYearRaw: true } : {}),
            countsArriving: true,
          },
        );
  for (const [i, j, rule] of input.pairs) {
    const a = records[i] as LinkRecord;
    const b = records[j] as LinkRecord;
    const v = compareRecords(a, b, scratch);
    const code = vectorCode(v);
    const counts = perRule[rule] as VectorCounts;
    counts.set(code, (counts.get(code) ?? 0) + 1);
    blocked++;
    if (union !== undefined && (firstRule as FirstRule)(i, j, rule))
      union.push(code, tfAdjustments(counted as CompiledModel, v, a, b));
  }
  const n = records.length;
  // Each field's m from every session that estimated it (its fields left out of the sessions that block on it).
  const estimates = Object.fromEntries(FIELDS.map((f) => [f, [] as number[][]])) as Record<Field, number[][]>;
  let matches = 0;
  let iterations = 0;
  const sessions: { counts: VectorCounts; exclude: ReadonlySet<Field>; pairs: number }[] = [];
  const m0 = structuredClone(base.m);
  setInitialLevels(m0, u, randomPairs);
  BLOCKING_RULES.forEach((rule, k) => {
    const counts = perRule[k] as VectorCounts;
    let pairs = 0;
    for (const c of counts.values()) pairs += c;
    // The near rule's pairs are near spellings born within a year, nearly all namesakes' neighbours: they
    // say little about m, and the model stays what the other rules' sessions made it.
    if (pairs < 50 || !TRAINING_RULES.has(rule)) return;
    const exclude = new Set<Field>(RULE_FIELDS[rule]);
    const em = estimateM(counts, u, m0, 0.1, 50, exclude);
    iterations += em.iterations;
    // A session that finds more matched pairs than the registry has records has taken its strangers for
    // matches (m ≈ u: a wide block, given name and surname ending, with too few fields left to tell them
    // apart): its m says nothing, and averaged in it made a conflicting birth date weigh −3 bits, not −8.
    // With `matchesFrom: 'recount'`, its blocks' matches are counted again below with the settled m,
    // whatever its own λ said.
    sessions.push({ counts, exclude, pairs });
    const kept = em.lambda * pairs <= Math.max(n, 50);
    input.onSession?.({ rule: k, pairs, matches: em.lambda * pairs, kept });
    if (!kept) return;
    // Each rule finds its share of the matches; the rule that finds most is the best estimate of all.
    if (matchesFrom === 'sessions') matches = Math.max(matches, em.lambda * pairs);
    for (const f of FIELDS) if (!exclude.has(f)) estimates[f].push(em.m[f]);
  });
  const m = structuredClone(base.m);
  for (const f of FIELDS) if (estimates[f].length > 0) m[f] = medianShares(estimates[f], MISSING[f]);
  setInitialLevels(m, u, randomPairs);
  // `recount`: the matches each rule's blocks hold, counted again with the settled m (the median over the sessions):
  // each session's own λ counts the namesakes its own m took for matches, more of them the larger the
  // registry, and the sessions whose count passed the limit above were left out of it: on one generated
  // population (1.68 other records per record at any size) the old estimate was 1.94 at 40,201 records
  // and 1.38 at 200,610, so the prior fell half a bit more than the registry's size says; counted with
  // the settled m it is 1.78 and 1.79. Each rule finds its share of the matches; the rule that finds most
  // is the best estimate of all.
  for (const s of matchesFrom === 'recount' ? sessions : []) {
    const found = estimateLambda(s.counts, u, m, s.exclude) * s.pairs;
    // Still more than a match per record with the settled m: the block's namesakes agree on every field
    // it leaves to compare (a given name and a surname's ending left out), and its count says nothing.
    if (found > Math.max(n, 50)) continue;
    matches = Math.max(matches, found);
  }
  const allPairs = (n * (n - 1)) / 2;
  // `scored` (the default, fs-16): the matches the settled model itself sees among the blocked pairs. A session's
  // λ counts, with its block's own fields left out, the namesakes the fields it keeps cannot tell apart
  // (a family key's block: men of one surname and given class, born within a year) and leaves the pairs of
  // other blocks uncounted; the model scoring every blocked pair with every field and the names' counts
  // tells them apart as it does when it links.
  if (union !== undefined) {
    const weights = compileModel({ ...base, m, u }).weights;
    const ofCode = new Map<number, number>();
    const evidence = new EvidenceHistogram();
    for (let k = 0; k < union.length; k++) {
      const code = union.code(k);
      let w = ofCode.get(code);
      if (w === undefined) {
        const v = decodeVector(code);
        w = 0;
        for (let f = 0; f < FIELDS.length; f++) w += (weights[f] as Float64Array)[v[f] as number] as number;
        ofCode.set(code, w);
      }
      evidence.add(w + union.tf(k));
    }
    matches = scoredMatches(evidence, allPairs);
  }
  // Matches outside the blocks are few (blocking recall is measured), so λ over all pairs follows.
  const lambda = Math.max(1e-12, Math.min(0.5, matches / Math.max(allPairs, 1)));
  const at = input.at ?? new Date();
  return {
    version: `${LINKAGE_MODEL_VERSION}:${at.toISOString()}`,
    prior: Math.log2(lambda / (1 - lambda)),
    // A registry rarely holds more than two other records per person: the estimate is bounded there (the
    // sessions' count took namesakes in wide blocks for matches).
    matchesPerRecord: Math.max(0.05, Math.min(2, (2 * matches) / Math.max(n, 1))),
    m,
    u,
    tf: {
      family_name: termFrequencies(records.map((r) => r.family)),
      given_name: termFrequencies(records.map((r) => r.given)),
    },
    thresholds: input.thresholds ?? { ...TRAINED_THRESHOLDS },
    trained: { records: n, blockedPairs: blocked, randomPairs, iterations, at: at.toISOString() },
  };
}

/**
 * A record as training reads it: a birth year written as a guess ("бл. 1979") or worked out from an age
 * ("35 років", age2) read as no date. Such a year is a year off in about four true pairs of ten; trained on,
 * it raised what a year off by one and a year alone weigh for every pair (rc8: holdout8/mixed wrong automatic
 * links 40 → 45), where it should have taught nothing: linking compares it by its year alone and lets it
 * corroborate nothing (`CORROBORATION.guessedSilent`), and the levels it would train are the stated dates'.
 * Every pair with a guessed side is still counted for its other fields, as a pair with no date is.
 */
export function withoutGuessedBirth(r: LinkRecord): LinkRecord {
  if (r.birthGuessed !== true) return r;
  return { ...r, birthYear: null, birthMonth: null, birthDay: null, birthGuessed: false };
}

/** Blocked pairs as training scores them: each one's vector code and term-frequency adjustment, packed. */
class ScoredPairs {
  private codes = new Int32Array(1 << 16);
  private tfs = new Float32Array(1 << 16);
  length = 0;
  push(code: number, tf: number): void {
    if (this.length === this.codes.length) {
      const codes = new Int32Array(this.codes.length * 2);
      codes.set(this.codes);
      this.codes = codes;
      const tfs = new Float32Array(this.tfs.length * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.codes[this.length] = code;
    this.tfs[this.length] = tf;
    this.length++;
  }
  code(k: number): number {
    return this.codes[k] as number;
  }
  tf(k: number): number {
    return this.tfs[k] as number;
  }
}

type FirstRule = (i: number, j: number, rule: number) => boolean;

/**
 * Whether `rule` is the first rule that pairs records i and j, as `blockedPairs` without `eachRule` yields
 * each pair: no earlier rule's key is shared (the near rule has several keys and is earlier only than the
 * two-letters rule, last, which it precedes for glyph keys one deletion apart).
 */
export function firstRuleOf(records: readonly LinkRecord[]): FirstRule {
  const near = BLOCKING_RULES.indexOf('family_glyph_near');
  const keys = records.map((r) =>
    blockKeys(r)
      .slice(0, near)
      .map((k) => k[0] ?? null),
  );
  const glyphs = records.map((r) => familyGlyphKey(r.family));
  return (i, j, rule) => {
    const a = keys[i] as (string | null)[];
    const b = keys[j] as (string | null)[];
    for (let r = 0; r < rule && r < near; r++) if (a[r] !== null && a[r] === b[r]) return false;
    if (rule > near) {
      const x = glyphs[i] ?? null;
      const y = glyphs[j] ?? null;
      if (x !== y && shareKey(glyphNearKeys(x), glyphNearKeys(y))) return false;
    }
    return true;
  };
}

/** Evidence (log2 Bayes factor) in bins of 1/32 bit from −128 to +128, the ends holding what lies beyond. */
export class EvidenceHistogram {
  static readonly STEP = 32;
  static readonly RANGE = 128;
  readonly bins = new Float64Array(2 * EvidenceHistogram.RANGE * EvidenceHistogram.STEP + 1);
  add(evidence: number, count = 1): void {
    const { STEP, RANGE } = EvidenceHistogram;
    const b = Math.round(Math.max(-RANGE, Math.min(RANGE, evidence)) * STEP) + RANGE * STEP;
    this.bins[b] = (this.bins[b] as number) + count;
  }
  /** Σ count / (1 + 2^−(prior + evidence)): the expected matches at a prior (log2 odds). */
  expectedMatches(prior: number): number {
    const { STEP, RANGE } = EvidenceHistogram;
    let s = 0;
    for (let b = 0; b < this.bins.length; b++) {
      const c = this.bins[b] as number;
      if (c > 0) s += c / (1 + 2 ** -(prior + b / STEP - RANGE));
    }
    return s;
  }
}

/**
 * The matches among scored pairs at the prior they themselves give: the fixed point of matches = Σ P(match
 * | evidence, λ = matches / allPairs), the pairs outside the blocks taken as non-matches (blocking recall
 * is measured ≥ 0.999). EM over λ alone, m and u fixed, every field and the names' counts in the evidence.
 */
export function scoredMatches(evidence: EvidenceHistogram, allPairs: number): number {
  let total = 0;
  for (const c of evidence.bins) total += c;
  if (total === 0 || allPairs <= 0) return 0;
  let matches = Math.min(total, allPairs) / 2;
  for (let it = 0; it < 200; it++) {
    const lambda = Math.min(0.5, Math.max(1e-15, matches / allPairs));
    const next = evidence.expectedMatches(Math.log2(lambda / (1 - lambda)));
    const done = Math.abs(next - matches) <= 1e-6 * Math.max(1, matches);
    matches = next;
    if (done) break;
  }
  return matches;
}

/** The least share of matches a trained model may put at exact agreement of the family and given names. */
export const PLAUSIBLE_EXACT_NAME_M = 0.3;

/**
 * Why a trained model cannot be used, or null when it can. EM finds two classes among the blocked pairs
 * whatever they hold; when the registry holds almost no records of one man (a first load of distinct
 * persons, one record each), the class it calls matches is a slice of strangers, and the model then links
 * nothing (the seeded 1M registry, one record a person: its matches agreed exactly on the family name in
 * 2.8% of pairs and on the given name in 2.4%; it matched none of 200 rows the default model matched 148
 * of). Matches agree on their names far more often than not, whatever the noise: a model that says
 * otherwise learnt something else. (Strangers' agreement is no test: in a registry of one surname it is
 * near 100%.)
 */
export function implausibleModel(model: LinkageModel): string | null {
  for (const field of ['family_name', 'given_name'] as const) {
    const m = model.m[field][0] ?? 0;
    const u = model.u[field][0] ?? 0;
    if (m < PLAUSIBLE_EXACT_NAME_M)
      return `its matches agree exactly on ${field} in ${(100 * m).toFixed(1)}% of pairs (strangers ${(100 * u).toFixed(1)}%): the registry holds too few records of one person to learn from`;
  }
  return null;
}

/** The counts as `TrainingInput.jointNames` asks: without the joint counts where false. */
function withoutJoint(tf: TermFrequencies, input: TrainingInput): TermFrequencies {
  if (input.jointNames !== false) return tf;
  const rest = { ...tf };
  delete rest.familyGiven;
  delete rest.givenFather;
  return rest;
}
