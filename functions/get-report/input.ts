import * as z from 'zod';

/** A period as written in the query; checked by parsePeriod, which says what is wrong. */
const periodField = z.string().max(100).optional();

/** GET /funds/{fundId}/report: validated by the handler, described by /openapi.json. */
export const reportQuery = z.object({
  donorsAfter: z.string().max(300).optional(),
  payeesAfter: z.string().max(300).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .transform((v) => v ?? 50),
  from: periodField,
  to: periodField,
  month: periodField,
  year: periodField,
});
