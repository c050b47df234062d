import { InvalidEntryError } from './errors.ts';
import type { LedgerDeps } from './usecases.ts';

/** Photos or PDFs of invoices and receipts, identified by the SHA-256 of their bytes. */
export const EVIDENCE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface EvidenceFile {
  sha256: string;
  fundId: string;
  contentType: EvidenceType;
  size: number;
  visibility: 'public' | 'private';
  fileName?: string;
  uploadedBy: string;
  createdAt: string;
}

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

export interface EvidenceDeps extends LedgerDeps {
  evidence: EvidenceStore;
}

const EVIDENCE = 'evidence';
const evidenceId = (fundId: string, sha256: string) => `${fundId}:${sha256}`;

/** Declares a file and returns where to upload it; declaring the same bytes again is harmless. */
export async function declareEvidence(
  deps: EvidenceDeps,
  file: Omit<EvidenceFile, 'createdAt'>,
): Promise<{ file: EvidenceFile; upload: EvidenceUpload }> {
  if (!EVIDENCE_TYPES.includes(file.contentType)) {
    throw new InvalidEntryError(
      `Evidence must be a photo (JPEG, PNG, WebP, HEIC) or a PDF, not ${file.contentType}.`,
    );
  }
  if (file.size <= 0 || file.size > MAX_EVIDENCE_BYTES) {
    throw new InvalidEntryError('Evidence files must be between 1 byte and 10 MB.');
  }
  const existing = await deps.store.getRecord<EvidenceFile>({
    collection: EVIDENCE,
    id: evidenceId(file.fundId, file.sha256),
  });
  const record: EvidenceFile = existing?.value ?? {
    ...file,
    createdAt: deps.clock().toISOString(),
  };
  if (!existing) {
    await deps.store.writeRecord({
      collection: EVIDENCE,
      id: evidenceId(file.fundId, file.sha256),
      value: record as unknown as Record<string, unknown>,
      expectedVersion: 0,
    });
  }
  return { file: record, upload: await deps.evidence.createUpload(record) };
}

/** Records a file the console received whole (form upload). */
export async function storeEvidence(
  deps: EvidenceDeps,
  fundId: string,
  bytes: Uint8Array,
  meta: {
    contentType: string;
    visibility: 'public' | 'private';
    fileName?: string;
    uploadedBy: string;
  },
): Promise<EvidenceFile> {
  if (!EVIDENCE_TYPES.includes(meta.contentType as EvidenceType)) {
    throw new InvalidEntryError(
      `Evidence must be a photo (JPEG, PNG, WebP, HEIC) or a PDF, not ${meta.contentType}.`,
    );
  }
  if (bytes.length === 0 || bytes.length > MAX_EVIDENCE_BYTES) {
    throw new InvalidEntryError('Evidence files must be between 1 byte and 10 MB.');
  }
  const sha256 = await deps.evidence.put(fundId, bytes, meta.contentType);
  const { file } = await declareEvidence(deps, {
    sha256,
    fundId,
    contentType: meta.contentType as EvidenceType,
    size: bytes.length,
    visibility: meta.visibility,
    ...(meta.fileName ? { fileName: meta.fileName } : {}),
    uploadedBy: meta.uploadedBy,
  });
  return file;
}

export async function getEvidence(
  deps: LedgerDeps,
  fundId: string,
  sha256: string,
): Promise<EvidenceFile | undefined> {
  return (
    await deps.store.getRecord<EvidenceFile>({
      collection: EVIDENCE,
      id: evidenceId(fundId, sha256),
    })
  )?.value;
}
