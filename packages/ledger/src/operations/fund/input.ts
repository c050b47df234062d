import * as z from 'zod';
import {
  categoryId,
  freeText,
  instant,
  nonNegativeAmount,
  slug,
  text,
} from '../../primitives/fields.ts';
import { MAX_NAME_LENGTH } from '../../primitives/rules.ts';

/** POST /funds: what an administrator gives to open a fund. */
export const openFundInput = z.strictObject({
  id: slug,
  name: text(MAX_NAME_LENGTH),
  description: freeText({ max: 5000, multiline: true }).default(''),
  owner: text(MAX_NAME_LENGTH),
  currency: z.literal('VND', { error: 'only VND is supported' }),
  goal: nonNegativeAmount,
  bankAccount: z.strictObject({
    bin: z.string().regex(/^\d{6}$/, 'must be the 6-digit NAPAS bank BIN, e.g. 970436'),
    accountNumber: z.string().regex(/^[0-9A-Za-z]{4,19}$/, 'must be 4 to 19 letters or digits'),
    accountName: text(100),
  }),
  categories: z
    .array(
      z.strictObject({
        // expenses:fees holds card processor fees; a category of that name would mix them in.
        id: categoryId.refine(
          (id) => id !== 'fees',
          'is reserved for card fees; choose another id',
        ),
        name: text(100),
      }),
    )
    .min(1, 'list at least one spending category')
    .max(50),
  opensAt: instant,
  closesAt: instant,
});
export type FundInput = z.output<typeof openFundInput>;
