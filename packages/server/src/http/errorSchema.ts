import { z } from 'zod';

/** Every error response: a stable code, a message for people, and where the input was wrong. */
export const ZErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  request_id: z.string().optional(),
});
