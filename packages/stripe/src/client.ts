import type { CardCheckout } from '@soquy/ledger';
import Stripe from 'stripe';
import { WebhookSignatureError } from './errors.ts';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Another API base (the local simulator, a test server); unset for api.stripe.com. */
  apiBase?: string;
}

export function createStripe(settings: StripeSettings): Stripe {
  const base = settings.apiBase ? new URL(settings.apiBase) : undefined;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}

/** Card checkout through Stripe Checkout; one session per pledge (Stripe idempotency key). */
export class StripeCardCheckout implements CardCheckout {
  constructor(private readonly stripe: Stripe) {}

  async createCheckout(request: Parameters<CardCheckout['createCheckout']>[0]) {
    const metadata = {
      fundId: request.fundId,
      pledgeId: request.pledgeId,
      reference: request.reference,
    };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        currency: 'vnd',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'vnd',
              unit_amount: request.amount,
              product_data: {
                name: `Ủng hộ: ${request.fundName}`,
                description: `Mã cam kết ${request.reference}`,
              },
            },
          },
        ],
        client_reference_id: request.pledgeId,
        metadata,
        // The charge carries them too, so a refund event alone says which pledge it touches.
        payment_intent_data: { metadata },
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      { idempotencyKey: `soquy-checkout-${request.pledgeId}` },
    );
    if (!session.url)
      throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
    return { sessionId: session.id, url: session.url };
  }
}

/** Checks the Stripe-Signature header on the raw body (5 minutes tolerance) and parses the event. */
export function verifyWebhook(
  stripe: Stripe,
  rawBody: string,
  signature: string | undefined,
  secret: string,
) {
  if (!signature) throw new WebhookSignatureError('The Stripe-Signature header is missing.');
  try {
    return stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (error) {
    throw new WebhookSignatureError(
      `The webhook signature does not match: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Stripe's fee on a payment when it is known and in VND (zero-decimal, so đồng); else undefined. */
export async function cardFee(
  stripe: Stripe,
  paymentIntentId: string,
): Promise<number | undefined> {
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(paymentIntentId, {
      expand: ['latest_charge.balance_transaction'],
    });
  } catch (error) {
    // Not in this Stripe account: the fee cannot be known. Any other failure is thrown, so the
    // webhook answers 5xx and Stripe delivers again (the payment itself is recorded once).
    if ((error as { code?: string }).code === 'resource_missing') return undefined;
    throw error;
  }
  const charge = intent.latest_charge;
  if (!charge || typeof charge === 'string') return undefined;
  const balance = charge.balance_transaction;
  if (!balance || typeof balance === 'string' || balance.currency !== 'vnd') return undefined;
  return balance.fee > 0 ? balance.fee : undefined;
}

export type { Stripe };
