import { z } from 'zod';
import { DATE_FORMS, parsePartialDate } from '../registry/dates.js';
import { ENTRY_CATEGORIES } from './lists.js';
import { FORMULAS, NOT_CROSSED_REASONS, OUTCOMES, SIDES, STATES } from './repo.js';

const ZFullDateSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const d = parsePartialDate(value);
    if (typeof d === 'string' || d.day === null) {
      ctx.addIssue({ code: 'custom', message: typeof d === 'string' ? d : 'a full date is needed' });
      return z.NEVER;
    }
    return d.text;
  })
  .describe(DATE_FORMS);

const ZTimestamp = z.string();

export const ZExchangeIdParamsSchema = z.object({ id: z.uuid() });
export const ZSideParamsSchema = z.object({ id: z.uuid(), side: z.enum(SIDES) });
export const ZVersionParamsSchema = z.object({
  id: z.uuid(),
  side: z.enum(SIDES),
  version: z.coerce.number().int().min(1).max(100_000),
});
export const ZEntryParamsSchema = z.object({
  id: z.uuid(),
  side: z.enum(SIDES),
  externalId: z.string().min(1).max(200),
});

export const ZCreateExchangeRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  held_on: ZFullDateSchema.optional(),
  formula: z.enum(FORMULAS).default('n_for_n'),
  formula_categories: z.array(z.enum(ENTRY_CATEGORIES)).max(10).optional(),
  mediators: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
});
export type TCreateExchangeRequest = z.infer<typeof ZCreateExchangeRequestSchema>;

export const ZExchangeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  held_on: z.string().nullable(),
  formula: z.enum(FORMULAS),
  formula_categories: z.array(z.string()),
  mediators: z.array(z.string()),
  created_by: z.string(),
  created_at: ZTimestamp,
});
export const ZExchangeListResponseSchema = z.object({ items: z.array(ZExchangeSchema) });

export const ZExchangeDetailSchema = ZExchangeSchema.extend({
  versions: z.array(
    z.object({
      id: z.uuid(),
      side: z.enum(SIDES),
      version: z.number(),
      rows: z.number(),
      file_name: z.string(),
      created_by: z.string(),
      created_at: ZTimestamp,
    }),
  ),
  reconciliation: z
    .object({ file_name: z.string(), created_at: ZTimestamp, counts: z.record(z.string(), z.number()) })
    .nullable(),
});

export const ZUploadQuerySchema = z.object({
  file_name: z
    .string()
    .max(120)
    .regex(/^[\p{L}\p{N} ._()-]+$/u, 'letters, digits, spaces and ._()- only')
    .default('list.csv'),
});

/** A person shown beside a possible entry's best: within two bits of it, from review up, no hard conflict. */
export const ZEntryAlternativeSchema = z.object({ person_id: z.uuid(), score: z.number() });
export const ZListLineSchema = z.object({
  external_id: z.string(),
  decision: z.enum(['match', 'possible', 'none']),
  person_id: z.uuid().nullable(),
  score: z.number().nullable(),
  already_returned_in: z.uuid().optional(),
  alternatives: z.array(ZEntryAlternativeSchema).optional(),
  same_person_as: z.array(z.string()).optional(),
});
export const ZAddVersionResponseSchema = z.object({
  version: z.number(),
  version_id: z.uuid(),
  lines: z.array(ZListLineSchema),
});

export const ZBoardEntrySchema = z.object({
  external_id: z.string(),
  line: z.number(),
  family_name: z.string().nullable(),
  given_name: z.string().nullable(),
  patronymic: z.string().nullable(),
  birth_date: z.string().nullable(),
  categories: z.array(z.string()),
  decision: z.enum(['match', 'possible', 'none']),
  person_id: z.uuid().nullable(),
  pow_id: z.uuid().nullable(),
  score: z.number().nullable(),
  state: z.enum(STATES),
  reason: z.enum(NOT_CROSSED_REASONS).nullable(),
  decided_by: z.string().nullable(),
  decided_at: ZTimestamp.nullable(),
  evidence: z.string().nullable(),
  note: z.string().nullable(),
  alternatives: z.array(ZEntryAlternativeSchema).optional(),
});
export const ZBoardResponseSchema = z.object({
  exchange_id: z.uuid(),
  side: z.enum(SIDES),
  version: z.number(),
  entries: z.array(ZBoardEntrySchema),
});
export const ZBoardQuerySchema = z.object({
  version: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const ZDiffResponseSchema = z.object({
  exchange_id: z.uuid(),
  side: z.enum(SIDES),
  version: z.number(),
  previous: z.number().nullable(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ external_id: z.string(), fields: z.array(z.string()) })),
});

export const ZVerifyRequestSchema = z.strictObject({
  state: z.enum(STATES),
  reason: z.enum(NOT_CROSSED_REASONS).optional(),
  evidence: z.string().trim().min(1).max(2000).optional(),
  note: z.string().trim().min(1).max(2000).optional(),
  person_id: z.uuid().optional(),
});
export type TVerifyRequest = z.infer<typeof ZVerifyRequestSchema>;

export const ZReconcileLineSchema = z.object({
  external_id: z.string().optional(),
  outcome: z.enum(OUTCOMES),
  person_id: z.uuid().nullable(),
  entry_external_id: z.string().nullable(),
  problem: z.string().optional(),
});
export const ZReconcileResponseSchema = z.object({
  repeated: z.boolean(),
  lines: z.array(ZReconcileLineSchema),
});
export const ZReconciliationReportSchema = z.object({
  exchange_id: z.uuid(),
  file_name: z.string(),
  created_at: ZTimestamp,
  counts: z.record(z.string(), z.number()),
  rows: z.array(ZReconcileLineSchema.extend({ line: z.number().nullable(), score: z.number().nullable() })),
});

export const ZExportQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  version: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const ZPlanningResponseSchema = z.object({
  exchange_id: z.uuid(),
  formula: z.enum(FORMULAS),
  pools: z.object({ ours: z.record(z.string(), z.number()), theirs_held: z.number() }),
  list_version: z.number().nullable(),
  gaps: z.array(
    z.object({
      id: z.uuid(),
      family_name: z.string().nullable(),
      given_name: z.string().nullable(),
      patronymic: z.string().nullable(),
      birth_date: z.string().nullable(),
      category: z.string(),
      status: z.string(),
      captivity_since: z.string().nullable(),
    }),
  ),
  order: z.array(
    z.object({
      rank: z.number(),
      external_id: z.string(),
      person_id: z.uuid().nullable(),
      seriously_wounded_sick: z.boolean(),
      captivity_since: z.string().nullable(),
    }),
  ),
});

export const ZFiguresResponseSchema = z.object({
  exchange_id: z.uuid(),
  held_on: z.string(),
  outcomes: z.record(z.string(), z.number()),
  returned_total: z.number(),
  by_category: z.record(z.string(), z.number()),
  military: z.number(),
  civilian: z.number(),
  officers: z.number(),
  by_entry_category: z.record(z.string(), z.number()),
  youngest_age: z.number().nullable(),
  oldest_age: z.number().nullable(),
  days_in_captivity: z
    .object({ known: z.number(), min: z.number(), median: z.number(), max: z.number() })
    .nullable(),
});

export const ZEnemyPowListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      external_id: z.string(),
      family_name: z.string().nullable(),
      given_name: z.string().nullable(),
      patronymic: z.string().nullable(),
      birth_date: z.string().nullable(),
      military_rank: z.string().nullable(),
      state: z.string(),
      captured_on: z.string().nullable(),
      internment_place: z.string().nullable(),
      health: z.string().nullable(),
      capture_card_sent_on: z.string().nullable(),
      capture_card_overdue: z.boolean(),
      left_exchange_id: z.uuid().nullable(),
      left_on: z.string().nullable(),
    }),
  ),
});
export const ZEnemyPowImportResponseSchema = z.object({
  rows: z.number(),
  added: z.number(),
  unchanged: z.number(),
});

export const ZHandoverLineSchema = z.object({
  external_id: z.string().optional(),
  outcome: z.enum(['handed_over', 'not_on_list', 'not_handed_over']),
  pow_id: z.uuid().nullable(),
  entry_external_id: z.string().nullable(),
  problem: z.string().optional(),
});
export const ZHandoverResponseSchema = z.object({
  handed_over: z.number(),
  lines: z.array(ZHandoverLineSchema),
});

export const ZRegisterExportQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
