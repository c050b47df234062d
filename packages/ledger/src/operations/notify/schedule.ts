import type { ReminderSettings } from '../../ports/fund-settings.ts';
import { outstandingOf } from '../../primitives/pledges.ts';
import type { Pledge } from '../../primitives/records.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';

/** A missed daily run still sends the reminder of a slot this many days old, not older. */
export const CATCH_UP_DAYS = 2;

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The reminder day (YYYY-MM-DD, Vietnam) due for this pledge on `today`, if any: the due date
 * (when `onDueDate`), then every `everyDays` days after it; a pledge without a due date is
 * reminded every `everyDays` days after the day it was made. The latest such day not after
 * today counts, if it is at most CATCH_UP_DAYS old. Paid and cancelled pledges get none.
 */
export function reminderDay(
  pledge: Pick<Pledge, 'status' | 'amount' | 'paid' | 'cancelled' | 'dueDate' | 'createdAt'>,
  settings: ReminderSettings,
  today: string,
): string | undefined {
  if (pledge.status === 'cancelled' || outstandingOf(pledge) === 0) return undefined;
  const now = dayNumber(today);
  const made = dayNumber(vietnamDate(pledge.createdAt));
  const every = Math.max(0, Math.floor(settings.everyDays));
  let latest: number | undefined;
  if (pledge.dueDate) {
    const due = dayNumber(pledge.dueDate);
    if (now < due) return undefined;
    if (every > 0) {
      const repeat = due + Math.floor((now - due) / every) * every;
      latest = repeat > due || settings.onDueDate ? repeat : undefined;
    } else if (settings.onDueDate) latest = due;
  } else if (every > 0 && now - made >= every) {
    latest = made + Math.floor((now - made) / every) * every;
  }
  if (latest === undefined || latest < made || now - latest > CATCH_UP_DAYS) return undefined;
  return dateOf(latest);
}

/** The days from `first` to `last`, both included (YYYY-MM-DD; none when first is later). */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(first); day <= dayNumber(last); day++) days.push(dateOf(day));
  return days;
}
