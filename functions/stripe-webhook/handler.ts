import { api, HttpError, json } from '@soquy/http';
import { handleStripeEvent, verifyWebhook } from '@soquy/stripe';
import { ledgerDeps } from '../shared/runtime.ts';
import { stripeRuntime } from '../shared/stripe-runtime.ts';

/** POST /webhooks/stripe: signature checked on the raw body, then the event recorded once. */
export const handler = api({ name: 'stripe-webhook' }).handler(async (event) => {
  const { client, webhookSecret } = await stripeRuntime();
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
  const outcome = await handleStripeEvent(ledgerDeps(), client, stripeEvent);
  return json(200, { received: true, type: stripeEvent.type, ...outcome });
});
