import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import { handOver } from './handover.js';
import { exchangeFigures, exchangePlanning, generateCategoryList } from './planning.js';
import { exportRegister } from './registerExport.js';
import {
  ZAddVersionResponseSchema,
  ZBoardEntrySchema,
  ZBoardQuerySchema,
  ZBoardResponseSchema,
  ZCreateExchangeRequestSchema,
  ZDiffResponseSchema,
  ZEnemyPowImportResponseSchema,
  ZEnemyPowListSchema,
  ZEntryParamsSchema,
  ZExchangeDetailSchema,
  ZExchangeIdParamsSchema,
  ZExchangeListResponseSchema,
  ZExchangeSchema,
  ZExportQuerySchema,
  ZFiguresResponseSchema,
  ZPlanningResponseSchema,
  ZReconcileResponseSchema,
  ZReconciliationReportSchema,
  ZSideParamsSchema,
  ZHandoverResponseSchema,
  ZRegisterExportQuerySchema,
  ZUploadQuerySchema,
  ZVerifyRequestSchema,
  ZVersionParamsSchema,
} from './schemas.js';
import {
  addListVersion,
  createExchange,
  exchangeDetail,
  exportList,
  importEnemyPows,
  listBoard,
  listEnemyPows,
  listExchanges,
  reconcileExchange,
  reconciliationReport,
  verifyEntry,
  versionDiff,
} from './service.js';

const FILE_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
/** A list of a few thousand names is well under this. */
const LIST_BODY_LIMIT = 20 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A value with its dates as ISO text, as JSON carries them. */
type Iso<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Iso<U>[]
    : T extends object
      ? { [K in keyof T]: Iso<T[K]> }
      : T;

function iso<T>(v: T): Iso<T> {
  if (v instanceof Date) return v.toISOString() as Iso<T>;
  if (Array.isArray(v)) return v.map(iso) as Iso<T>;
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, iso(x)])) as Iso<T>;
  return v as Iso<T>;
}

/**
 * Runs `fn` on the uploaded body saved as a file named as the client named it (so messages name the
 * client's file, never a temporary path), in a folder of its own removed afterwards.
 */
async function withUpload<T>(body: unknown, fileName: string, fn: (file: string) => Promise<T>): Promise<T> {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new AppError(
      'bad_request',
      'send the list (CSV or .xlsx) as the body, with content-type text/csv or application/octet-stream',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-exchange-upload-'));
  try {
    const file = path.join(dir, path.basename(fileName));
    fs.writeFileSync(file, body);
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** /api/v1/exchanges and /api/v1/enemy-pows: exchanges, their lists, verification, reconciliation. */
export function exchangesRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: LIST_BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    const audit = (request: { ip: string }) => ({ address: request.ip });

    app.get(
      '/exchanges',
      {
        config: { permission: 'exchange:read' },
        schema: { tags: ['exchanges'], summary: 'Exchanges', response: { 200: ZExchangeListResponseSchema } },
      },
      async (request) => ({ items: iso(await listExchanges(database, principalOf(request))) }),
    );

    app.post(
      '/exchanges',
      {
        config: { permission: 'exchange:manage' },
        schema: {
          tags: ['exchanges'],
          summary: 'Create an exchange',
          body: ZCreateExchangeRequestSchema,
          response: { 201: ZExchangeSchema, 400: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const x = await createExchange(database, principalOf(request), request.body, audit(request));
        return reply.code(201).send(iso(x));
      },
    );

    app.get(
      '/exchanges/:id',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'An exchange with its list versions and reconciliation',
          params: ZExchangeIdParamsSchema,
          response: { 200: ZExchangeDetailSchema, 404: ZErrorSchema },
        },
      },
      async (request) => iso(await exchangeDetail(database, principalOf(request), request.params.id)),
    );

    app.post(
      '/exchanges/:id/lists/:side',
      {
        config: { permission: 'exchange:manage' },
        bodyLimit: LIST_BODY_LIMIT,
        schema: {
          tags: ['exchanges'],
          summary:
            "Add a version of one side's list (the CSV or .xlsx file as the body); each entry is linked",
          params: ZSideParamsSchema,
          querystring: ZUploadQuerySchema,
          response: {
            201: ZAddVersionResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            415: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const r = await withUpload(request.body, request.query.file_name, (file) =>
          addListVersion(
            database,
            principalOf(request),
            request.params.id,
            request.params.side,
            file,
            audit(request),
          ),
        );
        return reply.code(201).send(r);
      },
    );

    app.get(
      '/exchanges/:id/lists/:side',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'The verification board: the entries of a list version with their state',
          params: ZSideParamsSchema,
          querystring: ZBoardQuerySchema,
          response: { 200: ZBoardResponseSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        iso(
          await listBoard(
            database,
            principalOf(request),
            request.params.id,
            request.params.side,
            request.query.version,
            audit(request),
          ),
        ),
    );

    app.get(
      '/exchanges/:id/lists/:side/versions/:version/diff',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'What a version changed against the one before it',
          params: ZVersionParamsSchema,
          response: { 200: ZDiffResponseSchema, 404: ZErrorSchema },
        },
      },
      async (request) =>
        versionDiff(
          database,
          principalOf(request),
          request.params.id,
          request.params.side,
          request.params.version,
        ),
    );

    app.get(
      '/exchanges/:id/lists/:side/export',
      {
        config: { permission: 'exchange:manage' },
        schema: {
          tags: ['exchanges'],
          summary: 'A list version for the mediators, CSV or .xlsx, names in Cyrillic and Latin',
          params: ZSideParamsSchema,
          querystring: ZExportQuerySchema,
          response: { 200: z.any(), 404: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const r = await exportList(
          database,
          principalOf(request),
          request.params.id,
          request.params.side,
          request.query.format,
          request.query.version,
          audit(request),
        );
        return reply
          .type(request.query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${r.file_name}"`)
          .send(r.body);
      },
    );

    app.post(
      '/exchanges/:id/lists/:side/entries/:externalId/verify',
      {
        config: { permission: 'exchange:manage' },
        schema: {
          tags: ['exchanges'],
          summary: 'Move an entry on the verification board (who decided and why are recorded)',
          params: ZEntryParamsSchema,
          body: ZVerifyRequestSchema,
          response: { 200: ZBoardEntrySchema, 400: ZErrorSchema, 404: ZErrorSchema, 409: ZErrorSchema },
        },
      },
      async (request) =>
        iso(
          await verifyEntry(
            database,
            principalOf(request),
            request.params.id,
            request.params.side,
            request.params.externalId,
            request.body,
            audit(request),
          ),
        ),
    );

    app.post(
      '/exchanges/:id/reconciliation',
      {
        config: { permission: 'exchange:manage' },
        bodyLimit: LIST_BODY_LIMIT,
        schema: {
          tags: ['exchanges'],
          summary:
            'Reconcile who crossed (the CSV or .xlsx file as the body); the same file again changes nothing',
          params: ZExchangeIdParamsSchema,
          querystring: ZUploadQuerySchema,
          response: {
            200: ZReconcileResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request) =>
        withUpload(request.body, request.query.file_name, (file) =>
          reconcileExchange(database, principalOf(request), request.params.id, file, audit(request)),
        ),
    );

    app.get(
      '/exchanges/:id/reconciliation',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'The reconciliation report',
          params: ZExchangeIdParamsSchema,
          response: { 200: ZReconciliationReportSchema, 404: ZErrorSchema },
        },
      },
      async (request) => iso(await reconciliationReport(database, principalOf(request), request.params.id)),
    );

    app.get(
      '/exchanges/:id/planning',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'Pools, gaps (ours held but on no list) and the N-for-N order',
          params: ZExchangeIdParamsSchema,
          response: { 200: ZPlanningResponseSchema, 404: ZErrorSchema },
        },
      },
      async (request) => exchangePlanning(database, principalOf(request), request.params.id, audit(request)),
    );

    app.get(
      '/exchanges/:id/figures',
      {
        config: { permission: 'exchange:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'Figures of a reconciled exchange (generated, aggregates only)',
          params: ZExchangeIdParamsSchema,
          response: { 200: ZFiguresResponseSchema, 404: ZErrorSchema },
        },
      },
      async (request) => exchangeFigures(database, principalOf(request), request.params.id),
    );

    app.get(
      '/enemy-pows',
      {
        config: { permission: 'enemy_pow:read' },
        schema: {
          tags: ['exchanges'],
          summary: 'The register of enemy prisoners held (GC III Art. 122)',
          response: { 200: ZEnemyPowListSchema },
        },
      },
      async (request) => ({ items: await listEnemyPows(database, principalOf(request), audit(request)) }),
    );

    app.post(
      '/enemy-pows',
      {
        config: { permission: 'enemy_pow:manage' },
        bodyLimit: LIST_BODY_LIMIT,
        schema: {
          tags: ['exchanges'],
          summary: 'Add prisoners to the register from a CSV or .xlsx file (the body); idempotent',
          querystring: ZUploadQuerySchema,
          response: { 200: ZEnemyPowImportResponseSchema, 400: ZErrorSchema },
        },
      },
      async (request) =>
        withUpload(request.body, request.query.file_name, (file) =>
          importEnemyPows(database, principalOf(request), file, audit(request)),
        ),
    );

    app.post(
      '/exchanges/:id/handover',
      {
        config: { permission: 'exchange:manage' },
        bodyLimit: LIST_BODY_LIMIT,
        schema: {
          tags: ['exchanges'],
          summary:
            "Record whom of their side we handed over: the other side's list of who crossed as the body (CSV or .xlsx), or no body for every entry agreed on the board",
          params: ZExchangeIdParamsSchema,
          querystring: ZUploadQuerySchema,
          response: {
            200: ZHandoverResponseSchema,
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request) =>
        Buffer.isBuffer(request.body) && request.body.length > 0
          ? withUpload(request.body, request.query.file_name, (file) =>
              handOver(database, principalOf(request), request.params.id, file, audit(request)),
            )
          : handOver(database, principalOf(request), request.params.id, null, audit(request)),
    );

    app.get(
      '/enemy-pows/export',
      {
        config: { permission: 'enemy_pow:export' },
        schema: {
          tags: ['exchanges'],
          summary:
            'The register of enemy prisoners held for the ICRC (GC III Art. 122-123): the Art. 122(4) fields, names in Cyrillic and Latin, CSV or .xlsx; audited',
          querystring: ZRegisterExportQuerySchema,
          response: { 200: z.any() },
        },
      },
      async (request, reply) => {
        const r = await exportRegister(database, principalOf(request), request.query.format, audit(request));
        return reply
          .type(request.query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${r.file_name}"`)
          .send(r.body);
      },
    );

    app.post(
      '/exchanges/:id/lists/ours/generate',
      {
        config: { permission: 'exchange:manage' },
        schema: {
          tags: ['exchanges'],
          summary:
            'All for all of named categories: the complete list of those categories from the pool of our people held, as a new version of our list',
          params: ZExchangeIdParamsSchema,
          response: {
            201: z.object({ version: z.number(), version_id: z.uuid(), rows: z.number() }),
            400: ZErrorSchema,
            404: ZErrorSchema,
            409: ZErrorSchema,
          },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await generateCategoryList(database, principalOf(request), request.params.id, audit(request)),
          ),
    );
  };
}
