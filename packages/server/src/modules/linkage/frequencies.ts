import { jointKey, type LinkRecord, type TermFrequencies } from '@homecoming/linkage';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { tally } from '../../phases.js';
import type { RecordsBeside } from './candidates.js';

type Tx = Transaction<DB> | Kysely<DB>;

/**
 * The kinds of rows name_frequency holds (migrations 0008, 0029, 0035, 0055). `family_given`: a family key and
 * a given-name key held together (`jointKey(family, given)`); `given_father`: a given-name key and a father's
 * class (`jointKey(given, father)`), and under `jointKey(given, '')` the records of the given name that give
 * a father (linkage fs-20).
 */
type Kind = 'family' | 'given' | 'phonetic' | 'father' | 'year' | 'family_given' | 'given_father' | 'records';

/**
 * The registry's counts of the given family keys, family phonetic keys (migration 0029), given-name
 * classes, fathers' name classes and birth years (migration 0035: under the key '' the number of records
 * that give one), and its number of records (migration 0008: rows are added per batch, the count is their
 * sum). Also counts `extra` records not yet written (a batch being resolved), so that a batch's own names
 * count as it links. `beside`: the records of a batch an import writes beside this read, counted whether
 * or not it has committed by then (the same statement says whether it has: one snapshot), so that the
 * counts do not depend on when it commits.
 */
export async function termFrequenciesOf(
  trx: Tx,
  records: readonly LinkRecord[],
  extra: readonly LinkRecord[] = [],
  beside: RecordsBeside | null = null,
): Promise<TermFrequencies> {
  const keys = (pick: (r: LinkRecord) => string | null): string[] => [
    ...new Set(records.map(pick).filter((k): k is string => k !== null)),
  ];
  const families = keys((r) => r.family);
  const givens = keys((r) => r.given);
  const codes = keys((r) => r.familyPhonetic);
  const fathers = ['', ...keys((r) => r.father)];
  const years = ['', ...keys(yearKey)];
  const familyGivens = keys(familyGivenKey);
  const givenFathers = [...new Set(records.flatMap(givenFatherKeys))];
  // Whether the batch beside has committed: one of its records is stored.
  const committed =
    beside === null
      ? sql``
      : sql`UNION ALL SELECT 'beside', '', count(*)::text FROM (SELECT 1 FROM record
          WHERE id BETWEEN ${beside.firstId}::uuid AND ${beside.lastId}::uuid LIMIT 1) b`;
  const rows = await sql<{ kind: Kind | 'beside'; key: string; n: string }>`
    SELECT kind, key, sum(n)::text AS n FROM name_frequency
    WHERE (kind = 'family' AND key = ANY(${families}::text[]))
       OR (kind = 'given' AND key = ANY(${givens}::text[]))
       OR (kind = 'phonetic' AND key = ANY(${codes}::text[]))
       OR (kind = 'father' AND key = ANY(${fathers}::text[]))
       OR (kind = 'year' AND key = ANY(${years}::text[]))
       OR (kind = 'family_given' AND key = ANY(${familyGivens}::text[]))
       OR (kind = 'given_father' AND key = ANY(${givenFathers}::text[]))
       OR (kind = 'records' AND key = '')
    GROUP BY kind, key ${committed}`.execute(trx);
  const counts = emptyCounts();
  let total = 0;
  let besideStored = false;
  for (const r of rows.rows) {
    if (r.kind === 'records') total = Number(r.n);
    else if (r.kind === 'beside') besideStored = Number(r.n) > 0;
    else counts[r.kind].set(r.key, Number(r.n));
  }
  if (beside !== null && !besideStored) {
    // Counted as the statement would have read them once it had committed: the keys asked for only.
    const theirs = emptyCounts();
    for (const r of beside.probes) countInto(theirs, r, 1);
    total += beside.probes.length;
    const asked = {
      family: families,
      given: givens,
      phonetic: codes,
      father: fathers,
      year: years,
      family_given: familyGivens,
      given_father: givenFathers,
    };
    for (const kind of Object.keys(asked) as (keyof Counts)[])
      for (const k of asked[kind]) {
        const n = theirs[kind].get(k);
        if (n !== undefined) counts[kind].set(k, (counts[kind].get(k) ?? 0) + n);
      }
  }
  return withArriving(counts, total, extra);
}

/**
 * The name counts a list's batches read (`linkList`), asked of the database once per key and remembered for
 * the next batches: each batch is handed the counts of its own records' keys, exactly those
 * `termFrequenciesOf(trx, records)` reads from a registry that does not change meanwhile, and of its
 * candidates' family and given-name keys, which a pair's score also reads (a close or phonetic surname weighs
 * by the commoner spelling, `spellingTf`; a given name of one class by the commoner key, `givenTf`: both in
 * @homecoming/linkage's model.ts; every other count a score reads is of the probe's own keys). A key asked by
 * no one stays out of the maps and weighs as unseen; before tfb a candidate's other spelling was read only
 * when some row of the same batch carried it, so a row's line depended on its neighbours. At a million
 * persons a batch of 1,000 rows asks most of a harsh registry's keys, whose counts are a row per key and
 * seed batch (`name_frequency` is compacted only after a training): a fifth of a second a batch, read again
 * for every batch of a 10,000-row list.
 */
export class NameCountReads {
  private records: number | null = null;
  /** Each key's count read so far, null where name_frequency holds none. */
  private readonly held: KindMaps<number | null> = emptyCounts();

  /**
   * What `termFrequenciesOf(trx, records)` answers, reading only the keys not read before; with
   * `candidates`, their family and given-name keys too (the other spellings a score reads), so that a
   * probe's line does not depend on which other probes share its batch.
   */
  async of(
    trx: Tx,
    records: readonly LinkRecord[],
    candidates: readonly LinkRecord[] = [],
  ): Promise<TermFrequencies> {
    const keys = (pick: (r: LinkRecord) => string | null, also: readonly LinkRecord[] = []): string[] => [
      ...new Set([...records, ...also].map(pick).filter((k): k is string => k !== null)),
    ];
    const asked = {
      family: keys((r) => r.family, candidates),
      given: keys((r) => r.given, candidates),
      phonetic: keys((r) => r.familyPhonetic),
      father: ['', ...keys((r) => r.father)],
      year: ['', ...keys(yearKey)],
      family_given: keys(familyGivenKey),
      given_father: [...new Set(records.flatMap(givenFatherKeys))],
    };
    const kinds = Object.keys(asked) as (keyof Counts)[];
    const missing = (kind: keyof Counts): string[] => asked[kind].filter((k) => !this.held[kind].has(k));
    const unread = {
      family: [] as string[],
      given: [] as string[],
      phonetic: [] as string[],
      father: [] as string[],
      year: [] as string[],
      family_given: [] as string[],
      given_father: [] as string[],
    };
    for (const kind of kinds) unread[kind] = missing(kind);
    if (this.records === null || kinds.some((kind) => unread[kind].length > 0)) {
      // A kind at a time, each an index-only range of (kind, key) INCLUDE (n): one condition of ORs was read
      // by a bitmap of the table's pages (at a million persons a batch's keys hold most of them).
      const parts = kinds
        .filter((kind) => unread[kind].length > 0)
        .map(
          (kind) => sql`(SELECT ${kind}::text AS kind, key, sum(n)::text AS n FROM name_frequency
            WHERE kind = ${kind} AND key = ANY(${unread[kind]}::text[]) GROUP BY key)`,
        );
      if (this.records === null)
        parts.push(sql`(SELECT 'records' AS kind, '' AS key, sum(n)::text AS n FROM name_frequency
          WHERE kind = 'records' AND key = '' HAVING count(*) > 0)`);
      const rows = await sql<{
        kind: Kind;
        key: string;
        n: string;
      }>`${sql.join(parts, sql` UNION ALL `)}`.execute(trx);
      for (const kind of kinds) for (const k of unread[kind]) this.held[kind].set(k, null);
      for (const r of rows.rows) {
        if (r.kind === 'records') this.records = Number(r.n);
        else this.held[r.kind].set(r.key, Number(r.n));
      }
      // No row at all: an empty registry's count, as `termFrequenciesOf` reads it.
      this.records ??= 0;
    }
    const counts = emptyCounts();
    for (const kind of kinds)
      for (const k of asked[kind]) {
        const n = this.held[kind].get(k);
        if (n !== undefined && n !== null) counts[kind].set(k, n);
      }
    const tf = withArriving(counts, this.records, []);
    this.made.set(tf, counts);
    return tf;
  }

  /**
   * Adds to `tf` (an answer of `of`) the counts of the candidates' family and given-name keys it lacks, in
   * place: a model compiled with `tf` reads them from then on. A count it holds never changes (and no score
   * reads a key before it is covered), so a score computed before reads the same after: the settled test's
   * scores, remembered by model, stay the decision's.
   */
  async cover(trx: Tx, tf: TermFrequencies, candidates: readonly LinkRecord[]): Promise<void> {
    const into = this.made.get(tf);
    if (into === undefined) throw new Error('NameCountReads.cover: counts not made by this reader');
    const more = await this.of(trx, [], candidates);
    for (const [k, n] of more.family) into.family.set(k, n);
    for (const [k, n] of more.given) into.given.set(k, n);
  }

  /** The maps behind each answer of `of`, for `cover`. */
  private readonly made = new WeakMap<TermFrequencies, Counts>();
}

/**
 * The counts an import's scores read of its candidates' spellings (tfi). A pair's score reads the counts of
 * the probe's keys and of two keys of the candidate's record: a close or phonetic surname weighs by the
 * commoner of the two spellings (`spellingTf`), a given name of one class by the commoner key (`givenTf`,
 * both in @homecoming/linkage's model.ts). A batch's read (`termFrequenciesOf(trx, probes, probes, beside)`,
 * `NameCounts.of`) holds its own records' keys only, so a candidate's spelling no record of the batch
 * carried weighed as a name no one holds: a record's decision depended on the records beside it in the file.
 * The rule, one for every key a batch's scores read: the registry's count as the batch's read sees it (the
 * batch written beside counted whether or not it has committed) plus the batch's own records. A candidate's
 * spelling that no record of the batch carries is read here by the same rule (the batch adds nothing to
 * it), into the batch's maps in place: the model compiled with them reads it from then on. No score may read
 * a key before it is covered (`covers`), and a count once held never changes, so a score remembered before
 * a cover (the settled test's) is the same after.
 */
export class SpellingCounts {
  /** The keys the maps hold a count for, as the rule gives it (a key no one holds: held as none). */
  private readonly known = { family: new Set<string>(), given: new Set<string>() };
  private readonly wanted = { family: new Set<string>(), given: new Set<string>() };

  private constructor(
    private readonly into: { family: Map<string, number>; given: Map<string, number> },
    probes: readonly LinkRecord[],
    private readonly read:
      { memory: NameCounts } | { trx: Tx; beside: RecordsBeside | null; cache: SpellingCache | null },
  ) {
    for (const p of probes) {
      if (p.family !== null) this.known.family.add(p.family);
      if (p.given !== null) this.known.given.add(p.given);
    }
  }

  /** For counts `termFrequenciesOf(trx, probes, …, beside)` read: the candidates' read alike. */
  static ofDatabase(
    trx: Tx,
    tf: TermFrequencies,
    probes: readonly LinkRecord[],
    beside: RecordsBeside | null = null,
    /** Counts read for earlier reads of one registry that does not change meanwhile (`SpellingCache`). */
    cache: SpellingCache | null = null,
  ): SpellingCounts {
    return new SpellingCounts(mapsOf(tf), probes, { trx, beside, cache });
  }

  /** For counts `NameCounts.of(probes)` answered: the candidates' taken there too, at once. */
  static ofMemory(counts: NameCounts, tf: TermFrequencies, probes: readonly LinkRecord[]): SpellingCounts {
    return new SpellingCounts(mapsOf(tf), probes, { memory: counts });
  }

  /**
   * Whether every family and given-name key of these persons' records is counted; those that are not are
   * wanted (`cover` reads them). Counts held in memory are taken at once: then always true.
   */
  covers(persons: readonly CandidatePersonRecords[]): boolean {
    let all = true;
    for (const p of persons) if (!this.want(p.records)) all = false;
    if (!all && 'memory' in this.read) {
      this.takeFromMemory(this.read.memory);
      return true;
    }
    return all;
  }

  /** Wants the keys of these records not yet counted; true when there were none. */
  want(records: Iterable<LinkRecord>): boolean {
    let all = true;
    for (const r of records) {
      if (r.family !== null && !this.known.family.has(r.family)) {
        this.wanted.family.add(r.family);
        all = false;
      }
      if (r.given !== null && !this.known.given.has(r.given)) {
        this.wanted.given.add(r.given);
        all = false;
      }
    }
    return all;
  }

  /** Counts the keys wanted (`covers`, `want`) into the batch's maps. */
  async cover(): Promise<void> {
    if (this.wanted.family.size === 0 && this.wanted.given.size === 0) return;
    if ('memory' in this.read) return this.takeFromMemory(this.read.memory);
    const cache = this.read.cache;
    // The keys wanted, less those the cache holds (taken from it).
    const unread = (kind: 'family' | 'given'): string[] => {
      const keys = [...this.wanted[kind]];
      this.wanted[kind].clear();
      if (cache === null) return keys;
      this.hold(
        kind,
        keys.filter((k) => cache[kind].has(k)),
        cache[kind],
      );
      return keys.filter((k) => !cache[kind].has(k));
    };
    const family = unread('family');
    const given = unread('given');
    if (family.length === 0 && given.length === 0) return;
    tally('spellings: keys read', family.length + given.length);
    const got = await spellingCountsOf(this.read.trx, family, given, this.read.beside);
    if (cache !== null) {
      for (const k of family) cache.family.set(k, got.family.get(k) ?? 0);
      for (const k of given) cache.given.set(k, got.given.get(k) ?? 0);
    }
    this.hold('family', family, got.family);
    this.hold('given', given, got.given);
  }

  /** Wants and covers these persons' records' keys (a lookup's `beforeSettled`, the decisions). */
  async coverPersons(found: readonly (readonly CandidatePersonRecords[])[]): Promise<void> {
    for (const list of found) for (const p of list) this.want(p.records);
    await this.cover();
  }

  private takeFromMemory(counts: NameCounts): void {
    const family = [...this.wanted.family];
    const given = [...this.wanted.given];
    this.wanted.family.clear();
    this.wanted.given.clear();
    this.hold('family', family, counts.spellings('family', family));
    this.hold('given', given, counts.spellings('given', given));
  }

  private hold(kind: 'family' | 'given', keys: readonly string[], got: ReadonlyMap<string, number>): void {
    for (const k of keys) {
      // Read twice at once (two lookups' hooks): the first count stays, as every score read it.
      if (this.known[kind].has(k)) continue;
      this.known[kind].add(k);
      const n = got.get(k);
      if (n !== undefined && n !== 0) this.into[kind].set(k, n);
    }
  }
}

/**
 * The spellings' counts read by the pages of one step that writes no count (the import's end step), so that
 * a page does not read again what an earlier page read. Each page's own keys are read afresh with its counts,
 * as before; a spelling's count taken here differs from a fresh read only if another import committed
 * between the two pages.
 */
export class SpellingCache {
  readonly family = new Map<string, number>();
  readonly given = new Map<string, number>();
}

/** The persons a lookup answers, as `SpellingCounts` reads them (their records). */
interface CandidatePersonRecords {
  records: readonly LinkRecord[];
}

/** The maps behind a batch's term frequencies, which `SpellingCounts` adds to. */
function mapsOf(tf: TermFrequencies): { family: Map<string, number>; given: Map<string, number> } {
  const { family, given } = tf;
  if (!(family instanceof Map) || !(given instanceof Map))
    throw new Error('SpellingCounts: the counts are not a batch read');
  return { family: family as Map<string, number>, given: given as Map<string, number> };
}

/**
 * The registry's counts of these family and given-name keys, with the batch written beside (`beside`)
 * counted whether or not it has committed, as `termFrequenciesOf` counts it: one statement, one snapshot.
 */
async function spellingCountsOf(
  trx: Tx,
  family: readonly string[],
  given: readonly string[],
  beside: RecordsBeside | null,
): Promise<{ family: Map<string, number>; given: Map<string, number> }> {
  const out = { family: new Map<string, number>(), given: new Map<string, number>() };
  // A kind at a time, each an index-only range of (kind, key) INCLUDE (n), as `NameCountReads` reads them.
  const parts = (
    [
      ['family', family],
      ['given', given],
    ] as const
  )
    .filter(([, keys]) => keys.length > 0)
    .map(
      ([kind, keys]) => sql`(SELECT ${kind}::text AS kind, key, sum(n)::text AS n FROM name_frequency
        WHERE kind = ${kind} AND key = ANY(${keys}::text[]) GROUP BY key)`,
    );
  if (parts.length === 0) return out;
  if (beside !== null)
    parts.push(sql`(SELECT 'beside' AS kind, '' AS key, count(*)::text AS n FROM (SELECT 1 FROM record
      WHERE id BETWEEN ${beside.firstId}::uuid AND ${beside.lastId}::uuid LIMIT 1) b)`);
  const rows = await sql<{ kind: 'family' | 'given' | 'beside'; key: string; n: string }>`${sql.join(
    parts,
    sql` UNION ALL `,
  )}`.execute(trx);
  let besideStored = false;
  for (const r of rows.rows) {
    if (r.kind === 'beside') besideStored = Number(r.n) > 0;
    else out[r.kind].set(r.key, Number(r.n));
  }
  if (beside !== null && !besideStored) {
    const asked = { family: new Set(family), given: new Set(given) };
    for (const p of beside.probes)
      for (const kind of ['family', 'given'] as const) {
        const k = p[kind];
        if (k !== null && asked[kind].has(k)) out[kind].set(k, (out[kind].get(k) ?? 0) + 1);
      }
  }
  return out;
}

/** One map per counted kind, by key. */
type KindMaps<V> = Record<Exclude<Kind, 'records'>, Map<string, V>>;
type Counts = KindMaps<number>;

function emptyCounts<V = number>(): KindMaps<V> {
  return {
    family: new Map(),
    given: new Map(),
    phonetic: new Map(),
    father: new Map(),
    year: new Map(),
    family_given: new Map(),
    given_father: new Map(),
  };
}

/** A record's `family_given` key (fs-20), none unless it gives both. */
function familyGivenKey(r: Pick<LinkRecord, 'family' | 'given'>): string | null {
  return r.family === null || r.given === null ? null : jointKey(r.family, r.given);
}

/**
 * A record's `given_father` keys (fs-20), none unless it gives both: its given name with its father's class,
 * and its given name among those that give a father (`jointKey(given, '')`).
 */
function givenFatherKeys(r: Pick<LinkRecord, 'given' | 'father'>): string[] {
  return r.given === null || r.father === null ? [] : [jointKey(r.given, r.father), jointKey(r.given, '')];
}

/** A record's birth year as name_frequency keys it (none when absent: see CountedKeys). */
function yearKey(r: Partial<Pick<LinkRecord, 'birthYear'>>): string | null {
  return r.birthYear === undefined || r.birthYear === null ? null : String(r.birthYear);
}

/**
 * Adds `n` for a record's keys to `c`, as name_frequency counts them: a father's class and a birth year also
 * under '' (the records that give one). The one place that says which keys a record is counted by.
 */
function countInto(c: Counts, r: CountedKeys, n: number): void {
  const bump = (m: Map<string, number>, k: string | null, holding: boolean): void => {
    if (k === null) return;
    m.set(k, (m.get(k) ?? 0) + n);
    if (holding) m.set('', (m.get('') ?? 0) + n);
  };
  bump(c.family, r.family, false);
  bump(c.given, r.given, false);
  bump(c.phonetic, r.familyPhonetic, false);
  bump(c.father, r.father, true);
  bump(c.year, yearKey(r), true);
  bump(c.family_given, familyGivenKey(r), false);
  for (const k of givenFatherKeys(r)) bump(c.given_father, k, false);
}

/**
 * Term frequencies from stored counts (`counts`, `total` records), with the `extra` records not yet written
 * counted in: the batch's own records count, and each pair leaves its arriving record out (see
 * otherHolders). Changes the maps it is given. Fathers' classes and birth years are kept with how many
 * records give one (their key ''): a share of the records that give the field.
 */
function withArriving(counts: Counts, total: number, extra: readonly LinkRecord[]): TermFrequencies {
  const { family, given, phonetic, father, year, family_given, given_father } = counts;
  for (const r of extra) {
    total++;
    countInto(counts, r, 1);
  }
  const holding = (m: Map<string, number>) => ({ counts: m, records: m.get('') ?? 0 });
  return {
    records: total,
    family,
    given,
    phonetic,
    father: holding(father),
    birthYear: holding(year),
    familyGiven: family_given,
    givenFather: given_father,
    countsArriving: extra.length > 0,
  };
}

/** Counts written records into name_frequency: one row per key (and one for the total), in key order. */
export async function countNames(trx: Tx, records: readonly LinkRecord[]): Promise<void> {
  await addNameCounts(
    trx,
    records.map((keys) => ({ keys, n: 1 })),
    records.length,
  );
}

/**
 * The keys name_frequency counts a record by. A father's class and a birth year are counted under their
 * own key and under '' (the records that give one); `birthYear` absent: not counted (a re-keying moves
 * names, a record's birth year stays).
 */
export type CountedKeys = Pick<LinkRecord, 'family' | 'given' | 'familyPhonetic' | 'father'> &
  Partial<Pick<LinkRecord, 'birthYear'>>;

/**
 * Adds `n` for each key of each record to name_frequency (one row per key whose sum is not zero, in key
 * order) and `records` to the registry's size: +1 for a record written, −1 for keys a record no longer has.
 */
export async function addNameCounts(
  trx: Tx,
  changes: readonly { keys: CountedKeys; n: number }[],
  records: number,
): Promise<void> {
  const counts = emptyCounts();
  for (const { keys, n } of changes) countInto(counts, keys, n);
  const rows = Object.entries(counts)
    .flatMap(([kind, m]) => [...m].filter(([, n]) => n !== 0).map(([key, n]) => ({ kind, key, n })))
    .sort((a, b) =>
      a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
  if (records !== 0) rows.push({ kind: 'records', key: '', n: records });
  if (rows.length === 0) return;
  await sql`INSERT INTO name_frequency (kind, key, n)
    SELECT u.kind, u.key, u.n FROM json_to_recordset(${JSON.stringify(rows)}::json) AS u(kind text, key text, n int8)`.execute(
    trx,
  );
}

/** Folds the added rows into one per key (after training; the sums do not change). */
export async function compactNameFrequencies(trx: Tx): Promise<void> {
  await compactingAlone(trx);
  // One statement, one snapshot: rows another import commits meanwhile are neither deleted nor lost.
  await sql`WITH d AS (DELETE FROM name_frequency RETURNING kind, key, n)
    INSERT INTO name_frequency (kind, key, n) SELECT kind, key, sum(n) FROM d GROUP BY kind, key`.execute(
    trx,
  );
}

/**
 * The keys a bulk write added name_frequency rows to (`countNames` of its records), for `compactNameCounts`:
 * every key a record is counted by (`countInto`), and the registry's size.
 */
export class KeysCounted {
  private readonly keys = {
    family: new Set<string>(),
    given: new Set<string>(),
    phonetic: new Set<string>(),
    father: new Set<string>(['']),
    year: new Set<string>(['']),
    family_given: new Set<string>(),
    given_father: new Set<string>(),
  };

  /** The keys these records are counted by. */
  add(records: readonly CountedKeys[]): void {
    for (const r of records) {
      if (r.family !== null) this.keys.family.add(r.family);
      if (r.given !== null) this.keys.given.add(r.given);
      if (r.familyPhonetic !== null) this.keys.phonetic.add(r.familyPhonetic);
      if (r.father !== null) this.keys.father.add(r.father);
      const year = yearKey(r);
      if (year !== null) this.keys.year.add(year);
      const fg = familyGivenKey(r);
      if (fg !== null) this.keys.family_given.add(fg);
      for (const k of givenFatherKeys(r)) this.keys.given_father.add(k);
    }
  }

  /** Each kind's keys, as arrays. */
  byKind(): [Exclude<Kind, 'records'>, string[]][] {
    return (Object.keys(this.keys) as Exclude<Kind, 'records'>[]).map((kind) => [kind, [...this.keys[kind]]]);
  }
}

/**
 * Folds the rows of each of these keys (and of the registry's size) into one, where name_frequency holds
 * several: every batch written adds a row per key it counts (`addNameCounts`), and a read sums a key's rows,
 * so a registry seeded or imported in batches of 2,000 held ~500 rows of a common key, all read by every
 * batch that asks its count (bench/RESULTS.md, `nf`). The sums do not change, nor does a key's presence (a
 * key summing to 0 keeps its row of 0), so every read answers as before. Returns the rows removed.
 *
 * Safe beside other writers and readers: one statement, one snapshot, in a transaction of its own. The rows
 * it folds are those its snapshot sees; a row another import adds meanwhile (not yet committed, or committed
 * after the snapshot) is neither deleted nor counted in the sum, and stays beside it; a reader sees the old
 * rows or the new one, whose sum is theirs. A crash leaves the whole statement undone. Two compactions take
 * turns (a transaction-level advisory lock), so neither deletes a row the other has summed.
 */
export async function compactNameCounts(db: Kysely<DB>, keys: KeysCounted): Promise<number> {
  const kinds = keys.byKind().filter(([, k]) => k.length > 0);
  const wanted = [
    ...kinds.map(([kind, k]) => sql`SELECT ${kind}::text AS kind, unnest(${k}::text[]) AS key`),
    sql`SELECT 'records'::text AS kind, ''::text AS key`,
  ];
  return db.transaction().execute(async (trx) => {
    await compactingAlone(trx);
    const r = await sql<{ removed: string }>`
      WITH k AS (${sql.join(wanted, sql` UNION ALL `)}),
      several AS (SELECT f.kind, f.key FROM name_frequency f JOIN k ON k.kind = f.kind AND k.key = f.key
        GROUP BY f.kind, f.key HAVING count(*) > 1),
      d AS (DELETE FROM name_frequency f USING several s WHERE f.kind = s.kind AND f.key = s.key
        RETURNING f.kind, f.key, f.n),
      i AS (INSERT INTO name_frequency (kind, key, n) SELECT kind, key, sum(n) FROM d GROUP BY kind, key
        RETURNING 1)
      SELECT ((SELECT count(*) FROM d) - (SELECT count(*) FROM i))::text AS removed`.execute(trx);
    return Number(r.rows[0]?.removed ?? 0);
  });
}

/**
 * Folds every key's rows into one (`compactNameFrequencies`), then rewrites the table's file and index
 * (VACUUM FULL): the folded rows were written after every old one, and a read would scan the old file's
 * pages, or the index's dead entries, until then. After a seed, whose batches wrote ~500 rows a key at a
 * million: the rewrite takes the table's lock for a moment, and keeps any row an older snapshot still sees.
 */
export async function foldNameCounts(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute((trx) => compactNameFrequencies(trx));
  await sql`VACUUM FULL name_frequency`.execute(db);
}

/** Waits for any other compaction of name_frequency to commit (`compactNameCounts`). */
async function compactingAlone(trx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${NAME_COUNTS_COMPACTION_LOCK}::int8)`.execute(trx);
}

/** The advisory lock compactions of name_frequency take turns on (any constant other locks do not use). */
const NAME_COUNTS_COMPACTION_LOCK = 0x6e66_636f_6d70;

/**
 * The registry's name counts kept in memory by a first bulk load on the embedded database, which reads
 * them there instead of from `name_frequency`: the counts read once when the import starts, plus every
 * batch written since (`add`). On PGlite a batch's read of the counts waits for the batch before it to
 * commit (one connection), so these are the counts it would read; kept here, the read no longer waits,
 * and the next batch is resolved while the one before it is written (bench/RESULTS.md, `pgwork`).
 */
export class NameCounts {
  private records = 0;
  private readonly counts = emptyCounts();

  /** The counts `name_frequency` holds now, or null when it holds more keys than `maxKeys`. */
  static async read(trx: Tx, maxKeys: number): Promise<NameCounts | null> {
    const rows = await sql<{ kind: Kind; key: string; n: string }>`
      SELECT kind, key, sum(n)::text AS n FROM name_frequency GROUP BY kind, key LIMIT ${maxKeys + 1}`.execute(
      trx,
    );
    if (rows.rows.length > maxKeys) return null;
    const out = new NameCounts();
    for (const r of rows.rows) {
      if (r.kind === 'records') out.records = Number(r.n);
      else out.counts[r.kind].set(r.key, Number(r.n));
    }
    return out;
  }

  /** Counts written records in (as `countNames` counts them into the table). */
  add(records: readonly LinkRecord[]): void {
    for (const r of records) {
      this.records++;
      countInto(this.counts, r, 1);
    }
  }

  /** The counts held of these keys of one kind (`SpellingCounts`: a batch's candidates' spellings). */
  spellings(kind: 'family' | 'given', keys: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const k of keys) {
      const n = this.counts[kind].get(k);
      if (n !== undefined) out.set(k, n);
    }
    return out;
  }

  /** What `termFrequenciesOf(trx, records, records)` would answer with these counts stored. */
  of(records: readonly LinkRecord[]): TermFrequencies {
    const pick = (all: Map<string, number>, keys: (string | null)[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const k of keys) {
        if (k === null || m.has(k)) continue;
        const n = all.get(k);
        if (n !== undefined) m.set(k, n);
      }
      return m;
    };
    const c = this.counts;
    return withArriving(
      {
        family: pick(
          c.family,
          records.map((r) => r.family),
        ),
        given: pick(
          c.given,
          records.map((r) => r.given),
        ),
        phonetic: pick(
          c.phonetic,
          records.map((r) => r.familyPhonetic),
        ),
        father: pick(c.father, ['', ...records.map((r) => r.father)]),
        year: pick(c.year, ['', ...records.map(yearKey)]),
        family_given: pick(c.family_given, records.map(familyGivenKey)),
        given_father: pick(c.given_father, records.flatMap(givenFatherKeys)),
      },
      this.records,
      records,
    );
  }
}
