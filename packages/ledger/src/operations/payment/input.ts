import * as z from 'zod';
import {
  amount,
  donorKind,
  freeText,
  instant,
  optional,
  pledgeId,
} from '../../primitives/fields.ts';
import { MAX_NAME_LENGTH } from '../../primitives/rules.ts';

/** POST /funds/{fundId}/payments and the console's receipt form. */
export const paymentInput = z
  .strictObject({
    pledgeId: optional(pledgeId),
    reference: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9]{4,12}$/, 'is not a pledge reference'),
    ),
    donor: z
      .strictObject({
        name: freeText({ max: MAX_NAME_LENGTH, isPublic: true }).default(''),
        kind: donorKind,
        showName: z.boolean(),
      })
      .optional(),
    amount,
    method: z.enum(['cash', 'transfer'], {
      error: 'must be cash or transfer (cards are paid through Stripe)',
    }),
    receivedAt: instant,
    receiptNo: optional(freeText({ max: 50 })),
    bankRef: optional(freeText({ max: 100 })),
  })
  .refine((p) => !(p.pledgeId && p.reference), {
    message: 'give pledgeId or reference, not both',
    path: ['reference'],
  })
  .refine((p) => p.pledgeId || p.reference || p.donor, {
    message: 'give a pledgeId or reference, or a donor for a gift without a pledge',
    path: ['donor'],
  });
export type PaymentInput = z.output<typeof paymentInput>;
