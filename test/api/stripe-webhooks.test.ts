import { createHmac, randomUUID } from 'node:crypto';
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

describe('POST /webhooks/stripe timestamps', () => {
  it('refuses a signature timestamped in the future beyond 5 minutes, and accepts one within clock skew', async () => {
    // Prepare
    const p = await cardPledge(300_000);
    await api.stack.stripe?.pay(p.sessionId);
    const session = api.stack.stripe?.sessions.get(p.sessionId) as Record<string, any>;
    const payload = eventOf('checkout.session.completed', session, 30);
    const signedAt = (seconds: number) =>
      signer.webhooks.generateTestHeaderString({ payload, secret: secret(), timestamp: seconds });
    const now = Math.floor(Date.now() / 1000);
    const before = await api.snapshot();
    // Act
    const tenMinutesAhead = await deliver(payload, signedAt(now + 600));
    const aYearAhead = await deliver(payload, signedAt(now + 365 * 24 * 3600));
    const oneMinuteAhead = await deliver(payload, signedAt(now + 60));
    // Assess
    for (const res of [tenMinutesAhead, aYearAhead]) {
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('signature_in_future');
      expect(res.json.message).toMatch(/future/);
    }
    expect(oneMinuteAhead.status).toBe(200);
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a signature whose timestamp is not a number, which the SDK never ages', async () => {
    const payload = eventOf('customer.created', { id: 'cus_nan', object: 'customer' });
    const before = await api.snapshot();
    // Signed as Stripe signs (HMAC-SHA256 of "t.payload"), with t=NaN
    const hmac = createHmac('sha256', secret()).update(`NaN.${payload}`).digest('hex');
    const res = await deliver(payload, `t=NaN,v1=${hmac}`);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid_signature');
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses an event whose created time is far in the future, before anything is recorded', async () => {
    // Prepare: a correctly signed event about a paid session, created a day from now
    const p = await cardPledge(350_000);
    const session = {
      id: p.sessionId,
      object: 'checkout.session',
      amount_total: 350_000,
      currency: 'vnd',
      payment_status: 'paid',
      payment_intent: `pi_future_${randomUUID().slice(0, 8)}`,
      metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId },
    };
    const before = await api.snapshot();
    // Act
    const res = await deliver(eventOf('checkout.session.completed', session, 24 * 3600));
    const refund = await deliver(
      eventOf('charge.refunded', {
        id: `ch_future_${randomUUID().slice(0, 8)}`,
        object: 'charge',
        amount: 350_000,
        amount_refunded: 350_000,
        currency: 'vnd',
        payment_intent: session.payment_intent,
        created: Math.floor(Date.now() / 1000) + 24 * 3600,
        metadata: { fundId: 'pu-trang', pledgeId: p.pledgeId },
      }),
    );
    // Assess
    for (const r of [res, refund]) {
      expect(r.status).toBe(400);
      expect(r.json.code).toBe('invalid_stripe_event');
      expect(r.json.message).toMatch(/future/);
    }
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('POST /webhooks/stripe refuses malformed events with 4xx and writes nothing', () => {
  const paidSession = (pledgeId: string, sessionId: string) => ({
    id: sessionId,
    object: 'checkout.session',
    amount_total: 450_000,
    currency: 'vnd',
    payment_status: 'paid',
    payment_intent: `pi_bad_${randomUUID().slice(0, 8)}`,
    metadata: { fundId: 'pu-trang', pledgeId },
  });
  const charge = (pledgeId: string) => ({
    id: `ch_bad_${randomUUID().slice(0, 8)}`,
    object: 'charge',
    amount: 450_000,
    amount_refunded: 450_000,
    currency: 'vnd',
    payment_intent: `pi_bad_${randomUUID().slice(0, 8)}`,
    created: Math.floor(Date.now() / 1000),
    metadata: { fundId: 'pu-trang', pledgeId },
  });
  const envelope = (body: Record<string, unknown>) =>
    JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      ...body,
    });

  it('answers 400 for a signed body that is not an event: no JSON, no data.object, wrong types', async () => {
    const before = await api.snapshot();
    const payloads = [
      'this is not json',
      '[]',
      envelope({ data: {} }),
      envelope({ data: { object: null } }),
      envelope({ data: { object: 'cs_test_1' } }),
      envelope({ data: null }),
      envelope({ type: 42, data: { object: {} } }),
      envelope({ created: 'yesterday', data: { object: {} } }),
      JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'charge.refunded',
        data: { object: {} },
      }),
    ];
    for (const payload of payloads) {
      const res = await deliver(payload);
      expect(res.status, payload).toBe(400);
      expect(res.json.code, payload).toBe('invalid_stripe_event');
      expect(typeof res.json.message).toBe('string');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers 400 for a paid session of ours with a missing, negative, zero, fractional or mistyped amount', async () => {
    // Prepare
    const p = await cardPledge(450_000);
    const good = paidSession(p.pledgeId, p.sessionId);
    const { amount_total: _, ...withoutAmount } = good;
    const bad: Record<string, unknown>[] = [
      withoutAmount,
      { ...good, amount_total: null },
      { ...good, amount_total: -450_000 },
      { ...good, amount_total: 0 },
      { ...good, amount_total: 450_000.5 },
      { ...good, amount_total: '450000' },
      { ...good, amount_total: 1e21 },
      { ...good, currency: 'usd' },
      { ...good, payment_status: 42 },
      { ...good, payment_intent: 42 },
      { ...good, payment_intent: null },
      { ...good, metadata: { fundId: 'pu-trang', pledgeId: 42 } },
      { ...good, metadata: { fundId: 'Not A Slug!', pledgeId: p.pledgeId } },
      { ...good, metadata: { fundId: 'pu-trang', pledgeId: `pl_${'x'.repeat(5000)}` } },
      { ...good, metadata: 'pu-trang' },
    ];
    const before = await api.snapshot();
    // Act
    const answers = [];
    for (const object of bad)
      answers.push(await deliver(eventOf('checkout.session.completed', object)));
    // Assess
    for (const [i, res] of answers.entries()) {
      expect(res.status, JSON.stringify(bad[i])).toBe(400);
      expect(res.json.code).toBe('invalid_stripe_event');
    }
    expect(await api.snapshot()).toEqual(before);
    const view = (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
    expect(view).toMatchObject({ status: 'pledged', paid: 0, outstanding: 450_000 });
  });

  it('answers 400 for a refund of ours with a negative, zero, fractional or too large amount, or no payment', async () => {
    // Prepare
    const p = await cardPledge(450_000);
    const good = charge(p.pledgeId);
    const bad: Record<string, unknown>[] = [
      { ...good, amount: -450_000, amount_refunded: -450_000 },
      { ...good, amount: -450_000 },
      { ...good, amount_refunded: -100 },
      { ...good, amount_refunded: 0 },
      { ...good, amount_refunded: 100.5 },
      { ...good, amount_refunded: 450_001 },
      { ...good, amount: 0, amount_refunded: 0 },
      { ...good, amount_refunded: '450000' },
      { ...good, payment_intent: null },
      { ...good, id: 42 },
      { ...good, created: -1 },
      { ...good, currency: 'usd' },
    ];
    const before = await api.snapshot();
    // Act
    const answers = [];
    for (const object of bad) answers.push(await deliver(eventOf('charge.refunded', object)));
    // Assess
    for (const [i, res] of answers.entries()) {
      expect(res.status, JSON.stringify(bad[i])).toBe(400);
      expect(res.json.code).toBe('invalid_stripe_event');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('ignores, with 200 and no writes, sessions and charges that carry no soquy metadata', async () => {
    // Another integration on the same Stripe account (a Payment Link, an invoice) is not ours:
    // refusing it would only make Stripe retry for days and then disable the endpoint.
    const before = await api.snapshot();
    const p = { pledgeId: 'pl_unrelated0000' };
    const { metadata: _s, ...session } = paidSession(p.pledgeId, 'cs_test_other');
    const { metadata: _c, ...other } = charge(p.pledgeId);
    const answers = [
      await deliver(eventOf('checkout.session.completed', session)),
      await deliver(eventOf('checkout.session.completed', { ...session, metadata: {} })),
      await deliver(eventOf('charge.refunded', other)),
      await deliver(eventOf('checkout.session.async_payment_failed', session)),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ received: true, handled: false, entries: 0 });
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('a negative session amount does not lower what the pledge says was paid', async () => {
    // Prepare: a pledge paid in full by card
    const p = await cardPledge(600_000);
    await api.stack.stripe?.pay(p.sessionId);
    const before = await api.snapshot();
    // Act: a second, signed session for the same pledge with a negative amount
    const res = await deliver(
      eventOf('checkout.session.completed', {
        ...paidSession(p.pledgeId, `cs_test_neg${randomUUID().slice(0, 8)}`),
        amount_total: -600_000,
      }),
    );
    // Assess
    expect(res.status).toBe(400);
    expect(await api.snapshot()).toEqual(before);
    const view = (await api.call('GET', `/pledges/${p.pledgeId}?t=${p.manageToken}`)).json;
    expect(view).toMatchObject({ status: 'paid', paid: 600_000, outstanding: 0 });
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
