/**
 * Where the names of a list point, by the registry's linkage engine: entries of our side to registry
 * persons (candidates from the database's blocking indexes), entries of theirs to the register of enemy
 * prisoners held, and rows of a crossing to the entries of the agreed list (both held in memory and
 * blocked by the same rules). Reads only.
 */
import {
  blockingKeys,
  compileModel,
  decideRecord,
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
import { candidatePersons, probeOf } from '../linkage/candidates.js';
import { termFrequenciesOf } from '../linkage/frequencies.js';
import type { RecordContent } from '../records/validate.js';

/** Where one name points: a person (or prisoner, or list entry) id, the decision, the score. */
export interface Placement {
  decision: Decision;
  id: string | null;
  score: number | null;
  /** How far the best clean candidate is ahead of the next one (log2 odds); null with none. */
  margin?: number | null;
}

const BATCH = 1000;

function placementOf(d: ReturnType<typeof decideRecord>): Placement {
  const id = d.decision !== 'none' && d.best ? d.best.personId : null;
  const clean = d.ranked.filter((p) => p.conflict === null);
  const margin =
    clean[0] === undefined ? null : clean[1] === undefined ? 99 : clean[0].score - clean[1].score;
  return { decision: d.decision, id, score: d.best ? Math.round(d.best.score * 1000) / 1000 : null, margin };
}

/**
 * Links names to registry persons within a scope (an organisation's persons, or the whole registry for
 * the command line); a person the scope does not let through is no candidate.
 */
export async function placeInRegistry(
  db: Kysely<DB>,
  cm: CompiledModel,
  scope: PersonScope,
  contents: readonly RecordContent[],
): Promise<Placement[]> {
  const out: Placement[] = [];
  const organisationId = scope.kind === 'organisation' ? scope.organisationId : undefined;
  for (let start = 0; start < contents.length; start += BATCH) {
    const slice = contents.slice(start, start + BATCH);
    const probes = slice.map((c, i) => probeOf(`probe-${start + i}`, c));
    const found = await candidatePersons(db, probes, organisationId);
    const bm = compileModel(cm.model, await termFrequenciesOf(db, probes));
    const placed = probes.map((p, i) => placementOf(decideRecord(bm, p, found[i] ?? [])));
    const permitted = await permittedPersonIds(
      db,
      scope,
      placed.flatMap((p) => (p.id === null ? [] : [p.id])),
    );
    for (const p of placed)
      out.push(p.id !== null && !permitted.has(p.id) ? { decision: 'none', id: null, score: null } : p);
  }
  return out;
}

/** A set of named things held in memory (prisoners, list entries), blocked for fast candidate lookup. */
export class MemoryBlocks {
  private readonly byKey: Map<string, CandidatePerson[]>[] = [];
  private readonly tf: TermFrequencies;
  private readonly size: number;

  constructor(items: readonly { id: string; content: RecordContent }[]) {
    const records = items.map((x) => ({ id: x.id, probe: probeOf(x.id, x.content) }));
    this.tf = termFrequenciesOfRecords(records.map((r) => r.probe));
    this.size = records.length;
    for (const { id, probe } of records) {
      const cand = { personId: id, records: [probe] };
      blockingKeys(probe).forEach((k, rule) => {
        if (k === null) return;
        const m = (this.byKey[rule] ??= new Map());
        const list = m.get(k);
        if (list === undefined) m.set(k, [cand]);
        else list.push(cand);
      });
    }
  }

  /** The items sharing a block with a probe. */
  candidates(probe: LinkRecord): CandidatePerson[] {
    const seen = new Map<string, CandidatePerson>();
    blockingKeys(probe).forEach((k, rule) => {
      if (k === null) return;
      for (const c of this.byKey[rule]?.get(k) ?? []) if (!seen.has(c.personId)) seen.set(c.personId, c);
    });
    return [...seen.values()];
  }

  /**
   * The items each name may be, best first, with their scores: those sharing a block, or, for a name
   * sharing none (a garbled surname and a wrong date together), every item. Hard conflicts (service
   * numbers, birth years far apart) are left out; at most `top` per name.
   */
  rank(
    cm: CompiledModel,
    contents: readonly RecordContent[],
    top = 3,
  ): { id: string; score: number; raw: number }[][] {
    const bm = compileModel(cm.model, { ...this.tf, records: Math.max(this.tf.records, 50_000) });
    // The prior of a set of N names, each row being one of them with odds about 1 : N (who crossed is
    // nearly always someone listed), instead of the registry's (a population of millions).
    const n = Math.max(this.size, 2);
    const listPrior = Math.log2(1 / (n - 1));
    const everything = [
      ...new Map(
        this.byKey.flatMap((m) => [...(m?.values() ?? [])].flat()).map((c) => [c.personId, c]),
      ).values(),
    ];
    return contents.map((c, i) => {
      const probe = probeOf(`probe-${i}`, c);
      let found = this.candidates(probe);
      if (found.length === 0) found = everything;
      return decideRecord(bm, probe, found)
        .ranked.filter((p) => p.conflict !== 'service_number' && p.conflict !== 'birth_date')
        .slice(0, top)
        .map((p) => ({ id: p.personId, score: p.score - bm.prior + listPrior, raw: p.score }));
    });
  }

  /** Places names among the items (the registry's model, the items' own name counts). */
  place(cm: CompiledModel, contents: readonly RecordContent[]): Placement[] {
    // The prior follows the registry, not the small set: a list's names are people of a large population.
    const bm = compileModel(cm.model, { ...this.tf, records: Math.max(this.tf.records, 50_000) });
    return contents.map((c, i) => {
      const probe = probeOf(`probe-${i}`, c);
      return placementOf(decideRecord(bm, probe, this.candidates(probe)));
    });
  }
}
