import type { PaymentMethod } from './accounts.ts';
import { type DraftBase, donationDraft, paymentDraft } from './drafts.ts';
import type { Entry, EntryDraft, PublicDonor } from './entry.ts';
import { addMoney } from './money.ts';
import type { Pledge, PledgeStatus } from './records.ts';
import { ANONYMOUS_NAME } from './rules.ts';

/** What a pledge still owes: pledged, less paid and withdrawn. */
export function outstandingOf(pledge: Pick<Pledge, 'amount' | 'paid' | 'cancelled'>): number {
  return Math.max(0, pledge.amount - pledge.paid - pledge.cancelled);
}

export function statusOf(
  pledge: Pick<Pledge, 'amount' | 'paid' | 'cancelled' | 'status'>,
): PledgeStatus {
  if (pledge.status === 'cancelled') return 'cancelled';
  if (pledge.paid >= pledge.amount) return 'paid';
  return pledge.paid > 0 ? 'partially_paid' : 'pledged';
}

/** The pledge after `paidDelta` more (or, negative, less) was paid on it. */
export function withPaid(pledge: Pledge, paidDelta: number): Pledge {
  const paid = addMoney(pledge.paid, paidDelta);
  return { ...pledge, paid, status: statusOf({ ...pledge, paid }) };
}

/** The donor as the public sees them: never contact data. */
export function publicDonorOf(pledge: Pick<Pledge, 'donorId' | 'donor'>): PublicDonor {
  return {
    id: pledge.donorId,
    displayName: pledge.donor.showName ? pledge.donor.name : ANONYMOUS_NAME,
    kind: pledge.donor.kind,
  };
}

/** Money received, as the one who records it knows it. */
export interface MoneyFacts {
  amount: number;
  method: PaymentMethod;
  receivedAt: string;
  recordedAt: string;
  recordedBy: string;
  receiptNo?: string;
  bankRef?: string;
  stripeId?: string;
}

/**
 * Money received for a pledge: what is outstanding becomes a payment, anything more a
 * donation from the same donor. Returns the drafts and the pledge after them.
 */
export function applyToPledge(key: string, pledge: Pledge, money: MoneyFacts) {
  const toPledge = Math.min(money.amount, outstandingOf(pledge));
  const excess = money.amount - toPledge;
  const base: DraftBase = {
    id: key,
    occurredAt: money.receivedAt,
    recordedAt: money.recordedAt,
    recordedBy: money.recordedBy,
  };
  const refs = { bankRef: money.bankRef, receiptNo: money.receiptNo, stripeId: money.stripeId };
  const drafts: EntryDraft[] = [];
  if (toPledge > 0) {
    drafts.push(
      paymentDraft(base, {
        pledgeId: pledge.pledgeId,
        reference: pledge.reference,
        donor: publicDonorOf(pledge),
        amount: toPledge,
        method: money.method,
        ...refs,
      }),
    );
  }
  if (excess > 0) {
    drafts.push(
      donationDraft(
        {
          ...base,
          id: toPledge > 0 ? `${key}:excess` : key,
          memo: `Vượt số cam kết ${pledge.reference}`,
        },
        { donor: publicDonorOf(pledge), amount: excess, method: money.method, ...refs },
      ),
    );
  }
  const updated = (entries: Entry[]): Pledge => {
    const payment = toPledge > 0 ? entries[0] : undefined;
    const after = withPaid(pledge, toPledge);
    if (!payment) return after;
    return {
      ...after,
      payments: [
        ...pledge.payments,
        {
          seq: payment.seq,
          hash: payment.hash,
          amount: toPledge,
          method: money.method,
          receivedAt: money.receivedAt,
          ...(money.receiptNo ? { receiptNo: money.receiptNo } : {}),
          ...(money.bankRef ? { bankRef: money.bankRef } : {}),
          ...(money.stripeId ? { stripeId: money.stripeId } : {}),
        },
      ],
    };
  };
  return { drafts, updated };
}
