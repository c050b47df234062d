import { amount, instant, slug } from '@soquy/http';
import * as z from 'zod';

export const fundPath = z.object({ fundId: slug });
export const pledgePath = z.object({
  pledgeId: z.string().regex(/^pl_[a-z0-9]{8,40}$/, 'is not a pledge id'),
});
export const fundPledgePath = fundPath.extend(pledgePath.shape);

const donorKind = z.enum(['business', 'household', 'individual', 'organisation'], {
  error: 'must be business, household, individual or organisation',
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

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const pledgeBody = z.strictObject({
  donor: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'is required: the name of the business, household or person')
      .max(200),
    kind: donorKind,
    showName: z.boolean({ error: 'must be true (show the name) or false (show "Ẩn danh")' }),
    taxCode: optional(taxCode),
    email: optional(z.string().trim().email('is not an email address').max(200)),
    phone: optional(phone),
  }),
  amount,
  method: z.enum(['transfer', 'card', 'cash'], { error: 'must be transfer, card or cash' }),
  dueDate: optional(z.iso.date({ message: 'must be a date like 2026-12-31' })),
  message: optional(z.string().trim().max(500)),
});
export type PledgeBody = z.output<typeof pledgeBody>;

export const paymentBody = z
  .strictObject({
    pledgeId: optional(pledgePath.shape.pledgeId),
    reference: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9]{4,12}$/, 'is not a pledge reference'),
    ),
    donor: z
      .strictObject({
        name: z.string().trim().max(200).default(''),
        kind: donorKind,
        showName: z.boolean(),
      })
      .optional(),
    amount,
    method: z.enum(['cash', 'transfer'], {
      error: 'must be cash or transfer (cards are paid through Stripe)',
    }),
    receivedAt: instant,
    receiptNo: optional(z.string().trim().max(50)),
    bankRef: optional(z.string().trim().max(100)),
  })
  .refine((p) => !(p.pledgeId && p.reference), {
    message: 'give pledgeId or reference, not both',
    path: ['reference'],
  })
  .refine((p) => p.pledgeId || p.reference || p.donor, {
    message: 'give a pledgeId or reference, or a donor for a gift without a pledge',
    path: ['donor'],
  });

export const manageToken = z.object({
  t: z.string().min(20, 'the manage link token is missing').max(100),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in lowercase hex');

export const evidenceBody = z.strictObject({
  sha256,
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'], {
    error: 'must be a photo (image/jpeg, image/png, image/webp, image/heic) or application/pdf',
  }),
  size: z
    .number()
    .int()
    .min(1, 'the file is empty')
    .max(10 * 1024 * 1024, 'files can be at most 10 MB'),
  visibility: z.enum(['public', 'private'], { error: 'must be public or private' }),
  fileName: optional(z.string().trim().max(200)),
});

export const evidencePath = fundPath.extend({ sha256 });

export const disbursementBody = z.strictObject({
  amount,
  category: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be one of the fund's category ids"),
  payee: z.strictObject({
    name: z.string().trim().min(1, 'is required').max(200),
    kind: z.enum(['business', 'organisation', 'individual'], {
      error: 'must be business, organisation or individual',
    }),
  }),
  purpose: z.string().trim().min(1, 'is required: what the money was for').max(500),
  paidAt: instant,
  method: z.enum(['cash', 'transfer'], { error: 'must be cash or transfer' }),
  evidence: z.array(sha256).max(20, 'at most 20 files'),
  bankRef: optional(z.string().trim().max(100)),
});

export const disbursementPath = z.object({
  id: z.string().regex(/^db_[a-z0-9]{8,40}$/, 'is not a disbursement id'),
});
export const reasonBody = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(500) });
export const reversalBody = z.strictObject({
  seq: z.number().int().positive('must be the seq of an entry'),
  reason: z.string().trim().min(1, 'is required: say why, the public will read it').max(500),
});
