import { LedgerError } from '../../errors.ts';

/** A reminder was asked for a pledge whose donor gave no email address. */
export class NoDonorEmailError extends LedgerError {
  constructor(readonly pledgeId: string) {
    super('no_donor_email', `The donor of pledge ${pledgeId} gave no email address.`, {
      details: { pledgeId },
    });
  }
}

/** A pledge that owes nothing (paid or cancelled) gets no reminder. */
export class NothingOutstandingError extends LedgerError {
  constructor(readonly pledgeId: string) {
    super('nothing_outstanding', `Pledge ${pledgeId} has nothing outstanding.`, {
      details: { pledgeId },
    });
  }
}

/** Some notices of a batch could not be sent; the others went. Retrying sends only the rest. */
export class MailDeliveryError extends LedgerError {
  constructor(
    readonly failed: string[],
    cause: unknown,
  ) {
    super('mail_delivery', `Could not send ${failed.length} notice(s): ${failed.join(', ')}`, {
      cause,
      details: { failed },
    });
  }
}
