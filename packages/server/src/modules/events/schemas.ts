import { z } from 'zod';
import {
  CONFIDENCES,
  EVENT_TYPE_NAMES,
  LINKAGE_EVENT_TYPES,
  type EventType,
} from '../registry/vocabulary.js';

const ENTERABLE_EVENT_TYPES = EVENT_TYPE_NAMES.filter((t) => !LINKAGE_EVENT_TYPES.includes(t));

const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** An event as it leaves the server. */
export const ZEventSchema = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  record_id: z.uuid().nullable(),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  occurred_on: z.string().nullable(),
  source: z.string().nullable(),
  confidence: z.enum(CONFIDENCES),
  note: z.string().nullable(),
  entered_by: z.string(),
  created_at: z.string(),
});
export type TEvent = z.infer<typeof ZEventSchema>;

/** Adding an event to a person's story. */
export const ZCreateEventRequestSchema = z.strictObject({
  type: z.enum(ENTERABLE_EVENT_TYPES as [EventType, ...EventType[]]),
  occurred_on: z.string().regex(PARTIAL_DATE, 'use YYYY, YYYY-MM or YYYY-MM-DD').optional(),
  source: z.string().trim().min(1).max(200).optional().describe('name of the source asserting it'),
  confidence: z.enum(CONFIDENCES).default('reported'),
  note: z.string().max(2000).optional(),
});
export type TCreateEventRequest = z.infer<typeof ZCreateEventRequestSchema>;
