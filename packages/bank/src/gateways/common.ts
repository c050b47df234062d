import { accountDigits, LedgerError } from '@soquy/ledger';
// A namespace import lets esbuild drop what we do not use (as in the ledger's fields.ts).
import * as z from 'zod';

/** One thing wrong with a notification, in plain words: the field (dotted path) and why. */
export interface NotificationProblem {
  field: string;
  message: string;
}

/**
 * A gateway notification that passed authentication but does not make sense (a float amount, a
 * date that is no date, `error` not 0). Answer it with a 4xx: retrying the same body cannot help.
 * `details` lists the problems as `{field, message}`.
 */
export class InvalidNotificationError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown; details?: NotificationProblem[] }) {
    super('invalid_notification', message, options);
  }
}

/** The zod issues of a failed parse as plain `{field, message}` pairs. */
export function problemsOf(error: z.ZodError): NotificationProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}

/** Parses with `schema`, or throws InvalidNotificationError naming every problem. */
export function parseOrThrow<T>(gateway: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = problemsOf(parsed.error);
  throw new InvalidNotificationError(
    `This ${gateway} notification is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    { cause: parsed.error, details: problems },
  );
}

const VIETNAM_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * A gateway's "YYYY-MM-DD HH:mm:ss" in Vietnam time (UTC+7, no zone written) as an ISO instant
 * (`Date.toISOString()` form), or undefined for anything else, including dates that do not exist
 * (2024-02-30, 24:00:00).
 */
export function vietnamLocalToInstant(text: string): string | undefined {
  const match = VIETNAM_LOCAL.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return new Date(utc - 7 * 60 * 60 * 1000).toISOString();
}

/** A "YYYY-MM-DD HH:mm:ss" Vietnam time, turned into an ISO instant. */
export const vietnamDateTime = z
  .string({ error: 'must be a date and time "YYYY-MM-DD HH:mm:ss" (Vietnam time)' })
  .transform((text, ctx) => {
    const instant = vietnamLocalToInstant(text.trim());
    if (instant === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text.slice(0, 40)}" is not a date and time "YYYY-MM-DD HH:mm:ss" (Vietnam time)`,
      });
      return z.NEVER;
    }
    return instant;
  });

/** A bank account as the gateway writes it, kept as letters and digits only (VAs have letters). */
export const bankAccount = z
  .string({ error: 'must be the bank account number' })
  .max(64, 'is too long for a bank account number')
  .transform((text, ctx) => {
    const account = accountDigits(text);
    if (account === '') {
      ctx.addIssue({ code: 'custom', message: 'must be a bank account number (digits)' });
      return z.NEVER;
    }
    return account;
  });

/** A number of đồng that may be absent: only a whole, non-negative one is kept. */
export function wholeBalance(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A string field that may be null or absent, trimmed; '' when absent. */
export const optionalText = z
  .string({ error: 'must be text' })
  .nullish()
  .transform((text) => (text ?? '').trim());

/** The account numbers found in `fields` of a body, in order, without blanks or repeats. */
export function accountsIn(body: unknown, fields: string[]): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const accounts: string[] = [];
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const account = accountDigits(value);
    if (account !== '' && !accounts.includes(account)) accounts.push(account);
  }
  return accounts;
}
