import * as z from 'zod';
import { FORK_PROOF_FORMAT } from './fork-proof.ts';

/** A signed note of a checkpoint: a few lines, well under this. */
const note = (what: string) =>
  z
    .string({ error: `must be ${what}, a signed checkpoint note as text` })
    .min(1, `must be ${what}, a signed checkpoint note as text`)
    .max(4096, `is too long for ${what}, a signed checkpoint note`);

const treeSize = z
  .number({ error: 'must be a tree size, a whole number' })
  .int('must be a tree size, a whole number')
  .min(0, 'must be a tree size, a whole number')
  .max(Number.MAX_SAFE_INTEGER, 'is larger than any tree size');

/**
 * POST /funds/{fundId}/log/fork-reports: the file a witness writes when the log misbehaves
 * (format soquy-fork-proof/1, docs/ledger-format.md "Witnesses"). The shape is checked here;
 * the signatures and the verdict by checkForkProof.
 */
export const forkProofInput = z.object({
  format: z.literal(FORK_PROOF_FORMAT, {
    error: `must be "${FORK_PROOF_FORMAT}": post the file the witness wrote`,
  }),
  kind: z.enum(['fork', 'rollback', 'inconsistent'], {
    error: 'must be fork, rollback or inconsistent',
  }),
  fundId: z.string({ error: 'must be the fund id' }).min(1).max(100),
  logKey: z.string({ error: "must be the log's key (vkey)" }).min(1).max(400),
  accepted: note('the accepted checkpoint'),
  served: note('the served checkpoint').optional(),
  conflicting: note('the conflicting checkpoint').optional(),
  // The log's consistency answer as it came (with its fundId and any field it adds): kept whole.
  consistency: z
    .looseObject({
      from: treeSize,
      to: treeSize,
      proof: z.array(z.string().max(64), { error: 'must be a list of base64 hashes' }).max(128),
      fromCheckpoint: note('the consistency answer’s fromCheckpoint').optional(),
      toCheckpoint: note('the consistency answer’s toCheckpoint').optional(),
    })
    .optional(),
  explanation: z.string().max(4000).default(''),
  detectedAt: z.iso.datetime({ error: 'must be a date and time (ISO 8601)', offset: true }),
  witness: z.string({ error: "must be the witness's name" }).min(1).max(200),
  url: z.string().max(2000).default(''),
});
export type ForkProofInput = z.output<typeof forkProofInput>;
