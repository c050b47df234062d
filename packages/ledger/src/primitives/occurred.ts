import { DateOutOfRangeError } from '../errors.ts';
import type { Fund } from './fund.ts';
import { BEFORE_OPENING_GRACE_DAYS, CLOCK_SKEW_MINUTES } from './rules.ts';
import { vietnamDate } from './vietnam-time.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The earliest and latest instant money of this fund may be said to have moved, now. */
export function occurredRange(fund: Pick<Fund, 'opensAt'>, now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.parse(fund.opensAt) - BEFORE_OPENING_GRACE_DAYS * DAY_MS),
    to: new Date(now.getTime() + CLOCK_SKEW_MINUTES * MINUTE_MS),
  };
}

/**
 * Refuses a date of money received or paid that lies in the future (beyond clock skew) or long
 * before the fund opened: such a date is a typo, and a year like 9999 would break every export.
 */
export function assertOccurredInRange(
  fund: Pick<Fund, 'opensAt'>,
  occurredAt: string,
  now: Date,
  field: string,
): void {
  const { from, to } = occurredRange(fund, now);
  const at = Date.parse(occurredAt);
  if (at > to.getTime()) {
    throw new DateOutOfRangeError(
      field,
      `${field} ${occurredAt} is in the future: money can only be recorded once it has moved.`,
    );
  }
  if (at < from.getTime()) {
    throw new DateOutOfRangeError(
      field,
      `${field} ${occurredAt} is more than ${BEFORE_OPENING_GRACE_DAYS} days before the fund opened (${vietnamDate(fund.opensAt)}): check the year.`,
    );
  }
}
