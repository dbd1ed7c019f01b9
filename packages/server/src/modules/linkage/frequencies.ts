import type { LinkRecord, TermFrequencies } from '@homecoming/linkage';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RecordsBeside } from './candidates.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** The kinds of rows name_frequency holds (migrations 0008, 0029, 0035). */
type Kind = 'family' | 'given' | 'phonetic' | 'father' | 'year' | 'records';

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
    const asked = { family: families, given: givens, phonetic: codes, father: fathers, year: years };
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
 * `termFrequenciesOf(trx, records)` reads from a registry that does not change meanwhile (a key asked by no
 * record of the batch stays out of its maps, as there: a candidate's other spelling weighs as the batch's
 * read leaves it). At a million persons a batch of 1,000 rows asks most of a harsh registry's keys, whose
 * counts are a row per key and seed batch (`name_frequency` is compacted only after a training): a fifth
 * of a second a batch, read again for every batch of a 10,000-row list.
 */
export class NameCountReads {
  private records: number | null = null;
  /** Each key's count read so far, null where name_frequency holds none. */
  private readonly held: Record<Exclude<Kind, 'records'>, Map<string, number | null>> = {
    family: new Map(),
    given: new Map(),
    phonetic: new Map(),
    father: new Map(),
    year: new Map(),
  };

  /** What `termFrequenciesOf(trx, records)` answers, reading only the keys not read before. */
  async of(trx: Tx, records: readonly LinkRecord[]): Promise<TermFrequencies> {
    const keys = (pick: (r: LinkRecord) => string | null): string[] => [
      ...new Set(records.map(pick).filter((k): k is string => k !== null)),
    ];
    const asked = {
      family: keys((r) => r.family),
      given: keys((r) => r.given),
      phonetic: keys((r) => r.familyPhonetic),
      father: ['', ...keys((r) => r.father)],
      year: ['', ...keys(yearKey)],
    };
    const kinds = Object.keys(asked) as (keyof Counts)[];
    const missing = (kind: keyof Counts): string[] => asked[kind].filter((k) => !this.held[kind].has(k));
    const unread = {
      family: [] as string[],
      given: [] as string[],
      phonetic: [] as string[],
      father: [] as string[],
      year: [] as string[],
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
    return withArriving(counts, this.records, []);
  }
}

type Counts = Record<Exclude<Kind, 'records'>, Map<string, number>>;

function emptyCounts(): Counts {
  return { family: new Map(), given: new Map(), phonetic: new Map(), father: new Map(), year: new Map() };
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
}

/**
 * Term frequencies from stored counts (`counts`, `total` records), with the `extra` records not yet written
 * counted in: the batch's own records count, and each pair leaves its arriving record out (see
 * otherHolders). Changes the maps it is given. Fathers' classes and birth years are kept with how many
 * records give one (their key ''): a share of the records that give the field.
 */
function withArriving(counts: Counts, total: number, extra: readonly LinkRecord[]): TermFrequencies {
  const { family, given, phonetic, father, year } = counts;
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
  // One statement, one snapshot: rows another import commits meanwhile are neither deleted nor lost.
  await sql`WITH d AS (DELETE FROM name_frequency RETURNING kind, key, n)
    INSERT INTO name_frequency (kind, key, n) SELECT kind, key, sum(n) FROM d GROUP BY kind, key`.execute(
    trx,
  );
}

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
      },
      this.records,
      records,
    );
  }
}
