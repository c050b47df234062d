import {
  type Actor,
  type LedgerDeps,
  noteCardFailure,
  recordCardFee,
  recordCardPayment,
  recordCardRefund,
} from '@soquy/ledger';
import type Stripe from 'stripe';
import { cardFee } from './client.ts';

export interface EventOutcome {
  handled: boolean;
  entries: number;
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();
const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

/** Stripe, as the operations see it once its signature checked out. */
const STRIPE: Actor = { kind: 'processor', name: 'stripe' };

/**
 * Turns a verified Stripe event into journal entries. Every path is idempotent on Stripe's own
 * ids, so repeated or out-of-order deliveries leave one entry per payment, fee and refund.
 */
export async function handleStripeEvent(
  deps: LedgerDeps,
  stripe: Stripe,
  event: Stripe.Event,
): Promise<EventOutcome> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      // A bank-debit style payment completes the session unpaid; async_payment_succeeded follows.
      if (session.payment_status !== 'paid') return { handled: true, entries: 0 };
      const paymentIntentId = idOf(session.payment_intent as string | null);
      if (!paymentIntentId || session.amount_total === null) return { handled: false, entries: 0 };
      return recordPaid(deps, stripe, {
        fundId: session.metadata?.fundId ?? '',
        pledgeId: session.metadata?.pledgeId,
        paymentIntentId,
        amount: session.amount_total,
        occurredAt: isoOf(event.created),
      });
    }
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      const pledgeId = session.metadata?.pledgeId;
      if (pledgeId)
        await noteCardFailure(
          deps,
          pledgeId,
          'Thanh toán không thành công',
          isoOf(event.created),
          STRIPE,
        );
      return { handled: true, entries: 0 };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const paymentIntentId = idOf(charge.payment_intent as string | null);
      const fundId = charge.metadata?.fundId;
      if (!paymentIntentId || !fundId) return { handled: false, entries: 0 };
      // The refund may arrive before the payment's own event: record the payment first.
      const paid = await recordPaid(deps, stripe, {
        fundId,
        pledgeId: charge.metadata?.pledgeId,
        paymentIntentId,
        amount: charge.amount,
        occurredAt: isoOf(charge.created ?? event.created),
      });
      const refund = await recordCardRefund(
        deps,
        {
          fundId,
          paymentIntentId,
          chargeId: charge.id,
          amountRefunded: charge.amount_refunded,
          occurredAt: isoOf(event.created),
        },
        STRIPE,
      );
      return {
        handled: true,
        entries: paid.entries + (refund.replayed ? 0 : refund.entries.length),
      };
    }
    default:
      return { handled: false, entries: 0 };
  }
}

async function recordPaid(
  deps: LedgerDeps,
  stripe: Stripe,
  facts: {
    fundId: string;
    pledgeId: string | undefined;
    paymentIntentId: string;
    amount: number;
    occurredAt: string;
  },
): Promise<EventOutcome> {
  const payment = await recordCardPayment(
    deps,
    {
      fundId: facts.fundId,
      ...(facts.pledgeId ? { pledgeId: facts.pledgeId } : {}),
      paymentIntentId: facts.paymentIntentId,
      amount: facts.amount,
      occurredAt: facts.occurredAt,
    },
    STRIPE,
  );
  let entries = payment.replayed ? 0 : payment.entries.length;
  const fee = await cardFee(stripe, facts.paymentIntentId);
  if (fee !== undefined) {
    const feeEntry = await recordCardFee(
      deps,
      {
        fundId: facts.fundId,
        paymentIntentId: facts.paymentIntentId,
        fee,
        occurredAt: facts.occurredAt,
      },
      STRIPE,
    );
    if (!feeEntry.replayed) entries += 1;
  }
  return { handled: true, entries };
}
