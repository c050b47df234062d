import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { DisbursementStatus } from '../../primitives/records.ts';
import { listDisbursementsAccess } from './access.ts';

/** A fund's disbursements in one status: the approval queue is `pending_approval`. */
export async function listDisbursements(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  status: DisbursementStatus,
  actor: Actor,
  limit = 100,
) {
  assertAllowed(listDisbursementsAccess, actor, { fundId });
  return deps.store.disbursements.list(fundId, status, limit);
}
