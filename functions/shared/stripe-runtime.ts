import type { CardCheckout } from '@soquy/ledger';
import { createStripe, loadStripeSettings, type Stripe, StripeCardCheckout } from '@soquy/stripe';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';

/**
 * Kept apart from runtime.ts so that functions which never take cards do not bundle Stripe's
 * SDK; those that do import it (and Secrets Manager's client) on the first request needing it.
 */
export interface StripeRuntime {
  client: Stripe;
  checkout: CardCheckout;
  webhookSecret: string;
}

/**
 * Stripe, built on first use (its keys may come from Secrets Manager, a network call); a
 * failure is retried on the next request.
 */
export function stripeRuntime(runtime: FunctionRuntime): () => Promise<StripeRuntime> {
  const keys = part(runtime.config, 'stripe');
  let stripe: Promise<StripeRuntime> | undefined;
  return () => {
    if (!stripe) {
      stripe = loadStripeSettings(keys).then(async (settings) => {
        const client = await createStripe(settings);
        return {
          client,
          checkout: new StripeCardCheckout(client),
          webhookSecret: settings.webhookSecret,
        };
      });
      stripe.catch(() => {
        stripe = undefined;
      });
    }
    return stripe;
  };
}
