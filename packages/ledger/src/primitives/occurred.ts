import { DateOutOfRangeError, FutureDateError } from '../errors.ts';
import type { Fund } from './fund.ts';
import { BEFORE_OPENING_GRACE_DAYS, CLOCK_SKEW_MINUTES } from './rules.ts';
import { vietnamDate } from './vietnam-time.ts';

const MINUTE_MS = 60_000;
/** Vietnam keeps UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 60 * MINUTE_MS;
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
  if (at > to.getTime()) throw futureDate(field, occurredAt, now, to);
  if (at < from.getTime()) {
    throw new DateOutOfRangeError(
      field,
      `${field} ${occurredAt} is more than ${BEFORE_OPENING_GRACE_DAYS} days before the fund opened (${vietnamDate(fund.opensAt)}): check the year.`,
    );
  }
}

/** "2026-11-20 16:30", an instant as a wall clock in Vietnam reads it. */
const vietnamWallClock = (instant: string | Date) =>
  new Date(new Date(instant).getTime() + VIETNAM_OFFSET_MS)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');

/** What to tell whoever dated money in the future: what is wrong and what to do instead. */
function futureDate(field: string, occurredAt: string, now: Date, latest: Date): FutureDateError {
  const at = vietnamWallClock(occurredAt);
  const nowText = vietnamWallClock(now);
  return new FutureDateError(
    field,
    latest.toISOString(),
    `${field} ${occurredAt} (${at} in Vietnam) is in the future; it is now ${nowText} in Vietnam. Only money already received or paid can be recorded: check the date, time and time zone (e.g. 2026-11-20T09:30:00+07:00), or record it once the money has moved.`,
    `Ngày giờ ${field} là ${at} (giờ Việt Nam), ở tương lai: bây giờ mới là ${nowText}. Chỉ ghi khoản tiền đã nhận hoặc đã chi; hãy kiểm tra lại ngày, giờ và múi giờ (ví dụ 2026-11-20T09:30:00+07:00), hoặc đợi tiền đã chuyển rồi hãy ghi.`,
  );
}
