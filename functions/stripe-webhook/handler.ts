import { HttpError, json } from '@soquy/http';
import { recordCardPaymentAccess } from '@soquy/ledger';
import { handleStripeEvent, verifyWebhook } from '@soquy/stripe';
import { startFunction } from '../shared/runtime.ts';
import { stripeRuntime } from '../shared/stripe-runtime.ts';

const runtime = startFunction(['stripe']);
const stripe = stripeRuntime(runtime);

/** POST /webhooks/stripe: signature checked on the raw body, then the event recorded once. */
export const handler = runtime
  .api({ name: 'stripe-webhook', operation: recordCardPaymentAccess })
  .handler(async (event) => {
    const { client, webhookSecret } = await stripe();
    const raw = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    let stripeEvent: ReturnType<typeof verifyWebhook>;
    try {
      stripeEvent = verifyWebhook(client, raw, event.headers['stripe-signature'], webhookSecret);
    } catch (error) {
      throw new HttpError(400, 'invalid_signature', (error as Error).message, undefined, {
        cause: error,
      });
    }
    // Only now, with the signature checked, is the caller Stripe.
    const outcome = await handleStripeEvent(runtime.deps, client, stripeEvent);
    return json(200, { received: true, type: stripeEvent.type, ...outcome });
  });
