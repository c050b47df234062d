import { type Actor, actorName, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { ACCOUNTS } from '../../primitives/accounts.ts';
import type { Entry } from '../../primitives/entry.ts';
import { addMoney } from '../../primitives/money.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import type { PledgeMethod, PledgePayment, PledgeStatus } from '../../primitives/records.ts';
import { requirePledge } from '../common/read.ts';
import { readPledgeAccess } from './access.ts';
import { manageTokenFacts } from './manage-token.ts';

/** A payment as its pledger sees it: what came in, and what of it went back. */
export interface PledgePaymentView extends PledgePayment {
  /** Refunded to the donor by card (Stripe's refunds), in đồng. */
  refunded: number;
  /** Taken back by a treasurer's reversal (a chargeback, a payment recorded by mistake). */
  reversed: number;
  /** Whether the journal still has this receipt's hash at its seq. */
  receipt: ReceiptCheck;
}

/** `matches`: the entry at the seq has the receipt's hash; `mismatch`: another hash is there. */
export type ReceiptCheck = 'matches' | 'mismatch' | 'missing';

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
  /** Paid on this pledge and still kept: refunds and reversals already taken off. */
  paid: number;
  /** Refunded by card, over all payments. */
  refunded: number;
  cancelled: number;
  outstanding: number;
  createdAt: string;
  pledgeSeq: number;
  pledgeHash: string;
  payments: PledgePaymentView[];
  lastCardFailure?: { at: string; reason: string };
}

/** Stripe's refunds are recorded under the processor's name (see the card-payment operation). */
const BY_STRIPE = actorName({ kind: 'processor', name: 'stripe' });

/**
 * Each payment with what its reversals in the journal took back: the pledge record keeps the
 * sum (`paid`), the journal says which payment was refunded, by whom, and how much.
 */
export function paymentsWithReversals(
  payments: readonly PledgePayment[],
  about: readonly Entry[],
): Omit<PledgePaymentView, 'receipt'>[] {
  const back = new Map<number, { refunded: number; reversed: number }>();
  for (const e of about) {
    if (e.kind !== 'reversal' || e.refs.reverses === undefined) continue;
    // A payment took the receivable down; its reversal puts that much back.
    const amount = e.postings.find((p) => p.account === ACCOUNTS.pledges)?.amount ?? 0;
    if (amount <= 0) continue;
    const sums = back.get(e.refs.reverses) ?? { refunded: 0, reversed: 0 };
    if (e.recordedBy === BY_STRIPE) sums.refunded = addMoney(sums.refunded, amount);
    else sums.reversed = addMoney(sums.reversed, amount);
    back.set(e.refs.reverses, sums);
  }
  return payments.map((p) => ({ ...p, refunded: 0, reversed: 0, ...back.get(p.seq) }));
}

/**
 * Whether the journal still holds each receipt: the entry at the receipt's seq, read from the
 * table itself (not an index), must have the receipt's hash. A receipt is never re-pointed at
 * whatever now sits at its seq; a difference is shown to the donor as a mismatch.
 */
export async function checkReceipts(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  receipts: readonly { seq: number; hash: string }[],
): Promise<Map<number, ReceiptCheck>> {
  const found = await Promise.all(
    receipts.map(async ({ seq, hash }) => {
      const [entry] = await deps.store.readEntries(fundId, { after: seq - 1, limit: 1 });
      const check: ReceiptCheck =
        entry?.seq !== seq ? 'missing' : entry.hash === hash ? 'matches' : 'mismatch';
      return [seq, check] as const;
    }),
  );
  return new Map(found);
}

/** The pledge as its manage link shows it; a wrong token looks like no pledge at all. */
export async function getPledge(
  deps: Pick<LedgerDeps, 'store'>,
  pledgeId: string,
  actor: Actor,
): Promise<PledgeView> {
  const { value: p } = await requirePledge(deps, pledgeId);
  assertAllowed(readPledgeAccess, actor, { fundId: p.fundId, ...manageTokenFacts(p, actor) });
  // Only a pledge with payments can have had one refunded: the others cost no journal read.
  const about =
    p.payments.length > 0 ? await deps.store.entriesAbout(p.fundId, { pledgeId: p.pledgeId }) : [];
  const checked = await checkReceipts(deps, p.fundId, p.payments);
  const payments = paymentsWithReversals(p.payments, about).map((x) => ({
    ...x,
    receipt: checked.get(x.seq) ?? ('missing' as const),
  }));
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
    refunded: payments.reduce((sum, x) => addMoney(sum, x.refunded), 0),
    cancelled: p.cancelled,
    outstanding: outstandingOf(p),
    createdAt: p.createdAt,
    pledgeSeq: p.pledgeSeq,
    pledgeHash: p.pledgeHash,
    payments,
    ...(p.lastCardFailure ? { lastCardFailure: p.lastCardFailure } : {}),
  };
}
