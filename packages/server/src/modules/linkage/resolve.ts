import {
  blockingKeys,
  decideRecord,
  scorePair,
  type CandidatePerson,
  type CompiledModel,
  type Decision,
  type LinkRecord,
} from '@homecoming/linkage';
import { sql, type Transaction } from 'kysely';
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
import { candidatePersons, probeOf } from './candidates.js';
import { proposePairs, type PairProposal } from './repo.js';

/** What linkage decided for one arriving record. */
export interface Resolution {
  decision: Decision;
  personId: string;
  /** Whether the record made a new person (decision none or possible). */
  newPerson: boolean;
  score: number | null;
}

/** One written record of a batch. */
export interface WrittenRecord {
  recordId: string;
  personId: string;
  item: NewRecord;
  resolution: Resolution;
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
  trx: Transaction<DB>,
  cm: CompiledModel,
  probes: readonly LinkRecord[],
  organisationId: string,
): Promise<{ resolutions: Resolution[]; proposals: PairProposal[] }> {
  const found = await candidatePersons(trx, probes, organisationId);
  const records = new Map<string, LinkRecord[]>();
  for (const list of found) for (const c of list) records.set(c.personId, c.records as LinkRecord[]);
  const batchBlocks = new Map<string, Set<string>>();
  const resolutions: Resolution[] = [];
  const proposals: PairProposal[] = [];
  probes.forEach((probe, i) => {
    const keys = blockingKeys(probe).map((k, rule) => (k === null ? null : `${rule}:${k}`));
    const ids = new Set((found[i] ?? []).map((c) => c.personId));
    for (const k of keys) if (k !== null) for (const id of batchBlocks.get(k) ?? []) ids.add(id);
    const candidates: CandidatePerson[] = [...ids].map((id) => ({
      personId: id,
      records: records.get(id) ?? [],
    }));
    const d = decideRecord(cm, probe, candidates);
    let personId: string;
    let newPerson: boolean;
    if (d.decision === 'match' && d.best) {
      personId = d.best.personId;
      newPerson = false;
    } else {
      personId = newId();
      newPerson = true;
      if (d.decision === 'possible' && d.best) {
        const pair = scorePair(cm, d.best.record, probe);
        proposals.push({
          leftPersonId: d.best.personId,
          rightPersonId: personId,
          leftRecordId: d.best.record.id,
          rightRecordId: probe.id,
          score: pair.score,
          explanation: pair.contributions,
          modelVersion: cm.model.version,
        });
      }
    }
    const list = records.get(personId);
    if (list) list.push(probe);
    else records.set(personId, [probe]);
    for (const k of keys) {
      if (k === null) continue;
      const set = batchBlocks.get(k);
      if (set) set.add(personId);
      else batchBlocks.set(k, new Set([personId]));
    }
    resolutions.push({ decision: d.decision, personId, newPerson, score: d.best ? d.best.score : null });
  });
  return { resolutions, proposals };
}

/** Which items are new: not yet in the registry by (source, external_id), and first in the batch. */
async function newItems(trx: Transaction<DB>, items: readonly NewRecord[]): Promise<NewRecord[]> {
  if (items.length === 0) return [];
  const keys = JSON.stringify(items.map((c) => ({ s: c.source.id, e: c.content.external_id })));
  const existing = await sql<{ source_id: number; external_id: string }>`
    SELECT r.source_id, r.external_id FROM json_to_recordset(${keys}::json) AS k(s int4, e text)
    JOIN record r ON r.source_id = k.s AND r.external_id = k.e`.execute(trx);
  const taken = new Set(existing.rows.map((r) => `${r.source_id}\u0000${r.external_id}`));
  return items.filter((item) => {
    const key = `${item.source.id}\u0000${item.content.external_id}`;
    return !taken.has(key) && taken.add(key);
  });
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
): Promise<{ inserted: WrittenRecord[]; unchanged: number; counts: LinkCounts; proposed: number }> {
  const fresh = await newItems(trx, items);
  const ids = fresh.map(() => newId());
  const probes = fresh.map((item, i) => probeOf(ids[i] as string, item.content));
  const { resolutions, proposals } = await resolveBatch(
    trx,
    cm,
    probes,
    ctx.organisationId ?? REGISTRY_ORGANISATION_ID,
  );
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
  const created = await writeNewPersons(trx, prepareNewPersons(creates, ctx));
  const now = new Date();
  const joined = await insertRecordRows(trx, joins, ctx, now);
  const scoreOf = new Map(written.map((w) => [w.recordId, w.resolution.score]));
  const linkRows = joins.flatMap((j, k) => {
    const recordId = joined[k];
    return recordId
      ? [{ record_id: recordId, person_id: j.personId, score: scoreOf.get(recordId) ?? null }]
      : [];
  });
  if (linkRows.length > 0) {
    await sql`
      INSERT INTO link (record_id, person_id, kind, score, model_version, decided_by, reason, created_at)
      SELECT u.record_id, u.person_id, 'auto', u.score, ${cm.model.version}, ${ctx.actor}, NULL, ${now}::timestamptz
      FROM json_to_recordset(${JSON.stringify(linkRows)}::json) AS u(record_id uuid, person_id uuid, score float8)`.execute(
      trx,
    );
    const events = joins
      .map((j) => statusEventOf(j, j.recordId as string, j.personId))
      .filter((e): e is NewEvent => e !== null);
    await insertEvents(trx, events, ctx.actor, now);
    await refreshPersons(
      trx,
      joins.map((j) => j.personId),
    );
  }
  const proposed = await proposePairs(trx, proposals);
  const writtenIds = new Set([
    ...created.inserted.map((c) => c.recordId),
    ...joined.filter((x) => x !== null),
  ]);
  const inserted = written.filter((w) => writtenIds.has(w.recordId));
  const counts: LinkCounts = { matched: 0, possible: 0, created: 0 };
  for (const w of inserted) {
    if (w.resolution.decision === 'match') counts.matched++;
    else if (w.resolution.decision === 'possible') counts.possible++;
    if (w.resolution.newPerson) counts.created++;
  }
  if (inserted.length > 0) {
    await appendAudit(trx, ctx.principal ?? null, {
      action: 'link.auto',
      objectType: ctx.importRunId ? 'import_run' : 'record',
      objectId: ctx.importRunId ?? inserted[0]?.recordId ?? null,
      detail: { records: inserted.length, matched: counts.matched, possible: counts.possible, proposed },
    });
  }
  return { inserted, unchanged: items.length - inserted.length, counts, proposed };
}
