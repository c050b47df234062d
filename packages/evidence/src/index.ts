import type { EvidenceStore } from '@soquy/ledger';
import { DiskEvidenceStore } from './disk.ts';
import { type ClientHook, S3EvidenceStore } from './s3.ts';

export * from './checkpoint-signer.ts';
export * from './disk.ts';
export * from './exports.ts';
export * from './log-files.ts';
export * from './s3.ts';

/** Where evidence lives, as the function's configuration says. */
export type EvidenceSettings =
  | { EVIDENCE_BUCKET: string }
  | { EVIDENCE_DIR: string; LOCAL_EVIDENCE_KEY: string; LOCAL_EVIDENCE_BASE_URL: string };

/** S3 in AWS (its client loaded on first use); files on disk served by the local stack otherwise. */
export function createEvidenceStore(settings: EvidenceSettings, hook?: ClientHook): EvidenceStore {
  if ('EVIDENCE_BUCKET' in settings) {
    return new S3EvidenceStore(settings.EVIDENCE_BUCKET, undefined, 'evidence', hook);
  }
  return new DiskEvidenceStore(
    settings.EVIDENCE_DIR,
    settings.LOCAL_EVIDENCE_BASE_URL,
    Buffer.from(settings.LOCAL_EVIDENCE_KEY, 'hex'),
  );
}
export * from './statements.ts';
