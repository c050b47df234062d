import { fundPath } from '@soquy/ledger';
import * as z from 'zod';

/** GET /funds/{fundId}/receipts/{seq}: validated by the handler, described by /openapi.json. */
export const receiptPath = fundPath.extend({
  seq: z.coerce
    .number({ error: 'must be the seq of an entry, a whole number from 1' })
    .int('must be the seq of an entry, a whole number from 1')
    .min(1, 'must be the seq of an entry, a whole number from 1')
    .max(Number.MAX_SAFE_INTEGER, 'is larger than any seq'),
});
