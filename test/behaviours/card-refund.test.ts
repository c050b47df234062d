import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { eventOf, stripeClient } from '../support/stripe.ts';
import { journalOf, openFund, type TestApi } from './helpers.ts';

/**
 * Behaviour 7: a card refund reported by Stripe (`charge.refunded`) is a reversal of the card
 * payment, and the pledge owes the refunded part again: paid goes down by exactly the refund.
 */
const FUND = 'hoan-tien';
let api: TestApi;
let stripe: ReturnType<typeof stripeClient>;
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

describe('refund events that would make the records and the journal drift are not recorded', () => {
  it('ignores a late event whose amount_refunded went down: 200, and nothing is written', async () => {
    // Prepare: fully refunded, then Stripe delivers an older partial-refund event late
    const pi = `pi_down_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(900_000, pi);
    expect((await deliver(refunded(p, pi, 900_000, 900_000))).status).toBe(200);
    const before = await api.snapshot();
    // Act
    const late = await deliver(refunded(p, pi, 900_000, 300_000, 120));
    // Assess
    expect(late.status).toBe(200);
    expect(late.json).toMatchObject({ handled: true, entries: 0 });
    expect(await api.snapshot()).toEqual(before);
    expect(await view(p)).toMatchObject({ status: 'pledged', paid: 0, outstanding: 900_000 });
  });

  it('refuses a refund larger than the charge, and one about a charge larger than what was paid', async () => {
    // Prepare
    const pi = `pi_over_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(700_000, pi);
    const before = await api.snapshot();
    // Act
    const moreThanCharged = await deliver(refunded(p, pi, 700_000, 1_400_000));
    const chargeOfMore = await deliver(refunded(p, pi, 1_400_000, 1_400_000));
    // Assess
    expect(moreThanCharged.status).toBe(400);
    expect(moreThanCharged.json.code).toBe('invalid_stripe_event');
    expect(chargeOfMore.status).toBe(409);
    expect(await api.snapshot()).toEqual(before);
    expect(await view(p)).toMatchObject({ status: 'paid', paid: 700_000, outstanding: 0 });
  });
});

describe("the donor's pledge page shows a refunded card payment as refunded", () => {
  const page = async (p: { pledgeId: string; manageToken: string }, lang?: 'en') => {
    const res = await api.call(
      'GET',
      `/p/${p.pledgeId}?t=${encodeURIComponent(p.manageToken)}${lang ? `&lang=${lang}` : ''}`,
    );
    expect(res.status).toBe(200);
    return res.text;
  };
  /** The text a donor reads in one element: tags dropped, spaces (and no-break spaces) folded. */
  const textOf = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, `no element with id ${id}`).toBeGreaterThan(-1);
    const end = html.indexOf('</div>', start);
    return html
      .slice(html.lastIndexOf('<', start), end)
      .replace(/<[^>]+>/g, ' ')
      .replace(/[\s\u00a0\u202f]+/g, ' ')
      .trim();
  };

  it('after a full refund, the payment reads "Đã hoàn tiền" with its amount, and the pledge owes it all again', async () => {
    // Prepare
    const pi = `pi_page_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(800_000, pi);
    const paidPage = await page(p);
    expect(textOf(paidPage, `receipt-${p.payment.seq}`)).not.toContain('hoàn tiền');
    // Act
    expect((await deliver(refunded(p, pi, 800_000, 800_000))).status).toBe(200);
    const vi = await page(p);
    const en = await page(p, 'en');
    // Assess: the receipt says refunded, in each language, with the amount refunded
    const receiptVi = textOf(vi, `receipt-${p.payment.seq}`);
    expect(receiptVi).toContain('Đã hoàn tiền');
    expect(receiptVi).toMatch(/Đã hoàn tiền 800\.000 ₫/);
    expect(receiptVi).not.toContain('một phần');
    const receiptEn = textOf(en, `receipt-${p.payment.seq}`);
    expect(receiptEn).toContain('Refunded');
    expect(receiptEn).toMatch(/Refunded 800\.000 ₫/);
    // Assess: the figures: nothing paid, everything outstanding, the refund shown
    expect(vi).toMatch(/id="pledge-paid">0\s₫</);
    expect(vi).toMatch(/id="pledge-outstanding">800\.000\s₫</);
    expect(vi).toMatch(/id="pledge-refunded">800\.000\s₫</);
    expect(vi).toContain('Đã cam kết, chưa trả');
  });

  it('after a partial refund, the payment shows the refunded part and the pledge owes only that part', async () => {
    // Prepare
    const pi = `pi_ppart_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(1_000_000, pi);
    // Act
    expect((await deliver(refunded(p, pi, 1_000_000, 250_000))).status).toBe(200);
    const vi = await page(p);
    const en = await page(p, 'en');
    // Assess
    const receiptVi = textOf(vi, `receipt-${p.payment.seq}`);
    expect(receiptVi).toContain('Đã hoàn tiền một phần');
    expect(receiptVi).toMatch(/Đã hoàn tiền 250\.000 ₫/);
    expect(receiptVi).toMatch(/1\.000\.000 ₫/);
    const receiptEn = textOf(en, `receipt-${p.payment.seq}`);
    expect(receiptEn).toContain('Partly refunded');
    expect(receiptEn).toMatch(/Refunded 250\.000 ₫/);
    expect(vi).toMatch(/id="pledge-paid">750\.000\s₫</);
    expect(vi).toMatch(/id="pledge-outstanding">250\.000\s₫</);
    expect(vi).toMatch(/id="pledge-refunded">250\.000\s₫</);
    expect(vi).toContain('Đã trả một phần');
  });

  it('the pledge API lists what was refunded of each payment', async () => {
    const pi = `pi_api_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(500_000, pi);
    await deliver(refunded(p, pi, 500_000, 100_000));
    const json = await view(p);
    expect(json.refunded).toBe(100_000);
    expect(json.payments).toEqual([
      expect.objectContaining({ seq: p.payment.seq, amount: 500_000, refunded: 100_000 }),
    ]);
  });

  it('a donor coming back by the card success link after a refund is not told to wait for Stripe', async () => {
    const pi = `pi_back_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(400_000, pi);
    await deliver(refunded(p, pi, 400_000, 400_000));
    const res = await api.call(
      'GET',
      `/p/${p.pledgeId}?t=${encodeURIComponent(p.manageToken)}&paid=1`,
    );
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Đang chờ Stripe');
    expect(res.text).toContain('Đã hoàn tiền');
  });
});

describe('a card payment a treasurer reverses is reversed on the pledge', () => {
  it('refuses to reverse a card payment that Stripe already refunded in full, and writes nothing', async () => {
    // Prepare: paid, then refunded in full through Stripe
    const pi = `pi_twice_${randomUUID().slice(0, 8)}`;
    const p = await paidCardPledge(650_000, pi);
    expect((await deliver(refunded(p, pi, 650_000, 650_000))).status).toBe(200);
    const treasurer = await api.token(['treasurer'], 'lan', FUND);
    const before = await api.snapshot();
    // Act
    const res = await api.call('POST', `/funds/${FUND}/reversals`, {
      token: treasurer,
      body: { seq: p.payment.seq, reason: 'Ngân hàng báo giao dịch thẻ bị khiếu nại' },
    });
    // Assess: one reversal only, and the pledge owes exactly what it did after the refund
    expect(res.status).toBe(409);
    expect(res.json.code).toBe('already_decided');
    expect(await api.snapshot()).toEqual(before);
    expect(await view(p)).toMatchObject({ status: 'pledged', paid: 0, outstanding: 650_000 });
  });

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
