/**
 * A webhook whose signature does not check out (wrong secret, stale timestamp, edited body):
 * `invalid_signature`; or whose signed timestamp lies in the future: `signature_in_future`.
 */
export class WebhookSignatureError extends Error {
  readonly code: 'invalid_signature' | 'signature_in_future';
  constructor(
    message: string,
    options?: { cause?: unknown; code?: 'invalid_signature' | 'signature_in_future' },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WebhookSignatureError';
    this.code = options?.code ?? 'invalid_signature';
  }
}

/** Where an event field is wrong, and how. */
export interface EventProblem {
  field: string;
  message: string;
}

/**
 * A correctly signed webhook that cannot be recorded as it is: not an event, a malformed object
 * (`invalid_stripe_event`, 400), or facts that contradict what is already recorded about the
 * same payment (`stripe_event_conflict`, 409). Nothing is written for it.
 */
export class StripeEventError extends Error {
  constructor(
    readonly code: 'invalid_stripe_event' | 'stripe_event_conflict',
    message: string,
    readonly details?: EventProblem[] | Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StripeEventError';
  }

  get status(): 400 | 409 {
    return this.code === 'stripe_event_conflict' ? 409 : 400;
  }
}
