import * as z from 'zod';
import { freeText } from '../../primitives/fields.ts';
import { MAX_NAME_LENGTH } from '../../primitives/rules.ts';

/** The longest place and opening hours a donor reads on a phone without scrolling forever. */
export const MAX_CASH_PLACE_LENGTH = 300;
export const MAX_CASH_HOURS_LENGTH = 200;
/** Reminders repeat at most every 90 days; 0 means "only once". */
export const MAX_REMINDER_EVERY_DAYS = 90;

/** A required one-line text a donor reads (it may hold a phone number: it is meant to). */
const contactText = (max: number) => freeText({ max, required: true });

/** Vietnamese phone numbers: mobiles (0 + 9 digits) and landlines (0 + 10 digits), or +84. */
const contactPhone = z
  .string({ error: 'is required: the phone number donors call' })
  .trim()
  .transform((v) => v.replace(/[\s.()-]/g, ''))
  .pipe(
    z
      .string()
      // An empty phone gets one message, not a second about its format too.
      .min(1, { message: 'is required: the phone number donors call', abort: true })
      .regex(/^(?:0|\+84)\d{9,10}$/, 'must be a Vietnamese phone number, e.g. 0912345678'),
  );

export const cashContactInput = z.strictObject({
  name: contactText(MAX_NAME_LENGTH),
  phone: contactPhone,
  place: contactText(MAX_CASH_PLACE_LENGTH),
  hours: contactText(MAX_CASH_HOURS_LENGTH),
});

export const reminderSettingsInput = z.strictObject({
  onDueDate: z.boolean({ error: 'must be true or false' }),
  everyDays: z
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(0, 'cannot be negative (0 = no repeats)')
    .max(MAX_REMINDER_EVERY_DAYS, `must be at most ${MAX_REMINDER_EVERY_DAYS} days`),
});

/**
 * PUT /funds/{fundId}/settings and the console's settings form: the whole settings. No
 * `cashContact` (or null) means the fund takes no cash; no `reminders` means the defaults.
 */
export const fundSettingsInput = z.strictObject({
  cashContact: cashContactInput.nullish(),
  reminders: reminderSettingsInput.optional(),
});
export type FundSettingsInput = z.output<typeof fundSettingsInput>;
