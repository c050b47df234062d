import { CARD_MAX_AMOUNT, pledgeId, slug } from '@soquy/ledger';
// A namespace import lets esbuild drop what we do not use (as in the ledger's fields.ts).
import * as z from 'zod';
import { type EventProblem, StripeEventError } from './errors.ts';

/**
 * The parts of Stripe's events soquy reads, checked at the edge: a signature only says Stripe
 * (or whoever holds the webhook secret) sent the bytes, not that they make sense. Anything that
 * does not fit is refused with 400 before a single read or write of the ledger.
 */

/**
 * How old a signature may be (as Stripe's SDK), and how far a signature timestamp or an event's
 * `created` may lie ahead of our clock.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** Stripe did not exist before this; an earlier time is not one of its events. */
const EARLIEST_SECONDS = Date.UTC(2010, 0, 1) / 1000;
/** The last second a date can be written with four digits. */
const LATEST_SECONDS = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000;

const seconds = z
  .number({ error: 'must be a number of seconds since 1970' })
  .int('must be a whole number of seconds')
  .min(EARLIEST_SECONDS, 'is before 2010: not a time of a Stripe event')
  .max(LATEST_SECONDS, 'is after the year 9999');

/** VND is zero-decimal at Stripe: amounts are whole đồng, at most Stripe's limit per charge. */
const cardAmount = z
  .number({ error: 'must be a number of đồng' })
  .int('must be a whole number of đồng (VND has no decimals)')
  .positive('must be more than 0')
  .max(CARD_MAX_AMOUNT, `must be at most ${CARD_MAX_AMOUNT} đồng, Stripe's limit for VND`);

const objectId = z
  .string({ error: 'must be a Stripe id' })
  .max(255)
  .regex(/^[a-z]+_[A-Za-z0-9_]+$/, 'is not a Stripe id');
const paymentIntentId = z
  .string({ error: 'must be a PaymentIntent id' })
  .max(255)
  .regex(/^pi_[A-Za-z0-9_]+$/, 'is not a PaymentIntent id (pi_…)');
/** A PaymentIntent as an id, or expanded. */
const paymentIntentRef = z.union([
  paymentIntentId,
  z.looseObject({ id: paymentIntentId }).transform((intent) => intent.id),
]);

/** Soquy's metadata on its Checkout Sessions and their charges (see StripeCardCheckout). */
const ourMetadata = z.looseObject({
  fundId: slug,
  pledgeId: pledgeId.optional(),
});

/** The envelope of every event. Types soquy does not handle are answered 200 and left alone. */
export const stripeEventSchema = z.looseObject({
  id: z.string({ error: 'must be the event id' }).min(1).max(255),
  type: z.string({ error: 'must be the event type' }).min(1).max(255),
  created: seconds,
  data: z.looseObject(
    { object: z.looseObject({}, { error: 'must be the Stripe object the event is about' }) },
    { error: 'must hold the object the event is about' },
  ),
});
export type StripeWebhookEvent = z.output<typeof stripeEventSchema>;

/** Any Checkout Session event: enough to tell whether it is paid. */
export const sessionSchema = z.looseObject({
  id: objectId,
  payment_status: z.string({ error: 'must be the payment status' }).max(64),
  metadata: ourMetadata,
});

/** A paid Checkout Session: the money soquy records. */
export const paidSessionSchema = sessionSchema.extend({
  currency: z.literal('vnd', { error: 'must be vnd: soquy opens Checkout Sessions in VND only' }),
  amount_total: cardAmount,
  payment_intent: paymentIntentRef,
});

/** A refunded charge; `amount_refunded` is Stripe's running total for the charge. */
export const refundedChargeSchema = z
  .looseObject({
    id: objectId,
    amount: cardAmount,
    amount_refunded: cardAmount,
    currency: z.literal('vnd', { error: 'must be vnd: soquy charges cards in VND only' }),
    payment_intent: paymentIntentRef,
    created: seconds.nullish(),
    metadata: ourMetadata,
  })
  .refine((charge) => charge.amount_refunded <= charge.amount, {
    message: 'cannot be more than the amount charged',
    path: ['amount_refunded'],
  });

/** Stripe metadata is a map of strings, or absent. */
const metadataShape = z.record(z.string(), z.unknown()).nullish();

function problemsOf(error: z.ZodError, prefix: string): EventProblem[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

function refuse(problems: EventProblem[], what: string): never {
  throw new StripeEventError(
    'invalid_stripe_event',
    `${what} is not one soquy can record: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    problems,
  );
}

/** Parses with `schema`, or refuses the event naming each field that is wrong. */
export function parseEventPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) refuse(problemsOf(result.error, prefix), what);
  return result.data;
}

/** The signed body as an event envelope, or a 400 saying what is missing. */
export function parseStripeEvent(raw: string): StripeWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new StripeEventError('invalid_stripe_event', 'The webhook body is not JSON.', undefined, {
      cause: error,
    });
  }
  return parseEventPart(stripeEventSchema, body, '', 'The webhook body');
}

/**
 * Whether an object carries soquy's metadata (a fund id). Sessions and charges without it belong
 * to another integration on the same Stripe account; metadata that is not a map is refused.
 */
export function isOurs(object: Record<string, unknown>, prefix: string): boolean {
  const metadata = parseEventPart(
    metadataShape,
    object.metadata,
    `${prefix}.metadata`,
    'The event',
  );
  return metadata?.fundId !== undefined && metadata.fundId !== null && metadata.fundId !== '';
}

/** Refuses a time (seconds) further ahead of `now` than clocks drift apart. */
export function assertNotInFuture(at: number, now: Date, field: string) {
  const ahead = at - Math.floor(now.getTime() / 1000);
  if (ahead > WEBHOOK_TOLERANCE_SECONDS) {
    refuse(
      [
        {
          field,
          message: `${new Date(at * 1000).toISOString()} is in the future (${ahead} seconds ahead; at most ${WEBHOOK_TOLERANCE_SECONDS} allowed)`,
        },
      ],
      'The event',
    );
  }
}
