import { FIELDS } from '@homecoming/linkage';
import { z } from 'zod';
import { ZRecordSchema } from '../records/schemas.js';
import { ZPersonSummarySchema } from '../persons/schemas.js';

/** A review pair's id in the API: a random UUID (migration 0006), never the sequential key. */
const PAIR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One field's part in a score: its level and its weight in log2 Bayes-factor units. */
export const ZContributionSchema = z.object({
  field: z.enum(FIELDS),
  level: z.string(),
  weight: z.number(),
});
export type TContribution = z.infer<typeof ZContributionSchema>;

/** One side of a review pair: the person as GET /persons/:id shows it, and its records. */
export const ZReviewSideSchema = z.object({
  person_id: z.uuid(),
  person: ZPersonSummarySchema,
  records: z.array(ZRecordSchema),
});
export type TReviewSide = z.infer<typeof ZReviewSideSchema>;

/** A pending candidate pair of persons, both sides and the explanation (Σ weight + prior = score). */
export const ZReviewPairSchema = z.object({
  id: z.string(),
  score: z.number(),
  created_at: z.string(),
  model_version: z.string(),
  left: ZReviewSideSchema,
  right: ZReviewSideSchema,
  explanation: z.array(ZContributionSchema),
  /** How much deciding the pair changes: higher first (2: answers someone whose whereabouts are unknown). */
  priority: z.number(),
  /** Why the pair is in the queue; null for pairs queued before migration 0008. */
  reason: z.string().nullable(),
});
export type TReviewPair = z.infer<typeof ZReviewPairSchema>;

export const ZListReviewPairsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z
    .string()
    .regex(PAIR_ID, 'a pair id')
    .optional()
    .describe('the id of the last pair of the previous page'),
});
export type TListReviewPairsQuery = z.infer<typeof ZListReviewPairsQuerySchema>;

export const ZListReviewPairsResponseSchema = z.object({
  items: z.array(ZReviewPairSchema).describe('pending pairs, highest score first (ties: oldest first)'),
  next_after: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
  total: z.number().int().describe('pending pairs the reviewer may see, in all'),
  thresholds: z
    .object({
      auto: z.number(),
      review: z.number(),
      queue: z
        .number()
        .optional()
        .describe('the import and `dedupe` queue a pair for review from this score up'),
    })
    .describe(
      'the current model: a score at or above `auto` links at once; from `review` up, a pair waits here',
    ),
});
export type TListReviewPairsResponse = z.infer<typeof ZListReviewPairsResponseSchema>;

export const ZPairIdParamsSchema = z.object({ id: z.string().regex(PAIR_ID, 'a pair id') });

export const ZReviewDecisionRequestSchema = z
  .strictObject({ reason: z.string().trim().max(2000).optional() })
  .nullish();
export type TReviewDecisionRequest = z.infer<typeof ZReviewDecisionRequestSchema>;

export const ZAcceptPairResponseSchema = z.object({
  person_id: z.uuid().describe('the surviving person (the older of the two)'),
});
export const ZRejectPairResponseSchema = z.object({});

export const ZSplitPersonRequestSchema = z.strictObject({
  record_ids: z.array(z.uuid()).min(1).max(1000),
  reason: z.string().trim().min(1).max(2000),
});
export type TSplitPersonRequest = z.infer<typeof ZSplitPersonRequestSchema>;
export const ZSplitPersonResponseSchema = z.object({
  person_id: z.uuid().describe('the new person holding record_ids'),
});

/** One link decision of a person's records: automatic (score, model) or human (who, why). */
export const ZPersonLinkSchema = z.object({
  record_id: z.uuid(),
  kind: z.enum(['auto', 'human']),
  score: z.number().nullable(),
  model_version: z.string().nullable(),
  decided_by: z.string(),
  reason: z.string().nullable(),
  created_at: z.string(),
  ended_at: z.string().nullable(),
});
export const ZPersonLinksResponseSchema = z.object({ items: z.array(ZPersonLinkSchema) });
export type TPersonLinksResponse = z.infer<typeof ZPersonLinksResponseSchema>;
