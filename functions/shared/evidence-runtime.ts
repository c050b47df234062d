import { createEvidenceStore } from '@soquy/evidence';
import type { EvidenceDeps } from '@soquy/ledger';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';
import { traced } from './tracing.ts';

/** The ledger's adapters plus where evidence files live (S3 in AWS, disk locally). */
export function evidenceDeps(runtime: FunctionRuntime): EvidenceDeps {
  return {
    ...runtime.deps,
    evidence: createEvidenceStore(part(runtime.config, 'evidence'), traced),
  };
}
