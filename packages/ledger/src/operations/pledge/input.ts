import * as z from 'zod';
import {
  amount,
  donorKind,
  freeText,
  fundPath,
  optional,
  pledgeId,
  text,
} from '../../primitives/fields.ts';
import { MAX_MEMO_LENGTH, MAX_NAME_LENGTH } from '../../primitives/rules.ts';

export const pledgePath = z.object({ pledgeId });
export const fundPledgePath = fundPath.extend(pledgePath.shape);

/** The manage link's secret, `?t=…`. */
export const manageTokenQuery = z.object({
  t: z.string().min(20, 'the manage link token is missing').max(100),
});

/** Vietnamese tax codes (mã số thuế): 10 digits, or 10 + "-" + 3 for a branch. */
const taxCode = z
  .string()
  .trim()
  .regex(/^\d{10}(?:-\d{3})?$/, 'must be 10 digits, or 10 digits, "-" and 3 digits');
/** Vietnamese phone numbers: 0 or +84 then 9 digits. */
const phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.-]/g, ''))
  .pipe(
    z.string().regex(/^(?:0|\+84)\d{9}$/, 'must be a Vietnamese phone number, e.g. 0912345678'),
  );

/** POST /funds/{fundId}/pledges and the pledge form. */
export const pledgeInput = z.strictObject({
  donor: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'is required: the name of the business, household or person')
      .pipe(text(MAX_NAME_LENGTH)),
    kind: donorKind,
    showName: z.boolean({ error: 'must be true (show the name) or false (show "Ẩn danh")' }),
    taxCode: optional(taxCode),
    email: optional(z.string().trim().email('is not an email address').max(200)),
    phone: optional(phone),
  }),
  amount,
  method: z.enum(['transfer', 'card', 'cash'], { error: 'must be transfer, card or cash' }),
  dueDate: optional(z.iso.date({ message: 'must be a date like 2026-12-31' })),
  message: optional(freeText({ max: MAX_MEMO_LENGTH, multiline: true })),
});
export type PledgeInput = z.output<typeof pledgeInput>;
