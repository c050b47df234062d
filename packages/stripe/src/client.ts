import { createRequire } from 'node:module';
import type { CardCheckout } from '@soquy/ledger';
// Types only: the SDK itself is loaded by stripeSdk(), on first use.
import type Stripe from 'stripe';
import { WebhookSignatureError } from './errors.ts';
import {
  parseStripeEvent,
  type StripeWebhookEvent,
  WEBHOOK_TOLERANCE_SECONDS,
} from './event-schema.ts';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** Another API base (the local simulator, a test server); unset for api.stripe.com. */
  apiBase?: string;
}

/**
 * Stripe's SDK, loaded on the first call and then kept by the module cache, so a function's cold
 * start does not pay for it. Through `require`, not `import()`: esbuild keeps a lazily imported
 * bundled module's own code lazy but hoists its imports of node:http, node:crypto… to the top of
 * the bundle, and node:http's ESM facade then loads undici, so `await import('stripe')` still
 * cost 15-35 ms of CPU at every cold start (npm run bench -- cold-start). A bundled
 * `require('stripe')` takes the package's CommonJS build, whose own requires run only when it
 * is first called. Outside a bundle (tsx, vitest) there is no `require`: node_modules' copy is
 * required the same way.
 */
function stripeSdk(): typeof Stripe {
  return typeof require === 'function'
    ? require('stripe')
    : createRequire(import.meta.url)('stripe');
}

/** A Stripe client; the SDK is loaded on the first call (stripeSdk). */
export async function createStripe(settings: StripeSettings): Promise<Stripe> {
  const StripeSdk = stripeSdk();
  const base = settings.apiBase ? new URL(settings.apiBase) : undefined;
  return new StripeSdk(settings.secretKey, {
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

/** The `t=` of a Stripe-Signature header, read as Stripe's SDK reads it (the last one counts). */
function signedAt(header: string): number | undefined {
  let timestamp: number | undefined;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp;
}

/**
 * Checks the Stripe-Signature header on the raw body, then the event's envelope. Refuses a
 * signature more than 5 minutes old (the SDK's tolerance) and, which the SDK does not check, one
 * more than 5 minutes ahead of our clock: a timestamp in the future would let a captured
 * delivery be replayed long after the SDK's window. Throws WebhookSignatureError, or
 * StripeEventError for a signed body that is not a Stripe event.
 */
export function verifyWebhook(
  stripe: Stripe,
  rawBody: string,
  signature: string | undefined,
  secret: string,
  now: Date = new Date(),
): StripeWebhookEvent {
  if (!signature) throw new WebhookSignatureError('The Stripe-Signature header is missing.');
  try {
    stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      now.getTime(),
    );
  } catch (error) {
    // The signature checked out but the body is not JSON: parseStripeEvent says so below.
    if (!(error instanceof SyntaxError)) {
      throw new WebhookSignatureError(
        `The webhook signature does not match: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const timestamp = signedAt(signature);
  // The SDK computes the age of `t=abc` as NaN and lets it through unchecked.
  if (timestamp === undefined || !Number.isSafeInteger(timestamp)) {
    throw new WebhookSignatureError('The webhook signature has no valid timestamp (t=).');
  }
  const ahead = timestamp - Math.floor(now.getTime() / 1000);
  if (ahead > WEBHOOK_TOLERANCE_SECONDS) {
    throw new WebhookSignatureError(
      `The webhook signature is timestamped ${ahead} seconds in the future (at most ${WEBHOOK_TOLERANCE_SECONDS} allowed): check the clock, or this is not a fresh delivery from Stripe.`,
      { code: 'signature_in_future' },
    );
  }
  return parseStripeEvent(rawBody);
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
