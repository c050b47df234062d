import * as z from 'zod';
import {
  evidenceSize,
  evidenceType,
  freeText,
  fundPath,
  optional,
  sha256Field,
} from '../../primitives/fields.ts';

/** POST /funds/{fundId}/evidence: a file declared by its SHA-256 before it is uploaded. */
export const evidenceInput = z.strictObject({
  sha256: sha256Field,
  contentType: evidenceType,
  size: evidenceSize,
  visibility: z.enum(['public', 'private'], { error: 'must be public or private' }),
  fileName: optional(freeText({ max: 200 })),
});
export type EvidenceInput = z.output<typeof evidenceInput>;

export const evidencePath = fundPath.extend({ sha256: sha256Field });
