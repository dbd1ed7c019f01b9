import {
  compileModel,
  decideRecord,
  queueReason,
  scoreFast,
  scorePair,
  scorePerson,
  BoundCodes,
  ScoreBound,
  toLinkRecord,
  type CandidatePerson,
  type CompiledModel,
  type LinkRecord,
} from '@homecoming/linkage';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import { mergePersons } from '../../commands/mergePersons.js';
import type { DB } from '../../db/schema.js';
import { tally, timed, timedSync } from '../../phases.js';
import { appendAudit } from '../audit/log.js';
import {
  candidatePersons,
  confidentMatch,
  familyCountsFor,
  LINK_COLUMNS,
  personRecords,
  type StoredLinkRow,
} from './candidates.js';
import { SpellingCache, SpellingCounts, termFrequenciesOf } from './frequencies.js';
import {
  coveredOnly,
  InFlightBatch,
  lookUpCounted,
  packedCandidates,
  verifyPackedAnswers,
} from './resolve.js';
import type { FamilyKeyCounts } from './familyKeys.js';
import type { PackedRegistry } from './packedRegistry.js';

/**
 * The import's last step: the persons it left with a single record that were a possible match of some
 * record during the import are decided again, against the registry as the import left it.
 *
 * An import decides record by record. A record that scored just below the automatic threshold against a
 * person makes a person of its own; when that person's man later gains records (this import's, or
 * another's), the same record may now agree with him field by field (one record gives the birth date,
 * another the patronymic: `personLevelScore`), or a person its man's later records formed may not have
 * existed when it arrived. Each such record is decided once more, with the same model and rules as an
 * arriving record (the names alone never link it, nor contradicting birth dates, nor a second person as
 * sure), and one more: one of the person's records alone must score from the automatic threshold up. A
 * match merges its person into the one it matches, as an automatic link that keeps its score, model
 * version and reason. Measured on generated registries (bench/RESULTS.md, branch `link9`).
 */
export interface SingletonResolution {
  /** Persons of one record decided again. */
  considered: number;
  /** Of them, joined to the person they match. */
  linked: number;
}

/**
 * What a first bulk load into an empty registry knows in memory (csvImport's `memoryIndexRows`): every
 * record and person stored, indexed as the lookups read them. The step then finds each singleton's
 * candidates there, exactly as the lookups would (`InFlightBatch.findWhole`; a singleton with a block
 * larger than its lookup reads is looked up in the database), and follows its own merges in it.
 */
export interface SingletonMemory {
  index: InFlightBatch;
  /**
   * Whether the registry still holds only what the index holds, asked in each transaction of merges: when
   * someone else wrote meanwhile, that round is decided again from the database, and every one after it.
   */
  stillHeld: (trx: Transaction<DB>) => Promise<boolean>;
}

/** Singletons decided per round of lookups; merges are written in one transaction per round. */
const ROUND = 2000;

/** Rounds over the pending persons: a merge may make another singleton's man a better match. */
const PASSES = 2;

/** Statements of lookups run at once outside a transaction (as an import's). */
const LOOKUP_PARTS = 2;

/**
 * The reason a re-resolved link keeps (`link.reason`, and the merge event's), with what the pair agreed on.
 */
export const REASON_PREFIX = 're-resolution at the end of the import';

/**
 * Records of the persons an import touched that the step holds in memory to find which singletons may
 * link (`touched`); above it every singleton is looked up, as before imp3.
 */
const TOUCHED_RECORDS = 200_000;

/**
 * Decides again each person of `personIds` that still holds one record (and is not withheld, nor merged)
 * against the persons its blocks find now; a match joins it to that person (mergePersons, automatic).
 * `keepSourceIdsApart`: never join it to a person that holds a record of its source under another
 * external id (a PFIF file lists each of its persons once).
 *
 * With `touched` (the persons the import's records joined or made), a singleton is looked up only when a
 * person this import touched, or this step joined, is found by its blocks (in memory, over those persons'
 * records) and scores it from the automatic threshold up: every link to such a person is made exactly as
 * before (its lookups and decision are the same), and the step's lookups at 1M fall from every singleton
 * to those few. What it no longer makes is a link to a person nothing changed since the singleton was
 * last decided — latent links of the registry, a `dedupe`'s work (bench/RESULTS.md, branch `imp3`).
 */
export async function resolveSingletons(
  db: Kysely<DB>,
  cm: CompiledModel,
  personIds: ReadonlySet<string>,
  opts: {
    organisationId: string;
    actor: string;
    principal: Principal | null;
    importRunId?: string;
    keepSourceIdsApart?: boolean;
    /** The import's in-memory index of everything stored (a first bulk load), to find candidates in. */
    memory?: SingletonMemory | null;
    /** Singletons decided per round (default 2,000; a test sets it low to have many rounds). */
    page?: number;
    /**
     * The persons the import's records joined or made (its written records' persons): only a singleton a
     * person of these (or one this step joined) may now match is looked up. Absent: every singleton.
     */
    touched?: ReadonlySet<string>;
    /**
     * The registry in memory (`PackedRegistry`), holding every record stored: it answers the lookups
     * instead of the database and follows the step's merges (`movePerson`); dropped (the database answers)
     * when it cannot. `verifyPacked`: ask the database too and throw on any difference (tests, benches).
     */
    packed?: PackedRegistry | null;
    verifyPacked?: boolean;
    /**
     * The import's family keys with their counts (every record stored: the step runs once every batch has
     * committed), where the lookups find each probe's near neighbours (`FamilyKeyCounts`).
     */
    familyCounts?: FamilyKeyCounts | null;
  },
): Promise<SingletonResolution> {
  const out: SingletonResolution = { considered: 0, linked: 0 };
  let memory = opts.memory ?? null;
  let packed = opts.packed ?? null;
  const page = opts.page ?? ROUND;
  // The persons that changed during the import, with all their records, indexed as the lookups find them
  // (`InFlightBatch.find`: the same blocks and birth-year windows, uncapped). A first bulk load's index
  // holds every person stored, all of them the import's.
  const touched: InFlightBatch | null =
    opts.touched === undefined
      ? null
      : memory !== null
        ? memory.index
        : await timed('re-resolve: touched persons read', () =>
            touchedIndex(db, opts.touched as ReadonlySet<string>, opts.organisationId),
          );
  if (opts.touched !== undefined)
    tally('re-resolve: touched persons held', touched === null ? 0 : touched.persons.size);
  // The touched persons are a few of the registry's: their near rules count a key rare as the lookups do
  // (the import's counts, or those read for each page of singletons below).
  const rareByPage = touched !== null && memory === null && (opts.familyCounts ?? null) === null;
  if (touched !== null && memory === null && !rareByPage)
    touched.countRareBy(opts.familyCounts as FamilyKeyCounts);
  const auto = cm.model.thresholds.auto;
  const bound = opts.memory === undefined || opts.memory === null ? Infinity : MAY_LINK_SCORED;
  // The touched persons' records as the filter's bounds read them, coded once each (`BoundCodes`).
  const codes = new BoundCodes();
  // The candidates' spellings counted for earlier pages, taken by later ones (`SpellingCache`).
  const cache = new SpellingCache();
  let pending = [...personIds].sort();
  for (let pass = 0; pass < PASSES && pending.length > 0; pass++) {
    // Persons merged or grown in this pass: a decision read before it is not taken against them.
    const changed = new Set<string>();
    const retry: string[] = [];
    // In an order the records decide (their external ids), not the persons' ids: the same data gives the
    // same merges in any database.
    const all: StoredLinkRow[] = [];
    for (let from = 0; from < pending.length; from += page) {
      const ids = pending.slice(from, from + page);
      all.push(
        ...(await timed('re-resolve: singletons read', () => singletonRecords(db, ids, opts.organisationId))),
      );
    }
    all.sort((a, b) => cmp(a.external_id, b.external_id) || cmp(a.person_id, b.person_id));
    if (pass === 0) out.considered = all.length;
    for (let from = 0; from < all.length; from += page) {
      const rows = all.slice(from, from + page);
      const probes = rows.map((r) => toLinkRecord(r));
      if (rareByPage && touched !== null)
        touched.countRareBy(
          await timed('re-resolve: family keys near the singletons', () =>
            familyCountsFor(db, probes, opts.organisationId),
          ),
        );
      const own = rows.map((r) => r.person_id);
      // The records are counted already: each pair leaves its own record out of the counts.
      const tf = {
        ...(await timed('re-resolve: name frequencies read', () => termFrequenciesOf(db, probes))),
        countsArriving: true,
      };
      const bm = compileModel(cm.model, tf);
      // The candidates' spellings counted by the same rule as the singletons' keys (`SpellingCounts`).
      const spellings = SpellingCounts.ofDatabase(db, tf, probes, null, cache);
      const others = (i: number, persons: readonly CandidatePerson[]): CandidatePerson[] =>
        persons.filter((p) => p.personId !== own[i] && p.records.length > 0);
      const settled = (i: number, persons: readonly CandidatePerson[]): boolean =>
        confidentMatch(bm, probes[i] as LinkRecord, coveredOnly(spellings, others(i, persons)));
      // The filter scores the touched persons the singletons' blocks find: every touched record's spellings
      // first (read once for the step: the step writes no count).
      if (touched !== null) {
        timedSync("re-resolve: touched persons' spellings wanted", () => {
          for (const records of touched.persons.values()) spellings.want(records);
        });
        await timed("re-resolve: touched persons' spellings counted", () => spellings.cover());
      }
      // A singleton joins a person only when that person scores it from the automatic threshold up (one
      // record alone must, the person's merged view may give more): those the touched persons cannot are
      // not looked up.
      const may = (i: number): boolean =>
        touched === null ||
        mayLink(bm, touched, codes, probes[i] as LinkRecord, own[i] as string, auto, bound);
      let found: CandidatePerson[][];
      if (memory !== null) {
        // A first bulk load's index answers most singletons as the lookups would, cheaply: only those it
        // cannot (a block above its lookup's limit) are filtered before the database is asked.
        found = await candidatesInMemory(
          db,
          memory.index,
          probes,
          opts.organisationId,
          settled,
          may,
          opts.familyCounts ?? null,
          { packed, verifyPacked: opts.verifyPacked === true },
          spellings,
        );
      } else {
        const asked = timedSync('re-resolve: which may link (memory)', () =>
          probes.flatMap((_, i) => (may(i) ? [i] : [])),
        );
        if (touched !== null) tally('re-resolve: singletons that may link (looked up)', asked.length);
        found = probes.map(() => []);
        if (asked.length > 0) {
          const askedProbes = asked.map((i) => probes[i] as LinkRecord);
          const askedSettled = (k: number, persons: readonly CandidatePerson[]): boolean =>
            settled(asked[k] as number, persons);
          const store = packed;
          const lookUp = (): Promise<CandidatePerson[][]> =>
            candidatePersons(
              db,
              askedProbes,
              opts.organisationId,
              askedSettled,
              LOOKUP_PARTS,
              undefined,
              null,
              opts.familyCounts,
              (selective) => spellings.coverPersons(selective),
            );
          const foundAsked =
            store === null
              ? await timed('re-resolve: candidates', lookUp)
              : await timed('re-resolve: candidates (packed registry)', () =>
                  packedCandidates(store, askedProbes, askedSettled, undefined, spellings),
                );
          if (store !== null && opts.verifyPacked === true) verifyPackedAnswers(foundAsked, await lookUp());
          asked.forEach((i, k) => (found[i] = foundAsked[k] ?? []));
        }
      }
      // Every candidate's spellings counted before the decisions score them.
      await timed("re-resolve: candidates' spellings counted", () => spellings.coverPersons(found));
      // Undone when the round's merges find that someone else wrote meanwhile (decided again below).
      const changedBefore = new Set(changed);
      const retryBefore = retry.length;
      const merges: Merge[] = [];
      probes.forEach((probe, i) => {
        const mine = own[i] as string;
        if (changed.has(mine)) return;
        const candidates = others(i, found[i] ?? []);
        if (candidates.length === 0) return;
        const d = decideRecord(bm, probe, candidates);
        if (d.decision !== 'match' || d.best === null) return;
        const into = d.best.personId;
        if (changed.has(into)) {
          retry.push(mine);
          return;
        }
        const target = candidates.find((c) => c.personId === into);
        const records = target?.records ?? [];
        // One of the person's records alone must say as much: the person's merged view (the best of each
        // field across its records) gives a stranger a draw per record, and the persons that grew are
        // those with the most draws (on the harsh population it made half the wrong links of this step).
        if (!records.some((r) => scoreFast(bm, probe, r, records) >= bm.model.thresholds.auto)) return;
        const pair = scorePair(bm, probe, d.best.record, records);
        changed.add(mine);
        changed.add(into);
        merges.push({
          into,
          from: mine,
          probe,
          records,
          score: d.best.score,
          reason: `${REASON_PREFIX}: ${queueReason(pair).replace(/; not sure enough to link automatically \(score [^)]*\)$/, '')} (score ${d.best.score.toFixed(1)})`,
        });
      });
      if (merges.length === 0) continue;
      const held = memory;
      const done = await timed('re-resolve: merges', () =>
        db.transaction().execute(async (trx) => {
          if (held !== null && !(await held.stillHeld(trx))) return null;
          // Each merge's surviving and absorbed person (the older person keeps its id, whichever it is).
          const joined: { survivor: string; absorbed: string; merge: Merge }[] = [];
          const targets = await trx
            .selectFrom('person')
            .select(['id', 'merged_into', 'withheld'])
            .where(
              'id',
              'in',
              merges.flatMap((m) => [m.into, m.from]),
            )
            .execute();
          const state = new Map(targets.map((p) => [p.id, p]));
          const apart =
            opts.keepSourceIdsApart === true ? await sendersOtherPersons(trx, merges) : new Set<string>();
          // A person met as a possible match may be an older one a human kept apart from the other
          // (a rejected pair, a split): that decision stands.
          const keptApart = await humanKeptApart(trx, merges);
          for (const m of merges) {
            const a = state.get(m.into);
            const b = state.get(m.from);
            // A withheld person (GC IV Art. 137) is joined only by a human; one merged meanwhile is left.
            if (a === undefined || b === undefined || a.merged_into !== null || b.merged_into !== null)
              continue;
            if (a.withheld || b.withheld || apart.has(m.from) || keptApart.has(m.from)) continue;
            const merged = await mergePersons(trx, m.into, m.from, {
              actor: opts.actor,
              principal: opts.principal,
              kind: 'auto',
              score: m.score,
              modelVersion: cm.model.version,
              reason: m.reason,
            });
            joined.push({ ...merged, merge: m });
          }
          const linked = joined.length;
          if (linked > 0)
            await appendAudit(trx, opts.principal, {
              action: 'link.auto',
              objectType: opts.importRunId === undefined ? 'registry' : 'import_run',
              objectId: opts.importRunId ?? null,
              detail: { re_resolved: linked, model_version: cm.model.version },
            });
          return joined;
        }),
      );
      if (done === null) {
        // Someone else wrote during the step: this round again, and the rest, from the database.
        memory = null;
        changed.clear();
        for (const id of changedBefore) changed.add(id);
        retry.length = retryBefore;
        from -= page;
        continue;
      }
      out.linked += done.length;
      for (const m of done) {
        // The touched persons follow the step's merges: the person joined is one this step changed. A
        // merge the import's index cannot follow (a person it does not hold): the database answers from
        // here on.
        if (touched !== null && !follow(touched, m) && touched === held?.index) memory = null;
        if (held !== null && held.index !== touched && !held.index.movePerson(m.absorbed, m.survivor))
          memory = null;
        if (packed !== null && !packed.movePerson(m.absorbed, m.survivor)) {
          tally('packed registry: dropped (a merge it cannot follow)', 1);
          packed = null;
        }
      }
    }
    pending = retry.sort();
  }
  return out;
}

/** A singleton to join to the person it matches, with that person's records as its lookups read them. */
interface Merge {
  into: string;
  from: string;
  probe: LinkRecord;
  records: readonly LinkRecord[];
  score: number;
  reason: string;
}

/**
 * Touched persons a singleton's blocks may find before it is looked up without scoring them, in a first
 * bulk load's step (`memory`) only. There every person stored is touched, so the bound changes no decision
 * (a singleton no touched person scores from the automatic threshold up matches no one), only the cost:
 * scoring a common name's block of the whole file cost more than its lookup (imp3). Into a registry that
 * held persons before, every touched person found is scored, as the simulation's step does: with the
 * bound, a singleton of a common name was looked up whatever its touched persons scored, and could join a
 * person nothing had changed (a latent link, `dedupe`'s work) where a rare name's could not — and at
 * 20,000 rows into 1M nearly every singleton was looked up again (18,716 of 18,739; bench/RESULTS.md, imp).
 */
const MAY_LINK_SCORED = 64;

/**
 * Whether a person of the touched index other than the singleton's own, found by the probe's blocks,
 * scores it from the automatic threshold up (`scorePerson`: its best record, or its merged view): no
 * other can be the person the step joins it to (a link needs one record alone from that threshold up),
 * nor one a decision is retried for (a match scores from it).
 */
function mayLink(
  bm: CompiledModel,
  touched: InFlightBatch,
  codes: BoundCodes,
  probe: LinkRecord,
  own: string,
  auto: number,
  /** Touched persons found past which the singleton is looked up unscored (`MAY_LINK_SCORED`). */
  bound: number,
): boolean {
  // Most touched persons a common name's blocks find cannot reach the threshold, and a bound without the
  // string measures says so (`ScoreBound`, from the persons' records coded once: `BoundCodes`): only the
  // others are scored (the same answer).
  const reach = new ScoreBound(bm, probe, codes);
  let seen = 0;
  let scored = 0;
  const reaches = (personId: string, records: readonly LinkRecord[] | undefined, no?: number): boolean => {
    if (personId === own || records === undefined || records.length === 0) return false;
    seen++;
    if (!reach.mayReach(records, auto, no)) return false;
    scored++;
    return scorePerson(bm, probe, { personId, records }).score >= auto;
  };
  let may: boolean;
  if (bound === Infinity) {
    // Each person is asked as its blocks find it, and the lookup stops at the first that reaches.
    may = touched.somePerson(probe, reaches);
  } else {
    // A block of many touched persons (a common name after a first bulk load) costs more to score here
    // than to look up: looked up (and the block is not read past the bound).
    const found = touched.findAtMost(probe, bound);
    if (found === null) {
      tally('re-resolve: singletons looked up unscored (blocks over the bound)', 1);
      return true;
    }
    may = found.some((personId) => reaches(personId, touched.persons.get(personId)));
  }
  tally('re-resolve: touched persons found (filter)', seen);
  tally('re-resolve: touched persons scored (filter; the others bounded below auto)', scored);
  return may;
}

/**
 * The touched index follows a merge: the survivor holds both persons' records. False when it did not
 * hold both persons before (the singleton, or the person joined, was not one of its persons).
 */
function follow(index: InFlightBatch, m: { survivor: string; absorbed: string; merge: Merge }): boolean {
  let held = true;
  if (!index.persons.has(m.merge.into)) {
    index.holdPerson(m.merge.into, m.merge.records);
    held = false;
  }
  if (!index.persons.has(m.merge.from)) {
    index.holdPerson(m.merge.from, [m.merge.probe]);
    held = false;
  }
  index.movePerson(m.absorbed, m.survivor);
  return held;
}

/**
 * The persons of `ids` (surviving, of the organisation) with all their records, indexed for `find`; null
 * when they hold more than TOUCHED_RECORDS records (then every singleton is looked up).
 */
async function touchedIndex(
  db: Kysely<DB>,
  ids: ReadonlySet<string>,
  organisationId: string,
): Promise<InFlightBatch | null> {
  // A person merged since its record was written (by a reviewer, another import) lives on in its survivor.
  const list = [...ids];
  const moved = await sql<{ id: string }>`
    WITH RECURSIVE chain(id, next) AS (
      SELECT id, merged_into FROM person WHERE id = ANY(${list}::uuid[]) AND merged_into IS NOT NULL
      UNION
      SELECT p.id, p.merged_into FROM chain c JOIN person p ON p.id = c.next
    )
    SELECT id FROM chain WHERE next IS NULL`.execute(db);
  const all = [...new Set([...list, ...moved.rows.map((r) => r.id)])];
  const index = InFlightBatch.empty();
  let held = 0;
  for (let from = 0; from < all.length; from += ROUND * 5) {
    const byPerson = await personRecords(db, all.slice(from, from + ROUND * 5), organisationId);
    for (const [personId, records] of byPerson) {
      held += records.length;
      if (held > TOUCHED_RECORDS) return null;
      index.holdPerson(personId, records);
    }
  }
  return index;
}

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The candidates of each probe as `candidatePersons` finds them (with `settled`), from the in-memory index
 * of everything stored: in the lookups' order, each with all its records in id order. A probe with a block
 * larger than its lookup reads is looked up in the database.
 */
async function candidatesInMemory(
  db: Kysely<DB>,
  index: InFlightBatch,
  probes: readonly LinkRecord[],
  organisationId: string,
  settled: (i: number, persons: readonly CandidatePerson[]) => boolean,
  /** Whether a probe the memory cannot answer is worth looking up (`mayLink`); the others find none. */
  worth: (i: number) => boolean,
  familyCounts: FamilyKeyCounts | null,
  /**
   * The registry in memory, when the import kept one beside its index (a first bulk load on PGlite): it
   * answers those probes instead of the database (`verifyPacked`: both, compared).
   */
  store: { packed: PackedRegistry | null; verifyPacked: boolean },
  /** The page's counts: a probe's selective persons' spellings are counted before `settled` scores them. */
  spellings: SpellingCounts,
): Promise<CandidatePerson[][]> {
  const hits = await lookUpCounted(spellings, probes.length, settled, (indices, counted) =>
    timedSync('re-resolve: candidates (memory)', () =>
      indices.map((i, k) => index.findWhole(probes[i] as LinkRecord, (persons) => counted(k, persons))),
    ),
  );
  const over: number[] = [];
  const found = hits.map((hit, i): CandidatePerson[] => {
    if (!hit.whole) {
      over.push(i);
      return [];
    }
    return hit.ids.map((personId) => ({
      personId,
      records: [...(index.persons.get(personId) ?? [])].sort((x, y) => cmp(x.id, y.id)),
    }));
  });
  tally('re-resolve: singletons answered in memory', probes.length - over.length);
  if (over.length === 0) return found;
  tally('re-resolve: singletons with a block above its limit', over.length);
  const partial = timedSync('re-resolve: which may link (memory)', () => over.filter(worth));
  if (partial.length === 0) return found;
  tally('re-resolve: singletons looked up (a block above its limit)', partial.length);
  const partialProbes = partial.map((i) => probes[i] as LinkRecord);
  const partialSettled = (k: number, persons: readonly CandidatePerson[]): boolean =>
    settled(partial[k] as number, persons);
  const lookUp = (): Promise<CandidatePerson[][]> =>
    candidatePersons(
      db,
      partialProbes,
      organisationId,
      partialSettled,
      LOOKUP_PARTS,
      undefined,
      null,
      familyCounts,
      (selective) => spellings.coverPersons(selective),
    );
  const packed = store.packed;
  const asked =
    packed === null
      ? await timed('re-resolve: candidates', lookUp)
      : await timed('re-resolve: candidates (packed registry)', () =>
          packedCandidates(packed, partialProbes, partialSettled, undefined, spellings),
        );
  if (packed !== null && store.verifyPacked) verifyPackedAnswers(asked, await lookUp());
  partial.forEach((i, k) => (found[i] = asked[k] ?? []));
  return found;
}

/** The record of each of the given persons that holds exactly one, of the organisation, not withheld. */
async function singletonRecords(
  db: Kysely<DB>,
  personIds: readonly string[],
  organisationId: string,
): Promise<StoredLinkRow[]> {
  const rows = await sql<StoredLinkRow>`SELECT ${LINK_COLUMNS} FROM record r
    JOIN person p ON p.id = r.person_id
    WHERE r.person_id = ANY(${personIds}::uuid[]) AND p.merged_into IS NULL AND NOT p.withheld
      AND p.organisation_id = ${organisationId}::uuid
      AND NOT EXISTS (SELECT 1 FROM record o WHERE o.person_id = r.person_id AND o.id <> r.id)
    ORDER BY r.id`.execute(db);
  return rows.rows;
}

/**
 * The singletons (`from`) whose person to join holds a record of the singleton's source under another
 * external id: the sender lists them as two persons.
 */
async function sendersOtherPersons(
  db: Kysely<DB>,
  merges: readonly { into: string; from: string; probe: LinkRecord }[],
): Promise<Set<string>> {
  const rows = await sql<{ from_person: string }>`
    SELECT m.from_person FROM unnest(${merges.map((m) => m.probe.id)}::uuid[], ${merges.map((m) => m.into)}::uuid[],
      ${merges.map((m) => m.from)}::uuid[]) AS m(record_id, into_person, from_person)
    JOIN record r ON r.id = m.record_id
    WHERE EXISTS (SELECT 1 FROM record o WHERE o.person_id = m.into_person AND o.source_id = r.source_id
      AND o.external_id <> r.external_id)`.execute(db);
  return new Set(rows.rows.map((r) => r.from_person));
}

/**
 * The singletons (`from`) a human has said are not the person to join: a record of each was remembered
 * as another man's (`distinct_records`, written when a pair is rejected or a person split).
 */
async function humanKeptApart(
  db: Kysely<DB>,
  merges: readonly { into: string; from: string }[],
): Promise<Set<string>> {
  const rows = await sql<{ from_person: string }>`
    SELECT m.from_person FROM unnest(${merges.map((m) => m.into)}::uuid[], ${merges.map((m) => m.from)}::uuid[])
      AS m(into_person, from_person)
    WHERE EXISTS (SELECT 1 FROM record a JOIN record b ON b.person_id = m.into_person
      JOIN distinct_records d ON d.record_a = least(a.id, b.id) AND d.record_b = greatest(a.id, b.id)
      WHERE a.person_id = m.from_person)`.execute(db);
  return new Set(rows.rows.map((r) => r.from_person));
}
