import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { REGISTRY_ORGANISATION_ID, type Principal } from '../../auth/permissions.js';
import { denyObject, inScope, personScopeOf, requirePerson, type PersonScope } from '../../gate/scope.js';
import { relativePrincipal } from '../../gate/principal.js';
import { digest, randomSecret, safeEqual } from '../../auth/secrets.js';
import type { Database } from '../../db/database.js';
import { newId } from '../../db/ids.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { appendAudit, appendReadAudit, type AuditContext } from '../audit/log.js';
import { loadModel } from '../linkage/model.js';
import { probeOf } from '../linkage/candidates.js';
import { countNames } from '../linkage/frequencies.js';
import {
  ensureSources,
  insertLinks,
  insertRecordRows,
  prepareNewPersons,
  refreshPersons,
  writeNewPersons,
} from '../records/repo.js';
import {
  canonicalCaseNumber,
  codeHash,
  keyedHash,
  newAccessCode,
  newCaseNumber,
  type TracingKeys,
} from './codes.js';
import { disclosedNow, disclosureRows, refreshDisclosures } from './disclosure.js';
import { rankCandidates, soughtRecord } from './matching.js';
import { confirmationMail, enqueueMail, newsMail, resetMail } from './outbox.js';
import { OUTBOX_COLUMNS, presentOutboxRow, type OutboxRow } from './outboxAdmin.js';
import { isOverdue, TRANSITIONS, type DisclosedStatus, type TracingState } from './policy.js';
import type { TCreateTracingRequest, TStatusResponse, TTracingRequestDetail } from './schemas.js';
import { ADDRESS_LIMIT, ASYNC_COMMIT, CASE_LIMIT, forgiveAttempts, reserveBothSql } from './throttle.js';
import { clientNetwork } from '../../http/network.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** What the tracing service needs beyond the database: its keys and limits. */
export interface TracingContext {
  keys: TracingKeys;
  /** Requests one email may file per day. */
  perEmailPerDay: number;
  /** Base of the links in mail (the reset link), e.g. https://homecoming.example.org */
  publicUrl: string;
}

/** The source of the records made from tracing requests. */
export const FAMILY_REPORT_SOURCE = 'Tracing requests (family reports)';

/** The one answer for a wrong code and an unknown case. */
export function noSuchCase(): AppError {
  return new AppError('not_found', 'no case with this number and access code');
}

interface RequestRow {
  id: string;
  case_number: string;
  code_hash: string;
  organisation_id: string;
  state: TracingState;
  requester: TCreateTracingRequest['requester'];
  sought: TCreateTracingRequest['sought'];
  consent: TCreateTracingRequest['consent'];
  person_id: string | null;
  record_id: string | null;
  kinship_verified_at: Date | null;
  disclosed_status: DisclosedStatus;
  call_required: boolean;
  created_at: Date;
  updated_at: Date;
  state_changed_at: Date;
}

async function requestBy(
  db: Tx,
  where: ReturnType<typeof sql>,
  lock = false,
): Promise<RequestRow | undefined> {
  const r =
    await sql<RequestRow>`SELECT * FROM tracing_request WHERE ${where} ${lock ? sql`FOR UPDATE` : sql``}`.execute(
      db,
    );
  return r.rows[0];
}

// ---------------------------------------------------------------- public side

/**
 * Files a request: its case number and access code (shown once, kept as a keyed hash), the candidates
 * the registry holds for the sought person, the confirmation mail (case number only) and the audit
 * entry, in one transaction.
 */
export async function createTracingRequest(
  database: Database,
  ctx: TracingContext,
  body: TCreateTracingRequest,
  audit: AuditContext = {},
  fixed?: { caseNumber: string; accessCode: string },
): Promise<{ case_number: string; access_code: string; id: string }> {
  const email = body.requester.email.trim();
  const emailKey = keyedHash(ctx.keys, 'email', email.toLowerCase());
  const id = newId();
  const caseNumber = fixed?.caseNumber ?? newCaseNumber();
  const accessCode = fixed?.accessCode ?? newAccessCode();
  // Dates are checked (and the record content built) before anything is written.
  const content = soughtRecord(body.sought, caseNumber);
  const cm = await loadModel(database.db, { for: 'list' });
  await database.db.transaction().execute(async (trx) => {
    const recent = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tracing_request
      WHERE email_key = ${emailKey} AND created_at > now() - interval '1 day'`.execute(trx);
    if ((recent.rows[0]?.n ?? 0) >= ctx.perEmailPerDay) {
      throw new AppError(
        'rate_limited',
        'too many requests from this email address today; try again tomorrow',
      );
    }
    const requester = { ...body.requester, email };
    await sql`
      INSERT INTO tracing_request (id, case_number, code_hash, organisation_id, requester, email_key, sought, consent)
      VALUES (${id}, ${caseNumber}, ${codeHash(ctx.keys, accessCode)}, ${REGISTRY_ORGANISATION_ID},
        ${JSON.stringify(requester)}::jsonb, ${emailKey}, ${JSON.stringify(body.sought)}::jsonb,
        ${JSON.stringify(body.consent)}::jsonb)`.execute(trx);
    const candidates = await rankCandidates(trx, cm, content);
    await writeCandidates(trx, id, candidates);
    await enqueueMail(trx, [confirmationMail(email, caseNumber, id)]);
    await appendAudit(
      trx,
      null,
      {
        action: 'tracing.create',
        objectType: 'tracing_request',
        objectId: id,
        detail: { candidates: candidates.length },
      },
      audit,
    );
  });
  return { case_number: caseNumber, access_code: accessCode, id };
}

/**
 * A request sent again with its `Idempotency-Key` (`idempotentCodes`): the case its first sending made, if
 * it was made, answered as the first was; null if not (then it is filed now, under those codes). Two
 * sendings at once: the second's INSERT waits on the case number's unique index and fails when the first
 * commits; `fileIdempotently` then finds the case here. A case whose code was reset since answers 409 (the
 * code it would give no longer opens it).
 */
export async function replayTracingRequest(
  database: Database,
  ctx: TracingContext,
  fixed: { caseNumber: string; accessCode: string },
  audit: AuditContext = {},
): Promise<{ case_number: string; access_code: string } | null> {
  const r = await sql<{ id: string; code_hash: string }>`
    SELECT id, code_hash FROM tracing_request WHERE case_number = ${fixed.caseNumber}`.execute(database.db);
  const row = r.rows[0];
  if (row === undefined) return null;
  const answered = row.code_hash === codeHash(ctx.keys, fixed.accessCode);
  // The case's number and code leave the server again: an access like any other, recorded as such.
  await appendAudit(
    database.db,
    null,
    { action: 'tracing.replay', objectType: 'tracing_request', objectId: row.id, detail: { answered } },
    audit,
  );
  if (!answered)
    throw new AppError(
      'conflict',
      'this request was filed already and its access code has been changed since; open the case with the newest code, or ask for a new one',
    );
  return { case_number: fixed.caseNumber, access_code: fixed.accessCode };
}

/** Files a request under the codes its `Idempotency-Key` gives, or answers the case a sending before made. */
export async function fileIdempotently(
  database: Database,
  ctx: TracingContext,
  body: TCreateTracingRequest,
  audit: AuditContext,
  fixed: { caseNumber: string; accessCode: string },
): Promise<{ case_number: string; access_code: string }> {
  try {
    const r = await createTracingRequest(database, ctx, body, audit, fixed);
    return { case_number: r.case_number, access_code: r.access_code };
  } catch (err) {
    if ((err as { code?: unknown }).code !== '23505') throw err;
    const replay = await replayTracingRequest(database, ctx, fixed, audit);
    if (replay === null) throw err;
    return replay;
  }
}

async function writeCandidates(
  trx: Tx,
  requestId: string,
  candidates: Awaited<ReturnType<typeof rankCandidates>>,
): Promise<void> {
  await sql`DELETE FROM tracing_candidate WHERE request_id = ${requestId}`.execute(trx);
  if (candidates.length === 0) return;
  const rows = candidates.map((c) => ({ p: c.personId, r: c.rank, s: c.score, e: c.explanation }));
  await sql`INSERT INTO tracing_candidate (request_id, person_id, rank, score, explanation)
    SELECT ${requestId}, x.p, x.r, x.s, x.e FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS x(p uuid, r int4, s float8, e jsonb)`.execute(trx);
}

// A hash to compare with when the case does not exist, so both answers cost the same work.
const DUMMY_HASH = crypto.randomBytes(32).toString('hex');

/**
 * Opens a case by number and code: the request if both are right, else the same `not_found` for a
 * wrong code and an unknown case after the same work (one statement that counts the attempt and looks the
 * case up, one keyed hash, one comparison, one audit entry). Attempts are counted per case number (known
 * or not) and per address before the code is compared, and given back when it was right; a locked case or
 * address answers `rate_limited`.
 */
export async function openCase(
  database: Database,
  ctx: TracingContext,
  input: { case_number: string; access_code: string },
  audit: AuditContext,
): Promise<RequestRow> {
  const canonical = canonicalCaseNumber(input.case_number);
  const caseKey = `case:${keyedHash(ctx.keys, 'case', canonical ?? input.case_number.trim().toUpperCase())}`;
  const keys = {
    case: { key: caseKey, limit: CASE_LIMIT },
    address: {
      key: `addr:${keyedHash(ctx.keys, 'address', clientNetwork(audit.address ?? ''))}`,
      limit: ADDRESS_LIMIT,
    },
  };
  // One round trip: an attempt reserved against the case number and the address (counted as a failure
  // before the code is compared, so parallel guesses are counted one after another; a locked key is not
  // counted), and the case if it exists; committed without waiting for the disk (ASYNC_COMMIT).
  const found = await sql<RequestRow & { reserved: number }>`
    ${reserveBothSql(keys.case, keys.address)}
    SELECT ((SELECT count(*) FROM reserved_case) + (SELECT count(*) FROM reserved_address))::int AS reserved, t.*
    FROM ${ASYNC_COMMIT} AS one
    LEFT JOIN tracing_request t ON t.case_number = ${canonical ?? 'HC-NONE-NONE'}`.execute(database.db);
  const first = found.rows[0];
  const reserved = first?.reserved ?? 0;
  if (reserved < 2) {
    // The address is locked: the case's reservation is given back (this attempt compared no code).
    if (reserved === 1) await forgiveAttempts(database.db, [keys.case]);
    await appendAudit(
      database.db,
      null,
      { action: 'tracing.lookup_locked', objectType: 'tracing_request', objectId: null },
      audit,
    );
    throw new AppError('rate_limited', 'too many wrong attempts; try again in an hour');
  }
  const row: RequestRow | undefined = first?.id ? first : undefined;
  const ok =
    safeEqual(codeHash(ctx.keys, input.access_code), row?.code_hash ?? DUMMY_HASH) && row !== undefined;
  if (!ok) {
    // Already counted against both keys.
    await appendAudit(
      database.db,
      null,
      { action: 'tracing.lookup_failed', objectType: 'tracing_request', objectId: null },
      audit,
    );
    throw noSuchCase();
  }
  // The right code: the attempt is given back, so a relative reading the page often is never locked out.
  await forgiveAttempts(database.db, [keys.case, keys.address]);
  return row;
}

/** The status page of a case: its state, what the requester may know, and the messages. Audited. */
export async function caseStatus(
  database: Database,
  ctx: TracingContext,
  input: { case_number: string; access_code: string },
  audit: AuditContext = {},
): Promise<TStatusResponse> {
  const row = await openCase(database, ctx, input, audit);
  // One read (what the policy needs, and the messages), then the audit entry, committed before the
  // answer in a group with concurrent reads' entries (AuditGroup).
  const [d] = await disclosureRows(database.db, sql`t.id = ${row.id}`);
  // Audited as the relative: the holder of this case's access code.
  await appendReadAudit(
    database.db,
    relativePrincipal(row.id),
    {
      action: 'tracing.status_read',
      objectType: 'tracing_request',
      objectId: row.id,
      detail: { principal: 'relative' },
    },
    audit,
  );
  return {
    case_number: row.case_number,
    state: row.state,
    status: d ? disclosedNow(d) : 'no_information',
    updated_at: new Date(row.updated_at).toISOString(),
    messages: (d?.messages ?? []).map((m) => ({
      from: m.author,
      body: m.body,
      created_at: new Date(m.created_at).toISOString(),
    })),
  };
}

/** A message from the requester (adding what they know), audited. */
export async function requesterMessage(
  database: Database,
  ctx: TracingContext,
  input: { case_number: string; access_code: string; body: string },
  audit: AuditContext = {},
): Promise<{ id: string }> {
  const row = await openCase(database, ctx, input, audit);
  if (row.state === 'closed') throw new AppError('conflict', 'this case is closed');
  const id = newId();
  await database.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO tracing_message (id, request_id, author, author_id, body)
      VALUES (${id}, ${row.id}, 'requester', NULL, ${input.body})`.execute(trx);
    await sql`UPDATE tracing_request SET updated_at = now() WHERE id = ${row.id}`.execute(trx);
    await appendAudit(
      trx,
      relativePrincipal(row.id),
      {
        action: 'tracing.message',
        objectType: 'tracing_request',
        objectId: row.id,
        detail: { from: 'requester' },
      },
      audit,
    );
  });
  return { id };
}

/**
 * How many reset links a case is mailed in an hour (each valid that hour): enough for a relative who asks
 * again, too few for whoever knows the case number and e-mail to fill the relative's mailbox with them.
 */
export const RESETS_PER_HOUR = 3;

/**
 * Asks for a new access code: if the case number and email belong together, a one-time link (valid an
 * hour) is mailed to that email, unless RESETS_PER_HOUR links are still valid. The answer is the same
 * either way, and so is the work: a known pair and an unknown one run the same statements (the lock, one
 * statement that counts the case's valid links and writes the link and its mail only where a case was
 * found, the audit entry) and draw and hash a token alike, so the time of the answer does not tell
 * whether the pair is known (bench/tracing/resetTiming.ts).
 */
export async function requestReset(
  database: Database,
  ctx: TracingContext,
  input: { case_number: string; email: string },
  audit: AuditContext = {},
): Promise<void> {
  const canonical = canonicalCaseNumber(input.case_number) ?? 'HC-NONE-NONE';
  const emailKey = keyedHash(ctx.keys, 'email', input.email.trim().toLowerCase());
  const token = randomSecret();
  // Its case number is the one asked for: where a case is found, that is the case's own.
  const mail = resetMail('', canonical, '', `${ctx.publicUrl}/trace/reset#${token}`);
  await database.db.transaction().execute(async (trx) => {
    // Locked, so that concurrent asks are counted one after another.
    const found = await sql<{ id: string }>`
      SELECT id FROM tracing_request WHERE case_number = ${canonical} AND email_key = ${emailKey}
      FOR UPDATE`.execute(trx);
    const id = found.rows[0]?.id ?? null;
    // Counted after the lock (a statement of its own, so it sees asks committed while it waited).
    await sql`
      WITH asked AS (
        SELECT r.id, r.requester->>'email' AS email FROM tracing_request r
        WHERE r.id = ${id}::uuid
          AND (SELECT count(*) FROM tracing_reset t WHERE t.request_id = r.id AND t.expires_at > now())
            < ${RESETS_PER_HOUR}::int
      ), link AS (
        INSERT INTO tracing_reset (token_hash, request_id, expires_at)
        SELECT ${digest(token)}, id, now() + interval '1 hour' FROM asked
      )
      INSERT INTO outbox (kind, recipient, subject, body, request_id)
      SELECT 'mail', email, ${mail.subject}, ${mail.body}, id FROM asked`.execute(trx);
    await appendAudit(
      trx,
      null,
      { action: 'tracing.reset_requested', objectType: 'tracing_request', objectId: id },
      audit,
    );
  });
}

const resetAsks = new Set<Promise<void>>();

/**
 * Runs `requestReset` after its answer was sent (the route's onResponse), off the request's path; a
 * failure is logged (the asker was told `sent_if_known` either way, and may ask again).
 */
export function askReset(
  database: Database,
  ctx: TracingContext,
  input: { case_number: string; email: string },
  audit: AuditContext,
  log: { error: (obj: object, msg: string) => void },
): void {
  const work = requestReset(database, ctx, input, audit).catch((err: unknown) =>
    log.error({ err }, 'a reset request failed after its answer'),
  );
  resetAsks.add(work);
  void work.finally(() => resetAsks.delete(work));
}

/** Resolves once every reset request answered so far has done its work (tests, shutdown). */
export async function resetAsksSettled(): Promise<void> {
  while (resetAsks.size > 0) await Promise.allSettled([...resetAsks]);
}

/** Spends a reset link: a new access code replaces the old one (shown once). */
export async function confirmReset(
  database: Database,
  ctx: TracingContext,
  token: string,
  audit: AuditContext = {},
): Promise<{ case_number: string; access_code: string }> {
  return database.db.transaction().execute(async (trx) => {
    const r = await sql<{ request_id: string }>`
      UPDATE tracing_reset SET used_at = now()
      WHERE token_hash = ${digest(token)} AND used_at IS NULL AND expires_at > now()
      RETURNING request_id`.execute(trx);
    const requestId = r.rows[0]?.request_id;
    if (requestId === undefined) throw new AppError('not_found', 'this link is unknown, used or expired');
    const code = newAccessCode();
    const row = await sql<{ case_number: string }>`
      UPDATE tracing_request SET code_hash = ${codeHash(ctx.keys, code)}, updated_at = now()
      WHERE id = ${requestId} RETURNING case_number`.execute(trx);
    await appendAudit(
      trx,
      null,
      { action: 'tracing.code_reset', objectType: 'tracing_request', objectId: requestId },
      audit,
    );
    return { case_number: row.rows[0]?.case_number as string, access_code: code };
  });
}

// ---------------------------------------------------------------- staff side

/** A request in the staff member's scope (its organisation; the CLI sees all), or not found. */
async function scopedRequest(trx: Tx, viewer: Principal, id: string, lock = false): Promise<RequestRow> {
  const row = await requestBy(trx, sql`id = ${id}`, lock);
  if (!row) throw denyObject('tracing_request', id, 'missing');
  if (!requestVisible(personScopeOf(viewer), row.organisation_id)) {
    throw denyObject('tracing_request', id, 'out_of_scope');
  }
  return row;
}

/**
 * The request, locked, after the persons whose status its disclosure reads: its person (and the persons
 * it was merged into) and `also`. An added event locks its person first and then reads, and may update,
 * the requests that follow it; taking the locks in the same order means a verification or a link
 * computes what the relative is told from a status that no uncommitted change is rewriting (otherwise the
 * event's hook, not yet seeing the verification, and the verification, not yet seeing the event, each
 * leave the other's change out, and the news never reaches the family), and the two cannot deadlock.
 */
async function lockRequestAndPersons(
  trx: Tx,
  viewer: Principal,
  id: string,
  also: readonly string[] = [],
): Promise<RequestRow> {
  let seen = (await scopedRequest(trx, viewer, id)).person_id;
  for (let attempt = 0; ; attempt++) {
    await sql`
      WITH RECURSIVE chain(id, merged_into, depth) AS (
        SELECT p.id, p.merged_into, 0 FROM person p WHERE p.id = ANY(${[...(seen === null ? [] : [seen]), ...also]}::uuid[])
        UNION ALL
        SELECT p.id, p.merged_into, c.depth + 1 FROM person p JOIN chain c ON p.id = c.merged_into WHERE c.depth < 10
      )
      SELECT id FROM person WHERE id IN (SELECT id FROM chain) ORDER BY id FOR UPDATE`.execute(trx);
    const row = await scopedRequest(trx, viewer, id, true);
    // Linked elsewhere meanwhile: lock that person too (the order is then the request's, as before).
    if (row.person_id === seen || attempt === 1) return row;
    seen = row.person_id;
  }
}

/** Whether a request held by an organisation is in a staff scope (its organisation; the CLI sees all). */
export function requestVisible(scope: PersonScope, organisationId: string): boolean {
  return (
    scope.kind === 'registry' || (scope.kind === 'organisation' && scope.organisationId === organisationId)
  );
}

/** The SQL condition "this request is in scope" over `tracing_request` (deny by default). */
function requestsVisible(scope: PersonScope) {
  if (scope.kind === 'registry') return sql`true`;
  if (scope.kind === 'organisation') return sql`organisation_id = ${scope.organisationId}::uuid`;
  return sql`false`;
}

/** The id of a request by its case number, for the command line. */
export async function requestIdOfCase(database: Database, caseNumber: string): Promise<string> {
  const canonical = canonicalCaseNumber(caseNumber);
  const row = canonical ? await requestBy(database.db, sql`case_number = ${canonical}`) : undefined;
  if (!row) throw new AppError('not_found', `no case ${caseNumber}`);
  return row.id;
}

function days(ms: number): number {
  return Math.max(0, Math.floor(ms / 86_400_000));
}

function queueItem(row: RequestRow, now: Date) {
  return {
    id: row.id,
    case_number: row.case_number,
    state: row.state,
    person_id: row.person_id,
    kinship_verified: row.kinship_verified_at !== null,
    call_required: row.call_required,
    created_at: new Date(row.created_at).toISOString(),
    state_changed_at: new Date(row.state_changed_at).toISOString(),
    age_days: days(now.getTime() - new Date(row.created_at).getTime()),
    days_in_state: days(now.getTime() - new Date(row.state_changed_at).getTime()),
    overdue: isOverdue(row.state, new Date(row.state_changed_at), now),
  };
}

/** The queue: requests by state, oldest in their state first, with ages and the overdue flag. */
export async function tracingQueue(
  database: Database,
  viewer: Principal,
  q: { state?: TracingState | undefined; call_required?: 'true' | 'false' | undefined; limit: number },
) {
  const r = await sql<RequestRow>`
    SELECT * FROM tracing_request
    WHERE ${requestsVisible(personScopeOf(viewer))}
      AND (${q.state ?? null}::text IS NULL OR state = ${q.state ?? null}::text)
      AND (${q.call_required ?? null}::text IS NULL OR call_required = (${q.call_required ?? null}::text = 'true'))
    ORDER BY state_changed_at, id LIMIT ${q.limit}`.execute(database.db);
  const now = new Date();
  return { items: r.rows.map((row) => queueItem(row, now)) };
}

/** One request's file for staff: requester, sought person, candidates in the viewer's scope, messages. Audited. */
export async function tracingRequestDetail(
  database: Database,
  viewer: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<TTracingRequestDetail> {
  return database.db.transaction().execute(async (trx) => {
    const row = await scopedRequest(trx, viewer, id);
    const scope = personScopeOf(viewer);
    const cands = await sql<{
      person_id: string;
      rank: number;
      score: number;
      explanation: { field: string; level: string; weight: number }[];
      organisation_id: string;
      withheld: boolean;
    }>`SELECT c.person_id, c.rank, c.score, c.explanation, p.organisation_id, p.withheld
      FROM tracing_candidate c JOIN person p ON p.id = c.person_id
      WHERE c.request_id = ${id} AND p.merged_into IS NULL ORDER BY c.rank`.execute(trx);
    const messages = await sql<{
      id: string;
      author: 'staff' | 'requester';
      author_id: string | null;
      body: string;
      created_at: Date;
    }>`
      SELECT id, author, author_id, body, created_at FROM tracing_message WHERE request_id = ${id}
      ORDER BY created_at, id`.execute(trx);
    const docs = await sql<{ id: string; media_type: string; size: number; created_at: Date }>`
      SELECT id, media_type, size, created_at FROM tracing_document WHERE request_id = ${id}
      ORDER BY created_at, id`.execute(trx);
    await appendAudit(
      trx,
      viewer,
      { action: 'tracing.read', objectType: 'tracing_request', objectId: id },
      audit,
    );
    return {
      ...queueItem(row, new Date()),
      requester: row.requester,
      sought: row.sought,
      consent: row.consent,
      record_id: row.record_id,
      disclosed_status: row.disclosed_status,
      candidates: cands.rows
        .filter((c) => inScope(scope, c))
        .map((c) => ({ person_id: c.person_id, rank: c.rank, score: c.score, explanation: c.explanation })),
      messages: messages.rows.map((m) => ({
        id: m.id,
        from: m.author,
        author_id: m.author_id,
        body: m.body,
        created_at: new Date(m.created_at).toISOString(),
      })),
      documents: docs.rows.map((d) => ({ ...d, created_at: new Date(d.created_at).toISOString() })),
    };
  });
}

async function setState(trx: Tx, id: string, state: TracingState): Promise<void> {
  await sql`UPDATE tracing_request SET state = ${state}, updated_at = now(),
    state_changed_at = CASE WHEN state = ${state} THEN state_changed_at ELSE now() END
    WHERE id = ${id}`.execute(trx);
}

/** Moves a request along the states staff may choose (verify and link have their own verbs). */
export async function transitionRequest(
  database: Database,
  actor: Principal,
  id: string,
  to: TracingState,
  audit: AuditContext = {},
): Promise<{ id: string; state: TracingState }> {
  return database.db.transaction().execute(async (trx) => {
    const row = await scopedRequest(trx, actor, id, true);
    if (!TRANSITIONS[row.state].includes(to)) {
      throw new AppError('conflict', `a request in state ${row.state} cannot move to ${to}`);
    }
    await setState(trx, id, to);
    if (to === 'answered' || to === 'closed') {
      await sql`UPDATE tracing_request SET call_required = false WHERE id = ${id} AND ${to === 'closed'}`.execute(
        trx,
      );
    }
    await appendAudit(
      trx,
      actor,
      {
        action: 'tracing.state',
        objectType: 'tracing_request',
        objectId: id,
        detail: { from: row.state, to },
      },
      audit,
    );
    return { id, state: to };
  });
}

/** Records that the requester's kinship has been verified; the case moves to searching (or matched). */
export async function verifyKinship(
  database: Database,
  actor: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<{ id: string; state: TracingState }> {
  return database.db.transaction().execute(async (trx) => {
    const row = await lockRequestAndPersons(trx, actor, id);
    if (row.state === 'closed') throw new AppError('conflict', 'the request is closed');
    if (row.kinship_verified_at !== null) throw new AppError('conflict', 'kinship is already verified');
    await sql`UPDATE tracing_request SET kinship_verified_at = now(), kinship_verified_by = ${actor.id}
      WHERE id = ${id}`.execute(trx);
    const state: TracingState = row.person_id !== null ? 'matched' : 'searching';
    await setState(trx, id, state);
    await refreshDisclosures(trx, { requestIds: [id] });
    await appendAudit(
      trx,
      actor,
      { action: 'tracing.verify', objectType: 'tracing_request', objectId: id },
      audit,
    );
    return { id, state };
  });
}

/** The family-report source of the organisation holding the request. */
async function familyReportSource(trx: Tx, organisationId: string) {
  const s = (
    await ensureSources(trx, organisationId, [FAMILY_REPORT_SOURCE], {
      type: 'family_report',
      reliability: 'F',
    })
  ).get(FAMILY_REPORT_SOURCE);
  if (!s) throw new Error('the family report source was not created');
  return s;
}

/**
 * Links a request to a person: the request's description becomes a family_report record of that person
 * (a human link), the person's view is refreshed, and what the requester may see is recomputed. A
 * request linked before moves its record to the new person.
 */
export async function linkRequest(
  database: Database,
  actor: Principal,
  id: string,
  personId: string,
  audit: AuditContext = {},
): Promise<{ id: string; state: TracingState; person_id: string; record_id: string }> {
  return database.db.transaction().execute(async (trx) => {
    const row = await lockRequestAndPersons(trx, actor, id, [personId]);
    if (row.state === 'closed') throw new AppError('conflict', 'the request is closed');
    await requirePerson(trx, actor, personId, { lock: true, unmerged: true });
    const now = new Date();
    let recordId = row.record_id;
    const touched = [personId];
    if (recordId === null) {
      const item = {
        content: soughtRecord(row.sought, row.case_number),
        source: await familyReportSource(trx, row.organisation_id),
        personId,
      };
      const [written] = await insertRecordRows(trx, [item], { actor: actor.id }, now);
      if (!written) throw new AppError('conflict', `case ${row.case_number} already has a record`);
      recordId = written;
    } else {
      const old = await sql<{
        person_id: string;
      }>`SELECT person_id FROM record WHERE id = ${recordId}`.execute(trx);
      if (old.rows[0]) touched.push(old.rows[0].person_id);
      await sql`UPDATE link SET ended_at = now(), ended_by = ${actor.id} WHERE record_id = ${recordId} AND ended_at IS NULL`.execute(
        trx,
      );
      await sql`UPDATE record SET person_id = ${personId} WHERE id = ${recordId}`.execute(trx);
    }
    await insertLinks(
      trx,
      [{ recordId, personId }],
      'human',
      { actor: actor.id, reason: `tracing request ${row.case_number}` },
      now,
    );
    const state: TracingState = row.kinship_verified_at !== null ? 'matched' : row.state;
    await sql`UPDATE tracing_request SET person_id = ${personId}, record_id = ${recordId} WHERE id = ${id}`.execute(
      trx,
    );
    await setState(trx, id, state);
    // Refreshing the persons also recomputes the disclosure of every request following them.
    await refreshPersons(trx, touched);
    await appendAudit(
      trx,
      actor,
      {
        action: 'tracing.link',
        objectType: 'tracing_request',
        objectId: id,
        detail: { person_id: personId, record_id: recordId },
      },
      audit,
    );
    return { id, state, person_id: personId, record_id: recordId };
  });
}

/** Creates a new person from the request's description (a family_report record) and links the request to it. */
export async function createPersonFromRequest(
  database: Database,
  actor: Principal,
  id: string,
  audit: AuditContext = {},
): Promise<{ id: string; state: TracingState; person_id: string; record_id: string }> {
  return database.db.transaction().execute(async (trx) => {
    const row = await scopedRequest(trx, actor, id, true);
    if (row.state === 'closed') throw new AppError('conflict', 'the request is closed');
    if (row.record_id !== null)
      throw new AppError('conflict', 'the request is already linked; link it to another person instead');
    const item = {
      content: soughtRecord(row.sought, row.case_number),
      source: await familyReportSource(trx, row.organisation_id),
    };
    const prepared = prepareNewPersons([item], {
      actor: actor.id,
      organisationId: row.organisation_id,
    });
    await writeNewPersons(trx, prepared);
    const personId = prepared.personIds[0] as string;
    const recordId = prepared.ids[0] as string;
    // The record counts in the registry's name frequencies and size, as an imported one does.
    await countNames(trx, [probeOf(recordId, item.content)]);
    const state: TracingState = row.kinship_verified_at !== null ? 'matched' : row.state;
    await sql`UPDATE tracing_request SET person_id = ${personId}, record_id = ${recordId} WHERE id = ${id}`.execute(
      trx,
    );
    await setState(trx, id, state);
    await refreshDisclosures(trx, { requestIds: [id] });
    await appendAudit(
      trx,
      actor,
      {
        action: 'tracing.create_person',
        objectType: 'tracing_request',
        objectId: id,
        detail: { person_id: personId, record_id: recordId },
      },
      audit,
    );
    return { id, state, person_id: personId, record_id: recordId };
  });
}

/** A message from staff to the requester: stored, audited, and announced by a content-free mail. */
export async function staffMessage(
  database: Database,
  actor: Principal,
  id: string,
  body: string,
  audit: AuditContext = {},
): Promise<{ id: string }> {
  const messageId = newId();
  await database.db.transaction().execute(async (trx) => {
    const row = await scopedRequest(trx, actor, id);
    await sql`INSERT INTO tracing_message (id, request_id, author, author_id, body)
      VALUES (${messageId}, ${id}, 'staff', ${actor.id}, ${body})`.execute(trx);
    await sql`UPDATE tracing_request SET updated_at = now() WHERE id = ${id}`.execute(trx);
    await enqueueMail(trx, [newsMail(row.requester.email, row.case_number, row.id)]);
    await appendAudit(
      trx,
      actor,
      { action: 'tracing.message', objectType: 'tracing_request', objectId: id, detail: { from: 'staff' } },
      audit,
    );
  });
  return { id: messageId };
}

/** The requests that point at a person (the person's file lists them), if the person is in scope. */
export async function personRequests(database: Database, viewer: Principal, personId: string) {
  await requirePerson(database.db, viewer, personId);
  const r = await sql<{ id: string; case_number: string; state: TracingState; created_at: Date }>`
    SELECT id, case_number, state, created_at FROM tracing_request
    WHERE (person_id = ${personId} OR person_id IN (SELECT id FROM person WHERE merged_into = ${personId}))
      AND ${requestsVisible(personScopeOf(viewer))}
    ORDER BY created_at, id`.execute(database.db);
  return { items: r.rows.map((x) => ({ ...x, created_at: new Date(x.created_at).toISOString() })) };
}

/**
 * The mail of one case as its tracing officer sees it: what was queued, whether it left, the last error;
 * the recipient masked and the body never shown. Audited like the file itself.
 */
export async function caseOutbox(
  database: Database,
  viewer: Principal,
  id: string,
  audit: AuditContext = {},
) {
  return database.db.transaction().execute(async (trx) => {
    await scopedRequest(trx, viewer, id);
    const r = await sql<OutboxRow>`SELECT ${OUTBOX_COLUMNS}
      FROM outbox WHERE request_id = ${id} ORDER BY id LIMIT 200`.execute(trx);
    await appendAudit(
      trx,
      viewer,
      { action: 'outbox.read', objectType: 'tracing_request', objectId: id, detail: { rows: r.rows.length } },
      audit,
    );
    return { items: r.rows.map(presentOutboxRow) };
  });
}

/** `tracing show --json`: the case, its person and candidates (the command line sees the whole registry). */
export async function showCase(database: Database, viewer: Principal, caseNumber: string) {
  const id = await requestIdOfCase(database, caseNumber);
  const d = await tracingRequestDetail(database, viewer, id);
  return {
    case_number: d.case_number,
    state: d.state,
    person_id: d.person_id,
    candidates: d.candidates.map((c) => ({ person_id: c.person_id, score: c.score })),
    kinship_verified: d.kinship_verified,
    disclosed_status: d.disclosed_status,
    call_required: d.call_required,
  };
}
