import { CATEGORY_PATTERN, MAX_AMOUNT } from '@soquy/ledger';
// A namespace import lets esbuild drop what we do not use: ~90 KiB of zod per function, not ~450.
import * as z from 'zod';

/** Field schemas shared by the routes, so one rule has one wording. */
export const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'use lowercase letters, digits and single dashes, e.g. "pu-trang"',
  )
  .max(64);

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

export const instant = z.iso
  .datetime({ message: 'must be an ISO 8601 date-time in UTC, e.g. 2026-11-20T03:00:00Z' })
  .transform((value) => new Date(value).toISOString());

export const text = (max: number) => z.string().trim().min(1, 'is required').max(max);

export const categoryId = z.string().regex(CATEGORY_PATTERN, 'use a slug such as "cameras"');

/** A query-string integer such as ?after=10 */
export const queryInt = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);
