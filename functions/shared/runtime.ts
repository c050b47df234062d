import { type CardCheckout, type PledgeDeps, randomIds } from '@soquy/ledger';
import {
  createDocumentClient,
  createDynamoClient,
  DynamoLedgerStore,
  storeConfigFromEnv,
} from '@soquy/store';
import { createStripe, loadStripeSettings, type Stripe, StripeCardCheckout } from '@soquy/stripe';

interface StripeRuntime {
  client: Stripe;
  checkout: CardCheckout;
  webhookSecret: string;
}

let deps: PledgeDeps | undefined;
let stripe: Promise<StripeRuntime> | undefined;

/** The adapters the use cases run on, built once per Lambda container from its environment. */
export function ledgerDeps(): PledgeDeps {
  if (!deps) {
    const config = storeConfigFromEnv();
    const db = createDocumentClient(createDynamoClient(config));
    deps = {
      store: new DynamoLedgerStore(db, config.tables),
      clock: () => new Date(),
      ids: randomIds,
    };
  }
  return deps;
}

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
