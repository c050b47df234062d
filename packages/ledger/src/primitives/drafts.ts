import { InvalidEntryError } from '../errors.ts';
import { ACCOUNTS, expenseAccount, moneyAccountFor, type PaymentMethod } from './accounts.ts';
import type { Entry, EntryDraft, EntryRefs, PublicDonor, PublicPayee } from './entry.ts';
import { assertAmount } from './money.ts';

/** What every kind of entry needs from its use case. */
export interface DraftBase {
  id: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  memo?: string;
  evidence?: string[];
}

function draft(
  base: DraftBase,
  kind: EntryDraft['kind'],
  postings: EntryDraft['postings'],
  refs: EntryRefs,
  donor?: PublicDonor,
  payee?: PublicPayee,
): EntryDraft {
  return {
    id: base.id,
    kind,
    occurredAt: base.occurredAt,
    recordedAt: base.recordedAt,
    recordedBy: base.recordedBy,
    postings,
    refs: Object.fromEntries(Object.entries(refs).filter(([, v]) => v !== undefined)),
    memo: base.memo ?? '',
    evidence: base.evidence ?? [],
    ...(donor ? { donor } : {}),
    ...(payee ? { payee } : {}),
  };
}

interface PledgeFacts {
  pledgeId: string;
  reference: string;
  donor: PublicDonor;
  amount: number;
}

/** A promise to give: receivable up, pledged income up. */
export function pledgeDraft(base: DraftBase, p: PledgeFacts): EntryDraft {
  const amount = assertAmount(p.amount);
  return draft(
    base,
    'pledge',
    [
      { account: ACCOUNTS.pledges, amount },
      { account: ACCOUNTS.pledgedIncome, amount: -amount },
    ],
    { pledgeId: p.pledgeId, pledgeReference: p.reference },
    p.donor,
  );
}

/** Withdraws what is still outstanding on a pledge. */
export function pledgeCancelDraft(base: DraftBase, p: PledgeFacts): EntryDraft {
  const amount = assertAmount(p.amount);
  return draft(
    base,
    'pledge_cancel',
    [
      { account: ACCOUNTS.pledgedIncome, amount },
      { account: ACCOUNTS.pledges, amount: -amount },
    ],
    { pledgeId: p.pledgeId, pledgeReference: p.reference },
    p.donor,
  );
}

interface MoneyIn {
  amount: number;
  method: PaymentMethod;
  donor: PublicDonor;
  bankRef?: string;
  receiptNo?: string;
  stripeId?: string;
}

/** Money paid on a pledge: bank, cash or Stripe up, receivable down. */
export function paymentDraft(
  base: DraftBase,
  p: MoneyIn & { pledgeId: string; reference: string },
): EntryDraft {
  const amount = assertAmount(p.amount);
  return draft(
    base,
    'payment',
    [
      { account: moneyAccountFor(p.method), amount },
      { account: ACCOUNTS.pledges, amount: -amount },
    ],
    {
      pledgeId: p.pledgeId,
      pledgeReference: p.reference,
      bankRef: p.bankRef,
      receiptNo: p.receiptNo,
      stripeId: p.stripeId,
    },
    p.donor,
  );
}

/** A gift with no pledge behind it: bank, cash or Stripe up, donations up. */
export function donationDraft(base: DraftBase, p: MoneyIn): EntryDraft {
  const amount = assertAmount(p.amount);
  return draft(
    base,
    'donation',
    [
      { account: moneyAccountFor(p.method), amount },
      { account: ACCOUNTS.donations, amount: -amount },
    ],
    { bankRef: p.bankRef, receiptNo: p.receiptNo, stripeId: p.stripeId },
    p.donor,
  );
}

/** Spending: the category's expense up, bank or cash down. */
export function disbursementDraft(
  base: DraftBase,
  p: {
    disbursementId: string;
    category: string;
    amount: number;
    method: 'cash' | 'transfer';
    bankRef?: string;
    payee?: PublicPayee;
  },
): EntryDraft {
  const amount = assertAmount(p.amount);
  const entry = draft(
    base,
    'disbursement',
    [
      { account: expenseAccount(p.category), amount },
      { account: moneyAccountFor(p.method), amount: -amount },
    ],
    { disbursementId: p.disbursementId, bankRef: p.bankRef },
  );
  return p.payee ? { ...entry, payee: p.payee } : entry;
}

/** A processor's fee, taken from the money it holds for the fund. */
export function feeDraft(base: DraftBase, p: { amount: number; stripeId: string }): EntryDraft {
  const amount = assertAmount(p.amount);
  return draft(
    base,
    'fee',
    [
      { account: ACCOUNTS.fees, amount },
      { account: ACCOUNTS.stripe, amount: -amount },
    ],
    { stripeId: p.stripeId },
  );
}

/** Undoes an entry by posting its opposite; the original stays in the journal. */
export function reversalDraft(base: DraftBase, original: Entry, reason: string): EntryDraft {
  if (reason.trim().length === 0) {
    throw new InvalidEntryError('A reversal needs a reason the public can read.');
  }
  return draft(
    { ...base, memo: reason.trim() },
    'reversal',
    original.postings.map((p) => ({ account: p.account, amount: -p.amount })),
    { ...original.refs, reverses: original.seq },
    original.donor,
    original.payee,
  );
}

/** Undoes part of a two-posting entry (a partial card refund): each posting moved back by `amount`. */
export function partialReversalDraft(
  base: DraftBase,
  original: Entry,
  amount: number,
  reason: string,
): EntryDraft {
  assertAmount(amount);
  if (original.postings.length !== 2) {
    throw new InvalidEntryError('Only an entry with two postings can be reversed in part.');
  }
  return draft(
    { ...base, memo: reason },
    'reversal',
    original.postings.map((p) => ({ account: p.account, amount: p.amount > 0 ? -amount : amount })),
    { ...original.refs, reverses: original.seq },
    original.donor,
    original.payee,
  );
}

/** Cash carried to the bank (`cash-to-bank`) or drawn from it (`bank-to-cash`). */
export function transferDraft(
  base: DraftBase,
  p: { direction: 'cash-to-bank' | 'bank-to-cash'; amount: number; bankRef?: string },
): EntryDraft {
  const amount = assertAmount(p.amount);
  const [to, from] =
    p.direction === 'cash-to-bank'
      ? [ACCOUNTS.bank, ACCOUNTS.cash]
      : [ACCOUNTS.cash, ACCOUNTS.bank];
  return draft(
    base,
    'transfer',
    [
      { account: to, amount },
      { account: from, amount: -amount },
    ],
    { bankRef: p.bankRef },
  );
}
