import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BankCounterpart, IncomingBankLine } from '@soquy/ledger';
import * as z from 'zod';
import {
  accountsIn,
  bankAccount,
  InvalidNotificationError,
  optionalText,
  parseOrThrow,
  vietnamDateTime,
  wholeBalance,
} from './common.ts';

/**
 * Casso's webhook v2 (developer.casso.vn, "Xử lý sự kiện Webhook"): a POST of
 * `{"error": 0, "data": {id, reference, description, amount, runningBalance, transactionDateTime,
 * accountNumber, bankName, bankAbbreviation, virtualAccountNumber, virtualAccountName,
 * counterAccountName, counterAccountNumber, counterAccountBankId, counterAccountBankName}}`,
 * signed in `X-Casso-Signature: t=<unix ms>,v1=<hex>` where
 * `v1 = HMAC-SHA512(checksumKey, t + "." + JSON.stringify(sortKeysDeep(body)))`.
 */

/**
 * How far the signature's `t` may be from our clock, either way: 5 minutes, the usual replay
 * window (Stripe's, SePay's HMAC mode). `t` is when Casso sent the delivery (the published sample
 * signs 16:37:38 for a 15:06:37 transaction), so a genuine delivery arrives well inside it; a
 * replay of a captured request is refused after it. A delivery refused as stale is not lost for
 * good: the statement import finds the same transaction by its bank reference.
 */
export const CASSO_TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

export type CassoCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Object keys sorted recursively (code-unit order, as JS sorts); arrays keep their order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeysDeep(record[key])]),
    );
  }
  return value;
}

function v1Of(body: unknown, checksumKey: string, timestampMs: number): Buffer {
  return createHmac('sha512', checksumKey)
    .update(`${timestampMs}.${JSON.stringify(sortKeysDeep(body))}`, 'utf8')
    .digest();
}

/** The `X-Casso-Signature` value Casso would send for `body` at `timestampMs`: `t=…,v1=…`. */
export function cassoSignature(body: unknown, checksumKey: string, timestampMs: number): string {
  return `t=${timestampMs},v1=${v1Of(body, checksumKey, timestampMs).toString('hex')}`;
}

const HEX_SHA512 = /^[0-9a-fA-F]{128}$/;

/** `t=<digits>,v1=<128 hex>` with spaces anywhere around the parts; several v1 allowed. */
function parseSignatureHeader(header: string): { t: number; v1: Buffer[] } | undefined {
  let t: number | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined || !/^\d{1,15}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA512.test(value)) return undefined;
      v1.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (a future v2) are skipped, as Stripe-style headers intend.
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/**
 * Checks `X-Casso-Signature` against the raw body: `missing` (no header), `malformed` (not
 * `t=<ms>,v1=<128 hex>`), `stale` (t more than CASSO_TIMESTAMP_TOLERANCE_MS from `now`),
 * `mismatch` (no v1 fits, or the body is not JSON). The body is parsed and its keys re-sorted, so
 * the order it arrives in does not matter. Compared in constant time.
 */
export function checkCassoSignature(
  rawBody: string,
  signatureHeader: string | undefined,
  checksumKey: string,
  now: Date,
): CassoCheck {
  if (signatureHeader === undefined || signatureHeader.trim() === '') {
    return { ok: false, reason: 'missing' };
  }
  const parsed = parseSignatureHeader(signatureHeader);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() - parsed.t) > CASSO_TIMESTAMP_TOLERANCE_MS) {
    return { ok: false, reason: 'stale' };
  }
  if (checksumKey === '') return { ok: false, reason: 'mismatch' };
  let expected: Buffer;
  try {
    expected = v1Of(JSON.parse(rawBody), checksumKey, parsed.t);
  } catch {
    // Not JSON (or nested too deep to re-sort): no signature can be for it.
    return { ok: false, reason: 'mismatch' };
  }
  // Check every v1 without stopping early, so timing says nothing about which one failed.
  let ok = false;
  for (const given of parsed.v1) ok = timingSafeEqual(given, expected) || ok;
  return ok ? { ok: true } : { ok: false, reason: 'mismatch' };
}

const wholeDong = z
  .number({ error: 'must be a number of đồng' })
  .int('must be a whole number of đồng')
  .refine((amount) => amount !== 0, 'must not be 0');

/** The transaction in `data`; Casso may add fields, which are ignored. */
export const cassoTransactionSchema = z.looseObject({
  id: z
    .number({ error: "must be Casso's numeric transaction id" })
    .int("must be Casso's numeric transaction id")
    .nonnegative("must be Casso's numeric transaction id"),
  reference: optionalText,
  description: optionalText,
  amount: wholeDong,
  runningBalance: z.number({ error: 'must be the balance in đồng' }).nullish(),
  transactionDateTime: vietnamDateTime,
  accountNumber: bankAccount,
  bankName: z.string({ error: 'must be text' }).nullish(),
  bankAbbreviation: z.string({ error: 'must be text' }).nullish(),
  virtualAccountNumber: z.string({ error: 'must be text' }).nullish(),
  virtualAccountName: z.string({ error: 'must be text' }).nullish(),
  counterAccountName: optionalText,
  counterAccountNumber: optionalText,
  counterAccountBankId: z.string({ error: 'must be text' }).nullish(),
  counterAccountBankName: optionalText,
});

export const cassoNotificationSchema = z.looseObject({
  error: z.number({ error: 'must be 0' }),
  data: z.unknown(),
});
export type CassoNotification = z.input<typeof cassoNotificationSchema>;

/**
 * A Casso v2 notification as the core's bank line. Throws InvalidNotificationError when the body
 * does not fit or `error` is not 0 (call it only after `checkCassoSignature`).
 */
export function parseCassoNotification(body: unknown): {
  line: IncomingBankLine;
  deliveryId: string;
} {
  const envelope = parseOrThrow('Casso', cassoNotificationSchema, body);
  if (envelope.error !== 0) {
    throw new InvalidNotificationError(
      `This Casso notification reports error ${envelope.error}, not a transaction.`,
      { details: [{ field: 'error', message: 'must be 0' }] },
    );
  }
  const t = parseOrThrow('Casso', z.object({ data: cassoTransactionSchema }), body).data;
  const deliveryId = `casso:${t.id}`;
  const line: IncomingBankLine = {
    channel: 'casso',
    accountNumber: t.accountNumber,
    direction: t.amount < 0 ? 'out' : 'in',
    amount: Math.abs(t.amount),
    bookedAt: t.transactionDateTime,
    memo: t.description,
    refs: [...(t.reference !== '' ? [t.reference] : []), deliveryId],
  };
  const balance = wholeBalance(t.runningBalance);
  if (balance !== undefined) line.balanceAfter = balance;
  const counterpart: BankCounterpart = {};
  if (t.counterAccountName !== '') counterpart.name = t.counterAccountName;
  if (t.counterAccountNumber !== '') counterpart.account = t.counterAccountNumber;
  if (t.counterAccountBankName !== '') counterpart.bank = t.counterAccountBankName;
  if (Object.keys(counterpart).length > 0) line.counterpart = counterpart;
  return { line, deliveryId };
}

/**
 * The accounts a Casso notification may be routed by: `data.accountNumber`, then
 * `data.virtualAccountNumber` when there is one. Never throws; [] for a body with neither.
 */
export function cassoRoutingAccounts(body: unknown): string[] {
  const data =
    typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  return accountsIn(data, ['accountNumber', 'virtualAccountNumber']);
}
