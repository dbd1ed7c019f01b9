import { sql } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { appendAudit, type AuditContext } from '../audit/log.js';
import { maskAddress } from './outbox.js';

/** An outbox row as staff see it (the body is never read). */
export interface OutboxRow {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_error: string | null;
}

/** The columns of an OutboxRow, for the queries that list mail. */
export const OUTBOX_COLUMNS = sql.raw(
  'id, kind, recipient, subject, created_at, attempts, next_attempt_at, delivered_at, last_error',
);

/** An outbox row for staff: the recipient masked, times as ISO strings. */
export function presentOutboxRow(m: OutboxRow) {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: Number(m.id),
    kind: m.kind,
    recipient: maskAddress(m.recipient),
    subject: m.subject,
    created_at: new Date(m.created_at).toISOString(),
    attempts: m.attempts,
    next_attempt_at: new Date(m.next_attempt_at).toISOString(),
    delivered_at: iso(m.delivered_at),
    last_error: m.last_error,
  };
}

/** The outbox as admins see it: undelivered mail first of all, recipients masked. Audited. */
export async function listOutbox(
  database: Database,
  viewer: Principal,
  q: { undelivered: 'true' | 'false'; limit: number },
  audit: AuditContext = {},
) {
  const only = q.undelivered === 'true';
  const r = await sql<OutboxRow>`SELECT ${OUTBOX_COLUMNS}
    FROM outbox WHERE (NOT ${only} OR delivered_at IS NULL) ORDER BY id DESC LIMIT ${q.limit}`.execute(
    database.db,
  );
  await appendAudit(
    database.db,
    viewer,
    { action: 'outbox.read', objectType: 'outbox', objectId: null, detail: { rows: r.rows.length } },
    audit,
  );
  return { items: r.rows.map(presentOutboxRow) };
}
