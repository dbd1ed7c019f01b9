import { familyGlyphKey } from '@homecoming/names';
import { GLYPH_NEAR_MIN, GLYPH_NEAR2_MIN, RARE_FAMILY_RECORDS, type LinkRecord } from '@homecoming/linkage';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Tx = Transaction<DB> | Kysely<DB>;

/**
 * A probe's neighbours under the two near rules, as the lookups read them (`candidatePersons`' `q` columns
 * `nr`, `nc`, `n2r`, `n2c`): the family keys in use one deletion from its glyph key (`glyphNearKeys`) or
 * two letters off (`glyphNear2Keys`), of another glyph key, each rare (at most RARE_FAMILY_RECORDS records)
 * or common, the common ones kept only for a probe whose own family key is rare. Null where none.
 */
export interface NearNeighbours {
  nr: string[] | null;
  nc: string[] | null;
  n2r: string[] | null;
  n2c: string[] | null;
}

/**
 * The family keys in use with their record counts, held by an importing process (loaded once by one grouped
 * read, then kept current with the records its batches write), and the near neighbours of a probe's family
 * key found among them in memory, exactly as near's SQL found them in `family_key` by GIN indexes (0041,
 * and near's 0046, not kept) and counted them in the records: the statement is handed only the keys to read
 * (`candidates.ts`, `nearBranches`), and a probe of a common surname without a rare neighbour costs it nothing.
 *
 * The counts must be those the lookups would read: the records stored in the organisation but the batch
 * written beside the lookups (left out of every read, committed or not). The import adds a batch's records
 * only once the batch after it is looked up (csvImport.ts), so that no count depends on when a batch
 * commits. Records written meanwhile by another process are not counted (one importer per organisation, as
 * the packed registry assumes): the candidates would then differ from a lookup's without this memory.
 *
 * Neighbours are found by a hash of every string two deletions or fewer from each glyph key held (the
 * rules' keys, `glyphNear2Keys`, without building them), then told exactly by the longest common
 * subsequence of the two glyph keys (`nearness`), so that a hash collision finds nothing more.
 */
export class FamilyKeyCounts {
  /** Records of each family key, as the lookups read them. */
  private readonly counts = new Map<string, number>();
  /**
   * What the near rules' lookups filter a rare key's records by (at most RARE_FAMILY_RECORDS each; dropped
   * once the key holds more): a neighbour none of whose records the probe's lookup would take is not handed
   * to the statement, which would read its index range for nothing.
   */
  private readonly rareRecords = new Map<string, HeldRecord[]>();
  /** Glyph keys held (of GLYPH_NEAR_MIN letters or more, the others have no near keys), by id. */
  private readonly glyphs: string[] = [];
  private readonly glyphIds = new Map<string, number>();
  /** The family keys of each glyph key (by glyph id). */
  private readonly familiesOf: string[][] = [];
  /**
   * The sorted index of the glyph keys loaded: each entry a 32-bit hash of one of a glyph key's strings
   * times 2^21 plus the glyph's id (a typed array sorts numerically, without pairs).
   */
  private index: Float64Array = new Float64Array(0);
  /** Glyph keys met after the load, merged into the sorted index at the end of each `add`. */
  private readonly late: number[] = [];
  /**
   * The glyph keys near a glyph key (sharing a hash of one of its two-letters keys, as the index finds
   * them), from an index held elsewhere over every key these counts hold and more (`FamilyKeyReads`):
   * then these counts build none of their own.
   */
  private near: ((glyph: string) => readonly string[]) | null = null;

  /** Family keys held. */
  get size(): number {
    return this.counts.size;
  }

  /**
   * The organisation's family keys with their record counts, by one grouped read of the (key, birth year,
   * month, id) index (every organisation's when the registry holds only this one).
   */
  static async load(db: Tx, organisationId?: string): Promise<FamilyKeyCounts> {
    const inOrg =
      organisationId === undefined
        ? sql``
        : sql`AND (NOT EXISTS (SELECT 1 FROM person WHERE organisation_id <> ${organisationId}::uuid)
              OR EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id AND p.organisation_id = ${organisationId}::uuid))`;
    // A rare key's records as well: their years and classes, read from the same index's covering columns.
    const rows = await sql<{
      key: string;
      n: number;
      y: (number | null)[] | null;
      g: (string | null)[] | null;
      f: (string | null)[] | null;
    }>`SELECT r.key_family AS key, count(*)::int4 AS n,
        CASE WHEN count(*) <= ${RARE_FAMILY_RECORDS} THEN array_agg(r.birth_year) END AS y,
        CASE WHEN count(*) <= ${RARE_FAMILY_RECORDS} THEN array_agg(r.key_given) END AS g,
        CASE WHEN count(*) <= ${RARE_FAMILY_RECORDS} THEN array_agg(r.key_father) END AS f
      FROM record r WHERE r.key_family IS NOT NULL ${inOrg} GROUP BY r.key_family`.execute(db);
    return FamilyKeyCounts.of(
      rows.rows.map((r) => [
        r.key,
        r.n,
        r.y === null
          ? null
          : r.y.map((year, k) => ({ year, given: r.g?.[k] ?? null, father: r.f?.[k] ?? null })),
      ]),
    );
  }

  /**
   * The counts the probes' near neighbours need, read for these probes alone (a list, an exchange's names,
   * a tracing request, a record written by hand — whoever does not hold an import's `load`): the keys in use
   * (`family_key`, of a length a probe's neighbour may have) whose glyph key is near one of the probes' (in
   * memory, `nearness`), and the probes' own keys, each counted as far as RARE_FAMILY_RECORDS + 1 in the
   * (key, birth year, month, id) index under `inOrg` (the lookups' own condition), a rare key's records
   * held: a probe's neighbours are then exactly those `load` gives it. One read of the small table and one
   * statement of index ranges, in place of the GIN lookups per probe that found them in near's SQL.
   */
  static async forProbes(
    db: Tx,
    probes: readonly LinkRecord[],
    inOrg: RawBuilder<unknown>,
    reads?: FamilyKeyReads,
  ): Promise<FamilyKeyCounts> {
    const needed = new Set<string>();
    const own = new NearGlyphs();
    const glyphs = new Set<string>();
    for (const p of probes) {
      if (p.family === null) continue;
      needed.add(p.family);
      const g = familyGlyphKey(p.family);
      if (g === null || g.length < GLYPH_NEAR2_MIN) continue;
      glyphs.add(g);
      own.add(g);
    }
    if (glyphs.size > 0) {
      let lo = Infinity;
      let hi = 0;
      for (const g of glyphs) {
        lo = Math.min(lo, g.length);
        hi = Math.max(hi, g.length);
      }
      lo = Math.max(GLYPH_NEAR2_MIN, lo - 2);
      hi += 2;
      if (reads !== undefined) for (const key of await reads.near(db, glyphs, lo, hi)) needed.add(key);
      else {
        // The glyph column is the SQL form of familyGlyphKey (0019; blocking.int.test proves them equal).
        const keys = await sql<{ key: string; glyph: string }>`SELECT key, glyph FROM family_key
          WHERE length(glyph) BETWEEN ${lo} AND ${hi}`.execute(db);
        // A few probes: each key told against each probe; many: by the probes' hashes (`NearGlyphs`).
        const few = glyphs.size <= FEW_PROBE_GLYPHS ? [...glyphs] : null;
        for (const { key, glyph } of keys.rows) {
          if (needed.has(key)) continue;
          const near =
            few === null
              ? own.near(glyph).some((g) => g !== glyph)
              : few.some(
                  (g) => g !== glyph && Math.abs(g.length - glyph.length) <= 2 && nearness(g, glyph) !== 0,
                );
          if (near) needed.add(key);
        }
      }
    }
    // The remembered keys' index finds the neighbours once read (a probe's glyph key of GLYPH_NEAR2_MIN letters).
    const near = reads !== undefined && glyphs.size > 0 ? reads.nearGlyphs : undefined;
    if (needed.size === 0) return FamilyKeyCounts.of([], near);
    const sorted = [...needed].sort();
    const rows =
      reads === undefined ? await countKeys(db, sorted, inOrg) : await reads.counted(db, sorted, inOrg);
    return FamilyKeyCounts.of(
      rows.map((r) => [
        r.key,
        r.n,
        r.n > RARE_FAMILY_RECORDS
          ? null
          : r.y.map((year, k) => ({ year, given: r.g[k] ?? null, father: r.f[k] ?? null })),
      ]),
      near,
    );
  }

  /**
   * Counts given: each family key with its records' number, and for a rare key the records (tests, benches;
   * without them a rare key is handed to the statement whatever its records).
   */
  static of(
    entries: Iterable<readonly [string, number, (readonly HeldRecord[] | null)?]>,
    near?: (glyph: string) => readonly string[],
  ): FamilyKeyCounts {
    const out = new FamilyKeyCounts();
    // The held records' classes, one string each: read from the database, each record's were its own
    // (264,000 strings of ~200 classes at the realistic million, most of the 22 MB its records held).
    const classes = new Map<string, string>();
    const one = (c: string | null): string | null => {
      if (c === null) return null;
      const had = classes.get(c);
      if (had !== undefined) return had;
      classes.set(c, c);
      return c;
    };
    for (const [key, n, records] of entries) {
      const total = (out.counts.get(key) ?? 0) + n;
      out.counts.set(key, total);
      if (records !== undefined && records !== null && total <= RARE_FAMILY_RECORDS) {
        // Arrays of their length (`map`, `concat`): a spread grows its array as a push does.
        const held = records.map((r) => ({ year: r.year, given: one(r.given), father: one(r.father) }));
        const had = out.rareRecords.get(key);
        out.rareRecords.set(key, had === undefined ? held : had.concat(held));
      } else out.rareRecords.delete(key);
      out.glyphOf(key, false);
    }
    if (near === undefined) out.buildIndex();
    else out.near = near;
    return out;
  }

  /** Adds records (a batch written), each counted under its family key. */
  add(records: Iterable<LinkRecord>): void {
    for (const r of records) {
      const f = r.family;
      if (f === null) continue;
      const had = this.counts.get(f);
      const n = (had ?? 0) + 1;
      this.counts.set(f, n);
      const held = this.rareRecords.get(f);
      if (n > RARE_FAMILY_RECORDS) this.rareRecords.delete(f);
      else if (had === undefined || held !== undefined) {
        const rec = { year: r.birthYear, given: r.given, father: r.father };
        if (held === undefined) this.rareRecords.set(f, [rec]);
        else held.push(rec);
      }
      if (had === undefined) this.glyphOf(f, true);
    }
    if (this.late.length > 0) this.mergeLate();
  }

  /**
   * Merges the glyph keys met since the last `add` into the sorted index (their entries sorted, then the two
   * runs merged): a typed array, where a map of hashes to lists held some sixty entries a key met (most of
   * an import's garbled surnames) as JavaScript objects.
   */
  private mergeLate(): void {
    let n = 0;
    for (const id of this.late) eachNear2Hash(this.glyphs[id] as string, () => n++);
    const fresh = new Float64Array(n);
    let k = 0;
    for (const id of this.late)
      eachNear2Hash(this.glyphs[id] as string, (h) => (fresh[k++] = h * GLYPH_SLOTS + id));
    this.late.length = 0;
    fresh.sort();
    const old = this.index;
    const merged = new Float64Array(old.length + fresh.length);
    let a = 0;
    let b = 0;
    for (let m = 0; m < merged.length; m++)
      merged[m] =
        b >= fresh.length || (a < old.length && (old[a] as number) <= (fresh[b] as number))
          ? (old[a++] as number)
          : (fresh[b++] as number);
    this.index = merged;
  }

  /** Records of the family key held. */
  count(family: string | null): number {
    return family === null ? 0 : (this.counts.get(family) ?? 0);
  }

  /** Whether the family key is rare (`RARE_FAMILY_RECORDS`; none: rare). */
  rare(family: string | null): boolean {
    return this.count(family) <= RARE_FAMILY_RECORDS;
  }

  /**
   * The probe's near neighbours as the lookup statement's `neighbours` finds them: `near2` says whether the
   * probe has keys under the two-letters rule (a given name or patronymic).
   */
  neighbours(q: LinkRecord, near2: boolean): NearNeighbours {
    const none: NearNeighbours = { nr: null, nc: null, n2r: null, n2c: null };
    const own = familyGlyphKey(q.family);
    if (own === null || own.length < GLYPH_NEAR_MIN) return none;
    const probeRare = this.rare(q.family);
    const everyNeighbour = probeRare && q.birthYear !== null;
    const out = { nr: [] as string[], nc: [] as string[], n2r: [] as string[], n2c: [] as string[] };
    for (const g of this.candidates(own)) {
      const glyph = this.glyphs[g] as string;
      if (glyph === own) continue;
      const how = nearness(own, glyph);
      if (how === 0 || (how === 2 && !near2)) continue;
      for (const key of this.familiesOf[g] as string[]) {
        // A probe of a rare key born in a known year reads every neighbour (none is counted).
        const rare = !everyNeighbour && this.rare(key);
        if (!rare && !probeRare) continue;
        // A key whose records are held is handed over only when the lookup would take one of them.
        const held = this.rareRecords.get(key);
        if (how === 1 && (held === undefined || held.some((r) => this.takes(q, r, rare, false))))
          (rare ? out.nr : out.nc).push(key);
        if (near2 && (held === undefined || held.some((r) => this.takes(q, r, rare, true))))
          (rare ? out.n2r : out.n2c).push(key);
      }
    }
    const sorted = (a: string[]): string[] | null => (a.length === 0 ? null : a.sort());
    return { nr: sorted(out.nr), nc: sorted(out.nc), n2r: sorted(out.n2r), n2c: sorted(out.n2c) };
  }

  /**
   * Whether a near rule's lookup (`nearBranches`) takes a neighbour's record for the probe: born within a
   * year or unknown (every year of a rare neighbour for a probe of unknown birth, unknown birth of a common
   * one); under the two-letters rule, of the same given or father's class.
   */
  private takes(q: LinkRecord, r: HeldRecord, rare: boolean, near2: boolean): boolean {
    if (near2 && !((q.given !== null && r.given === q.given) || (q.father !== null && r.father === q.father)))
      return false;
    if (q.birthYear === null) return rare || r.year === null;
    return r.year === null || Math.abs(r.year - q.birthYear) <= 1;
  }

  /** The ids of the glyph keys held sharing a hash of a two-letters key with `glyph` (a superset). */
  private candidates(glyph: string): Set<number> {
    const out = new Set<number>();
    if (this.near !== null)
      for (const g of this.near(glyph)) {
        const id = this.glyphIds.get(g);
        if (id !== undefined) out.add(id);
      }
    const index = this.index;
    eachNear2Hash(glyph, (h) => {
      const lo = h * GLYPH_SLOTS;
      let a = 0;
      let b = index.length;
      while (a < b) {
        const m = (a + b) >>> 1;
        if ((index[m] as number) < lo) a = m + 1;
        else b = m;
      }
      for (let k = a; k < index.length && (index[k] as number) < lo + GLYPH_SLOTS; k++)
        out.add((index[k] as number) - lo);
    });
    return out;
  }

  /** The glyph id of a family key, holding the glyph key (and indexing it after the load: `late`). */
  private glyphOf(family: string, late: boolean): void {
    const glyph = familyGlyphKey(family);
    if (glyph === null || glyph.length < GLYPH_NEAR_MIN) return;
    let id = this.glyphIds.get(glyph);
    if (id === undefined) {
      id = this.glyphs.length;
      if (id >= GLYPH_SLOTS) throw new Error('family keys: more glyph keys than the index holds');
      this.glyphs.push(glyph);
      this.glyphIds.set(glyph, id);
      // Made holding its key: an empty array grows to seventeen slots at its first push (13 MB of the
      // 68,880 glyph keys of the realistic million, most of them of one key).
      this.familiesOf.push([family]);
      if (late) this.late.push(id);
      return;
    }
    (this.familiesOf[id] as string[]).push(family);
  }

  private buildIndex(): void {
    let n = 0;
    for (const g of this.glyphs) eachNear2Hash(g, () => n++);
    const index = new Float64Array(n);
    let k = 0;
    this.glyphs.forEach((g, id) => eachNear2Hash(g, (h) => (index[k++] = h * GLYPH_SLOTS + id)));
    index.sort();
    this.index = index;
  }
}

/** A family key as `FamilyKeyCounts.forProbes` counts it: its records (as far as RARE_FAMILY_RECORDS + 1). */
interface CountedKey {
  key: string;
  n: number;
  y: (number | null)[];
  g: (string | null)[];
  f: (string | null)[];
}

/**
 * The keys (sorted) with records, each counted as far as RARE_FAMILY_RECORDS + 1 in the (key, birth year,
 * month, id) index under `inOrg` (the lookups' own condition), a rare key's records held, in the keys' order.
 */
async function countKeys(db: Tx, keys: readonly string[], inOrg: RawBuilder<unknown>): Promise<CountedKey[]> {
  const rows = await sql<CountedKey>`SELECT k.key, c.n, c.y, c.g, c.f FROM unnest(${keys}::text[]) k(key)
    CROSS JOIN LATERAL (
      SELECT count(*)::int4 AS n, array_agg(x.birth_year) AS y, array_agg(x.key_given) AS g,
        array_agg(x.key_father) AS f
      FROM (SELECT r.birth_year, r.key_given, r.key_father FROM record r
        WHERE r.key_family = k.key ${inOrg} LIMIT ${RARE_FAMILY_RECORDS + 1}) x
    ) c WHERE c.n > 0`.execute(db);
  return rows.rows;
}

/**
 * What `FamilyKeyCounts.forProbes` reads, asked of the database once and remembered for the next statements
 * of one reader that looks up batch after batch (a list, `linkList`): the keys in use, read whole once with
 * their glyph keys held by hash (`NearGlyphs`), so that a batch's near keys are found from its probes' glyph
 * keys instead of by reading `family_key` and telling every key against the probes (74,088 keys at a
 * million persons of the realistic population: most of a 10,000-row list's time); and each key's records
 * as far as RARE_FAMILY_RECORDS + 1. Each statement is handed the counts its own reads would give from a
 * registry that does not change meanwhile (the same keys: near is symmetric, `nearness`); keys written after
 * the first read are not seen, as a list's earlier batches did not see them. For lookups of one scope only
 * (the `inOrg` of the first count: unscoped, a list's).
 */
export class FamilyKeyReads {
  /** The keys in use by glyph key, the glyph keys held by hash; read once, on first use. */
  private held: Promise<{ index: NearGlyphs; familiesOf: Map<string, string[]> }> | null = null;
  /** `held` once read. */
  private loaded: NearGlyphs | null = null;
  /** Each glyph key's near glyph keys found so far (`nearGlyphs`): a list's batches ask the same ones. */
  private readonly nearOf = new Map<string, readonly string[]>();
  /** Each key counted so far, null where it has no records. */
  private readonly counts = new Map<string, CountedKey | null>();

  /**
   * The glyph keys in use sharing a hash of one of `glyph`'s two-letters keys and near it (`NearGlyphs.near`):
   * what a `FamilyKeyCounts` of keys read here finds its neighbours among (`FamilyKeyCounts.of`'s `near`),
   * in place of an index of its own. Empty before the keys are read (`near` reads them).
   */
  readonly nearGlyphs = (glyph: string): readonly string[] => {
    let out = this.nearOf.get(glyph);
    if (out === undefined) {
      if (this.loaded === null) return [];
      out = this.loaded.near(glyph);
      this.nearOf.set(glyph, out);
    }
    return out;
  };

  /**
   * The keys in use whose glyph key is near one of `glyphs` (`nearness`) and not that one, of `lo` to
   * `hi` letters as PostgreSQL's `length` counts them (the range `forProbes` reads): those its scan finds.
   */
  async near(db: Tx, glyphs: ReadonlySet<string>, lo: number, hi: number): Promise<string[]> {
    const held = this.read(db);
    // A failed read is asked again by the next batch.
    const { index, familiesOf } = await held.catch((error: unknown) => {
      if (this.held === held) this.held = null;
      throw error;
    });
    this.loaded = index;
    const out: string[] = [];
    for (const g of glyphs)
      for (const h of this.nearGlyphs(g)) {
        if (h === g) continue;
        // Code points, as PostgreSQL's length counts them.
        let n = 0;
        for (const _ of h) n++;
        if (n >= lo && n <= hi) out.push(...(familiesOf.get(h) ?? []));
      }
    return out;
  }

  /**
   * Starts reading the keys in use (the first `near` waits for it): a long list's first batch has them read
   * and held while its name counts and selective blocks are looked up. A failure is the first `near`'s.
   */
  prepare(db: Tx): void {
    this.read(db).catch(() => undefined);
  }

  private read(db: Tx): Promise<{ index: NearGlyphs; familiesOf: Map<string, string[]> }> {
    this.held ??= (async () => {
      const rows = await sql<{ key: string; glyph: string }>`SELECT key, glyph FROM family_key
        WHERE length(glyph) >= ${GLYPH_NEAR2_MIN}`.execute(db);
      const index = new NearGlyphs();
      const familiesOf = new Map<string, string[]>();
      for (const { key, glyph } of rows.rows) {
        const keys = familiesOf.get(glyph);
        if (keys === undefined) familiesOf.set(glyph, [key]);
        else keys.push(key);
        index.add(glyph);
      }
      return { index, familiesOf };
    })();
    return this.held;
  }

  /** `countKeys`, asking only the keys not counted before (one statement). */
  async counted(db: Tx, keys: readonly string[], inOrg: RawBuilder<unknown>): Promise<CountedKey[]> {
    const missing = keys.filter((k) => !this.counts.has(k));
    if (missing.length > 0) {
      const rows = await countKeys(db, missing, inOrg);
      for (const k of missing) this.counts.set(k, null);
      for (const r of rows) this.counts.set(r.key, r);
    }
    const out: CountedKey[] = [];
    for (const k of keys) {
      const c = this.counts.get(k);
      if (c !== undefined && c !== null) out.push(c);
    }
    return out;
  }
}

/** What the near rules' lookups filter a rare key's records by. */
export interface HeldRecord {
  year: number | null;
  given: string | null;
  father: string | null;
}

/** Probes' glyph keys up to which `forProbes` tells each key against each (past it, by hash). */
const FEW_PROBE_GLYPHS = 16;

/** Glyph ids an index entry has room for (2^21: entries stay below 2^53). */
const GLYPH_SLOTS = 2 ** 21;

/**
 * How near two glyph keys are under the rules, exactly as their keys say: 1 when they share one of
 * `glyphNearKeys` (the near rule; the two-letters rule's keys hold those too), 2 when they share one of
 * `glyphNear2Keys` only, 0 when neither. Two strings share a string at most d deletions from each (a deletion
 * taken only from a string of GLYPH_NEAR_MIN letters or more) when their longest common subsequence leaves
 * each at most d letters, and a string left two short has a deletion of GLYPH_NEAR_MIN letters between.
 */
export function nearness(a: string, b: string): 0 | 1 | 2 {
  if (a.length < GLYPH_NEAR2_MIN || b.length < GLYPH_NEAR2_MIN) return 0;
  if (Math.abs(a.length - b.length) > 2) return 0;
  const common = lcs(a, b);
  const da = a.length - common;
  const db = b.length - common;
  if (da <= 1 && db <= 1) return 1;
  if (da > 2 || db > 2) return 0;
  if ((da === 2 && a.length - 1 < GLYPH_NEAR_MIN) || (db === 2 && b.length - 1 < GLYPH_NEAR_MIN)) return 0;
  return 2;
}

/** The length of the longest common subsequence of two short strings (by UTF-16 unit, as the keys are). */
function lcs(a: string, b: string): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? diag + 1 : Math.max(up, row[j - 1] as number);
      diag = up;
    }
  }
  return row[b.length] as number;
}

/**
 * Calls `each` with a 32-bit hash of every string of `glyphNear2Keys(glyph)`, some more than once: the
 * glyph key, its single-letter deletions, and theirs from those of GLYPH_NEAR_MIN letters or more — without
 * building the strings (the index of a registry's seventy thousand keys holds millions). The hash is a
 * polynomial one (Horner's, mod 2^32), so that a string's is made from its prefix's and its parts' in a few
 * multiplications: a glyph key's hundred-odd deletions cost no more than reading it, where hashing each
 * deleted string anew read it a hundred times (a hash is the remaining string's, whichever key it came from).
 */
export function eachNear2Hash(glyph: string, each: (h: number) => void): void {
  const n = glyph.length;
  if (n < GLYPH_NEAR2_MIN) return;
  const pre = n < SCRATCH ? PRE : new Int32Array(n + 1);
  const pow = n < SCRATCH ? POW : powers(n + 1);
  pre[0] = 0;
  for (let k = 0; k < n; k++) pre[k + 1] = (Math.imul(pre[k] as number, HASH_BASE) + glyph.charCodeAt(k)) | 0;
  // The hash of glyph[a, b).
  const part = (a: number, b: number): number =>
    ((pre[b] as number) - Math.imul(pre[a] as number, pow[b - a] as number)) | 0;
  each((pre[n] as number) >>> 0);
  const twice = n - 1 >= GLYPH_NEAR_MIN;
  for (let i = 0; i < n; i++) {
    each(((Math.imul(pre[i] as number, pow[n - 1 - i] as number) + part(i + 1, n)) | 0) >>> 0);
    if (!twice) continue;
    const head = Math.imul(pre[i] as number, pow[n - 2 - i] as number);
    for (let j = i + 1; j < n; j++)
      each(((head + Math.imul(part(i + 1, j), pow[n - 1 - j] as number) + part(j + 1, n)) | 0) >>> 0);
  }
}

/** The polynomial hash's base (odd: a multiplication by it mod 2^32 loses nothing). */
const HASH_BASE = 0x01000193;
/** Glyph keys shorter than this hash in scratch arrays, longer ones in their own. */
const SCRATCH = 64;
const PRE = new Int32Array(SCRATCH + 1);
const POW = powers(SCRATCH + 1);

/** HASH_BASE^k mod 2^32 for k below `n`. */
function powers(n: number): Int32Array {
  const out = new Int32Array(n);
  out[0] = 1;
  for (let k = 1; k < n; k++) out[k] = Math.imul(out[k - 1] as number, HASH_BASE);
  return out;
}

/**
 * Glyph keys held, to find those within two letters of a probe's (`family_glyph_near2+given|father`) by
 * hash rather than by the ninety strings of each key (`glyphNear2Keys`): an import's batches (resolve.ts).
 */
export class NearGlyphs {
  private readonly glyphs: string[] = [];
  private readonly ids = new Map<string, number>();
  /**
   * A multimap of hashes to glyph ids in typed arrays (chains of entries by bucket, the newest first): a
   * map of hashes to lists held some sixty JavaScript entries a glyph key, most of an end step's memory.
   */
  private heads = new Int32Array(1 << 10).fill(-1);
  private hashes = new Uint32Array(1 << 10);
  private owners = new Int32Array(1 << 10);
  private nexts = new Int32Array(1 << 10);
  private entries = 0;

  /** Holds a glyph key (one too short to have two-letters keys is never near); whether it was new. */
  add(glyph: string | null): boolean {
    if (glyph === null || glyph.length < GLYPH_NEAR2_MIN || this.ids.has(glyph)) return false;
    const id = this.glyphs.length;
    this.glyphs.push(glyph);
    this.ids.set(glyph, id);
    eachNear2Hash(glyph, (h) => this.insert(h, id));
    return true;
  }

  /**
   * The glyph keys held that share one of `glyphNear2Keys(glyph)`: itself when held, and its neighbours;
   * by hash in `eachNear2Hash`'s order, each hash's in the order they were added.
   */
  near(glyph: string | null): string[] {
    if (glyph === null || glyph.length < GLYPH_NEAR2_MIN) return [];
    const out = new Set<string>();
    const mask = this.heads.length - 1;
    const found: number[] = [];
    eachNear2Hash(glyph, (h) => {
      found.length = 0;
      for (let e = this.heads[h & mask] as number; e !== -1; e = this.nexts[e] as number)
        if (this.hashes[e] === h) found.push(this.owners[e] as number);
      for (let k = found.length - 1; k >= 0; k--) {
        const g = this.glyphs[found[k] as number] as string;
        if (!out.has(g) && (g === glyph || nearness(glyph, g) !== 0)) out.add(g);
      }
    });
    return [...out];
  }

  private insert(h: number, id: number): void {
    if (this.entries === this.hashes.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes, (n) => new Uint32Array(n));
      this.owners = grow(this.owners, (n) => new Int32Array(n));
      this.nexts = grow(this.nexts, (n) => new Int32Array(n));
    }
    if (this.entries >= this.heads.length * 2) this.rehash(this.heads.length * 4);
    const e = this.entries++;
    const b = h & (this.heads.length - 1);
    this.hashes[e] = h;
    this.owners[e] = id;
    this.nexts[e] = this.heads[b] as number;
    this.heads[b] = e;
  }

  /** More buckets, the entries chained again in the order they were added (the newest first). */
  private rehash(buckets: number): void {
    this.heads = new Int32Array(buckets).fill(-1);
    const mask = buckets - 1;
    for (let e = 0; e < this.entries; e++) {
      const b = (this.hashes[e] as number) & mask;
      this.nexts[e] = this.heads[b] as number;
      this.heads[b] = e;
    }
  }
}
