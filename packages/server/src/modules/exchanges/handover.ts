/**
 * The handing-over side of an exchange (issue #13): the prisoners of the other side we held who crossed
 * leave the register of enemy prisoners held (GC III Art. 122) as `handed_over` — or `released` in a
 * unilateral release — with the exchange that took them and the day, and a movement in their history.
 * The register keeps them, so a coordinator can always say whom we handed over, in which exchange.
 *
 * Two ways of recording it, as the coordinator works:
 *  - the board: their entry moved to `crossed` (one by one, `verifyEntry`), or every `agreed` entry of the
 *    latest version of their list at once (`handOver` without a file);
 *  - the other side's list of who crossed (`handOver` with a file, CSV or an office format): each row
 *    placed on an entry of their latest list by the linkage engine; a row on no entry changes nothing.
 * Handing over is additive (a large exchange crosses in stages): a prisoner already handed over in this
 * exchange is left as is, one handed over in another exchange or no longer held is named and left as is.
 */
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { authorize } from '../../gate/policy.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { loadModel } from '../linkage/model.js';
import { MemoryBlocks, registryCountsOf } from './linking.js';
import { readList } from './lists.js';
import { insertSteps, markHandedOver, selectCurrentSteps, selectEntries, type EntryRow } from './repo.js';
import { gatedExchange, versionOf } from './service.js';

/** One line of `exchange handover`: a row of the file, or an entry of their list. */
export interface HandoverLine {
  /** The row of the file (absent for an entry line, and when handing over from the board). */
  external_id?: string;
  outcome: 'handed_over' | 'not_on_list' | 'not_handed_over';
  /** The held prisoner (the register's id), when the entry is linked to one. */
  pow_id: string | null;
  entry_external_id: string | null;
  /** Why nothing changed for this line (it needs a person's look). */
  problem?: string;
}

/**
 * Records who of their side we handed over: from the other side's list of who crossed (`file`), or, with
 * no file, every entry of their latest list agreed on the board. Their entries move to `crossed` on the
 * board; each crossed entry's prisoner leaves the register as handed over (released). Audited.
 */
export async function handOver(
  database: Database,
  principal: Principal,
  exchangeId: string,
  file: string | null,
  audit: AuditContext = {},
): Promise<{ lines: HandoverLine[]; handed_over: number }> {
  const x = await gatedExchange(database.db, principal, exchangeId, 'change');
  authorize(principal, 'enemy_pow', 'create');
  const { version: v } = await versionOf(database.db, x.id, 'theirs');
  const entries = await selectEntries(database.db, v.id);
  const list = file === null ? null : await readList(file, { requireExternalId: false });

  // Which entry each row of the file is: an outright match, else the best remaining entry above the review
  // threshold (who crossed is nearly always someone listed), each entry taken once.
  const entryOfRow: (EntryRow | undefined)[] = [];
  if (list !== null) {
    const cm = await loadModel(database.db, { for: 'list' });
    const items = entries.map((e) => ({ id: e.external_id, content: e.content }));
    const contents = list.rows.map((r) => r.content);
    const blocks = new MemoryBlocks(items, await registryCountsOf(database.db, items, contents));
    const { placed, ranked } = blocks.placeAndRank(cm, contents);
    const byId = new Map(entries.map((e) => [e.external_id, e]));
    const taken = new Set<string>();
    const take = (i: number, id: string | null | undefined) => {
      if (id === null || id === undefined || entryOfRow[i] !== undefined || taken.has(id)) return;
      entryOfRow[i] = byId.get(id);
      taken.add(id);
    };
    placed.forEach((p, i) => take(i, p.decision === 'match' ? p.id : null));
    ranked
      .flatMap((cands, i) =>
        cands.filter((c) => c.score >= cm.model.thresholds.review).map((c) => ({ i, ...c })),
      )
      .sort((a, b) => b.score - a.score)
      .forEach((c) => take(c.i, c.id));
  }

  return database.db.transaction().execute(async (trx) => {
    const locked = await gatedExchange(trx, principal, exchangeId, 'change', { lock: true });
    const steps = await selectCurrentSteps(trx, locked.id, 'theirs');
    const crossing: EntryRow[] =
      list === null
        ? entries.filter((e) => ['agreed', 'crossed'].includes(steps.get(e.external_id)?.state ?? ''))
        : entryOfRow.filter((e): e is EntryRow => e !== undefined);
    const crossingIds = new Set(crossing.map((e) => e.external_id));
    // An entry the board says did not cross is not handed over on a file's word: a person looks first.
    const refused = (e: EntryRow): boolean => steps.get(e.external_id)?.state === 'not_crossed';
    const { changed, problems } = await markHandedOver(
      trx,
      locked,
      crossing.flatMap((e) => (e.pow_id === null || refused(e) ? [] : [e.pow_id])),
      principal.id,
    );
    const problemOf = (e: EntryRow): string | undefined =>
      e.pow_id === null
        ? 'the entry is linked to no held prisoner; add them to the register (exchange register) and a new version of the list'
        : refused(e)
          ? `the board says this entry did not cross (${steps.get(e.external_id)?.reason ?? ''}); nothing was changed`
          : problems.get(e.pow_id);
    await insertSteps(
      trx,
      locked.id,
      crossing.flatMap((e) => {
        const state = steps.get(e.external_id)?.state;
        if (state === 'crossed' || state === 'not_crossed' || problemOf(e) !== undefined) return [];
        return [
          {
            side: 'theirs' as const,
            external_id: e.external_id,
            state: 'crossed' as const,
            reason: null,
            person_id: null,
            evidence: null,
            note: list === null ? 'handed over (agreed on the board)' : `handed over (${list.file_name})`,
          },
        ];
      }),
      principal.id,
    );
    const lines: HandoverLine[] = [];
    const withProblem = (line: HandoverLine, problem: string | undefined): HandoverLine =>
      problem === undefined ? line : { ...line, problem };
    if (list !== null)
      list.rows.forEach((r, i) => {
        const e = entryOfRow[i];
        lines.push(
          e === undefined
            ? {
                external_id: r.external_id,
                outcome: 'not_on_list',
                pow_id: null,
                entry_external_id: null,
                problem: `no entry of their list (version ${v.version}) is this row; nothing was changed`,
              }
            : withProblem(
                {
                  external_id: r.external_id,
                  outcome: 'handed_over',
                  pow_id: e.pow_id,
                  entry_external_id: e.external_id,
                },
                problemOf(e),
              ),
        );
      });
    else
      for (const e of crossing)
        lines.push(
          withProblem(
            { outcome: 'handed_over', pow_id: e.pow_id, entry_external_id: e.external_id },
            problemOf(e),
          ),
        );
    // The other entries: handed over earlier (the board, or an earlier stage), or not (yet).
    for (const e of entries)
      if (!crossingIds.has(e.external_id))
        lines.push({
          outcome: steps.get(e.external_id)?.state === 'crossed' ? 'handed_over' : 'not_handed_over',
          pow_id: e.pow_id,
          entry_external_id: e.external_id,
        });
    await appendAudit(
      trx,
      principal,
      {
        action: 'exchange.handover',
        objectType: 'exchange',
        objectId: locked.id,
        detail: {
          version: v.version,
          from: list === null ? 'board' : 'file',
          rows: list?.rows.length ?? null,
          handed_over: changed.length,
          problems: lines.filter((l) => l.problem !== undefined).length,
        },
      },
      audit,
    );
    return { lines, handed_over: changed.length };
  });
}
