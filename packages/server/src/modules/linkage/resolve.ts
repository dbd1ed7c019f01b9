import {
  BLOCKING_RULES,
  type BlockKeys,
  compileModel,
  decideRecord,
  queueReason,
  importQueueCap,
  foldUnitCode,
  queueThreshold,
  scorePair,
  type CandidatePerson,
  type CompiledModel,
  type Decision,
  type LinkRecord,
  blockKeysNear2ByGlyph,
  GLYPH_NEAR_MIN,
  glyphNearKeys,
  RARE_FAMILY_RECORDS,
} from '@homecoming/linkage';
import { familyGlyphKey } from '@homecoming/names';
import { sql, type Kysely, type Transaction } from 'kysely';
import { REGISTRY_ORGANISATION_ID, type Principal } from '../../auth/permissions.js';
import { newId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { appendAudit } from '../audit/log.js';
import {
  insertEvents,
  insertRecordRows,
  prepareNewPersons,
  refreshPersons,
  statusEventOf,
  writeNewPersons,
  type NewEvent,
  type NewRecord,
  type WriteContext,
} from '../records/repo.js';
import { survivingPersonId } from '../persons/repo.js';
import {
  CANDIDATES_PER_PROBE,
  candidatePersons,
  confidentMatch,
  preScore,
  probeOf,
  probeUnit,
  recordsBeside,
  NEAR_RULE,
  NEAR2_RULE,
  type RecordsBeside,
  RULE_LIMITS,
  SELECTIVE_RULES,
  UNYEARED_ONLY_UNUSED_FAMILY,
} from './candidates.js';
import { countNames, SpellingCounts, termFrequenciesOf, type NameCounts } from './frequencies.js';
import { NearGlyphs, type FamilyKeyCounts } from './familyKeys.js';
import type { PackedRegistry } from './packedRegistry.js';
import { proposePairs, type PairProposal } from './repo.js';
import { tally, timed, timedSync } from '../../phases.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** What linkage decided for one arriving record. */
export interface Resolution {
  decision: Decision;
  personId: string;
  /** Whether the record made a new person (decision none or possible). */
  newPerson: boolean;
  score: number | null;
  /**
   * Other persons of one record that the record was a possible match of (scored from the review threshold
   * up) and did not join: the import decides them again at its end (`resolveSingletons`), as it does the
   * persons of one record it made from a possible match.
   */
  near?: string[];
}

/** One written record of a batch. */
export interface WrittenRecord {
  recordId: string;
  personId: string;
  item: NewRecord;
  resolution: Resolution;
}

/** Where a record comes from, as its sender names it: the source and the source's own id of the person. */
export interface RecordOrigin {
  source: string;
  externalId: string;
}

/**
 * Constraints an import places on linkage's automatic decisions. `keepSourceIdsApart`: never link a
 * record automatically to a person that holds a record of the same source under another external id: the
 * sender lists them as different persons (a registry's PFIF export lists each of its persons once). When
 * linkage would link them, the record makes a new person and the pair is queued for review, with why.
 */
export interface ResolveConstraints {
  keepSourceIdsApart?: boolean;
  /**
   * The registry held no record when the import began and `inFlight` holds every batch written since:
   * the database is not asked which records exist, nor which persons the blocks find when every block of
   * the probe is small enough that the lookups would read it whole (`InFlightBatch.findWhole`). A probe
   * with a larger block is looked up in the database as usual, beside `writing`.
   */
  registryEmpty?: boolean;
  /** With `registryEmpty`: the batch being written beside this one (not yet committed), if any. */
  writing?: InFlightBatch | null;
  /**
   * The name counts as stored once the batch before this one has committed, kept in memory (a first
   * bulk load on PGlite): read there instead of from `name_frequency`, so that resolving this batch need
   * not wait for that commit.
   */
  nameCounts?: NameCounts | null;
  /**
   * The registry's link columns held in memory (`PackedRegistry`), following every batch of this import
   * committed before the one beside (`beside`), which it does not hold: it answers the blocking lookups
   * instead of the database, exactly as `candidatePersons` would with that batch left out (a registry of
   * one organisation; records written meanwhile by anyone else are not in it, which the database would see).
   */
  packed?: PackedRegistry | null;
  /**
   * With `packed`: ask the database as well and throw when any probe's answer (persons, their order, their
   * records) differs. For tests and benches: it costs both lookups.
   */
  verifyPacked?: boolean;
  /**
   * The family keys in use with their counts as these reads would count them (every record stored but the
   * batch beside): the lookups find each probe's near neighbours there (`FamilyKeyCounts`).
   */
  familyCounts?: FamilyKeyCounts | null;
}

/** Counts of a batch's decisions. */
export interface LinkCounts {
  matched: number;
  possible: number;
  created: number;
}

/**
 * Decides, in order, where each record of a batch belongs: an existing person found by the blocking
 * lookups, a person made earlier in the same batch, or a new person. Later records see earlier ones, so
 * two rows about one man in one file become one person. Possible matches become new persons with a
 * review pair against the person they resemble.
 */
export async function resolveBatch(
  trx: Tx,
  cm: CompiledModel,
  probes: readonly LinkRecord[],
  organisationId: string,
  inFlight: InFlightBatch | null = null,
  /** With `keepSourceIdsApart`, the origin of each probe (as `probes`). */
  constraints: ResolveConstraints & { probeOrigins?: readonly RecordOrigin[] } = {},
): Promise<{ resolutions: Resolution[]; proposals: PairProposal[]; persons: Map<string, LinkRecord[]> }> {
  const looked = await lookUpProbes(trx, cm, probes, organisationId, inFlight, constraints);
  return decideProbes(trx, cm, probes, looked, inFlight, constraints);
}

/** What a batch's reads found for its probes, before any of them is decided. */
interface ProbesLookedUp {
  /** The model with the name counts as the registry stood when the batch was read. */
  bm: CompiledModel;
  /** Its counts of the candidates' spellings, covered before any score reads them (`SpellingCounts`). */
  spellings: SpellingCounts;
  found: CandidatePerson[][];
  /** Persons of the index found in memory (a first bulk load); null: those of the batch beside, at decision. */
  extra: string[][] | null;
}

/**
 * The reads of a batch's resolution: the name counts and the blocking lookups. `beside` is the batch being
 * written beside these reads (not yet committed): only its family keys are read here (the lookups take them
 * as in use), so an import may look up a batch before the one beside it has been decided (`BatchAhead`).
 * A first bulk load (`registryEmpty`) answers in memory from the whole index, `beside`, instead.
 */
async function lookUpProbes(
  trx: Tx,
  cm: CompiledModel,
  probes: readonly LinkRecord[],
  organisationId: string,
  beside: InFlightBatch | BatchAhead | null,
  constraints: ResolveConstraints,
): Promise<ProbesLookedUp> {
  // The batch written beside these reads (a first bulk load's index holds every batch; `writing` is the
  // one beside): every read leaves its records out, committed or not, and the decisions take them from
  // memory, so that when it commits changes nothing.
  const aside = (constraints.registryEmpty === true ? constraints.writing : beside)?.written ?? null;
  // The evidence of a name, and the prior, as the registry stands (this batch's own records counted, and
  // those of the batch beside).
  const counts = constraints.nameCounts;
  const tf =
    counts === undefined || counts === null
      ? await timed('resolve: name frequencies read', () => termFrequenciesOf(trx, probes, probes, aside))
      : timedSync('resolve: name frequencies (memory)', () => counts.of(probes));
  const bm = compileModel(cm.model, tf);
  // The candidates' spellings counted by the same rule as the probes' keys, whoever else is in the batch.
  const spellings =
    counts === undefined || counts === null
      ? SpellingCounts.ofDatabase(trx, tf, probes, aside)
      : SpellingCounts.ofMemory(counts, tf, probes);
  // A probe its selective blocks match confidently needs no broad block (as for a list).
  const settled = (i: number, persons: readonly CandidatePerson[]): boolean =>
    confidentMatch(bm, probes[i] as LinkRecord, coveredOnly(spellings, persons));
  if (constraints.registryEmpty === true) {
    const index = beside instanceof InFlightBatch ? beside : null;
    const { found, extra } = await timed('resolve: candidates (lookups or memory)', () =>
      candidatesOf(trx, probes, organisationId, index, constraints, settled, aside, spellings),
    );
    return { bm, spellings, found, extra };
  }
  const inUse = (f: string): boolean => (beside === null ? false : beside.hasFamily(f));
  const families = constraints.familyCounts ?? null;
  const store = constraints.packed;
  const lookUp = (): ReturnType<typeof candidatePersons> =>
    candidatePersons(
      trx,
      probes,
      organisationId,
      settled,
      LOOKUP_PARTS,
      inUse,
      aside,
      families,
      (selective) => spellings.coverPersons(selective),
    );
  const found =
    store === undefined || store === null
      ? await timed('resolve: candidates (lookups or memory)', lookUp)
      : await packedCandidates(store, probes, settled, inUse, spellings);
  if (store !== undefined && store !== null && constraints.verifyPacked === true) {
    verifyPackedAnswers(found, await lookUp());
  }
  return { bm, spellings, found, extra: null };
}

/**
 * The persons handed to a score, once every spelling of theirs is counted (`SpellingCounts`): a score read
 * before would weigh a spelling by the batch, and be remembered.
 */
export function coveredOnly<P extends CandidatePerson>(
  spellings: SpellingCounts,
  persons: readonly P[],
): readonly P[] {
  if (!spellings.covers(persons)) throw new Error('a candidate scored before its spellings were counted');
  return persons;
}

/**
 * A lookup whose `settled` test scores the persons it finds, run so that no score reads a spelling not yet
 * counted (`SpellingCounts`) when it cannot wait for a read (in memory, `PackedRegistry.lookUp`,
 * `InFlightBatch.findWhole`): a probe whose selective persons hold a spelling not yet counted is taken as
 * settled, those spellings are read, and the probe is looked up again with the same selective persons, now
 * counted. The answer is the one lookup's with every count read first.
 */
export async function lookUpCounted<T>(
  spellings: SpellingCounts,
  probes: number,
  settled: (i: number, persons: readonly CandidatePerson[]) => boolean,
  run: (
    indices: readonly number[],
    settled: (k: number, persons: readonly CandidatePerson[]) => boolean,
  ) => Promise<T[]> | T[],
): Promise<T[]> {
  const again = new Set<number>();
  const all = Array.from({ length: probes }, (_, i) => i);
  const out = await run(all, (i, persons) => {
    if (spellings.covers(persons)) return settled(i, persons);
    again.add(i);
    return true;
  });
  if (again.size === 0) return out;
  tally("spellings: probes looked up again (a selective candidate's spelling read)", again.size);
  await spellings.cover();
  const redo = [...again];
  const more = await run(redo, (k, persons) => settled(redo[k] as number, persons));
  redo.forEach((i, k) => (out[i] = more[k] as T));
  return out;
}

/**
 * The decisions of a batch whose reads are done: `inFlight` is the batch written beside those reads, now
 * decided (its persons and records are candidates, as if it had committed).
 */
async function decideProbes(
  trx: Tx,
  cm: CompiledModel,
  probes: readonly LinkRecord[],
  looked: ProbesLookedUp,
  inFlight: InFlightBatch | null,
  constraints: ResolveConstraints & { probeOrigins?: readonly RecordOrigin[] },
): Promise<{ resolutions: Resolution[]; proposals: PairProposal[]; persons: Map<string, LinkRecord[]> }> {
  const { bm, found, spellings } = looked;
  const extra = looked.extra ?? probes.map((p) => (inFlight === null ? [] : inFlight.find(p)));
  // Every candidate's spellings counted before any is scored: the persons found, and those the batch beside
  // holds (with its records not yet committed).
  for (const list of found)
    for (const c of list) {
      spellings.want(c.records);
      const theirs = inFlight?.persons.get(c.personId);
      if (theirs !== undefined) spellings.want(theirs);
    }
  for (const ids of extra)
    for (const id of ids) {
      const theirs = inFlight?.persons.get(id);
      if (theirs !== undefined) spellings.want(theirs);
    }
  await timed("resolve: candidates' spellings counted", () => spellings.cover());
  let origins: Map<string, RecordOrigin> | null = null;
  if (constraints.keepSourceIdsApart === true && constraints.probeOrigins !== undefined) {
    const mine = constraints.probeOrigins;
    // Stored records the decisions may meet: the candidates', and those of the persons the batch being
    // written touched (they may hold records committed earlier).
    const stored = new Set(found.flatMap((list) => list.flatMap((c) => c.records.map((r) => r.id))));
    for (const list of inFlight?.persons.values() ?? [])
      for (const r of list) if (!inFlight?.origins.has(r.id)) stored.add(r.id);
    origins = await timed("resolve: candidates' origins", () =>
      originsOf(trx, [...stored], new Set(mine.map((o) => o.source))),
    );
    for (const [id, o] of inFlight?.origins ?? []) origins.set(id, o);
    probes.forEach((p, i) => {
      const o = mine[i];
      if (o !== undefined) origins?.set(p.id, o);
    });
  }
  return timed('resolve: scoring and decisions (JS)', () =>
    decideBatch(cm, bm, probes, found, extra, inFlight, origins),
  );
}

/** Throws when the packed registry's answers differ from the database's (persons, their order, records). */
export function verifyPackedAnswers(
  found: readonly (readonly CandidatePerson[])[],
  asked: readonly (readonly CandidatePerson[])[],
): void {
  const shape = (l: readonly CandidatePerson[] | undefined): string =>
    JSON.stringify((l ?? []).map((c) => [c.personId, c.records]));
  const differing = found.filter((f, i) => shape(f) !== shape(asked[i])).length;
  if (differing > 0)
    throw new Error(`packed registry: ${differing} of ${found.length} probes answered unlike the database`);
  tally('packed: probes verified against the database', found.length);
}

/**
 * `candidatePersons` answered by the packed registry, in slices with a turn of the event loop between them
 * (the batch written beside waits for its statements' answers to be read, as in decideBatch).
 */
export async function packedCandidates(
  store: PackedRegistry,
  probes: readonly LinkRecord[],
  settled: (i: number, persons: readonly CandidatePerson[]) => boolean,
  familyInUse: ((family: string) => boolean) | undefined,
  /** The batch's counts: a probe's selective persons' spellings are counted before `settled` scores them. */
  spellings: SpellingCounts,
): Promise<CandidatePerson[][]> {
  return lookUpCounted(spellings, probes.length, settled, (indices, counted) =>
    packedSlices(
      store,
      indices.map((i) => probes[i] as LinkRecord),
      counted,
      familyInUse,
    ),
  );
}

/** `packedCandidates`' lookups, `settled` asked as they go. */
async function packedSlices(
  store: PackedRegistry,
  probes: readonly LinkRecord[],
  settled: (i: number, persons: readonly CandidatePerson[]) => boolean,
  familyInUse?: (family: string) => boolean,
): Promise<CandidatePerson[][]> {
  const found: CandidatePerson[][] = [];
  for (let from = 0; from < probes.length; from += PROBES_PER_TURN * 4) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const slice = probes.slice(from, from + PROBES_PER_TURN * 4);
    // The process's CPU as well as the wall clock: on a loaded machine the latter counts the turns waited.
    const cpu = process.cpuUsage();
    const r = timedSync('resolve: packed registry lookups (JS)', () =>
      store.lookUp(slice, (i, persons) => settled(from + i, persons), familyInUse),
    );
    const used = process.cpuUsage(cpu);
    tally(
      'packed: lookups CPU (ms, the settled test included)',
      Math.round((used.user + used.system) / 1000),
    );
    for (const f of r.found) found.push(f);
    tally('packed: probes looked up', slice.length);
    tally('packed: records pre-scored', r.stats.recordsScored);
    tally('packed: branches over their LIMIT', r.stats.branchesOverLimit);
  }
  tally(
    'lookups: candidate persons kept',
    found.reduce((n, l) => n + l.length, 0),
  );
  return found;
}

/**
 * The persons the blocking rules find for each probe in a first bulk load (`registryEmpty`): `inFlight`
 * holds every record stored, so the memory answers each probe whose blocks are read whole, exactly as the
 * lookups would (`extra`: ids of persons `inFlight` holds), and the database the others (`found`, with
 * their stored records), with the batch being written beside them as usual.
 */
async function candidatesOf(
  trx: Tx,
  probes: readonly LinkRecord[],
  organisationId: string,
  inFlight: InFlightBatch | null,
  constraints: ResolveConstraints,
  /** Whether a probe's selective blocks settle it (then its broad blocks are not looked up). */
  settled: (i: number, persons: readonly CandidatePerson[]) => boolean,
  /** The records of the batch written beside (`writing`), which the database's answers leave out. */
  aside: RecordsBeside | null,
  /** The batch's counts of its candidates' spellings, read before `settled` scores them. */
  spellings: SpellingCounts,
): Promise<{ found: CandidatePerson[][]; extra: string[][] }> {
  const found = probes.map((): CandidatePerson[] => []);
  if (inFlight === null) return { found, extra: probes.map((): string[] => []) };
  // In slices, giving the event loop a turn between them: the batch being written beside this one waits
  // for its statements' answers to be read (as in decideBatch).
  // The batch being written beside is found whole as well (uncapped), as on the database path.
  const writing = constraints.writing ?? null;
  const hits = await lookUpCounted(spellings, probes.length, settled, async (indices, counted) => {
    const out: { ids: string[]; whole: boolean }[] = [];
    for (let from = 0; from < indices.length; from += PROBES_PER_TURN * 4) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const to = Math.min(indices.length, from + PROBES_PER_TURN * 4);
      timedSync('resolve: memory lookups (JS)', () => {
        for (let k = from; k < to; k++) {
          const p = probes[indices[k] as number] as LinkRecord;
          const hit = inFlight.findWhole(p, (persons) => counted(k, persons));
          if (hit.whole && writing !== null) hit.ids = [...new Set([...hit.ids, ...writing.find(p)])];
          out.push(hit);
        }
      });
    }
    return out;
  });
  const extra = hits.map((h) => h.ids);
  const partial = hits.flatMap((h, i) => (h.whole ? [] : [i]));
  tally('memory: probes answered in memory', probes.length - partial.length);
  if (partial.length > 0) {
    tally('memory: probes looked up (a block above its limit)', partial.length);
    const partialProbes = partial.map((i) => probes[i] as LinkRecord);
    const partialSettled = (k: number, persons: readonly CandidatePerson[]): boolean =>
      settled(partial[k] as number, persons);
    const inUse = (f: string): boolean => inFlight.hasFamily(f) || writing?.hasFamily(f) === true;
    const lookUp = (): Promise<CandidatePerson[][]> =>
      candidatePersons(
        trx,
        partialProbes,
        organisationId,
        partialSettled,
        LOOKUP_PARTS,
        inUse,
        aside,
        constraints.familyCounts,
        (selective) => spellings.coverPersons(selective),
      );
    // The packed registry, when the import keeps one beside its index (a first bulk load on PGlite), holds
    // every batch committed but the one beside: it answers as the database would, without a statement.
    const store = constraints.packed;
    const asked =
      store === undefined || store === null
        ? await lookUp()
        : await packedCandidates(store, partialProbes, partialSettled, inUse, spellings);
    if (store !== undefined && store !== null && constraints.verifyPacked === true)
      verifyPackedAnswers(asked, await lookUp());
    partial.forEach((i, k) => {
      found[i] = asked[k] ?? [];
      extra[i] = writing === null ? [] : writing.find(probes[i] as LinkRecord);
    });
  }
  return { found, extra };
}

/**
 * A record's blocking keys, computed once: an import asks for a probe's several times (the memory
 * lookups, the batch being written beside, the batch's own blocks, the index it joins).
 */
const blockingKeysOf = new WeakMap<LinkRecord, BlockKeys>();
function keysOf(r: LinkRecord): BlockKeys {
  let keys = blockingKeysOf.get(r);
  if (keys === undefined) {
    // The two-letters rule read by glyph key (`NearGlyphs`), not by its keys.
    keys = blockKeysNear2ByGlyph(r);
    blockingKeysOf.set(r, keys);
  }
  return keys;
}

/**
 * Lookup statements run at once for a batch resolved outside a transaction (an import resolves a batch
 * while the one before it is written): two, for the two cores PostgreSQL may use.
 */
const LOOKUP_PARTS = 2;

/** Probes scored between two yields to the event loop. */
const PROBES_PER_TURN = 64;

/** The origins of those stored records that come from one of the given sources. */
async function originsOf(
  trx: Tx,
  ids: readonly string[],
  sources: ReadonlySet<string>,
): Promise<Map<string, RecordOrigin>> {
  const out = new Map<string, RecordOrigin>();
  if (ids.length === 0 || sources.size === 0) return out;
  const rows = await sql<{ id: string; source: string; external_id: string }>`
    SELECT r.id, s.name AS source, r.external_id FROM record r JOIN source s ON s.id = r.source_id
    WHERE r.id = ANY(${ids}::uuid[]) AND s.name = ANY(${[...sources]}::text[])`.execute(trx);
  for (const r of rows.rows) out.set(r.id, { source: r.source, externalId: r.external_id });
  return out;
}

/** A record of the person, from the probe's source under another external id: the sender's other person. */
function sendersOtherPerson(
  origins: ReadonlyMap<string, RecordOrigin>,
  probe: LinkRecord,
  personRecords: readonly LinkRecord[],
): { record: LinkRecord; origin: RecordOrigin; mine: RecordOrigin } | null {
  const mine = origins.get(probe.id);
  if (mine === undefined) return null;
  for (const record of personRecords) {
    const origin = origins.get(record.id);
    if (origin !== undefined && origin.source === mine.source && origin.externalId !== mine.externalId)
      return { record, origin, mine };
  }
  return null;
}

/**
 * Scores and decides each probe in order. It gives the event loop a turn every few dozen probes: an
 * import writes the previous batch meanwhile, and each of that write's statements would otherwise wait,
 * answered but unread, until the whole batch had been scored (a second of JS per batch at 1M).
 */
async function decideBatch(
  cm: CompiledModel,
  bm: CompiledModel,
  probes: readonly LinkRecord[],
  found: CandidatePerson[][],
  /** Persons `inFlight` holds that the blocks find for each probe (as `probes`). */
  extra: string[][],
  inFlight: InFlightBatch | null,
  /** Record origins, when records of one source under different ids must be kept apart. */
  origins: ReadonlyMap<string, RecordOrigin> | null,
): Promise<{ resolutions: Resolution[]; proposals: PairProposal[]; persons: Map<string, LinkRecord[]> }> {
  const records = new Map<string, LinkRecord[]>();
  for (const list of found) for (const c of list) records.set(c.personId, [...c.records]);
  // A person `inFlight` holds has there all its records, those not yet committed included: whether the
  // lookups or the memory found it, it is compared with all of them.
  const merged = new Set<string>();
  const merge = (id: string): void => {
    if (merged.has(id)) return;
    merged.add(id);
    const theirs = inFlight?.persons.get(id);
    if (theirs === undefined) {
      if (!records.has(id)) records.set(id, []);
      return;
    }
    const ours = records.get(id);
    if (ours === undefined) records.set(id, [...theirs]);
    else {
      const seen = new Set(ours.map((r) => r.id));
      for (const r of theirs) if (!seen.has(r.id)) ours.push(r);
    }
  };
  if (inFlight !== null) for (const list of found) for (const c of list) merge(c.personId);
  for (const ids of extra) for (const id of ids) merge(id);
  // By rule, then key: the probe's key strings are hashed once (no `rule:key` string built per probe).
  const batchBlocks = BLOCKING_RULES.map(() => new Map<string, Set<string>>());
  // The two-letters rule by glyph key (`keysOf`): the persons of the batch's records of each glyph key with
  // their given and father's classes; a probe meets those two letters off or fewer sharing one of them.
  const batchGlyphs = new NearGlyphs();
  const byGlyph = new Map<string, { given: string | null; father: string | null; personId: string }[]>();
  const resolutions: Resolution[] = [];
  const proposals: PairProposal[] = [];
  for (let i = 0; i < probes.length; i++) {
    if (i > 0 && i % PROBES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const probe = probes[i] as LinkRecord;
    const keys = keysOf(probe);
    const ids = new Set((found[i] ?? []).map((c) => c.personId));
    for (const id of extra[i] ?? []) ids.add(id);
    keys.forEach((list, rule) => {
      if (rule === NEAR2_RULE) return;
      for (const k of list) for (const id of batchBlocks[rule]?.get(k) ?? []) ids.add(id);
    });
    const glyph = (keys[NEAR2_RULE] ?? []).length > 0 ? familyGlyphKey(probe.family) : null;
    for (const g of batchGlyphs.near(glyph))
      for (const e of byGlyph.get(g) ?? [])
        if (
          (probe.given !== null && e.given === probe.given) ||
          (probe.father !== null && e.father === probe.father)
        )
          ids.add(e.personId);
    const candidates: CandidatePerson[] = [...ids].map((id) => ({
      personId: id,
      records: records.get(id) ?? [],
    }));
    const d = decideRecord(bm, probe, candidates);
    let personId: string;
    let newPerson: boolean;
    const apart =
      origins !== null && d.decision === 'match' && d.best
        ? sendersOtherPerson(origins, probe, records.get(d.best.personId) ?? [])
        : null;
    if (apart !== null && d.best) {
      // The sender says these are two persons: linkage may not overrule it alone; a reviewer decides.
      personId = newId();
      newPerson = true;
      const pair = scorePair(bm, probe, d.best.record, records.get(d.best.personId));
      proposals.push({
        leftPersonId: d.best.personId,
        rightPersonId: personId,
        leftRecordId: d.best.record.id,
        rightRecordId: probe.id,
        score: pair.score,
        explanation: pair.contributions,
        modelVersion: cm.model.version,
        reason: `linkage would link these automatically, but source ${apart.mine.source} lists them as two persons (ids ${apart.origin.externalId} and ${apart.mine.externalId}); ${queueReason(pair).replace(/; not sure enough to link automatically \(score [^)]*\)$/, '')} (score ${pair.score.toFixed(1)})`,
      });
    } else if (d.decision === 'match' && d.best) {
      personId = d.best.personId;
      newPerson = false;
      // Other persons the record matches as surely, that can be the same man: one man held twice. They
      // are not merged on this record's word; a reviewer sees each beside the person it joined.
      for (const other of d.alsoMatches ?? []) {
        const pair = scorePair(bm, probe, other.record, records.get(other.personId));
        proposals.push({
          leftPersonId: d.best.personId,
          rightPersonId: other.personId,
          leftRecordId: probe.id,
          rightRecordId: other.record.id,
          score: pair.score,
          explanation: pair.contributions,
          modelVersion: cm.model.version,
          reason: `the record that joined the left person matches this one as surely, and nothing in the two persons conflicts; ${queueReason(pair)}`,
        });
      }
    } else {
      personId = newId();
      newPerson = true;
      // A possible match is queued only when it is nearly as sure as a link (see queueThreshold).
      if (d.decision === 'possible' && d.best && d.best.score >= queueThreshold(bm.model)) {
        const pair = scorePair(bm, probe, d.best.record, records.get(d.best.personId));
        proposals.push({
          leftPersonId: d.best.personId,
          rightPersonId: personId,
          leftRecordId: d.best.record.id,
          rightRecordId: probe.id,
          score: pair.score,
          explanation: pair.contributions,
          modelVersion: cm.model.version,
          reason: queueReason(pair),
        });
      }
    }
    const list = records.get(personId);
    if (list) list.push(probe);
    else records.set(personId, [probe]);
    if (glyph !== null) {
      batchGlyphs.add(glyph);
      const entry = { given: probe.given, father: probe.father, personId };
      const list = byGlyph.get(glyph);
      if (list === undefined) byGlyph.set(glyph, [entry]);
      else list.push(entry);
    }
    keys.forEach((list, rule) => {
      const blocks = batchBlocks[rule];
      if (blocks === undefined || rule === NEAR2_RULE) return;
      for (const k of list) {
        const set = blocks.get(k);
        if (set) set.add(personId);
        else blocks.set(k, new Set([personId]));
      }
    });
    const near = d.ranked
      .filter((p) => p.score >= bm.model.thresholds.review && p.personId !== personId)
      .filter((p) => (records.get(p.personId)?.length ?? 0) === 1)
      .map((p) => p.personId);
    resolutions.push({
      decision: apart !== null ? 'possible' : d.decision,
      personId,
      newPerson,
      score: d.best ? d.best.score : null,
      ...(near.length > 0 ? { near } : {}),
    });
  }
  // A queue a team can clear: the batch queues at most importQueueCap pairs, the likeliest first (a record
  // that matched two persons as surely scores at or above the auto threshold, so those lead).
  const seen = new Set<string>();
  const kept = proposals
    .sort((a, b) => b.score - a.score)
    .filter((p) => {
      const key = [p.leftPersonId, p.rightPersonId].sort().join('|');
      return p.leftPersonId !== p.rightPersonId && !seen.has(key) && seen.add(key);
    })
    .slice(0, importQueueCap(probes.length));
  return { resolutions, proposals: kept, persons: records };
}

const originOf = (item: NewRecord): RecordOrigin => ({
  source: item.source.name,
  externalId: item.content.external_id,
});

/** The in-memory identity of a record: its source's name and its external id. */
const itemKey = (item: NewRecord): string => `${item.source.name}\u0000${item.content.external_id}`;

/**
 * Which items are new: not yet in the registry by (source, external_id), not in the batch being written
 * beside this one, and first in the batch.
 */
async function newItems(
  trx: Tx,
  items: readonly NewRecord[],
  inFlight: { readonly keys: ReadonlySet<string> } | null,
  /** The organisation the records are written into: its sources are the ones named. */
  organisationId: string,
  registryEmpty = false,
): Promise<NewRecord[]> {
  if (items.length === 0) return [];
  if (registryEmpty) {
    // Nothing is stored but what this import wrote, and `inFlight` holds all of that.
    const seen = new Set<string>();
    return items.filter((item) => {
      const key = itemKey(item);
      if (inFlight?.keys.has(key) === true || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  // Sources not yet looked up by this import (id 0) are found by name, in the organisation that writes
  // (the record is written under its source of that name: ensureSources); a source that does not exist
  // has no records. Another organisation's source of the same name is not this one's: found, it made this
  // organisation's rows unchanged when that one held their ids, and its own rows new when it did not (their
  // new persons never written, a review pair naming one failed on its foreign key).
  const unknown = [...new Set(items.filter((i) => i.source.id === 0).map((i) => i.source.name))];
  const idOf = new Map(items.map((i) => [i.source.name, i.source.id]));
  if (unknown.length > 0) {
    const rows = await sql<{ id: number; name: string }>`
      SELECT id, name FROM source
      WHERE organisation_id = ${organisationId}::uuid AND name = ANY(${unknown}::text[])`.execute(trx);
    for (const r of rows.rows) idOf.set(r.name, r.id);
  }
  const keys = JSON.stringify(
    items.map((c) => ({ s: idOf.get(c.source.name) ?? 0, e: c.content.external_id })),
  );
  const existing = await sql<{ source_id: number; external_id: string }>`
    SELECT r.source_id, r.external_id FROM json_to_recordset(${keys}::json) AS k(s int4, e text)
    JOIN record r ON r.source_id = k.s AND r.external_id = k.e`.execute(trx);
  const nameOf = new Map([...idOf].map(([name, id]) => [id, name]));
  const taken = new Set(existing.rows.map((r) => `${nameOf.get(r.source_id) ?? ''}\u0000${r.external_id}`));
  return items.filter((item) => {
    const key = itemKey(item);
    return !taken.has(key) && inFlight?.keys.has(key) !== true && taken.add(key);
  });
}

/** The blocking rules (by index) whose SQL lookups take records born within a year either way. */
const WINDOWED_RULES = new Set(
  (
    [
      'given+family_head',
      'given+family_tail',
      'family_phonetic',
      'family_glyph',
      'family_glyph_near',
      'family_glyph_near2+given|father',
    ] as const
  ).map((r) => BLOCKING_RULES.indexOf(r)),
);

/** All rules whose lookups take records born within a year either way (or of unknown birth). */
const YEAR_WINDOWED = new Set([BLOCKING_RULES.indexOf('family_phonetic+given'), ...WINDOWED_RULES]);
const GIVEN_FATHER_RULE = BLOCKING_RULES.indexOf('given+father+birth_year');

const UNIT_RULE = BLOCKING_RULES.indexOf('unit+birth_year');
const GLYPH_RULE = BLOCKING_RULES.indexOf('family_glyph');

/**
 * A block of the in-memory index: the slots of its records (their places in the index), in the order they
 * were placed; a block of one record holds its slot alone (most blocks of a list are of one record).
 */
type Slots = number | number[];

/**
 * The list with the slot added last. A short list is copied one longer (an array grown by `push` takes
 * room for 16 more, and most blocks stay short); a longer one grows in place.
 */
function appended(list: number[], slot: number): number[] {
  if (list.length >= 16) {
    list.push(slot);
    return list;
  }
  return list.concat(slot);
}

/** The slots of a block as a list. */
const slotList = (slots: Slots): readonly number[] => (typeof slots === 'number' ? [slots] : slots);

/**
 * Records a block of a rule that looks a year either way holds before it is kept by birth year as well:
 * below it, a probe's years are read by going through the block (a few records), above it from the years'
 * lists (a common name's block, read by many probes).
 */
const BLOCK_BY_YEAR_FROM = 64;

/** The year a record of unknown birth is held under. */
const UNKNOWN_YEAR = -1;

/**
 * The years the near rules read for a probe born in a known year, as the lookups: within a year of its birth
 * or unknown (a probe of unknown birth reads every year, filtered as `yields` says).
 */
function nearYears(year: number): number[] {
  return [year - 1, year, year + 1, UNKNOWN_YEAR];
}

/** A person a probe's blocks found in memory, with the best pre-score of its records found. */
interface Ranked {
  personId: string;
  pre: number;
}

/** Highest pre-score first, ties by person id: as the lookup statement orders them. */
function byRank(a: Ranked, b: Ranked): number {
  return b.pre - a.pre || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);
}

/** The CANDIDATES_PER_PROBE persons of highest pre-score, by rank (the lookups' cap). */
function capRanked(found: ReadonlyMap<string, number>): Ranked[] {
  return [...found]
    .map(([personId, pre]) => ({ personId, pre }))
    .sort(byRank)
    .slice(0, CANDIDATES_PER_PROBE);
}

/**
 * A batch resolved but perhaps not yet committed, as the next batch must see it: its records' keys (so
 * they are not written twice), its persons with all their records, and an index answering the blocking
 * lookups of `candidatePersons` (same rules, same birth-date windows) over its records.
 *
 * Held compactly, since a first bulk load keeps up to `BULK_MEMORY_INDEX_ROWS` records in it: each record
 * once, in a slot (its comparable form, person and folded unit in three arrays), and each block as the
 * slots of its records; the blocking keys a record computed are dropped once it is placed.
 */
export class InFlightBatch {
  readonly keys: Set<string>;
  /** Where each of its records comes from (source and external id), by record id. */
  readonly origins: Map<string, RecordOrigin>;
  /** Each record's comparable form, by slot. */
  private readonly recs: LinkRecord[] = [];
  /** The person each record was resolved to, by slot. */
  private readonly personOf: string[] = [];
  /** The same person as a number (`personNumber`), by slot: `somePerson` tells a person met by it. */
  private readonly personNoOf: number[] = [];
  private readonly personNumbers = new Map<string, number>();
  private readonly personIds: string[] = [];
  /**
   * Each slot's birth year and month (UNKNOWN_YEAR: unknown), beside its record: the lookups'
   * year windows and month test read these, not the record (at 1M the end step's reads are some 35M slots,
   * and a record's object a cache miss each).
   */
  private readonly yearAt: number[] = [];
  private readonly monthAt: number[] = [];
  /**
   * Each slot's family glyph key, family key, given-name key and father's class as codes (`codeOf`; 0:
   * null), for the near rules' tests in `traverse` (some 40M slots of the end step's reads at 1M).
   */
  private readonly glyphAt: number[] = [];
  private readonly familyAt: number[] = [];
  private readonly givenAt: number[] = [];
  private readonly fatherAt: number[] = [];
  private readonly codes = new Map<string, number>();
  /** By family code: whether `rare`, as last told in the `traverse` call numbered `rareCallOf`. */
  private readonly rareOf: boolean[] = [false];
  private readonly rareCallOf: number[] = [0];
  private traverses = 0;
  /** By person number, the last `somePerson` call (`calls`) that met the person. */
  private met = new Int32Array(0);
  private calls = 0;
  /**
   * Each record's family glyph key, by slot: the near rules compare it with the probe's for every record
   * their blocks hold (two memo reads a record, most of the end step's filter, before).
   */
  private readonly glyphOf: (string | null)[] = [];
  /** The last probe asked about and its glyph key (`probeGlyph`). */
  private lastProbe: LinkRecord | null = null;
  private lastGlyph: string | null = null;
  /** Persons the last `lookUp` had found before the two-letters rule (the last), for a tally. */
  private beforeNear2 = 0;
  /** `near2Neighbours` by the probe's glyph key, until a glyph key is added (`hold`). */
  private readonly near2Of = new Map<string | null, string[]>();
  /** Each record's unit folded as the lookups fold the stored column (`unitFoldSql`), by slot. */
  private readonly unitOf: (string | null)[] = [];
  /**
   * Blocks by rule (BLOCKING_RULES order) and key (the keys of rules 1 and 2 hold the birth year). Maps by
   * rule, then key: the key string a probe computes once is hashed once (a `rule:key#year` string built
   * per read cost more than the reads).
   */
  private readonly byRule: Map<string, Slots>[] = BLOCKING_RULES.map(() => new Map<string, Slots>());
  /**
   * For the rules that look a year either way, their blocks of more than BLOCK_BY_YEAR_FROM records also
   * by birth year (UNKNOWN_YEAR: unknown), so that a probe reads only the years its lookup reads, not the
   * whole block of a common name.
   */
  private readonly byYear: (Map<string, Map<number, number[]>> | null)[] = BLOCKING_RULES.map((_, rule) =>
    YEAR_WINDOWED.has(rule) ? new Map<string, Map<number, number[]>>() : null,
  );
  /**
   * The family keys in use (`family_key`): its records', and those the table held when the import began.
   * A probe without a birth year reads some blocks only for a family key not in use, as the lookups do.
   */
  private readonly families = new Set<string>();
  /**
   * The two-letters rule (`NEAR2_RULE`) by glyph key, not by record (each record has some ninety keys under
   * it): each of `glyphNear2Keys` of the glyph keys held → those glyph keys; a probe reads the glyph rule's
   * blocks of the glyph keys sharing one of its own.
   */
  private readonly near2Glyphs = new NearGlyphs();
  /**
   * The near rule (`NEAR_RULE`) by glyph key, not by record (each record has its glyph key's ten or so near
   * keys under it): each near key (`glyphNearKeys`) of the glyph keys held → those glyph keys, in the order
   * first held. A near key's block is the union of the glyph rule's blocks of the glyph keys under it, one
   * of them the probe's own, whose records the rule leaves out: a probe reads the others' glyph blocks only
   * (at 1M most of the near rule's reads were the probe's own surname's records, once per near key, each
   * left out: bench/RESULTS.md, branch `glyph`).
   */
  private readonly nearGlyphsOf = new Map<string, string[]>();
  /** The glyph keys of GLYPH_NEAR_MIN letters or more held in `nearGlyphsOf`. */
  private readonly nearHeld = new Set<string>();
  /**
   * Records held of each family key: the near rules read a common key's neighbours only where they are rare
   * (`RARE_FAMILY_RECORDS`), counted in what this index holds, as the lookups count what they read.
   */
  private readonly familyRecords = new Map<string, number>();
  /**
   * The family keys' counts of every record stored, when this index holds only some of them (the end
   * step's touched persons): a key is rare as the lookups count it, not as few of its records as this index
   * holds (most keys, of which it holds a handful), so that its near rules find no person the lookups would
   * not (`countRareBy`).
   */
  private rarity: FamilyKeyCounts | null = null;
  /** Records a block holds before it is kept by birth year too (a test sets it low). */
  private byYearFrom = BLOCK_BY_YEAR_FROM;
  /**
   * The batch's own records (not those it absorbs later), which the reads of the batch after it leave out
   * of the database's answers while this one is written beside them.
   */
  readonly written: RecordsBeside | null;

  constructor(
    items: readonly NewRecord[],
    probes: readonly LinkRecord[],
    resolutions: readonly Resolution[],
    /** Every record of every person the batch touched, its own included. */
    readonly persons: ReadonlyMap<string, readonly LinkRecord[]>,
    /** Whether to hold its records' origins (only records of one source kept apart read them). */
    withOrigins = true,
  ) {
    this.keys = new Set(items.map(itemKey));
    this.written = recordsBeside(probes);
    this.origins = new Map(
      withOrigins ? probes.map((rec, i) => [rec.id, originOf(items[i] as NewRecord)] as const) : [],
    );
    probes.forEach((rec, i) => {
      const slot = this.hold(
        rec,
        (resolutions[i] as Resolution).personId,
        foldUnitCode((items[i] as NewRecord).content.unit ?? null),
      );
      keysOf(rec).forEach((keys, rule) => {
        for (const k of keys) this.place(rule, k, slot);
      });
      // Placed: its keys are not asked for again (the next batch's probes are others), and held for
      // every record of a first bulk load they were the index's largest part.
      blockingKeysOf.delete(rec);
    });
  }

  /** Records the index holds. */
  get size(): number {
    return this.recs.length;
  }

  /** An index of no record, for an import to `absorb` its batches into. */
  static empty(familiesInUse: Iterable<string> = [], byYearFrom = BLOCK_BY_YEAR_FROM): InFlightBatch {
    const index = new InFlightBatch([], [], [], new Map());
    for (const f of familiesInUse) index.families.add(f);
    index.byYearFrom = byYearFrom;
    return index;
  }

  /** Holds a record in the next slot. */
  private hold(rec: LinkRecord, personId: string, unit: string | null): number {
    const slot = this.recs.length;
    this.recs.push(rec);
    this.personOf.push(personId);
    this.personNoOf.push(this.personNumber(personId));
    this.yearAt.push(rec.birthYear ?? UNKNOWN_YEAR);
    this.monthAt.push(rec.birthMonth ?? UNKNOWN_YEAR);
    this.unitOf.push(unit);
    this.slotById?.set(rec.id, slot);
    const glyph = familyGlyphKey(rec.family);
    this.glyphOf.push(glyph);
    this.glyphAt.push(this.codeOf(glyph, true));
    this.familyAt.push(this.codeOf(rec.family, true));
    this.givenAt.push(this.codeOf(rec.given, true));
    this.fatherAt.push(this.codeOf(rec.father, true));
    if (glyph !== null && glyph.length >= GLYPH_NEAR_MIN && !this.nearHeld.has(glyph)) {
      this.nearHeld.add(glyph);
      for (const k of glyphNearKeys(glyph)) {
        const under = this.nearGlyphsOf.get(k);
        if (under === undefined) this.nearGlyphsOf.set(k, [glyph]);
        else under.push(glyph);
      }
    }
    if (rec.family !== null) {
      this.families.add(rec.family);
      this.familyRecords.set(rec.family, (this.familyRecords.get(rec.family) ?? 0) + 1);
      if (this.near2Glyphs.add(glyph)) this.near2Of.clear();
    }
    return slot;
  }

  /**
   * A key's code in this index (0: null): one table for the glyph, family, given-name and father's keys,
   * equal codes exactly for equal strings. A string no record holds is −1 unless `add` (equal to none).
   */
  private codeOf(key: string | null, add: boolean): number {
    if (key === null) return 0;
    let code = this.codes.get(key);
    if (code === undefined) {
      if (!add) return -1;
      code = this.codes.size + 1;
      this.codes.set(key, code);
      this.rareOf.push(false);
      this.rareCallOf.push(0);
    }
    return code;
  }

  /** A person's number: its order among the persons this index has held. */
  private personNumber(personId: string): number {
    let no = this.personNumbers.get(personId);
    if (no === undefined) {
      no = this.personIds.length;
      this.personIds.push(personId);
      this.personNumbers.set(personId, no);
    }
    return no;
  }

  /** The probe's family glyph key (the last probe's remembered: a lookup asks for it per record read). */
  private probeGlyph(q: LinkRecord): string | null {
    if (q !== this.lastProbe) {
      this.lastProbe = q;
      this.lastGlyph = familyGlyphKey(q.family);
    }
    return this.lastGlyph;
  }

  /** The glyph keys held, other than the probe's, that share one of its `glyphNear2Keys`. */
  private near2Neighbours(q: LinkRecord): string[] {
    const own = this.probeGlyph(q);
    let near = this.near2Of.get(own);
    if (near === undefined) {
      near = this.near2Glyphs.near(own).filter((g) => g !== own);
      this.near2Of.set(own, near);
    }
    return near;
  }

  /**
   * The glyph keys under any of the probe's near keys other than its own, each once (`nearGlyphsOf`): the
   * near rule's blocks of those keys, less the records it leaves out, are their glyph blocks.
   */
  private nearNeighbours(q: LinkRecord, nearKeys: readonly string[]): string[] {
    const own = this.probeGlyph(q);
    const out = new Set<string>();
    for (const k of nearKeys) for (const g of this.nearGlyphsOf.get(k) ?? []) if (g !== own) out.add(g);
    return [...out];
  }

  /**
   * The slots of the glyph rule's blocks of several glyph keys held under year `y` (null: every year), in
   * slot order: a near key's block as it was placed (each block lists its slots as they were placed, in
   * rising order, and a record is under one glyph key). Undefined when none.
   */
  private glyphSlots(glyphs: readonly string[], y: number | null): readonly number[] | undefined {
    const lists: (readonly number[])[] = [];
    for (const g of glyphs) {
      const slots = this.byRule[GLYPH_RULE]?.get(g);
      if (slots === undefined) continue;
      const list = y === null ? slotList(slots) : this.inYear(GLYPH_RULE, g, slots, y);
      if (list !== undefined) lists.push(list);
    }
    if (lists.length <= 1) return lists[0];
    return lists.flat().sort((a, b) => a - b);
  }

  /** The year a slot's record is held under in the blocks by year. */
  private yearOf(slot: number): number {
    return this.yearAt[slot] as number;
  }

  /** Adds a slot to the block of `key` under `rule`, last. */
  private place(rule: number, key: string, slot: number): void {
    // Held by glyph key instead (`nearGlyphsOf`, `near2Glyphs`: `hold`).
    if (rule === NEAR_RULE || rule === NEAR2_RULE) return;
    const blocks = this.byRule[rule] as Map<string, Slots>;
    const had = blocks.get(key);
    if (had === undefined) {
      blocks.set(key, slot);
      return;
    }
    const list = appended(typeof had === 'number' ? [had] : had, slot);
    if (list !== had) blocks.set(key, list);
    const years = this.byYear[rule];
    if (years === null || years === undefined) return;
    let byYear = years.get(key);
    if (byYear === undefined) {
      if (list.length <= this.byYearFrom) return;
      byYear = new Map();
      years.set(key, byYear);
      for (const s of list) {
        const y = this.yearOf(s);
        byYear.set(y, appended(byYear.get(y) ?? [], s));
      }
      return;
    }
    const y = this.yearOf(slot);
    const of = byYear.get(y);
    const to = appended(of ?? [], slot);
    if (to !== of) byYear.set(y, to);
  }

  /**
   * The slots of a block (of a rule that looks a year either way) whose records are held under year `y`,
   * in the order they were placed; undefined when none.
   */
  private inYear(rule: number, key: string, slots: Slots, y: number): readonly number[] | undefined {
    const byYear = this.byYear[rule]?.get(key);
    if (byYear !== undefined) return byYear.get(y);
    if (typeof slots === 'number') return this.yearOf(slots) === y ? [slots] : undefined;
    const out = slots.filter((s) => this.yearOf(s) === y);
    return out.length === 0 ? undefined : out;
  }

  /**
   * Whether the lookup statement takes the record in `slot` for the probe under the rule, its key agreeing:
   * given + father + year wants the same birth month or one unknown on either side; the unit rule compares
   * the stored unit folded with the probe's upper-cased; the near rule leaves out the records of the probe's
   * own glyph key (`nearBlock`: the glyph block's).
   */
  private yields(rule: number, q: LinkRecord, unit: string | null, slot: number): boolean {
    if (rule === GIVEN_FATHER_RULE) {
      const month = this.monthAt[slot] as number;
      return q.birthMonth === null || month === UNKNOWN_YEAR || month === q.birthMonth;
    }
    if (rule === UNIT_RULE) return this.unitOf[slot] === unit;
    if (rule === NEAR_RULE || rule === NEAR2_RULE) {
      const r = this.recs[slot] as LinkRecord;
      // The two-letters rule's class first: it leaves out most records of its blocks.
      if (
        rule === NEAR2_RULE &&
        !((r.given !== null && r.given === q.given) || (r.father !== null && r.father === q.father))
      )
        return false;
      if (this.glyphOf[slot] === this.probeGlyph(q)) return false;
      // A common neighbour only for a probe of a rare key, and of unknown birth only where the probe's is
      // (`nearBranches`).
      if (this.rare(r.family)) return true;
      return this.rare(q.family) && (q.birthYear !== null || r.birthYear === null);
    }
    return true;
  }

  /**
   * Whether this index holds at most RARE_FAMILY_RECORDS records of the family key (none: rare), or the
   * registry does (`countRareBy`).
   */
  private rare(family: string | null): boolean {
    if (this.rarity !== null) return this.rarity.rare(family);
    return family === null || (this.familyRecords.get(family) ?? 0) <= RARE_FAMILY_RECORDS;
  }

  /**
   * Counts a family key rare as `counts` do (every record stored), for an index of some of the stored
   * records only (the end step's touched persons, `touchedIndex`).
   */
  countRareBy(counts: FamilyKeyCounts): void {
    this.rarity = counts;
  }

  /**
   * Adds a later batch to this one, so that one index answers for every batch of an import (the first
   * bulk load into an empty registry keeps the whole file in memory instead of asking the database).
   * A person the later batch touched has there all of its records, this batch's included.
   */
  absorb(later: InFlightBatch): void {
    for (const k of later.keys) this.keys.add(k);
    for (const [id, o] of later.origins) this.origins.set(id, o);
    const offset = this.recs.length;
    later.recs.forEach((rec, s) => this.hold(rec, later.personOf[s] as string, later.unitOf[s] ?? null));
    later.byRule.forEach((blocks, rule) => {
      for (const [k, slots] of blocks)
        if (typeof slots === 'number') this.place(rule, k, slots + offset);
        else for (const s of slots) this.place(rule, k, s + offset);
    });
    for (const f of later.families) this.families.add(f);
    const persons = this.persons as Map<string, readonly LinkRecord[]>;
    for (const [id, records] of later.persons) persons.set(id, records);
  }

  /**
   * Follows a merge written to the database (`mergePersons`): the records of person `from` now belong to
   * `into`, which holds them beside its own in id order, as the lookups read a person's records. Only for
   * an index that holds every record of both persons (a first bulk load's); false when it does not hold
   * `from`, and nothing changes.
   */
  movePerson(from: string, into: string): boolean {
    const moving = this.persons.get(from);
    const staying = this.persons.get(into);
    if (moving === undefined || staying === undefined) return false;
    if (this.slotById === null) {
      this.slotById = new Map();
      this.recs.forEach((r, s) => this.slotById?.set(r.id, s));
    }
    const intoNo = this.personNumber(into);
    for (const r of moving) {
      const slot = this.slotById.get(r.id);
      if (slot === undefined) continue;
      this.personOf[slot] = into;
      this.personNoOf[slot] = intoNo;
    }
    const persons = this.persons as Map<string, readonly LinkRecord[]>;
    persons.set(
      into,
      [...staying, ...moving].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
    );
    persons.delete(from);
    return true;
  }

  /** Each record's slot by id, built the first time a merge is followed (`movePerson`). */
  private slotById: Map<string, number> | null = null;

  /**
   * Holds a stored person with all its records, for `find` (the end-of-import step's index of the persons
   * an import touched, `resolveSingletons`): a record held already is not held again. Units are not held,
   * so only `find` (which does not compare them) answers for such a person, not `findWhole`.
   */
  holdPerson(personId: string, records: readonly LinkRecord[]): void {
    if (this.slotById === null) {
      this.slotById = new Map();
      this.recs.forEach((r, s) => this.slotById?.set(r.id, s));
    }
    for (const rec of records) {
      if (this.slotById.has(rec.id)) continue;
      const slot = this.hold(rec, personId, null);
      keysOf(rec).forEach((keys, rule) => {
        for (const k of keys) this.place(rule, k, slot);
      });
      blockingKeysOf.delete(rec);
    }
    (this.persons as Map<string, readonly LinkRecord[]>).set(
      personId,
      [...records].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
    );
  }

  /** Whether a record of this index, or the table when the import began, holds the family key. */
  hasFamily(family: string): boolean {
    return this.families.has(family);
  }

  /** The persons of this batch that `candidatePersons` would find for the probe, were the batch committed. */
  find(q: LinkRecord): string[] {
    return this.lookUp(q, Infinity) as string[];
  }

  /**
   * `find`, or null as soon as it has found more than `most` persons (the end-of-import step's filter,
   * which looks a singleton up whenever its blocks find more than a few touched persons, needs no more).
   */
  findAtMost(q: LinkRecord, most: number): string[] | null {
    const found = this.lookUp(q, most);
    if (found !== null) {
      tally('memory: persons found for the end step', found.length);
      tally(
        'memory: persons found for the end step by the two-letters rule alone',
        found.length - this.beforeNear2,
      );
    }
    return found;
  }

  /**
   * What `candidatePersons` would find for the probe (with `settled`) were every record of this index
   * committed: the selective blocks first, each person ranked by the pre-score of its best record found and
   * at most CANDIDATES_PER_PROBE kept; the broad blocks only when those persons do not settle the probe,
   * capped likewise, then the two merged and capped again. `whole` says whether every block read holds no
   * more records than the lookups read of it (`RULE_LIMITS`): then no LIMIT can bind and the lookups, over
   * any part of these records, find exactly these persons; when a block holds more, the lookups read a part
   * of it that only the database can name, and `ids` is meaningless.
   */
  findWhole(
    q: LinkRecord,
    settled: (persons: readonly CandidatePerson[]) => boolean,
  ): { ids: string[]; whole: boolean } {
    const keys = keysOf(q);
    const sel = this.phase(q, keys, true);
    if (sel === null) return { ids: [], whole: false };
    const kept = capRanked(sel);
    const persons = kept.map((r) => ({ personId: r.personId, records: this.persons.get(r.personId) ?? [] }));
    if (settled(persons)) return { ids: kept.map((r) => r.personId), whole: true };
    const broad = this.phase(q, keys, false);
    if (broad === null) return { ids: [], whole: false };
    const best = new Map(kept.map((r) => [r.personId, r.pre]));
    for (const r of capRanked(broad)) {
      const had = best.get(r.personId);
      if (had === undefined || r.pre > had) best.set(r.personId, r.pre);
    }
    return { ids: capRanked(best).map((r) => r.personId), whole: true };
  }

  /**
   * The persons one of the lookup statements finds for the probe (the selective rules or the broad ones),
   * each with the best pre-score of its records found; null, before any record is scored, when a block
   * holds more records than the lookups read of it. As the statement, it compares units folded and reads
   * a probe's no-year parts of some rules only for a family key not in use.
   */
  private phase(q: LinkRecord, keys: BlockKeys, selective: boolean): Map<string, number> | null {
    const unit = probeUnit(q);
    const blocks: { rule: number; lists: (readonly number[])[] }[] = [];
    let whole = true;
    keys.forEach((ruleKeys, rule) => {
      if (ruleKeys.length === 0 || SELECTIVE_RULES.has(rule) !== selective) return;
      const lists: (readonly number[])[] = [];
      const windowed = YEAR_WINDOWED.has(rule);
      const years = (k: string, slots: Slots, ys: readonly number[]): void => {
        for (const y of ys) {
          const list = this.inYear(rule, k, slots, y);
          if (list !== undefined) lists.push(list);
        }
      };
      // The near rules read glyph blocks under one LIMIT: the two-letters rule its probe's neighbours
      // (`near2Neighbours`), the near rule by glyph key (`nearGlyphsOf`) the other glyph keys under each of
      // its keys (the probe's own it leaves out); both the years either side and unknown, or every year for a
      // probe of unknown birth.
      if (rule === NEAR2_RULE || rule === NEAR_RULE) {
        const glyphs = rule === NEAR2_RULE ? this.near2Neighbours(q) : this.nearNeighbours(q, ruleKeys);
        for (const g of glyphs) {
          const slots = this.byRule[GLYPH_RULE]?.get(g);
          if (slots === undefined) continue;
          if (q.birthYear === null) lists.push(slotList(slots));
          else
            for (const y of nearYears(q.birthYear)) {
              const list = this.inYear(GLYPH_RULE, g, slots, y);
              if (list !== undefined) lists.push(list);
            }
        }
      } else
        for (const k of ruleKeys) {
          const slots = this.byRule[rule]?.get(k);
          if (slots === undefined) continue;
          // Some rules look a year either way (or at records of unknown birth), as the SQL lookups do; all
          // years when the probe's is unknown, for some rules only when its family key is not in use.
          if (!windowed) lists.push(slotList(slots));
          else if (q.birthYear !== null)
            years(k, slots, [q.birthYear - 1, q.birthYear, q.birthYear + 1, UNKNOWN_YEAR]);
          else if (
            !UNYEARED_ONLY_UNUSED_FAMILY.has(rule) ||
            q.family === null ||
            !this.families.has(q.family)
          )
            lists.push(slotList(slots));
        }
      if (lists.length === 0) return;
      // The records the block yields: every record of its lists, but for the two rules that filter them
      // (a record under several of the probe's keys counted once).
      let n = 0;
      if (ruleKeys.length > 1 || rule === NEAR_RULE || rule === NEAR2_RULE)
        n = new Set(lists.flat().filter((s) => this.yields(rule, q, unit, s))).size;
      else
        for (const list of lists)
          if (rule !== GIVEN_FATHER_RULE && rule !== UNIT_RULE) n += list.length;
          else for (const s of list) if (this.yields(rule, q, unit, s)) n++;
      if (n > (RULE_LIMITS[rule] ?? 0)) {
        whole = false;
        tally(`memory: probes with a block above its limit, rule ${BLOCKING_RULES[rule]}`, 1);
      }
      blocks.push({ rule, lists });
    });
    if (!whole) return null;
    const found = new Map<string, number>();
    for (const { rule, lists } of blocks)
      for (const list of lists)
        for (const s of list) {
          if (!this.yields(rule, q, unit, s)) continue;
          const pre = preScore(q, this.recs[s] as LinkRecord, this.unitOf[s] ?? null);
          const personId = this.personOf[s] as string;
          const had = found.get(personId);
          if (had === undefined || pre > had) found.set(personId, pre);
        }
    return found;
  }

  /**
   * The lookups over this index, as they were before the lookups ranked and capped (`find`, for the batch
   * being written beside a lookup: the database path is unchanged). The ids of the persons found.
   */
  private lookUp(q: LinkRecord, most: number): string[] | null {
    const out = new Set<string>();
    const whole = this.traverse(
      q,
      (s) => {
        out.add(this.personOf[s] as string);
        // False once more than `most` persons are found (the rest is not read).
        return out.size <= most;
      },
      () => (this.beforeNear2 = out.size),
    );
    return whole ? [...out] : null;
  }

  /**
   * Each person `find` finds for the probe, once, in `find`'s order, with its records (undefined: none
   * held), to `visit` until it answers true: true then, else false. `find`'s work without its set and list
   * of ids (the end step's filter, which asks of each person found whether it may reach a threshold, and
   * nearly never needs them all: bench/RESULTS.md, branch `endf`).
   */
  somePerson(
    q: LinkRecord,
    /** `no`: the person's number in this index, for a caller to keep what it learns of the person by. */
    visit: (personId: string, records: readonly LinkRecord[] | undefined, no: number) => boolean,
  ): boolean {
    if (this.met.length < this.personIds.length || this.calls === 0x7fffffff) {
      this.met = new Int32Array(Math.max(64, this.personIds.length * 2));
      this.calls = 0;
    }
    const call = ++this.calls;
    const met = this.met;
    let found = false;
    this.traverse(q, (s) => {
      const no = this.personNoOf[s] as number;
      if (met[no] === call) return true;
      met[no] = call;
      const personId = this.personIds[no] as string;
      found = visit(personId, this.persons.get(personId), no);
      return !found;
    });
    return found;
  }

  /**
   * Each slot the lookups read for the probe, in their order (a person's slots may come more than once),
   * to `take` until it answers false: false then, else true. `near2` is told when the two-letters rule
   * (the last) begins.
   */
  private traverse(q: LinkRecord, take: (slot: number) => boolean, near2?: () => void): boolean {
    // `yields` of the three rules that filter their blocks, from the slots' codes (the same answers): the
    // probe's codes and whether its family key is rare told once, a family key's rarity once a call.
    const call = ++this.traverses;
    const month = q.birthMonth ?? UNKNOWN_YEAR;
    const glyph = this.codeOf(this.probeGlyph(q), false);
    const given = this.codeOf(q.given, false);
    const father = this.codeOf(q.father, false);
    const probeRare = this.rare(q.family);
    const rareAt = (s: number): boolean => {
      const family = this.familyAt[s] as number;
      if (this.rareCallOf[family] === call) return this.rareOf[family] as boolean;
      const rare = this.rare((this.recs[s] as LinkRecord).family);
      this.rareCallOf[family] = call;
      this.rareOf[family] = rare;
      return rare;
    };
    const yields = (rule: number, s: number): boolean => {
      if (rule === GIVEN_FATHER_RULE) {
        const m = this.monthAt[s] as number;
        return month === UNKNOWN_YEAR || m === UNKNOWN_YEAR || m === month;
      }
      if (
        rule === NEAR2_RULE &&
        !((given !== 0 && this.givenAt[s] === given) || (father !== 0 && this.fatherAt[s] === father))
      )
        return false;
      if (this.glyphAt[s] === glyph) return false;
      if (rareAt(s)) return true;
      return probeRare && (q.birthYear !== null || this.yearAt[s] === UNKNOWN_YEAR);
    };
    const list = (rule: number, slots: readonly number[] | undefined): boolean => {
      if (slots === undefined) return true;
      const filters = rule === GIVEN_FATHER_RULE || rule === NEAR_RULE || rule === NEAR2_RULE;
      for (const s of slots) {
        // given + father + year: the same birth month, or a month unknown on either side.
        if (filters && !yields(rule, s)) continue;
        if (!take(s)) return false;
      }
      return true;
    };
    // `list` of the slots `this.inYear` gives (the block of `key` under rule `block`), without making that
    // list: a block not kept by year is gone through in place (at 1M most of the end step's reads, where a
    // list made per year and key cost more than the reads).
    const inYear = (rule: number, block: number, key: string, slots: Slots, y: number): boolean => {
      const byYear = this.byYear[block]?.get(key);
      if (byYear !== undefined) return list(rule, byYear.get(y));
      if (typeof slots === 'number') return this.yearOf(slots) !== y || list(rule, [slots]);
      const filters = rule === GIVEN_FATHER_RULE || rule === NEAR_RULE || rule === NEAR2_RULE;
      for (const s of slots) {
        if (this.yearOf(s) !== y) continue;
        if (filters && !yields(rule, s)) continue;
        if (!take(s)) return false;
      }
      return true;
    };
    const keys = keysOf(q);
    for (let rule = 0; rule < keys.length; rule++) {
      const ruleKeys = keys[rule] ?? [];
      if (rule === NEAR2_RULE) {
        near2?.();
        if (ruleKeys.length === 0) continue;
        for (const g of this.near2Neighbours(q)) {
          const slots = this.byRule[GLYPH_RULE]?.get(g);
          if (slots === undefined) continue;
          if (q.birthYear === null) {
            if (!list(rule, slotList(slots))) return false;
          } else
            for (const y of nearYears(q.birthYear)) if (!inYear(rule, GLYPH_RULE, g, slots, y)) return false;
        }
        continue;
      }
      if (rule === NEAR_RULE) {
        // Each near key's block as it was placed (in slot order), for the years either side and unknown or
        // all: the glyph blocks of the glyph keys under the key merged by slot, the probe's own (whose
        // records the rule leaves out) not read (`nearGlyphsOf`).
        const own = this.probeGlyph(q);
        for (const k of ruleKeys) {
          const under = this.nearGlyphsOf.get(k);
          if (under === undefined || (under.length === 1 && under[0] === own)) continue;
          const others = under.length === 1 ? under : under.filter((g) => g !== own);
          if (others.length === 1) {
            const g = others[0] as string;
            const slots = this.byRule[GLYPH_RULE]?.get(g);
            if (slots === undefined) continue;
            if (q.birthYear === null) {
              if (!list(rule, slotList(slots))) return false;
            } else
              for (const y of nearYears(q.birthYear))
                if (!inYear(rule, GLYPH_RULE, g, slots, y)) return false;
          } else if (q.birthYear === null) {
            if (!list(rule, this.glyphSlots(others, null))) return false;
          } else
            for (const y of nearYears(q.birthYear)) if (!list(rule, this.glyphSlots(others, y))) return false;
        }
        continue;
      }
      const windowed = YEAR_WINDOWED.has(rule);
      for (const k of ruleKeys) {
        // Some rules look a year either way (or at records of unknown birth), as the SQL lookups do; all
        // years when the probe's is unknown.
        const slots = this.byRule[rule]?.get(k);
        if (slots === undefined) continue;
        if (!windowed || q.birthYear === null) {
          if (!list(rule, slotList(slots))) return false;
          continue;
        }
        for (const y of [q.birthYear - 1, q.birthYear, q.birthYear + 1, UNKNOWN_YEAR])
          if (!inYear(rule, rule, k, slots, y)) return false;
      }
    }
    return true;
  }
}

/** A batch whose records have been placed (linked or given new persons) but not yet written. */
export interface ResolvedBatch {
  items: readonly NewRecord[];
  fresh: NewRecord[];
  ids: string[];
  resolutions: Resolution[];
  proposals: PairProposal[];
  /** The comparable form of each fresh record (as `ids`). */
  probes: LinkRecord[];
  /** What the next batch must see of this one while it is written. */
  inFlight: InFlightBatch;
}

/**
 * Places a batch's records: which are new, and where each new one belongs. Reads only, so an import can
 * run it outside the batch's transaction while the previous batch is written, passing that batch as
 * `inFlight`: its records count as present and its persons as candidates, exactly as if it had committed.
 */
export async function resolveRecords(
  db: Tx,
  cm: CompiledModel,
  items: readonly NewRecord[],
  inFlight: InFlightBatch | null,
  /** The organisation the records are written into: only its persons are candidates. */
  organisationId: string,
  constraints: ResolveConstraints = {},
): Promise<ResolvedBatch> {
  const looked = await lookUpRecords(db, cm, items, inFlight, organisationId, constraints);
  return decideRecords(db, cm, looked, inFlight, constraints);
}

/**
 * What a batch whose reads are done tells the batch after it before its own records are decided: which
 * records it holds (by source and external id: they are not written twice) and which family keys (the
 * lookups take them as in use). The same as its `InFlightBatch` will say.
 */
export class BatchAhead {
  readonly keys: ReadonlySet<string>;
  private readonly families: ReadonlySet<string>;
  /** Its records, which the reads beside it leave out of the database's answers. */
  readonly written: RecordsBeside | null;
  constructor(items: readonly NewRecord[], probes: readonly LinkRecord[]) {
    this.keys = new Set(items.map(itemKey));
    this.families = new Set(probes.flatMap((p) => (p.family === null ? [] : [p.family])));
    this.written = recordsBeside(probes);
  }
  hasFamily(family: string): boolean {
    return this.families.has(family);
  }
}

/** A batch whose reads are done (`lookUpRecords`), to be decided by `decideRecords`. */
export interface LookedUpBatch {
  items: readonly NewRecord[];
  fresh: NewRecord[];
  ids: string[];
  probes: LinkRecord[];
  looked: ProbesLookedUp;
  /** What the next batch's reads must know of this one (`BatchAhead`). */
  ahead: BatchAhead;
}

/**
 * The reads of `resolveRecords`: which records are new, the name counts and the blocking lookups. `beside`
 * is the batch written beside these reads, not yet committed: its `InFlightBatch`, or, when it is not yet
 * decided, its `BatchAhead` (which records and family keys it holds: all the reads need of it). An import
 * on PostgreSQL so looks up batch k+1 while batch k is being decided, once batch k−1 has committed; its
 * decisions are the same, since batch k's persons enter only at `decideRecords`.
 */
export async function lookUpRecords(
  db: Tx,
  cm: CompiledModel,
  items: readonly NewRecord[],
  beside: InFlightBatch | BatchAhead | null,
  organisationId: string,
  constraints: ResolveConstraints = {},
): Promise<LookedUpBatch> {
  const fresh = await timed('resolve: new-record check', () =>
    newItems(db, items, beside, organisationId, constraints.registryEmpty === true),
  );
  const ids = fresh.map(() => newId());
  const probes = fresh.map((item, i) => probeOf(ids[i] as string, item.content));
  const looked = await lookUpProbes(db, cm, probes, organisationId, beside, constraints);
  return { items, fresh, ids, probes, looked, ahead: new BatchAhead(fresh, probes) };
}

/**
 * The decisions of `resolveRecords` for a batch whose reads are done: `inFlight` is the batch written
 * beside those reads, decided (the same batch `lookUpRecords` was given, or its `BatchAhead`).
 */
export async function decideRecords(
  db: Tx,
  cm: CompiledModel,
  batch: LookedUpBatch,
  inFlight: InFlightBatch | null,
  constraints: ResolveConstraints = {},
): Promise<ResolvedBatch> {
  const { items, fresh, ids, probes, looked } = batch;
  const { resolutions, proposals, persons } = await decideProbes(db, cm, probes, looked, inFlight, {
    ...constraints,
    probeOrigins: fresh.map(originOf),
  });
  return {
    items,
    fresh,
    ids,
    resolutions,
    proposals,
    probes,
    inFlight: new InFlightBatch(
      fresh,
      probes,
      resolutions,
      constraints.registryEmpty === true ? persons : touchedOnly(persons, resolutions),
      constraints.keepSourceIdsApart === true,
    ),
  };
}

/**
 * The persons a batch's records were placed in, with all their records: what the next batch must see of it
 * while it is written. The other candidates' records (28 persons a record at a million) are the stored
 * ones, which the next batch's lookups read again; held beside it they doubled the import's memory. (A
 * first bulk load keeps them all: its index answers from them, in the order it holds them.)
 */
function touchedOnly(
  persons: ReadonlyMap<string, LinkRecord[]>,
  resolutions: readonly Resolution[],
): Map<string, LinkRecord[]> {
  const out = new Map<string, LinkRecord[]>();
  for (const r of resolutions) {
    const records = persons.get(r.personId);
    if (records !== undefined) out.set(r.personId, records);
  }
  return out;
}

/**
 * Writes a batch of records with record linkage: each new record joins the person it matches (an
 * automatic link with score and model version), or becomes a new person; possible matches are queued for
 * review. A record whose (source, external_id) exists, or repeats an earlier row of the batch, is left
 * alone and counted unchanged. Call inside the batch's transaction.
 */
export async function linkAndWriteRecords(
  trx: Transaction<DB>,
  cm: CompiledModel,
  items: readonly NewRecord[],
  ctx: WriteContext & { principal?: Principal | null },
): Promise<LinkedWrite> {
  const organisationId = ctx.organisationId ?? REGISTRY_ORGANISATION_ID;
  return writeResolved(trx, cm, await resolveRecords(trx, cm, items, null, organisationId), ctx);
}

/** What writing a linked batch did. */
export interface LinkedWrite {
  inserted: WrittenRecord[];
  unchanged: number;
  counts: LinkCounts;
  proposed: number;
}

/**
 * Writes a batch placed by `resolveRecords`: new persons, records joining persons (with their automatic
 * links, status events and refreshed views), review pairs and the audit entry. Call inside the batch's
 * transaction, after the batch resolved beside it (if any) has committed.
 */
export async function writeResolved(
  trx: Transaction<DB>,
  cm: CompiledModel,
  resolved: ResolvedBatch,
  ctx: WriteContext & { principal?: Principal | null },
): Promise<LinkedWrite> {
  const { items, fresh, ids, resolutions, proposals } = resolved;
  // The persons records join are locked, and one merged away since the batch was resolved is replaced
  // by its survivor, so that no record joins a person that no longer exists.
  const joining = [...new Set(resolutions.filter((r) => !r.newPerson).map((r) => r.personId))];
  if (joining.length > 0) {
    const locked = await timed('write: lock joined persons', () =>
      trx
        .selectFrom('person')
        .select(['id', 'merged_into'])
        .where('id', 'in', joining)
        .orderBy('id')
        .forUpdate()
        .execute(),
    );
    for (const p of locked.filter((x) => x.merged_into !== null)) {
      const survivor = (await survivingPersonId(trx, p.id)) ?? p.id;
      for (const r of resolutions) if (!r.newPerson && r.personId === p.id) r.personId = survivor;
    }
  }
  const creates: NewRecord[] = [];
  const joins: (NewRecord & { personId: string })[] = [];
  const written: WrittenRecord[] = [];
  fresh.forEach((item, i) => {
    const r = resolutions[i] as Resolution;
    const recordId = ids[i] as string;
    if (r.newPerson) creates.push({ ...item, recordId, newPersonId: r.personId });
    else joins.push({ ...item, recordId, personId: r.personId });
    written.push({ recordId, personId: r.personId, item, resolution: r });
  });
  // New persons first: records of this batch may join them.
  const prepared = timedSync('write: build new-person statement (JS)', () => prepareNewPersons(creates, ctx));
  const created = await timed('write: new persons, records, events', () => writeNewPersons(trx, prepared));
  const now = new Date();
  const joined = await timed('write: joining records', () => insertRecordRows(trx, joins, ctx, now));
  const scoreOf = new Map(written.map((w) => [w.recordId, w.resolution.score]));
  const linkRows = joins.flatMap((j, k) => {
    const recordId = joined[k];
    return recordId
      ? [{ record_id: recordId, person_id: j.personId, score: scoreOf.get(recordId) ?? null }]
      : [];
  });
  if (linkRows.length > 0) {
    await timed('write: links', () =>
      sql`
      INSERT INTO link (record_id, person_id, kind, score, model_version, decided_by, reason, created_at)
      SELECT u.record_id, u.person_id, 'auto', u.score, ${cm.model.version}, ${ctx.actor}, NULL, ${now}::timestamptz
      FROM json_to_recordset(${JSON.stringify(linkRows)}::json) AS u(record_id uuid, person_id uuid, score float8)`.execute(
        trx,
      ),
    );
    const events = joins
      .map((j) => statusEventOf(j, j.recordId as string, j.personId))
      .filter((e): e is NewEvent => e !== null);
    await timed('write: joined status events', () => insertEvents(trx, events, ctx.actor, now));
    await timed('write: refresh joined persons', () =>
      refreshPersons(
        trx,
        joins.map((j) => j.personId),
      ),
    );
  }
  // A new person whose record was not written (another sending of the file wrote its source and external id
  // first) was not written either: proposePairs queues a pair only between persons that exist.
  const proposed = await timed('write: review pairs', () => proposePairs(trx, proposals));
  const writtenIds = new Set([
    ...created.inserted.map((c) => c.recordId),
    ...joined.filter((x) => x !== null),
  ]);
  const inserted = written.filter((w) => writtenIds.has(w.recordId));
  // The name counts move with the records, in the same transaction.
  await timed('write: name frequencies', () =>
    countNames(
      trx,
      resolved.probes.filter((p) => writtenIds.has(p.id)),
    ),
  );
  const counts: LinkCounts = { matched: 0, possible: 0, created: 0 };
  for (const w of inserted) {
    if (w.resolution.decision === 'match') counts.matched++;
    else if (w.resolution.decision === 'possible') counts.possible++;
    if (w.resolution.newPerson) counts.created++;
  }
  if (inserted.length > 0) {
    await timed('write: audit link.auto', () =>
      appendAudit(trx, ctx.principal ?? null, {
        action: 'link.auto',
        objectType: ctx.importRunId ? 'import_run' : 'record',
        objectId: ctx.importRunId ?? inserted[0]?.recordId ?? null,
        detail: { records: inserted.length, matched: counts.matched, possible: counts.possible, proposed },
      }),
    );
  }
  return { inserted, unchanged: items.length - inserted.length, counts, proposed };
}
