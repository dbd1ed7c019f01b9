import fs from 'node:fs';
import {
  compileModel,
  decideRecord,
  listDecideOptions,
  possibleAlternatives,
  type Decision,
  type LinkRecord,
} from '@homecoming/linkage';
import { CsvError, parse } from 'csv-parse';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../auth/permissions.js';
import { unsafeRegistryPrincipal } from '../../gate/principal.js';
import { appendAudit } from '../audit/log.js';
import { validateRecordFields, type RawRecordFields, type RecordContent } from '../records/validate.js';
import { candidatePersons, confidentMatch, probeOf } from './candidates.js';
import { loadModel } from './model.js';
import { NameCountReads } from './frequencies.js';
import { FamilyKeyReads } from './familyKeys.js';

/** One line of `homecoming link`'s output: where a row of the list points in the registry. */
export interface ListLinkLine {
  external_id: string;
  decision: Decision;
  person_id: string | null;
  score: number | null;
  /** external_ids of the person's records. */
  record_ids: string[];
  /**
   * Possible rows only: the other persons the row may be, scoring within ALTERNATIVE_BITS of the best (from
   * the review threshold up, no hard conflict), best first; often empty.
   */
  alternatives?: ListLinkAlternative[];
}

/** A person shown beside a possible row's best: as the line's own person, score and records. */
export interface ListLinkAlternative {
  person_id: string;
  score: number;
  record_ids: string[];
}

/** A row that could not be read, with where and why. */
export interface ListLinkProblem {
  line: number;
  external_id: string;
  problems: { column: string; reason: string }[];
}

const BATCH = 1000;
/**
 * Batches decided at once. Two: PostgreSQL looks up one batch's candidates on one connection (one core)
 * while Node scores another's (the other core); a 10,000-row list at a million persons is mostly lookups.
 */
const LOOKUPS_IN_FLIGHT = 2;

/**
 * Links a list (canonical CSV columns) to the registry without importing it: for each row, the person it
 * matches (match), may match (possible: a human should look), or none. Read-only. Rows are streamed in
 * batches; each batch's candidates come from one statement of index lookups.
 */
export async function linkList(
  database: Database,
  file: string,
  out: { line: (l: ListLinkLine) => Promise<void> | void; problem: (p: ListLinkProblem) => void },
  principal: Principal = unsafeRegistryPrincipal(),
): Promise<{
  rows: number;
  matched: number;
  possible: number;
  none: number;
  rejected: number;
  /** Persons shown beside possible rows' best. */
  alternatives: number;
}> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new AppError('bad_request', `cannot read ${file}: no such file`);
  const cm = await loadModel(database.db, { for: 'list' });
  const totals = { rows: 0, matched: 0, possible: 0, none: 0, rejected: 0, alternatives: 0 };
  let pending: { line: number; externalId: string; content: RecordContent }[] = [];
  // The name counts and family keys a batch reads, remembered for the next batches (most ask the same keys).
  const names = new NameCountReads();
  const families = new FamilyKeyReads();

  type Pending = (typeof pending)[number];
  /** A batch's decisions and the external ids of the persons they point to, ready to be written out. */
  const decide = async (batch: readonly Pending[]) => {
    const probes = batch.map((b, i) => probeOf(`probe-${i}`, b.content));
    // A list row is not in the registry: the registry's own counts weigh its names.
    const bm = compileModel(cm.model, await names.of(database.db, probes));
    // A row its selective blocks match confidently needs no broad block (most rows of a list at 1M).
    const found = await candidatePersons(
      database.db,
      probes,
      undefined,
      (i, persons) => confidentMatch(bm, probes[i] as LinkRecord, persons),
      1,
      undefined,
      null,
      families,
    );
    // A row is about one man: the best of two persons above the threshold is his when it is as clear of
    // the others together as a match must be of a stranger (`clearMargin`); a best with whom every field
    // both give agrees matches from the model's `listAgreeing` (fs-15).
    const options = listDecideOptions(bm);
    const decisions = probes.map((p, i) => decideRecord(bm, p, found[i] ?? [], options));
    // A possible row shows the persons close behind its best: the row's man is often one of them (a
    // namesake tied with him, bench/RESULTS.md `lst`).
    const alternatives = decisions.map((d) => possibleAlternatives(bm, d));
    const personIds = [
      ...new Set(
        decisions.flatMap((d, i) =>
          d.decision !== 'none' && d.best
            ? [d.best.personId, ...(alternatives[i] ?? []).map((a) => a.personId)]
            : [],
        ),
      ),
    ];
    const ext = new Map<string, string[]>();
    if (personIds.length > 0) {
      const rows = await database.db
        .selectFrom('record')
        .select(['person_id', 'external_id'])
        .where('person_id', 'in', personIds)
        .orderBy('created_at')
        .execute();
      for (const r of rows) ext.set(r.person_id, [...(ext.get(r.person_id) ?? []), r.external_id]);
    }
    return { batch, decisions, alternatives, ext };
  };
  const emit = async ({
    batch,
    decisions,
    alternatives,
    ext,
  }: Awaited<ReturnType<typeof decide>>): Promise<void> => {
    for (let i = 0; i < batch.length; i++) {
      const d = decisions[i];
      const b = batch[i];
      if (!d || !b) continue;
      const personId = d.decision !== 'none' && d.best ? d.best.personId : null;
      totals[d.decision === 'match' ? 'matched' : d.decision === 'possible' ? 'possible' : 'none']++;
      const line: ListLinkLine = {
        external_id: b.externalId,
        decision: d.decision,
        person_id: personId,
        score: d.best ? Math.round(d.best.score * 1000) / 1000 : null,
        record_ids: personId ? (ext.get(personId) ?? []) : [],
      };
      if (d.decision === 'possible') {
        line.alternatives = (alternatives[i] ?? []).map((a) => ({
          person_id: a.personId,
          score: Math.round(a.score * 1000) / 1000,
          record_ids: ext.get(a.personId) ?? [],
        }));
        totals.alternatives += line.alternatives.length;
      }
      await out.line(line);
    }
  };
  // Batches being decided, oldest first; written out in the list's order. Two at a time: one batch's
  // lookups run in PostgreSQL (a second connection of the pool) while Node scores the other's candidates.
  const inFlight: Promise<Awaited<ReturnType<typeof decide>>>[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      const p = decide(batch);
      // Awaited below in order; meanwhile a failure must not surface as an unhandled rejection.
      p.catch(() => undefined);
      inFlight.push(p);
    }
    while (inFlight.length >= LOOKUPS_IN_FLIGHT || (batch.length === 0 && inFlight.length > 0))
      await emit(await (inFlight.shift() as (typeof inFlight)[number]));
  };
  /** Writes out every batch still being decided (a flush of nothing drains the queue). */
  const drain = async (): Promise<void> => {
    await flush();
    await flush();
  };

  const parser = fs.createReadStream(file).pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      totals.rows++;
      const externalId = record['external_id']?.trim() || `line:${info.lines}`;
      const checked = validateRecordFields(record as RawRecordFields, {});
      if (!checked.ok) {
        totals.rejected++;
        out.problem({ line: info.lines, external_id: externalId, problems: checked.problems });
        continue;
      }
      pending.push({ line: info.lines, externalId, content: checked.value });
      if (pending.length >= BATCH) {
        // A long list: its family keys read and held while the first batch's other reads run (once).
        families.prepare(database.db);
        await flush();
      }
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The rows before the malformed spot were linked and written out; say where reading stopped.
    await drain();
    throw new AppError('bad_request', `${file}: ${err.message}; the rows before it were linked`);
  }
  await drain();
  await appendAudit(database.db, principal, {
    action: 'link.list',
    objectType: 'registry',
    objectId: null,
    detail: {
      rows: totals.rows,
      matched: totals.matched,
      possible: totals.possible,
      none: totals.none,
      alternatives: totals.alternatives,
    },
  });
  return totals;
}
