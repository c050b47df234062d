import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { puTrangInput } from '../support/funds.ts';
import { startTestApi } from '../support/local-api.ts';
import { eventOf, stripeClient, stripeSigner } from '../support/stripe.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let stripe: ReturnType<typeof stripeClient>;
const { signer, secret } = stripeSigner;
const cardPledge = (amount: number) => stripe.cardPledge(amount);
const deliver = (payload: string, signature?: string) => stripe.deliver(payload, signature);

const entries = async () =>
  (await api.call('GET', '/funds/pu-trang/ledger?limit=1000')).json.entries as any[];
const byStripeId = async (id: string) => (await entries()).filter((e) => e.refs.stripeId === id);

beforeAll(async () => {
  api = await startTestApi();
  stripe = stripeClient(api, 'pu-trang');
  const admin = await api.token(['admin'], 'admin');
  await api.call('POST', '/funds', { body: puTrangInput(), token: admin });
});
afterAll(() => api.stop());

describe('card checkout', () => {
  it('creates a Stripe Checkout Session in VND with the pledge in its metadata', async () => {
    const p = await cardPledge(1_500_000);
    const session = api.stack.stripe?.sessions.get(p.sessionId);
    expect(session).toMatchObject({
      currency: 'vnd',
      amount_total: 1_500_000,
      metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId, reference: p.reference },
      client_reference_id: p.pledgeId,
    });
    expect(session?.success_url).toBe(`${p.manageUrl}&paid=1`);
  });
});

describe('POST /webhooks/stripe signatures', () => {
  it('accepts a correctly signed event and refuses a wrong secret, a stale timestamp and an edited body', async () => {
    // Prepare
    const p = await cardPledge(500_000);
    await api.stack.stripe?.pay(p.sessionId);
    const session = api.stack.stripe?.sessions.get(p.sessionId) as Record<string, any>;
    const payload = eventOf('checkout.session.completed', session);
    const before = await api.snapshot();
    // Act
    const wrongSecret = await deliver(
      payload,
      signer.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' }),
    );
    const stale = await deliver(
      payload,
      signer.webhooks.generateTestHeaderString({
        payload,
        secret: secret(),
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }),
    );
    const edited = await deliver(
      payload.replace('"amount_total":500000', '"amount_total":5000000'),
      signer.webhooks.generateTestHeaderString({ payload, secret: secret() }),
    );
    const unsigned = await api.call('POST', '/webhooks/stripe', { raw: payload });
    // Assess
    for (const res of [wrongSecret, stale, edited, unsigned]) {
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid_signature');
    }
    expect(await api.snapshot()).toEqual(before);
    expect((await deliver(payload)).status).toBe(200);
  });
});

describe('card payments from webhooks', () => {
  it('records one payment and one fee however often the event is delivered', async () => {
    // Prepare
    const p = await cardPledge(1_000_000);
    const status = await api.stack.stripe?.pay(p.sessionId);
    const session = api.stack.stripe?.sessions.get(p.sessionId) as Record<string, any>;
    const payload = eventOf('checkout.session.completed', session, 90);
    // Act: the simulator delivered once; a later event about the same payment comes three times
    const repeats = await Promise.all([deliver(payload), deliver(payload), deliver(payload)]);
    // Assess
    expect(status).toBe(200);
    expect(repeats.map((r) => r.status)).toEqual([200, 200, 200]);
    const recorded = await byStripeId(session.payment_intent);
    expect(recorded.map((e) => [e.kind, e.postings])).toEqual([
      [
        'payment',
        [
          { account: 'assets:stripe', amount: 1_000_000 },
          { account: 'assets:pledges', amount: -1_000_000 },
        ],
      ],
      [
        'fee',
        [
          { account: 'expenses:fees', amount: 34_000 },
          { account: 'assets:stripe', amount: -34_000 },
        ],
      ],
    ]);
    const view = await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`);
    expect(view.json).toMatchObject({ status: 'paid', paid: 1_000_000, outstanding: 0 });
  });

  it('records money for an unknown pledge as a donation with the Stripe reference', async () => {
    const payload = eventOf('checkout.session.completed', {
      id: 'cs_test_orphan',
      object: 'checkout.session',
      amount_total: 200_000,
      currency: 'vnd',
      payment_status: 'paid',
      payment_intent: 'pi_orphan_1',
      metadata: { fundId: 'pu-trang', pledgeId: 'pl_doesnotexist0000' },
    });
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    const [entry] = await byStripeId('pi_orphan_1');
    expect(entry).toMatchObject({
      kind: 'donation',
      postings: [
        { account: 'assets:stripe', amount: 200_000 },
        { account: 'income:donations', amount: -200_000 },
      ],
      refs: { stripeId: 'pi_orphan_1' },
    });
  });

  it('waits for async_payment_succeeded when the session completes unpaid, and notes a failure', async () => {
    const p = await cardPledge(700_000);
    const session = {
      id: p.sessionId,
      object: 'checkout.session',
      amount_total: 700_000,
      currency: 'vnd',
      payment_intent: 'pi_async_1',
      metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId },
    };
    await deliver(eventOf('checkout.session.completed', { ...session, payment_status: 'unpaid' }));
    expect(await byStripeId('pi_async_1')).toEqual([]);
    await deliver(
      eventOf('checkout.session.async_payment_failed', { ...session, payment_status: 'unpaid' }),
    );
    expect(
      (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json.lastCardFailure,
    ).toBeDefined();
    await deliver(
      eventOf('checkout.session.async_payment_succeeded', { ...session, payment_status: 'paid' }),
    );
    expect((await byStripeId('pi_async_1')).map((e) => e.kind)).toEqual(['payment']);
    expect((await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json.status).toBe(
      'paid',
    );
  });

  it('reverses a partial refund once, and the pledge owes that part again', async () => {
    // Prepare
    const p = await cardPledge(1_200_000);
    await api.stack.stripe?.pay(p.sessionId);
    const pi = api.stack.stripe?.sessions.get(p.sessionId)?.payment_intent as string;
    // Act
    await api.stack.stripe?.refund(pi, 200_000);
    const refundEvent = api.stack.stripe?.events.at(-1) as Stripe.Event;
    await deliver(JSON.stringify(refundEvent));
    // Assess
    const reversals = (await byStripeId(pi)).filter((e) => e.kind === 'reversal');
    expect(reversals).toHaveLength(1);
    expect(reversals[0].postings).toEqual([
      { account: 'assets:stripe', amount: -200_000 },
      { account: 'assets:pledges', amount: 200_000 },
    ]);
    const view = (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
    expect(view).toMatchObject({ status: 'partially_paid', paid: 1_000_000, outstanding: 200_000 });
  });

  it('handles a refund that arrives before the payment: one payment, one reversal, nothing twice', async () => {
    // Prepare: a paid session whose completed event we hold back
    const p = await cardPledge(400_000);
    const session = {
      id: p.sessionId,
      object: 'checkout.session',
      amount_total: 400_000,
      currency: 'vnd',
      payment_status: 'paid',
      payment_intent: 'pi_late_1',
      metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId },
    };
    const charge = {
      id: 'ch_late_1',
      object: 'charge',
      amount: 400_000,
      amount_refunded: 400_000,
      currency: 'vnd',
      payment_intent: 'pi_late_1',
      created: Math.floor(Date.now() / 1000),
      metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId },
    };
    // Act
    await deliver(eventOf('charge.refunded', charge));
    await deliver(eventOf('checkout.session.completed', session, 30));
    await deliver(eventOf('charge.refunded', charge, 60));
    // Assess
    expect((await byStripeId('pi_late_1')).map((e) => e.kind)).toEqual(['payment', 'reversal']);
    const view = (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
    expect(view).toMatchObject({ status: 'pledged', paid: 0, outstanding: 400_000 });
  });

  it('answers unknown event types with 200 and writes nothing', async () => {
    const before = await api.snapshot();
    const res = await deliver(eventOf('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: true, handled: false });
    expect(await api.snapshot()).toEqual(before);
  });
});
