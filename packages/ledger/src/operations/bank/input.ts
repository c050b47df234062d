import * as z from 'zod';
import {
  amount,
  disbursementId,
  donorKind,
  freeText,
  fundPath,
  instant,
  optional,
  pledgeId,
  sha256Field,
} from '../../primitives/fields.ts';
import { MAX_NAME_LENGTH } from '../../primitives/rules.ts';

/** Statements up to 200 MB: a 400,000-line CSV is about 60 MB. */
export const MAX_STATEMENT_BYTES = 200 * 1024 * 1024;

/** POST /funds/{fundId}/statements: the file declared by its SHA-256, then PUT where answered. */
export const statementUploadInput = z.strictObject({
  sha256: sha256Field,
  size: z
    .number({ error: 'must be the file size in bytes' })
    .int('must be the file size in bytes')
    .min(1, 'the file is empty')
    .max(MAX_STATEMENT_BYTES, `statements may be at most ${MAX_STATEMENT_BYTES / 1024 / 1024} MB`),
  fileName: optional(freeText({ max: 200 })),
});
export type StatementUploadInput = z.output<typeof statementUploadInput>;

export const statementPath = z.object({
  statementId: z.string().regex(/^st_[0-9a-f]{24}$/, 'is not a statement id'),
});

/** A bank line id is its first bank reference: printable ASCII, no spaces. */
export const bankLinePath = fundPath.extend({
  lineId: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'is not a bank line id'),
});

/** POST /funds/{fundId}/bank-lines/{lineId}/decision: what a waiting line is. */
export const bankLineDecisionInput = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('pledge'),
      pledgeId: optional(pledgeId),
      reference: optional(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9]{4,12}$/, 'is not a pledge reference'),
      ),
    }),
    z.strictObject({
      action: z.literal('gift'),
      /** The name to show; empty takes the name the bank gives for the sender. */
      donorName: freeText({ max: MAX_NAME_LENGTH, isPublic: true }).default(''),
      showName: z.boolean({ error: 'say whether the donor is named (true or false)' }),
      donorKind: optional(donorKind),
    }),
    /** Money in: cash deposited at the bank; money out: cash drawn for the cash box. */
    z.strictObject({ action: z.literal('cash') }),
    z.strictObject({ action: z.literal('disbursement'), disbursementId }),
    z.strictObject({
      action: z.literal('duplicate'),
      of: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'is not a bank line id'),
    }),
  ],
  { error: 'action must be pledge, gift, cash, disbursement or duplicate' },
);
export type BankLineDecisionInput = z.output<typeof bankLineDecisionInput>;

/** POST /funds/{fundId}/transfers: cash carried to the bank, or drawn from it. */
export const transferInput = z.strictObject({
  direction: z.enum(['cash-to-bank', 'bank-to-cash'], {
    error: 'must be cash-to-bank or bank-to-cash',
  }),
  amount,
  occurredAt: instant,
  memo: optional(freeText({ max: 200, isPublic: true })),
});
export type TransferInput = z.output<typeof transferInput>;
