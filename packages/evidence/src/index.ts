import { S3Client } from '@aws-sdk/client-s3';
import type { EvidenceStore } from '@soquy/ledger';
import { DiskEvidenceStore } from './disk.ts';
import { S3EvidenceStore } from './s3.ts';

export * from './disk.ts';
export * from './s3.ts';

/** S3 when EVIDENCE_BUCKET is set (AWS); files under EVIDENCE_DIR otherwise (local stack). */
export function evidenceStoreFromEnv(env: NodeJS.ProcessEnv = process.env): EvidenceStore {
  if (env.EVIDENCE_BUCKET) return new S3EvidenceStore(new S3Client({}), env.EVIDENCE_BUCKET);
  if (env.EVIDENCE_DIR && env.LOCAL_EVIDENCE_KEY && env.LOCAL_EVIDENCE_BASE_URL) {
    return new DiskEvidenceStore(
      env.EVIDENCE_DIR,
      env.LOCAL_EVIDENCE_BASE_URL,
      Buffer.from(env.LOCAL_EVIDENCE_KEY, 'hex'),
    );
  }
  throw new Error(
    'Set EVIDENCE_BUCKET (AWS) or EVIDENCE_DIR, LOCAL_EVIDENCE_KEY and LOCAL_EVIDENCE_BASE_URL (local)',
  );
}
