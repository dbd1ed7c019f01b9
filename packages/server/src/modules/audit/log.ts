import { sql, type Kysely } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import { PREPARED } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { newId } from '../../db/ids.js';
import { leafHash } from './merkle.js';
import { tally, timed } from '../../phases.js';

/**
 * The closed vocabulary of audit actions: every verb the code base writes, and no other (the type
 * refuses an unknown one at compile time, the database keeps what it is given).
 */
export const AUDIT_ACTIONS = [
  // person data
  'person.read',
  'person.list',
  'person.withhold',
  'person.merge',
  'person.split',
  'person.links.read',
  'record.create',
  'record.read',
  'event.create',
  'search.persons',
  // linkage and review
  'link.auto',
  'link.accept',
  'link.reject',
  'link.dedupe',
  'link.list',
  'review.list',
  'model.train',
  'model.train_refused',
  // imports, exports, seeding
  'import.start',
  'import.batch',
  'import.rejects.read',
  'export.run',
  'seed.batch',
  // access
  'access.denied',
  'auth.login',
  'auth.login_failed',
  'auth.totp_failed',
  'auth.totp_enrolled',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  'auth.setup',
  // administration
  'user.create',
  'user.disable',
  'user.role_change',
  'organisation.create',
  'token.create',
  'token.revoke',
  'user.setup_link',
  'user.totp_reset',
  'user.sessions_end',
  'actors.read',
  // the log itself
  'audit.read',
  'statistics.draft',
  'statistics.review',
  'statistics.publish',
  'statistics.discard',
  // tracing requests (issue #12) and the mail outbox
  'tracing.create',
  'tracing.replay',
  'tracing.status_read',
  'tracing.lookup_failed',
  'tracing.lookup_locked',
  'tracing.message',
  'tracing.reset_requested',
  'tracing.code_reset',
  'tracing.document_add',
  'tracing.document_read',
  'tracing.read',
  'tracing.state',
  'tracing.verify',
  'tracing.link',
  'tracing.create_person',
  'outbox.read',
  // exchanges (issue #13)
  'exchange.create',
  'exchange.read',
  'exchange.list_version',
  'exchange.verify',
  'exchange.reconcile',
  'exchange.handover',
  'exchange.export',
  'enemy_pow.create',
  'enemy_pow.list',
  'enemy_pow.export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The closed set of kinds of object an audit entry names. */
export const AUDIT_OBJECT_TYPES = [
  'person',
  'record',
  'event',
  'link',
  'review_pair',
  'import_run',
  'import_job',
  'export',
  'registry',
  'linkage_model',
  'route',
  'user',
  'organisation',
  'api_token',
  'audit',
  'audit_entry',
  'statistics_release',
  'tracing_request',
  'tracing_document',
  'outbox',
  'exchange',
  'exchange_list_version',
  'enemy_pow',
] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

/** Whether a string is one of the audit object types. */
export function isAuditObjectType(s: string | undefined): s is AuditObjectType {
  return s !== undefined && (AUDIT_OBJECT_TYPES as readonly string[]).includes(s);
}

/** Who acted, as the log records it: the credential kind, or `anonymous` for no principal at all. */
export type AuditActorKind = 'user' | 'token' | 'cli' | 'anonymous' | 'relative' | 'partner';

type DetailValue = string | number | boolean | null;

/**
 * One audit entry: who did what to which object. Ids only, never names.
 */
export interface AuditEntry {
  /** A verb of the closed vocabulary, e.g. `record.create`, `person.read`, `search.persons`. */
  action: AuditAction;
  /** The kind of object acted on. */
  objectType: AuditObjectType;
  /** The object's id, or null for actions on no single object (a search). */
  objectId: string | null;
  /** Non-identifying detail: counts, ids, decisions. Never a name or a free-text query. */
  detail?: Record<string, DetailValue>;
}

/** Where a request came from, when it came over HTTP. */
export interface AuditContext {
  address?: string | null;
}

/** An entry as stored: the columns its leaf hash covers. */
export interface StoredAuditEntry {
  seq: number;
  at: Date;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  organisation_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  detail: Record<string, DetailValue>;
  address: string | null;
}

/**
 * The bytes a leaf hash covers: every column, in a fixed order, detail keys sorted (jsonb does not keep
 * key order). The sequence number is inside, so moving an entry changes its hash.
 */
export function canonicalAuditEntry(e: StoredAuditEntry): string {
  const detail = Object.fromEntries(
    Object.keys(e.detail)
      .sort()
      .map((k) => [k, e.detail[k] ?? null]),
  );
  return JSON.stringify([
    'homecoming-audit-v1',
    Number(e.seq),
    new Date(e.at).toISOString(),
    e.actor_kind,
    e.actor_id,
    e.organisation_id,
    e.action,
    e.object_type,
    e.object_id,
    detail,
    e.address,
  ]);
}

/** The leaf hash (hex) of a stored entry. */
export function auditLeafHash(e: StoredAuditEntry): string {
  return leafHash(canonicalAuditEntry(e)).toString('hex');
}

/**
 * Appends an audit entry in the caller's transaction, so the entry commits or rolls back with the
 * change it describes. The entry takes the next sequence number by updating the one-row audit_head,
 * which locks it until the transaction ends: call this last in a transaction, so that concurrent
 * appenders wait only for a commit.
 */
export async function appendAudit(
  db: Kysely<DB>,
  actor: Principal | null,
  entry: AuditEntry,
  context: AuditContext = {},
): Promise<number> {
  // The head's increment and the entry are one statement, so they commit together even outside a
  // transaction (a crash between them would leave a gap that verify reports as a deleted entry): alone,
  // the statement is its own transaction, without a BEGIN and a COMMIT costing two more round trips.
  const at = new Date();
  const fields = entryFields(actor, entry, context, at);
  const [before, after] = canonicalAround(fields);
  // One statement takes the next number (the head's row lock, held until the transaction ends) and
  // inserts the entry, its leaf hash computed by PostgreSQL around that number from the canonical text
  // (sha256 of 0x00 and the text, as leafHash): the lock is held for this statement's end and the
  // commit, one round trip fewer than an increment followed by an insert.
  const head = await timed('audit: append (waits for the head lock)', () =>
    sql<{ seq: number }>`${PREPARED}
      WITH head AS (UPDATE audit_head SET size = size + 1 WHERE id = 1 RETURNING size)
      INSERT INTO audit_entry (seq, at, actor_kind, actor_id, organisation_id, action, object_type, object_id,
        detail, address, leaf_hash)
      SELECT size, ${at}::timestamptz, ${fields.actor_kind}::text, ${fields.actor_id}::text,
        ${fields.organisation_id}::uuid, ${fields.action}::text, ${fields.object_type}::text,
        ${fields.object_id}::text, ${JSON.stringify(fields.detail)}::jsonb, ${fields.address}::text,
        ${LEAF_HASH_SQL(sql`${before}::text`, sql`size`, sql`${after}::text`)}
      FROM head RETURNING seq`.execute(db),
  );
  const seq = Number(head.rows[0]?.seq);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error('audit_head is missing');
  return seq;
}

/**
 * The statement that appends an audit entry at commit (migration 0052): the entry is written to
 * audit_pending without the audit head's lock, and a deferred trigger numbers it and moves it into
 * audit_entry while the transaction commits, after its last statement — the head's lock is then held only
 * from inside the COMMIT to its end, never across a round trip to this process. For a command's
 * transaction, as a data-modifying CTE of one of its statements (no round trip of its own): `WITH e AS
 * (…), audited AS (${auditAtCommitSql(…)}) SELECT …`. Entries so written are numbered in the order they
 * were written, after any the transaction appended with `appendAudit` (which numbers at once). Outside a
 * transaction the statement commits alone, numbered as it does.
 */
export function auditAtCommitSql(
  actor: Principal | null,
  entry: AuditEntry,
  context: AuditContext = {},
  opts: { onlyIfRowIn?: RawBuilderLike } = {},
): RawBuilderLike {
  const fields = entryFields(actor, entry, context, new Date());
  const [before, after] = canonicalAround(fields);
  // With `onlyIfRowIn` (a CTE's name), the entry is written only if that CTE yields a row (a command
  // whose change is written only when its object was found).
  return sql`INSERT INTO audit_pending (id, at, actor_kind, actor_id, organisation_id, action, object_type,
      object_id, detail, address, canonical_before, canonical_after)
    SELECT ${newId()}::uuid, ${fields.at}::timestamptz, ${fields.actor_kind}::text, ${fields.actor_id}::text,
      ${fields.organisation_id}::uuid, ${fields.action}::text, ${fields.object_type}::text,
      ${fields.object_id}::text, ${JSON.stringify(fields.detail)}::jsonb, ${fields.address}::text,
      ${before}::text, ${after}::text
    ${opts.onlyIfRowIn === undefined ? sql`` : sql`WHERE EXISTS (SELECT 1 FROM ${opts.onlyIfRowIn})`}`;
}

/** Appends an audit entry at commit (auditAtCommitSql) by a statement of its own. */
export async function appendAuditAtCommit(
  db: Kysely<DB>,
  actor: Principal | null,
  entry: AuditEntry,
  context: AuditContext = {},
): Promise<void> {
  await sql`${PREPARED} ${auditAtCommitSql(actor, entry, context)}`.execute(db);
}

/** One entry waiting in an AuditGroup, with the request that waits for it. */
interface QueuedEntry {
  actor: Principal | null;
  entry: AuditEntry;
  context: AuditContext;
  done: (seq: number) => void;
  failed: (err: unknown) => void;
}

/**
 * Appends the audit entries of reads in groups: one statement — one increment of the head by the
 * group's size and one insert, committed as one — for every entry that arrived while the previous group was
 * being written. Each caller still waits until its own entry has committed (nothing is answered
 * unaudited), but concurrent readers no longer queue one by one behind the head's lock and a commit
 * each. With nobody else waiting, an entry is written at once, alone: no timer, no added delay.
 */
export class AuditGroup {
  private queue: QueuedEntry[] = [];
  private writing = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxGroup = 1000,
  ) {}

  append(actor: Principal | null, entry: AuditEntry, context: AuditContext = {}): Promise<number> {
    return new Promise<number>((done, failed) => {
      this.queue.push({ actor, entry, context, done, failed });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        try {
          tally('audit group: entries', group.length);
          // One statement, its own transaction (no BEGIN, no COMMIT: two round trips fewer).
          const first = await timed('audit group: statement', () => appendAuditGroup(this.db, group));
          group.forEach((q, i) => q.done(first + i));
        } catch (err) {
          for (const q of group) q.failed(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/** Appends entries with consecutive sequence numbers (in the caller's transaction, if any); returns the first. */
async function appendAuditGroup(db: Kysely<DB>, group: readonly QueuedEntry[]): Promise<number> {
  const at = new Date();
  const entries = group.map((q, i) => {
    const fields = entryFields(q.actor, q.entry, q.context, at);
    const [before, after] = canonicalAround(fields);
    return { ...fields, ord: i, before, after };
  });
  // As appendAudit: one statement takes the group's numbers and inserts its entries.
  const rows = await sql<{ seq: number }>`${PREPARED}
    WITH head AS (UPDATE audit_head SET size = size + ${group.length}::int8 WHERE id = 1 RETURNING size)
    INSERT INTO audit_entry (seq, at, actor_kind, actor_id, organisation_id, action, object_type, object_id,
      detail, address, leaf_hash)
    SELECT head.size - ${group.length}::int8 + 1 + e.ord, ${at}::timestamptz, e.actor_kind, e.actor_id, e.organisation_id,
      e.action, e.object_type, e.object_id, e.detail, e.address,
      ${LEAF_HASH_SQL(sql`e.before`, sql`(head.size - ${group.length}::int8 + 1 + e.ord)`, sql`e.after`)}
    FROM head, jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) AS e(ord int8, actor_kind text,
      actor_id text, organisation_id uuid, action text, object_type text, object_id text, detail jsonb,
      address text, before text, after text)
    RETURNING seq`.execute(db);
  if (rows.rows.length !== group.length) throw new Error('audit_head is missing');
  return Math.min(...rows.rows.map((r) => Number(r.seq)));
}

/** An entry's columns but its number and time, as stored. */
function entryFields(
  actor: Principal | null,
  entry: AuditEntry,
  context: AuditContext,
  at: Date,
): Omit<StoredAuditEntry, 'seq'> {
  return {
    at,
    actor_kind: actorKindOf(actor),
    actor_id: actor?.id ?? null,
    organisation_id: actor?.organisationId ?? null,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    detail: entry.detail ?? {},
    address: context.address ?? null,
  };
}

/**
 * The canonical text of an entry (canonicalAuditEntry) as the text before and after its sequence number,
 * which the database fills in: `before || seq || after` is exactly the canonical text.
 */
function canonicalAround(fields: Omit<StoredAuditEntry, 'seq'>): [string, string] {
  const text = canonicalAuditEntry({ ...fields, seq: 0 });
  const before = '["homecoming-audit-v1",';
  if (!text.startsWith(`${before}0,`)) throw new Error('unexpected canonical audit entry');
  return [before, text.slice(before.length + 1)];
}

/** leafHash in SQL, hex: sha256 of the leaf prefix 0x00 and the UTF-8 text `before || seq || after`. */
function LEAF_HASH_SQL(before: RawBuilderLike, seq: RawBuilderLike, after: RawBuilderLike) {
  return sql`encode(sha256('\\x00'::bytea || convert_to(${before} || (${seq})::text || ${after}, 'UTF8')), 'hex')`;
}
type RawBuilderLike = ReturnType<typeof sql>;

const groups = new WeakMap<Kysely<DB>, AuditGroup>();

/**
 * Appends the audit entry of a read (a search, a person's file) through the database's AuditGroup:
 * resolves once the entry has committed. Writes append in their own transaction with `appendAudit`.
 */
export function appendReadAudit(
  db: Kysely<DB>,
  actor: Principal | null,
  entry: AuditEntry,
  context: AuditContext = {},
): Promise<number> {
  let group = groups.get(db);
  if (group === undefined) {
    group = new AuditGroup(db);
    groups.set(db, group);
  }
  return group.append(actor, entry, context);
}

/** The actor kind an entry records for a principal (the public acts anonymously). */
export function actorKindOf(actor: Principal | null): AuditActorKind {
  if (actor === null) return 'anonymous';
  switch (actor.kind) {
    case undefined:
      return 'user';
    case 'public':
      return 'anonymous';
    default:
      return actor.kind;
  }
}
