import { countedDelivery, HttpError, json } from '@soquy/http';
import { recordCardPaymentAccess } from '@soquy/ledger';
import {
  handleStripeEvent,
  StripeEventError,
  verifyWebhook,
  WebhookSignatureError,
} from '@soquy/stripe';
import { startFunction, withAppends } from '../shared/runtime.ts';
import { stripeRuntime } from '../shared/stripe-runtime.ts';

const runtime = startFunction(['stripe']);
const stripe = stripeRuntime(runtime);

/**
 * A webhook refused for what it is (signature, shape, amounts, times): 400, or 409 when it
 * contradicts what was recorded for the same payment. Stripe retries a 4xx for a few days and
 * shows it in its dashboard, which is what a malformed or contradicting event deserves; event
 * types soquy does not handle, and objects another integration created, are answered 200 by
 * handleStripeEvent instead, so that Stripe does not retry them and disable the endpoint.
 */
function refusal(error: unknown): unknown {
  if (error instanceof WebhookSignatureError) {
    return new HttpError(400, error.code, error.message, undefined, { cause: error });
  }
  if (error instanceof StripeEventError) {
    return new HttpError(error.status, error.code, error.message, error.details, { cause: error });
  }
  return error;
}

/** POST /webhooks/stripe: signature checked on the raw body, then the event recorded once. */
export const handler = runtime
  .api({ name: 'stripe-webhook', operation: recordCardPaymentAccess })
  .handler(async (event) => {
    const { value } = await countedDelivery(
      'stripe',
      async () => {
        const { client, webhookSecret } = await stripe();
        const raw = event.isBase64Encoded
          ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
          : (event.body ?? '');
        try {
          const stripeEvent = verifyWebhook(
            client,
            raw,
            event.headers['stripe-signature'],
            webhookSecret,
            runtime.deps.clock(),
          );
          // Only now, with the signature checked, is the caller Stripe.
          return await withAppends(async () => ({
            type: stripeEvent.type,
            outcome: await handleStripeEvent(runtime.deps, client, stripeEvent),
          }));
        } catch (error) {
          throw refusal(error);
        }
      },
      // Stripe's retry (or the same payment again) is answered as before but writes nothing.
      (recorded) => (recorded.replayed > 0 && recorded.written === 0 ? 'duplicate' : 'accepted'),
    );
    return json(200, { received: true, type: value.type, ...value.outcome });
  });
