import { z } from 'zod';
import { DEFAULT_THRESHOLD, DISCLOSURE_METHODS } from './disclosure.js';

const ZTitleSchema = z.object({ uk: z.string(), en: z.string() });

/** A row of a public table: its dimension values (a value or `total`), the count or null, suppressed. */
export const ZPublicRowSchema = z
  .object({ count: z.number().int().nullable(), suppressed: z.boolean() })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const ZPublicTableSchema = z.object({
  id: z.string(),
  title: ZTitleSchema,
  dimensions: z.array(z.string()),
  rows: z.array(ZPublicRowSchema),
});
export type TPublicTable = z.infer<typeof ZPublicTableSchema>;

/** A published release as the public sees it (GET /api/v1/public/statistics[/{release_id}]). */
export const ZPublicReleaseSchema = z.object({
  release_id: z.number().int(),
  as_of: z.string(),
  published_at: z.string(),
  threshold: z.number().int(),
  method: z.enum(DISCLOSURE_METHODS),
  corrects: z.number().int().nullable(),
  correction_note: z.string().nullable(),
  methodology: ZTitleSchema,
  tables: z.array(ZPublicTableSchema),
  /** SHA-256 of the canonical JSON (keys sorted, no spaces) of this object without `content_hash`. */
  content_hash: z.string(),
});
export type TPublicRelease = z.infer<typeof ZPublicReleaseSchema>;

export const ZPublicReleaseListSchema = z.object({
  releases: z.array(
    z.object({
      release_id: z.number().int(),
      as_of: z.string(),
      published_at: z.string(),
      corrects: z.number().int().nullable(),
      content_hash: z.string(),
    }),
  ),
});
export type TPublicReleaseList = z.infer<typeof ZPublicReleaseListSchema>;

export const ZReleaseNumberParamsSchema = z.object({
  release_id: z.coerce.number().int().min(1).max(2_147_483_647),
});
export const ZReleaseCsvParamsSchema = ZReleaseNumberParamsSchema.extend({
  table_id: z.string().regex(/^[a-z_]{1,64}$/, 'a table id'),
});

/** Building a draft release. */
export const ZCreateReleaseRequestSchema = z
  .object({
    threshold: z.number().int().min(1).max(1000).default(DEFAULT_THRESHOLD),
    method: z.enum(DISCLOSURE_METHODS).default('suppression'),
    /** Include the per-exchange figures (returned by category, service, age band, time in captivity). */
    exchange_figures: z.boolean().default(false),
    /** The published release this one corrects; then `correction_note` says what it corrects. */
    corrects: z.number().int().min(1).optional(),
    correction_note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((b) => (b.corrects === undefined) === (b.correction_note === undefined), {
    message: 'corrects and correction_note go together',
    path: ['correction_note'],
  });
export type TCreateReleaseRequest = z.input<typeof ZCreateReleaseRequestSchema>;

export const ZReleaseIdParamsSchema = z.object({ id: z.uuid() });

export const ZReviewCellSchema = z.object({
  cell: z.string(),
  tables: z.array(z.string()),
  count: z.number().int(),
  reason: z.union([
    z.object({ kind: z.literal('below_threshold') }),
    z.object({ kind: z.literal('complementary'), protects: z.string(), relation: z.string() }),
  ]),
});

/** A release as its publisher sees it: state, tables, and every hidden cell with its count and why. */
export const ZReleaseSchema = z.object({
  id: z.string(),
  release_id: z.number().int().nullable(),
  state: z.enum(['draft', 'reviewed', 'published', 'discarded']),
  threshold: z.number().int(),
  method: z.enum(DISCLOSURE_METHODS),
  as_of: z.string(),
  corrects: z.number().int().nullable(),
  correction_note: z.string().nullable(),
  content_hash: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  reviewed_at: z.string().nullable(),
  published_at: z.string().nullable(),
  tables: z.array(ZPublicTableSchema).optional(),
  review: z.array(ZReviewCellSchema).optional(),
});
export type TRelease = z.infer<typeof ZReleaseSchema>;
export const ZReleaseListSchema = z.object({ releases: z.array(ZReleaseSchema) });
