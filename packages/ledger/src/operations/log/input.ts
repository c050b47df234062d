import * as z from 'zod';
import { text } from '../../primitives/fields.ts';

/** A tree size or a seq from a query string: a positive safe integer, however it is written. */
const positiveCount = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}, a whole number from 1` })
    .int(`must be ${what}, a whole number from 1`)
    .min(1, `must be ${what}, a whole number from 1`)
    .max(Number.MAX_SAFE_INTEGER, `must be ${what}, at most ${Number.MAX_SAFE_INTEGER}`);

/** GET /funds/{fundId}/proofs/inclusion?seq=N&treeSize=M */
export const inclusionQuery = z.object({
  seq: positiveCount('the seq of an entry'),
  treeSize: positiveCount('the size of a checkpointed tree'),
});
export type InclusionQuery = z.output<typeof inclusionQuery>;

/** GET /funds/{fundId}/proofs/consistency?from=A&to=B */
export const consistencyQuery = z.object({
  from: positiveCount('the size of the older checkpoint'),
  to: positiveCount('the size of the newer checkpoint'),
});
export type ConsistencyQuery = z.output<typeof consistencyQuery>;

/** POST /log/witnesses: a witness's cosignature/v1 verifier key and who runs it. */
export const witnessInput = z.strictObject({
  vkey: z
    .string()
    .trim()
    .min(1, 'is required: the witness key, <name>+<key id>+<base64 key>')
    .max(400, 'is too long for a witness key')
    .regex(
      /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$/,
      'is not a witness key: <name>+<8 hex digits>+<base64 key>',
    ),
  /** Who runs it, as fund pages show it: a newspaper, the ward People's Council… */
  label: text(120),
});
export type WitnessInput = z.output<typeof witnessInput>;
