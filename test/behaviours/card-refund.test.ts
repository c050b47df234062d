import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { eventOf, stripeClient, stripeSigner } from '../support/stripe.ts';
import { journalOf, openFund, type TestApi } from './helpers.ts';

/**
 * Behaviour 7: a card refund reported by Stripe (`charge.refunded`) is a reversal of the card
 * payment, and the pledge owes the refunded part again: paid goes down by exactly the refund.
 */
const FUND = 'hoan-tien';
let api: TestApi;
let stripe: ReturnType<typeof stripeClient>;
const { signer, secret } = stripeSigner;
const cardPledge = (amount: number) => stripe.cardPledge(amount);
const deliver = (payload: string, signature?: string) => stripe.deliver(payload, signature);

const byStripeId = async (id: string) =>
  (await journalOf(api, FUND)).filter((e) => e.refs.stripeId === id);
const view = async (p: { pledgeId: string; manageToken: string }) =>
  (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;

/** A card pledge paid through Checkout: the session completes and Stripe tells the webhook. */
async function paidCardPledge(amount: number, paymentIntent: string) {
  const p = await cardPledge(amount);
  const session = {
    id: p.sessionId,
    object: 'checkout.session',
    amount_total: amount,
    currency: 'vnd',
    payment_status: 'paid',
    payment_intent: paymentIntent,
    metadata: { fundId: FUND, pledgeId: p.pledgeId },
  };
  const res = await deliver(eventOf('checkout.session.completed', session));
  expect(res.status).toBe(200);
  const [payment] = (await byStripeId(paymentIntent)).filter((e) => e.kind === 'payment');
  expect(payment).toBeDefined();
  return { ...p, payment };
}

/** Stripe's `charge.refunded`: `amountRefunded` is the charge's running total of refunds. */
const refunded = (
  p: { pledgeId: string },
  paymentIntent: string,
  amount: number,
  amountRefunded: number,
  lateBy = 60,
) =>
  eventOf(
    'charge.refunded',
    {
      id: `ch_${paymentIntent}`,
      object: 'charge',
      amount,
      amount_refunded: amountRefunded,
      refunded: amountRefunded === amount,
      currency: 'vnd',
      payment_intent: paymentIntent,
      created: Math.floor(Date.now() / 1000),
      metadata: { fundId: FUND, pledgeId: p.pledgeId },
    },
    lateBy,
  );

beforeAll(async () => {
  api = await startTestApi();
  stripe = stripeClient(api, FUND);
  await openFund(api, FUND);
});
afterAll(() => api.stop());

describe('a refunded card payment is reversed on the pledge', () => {
  it('a full refund puts the pledge back to pledged, owing everything, with a reversal of the payment', async () => {
    // Prepare: a card payment of the whole pledge
    const pi = `pi_full_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(800_000, pi);
    expect(await view(p)).toMatchObject({ status: 'paid', paid: 800_000, outstanding: 0 });
    const totalsBefore = (await api.call('GET', `/funds/${FUND}`)).json.totals;
    // Act
    const res = await deliver(refunded(p, pi, 800_000, 800_000));
    // Assess: the pledge
    expect(res.status).toBe(200);
    expect(await view(p)).toMatchObject({ status: 'pledged', paid: 0, outstanding: 800_000 });
    // Assess: the journal has one reversal pointing at the payment, with its postings negated
    const reversals = (await byStripeId(pi)).filter((e) => e.kind === 'reversal');
    expect(reversals).toHaveLength(1);
    expect(reversals[0].refs.reverses).toBe(p.payment.seq);
    expect(reversals[0].postings).toEqual(
      p.payment.postings.map((x: any) => ({ account: x.account, amount: -x.amount })),
    );
    const totalsAfter = (await api.call('GET', `/funds/${FUND}`)).json.totals;
    expect(totalsBefore.received - totalsAfter.received).toBe(800_000);
    expect(totalsAfter.outstanding - totalsBefore.outstanding).toBe(800_000);
  });

  it('a repeated refund event reverses nothing more', async () => {
    // Prepare
    const pi = `pi_again_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(500_000, pi);
    await deliver(refunded(p, pi, 500_000, 500_000));
    const before = await api.snapshot();
    // Act
    const again = await deliver(refunded(p, pi, 500_000, 500_000, 120));
    // Assess
    expect(again.status).toBe(200);
    expect(await api.snapshot()).toEqual(before);
    expect((await byStripeId(pi)).filter((e) => e.kind === 'reversal')).toHaveLength(1);
  });

  it('a partial refund reduces paid by exactly the refunded amount, and a second one by its own part', async () => {
    // Prepare
    const pi = `pi_part_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(1_200_000, pi);
    // Act: 200,000 refunded, then 300,000 more (Stripe reports 500,000 refunded in all)
    await deliver(refunded(p, pi, 1_200_000, 200_000));
    const afterFirst = await view(p);
    await deliver(refunded(p, pi, 1_200_000, 500_000, 120));
    const afterSecond = await view(p);
    // Assess
    expect(afterFirst).toMatchObject({
      status: 'partially_paid',
      paid: 1_000_000,
      outstanding: 200_000,
    });
    expect(afterSecond).toMatchObject({
      status: 'partially_paid',
      paid: 700_000,
      outstanding: 500_000,
    });
    const reversals = (await byStripeId(pi)).filter((e) => e.kind === 'reversal');
    expect(reversals.map((e) => e.refs.reverses)).toEqual([p.payment.seq, p.payment.seq]);
    expect(reversals.map((e) => e.postings)).toEqual([
      [
        { account: 'assets:stripe', amount: -200_000 },
        { account: 'assets:pledges', amount: 200_000 },
      ],
      [
        { account: 'assets:stripe', amount: -300_000 },
        { account: 'assets:pledges', amount: 300_000 },
      ],
    ]);
  });

  it('a partial refund through the simulated Stripe reduces paid by that amount', async () => {
    // Prepare: paid on the simulated Checkout page, which also reports Stripe's fee
    const p = await cardPledge(1_000_000);
    expect(await api.stack.stripe?.pay(p.sessionId)).toBe(200);
    const pi = api.stack.stripe?.sessions.get(p.sessionId)?.payment_intent as string;
    const [payment] = (await byStripeId(pi)).filter((e) => e.kind === 'payment');
    expect(await view(p)).toMatchObject({ status: 'paid', paid: 1_000_000 });
    // Act
    expect(await api.stack.stripe?.refund(pi, 250_000)).toBe(200);
    // Assess
    expect(await view(p)).toMatchObject({
      status: 'partially_paid',
      paid: 750_000,
      outstanding: 250_000,
    });
    const reversals = (await byStripeId(pi)).filter((e) => e.kind === 'reversal');
    expect(reversals).toHaveLength(1);
    expect(reversals[0].refs.reverses).toBe(payment.seq);
  });
});

describe('a card payment a treasurer reverses is reversed on the pledge', () => {
  it('puts the pledge back to owing the whole amount, and a second reversal is refused', async () => {
    // Prepare: a card payment on a pledge, and a treasurer of the fund
    const pi = `pi_claim_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(600_000, pi);
    const treasurer = await api.token(['treasurer'], 'lan', FUND);
    const reverse = () =>
      api.call('POST', `/funds/${FUND}/reversals`, {
        token: treasurer,
        body: { seq: p.payment.seq, reason: 'Ngân hàng báo giao dịch thẻ bị khiếu nại' },
      });
    // Act
    const res = await reverse();
    // Assess: one reversal pointing at the payment; the pledge owes it again
    expect(res.status).toBe(201);
    expect(res.json.entry).toMatchObject({ kind: 'reversal', refs: { reverses: p.payment.seq } });
    expect(await view(p)).toMatchObject({ status: 'pledged', paid: 0, outstanding: 600_000 });
    // Act and assess: the same entry cannot be reversed twice, and nothing is written
    const before = await api.snapshot();
    const second = await api.call('POST', `/funds/${FUND}/reversals`, {
      token: treasurer,
      body: { seq: p.payment.seq, reason: 'Lần nữa' },
    });
    expect(second.status).toBe(409);
    expect(await api.snapshot()).toEqual(before);
  });
});
