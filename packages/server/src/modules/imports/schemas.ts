import { z } from 'zod';
import { RELIABILITY_GRADES, SOURCE_TYPES } from '../registry/vocabulary.js';
import { ENCODINGS } from './detect.js';
import { MAPPABLE_FIELDS } from './mapColumns.js';

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
  encoding: z
    .enum(ENCODINGS)
    .optional()
    .describe(
      'text encoding of a CSV body (default: detected: UTF-8 with or without BOM, windows-1251, koi8-u)',
    ),
  delimiter: z
    .enum([',', ';', 'tab', '|'])
    .optional()
    .describe('delimiter of a CSV body (default: detected)'),
  sheet: z.string().trim().min(1).max(100).optional().describe('sheet of an .xlsx body, by name or number'),
  map: z
    .string()
    .max(2000)
    .optional()
    .describe('which column is which field, overriding the headers: `Column=field,Other=field`'),
  remember_map: z
    .enum(['true', 'false'])
    .optional()
    .describe('with `source` and `map`: remember this mapping for the next file of that source'),
});
export type TStartImportQuery = z.infer<typeof ZStartImportQuerySchema>;

export const ZStartImportResponseSchema = z.object({ id: z.uuid() });

export const IMPORT_STATES = ['running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** How an import read its file: format, encoding, delimiter, line ends, sheet, and each column's field. */
export const ZDetectedSchema = z.object({
  format: z.enum(['csv', 'xlsx', 'pfif']),
  pfifVersion: z.string().optional(),
  pfifNotesWithoutPerson: z
    .number()
    .int()
    .optional()
    .describe('PFIF notes about persons neither the file nor the registry holds (not applied)'),
  pfifNotesApplied: z
    .number()
    .int()
    .optional()
    .describe('PFIF notes about persons held from earlier files of the sender, applied as status events'),
  encoding: z.string().optional(),
  encodingReason: z.string().optional(),
  delimiter: z.string().optional(),
  lineEnds: z.string().optional(),
  sheet: z.string().optional(),
  columns: z.array(z.object({ column: z.string(), field: z.string(), by: z.string() })),
});

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
  same_file_imported_at: z
    .string()
    .nullable()
    .describe(
      'when the same file (by its SHA-256) was last imported to its end by this organisation, or null: information only, the import goes on (its rows already there count unchanged)',
    ),
  linked: z.number().int().describe('written records linked at once to a person already known'),
  possible: z
    .number()
    .int()
    .describe(
      'written records whose new person has a possible match (from the review threshold up, below linking); the likeliest of them are queued for review (at most ~2% of the records written), the rest stay apart for `dedupe` and lists',
    ),
  has_rejects: z.boolean().describe('whether GET …/rejects has a report'),
  error: z.string().nullable().describe('why the import failed or stopped early'),
  detected: ZDetectedSchema.nullable().describe('how the file was read, once the import has finished'),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type TImportJob = z.infer<typeof ZImportJobSchema>;

export const ZImportIdParamsSchema = z.object({ id: z.uuid() });

/** `POST /imports/preview`: how the file would be read, before anything is written. */
export const ZPreviewQuerySchema = ZStartImportQuerySchema.pick({
  source: true,
  encoding: true,
  delimiter: true,
  sheet: true,
  map: true,
});
export type TPreviewQuery = z.infer<typeof ZPreviewQuerySchema>;

export const ZImportPreviewSchema = z.object({
  detected: ZDetectedSchema.omit({ columns: true }),
  header_language: z.enum(['uk', 'ru', 'en', 'mixed', 'unknown']),
  columns: z.array(
    z.object({
      column: z.string(),
      field: z.enum(MAPPABLE_FIELDS),
      by: z.enum(['header', 'saved', 'map', 'unrecognised']),
    }),
  ),
  rows: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
  saved_mapping: z.boolean().describe('whether the mapping remembered for this source was applied'),
});
export type TImportPreview = z.infer<typeof ZImportPreviewSchema>;
