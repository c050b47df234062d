import { ACCOUNTS } from './accounts.ts';
import { fingerprint } from './canonical.ts';
import { type DraftBase, donationDraft, feeDraft, partialReversalDraft } from './drafts.ts';
import { ANONYMOUS_NAME, type Entry, type EntryDraft } from './entry.ts';
import { addMoney } from './money.ts';
import {
  applyToPledge,
  PLEDGE,
  type Pledge,
  type PledgeDeps,
  pledgeWrite,
  publicDonorOf,
  statusOf,
} from './pledges.ts';
import type { RecordWrite } from './ports.ts';

/** What a checkout needs to know; the Stripe adapter implements it. */
export interface CardCheckout {
  createCheckout(request: {
    fundId: string;
    fundName: string;
    pledgeId: string;
    reference: string;
    amount: number;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ sessionId: string; url: string }>;
}

export interface CardPaymentFacts {
  fundId: string;
  pledgeId?: string;
  paymentIntentId: string;
  amount: number;
  occurredAt: string;
}

/**
 * A card payment confirmed by Stripe. Keyed by the PaymentIntent, so the completed event, the
 * async-succeeded event and a refund arriving first all lead to the one same entry. Money for
 * an unknown or cancelled pledge is kept as a donation with the Stripe reference.
 */
export async function recordCardPayment(deps: PledgeDeps, facts: CardPaymentFacts) {
  const key = `stripe:${facts.paymentIntentId}`;
  const result = await deps.store.append(facts.fundId, {
    idempotencyKey: key,
    // Only what identifies the payment: different events (completed, async succeeded, a refund's
    // charge) report the same payment with different timestamps.
    requestHash: fingerprint({
      fundId: facts.fundId,
      pledgeId: facts.pledgeId,
      paymentIntentId: facts.paymentIntentId,
      amount: facts.amount,
    }),
    prepare: async () => {
      const record = facts.pledgeId
        ? await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: facts.pledgeId })
        : undefined;
      const pledge = record?.value;
      const money = {
        amount: facts.amount,
        method: 'card' as const,
        receivedAt: facts.occurredAt,
        recordedBy: 'stripe',
        stripeId: facts.paymentIntentId,
      };
      if (pledge && record && pledge.fundId === facts.fundId && pledge.status !== 'cancelled') {
        const { drafts, updated } = applyToPledge(key, pledge, money);
        return {
          drafts,
          records: (entries: Entry[]) => [pledgeWrite(updated(entries), record.version)],
          respond: (entries: Entry[]) => ({ entries, pledgeId: pledge.pledgeId }),
        };
      }
      const base: DraftBase = {
        id: key,
        occurredAt: facts.occurredAt,
        recordedAt: deps.clock().toISOString(),
        recordedBy: 'stripe',
        memo: 'Thanh toán thẻ không khớp cam kết nào',
      };
      const donor = pledge
        ? publicDonorOf(pledge)
        : { id: `stripe:${facts.paymentIntentId}`, displayName: ANONYMOUS_NAME };
      return {
        drafts: [donationDraft(base, { donor, ...money })],
        respond: (entries: Entry[]) => ({ entries }),
      };
    },
  });
  return { entries: result.entries, replayed: result.replayed };
}

/** Stripe's fee on a payment, as its own entry. */
export async function recordCardFee(
  deps: PledgeDeps,
  facts: { fundId: string; paymentIntentId: string; fee: number; occurredAt: string },
) {
  const key = `stripe-fee:${facts.paymentIntentId}`;
  const result = await deps.store.append(facts.fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({
      fundId: facts.fundId,
      paymentIntentId: facts.paymentIntentId,
      fee: facts.fee,
    }),
    prepare: () => ({
      drafts: [
        feeDraft(
          {
            id: key,
            occurredAt: facts.occurredAt,
            recordedAt: deps.clock().toISOString(),
            recordedBy: 'stripe',
            memo: 'Phí thanh toán thẻ (Stripe)',
          },
          { amount: facts.fee, stripeId: facts.paymentIntentId },
        ),
      ],
    }),
  });
  return { entries: result.entries, replayed: result.replayed };
}

const stripeAmountOf = (entry: Entry) =>
  entry.postings.find((p) => p.account === ACCOUNTS.stripe)?.amount ?? 0;

/**
 * A refund Stripe reports with the charge's cumulative `amount_refunded`: only the part not
 * yet reversed is reversed, so a repeated or late event adds nothing. The pledge it paid owes
 * that part again.
 */
export async function recordCardRefund(
  deps: PledgeDeps,
  facts: {
    fundId: string;
    paymentIntentId: string;
    chargeId: string;
    amountRefunded: number;
    occurredAt: string;
  },
) {
  const key = `stripe-refund:${facts.chargeId}:${facts.amountRefunded}`;
  const result = await deps.store.append(facts.fundId, {
    idempotencyKey: key,
    requestHash: fingerprint({
      fundId: facts.fundId,
      paymentIntentId: facts.paymentIntentId,
      chargeId: facts.chargeId,
      amountRefunded: facts.amountRefunded,
    }),
    prepare: async () => {
      const related = await deps.store.entriesByExternalRef(facts.fundId, {
        stripeId: facts.paymentIntentId,
      });
      const originals = related.filter((e) => e.kind === 'payment' || e.kind === 'donation');
      const reversedBySeq = new Map<number, number>();
      for (const e of related) {
        if (e.kind === 'reversal' && e.refs.reverses !== undefined) {
          reversedBySeq.set(
            e.refs.reverses,
            addMoney(reversedBySeq.get(e.refs.reverses) ?? 0, -stripeAmountOf(e)),
          );
        }
      }
      const already = [...reversedBySeq.values()].reduce((a, b) => addMoney(a, b), 0);
      let remaining = facts.amountRefunded - already;
      const drafts: EntryDraft[] = [];
      const pledgeRefunds = new Map<string, number>();
      for (const original of originals) {
        if (remaining <= 0) break;
        const left = stripeAmountOf(original) - (reversedBySeq.get(original.seq) ?? 0);
        const amount = Math.min(left, remaining);
        if (amount <= 0) continue;
        const base: DraftBase = {
          id: drafts.length === 0 ? key : `${key}:${drafts.length + 1}`,
          occurredAt: facts.occurredAt,
          recordedAt: deps.clock().toISOString(),
          recordedBy: 'stripe',
        };
        drafts.push(
          partialReversalDraft(base, original, amount, 'Hoàn tiền thẻ cho người ủng hộ (Stripe)'),
        );
        remaining -= amount;
        if (original.kind === 'payment' && original.refs.pledgeId) {
          pledgeRefunds.set(
            original.refs.pledgeId,
            (pledgeRefunds.get(original.refs.pledgeId) ?? 0) + amount,
          );
        }
      }
      const writes: RecordWrite[] = [];
      for (const [pledgeId, amount] of pledgeRefunds) {
        const record = await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: pledgeId });
        if (!record) continue;
        const paid = record.value.paid - amount;
        const after = { ...record.value, paid, status: statusOf({ ...record.value, paid }) };
        writes.push(pledgeWrite(after, record.version));
      }
      return { drafts, records: () => writes, respond: (entries: Entry[]) => ({ entries }) };
    },
  });
  return { entries: result.entries, replayed: result.replayed };
}

/** An asynchronous card payment failed: nothing enters the journal; the pledge page says so. */
export async function noteCardFailure(
  deps: PledgeDeps,
  pledgeId: string,
  reason: string,
  at: string,
) {
  const record = await deps.store.getRecord<Pledge>({ collection: PLEDGE, id: pledgeId });
  if (!record || record.value.status === 'paid' || record.value.status === 'cancelled')
    return false;
  await deps.store.writeRecord(
    pledgeWrite({ ...record.value, lastCardFailure: { at, reason } }, record.version),
  );
  return true;
}
