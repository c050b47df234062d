import { type Actor, assertAllowed } from '../../access/access.ts';
import type { LedgerDeps, PreparedAppend, RecordChange } from '../../ports/ledger-store.ts';
import { ACCOUNTS } from '../../primitives/accounts.ts';
import { fingerprint } from '../../primitives/canonical.ts';
import { donationDraft, feeDraft, partialReversalDraft } from '../../primitives/drafts.ts';
import type { Entry, EntryDraft } from '../../primitives/entry.ts';
import { addMoney, assertAmount } from '../../primitives/money.ts';
import {
  applyToPledge,
  type MoneyFacts,
  publicDonorOf,
  withPaid,
} from '../../primitives/pledges.ts';
import type { Pledge, Versioned } from '../../primitives/records.ts';
import { ANONYMOUS_NAME } from '../../primitives/rules.ts';
import { recordCardPaymentAccess } from './access.ts';

const RECORDED_BY = 'stripe';

export interface CardPaymentFacts {
  fundId: string;
  pledgeId?: string;
  paymentIntentId: string;
  amount: number;
  occurredAt: string;
}

/**
 * The decision for a confirmed card payment: on its pledge when that pledge is open in this
 * fund, otherwise a donation that keeps the Stripe reference.
 */
export function decideCardPayment(
  facts: CardPaymentFacts,
  record: Versioned<Pledge> | undefined,
  context: { key: string; at: string },
): PreparedAppend {
  // A negative amount would lower what the pledge says was paid with no entry at all.
  assertAmount(facts.amount, 'card payment amount');
  const pledge = record?.value;
  const money: MoneyFacts = {
    amount: facts.amount,
    method: 'card',
    receivedAt: facts.occurredAt,
    recordedAt: context.at,
    recordedBy: RECORDED_BY,
    stripeId: facts.paymentIntentId,
  };
  if (record && pledge && pledge.fundId === facts.fundId && pledge.status !== 'cancelled') {
    const { drafts, updated } = applyToPledge(context.key, pledge, money);
    return {
      drafts,
      records: (entries) => [
        { type: 'pledge', pledge: updated(entries), expectedVersion: record.version },
      ],
      respond: (entries) => ({ entries, pledgeId: pledge.pledgeId }),
    };
  }
  const donor = pledge
    ? publicDonorOf(pledge)
    : { id: `stripe:${facts.paymentIntentId}`, displayName: ANONYMOUS_NAME };
  return {
    drafts: [
      donationDraft(
        {
          id: context.key,
          occurredAt: facts.occurredAt,
          recordedAt: context.at,
          recordedBy: RECORDED_BY,
          memo: 'Thanh toán thẻ không khớp cam kết nào',
        },
        { donor, ...money },
      ),
    ],
    respond: (entries) => ({ entries }),
  };
}

/**
 * A card payment confirmed by Stripe. Keyed by the PaymentIntent, so the completed event, the
 * async-succeeded event and a refund arriving first all lead to the one same entry.
 */
export async function recordCardPayment(deps: LedgerDeps, facts: CardPaymentFacts, actor: Actor) {
  assertAllowed(recordCardPaymentAccess, actor, { fundId: facts.fundId });
  assertAmount(facts.amount, 'card payment amount');
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
    prepare: async () =>
      decideCardPayment(
        facts,
        facts.pledgeId ? await deps.store.pledges.get(facts.pledgeId) : undefined,
        { key, at: deps.clock().toISOString() },
      ),
  });
  return { entries: result.entries, replayed: result.replayed };
}

/** Stripe's fee on a payment, as its own entry. */
export async function recordCardFee(
  deps: LedgerDeps,
  facts: { fundId: string; paymentIntentId: string; fee: number; occurredAt: string },
  actor: Actor,
) {
  assertAllowed(recordCardPaymentAccess, actor, { fundId: facts.fundId });
  assertAmount(facts.fee, 'card fee');
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
            recordedBy: RECORDED_BY,
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

export interface CardRefundFacts {
  fundId: string;
  paymentIntentId: string;
  chargeId: string;
  /** Stripe's cumulative `amount_refunded` on the charge. */
  amountRefunded: number;
  occurredAt: string;
}

/**
 * The decision for a refund: only the part not yet reversed is reversed, so a repeated or late
 * event adds nothing, and never more than the card payment and gift it refunds (a larger
 * amount is capped there). Returns the drafts and, per pledge paid by the refunded entries,
 * how much it owes again.
 */
export function decideCardRefund(
  facts: CardRefundFacts,
  related: readonly Entry[],
  context: { key: string; at: string },
): { drafts: EntryDraft[]; pledgeRefunds: Map<string, number>; fullyReversed: number[] } {
  assertAmount(facts.amountRefunded, 'amount refunded');
  const originals = related.filter((e) => e.kind === 'payment' || e.kind === 'donation');
  const refundable = new Set(originals.map((e) => e.seq));
  const reversedBySeq = new Map<number, number>();
  for (const e of related) {
    // Only reversals of the money received count as refunded: a reversed fee entry (which
    // carries the same Stripe id) puts money back into Stripe, it refunds no one.
    if (e.kind === 'reversal' && e.refs.reverses !== undefined && refundable.has(e.refs.reverses)) {
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
  const fullyReversed: number[] = [];
  for (const original of originals) {
    if (remaining <= 0) break;
    const left = stripeAmountOf(original) - (reversedBySeq.get(original.seq) ?? 0);
    const amount = Math.min(left, remaining);
    if (amount <= 0) continue;
    drafts.push(
      partialReversalDraft(
        {
          id: drafts.length === 0 ? context.key : `${context.key}:${drafts.length + 1}`,
          occurredAt: facts.occurredAt,
          recordedAt: context.at,
          recordedBy: RECORDED_BY,
        },
        original,
        amount,
        'Hoàn tiền thẻ cho người ủng hộ (Stripe)',
      ),
    );
    remaining -= amount;
    if (amount === left) fullyReversed.push(original.seq);
    if (original.kind === 'payment' && original.refs.pledgeId) {
      pledgeRefunds.set(
        original.refs.pledgeId,
        addMoney(pledgeRefunds.get(original.refs.pledgeId) ?? 0, amount),
      );
    }
  }
  return { drafts, pledgeRefunds, fullyReversed };
}

/** Thrown from `prepare` to leave the journal and the idempotency records untouched. */
class NothingToRefund extends Error {}

/**
 * A refund Stripe reports; the pledge it paid owes the refunded part again. When nothing is
 * left to reverse (an older, smaller `amountRefunded` arriving late, a refund already taken back
 * by a treasurer's reversal) nothing at all is written, not even the idempotency record.
 */
export async function recordCardRefund(
  deps: LedgerDeps,
  facts: CardRefundFacts,
  actor: Actor,
): Promise<{ entries: Entry[]; replayed: boolean }> {
  assertAllowed(recordCardPaymentAccess, actor, { fundId: facts.fundId });
  assertAmount(facts.amountRefunded, 'amount refunded');
  const key = `stripe-refund:${facts.chargeId}:${facts.amountRefunded}`;
  try {
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
        const at = deps.clock().toISOString();
        const { drafts, pledgeRefunds, fullyReversed } = decideCardRefund(facts, related, {
          key,
          at,
        });
        if (drafts.length === 0) throw new NothingToRefund();
        // As a treasurer's reversal does: an entry refunded in full cannot be reversed again.
        const writes: RecordChange[] = fullyReversed.map((seq) => ({
          type: 'reversal-claim',
          fundId: facts.fundId,
          seq,
          by: RECORDED_BY,
          at,
        }));
        for (const [pledgeId, amount] of pledgeRefunds) {
          const record = await deps.store.pledges.get(pledgeId);
          if (!record) continue;
          writes.push({
            type: 'pledge',
            pledge: withPaid(record.value, -amount),
            expectedVersion: record.version,
          });
        }
        // Each claim notes its reversal's seq, so the refunded entry can link to it.
        const withSeqs = (entries: Entry[]) =>
          writes.map((w): RecordChange => {
            if (w.type !== 'reversal-claim') return w;
            const reversal = entries.find((e) => e.refs.reverses === w.seq);
            return reversal ? { ...w, reversalSeq: reversal.seq } : w;
          });
        return { drafts, records: withSeqs, respond: (entries: Entry[]) => ({ entries }) };
      },
    });
    return { entries: result.entries, replayed: result.replayed };
  } catch (error) {
    if (error instanceof NothingToRefund) return { entries: [], replayed: false };
    throw error;
  }
}

/** An asynchronous card payment failed: nothing enters the journal; the pledge page says so. */
export async function noteCardFailure(
  deps: LedgerDeps,
  pledgeId: string,
  reason: string,
  at: string,
  actor: Actor,
) {
  const record = await deps.store.pledges.get(pledgeId);
  if (!record) return false;
  assertAllowed(recordCardPaymentAccess, actor, { fundId: record.value.fundId });
  if (record.value.status === 'paid' || record.value.status === 'cancelled') return false;
  await deps.store.pledges.save(
    { ...record.value, lastCardFailure: { at, reason } },
    record.version,
  );
  return true;
}
