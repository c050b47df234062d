import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import type { PledgeMethod, PledgePayment, PledgeStatus } from '../../primitives/records.ts';
import { requirePledge } from '../common/read.ts';
import { readPledgeAccess } from './access.ts';
import { manageTokenFacts } from './manage-token.ts';

/** What the pledger's page shows. */
export interface PledgeView {
  pledgeId: string;
  fundId: string;
  reference: string;
  donorName: string;
  showName: boolean;
  amount: number;
  method: PledgeMethod;
  status: PledgeStatus;
  paid: number;
  cancelled: number;
  outstanding: number;
  createdAt: string;
  pledgeSeq: number;
  pledgeHash: string;
  payments: PledgePayment[];
  lastCardFailure?: { at: string; reason: string };
}

/** The pledge as its manage link shows it; a wrong token looks like no pledge at all. */
export async function getPledge(
  deps: Pick<LedgerDeps, 'store'>,
  pledgeId: string,
  actor: Actor,
): Promise<PledgeView> {
  const { value: p } = await requirePledge(deps, pledgeId);
  assertAllowed(readPledgeAccess, actor, { fundId: p.fundId, ...manageTokenFacts(p, actor) });
  return {
    pledgeId: p.pledgeId,
    fundId: p.fundId,
    reference: p.reference,
    donorName: p.donor.name,
    showName: p.donor.showName,
    amount: p.amount,
    method: p.method,
    status: p.status,
    paid: p.paid,
    cancelled: p.cancelled,
    outstanding: outstandingOf(p),
    createdAt: p.createdAt,
    pledgeSeq: p.pledgeSeq,
    pledgeHash: p.pledgeHash,
    payments: p.payments,
    ...(p.lastCardFailure ? { lastCardFailure: p.lastCardFailure } : {}),
  };
}
