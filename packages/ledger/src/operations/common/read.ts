import { DisbursementNotFoundError, FundNotFoundError, PledgeNotFoundError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { FundState } from '../../primitives/fund.ts';

/** Reads the operations share: each turns "not there" into the error a user understands. */
type ReadDeps = Pick<LedgerDeps, 'store'>;

export async function requireFund(deps: ReadDeps, fundId: string): Promise<FundState> {
  const state = await deps.store.getFund(fundId);
  if (!state) throw new FundNotFoundError(fundId);
  return state;
}

export async function requirePledge(deps: ReadDeps, pledgeId: string) {
  const record = await deps.store.pledges.get(pledgeId);
  if (!record) throw new PledgeNotFoundError(pledgeId);
  return record;
}

export async function requireDisbursement(deps: ReadDeps, id: string) {
  const record = await deps.store.disbursements.get(id);
  if (!record) throw new DisbursementNotFoundError(id);
  return record;
}
