/**
 * Where the names of a list point, by the registry's linkage engine: entries of our side to registry
 * persons (candidates from the database's blocking indexes), entries of theirs to the register of enemy
 * prisoners held, and rows of a crossing to the entries of the agreed list (both held in memory and
 * blocked by the same rules). Reads only.
 */
import {
  blockKeys,
  compileModel,
  decideRecord,
  listDecideOptions,
  possibleAlternatives,
  termFrequenciesOfRecords,
  type CandidatePerson,
  type CompiledModel,
  type Decision,
  type LinkRecord,
  type TermFrequencies,
} from '@homecoming/linkage';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PersonScope } from '../../gate/scope.js';
import { permittedPersonIds } from '../../gate/scope.js';
import { probeOf, rowCandidates } from '../linkage/candidates.js';
import { NameCountReads, termFrequenciesOf } from '../linkage/frequencies.js';
import type { RecordContent } from '../records/validate.js';

/** Where one name points: a person (or prisoner, or list entry) id, the decision, the score. */
export interface Placement {
  decision: Decision;
  id: string | null;
  score: number | null;
  /** How far the best clean candidate is ahead of the next one (log2 odds); null with none. */
  margin?: number | null;
  /**
   * A possible placement in the registry: the other persons it may be, close behind the best
   * (`possibleAlternatives`), best first. Absent elsewhere.
   */
  alternatives?: { id: string; score: number }[];
}

const BATCH = 1000;

function placementOf(d: ReturnType<typeof decideRecord>): Placement {
  const id = d.decision !== 'none' && d.best ? d.best.personId : null;
  const clean = d.ranked.filter((p) => p.conflict === null);
  const margin =
    clean[0] === undefined ? null : clean[1] === undefined ? 99 : clean[0].score - clean[1].score;
  return { decision: d.decision, id, score: d.best ? Math.round(d.best.score * 1000) / 1000 : null, margin };
}

/** Statements of registry lookups run at once, each on its own connection (PostgreSQL's pool). */
const PARALLEL = 4;

/**
 * Links names to registry persons within a scope (an organisation's persons, or the whole registry for
 * the command line); a person the scope does not let through is no candidate. The names are looked up in
 * up to PARALLEL statements at once (the lookups are reads, and the cost of a list is theirs): a list of
 * 5,000 against 1,000,000 persons spends nearly all its time here.
 */
export async function placeInRegistry(
  db: Kysely<DB>,
  cm: CompiledModel,
  scope: PersonScope,
  contents: readonly RecordContent[],
): Promise<Placement[]> {
  const size = Math.min(BATCH, Math.max(50, Math.ceil(contents.length / PARALLEL)));
  const starts: number[] = [];
  for (let start = 0; start < contents.length; start += size) starts.push(start);
  const results: Placement[][] = starts.map(() => []);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < starts.length) {
      const k = next++;
      const start = starts[k] as number;
      results[k] = await placeSlice(db, cm, scope, contents.slice(start, start + size), start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, starts.length) }, worker));
  return results.flat();
}

async function placeSlice(
  db: Kysely<DB>,
  cm: CompiledModel,
  scope: PersonScope,
  slice: readonly RecordContent[],
  start: number,
): Promise<Placement[]> {
  const organisationId = scope.kind === 'organisation' ? scope.organisationId : undefined;
  const probes = slice.map((c, i) => probeOf(`probe-${start + i}`, c));
  // Looked up and weighed as a list's rows are (`linkList`): the registry's counts of the rows' names and
  // of their candidates' other spellings, so that a row's placement does not depend on its slice (tfb).
  const { bm, found } = await rowCandidates(db, cm.model, probes, new NameCountReads(), organisationId);
  // Decided as a list's row is (`linkList`): a clear best of two, a row that agrees throughout (fs-15); a
  // possible row carries the persons close behind its best, as a list's line does.
  const options = listDecideOptions(bm);
  const placed = probes.map((p, i) => {
    const d = decideRecord(bm, p, found[i] ?? [], options);
    const placement = placementOf(d);
    if (d.decision === 'possible')
      placement.alternatives = possibleAlternatives(bm, d).map((a) => ({
        id: a.personId,
        score: Math.round(a.score * 1000) / 1000,
      }));
    return placement;
  });
  const permitted = await permittedPersonIds(
    db,
    scope,
    placed.flatMap((p) => [...(p.id === null ? [] : [p.id]), ...(p.alternatives ?? []).map((a) => a.id)]),
  );
  // A person the scope does not let through is neither the best nor shown beside it.
  return placed.map((p) => {
    if (p.id !== null && !permitted.has(p.id)) return { decision: 'none', id: null, score: null };
    if (p.alternatives !== undefined)
      return { ...p, alternatives: p.alternatives.filter((a) => permitted.has(a.id)) };
    return p;
  });
}

/**
 * The registry's counts of the names of a set held in memory and of the names to be placed among it: a
 * list's names are people of the registry's population, and a name is as rare as the registry says, not as
 * a list of a few hundred (where nearly every name occurs once) would.
 */
export async function registryCountsOf(
  db: Kysely<DB>,
  items: readonly { id: string; content: RecordContent }[],
  contents: readonly RecordContent[],
): Promise<TermFrequencies> {
  const probes = [
    ...items.map((x) => probeOf(x.id, x.content)),
    ...contents.map((c, i) => probeOf(`probe-${i}`, c)),
  ];
  return termFrequenciesOf(db, probes);
}

/** A set of named things held in memory (prisoners, list entries), blocked for fast candidate lookup. */
export class MemoryBlocks {
  private readonly byKey: Map<string, CandidatePerson[]>[] = [];
  private readonly tf: TermFrequencies;
  private readonly size: number;

  /**
   * `tf`: the counts a name's rarity is read from, the registry's (`registryCountsOf`). Without them the
   * items' own counts are used, which a short list's few records shrink toward the model's u: next to no
   * adjustment, neither rare nor common.
   */
  constructor(items: readonly { id: string; content: RecordContent }[], tf?: TermFrequencies) {
    const records = items.map((x) => ({ id: x.id, probe: probeOf(x.id, x.content) }));
    this.tf = tf ?? termFrequenciesOfRecords(records.map((r) => r.probe));
    this.size = records.length;
    for (const { id, probe } of records) {
      const cand = { personId: id, records: [probe] };
      blockKeys(probe).forEach((keys, rule) => {
        for (const k of keys) {
          const m = (this.byKey[rule] ??= new Map());
          const list = m.get(k);
          if (list === undefined) m.set(k, [cand]);
          else list.push(cand);
        }
      });
    }
  }

  /** The items sharing a block with a probe. */
  candidates(probe: LinkRecord): CandidatePerson[] {
    const seen = new Map<string, CandidatePerson>();
    blockKeys(probe).forEach((keys, rule) => {
      for (const k of keys)
        for (const c of this.byKey[rule]?.get(k) ?? []) if (!seen.has(c.personId)) seen.set(c.personId, c);
    });
    return [...seen.values()];
  }

  /**
   * Where each name is placed among the items (`placed`, as `place`) and the items it may be, best first,
   * with their scores (`ranked`): those sharing a block, or, for a name sharing none, every item; hard
   * conflicts (service numbers, birth years far apart) left out; at most `top` per name. One pass: both
   * read the same scores.
   */
  placeAndRank(
    cm: CompiledModel,
    contents: readonly RecordContent[],
    top = 3,
    withRank = true,
  ): { placed: Placement[]; ranked: { id: string; score: number; raw: number }[][] } {
    // The prior follows the registry, not the small set: a list's names are people of a large population
    // (compileModel's prior assumes at least PRIOR_MIN_RECORDS records).
    const bm = compileModel(cm.model, this.tf);
    // For the ranking, the prior of a set of N names, each row being one of them with odds about 1 : N (who
    // crossed is nearly always someone listed), instead of the registry's (a population of millions).
    const n = Math.max(this.size, 2);
    const listPrior = Math.log2(1 / (n - 1));
    let everything: CandidatePerson[] | null = null;
    const placed: Placement[] = [];
    const ranked: { id: string; score: number; raw: number }[][] = [];
    contents.forEach((c, i) => {
      const probe = probeOf(`probe-${i}`, c);
      const found = this.candidates(probe);
      const d = decideRecord(bm, probe, found);
      placed.push(placementOf(d));
      if (!withRank) return;
      // A name sharing no block (a garbled surname and a wrong date together) is ranked against every item.
      let r = d;
      if (found.length === 0) {
        everything ??= this.everything();
        r = decideRecord(bm, probe, everything);
      }
      ranked.push(
        r.ranked
          .filter((p) => p.conflict !== 'service_number' && p.conflict !== 'birth_date')
          .slice(0, top)
          .map((p) => ({ id: p.personId, score: p.score - bm.prior + listPrior, raw: p.score })),
      );
    });
    return { placed, ranked };
  }

  private everything(): CandidatePerson[] {
    return [
      ...new Map(
        this.byKey.flatMap((m) => [...(m?.values() ?? [])].flat()).map((c) => [c.personId, c]),
      ).values(),
    ];
  }

  /** Places names among the items (the registry's model, the counts given to the constructor). */
  place(cm: CompiledModel, contents: readonly RecordContent[]): Placement[] {
    return this.placeAndRank(cm, contents, 0, false).placed;
  }
}
