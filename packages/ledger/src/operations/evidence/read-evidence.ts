import { type Actor, isAllowed } from '../../access/access.ts';
import type { EvidenceDeps } from '../../ports/evidence-files.ts';
import { readEvidenceAccess, readPrivateEvidenceAccess } from './access.ts';

/**
 * A short-lived link to a receipt: public ones for anyone, private ones for the fund's officers.
 * Undefined when there is no such file, or it is not this actor's to see, or its bytes never came.
 */
export async function evidenceLink(
  deps: EvidenceDeps,
  fundId: string,
  sha256: string,
  actor: Actor,
): Promise<string | undefined> {
  const file = await deps.store.evidence.get(fundId, sha256);
  if (!file) return undefined;
  const access = file.visibility === 'public' ? readEvidenceAccess : readPrivateEvidenceAccess;
  if (!isAllowed(access, actor, { fundId })) return undefined;
  if (!(await deps.evidence.has(fundId, sha256))) return undefined;
  return deps.evidence.readUrl(fundId, sha256, file.contentType);
}
