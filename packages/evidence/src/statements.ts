import type { StatementFiles } from '@soquy/ledger';
import { DiskEvidenceStore, LOCAL_STATEMENTS_PATH } from './disk.ts';
import { type ClientHook, S3EvidenceStore } from './s3.ts';

/** A statement is uploaded as raw bytes: the import reads the layout, not the content type. */
const STATEMENT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Bank statements are kept the way evidence is: one object per SHA-256 under `statements/`
 * (S3 refuses bytes that do not hash to the declared digest), so the file an entry cites by
 * its digest is the file anyone can fetch and hash again.
 */
export function statementFilesOf(store: S3EvidenceStore | DiskEvidenceStore): StatementFiles {
  return {
    createUpload: (fundId, sha256, size) =>
      store.createUpload({ fundId, sha256, size, contentType: STATEMENT_CONTENT_TYPE }),
    put: (fundId, bytes) => store.put(fundId, bytes, STATEMENT_CONTENT_TYPE),
    has: (fundId, sha256) => store.has(fundId, sha256),
    open: (fundId, sha256) => store.open(fundId, sha256),
  };
}

export type StatementSettings =
  | { EVIDENCE_BUCKET: string }
  | { STATEMENTS_DIR: string; LOCAL_EVIDENCE_KEY: string; LOCAL_EVIDENCE_BASE_URL: string };

export function createStatementFiles(
  settings: StatementSettings,
  hook?: ClientHook,
): StatementFiles {
  if ('EVIDENCE_BUCKET' in settings) {
    return statementFilesOf(
      new S3EvidenceStore(settings.EVIDENCE_BUCKET, undefined, 'statements', hook),
    );
  }
  return statementFilesOf(
    new DiskEvidenceStore(
      settings.STATEMENTS_DIR,
      settings.LOCAL_EVIDENCE_BASE_URL,
      Buffer.from(settings.LOCAL_EVIDENCE_KEY, 'hex'),
      LOCAL_STATEMENTS_PATH,
    ),
  );
}
