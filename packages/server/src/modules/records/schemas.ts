import { z } from 'zod';
import { CATEGORIES, RELIABILITY_GRADES, SEXES, SOURCE_TYPES, STATUSES } from '../registry/vocabulary.js';

/** A record as it leaves the server, with its provenance. */
export const ZRecordSchema = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  external_id: z.string(),
  source: z.object({
    id: z.number().int(),
    name: z.string(),
    type: z.enum(SOURCE_TYPES),
  }),
  category: z.enum(CATEGORIES).nullable(),
  family_name: z.string().nullable(),
  given_name: z.string().nullable(),
  patronymic: z.string().nullable(),
  sex: z.enum(SEXES).nullable(),
  birth_date: z.string().nullable(),
  place_of_birth: z.string().nullable(),
  status: z.enum(STATUSES).nullable(),
  unit: z.string().nullable(),
  service_number: z.string().nullable(),
  military_rank: z.string().nullable(),
  marks: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  source_ref: z.string().nullable(),
  source_date: z.string().nullable(),
  reliability: z.enum(RELIABILITY_GRADES),
  entered_by: z.string(),
  created_at: z.string(),
});
export type TRecord = z.infer<typeof ZRecordSchema>;

const text = (max: number) => z.string().max(max);

/**
 * Creating a record. Shapes are checked here; meaning (real dates, known categories, a name present)
 * by validateRecordFields, the same rules as the CSV import.
 */
export const ZCreateRecordRequestSchema = z.strictObject({
  source: z.string().trim().min(1).max(200).describe('name of the source; created if new'),
  source_type: z.enum(SOURCE_TYPES).default('other').describe('type of the source, when it is new'),
  external_id: text(200).optional().describe("the source's own id for this record; generated if absent"),
  category: text(40).optional(),
  family_name: text(200).optional(),
  given_name: text(200).optional(),
  patronymic: text(200).optional(),
  sex: text(20).optional(),
  birth_date: text(40).optional().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
  status: text(40).optional(),
  unit: text(200).optional(),
  service_number: text(100).optional(),
  place_of_birth: text(200).optional(),
  military_rank: text(100).optional(),
  marks: text(2000).optional(),
  source_ref: text(200).optional(),
  source_date: text(40).optional().describe('YYYY-MM-DD: when the source made this assertion'),
  reliability: z.enum(RELIABILITY_GRADES).optional(),
  attributes: z.record(z.string().max(100), text(2000)).optional(),
  person_id: z.uuid().optional().describe('attach to this person (a human link) instead of a new person'),
});
export type TCreateRecordRequest = z.infer<typeof ZCreateRecordRequestSchema>;

export const ZCreateRecordResponseSchema = z.object({ record: ZRecordSchema, person_id: z.uuid() });
export type TCreateRecordResponse = z.infer<typeof ZCreateRecordResponseSchema>;

export const ZRecordIdParamsSchema = z.object({ id: z.uuid() });
