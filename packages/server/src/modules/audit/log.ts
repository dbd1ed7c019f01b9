import type { Kysely } from 'kysely';
import type { Principal } from '../../auth/permissions.js';
import type { DB } from '../../db/schema.js';

/**
 * One audit entry: who did what to which object. Ids only, never names. The audit issue (#5) gives
 * this its table, its hash chain and its checkpoints; until then it is the contract callers write to.
 */
export interface AuditEntry {
  /** A stable verb, e.g. `record.create`, `person.read`, `search.persons`, `link.accept`. */
  action: string;
  /** The kind of object acted on, e.g. `person`, `record`, `link`, `import_run`. */
  objectType: string;
  /** The object's id, or null for actions on no single object (a search). */
  objectId: string | null;
  /** Non-identifying detail: counts, ids, decisions. Never a name or a free-text query. */
  detail?: Record<string, string | number | boolean | null>;
}

/**
 * Appends an audit entry in the caller's transaction, so the entry commits or rolls back with the
 * change it describes. A placeholder until #5 lands.
 */
export async function appendAudit(
  _db: Kysely<DB>,
  _actor: Principal | null,
  _entry: AuditEntry,
): Promise<void> {
  // Implemented by the audit issue (#5).
}
