import { z } from 'zod';
import {
  CONFIDENCES,
  EVENT_TYPE_NAMES,
  LINKAGE_EVENT_TYPES,
  type EventType,
} from '../registry/vocabulary.js';
import { DATE_FORMS, parsePartialDate } from '../registry/dates.js';

const ENTERABLE_EVENT_TYPES = EVENT_TYPE_NAMES.filter((t) => !LINKAGE_EVENT_TYPES.includes(t));

/** A date as offices write it (`17.03.2024`, `03.2024`, `2024`, ISO…), stored in ISO form. */
const ZEnteredDateSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const d = parsePartialDate(value);
    if (typeof d === 'string') {
      ctx.addIssue({ code: 'custom', message: d });
      return z.NEVER;
    }
    return d.text;
  })
  .describe(DATE_FORMS);

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
  occurred_on: ZEnteredDateSchema.optional(),
  source: z.string().trim().min(1).max(200).optional().describe('name of the source asserting it'),
  confidence: z.enum(CONFIDENCES).default('reported'),
  note: z.string().max(2000).optional(),
});
export type TCreateEventRequest = z.infer<typeof ZCreateEventRequestSchema>;
