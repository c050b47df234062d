import {
  type Actor,
  IdempotencyConflictError,
  type LedgerDeps,
  noteCardFailure,
  recordCardFee,
  recordCardPayment,
  recordCardRefund,
} from '@soquy/ledger';
import type Stripe from 'stripe';
import { cardFee } from './client.ts';
import { StripeEventError } from './errors.ts';
import {
  assertNotInFuture,
  isOurs,
  paidSessionSchema,
  parseEventPart,
  refundedChargeSchema,
  type StripeWebhookEvent,
  sessionSchema,
} from './event-schema.ts';

export interface EventOutcome {
  handled: boolean;
  entries: number;
  /** Why an event was answered 200 without being recorded. */
  ignored?: string;
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Stripe, as the operations see it once its signature checked out. */
const STRIPE: Actor = { kind: 'processor', name: 'stripe' };

const OBJECT = 'data.object';

/**
 * Answered 200: Stripe retries anything else for days and then disables the endpoint, which
 * would also stop the events that are ours. Used for objects another integration on the same
 * Stripe account created (no soquy metadata), never for a soquy object that is malformed.
 */
const notOurs = (what: string): EventOutcome => ({
  handled: false,
  entries: 0,
  ignored: `${what} carries no soquy metadata (fundId): not created by soquy`,
});

/**
 * Turns a verified Stripe event into journal entries. Every path is idempotent on Stripe's own
 * ids, so repeated or out-of-order deliveries leave one entry per payment, fee and refund.
 * Each object is checked (amounts whole and positive, VND, ids, metadata, times not ahead of
 * our clock) before anything is read or written: a malformed one is a StripeEventError (400).
 */
export async function handleStripeEvent(
  deps: LedgerDeps,
  stripe: Stripe,
  event: StripeWebhookEvent,
): Promise<EventOutcome> {
  const now = deps.clock();
  assertNotInFuture(event.created, now, 'created');
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      if (!isOurs(object, OBJECT)) return notOurs('The Checkout Session');
      const session = parseEventPart(sessionSchema, object, OBJECT, 'The Checkout Session');
      // A bank-debit style payment completes the session unpaid; async_payment_succeeded follows.
      if (session.payment_status !== 'paid') return { handled: true, entries: 0 };
      const paid = parseEventPart(paidSessionSchema, object, OBJECT, 'The paid Checkout Session');
      return recordPaid(deps, stripe, {
        fundId: paid.metadata.fundId,
        pledgeId: paid.metadata.pledgeId,
        paymentIntentId: paid.payment_intent,
        amount: paid.amount_total,
        occurredAt: isoOf(event.created),
      });
    }
    case 'checkout.session.async_payment_failed': {
      if (!isOurs(object, OBJECT)) return notOurs('The Checkout Session');
      const session = parseEventPart(sessionSchema, object, OBJECT, 'The Checkout Session');
      const pledgeId = session.metadata.pledgeId;
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
      if (!isOurs(object, OBJECT)) return notOurs('The charge');
      const charge = parseEventPart(refundedChargeSchema, object, OBJECT, 'The refunded charge');
      const chargedAt = charge.created ?? event.created;
      assertNotInFuture(chargedAt, now, `${OBJECT}.created`);
      const fundId = charge.metadata.fundId;
      // The refund may arrive before the payment's own event: record the payment first.
      const paid = await recordPaid(deps, stripe, {
        fundId,
        pledgeId: charge.metadata.pledgeId,
        paymentIntentId: charge.payment_intent,
        amount: charge.amount,
        occurredAt: isoOf(chargedAt),
      });
      // Stripe's amount_refunded only grows; an older, smaller one arriving late adds nothing
      // and, like a repeat, writes nothing.
      const refund = await conflictsExplained(
        () =>
          recordCardRefund(
            deps,
            {
              fundId,
              paymentIntentId: charge.payment_intent,
              chargeId: charge.id,
              amountRefunded: charge.amount_refunded,
              occurredAt: isoOf(event.created),
            },
            STRIPE,
          ),
        `refund of charge ${charge.id}`,
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

/**
 * The same Stripe object reported with other facts than those recorded for it (another amount,
 * fund or pledge): 409 with a message that says so, rather than one about idempotency keys.
 */
async function conflictsExplained<T>(record: () => Promise<T>, what: string): Promise<T> {
  try {
    return await record();
  } catch (error) {
    if (!(error instanceof IdempotencyConflictError)) throw error;
    throw new StripeEventError(
      'stripe_event_conflict',
      `This event reports the ${what} with other facts (amount, fund or pledge) than were already recorded for it; nothing was changed.`,
      undefined,
      { cause: error },
    );
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
  const payment = await conflictsExplained(
    () =>
      recordCardPayment(
        deps,
        {
          fundId: facts.fundId,
          ...(facts.pledgeId ? { pledgeId: facts.pledgeId } : {}),
          paymentIntentId: facts.paymentIntentId,
          amount: facts.amount,
          occurredAt: facts.occurredAt,
        },
        STRIPE,
      ),
    `payment ${facts.paymentIntentId}`,
  );
  let entries = payment.replayed ? 0 : payment.entries.length;
  const fee = await cardFee(stripe, facts.paymentIntentId);
  if (fee !== undefined) {
    const feeEntry = await conflictsExplained(
      () =>
        recordCardFee(
          deps,
          {
            fundId: facts.fundId,
            paymentIntentId: facts.paymentIntentId,
            fee,
            occurredAt: facts.occurredAt,
          },
          STRIPE,
        ),
      `fee of payment ${facts.paymentIntentId}`,
    );
    if (!feeEntry.replayed) entries += 1;
  }
  return { handled: true, entries };
}
