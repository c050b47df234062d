import type { EvidenceFile } from '../primitives/records.ts';
import type { LedgerDeps } from './ledger-store.ts';

export interface EvidenceUpload {
  url: string;
  method: 'PUT';
  /** Headers the PUT must carry (content type, checksum). */
  headers: Record<string, string>;
  expiresAt: string;
}

/** Where evidence bytes live: S3 in AWS, files on disk locally. */
export interface EvidenceStore {
  /** Somewhere to PUT exactly these bytes; anything whose SHA-256 differs is refused on arrival. */
  createUpload(
    file: Pick<EvidenceFile, 'fundId' | 'sha256' | 'contentType' | 'size'>,
  ): Promise<EvidenceUpload>;
  /** Stores bytes directly (the console's form upload); returns their SHA-256. */
  put(fundId: string, bytes: Uint8Array, contentType: string): Promise<string>;
  /** True once bytes hashing to `sha256` are stored for the fund. */
  has(fundId: string, sha256: string): Promise<boolean>;
  /** A short-lived link to read the file. */
  readUrl(fundId: string, sha256: string, contentType: string): Promise<string>;
}

/** The adapters of operations that touch evidence bytes. */
export interface EvidenceDeps extends LedgerDeps {
  evidence: EvidenceStore;
}
