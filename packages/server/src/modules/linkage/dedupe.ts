import {
  blockedPairs,
  clusterRecords,
  compatibleRecords,
  compileModel,
  autoLinkable,
  termFrequenciesOfRecords,
  hardConflict,
  queueReason,
  queueThreshold,
  scoreFast,
  scorePair,
  type Edge,
  type LinkRecord,
} from '@homecoming/linkage';
import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import { mergePersons } from '../../commands/mergePersons.js';
import type { Database } from '../../db/database.js';
import { appendAudit } from '../audit/log.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { collectGarbage, profiling, sampleMemory } from '../../phases.js';
import { loadModel } from './model.js';
import { pairPriority, proposePairs, type PairProposal } from './repo.js';
import { loadRegistry } from './registry.js';

/** What a re-resolution did. */
export interface DedupeSummary {
  records: number;
  pairsScored: number;
  merges: number;
  refused: number;
  proposed: number;
  modelVersion: string;
  seconds: { load: number; score: number; write: number };
}

/** Most review pairs a re-resolution queues for one person. */
const PAIRS_PER_PERSON = 2;

/**
 * Most review pairs a re-resolution queues, as a share of the registry's persons: a queue a team can
 * clear. The pairs kept are those whose decision changes most (pairPriority), then the likeliest.
 */
export const REVIEW_SHARE = 0.02;
/** The queue's cap never falls below this many pairs (a registry of a few thousand persons). */
const REVIEW_MIN = 100;

/**
 * Records a big block (a common name's, see `bigBlock`) pairs each record with in each of its sorted orders
 * (`BlockingOptions.window`): at a million persons every pair of such blocks within a year was hundreds of
 * millions of pairs. Blocks of up to BIG_BLOCK records are compared whole.
 */
const NEIGHBOURHOOD = 8;
const BIG_BLOCK = 200;

/** Merges written per transaction. */
const MERGES_PER_TRANSACTION = 200;

/**
 * Re-resolves the whole registry under the current model: every blocked pair is scored; persons are
 * joined along automatic-link edges, best first, starting from the current persons (ids are stable: the
 * older person survives each merge); no join brings together records with conflicting hard identifiers,
 * records a human said are distinct, or records whose fields speak against each other; pairs in the
 * review band between persons that stay apart are queued for review, at most PAIRS_PER_PERSON per person.
 * A withheld person (GC IV Art. 137) is never joined automatically with one that is not: such pairs go
 * to review, where a human decides (and a merge keeps the survivor withheld).
 */
export async function dedupeRegistry(
  database: Database,
  opts: {
    actor: string;
    principal?: Principal;
    onProgress?: (phase: string, done: number, total: number) => void;
  },
): Promise<DedupeSummary> {
  const progress = opts.onProgress ?? (() => undefined);
  // HOMECOMING_PROFILE=1: what the heap holds after each phase (a full collection first), on stderr.
  const held = (phase: string): void => {
    if (!profiling()) return;
    collectGarbage();
    const m = process.memoryUsage();
    const mb = (b: number): number => Math.round(b / 1e6);
    process.stderr.write(
      `\ndedupe memory after ${phase}: heap used ${mb(m.heapUsed)} MB, rss ${mb(m.rss)} MB, outside the heap ${mb(m.external)} MB\n`,
    );
  };
  // The whole registry: only the command line re-resolves it.
  const principal = opts.principal ?? { ...unsafeRegistryPrincipal(), id: opts.actor };
  const t0 = Date.now();
  const loaded = await loadModel(database.db);
  const { records, personIds } = await loadRegistry(database, (n) => progress('load', n, n));
  held('load');
  const cm = compileModel(loaded.model, {
    ...termFrequenciesOfRecords(records),
    countsArriving: true,
  });
  const distinct = new Set<string>();
  const rows = await database.db.selectFrom('distinct_records').select(['record_a', 'record_b']).execute();
  for (const r of rows) distinct.add(`${r.record_a}|${r.record_b}`);
  held('model');
  const t1 = Date.now();

  // Clusters start as the current persons; a person's label is its index in id order (UUIDv7: creation).
  const persons = [...new Set(personIds)].sort();
  const { initial, orgOfLabel, withheldOfLabel, statusOfLabel } = await personTables(
    database,
    persons,
    personIds,
  );
  // The records' person ids are read no more (`initial` holds them as labels).
  personIds.length = 0;
  const { auto } = cm.model.thresholds;
  // Pairs below even odds are more likely two people than one: a reviewer sees no more than the model.
  const review = queueThreshold(cm.model);
  const edges: Edge[] = [];
  const band: Edge[] = [];
  let scored = 0;
  let lastRule = -1;
  for (const [i, j, rule] of blockedPairs(records, { bigBlock: BIG_BLOCK, window: NEIGHBOURHOOD })) {
    scored++;
    if (rule !== lastRule) {
      held(`blocking rule ${rule}'s first pair (pair ${scored})`);
      lastRule = rule;
    }
    if (scored % 250_000 === 0) {
      if (scored % 1_000_000 === 0) {
        progress('score', scored, 0);
        sampleMemory();
      }
      // Let a signal in: at 1M persons this loop runs for tens of minutes, and nothing is written yet, so
      // SIGTERM or Ctrl-C may close the database and end the process here.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const li = initial[i] as number;
    const lj = initial[j] as number;
    if (li === lj || orgOfLabel[li] !== orgOfLabel[lj]) continue;
    const a = records[i] as LinkRecord;
    const b = records[j] as LinkRecord;
    const s = scoreFast(cm, a, b);
    // Names alone never join two persons (a namesake shares them), nor do contradicting birth dates: such a
    // pair is reviewed instead.
    if (s >= auto && withheldOfLabel[li] === withheldOfLabel[lj] && autoLinkable(cm, a, [b]))
      edges.push({ i, j, score: s });
    else if (s >= auto) band.push({ i, j, score: s });
    else if (s >= review) band.push({ i, j, score: s });
  }
  progress('score', scored, scored);
  held(`scoring (${edges.length} edges, ${band.length} in the band)`);
  const isDistinct = (a: LinkRecord, b: LinkRecord): boolean =>
    distinct.has(a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`);
  const result = clusterRecords({
    initial,
    edges,
    compatible: (i, j) => {
      const a = records[i] as LinkRecord;
      const b = records[j] as LinkRecord;
      return !isDistinct(a, b) && compatibleRecords(cm, a, b);
    },
    age: (c) => c,
  });
  held('clustering');
  const t2 = Date.now();

  // Merges, in the order clustering made them, a few hundred per transaction.
  let done = 0;
  for (let k = 0; k < result.merges.length; k += MERGES_PER_TRANSACTION) {
    const chunk = result.merges.slice(k, k + MERGES_PER_TRANSACTION);
    await database.db.transaction().execute(async (trx) => {
      for (const m of chunk) {
        await mergePersons(trx, persons[m.into] as string, persons[m.from] as string, {
          actor: opts.actor,
          principal,
          kind: 'auto',
          score: m.score,
          modelVersion: cm.model.version,
          reason: 're-resolution (dedupe)',
        });
      }
    });
    done += chunk.length;
    progress('merge', done, result.merges.length);
  }

  // The review band between persons that stayed apart: the best pair per two persons.
  const best = new Map<string, Edge>();
  for (const e of [...band, ...result.refused]) {
    const a = result.labels[e.i] as number;
    const b = result.labels[e.j] as number;
    if (a === b) continue;
    const ra = records[e.i] as LinkRecord;
    const rb = records[e.j] as LinkRecord;
    if (isDistinct(ra, rb) || e.score < review) continue;
    if (hardConflict(ra, rb) !== null) continue;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const prev = best.get(key);
    if (!prev || prev.score < e.score) best.set(key, e);
  }
  // At most a few pairs per person, best first: a person with dozens of namesakes would otherwise fill
  // the queue with pairs no reviewer can tell apart any better than the model.
  const perPerson = new Map<number, number>();
  const priorityOf = (e: Edge): number =>
    pairPriority(
      statusOfLabel[result.labels[e.i] as number] ?? null,
      statusOfLabel[result.labels[e.j] as number] ?? null,
    );
  // A small registry still gets a queue worth opening. The cap is the whole queue's: pairs already pending
  // (the imports') count against it, so the queue a team faces stays within REVIEW_SHARE of the persons.
  const pending = await sql<{ n: string }>`
    SELECT count(*)::text AS n FROM review_pair WHERE status = 'pending'`.execute(database.db);
  const cap = Math.max(
    0,
    Math.max(REVIEW_MIN, Math.floor(REVIEW_SHARE * new Set(result.labels).size)) -
      Number(pending.rows[0]?.n ?? 0),
  );
  const kept = [...best.values()]
    .map((e) => ({ e, priority: priorityOf(e) }))
    .sort((x, y) => y.priority - x.priority || y.e.score - x.e.score)
    .map((x) => x.e)
    .filter((e) => {
      const a = result.labels[e.i] as number;
      const b = result.labels[e.j] as number;
      if ((perPerson.get(a) ?? 0) >= PAIRS_PER_PERSON || (perPerson.get(b) ?? 0) >= PAIRS_PER_PERSON)
        return false;
      perPerson.set(a, (perPerson.get(a) ?? 0) + 1);
      perPerson.set(b, (perPerson.get(b) ?? 0) + 1);
      return true;
    })
    .slice(0, cap);
  const proposals: PairProposal[] = kept.map((e) => {
    const [i, j] = (result.labels[e.i] as number) <= (result.labels[e.j] as number) ? [e.i, e.j] : [e.j, e.i];
    const pair = scorePair(cm, records[i] as LinkRecord, records[j] as LinkRecord);
    return {
      leftPersonId: persons[result.labels[i] as number] as string,
      rightPersonId: persons[result.labels[j] as number] as string,
      leftRecordId: (records[i] as LinkRecord).id,
      rightRecordId: (records[j] as LinkRecord).id,
      score: pair.score,
      explanation: pair.contributions,
      modelVersion: cm.model.version,
      priority: priorityOf(e),
      reason: queueReason(pair),
    };
  });
  let proposed = 0;
  for (let k = 0; k < proposals.length; k += 5000) {
    proposed += await proposePairs(database.db, proposals.slice(k, k + 5000));
    progress('review', Math.min(k + 5000, proposals.length), proposals.length);
  }
  await appendAudit(database.db, principal, {
    action: 'link.dedupe',
    objectType: 'registry',
    objectId: null,
    detail: {
      records: records.length,
      merges: result.merges.length,
      proposed,
      model_version: cm.model.version,
    },
  });
  const t3 = Date.now();
  return {
    records: records.length,
    pairsScored: scored,
    merges: result.merges.length,
    refused: result.refused.length,
    proposed,
    modelVersion: cm.model.version,
    seconds: { load: (t1 - t0) / 1000, score: (t2 - t1) / 1000, write: (t3 - t2) / 1000 },
  };
}

/**
 * What re-resolution reads of each person, by label (its index in `persons`): its organisation (persons are
 * only joined within one), whether it is withheld, its status (the review queue's priority); and each
 * record's label. Held as arrays by label, not as maps by id beside the rows read: at a million persons
 * those were hundreds of megabytes held for the whole run. A person without a row (none is expected) has
 * no organisation (-1), is not withheld and has no status, as before.
 */
async function personTables(
  database: Database,
  persons: readonly string[],
  personIds: readonly string[],
): Promise<{
  initial: Int32Array;
  orgOfLabel: Int32Array;
  withheldOfLabel: boolean[];
  statusOfLabel: (string | null)[];
}> {
  const labelOf = new Map(persons.map((p, i) => [p, i]));
  const initial = Int32Array.from(personIds, (p) => labelOf.get(p) as number);
  const orgOfLabel = new Int32Array(persons.length).fill(-1);
  const withheldOfLabel = persons.map(() => false);
  const statusOfLabel = persons.map((): string | null => null);
  // Persons are only ever joined within one organisation (records are linked where they were written).
  const orgRows = await database.db
    .selectFrom('person')
    .select(['id', 'organisation_id', 'withheld', 'status'])
    .where('merged_into', 'is', null)
    .execute();
  const orgIndex = new Map<string, number>();
  const statuses = new Map<string, string>();
  for (const p of orgRows) {
    let k = orgIndex.get(p.organisation_id);
    if (k === undefined) orgIndex.set(p.organisation_id, (k = orgIndex.size));
    const label = labelOf.get(p.id);
    if (label === undefined) continue;
    orgOfLabel[label] = k;
    withheldOfLabel[label] = Boolean(p.withheld);
    const status = p.status as string | null;
    if (status !== null && !statuses.has(status)) statuses.set(status, status);
    statusOfLabel[label] = status === null ? null : (statuses.get(status) as string);
  }
  return { initial, orgOfLabel, withheldOfLabel, statusOfLabel };
}
