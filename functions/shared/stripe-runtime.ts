import type { CardCheckout } from '@soquy/ledger';
import { createStripe, loadStripeSettings, type Stripe, StripeCardCheckout } from '@soquy/stripe';

/** Kept apart from runtime.ts so that functions which never take cards do not bundle Stripe's SDK. */
interface StripeRuntime {
  client: Stripe;
  checkout: CardCheckout;
  webhookSecret: string;
}

let stripe: Promise<StripeRuntime> | undefined;

/** Stripe, built on first use (its keys may come from Secrets Manager); a failure is retried next time. */
export function stripeRuntime(): Promise<StripeRuntime> {
  if (!stripe) {
    stripe = loadStripeSettings().then((settings) => {
      const client = createStripe(settings);
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
}
