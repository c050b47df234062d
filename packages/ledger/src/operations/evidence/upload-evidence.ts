import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { InvalidEntryError } from '../../errors.ts';
import type { EvidenceDeps, EvidenceUpload } from '../../ports/evidence-files.ts';
import type { EvidenceFile } from '../../primitives/records.ts';
import { EVIDENCE_TYPES, type EvidenceType, MAX_EVIDENCE_BYTES } from '../../primitives/rules.ts';
import { uploadEvidenceAccess } from './access.ts';
import type { EvidenceInput } from './input.ts';

/** The decision: only photos and PDFs, of a size a phone can send. */
export function assertEvidenceAcceptable(contentType: string, size: number): EvidenceType {
  if (!EVIDENCE_TYPES.includes(contentType as EvidenceType)) {
    throw new InvalidEntryError(
      `Evidence must be a photo (JPEG, PNG, WebP, HEIC) or a PDF, not ${contentType}.`,
      { field: 'files' },
    );
  }
  if (size <= 0 || size > MAX_EVIDENCE_BYTES) {
    throw new InvalidEntryError(
      `Evidence files must be between 1 byte and ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB.`,
      { field: 'files' },
    );
  }
  return contentType as EvidenceType;
}

/** Declares a file and returns where to upload it; declaring the same bytes again is harmless. */
export async function declareEvidence(
  deps: EvidenceDeps,
  fundId: string,
  input: EvidenceInput,
  actor: Actor,
): Promise<{ file: EvidenceFile; upload: EvidenceUpload }> {
  assertAllowed(uploadEvidenceAccess, actor, { fundId });
  assertEvidenceAcceptable(input.contentType, input.size);
  const existing = await deps.store.evidence.get(fundId, input.sha256);
  const file: EvidenceFile = existing ?? {
    ...input,
    fundId,
    uploadedBy: actorName(actor),
    createdAt: deps.clock().toISOString(),
  };
  if (!existing) await deps.store.evidence.add(file);
  return { file, upload: await deps.evidence.createUpload(file) };
}

/** Records a file the console received whole (form upload). */
export async function storeEvidence(
  deps: EvidenceDeps,
  fundId: string,
  bytes: Uint8Array,
  meta: { contentType: string; visibility: 'public' | 'private'; fileName?: string },
  actor: Actor,
): Promise<EvidenceFile> {
  assertAllowed(uploadEvidenceAccess, actor, { fundId });
  const contentType = assertEvidenceAcceptable(meta.contentType, bytes.length);
  const sha256 = await deps.evidence.put(fundId, bytes, contentType);
  const { file } = await declareEvidence(
    deps,
    fundId,
    {
      sha256,
      contentType,
      size: bytes.length,
      visibility: meta.visibility,
      ...(meta.fileName ? { fileName: meta.fileName } : {}),
    },
    actor,
  );
  return file;
}
