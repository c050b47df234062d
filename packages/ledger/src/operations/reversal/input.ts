import * as z from 'zod';
import { freeText } from '../../primitives/fields.ts';
import { MAX_MEMO_LENGTH } from '../../primitives/rules.ts';

/** POST /funds/{fundId}/reversals and the console's reversal form. */
export const reversalInput = z.strictObject({
  seq: z.number().int().positive('must be the seq of an entry'),
  reason: z
    .string()
    .trim()
    .min(1, 'is required: say why, the public will read it')
    .pipe(freeText({ max: MAX_MEMO_LENGTH, multiline: true, isPublic: true })),
});
export type ReversalInput = z.output<typeof reversalInput>;
