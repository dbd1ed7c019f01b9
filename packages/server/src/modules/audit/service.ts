import type { Principal } from '../../auth/permissions.js';
import type { Database } from '../../db/database.js';
import { auditScopeOf, authorize } from '../../gate/policy.js';
import { auditVisible } from '../../gate/scope.js';
import { appendAudit, isAuditObjectType, type AuditContext } from './log.js';

/** A filter over the audit log (exact matches), and a page. */
export interface AuditQuery {
  object_type?: string | undefined;
  object_id?: string | undefined;
  actor_id?: string | undefined;
  action?: string | undefined;
  limit: number;
  after?: number | undefined;
}

/**
 * A page of the audit entries the principal may read — its own organisation's, or every organisation's
 * for a registry auditor — scoped in SQL before the limit. Reading the log is itself audited.
 */
export async function listAuditEntries(
  database: Database,
  principal: Principal,
  q: AuditQuery,
  audit: AuditContext = {},
) {
  authorize(principal, 'audit_entry', 'list');
  return database.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('audit_entry')
      .selectAll()
      .where(auditVisible(auditScopeOf(principal)));
    if (q.object_type) query = query.where('object_type', '=', q.object_type);
    if (q.object_id) query = query.where('object_id', '=', q.object_id);
    if (q.actor_id) query = query.where('actor_id', '=', q.actor_id);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.after !== undefined) query = query.where('seq', '>', q.after);
    const rows = await query
      .orderBy('seq')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    await appendAudit(
      trx,
      principal,
      {
        action: 'audit.read',
        objectType: isAuditObjectType(q.object_type) ? q.object_type : 'audit',
        objectId: q.object_id ?? null,
        detail: { entries: page.length },
      },
      audit,
    );
    return {
      items: page.map((r) => ({ ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() })),
      next: rows.length > q.limit ? Number(page[page.length - 1]?.seq) : null,
    };
  });
}
