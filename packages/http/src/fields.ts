// A namespace import lets esbuild drop what we do not use: ~90 KiB of zod per function, not ~450.
import * as z from 'zod';

/** A query-string integer such as ?after=10 (the operations' own inputs live in the core). */
export const queryInt = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);
