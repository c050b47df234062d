// A namespace import lets esbuild drop what we do not use: ~90 KiB of zod per function, not ~450.
import * as z from 'zod';
import {
  DONOR_KINDS,
  EVIDENCE_TYPES,
  MAX_AMOUNT,
  MAX_EVIDENCE_BYTES,
  PAYEE_KINDS,
  SLUG_HINT,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
} from './rules.ts';
import { normalizeText, type TextRule, textProblems } from './text.ts';

/** Field schemas the operations' inputs are built from, so one rule has one wording. */
export const slug = z.string().regex(SLUG_PATTERN, SLUG_HINT).max(SLUG_MAX_LENGTH);

export const categoryId = z
  .string()
  .regex(SLUG_PATTERN, 'must be one of the fund\'s category ids, a slug such as "cameras"')
  .max(SLUG_MAX_LENGTH);

export const amount = z
  .number({ error: 'must be a number of đồng' })
  .int('must be a whole number of đồng (VND has no decimals)')
  .positive('must be more than 0')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} đồng`);

export const nonNegativeAmount = z
  .number({ error: 'must be a number of đồng' })
  .int('must be a whole number of đồng (VND has no decimals)')
  .min(0, 'cannot be negative')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} đồng`);

/** Any offset is accepted (+07:00 is what people in Vietnam write); stored as UTC with ms. */
export const instant = z.iso
  .datetime({
    offset: true,
    message:
      'must be an ISO 8601 date-time, e.g. 2026-11-20T10:00:00+07:00 or 2026-11-20T03:00:00Z',
  })
  .transform((value) => new Date(value).toISOString())
  .refine((value) => /^\d{4}-/.test(value) && value >= '2000-', {
    message: 'must be a date between the years 2000 and 9999',
  });

/**
 * Free text a person typed: trimmed, NFC, without control or text-direction characters, at most
 * `max` code points; `isPublic` text is published in an entry, so it may hold no personal data.
 */
export const freeText = (rule: TextRule & { required?: boolean }) =>
  z
    .string()
    .transform((value) => normalizeText(value).trim())
    .superRefine((value, ctx) => {
      if (rule.required && value.length === 0)
        ctx.addIssue({ code: 'custom', message: 'is required' });
      for (const message of textProblems(value, rule)) ctx.addIssue({ code: 'custom', message });
    });

/** A required one-line name or label. */
export const text = (max: number, isPublic = true) => freeText({ max, isPublic, required: true });

/** An optional form or JSON field: "" and null count as absent. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const donorKind = z.enum(DONOR_KINDS, {
  error: `must be ${DONOR_KINDS.slice(0, -1).join(', ')} or ${DONOR_KINDS.at(-1)}`,
});
export const payeeKind = z.enum(PAYEE_KINDS, {
  error: `must be ${PAYEE_KINDS.slice(0, -1).join(', ')} or ${PAYEE_KINDS.at(-1)}`,
});

export const sha256Field = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest in lowercase hex');

export const evidenceType = z.enum(EVIDENCE_TYPES, {
  error: 'must be a photo (image/jpeg, image/png, image/webp, image/heic) or application/pdf',
});
export const evidenceSize = z
  .number()
  .int()
  .min(1, 'the file is empty')
  .max(MAX_EVIDENCE_BYTES, `files can be at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`);

export const fundPath = z.object({ fundId: slug });

export const pledgeId = z.string().regex(/^pl_[a-z0-9]{8,40}$/, 'is not a pledge id');
export const disbursementId = z.string().regex(/^db_[a-z0-9]{8,40}$/, 'is not a disbursement id');
