import * as z from 'zod';
import {
  amount,
  categoryId,
  disbursementId,
  freeText,
  instant,
  optional,
  payeeKind,
  sha256Field,
  text,
} from '../../primitives/fields.ts';
import { MAX_EVIDENCE_FILES, MAX_MEMO_LENGTH, MAX_NAME_LENGTH } from '../../primitives/rules.ts';

/** POST /funds/{fundId}/disbursements and the console's spending form. */
export const disbursementInput = z.strictObject({
  amount,
  category: categoryId,
  payee: z.strictObject({
    name: text(MAX_NAME_LENGTH),
    kind: payeeKind,
  }),
  purpose: z
    .string()
    .trim()
    .min(1, 'is required: what the money was for')
    .pipe(freeText({ max: MAX_MEMO_LENGTH, multiline: true, isPublic: true })),
  paidAt: instant,
  method: z.enum(['cash', 'transfer'], { error: 'must be cash or transfer' }),
  evidence: z.array(sha256Field).max(MAX_EVIDENCE_FILES, `at most ${MAX_EVIDENCE_FILES} files`),
  bankRef: optional(freeText({ max: 100 })),
});
export type DisbursementInput = z.output<typeof disbursementInput>;

export const disbursementPath = z.object({ id: disbursementId });

export const rejectionInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, 'say why')
    .pipe(freeText({ max: MAX_MEMO_LENGTH, multiline: true, isPublic: true })),
});

export const disbursementStatusQuery = z.object({
  status: z
    .enum(['pending_approval', 'approved', 'rejected', 'reversed', 'withdrawn'], {
      error: 'must be pending_approval, approved, rejected, reversed or withdrawn',
    })
    .default('pending_approval'),
});
