import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import { DisbursementNotWithdrawableError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { Disbursement } from '../../primitives/records.ts';
import { requireDisbursement } from '../common/read.ts';
import { withdrawDisbursementAccess } from './access.ts';
import { closeRequest } from './decide-disbursement.ts';

/**
 * The treasurer who asked for the spending takes the request back while it still waits. A
 * pending request was never in the journal (only approval writes an entry), so withdrawing
 * writes no entry either: the request is kept, marked withdrawn, by whom and when, and a bank
 * line linked to it goes back to the review queue. Once approved, the spending is in the
 * journal and only a reversal undoes it; once rejected, there is nothing left to withdraw.
 */
export async function withdrawDisbursement(
  deps: LedgerDeps,
  id: string,
  actor: Actor,
): Promise<Disbursement> {
  const { value: d, version } = await requireDisbursement(deps, id);
  assertAllowed(withdrawDisbursementAccess, actor, {
    fundId: d.fundId,
    recordedBy: d.recordedBy,
  });
  if (d.status !== 'pending_approval')
    throw new DisbursementNotWithdrawableError(d.id, d.status, d.seq);
  const { bankLineId: _line, ...unlinked } = d;
  return closeRequest(deps, { value: d, version }, `withdraw:${id}`, {
    ...unlinked,
    status: 'withdrawn',
    decidedBy: actorName(actor),
    decidedAt: deps.clock().toISOString(),
  });
}
