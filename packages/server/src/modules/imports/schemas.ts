import { z } from 'zod';
import { RELIABILITY_GRADES, SOURCE_TYPES } from '../registry/vocabulary.js';

/** Starting an import over HTTP: the CSV is the request body; these say where its rows come from. */
export const ZStartImportQuerySchema = z.object({
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('source name for rows whose `source` cell is empty (or when the file has no such column)'),
  source_type: z.enum(SOURCE_TYPES).optional().describe('type given to sources this import creates'),
  reliability: z.enum(RELIABILITY_GRADES).optional().describe('grade given to sources this import creates'),
});
export type TStartImportQuery = z.infer<typeof ZStartImportQuerySchema>;

export const ZStartImportResponseSchema = z.object({ id: z.uuid() });

export const IMPORT_STATES = ['running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** Where an HTTP import stands. */
export const ZImportJobSchema = z.object({
  id: z.uuid(),
  state: z.enum(IMPORT_STATES),
  bytes_read: z.number().int(),
  bytes_total: z.number().int(),
  lines_read: z.number().int().describe('data rows read so far'),
  records_written: z.number().int(),
  unchanged: z.number().int().describe('rows whose record already existed'),
  rejected: z.number().int(),
  resumed: z.number().int().describe('rows committed by an earlier, interrupted run of the same file'),
  linked: z.number().int().describe('written records linked at once to a person already known'),
  possible: z
    .number()
    .int()
    .describe('written records whose new person has a possible match queued for review'),
  has_rejects: z.boolean().describe('whether GET …/rejects has a report'),
  error: z.string().nullable().describe('why the import failed or stopped early'),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type TImportJob = z.infer<typeof ZImportJobSchema>;

export const ZImportIdParamsSchema = z.object({ id: z.uuid() });
