import { z } from 'zod';
import { CATEGORIES } from '../registry/vocabulary.js';
import { DISCLOSED_STATUSES, TRACING_STATES } from './policy.js';

/**
 * Request and response schemas of tracing requests. The public shapes are contracts (issue #12): scripts
 * drive them, so they are kept exactly and only ever extended.
 */

export const RELATIONSHIPS = [
  'parent',
  'child',
  'spouse',
  'sibling',
  'grandparent',
  'other_relative',
  'other',
] as const;
/**
 * What the family says the sought person is: the form's three words, or any of the registry's own
 * categories (for scripts and partner systems that speak the registry's vocabulary).
 */
export const SOUGHT_CATEGORIES = ['serviceman', 'civilian', 'child', ...CATEGORIES] as const;

// Control characters never belong in a form field (tabs and newlines are allowed in free text only).
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
// eslint-disable-next-line no-control-regex
const TEXT_OK = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

const line = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL, 'must not contain control characters');
const text = (max: number) =>
  z.string().trim().min(1).max(max).regex(TEXT_OK, 'must not contain control characters');

export const ZRequesterSchema = z.strictObject({
  name: line(200),
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'digits, spaces, brackets, dashes and a leading +')
    .optional(),
  relationship: z.enum(RELATIONSHIPS),
});

export const ZSoughtSchema = z.strictObject({
  family_name: line(200),
  given_name: line(200),
  patronymic: line(200).optional(),
  birth_date: line(20).optional().describe('DD.MM.YYYY, YYYY-MM-DD, YYYY-MM or YYYY'),
  category: z.enum(SOUGHT_CATEGORIES).optional(),
  unit: line(200).optional(),
  service_number: line(50).optional(),
  last_seen_place: line(300).optional(),
  last_seen_date: line(20).optional(),
  circumstances: text(4000).optional(),
});

export const ZConsentSchema = z.strictObject({
  tracing: z.literal(true, { message: 'consent to process the request for tracing is required' }),
  icrc: z.boolean().optional(),
  agencies: z.boolean().optional(),
});

/** `POST /api/v1/public/tracing-requests` (contract). */
export const ZCreateTracingRequestSchema = z.strictObject({
  requester: ZRequesterSchema,
  sought: ZSoughtSchema,
  consent: ZConsentSchema,
});
export type TCreateTracingRequest = z.infer<typeof ZCreateTracingRequestSchema>;

export const ZCreateTracingResponseSchema = z.object({
  case_number: z.string(),
  access_code: z.string().describe('shown once; store it: only its hash is kept'),
});

const caseNumber = z.string().trim().min(1).max(40);
const accessCode = z.string().trim().min(1).max(60);

/** `POST /api/v1/public/tracing-requests/status` (contract). */
export const ZStatusRequestSchema = z.strictObject({ case_number: caseNumber, access_code: accessCode });

export const ZPublicMessageSchema = z.object({
  from: z.enum(['staff', 'requester']),
  body: z.string(),
  created_at: z.string(),
});

export const ZStatusResponseSchema = z.object({
  case_number: z.string(),
  state: z.enum(TRACING_STATES),
  status: z.enum(DISCLOSED_STATUSES),
  updated_at: z.string(),
  messages: z.array(ZPublicMessageSchema),
});
export type TStatusResponse = z.infer<typeof ZStatusResponseSchema>;

export const ZRequesterMessageSchema = z.strictObject({
  case_number: caseNumber,
  access_code: accessCode,
  body: text(4000),
});

export const ZResetRequestSchema = z.strictObject({ case_number: caseNumber, email: z.email().max(254) });
export const ZResetConfirmSchema = z.strictObject({ token: z.string().trim().min(20).max(100) });

// ---- staff side ----

export const ZCandidateSchema = z.object({
  person_id: z.uuid(),
  score: z.number(),
  rank: z.number().int(),
  explanation: z.array(z.object({ field: z.string(), level: z.string(), weight: z.number() })),
});

export const ZQueueItemSchema = z.object({
  id: z.uuid(),
  case_number: z.string(),
  state: z.enum(TRACING_STATES),
  person_id: z.uuid().nullable(),
  kinship_verified: z.boolean(),
  call_required: z.boolean(),
  created_at: z.string(),
  state_changed_at: z.string(),
  age_days: z.number().int().describe('days since the request was filed'),
  days_in_state: z.number().int(),
  overdue: z.boolean(),
});

export const ZQueueQuerySchema = z.object({
  state: z.enum(TRACING_STATES).optional(),
  call_required: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ZQueueResponseSchema = z.object({ items: z.array(ZQueueItemSchema) });

export const ZStaffMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(['staff', 'requester']),
  author_id: z.string().nullable(),
  body: z.string(),
  created_at: z.string(),
});

export const ZTracingRequestDetailSchema = ZQueueItemSchema.extend({
  requester: ZRequesterSchema,
  sought: ZSoughtSchema,
  consent: ZConsentSchema,
  record_id: z.uuid().nullable(),
  disclosed_status: z.enum(DISCLOSED_STATUSES),
  candidates: z.array(ZCandidateSchema),
  messages: z.array(ZStaffMessageSchema),
  documents: z.array(
    z.object({ id: z.uuid(), media_type: z.string(), size: z.number().int(), created_at: z.string() }),
  ),
});
export type TTracingRequestDetail = z.infer<typeof ZTracingRequestDetailSchema>;

export const ZCaseParamsSchema = z.object({ id: z.uuid() });
export const ZDocumentParamsSchema = z.object({ id: z.uuid(), documentId: z.uuid() });
export const ZLinkRequestSchema = z.strictObject({ person_id: z.uuid() });
export const ZTransitionRequestSchema = z.strictObject({ state: z.enum(TRACING_STATES) });
export const ZPostStaffMessageSchema = z.strictObject({ body: text(4000) });

export const ZPersonRequestsSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      case_number: z.string(),
      state: z.enum(TRACING_STATES),
      created_at: z.string(),
    }),
  ),
});

export const ZOutboxItemSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  recipient: z.string().describe('masked: first letter and domain'),
  subject: z.string(),
  created_at: z.string(),
  attempts: z.number().int(),
  next_attempt_at: z.string(),
  delivered_at: z.string().nullable(),
  last_error: z.string().nullable(),
});
export const ZOutboxQuerySchema = z.object({
  undelivered: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
