import {
  blockKeys,
  FAMILY_AFFIX,
  FAMILY_HEAD_SHORT,
  glyphNearKeys,
  glyphNear2Keys,
  RARE_FAMILY_RECORDS,
  foldUnitCode,
  readServiceNumber,
  toLinkRecord,
  FILLER_YEAR,
  isFirstOfYear,
  type CandidatePerson,
  type LinkRecord,
  type StoredRecordFields,
} from '@homecoming/linkage';
import { familyGlyphKey } from '@homecoming/names';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SqlPool } from '../../db/driver.js';
import type { DB } from '../../db/schema.js';
import { CANDIDATES_PER_PROBE, LINK_COLUMNS, type StoredLinkRow } from './candidates.js';

type Tx = Transaction<DB> | Kysely<DB>;

/**
 * The whole registry's comparable records held in the importing process, packed (issue #16 item 1): every
 * record's linkage fields as interned strings and small numbers in typed arrays, its person, and a sorted
 * index per blocking rule, so that the blocking lookups of `candidatePersons` and the kept persons' records
 * need no database read. At the 1M harsh registry: 142 bytes a record of typed arrays (~70 the records, ~6
 * each rule's index) and 29 MB of heap for the distinct strings (bench/RESULTS.md, `mem`). A large linked
 * import on PostgreSQL loads one and answers its lookups there (csvImport.ts, bench/RESULTS.md, `wire`): the
 * store follows each batch the import commits (`follow`) and the merges of its end step (`movePerson`).
 *
 * `lookUp` answers what `candidatePersons` answers for a registry of one organisation, without a batch
 * written beside it (the import keeps that batch out of the store until the next batch's reads are done,
 * as the SQL leaves it out): the same branches, birth-date windows and family-in-use tests, the same pre-score,
 * ranking and cap. Where a branch finds more records than its LIMIT, both take its first records in the
 * order the branch's SQL names (migration 0042): the index's keys after those the branch fixes (birth year,
 * birth month, unknown last, as each index holds them), then the record id; the near block by record id.
 * A probe with such a branch is reported as `capped` (for the figures: its answer is the SQL's as well).
 */
export class PackedRegistry {
  /** Records held as loaded (slots 0..base-1); those `follow` adds take the slots after. */
  private readonly base: number;
  /** Records held. */
  private count: number;
  /** Persons held as loaded (indexes 0..basePersons-1, in person id order); those `follow` adds come after. */
  private readonly basePersons: number;
  private readonly strings: StringTable;
  /** The columns' owner: grows them for `follow` (the fields below are its arrays, taken again after). */
  private readonly builder: PackedBuilder;
  // Per record (slot): those loaded in person id order and then record id order, then those followed.
  private recId!: Uint32Array; // 4 words a record
  /** Each loaded record's place in record id order (the last key of every lookup's order); see `rankOf`. */
  private readonly idRank: Uint32Array;
  private personOf!: Uint32Array;
  private family!: Uint32Array;
  private phonetic!: Uint32Array;
  private given!: Uint32Array;
  private givenSkel!: Uint32Array;
  private father!: Uint32Array;
  private patSkel!: Uint32Array;
  private givenInit!: Uint32Array;
  private fatherInit!: Uint32Array;
  private unit!: Uint32Array;
  private unitFold!: Uint32Array;
  private service!: Uint32Array;
  private year!: Int16Array; // 0: unknown
  private month!: Uint8Array; // 0: unknown
  private day!: Uint8Array; // 0: unknown
  /** Bits 0–1: the stored sex (0 none, 1 male, 2 female); bits 2–3: the comparable sex; bit 4: from the name. */
  private sex!: Uint8Array;
  // Per loaded person (index in person id order).
  private readonly personIdWords: Uint32Array;
  private readonly personStart: Uint32Array;
  // Persons and records `follow` added: a new person's id (index basePersons + k), a person's added records.
  private readonly newPersonIds: string[] = [];
  private readonly newPersonIndex = new Map<string, number>();
  private readonly addedSlots = new Map<number, number[]>();
  /** The records of the persons a merge changed (`movePerson`): all of them, in record id order. */
  private readonly mergedSlots = new Map<number, number[]>();
  /** The largest record id and person id held: what `follow` adds must sort after them (see there). */
  private lastRecordId: string;
  private lastPersonId: string;
  /** Glyph keys held (string ids), and the near keys of those `follow` added (hash → glyph ids). */
  private readonly glyphsHeld = new Set<number>();
  private readonly nearAdded = new Map<number, number[]>();
  /** The same for the two-letters rule's keys (`glyphNear2Keys`). */
  private readonly near2Added = new Map<number, number[]>();
  // Per family key (by string id): derived keys the rules read.
  private readonly familyDerived: Map<number, FamilyDerived>;
  /** Family keys in use (`family_key`), by string id. */
  private readonly familyInUse: Set<number>;
  /** Records held of each family key (string id): the near rules' rare keys (`RARE_FAMILY_RECORDS`). */
  private readonly familyRecords = new Map<number, number>();
  private readonly rules: RuleIndexes;
  /** Near keys (a glyph key or a deletion of it) → glyph string ids, sorted by the key's hash. */
  private readonly nearHash: Float64Array;
  private readonly nearGlyph: Uint32Array;
  /** The two-letters rule's keys of the glyph keys (`glyphNear2Keys`) → glyph string ids, likewise. */
  private readonly near2Hash: Float64Array;
  private readonly near2Glyph: Uint32Array;
  // One probe's lookups at a time (`lookUp` is synchronous): each person's best pre-score so far (NO_PRE:
  // not found), the persons found, and a branch's records.
  private best: Int32Array;
  private readonly touched: number[] = [];
  private readonly chosen: number[] = [];

  private constructor(parts: PackedParts, builder: PackedBuilder) {
    this.base = this.count = parts.size;
    this.basePersons = parts.persons;
    this.strings = parts.strings;
    this.builder = builder;
    this.adopt();
    this.personIdWords = parts.personIdWords;
    this.personStart = parts.personStart;
    this.best = new Int32Array(parts.persons).fill(NO_PRE);
    this.familyInUse = parts.familyInUse;
    for (let s = 0; s < this.base; s++) this.countFamily(this.family[s] as number);
    this.familyDerived = new Map();
    for (const [f] of this.familyKeysSeen()) this.familyDerived.set(f, this.derive(f));
    this.idRank = this.rankIds();
    this.rules = this.buildRules();
    const near = this.buildNear(glyphNearKeys);
    this.nearHash = near.hash;
    this.nearGlyph = near.glyph;
    const near2 = this.buildNear(glyphNear2Keys);
    this.near2Hash = near2.hash;
    this.near2Glyph = near2.glyph;
    let last = 0;
    for (let s = 0; s < this.base; s++) if (this.idRank[s] === this.base - 1) last = s;
    this.lastRecordId = this.base === 0 ? '' : uuidOf(this.recId, last);
    this.lastPersonId = this.basePersons === 0 ? '' : uuidOf(this.personIdWords, this.basePersons - 1);
  }

  /** Takes the builder's columns (again, after it grew them). */
  private adopt(): void {
    const b = this.builder.columns();
    this.recId = b.recId;
    this.personOf = b.personOf;
    this.family = b.cols.family;
    this.phonetic = b.cols.phonetic;
    this.given = b.cols.given;
    this.givenSkel = b.cols.givenSkel;
    this.father = b.cols.father;
    this.patSkel = b.cols.patSkel;
    this.givenInit = b.cols.givenInit;
    this.fatherInit = b.cols.fatherInit;
    this.unit = b.cols.unit;
    this.unitFold = b.cols.unitFold;
    this.service = b.cols.service;
    this.year = b.year;
    this.month = b.month;
    this.day = b.day;
    this.sex = b.sex;
  }

  /** Records held. */
  get size(): number {
    return this.count;
  }

  /** Persons held. */
  get persons(): number {
    return this.basePersons + this.newPersonIds.length;
  }

  /**
   * Reads every record's link columns (`LINK_COLUMNS`) from the database in pages of `pageSize`, by person
   * then record id (the covering index `record_person`, migration 0038), and the family keys in use.
   */
  static async load(
    db: Tx,
    opts: {
      pageSize?: number;
      onPage?: (records: number) => void;
      timings?: LoadTimings;
      /** Records `follow` may add before the columns are grown (room reserved, untouched until used). */
      headroom?: number;
      /**
       * The pool beneath `db` (`queriesOwnPool`): on PostgreSQL the records then come in one binary `COPY`
       * on a connection of its own, packed as they arrive (`loadCopied`), instead of pages of row objects.
       */
      pool?: SqlPool;
    } = {},
  ): Promise<PackedRegistry> {
    if (opts.pool?.kind === 'postgres') return PackedRegistry.loadCopied(opts.pool, opts);
    // One snapshot for every page: a record written meanwhile is in all of them or in none.
    if (!db.isTransaction)
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => PackedRegistry.load(trx, opts));
    const t = opts.timings;
    let at = loadClock();
    const cpu0 = process.cpuUsage();
    const counted = await sql<{ n: number }>`SELECT count(*)::int4 AS n FROM record`.execute(db);
    const builder = new PackedBuilder(Math.max(1, (counted.rows[0]?.n ?? 1) + (opts.headroom ?? 0)));
    const pageSize = opts.pageSize ?? 20_000;
    let after: { person: string; id: string } | null = null;
    for (;;) {
      const page: { rows: StoredLinkRow[] } =
        after === null
          ? await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
              ORDER BY r.person_id, r.id LIMIT ${pageSize}`.execute(db)
          : await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
              WHERE r.person_id >= ${after.person}::uuid AND (r.person_id, r.id) > (${after.person}::uuid, ${after.id}::uuid)
              ORDER BY r.person_id, r.id LIMIT ${pageSize}`.execute(db);
      if (t !== undefined) t.fetchS += loadClock() - at;
      at = loadClock();
      for (const row of page.rows) builder.add(row);
      if (t !== undefined) t.packS += loadClock() - at;
      opts.onPage?.(builder.count);
      at = loadClock();
      const last = page.rows[page.rows.length - 1];
      if (last === undefined || page.rows.length < pageSize) break;
      after = { person: last.person_id, id: last.id };
    }
    const families = await sql<{ key: string }>`SELECT key FROM family_key`.execute(db);
    return PackedRegistry.finished(builder, families.rows, t, cpu0);
  }

  /** The store of a loaded builder and the family keys in use; the timings get the read's and the index's share. */
  private static finished(
    builder: PackedBuilder,
    families: readonly { key: string }[],
    t: LoadTimings | undefined,
    cpu0: NodeJS.CpuUsage,
  ): PackedRegistry {
    const at = loadClock();
    const cpu1 = process.cpuUsage();
    const store = new PackedRegistry(builder.finish(families.map((r) => r.key)), builder);
    if (t !== undefined) {
      t.indexS += loadClock() - at;
      t.readCpuS = (t.readCpuS ?? 0) + cpuSince(cpu0) - cpuSince(cpu1);
      t.indexCpuS = (t.indexCpuS ?? 0) + cpuSince(cpu1);
    }
    return store;
  }

  /**
   * `load` on PostgreSQL: the same records in the same order (person, then record id) and the same store,
   * read by one `COPY (SELECT …) TO STDOUT (FORMAT binary)` in one REPEATABLE READ snapshot with the count
   * and the family keys. The server streams while this process packs (no page waits for the one before
   * it to be packed, no index descent per page), and each row is read from its bytes: the ids as words,
   * the numbers as numbers, no row object (bench/RESULTS.md, `pload`).
   */
  private static async loadCopied(
    pool: SqlPool,
    opts: { onPage?: (records: number) => void; timings?: LoadTimings; headroom?: number },
  ): Promise<PackedRegistry> {
    const t = opts.timings;
    const client = await pool.connect();
    const copyOut = client.copyOut;
    if (copyOut === undefined) throw new Error('packed registry: the pool cannot COPY');
    let ok = false;
    try {
      const at = loadClock();
      const cpu0 = process.cpuUsage();
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const counted = await client.query<{ n: number }>('SELECT count(*)::int4 AS n FROM record');
      const builder = new PackedBuilder(Math.max(1, (counted.rows[0]?.n ?? 1) + (opts.headroom ?? 0)));
      const reader = new CopiedRecords(builder);
      let packS = 0;
      let rows = 0;
      await copyOut.call(
        client,
        `COPY (SELECT ${COPY_COLUMNS} FROM record r ORDER BY r.person_id, r.id) TO STDOUT (FORMAT binary)`,
        t === undefined && opts.onPage === undefined
          ? (bytes) => reader.push(bytes)
          : (bytes) => {
              const p0 = performance.now();
              reader.push(bytes);
              packS += performance.now() - p0;
              if (++rows % 20_000 === 0) opts.onPage?.(builder.count);
            },
      );
      reader.end();
      if (t !== undefined) {
        t.packS += packS / 1000;
        t.fetchS += loadClock() - at - packS / 1000;
      }
      const families = await client.query<{ key: string }>('SELECT key FROM family_key');
      await client.query('COMMIT');
      ok = true;
      return PackedRegistry.finished(builder, families.rows, t, cpu0);
    } finally {
      if (!ok) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** A store of the given rows (any order) and family keys in use: for tests and benches. */
  static fromRows(rows: readonly StoredLinkRow[], familiesInUse: Iterable<string>): PackedRegistry {
    const sorted = [...rows].sort((a, b) => cmp(a.person_id, b.person_id) || cmp(a.id, b.id));
    const builder = new PackedBuilder();
    for (const row of sorted) builder.add(row);
    return new PackedRegistry(builder.finish([...familiesInUse]), builder);
  }

  /** Bytes held in typed arrays (records, persons, rule indexes), not counting the string table. */
  get typedBytes(): number {
    let n = 0;
    const add = (a: ArrayBufferView): void => {
      n += a.byteLength;
    };
    for (const a of [
      this.recId,
      this.idRank,
      this.personOf,
      this.family,
      this.phonetic,
      this.given,
      this.givenSkel,
      this.father,
      this.patSkel,
      this.givenInit,
      this.fatherInit,
      this.unit,
      this.unitFold,
      this.service,
      this.year,
      this.month,
      this.day,
      this.sex,
      this.personIdWords,
      this.personStart,
      this.nearHash,
      this.nearGlyph,
      this.near2Hash,
      this.near2Glyph,
    ])
      add(a);
    for (const r of Object.values(this.rules) as RuleIndex[]) {
      add(r.keys);
      add(r.starts);
      add(r.slots);
    }
    return n;
  }

  /** Distinct strings held. */
  get stringCount(): number {
    return this.strings.text.length - 1;
  }

  /** The comparable form of the record in `slot`, as `toLinkRecord` makes it from the stored row. */
  record(slot: number): LinkRecord {
    const t = this.strings.text;
    const bits = this.sex[slot] as number;
    const sx = (bits >> 2) & 3;
    const id = uuidOf(this.recId, slot);
    const family = textOf(t, this.family[slot] as number);
    const familyPhonetic = textOf(t, this.phonetic[slot] as number);
    const given = textOf(t, this.given[slot] as number);
    const givenSkeleton = textOf(t, this.givenSkel[slot] as number);
    const father = textOf(t, this.father[slot] as number);
    const patronymicSkeleton = textOf(t, this.patSkel[slot] as number);
    const givenInitial = textOf(t, this.givenInit[slot] as number);
    const fatherInitial = textOf(t, this.fatherInit[slot] as number);
    const sex = sx === 1 ? 'male' : sx === 2 ? 'female' : null;
    const year = this.year[slot] === 0 ? null : (this.year[slot] as number);
    const month = this.month[slot] === 0 ? null : (this.month[slot] as number);
    const day = this.day[slot] === 0 ? null : (this.day[slot] as number);
    // As `toLinkRecord` reads a date: a guessed one (bit 32) or 1 January by its year alone, 1 January
    // 1900 as none. The stored date stays as written in the columns, which the blocks read.
    const firstOfYear = isFirstOfYear(month, day);
    const birthYear = firstOfYear && year === FILLER_YEAR ? null : year;
    const birthGuessed = (bits & 32) !== 0 && birthYear !== null;
    const yearOnly = birthGuessed || firstOfYear;
    const birthMonth = yearOnly ? null : month;
    const birthDay = yearOnly ? null : day;
    const unit = textOf(t, this.unit[slot] as number);
    const serviceNumber = textOf(t, this.service[slot] as number);
    // Its fields in `toLinkRecord`'s order, `sexFromName` after `sex`: the same object shape as the SQL
    // path's records (the scoring code sees one shape; a record compares equal field for field and as JSON).
    return (bits & 16) !== 0
      ? {
          id,
          family,
          familyPhonetic,
          given,
          givenSkeleton,
          father,
          patronymicSkeleton,
          givenInitial,
          fatherInitial,
          sex,
          sexFromName: true,
          birthYear,
          birthMonth,
          birthDay,
          birthGuessed,
          unit,
          serviceNumber,
        }
      : {
          id,
          family,
          familyPhonetic,
          given,
          givenSkeleton,
          father,
          patronymicSkeleton,
          givenInitial,
          fatherInitial,
          sex,
          birthYear,
          birthMonth,
          birthDay,
          birthGuessed,
          unit,
          serviceNumber,
        };
  }

  /** A person's id and all its records (by record id), as the lookups return a kept person. */
  candidate(person: number): CandidatePerson {
    const records: LinkRecord[] = [];
    for (const s of this.slotsOf(person)) records.push(this.record(s));
    return { personId: this.personId(person), records };
  }

  /** A person's records (slots), in record id order. */
  private slotsOf(person: number): number[] {
    const merged = this.mergedSlots.get(person);
    if (merged !== undefined) return merged;
    const out: number[] = [];
    if (person < this.basePersons)
      for (let s = this.personStart[person] as number; s < (this.personStart[person + 1] as number); s++)
        out.push(s);
    // Records `follow` added: after the loaded ones, in slot order, which is their id order (`follow`).
    for (const s of this.addedSlots.get(person) ?? []) out.push(s);
    return out;
  }

  /** The index of a person held, by id; -1 if none. */
  private personIndex(id: string): number {
    return this.newPersonIndex.get(id) ?? this.loadedPerson(id);
  }

  /**
   * Follows a merge written to the database (`mergePersons`): the records of person `from` now belong to
   * `into`, which holds them beside its own in record id order, as the lookups read a person's records.
   * False when it does not hold both (nothing changes): the store must then be dropped.
   */
  movePerson(from: string, into: string): boolean {
    const f = this.personIndex(from);
    const t = this.personIndex(into);
    if (f < 0 || t < 0 || f === t) return false;
    const moving = this.slotsOf(f);
    for (const s of moving) this.personOf[s] = t;
    this.mergedSlots.set(
      t,
      [...this.slotsOf(t), ...moving].sort((a, b) => this.rankOf(a) - this.rankOf(b)),
    );
    this.mergedSlots.set(f, []);
    return true;
  }

  /** The id of the person of index `person`. */
  private personId(person: number): string {
    return person < this.basePersons
      ? uuidOf(this.personIdWords, person)
      : (this.newPersonIds[person - this.basePersons] as string);
  }

  /** A record's place in record id order: a loaded one's rank, then those followed, by slot (`follow`). */
  private rankOf(slot: number): number {
    return slot < this.base ? (this.idRank[slot] as number) : slot;
  }

  /** The index of a loaded person, by id (a binary search of the loaded ids, as four words); -1 if none. */
  private loadedPerson(id: string): number {
    const w = new Uint32Array(4);
    putUuid(w, 0, id);
    let lo = 0;
    let hi = this.basePersons;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let c = 0;
      for (let k = 0; k < 4 && c === 0; k++)
        c = (this.personIdWords[mid * 4 + k] as number) - (w[k] as number);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /**
   * Adds records written after the load (an import's batches once committed): each joins its person, a
   * loaded one, one added before, or a new one; their family keys are in use from then on. Every lookup
   * after answers as the SQL would over the registry with them. The rule indexes are not rebuilt: each rule
   * keeps the added records by key in its order, read beside the loaded ones (`Segment`). That order puts
   * an added record after every loaded one of the same key, year and month, so the records must sort
   * after every record held, by id, and a new person after every person held (ids are made so: UUIDv7,
   * db/ids.ts); when they do not, or a row holds no person id, nothing is added and the answer is false:
   * the store can no longer answer as the SQL and must be dropped.
   */
  follow(rows: readonly StoredLinkRow[]): boolean {
    const sorted = [...rows].sort((a, b) => cmp(a.id, b.id));
    let lastRecord = this.lastRecordId;
    for (const r of sorted) {
      if (!(r.id > lastRecord)) return false;
      lastRecord = r.id;
    }
    const persons: number[] = [];
    const fresh = new Map<string, number>();
    const newIds = [
      ...new Set(
        sorted.map((r) => r.person_id).filter((p) => !this.newPersonIndex.has(p) && this.loadedPerson(p) < 0),
      ),
    ].sort(cmp);
    if (newIds.length > 0 && !((newIds[0] as string) > this.lastPersonId)) return false;
    newIds.forEach((id, k) => fresh.set(id, this.persons + k));
    for (const r of sorted) {
      const p =
        this.newPersonIndex.get(r.person_id) ?? fresh.get(r.person_id) ?? this.loadedPerson(r.person_id);
      // A person merged away holds no record: a record joining it went to its survivor in the database.
      if (this.mergedSlots.get(p)?.length === 0) return false;
      persons.push(p);
    }
    // Checked: now change.
    for (const id of newIds) {
      this.newPersonIndex.set(id, this.persons);
      this.newPersonIds.push(id);
      this.lastPersonId = id;
    }
    if (this.best.length < this.persons) {
      const best = new Int32Array(Math.max(this.persons, Math.ceil(this.best.length * 1.25))).fill(NO_PRE);
      best.set(this.best);
      this.best = best;
    }
    this.lastRecordId = lastRecord;
    const from = this.count;
    this.builder.reserve(from + sorted.length);
    this.adopt();
    sorted.forEach((r, k) => this.builder.pack(from + k, r, persons[k] as number));
    this.builder.forgetNames();
    this.count = from + sorted.length;
    const ords = this.orders();
    const specs = this.ruleSpecs();
    for (let s = from; s < this.count; s++) {
      const person = this.personOf[s] as number;
      const mine = this.addedSlots.get(person);
      if (mine === undefined) this.addedSlots.set(person, [s]);
      else mine.push(s);
      // Its id is the largest held: last of a merged person's records too.
      this.mergedSlots.get(person)?.push(s);
      const f = this.family[s] as number;
      this.countFamily(f);
      if (f !== 0) {
        this.familyInUse.add(f);
        if (!this.familyDerived.has(f)) {
          const d = this.derive(f);
          this.familyDerived.set(f, d);
          if (d.glyph !== 0 && !this.glyphsHeld.has(d.glyph)) {
            this.glyphsHeld.add(d.glyph);
            for (const k of glyphNearKeys(this.strings.text[d.glyph] as string)) {
              const h = hash53(k);
              const list = this.nearAdded.get(h);
              if (list === undefined) this.nearAdded.set(h, [d.glyph]);
              else if (!list.includes(d.glyph)) list.push(d.glyph);
            }
            for (const k of glyphNear2Keys(this.strings.text[d.glyph] as string)) {
              const h = hash53(k);
              const list = this.near2Added.get(h);
              if (list === undefined) this.near2Added.set(h, [d.glyph]);
              else if (!list.includes(d.glyph)) list.push(d.glyph);
            }
          }
        }
      }
      for (const [name, spec] of Object.entries(specs) as [
        keyof RuleIndexes,
        (typeof specs)[keyof RuleIndexes],
      ][]) {
        const key = spec.key(s);
        if (key >= 0) this.rules[name].add(key, s, ords[spec.order](s));
      }
    }
    return true;
  }

  /** Counts a record of the family key (string id; 0: none) in `familyRecords`. */
  private countFamily(f: number): void {
    if (f !== 0) this.familyRecords.set(f, (this.familyRecords.get(f) ?? 0) + 1);
  }

  /** Whether the store holds at most RARE_FAMILY_RECORDS records of the family key (string id). */
  private rare(f: number): boolean {
    return (this.familyRecords.get(f) ?? 0) <= RARE_FAMILY_RECORDS;
  }

  /**
   * What `candidatePersons(trx, probes, organisation, settled)` answers in a registry of one organisation:
   * the selective blocks, then the broad ones for the probes the selective blocks' persons do not settle.
   * `familyInUse` as there. `capped[i]`: a branch of probe i found more records than its LIMIT.
   */
  lookUp(
    probes: readonly LinkRecord[],
    settled?: (i: number, found: readonly CandidatePerson[]) => boolean,
    familyInUse?: (family: string) => boolean,
  ): { found: CandidatePerson[][]; capped: boolean[]; stats: LookupStats } {
    const stats: LookupStats = { recordsScored: 0, branchesRead: 0, branchesOverLimit: 0 };
    const found: CandidatePerson[][] = [];
    const capped: boolean[] = [];
    // A person kept by the selective blocks is asked for again after the broad ones (and by other probes).
    const made = new Map<number, CandidatePerson>();
    const person = (k: { person: number }): CandidatePerson => {
      let c = made.get(k.person);
      if (c === undefined) made.set(k.person, (c = this.candidate(k.person)));
      return c;
    };
    probes.forEach((p, i) => {
      const q = this.probe(p, familyInUse);
      const over = { v: false };
      this.phase(q, true, over, stats);
      let kept = this.top();
      let persons = kept.map(person);
      const done = settled === undefined ? false : settled(i, persons);
      if (!done) {
        // The broad blocks' persons ranked with the selective blocks' kept ones (with `settled`, as the
        // broad statement's `held`), or with all they found (one statement of both).
        if (settled !== undefined) {
          this.clear();
          for (const k of kept) this.offer(k.person, k.pre);
        }
        this.phase(q, false, over, stats);
        kept = this.top();
        persons = kept.map(person);
      }
      this.clear();
      found.push(persons);
      capped.push(over.v);
    });
    return { found, capped, stats };
  }

  /** A person found with a pre-score: kept at its best. */
  private offer(person: number, pre: number): void {
    const had = this.best[person] as number;
    if (had === NO_PRE) {
      this.touched.push(person);
      this.best[person] = pre;
    } else if (pre > had) this.best[person] = pre;
  }

  /** Forgets the persons found. */
  private clear(): void {
    for (const p of this.touched) this.best[p] = NO_PRE;
    this.touched.length = 0;
  }

  /** The best CANDIDATES_PER_PROBE persons found: pre-score, highest first, ties by person id (index order). */
  private top(): { person: number; pre: number }[] {
    const t = this.touched;
    // One number a person, (PRE_BIAS - pre, person), sorted natively.
    const keys = new Float64Array(t.length);
    for (let k = 0; k < t.length; k++) {
      const p = t[k] as number;
      keys[k] = (PRE_BIAS - (this.best[p] as number)) * WORD + p;
    }
    keys.sort();
    const out: { person: number; pre: number }[] = [];
    for (let k = 0; k < Math.min(CANDIDATES_PER_PROBE, keys.length); k++) {
      const key = keys[k] as number;
      const person = key % WORD;
      out.push({ person, pre: PRE_BIAS - (key - person) / WORD });
    }
    return out;
  }

  /** The probe's parameters as the lookup statement's `q` row holds them, its strings as ids (-1: absent). */
  private probe(p: LinkRecord, familyInUse?: (family: string) => boolean): Q {
    const keys = blockKeys(p);
    const k = keys.map((list) => list[0] ?? null);
    const id = (s: string | null): number => (s === null ? NONE : (this.strings.find(s) ?? ABSENT));
    const near = keys[NEAR] ?? [];
    const fam = p.family;
    const fiu = fam !== null && familyInUse !== undefined && familyInUse(fam);
    const famId = id(fam);
    return {
      p,
      fp: k[0] === null ? NONE : id(p.familyPhonetic),
      fpa: id(p.familyPhonetic),
      fa: id(p.father),
      kg: id(p.given),
      kf: k[1] === null ? NONE : id(p.father),
      fam: famId,
      famNull: fam === null,
      by: p.birthYear,
      bm: p.birthMonth,
      bd: p.birthDay,
      sx: p.sex === 'male' ? 1 : p.sex === 'female' ? 2 : 0,
      sn: id(p.serviceNumber),
      un: k[5] === null || p.unit === null ? NONE : id(p.unit.toUpperCase()),
      head: k[6] === null || fam === null ? NONE : id(fam.slice(0, FAMILY_HEAD_SHORT)),
      tail: k[7] === null || fam === null ? NONE : id(fam.slice(-FAMILY_AFFIX)),
      md: k[8] !== null || k[9] !== null,
      fh: k[10] === null || fam === null ? NONE : id(fam.slice(0, FAMILY_AFFIX)),
      gl: k[GLYPH] === null ? NONE : id(k[GLYPH] ?? null),
      glNull: k[GLYPH] === null,
      h3: k[HEAD3] === null || fam === null ? NONE : id(fam.slice(0, FAMILY_HEAD_SHORT)),
      gn: near.length === 0 ? null : near,
      // The two-letters rule's keys without the given or father's class (the records are filtered by those).
      g2: (keys[NEAR2] ?? []).length === 0 ? null : glyphNear2Keys(k[GLYPH] ?? null),
      notInUse: !fiu && (fam === null || !this.familyInUse.has(famId)),
      rare: famId < 0 || this.rare(famId),
    };
  }

  /**
   * The persons one statement finds for the probe (selective or broad branches), each offered with the best
   * pre-score of its records found. Each branch as the SQL: parts of one LIMIT (each under it), a LIMIT over
   * them.
   */
  private phase(q: Q, selective: boolean, over: { v: boolean }, stats: LookupStats): void {
    const branch = (parts: Range[], limit: number): void => this.branch(q, parts, limit, over, stats);
    const R = this.rules;
    const y = q.by;
    if (selective) {
      if (q.fp >= 0 && q.kg >= 0) {
        const seg = R.phoneticGiven.segment(pair(q.fp, q.kg));
        if (y !== null) {
          branch([seg.years(y - 1, y + 1)], BRANCH_LIMIT);
          branch([seg.unknownYear()], BRANCH_LIMIT);
        } else if (q.fp !== NONE) branch([seg], BRANCH_LIMIT);
      }
      if (q.kf >= 0 && q.kg >= 0 && y !== null) {
        const seg = R.givenFather.segment(pair(q.kg, q.kf));
        if (q.bm === null) branch([seg.years(y, y)], BRANCH_LIMIT);
        else {
          branch([seg.yearMonth(y, q.bm)], BRANCH_LIMIT);
          branch([seg.yearMonth(y, UNKNOWN_MONTH)], BRANCH_LIMIT);
        }
      }
      if (q.bd !== null && y !== null && q.bm !== null)
        branch([R.birthDate.segment(dateKey(y, q.bm, q.bd))], BRANCH_LIMIT);
      if (q.un >= 0 && y !== null) branch([R.unitYear.segment(q.un).years(y, y)], BRANCH_LIMIT);
      if (q.sn >= 0) branch([R.service.segment(q.sn)], SERVICE_NUMBER_LIMIT);
      return;
    }
    if (q.fam >= 0 && y !== null) {
      const seg = R.familyYear.segment(q.fam);
      // With the probe's month unknown, every record of the year, a month known or not.
      if (q.bm === null) branch([seg.years(y, y)], BROAD_LIMIT);
      else branch([seg.yearMonth(y, q.bm), seg.yearExcept(y, q.bm)], BROAD_LIMIT);
    }
    const windowed = (seg: Segment, limit: number, unyeared: boolean): void => {
      if (y !== null) branch([seg.years(y - 1, y + 1), seg.unknownYear()], limit);
      else if (unyeared) branch([seg], limit);
    };
    if (q.head >= 0 && q.kg >= 0) windowed(R.givenHead.segment(pair(q.kg, q.head)), BRANCH_LIMIT, q.notInUse);
    if (q.tail >= 0 && q.kg >= 0) windowed(R.givenTail.segment(pair(q.kg, q.tail)), BROAD_LIMIT, q.notInUse);
    if (q.md && q.bm !== null && q.bd !== null) {
      if (q.kg >= 0) branch([R.givenMonthDay.segment(pair(q.kg, monthDay(q.bm, q.bd)))], BRANCH_LIMIT);
      if (q.fpa >= 0) branch([R.phoneticMonthDay.segment(pair(q.fpa, monthDay(q.bm, q.bd)))], BRANCH_LIMIT);
    }
    if (q.fh >= 0 && q.fa >= 0) branch([R.fatherHead.segment(pair(q.fa, q.fh))], BROAD_LIMIT);
    if (q.fpa >= 0) windowed(R.phonetic.segment(q.fpa), BROAD_LIMIT, true);
    if (q.gl >= 0) {
      const seg = R.glyph.segment(q.gl);
      if (y !== null) branch([seg.years(y - 1, y + 1)], BROAD_LIMIT);
      if (y !== null) branch([seg.unknownYear()], BROAD_LIMIT);
      else if (q.notInUse) branch([seg], BROAD_LIMIT);
    }
    if (q.h3 >= 0 && y !== null) branch([R.head3Year.segment(q.h3).years(y, y)], BROAD_LIMIT);
    // Over all those keys, by record id (`nearBlock`); `keep`: the records the branch filters to.
    const byId = (ranges: Range[], keep?: (slot: number) => boolean): Range =>
      inIdOrder(ranges, (s) => this.rankOf(s), keep);
    // The near rules (`nearBranches`): every probe, but not the records of its own glyph key (the glyph
    // block's); a common neighbour's records only for a probe of a rare key, and for a probe of unknown birth
    // only those of unknown birth.
    const nearRule = (glyphs: number[], agrees: (s: number) => boolean): void => {
      const segs = glyphs.filter((g) => g !== q.gl).map((g) => R.glyph.segment(g));
      const keep = (s: number): boolean => agrees(s) && (q.rare || this.rare(this.family[s] as number));
      if (y !== null) {
        const near = byId(
          segs.map((s) => s.years(y - 1, y + 1)),
          keep,
        );
        const unknown = byId(
          segs.map((s) => s.unknownYear()),
          keep,
        );
        branch([near, unknown], BROAD_LIMIT);
      } else
        branch(
          [
            byId(segs, (s) => {
              if (!agrees(s)) return false;
              if (this.rare(this.family[s] as number)) return true;
              return q.rare && this.year[s] === 0;
            }),
          ],
          BROAD_LIMIT,
        );
    };
    if (q.gn !== null) nearRule(this.nearGlyphs(q.gn), () => true);
    // The two-letters rule: among the records that agree on the given or the father's class.
    if (q.g2 !== null)
      nearRule(
        this.near2Glyphs(q.g2),
        (s) => eq(this.given[s] as number, q.kg) || eq(this.father[s] as number, q.fa),
      );
  }

  /** One branch: its parts (ranges of slots, disjoint), each under the LIMIT, and the LIMIT over them. */
  private branch(
    q: Q,
    parts: readonly Range[],
    limit: number,
    over: { v: boolean },
    stats: LookupStats,
  ): void {
    const chosen = this.chosen;
    stats.branchesRead++;
    let total = 0;
    chosen.length = 0;
    for (const r of parts) {
      total += r.count();
      if (chosen.length < limit) r.collect(limit - chosen.length, chosen);
    }
    if (total > limit) {
      over.v = true;
      stats.branchesOverLimit++;
    }
    stats.recordsScored += chosen.length;
    for (const s of chosen) this.offer(this.personOf[s] as number, this.preScore(q, s));
  }

  /** The glyph keys (string ids) one of whose near keys is among `keys`. */
  private nearGlyphs(keys: readonly string[]): number[] {
    return this.glyphsSharing(keys, this.nearHash, this.nearGlyph, this.nearAdded, glyphNearKeys);
  }

  /** The glyph keys (string ids) one of whose two-letters keys (`glyphNear2Keys`) is among `keys`. */
  private near2Glyphs(keys: readonly string[]): number[] {
    return this.glyphsSharing(keys, this.near2Hash, this.near2Glyph, this.near2Added, glyphNear2Keys);
  }

  private glyphsSharing(
    keys: readonly string[],
    hashes: Float64Array,
    glyphOf: Uint32Array,
    added: ReadonlyMap<number, number[]>,
    keysOf: (glyph: string) => string[],
  ): number[] {
    const want = new Set(keys);
    const out = new Set<number>();
    for (const k of keys) {
      const h = hash53(k);
      let lo = lowerBound(hashes, h);
      const hits: number[] = [];
      for (; lo < hashes.length && hashes[lo] === h; lo++) hits.push(glyphOf[lo] as number);
      for (const g of added.get(h) ?? []) hits.push(g);
      for (const g of hits) {
        if (out.has(g)) continue;
        // A hash shared by another key: the glyph's own keys decide.
        if (keysOf(this.strings.text[g] as string).some((d) => want.has(d))) out.add(g);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /** `PRE_SCORE` (candidates.ts) of the record in `slot` against the probe, on the stored columns. */
  private preScore(q: Q, s: number): number {
    let n = eq(this.family[s] as number, q.fam) ? 8 : eq(this.phonetic[s] as number, q.fpa) ? 5 : 0;
    if (eq(this.given[s] as number, q.kg)) n += 6;
    if (eq(this.father[s] as number, q.fa)) n += 4;
    const fy = this.year[s] as number;
    if (q.by === null || fy === 0) n += 1;
    else if (fy === q.by) n += 6;
    else if (Math.abs(fy - q.by) <= 1) n += 3;
    if (q.bm !== null && this.month[s] === q.bm) n += 2;
    if (q.bd !== null && this.day[s] === q.bd) n += 2;
    const fs = (this.sex[s] as number) & 3;
    if (fs !== 0 && q.sx !== 0 && fs !== q.sx) n -= 6;
    if (eq(this.service[s] as number, q.sn)) n += 40;
    if (eq(this.unitFold[s] as number, q.un)) n += 2;
    return n;
  }

  private *familyKeysSeen(): Iterable<[number]> {
    const seen = new Set<number>();
    for (let s = 0; s < this.base; s++) {
      const f = this.family[s] as number;
      if (f !== 0 && !seen.has(f)) {
        seen.add(f);
        yield [f];
      }
    }
  }

  private derive(f: number): FamilyDerived {
    const fam = this.strings.text[f] as string;
    const glyph = familyGlyphKey(fam);
    return {
      long: fam.length > FAMILY_AFFIX,
      head3: fam.length >= FAMILY_HEAD_SHORT ? this.strings.intern(fam.slice(0, FAMILY_HEAD_SHORT)) : 0,
      head4: this.strings.intern(fam.slice(0, FAMILY_AFFIX)),
      tail4: this.strings.intern(fam.slice(-FAMILY_AFFIX)),
      glyph: glyph === null ? 0 : this.strings.intern(glyph),
    };
  }

  /** Each slot's rank in record id order (uuids compare as their four words, as PostgreSQL compares them). */
  private rankIds(): Uint32Array {
    const w = this.recId;
    const order = new Uint32Array(this.base);
    for (let s = 0; s < this.base; s++) order[s] = s;
    order.sort((a, b) => {
      for (let k = 0; k < 4; k++) {
        const d = (w[a * 4 + k] as number) - (w[b * 4 + k] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
    const rank = new Uint32Array(this.base);
    for (let r = 0; r < this.base; r++) rank[order[r] as number] = r;
    return rank;
  }

  /**
   * Each rule's index in the order its branches read a block (migrations 0041, 0042): by birth year and month
   * then record id (`ym`), by birth year then record id (`year`), or by record id (`id`) after the key; an
   * unknown year or month after every known one (NULLS LAST, as the btree indexes hold them).
   */
  private buildRules(): RuleIndexes {
    const byId = new Uint32Array(this.base);
    for (let s = 0; s < this.base; s++) byId[this.idRank[s] as number] = s;
    // A stable counting sort of the slots in id order by a value under 2^16.
    const stable = (v: (s: number) => number): Uint32Array => {
      const counts = new Uint32Array(65_537);
      for (let s = 0; s < this.base; s++) counts[v(s) + 1] = (counts[v(s) + 1] as number) + 1;
      for (let x = 0; x < 65_536; x++) counts[x + 1] = (counts[x + 1] as number) + (counts[x] as number);
      const out = new Uint32Array(this.base);
      for (let k = 0; k < this.base; k++) {
        const s = byId[k] as number;
        const x = v(s);
        out[counts[x] as number] = s;
        counts[x] = (counts[x] as number) + 1;
      }
      return out;
    };
    const ords = this.orders();
    const bases: Record<Order, Uint32Array> = { ym: stable(ords.ym), year: stable(ords.year), id: byId };
    const specs = this.ruleSpecs();
    return Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        RuleIndex.build(this.base, spec.key, bases[spec.order], ords[spec.order]),
      ]),
    ) as unknown as RuleIndexes;
  }

  /**
   * A slot's place in each order a rule's index may follow after its key (migrations 0041, 0042): by birth
   * year and month then record id (`ym`), by birth year then record id (`year`), or by record id (`id`); an
   * unknown year or month after every known one (NULLS LAST, as the btree indexes hold them). The record id
   * is the last key of each: `rankOf`.
   */
  private orders(): Record<Order, (s: number) => number> {
    const yearCode = (s: number): number => (this.year[s] as number) || UNKNOWN_YEAR;
    return {
      ym: (s) => yearCode(s) * 16 + ((this.month[s] as number) || UNKNOWN_MONTH),
      year: (s) => yearCode(s) * 16,
      id: () => 0,
    };
  }

  /** Each rule's key of a slot (-1: none) and the order its index holds a key's records in. */
  private ruleSpecs(): Record<keyof RuleIndexes, { order: Order; key: (s: number) => number }> {
    const fd = (s: number): FamilyDerived | undefined => this.familyDerived.get(this.family[s] as number);
    // The columns read through `this` at each call: `follow` may have grown (replaced) them.
    return {
      phoneticGiven: {
        order: 'year',
        key: (s) =>
          this.phonetic[s] && this.given[s] ? pair(this.phonetic[s] as number, this.given[s] as number) : -1,
      },
      givenFather: {
        order: 'ym',
        key: (s) =>
          this.given[s] && this.father[s] ? pair(this.given[s] as number, this.father[s] as number) : -1,
      },
      familyYear: { order: 'ym', key: (s) => (this.family[s] ? (this.family[s] as number) : -1) },
      service: { order: 'id', key: (s) => (this.service[s] ? (this.service[s] as number) : -1) },
      birthDate: {
        order: 'id',
        key: (s) =>
          this.year[s] && this.month[s] && this.day[s]
            ? dateKey(this.year[s] as number, this.month[s] as number, this.day[s] as number)
            : -1,
      },
      unitYear: { order: 'year', key: (s) => (this.unitFold[s] ? (this.unitFold[s] as number) : -1) },
      givenHead: {
        order: 'year',
        key: (s) => {
          const d = fd(s);
          return d?.long === true && this.given[s] ? pair(this.given[s] as number, d.head3) : -1;
        },
      },
      givenTail: {
        order: 'year',
        key: (s) => {
          const d = fd(s);
          return d?.long === true && this.given[s] ? pair(this.given[s] as number, d.tail4) : -1;
        },
      },
      givenMonthDay: {
        order: 'id',
        key: (s) =>
          this.given[s] && this.month[s] && this.day[s]
            ? pair(this.given[s] as number, monthDay(this.month[s] as number, this.day[s] as number))
            : -1,
      },
      phoneticMonthDay: {
        order: 'id',
        key: (s) =>
          this.phonetic[s] && this.month[s] && this.day[s]
            ? pair(this.phonetic[s] as number, monthDay(this.month[s] as number, this.day[s] as number))
            : -1,
      },
      fatherHead: {
        order: 'id',
        key: (s) => {
          const d = fd(s);
          return d?.long === true && this.father[s] ? pair(this.father[s] as number, d.head4) : -1;
        },
      },
      phonetic: { order: 'year', key: (s) => (this.phonetic[s] ? (this.phonetic[s] as number) : -1) },
      glyph: {
        order: 'year',
        key: (s) => {
          const d = fd(s);
          return d !== undefined && d.glyph !== 0 ? d.glyph : -1;
        },
      },
      head3Year: {
        order: 'year',
        key: (s) => {
          const d = fd(s);
          return d !== undefined && d.head3 !== 0 ? d.head3 : -1;
        },
      },
    };
  }

  /**
   * Each glyph key's near keys (`keysOf`) as (hash, glyph) pairs, sorted by hash then glyph: made in glyph
   * order into typed arrays and placed by a stable counting sort on the hashes' ranks (an array of pairs
   * sorted by a comparator took most of the realistic registry's load, ~74,000 glyph keys, and ~400 MB).
   */
  private buildNear(keysOf: (glyph: string) => string[]): { hash: Float64Array; glyph: Uint32Array } {
    const held = new Set<number>();
    for (const d of this.familyDerived.values()) if (d.glyph !== 0) held.add(d.glyph);
    for (const g of held) this.glyphsHeld.add(g);
    const glyphs = Uint32Array.from(held).sort();
    let hash = new Float64Array(1 << 16);
    let glyph = new Uint32Array(1 << 16);
    let n = 0;
    const ranks = new KeyRanks();
    for (const g of glyphs)
      for (const k of keysOf(this.strings.text[g] as string)) {
        if (n === hash.length) {
          const h = new Float64Array(n * 2);
          h.set(hash);
          hash = h;
          const w = new Uint32Array(n * 2);
          w.set(glyph);
          glyph = w;
        }
        const h = hash53(k);
        hash[n] = h;
        glyph[n++] = g;
        ranks.add(h);
      }
    const keys = ranks.sorted();
    const rank = new Uint32Array(n);
    const next = new Uint32Array(keys.length + 1);
    for (let i = 0; i < n; i++) {
      const r = ranks.of(hash[i] as number);
      rank[i] = r;
      next[r + 1] = (next[r + 1] as number) + 1;
    }
    for (let r = 0; r < keys.length; r++) next[r + 1] = (next[r + 1] as number) + (next[r] as number);
    const outHash = new Float64Array(n);
    const outGlyph = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rank[i] as number;
      const at = next[r] as number;
      next[r] = at + 1;
      outHash[at] = hash[i] as number;
      outGlyph[at] = glyph[i] as number;
    }
    return { hash: outHash, glyph: outGlyph };
  }
}

/** Where a load's time went, in seconds: the pages' statements, packing their rows, building the indexes. */
export interface LoadTimings {
  fetchS: number;
  packS: number;
  indexS: number;
  /** This process's CPU (user + system) while the records were read and packed, and while indexed. */
  readCpuS?: number;
  indexCpuS?: number;
}

/** Wall-clock seconds, for a load's timings. */
function loadClock(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** This process's CPU seconds (user + system) since `from` (`process.cpuUsage()`). */
function cpuSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

/** What a batch of in-memory lookups did: records pre-scored, branches read, branches over their LIMIT. */
export interface LookupStats {
  recordsScored: number;
  branchesRead: number;
  branchesOverLimit: number;
}

// Keep in step with candidates.ts (its LIMITs are not exported but through RULE_LIMITS).
const BRANCH_LIMIT = 300;
const BROAD_LIMIT = 50;
const SERVICE_NUMBER_LIMIT = 20;
const NEAR = 14;
const NEAR2 = 15;
const GLYPH = 12;
const HEAD3 = 13;
/** A birth year or month unknown, in the rule indexes' order: after every known one (NULLS LAST). */
const UNKNOWN_YEAR = 4095;
const UNKNOWN_MONTH = 15;
/** A person not found (`best`); pre-scores are small integers (-6..70). */
const NO_PRE = -2_147_483_648;
const PRE_BIAS = 1024;
const WORD = 4_294_967_296;
/** A probe's parameter that is null. */
const NONE = -2;
/** A probe's string the registry does not hold: no record agrees with it. */
const ABSENT = -1;

interface Q {
  p: LinkRecord;
  fp: number;
  fpa: number;
  fa: number;
  kg: number;
  kf: number;
  fam: number;
  famNull: boolean;
  by: number | null;
  bm: number | null;
  bd: number | null;
  sx: number;
  sn: number;
  un: number;
  head: number;
  tail: number;
  md: boolean;
  fh: number;
  gl: number;
  glNull: boolean;
  h3: number;
  gn: readonly string[] | null;
  g2: readonly string[] | null;
  notInUse: boolean;
  /** Whether the probe's family key is rare (`RARE_FAMILY_RECORDS`; absent or none: rare). */
  rare: boolean;
}

/** The order a rule's index holds a key's records in, after the key (`PackedRegistry.orders`). */
type Order = 'ym' | 'year' | 'id';

interface FamilyDerived {
  long: boolean;
  head3: number;
  head4: number;
  tail4: number;
  glyph: number;
}

interface RuleIndexes {
  phoneticGiven: RuleIndex;
  givenFather: RuleIndex;
  familyYear: RuleIndex;
  service: RuleIndex;
  birthDate: RuleIndex;
  unitYear: RuleIndex;
  givenHead: RuleIndex;
  givenTail: RuleIndex;
  givenMonthDay: RuleIndex;
  phoneticMonthDay: RuleIndex;
  fatherHead: RuleIndex;
  phonetic: RuleIndex;
  glyph: RuleIndex;
  head3Year: RuleIndex;
}

/** Two string ids (each under 2^26) as one number. */
function pair(a: number, b: number): number {
  return a * 67_108_864 + b;
}
const monthDay = (m: number, d: number): number => m * 32 + d;
const dateKey = (y: number, m: number, d: number): number => y * 1000 + m * 32 + d;

/** Records of one branch, in the order the branch reads them. */
interface Range {
  count(): number;
  /** Appends the first `n` records (slots) to `out`. */
  collect(n: number, out: number[]): void;
}

/** A key's range of one rule's index, with its birth-date sub-ranges. */
class Segment implements Range {
  constructor(
    private readonly index: RuleIndex,
    readonly from: number,
    readonly to: number,
    /** The key's records added after the load (`RuleIndex.add`), and the part of them in this segment. */
    private readonly added: AddedKey | undefined = undefined,
    private readonly addedFrom = 0,
    private readonly addedTo = 0,
  ) {}
  count(): number {
    return this.to - this.from + (this.addedTo - this.addedFrom);
  }
  collect(n: number, out: number[]): void {
    const slots = this.index.slots;
    const a = this.added;
    if (a === undefined || this.addedTo === this.addedFrom) {
      const end = Math.min(this.to, this.from + n);
      for (let k = this.from; k < end; k++) out.push(slots[k] as number);
      return;
    }
    // Both in the rule's order: by (year, month) as the index keeps them, a loaded record before an added one
    // of the same place (its id is smaller: `follow`).
    const ym = this.index.ym;
    let k = this.from;
    let j = this.addedFrom;
    for (let left = n; left > 0; left--) {
      if (k < this.to && (j >= this.addedTo || (ym[k] as number) <= (a.ords[j] as number)))
        out.push(slots[k++] as number);
      else if (j < this.addedTo) out.push(a.slots[j++] as number);
      else return;
    }
  }
  /** Records whose (year, month), as year * 16 + month, is in lo..hi-1 (UNKNOWN_YEAR, UNKNOWN_MONTH: unknown). */
  private between(lo: number, hi: number): Segment {
    if (hi <= lo) return new Segment(this.index, this.from, this.from);
    const a = this.added;
    return new Segment(
      this.index,
      this.index.bound(this.from, this.to, lo),
      this.index.bound(this.from, this.to, hi),
      a,
      a === undefined ? 0 : boundIn(a.ords, this.addedFrom, this.addedTo, lo),
      a === undefined ? 0 : boundIn(a.ords, this.addedFrom, this.addedTo, hi),
    );
  }
  /** Records born in years lo..hi. */
  years(lo: number, hi: number): Segment {
    return this.between(lo * 16, (hi + 1) * 16);
  }
  /** Records of unknown birth year. */
  unknownYear(): Segment {
    return this.years(UNKNOWN_YEAR, UNKNOWN_YEAR);
  }
  /** Records born in year y and month m (UNKNOWN_MONTH: unknown month); in a rule ordered by year and month. */
  yearMonth(y: number, m: number): Segment {
    return this.between(y * 16 + m, y * 16 + m + 1);
  }
  /**
   * Records born in year y whose month is not m (`birth_month IS DISTINCT FROM m`): another, then unknown
   * (`ORDER BY birth_month, id`).
   */
  yearExcept(y: number, m: number): Range {
    return concat([this.between(y * 16, y * 16 + m), this.between(y * 16 + m + 1, (y + 1) * 16)]);
  }
}

/** The first position in from..to of a non-decreasing list whose value is at least `want`. */
function boundIn(values: readonly number[], from: number, to: number, want: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < want) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A key's records added after the load, in the rule's order: their slots and each one's (year, month) place. */
interface AddedKey {
  slots: number[];
  ords: number[];
}

/**
 * Above every place a rule's order gives a record of a year below 4096 (year * 16 + month, an unknown year's
 * 4095 included), so that a slot and its place make one exact number (slots are below 2^32); a place beyond
 * it is held in arrays.
 */
const ORD_SPAN = 65_536;

/** A key's one added record, held as one number (`RuleIndex.add`), as its two arrays. */
function unpackAdded(n: number): AddedKey {
  const ord = n % ORD_SPAN;
  return { slots: [(n - ord) / ORD_SPAN], ords: [ord] };
}

/**
 * The records of several ranges by record id (`ORDER BY id` over them all): only the near block reads so, over
 * a few family keys' ranges.
 */
function inIdOrder(
  ranges: readonly Range[],
  rankOf: (slot: number) => number,
  keep?: (slot: number) => boolean,
): Range {
  const kept = (): number[] => {
    const all: number[] = [];
    for (const r of ranges) r.collect(r.count(), all);
    return keep === undefined ? all : all.filter(keep);
  };
  return {
    count: () => (keep === undefined ? ranges.reduce((n, r) => n + r.count(), 0) : kept().length),
    collect(n: number, out: number[]) {
      const all = kept();
      all.sort((a, b) => rankOf(a) - rankOf(b));
      for (let k = 0; k < Math.min(n, all.length); k++) out.push(all[k] as number);
    },
  };
}

/** Ranges one after the other, as one. */
function concat(ranges: readonly Range[]): Range {
  return {
    count: () => ranges.reduce((n, r) => n + r.count(), 0),
    collect(n: number, out: number[]) {
      let left = n;
      for (const r of ranges) {
        if (left <= 0) return;
        const c = Math.min(left, r.count());
        r.collect(c, out);
        left -= c;
      }
    },
  };
}

/** One rule's index: the records holding a key, sorted by key, then in the rule's order (`buildRules`). */
class RuleIndex {
  /**
   * Records added after the load (`PackedRegistry.follow`), by key. A key holding one record holds it as one
   * number, `slot * ORD_SPAN + ord` (most keys of the selective rules: as two arrays and an object, a
   * registry of 20,000 records followed from empty held 43 MB of heap against 2 MB loaded).
   */
  private readonly added = new Map<number, AddedKey | number>();
  private constructor(
    readonly keys: Float64Array,
    readonly starts: Uint32Array,
    readonly slots: Uint32Array,
    readonly ym: Uint16Array,
  ) {}

  /**
   * Holds a record added after the load under `key`, at `ord` (its place in the rule's order, as `ym`):
   * after those of its key at the same place or before (its id is the largest: `follow`).
   */
  add(key: number, slot: number, ord: number): void {
    const had = this.added.get(key);
    if (had === undefined) {
      this.added.set(
        key,
        ord >= 0 && ord < ORD_SPAN ? slot * ORD_SPAN + ord : { slots: [slot], ords: [ord] },
      );
      return;
    }
    const a = typeof had === 'number' ? unpackAdded(had) : had;
    if (a !== had) this.added.set(key, a);
    const at = boundIn(a.ords, 0, a.ords.length, ord + 1);
    a.slots.splice(at, 0, slot);
    a.ords.splice(at, 0, ord);
  }

  /**
   * `base`: every slot in the rule's order after the key; `ordOf`: each slot's year * 16 + month as that
   * order ranks it (non-decreasing along `base`, for the birth-date windows). Linear but for one native sort
   * of the keys: a stable counting sort by key rank over `base` (a comparator sort of a million slots per
   * rule took ~50 s for the fourteen rules at load ~13).
   */
  static build(
    size: number,
    keyOf: (slot: number) => number,
    base: Uint32Array,
    ordOf: (slot: number) => number,
  ): RuleIndex {
    const key = new Float64Array(size);
    // The distinct keys gathered in a hash table and sorted alone (a sort of every slot's key was half the
    // build: most rules hold far fewer keys than records), each slot's key's rank then read from it.
    const ranks = new KeyRanks();
    let m = 0;
    for (let s = 0; s < size; s++) {
      const k = keyOf(s);
      key[s] = k;
      if (k >= 0) {
        m++;
        ranks.add(k);
      }
    }
    const keys = ranks.sorted();
    const u = keys.length;
    const starts = new Uint32Array(u + 1);
    const rank = new Int32Array(size);
    for (let s = 0; s < size; s++) {
      const k = key[s] as number;
      if (k < 0) rank[s] = -1;
      else {
        const r = ranks.of(k);
        rank[s] = r;
        starts[r + 1] = (starts[r + 1] as number) + 1;
      }
    }
    for (let r = 0; r < u; r++) starts[r + 1] = (starts[r + 1] as number) + (starts[r] as number);
    const next = starts.slice(0, u);
    const slots = new Uint32Array(m);
    const ym = new Uint16Array(m);
    for (let k = 0; k < size; k++) {
      const s = base[k] as number;
      const r = rank[s] as number;
      if (r < 0) continue;
      const at = next[r] as number;
      next[r] = at + 1;
      slots[at] = s;
      ym[at] = ordOf(s);
    }
    return new RuleIndex(keys, starts, slots, ym);
  }

  /** The records holding `key` (an empty range when none does). */
  segment(key: number): Segment {
    const had = this.added.get(key);
    const a = typeof had === 'number' ? unpackAdded(had) : had;
    const n = a === undefined ? 0 : a.slots.length;
    const i = lowerBound(this.keys, key);
    if (i >= this.keys.length || this.keys[i] !== key) return new Segment(this, 0, 0, a, 0, n);
    return new Segment(this, this.starts[i] as number, this.starts[i + 1] as number, a, 0, n);
  }

  /** The first position in from..to whose year * 16 + month is at least `want`. */
  bound(from: number, to: number, want: number): number {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ym[mid] as number) < want) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * A set of keys (integers, 0 ≤ key < 2^53) and, once sorted, each one's rank: open addressing, a key's 64
 * bits mixed into a slot of a table kept at least twice the keys' number.
 */
class KeyRanks {
  private key = new Float64Array(1 << 10).fill(-1);
  private rank = new Int32Array(1 << 10);
  private shift = 22;
  private count = 0;

  private slot(k: number): number {
    const lo = k >>> 0;
    const hi = (k - lo) / 4_294_967_296;
    return Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ (lo >>> 15), 0x85ebca6b) >>> this.shift;
  }

  /** Holds `k` (once). */
  add(k: number): void {
    const mask = this.key.length - 1;
    let h = this.slot(k);
    for (;;) {
      const at = this.key[h] as number;
      if (at === k) return;
      if (at === -1) break;
      h = (h + 1) & mask;
    }
    this.key[h] = k;
    if (++this.count * 2 > this.key.length) this.grow();
  }

  private grow(): void {
    const old = this.key;
    this.key = new Float64Array(old.length * 2).fill(-1);
    this.rank = new Int32Array(old.length * 2);
    this.shift--;
    const mask = this.key.length - 1;
    for (const k of old) {
      if (k === -1) continue;
      let h = this.slot(k);
      while (this.key[h] !== -1) h = (h + 1) & mask;
      this.key[h] = k;
    }
  }

  /** The keys held, sorted; each one's rank is then its place there. */
  sorted(): Float64Array {
    const keys = new Float64Array(this.count);
    let j = 0;
    for (const k of this.key) if (k !== -1) keys[j++] = k;
    keys.sort();
    const mask = this.key.length - 1;
    for (let r = 0; r < keys.length; r++) {
      const k = keys[r] as number;
      let h = this.slot(k);
      while (this.key[h] !== k) h = (h + 1) & mask;
      this.rank[h] = r;
    }
    return keys;
  }

  /** The rank of a key held (after `sorted`). */
  of(k: number): number {
    const mask = this.key.length - 1;
    let h = this.slot(k);
    for (;;) {
      const at = this.key[h] as number;
      if (at === k) return this.rank[h] as number;
      if (at === -1) throw new Error('packed registry: a key not ranked');
      h = (h + 1) & mask;
    }
  }
}

/** The first index of a sorted array whose value is at least `v`. */
function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A string's 53-bit hash (cyrb53). */
function hash53(str: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether two string ids name the same known string (0: null; a probe's absent or null string is < 0). */
function eq(a: number, b: number): boolean {
  return a > 0 && a === b;
}

/** Two hex digits for each byte. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A uuid's 16 bytes as four 32-bit words, at `at` of `words`. */
function putUuid(words: Uint32Array, at: number, uuid: string): void {
  const hex = uuid.replace(/-/g, '');
  for (let w = 0; w < 4; w++) words[at * 4 + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
}

/** The uuid at `at` of `words`, in its canonical text form. */
function uuidOf(words: Uint32Array, at: number): string {
  const a = words[at * 4] as number;
  const b = words[at * 4 + 1] as number;
  const c = words[at * 4 + 2] as number;
  const d = words[at * 4 + 3] as number;
  return (
    hex8(a) +
    '-' +
    (HEX[b >>> 24] as string) +
    (HEX[(b >>> 16) & 255] as string) +
    '-' +
    (HEX[(b >>> 8) & 255] as string) +
    (HEX[b & 255] as string) +
    '-' +
    (HEX[c >>> 24] as string) +
    (HEX[(c >>> 16) & 255] as string) +
    '-' +
    (HEX[(c >>> 8) & 255] as string) +
    (HEX[c & 255] as string) +
    hex8(d)
  );
}

/** The string of an id (0: none). */
function textOf(text: readonly string[], id: number): string | null {
  return id === 0 ? null : (text[id] as string);
}

/** A 32-bit word as eight hex digits. */
function hex8(v: number): string {
  return (
    (HEX[v >>> 24] as string) +
    (HEX[(v >>> 16) & 255] as string) +
    (HEX[(v >>> 8) & 255] as string) +
    (HEX[v & 255] as string)
  );
}

interface PackedParts {
  size: number;
  persons: number;
  strings: StringTable;
  recId: Uint32Array;
  personOf: Uint32Array;
  cols: Record<StringColumn, Uint32Array>;
  year: Int16Array;
  month: Uint8Array;
  day: Uint8Array;
  sex: Uint8Array;
  personIdWords: Uint32Array;
  personStart: Uint32Array;
  familyInUse: Set<number>;
}

const STRING_COLUMNS = [
  'family',
  'phonetic',
  'given',
  'givenSkel',
  'father',
  'patSkel',
  'givenInit',
  'fatherInit',
  'unit',
  'unitFold',
  'service',
] as const;
type StringColumn = (typeof STRING_COLUMNS)[number];

/** Distinct strings by id (0: none), each held once: the registry's names and keys, and those derived from them. */
class StringTable {
  readonly text: string[] = [''];
  private readonly ids = new Map<string, number>();
  /** The string's id, added if new. */
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.text.length;
      this.text.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
  /** The string's id, if held. */
  find(s: string): number | undefined {
    return this.ids.get(s);
  }
}

/** Grows typed columns as rows arrive (by person, then record id). */
class PackedBuilder {
  count = 0;
  private cap: number;
  private persons = 0;
  private lastPerson: string | null = null;
  private readonly strings = new StringTable();
  /** Name-derived fields (string ids, and the sex bits) by the stored name fields they come from. */
  private readonly names = new Map<string, number[]>();
  /** What `addCopied` remembers of the fields' bytes (dropped with the names). */
  private copied: CopiedKeys | null = null;
  private recId: Uint32Array;
  private personOf: Uint32Array;
  private cols: Record<StringColumn, Uint32Array>;
  private year: Int16Array;
  private month: Uint8Array;
  private day: Uint8Array;
  private sex: Uint8Array;
  private personIdWords: Uint32Array;
  private personStart: Uint32Array;

  /** `expected`: the records to come (a builder sized right holds no spare room: `finish` gives views). */
  constructor(expected = 1 << 16) {
    const cap = (this.cap = expected);
    this.recId = new Uint32Array(cap * 4);
    this.personOf = new Uint32Array(cap);
    this.cols = Object.fromEntries(STRING_COLUMNS.map((c) => [c, new Uint32Array(cap)])) as Record<
      StringColumn,
      Uint32Array
    >;
    this.year = new Int16Array(cap);
    this.month = new Uint8Array(cap);
    this.day = new Uint8Array(cap);
    this.sex = new Uint8Array(cap);
    this.personIdWords = new Uint32Array(cap * 4);
    this.personStart = new Uint32Array(cap + 1);
  }

  private id(s: string | null): number {
    return s === null ? 0 : this.strings.intern(s);
  }

  add(row: StoredLinkRow): void {
    if (this.count === this.cap) this.grow();
    const s = this.count++;
    let person = this.persons - 1;
    if (row.person_id !== this.lastPerson) {
      const p = this.persons++;
      if (p * 4 + 4 > this.personIdWords.length) this.growPersons();
      putUuid(this.personIdWords, p, row.person_id);
      this.personStart[p] = s;
      this.lastPerson = row.person_id;
      person = p;
    }
    this.pack(s, row, person);
  }

  /**
   * Adds the record whose COPY_COLUMNS are the fields of `bytes` from `start[f]` to `stop[f]` (start -1:
   * NULL): `add` read from the bytes, the same store. Each text field is told by its bytes (`ByteKeys`), so a
   * value seen before is not decoded again, and the strings are interned in `packFields`'s order (the
   * name-derived ones, then family, phonetic, given, father, unit, service number): the same string ids.
   */
  addCopied(bytes: Buffer, start: Int32Array, stop: Int32Array): void {
    if (this.count === this.cap) this.grow();
    const s = this.count++;
    let person = this.persons - 1;
    const w = this.personIdWords;
    const personAt = start[1] as number;
    const a = bytes.readUInt32BE(personAt);
    const b = bytes.readUInt32BE(personAt + 4);
    const c = bytes.readUInt32BE(personAt + 8);
    const d = bytes.readUInt32BE(personAt + 12);
    if (
      person < 0 ||
      w[person * 4] !== a ||
      w[person * 4 + 1] !== b ||
      w[person * 4 + 2] !== c ||
      w[person * 4 + 3] !== d
    ) {
      const p = this.persons++;
      if (p * 4 + 4 > this.personIdWords.length) this.growPersons();
      const words = this.personIdWords;
      words[p * 4] = a;
      words[p * 4 + 1] = b;
      words[p * 4 + 2] = c;
      words[p * 4 + 3] = d;
      this.personStart[p] = s;
      person = p;
    }
    const idAt = start[0] as number;
    const r = this.recId;
    r[s * 4] = bytes.readUInt32BE(idAt);
    r[s * 4 + 1] = bytes.readUInt32BE(idAt + 4);
    r[s * 4 + 2] = bytes.readUInt32BE(idAt + 8);
    r[s * 4 + 3] = bytes.readUInt32BE(idAt + 12);
    this.personOf[s] = person;
    const k = (this.copied ??= new CopiedKeys());
    const text = k.text;
    const entry = (f: number): number =>
      (start[f] as number) < 0 ? 0 : text.find(bytes, start[f] as number, stop[f] as number);
    const decode = (f: number): string | null =>
      (start[f] as number) < 0 ? null : bytes.toString('utf8', start[f] as number, stop[f] as number);
    // The string id of a field's value, interned now if it is not yet.
    const idOf = (f: number, e: number): number => {
      if (e === 0) return 0;
      let id = k.tableId[e] as number;
      if (id === 0) k.tableId[e] = id = this.id(decode(f));
      return id;
    };
    const kg = entry(C_KEY_GIVEN);
    const gn = entry(C_GIVEN);
    const kf = entry(C_KEY_FATHER);
    const pa = entry(C_PATRONYMIC);
    const sexAt = start[C_SEX] as number;
    const sexLength = (stop[C_SEX] as number) - sexAt;
    const sex =
      sexAt < 0
        ? 0
        : sexLength === 4 && bytes.readUInt32BE(sexAt) === MALE
          ? 1
          : sexLength === 6 && bytes.readUInt32BE(sexAt) === FEMA && bytes.readUInt16BE(sexAt + 4) === LE
            ? 2
            : 3 + entry(C_SEX);
    // The name-derived fields by the fields they are read from, as `packFields` keeps them.
    const held = kg === 0 || kf === 0 ? 0 : k.names.find(kg, kf, gn, pa, sex);
    let names = held === 0 ? undefined : k.nameFields[held];
    if (names === undefined) {
      const row = k.row;
      row.key_given = decode(C_KEY_GIVEN);
      row.key_father = decode(C_KEY_FATHER);
      row.family_name = decode(C_FAMILY_NAME);
      row.given_name = decode(C_GIVEN);
      row.patronymic = decode(C_PATRONYMIC);
      row.sex = decode(C_SEX) as StoredRecordFields['sex'];
      names = this.namesOf(row);
      if (held !== 0) k.nameFields[held] = names;
    }
    const cols = this.cols;
    cols.family[s] = idOf(C_KEY_FAMILY, entry(C_KEY_FAMILY));
    cols.phonetic[s] = idOf(C_PHONETIC, entry(C_PHONETIC));
    cols.given[s] = idOf(C_KEY_GIVEN, kg);
    cols.givenSkel[s] = names[0] as number;
    cols.father[s] = idOf(C_KEY_FATHER, kf);
    cols.patSkel[s] = names[1] as number;
    cols.givenInit[s] = names[2] as number;
    cols.fatherInit[s] = names[3] as number;
    const unitAt = start[C_UNIT] as number;
    if (unitAt >= 0) {
      const u = k.units.find(bytes, unitAt, stop[C_UNIT] as number);
      if (k.units.added) {
        const folded = foldUnitCode(decode(C_UNIT));
        // As `packFields`: the folded unit in lower case, then as folded.
        k.unitLower[u] = this.id(folded === null ? null : folded.toLowerCase());
        k.unitFold[u] = this.id(folded);
      }
      cols.unit[s] = k.unitLower[u] as number;
      cols.unitFold[s] = k.unitFold[u] as number;
    } else {
      cols.unit[s] = 0;
      cols.unitFold[s] = 0;
    }
    cols.service[s] = this.id(readServiceNumber(decode(C_SERVICE)));
    const small = (f: number): number =>
      (start[f] as number) < 0 ? 0 : bytes.readInt16BE(start[f] as number);
    this.year[s] = small(C_YEAR);
    this.month[s] = small(C_MONTH);
    this.day[s] = small(C_DAY);
    const guessedAt = start[C_GUESSED] as number;
    // The sex bits, and 32 where the birth date was written as a guess (migration 0060, a binary bool).
    this.sex[s] = (names[4] as number) | (guessedAt >= 0 && bytes[guessedAt] === 1 ? 32 : 0);
  }

  private growPersons(): void {
    const words = new Uint32Array(this.personIdWords.length * 2);
    words.set(this.personIdWords);
    this.personIdWords = words;
    const starts = new Uint32Array(this.personStart.length * 2);
    starts.set(this.personStart);
    this.personStart = starts;
  }

  /** Packs a record into `slot` (within the room `reserve` made), as a record of the person of that index. */
  pack(s: number, row: StoredLinkRow, person: number): void {
    putUuid(this.recId, s, row.id);
    this.packFields(s, row, person);
  }

  /** `pack` but the record's id (`row.id` is not read). */
  private packFields(s: number, row: StoredRecordFields, person: number): void {
    this.personOf[s] = person;
    // The name-derived fields (skeletons, initials, a sex read from the given name) by the fields they are
    // read from: computing them was most of a row's packing (~39 µs a row at load ~13), and a registry
    // repeats its names.
    const nameKey =
      row.key_given === null || row.key_father === null
        ? null
        : `${row.key_given}\u0001${row.given_name ?? '\u0002'}\u0001${row.key_father}\u0001${row.patronymic ?? '\u0002'}\u0001${row.sex ?? ''}`;
    let names = nameKey === null ? undefined : this.names.get(nameKey);
    if (names === undefined) {
      names = this.namesOf(row);
      if (nameKey !== null) this.names.set(nameKey, names);
    }
    const c = this.cols;
    c.family[s] = this.id(row.key_family);
    c.phonetic[s] = this.id(row.key_family_phonetic);
    c.given[s] = this.id(row.key_given);
    c.givenSkel[s] = names[0] as number;
    c.father[s] = this.id(row.key_father);
    c.patSkel[s] = names[1] as number;
    c.givenInit[s] = names[2] as number;
    c.fatherInit[s] = names[3] as number;
    const unitFolded = foldUnitCode(row.unit);
    // As normaliseUnit: the folded unit in lower case.
    c.unit[s] = this.id(unitFolded === null ? null : unitFolded.toLowerCase());
    // The stored unit as the lookups fold it (not lower-cased): `unitFoldSql('r.unit')`.
    c.unitFold[s] = this.id(unitFolded);
    c.service[s] = this.id(readServiceNumber(row.service_number));
    this.year[s] = row.birth_year ?? 0;
    this.month[s] = row.birth_month ?? 0;
    this.day[s] = row.birth_day ?? 0;
    this.sex[s] = (names[4] as number) | (row.birth_guessed === true ? 32 : 0);
  }

  /** A record's name-derived fields as string ids (interned in this order), and its sex bits. */
  private namesOf(row: StoredRecordFields): number[] {
    const r = toLinkRecord(row);
    const code = (x: string | null | undefined): number => (x === 'male' ? 1 : x === 'female' ? 2 : 0);
    return [
      this.id(r.givenSkeleton),
      this.id(r.patronymicSkeleton),
      this.id(r.givenInitial),
      this.id(r.fatherInitial),
      code(row.sex) | (code(r.sex) << 2) | (r.sexFromName === true ? 16 : 0),
    ];
  }

  /** Room for `total` records (grown by a quarter at least when it is short: `follow` adds batch by batch). */
  reserve(total: number): void {
    if (total > this.cap) this.grow(Math.max(total, Math.ceil(this.cap * 1.25)));
  }

  /** The names remembered while packing: dropped once the load is done (they served its repeats). */
  forgetNames(): void {
    this.names.clear();
    this.copied = null;
  }

  /** The per-record columns, at their full room (slots past the records held are unused). */
  columns(): Pick<PackedParts, 'recId' | 'personOf' | 'cols' | 'year' | 'month' | 'day' | 'sex'> {
    return {
      recId: this.recId,
      personOf: this.personOf,
      cols: this.cols,
      year: this.year,
      month: this.month,
      day: this.day,
      sex: this.sex,
    };
  }

  private grow(to = this.cap * 2): void {
    this.cap = to;
    const g = <T extends Uint32Array | Int16Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.recId = g(this.recId, this.cap * 4);
    this.personOf = g(this.personOf, this.cap);
    for (const k of STRING_COLUMNS) this.cols[k] = g(this.cols[k], this.cap);
    this.year = g(this.year, this.cap);
    this.month = g(this.month, this.cap);
    this.day = g(this.day, this.cap);
    this.sex = g(this.sex, this.cap);
  }

  finish(familiesInUse: readonly string[]): PackedParts {
    const n = this.count;
    const p = this.persons;
    this.personStart[p] = n;
    const familyInUse = new Set<number>();
    // Every key in use, whether or not a record holds it now: a probe's family is tested against them all.
    for (const f of familiesInUse) familyInUse.add(this.id(f));
    if (this.strings.text.length >= 67_108_864) throw new Error('packed registry: too many distinct strings');
    this.forgetNames();
    return {
      size: n,
      persons: p,
      strings: this.strings,
      recId: this.recId.subarray(0, n * 4),
      personOf: this.personOf.subarray(0, n),
      cols: Object.fromEntries(STRING_COLUMNS.map((c) => [c, this.cols[c].subarray(0, n)])) as Record<
        StringColumn,
        Uint32Array
      >,
      year: this.year.subarray(0, n),
      month: this.month.subarray(0, n),
      day: this.day.subarray(0, n),
      sex: this.sex.subarray(0, n),
      personIdWords: this.personIdWords.subarray(0, p * 4),
      personStart: this.personStart.subarray(0, p + 1),
      familyInUse,
    };
  }
}

/**
 * The columns `loadCopied` reads, in `CopiedRecords`'s order: `LINK_COLUMNS` but the external id, which the
 * store does not hold.
 */
const COPY_COLUMNS = `r.id, r.person_id, r.key_family, r.key_family_phonetic, r.key_given, r.key_father,
  r.family_name, r.given_name, r.patronymic, r.sex, r.birth_year, r.birth_month, r.birth_day, r.birth_guessed,
  r.unit, r.service_number`;
const COPY_FIELDS = 16;
// Their places.
const C_KEY_FAMILY = 2;
const C_PHONETIC = 3;
const C_KEY_GIVEN = 4;
const C_KEY_FATHER = 5;
const C_FAMILY_NAME = 6;
const C_GIVEN = 7;
const C_PATRONYMIC = 8;
const C_SEX = 9;
const C_YEAR = 10;
const C_MONTH = 11;
const C_DAY = 12;
const C_GUESSED = 13;
const C_UNIT = 14;
const C_SERVICE = 15;
/** 'male', 'fema' and 'le' as big-endian words. */
const MALE = 0x6d616c65;
const FEMA = 0x66656d61;
const LE = 0x6c65;
/** A binary COPY's signature, flags and header extension length (PostgreSQL's "Binary Format"). */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Reads a binary `COPY (SELECT COPY_COLUMNS …) TO STDOUT` into a builder as its bytes arrive: each field a
 * 32-bit length (-1: NULL) and its bytes (uuid: 16 bytes, smallint: 2, text: UTF-8). PostgreSQL sends a
 * row a message; a row split across messages is kept (copied) until its end comes.
 */
class CopiedRecords {
  private header = true;
  private ended = false;
  private rest: Buffer | null = null;
  /** Each field's start (-1: NULL) and end in the row being read. */
  private readonly start = new Int32Array(COPY_FIELDS);
  private readonly stop = new Int32Array(COPY_FIELDS);
  constructor(private readonly builder: PackedBuilder) {}

  /** Reads what `bytes` holds (lent: read now, kept only as a copy). */
  push(bytes: Buffer): void {
    let b = bytes;
    if (this.rest !== null) {
      b = Buffer.concat([this.rest, bytes]);
      this.rest = null;
    }
    let o = 0;
    if (this.header) {
      if (b.length < 19 || (b.length >= 19 && b.length < 19 + b.readUInt32BE(15))) {
        this.rest = Buffer.from(b);
        return;
      }
      if (!b.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('packed registry: not a binary COPY');
      o = 19 + b.readUInt32BE(15);
      this.header = false;
    }
    while (o < b.length) {
      if (this.ended) throw new Error('packed registry: data after the COPY trailer');
      const next = this.row1(b, o);
      if (next < 0) {
        this.rest = Buffer.from(b.subarray(o));
        return;
      }
      o = next;
    }
  }

  /** Checks that the COPY ended with its trailer (and every row it began). */
  end(): void {
    if (!this.ended || this.rest !== null) throw new Error('packed registry: the COPY ended early');
  }

  /** Reads the row (or trailer) at `o`: where the next begins, or -1 if it does not end in `b`. */
  private row1(b: Buffer, o: number): number {
    if (o + 2 > b.length) return -1;
    const n = b.readInt16BE(o);
    if (n === -1) {
      this.ended = true;
      return o + 2;
    }
    if (n !== COPY_FIELDS) throw new Error(`packed registry: a COPY row of ${n} fields`);
    let at = o + 2;
    const start = this.start;
    const stop = this.stop;
    for (let f = 0; f < COPY_FIELDS; f++) {
      if (at + 4 > b.length) return -1;
      const len = b.readInt32BE(at);
      at += 4;
      if (len < 0) {
        start[f] = -1;
        stop[f] = at;
      } else {
        if (at + len > b.length) return -1;
        start[f] = at;
        stop[f] = at += len;
      }
    }
    const id = start[0] as number;
    const personId = start[1] as number;
    if (id < 0 || personId < 0 || (stop[0] as number) - id !== 16 || (stop[1] as number) - personId !== 16)
      throw new Error('packed registry: a record without its ids');
    this.builder.addCopied(b, start, stop);
    return at;
  }
}

/** What `PackedBuilder.addCopied` remembers while a COPY is read. */
class CopiedKeys {
  /** The text fields' values by their bytes (names, keys, an unusual sex). */
  readonly text = new ByteKeys();
  /** A value's string id once interned (0: not yet), by its entry in `text`. */
  tableId = new Uint32Array(BYTE_KEYS_ROOM);
  /** Units by their bytes, and the string ids of each one's folded forms. */
  readonly units = new ByteKeys();
  unitLower = new Uint32Array(BYTE_KEYS_ROOM);
  unitFold = new Uint32Array(BYTE_KEYS_ROOM);
  /** (given key, father key, given name, patronymic, sex) by entry, and the name-derived fields of each. */
  readonly names = new TupleKeys();
  readonly nameFields: (number[] | undefined)[] = [];
  /** Fields of the record whose names are derived (`toLinkRecord`), reused. */
  readonly row: StoredRecordFields = {
    id: '',
    key_family: null,
    key_family_phonetic: null,
    key_given: null,
    key_father: null,
    family_name: null,
    given_name: null,
    patronymic: null,
    sex: null,
    birth_year: null,
    birth_month: null,
    birth_day: null,
    unit: null,
    service_number: null,
  };

  constructor() {
    this.text.onGrow = (n) => {
      this.tableId = grown(this.tableId, n);
    };
    this.units.onGrow = (n) => {
      this.unitLower = grown(this.unitLower, n);
      this.unitFold = grown(this.unitFold, n);
    };
  }
}

/** The entries a `ByteKeys` has room for at first (and the arrays kept beside it: `onGrow`). */
const BYTE_KEYS_ROOM = 1 << 12;

function grown(a: Uint32Array<ArrayBuffer>, n: number): Uint32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Uint32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Tuples of five integers by entry (1, 2, …), each held once, found by their values (open addressing). */
class TupleKeys {
  private values = new Int32Array(BYTE_KEYS_ROOM * 5);
  private hash = new Int32Array(BYTE_KEYS_ROOM);
  private table = new Uint32Array(BYTE_KEYS_ROOM * 2);
  private count = 1;

  /** The entry of the tuple, added if new. */
  find(a: number, b: number, c: number, d: number, e: number): number {
    let h = Math.imul(a ^ 0x27d4eb2f, 0x165667b1);
    h = Math.imul(h ^ b ^ (h >>> 15), 0x85ebca6b);
    h = Math.imul(h ^ c ^ (h >>> 13), 0xc2b2ae35);
    h = Math.imul(h ^ d ^ (h >>> 16), 0x27d4eb2f);
    h = Math.imul(h ^ e ^ (h >>> 15), 0x165667b1);
    h ^= h >>> 16;
    const table = this.table;
    const v = this.values;
    const mask = table.length - 1;
    let at = h & mask;
    for (;;) {
      const x = table[at] as number;
      if (x === 0) break;
      const o = x * 5;
      if (v[o] === a && v[o + 1] === b && v[o + 2] === c && v[o + 3] === d && v[o + 4] === e) return x;
      at = (at + 1) & mask;
    }
    const x = this.count++;
    if (x >= this.hash.length) {
      const values = new Int32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
      const hash = new Int32Array(this.hash.length * 2);
      hash.set(this.hash);
      this.hash = hash;
    }
    const o = x * 5;
    this.values[o] = a;
    this.values[o + 1] = b;
    this.values[o + 2] = c;
    this.values[o + 3] = d;
    this.values[o + 4] = e;
    this.hash[x] = h;
    table[at] = x;
    if (this.count * 2 > table.length) {
      const grown = new Uint32Array(table.length * 2);
      const m = grown.length - 1;
      for (let y = 1; y < this.count; y++) {
        let p = (this.hash[y] as number) & m;
        while (grown[p] !== 0) p = (p + 1) & m;
        grown[p] = y;
      }
      this.table = grown;
    }
    return x;
  }
}

/**
 * Byte strings by entry (1, 2, …; 0 is none), each held once, found by their bytes: the fields of a COPY's
 * rows told apart without decoding them (open addressing over an FNV-1a hash).
 */
class ByteKeys {
  /** Whether the last `find` added its bytes. */
  added = false;
  /** Told the entries' count whenever it grows past what it was told. */
  onGrow: (entries: number) => void = () => undefined;
  private held = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private count = 1;
  private from = new Uint32Array(BYTE_KEYS_ROOM);
  private length = new Uint32Array(BYTE_KEYS_ROOM);
  private hash = new Int32Array(BYTE_KEYS_ROOM);
  private table = new Uint32Array(BYTE_KEYS_ROOM * 2);

  /** The entry of `b`'s bytes from `from` to `to`, added if new. */
  find(b: Buffer, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    h ^= h >>> 15;
    const n = to - from;
    const table = this.table;
    const mask = table.length - 1;
    let at = h & mask;
    for (;;) {
      const e = table[at] as number;
      if (e === 0) break;
      if (this.hash[e] === h && this.length[e] === n && this.same(e, b, from, n)) {
        this.added = false;
        return e;
      }
      at = (at + 1) & mask;
    }
    const e = this.count++;
    if (e >= this.from.length) {
      const size = this.from.length * 2;
      this.from = grown(this.from, size);
      this.length = grown(this.length, size);
      const hash = new Int32Array(size);
      hash.set(this.hash);
      this.hash = hash;
      this.onGrow(size);
    }
    if (this.used + n > this.held.length) {
      const held = Buffer.allocUnsafe(Math.max(this.held.length * 2, this.used + n));
      this.held.copy(held, 0, 0, this.used);
      this.held = held;
    }
    b.copy(this.held, this.used, from, to);
    this.from[e] = this.used;
    this.length[e] = n;
    this.hash[e] = h;
    this.used += n;
    table[at] = e;
    if (this.count * 2 > table.length) this.rehash();
    this.added = true;
    return e;
  }

  private same(e: number, b: Buffer, from: number, n: number): boolean {
    const held = this.held;
    const at = this.from[e] as number;
    for (let i = 0; i < n; i++) if (held[at + i] !== b[from + i]) return false;
    return true;
  }

  private rehash(): void {
    const table = new Uint32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let e = 1; e < this.count; e++) {
      let at = (this.hash[e] as number) & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = e;
    }
    this.table = table;
  }
}
