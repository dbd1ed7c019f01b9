import { z } from 'zod';
import { CATEGORIES, SEXES, STATUSES } from '../registry/vocabulary.js';
import { ZEventSchema } from '../events/schemas.js';
import { ZRecordSchema } from '../records/schemas.js';

export const ZNameFormSchema = z.object({
  family_name: z.string().nullable(),
  given_name: z.string().nullable(),
  patronymic: z.string().nullable(),
  script: z.string(),
  records: z.number().int(),
});

/** A person's derived best view, as lists show it. */
export const ZPersonSummarySchema = z.object({
  id: z.uuid(),
  family_name: z.string().nullable(),
  given_name: z.string().nullable(),
  patronymic: z.string().nullable(),
  names: z.array(ZNameFormSchema),
  sex: z.enum(SEXES).nullable(),
  birth_date: z.string().nullable(),
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  record_count: z.number().int(),
  withheld: z.boolean().describe('GC IV Art. 137: withheld from everyone without person:read_withheld'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TPersonSummary = z.infer<typeof ZPersonSummarySchema>;

/** One person's file: best view, the event that set the status, all records and events. */
export const ZPersonDetailSchema = ZPersonSummarySchema.extend({
  status_event: ZEventSchema.nullable(),
  records: z.array(ZRecordSchema),
  events: z.array(ZEventSchema),
});
export type TPersonDetail = z.infer<typeof ZPersonDetailSchema>;

export const ZListPersonsQuerySchema = z.object({
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.uuid().optional().describe('the id of the last person of the previous page'),
});
export type TListPersonsQuery = z.infer<typeof ZListPersonsQuerySchema>;

export const ZListPersonsResponseSchema = z.object({
  items: z.array(ZPersonSummarySchema),
  next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
});
export type TListPersonsResponse = z.infer<typeof ZListPersonsResponseSchema>;

export const ZPersonIdParamsSchema = z.object({ id: z.uuid() });

export const ZWithholdRequestSchema = z.strictObject({
  withheld: z.boolean(),
});
export const ZWithholdResponseSchema = z.object({ id: z.uuid(), withheld: z.boolean() });
