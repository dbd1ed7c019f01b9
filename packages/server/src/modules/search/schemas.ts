import { z } from 'zod';
import { ZNameFormSchema } from '../persons/schemas.js';
import { CATEGORIES, STATUSES } from '../registry/vocabulary.js';
import { DATE_FORMS, parseDateOrYears } from '../registry/dates.js';

const LEVEL = z.string();

export const ZSearchPersonsQuerySchema = z.object({
  q: z
    .string()
    .max(200, 'q is longer than 200 characters')
    .describe('a name in any script, order or spelling'),
  birth: z
    .string()
    .max(40)
    .refine((v) => typeof parseDateOrYears(v) !== 'string', {
      error: (issue) => `birth: ${String(parseDateOrYears(String(issue.input)))}`,
    })
    .optional()
    .describe(`${DATE_FORMS}, or a range of two years (2001/02, 1990-1991): either year`),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0).describe('hits to skip, for paging'),
});
export type TSearchPersonsQuery = z.infer<typeof ZSearchPersonsQuerySchema>;

/** Why a person matched: the record that matched best and how each field compared. */
export const ZMatchExplanationSchema = z.object({
  record_id: z.string().describe("the best-matching record's external_id"),
  source: z.string(),
  name: z.object({
    family_name: z.string().nullable(),
    given_name: z.string().nullable(),
    patronymic: z.string().nullable(),
  }),
  birth_date: z.string().nullable(),
  family: LEVEL,
  given: LEVEL,
  father: LEVEL,
  birth: LEVEL,
  contributions: z.object({ family: z.number(), given: z.number(), father: z.number(), birth: z.number() }),
});

export const ZSearchHitSchema = z.object({
  person_id: z.uuid(),
  score: z.number(),
  confident: z.boolean().describe('score high enough to act on; below it, a possible match only'),
  person: z.object({
    family_name: z.string().nullable(),
    given_name: z.string().nullable(),
    patronymic: z.string().nullable(),
    names: z.array(ZNameFormSchema),
    birth_date: z.string().nullable(),
    category: z.enum(CATEGORIES),
    status: z.enum(STATUSES),
  }),
  record_ids: z.array(z.string()).describe("the external_ids of the person's records"),
  why: ZMatchExplanationSchema,
});
export type TSearchHit = z.infer<typeof ZSearchHitSchema>;

export const ZSearchPersonsResponseSchema = z.object({
  query: z.object({
    family: z.string().nullable(),
    given: z.string().nullable(),
    patronymic: z.string().nullable(),
    birth: z.string().nullable(),
  }),
  total: z.number().int().describe('how many persons matched in all, of which `hits` is one page'),
  total_exact: z
    .boolean()
    .describe(
      'false when not every match was counted (a common name: the search looked at a bounded number of them): at least `total` persons matched',
    ),
  hits: z.array(ZSearchHitSchema),
});
export type TSearchPersonsResponse = z.infer<typeof ZSearchPersonsResponseSchema>;
