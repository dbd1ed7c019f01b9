/**
 * Exchanges (issue #13): create an exchange, add list versions (each linked name by name), verify entries,
 * reconcile who crossed. Every call goes through the gate: the policy's permission first, then the
 * exchange's organisation against the principal's scope (a foreign exchange answers like a missing one);
 * every change and every read of names is audited in its own transaction.
 */
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import { AppError } from '../../errors.js';
import { authorize, type ObjectKind, type Operation } from '../../gate/policy.js';
import { denyObject, personScopeOf, requirePerson, writeOrganisationOf } from '../../gate/scope.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { loadModel } from '../linkage/model.js';
import { linkAndWriteRecords } from '../linkage/resolve.js';
import { ensureSources, insertEvents, refreshPersons, type NewEvent } from '../records/repo.js';
import { parsePartialDate, type RecordContent } from '../records/validate.js';
import { birthYearRange } from '../registry/dates.js';
import { recordKeys } from '../search/keys.js';
import { tally, timed, timedSync } from '../../phases.js';
import { sql } from 'kysely';
import { listCsv, listXlsx } from './export.js';
import { MemoryBlocks, placeInRegistry, registryCountsOf, type Placement } from './linking.js';
import { readList, type ListRow } from './lists.js';
import {
  earlierReturns,
  survivorsOf,
  insertExchange,
  insertReconciliation,
  insertSteps,
  insertVersion,
  markHandedOver,
  selectCurrentSteps,
  selectEntries,
  selectExchange,
  selectExchanges,
  selectPows,
  selectReconciliation,
  selectVersions,
  type EntryAlternative,
  type EntryRow,
  type ExchangeRow,
  type Formula,
  type NotCrossedReason,
  type ReconciliationRow,
  type Side,
  type StepRow,
  type Tx,
  type VerificationState,
} from './repo.js';

/** Refuses without the policy's permission, then loads an exchange inside the principal's scope. */
export async function gatedExchange(
  trx: Tx,
  principal: Principal,
  id: string,
  op: Operation,
  opts: { lock?: boolean; object?: ObjectKind } = {},
): Promise<ExchangeRow> {
  authorize(principal, opts.object ?? 'exchange', op);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new AppError('bad_request', `exchange id "${id.slice(0, 60)}" is not an id (uuid)`);
  const x = await selectExchange(trx, id.toLowerCase(), opts.lock === true);
  if (x === undefined) throw denyObject('exchange', id, 'missing');
  const scope = personScopeOf(principal);
  const visible =
    scope.kind === 'registry' ||
    (scope.kind === 'organisation' && scope.organisationId === x.organisation_id);
  if (!visible) throw denyObject('exchange', id, 'out_of_scope');
  return x;
}

/** The organisation whose exchanges (and register) a principal sees; null = all (the command line). */
function organisationFilter(principal: Principal): string | null {
  const scope = personScopeOf(principal);
  if (scope.kind === 'registry') return null;
  if (scope.kind === 'organisation') return scope.organisationId;
  throw new AppError('forbidden', 'not permitted');
}

export interface NewExchange {
  name: string;
  held_on?: string | null | undefined;
  formula?: Formula | undefined;
  formula_categories?: string[] | undefined;
  mediators?: string[] | undefined;
}

/** Creates an exchange in the principal's organisation. */
export async function createExchange(
  database: Database,
  principal: Principal,
  body: NewExchange,
  audit: AuditContext = {},
): Promise<ExchangeRow> {
  authorize(principal, 'exchange', 'create');
  const name = body.name.trim();
  if (name === '' || name.length > 200) throw new AppError('bad_request', 'name: 1 to 200 characters');
  const id = newId();
  const organisationId = writeOrganisationOf(principal);
  await database.db.transaction().execute(async (trx) => {
    await insertExchange(trx, {
      id,
      organisation_id: organisationId,
      name,
      held_on: body.held_on ?? null,
      formula: body.formula ?? 'n_for_n',
      formula_categories: body.formula_categories ?? [],
      mediators: body.mediators ?? [],
      created_by: principal.id,
    });
    await appendAudit(
      trx,
      principal,
      { action: 'exchange.create', objectType: 'exchange', objectId: id, detail: {} },
      audit,
    );
  });
  return (await selectExchange(database.db, id)) as ExchangeRow;
}

/** The exchanges a principal sees. */
export async function listExchanges(database: Database, principal: Principal): Promise<ExchangeRow[]> {
  authorize(principal, 'exchange', 'list');
  return selectExchanges(database.db, organisationFilter(principal));
}

/** One exchange with its list versions and reconciliation summary. */
export async function exchangeDetail(database: Database, principal: Principal, id: string) {
  const x = await gatedExchange(database.db, principal, id, 'read');
  const versions = await selectVersions(database.db, x.id);
  const rec = await selectReconciliation(database.db, x.id);
  return {
    ...x,
    versions: versions.map((v) => ({
      id: v.id,
      side: v.side,
      version: v.version,
      rows: v.rows,
      file_name: v.file_name,
      created_by: v.created_by,
      created_at: v.created_at,
    })),
    reconciliation:
      rec === null
        ? null
        : {
            file_name: rec.head.file_name,
            created_at: rec.head.created_at,
            counts: countOutcomes(rec.rows),
          },
  };
}

function countOutcomes(rows: readonly ReconciliationRow[]): Record<string, number> {
  const out: Record<string, number> = {
    returned: 0,
    returned_unlisted: 0,
    returned_unknown: 0,
    not_returned: 0,
  };
  for (const r of rows) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
  return out;
}

/** One line of `exchange list`: where an entry of the new version points. */
export interface ListLine {
  external_id: string;
  decision: 'match' | 'possible' | 'none';
  /** The registry person (our side) or the held prisoner (theirs). */
  person_id: string | null;
  score: number | null;
  /** Set when the person was already returned in an earlier exchange: the entry needs a look. */
  already_returned_in?: string;
  /**
   * Our side's possible entries only: the other registry persons the entry may be, close behind the best
   * (as `homecoming link`'s lines), best first; often empty.
   */
  alternatives?: { person_id: string; score: number }[];
  /**
   * Our side only: the other entries of this version placed on the same registry person (a man listed twice,
   * under two spellings or two ids): one of them is a duplicate, or a placement is wrong; the entry needs a look.
   */
  same_person_as?: string[];
}

/**
 * Adds a version of one side's list from an office file: every entry linked (ours to registry persons,
 * theirs to the register of enemy prisoners held), the version and its entries written immutably.
 */
export async function addListVersion(
  database: Database,
  principal: Principal,
  exchangeId: string,
  side: Side,
  file: string,
  audit: AuditContext = {},
): Promise<{ version: number; version_id: string; lines: ListLine[] }> {
  const x = await gatedExchange(database.db, principal, exchangeId, 'change');
  if (side === 'theirs') authorize(principal, 'enemy_pow', 'list');
  const list = await readList(file, { requireExternalId: true });
  const cm = await loadModel(database.db, { for: 'list' });
  const contents = list.rows.map((r) => r.content);
  let placed: Placement[];
  if (side === 'ours') {
    placed = await placeInRegistry(database.db, cm, personScopeOf(principal), contents);
  } else {
    const pows = await selectPows(database.db, x.organisation_id, true);
    const items = pows.map((p) => ({ id: p.id, content: powContent(p) }));
    const blocks = new MemoryBlocks(items, await registryCountsOf(database.db, items, contents));
    placed = blocks.place(cm, contents);
  }
  const earlier =
    side === 'ours'
      ? await earlierReturns(
          database.db,
          x.id,
          placed.flatMap((p) => (p.id === null ? [] : [p.id])),
        )
      : new Map<string, { exchange_id: string; name: string }>();
  const versionId = newId();
  const version = await database.db.transaction().execute(async (trx) => {
    await selectExchange(trx, x.id, true);
    const prior = await selectVersions(trx, x.id, side);
    const version = (prior.at(-1)?.version ?? 0) + 1;
    await insertVersion(
      trx,
      {
        id: versionId,
        exchange_id: x.id,
        side,
        version,
        file_sha256: list.sha256,
        file_name: list.file_name,
        rows: list.rows.length,
        created_by: principal.id,
      },
      list.rows.map((r, i) => entryOf(r, placed[i] as Placement, side)),
    );
    // New entries start as proposed; an entry already on the board keeps its state.
    const current = await selectCurrentSteps(trx, x.id, side);
    await insertSteps(
      trx,
      x.id,
      list.rows.flatMap((r, i) =>
        current.has(r.external_id)
          ? []
          : [
              {
                side,
                external_id: r.external_id,
                state: 'proposed' as const,
                reason: null,
                person_id: side === 'ours' ? (placed[i]?.id ?? null) : null,
                evidence: null,
                note: null,
              },
            ],
      ),
      principal.id,
    );
    await appendAudit(
      trx,
      principal,
      {
        action: 'exchange.list_version',
        objectType: 'exchange_list_version',
        objectId: versionId,
        detail: { exchange_id: x.id, side, version, rows: list.rows.length },
      },
      audit,
    );
    return version;
  });
  // Our side's entries placed on one person: external ids by person, in the list's order.
  const entriesOf = new Map<string, string[]>();
  if (side === 'ours')
    list.rows.forEach((r, i) => {
      const p = placed[i] as Placement;
      if (p.id !== null && p.decision !== 'none')
        entriesOf.set(p.id, [...(entriesOf.get(p.id) ?? []), r.external_id]);
    });
  return {
    version,
    version_id: versionId,
    lines: list.rows.map((r, i) => {
      const p = placed[i] as Placement;
      const line: ListLine = {
        external_id: r.external_id,
        decision: p.decision,
        person_id: p.id,
        score: p.score,
      };
      const e = p.id === null ? undefined : earlier.get(p.id);
      if (e !== undefined) line.already_returned_in = e.exchange_id;
      if (side === 'ours' && p.decision === 'possible') line.alternatives = alternativesOf(p);
      const same = p.id === null || p.decision === 'none' ? [] : (entriesOf.get(p.id) ?? []);
      if (same.length > 1) line.same_person_as = same.filter((id) => id !== r.external_id);
      return line;
    }),
  };
}

/** The persons shown beside a possible placement's best, as a list's line and the board give them. */
function alternativesOf(p: Placement): EntryAlternative[] {
  return (p.alternatives ?? []).map((a) => ({ person_id: a.id, score: a.score }));
}

function entryOf(r: ListRow, p: Placement, side: Side): Omit<EntryRow, 'version_id'> {
  return {
    line: r.line,
    external_id: r.external_id,
    family_name: r.content.family_name,
    given_name: r.content.given_name,
    patronymic: r.content.patronymic,
    birth_date: r.content.birth?.text ?? null,
    categories: r.categories,
    content: r.content,
    decision: p.decision,
    person_id: side === 'ours' ? p.id : null,
    pow_id: side === 'theirs' ? p.id : null,
    score: p.score,
    alternatives: side === 'ours' && p.decision === 'possible' ? alternativesOf(p) : [],
  };
}

/** A held prisoner as the linkage engine compares it. */
export function powContent(p: {
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  unit: string | null;
  service_number: string | null;
}): RecordContent {
  const [y, m, d] = (p.birth_date ?? '').split('-').map(Number);
  return {
    external_id: null,
    source: null,
    category: 'military',
    family_name: p.family_name,
    given_name: p.given_name,
    patronymic: p.patronymic,
    sex: p.sex,
    birth:
      p.birth_date === null || y === undefined
        ? null
        : { text: p.birth_date, year: y, month: m ?? null, day: d ?? null },
    status: null,
    unit: p.unit,
    service_number: p.service_number,
    place_of_birth: null,
    military_rank: null,
    marks: null,
    source_ref: null,
    source_date: null,
    reliability: null,
    attributes: {},
  };
}

/** The entries of the latest (or a given) version of one side's list. */
export async function versionOf(trx: Tx, exchangeId: string, side: Side, version?: number) {
  const versions = await selectVersions(trx, exchangeId, side);
  const v = version === undefined ? versions.at(-1) : versions.find((x) => x.version === version);
  if (v === undefined)
    throw new AppError(
      'not_found',
      version === undefined
        ? `the exchange has no list of ${side === 'ours' ? 'our' : 'their'} side yet; add one with \`homecoming exchange list EXCHANGE_ID FILE --side ${side}\``
        : `the exchange has no version ${version} of ${side === 'ours' ? 'our' : 'their'} side's list`,
    );
  return { version: v, previous: versions.find((x) => x.version === v.version - 1) ?? null };
}

/** The entries of a list version with their verification state (the board), audited as a read of names. */
export async function listBoard(
  database: Database,
  principal: Principal,
  exchangeId: string,
  side: Side,
  version?: number,
  audit: AuditContext = {},
) {
  const x = await gatedExchange(database.db, principal, exchangeId, 'read');
  const { version: v } = await versionOf(database.db, x.id, side, version);
  const entries = await selectEntries(database.db, v.id);
  const steps = await selectCurrentSteps(database.db, x.id, side);
  await appendAudit(
    database.db,
    principal,
    {
      action: 'exchange.read',
      objectType: 'exchange_list_version',
      objectId: v.id,
      detail: { exchange_id: x.id, side, version: v.version },
    },
    audit,
  );
  return {
    exchange_id: x.id,
    side,
    version: v.version,
    entries: entries.map((e) => boardEntry(e, steps.get(e.external_id))),
  };
}

function boardEntry(e: EntryRow, s: StepRow | undefined) {
  return {
    external_id: e.external_id,
    line: e.line,
    family_name: e.family_name,
    given_name: e.given_name,
    patronymic: e.patronymic,
    birth_date: e.birth_date,
    categories: e.categories,
    decision: e.decision,
    person_id: e.person_id,
    pow_id: e.pow_id,
    score: e.score,
    state: s?.state ?? ('proposed' as VerificationState),
    reason: s?.reason ?? null,
    decided_by: s?.decided_by ?? null,
    decided_at: s?.decided_at ?? null,
    evidence: s?.evidence ?? null,
    note: s?.note ?? null,
    // A possible entry of our side: the persons close behind its best, for the coordinator to weigh.
    ...(e.decision === 'possible' && e.pow_id === null ? { alternatives: e.alternatives } : {}),
  };
}

const FIELDS_COMPARED = ['family_name', 'given_name', 'patronymic', 'birth_date', 'categories'] as const;

/** What a version changed against the one before it: entries added, removed and changed (which fields). */
export async function versionDiff(
  database: Database,
  principal: Principal,
  exchangeId: string,
  side: Side,
  version: number,
) {
  const x = await gatedExchange(database.db, principal, exchangeId, 'read');
  const { version: v, previous } = await versionOf(database.db, x.id, side, version);
  const now = await selectEntries(database.db, v.id);
  const before = previous === null ? [] : await selectEntries(database.db, previous.id);
  const old = new Map(before.map((e) => [e.external_id, e]));
  const added: string[] = [];
  const changed: { external_id: string; fields: string[] }[] = [];
  for (const e of now) {
    const o = old.get(e.external_id);
    if (o === undefined) {
      added.push(e.external_id);
      continue;
    }
    old.delete(e.external_id);
    const fields = FIELDS_COMPARED.filter((f) => JSON.stringify(e[f]) !== JSON.stringify(o[f]));
    if (fields.length > 0) changed.push({ external_id: e.external_id, fields: [...fields] });
  }
  return {
    exchange_id: x.id,
    side,
    version: v.version,
    previous: previous?.version ?? null,
    added,
    removed: [...old.keys()],
    changed,
  };
}

/** The moves the board allows: forward one step, or out (not crossed) before crossing. */
const NEXT: Record<VerificationState, readonly VerificationState[]> = {
  proposed: ['identity_verified', 'not_crossed'],
  identity_verified: ['agreed', 'not_crossed', 'proposed'],
  agreed: ['crossed', 'not_crossed', 'identity_verified'],
  crossed: [],
  not_crossed: ['proposed'],
};

export interface VerifyRequest {
  state: VerificationState;
  reason?: NotCrossedReason | undefined;
  evidence?: string | undefined;
  note?: string | undefined;
  /** Our side: the person the entry is (a human's decision, overriding the linkage engine's). */
  person_id?: string | undefined;
}

/**
 * Moves one entry on the verification board, with who decided and why. Identity verified needs a linked
 * person (ours) or prisoner (theirs) and evidence; not crossed needs a reason.
 */
export async function verifyEntry(
  database: Database,
  principal: Principal,
  exchangeId: string,
  side: Side,
  externalId: string,
  body: VerifyRequest,
  audit: AuditContext = {},
) {
  return database.db.transaction().execute(async (trx) => {
    const x = await gatedExchange(trx, principal, exchangeId, 'change', { lock: true });
    if (body.state === 'not_crossed' && body.reason === undefined)
      throw new AppError(
        'bad_request',
        'reason: required when an entry did not cross (refused, absent, deceased, substituted)',
      );
    if (body.state !== 'not_crossed' && body.reason !== undefined)
      throw new AppError('bad_request', 'reason: only for not_crossed');
    const { version: v } = await versionOf(trx, x.id, side);
    const entry = (await selectEntries(trx, v.id)).find((e) => e.external_id === externalId);
    if (entry === undefined)
      throw new AppError('not_found', `entry "${externalId}" is not on the latest version of this list`);
    const current = (await selectCurrentSteps(trx, x.id, side)).get(externalId);
    const from = current?.state ?? 'proposed';
    if (!NEXT[from].includes(body.state))
      throw new AppError(
        'conflict',
        `entry "${externalId}" is ${from}; it may move to ${NEXT[from].join(', ') || 'nothing (final)'}, not ${body.state}`,
      );
    const personId = body.person_id ?? current?.person_id ?? entry.person_id;
    if (body.state === 'identity_verified') {
      if (side === 'ours' && personId === null)
        throw new AppError('bad_request', 'person_id: identity verified needs the person the entry is');
      if (side === 'theirs' && entry.pow_id === null)
        throw new AppError(
          'bad_request',
          'the entry is linked to no held prisoner; add them to the register first',
        );
      if (body.evidence === undefined || body.evidence.trim() === '')
        throw new AppError(
          'bad_request',
          'evidence: say what identifies the person (documents, photo, ICRC notification)',
        );
    }
    if (body.person_id !== undefined) {
      await requirePerson(trx, principal, body.person_id);
    }
    // Their entry crossed: we handed the prisoner over (released), and the register says so.
    if (side === 'theirs' && body.state === 'crossed') {
      authorize(principal, 'enemy_pow', 'create');
      if (entry.pow_id === null)
        throw new AppError(
          'bad_request',
          'the entry is linked to no held prisoner; add them to the register and a new version of the list',
        );
      const { problems } = await markHandedOver(trx, x, [entry.pow_id], principal.id);
      const problem = problems.get(entry.pow_id);
      if (problem !== undefined) throw new AppError('conflict', problem);
    }
    await insertSteps(
      trx,
      x.id,
      [
        {
          side,
          external_id: externalId,
          state: body.state,
          reason: body.reason ?? null,
          person_id: side === 'ours' ? personId : null,
          evidence: body.evidence ?? null,
          note: body.note ?? null,
        },
      ],
      principal.id,
    );
    await appendAudit(
      trx,
      principal,
      {
        action: 'exchange.verify',
        objectType: 'exchange',
        objectId: x.id,
        detail: { side, external_id: externalId, from, to: body.state, reason: body.reason ?? null },
      },
      audit,
    );
    const steps = await selectCurrentSteps(trx, x.id, side);
    return boardEntry(entry, steps.get(externalId));
  });
}

/** One line of `exchange reconcile`. */
export interface ReconcileLine {
  external_id?: string;
  outcome: ReconciliationRow['outcome'];
  person_id: string | null;
  entry_external_id: string | null;
  /** Why nothing was applied for this row (it needs a person's look). */
  problem?: string;
}

function lineOf(r: ReconciliationRow): ReconcileLine {
  const line: ReconcileLine =
    r.outcome === 'not_returned'
      ? { entry_external_id: r.entry_external_id, outcome: r.outcome, person_id: r.person_id }
      : {
          external_id: r.external_id ?? '',
          outcome: r.outcome,
          person_id: r.person_id,
          entry_external_id: r.entry_external_id,
        };
  if (r.problem !== null) line.problem = r.problem;
  return line;
}

/** The source name under which an exchange's crossings are recorded. */
function crossingSourceName(x: ExchangeRow): string {
  return `Exchange ${x.id.slice(0, 8)}: ${x.name}`.slice(0, 200);
}

/**
 * Reconciles who actually crossed with the agreed list (the latest version of our side) and the
 * registry. Each row: `returned` (an entry of the list), `returned_unlisted` (a registry person not on it),
 * `returned_unknown` (nobody the registry knows: a new person, and a review item if someone resembles
 * them); each entry nobody matched: `not_returned`. Returned persons get a `returned_in_exchange` event and
 * status `returned` (relatives following them are told through the tracing outbox). Reconciling the same
 * file again changes nothing and answers the same; another file is refused.
 */
export async function reconcileExchange(
  database: Database,
  principal: Principal,
  exchangeId: string,
  file: string,
  audit: AuditContext = {},
): Promise<{ lines: ReconcileLine[]; repeated: boolean }> {
  const x = await gatedExchange(database.db, principal, exchangeId, 'change');
  authorize(principal, 'event', 'create');
  const list = await timed('exchange: read file', () => readList(file, { requireExternalId: false }));
  const done = await selectReconciliation(database.db, x.id);
  if (done !== null) return repeatOrRefuse(done, list.sha256, x);
  const { version: v } = await versionOf(database.db, x.id, 'ours');
  // An entry keeps the person it was placed on; merged since, that person is the survivor now.
  const listed = await selectEntries(database.db, v.id);
  const placedOn = await survivorsOf(
    database.db,
    listed.map((e) => e.person_id),
  );
  const entries = listed.map((e) =>
    e.person_id === null ? e : { ...e, person_id: placedOn.get(e.person_id) ?? e.person_id },
  );
  const cm = await loadModel(database.db, { for: 'list' });
  const contents = list.rows.map((r) => r.content);
  const entryItems = entries.map((e) => ({ id: e.external_id, content: e.content }));
  const entryBlocks = new MemoryBlocks(entryItems, await registryCountsOf(database.db, entryItems, contents));
  const { placed: onList, ranked } = timedSync('exchange: place on the list', () =>
    entryBlocks.placeAndRank(cm, contents),
  );
  // Only rows that match no entry outright are looked up in the registry (the costly part): an outright
  // match already names the entry, and its person. Nor are rows whose best entry, as one of the list, is
  // beyond the automatic-link threshold and well clear of the next one (a listed name written the other
  // side's way): the registry could only say the same.
  const auto = cm.model.thresholds.auto;
  const clearOnList = (i: number): boolean => {
    const [best, next] = ranked[i] ?? [];
    return best !== undefined && best.score >= auto && (next === undefined || best.score - next.score >= 3);
  };
  const lookUp = onList.flatMap((l, i) => (l.decision === 'match' || clearOnList(i) ? [] : [i]));
  tally('exchange: rows looked up in the registry', lookUp.length);
  const found = await timed('exchange: registry lookup', () =>
    placeInRegistry(
      database.db,
      cm,
      personScopeOf(principal),
      lookUp.map((i) => contents[i] as RecordContent),
    ),
  );
  const inRegistry: Placement[] = contents.map(() => ({ decision: 'none', id: null, score: null }));
  lookUp.forEach((i, k) => (inRegistry[i] = found[k] as Placement));
  const entryByPerson = new Map<string, EntryRow>();
  for (const e of entries)
    if (e.person_id !== null && !entryByPerson.has(e.person_id)) entryByPerson.set(e.person_id, e);
  const entryById = new Map(entries.map((e) => [e.external_id, e]));
  const claimed = new Set<string>();
  const review = cm.model.thresholds.review;
  // Below the review threshold by this much (log2 odds) still takes the best remaining entry: measured
  // on generated sets (bench/exchanges/eval.ts), 4 bits raised a 5,000-name list from 98.7% to 99.0% right.
  const WEAK_SLACK = 4;

  // Which entry of the list each row is, in order of strength of evidence, each entry taken once:
  // 1. the registry's person of the row is on the list; 2. the row matches an entry outright;
  // 3. (rows the registry places elsewhere are unlisted) 4. the row's best remaining entry above the
  // review threshold — who crossed is nearly always someone listed, written the other side's way.
  // A registry person: a match, or a possible match more likely than not and well ahead of any other
  // (a returned prisoner is nearly always someone the registry holds as captive).
  const regPerson = inRegistry.map((r) =>
    r.decision === 'match' || (r.decision === 'possible' && (r.score ?? -99) >= 0 && (r.margin ?? 0) >= 3)
      ? r.id
      : null,
  );
  const entryOf: (EntryRow | undefined)[] = list.rows.map(() => undefined);
  const take = (i: number, e: EntryRow | undefined): void => {
    if (e === undefined || entryOf[i] !== undefined || claimed.has(e.external_id)) return;
    entryOf[i] = e;
    claimed.add(e.external_id);
  };
  regPerson.forEach((p, i) => take(i, p === null ? undefined : entryByPerson.get(p)));
  onList.forEach((l, i) =>
    take(i, l.decision === 'match' && l.id !== null ? entryById.get(l.id) : undefined),
  );
  // A row the registry places on a person off the list, that resembles an entry about as well: the same
  // man held twice in the registry (not yet merged), listed under the other record.
  ranked.forEach((cands, i) => {
    const best = cands[0];
    const reg = inRegistry[i] as Placement;
    const p = regPerson[i];
    if (best === undefined || p === null || p === undefined || entryByPerson.has(p)) return;
    if (best.score >= review && best.raw >= (reg.score ?? Infinity) - 1) take(i, entryById.get(best.id));
  });
  const weak = ranked
    .flatMap((cands, i) =>
      regPerson[i] !== null && !entryByPerson.has(regPerson[i] as string)
        ? []
        : cands.filter((c) => c.score >= review - WEAK_SLACK).map((c) => ({ i, ...c })),
    )
    .sort((a, b) => b.score - a.score);
  for (const w of weak) take(w.i, entryById.get(w.id));

  const decided = list.rows.map((row, i) => {
    const entry = entryOf[i];
    const reg = inRegistry[i] as Placement;
    const personId = entry?.person_id ?? regPerson[i] ?? null;
    const outcome: ReconciliationRow['outcome'] =
      entry !== undefined ? 'returned' : regPerson[i] !== null ? 'returned_unlisted' : 'returned_unknown';
    const score =
      entry !== undefined ? (ranked[i]?.find((c) => c.id === entry.external_id)?.score ?? null) : reg.score;
    return { row, entry, personId, outcome, score: score === null ? null : Math.round(score * 1000) / 1000 };
  });
  const occurredOn = x.held_on ?? new Date().toISOString().slice(0, 10);
  const organisationId = writeOrganisationOf(principal);

  const rows = await database.db.transaction().execute(async (trx) => {
    await selectExchange(trx, x.id, true);
    // A reconciliation committed meanwhile (another terminal) wins; this one answers like a repeat.
    const raced = await selectReconciliation(trx, x.id);
    if (raced !== null) return null;
    // A new version of our list committed meanwhile (another coordinator): the file was matched against
    // the one before, whose entries it no longer is. Refused; nothing is written, and a second run matches
    // the new version.
    const latest = await selectVersions(trx, x.id, 'ours');
    if (latest.at(-1)?.id !== v.id)
      throw new AppError(
        'conflict',
        `version ${latest.at(-1)?.version} of our list was added while this file was matched against version ${v.version}; nothing was reconciled: reconcile again`,
      );
    const source = (
      await ensureSources(trx, organisationId, [crossingSourceName(x)], {
        type: 'exchange_list',
        reliability: 'B',
      })
    ).get(crossingSourceName(x));
    if (source === undefined) throw new Error('source was not created');
    // Rows of nobody the registry knows (and entries that were never linked) become new persons, through
    // record linkage: a resembling person is queued for review.
    const needPerson = decided.filter((d) => d.personId === null);
    if (needPerson.length > 0) {
      const written = await timed('exchange: new persons', () =>
        linkAndWriteRecords(
          trx,
          cm,
          needPerson.map((d) => ({
            content: {
              ...d.row.content,
              external_id: `crossed:${d.row.external_id}`,
              status: null,
              source: source.name,
            },
            source,
          })),
          { actor: principal.id, organisationId, principal },
        ),
      );
      const byExternal = new Map(written.inserted.map((w) => [w.item.content.external_id, w.personId]));
      for (const d of needPerson) d.personId = byExternal.get(`crossed:${d.row.external_id}`) ?? null;
    }
    // The persons returned are locked, so that none is merged away before this commits (a merge locks
    // both its persons); one merged while the file was matched is followed to its survivor first. An
    // event written to a merged-away person changed no status anyone sees: the survivor stayed captive.
    const notReturned = new Map<string, string | null>();
    for (let round = 1; ; round++) {
      const alive = await survivorsOf(trx, [
        ...decided.map((d) => d.personId),
        ...entries.map((e) => e.person_id),
      ]);
      for (const d of decided) if (d.personId !== null) d.personId = alive.get(d.personId) ?? d.personId;
      for (const e of entries)
        notReturned.set(e.external_id, e.person_id === null ? null : (alive.get(e.person_id) ?? e.person_id));
      const lock = [...new Set(decided.flatMap((d) => (d.personId === null ? [] : [d.personId])))].sort();
      if (lock.length === 0) break;
      const locked = await sql<{ merged: boolean }>`
        SELECT merged_into IS NOT NULL AS merged FROM person WHERE id = ANY(${lock}::uuid[]) ORDER BY id FOR UPDATE`.execute(
        trx,
      );
      if (!locked.rows.some((r) => r.merged)) break;
      if (round === 5)
        throw new AppError('conflict', 'persons of this file are being merged; reconcile again in a moment');
    }
    const earlier = await earlierReturns(
      trx,
      x.id,
      decided.flatMap((d) => (d.personId === null ? [] : [d.personId])),
    );
    const events: NewEvent[] = [];
    const out: ReconciliationRow[] = [];
    const personIds = new Set<string>();
    /** The first row of the file that is each person, and the entry it was (an event written or not). */
    const returnedBy = new Map<string, { row: string; entry: string | null }>();
    for (const d of decided) {
      const e = d.personId === null ? undefined : earlier.get(d.personId);
      const twice = d.personId !== null && personIds.has(d.personId);
      const problem =
        e !== undefined
          ? `person already returned in exchange "${e.name}" (${e.exchange_id}); no event written: check the row and the link`
          : twice
            ? 'another row of this file is the same person; no second event written'
            : d.personId === null
              ? 'no person could be written for this row'
              : null;
      if (d.personId !== null && !returnedBy.has(d.personId))
        returnedBy.set(d.personId, { row: d.row.external_id, entry: d.entry?.external_id ?? null });
      let eventId: string | null = null;
      if (problem === null && d.personId !== null) {
        eventId = newId();
        personIds.add(d.personId);
        events.push({
          id: eventId,
          personId: d.personId,
          recordId: null,
          type: 'returned_in_exchange',
          occurredOn,
          sourceId: source.id,
          confidence: 'confirmed',
          note: `exchange ${x.id}`,
        });
      }
      out.push({
        seq: out.length + 1,
        line: d.row.line,
        external_id: d.row.external_id,
        outcome: d.outcome,
        person_id: d.personId,
        entry_external_id: d.entry?.external_id ?? null,
        score: d.score,
        problem,
        event_id: eventId,
      });
    }
    for (const e of entries) {
      if (claimed.has(e.external_id)) continue;
      const personId = notReturned.get(e.external_id) ?? null;
      // The list named this entry's person twice (two spellings, two ids), and the other entry or a row
      // returned him: not "not returned", but a listing to look at.
      const by = personId === null ? undefined : returnedBy.get(personId);
      out.push({
        seq: out.length + 1,
        line: null,
        external_id: null,
        outcome: 'not_returned',
        person_id: personId,
        entry_external_id: e.external_id,
        score: null,
        problem:
          by === undefined
            ? null
            : `the same person crossed in this exchange (row "${by.row}"${by.entry === null ? '' : `, entry "${by.entry}"`}): the list names this person twice; check the list`,
        event_id: null,
      });
    }
    // The returned persons (locked above) get their events and refreshed views; a status change reaches
    // the families through the tracing outbox (refreshPersons).
    const ids = [...personIds].sort();
    await timed('exchange: events', () => insertEvents(trx, events, principal.id, new Date()));
    await timed('exchange: refresh persons', () => refreshPersons(trx, ids));
    await insertReconciliation(
      trx,
      {
        exchange_id: x.id,
        file_sha256: list.sha256,
        file_name: list.file_name,
        list_version_id: v.id,
        created_by: principal.id,
      },
      out,
    );
    const current = await selectCurrentSteps(trx, x.id, 'ours');
    await insertSteps(
      trx,
      x.id,
      out.flatMap((r) => {
        if (r.entry_external_id === null) return [];
        const state = current.get(r.entry_external_id)?.state;
        if (state === 'crossed' || state === 'not_crossed') return [];
        return [
          {
            side: 'ours' as const,
            external_id: r.entry_external_id,
            state: r.outcome === 'returned' ? ('crossed' as const) : ('not_crossed' as const),
            reason: r.outcome === 'returned' ? null : ('absent' as const),
            person_id: r.person_id,
            evidence: null,
            note: 'reconciliation',
          },
        ];
      }),
      principal.id,
    );
    const counts = countOutcomes(out);
    await appendAudit(
      trx,
      principal,
      {
        action: 'exchange.reconcile',
        objectType: 'exchange',
        objectId: x.id,
        detail: { rows: list.rows.length, ...counts, events: events.length },
      },
      audit,
    );
    return out;
  });
  if (rows === null) {
    const again = await selectReconciliation(database.db, x.id);
    return repeatOrRefuse(again as NonNullable<typeof again>, list.sha256, x);
  }
  return { lines: rows.map(lineOf), repeated: false };
}

function repeatOrRefuse(
  done: NonNullable<Awaited<ReturnType<typeof selectReconciliation>>>,
  sha256: string,
  x: ExchangeRow,
): { lines: ReconcileLine[]; repeated: boolean } {
  if (done.head.file_sha256 !== sha256)
    throw new AppError(
      'conflict',
      `exchange "${x.name}" was already reconciled on ${done.head.created_at.toISOString().slice(0, 10)} with another file (${done.head.file_name}); a second reconciliation is refused and nothing was changed`,
    );
  return { lines: done.rows.map(lineOf), repeated: true };
}

/** The stored reconciliation report of an exchange. */
export async function reconciliationReport(database: Database, principal: Principal, exchangeId: string) {
  const x = await gatedExchange(database.db, principal, exchangeId, 'read');
  const done = await selectReconciliation(database.db, x.id);
  if (done === null) throw new AppError('not_found', 'the exchange has not been reconciled yet');
  return {
    exchange_id: x.id,
    file_name: done.head.file_name,
    created_at: done.head.created_at,
    counts: countOutcomes(done.rows),
    rows: done.rows.map((r) => ({ ...lineOf(r), line: r.line, score: r.score })),
  };
}

/**
 * Adds prisoners of the other side to the register we hold (GC III Art. 122), from an office file with
 * the Art. 122(4) columns. A prisoner already registered (same external_id) is left as is, so adding the
 * same file again changes nothing. A row that does not read refuses the whole file.
 */
export async function importEnemyPows(
  database: Database,
  principal: Principal,
  file: string,
  audit: AuditContext = {},
): Promise<{ rows: number; added: number; unchanged: number }> {
  authorize(principal, 'enemy_pow', 'create');
  const list = await readList(file, { requireExternalId: true, register: true });
  const organisationId = writeOrganisationOf(principal);
  const problems: string[] = [];
  const day = (row: ListRow, column: string): string | null => {
    const v = row.content.attributes[column]?.trim();
    if (v === undefined || v === '') return null;
    const d = parsePartialDate(v);
    // A range of two years ("2001/02") is refused by parsePartialDate with its own reason, said here.
    if (typeof d === 'string' || d.day === null) {
      problems.push(
        `line ${row.line}: ${column}: ${typeof d === 'string' && birthYearRange(v) !== null ? d : `"${v.slice(0, 40)}" is not a full date`}`,
      );
      return null;
    }
    return d.text;
  };
  const rows = list.rows.map((r) => {
    const a = r.content.attributes;
    const text = (k: string) => (a[k]?.trim() ? (a[k] as string).trim().slice(0, 2000) : null);
    const keys = recordKeys(r.content);
    return {
      id: newId(),
      external_id: r.external_id,
      family_name: r.content.family_name,
      given_name: r.content.given_name,
      patronymic: r.content.patronymic,
      sex: r.content.sex,
      birth_date: r.content.birth?.text ?? null,
      place_of_birth: r.content.place_of_birth,
      military_rank: r.content.military_rank,
      service_number: r.content.service_number,
      unit: r.content.unit,
      power_depended_on: text('power_depended_on'),
      father_name: text('father_name'),
      mother_maiden_name: text('mother_maiden_name'),
      notify_person: text('notify_person'),
      notify_address: text('notify_address'),
      captured_on: day(r, 'captured_on'),
      capture_place: text('capture_place'),
      internment_place: text('internment_place'),
      health: text('health'),
      capture_card_sent_on: day(r, 'capture_card_sent_on'),
      key_family: keys.key_family,
      key_family_phonetic: keys.key_family_phonetic,
      key_given: keys.key_given,
      key_father: keys.key_father,
    };
  });
  if (problems.length > 0)
    throw new AppError(
      'bad_request',
      `${list.file_name}: ${problems.length} problem(s), nothing was written: ${problems.slice(0, 20).join('; ')}`,
    );
  const added = await database.db.transaction().execute(async (trx) => {
    let added = 0;
    for (let i = 0; i < rows.length; i += 2000) {
      const r = await sql<{ id: string }>`
        INSERT INTO enemy_pow (id, organisation_id, external_id, family_name, given_name, patronymic, sex,
          birth_date, place_of_birth, military_rank, service_number, unit, power_depended_on, father_name,
          mother_maiden_name, notify_person, notify_address, captured_on, capture_place, internment_place, health,
          capture_card_sent_on, key_family, key_family_phonetic, key_given, key_father, created_by)
        SELECT p.id, ${organisationId}::uuid, p.external_id, p.family_name, p.given_name, p.patronymic, p.sex,
          p.birth_date, p.place_of_birth, p.military_rank, p.service_number, p.unit, p.power_depended_on,
          p.father_name, p.mother_maiden_name, p.notify_person, p.notify_address, p.captured_on, p.capture_place,
          p.internment_place, p.health, p.capture_card_sent_on, p.key_family, p.key_family_phonetic, p.key_given,
          p.key_father, ${principal.id}
        FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) AS p(id uuid, external_id text,
          family_name text, given_name text, patronymic text, sex text, birth_date text, place_of_birth text,
          military_rank text, service_number text, unit text, power_depended_on text, father_name text,
          mother_maiden_name text, notify_person text, notify_address text, captured_on date, capture_place text,
          internment_place text, health text, capture_card_sent_on date, key_family text, key_family_phonetic text,
          key_given text, key_father text)
        ON CONFLICT (organisation_id, external_id) DO NOTHING
        RETURNING id`.execute(trx);
      added += r.rows.length;
    }
    await appendAudit(
      trx,
      principal,
      {
        action: 'enemy_pow.create',
        objectType: 'enemy_pow',
        objectId: null,
        detail: { rows: rows.length, added },
      },
      audit,
    );
    return added;
  });
  return { rows: rows.length, added, unchanged: rows.length - added };
}

/** The register of enemy prisoners held, with the capture cards overdue (Art. 70: within a week). */
export async function listEnemyPows(database: Database, principal: Principal, audit: AuditContext = {}) {
  authorize(principal, 'enemy_pow', 'list');
  const rows = await selectPows(database.db, organisationFilter(principal));
  await appendAudit(
    database.db,
    principal,
    { action: 'enemy_pow.list', objectType: 'enemy_pow', objectId: null, detail: { rows: rows.length } },
    audit,
  );
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  return rows.map((p) => ({
    ...p,
    capture_card_overdue:
      p.capture_card_sent_on === null && p.captured_on !== null && p.captured_on < weekAgo,
  }));
}

/** A list version for the mediators (CSV or .xlsx, names in Cyrillic and Latin); the export is audited. */
export async function exportList(
  database: Database,
  principal: Principal,
  exchangeId: string,
  side: Side,
  format: 'csv' | 'xlsx',
  version?: number,
  audit: AuditContext = {},
): Promise<{ body: string | Buffer; file_name: string }> {
  // Lists leave the system for the mediators: the coordinator's work (exchange:manage), not a reader's.
  const x = await gatedExchange(database.db, principal, exchangeId, 'change');
  const { version: v } = await versionOf(database.db, x.id, side, version);
  const entries = await selectEntries(database.db, v.id);
  await appendAudit(
    database.db,
    principal,
    {
      action: 'exchange.export',
      objectType: 'exchange_list_version',
      objectId: v.id,
      detail: { exchange_id: x.id, side, version: v.version, format, rows: entries.length },
    },
    audit,
  );
  const file_name = `exchange-${x.id.slice(0, 8)}-${side}-v${v.version}.${format}`;
  return {
    body: format === 'csv' ? listCsv(entries, side) : await listXlsx(entries, side, `${side} v${v.version}`),
    file_name,
  };
}
