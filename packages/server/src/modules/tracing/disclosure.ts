import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Status } from '../registry/vocabulary.js';
import { enqueueMail, newsMail } from './outbox.js';
import { discloseStatus, isMailableNews, type DisclosedStatus } from './policy.js';
import { onPersonsRefreshed } from '../records/repo.js';

type Tx = Transaction<DB> | Kysely<DB>;

/** A request with what the disclosure policy reads of it and of its person (merged persons followed). */
export interface DisclosureRow {
  id: string;
  case_number: string;
  requester: { email: string };
  kinship_verified_at: Date | null;
  disclosed_status: DisclosedStatus;
  person_status: Status | null;
  person_withheld: boolean | null;
  /** The case's messages, oldest first (at most 200). */
  messages: { author: 'staff' | 'requester'; body: string; created_at: string }[];
}

/** The person a request points at, following merges (a merged person answers with its survivor). */
const PERSON_OF = sql`LEFT JOIN LATERAL (
    WITH RECURSIVE chain(id, merged_into, status, withheld, depth) AS (
      SELECT p.id, p.merged_into, p.status, p.withheld, 0 FROM person p WHERE p.id = t.person_id
      UNION ALL
      SELECT p.id, p.merged_into, p.status, p.withheld, c.depth + 1 FROM person p
        JOIN chain c ON p.id = c.merged_into WHERE c.depth < 10
    ) SELECT id, status, withheld FROM chain WHERE merged_into IS NULL LIMIT 1
  ) p ON true`;

/** The disclosure rows of some requests. */
export async function disclosureRows(
  trx: Tx,
  where: ReturnType<typeof sql>,
  prepared = false,
): Promise<DisclosureRow[]> {
  const r = await sql<DisclosureRow>`
    SELECT t.id, t.case_number, t.requester, t.kinship_verified_at, t.disclosed_status,
      p.status AS person_status, p.withheld AS person_withheld,
      COALESCE((SELECT json_agg(json_build_object('author', m.author, 'body', m.body, 'created_at', m.created_at)
                               ORDER BY m.created_at, m.id)
                FROM (SELECT * FROM tracing_message WHERE request_id = t.id ORDER BY created_at, id LIMIT 200) m),
               '[]'::json) AS messages
    FROM tracing_request t ${PERSON_OF}
    WHERE ${where} ${prepared ? PREPARED : sql``}`.execute(trx);
  return r.rows;
}

/** What the policy says a request's requester may see now. */
export function disclosedNow(row: DisclosureRow): DisclosedStatus {
  return discloseStatus({
    kinshipVerified: row.kinship_verified_at !== null,
    person:
      row.person_status === null
        ? null
        : { status: row.person_status, withheld: row.person_withheld === true },
  });
}

/**
 * Recomputes what the requesters of these persons' requests may see. A change is remembered; news is
 * queued as a content-free mail in the same transaction, and a death (never told by portal or mail)
 * flags the request for a person-to-person call instead. Called wherever a person's view is refreshed.
 */
export async function refreshDisclosures(
  trx: Tx,
  by: { personIds?: readonly string[]; requestIds?: readonly string[] },
): Promise<void> {
  const personIds = [...new Set(by.personIds ?? [])];
  const requestIds = [...new Set(by.requestIds ?? [])];
  if (personIds.length === 0 && requestIds.length === 0) return;
  // Requests pointing at these persons, or at persons merged into them.
  const rows = await disclosureRows(
    trx,
    sql`t.state <> 'closed' AND (t.id = ANY(${requestIds}::uuid[]) OR t.person_id = ANY(${personIds}::uuid[])
      OR t.person_id IN (SELECT id FROM person WHERE merged_into = ANY(${personIds}::uuid[])))`,
    // One person or request (an added event) kept prepared; a batch's arrays planned for their size.
    personIds.length + requestIds.length === 1,
  );
  const changed = rows
    .map((r) => ({ r, now: disclosedNow(r) }))
    .filter(({ r, now }) => r.disclosed_status !== now);
  if (changed.length === 0) return;
  const updates = changed.map(({ r, now }) => ({ id: r.id, s: now, c: now === 'staff_will_contact' }));
  await sql`
    UPDATE tracing_request t SET disclosed_status = u.s, updated_at = now(),
      call_required = t.call_required OR u.c
    FROM json_to_recordset(${JSON.stringify(updates)}::json) AS u(id uuid, s text, c boolean)
    WHERE t.id = u.id`.execute(trx);
  await enqueueMail(
    trx,
    changed
      .filter(({ r, now }) => isMailableNews(r.disclosed_status, now))
      .map(({ r }) => newsMail(r.requester.email, r.case_number, r.id)),
  );
}

// A changed status may change what relatives following these persons are told (issue #12): only when an
// open request follows one of them or a person merged into one (refreshDisclosures' own condition), read
// in the statement that writes the views, after the persons' locks (a request is linked to a person only
// under that person's lock).
onPersonsRefreshed(
  'tracing.disclosures',
  (trx, personIds) => refreshDisclosures(trx, { personIds }),
  (personIds) => sql<SqlBool>`EXISTS (SELECT 1 FROM tracing_request t WHERE t.state <> 'closed'
    AND (t.person_id = ANY(${personIds}) OR t.person_id IN (SELECT id FROM person WHERE merged_into = ANY(${personIds}))))`,
);
