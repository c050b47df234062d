import * as z from 'zod';

/** GET /funds/{fundId}/bank-lines: validated by the handler, described by /openapi.json. */
export const queueQuery = z.object({
  direction: z.enum(['in', 'out'], { error: 'must be in or out' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(300).optional(),
});
