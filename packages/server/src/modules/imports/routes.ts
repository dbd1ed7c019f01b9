import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { principalOf } from '../../http/access.js';
import { ZErrorSchema } from '../../http/errorSchema.js';
import {
  ZImportIdParamsSchema,
  ZImportPreviewSchema,
  ZPreviewQuerySchema,
  ZImportJobSchema,
  ZStartImportQuerySchema,
  ZStartImportResponseSchema,
} from './schemas.js';
import { IMPORT_BODY_LIMIT, type ImportJobs } from './service.js';

const CSV_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
/** How long a refused upload's connection may linger, draining, after the answer. */
const REFUSED_UPLOAD_LINGER_MS = 5_000;

/** /api/v1/imports: upload a canonical CSV, follow its progress, read its rejects report. */
export function importsRoutes(jobs: ImportJobs): FastifyPluginAsyncZod {
  return async (app) => {
    // The CSV body streams to a file as it arrives, never whole into memory; `receive` enforces the limit.
    app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));

    app.post(
      '/imports',
      {
        config: { permission: 'import:run' },
        bodyLimit: jobs.limit,
        schema: {
          tags: ['imports'],
          summary: `Start importing a list: CSV in any office dialect, or .xlsx (the body, at most HOMECOMING_IMPORT_BODY_LIMIT bytes: ${IMPORT_BODY_LIMIT} by default)`,
          querystring: ZStartImportQuerySchema,
          response: {
            202: ZStartImportResponseSchema,
            400: ZErrorSchema,
            413: ZErrorSchema,
            415: ZErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!CSV_TYPES.includes(type)) {
          throw new AppError(
            'unsupported_media_type',
            'send the CSV or .xlsx file as the body, with content-type text/csv or application/octet-stream',
          );
        }
        // Taken now: a refused upload's request stream is destroyed and lets go of its socket.
        const socket = request.raw.socket;
        let upload: string;
        try {
          upload = await jobs.receive(request.body as Readable);
        } catch (err) {
          // The rest of a refused body is never read, so the connection cannot carry another request:
          // close it once the answer is out. Left open, it stays half-closed (CLOSE-WAIT) after the
          // client hangs up, and holds up the server's shutdown.
          reply.header('connection', 'close');
          // Node's server destroys a `Connection: close` socket as soon as the answer is written
          // (destroySoon), with the rest of the upload still arriving: a reset, which a client still
          // sending meets as EPIPE before it has read the 413. Only end it here (a FIN after the answer).
          socket.destroySoon = () => socket.end();
          reply.raw.once('finish', () => {
            // Read and drop what the client still sends (closing with unread data would reset the
            // connection before the client reads the answer), then close within a few seconds.
            socket.resume();
            socket.end();
            setTimeout(() => socket.destroy(), REFUSED_UPLOAD_LINGER_MS).unref();
          });
          throw err;
        }
        const id = await jobs.start(principalOf(request), upload, request.query);
        return reply.code(202).header('location', `/api/v1/imports/${id}`).send({ id });
      },
    );

    app.post(
      '/imports/preview',
      {
        config: { permission: 'import:run' },
        bodyLimit: jobs.limit,
        schema: {
          tags: ['imports'],
          summary:
            'How a CSV or .xlsx file would be read (encoding, delimiter, sheet, header language, column → field, the first rows), with the mapping remembered for its source; writes nothing. A CSV may be sent cut after its first 64 KB.',
          querystring: ZPreviewQuerySchema,
          response: { 200: ZImportPreviewSchema, 400: ZErrorSchema, 413: ZErrorSchema, 415: ZErrorSchema },
        },
      },
      async (request) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!CSV_TYPES.includes(type)) {
          throw new AppError(
            'unsupported_media_type',
            'send the CSV or .xlsx file as the body, with content-type text/csv or application/octet-stream',
          );
        }
        const upload = await jobs.receive(request.body as Readable);
        return jobs.preview(principalOf(request), upload, request.query);
      },
    );

    app.get(
      '/imports/:id',
      {
        config: { permission: 'import:run' },
        schema: {
          tags: ['imports'],
          summary: 'Where an import stands',
          params: ZImportIdParamsSchema,
          response: { 200: ZImportJobSchema, 404: ZErrorSchema },
        },
      },
      async (request) => jobs.get(principalOf(request), request.params.id),
    );

    app.get(
      '/imports/:id/rejects',
      {
        config: { permission: 'import:run' },
        schema: {
          tags: ['imports'],
          summary: 'The rejects report: line, external_id, column, reason',
          params: ZImportIdParamsSchema,
          response: { 200: z.any(), 404: ZErrorSchema },
        },
      },
      async (request, reply) => {
        const stream = await jobs.rejects(principalOf(request), request.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${request.params.id}-rejects.csv"`)
          .send(stream);
      },
    );
  };
}
