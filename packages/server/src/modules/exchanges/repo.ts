/** SQL of the exchanges module (migration 0013). The tables are read and written with raw SQL. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../db/ids.js';
import type { RecordContent } from '../records/validate.js';
import type { EntryCategory } from './lists.js';

export type Tx = Transaction<DB> | Kysely<DB>;

export const SIDES = ['ours', 'theirs'] as const;
export type Side = (typeof SIDES)[number];

export const FORMULAS = [
  'n_for_n',
  'all_for_all',
  'wounded_sick_repatriation',
  'unilateral_release',
  'bodies',
] as const;
export type Formula = (typeof FORMULAS)[number];

export interface ExchangeRow {
  id: string;
  organisation_id: string;
  name: string;
  held_on: string | null;
  formula: Formula;
  formula_categories: string[];
  mediators: string[];
  created_by: string;
  created_at: Date;
}

const EXCHANGE_COLUMNS = sql`id, organisation_id, name, to_char(held_on, 'YYYY-MM-DD') AS held_on, formula,
  formula_categories, mediators, created_by, created_at`;

/** One exchange, optionally locked. */
export async function selectExchange(trx: Tx, id: string, lock = false): Promise<ExchangeRow | undefined> {
  const r = await sql<ExchangeRow>`SELECT ${EXCHANGE_COLUMNS} FROM exchange WHERE id = ${id}::uuid
    ${lock ? sql`FOR UPDATE` : sql``}`.execute(trx);
  return r.rows[0];
}

/** The exchanges of an organisation (or of all, for the registry), newest first. */
export async function selectExchanges(trx: Tx, organisationId: string | null): Promise<ExchangeRow[]> {
  const r = await sql<ExchangeRow>`SELECT ${EXCHANGE_COLUMNS} FROM exchange
    WHERE ${organisationId === null ? sql`true` : sql`organisation_id = ${organisationId}::uuid`}
    ORDER BY created_at DESC, id DESC LIMIT 500`.execute(trx);
  return r.rows;
}

export async function insertExchange(trx: Tx, row: Omit<ExchangeRow, 'created_at'>): Promise<void> {
  await sql`INSERT INTO exchange (id, organisation_id, name, held_on, formula, formula_categories, mediators,
      created_by)
    VALUES (${row.id}::uuid, ${row.organisation_id}::uuid, ${row.name}, ${row.held_on}::date, ${row.formula},
      ${row.formula_categories}::text[], ${row.mediators}::text[], ${row.created_by})`.execute(trx);
}

export interface VersionRow {
  id: string;
  exchange_id: string;
  side: Side;
  version: number;
  file_sha256: string;
  file_name: string;
  rows: number;
  created_by: string;
  created_at: Date;
}

/** The versions of one side's list, oldest first. */
export async function selectVersions(trx: Tx, exchangeId: string, side?: Side): Promise<VersionRow[]> {
  const r = await sql<VersionRow>`SELECT * FROM exchange_list_version WHERE exchange_id = ${exchangeId}::uuid
    ${side === undefined ? sql`` : sql`AND side = ${side}`} ORDER BY side, version`.execute(trx);
  return r.rows;
}

export interface EntryRow {
  version_id: string;
  line: number;
  external_id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  birth_date: string | null;
  categories: EntryCategory[];
  content: RecordContent;
  decision: 'match' | 'possible' | 'none';
  person_id: string | null;
  pow_id: string | null;
  score: number | null;
  /** A possible entry of our side: the other persons it may be, close behind the best (0048). */
  alternatives: EntryAlternative[];
}

/** A person shown beside a possible entry's best. */
export interface EntryAlternative {
  person_id: string;
  score: number;
}

export async function selectEntries(trx: Tx, versionId: string): Promise<EntryRow[]> {
  const r = await sql<EntryRow>`SELECT * FROM exchange_list_entry WHERE version_id = ${versionId}::uuid
    ORDER BY line`.execute(trx);
  return r.rows;
}

export async function insertVersion(
  trx: Tx,
  v: Omit<VersionRow, 'created_at'>,
  entries: readonly Omit<EntryRow, 'version_id'>[],
): Promise<void> {
  await sql`INSERT INTO exchange_list_version (id, exchange_id, side, version, file_sha256, file_name, rows,
      created_by)
    VALUES (${v.id}::uuid, ${v.exchange_id}::uuid, ${v.side}, ${v.version}, ${v.file_sha256}, ${v.file_name},
      ${v.rows}, ${v.created_by})`.execute(trx);
  const CHUNK = 2000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const json = JSON.stringify(entries.slice(i, i + CHUNK));
    await sql`INSERT INTO exchange_list_entry (version_id, line, external_id, family_name, given_name,
        patronymic, birth_date, categories, content, decision, person_id, pow_id, score, alternatives)
      SELECT ${v.id}::uuid, e.line, e.external_id, e.family_name, e.given_name, e.patronymic, e.birth_date,
        ARRAY(SELECT jsonb_array_elements_text(e.categories)), e.content, e.decision, e.person_id, e.pow_id,
        e.score, e.alternatives
      FROM jsonb_to_recordset(${json}::jsonb) AS e(line int, external_id text, family_name text,
        given_name text, patronymic text, birth_date text, categories jsonb, content jsonb, decision text,
        person_id uuid, pow_id uuid, score float8, alternatives jsonb)`.execute(trx);
  }
}

export const STATES = ['proposed', 'identity_verified', 'agreed', 'crossed', 'not_crossed'] as const;
export type VerificationState = (typeof STATES)[number];
export const NOT_CROSSED_REASONS = ['refused', 'absent', 'deceased', 'substituted'] as const;
export type NotCrossedReason = (typeof NOT_CROSSED_REASONS)[number];

export interface StepRow {
  external_id: string;
  state: VerificationState;
  reason: NotCrossedReason | null;
  person_id: string | null;
  evidence: string | null;
  note: string | null;
  decided_by: string;
  decided_at: Date;
}

/** The latest verification step of each entry of one side. */
export async function selectCurrentSteps(
  trx: Tx,
  exchangeId: string,
  side: Side,
): Promise<Map<string, StepRow>> {
  const r =
    await sql<StepRow>`SELECT DISTINCT ON (external_id) external_id, state, reason, person_id, evidence,
      note, decided_by, decided_at
    FROM exchange_verification_step WHERE exchange_id = ${exchangeId}::uuid AND side = ${side}
    ORDER BY external_id, id DESC`.execute(trx);
  return new Map(r.rows.map((s) => [s.external_id, s]));
}

/** Every step of one entry, oldest first (who decided what, and why). */
export async function selectEntrySteps(
  trx: Tx,
  exchangeId: string,
  side: Side,
  externalId: string,
): Promise<StepRow[]> {
  const r =
    await sql<StepRow>`SELECT external_id, state, reason, person_id, evidence, note, decided_by, decided_at
    FROM exchange_verification_step
    WHERE exchange_id = ${exchangeId}::uuid AND side = ${side} AND external_id = ${externalId}
    ORDER BY id`.execute(trx);
  return r.rows;
}

export interface NewStep {
  side: Side;
  external_id: string;
  state: VerificationState;
  reason: NotCrossedReason | null;
  person_id: string | null;
  evidence: string | null;
  note: string | null;
}

export async function insertSteps(
  trx: Tx,
  exchangeId: string,
  steps: readonly NewStep[],
  actor: string,
): Promise<void> {
  if (steps.length === 0) return;
  await sql`INSERT INTO exchange_verification_step (exchange_id, side, external_id, state, reason, person_id,
      evidence, note, decided_by)
    SELECT ${exchangeId}::uuid, s.side, s.external_id, s.state, s.reason, s.person_id, s.evidence, s.note, ${actor}
    FROM jsonb_to_recordset(${JSON.stringify(steps)}::jsonb) AS s(side text, external_id text, state text,
      reason text, person_id uuid, evidence text, note text)`.execute(trx);
}

export const OUTCOMES = ['returned', 'returned_unlisted', 'returned_unknown', 'not_returned'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ReconciliationRow {
  seq: number;
  line: number | null;
  external_id: string | null;
  outcome: Outcome;
  person_id: string | null;
  entry_external_id: string | null;
  score: number | null;
  problem: string | null;
  event_id: string | null;
}

export interface ReconciliationHead {
  exchange_id: string;
  file_sha256: string;
  file_name: string;
  list_version_id: string;
  created_by: string;
  created_at: Date;
}

export async function selectReconciliation(
  trx: Tx,
  exchangeId: string,
): Promise<{ head: ReconciliationHead; rows: ReconciliationRow[] } | null> {
  const head = await sql<ReconciliationHead>`SELECT * FROM exchange_reconciliation
    WHERE exchange_id = ${exchangeId}::uuid`.execute(trx);
  const h = head.rows[0];
  if (h === undefined) return null;
  const rows =
    await sql<ReconciliationRow>`SELECT seq, line, external_id, outcome, person_id, entry_external_id,
      score, problem, event_id
    FROM exchange_reconciliation_row WHERE exchange_id = ${exchangeId}::uuid ORDER BY seq`.execute(trx);
  return { head: h, rows: rows.rows };
}

export async function insertReconciliation(
  trx: Tx,
  head: Omit<ReconciliationHead, 'created_at'>,
  rows: readonly ReconciliationRow[],
): Promise<void> {
  await sql`INSERT INTO exchange_reconciliation (exchange_id, file_sha256, file_name, list_version_id, created_by)
    VALUES (${head.exchange_id}::uuid, ${head.file_sha256}, ${head.file_name}, ${head.list_version_id}::uuid,
      ${head.created_by})`.execute(trx);
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await sql`INSERT INTO exchange_reconciliation_row (exchange_id, seq, line, external_id, outcome, person_id,
        entry_external_id, score, problem, event_id)
      SELECT ${head.exchange_id}::uuid, r.seq, r.line, r.external_id, r.outcome, r.person_id, r.entry_external_id,
        r.score, r.problem, r.event_id
      FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + CHUNK))}::jsonb) AS r(seq int, line int,
        external_id text, outcome text, person_id uuid, entry_external_id text, score float8, problem text,
        event_id uuid)`.execute(trx);
  }
}

/**
 * The person each id is now: itself, or the person it was merged into (following the chain). Entries of a
 * list and the steps of its board keep the person they were placed on; a merge afterwards moves that
 * person's records and events to the survivor, and only the survivor's status is shown and counted.
 */
export async function survivorsOf(
  trx: Tx,
  personIds: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = [...new Set(personIds.filter((p): p is string => p !== null))];
  if (ids.length === 0) return new Map();
  const r = await sql<{ id: string; survivor: string }>`
    WITH RECURSIVE chain(start, id, merged_into, depth) AS (
      SELECT p.id, p.id, p.merged_into, 0 FROM person p WHERE p.id = ANY(${ids}::uuid[])
      UNION ALL
      SELECT c.start, p.id, p.merged_into, c.depth + 1 FROM person p JOIN chain c ON p.id = c.merged_into
      WHERE c.depth < 20
    )
    SELECT start AS id, id AS survivor FROM chain WHERE merged_into IS NULL`.execute(trx);
  return new Map(r.rows.map((x) => [x.id, x.survivor]));
}

/**
 * The exchanges other than `exchangeId` in which each of these persons was already returned (a
 * `returned_in_exchange` event written by a reconciliation), also under a person merged into them since; keyed by
 * the ids given.
 */
export async function earlierReturns(
  trx: Tx,
  exchangeId: string | null,
  personIds: readonly string[],
): Promise<Map<string, { exchange_id: string; name: string }>> {
  if (personIds.length === 0) return new Map();
  const r = await sql<{ person_id: string; exchange_id: string; name: string }>`
    WITH RECURSIVE absorbed(id, survivor, depth) AS (
      SELECT p.id, p.id, 0 FROM person p WHERE p.id = ANY(${[...new Set(personIds)]}::uuid[])
      UNION ALL
      SELECT p.id, a.survivor, a.depth + 1 FROM person p JOIN absorbed a ON p.merged_into = a.id
      WHERE a.depth < 20
    )
    SELECT DISTINCT ON (a.survivor) a.survivor AS person_id, r.exchange_id, x.name
    FROM exchange_reconciliation_row r JOIN exchange x ON x.id = r.exchange_id
      JOIN absorbed a ON a.id = r.person_id
    WHERE r.event_id IS NOT NULL
      ${exchangeId === null ? sql`` : sql`AND r.exchange_id <> ${exchangeId}::uuid`}
    ORDER BY a.survivor, x.created_at`.execute(trx);
  return new Map(r.rows.map((x) => [x.person_id, { exchange_id: x.exchange_id, name: x.name }]));
}

export interface PowRow {
  id: string;
  external_id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  military_rank: string | null;
  service_number: string | null;
  unit: string | null;
  state: string;
  captured_on: string | null;
  internment_place: string | null;
  health: string | null;
  capture_card_sent_on: string | null;
  /** The exchange that took them, once handed over or released (migration 0014), and the day. */
  left_exchange_id: string | null;
  left_on: string | null;
}

/** The held prisoners of an organisation (or of all). */
export async function selectPows(
  trx: Tx,
  organisationId: string | null,
  heldOnly = false,
): Promise<PowRow[]> {
  const r = await sql<PowRow>`SELECT id, external_id, family_name, given_name, patronymic, sex, birth_date,
      military_rank, service_number, unit, state, to_char(captured_on, 'YYYY-MM-DD') AS captured_on,
      internment_place, health, to_char(capture_card_sent_on, 'YYYY-MM-DD') AS capture_card_sent_on,
      left_exchange_id, to_char(left_on, 'YYYY-MM-DD') AS left_on
    FROM enemy_pow
    WHERE ${organisationId === null ? sql`true` : sql`organisation_id = ${organisationId}::uuid`}
      ${heldOnly ? sql`AND state = 'held'` : sql``}
    ORDER BY family_name, given_name, id`.execute(trx);
  return r.rows;
}

/** What the register says of a prisoner that is no longer held. */
interface PowState {
  id: string;
  state: string;
  left_exchange_id: string | null;
  exchange_name: string | null;
}

async function powStates(trx: Tx, ids: readonly string[]): Promise<Map<string, PowState>> {
  if (ids.length === 0) return new Map();
  const r = await sql<PowState>`SELECT p.id, p.state, p.left_exchange_id, x.name AS exchange_name
    FROM enemy_pow p LEFT JOIN exchange x ON x.id = p.left_exchange_id
    WHERE p.id = ANY(${[...new Set(ids)]}::uuid[]) ORDER BY p.id FOR UPDATE OF p`.execute(trx);
  return new Map(r.rows.map((p) => [p.id, p]));
}

/**
 * Marks held prisoners as handed over (released) in an exchange, with a movement each; returns, for each
 * prisoner not changed, why. Prisoners already handed over in this exchange are neither changed nor a
 * problem.
 */
export async function markHandedOver(
  trx: Tx,
  x: ExchangeRow,
  powIds: readonly string[],
  actor: string,
): Promise<{ changed: string[]; problems: Map<string, string> }> {
  const states = await powStates(trx, powIds);
  const kind = x.formula === 'unilateral_release' ? 'released' : 'handed_over';
  const changed: string[] = [];
  const problems = new Map<string, string>();
  for (const id of new Set(powIds)) {
    const p = states.get(id);
    if (p === undefined) problems.set(id, 'the prisoner is not in the register');
    else if (p.state === 'held') changed.push(id);
    else if (p.left_exchange_id === x.id) continue;
    else
      problems.set(
        id,
        p.left_exchange_id === null
          ? `the prisoner is no longer held (${p.state}); nothing was changed`
          : `the prisoner was already ${p.state} in exchange "${p.exchange_name ?? ''}" (${p.left_exchange_id}); nothing was changed`,
      );
  }
  if (changed.length === 0) return { changed, problems };
  const on = x.held_on ?? new Date().toISOString().slice(0, 10);
  await sql`UPDATE enemy_pow SET state = ${kind}, left_exchange_id = ${x.id}::uuid, left_on = ${on}::date
    WHERE id = ANY(${changed}::uuid[]) AND state = 'held'`.execute(trx);
  await sql`INSERT INTO enemy_pow_movement (id, pow_id, kind, occurred_on, note, entered_by)
    SELECT m.id, m.pow_id, ${kind}, ${on}::date, ${`exchange ${x.id}`}, ${actor}
    FROM jsonb_to_recordset(${JSON.stringify(changed.map((pow_id) => ({ id: newId(), pow_id })))}::jsonb)
      AS m(id uuid, pow_id uuid)`.execute(trx);
  return { changed, problems };
}
