import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingBankLine } from '@soquy/ledger';
import * as z from 'zod';
import {
  accountsIn,
  bankAccount,
  optionalText,
  parseOrThrow,
  vietnamDateTime,
  wholeBalance,
} from './common.ts';

/**
 * SePay's webhook (developer.sepay.vn, "SePay Webhooks"): one transaction per POST, JSON
 * `{id, gateway, transactionDate, accountNumber, code, content, transferType, transferAmount,
 * accumulated, subAccount, referenceCode, description}`, authenticated here by the API-key mode,
 * `Authorization: Apikey <key>`. Retries repeat `id`, so `sepay:<id>` is the delivery id.
 */

/** A positive whole number of đồng, and nothing else (no floats, no strings, no zero). */
const positiveDong = z
  .number({ error: 'must be a number of đồng' })
  .int('must be a whole number of đồng')
  .positive('must be more than 0');

/** The fields soquy reads; SePay may add others, which are ignored. */
export const sepayNotificationSchema = z.looseObject({
  id: z
    .number({ error: "must be SePay's numeric transaction id" })
    .int("must be SePay's numeric transaction id")
    .nonnegative("must be SePay's numeric transaction id"),
  gateway: z.string({ error: 'must be the bank name' }).nullish(),
  transactionDate: vietnamDateTime,
  accountNumber: bankAccount,
  subAccount: z.string({ error: 'must be the sub-account number' }).nullish(),
  code: z.string({ error: 'must be the payment code' }).nullish(),
  content: optionalText,
  transferType: z.enum(['in', 'out'], { error: 'must be "in" or "out"' }),
  transferAmount: positiveDong,
  accumulated: z.number({ error: 'must be the balance in đồng' }).nullish(),
  referenceCode: optionalText,
  description: z.string({ error: 'must be text' }).nullish(),
});
export type SepayNotification = z.input<typeof sepayNotificationSchema>;

/**
 * A SePay notification as the core's bank line. Throws InvalidNotificationError when the body
 * does not fit (call it only after `sepayAuthorized`).
 *
 * `accumulated` becomes `balanceAfter` when it is a whole number of đồng above 0. SePay sends 0
 * when the bank gives no balance, so 0 is read as "not known" (a fund's account emptied to exactly
 * 0 by a debit loses only this hint; reading every unknown as 0 would break tie-outs).
 */
export function parseSepayNotification(body: unknown): {
  line: IncomingBankLine;
  deliveryId: string;
} {
  const n = parseOrThrow('SePay', sepayNotificationSchema, body);
  const deliveryId = `sepay:${n.id}`;
  const balance = wholeBalance(n.accumulated);
  const line: IncomingBankLine = {
    channel: 'sepay',
    accountNumber: n.accountNumber,
    direction: n.transferType,
    amount: n.transferAmount,
    bookedAt: n.transactionDate,
    memo: n.content,
    refs: [...(n.referenceCode !== '' ? [n.referenceCode] : []), deliveryId],
  };
  if (balance !== undefined && balance > 0) line.balanceAfter = balance;
  return { line, deliveryId };
}

/**
 * The accounts a SePay notification may be routed by: the bank account, then the sub-account
 * (a virtual account) when there is one. Never throws; [] for a body with neither.
 */
export function sepayRoutingAccounts(body: unknown): string[] {
  return accountsIn(body, ['accountNumber', 'subAccount']);
}

/**
 * Whether `Authorization` is `Apikey <apiKey>` (the scheme in any case, spaces around tolerated).
 * The key is compared in constant time. An empty configured key authorizes nothing.
 */
export function sepayAuthorized(authorizationHeader: string | undefined, apiKey: string): boolean {
  if (authorizationHeader === undefined || apiKey === '') return false;
  const match = /^\s*apikey\s+(\S+)\s*$/i.exec(authorizationHeader);
  if (!match) return false;
  return sameSecret(match[1] as string, apiKey);
}

/** Constant-time equality of two secrets of any lengths: their SHA-256 digests are compared. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
