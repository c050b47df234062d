import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { startTestApi } from './local-api.ts';

type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/** Signs webhooks exactly as Stripe does, with the local stack's webhook secret. */
const signer = new Stripe('sk_test_signer');
const secret = () => process.env.STRIPE_WEBHOOK_SECRET as string;
export const stripeSigner = { signer, secret };

/** Card pledges and signed webhook deliveries against one test API and fund. */
export function stripeClient(api: TestApi, fundId: string) {
  const donor = { name: 'Nhà nghỉ Bình An', kind: 'business', showName: true };
  return {
    /** A card pledge; answers the pledge and its Checkout Session id. */
    async cardPledge(amount: number) {
      const res = await api.call('POST', `/funds/${fundId}/pledges`, {
        body: { donor, amount, method: 'card' },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(res.status).toBe(201);
      const sessionId = new URL(res.json.checkoutUrl).pathname.split('/').pop() as string;
      return { ...res.json, sessionId };
    },
    /** Delivers a payload to the webhook exactly as Stripe would, or with the signature given. */
    deliver(
      payload: string,
      signature = signer.webhooks.generateTestHeaderString({ payload, secret: secret() }),
    ) {
      return api.call('POST', '/webhooks/stripe', {
        raw: payload,
        headers: { 'stripe-signature': signature },
      });
    },
  };
}

/** An event as Stripe sends it; `lateBy` seconds makes it a later event about the same object. */
export const eventOf = (type: string, object: Record<string, unknown>, lateBy = 0) =>
  JSON.stringify({
    id: `evt_${randomUUID()}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000) + lateBy,
    data: { object },
  });
