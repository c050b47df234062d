import { evidenceStoreFromEnv } from '@soquy/evidence';
import type { EvidenceDeps, PledgeDeps } from '@soquy/ledger';
import { ledgerDeps } from './runtime.ts';

let deps: (EvidenceDeps & PledgeDeps) | undefined;

/** The ledger's adapters plus where evidence files live (S3 in AWS, disk locally). */
export function evidenceDeps(): EvidenceDeps & PledgeDeps {
  deps ??= { ...ledgerDeps(), evidence: evidenceStoreFromEnv() };
  return deps;
}
