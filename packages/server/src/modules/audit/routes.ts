import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { AppError } from '../../errors.js';
import { checkInclusionProof, proveInclusion, verifyAudit } from './checkpoint.js';
import { listAuditEntries } from './service.js';

const ZAuditQuerySchema = z.object({
  object_type: z.string().max(50).optional(),
  object_id: z.string().max(100).optional(),
  actor_id: z.string().max(100).optional(),
  action: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.coerce.number().int().min(0).optional().describe('the seq of the last entry of the previous page'),
});

const ZAuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor_kind: z.string(),
  actor_id: z.string().nullable(),
  organisation_id: z.string().nullable(),
  action: z.string(),
  object_type: z.string(),
  object_id: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  address: z.string().nullable(),
  leaf_hash: z.string(),
});

/** /api/v1/audit: the audit log for auditors, e.g. who viewed a given person. Reading it is itself audited. */
export function auditRoutes(database: Database, auditDir: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    const dir = (): string => {
      if (auditDir === undefined) throw new AppError('not_ready', 'no audit folder is configured');
      return auditDir;
    };
    app.get(
      '/audit/verify',
      {
        config: { permission: 'audit:verify' },
        schema: {
          tags: ['audit'],
          summary: 'Verify the whole log against the signed checkpoints; names the first bad entry',
          response: {
            200: z.object({
              ok: z.boolean(),
              entries: z.number().int(),
              checkpointSize: z.number().int(),
              firstBadSeq: z.number().int().nullable(),
              problem: z.string().nullable(),
            }),
            503: ZErrorSchema,
          },
        },
      },
      async () => verifyAudit(database, dir()),
    );
    app.get(
      '/audit/proof/:seq',
      {
        config: { permission: 'audit:verify' },
        schema: {
          tags: ['audit'],
          summary: 'RFC 9162 inclusion proof of one entry in the latest signed checkpoint',
          params: z.object({ seq: z.coerce.number().int().min(1) }),
          response: {
            200: z.object({
              seq: z.number().int(),
              leaf_hash: z.string(),
              tree_size: z.number().int(),
              root: z.string(),
              audit_path: z.array(z.string()),
              checkpoint: z.object({
                size: z.number().int(),
                root: z.string(),
                at: z.string(),
                key_id: z.string(),
                signature: z.string(),
              }),
            }),
            404: ZErrorSchema,
            503: ZErrorSchema,
          },
        },
      },
      async (request) => {
        let proof;
        try {
          proof = proveInclusion(dir(), request.params.seq);
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new AppError(
            'not_found',
            `entry #${request.params.seq} is not under a signed checkpoint yet`,
          );
        }
        if (!checkInclusionProof(proof)) throw new AppError('internal', 'the proof does not verify');
        return proof;
      },
    );
    app.get(
      '/audit',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary:
            'Audit entries, filtered (object_type=person&object_id=<id>&action=person.read: who viewed a person)',
          querystring: ZAuditQuerySchema,
          response: {
            200: z.object({ items: z.array(ZAuditEntrySchema), next: z.number().nullable() }),
            400: ZErrorSchema,
          },
        },
      },
      async (request) =>
        listAuditEntries(database, principalOf(request), request.query, { address: request.ip }),
    );
  };
}
